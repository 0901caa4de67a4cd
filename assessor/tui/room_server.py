"""The room's web server for the app, on the app's own event loop.

The workshop's conversation and its SQLite connection live on the app's store thread, so the
server is given the room behind `OnStoreThread`: each call it makes runs there (the loop
waits the few milliseconds a rating's commit takes), and what the room tells its listeners
reaches the server back on the loop.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assessor.conversation.messages import BotMessage
from assessor.room.room import Listener, Room

if TYPE_CHECKING:
    from assessor.tui.app import AssessorApp
    from assessor.tui.store_thread import StoreThread

NOT_SERVED = "(not served: this version of assessor has no room server)"


class OnStoreThread:
    """A room whose every method runs on the store's thread; its data (keys, version, closed)
    is read as it is."""

    def __init__(self, room: Room, store: StoreThread, loop: asyncio.AbstractEventLoop) -> None:
        self._room = room
        self._store = store
        self._loop = loop

    def listen(self, listener: Listener) -> None:
        loop = self._loop

        def on_the_loop(messages: list[BotMessage]) -> None:
            loop.call_soon_threadsafe(listener, messages)

        self._room.listen(on_the_loop)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._room, name)
        if not callable(found):
            return found

        def on_store_thread(*args: Any, **kwargs: Any) -> Any:
            return self._store.call(lambda _store: found(*args, **kwargs))

        return on_store_thread


async def start_server(room: Room, app: AssessorApp) -> tuple[object | None, str]:
    """The running server and its join address; (None, a note) when there is no server."""
    try:
        serve: Callable[..., Any] = importlib.import_module("assessor.web.room_server").serve_room
    except (ImportError, AttributeError):
        return None, NOT_SERVED
    bound: Any = OnStoreThread(room, app.store_thread, asyncio.get_running_loop())
    running = await serve(bound, **app.room_options)
    return running, str(running.join_address)


async def stop_server(server: object) -> None:
    await server.stop()  # type: ignore[attr-defined]
