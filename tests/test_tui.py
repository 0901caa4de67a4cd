"""The Textual app driven with the Pilot, as a person would use it with the keyboard and mouse."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import DataTable, Input

from assessor.continuum import Stage
from assessor.store import Store
from assessor.tui.app import AssessorApp
from assessor.tui.screens.chat import ChatScreen
from assessor.tui.screens.results import ResultsScreen
from assessor.tui.screens.start import StartScreen
from assessor.tui.widgets import BotBubble


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


def bot_texts(app: AssessorApp) -> list[str]:
    return [bubble.message.text for bubble in app.screen.query(BotBubble)]


async def settle(pilot, app: AssessorApp) -> None:
    """Let the store thread and the screen catch up: no worker running, twice in a row."""
    quiet = 0
    while quiet < 2:
        await app.workers.wait_for_complete()
        await pilot.pause()
        quiet = quiet + 1 if not any(w.is_running for w in app.workers) else 0


async def say(pilot, app: AssessorApp, text: str) -> None:
    answer = app.screen.query_one("#answer", Input)
    answer.value = text
    answer.focus()
    await pilot.press("enter")
    await settle(pilot, app)


def test_a_whole_assessment_in_the_app(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "app.db"
    report_file = tmp_path / "riverside.html"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen)
            await pilot.click("#partnership")
            await pilot.press(*"Riverside", "enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            assert "Who oversees the work?" in bot_texts(app)[-1]

            await say(pilot, app, "colaboration")  # misspelt stage name
            assert any(t.startswith("That's collaboration — noted.") for t in bot_texts(app))
            await pilot.click("#stage-2")  # a quick-reply button: communication
            await settle(pilot, app)
            assert any(t.startswith("That's communication — noted.") for t in bot_texts(app))

            await say(pilot, app, "maybe 3")  # uncertain: the bot asks to confirm
            assert bot_texts(app)[-1].startswith("That sounds like coordination (3)")
            assert app.screen.query_one("#yes").display
            assert "proposed" in app.screen.query_one("#level-coordination").classes
            await pilot.click("#yes")
            await settle(pilot, app)
            assert any(t.startswith("That's coordination — noted.") for t in bot_texts(app))

            await pilot.press("f4")  # a note over two lines
            await settle(pilot, app)
            await pilot.press(*"minutes", "ctrl+j", *"of May", "enter")
            await settle(pilot, app)
            assert "Note saved" in bot_texts(app)[-1]

            await pilot.press("f5")  # back to the previous answer, and change it
            await settle(pilot, app)
            assert "You said coordination (3)" in "\n".join(bot_texts(app)[-3:])
            await say(pilot, app, "4")
            await say(pilot, app, "integration")
            assert "That's every question" in bot_texts(app)[-1]

            await pilot.press("f8")
            await settle(pilot, app)
            assert isinstance(app.screen, ResultsScreen)
            overall = str(app.screen.query_one("#overall").render())
            assert "Overall: collaboration (3.8 of 5)" in overall

            await pilot.press("h")
            await settle(pilot, app)
            path_input = app.screen.query_one("#path", Input)
            path_input.value = str(report_file)
            await pilot.press("enter")
            await settle(pilot, app)
            assert f"Wrote {report_file}" in str(app.screen.query_one("#written").render())

    asyncio.run(run())
    assert report_file.read_text("utf-8").startswith("<!DOCTYPE html>")
    with Store(db) as store:
        (assessment,) = store.assessments()
        answers = {a.question_id: (a.stage, a.note) for a in store.answers(assessment.id)}
    assert answers == {
        "sample.board": (Stage.COLLABORATION, ""),
        "sample.budget": (Stage.COMMUNICATION, ""),
        "other.board": (Stage.COLLABORATION, "minutes\nof May"),
        "other.budget": (Stage.INTEGRATION, ""),
    }
    assert assessment.status == "complete"


def test_resume_after_the_app_is_closed(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "resume.db"

    async def first() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            await pilot.click("#partnership")
            await pilot.press(*"Riverside", "enter")
            await settle(pilot, app)
            await say(pilot, app, "3")
            await pilot.press("escape")  # pause: back to the start screen
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen)

    async def second() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one("#recent", DataTable)
            assert table.row_count == 1
            assert table.get_row_at(0)[1:] == ["Riverside", "2026-05-04", "self", "in progress"]
            details = str(app.screen.query_one("#details").render())
            assert "self-assessment · started 2026-05-04 · in progress" in details
            table.focus()
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            texts = bot_texts(app)
            assert texts[0].startswith("Welcome back")
            assert "How is the pooled budget managed?" in texts[-1]

    asyncio.run(first())
    asyncio.run(second())


def test_the_narrow_terminal_keeps_the_question_and_the_input(tmp_path: Path, two_banks) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "n.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            await pilot.click("#partnership")
            await pilot.press(*"Riverside", "enter")
            await settle(pilot, app)
            screen = app.screen
            assert screen.has_class("-narrow")
            assert not screen.query_one("#side").display
            answer = screen.query_one("#answer", Input)
            assert answer.region.bottom <= 24 and answer.region.height >= 1
            last = list(screen.query(BotBubble))[-1]
            assert last.region.height > 0 and last.region.bottom <= answer.region.y

    asyncio.run(run())


def test_compare_from_the_history_list_and_movement_on_results(tmp_path: Path, two_banks) -> None:
    from assessor.answers import AnswerValue
    from assessor.sessions import begin
    from assessor.tui.screens.compare import CompareScreen

    db = tmp_path / "compare.db"
    ids = []
    for day, stage in ((1, Stage.COMMUNICATION), (2, Stage.COLLABORATION)):
        when = datetime(2026, 1, day, tzinfo=UTC)
        with Store(db, clock=lambda when=when: when) as store:
            assessment = begin(store, "Riverside", two_banks)
            for question_id in ("sample.board", "other.board"):
                store.record_answer(assessment.id, question_id, AnswerValue.of(stage))
            store.set_status(assessment.id, complete=True)
            ids.append(assessment.id)

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one("#recent", DataTable)
            table.focus()
            await pilot.press("space", "down", "space", "ctrl+k")
            await settle(pilot, app)
            assert isinstance(app.screen, CompareScreen)
            shown = str(app.screen.query_one("#comparison").render())
            assert "Progress of Riverside" in shown
            assert "Questions: 2 improved, 0 declined, 0 unchanged" in shown
            await pilot.press("escape")
            await settle(pilot, app)
            await pilot.press("up", "enter")  # the newer assessment's results
            await settle(pilot, app)
            assert isinstance(app.screen, ResultsScreen)
            since = str(app.screen.query_one("#since").render())
            assert f"Since 2026-01-01 (assessment {ids[0]})" in since
            assert "2 questions improved" in since

    asyncio.run(run())


def test_a_short_workshop_in_the_app(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "workshop.db"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            await pilot.click("#partnership")
            await pilot.press(*"Riverside")
            await pilot.click("#workshop")
            await pilot.click("#begin")
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            assert "Who is in the room?" in bot_texts(app)[-1]
            await say(pilot, app, "add AB, Riverside Council, Early help lead")
            await say(pilot, app, "add CD, NHS Trust, Health visiting lead")
            await say(pilot, app, "ready")
            assert "Who oversees the work?" in bot_texts(app)[-1]
            await pilot.click("#stage-3")  # rates for the next person still to rate: AB
            await settle(pilot, app)
            await pilot.click("#stage-4")  # then CD
            await settle(pilot, app)
            assert "Who said what: AB 3, CD 4." in bot_texts(app)[-1]
            await say(pilot, app, "agree 4 because the board decides jointly")
            assert any("Dissent on record: AB 3." in t for t in bot_texts(app))
            await say(pilot, app, "AB 2, CD 2")
            await pilot.click("#stage-2")  # everyone has rated: the button agrees
            await settle(pilot, app)
            assert any(t.startswith("Agreed: communication (2).") for t in bot_texts(app))

    asyncio.run(run())
    with Store(db) as store:
        (assessment,) = store.assessments()
        assert assessment.mode == "workshop"
        agreed = {a.question_id: (a.stage, a.rationale) for a in store.answers(assessment.id)}
        assert agreed == {
            "sample.board": (Stage.COLLABORATION, "the board decides jointly"),
            "sample.budget": (Stage.COMMUNICATION, ""),
        }
        assert len(store.answers(assessment.id, voices=True)) == 6
