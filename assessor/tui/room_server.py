"""The room's web server for the app, on the app's own event loop.

The workshop's conversation and its SQLite connection live on the app's store thread, so the
server is given the room behind `OnStoreThread`: each call it makes runs there (the loop
waits the few milliseconds a rating's commit takes), and what the room tells its listeners
reaches the server back on the loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from assessor.room.room import Room
from assessor.web.room_server import RunningRoom, serve_room

if TYPE_CHECKING:
    from assessor.tui.app import AssessorApp
    from assessor.tui.store_thread import StoreThread


class OnStoreThread:
    """A room whose every method runs on the store's thread; its data (keys, version, closed)
    is read as it is. The server's listener is thread-safe (`Changes.heard`): it is handed on."""

    def __init__(self, room: Room, store: StoreThread) -> None:
        self._room = room
        self._store = store

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._room, name)
        if not callable(found):
            return found

        def on_store_thread(*args: Any, **kwargs: Any) -> Any:
            return self._store.call(lambda _store: found(*args, **kwargs))

        return on_store_thread


async def start_server(room: Room, app: AssessorApp) -> RunningRoom:
    """The room served on the app's loop, with the app's room options (host, port, expose)."""
    bound = cast(Room, OnStoreThread(room, app.store_thread))
    return await serve_room(bound, **app.room_options)
