"""SVG snapshots of the main screens (pytest-textual-snapshot; update with --snapshot-update).

Deterministic: fixed ids and dates, no cursor blink, a temporary database.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_tui import Clock, say, settle

from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.store import BankUse, Store
from assessor.tui.app import AssessorApp

BANKS = load_builtin()


@pytest.fixture(autouse=True)
def _utc(monkeypatch) -> Iterator[None]:
    """Times are shown in local time (the list of earlier assessments shows when each started):
    the snapshots are taken in UTC wherever they run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A database with two earlier assessments of one partnership, at fixed dates and ids."""
    db = tmp_path / "snap.db"
    moment = iter(
        datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=n) for n in range(10**4)
    )
    with Store(db, clock=lambda: next(moment)) as store:
        uses = [BankUse(bank_id=b.id, version=b.version) for b in BANKS.banks]
        done = store.create_assessment("Riverside", uses, assessment_id="1a2b3c4d")
        for number, question in enumerate(BANKS.questions):
            value = AnswerValue.of(Stage.from_number(number % 4 + 2))
            if number % 9 == 4:
                value = AnswerValue.of(Special.DONT_KNOW)
            store.record_answer(done.id, question.id, value, "seeded")
        store.set_status(done.id, complete=True)
        going = store.create_assessment("Northshire", uses[:2], assessment_id="5e6f7a8b")
        store.record_answer(going.id, BANKS.questions[0].id, AnswerValue.of(Stage.COORDINATION))
    return db


def app_for(db: Path) -> AssessorApp:
    return AssessorApp(db, BANKS, blink=False, clock=Clock())


def test_start_screen(snap_compare, seeded: Path) -> None:
    async def ready(pilot) -> None:
        await settle(pilot, pilot.app)

    assert snap_compare(app_for(seeded), terminal_size=(100, 32), run_before=ready)


async def _into_chat_with_a_confirmation(pilot) -> None:
    app = pilot.app
    await settle(pilot, app)
    await pilot.click("#partnership")
    await pilot.press(*"Westbridge", "enter")
    await settle(pilot, app)
    await say(pilot, app, "3")
    await say(pilot, app, "we meet every month but plan separately")


def test_chat_screen_with_a_confirmation(snap_compare, seeded: Path) -> None:
    assert snap_compare(
        app_for(seeded), terminal_size=(100, 32), run_before=_into_chat_with_a_confirmation
    )


def test_chat_screen_at_80_by_24(snap_compare, seeded: Path) -> None:
    assert snap_compare(
        app_for(seeded), terminal_size=(80, 24), run_before=_into_chat_with_a_confirmation
    )


def test_results_screen(snap_compare, seeded: Path) -> None:
    async def open_results(pilot) -> None:
        app = pilot.app
        await settle(pilot, app)
        table = app.screen.query_one("#recent")
        table.focus()
        await pilot.press("down", "enter")  # the complete assessment is the older, second row
        await settle(pilot, app)

    assert snap_compare(app_for(seeded), terminal_size=(100, 32), run_before=open_results)
