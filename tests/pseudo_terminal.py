"""Reading a pseudo-terminal's output to its end, for the tests that run the chat or the app at
a terminal."""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable


def _nothing(shown: bytes) -> None:
    return None


def read_until_closed(
    leader: int, on_output: Callable[[bytes], None] = _nothing, bound: float | None = None
) -> bytes:
    """Everything written to the pseudo-terminal `leader` until its other end closes (the
    process exited), then `leader` closed. `on_output` is given all shown so far after each
    read, to answer what is on screen; `bound` is a number of seconds at most, a guard against
    a hang on a busy machine, never a pause."""
    shown = b""
    deadline = None if bound is None else time.monotonic() + bound
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 1)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the terminal closed with the process
                    break
                if not chunk:
                    break
                shown += chunk
            on_output(shown)
            assert deadline is None or time.monotonic() < deadline, shown[-500:]
    finally:
        os.close(leader)
    return shown
