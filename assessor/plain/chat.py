"""The plain line-mode chat: one line in, the bot's messages out, plain text, no escape codes.

The accessible face (screen readers, braille displays) and the scriptable one:
`printf '3\\n4\\nskip\\n' | assessor chat --plain --partnership NAME`.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable, Iterable
from typing import TextIO

from assessor.conversation import BotMessage, Conversation
from assessor.store.text import REPLACEMENT
from assessor.terminal_text import VisibleWriter, visible
from assessor.text.profile import domain_table

# What a line read with errors="surrogateescape" holds for each byte that was not text in the
# input's encoding (U+DC80-U+DCFF), and NUL, which no stored text may hold.
_UNREADABLE = re.compile("[\udc80-\udcff\x00]")


def readable(text: str) -> tuple[str, bool]:
    """A line of input as text that can be stored and shown: each byte that was not valid in
    the input's encoding, and each NUL, becomes U+FFFD. True when any did."""
    cleaned = _UNREADABLE.sub(REPLACEMENT, text)
    return cleaned, cleaned != text


# A stage's number and its name ("3 Coordination") are wrapped as one word: a private-use
# character holds them together while the line is filled, and is a space again after.
_STAGE_NUMBER = re.compile(r"\b([1-5]) (?=[A-Z][a-z])")
_GLUE = "\ue000"


def _unreadable_notice(number: int, encoding: str | None) -> str:
    return (
        f"Line {number} of the input has bytes that are not readable {encoding or ''} text; "
        f"each is read as {REPLACEMENT} (here and in any later line), and the rest is read as "
        "written."
    )


def _wrapped(text: str, width: int | None) -> str:
    """Lines wrapped for a terminal at spaces only, never inside a word nor at a hyphen (a word
    longer than the line keeps a line of its own), so that a screen reader reading a line reads
    whole words; left whole for pipes."""
    if not width:
        return text
    kept = []
    for line in text.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        filled = textwrap.fill(
            _STAGE_NUMBER.sub(rf"\1{_GLUE}", line),  # '3 Coordination' kept on one line
            width,
            subsequent_indent=indent + "  " if indent else "",
            break_long_words=False,
            break_on_hyphens=False,
        )
        kept.append(filled.replace(_GLUE, " "))
    return "\n".join(kept)


def _fitted(message: BotMessage, width: int | None) -> str:
    """The message's text for a terminal this wide: a profile table too wide for it keeps its
    columns and gives each domain's notes a line of their own, indented beneath it (wrapped
    as a whole, a table's notes would run on at the left edge)."""
    parts = message.summary
    if not width or parts is None:
        return message.text
    table = domain_table(parts.profile, dict(parts.no_consensus))
    if max(len(line) for line in table) <= width or "notes" not in table[0]:
        return message.text
    notes_at = table[0].index("notes")
    narrow = [table[0][:notes_at].rstrip()]
    if len(narrow[0]) > width:  # not even the first columns fit: a domain to a line, then its row
        stage_at = table[0].index("stage")
        narrow = []
        for line in table[1:]:
            *stage, score, answered = line[stage_at:notes_at].split()
            row = f"{' '.join(stage)} {score}, {answered} answered".replace(" -,", ",")
            notes = line[notes_at:].strip()
            narrow += [line[:stage_at].rstrip(), f"    {row}" + (f"; {notes}" if notes else "")]
        return message.text.replace("\n".join(table), "\n".join(narrow))
    for line in table[1:]:
        narrow.append(line[:notes_at].rstrip())
        if notes := line[notes_at:].strip():
            narrow.append(f"    {notes}")
    return message.text.replace("\n".join(table), "\n".join(narrow))


def write_messages(messages: Iterable[BotMessage], out: TextIO, width: int | None = None) -> None:
    for message in messages:
        # visible before wrapping: a line is as wide as it is shown
        out.write(_wrapped(visible(_fitted(message, width).rstrip()), width) + "\n\n")
    out.flush()


def resume_command(assessment_id: str) -> str:
    """How to carry on in this same plain face (not the full-screen app)."""
    return f"assessor resume {assessment_id} --plain"


NOTHING_KEPT = "Nothing was answered, so no assessment was kept."


def run(
    conversation: Conversation,
    lines: TextIO,
    out: TextIO,
    echo: bool,
    discard: Callable[[], bool] | None = None,
) -> int:
    """Talk until the person pauses or the input ends; every answer is already saved. What is
    written shows control characters visibly: names and notes never reach a terminal raw.

    `discard`, for an assessment this run began: called at the end, True when it removed the
    assessment as empty (`sessions.discard_if_unanswered`), which is then said instead of how
    to carry on."""
    out = VisibleWriter.around(out)
    width = shutil.get_terminal_size().columns - 1 if out.isatty() else None
    assessment_id = conversation.assessment.id
    conversation.resume_command = resume_command(assessment_id)
    write_messages(conversation.start(), out, width)
    number, told = 0, False
    while True:
        if not echo:
            out.write("> ")
            out.flush()
        line = lines.readline()
        number += 1
        if not line:
            if discard is not None and discard():
                out.write(f"\n{_wrapped(NOTHING_KEPT, width)}\n")
            elif conversation.state.finished:
                out.write(f"\nAll saved as assessment {assessment_id}.\n")
            else:
                ended = (
                    "Input ended. Your answers are saved; carry on with: "
                    f"{resume_command(assessment_id)}"
                )
                out.write(f"\n{_wrapped(ended, width)}\n")
            return 0
        text, damaged = readable(line.rstrip("\r\n"))
        if echo:  # what was read (its control characters visible, as everything written)
            out.write(_wrapped(f"> {visible(text)}", width) + "\n")
        if damaged and not told:
            told = True
            notice = _unreadable_notice(number, getattr(lines, "encoding", None))
            out.write(_wrapped(notice, width) + "\n\n")
        replies = conversation.reply(text)
        if conversation.paused and discard is not None and discard():
            out.write(_wrapped(NOTHING_KEPT, width) + "\n")  # not how to carry it on
            return 0
        write_messages(replies, out, width)
        if conversation.paused:
            return 0
