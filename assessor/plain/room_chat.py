"""The plain chat with a room open: the facilitator types as in any workshop, while people join
and rate on their own devices through the room's web server, in this same process and on this
same event loop.

Lines are read on a thread of their own and handed to the loop, so the server answers while the
facilitator thinks; what the room has to say (someone joined, someone rated, the reveal) is
printed as it happens. Each facilitator line goes through `Room.reply`, so every device learns
of it. The room closes when the workshop pauses or ends, the input ends, or Ctrl+C is pressed;
every rating was committed when it was acknowledged, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import shutil
import threading
import urllib.parse
from collections.abc import Callable
from typing import TextIO

from assessor.conversation import BotMessage
from assessor.conversation.workshop import WorkshopConversation
from assessor.plain.chat import (
    NOTHING_KEPT,
    _unreadable_notice,
    _wrapped,
    readable,
    resume_command,
    write_messages,
)
from assessor.room.qr_text import qr_lines
from assessor.room.room import Room
from assessor.terminal_text import VisibleWriter, visible


def room_resume_command(assessment_id: str, options: str = "") -> str:
    """How to carry on this workshop with its room open again (the same code and address):
    `options` are the room's own as given (`--expose`, `--port N`)."""
    return f"{resume_command(assessment_id)} --room{' ' + options if options else ''}"


def _this_computer_only(address: str) -> bool:
    host = urllib.parse.urlsplit(address).hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def announcement(address: str, code: str, drawn: bool) -> list[str]:
    """What the facilitator puts on the projector: the address and the code in words, and the
    QR code drawn in text when `drawn` (a terminal; never for a screen reader's pipe)."""
    lines = [
        "The room is open. Everyone in the workshop can now join from their own phone or laptop.",
        f"Join address: {address}",
        f"Room code: {code}",
        "Put this on the projector: people open the address (or scan the code below with a "
        "phone's camera), type the room code, their name or initials, organisation and sector."
        if drawn
        else "Put this on the projector: people open the address, type the room code, their "
        "name or initials, organisation and sector.",
    ]
    if _this_computer_only(address):
        lines.append(
            "This address works on this computer only: phones cannot open it. To let phones on "
            "the room's Wi-Fi join, pause and start again with --expose."
        )
    if drawn:
        lines += ["", *qr_lines(address)]
    return lines


class _Lines:
    """The facilitator's lines, read on a thread of their own so the loop never waits on the
    keyboard; None once the input ends."""

    def __init__(self, source: TextIO, loop: asyncio.AbstractEventLoop) -> None:
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._source = source
        self._loop = loop
        threading.Thread(target=self._read, name="assessor-room-input", daemon=True).start()

    def _read(self) -> None:
        # the input closed under us reads as its end; a loop already closed has nobody waiting
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            while line := self._source.readline():
                self._loop.call_soon_threadsafe(self._queue.put_nowait, line)
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._queue.put_nowait, None)

    async def next(self) -> str | None:
        return await self._queue.get()


class _Reporter:
    """Prints what the room says as it happens: joins, each new rating by name (never its
    value), the reveal."""

    def __init__(self, room: Room, out: TextIO, width: int | None, prompt: bool) -> None:
        self.room = room
        self.out = out
        self.width = width
        self.prompt = prompt
        self._rated: set[int] = set()
        self._question: str | None = None
        self.quiet = False  # while the facilitator's own line is answered

    def __call__(self, messages: list[BotMessage]) -> None:
        view = self.room.facilitator_view()
        question = view.question.id if view.question else None
        rated = {r.id for r in view.roster if r.state == "rated"}
        if question != self._question:
            self._question, self._rated = question, set()
        news = [r for r in view.roster if r.id in rated - self._rated]
        self._rated = rated
        if self.quiet or (not messages and not news):
            return
        lines = [
            f"{r.person.name} has rated ({view.rated} of {view.of} rated so far)."
            for r in news
            if view.phase == "rating"
        ]
        if lines or messages:
            self.out.write("\n")
            for line in lines:
                self.out.write(_wrapped(visible(line), self.width) + "\n\n")
            write_messages(messages, self.out, self.width)
            if self.prompt:
                self.out.write("> ")
            self.out.flush()


async def run(
    conversation: WorkshopConversation,
    room: Room,
    address: str,
    lines: TextIO,
    out: TextIO,
    echo: bool,
    discard: Callable[[], bool] | None = None,
    drawn: bool | None = None,
    options: str = "",
) -> int:
    """Talk until the workshop pauses or the input ends, with the room open; the room is closed
    when this returns (the caller stops its server)."""
    out = VisibleWriter.around(out)
    width = shutil.get_terminal_size().columns - 1 if out.isatty() else None
    conversation.resume_command = room_resume_command(conversation.assessment.id, options)
    reporter = _Reporter(room, out, width, prompt=not echo)
    room.listen(reporter)
    try:
        shown = announcement(address, room.keys.code, out.isatty() if drawn is None else drawn)
        for said in shown:  # the QR's lines are never wrapped
            out.write((said if said[:1] == "█" else _wrapped(visible(said), width)) + "\n")
        out.write("\n")
        write_messages(conversation.start(), out, width)
        reader = _Lines(lines, asyncio.get_running_loop())
        number, told = 0, False
        while True:
            if not echo:
                out.write("> ")
                out.flush()
            line = await reader.next()
            number += 1
            if line is None:
                _input_ended(conversation, reporter, discard, options)
                return 0
            text, damaged = readable(line.rstrip("\r\n"))
            if echo:
                out.write(_wrapped(f"> {visible(text)}", width) + "\n")
            if damaged and not told:
                told = True
                notice = _unreadable_notice(number, getattr(lines, "encoding", None))
                out.write(_wrapped(notice, width) + "\n\n")
            if _said(conversation, reporter, text, discard):
                return 0
    finally:
        room.close()


def _said(
    conversation: WorkshopConversation,
    reporter: _Reporter,
    text: str,
    discard: Callable[[], bool] | None,
) -> bool:
    """The facilitator's line said through the room, and the replies written; whether the chat
    ends with it (the workshop paused)."""
    room, out, width = reporter.room, reporter.out, reporter.width
    reporter.quiet = True
    try:
        replies = room.reply(text)
    finally:
        reporter.quiet = False
    if conversation.paused:
        room.close()
        if discard is not None and discard():
            out.write(_wrapped(NOTHING_KEPT, width) + "\n")
            return True
    write_messages(replies, out, width)
    if conversation.paused:
        out.write(_wrapped("The room has closed.", width) + "\n")
        return True
    if conversation.state.finished and not room.closed:
        room.close()
        out.write(
            _wrapped(
                "The room has closed: every question has been through. Nobody can "
                "join or rate now.",
                width,
            )
            + "\n\n"
        )
    return False


def _input_ended(
    conversation: WorkshopConversation,
    reporter: _Reporter,
    discard: Callable[[], bool] | None,
    options: str,
) -> None:
    """The input ended: the room closes, and the facilitator is told what was kept and how to
    carry on."""
    room, out, width = reporter.room, reporter.out, reporter.width
    assessment_id = conversation.assessment.id
    room.close()
    if discard is not None and discard():
        out.write(f"\n{_wrapped(NOTHING_KEPT, width)}\n")
    elif conversation.state.finished:
        out.write(f"\nThe room has closed. All saved as assessment {assessment_id}.\n")
    else:
        ended = (
            "Input ended. The room has closed; every rating is saved. Carry on "
            f"with: {room_resume_command(assessment_id, options)}"
        )
        out.write(f"\n{_wrapped(ended, width)}\n")
