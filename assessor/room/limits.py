"""How often one client may knock: joins, wrong codes and ratings, counted over a sliding
minute. A room holds a few dozen people; a client past these limits is a script, not a person."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class Limiter:
    """At most `per_minute` events per key within any 60 seconds."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Count one event for `key`; False (and not counted) when it is over the limit."""
        now = self._clock()
        seen = self._seen.setdefault(key, deque())
        while seen and now - seen[0] >= 60.0:
            seen.popleft()
        if len(seen) >= self.per_minute:
            return False
        seen.append(now)
        if len(self._seen) > 10_000:  # forget quiet clients rather than grow without bound
            for quiet in [k for k, v in self._seen.items() if not v]:
                del self._seen[quiet]
        return True
