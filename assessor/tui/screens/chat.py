"""The chat: the conversation as bubbles, quick replies, the levels and progress beside it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Static

from assessor.banks.loader import BankSet
from assessor.continuum import STAGES
from assessor.conversation import BotMessage, Conversation, conversation_for
from assessor.conversation.engine import options_for
from assessor.conversation.workshop import WorkshopConversation
from assessor.store import Store
from assessor.transcript import transcript_markdown
from assessor.tui.widgets import BotBubble, LevelsPanel, ProgressPanel, UserBubble

SUGGESTIONS = [
    *(s.value for s in STAGES),
    "why",
    "levels",
    "back",
    "skip",
    "not sure",
    "n/a",
    "note ",
    "progress",
    "summary",
    "pause",
    "help",
    "keep",
    "yes",
]


class ChatScreen(Screen[None]):
    CSS_PATH = "../styles/chat.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    BINDINGS = [
        Binding("f1", "say('help')", "Help"),
        Binding("f2", "say('why')", "Why"),
        Binding("f3", "say('levels')", "Levels"),
        Binding("f4", "note", "Note"),
        Binding("f5", "say('back')", "Back"),
        Binding("f6", "say('skip')", "Skip/next"),
        Binding("f7", "say('summary')", "Summary"),
        Binding("f8", "results", "Results"),
        Binding("ctrl+e", "export_transcript", "Export chat"),
        Binding("escape", "leave", "Pause", show=False),
    ]

    def __init__(self, assessment_id: str, bank_set: BankSet) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.bank_set = bank_set
        self.conversation: Conversation | None = None
        self.transcript: list[tuple[str, str]] = []
        self._lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="conversation"):
                yield Static("", id="where")
                yield VerticalScroll(id="transcript", can_focus=False)
                with Horizontal(id="quick"):
                    for stage in STAGES:
                        yield Button(
                            f"{stage.value_number} {stage.label}",
                            id=f"stage-{stage.value_number}",
                            classes=f"stage stage-{stage.value}",
                            compact=True,
                        )
                    yield Button("Yes", id="yes", classes="answer", compact=True, variant="success")
                    yield Button("Not sure", id="not-sure", classes="answer", compact=True)
                    yield Button("N/A", id="n-a", classes="answer", compact=True)
                    yield Button("Skip", id="skip", classes="answer", compact=True)
                answer = Input(
                    placeholder="Your answer: a number, a stage, or your own words",
                    id="answer",
                    suggester=SuggestFromList(SUGGESTIONS, case_sensitive=False),
                )
                answer.cursor_blink = self.app.blink  # type: ignore[attr-defined]
                yield answer
            with VerticalScroll(id="side"):
                yield LevelsPanel(id="levels")
                yield ProgressPanel(id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yes").display = False
        self.query_one("#answer", Input).focus()
        self._start()

    @property
    def store(self):
        return self.app.store_thread  # type: ignore[attr-defined]

    @work(exclusive=False, group="conversation")
    async def _start(self) -> None:
        def begin(store: Store) -> list[BotMessage]:
            self.conversation = conversation_for(store, self.assessment_id, self.bank_set)
            return self.conversation.start()

        async with self._lock:
            messages = await self.store.run(begin)
            await self._show(messages)

    @work(exclusive=False, group="conversation")
    async def send(self, text: str) -> None:
        """Say `text` to the bot, as typed or from a quick reply."""
        async with self._lock:
            if self.conversation is None:
                return
            await self._add(UserBubble(text), ("You", text))
            conversation = self.conversation
            messages = await self.store.run(lambda _store: conversation.reply(text))
            await self._show(messages)
            if conversation.paused:
                self.dismiss(None)

    async def _add(self, bubble, line: tuple[str, str]) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        await transcript.mount(bubble)
        self.transcript.append(line)

    async def _show(self, messages: list[BotMessage]) -> None:
        for message in messages:
            await self._add(BotBubble(message), ("assessor", message.text))
        conversation = self.conversation
        assert conversation is not None
        state = conversation.state
        question = conversation.current
        where = self.query_one("#where", Static)
        if question is not None:
            bank = self.bank_set.bank_of(question.id)
            where.update(f"{bank.title} · {state.answered} done · {state.remaining} to go")
            options = next((m.options for m in reversed(messages) if m.options), None)
            if options:
                self.query_one(LevelsPanel).show(options, state.proposed)
            else:
                self.query_one(LevelsPanel).show(options_for(question), state.proposed)
        else:
            where.update("All questions answered · F8 for the results and the action plan")
        self.query_one("#yes").display = bool(state.proposed)
        self.query_one(ProgressPanel).show(conversation.domain_progress())
        transcript = self.query_one("#transcript", VerticalScroll)
        self.call_after_refresh(transcript.scroll_end, animate=False, immediate=True)

    @on(Input.Submitted, "#answer")
    def _typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.value = ""
        if text:
            self.send(text)

    @on(Button.Pressed, "#quick Button")
    def _quick(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        said = {
            "yes": "yes",
            "not-sure": "not sure",
            "n-a": "n/a",
            "skip": "skip",
        }.get(button_id, button_id.removeprefix("stage-"))
        self._quick_reply(said)
        self.query_one("#answer", Input).focus()

    @work(exclusive=False, group="conversation")
    async def _quick_reply(self, said: str) -> None:
        """In a workshop a stage button rates for the next person still to rate, then agrees."""
        conversation = self.conversation
        if isinstance(conversation, WorkshopConversation) and said[:1].isdigit():
            person = await self.store.run(lambda _store: conversation.next_to_rate())
            said = f"{person.name} {said}" if person is not None else f"agree {said}"
        self.send(said)

    def action_say(self, text: str) -> None:
        self.send(text)

    def action_note(self) -> None:
        from assessor.tui.screens.dialogs import NoteDialog

        conversation = self.conversation
        question = conversation.current if conversation else None
        prompt = f"For example: {question.evidence}" if question else "Your evidence"

        def added(note: str | None) -> None:
            if note:
                self.send(f"note {note}")

        self.app.push_screen(NoteDialog(prompt, blink=self.app.blink), added)  # type: ignore[attr-defined]

    def action_results(self) -> None:
        from assessor.tui.screens.results import ResultsScreen

        self.app.push_screen(ResultsScreen(self.assessment_id))

    def action_export_transcript(self) -> None:
        from assessor.tui.screens.dialogs import ExportDialog

        suggested = Path.cwd() / f"assessor-chat-{self.assessment_id}.md"

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._write_transcript(path)

        self.app.push_screen(
            ExportDialog("Export the conversation as Markdown", suggested, blink=self.app.blink),  # type: ignore[attr-defined]
            chosen,
        )

    @work(exclusive=False)
    async def _write_transcript(self, path: Path) -> None:
        text = transcript_markdown(self.transcript)
        await asyncio.to_thread(path.write_text, text, "utf-8")
        self.notify(f"Wrote {path}", title="Conversation exported")

    def action_leave(self) -> None:
        self.dismiss(None)
