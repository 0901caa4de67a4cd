"""Whether a file or folder that assessor reads back as its own is its user's alone.

What assessor keeps for itself between runs (the banks' cache, the data folder) is trusted only
when the user owns it and no one else may write to it: a file another user could plant or
change there would otherwise be read as assessor's own.
"""

from __future__ import annotations

import os
import stat


def not_private(info: os.stat_result) -> str | None:
    """Why a file or folder with this status is not its user's alone ("belongs to another user
    (uid 1001)"), or None when it is (always on a system without owners)."""
    if not hasattr(os, "getuid"):
        return None
    if info.st_uid != os.getuid():
        return f"belongs to another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"may be written by other users (mode {stat.S_IMODE(info.st_mode):04o})"
    return None
