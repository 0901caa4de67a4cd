"""The chat: the conversation as bubbles, quick replies, the levels and progress beside it."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Static

from assessor.continuum import STAGES
from assessor.conversation import BotMessage, Conversation, Kind, conversation_for, is_workshop
from assessor.tui.app import running_app
from assessor.tui.footer import SteadyFooter
from assessor.tui.literal import CONTROLS_SHOWN, literal, literal_str
from assessor.tui.store_thread import StoreThread
from assessor.tui.view import ChatView, names_shown, shown_text, view_of
from assessor.tui.widgets import BotBubble, LevelsPanel, ProgressPanel, QuickReplies, UserBubble

if TYPE_CHECKING:
    # Loaded when first needed, not to draw the first question: a workshop's code, the room
    # and its panel (and the QR code's library), the transcript's export; the room's server
    # (and aiohttp) only when a room opens.
    from assessor.banks.bank_set import BankSet
    from assessor.banks.models import Question
    from assessor.room.room import Room
    from assessor.store import Store
    from assessor.store.text import DamagedField
    from assessor.tui.room_panel import RoomPanel
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
# What the quick-reply buttons say (the stage buttons say their number).
QUICK_WORDS = {
    "yes": "yes",
    "no": "no",
    "not-sure": "not sure",
    "n-a": "n/a",
    "skip": "skip",
    "ready": "ready",
}
PLACEHOLDER = "Your answer: a number, a stage, or your own words"
SCROLL = Binding.Group("Scroll")


# With a room open the footer gives the room's keys the place of those a room needs less
# (every one of them stays in the command palette).
ROOM_HIDDEN = {"f2", "f3", "f4", "f5", "f6", "f7", "f9", "pageup", "pagedown"}
ROOM_ACTIONS = {"room_say", "remove_person"}


def _bare_rating(text: str) -> bool:
    """A rating with no name (only a workshop asks for one, so its code is loaded by then)."""
    from assessor.conversation.workshop import bare_rating

    return bare_rating(text)


class RoomChanged(Message):
    """Something changed in the room (posted from whichever thread changed it): `messages` are
    for the facilitator to read (a join, the reveal), often none."""

    def __init__(self, messages: list[BotMessage]) -> None:
        super().__init__()
        self.messages = messages


def footer_hidden(width: int, room: bool = False) -> set[str]:
    """The keys left out of the footer at this width, least needed first."""
    hidden = set(ROOM_HIDDEN) if room else set()
    if width < 112:
        hidden |= {"pageup", "pagedown"}
    # room kept for ctrl+q Quit, which every footer shows, and the palette's ctrl+p
    if width < 102:
        hidden.add("f9")
    if width < 92:
        hidden.add("f1")
    if width < 84:
        hidden.add("f2")
    return hidden


class ChatScreen(Screen[None]):
    CSS_PATH = "../styles/chat.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    BINDINGS = [
        Binding("f1", "say('help')", "Help"),
        Binding("f2", "say('why')", "Why"),
        Binding("f3", "say('levels')", "Levels"),
        Binding("f4", "note", "Note"),
        Binding("f5", "say('back')", "Back"),
        Binding("f6", "say('skip')", "Skip"),
        Binding("f7", "say('summary')", "Summary"),
        Binding("f8", "results", "Results"),
        Binding("f9", "export_transcript", "Export"),
        Binding(
            "ctrl+o",
            "open_room",
            "Room",
            tooltip="Open the room: everyone rates on their own device",
        ),
        Binding("ctrl+r", "room_say('reveal')", "Reveal", tooltip="Show everyone the spread now"),
        Binding(
            "ctrl+g", "room_say('agree')", "Agree", tooltip="Agree the proposed stage, the median"
        ),
        Binding("ctrl+b", "room_say('no consensus')", "Park", tooltip="No consensus: park it"),
        Binding("ctrl+n", "room_say('skip')", "Next", tooltip="Leave this question for now"),
        Binding("pageup", "scroll('page_up')", "Scroll up", key_display="PgUp", group=SCROLL),
        Binding("pagedown", "scroll('page_down')", "Scroll down", key_display="PgDn", group=SCROLL),
        Binding("ctrl+home", "scroll('home')", "Scroll to the start", show=False),
        Binding("ctrl+end", "scroll('end')", "Scroll to the end", show=False),
        Binding("escape", "leave", "Pause", show=False),
    ]

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
        self._room_news: list[BotMessage] = []
        self._room_refreshing = False
        self._side_built = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="conversation"):
                yield Static("", id="where", markup=False)
                yield VerticalScroll(id="transcript", can_focus=False)
                with QuickReplies(id="quick"):
                    for stage in STAGES:
                        yield Button(
                            f"{stage.value_number} {stage.label}",
                            id=f"stage-{stage.value_number}",
                            classes=f"stage stage-{stage.value}",
                            compact=True,
                        )
                    yield Button("Yes", id="yes", compact=True, variant="success")
                    yield Button("No", id="no", compact=True, variant="error")
                    yield Button("Not sure", id="not-sure", classes="answer", compact=True)
                    yield Button("N/A", id="n-a", classes="answer", compact=True)
                    yield Button("Skip", id="skip", classes="answer", compact=True)
                    yield Button("Ready", id="ready", compact=True, variant="success")
                    yield Button("Open a room", id="open-room", compact=True, variant="primary")
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
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """All bindings, with the footer showing only the keys its width has room for (every
        command stays in the command palette and in the keys panel)."""
        bindings = super().active_bindings
        for key in ("pageup", "pagedown"):
            # The answer line binds these too but lets them through: show the screen's.
            binding = self._bindings.key_to_bindings[key][0]
            bindings.pop(key, None)
            bindings[key] = ActiveBinding(self, binding, True, binding.tooltip)
        hidden = footer_hidden(self.size.width, room=self.room is not None)
        return {
            key: active._replace(binding=replace(active.binding, show=False))
            if key in hidden
            else active
            for key, active in bindings.items()
        }

    async def on_resize(self) -> None:
        self.refresh_bindings()
        await self._show_side()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The room's keys only with a room open; opening one only in a workshop."""
        if action == "open_room":
            return is_workshop(self.conversation)
        if action in ROOM_ACTIONS:
            return self.room is not None and not self.room.closed
        return True

    def on_mount(self) -> None:
        for button_id in ("#yes", "#no", "#ready", "#open-room"):
            self.query_one(button_id).display = False
        self.query_one("#transcript", VerticalScroll).anchor()
        self.query_one("#answer", Input).focus()
        self._start()

    def on_screen_resume(self) -> None:
        # Whatever was said while a dialog or the palette covered the chat, show the end of it.
        self._scroll_end()

    @property
    def store(self) -> StoreThread:
        return running_app(self).store_thread

    @work(exclusive=False, group="conversation")
    async def _start(self) -> None:
        def begin(
            store: Store,
        ) -> tuple[tuple[list[BotMessage], list[str], ChatView], list[DamagedField]]:
            self.conversation = conversation_for(store, self.assessment_id, self.bank_set)
            turn = self._turn(self.conversation, self.conversation.start())
            return turn, store.damaged_text(self.assessment_id)

        async with self._lock:
            turn, damaged = await self.store.run(begin)
            await self._show(*turn)
        running_app(self).tell_of_damaged_text(self.assessment_id, damaged)
        app = running_app(self)
        if app.open_room and is_workshop(self.conversation):
            app.open_room = False  # once: a workshop opened later opens its room by Ctrl+O
            self.action_open_room()

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

    @on(Input.Submitted, "#answer")
    def _typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.value = ""
        if not text:
            return
        if self.view is not None and self.view.setting_up:
            from assessor.conversation.workshop import names_a_person

            if names_a_person(text):
                text = f"add {text}"  # the roster line names a person
        elif self.view is not None and self.view.rating_for and _bare_rating(text):
            self.say_for_next_rater(text)  # the line asked for this person's rating
            return
        self.send(text)

    @on(Button.Pressed, "#quick Button")
    def _quick(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id == "open-room":
            self.action_open_room()
        elif button_id == "yes" and self.view is not None and self.view.agreeing:
            self.send("agree")
        elif button_id in ("not-sure", "n-a"):
            self.say_for_next_rater(QUICK_WORDS[button_id])
        else:
            self.say_for_next_rater(QUICK_WORDS.get(button_id, button_id.removeprefix("stage-")))
        self.query_one("#answer", Input).focus()

    @work(exclusive=False, group="conversation")
    async def say_for_next_rater(self, said: str) -> None:
        """In a workshop a stage, 'not sure', 'n/a' or 'abstain' is the rating of the next person
        still to rate; once everyone has rated, a stage is the agreed one. In a room it rates
        only someone without a device, never one who rates on their own; after the reveal, a
        stage is the agreed one."""
        conversation = self.conversation
        if is_workshop(conversation) and said not in (
            "skip",
            "ready",
            "yes",
            "no",
        ):
            person, on_devices = await self.store.run(
                lambda _store: (conversation.next_to_rate(), conversation.rating_on_devices())
            )
            if person is not None:
                said = f"{person.name} {said}"
            elif on_devices:  # a room before the reveal: not for the facilitator to give
                who = literal_str(names_shown(tuple(p.name for p in on_devices)))
                self.notify(
                    f"Still to rate on their own devices: {who}. Ctrl+R reveals the spread.",
                    title="Nothing saved",
                    markup=False,
                )
                return
            elif said[:1].isdigit():
                said = f"agree {said}"
        self.send(said)

    def action_say(self, text: str) -> None:
        self.send(text)

    def action_scroll(self, where: str) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        {
            "page_up": transcript.scroll_page_up,
            "page_down": transcript.scroll_page_down,
            "home": transcript.scroll_home,
            "end": transcript.scroll_end,
        }[where](animate=False)

    def start_typing(self, text: str) -> None:
        """Put `text` in the answer line for the person to finish (e.g. 'add ')."""
        answer = self.query_one("#answer", Input)
        answer.value = text
        answer.cursor_position = len(text)
        answer.focus()

    def note_target(self) -> Question | None:
        """The question a note goes to: the one answered last."""
        conversation = self.conversation
        target = conversation.last_answered if conversation else None
        return self.bank_set.question(target) if target else None

    def action_note(self) -> None:
        from assessor.tui.screens.dialogs import NoteDialog

        question = self.note_target()
        if question is None:
            self.notify("Answer a question first: a note goes with your last answer.")
            return

        def added(note: str | None) -> None:
            if note:
                self.send(f"note {note}")

        self.app.push_screen(
            NoteDialog(question.text, question.evidence, blink=running_app(self).blink),
            added,
        )

    def action_results(self) -> None:
        from assessor.tui.screens.results import ResultsScreen

        self.app.push_screen(ResultsScreen(self.assessment_id))

    def action_export_transcript(self) -> None:
        from assessor.text.transcript import transcript_markdown
        from assessor.tui.screens.dialogs import ExportDialog, file_writer

        suggested = Path.cwd() / f"assessor-chat-{self.assessment_id}.md"
        transcript = list(self.transcript)  # as it is now, not as it goes on while writing

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Wrote {path}", title="Conversation exported")

        self.app.push_screen(
            ExportDialog(
                "Export the conversation as Markdown",
                suggested,
                file_writer(lambda: transcript_markdown(transcript)),
                blink=running_app(self).blink,
            ),
            written,
        )

    async def action_leave(self) -> None:
        await self._close_room()
        self.dismiss(None)

    # -- the room -----------------------------------------------------------------------------

    @work(exclusive=False, group="conversation")
    async def action_open_room(self) -> None:
        """Open the workshop's room (the same code and address as before, if it had one), and
        show the facilitator's panel in place of the levels; pressed again, show or hide the
        QR code."""
        if self.room is not None:
            qr = self.query_one("#room-qr")
            qr.display = not qr.display
            return
        conversation = self.conversation
        if not is_workshop(conversation):
            self.notify("A room is for a workshop: start one with Workshop ticked.")
            return
        from assessor.room.room import Room
        from assessor.tui.room_panel import RoomPanel

        async with self._lock:
            room = await self.store.run(lambda _store: Room.open(conversation))
            address = await self._serve(room)
            if address is None:
                await self.store.run(lambda _store: room.close())
                return
            self.room = room
            side = self.query_one("#side", Vertical)
            for child in side.children:
                child.display = False
            loopback = self.room_server is None or self.room_server.loopback
            panel = RoomPanel(address, loopback, id="room-panel")
            await side.mount(panel)
            self.add_class("-room")
            room.listen(self._room_said)
            if conversation.setting_up:  # say how people join now, not how to type them in
                self._room_said(await self.store.run(lambda _store: conversation.start()))
            panel.show(await self.store.run(lambda _store: room.facilitator_view()))
            self.query_one("#open-room").display = False
            self.refresh_bindings()
        self.set_interval(5, self._room_ticks)  # someone silent for a while shows as away

    async def _serve(self, room: Room) -> str | None:
        """Start the room's web server on this loop and return its join address; None, said
        in a notification, when it cannot listen where asked."""
        from assessor.errors import UserError
        from assessor.tui.room_server import start_server

        try:
            self.room_server = await start_server(room, running_app(self))
        except UserError as error:
            self.notify(str(error), title="The room could not open", severity="error")
            return None
        return self.room_server.join_address

    def _room_said(self, messages: list[BotMessage]) -> None:
        """The room's listener, called on the thread that changed it: a message is safe to post
        from any thread."""
        self.post_message(RoomChanged(messages))

    def _room_ticks(self) -> None:
        if self.room is not None and not self.room.closed:
            self.post_message(RoomChanged([]))

    def on_room_changed(self, event: RoomChanged) -> None:
        self._room_news.extend(event.messages)
        if not self._room_refreshing:
            self._room_refreshing = True
            self._refresh_room()

    @work(exclusive=False, group="room")
    async def _refresh_room(self) -> None:
        """Show what the room said and its panel as it is now; news arriving meanwhile are
        shown in the same go (40 ratings at once make one or two refreshes, not 40)."""
        from assessor.tui.room_panel import RoomPanel  # loaded with the room

        room, conversation = self.room, self.conversation
        if room is None or conversation is None:
            self._room_refreshing = False
            return
        while True:
            news, self._room_news = self._room_news, []
            async with self._lock:
                turn, view = await self.store.run(
                    lambda _store, news=news: (  # type: ignore[misc]
                        self._turn(conversation, news),
                        room.facilitator_view(),
                    )
                )
                await self._show(*turn)
            self.query_one("#room-panel", RoomPanel).show(view)
            if not self._room_news:
                self._room_refreshing = False
                return

    def action_room_say(self, text: str) -> None:
        self.send(text)

    def on_room_panel_remove(self, event: RoomPanel.Remove) -> None:
        """Someone taken off the roster from the room's panel (its class loads with the room)."""
        self.remove_person(event.participant_id)

    def remove_person(self, participant_id: int) -> None:
        """Take someone off the room's roster (their device can no longer rate)."""
        room = self.room
        if room is None or room.closed:
            return

        async def remove() -> None:
            async with self._lock:
                messages = await self.store.run(lambda _store: room.remove(participant_id))
                await self._show(
                    *await self.store.run(lambda _store: self._turn(room.conversation, messages))
                )

        self.run_worker(remove(), group="conversation")

    async def _close_room(self) -> None:
        """No more joining or rating (the workshop paused or ended); the server stops."""
        room, server = self.room, self.room_server
        if room is None or room.closed:
            return
        await self.store.run(lambda _store: room.close())
        self.room_server = None
        if server is not None:
            await server.stop()
