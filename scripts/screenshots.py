"""Regenerate the README's screenshots (SVG, saved by Textual) of the chat and results screens.

Run: python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Input

from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.store import BankUse, Store
from assessor.tui.app import AssessorApp

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (110, 34)


def clock():
    moments = (
        datetime(2026, 10, 14, 9, 30, tzinfo=UTC) + timedelta(seconds=n) for n in range(10**6)
    )
    return lambda: next(moments)


def seed(db: Path) -> str:
    installed = load_builtin()
    with Store(db, clock=clock()) as store:
        uses = [BankUse(bank_id=b.id, version=b.version) for b in installed.banks]
        done = store.create_assessment("Riverside", uses, assessment_id="3f9c1a7e")
        for number, question in enumerate(installed.questions):
            value = AnswerValue.of(Stage.from_number([3, 2, 4, 3, 2, 3][number % 6]))
            if number % 11 == 7:
                value = AnswerValue.of(Special.DONT_KNOW)
            store.record_answer(done.id, question.id, value)
        store.set_status(done.id, complete=True)
    return done.id


async def settle(pilot, app) -> None:
    quiet = 0
    while quiet < 2:
        await app.workers.wait_for_complete()
        await pilot.pause()
        quiet = quiet + 1 if not any(w.is_running for w in app.workers) else 0


async def shoot(db: Path, done_id: str) -> None:
    app = AssessorApp(db, load_builtin(), blink=False, clock=clock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.click("#partnership")
        await pilot.press(*"Lakeside", "enter")
        await settle(pilot, app)
        for answer in ("3", "we meet every month but plan separately"):
            field = app.screen.query_one("#answer", Input)
            field.value = answer
            await pilot.press("enter")
            await settle(pilot, app)
        app.save_screenshot(str(OUT / "chat.svg"))
        app.open_results(done_id)
        await settle(pilot, app)
        app.save_screenshot(str(OUT / "results.svg"))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "screens.db"
        asyncio.run(shoot(db, seed(db)))
    print(f"wrote {OUT / 'chat.svg'} and {OUT / 'results.svg'}")


if __name__ == "__main__":
    main()
