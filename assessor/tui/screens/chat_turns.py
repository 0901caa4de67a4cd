"""The chat screen's conversation: what is said to the bot (through the workshop's room while
one is open) and its replies drawn as bubbles, with the levels, the progress and the quick
replies beside them. `ChatScreen` (`chat.py`) builds on it, with the room's panel
(`chat_room.py`) and the keys (`chat_keys.py`)."""

from __future__ import annotations

import asyncio
import contextvars
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import ScreenResume
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Static
from textual.widgets.button import ButtonVariant

from assessor.continuum import STAGES
from assessor.conversation import BotMessage, Conversation, Kind, is_workshop
from assessor.tui.app import running_app
from assessor.tui.footer import SteadyFooter
from assessor.tui.literal import CONTROLS_SHOWN, literal, literal_str
from assessor.tui.store_thread import StoreThread
from assessor.tui.view import ChatView, shown_text, view_of
from assessor.tui.widgets import BotBubble, LevelsPanel, ProgressPanel, QuickReplies, UserBubble

if TYPE_CHECKING:
    # Loaded when first needed, not to draw the first question: a workshop's code, the room
    # (and its server) only when a room opens.
    from assessor.banks.bank_set import BankSet
    from assessor.room.room import Room
    from assessor.web.room_server import RunningRoom


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
    "agree",
    "no consensus",
    "ready",
]
PLACEHOLDER = "Your answer: a number, a stage, or your own words"


def _quick_reply(
    label: str, button_id: str, classes: str = "", variant: ButtonVariant = "default"
) -> Button:
    """A quick reply's button, made outside the running app: a button made inside it restyles
    itself at once for each class its making sets (compact, its variant, its style), before it
    is even mounted, where it is styled again; made outside, it is styled once, when mounted."""
    return contextvars.Context().run(
        Button, label, id=button_id, classes=classes, compact=True, variant=variant
    )


class ChatTurns(Screen[None]):
    """The conversation and its drawing. It holds the workshop's room once `RoomChat` above it
    has opened one: a line said goes through the room, which closes when the workshop pauses or
    ends."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]

    def __init__(self, assessment_id: str, bank_set: BankSet) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.bank_set = bank_set
        self.conversation: Conversation | None = None
        self.view: ChatView | None = None
        self.transcript: list[tuple[str, str]] = []
        self._proposal: BotMessage | None = None  # a workshop's latest proposed agreement
        self._lock = asyncio.Lock()
        self.room: Room | None = None
        self.room_server: RunningRoom | None = None  # the room's web server, while it runs
        self._side_built = False
        self._shown_once = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="conversation"):
                yield Static("", id="where", markup=False)
                yield VerticalScroll(id="transcript", can_focus=False)
                with QuickReplies(id="quick"):
                    for stage in STAGES:
                        yield _quick_reply(
                            f"{stage.value_number} {stage.label}",
                            f"stage-{stage.value_number}",
                            classes=f"stage stage-{stage.value}",
                        )
                    yield _quick_reply("Yes", "yes", variant="success")
                    yield _quick_reply("No", "no", variant="error")
                    yield _quick_reply("Not sure", "not-sure", classes="answer")
                    yield _quick_reply("N/A", "n-a", classes="answer")
                    yield _quick_reply("Skip", "skip", classes="answer")
                    yield _quick_reply("Ready", "ready", variant="success")
                    yield _quick_reply("Open a room", "open-room", variant="primary")
                answer = Input(
                    placeholder=PLACEHOLDER,
                    id="answer",
                    highlighter=CONTROLS_SHOWN,
                    suggester=SuggestFromList(SUGGESTIONS, case_sensitive=False),
                )
                answer.cursor_blink = running_app(self).blink
                yield answer
            # The side panel is built when it is first shown: a narrow terminal hides it.
            with Vertical(id="side"):
                if not self._narrow():
                    yield from self._side_panel()
        yield SteadyFooter(compact=True)

    def post_message(self, message: Message) -> bool:
        """The first time the screen is shown, Textual restyles all of it (as it does each time
        it comes back from under another); its widgets were styled as they mounted, with nothing
        changed since, so that first time it is not."""
        if isinstance(message, ScreenResume) and not self._shown_once:
            self._shown_once = True
            message.refresh_styles = False
        return super().post_message(message)

    def _narrow(self) -> bool:
        """Whether the terminal is narrow: the side panel hidden, more buttons a row. Textual
        gives the screen its width's class at its first resize, after the first layout; given
        here, the first layout is already the one shown (not one with the side panel, then one
        without)."""
        width = self.app.size.width
        for at, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True):
            if width >= at:
                self.add_class(name)
                return name == "-narrow"
        return False

    def _side_panel(self) -> ComposeResult:
        self._side_built = True
        yield ProgressPanel(id="progress")
        yield Static("PgUp PgDn: scroll the chat", id="keys-hint")
        yield VerticalScroll(LevelsPanel(id="levels"), id="side-levels", can_focus=False)

    async def _show_side(self) -> None:
        """Build the side panel the first time the screen is wide enough to show it, with
        what it would have shown from the start (under the room's panel, when a room is open)."""
        if self._side_built or self.has_class("-narrow"):
            return
        side = self.query_one("#side", Vertical)
        panel = list(self._side_panel())
        for widget in panel:
            widget.display = self.room is None
        await side.mount_all(panel, before=0 if side.children else None)
        if self.view is not None:
            self._show_side_view(self.view)

    @property
    def store(self) -> StoreThread:
        return running_app(self).store_thread

    def _turn(
        self, conversation: Conversation, messages: list[BotMessage]
    ) -> tuple[list[BotMessage], list[str], ChatView]:
        """The replies, their text as shown, and the screen's state after them (store thread)."""
        for message in messages:
            if message.kind is Kind.CONFIRM and message.proposed:
                self._proposal = message
        shown = [shown_text(m) for m in messages]
        return messages, shown, view_of(conversation, self._proposal)

    @work(exclusive=False, group="conversation")
    async def send(self, text: str) -> None:
        """Say `text` to the bot, as typed or from a quick reply."""
        async with self._lock:
            if self.conversation is None:
                return
            await self._add(UserBubble(text), ("You", text))
            conversation, room = self.conversation, self.room
            # with a room open, through the room: every device learns where the workshop is
            say = room.reply if room is not None and not room.closed else conversation.reply
            await self._show(
                *await self.store.run(lambda _store: self._turn(conversation, say(text)))
            )
            if conversation.paused:
                await self._close_room()
                self.dismiss(None)
            elif room is not None and self.view is not None and self.view.finished:
                await self._close_room()

    async def _add(self, bubble: UserBubble | BotBubble, line: tuple[str, str]) -> None:
        await self.query_one("#transcript", VerticalScroll).mount(bubble)
        self.transcript.append(line)
        self._scroll_end()

    def _scroll_end(self) -> None:
        self.query_one("#transcript", VerticalScroll).scroll_end(animate=False)

    async def _show(self, messages: list[BotMessage], shown: list[str], view: ChatView) -> None:
        if messages:  # a turn's bubbles mounted together: one layout for them all, not one each
            await self.query_one("#transcript", VerticalScroll).mount_all(
                [BotBubble(message, text) for message, text in zip(messages, shown, strict=True)]
            )
            self.transcript.extend(("assessor", message.text) for message in messages)
            self._scroll_end()
        self.view = view
        self.query_one("#where", Static).update(literal(view.where))
        if self._side_built:
            self._show_side_view(view)
        self._show_buttons(view)

    def _show_side_view(self, view: ChatView) -> None:
        self.query_one(LevelsPanel).show(view.options, view.proposed)
        self.query_one(ProgressPanel).show(view.progress, view.bank_id)
        if view.proposed:  # keep the highlighted stage in view beside the question
            level = self.query_one(f"#level-{view.proposed[-1].value}")
            self.call_after_refresh(
                self.query_one("#side-levels", VerticalScroll).scroll_to_widget,
                level,
                animate=False,
            )

    def _show_buttons(self, view: ChatView) -> None:
        asking = not view.setting_up and not view.finished and not view.offering_skipped
        # in a room, while those still to rate do so on their own devices, the buttons would
        # rate for nobody: they are not shown
        rating = asking and not (view.on_devices and view.rating_for is None)
        for stage in STAGES:
            button = self.query_one(f"#stage-{stage.value_number}")
            button.display = rating
            button.set_class(stage in view.offered, "-offered")  # "between 3 and 4": those two
        for button_id in ("#not-sure", "#n-a"):
            self.query_one(button_id).set_class(not rating, "-hidden")
        self.query_one("#skip").set_class(not asking, "-hidden")
        yes = self.query_one("#yes", Button)
        # Yes only where it takes something: one reading to confirm, a proposal to agree, or
        # going back to the skipped questions (never when two stages are offered: it would
        # only ask again)
        yes.display = (asking and (view.confirming or view.agreeing)) or view.offering_skipped
        yes.label = "Agree" if view.agreeing else "Yes"
        self.query_one("#no").display = view.offering_skipped
        self.query_one("#ready").display = view.setting_up
        self.query_one("#open-room").display = (
            view.setting_up and self.room is None and is_workshop(self.conversation)
        )
        answer = self.query_one("#answer", Input)
        if view.setting_up:
            answer.placeholder = "Name, organisation, role (then Ready)"
        elif view.offering_skipped:
            answer.placeholder = "yes: back to what you skipped; no: finish"
        elif view.agreeing:
            answer.placeholder = "agree, agree 3 because …, or no consensus"
        elif view.rating_for:
            answer.placeholder = (
                f"{literal_str(view.rating_for)}'s rating, or several: 'AB 3, CD 4'"
            )
        elif view.on_devices:
            answer.placeholder = "reveal shows the spread; 'AB 3' rates someone without a device"
        else:
            answer.placeholder = PLACEHOLDER

    async def _close_room(self) -> None:
        """No more joining or rating (the workshop paused or ended); the server stops."""
        room, server = self.room, self.room_server
        if room is None or room.closed:
            return
        await self.store.run(lambda _store: room.close())
        self.room_server = None
        if server is not None:
            await server.stop()
