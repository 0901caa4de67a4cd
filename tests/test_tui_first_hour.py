"""The first hour in the app: buttons and words that fit the moment, what the command line can
do done from the app (area, lead, targets), and the earlier-assessments list. Driven with the
Pilot, asserting what is on screen and what is stored."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import settle
from textual.widgets import Input

from assessor.answers import AnswerValue, Special
from assessor.continuum import Stage
from assessor.store import Store
from assessor.tui.app import AssessorApp
from assessor.tui.widgets import BotBubble


class Clock:
    def __init__(self, start: datetime | None = None) -> None:
        self.moment = start or datetime(2026, 5, 4, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


def bot_texts(app: AssessorApp) -> list[str]:
    return [bubble.message.text for bubble in app.screen.query(BotBubble)]


def header(app: AssessorApp) -> str:
    return str(app.screen.query_one("#where").render()).strip()


def shown_buttons(app: AssessorApp) -> list[str]:
    """The quick-reply buttons in view, by id."""
    return [
        b.id or ""
        for b in app.screen.query("#quick Button")
        if b.display and "-hidden" not in b.classes
    ]


async def say(pilot, app: AssessorApp, text: str) -> None:
    answer = app.screen.query_one("#answer", Input)
    answer.value = text
    answer.focus()
    await pilot.press("enter")
    await settle(pilot, app)


async def start_chat(pilot, app: AssessorApp, name: str = "Riverside") -> None:
    await settle(pilot, app)
    await pilot.click("#partnership")
    await pilot.press(*name, "enter")
    await settle(pilot, app)


def answers_of(db: Path) -> dict[str, str]:
    with Store(db) as store:
        (assessment,) = store.assessments()
        return {
            a.question_id: a.stage.value if a.stage else str(a.special)
            for a in store.answers(assessment.id)
        }


# -- 8. words and buttons that match the moment ------------------------------------------------


def test_two_stages_offered_are_the_buttons_offered_not_a_yes(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "two.db"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            await say(pilot, app, "3 or 4")
            assert "coordination (3)" in bot_texts(app)[-1]
            assert "collaboration (4)" in bot_texts(app)[-1]
            assert "yes" not in shown_buttons(app)  # a Yes would only ask again
            offered = [b.id for b in app.screen.query("#quick Button.-offered")]
            assert offered == ["stage-3", "stage-4"]
            await pilot.click("#stage-4")
            await settle(pilot, app)
            assert any(t.startswith("That's collaboration — noted.") for t in bot_texts(app))
            assert not list(app.screen.query("#quick Button.-offered"))

    asyncio.run(run())
    assert answers_of(db) == {"sample.board": "collaboration"}


def test_one_reading_to_confirm_still_has_its_yes(tmp_path: Path, two_banks) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "one.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            await say(pilot, app, "maybe 3")
            assert "yes" in shown_buttons(app)
            assert not list(app.screen.query("#quick Button.-offered"))

    asyncio.run(run())


def test_go_back_to_the_skipped_question_has_yes_and_no(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "skip.db"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            for said in ("3", "skip", "3", "3"):
                await say(pilot, app, said)
            assert "go back to it now?" in bot_texts(app)[-1]
            assert shown_buttons(app) == ["yes", "no"]
            assert header(app) == "1 skipped · go back to it? Yes or No"
            placeholder = app.screen.query_one("#answer", Input).placeholder
            assert placeholder == "yes: back to what you skipped; no: finish"
            await pilot.click("#no")
            await settle(pilot, app)
            assert bot_texts(app)[-2].startswith("That's every question.")
            assert "All answered" not in header(app)
            assert header(app) == "Finished · 1 skipped · F8: results and plan"
            assert shown_buttons(app) == []

    asyncio.run(run())
    assert answers_of(db)["sample.budget"] == "skipped"


def test_yes_goes_back_to_the_skipped_question(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "yes.db"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            for said in ("3", "skip", "3", "3"):
                await say(pilot, app, said)
            await pilot.click("#yes")
            await settle(pilot, app)
            assert "How is the pooled budget managed?" in bot_texts(app)[-1]
            assert "stage-2" in shown_buttons(app) and "no" not in shown_buttons(app)
            await pilot.click("#stage-2")
            await settle(pilot, app)
            assert header(app) == "All answered · F8: results and plan"

    asyncio.run(run())
    assert answers_of(db)["sample.budget"] == "communication"


def test_a_name_that_says_partnership_is_not_greeted_twice(tmp_path: Path, two_banks) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "name.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app, "Lakeside Family Hubs Partnership")
            greeting = bot_texts(app)[0]
            assert "joined-up the Lakeside Family Hubs Partnership is for" in greeting
            assert "Partnership partnership" not in greeting

    asyncio.run(run())


def test_the_partnership_in_a_sentence() -> None:
    from assessor.partnership_names import the_partnership

    assert the_partnership("Riverside") == "the Riverside partnership"
    assert the_partnership("Lakeside Family Hubs Partnership") == (
        "the Lakeside Family Hubs Partnership"
    )
    assert the_partnership("Bay partnerships") == "the Bay partnerships"
    assert the_partnership("The Bay Partnership") == "The Bay Partnership"
    assert the_partnership("Partnershipton") == "the Partnershipton partnership"


# -- 7. what the command line can do, from the app ----------------------------------------------


async def start_with(pilot, app: AssessorApp, name: str, area: str = "", lead: str = "") -> None:
    await settle(pilot, app)
    for field, value in (("#partnership", name), ("#area", area), ("#lead", lead)):
        app.screen.query_one(field, Input).value = value
    app.screen.query_one("#lead", Input).focus()
    await pilot.press("enter")
    await settle(pilot, app)


def test_the_area_and_the_lead_are_set_when_starting(tmp_path: Path, two_banks) -> None:
    from assessor.tui.screens.chat import ChatScreen

    db = tmp_path / "area.db"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_with(pilot, app, "Riverside", "Riverside Council", "Jo Smith")
            assert isinstance(app.screen, ChatScreen)

    asyncio.run(run())
    with Store(db) as store:
        (assessment,) = store.assessments()
        assert (assessment.partnership, assessment.area, assessment.lead) == (
            "Riverside",
            "Riverside Council",
            "Jo Smith",
        )


def test_another_area_is_asked_about_before_it_is_changed(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "clash.db"
    with Store(db) as store:
        store.partnership("Riverside", "Riverside Council")

    async def run() -> None:
        from assessor.tui.screens.chat import ChatScreen
        from assessor.tui.screens.start import StartScreen

        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot, app)
            app.screen.query_one("#partnership", Input).value = "riverside"
            await settle(pilot, app)
            assert app.screen.query_one("#area", Input).placeholder == (
                "Area: Riverside Council (kept)"
            )
            await start_with(pilot, app, "riverside", "Riverside Borough", "Kim Lee")
            assert isinstance(app.screen, StartScreen)
            problem = str(app.screen.query_one("#problem").render())
            assert problem == (
                "Riverside's area is Riverside Council. Start again to change it to Riverside "
                "Borough, or clear the area to keep it."
            )
            with Store(db) as store:
                assert store.assessments() == []
                assert store.partnerships()[0].area == "Riverside Council"
            await pilot.press("enter")  # the area field has the focus: start again
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen)

    asyncio.run(run())
    with Store(db) as store:
        (assessment,) = store.assessments()
        assert (assessment.area, assessment.lead) == ("Riverside Borough", "Kim Lee")


def test_an_empty_area_keeps_the_partnerships(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "keep.db"
    with Store(db) as store:
        store.partnership("Riverside", "Riverside Council")

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_with(pilot, app, "Riverside")

    asyncio.run(run())
    with Store(db) as store:
        (assessment,) = store.assessments()
        assert (assessment.area, assessment.lead) == ("Riverside Council", "")


def test_the_earlier_list_fits_100_columns_and_tells_one_days_two_apart(
    tmp_path: Path, two_banks
) -> None:
    from conftest import clock_at
    from textual.widgets import DataTable

    from assessor.answers import AnswerValue
    from assessor.sessions import begin

    db = tmp_path / "list.db"
    for hour, lead, stage in ((9, "Jo Smith", Stage.COMMUNICATION), (14, "Sam Brown", None)):
        when = datetime(2026, 3, 2, hour, 5, tzinfo=UTC)
        with Store(db, clock=clock_at(when)) as store:
            assessment = begin(store, "Lakeside Family Hubs Partnership", two_banks, lead=lead)
            if stage is not None:
                for question_id in ("sample.board", "other.board", "sample.budget"):
                    store.record_answer(assessment.id, question_id, AnswerValue.of(stage))
                store.set_status(assessment.id, complete=True)

    def local(hour: int) -> str:
        when = datetime(2026, 3, 2, hour, 5, tzinfo=UTC).astimezone()
        return when.strftime("%Y-%m-%d %H:%M")

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one("#recent", DataTable)
            assert [str(c.label) for c in table.columns.values()] == [
                " ",
                "partnership",
                "started, by",
                "result",
            ]
            rows = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
            assert rows[0][2:] == [f"{local(14)}\nSam Brown", "in progress\n0 answered"]
            assert rows[1][2:] == [f"{local(9)}\nJo Smith", "communication\n2.0"]
            assert table.virtual_size.width <= table.scrollable_content_region.width
            assert table.max_scroll_x == 0
            drawn = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            assert "Lakeside Fam…" in drawn  # cut to its column, whole in the line below
            assert drawn.count(f"{local(9)}") == 1 and "Jo Smith" in drawn
            assert "Lakeside Family Hubs Partnership" in str(
                app.screen.query_one("#details").render()
            )

    asyncio.run(run())


def complete_assessment(db: Path, two_banks, stages: dict[str, Stage | Special]) -> str:
    """A complete assessment of Riverside with these answers (a Stage or a Special)."""
    from assessor.sessions import begin

    with Store(db) as store:
        assessment = begin(store, "Riverside", two_banks)
        for question_id, said in stages.items():
            value = AnswerValue(special=said) if isinstance(said, Special) else AnswerValue.of(said)
            store.record_answer(assessment.id, question_id, value)
        store.set_status(assessment.id, complete=True)
        return assessment.id


async def open_results(pilot, app: AssessorApp) -> None:
    from textual.widgets import DataTable

    from assessor.tui.screens.results import ResultsScreen

    await settle(pilot, app)
    app.screen.query_one("#recent", DataTable).focus()
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, ResultsScreen)


def test_low_coverage_is_flagged_per_domain_on_the_results(tmp_path: Path, two_banks) -> None:
    from assessor.answers import Special

    db = tmp_path / "low.db"
    complete_assessment(
        db,
        two_banks,
        {
            "sample.board": Stage.COORDINATION,
            "sample.budget": Stage.COORDINATION,
            "other.board": Stage.COORDINATION,
            "other.budget": Special.DONT_KNOW,
        },
    )

    async def run() -> str:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 40)) as pilot:
            await open_results(pilot, app)
            return str(app.screen.query_one("#bars").render())

    bars = asyncio.run(run()).splitlines()
    sample = next(line for line in bars if "2/2 answered" in line)
    other = next(line for line in bars if "1/2 answered" in line)
    assert "low coverage" not in sample
    assert other.endswith("1/2 answered, 1 don't know")  # half is not under half

    db2 = tmp_path / "lower.db"
    complete_assessment(
        db2,
        two_banks,
        {
            "sample.board": Stage.COORDINATION,
            "sample.budget": Stage.COORDINATION,
            "other.board": Special.DONT_KNOW,  # the budget is then not asked
        },
    )

    async def run2() -> str:
        app = AssessorApp(db2, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 40)) as pilot:
            await open_results(pilot, app)
            return str(app.screen.query_one("#bars").render())

    other = next(line for line in asyncio.run(run2()).splitlines() if "0/" in line)
    assert other.endswith("0/1 answered, 1 don't know, low coverage")


def test_a_target_is_set_changed_and_cleared_from_the_results(tmp_path: Path, two_banks) -> None:
    from textual.widgets import Select

    from assessor.tui.screens.results import ResultsScreen
    from assessor.tui.screens.targets import TargetDialog

    db = tmp_path / "target.db"
    complete_assessment(
        db,
        two_banks,
        {
            "sample.board": Stage.COMMUNICATION,
            "sample.budget": Stage.COMMUNICATION,
            "other.board": Stage.COMMUNICATION,
            "other.budget": Stage.COMMUNICATION,
        },
    )

    def stored() -> list[tuple[str, str, str]]:
        with Store(db) as store:
            return [(t.domain_id, t.stage.value, t.by) for t in store.targets("Riverside")]

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 40)) as pilot:
            await open_results(pilot, app)
            assert "Give the board decision rights." not in str(
                app.screen.query_one("#plan").render()
            )
            await pilot.press("t")
            await settle(pilot, app)
            assert isinstance(app.screen, TargetDialog)
            # one stage up from where the first domain is, as a domain without a target aims
            assert app.screen.query_one("#stage", Select).value == "coordination"
            app.screen.query_one("#stage", Select).value = "collaboration"
            app.screen.query_one("#by", Input).value = "March 2027"
            await pilot.click("#set")
            await settle(pilot, app)
            assert isinstance(app.screen, ResultsScreen)
            targets = str(app.screen.query_one("#targets").render())
            assert "Sample bank for tests: collaboration by March 2027" in targets
            # the plan now climbs to the target: the step from coordination is planned
            assert "Give the board decision rights." in str(app.screen.query_one("#plan").render())
            assert stored() == [("sample", "collaboration", "March 2027")]

            await pilot.press("t")  # change it
            await settle(pilot, app)
            assert app.screen.query_one("#stage", Select).value == "collaboration"
            assert app.screen.query_one("#by", Input).value == "March 2027"
            app.screen.query_one("#by", Input).value = "x" * 41  # too long: said, not saved
            await pilot.click("#set")
            await settle(pilot, app)
            assert isinstance(app.screen, TargetDialog)
            problem = str(app.screen.query_one("#problem").render())
            assert problem.startswith("A target's 'by' is at most 40 characters")
            app.screen.query_one("#by", Input).value = "2028"
            app.screen.query_one("#stage", Select).value = "integration"
            # Enter in "by" sets it as the button does (the button is pressed above); the
            # dialog is seen gone before the store is read
            app.screen.query_one("#by", Input).focus()
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ResultsScreen)
            await settle(pilot, app)  # the dialog's answer is stored on the store thread
            assert stored() == [("sample", "integration", "2028")]

            await pilot.press("t")  # another domain, then clear the first
            await settle(pilot, app)
            app.screen.query_one("#domain", Select).value = "other"
            await settle(pilot, app)
            assert app.screen.query_one("#clear").disabled  # it has no target to clear
            app.screen.query_one("#domain", Select).value = "sample"
            await settle(pilot, app)
            await pilot.click("#clear")
            await settle(pilot, app)
            assert stored() == []
            targets = str(app.screen.query_one("#targets").render())
            assert "Targets: none set" in targets

    asyncio.run(run())


# -- 6. how to quit, shown where a newcomer looks -----------------------------------------------


def footer_keys(app: AssessorApp, width: int) -> list[str]:
    """The keys the footer shows, checked to lie side by side within the width."""
    from textual.widgets._footer import FooterKey

    keys = sorted(app.screen.query(FooterKey), key=lambda k: k.region.x)
    for key, following in itertools.pairwise(keys):
        assert key.region.right <= following.region.x, (key.key, following.key)
    assert all(k.region.width > 0 and k.region.right <= width for k in keys)
    return [k.key for k in keys]


def test_every_screens_footer_shows_how_to_quit(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "quit.db"
    complete_assessment(db, two_banks, {"sample.board": Stage.COORDINATION})

    async def run(width: int) -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(width, 24)) as pilot:
            await settle(pilot, app)
            assert "ctrl+q" in footer_keys(app, width)  # the start screen
            await open_results(pilot, app)
            assert "ctrl+q" in footer_keys(app, width)
            await pilot.press("escape")
            await start_chat(pilot, app)
            keys = footer_keys(app, width)
            assert "ctrl+q" in keys and "ctrl+p" in keys
            assert {"f3", "f4", "f5", "f6", "f7", "f8"} <= set(keys)
            await pilot.press("ctrl+q")
            await settle(pilot, app)
        assert app.return_code == 0

    widths = (80, 88, 100, 112)
    for width in widths:
        asyncio.run(run(width))
    with Store(db) as store:  # each one begun before quitting is kept
        assert len(store.assessments()) == 1 + len(widths)


def test_names_and_areas_are_literal_in_the_new_fields_and_the_target_dialog(
    tmp_path: Path, two_banks
) -> None:
    from assessor.tui.screens.targets import TargetDialog

    name, area = "[b]x[/][/] \x1b]0;t\x07", "[@click=app.quit]Q[/]"
    db = tmp_path / "literal.db"
    with Store(db) as store:
        store.partnership(name, area)

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            app.screen.query_one("#partnership", Input).value = name
            await settle(pilot, app)
            placeholder = app.screen.query_one("#area", Input).placeholder
            assert placeholder == f"Area: {area} (kept)"
            await start_with(pilot, app, name, "Elsewhere")
            problem = str(app.screen.query_one("#problem").render())
            assert problem.startswith("[b]x[/][/] \\u001b]0;t\\u0007's area is [@click=app.quit]")
            await start_with(pilot, app, name, "")  # kept: into the chat
            await pilot.press("escape")
            await settle(pilot, app)
        with Store(db) as store:
            (assessment,) = store.assessments()
            store.set_status(assessment.id, complete=True)

    async def target() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(120, 40)) as pilot:
            await open_results(pilot, app)
            await pilot.press("t")
            await settle(pilot, app)
            assert isinstance(app.screen, TargetDialog)
            title = str(app.screen.query_one(".dialog-title").render())
            assert title == "A target for [b]x[/][/] \\u001b]0;t\\u0007"
            await pilot.press("escape")
            await settle(pilot, app)
            assert app.return_code is None  # nothing in a name quit the app

    asyncio.run(run())
    asyncio.run(target())


def test_the_results_wrap_long_lines_under_their_first(tmp_path: Path, two_banks) -> None:
    """A domain's counts and an action too long for the screen carry on under their own first
    word (a hanging indent), not at the left edge."""
    from assessor.answers import Special

    db = tmp_path / "narrow.db"
    complete_assessment(
        db,
        two_banks,
        {"sample.board": Special.NOT_APPLICABLE, "other.board": Stage.ISOLATION},
    )

    async def run(columns: int) -> tuple[str, str]:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(columns, 60)) as pilot:
            await open_results(pilot, app)
            await pilot.pause()
            screen = app.screen
            return str(screen.query_one("#bars").render()), str(screen.query_one("#plan").render())

    lines = asyncio.run(run(72))[0].splitlines()
    first = next(n for n, line in enumerate(lines) if "0/1 answered" in line)
    counts_at = lines[first].index("0/1 answered")
    assert lines[first + 1].startswith(" " * counts_at) and lines[first + 1].strip(), lines
    plan = asyncio.run(run(56))[1]
    actions = plan.split("Now (0-3 months)")[1].strip("\n").splitlines()
    assert actions[0].startswith("  1. ") and len(actions) > 2, plan
    for line in actions[1:]:  # the action's further lines, then its owner's, under its first word
        assert line.startswith("     ") and line.strip(), plan
