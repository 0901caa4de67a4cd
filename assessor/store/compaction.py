"""Giving back the space an upgrade freed: once, after an upgrade that rebuilt tables."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

from assessor.store.errors import Compacting

# An upgrade that rebuilt tables leaves their old pages free inside the file: when at least this
# share of it is free afterwards, the file is compacted once (VACUUM), said when it gives back
# this much or more (less takes no time to speak of).
COMPACT_SHARE = 0.25
COMPACT_SAID = 1_000_000  # bytes
COMPACT_RATE = 50_000_000  # bytes kept per second of VACUUM, said as a slow disk's (measured:
# about 80 MB/s on the project's 2-core machine, 1.4 s for a store of 10,000 assessments)
TO_COMPACT = "compact_after_upgrade"  # meta key: set by an upgrade, cleared once compacted


def compact_if_upgraded(connection: sqlite3.Connection, path: Path) -> None:
    """Once after an upgrade: if it left much of the file unused (a migration rebuilt tables,
    and SQLite keeps freed pages inside the file), VACUUM gives that space back.

    VACUUM copies what the file keeps to a temporary file and back through the log: about a
    second per 50-100 MB kept, and as much free disk again for the while. It is said before
    it starts. Stopped part-way (a kill, a power cut), the file is as before and it is done
    at the next open; one that fails (a full disk) is said and not tried again: the file
    works as it is, and its free pages are reused as it grows.
    """
    if connection.execute("SELECT 1 FROM meta WHERE key = ?", (TO_COMPACT,)).fetchone() is None:
        return
    page_size, pages, free = (
        connection.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("page_size", "page_count", "freelist_count")
    )
    kept = (pages - free) * page_size
    if free and free >= pages * COMPACT_SHARE:
        if free * page_size >= COMPACT_SAID:
            warnings.warn(
                f"{path} was brought up to date; compacting it once to give back the "
                f"{free * page_size / 1e6:.0f} MB it no longer uses (it keeps "
                f"{kept / 1e6:.0f} MB: about {max(1, round(kept / COMPACT_RATE))} s, longer on "
                "a slow disk)",
                Compacting,
                stacklevel=2,
            )
        connection.execute("PRAGMA temp_store = FILE")  # its copy on disk, not in memory
        try:
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:
            warnings.warn(
                f"{path} could not be compacted ({error}); it works as it is, and the space "
                "it does not use is reused as it grows",
                Compacting,
                stacklevel=2,
            )
        finally:
            connection.execute("PRAGMA temp_store = MEMORY")  # back as `database` keeps it
    connection.execute("DELETE FROM meta WHERE key = ?", (TO_COMPACT,))
