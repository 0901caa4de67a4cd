"""The chat: the conversation as bubbles, quick replies, the levels and progress beside it.

Built in layers, each in its module: the conversation and its drawing (`chat_turns.py`), the
workshop's room (`chat_room.py`), the keys (`chat_keys.py`); this one starts the
conversation and takes what is typed and the quick replies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Input

from assessor.conversation import BotMessage, conversation_for, is_workshop
from assessor.tui.app import running_app
from assessor.tui.literal import literal_str
from assessor.tui.screens.chat_keys import ChatKeys
from assessor.tui.view import ChatView, names_shown

if TYPE_CHECKING:
    from assessor.store import Store
    from assessor.store.text import DamagedField


# What the quick-reply buttons say (the stage buttons say their number).
QUICK_WORDS = {
    "yes": "yes",
    "no": "no",
    "not-sure": "not sure",
    "n-a": "n/a",
    "skip": "skip",
    "ready": "ready",
}
SCROLL = Binding.Group("Scroll")


def _bare_rating(text: str) -> bool:
    """A rating with no name (only a workshop asks for one, so its code is loaded by then)."""
    from assessor.conversation.workshop import bare_rating

    return bare_rating(text)


class ChatScreen(ChatKeys):
    CSS_PATH = "../styles/chat.tcss"
    # The answer line has the focus from the start: not the first button (Textual's default),
    # which would be styled as focused, then again as not, when the answer line takes it.
    AUTO_FOCUS = "#answer"
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

    async def on_resize(self) -> None:
        self.refresh_bindings()
        await self._show_side()

    def on_mount(self) -> None:
        for button_id in ("#yes", "#no", "#ready", "#open-room"):
            self.query_one(button_id).display = False
        self.query_one("#transcript", VerticalScroll).anchor()
        self.query_one("#answer", Input).focus()
        self._start()

    def on_screen_resume(self) -> None:
        # Whatever was said while a dialog or the palette covered the chat, show the end of it.
        self._scroll_end()

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
