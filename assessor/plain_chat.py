"""The plain line-mode chat: one line in, the bot's messages out, plain text, no escape codes.

The accessible face (screen readers, braille displays) and the scriptable one:
`printf '3\\n4\\nskip\\n' | assessor chat --plain --partnership NAME`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from assessor.conversation import BotMessage, Conversation


def write_messages(messages: Iterable[BotMessage], out: TextIO) -> None:
    for message in messages:
        out.write(message.text.rstrip() + "\n\n")
    out.flush()


def run(conversation: Conversation, lines: TextIO, out: TextIO, echo: bool) -> int:
    """Talk until the person pauses or the input ends; every answer is already saved."""
    write_messages(conversation.start(), out)
    assessment_id = conversation.assessment.id
    while True:
        if not echo:
            out.write("> ")
            out.flush()
        line = lines.readline()
        if not line:
            if conversation.state.finished:
                out.write(f"\nAll saved as assessment {assessment_id}.\n")
            else:
                out.write(
                    f"\nInput ended. Your answers are saved; carry on with: "
                    f"assessor resume {assessment_id}\n"
                )
            return 0
        text = line.rstrip("\r\n")
        if echo:
            out.write(f"> {text}\n")
        write_messages(conversation.reply(text), out)
        if conversation.paused:
            return 0
