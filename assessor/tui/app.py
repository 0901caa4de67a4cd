"""The Textual app: start, chat and results screens over the same conversation engine."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from assessor.banks.loader import BankSet
from assessor.resume import resume
from assessor.tui.screens.chat import ChatScreen
from assessor.tui.screens.results import ResultsScreen
from assessor.tui.screens.start import StartScreen
from assessor.tui.store_thread import StoreThread


def _now() -> datetime:
    return datetime.now(UTC)


class AssessorApp(App[None]):
    TITLE = "assessor"
    SUB_TITLE = "family hubs partnership self-assessment"

    def __init__(
        self,
        db_path: Path,
        installed: BankSet,
        resume_id: str | None = None,
        blink: bool = True,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        super().__init__()
        self.installed = installed
        self.store_thread = StoreThread(db_path, clock)
        self.resume_id = resume_id
        self.blink = blink
        self.clock = clock

    def on_mount(self) -> None:
        self.push_screen(StartScreen())
        if self.resume_id is not None:  # straight into the chat; the start screen is beneath
            self.resume_assessment(self.resume_id)

    @work(exclusive=True, group="open")
    async def resume_assessment(self, assessment_id: str) -> None:
        installed = self.installed
        resumed = await self.store_thread.run(lambda store: resume(store, assessment_id, installed))
        self.open_chat(assessment_id, resumed.bank_set)

    def open_chat(self, assessment_id: str, bank_set: BankSet) -> None:
        self.push_screen(ChatScreen(assessment_id, bank_set))

    def open_results(self, assessment_id: str) -> None:
        self.push_screen(ResultsScreen(assessment_id))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, ChatScreen):
            for title, help_text, said in (
                ("Why this question", "Why it matters, from the guidance", "why"),
                ("Show the levels", "What each stage looks like for this question", "levels"),
                ("Go back", "Revisit the previous answer", "back"),
                ("Skip this question", "Leave it unanswered for now", "skip"),
                ("Not sure", "Record don't know", "not sure"),
                ("Not applicable", "Record not applicable", "n/a"),
                ("Progress", "How far we are, per domain", "progress"),
                ("Summary", "The profile so far", "summary"),
                ("Pause", "Save and go back to the start", "pause"),
            ):
                yield SystemCommand(title, help_text, lambda s=said: screen.send(s))
            yield SystemCommand("Add a note", "Evidence for the last answer", screen.action_note)
            yield SystemCommand("Results", "The profile and the action plan", screen.action_results)
            yield SystemCommand(
                "Export the conversation", "As a Markdown file", screen.action_export_transcript
            )
        if isinstance(screen, ResultsScreen):
            for fmt, label in (("md", "Markdown"), ("html", "HTML"), ("json", "JSON")):
                yield SystemCommand(
                    f"Export the report as {label}",
                    "Choose where to save it",
                    lambda f=fmt: screen.action_export(f),
                )

    def on_unmount(self) -> None:
        self.store_thread.close()
