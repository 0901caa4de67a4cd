"""Reading stored text that is not valid UTF-8, and saying which record held it.

SQLite keeps whatever bytes were written as TEXT; Python's sqlite3 raises on the first value it
cannot decode, which would make a whole assessment unreadable for one bad byte. The store reads
every TEXT value through `read_stored_text` instead: what can be read is read, the rest becomes
U+FFFD. The store names each damaged field of the records it builds (`DamagedField`): it keeps
them for the faces to ask about (the app, whose stderr no one sees) and warns of each
(`DamagedTextWarning`, which the command line prints as one line).
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

REPLACEMENT = "\ufffd"
_damaged_reads = 0  # damaged values read by this process: until one is, records are not looked at


class DamagedText(str):
    """Stored text that held bytes that are not UTF-8, read with each such byte as U+FFFD."""


class DamagedTextWarning(UserWarning):
    """A stored record held text that was not valid UTF-8; it was read with replacements."""


def read_stored_text(data: bytes) -> str:
    """A TEXT value as str (a sqlite3 text_factory): as stored when it is UTF-8, else marked."""
    global _damaged_reads
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        _damaged_reads += 1
        return DamagedText(data.decode("utf-8", "replace"))


def damage_was_read() -> bool:
    """True once any damaged value has been read by this process."""
    return _damaged_reads > 0


@dataclass(frozen=True)
class DamagedField:
    """One field of one stored record that held bytes that are not UTF-8."""

    assessment_id: str
    field: str  # the column, e.g. "note"
    record: str  # the record as a sentence names it, e.g. "the answer to governance.board"

    def warning(self) -> str:
        return (
            f"the {self.field} of {self.record} held bytes that are not UTF-8 (the stored text "
            f"is damaged); it is read with {REPLACEMENT} in their place"
        )


def damaged_fields(
    values: Mapping[str, object] | sqlite3.Row, assessment_id: str, record: Callable[[], str]
) -> list[DamagedField]:
    """The damaged fields of one record (a row, or a record's fields) of an assessment;
    `record()` names it. Free while nothing damaged was read."""
    if not _damaged_reads:
        return []
    return [
        DamagedField(assessment_id, field, record())
        for field in values.keys()  # noqa: SIM118 (a Row iterates over its values)
        if isinstance(values[field], DamagedText)
    ]


def warn_of(found: DamagedField) -> None:
    warnings.warn(found.warning(), DamagedTextWarning, stacklevel=4)
