"""The Textual app driven with the Pilot, as a person would use it with the keyboard and mouse."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import clock_at, settle, start_workshop
from rich.console import Console
from textual.widgets import Button, Checkbox, DataTable, Input, SelectionList

from assessor.answers import AnswerValue
from assessor.continuum import Stage
from assessor.conversation import Kind
from assessor.store import Store
from assessor.tui.app import AssessorApp
from assessor.tui.screens.chat import ChatScreen
from assessor.tui.screens.results import ResultsScreen
from assessor.tui.screens.start import StartScreen
from assessor.tui.view import APP_POINTER
from assessor.tui.widgets import BotBubble, ProgressPanel


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


def bot_texts(app: AssessorApp) -> list[str]:
    return [bubble.message.text for bubble in app.screen.query(BotBubble)]


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
            assert bot_texts(app)[-1].startswith("I think that's coordination (3)")
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
            assert "That's every question" in bot_texts(app)[-2]

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
            cells = [str(cell) for cell in table.get_row_at(0)[1:]]
            started = datetime(2026, 5, 4, 10, 0, 1, tzinfo=UTC).astimezone()
            at = started.strftime("%Y-%m-%d %H:%M")
            assert cells == ["Riverside", f"{at}\nself-assessment", "in progress\n1 answered"]
            details = str(app.screen.query_one("#details").render())
            assert f"self-assessment · started {at} · in progress" in details
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
            # every quick reply is there, the answers that are not a stage too
            for button in ("#stage-1", "#stage-5", "#not-sure", "#n-a", "#skip"):
                region = screen.query_one(button).region
                assert region.height == 1 and region.right <= 80, button
                assert region.bottom <= answer.region.y, button
            await pilot.click("#not-sure")
            await settle(pilot, app)
            assert "Noted as don't know" in "\n".join(bot_texts(app)[-3:])
            await pilot.click("#n-a")
            await settle(pilot, app)
            assert "Noted as not applicable" in "\n".join(bot_texts(app)[-3:])

    asyncio.run(run())


def test_compare_from_the_history_list_and_movement_on_results(tmp_path: Path, two_banks) -> None:
    from assessor.answers import AnswerValue
    from assessor.sessions import begin
    from assessor.tui.screens.compare import CompareScreen

    db = tmp_path / "compare.db"
    ids = []
    for day, stage in ((1, Stage.COMMUNICATION), (2, Stage.COLLABORATION)):
        when = datetime(2026, 1, day, tzinfo=UTC)
        with Store(db, clock=clock_at(when)) as store:
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
            await start_workshop(pilot, app)
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
            await say(pilot, app, "add EF, School")
            await say(pilot, app, "AB 2, CD 2")
            assert "Rating for EF" in str(app.screen.query_one("#where").render())
            await say(pilot, app, "remove EF")  # the last to rate leaves: the spread at once
            assert "Who said what: AB 2, CD 2." in bot_texts(app)[-1]
            assert "Agree one answer" in str(app.screen.query_one("#where").render())
            assert str(app.screen.query_one("#yes", Button).label) == "Agree"
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
        assert len(store.answers(assessment.id, voices=True)) == 6  # EF rated nothing


async def start_chat(pilot, app: AssessorApp, name: str = "Riverside") -> None:
    await settle(pilot, app)
    await pilot.click("#partnership")
    await pilot.press(*name, "enter")
    await settle(pilot, app)


def transcript_at_end(app: AssessorApp) -> bool:
    transcript = app.screen.query_one("#transcript")
    return transcript.max_scroll_y > 0 and transcript.scroll_y == transcript.max_scroll_y


def test_the_transcript_scrolls_from_the_keyboard_while_the_input_keeps_focus(
    tmp_path: Path, two_banks
) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "s.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(80, 24)) as pilot:
            await start_chat(pilot, app)
            for said in ("why", "levels", "why"):
                await say(pilot, app, said)
            transcript = app.screen.query_one("#transcript")
            assert transcript_at_end(app)
            await pilot.press("pageup")
            await pilot.pause()
            assert transcript.scroll_y < transcript.max_scroll_y
            assert app.focused is app.screen.query_one("#answer")
            await pilot.press("ctrl+home")
            await pilot.pause()
            assert transcript.scroll_y == 0
            await pilot.press("pagedown")
            await pilot.pause()
            assert transcript.scroll_y > 0
            await pilot.press("ctrl+end")
            await pilot.pause()
            assert transcript_at_end(app)
            # A reply scrolls back to the end, whatever the scroll position was.
            await pilot.press("ctrl+home")
            await say(pilot, app, "progress")
            assert transcript_at_end(app)

    asyncio.run(run())


def test_a_palette_command_that_says_something_shows_the_reply(tmp_path: Path, two_banks) -> None:
    from textual.command import CommandPalette

    async def run() -> None:
        app = AssessorApp(tmp_path / "p.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(80, 24)) as pilot:
            await start_chat(pilot, app)
            await say(pilot, app, "why")
            await pilot.press("ctrl+p")
            await settle(pilot, app)
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*"summary")
            await settle(pilot, app)
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            assert bot_texts(app)[-1].startswith("The profile so far:")
            assert transcript_at_end(app)
            last = list(app.screen.query(BotBubble))[-1]
            transcript = app.screen.query_one("#transcript")
            assert last.region.bottom <= transcript.region.bottom

    asyncio.run(run())


def test_the_palette_holds_help_and_the_workshop_commands(tmp_path: Path, two_banks) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "c.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_workshop(pilot, app)
            titles = {c.title for c in app.get_system_commands(app.screen)}
            assert {
                "Help",
                "Add someone to the workshop",
                "Remove someone from the workshop",
                "Agree the proposed stage",
                "No consensus",
                "Abstain",
                "Export the conversation",
            } <= titles
            add = next(
                c for c in app.get_system_commands(app.screen) if c.title.startswith("Add s")
            )
            add.callback()
            await pilot.press(*"AB, Council", "enter")
            await settle(pilot, app)
            assert bot_texts(app)[-1].startswith("Added AB (Council).")

    asyncio.run(run())


def test_export_and_note_keys_work_with_the_input_focused(tmp_path: Path, two_banks) -> None:
    from assessor.tui.screens.dialogs import ExportDialog, NoteDialog

    async def run() -> None:
        app = AssessorApp(tmp_path / "e.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            await pilot.press("f4")  # nothing answered yet: no dialog, a word of explanation
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            await say(pilot, app, "3")
            assert app.focused is app.screen.query_one("#answer")
            await pilot.press("f4")
            await settle(pilot, app)
            assert isinstance(app.screen, NoteDialog)
            # The note goes to the question answered last, and the example is that question's.
            assert "Who oversees the work?" in str(app.screen.query_one("#note-question").render())
            prompt = str(app.screen.query_one("#note-prompt").render())
            assert prompt == "For example: Terms of reference and minutes."
            await pilot.press(*"ToR", "alt+enter", *"signed", "enter")
            await settle(pilot, app)
            await pilot.press("f9")
            await settle(pilot, app)
            assert isinstance(app.screen, ExportDialog)
            target = tmp_path / "chat.md"
            app.screen.query_one("#path", Input).value = str(target)
            await pilot.press("enter")
            await settle(pilot, app)
        with Store(tmp_path / "e.db") as store:
            (assessment,) = store.assessments()
            note = store.answer(assessment.id, "sample.board").note
        assert note == "ToR\nsigned"
        assert "> note ToR\n> signed" in target.read_text("utf-8")

    asyncio.run(run())


def test_the_note_key_follows_the_question_gone_back_to(tmp_path: Path, two_banks) -> None:
    from assessor.tui.screens.dialogs import NoteDialog

    async def run() -> None:
        app = AssessorApp(tmp_path / "n.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            await say(pilot, app, "3")
            await say(pilot, app, "3")
            await pilot.press("f4")
            await settle(pilot, app)
            assert isinstance(app.screen, NoteDialog)
            question = str(app.screen.query_one("#note-question").render())
            assert question == "How is the pooled budget managed?"
            await pilot.press("escape")
            await settle(pilot, app)
            await say(pilot, app, "back")
            await say(pilot, app, "back")
            await pilot.press("f4")
            await settle(pilot, app)
            assert isinstance(app.screen, NoteDialog)
            question = str(app.screen.query_one("#note-question").render())
            assert question == "Who oversees the work?"
            await pilot.press(*"ToR", "enter")
            await settle(pilot, app)
        with Store(tmp_path / "n.db") as store:
            (assessment,) = store.assessments()
            board = store.answer(assessment.id, "sample.board")
            budget = store.answer(assessment.id, "sample.budget")
            assert board is not None and board.note == "ToR"
            assert budget is not None and budget.note == ""

    asyncio.run(run())


def test_alt_enter_is_read_from_esc_cr() -> None:
    from textual._xterm_parser import XTermParser

    import assessor.tui.app  # noqa: F401  (teaches the parser alt+enter)

    keys = [getattr(e, "key", None) for e in XTermParser().feed("\x1b\r")]
    assert keys == ["alt+enter"]


def test_back_on_the_start_screen_ready_for_another(tmp_path: Path, two_banks) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "b.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            await pilot.click("#partnership")
            await pilot.press(*"Riverside")
            await pilot.click("#workshop")
            app.screen.query_one("#banks", SelectionList).deselect("other")
            await pilot.click("#begin")
            await settle(pilot, app)
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen)
            assert app.focused is app.screen.query_one("#partnership")
            assert not app.screen.query_one("#workshop", Checkbox).value
            assert app.screen.query_one("#banks", SelectionList).selected == ["sample", "other"]
            await pilot.press(*"Northshire", "enter")  # typed text goes to the name
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            assert "Northshire" in bot_texts(app)[0]

    asyncio.run(run())


def test_the_start_screen_fits_80_by_24(tmp_path: Path, two_banks) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "f.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(80, 24)) as pilot:
            await start_chat(pilot, app)
            await say(pilot, app, "pause")
            screen = app.screen
            assert isinstance(screen, StartScreen)
            for selector in ("#partnership", "#banks", "#workshop", "#begin", "#recent"):
                region = screen.query_one(selector).region
                assert region.height >= 1 and region.bottom <= 23 and region.right <= 80, selector
            table = screen.query_one("#recent", DataTable)
            assert [str(c.label) for c in table.columns.values()][1:] == ["partnership", "result"]
            assert sum(c.get_render_width(table) for c in table.columns.values()) <= (
                table.region.width
            )
            assert "in progress" in str(screen.query_one("#details").render())
            # a problem is said in full: it wraps within the form's column, never cut off
            await pilot.click("#begin")
            await settle(pilot, app)
            problem = screen.query_one("#problem")
            sentence = "Give the partnership's name first."
            assert str(problem.render()) == sentence
            column = screen.query_one("#new").region
            assert problem.region.right <= column.right
            assert problem.region.width * problem.region.height >= len(sentence)

    asyncio.run(run())


def test_footer_keys_fit_the_width(tmp_path: Path, two_banks) -> None:
    from textual.widgets._footer import FooterKey

    async def keys_shown(size: tuple[int, int]) -> list[str]:
        app = AssessorApp(tmp_path / f"k{size[0]}.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=size) as pilot:
            await start_chat(pilot, app)
            await settle(pilot, app)
            keys = list(app.screen.query(FooterKey))
            assert all(k.region.right <= size[0] and k.region.width > 0 for k in keys)
            return [k.key for k in keys]

    narrow = asyncio.run(keys_shown((80, 24)))
    assert {"f3", "f4", "f5", "f6", "f7", "f8", "ctrl+q", "ctrl+p"} <= set(narrow)
    assert "f1" not in narrow
    wide = asyncio.run(keys_shown((130, 32)))
    assert {"f1", "f9", "pageup", "pagedown"} <= set(wide)


def test_quick_replies_arrow_keys_and_progress_in_view(tmp_path: Path, two_banks) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "q.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            screen = app.screen
            screen.query_one("#stage-2").focus()
            await pilot.press("right")
            assert app.focused is screen.query_one("#stage-3")
            await pilot.press("left", "left")
            assert app.focused is screen.query_one("#stage-1")
            await pilot.press("left")  # wraps round to the last button shown
            assert app.focused is screen.query_one("#skip")
            progress = screen.query_one("#progress", ProgressPanel)
            assert progress.region.height >= 3 and progress.region.bottom <= 31
            console = Console(width=progress.region.width, record=True)
            console.print(progress.content)
            shown = console.export_text().splitlines()
            assert [line.split()[-1] for line in shown] == [
                "Progress",
                "0/≤2",
                "0/≤2",
            ]  # each has a question asked only after its first
            assert shown[1].startswith("Sample bank for")

    asyncio.run(run())


def test_the_end_points_at_the_results_in_the_app(tmp_path: Path, two_banks) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "end.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(80, 24)) as pilot:
            await start_chat(pilot, app)
            for said in ("3", "3", "3", "3"):
                await say(pilot, app, said)
            summary, pointer = list(app.screen.query(BotBubble))[-2:]
            assert summary.message.text.startswith("That's every question.")
            assert "• Sample bank for tests: coordination 3.0 (2/2 answered)" in summary.shown
            assert pointer.message.kind is Kind.POINTER
            assert str(pointer.render()) == APP_POINTER
            where = app.screen.query_one("#where")
            assert str(where.render()).strip() == "All answered · F8: results and plan"
            assert not app.screen.query_one("#stage-1").display

    asyncio.run(run())


def test_the_app_shows_its_own_pointer_whatever_the_engine_says(
    tmp_path: Path, two_banks, monkeypatch
) -> None:
    """The pointer is told apart by its kind, not by its words: reworded in the engine, the app
    still shows its own, and a summary line that mentions a command is left as the engine said
    it."""
    from dataclasses import replace

    from assessor.conversation import Conversation

    finish = Conversation.finish

    def reworded(self):
        said = finish(self)
        summary, pointer = said[-2:]
        assert summary.summary is not None
        closing = (*summary.summary.closing, "Compare later with 'assessor compare'.")
        return [
            *said[:-2],
            replace(summary, summary=replace(summary.summary, closing=closing)),
            replace(pointer, text="Next: open the plan for this partnership."),
        ]

    monkeypatch.setattr(Conversation, "finish", reworded)

    async def run() -> None:
        app = AssessorApp(tmp_path / "p.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            for said in ("3", "3", "3", "3"):
                await say(pilot, app, said)
            summary, pointer = list(app.screen.query(BotBubble))[-2:]
            assert str(pointer.render()) == APP_POINTER
            assert summary.shown.endswith("Compare later with 'assessor compare'.")

    asyncio.run(run())


def test_a_workshop_summary_in_the_app_counts_parked_questions(tmp_path: Path, two_banks) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "w.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_workshop(pilot, app)
            await say(pilot, app, "AB, Council")
            await say(pilot, app, "ready")
            await say(pilot, app, "AB 3")
            await say(pilot, app, "no consensus")
            await say(pilot, app, "summary")
            so_far = list(app.screen.query(BotBubble))[-1].shown
            assert so_far.splitlines()[:2] == [
                "The agreed profile so far:",
                "• Sample bank for tests: not scored (0/1 answered, 1 no consensus, low coverage)",
            ]
            for _ in range(4):  # agree the rest: as many questions as the conditions leave
                view = app.screen.view if isinstance(app.screen, ChatScreen) else None
                if view is not None and view.finished:
                    break
                await say(pilot, app, "AB 3")
                await say(pilot, app, "agree")
            summary, pointer = list(app.screen.query(BotBubble))[-2:]
            shown = summary.shown
            assert shown.startswith("That's every question. Here is the agreed profile by domain:")
            assert "1 no consensus" in shown and "domain " not in shown  # a list, not the table
            assert "1 question was left without consensus" in shown
            assert str(pointer.render()) == APP_POINTER

    asyncio.run(run())


def test_workshop_set_up_ratings_by_button_and_agreement(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "w.db"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_workshop(pilot, app)
            screen = app.screen
            # Taking the roster: no stage buttons, a Ready button, the line asks for a person.
            assert "Workshop set-up" in str(screen.query_one("#where").render())
            assert not screen.query_one("#stage-3").display
            assert screen.query_one("#ready").display
            assert screen.query_one("#answer", Input).placeholder.startswith("Name, organisation")
            await say(pilot, app, "AB, Riverside Council, Early help lead")
            await say(pilot, app, "CD, NHS Trust")
            assert bot_texts(app)[-1].startswith("Added CD (NHS Trust).")
            await pilot.click("#ready")
            await settle(pilot, app)
            assert "Who oversees the work?" in bot_texts(app)[-1]
            assert screen.query_one("#stage-3").display
            assert not screen.query_one("#ready").display
            assert "Rating for AB" in str(screen.query_one("#where").render())

            await pilot.click("#not-sure")  # AB's rating
            await settle(pilot, app)
            assert bot_texts(app)[-2] == "Noted: AB don't know."
            assert "Rating for CD" in str(screen.query_one("#where").render())
            await pilot.click("#stage-4")  # CD's: everyone has rated, the bot proposes 4
            await settle(pilot, app)
            assert "I'd propose 4 (collaboration)" in bot_texts(app)[-1]
            assert "proposed" in screen.query_one("#level-collaboration").classes
            agree = screen.query_one("#yes", Button)
            assert agree.display and str(agree.label) == "Agree"
            await say(pilot, app, "why")  # the proposal stays highlighted meanwhile
            assert "proposed" in screen.query_one("#level-collaboration").classes
            await pilot.click("#yes")
            await settle(pilot, app)
            assert any(t.startswith("Agreed: collaboration (4).") for t in bot_texts(app))
            assert "proposed" not in screen.query_one("#level-collaboration").classes

            await pilot.click("#n-a")  # the next question: AB says n/a
            await settle(pilot, app)
            assert bot_texts(app)[-2] == "Noted: AB not applicable."
            await say(pilot, app, "2")  # typed with no name: the rating of the next to rate
            assert bot_texts(app)[-2] == "Noted: CD 2."

    asyncio.run(run())
    with Store(db) as store:
        (assessment,) = store.assessments()
        names = {p.id: p.name for p in store.participants(assessment.id)}
        voices = {
            (a.question_id, names[a.participant_id]): a.answer_value.label
            for a in store.answers(assessment.id, voices=True)
            if a.participant_id is not None
        }
        agreed = {a.question_id: a.answer_value.label for a in store.answers(assessment.id)}
    assert voices == {
        ("sample.board", "AB"): "don't know",
        ("sample.board", "CD"): "collaboration",
        ("sample.budget", "AB"): "not applicable",
        ("sample.budget", "CD"): "communication",
    }
    assert agreed == {"sample.board": "collaboration"}


def test_a_workshop_from_the_command_line_opens_in_the_app(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from assessor import cli
    from assessor.banks import load_builtin
    from assessor.commands import chat
    from assessor.sessions import begin

    db = tmp_path / "cli.db"
    installed = load_builtin()
    governance = installed.select(["governance"])
    first = governance.questions[0].id
    with Store(db) as store:
        own = begin(store, "Riverside", governance, lead="AB")
        store.record_answer(own.id, first, AnswerValue.of(Stage.COLLABORATION))
    opened: list[str | None] = []
    monkeypatch.setattr(chat, "_wants_app", lambda args: True)
    monkeypatch.setattr("assessor.tui.run_app", lambda *a, **k: opened.append(k["resume_id"]))

    refused = cli.main(["chat", "--workshop", "--participant", "AB, Council", "--db", str(db)])
    assert refused == 1 and opened == []
    assert "needs --partnership NAME" in capsys.readouterr().err

    argv = ["chat", "--partnership", "Riverside", "--banks", "governance", "--db", str(db)]
    argv += ["--participant", "AB, Council, Lead", "--participant", "CD, NHS Trust"]
    assert cli.main([*argv, "--from", own.id]) == 0
    (workshop_id,) = opened
    with Store(db) as store:
        assert workshop_id is not None
        workshop = store.assessment(workshop_id)
        assert workshop.mode == "workshop"
        assert [p.name for p in store.participants(workshop_id)] == ["AB", "CD"]

    async def run() -> None:
        app = AssessorApp(db, installed, resume_id=workshop_id, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            texts = bot_texts(app)
            assert "In the room: AB (Council), CD (NHS Trust)." in texts[0]
            assert "So far: AB 4. Still to rate: CD." in texts[-1]
            assert "Rating for CD" in str(app.screen.query_one("#where").render())

    asyncio.run(run())


def test_a_refused_from_in_the_app_path_leaves_no_workshop_behind(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """The app's start from the command line checks --from as the plain chat does, before
    anything is made; starting ratings refused all the same take the new workshop with them."""
    from assessor import cli, sessions
    from assessor.banks import load_builtin
    from assessor.commands import chat
    from assessor.sessions import begin
    from assessor.store.errors import StoreError

    db = tmp_path / "from.db"
    governance = load_builtin().select(["governance"])
    with Store(db) as store:
        zed = begin(store, "Riverside", governance, lead="Zed").id
        ab = begin(store, "Riverside", governance, lead="AB").id
        hillside = begin(store, "Hillside", governance, lead="AB").id
    opened: list[str | None] = []
    monkeypatch.setattr(chat, "_wants_app", lambda args: True)
    monkeypatch.setattr("assessor.tui.run_app", lambda *a, **k: opened.append(k["resume_id"]))
    argv = ["chat", "--partnership", "Riverside", "--banks", "governance", "--db", str(db)]
    argv += ["--participant", "AB, Council", "--participant", "CD, NHS Trust"]

    refused = {
        zed: (
            f"assessor: assessment {zed} was answered by 'Zed', who is not among the "
            "participants; add them with --participant 'Zed, ORGANISATION, ROLE'\n"
        ),
        hillside: f"assessor: assessment {hillside} is of Hillside, not Riverside\n",
    }
    for assessment_id, error in refused.items():
        assert cli.main([*argv, "--from", assessment_id]) == 1
        assert capsys.readouterr().err == error
    assert cli.main([*argv, "--participant", "ab, School", "--from", ab]) == 1
    assert "is given twice" in capsys.readouterr().err

    def refuse(store, workshop_id, individual_ids):
        raise StoreError(f"assessment {individual_ids[0]} could not be read")

    monkeypatch.setattr(sessions, "prefill_from", refuse)
    assert cli.main([*argv, "--from", ab]) == 1
    assert capsys.readouterr().err == f"assessor: assessment {ab} could not be read\n"
    assert opened == []
    with Store(db) as store:
        assert [a.mode for a in store.assessments()] == ["individual"] * 3


def test_an_export_that_cannot_be_written_is_said_and_the_app_goes_on(
    tmp_path: Path, two_banks
) -> None:
    """A path that cannot be written, a folder, or an existing file not ticked to be replaced:
    one sentence in the dialog, which stays open; the file finally written is the owner's only,
    as `-o` files are."""
    import stat

    from assessor.tui.screens.dialogs import ExportDialog

    existing = tmp_path / "kept.html"
    existing.write_text("keep me", encoding="utf-8")
    written = tmp_path / "report.html"
    transcript = tmp_path / "chat.md"

    async def export_to(pilot, app: AssessorApp, path: Path | str) -> str:
        app.screen.query_one("#path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ExportDialog)  # still open: another path can be given
        return str(app.screen.query_one("#problem").render())

    async def run() -> None:
        app = AssessorApp(tmp_path / "x.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            await say(pilot, app, "3")
            await pilot.press("f9")
            await settle(pilot, app)
            problem = await export_to(pilot, app, "/proc/assessor-chat.md")
            assert problem.startswith("Cannot write /proc/assessor-chat.md: ")
            app.screen.query_one("#path", Input).value = str(transcript)
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)

            await pilot.press("f8")
            await settle(pilot, app)
            await pilot.press("h")
            await settle(pilot, app)
            problem = await export_to(pilot, app, "/proc/assessor-report.html")
            assert problem.startswith("Cannot write /proc/assessor-report.html: ")
            assert (
                await export_to(pilot, app, tmp_path)
                == f"{tmp_path} is a folder; give a file name."
            )
            problem = await export_to(pilot, app, existing)
            assert problem == "kept.html already exists: tick 'Replace' or choose another name."
            app.screen.query_one("#path", Input).value = str(written)
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ResultsScreen)
            assert f"Wrote {written}" in str(app.screen.query_one("#written").render())

    asyncio.run(run())
    assert existing.read_text("utf-8") == "keep me"
    assert written.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "> 3" in transcript.read_text("utf-8")
    for path in (written, transcript):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_one_count_of_what_is_left_in_the_header_the_panel_and_the_greeting(
    tmp_path: Path, two_banks
) -> None:
    """The header's count is the progress panel's, and the resumed greeting's: "up to" while a
    condition on an answer still to come is undecided."""
    db = tmp_path / "count.db"

    def header(app: AssessorApp) -> str:
        return str(app.screen.query_one("#where").render())

    def left_in_panel(app: AssessorApp) -> int:
        view = app.screen.view if isinstance(app.screen, ChatScreen) else None
        assert view is not None
        return sum(int(d.total) - int(d.answered) for d in view.progress)

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            assert left_in_panel(app) == 4
            assert header(app) == "0 done · up to 4 to go · Sample bank for tests"
            await say(pilot, app, "3")
            assert left_in_panel(app) == 3
            assert header(app) == "1 done · up to 3 to go · Sample bank for tests"
            await pilot.press("escape")
            await settle(pilot, app)
            table = app.screen.query_one("#recent", DataTable)
            table.focus()
            await pilot.press("enter")
            await settle(pilot, app)
            assert "1 answer is saved; up to 3 questions to go" in bot_texts(app)[0]
            assert header(app) == "1 done · up to 3 to go · Sample bank for tests"

    asyncio.run(run())


def test_the_chat_header_keeps_who_is_rating_on_one_line(tmp_path: Path) -> None:
    """At 100x32 the header is one line: whom the room rates for first, the domain cut with an
    ellipsis when there is no room, never a line ending in a dangling separator."""
    from assessor.banks import load_builtin
    from assessor.sessions import begin

    db = tmp_path / "header.db"
    installed = load_builtin()
    integration = installed.select(["integration"])
    with Store(db) as store:
        workshop = begin(store, "Riverside", integration, mode="workshop")
        store.add_participant(workshop.id, "AB", "Riverside Council", "Early help lead")
        store.add_participant(workshop.id, "CD", "NHS Trust", "Health visiting lead")

    async def run() -> None:
        app = AssessorApp(db, installed, resume_id=workshop.id, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            where = app.screen.query_one("#where")
            shown = where.render_line(0).text.strip()
            assert where.region.height == 1
            assert shown.startswith("Rating for AB · 0 done · 7 to go · Integration")
            assert shown.endswith("…") and not shown.rstrip("…").rstrip().endswith("·")

    asyncio.run(run())


def test_help_summary_and_progress_are_lists_in_a_bubble(tmp_path: Path, two_banks) -> None:
    """What the plain chat sets out in columns the app lists, so a bubble narrower than the
    columns wraps sentences instead of breaking a column: at 100x32 and 80x24. The bubbles stay
    text that can be selected and copied."""
    from textual.selection import Selection

    column_layout = re.compile(r"^  \S.*?\S {2,}\S")

    async def bubbles(size: tuple[int, int]) -> dict[str, str]:
        app = AssessorApp(tmp_path / f"h{size[0]}.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=size) as pilot:
            await start_chat(pilot, app)
            await say(pilot, app, "3")
            shown = {}
            for key, said in (("f1", "help"), ("f7", "summary"), (None, "progress")):
                if key is None:
                    await say(pilot, app, said)
                else:
                    await pilot.press(key)
                    await settle(pilot, app)
                bubble = list(app.screen.query(BotBubble))[-1]
                copied = bubble.get_selection(Selection(None, None))
                assert copied is not None and copied[0] == bubble.shown
                shown[said] = bubble.shown
            return shown

    for size in ((100, 32), (80, 24)):
        shown = asyncio.run(bubbles(size))
        for said, text in shown.items():
            assert not any(column_layout.match(line) for line in text.splitlines()), (said, text)
        assert "• not sure — record don't know (the plan will suggest finding out)" in shown["help"]
        assert "• note TEXT — add evidence to the answer you just gave" in shown["help"]
        assert (
            "• Sample bank for tests: coordination 3.0 (1/2 answered, 1 not yet answered)"
            in (shown["summary"])
        )
        assert "• Sample bank for tests: 1 of 2 done, 1 answered with a stage" in shown["progress"]


def test_the_start_screen_lists_the_most_recent_and_finds_the_others(
    tmp_path: Path, two_banks
) -> None:
    """Never every assessment at once: the 50 most recent, how many more there are, and a box
    that finds the others by partnership or area (any case)."""
    db = tmp_path / "many.db"
    with Store(db, clock=Clock()) as store:
        for _ in range(3):
            store.create_assessment("Northshire", [], area="North Council")
        newest = [store.create_assessment(f"Partnership {n:02}", []).id for n in range(52)]

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            screen = app.screen
            table = screen.query_one("#recent", DataTable)
            rows = [str(key.value) for key in table.rows]
            assert rows == newest[::-1][:50]  # the newest first
            unshown = screen.query_one("#unshown")
            assert str(unshown.render()) == (
                "5 earlier not shown: the 50 most recent are. Find a partnership or area above."
            )
            await pilot.click("#find")
            await pilot.press(*"NORTH council")
            await settle(pilot, app)
            names = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
            assert names == ["Northshire"] * 3 and not unshown.display
            await pilot.press(*["backspace"] * len("NORTH council"), "p")
            await settle(pilot, app)
            assert table.row_count == 50
            assert str(unshown.render()) == "2 more found, not shown: the 50 most recent are."
            await pilot.press(*"[b]x")
            await settle(pilot, app)
            assert table.row_count == 0
            assert str(unshown.render()) == "No partnership or area holds 'p[b]x'."

    asyncio.run(run())
