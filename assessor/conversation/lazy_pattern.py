"""A regular expression compiled on its first use."""

from __future__ import annotations

import re
from collections.abc import Iterator


class LazyPattern:
    """A regular expression compiled on its first use, so that importing the parser costs the
    app's start nothing."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags
        self._compiled: re.Pattern[str] | None = None

    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self._pattern().search(text)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self._pattern().match(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._pattern().finditer(text)
