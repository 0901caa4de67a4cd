"""Hostile user and imported text in the app: shown literally, never run as markup or actions,
its escape sequences never sent to the terminal.

Every field a person types or an import brings (the partnership, area, lead, participants and
organisations, notes, the words of an answer, a rationale, an export path) and a custom bank's
text carries Rich markup (`[b]x[/][/]` alone made the app crash on start), click actions
(`[@click=app.quit]`, `[@click=app.screenshot(...)]`) and terminal escapes (a title change,
a screen clear, a C1 CSI, a bidi override). Each screen is driven with the Pilot, and what each
widget renders is read back.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
import yaml
from conftest import DATA
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_tui import Clock, say, settle
from textual.content import Content
from textual.widgets import Button, DataTable, Input, SelectionList, Static
from textual.widgets._data_table import default_cell_formatter

from assessor.answers import AnswerValue
from assessor.banks import load_bank_set
from assessor.continuum import Stage
from assessor.sessions import begin
from assessor.store import Store
from assessor.store.errors import StoreError
from assessor.terminal_text import visible
from assessor.tui.app import AssessorApp
from assessor.tui.literal import literal
from assessor.tui.screens.chat import ChatScreen
from assessor.tui.screens.results import ResultsScreen
from assessor.tui.screens.start import StartScreen

MARKUP = "[b]x[/][/]"
QUIT = "[@click=app.quit]Q[/]"
SCREENSHOT = "[@click=app.screenshot('s.txt','.')]S[/]"  # into the working folder, if run
ESCAPES = "\x1b]l\x07\x1b[J\x9bm\u202e"  # a title change, clear below, a C1 CSI, an override
# what no segment sent to the terminal may hold
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile(label: str) -> str:
    """`label` (letters only: a digit could read as a rating) with markup, actions and escapes."""
    return f"{label}{MARKUP}{QUIT}{SCREENSHOT}{ESCAPES}!"


def hostile_name(label: str) -> str:
    """A participant's name: markup and escapes, but no action, whose ',' and '=' a rating line
    ('AB 3, CD 4', 'AB=3') splits at."""
    return f"{label}{MARKUP}{ESCAPES}!"


PART, AREA, FIRST_LEAD, SECOND_LEAD = (hostile(x) for x in ("part", "area", "leadA", "leadB"))
NAME_A, NAME_B = hostile_name("nameA"), hostile_name("nameB")
ORG_A, ORG_B = hostile("orgA"), hostile("orgB")
ROLE, WORDS, NOTE, RATIONALE = (hostile(x) for x in ("role", "words", "note", "why"))
BY = f"by{MARKUP}{QUIT}"  # printable text only (and short): the store refuses escapes here
TYPED = hostile("typed")  # a partnership named in the app
BANK_TITLE, QUESTION, LEVEL, EVIDENCE, ACTION, OWNER = (
    hostile(x) for x in ("bank", "question", "level", "evidence", "action", "owner")
)


def hostile_bank(folder: Path):
    """The small test bank with its title, first question, levels, evidence and actions
    hostile."""
    data = yaml.safe_load((DATA / "small_bank.yaml").read_text(encoding="utf-8"))
    data["title"] = BANK_TITLE
    first = data["questions"][0]
    first["text"] = QUESTION
    first["evidence"] = EVIDENCE
    first["levels"] = {stage: f"{LEVEL} {stage}" for stage in first["levels"]}
    for actions in first["actions"].values():
        for action in actions:
            action["text"], action["owner"] = ACTION, OWNER
    path = folder / "hostile_bank.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_bank_set([path])


def shown(app: AssessorApp) -> str:
    """Everything the widgets of the current screen show, as they render it: statics and labels
    (bubbles, notifications), buttons, table cells, list prompts, placeholders."""
    found = []
    for widget in app.screen.query("*"):
        if isinstance(widget, DataTable):
            for row in range(widget.row_count):
                cells = widget.get_row_at(row)
                found.append(" | ".join(str(default_cell_formatter(c)) for c in cells))
        elif isinstance(widget, SelectionList):
            options = (widget.get_option_at_index(i) for i in range(widget.option_count))
            found.extend(str(option.prompt) for option in options)
        elif isinstance(widget, Button):
            found.append(str(widget.label))
        elif isinstance(widget, Input):
            found.append(widget.placeholder)
        elif isinstance(widget, Static):
            found.append(str(widget.render()))
    return "\n".join(found)


def screen_lines(app: AssessorApp) -> list[str]:
    """The screen as sent to the terminal, one line of cells each; no raw escape in any."""
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        for segment in strip:
            assert not RAW.search(segment.text), repr(segment.text)
    return [strip.text for strip in strips]


def assert_literal(app: AssessorApp, *values: str) -> None:
    text = shown(app)
    screen_lines(app)
    for value in values:
        assert visible(value) in text, value[:12]


async def click_text(pilot, app: AssessorApp, text: str, at: int) -> bool:
    """Click the `at`-th character of the first place `text` is on the screen; whether it was."""
    for y, line in enumerate(screen_lines(app)):
        x = line.find(text)
        if x >= 0:
            await pilot.click(offset=(x + at, y))
            await settle(pilot, app)
            return True
    return False


async def no_action_on_click(pilot, app: AssessorApp, folder: Path) -> None:
    """Click the text inside both actions as shown: the app is still running and no screenshot
    was written."""
    assert await click_text(pilot, app, QUIT, QUIT.index("]Q") + 1)
    assert await click_text(pilot, app, SCREENSHOT, SCREENSHOT.index("]S") + 1)
    assert app.is_running and app.return_code is None
    assert not list(folder.glob("*.txt")) and not list(folder.glob("*.svg"))


@pytest.fixture
def hostile_store(tmp_path: Path, monkeypatch):
    """Two complete assessments of one partnership by two leads, with a target; and a workshop
    of two people with one question answered, waiting for its next. The working folder is
    where a run screenshot action would write."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    bank_set = hostile_bank(tmp_path)
    db = tmp_path / "hostile.db"
    question = bank_set.questions[0].id
    ids = []
    with Store(db, clock=Clock()) as store:
        for lead, stage in ((FIRST_LEAD, Stage.COMMUNICATION), (SECOND_LEAD, Stage.COORDINATION)):
            assessment = begin(store, PART, bank_set, lead=lead)
            store.record_answer(assessment.id, question, AnswerValue.of(stage), WORDS, NOTE)
            store.set_status(assessment.id, complete=True)
            ids.append(assessment.id)
        store.set_area(PART, AREA)
        store.set_target(PART, bank_set.banks[0].id, Stage.INTEGRATION, by=BY)
        workshop = begin(store, PART, bank_set, lead=FIRST_LEAD, mode="workshop")
        store.add_participant(workshop.id, NAME_A, ORG_A, ROLE)
        store.add_participant(workshop.id, NAME_B, ORG_B, ROLE)
        ids.append(workshop.id)
    return db, bank_set, ids, folder


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("[@click=app.quit]QUIT[/]", "QUIT"),
        ("[@click=app.screenshot('victim.txt','{folder}')]Open Northshire[/]", "Northshire"),
        ("[b]x[/] [/]", None),  # made the app crash on start
    ],
)
def test_a_name_with_markup_or_actions_in_the_start_table(
    tmp_path: Path, two_banks, monkeypatch, name: str, word: str | None
) -> None:
    """As reported: a partnership named with a quit action, or with a screenshot action over
    an existing file, clicked in the start screen's table; a name that is broken markup."""
    monkeypatch.chdir(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("kept", encoding="utf-8")
    db = tmp_path / "click.db"
    name = name.format(folder=tmp_path)
    with Store(db) as store:
        begin(store, name, two_banks)

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(200, 40)) as pilot:
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen)
            if word is not None:
                assert await click_text(pilot, app, word, 1)
                assert app.is_running and app.return_code is None
                if not isinstance(app.screen, StartScreen):  # the click opened the assessment
                    await pilot.press("escape")
                    await settle(pilot, app)
            assert_literal(app, name)

    asyncio.run(run())
    assert victim.read_text(encoding="utf-8") == "kept"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".svg"] == []


def test_start_compare_and_results_show_hostile_text_literally(hostile_store) -> None:
    db, bank_set, (first, second, _workshop), folder = hostile_store
    # '[/]' across a folder and its file
    compare_to = folder / "c[b]x[" / f"]{ESCAPES}[@click=app.quit]Q[" / "].md"
    compare_to.parent.mkdir(parents=True)
    report_to = folder / f"r{ESCAPES}[@click=app.quit]Q[" / "].md"
    report_to.parent.mkdir()

    async def run() -> None:
        app = AssessorApp(db, bank_set, blink=False, clock=Clock())
        async with app.run_test(size=(220, 60), notifications=True) as pilot:
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen)
            assert_literal(app, PART, BANK_TITLE)
            await no_action_on_click(pilot, app, folder)
            if not isinstance(app.screen, StartScreen):
                await pilot.press("escape")
                await settle(pilot, app)

            table = app.screen.query_one("#recent", DataTable)
            table.focus()
            rows = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
            await pilot.press("home", *["down"] * rows.index(second), "space")
            await pilot.press("home", *["down"] * rows.index(first), "space", "ctrl+k")
            await settle(pilot, app)
            assert type(app.screen).__name__ == "CompareScreen"
            assert_literal(app, PART, FIRST_LEAD, SECOND_LEAD)
            await no_action_on_click(pilot, app, folder)
            await export(pilot, app, "m", compare_to)
            assert_literal(app, f"Wrote {compare_to}")
            await pilot.press("escape")
            await settle(pilot, app)

            await pilot.press("home", *["down"] * rows.index(second), "enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ResultsScreen)
            assert_literal(app, PART, BANK_TITLE, ACTION, OWNER, BY)
            await no_action_on_click(pilot, app, folder)
            await export(pilot, app, "h", report_to)
            assert_literal(app, f"Wrote {report_to}")  # the label and the notification
            assert str(app.screen.query("Toast").last().render()).endswith(visible(str(report_to)))

    asyncio.run(run())
    assert compare_to.read_text(encoding="utf-8").startswith("#")
    assert report_to.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


async def export(pilot, app: AssessorApp, key: str, target: Path) -> None:
    """Export from the results or comparison screen to `target`; first to a folder that does
    not exist beside it, whose name the dialog's problem line shows literally."""
    from assessor.tui.screens.dialogs import ExportDialog

    await pilot.press(key)
    await settle(pilot, app)
    assert isinstance(app.screen, ExportDialog)
    missing = target.parent / f"no{MARKUP}{ESCAPES}" / "x.md"
    app.screen.query_one("#path", Input).value = str(missing)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, ExportDialog)
    assert_literal(app, str(missing.parent))
    app.screen.query_one("#path", Input).value = str(target)
    await pilot.press("enter")
    await settle(pilot, app)
    assert not isinstance(app.screen, ExportDialog)


def test_a_workshop_shows_hostile_names_and_rationale_literally(hostile_store) -> None:
    db, bank_set, (_first, _second, workshop), folder = hostile_store

    async def run() -> None:
        app = AssessorApp(db, bank_set, blink=False, clock=Clock(), resume_id=workshop)
        async with app.run_test(size=(220, 60), notifications=True) as pilot:
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            assert_literal(app, PART)
            await say(pilot, app, "ready")
            assert_literal(app, QUESTION, NAME_A, LEVEL, BANK_TITLE)  # the header names A
            await pilot.click("#stage-3")  # rates for A, then B
            await settle(pilot, app)
            assert_literal(app, NAME_B)  # the header and the answer line's placeholder
            assert visible(NAME_B) in app.screen.query_one("#answer", Input).placeholder
            await pilot.click("#stage-4")
            await settle(pilot, app)
            assert_literal(app, NAME_A, NAME_B)  # who said what
            await no_action_on_click(pilot, app, folder)
            await say(pilot, app, f"agree 3 because {RATIONALE}")
            assert_literal(app, RATIONALE)
            await say(pilot, app, "add Ann, Council, Chair")  # "In the room:" with each org
            assert_literal(app, ORG_A, ORG_B)
            await say(pilot, app, "progress")
            await no_action_on_click(pilot, app, folder)

    asyncio.run(run())
    with Store(db) as store:
        agreed = store.answer(workshop, bank_set.questions[0].id)
        assert agreed is not None and agreed.rationale == RATIONALE


def test_typed_name_words_note_and_export_path_stay_literal(hostile_store) -> None:
    from assessor.tui.screens.dialogs import ExportDialog, NoteArea, NoteDialog

    db, bank_set, _ids, folder = hostile_store
    transcript_to = folder / f"t{ESCAPES}[b]x[" / "].md"
    transcript_to.parent.mkdir()

    async def run() -> None:
        app = AssessorApp(db, bank_set, blink=False, clock=Clock())
        async with app.run_test(size=(220, 60), notifications=True) as pilot:
            await settle(pilot, app)
            app.screen.query_one("#partnership", Input).value = TYPED
            app.screen.query_one("#partnership", Input).focus()
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            assert_literal(app, TYPED, QUESTION, LEVEL)
            await say(pilot, app, WORDS)  # not a stage: said back as it was typed
            assert_literal(app, WORDS)
            await say(pilot, app, "3")
            await pilot.press("f4")
            await settle(pilot, app)
            assert isinstance(app.screen, NoteDialog)
            assert_literal(app, QUESTION, EVIDENCE)
            app.screen.query_one(NoteArea).text = NOTE  # as if pasted
            await pilot.pause()
            screen_lines(app)  # no escape of the note's raw on the screen while it is edited
            await pilot.press("enter")
            await settle(pilot, app)
            assert_literal(app, NOTE)
            await no_action_on_click(pilot, app, folder)
            await pilot.press("f9")
            await settle(pilot, app)
            assert isinstance(app.screen, ExportDialog)
            app.screen.query_one("#path", Input).value = str(transcript_to)
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            assert_literal(app, f"Wrote {transcript_to}")

    asyncio.run(run())
    with Store(db) as store:
        (mine,) = [a for a in store.assessments() if a.partnership == TYPED]
        answer = store.answer(mine.id, bank_set.questions[0].id)
        assert answer is not None and answer.note == NOTE
    assert "> note note\\[b\\]x\\[/\\]" in transcript_to.read_text(encoding="utf-8")


# Text with what a widget might act on: markup, actions, control characters, line breaks.
TRICKY = st.lists(
    st.one_of(
        st.sampled_from(["[", "]", "/", "@click=", "app.quit", "[/]", "[b]", "\\", "\r\n"]),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
).map("".join)


@given(TRICKY)
def test_the_literal_helper_renders_exactly_the_visible_characters(text: str) -> None:
    shown = literal(text)
    assert shown.plain == visible(text).replace("\r\n", "\n") and not shown.spans
    drawn = Content.from_rich_text(shown)  # what a widget draws from it
    assert drawn.plain == shown.plain and not RAW.search(drawn.plain)
    assert not any(span.style for span in drawn.spans)  # no style, so no action to click


@pytest.fixture(scope="module")
def small_banks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("banks")
    path = folder / "1_sample.yaml"
    path.write_text((DATA / "small_bank.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return load_bank_set([path])


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=TRICKY, words=TRICKY, note=TRICKY)
def test_any_name_words_and_note_are_shown_literally_in_the_app(
    small_banks, tmp_path_factory, name: str, words: str, note: str
) -> None:
    """Through the start table, the greeting on resuming, an answer's words and a note."""
    from assessor.tui.widgets import BotBubble, UserBubble

    db = tmp_path_factory.mktemp("any") / "any.db"
    with Store(db) as store:
        try:
            assessment = begin(store, name, small_banks)
        except StoreError:
            assume(False)  # a name the store refuses (empty, too long...) never reaches the app
        stored = store.assessment(assessment.id).partnership

    async def run() -> None:
        app = AssessorApp(db, small_banks, blink=False, clock=Clock())
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one("#recent", DataTable)
            cells = [str(default_cell_formatter(c)) for c in table.get_row_at(0)]
            assert literal(stored).plain in cells
            screen_lines(app)
            table.focus()
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)
            greeting = str(app.screen.query(BotBubble).first().render())
            assert literal(stored).plain in greeting  # "Hello..." or "Welcome back..."
            await say(pilot, app, f"I think {words}")
            await say(pilot, app, f"note {note}")  # as the note dialog sends it
            assert app.is_running and isinstance(app.screen, ChatScreen)
            for bubble in app.screen.query(UserBubble):
                assert str(bubble.render()) == literal(bubble.said).plain
            for reply in app.screen.query(BotBubble):
                assert not RAW.search(str(reply.render()))
            screen_lines(app)

    asyncio.run(run())
