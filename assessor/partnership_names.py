"""A partnership's name as it reads inside a sentence."""

from __future__ import annotations

import re

# "Lakeside Family Hubs Partnership", "Riverside partnerships": already says what it is
_SAYS_PARTNERSHIP = re.compile(r"\bpartnerships?\s*$", re.IGNORECASE)
_HAS_THE = re.compile(r"^the\s", re.IGNORECASE)


def the_partnership(name: str) -> str:
    """`name` as the subject of a sentence: "the Riverside partnership", but "the Lakeside
    Family Hubs Partnership" (never "... Partnership partnership") and "The Bay Partnership"
    (never "the The ...")."""
    name = " ".join(name.split())
    article = "" if _HAS_THE.match(name) else "the "
    noun = "" if _SAYS_PARTNERSHIP.search(name) else " partnership"
    return f"{article}{name}{noun}"
