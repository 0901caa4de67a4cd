"""The text of a file to import, checked before it is read as an export: no key given twice, no
NUL or half a surrogate pair, no text too long; and each problem said as one phrase that names
the field where it is (answers[3].answered_at)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Final

from pydantic_core import ErrorDetails, PydanticCustomError

# Any one text (a note, the words of an answer, a name): some 15,000 words, far beyond any
# evidence note, and small enough for every report to show.
TEXT_LIMIT = 100_000  # characters
Place = tuple[str | int, ...]  # where a value is in a parsed JSON file: keys and indexes


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.-]{1,40}")


def field_named(path: Place) -> str:
    """A field's place as a reader would write it: answers[3].answered_at (a key from the file
    that is not plain is quoted, its control characters escaped: questions['a\\x1b'])."""
    text = ""
    for part in path:
        if isinstance(part, int) or not _PLAIN_KEY.fullmatch(part):
            text += f"[{part if isinstance(part, int) else repr(part[:40])}]"
        else:
            text += f".{part}" if text else part
    return text or "the file"


def refuse(path: Place, message: str) -> PydanticCustomError:
    """An import refused at one field, with a message that follows its name."""
    sentence = f"{field_named(path)} {message}"  # a template without fields: user text literal
    return PydanticCustomError("import_refused", "{sentence}", {"sentence": sentence})


def walk(data: Any) -> Iterator[tuple[Place, Any]]:
    """Every value in parsed JSON with its place, in the file's order (no recursion: a file
    cannot nest its way past Python's stack)."""
    pending: list[tuple[Place, Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        yield path, value
        if isinstance(value, dict):
            pending.extend(reversed([((*path, k), v) for k, v in value.items()]))
        elif isinstance(value, list):
            pending.extend(reversed([((*path, n), v) for n, v in enumerate(value)]))


# A NUL (SQLite and C tools cut text at one) or half a surrogate pair (a JSON "\ud800" escape:
# not a character, and not storable as UTF-8).
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def check_texts(data: Any) -> None:
    """Every text and key in the file: nothing that is not text, and none longer than
    TEXT_LIMIT."""
    for path, value in walk(data):
        if isinstance(value, dict):
            for key in value:
                if _NOT_TEXT.search(key) or len(key) > TEXT_LIMIT:
                    raise refuse(
                        path,
                        f"has a key with a NUL, half a surrogate pair or over {TEXT_LIMIT:,} "
                        f"characters ({key[:40]!r})",
                    )
        elif isinstance(value, str) and (bad := _NOT_TEXT.search(value)):
            what = "a NUL character" if bad.group() == "\x00" else "half a surrogate pair"
            raise refuse(path, f"has {what} in it (at character {bad.start() + 1})")
        elif isinstance(value, str) and len(value) > TEXT_LIMIT:
            raise refuse(
                path, f"is {len(value):,} characters long; a text is at most {TEXT_LIMIT:,}"
            )


class _Object(dict[str, Any]):
    """A JSON object as read, remembering the first key it was given twice."""

    repeated: str | None = None


def read_object(pairs: list[tuple[str, Any]]) -> _Object:
    found = _Object(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                found.repeated = key
                break
            seen.add(key)
    return found


def repeated_key(data: Any) -> str | None:
    """Where the first object with a key given twice is, and which key; None if none is."""
    for path, value in walk(data):
        if isinstance(value, _Object) and value.repeated is not None:
            where = field_named((*path, value.repeated))
            return f"{where} is given twice, so the file is ambiguous; give it once"
    return None


# What a value of the wrong JSON type must be instead (the records' fields are strict).
_MUST_BE: Final = {"int_type": "a whole number", "bool_type": "true or false"}


def problem_phrase(error: ErrorDetails) -> str:
    """One validation error as a phrase: where, then what."""
    if error["type"] == "import_refused":
        return error["msg"]
    where = field_named(tuple(error["loc"]))
    message = error["msg"].removeprefix("Value error, ").replace("Input should be ", "must be ")
    if error["type"] in _MUST_BE:
        given = json.dumps(error["input"])
        given = given if len(given) <= 40 else f"{given[:40]}..."
        message = f"must be {_MUST_BE[error['type']]}, not {given}"
    if error["type"].startswith("import_"):  # a time refused, say: a phrase that follows it
        return f"{where} {message}"
    return f"{where}: {message}"
