"""The first hour in the app: buttons and words that fit the moment, what the command line can
do done from the app (area, lead, targets), and the earlier-assessments list. Driven with the
Pilot, asserting what is on screen and what is stored."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import settle
from textual.widgets import Input

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
