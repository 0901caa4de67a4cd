"""The chat screen's room: opening it, the facilitator's panel in place of the levels, what
the room says as people join and rate on their own devices, and taking someone off its
roster."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.containers import Vertical
from textual.message import Message

from assessor.conversation import BotMessage, is_workshop
from assessor.tui.app import running_app
from assessor.tui.screens.chat_turns import ChatTurns

if TYPE_CHECKING:
    # the room and its panel (and the QR code's library) load when a room opens, the room's
    # server (and aiohttp) with it
    from assessor.banks.bank_set import BankSet
    from assessor.room.room import Room
    from assessor.room.views import FacilitatorView
    from assessor.store import Store
    from assessor.tui.room_panel import RoomPanel
    from assessor.tui.view import ChatView


class RoomChanged(Message):
    """Something changed in the room (posted from whichever thread changed it): `messages` are
    for the facilitator to read (a join, the reveal), often none."""

    def __init__(self, messages: list[BotMessage]) -> None:
        super().__init__()
        self.messages = messages


class RoomChat(ChatTurns):
    """The chat with a workshop's room: its keys are `ChatScreen`'s."""

    def __init__(self, assessment_id: str, bank_set: BankSet) -> None:
        super().__init__(assessment_id, bank_set)
        self._room_news: list[BotMessage] = []
        self._room_refreshing = False

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

            def turn_and_view(
                _store: Store, news: list[BotMessage] = news
            ) -> tuple[tuple[list[BotMessage], list[str], ChatView], FacilitatorView]:
                return self._turn(conversation, news), room.facilitator_view()

            async with self._lock:
                turn, view = await self.store.run(turn_and_view)
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
