"""All store work of the app on one thread of its own, off the event loop.

SQLite connections belong to the thread that made them, so the store (and every Conversation,
which writes through it) lives on a single worker thread; screens await its results.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from assessor.store import Store
from assessor.store.store import Clock

if TYPE_CHECKING:
    from assessor.store.location import Location

T = TypeVar("T")


class StoreThread:
    def __init__(self, path: Location, clock: Clock | None = None) -> None:
        self.path = path
        self.clock = clock
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assessor-store")
        self._store: Store | None = None

    def _opened(self) -> Store:
        if self._store is None:
            self._store = Store(self.path, self.clock) if self.clock else Store(self.path)
        return self._store

    async def run(self, job: Callable[[Store], T]) -> T:
        """Run `job(store)` on the store's thread and return its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: job(self._opened()))

    def call(self, job: Callable[[Store], T]) -> T:
        """Run `job(store)` on the store's thread and wait for it, for code that cannot await
        (the room's web server calling the room); on the store's thread, at once."""
        if threading.current_thread().name.startswith("assessor-store"):
            return job(self._opened())
        return self._executor.submit(lambda: job(self._opened())).result()

    def close(self) -> None:
        def shut() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        self._executor.submit(shut).result()
        self._executor.shutdown(wait=True)
