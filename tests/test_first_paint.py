"""The app's first paint stays light: what the first question does not need is not loaded, not
built and not rebuilt before it is drawn (issue 17). Nothing here is timed: each test checks
what was loaded or built, which the time to the first question follows from."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import types
from pathlib import Path

from conftest import settle, start_workshop
from rich.console import Console
from textual.widgets import Input, OptionList, Static
from textual.widgets._footer import FooterKey

from assessor.store import Store
from assessor.tui.app import AssessorApp

# Started as `assessor chat --partnership` starts the app at a terminal, headless; once the
# first question is drawn, the modules loaded by then are printed and the app quits.
FIRST_QUESTION = """
import json
import sys

import assessor.commands.chat as chat_command
import assessor.tui as tui

start_app = tui.run_app


def run_to_first_question(*args, **kwargs):
    import assessor.tui.app as app_module

    class FirstQuestion(app_module.AssessorApp):
        def run(self, *args, **kwargs):
            return super().run(headless=True)

        def on_ready(self):
            self.set_interval(0.01, self._check)

        def _check(self):
            if self.screen.query(".question"):
                self.call_after_refresh(self._drawn)

        def _drawn(self):
            import assessor.store.records as records

            print(json.dumps(sorted(sys.modules)))
            built = [
                name
                for name, kind in vars(records).items()
                if isinstance(kind, type)
                and issubclass(kind, records.BaseModel)
                and kind.__pydantic_complete__
            ]
            print(json.dumps(built))
            self.exit()

    app_module.AssessorApp = FirstQuestion
    return start_app(*args, **kwargs)


tui.run_app = run_to_first_question
chat_command._wants_app = lambda args: True  # as at a terminal
from assessor.cli import main

main(["--db", sys.argv[1], "chat", "--partnership", "Riverside"])
"""

# Not needed to draw a self-assessment's first question. Each loads when first used: the
# reading of answers, the reports and their templates, the bank files' parser and checks, fuzzy
# matching, a workshop's code, the room (its server, its panel, its QR codes), the transcript's
# export, the screens not shown and their dialogs.
NOT_BEFORE_THE_FIRST_QUESTION = (
    "assessor.conversation.interpret",
    "assessor.conversation.likeness",
    "assessor.conversation.understanding.explain",
    "assessor.report",
    "jinja2",
    "yaml",
    "assessor.banks.loader",
    "assessor.banks.checks",
    "rapidfuzz",
    "assessor.conversation.workshop",
    "assessor.analysis.workshop",
    "assessor.room",
    "assessor.web",
    "aiohttp",
    "assessor.tui.room_panel",
    "assessor.tui.room_server",
    "segno",
    "assessor.text.transcript",
    "assessor.tui.screens.start",
    "assessor.tui.screens.results",
    "assessor.tui.screens.dialogs",
)


def test_the_first_question_is_drawn_without_loading_what_it_does_not_need(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "ASSESSOR_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the first fills the banks' cache (parsing the files); the second
        # starts from it, as every start after installing does
        result = subprocess.run(
            [sys.executable, "-c", FIRST_QUESTION, str(tmp_path / "first.db")],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=True,
        )
    loaded = json.loads(result.stdout.splitlines()[0])
    # the store's records build their validators at first validation; the start reads only rows
    # the store wrote, which are built without one
    assert json.loads(result.stdout.splitlines()[1]) == []
    assert "assessor.tui.screens.chat" in loaded  # the chat was drawn
    early = [
        name
        for name in loaded
        if any(name == n or name.startswith(f"{n}.") for n in NOT_BEFORE_THE_FIRST_QUESTION)
    ]
    assert early == []


def _keys(app: AssessorApp) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def test_the_footer_is_built_once_and_again_only_when_its_keys_change(
    tmp_path: Path, two_banks
) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "f.db", two_banks, new_partnership="Riverside", blink=False)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            assert app.screen.query(".question")
            built = _keys(app)
            assert "f1" in [key.key for key in built]
            for _ in range(3):  # what Textual says on every focus change, resize, screen shown
                app.screen.refresh_bindings()
                await pilot.pause()
            app.screen.query_one("#stage-2").focus()
            await settle(pilot, app)
            assert all(a is b for a, b in zip(_keys(app), built, strict=True))  # not rebuilt
            await pilot.resize_terminal(85, 32)  # too narrow for F1 Help in the footer
            await settle(pilot, app)
            narrower = [key.key for key in _keys(app)]
            assert "f1" not in narrower and "f8" in narrower

    asyncio.run(run())


def test_the_side_panel_is_built_when_the_terminal_is_wide_enough_to_show_it(
    tmp_path: Path, two_banks
) -> None:
    async def run() -> None:
        app = AssessorApp(tmp_path / "s.db", two_banks, new_partnership="Riverside", blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            screen = app.screen
            assert screen.query(".question")
            assert not screen.query_one("#side").display
            assert not screen.query("#levels") and not screen.query("#progress")
            await pilot.resize_terminal(120, 32)
            await settle(pilot, app)
            assert screen.query_one("#side").display
            question = two_banks.questions[0]
            level = screen.query_one("#level-coordination", Static)
            assert level.region.height > 0
            assert question.levels.coordination.split()[0] in str(level.content)
            progress = screen.query_one("#progress", Static)
            console = Console(width=progress.region.width, record=True)
            console.print(progress.content)
            assert [line.split()[-1] for line in console.export_text().splitlines()] == [
                "Progress",
                "0/≤2",
                "0/≤2",
            ]

    asyncio.run(run())


def test_a_workshop_loaded_on_demand_still_takes_someone_off_the_rooms_roster(
    tmp_path: Path, two_banks
) -> None:
    """The chat screen handles the room panel's Remove by name, as the panel's class loads
    only when a room opens: Delete on the roster still takes the person off it."""
    db = tmp_path / "roster.db"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, room_options={"port": 0})
        async with app.run_test(size=(100, 32)) as pilot:
            await start_workshop(pilot, app)
            screen = app.screen
            answer = screen.query_one("#answer", Input)
            for person in ("AB, Council, Early help lead", "CD, NHS Trust, Health visitor"):
                answer.value = person
                answer.focus()
                await pilot.press("enter")
                await settle(pilot, app)
            await pilot.click("#open-room")
            await settle(pilot, app)
            assert screen.query_one("#room-panel").display
            roster = screen.query_one("#room-roster", OptionList)
            assert roster.option_count == 2
            roster.focus()
            roster.highlighted = 0
            await pilot.press("delete")
            await settle(pilot, app)
            assert roster.option_count == 1
            room = getattr(screen, "room", None)
            assert room is not None
            with Store(db) as store:
                left = store.participants(room.conversation.assessment.id)
            assert [p.name for p in left] == ["CD"]

    asyncio.run(run())


def test_asking_whether_a_conversation_is_a_workshops_while_its_module_loads(
    monkeypatch, tmp_path: Path, two_banks
) -> None:
    """The app asks (for its keys) while the store's thread may be loading the workshop's
    module: a module part-way through loading is in `sys.modules` before its classes are
    defined, and asking then must answer, not raise."""
    from assessor.conversation import WORKSHOP_MODULE, Conversation, is_workshop
    from assessor.sessions import begin

    with Store(tmp_path / "w.db") as store:
        made = begin(store, "Riverside", two_banks)
        conversation = Conversation(store, made.id, two_banks)
        loading = types.ModuleType(WORKSHOP_MODULE)  # what an import holds before the class
        monkeypatch.setitem(sys.modules, WORKSHOP_MODULE, loading)
        assert is_workshop(conversation) is False
        monkeypatch.undo()
        from assessor.conversation.workshop import WorkshopConversation

        workshop = begin(store, "Riverside", two_banks, mode="workshop")
        assert is_workshop(WorkshopConversation(store, workshop.id, two_banks))
        assert not is_workshop(conversation)
