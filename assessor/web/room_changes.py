"""Waking the room's pages that wait on /state when the room changes, a few at a time."""

from __future__ import annotations

import asyncio
import contextlib

from assessor.conversation.messages import BotMessage
from assessor.room.room import Room

WAKE_EVERY = 1.0  # seconds: the waiting pages are woken at most this often
WAKE_BATCH = 4  # waiting pages answered in one turn of the event loop


class Changes:
    """Wakes the requests waiting on /state when the room changes: at once after a quiet spell,
    then at most once every WAKE_EVERY seconds, so that forty ratings in three seconds wake
    each page a few times, not forty (the facilitator's own screen hears every change at once,
    through the room's listeners). The room tells its listeners from whichever thread changed
    it; the waiters are woken on the server's loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.stopped = False
        self._event = asyncio.Event()
        self._last = -WAKE_EVERY
        self._pending: asyncio.TimerHandle | None = None
        self._woken = 0  # waiters answered since the last wake
        self.waiting = 0  # requests waiting now
        self.timed_out = 0  # requests answered because nothing changed in time

    def heard(self, _messages: list[BotMessage]) -> None:
        if self.stopped:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self.changed()
        else:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits
                self.loop.call_soon_threadsafe(self.changed)

    def changed(self) -> None:
        if self._pending is not None:
            return  # a wake is due: it will carry this change too
        due = self._last + WAKE_EVERY
        if self.loop.time() >= due:
            self.wake()
        else:
            self._pending = self.loop.call_at(due, self.wake)

    def wake(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._last = self.loop.time()
        self._woken = 0
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def after(self, room: Room, version: int, seconds: float) -> None:
        """Return once the room is at another version than `version` (and the waiters have
        been woken), or after `seconds`."""
        if self.stopped or (room.version != version and self._pending is None):
            return
        event = self._event
        self.waiting += 1
        try:
            await asyncio.wait_for(event.wait(), seconds)
        except TimeoutError:
            self.timed_out += 1
        else:
            # Woken together, the pages answer a few at a time, one turn of the loop apart: a
            # rating that arrives meanwhile is read between them, not after all forty.
            place, self._woken = self._woken, self._woken + 1
            for _ in range(place // WAKE_BATCH):
                await asyncio.sleep(0)
        finally:
            self.waiting -= 1
