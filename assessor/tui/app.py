"""The Textual app: start, chat and results screens over the same conversation engine."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeGuard

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import Screen

from assessor.banks.bank_set import BankSet
from assessor.sessions import AreaClash, NewAssessment, resume
from assessor.store.errors import StoreError
from assessor.tui.keys import read_alt_enter
from assessor.tui.literal import literal_str
from assessor.tui.store_thread import StoreThread

if TYPE_CHECKING:
    from assessor.store.location import Location
    from assessor.store.records import Mode
    from assessor.store.text import DamagedField
    from assessor.tui.screens.chat import ChatScreen
    from assessor.tui.screens.results import ResultsScreen
    from assessor.tui.screens.start import StartScreen

read_alt_enter()

DAMAGE_NOTICE_SECONDS = 30  # a sentence per damaged field to read: longer than the usual 5


def _now() -> datetime:
    return datetime.now(UTC)


def _is_start(screen: Screen) -> TypeGuard[StartScreen]:
    """Whether `screen` is the start screen. Told by its class's name, so that asking loads no
    screen's module: each loads when first shown (the app starts on one of them)."""
    return type(screen).__name__ == "StartScreen"


def _is_chat(screen: Screen) -> TypeGuard[ChatScreen]:
    return type(screen).__name__ == "ChatScreen"


def _is_results(screen: Screen) -> TypeGuard[ResultsScreen]:
    return type(screen).__name__ == "ResultsScreen"


def running_app(node: MessagePump) -> AssessorApp:
    """The app `node` runs in, typed: the screens call its services (the banks, the store
    thread, the clock) through this rather than through Textual's `App`."""
    app = node.app
    if not isinstance(app, AssessorApp):
        raise TypeError(f"{type(node).__name__} runs only in the AssessorApp, not {type(app)}")
    return app


# The terminal closed (no SIGHUP on Windows), or the process was told to end.
_CLOSING_SIGNALS = tuple(
    number for number in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if number is not None
)


class AssessorApp(App[None]):
    TITLE = "assessor"
    SUB_TITLE = "family hubs partnership self-assessment"
    # Quitting is shown in every footer: every answer is saved as it is given, so nothing is
    # lost by it (Escape in the chat pauses and goes back to the start screen instead).
    BINDINGS = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Quit the app; every answer is already saved.",
            priority=True,
        ),
    ]

    def __init__(
        self,
        db_path: Location,
        installed: BankSet,
        resume_id: str | None = None,
        new_partnership: str | None = None,
        new_banks: BankSet | None = None,
        blink: bool = True,
        clock: Callable[[], datetime] = _now,
        room_options: dict[str, Any] | None = None,
        open_room: bool = False,
    ) -> None:
        super().__init__()
        # where a workshop's room listens (host, port, expose), as `serve_room` takes them
        self.room_options: dict[str, Any] = dict(room_options or {})
        self.open_room = open_room  # the first workshop opened opens its room (chat --room)
        self.installed = installed
        self.store_thread = StoreThread(db_path, clock)
        self.resume_id = resume_id
        self.new_partnership = new_partnership
        self.new_banks = new_banks
        self.blink = blink
        self.clock = clock
        self._damage_told: set[DamagedField] = set()
        self._closing_handled: list[int] = []  # the signals that close the app, as handled

    def on_mount(self) -> None:
        self._close_on_hangup()
        # Straight into the chat when asked (the start screen follows when it closes).
        if self.resume_id is not None:
            self.resume_assessment(self.resume_id)
        elif self.new_partnership:
            self.start_assessment(self.new_partnership, self.new_banks or self.installed)
        else:
            self._show_start()

    def _close_on_hangup(self) -> None:
        """The terminal closed (SIGHUP) or the process was told to end (SIGTERM): the app
        closes as on ctrl+q, so that what follows its close (an assessment begun with nothing
        answered not kept) still happens."""
        loop = asyncio.get_running_loop()
        for number in _CLOSING_SIGNALS:
            try:
                loop.add_signal_handler(number, self.exit)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
                return
            self._closing_handled.append(number)

    def _show_start(self) -> None:
        from assessor.tui.screens.start import StartScreen

        self.push_screen(StartScreen())

    def _after_chat(self, _result: object = None) -> None:
        if not any(_is_start(s) for s in self.screen_stack):
            self._show_start()

    @work(exclusive=True, group="open")
    async def start_assessment(
        self,
        partnership: str,
        bank_set: BankSet,
        mode: Mode = "individual",
        start: NewAssessment | None = None,
    ) -> None:
        """A new assessment, with the area and the lead of `start` as `assessor chat --area
        --lead` records them; an area other than the partnership's is changed only when
        `start.change_area` says so, else the start screen is told and nothing is made."""
        start = start or NewAssessment()
        try:
            made = await self.store_thread.run(
                lambda store: start.make(store, partnership, bank_set, mode)
            )
        except StoreError as error:  # busy, full disk, read-only: said, and the app carries on
            self._not_opened(error)
            return
        if isinstance(made, AreaClash):
            for screen in self.screen_stack:
                if _is_start(screen):
                    screen.area_clash(made)
            return
        self.open_chat(made, bank_set)

    @work(exclusive=True, group="open")
    async def resume_assessment(self, assessment_id: str) -> None:
        installed = self.installed
        try:
            resumed = await self.store_thread.run(
                lambda store: resume(store, assessment_id, installed)
            )
        except StoreError as error:
            self._not_opened(error)
            return
        self.open_chat(assessment_id, resumed.bank_set)

    def _not_opened(self, error: StoreError) -> None:
        said = str(error)
        self.notify(
            f"{said[:1].upper()}{said[1:]}.",
            title="The assessment could not be opened",
            severity="error",
            markup=False,
        )
        self._after_chat()

    def tell_of_damaged_text(self, assessment_id: str, damaged: Sequence[DamagedField]) -> None:
        """One notification for an assessment just opened, naming each field of it read with
        U+FFFD in place of bytes that were not UTF-8 (`Store.damaged_text`): Python's warnings,
        which the command line prints, go nowhere here. Each field is named once while the app
        runs."""
        new = [found for found in damaged if found not in self._damage_told]
        if not new:
            return
        self._damage_told.update(new)
        self.notify(
            " ".join(
                f"The {found.field} of {found.record} held bytes that are not text; they are "
                "shown as \ufffd."
                for found in new
            ),
            title=f"Damaged text in assessment {assessment_id}",
            severity="warning",
            timeout=DAMAGE_NOTICE_SECONDS,
        )

    def open_chat(self, assessment_id: str, bank_set: BankSet) -> None:
        from assessor.tui.screens.chat import ChatScreen

        for screen in self.screen_stack:
            if _is_start(screen):
                screen.back_from_chat = True
        self.push_screen(ChatScreen(assessment_id, bank_set), self._after_chat)

    def action_programme(self) -> None:
        """The programme view: every partnership's latest complete assessment."""
        from assessor.tui.screens.programme import ProgrammeScreen

        self.push_screen(ProgrammeScreen())

    def open_results(self, assessment_id: str) -> None:
        from assessor.tui.screens.results import ResultsScreen  # its report code loads on demand

        self.push_screen(ResultsScreen(assessment_id))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if _is_chat(screen):
            yield from _chat_commands(screen)
        if _is_results(screen):
            for fmt, label in (("md", "Markdown"), ("html", "HTML"), ("json", "JSON")):
                yield SystemCommand(
                    f"Export the report as {label}",
                    "Choose where to save it",
                    lambda f=fmt: screen.action_export(f),
                )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is literal, whatever `markup` says: they name files and
        partnerships, whose `[` must never be read as markup nor their escapes reach the
        terminal. (Textual's own widgets call this too, with `markup` left at its default.)"""
        super().notify(
            literal_str(message),
            title=literal_str(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in self._closing_handled:
            loop.remove_signal_handler(number)
        self.store_thread.close()


# The chat's commands that say one word, as typed: (title, help, what is said).
CHAT_SAYINGS = (
    ("Help", "What you can say", "help"),
    ("Why this question", "Why it matters, from the guidance", "why"),
    ("Show the levels", "What each stage looks like for this question", "levels"),
    ("Go back", "Revisit the previous answer", "back"),
    ("Skip this question", "Leave it unanswered for now", "skip"),
    ("Keep the earlier answer", "After going back: leave it as it was", "keep"),
    ("Progress", "How far we are, per domain", "progress"),
    ("Summary", "The profile so far", "summary"),
    ("Pause", "Save and go back to the start", "pause"),
)


def _chat_commands(screen: ChatScreen) -> Iterable[SystemCommand]:
    """Every command of the chat, the workshop's too when it is one."""
    from assessor.conversation.workshop import WorkshopConversation

    for title, help_text, said in CHAT_SAYINGS:
        yield SystemCommand(title, help_text, lambda s=said: screen.send(s))
    workshop = isinstance(screen.conversation, WorkshopConversation)
    rater = "the next person still to rate" if workshop else "this question"
    yield SystemCommand(
        "Not sure", f"Record don't know for {rater}", lambda: screen.say_for_next_rater("not sure")
    )
    yield SystemCommand(
        "Not applicable", f"Record n/a for {rater}", lambda: screen.say_for_next_rater("n/a")
    )
    if workshop:
        yield from _workshop_commands(screen)
    yield SystemCommand("Add a note", "Evidence for the last answer", screen.action_note)
    yield SystemCommand("Results", "The profile and the action plan", screen.action_results)
    yield SystemCommand(
        "Export the conversation", "As a Markdown file (F9)", screen.action_export_transcript
    )


def _workshop_commands(screen: ChatScreen) -> Iterable[SystemCommand]:
    """The commands only a workshop has: its roster, abstaining, agreeing or parking."""
    yield SystemCommand(
        "Add someone to the workshop",
        "Name, organisation, role",
        lambda: screen.start_typing("add "),
    )
    yield SystemCommand(
        "Remove someone from the workshop",
        "Their ratings so far stay on record",
        lambda: screen.start_typing("remove "),
    )
    yield SystemCommand(
        "Ready: everyone is in", "Start the questions", lambda: screen.send("ready")
    )
    yield SystemCommand(
        "Abstain",
        "For the next person still to rate",
        lambda: screen.say_for_next_rater("abstain"),
    )
    yield SystemCommand(
        "Agree the proposed stage",
        "The median, once everyone has rated",
        lambda: screen.send("agree"),
    )
    yield SystemCommand(
        "Agree another stage",
        "Give the stage and why: agree 3 because …",
        lambda: screen.start_typing("agree "),
    )
    yield SystemCommand(
        "No consensus",
        "Park it; the plan asks for a shared view",
        lambda: screen.send("no consensus"),
    )
