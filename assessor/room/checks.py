"""What the room refuses from a device, in one sentence with an HTTP status, and the text it
keeps: every control character made a space, invisible format characters dropped, names that
people could read out."""

from __future__ import annotations

import ipaddress
import unicodedata

NAME_LIMIT = 40
ORGANISATION_LIMIT = 80
COMMENT_LIMIT = 600


class Refused(Exception):
    """A request the room turns down, with the one sentence to show and an HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def control_free(text: str, keep_newlines: bool) -> str:
    """Text with every control character (terminal escapes among them) made a space and every
    invisible format character (a zero-width space, a direction mark) dropped; newlines kept
    in a comment."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n" and keep_newlines:
            kept.append(char)
        elif category == "Cf":
            continue
        elif category in ("Cc", "Cs", "Co", "Cn"):
            kept.append(" ")
        else:
            kept.append(char)
    return "".join(kept)


def one_line(text: str, limit: int, what: str) -> str:
    cleaned = " ".join(control_free(text, keep_newlines=False).split())
    if len(cleaned) > limit:
        raise Refused(400, f"{what} is too long: at most {limit} characters, please.")
    return cleaned


def on_this_computer(client: str) -> bool:
    try:
        return ipaddress.ip_address(client).is_loopback
    except ValueError:
        return False


def name_shape(name: str) -> str | None:
    """Why a name is not one people could read out: letters (of any script, with at most two
    accents each), digits, spaces, hyphens, apostrophes and full stops only."""
    marks = 0
    for char in name:
        if unicodedata.combining(char):
            marks += 1
            if marks > 2:
                return "a letter carries more than two accents"
            continue
        marks = 0
        if not (char.isalnum() or char in " -'\u2019."):
            return "use letters, digits, spaces, hyphens and apostrophes only"
    return None
