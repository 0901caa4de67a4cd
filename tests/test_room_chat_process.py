"""`assessor chat --plain --workshop --room` as a real process on a free port: people join and
rate over real HTTP while the facilitator types into its standard input; the room closes (its
server stops answering) on pause and on Ctrl+C, and every rating is in the database."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from room_web import Device

from assessor.continuum import Stage
from assessor.store import Store


@dataclass(frozen=True)
class Served:
    """Where the process says its room is, as the devices need it."""

    join_address: str
    origin: str
    code: str


class Facilitator:
    """The chat's process: what it printed so far, and its standard input."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.printed = ""
        self._reading = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := await self.process.stdout.read(4096):
            self.printed += chunk.decode()

    async def until(self, text: str) -> None:
        """Wait until the process has printed `text` (or fail once it has ended without)."""
        while text not in self.printed:
            if self._reading.done():
                raise AssertionError(f"never printed {text!r}:\n{self.printed}")
            await asyncio.sleep(0.01)

    def says(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")

    async def ended(self) -> int:
        code = await asyncio.wait_for(self.process.wait(), 60)
        await self._reading
        return code


async def start(db: Path) -> tuple[Facilitator, Served]:
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "assessor", "chat", "--plain", "--workshop", "--room"),
        *("--partnership", "Riverside", "--banks", "governance", "--port", "0"),
        *("--db", str(db)),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    facilitator = Facilitator(process)
    await facilitator.until("Say 'ready'")
    address = re.search(r"Join address: (\S+)", facilitator.printed)
    code = re.search(r"Room code: (\S+)", facilitator.printed)
    assert address and code, facilitator.printed
    origin = re.match(r"http://[^/]+", address[1])
    assert origin is not None
    return facilitator, Served(address[1], origin[0], code[1])


def test_a_plain_chat_room_over_real_http_until_it_pauses(tmp_path: Path) -> None:
    db = tmp_path / "room.db"

    async def workshop() -> int:
        facilitator, served = await start(db)
        assert served.join_address.startswith("http://127.0.0.1:")  # loopback unless exposed
        assert "█" not in facilitator.printed  # no QR code drawn into a pipe
        async with Device(served) as ab, Device(served) as cd, Device(served) as ef:  # type: ignore[arg-type]
            for device, name, organisation, sector in (
                (ab, "AB", "Riverside Council", "council"),
                (cd, "CD", "NHS Trust", "health"),
                (ef, "EF", "Young Minds", "voluntary"),
            ):
                status, page = await device.join(name, organisation, sector)
                assert status in (200, 303), page
            await facilitator.until("EF (Young Minds, VCS) joined the room")
            facilitator.says("ready")
            await facilitator.until("question 1 of 9")
            assert (await ab.rate("2"))[0] in (200, 303)
            await facilitator.until("AB has rated (1 of 3 rated so far).")
            assert (await cd.rate("4"))[0] in (200, 303)
            assert (await ef.rate("4", "the board signs off jointly"))[0] in (200, 303)
            await facilitator.until("Everyone in the room has rated.")
            before = facilitator.printed[: facilitator.printed.index("Everyone in the room")]
            assert "AB 2" not in before and "CD 4" not in before  # who, never what
            await facilitator.until("Who said what: AB 2, CD 4, EF 4.")
            facilitator.says("agree")
            await facilitator.until("question 2 of 9")
            facilitator.says("pause")
            code = await facilitator.ended()
            assert "The room has closed." in facilitator.printed
            with pytest.raises(aiohttp.ClientConnectionError):  # nothing listens any more
                await ab.page()
        return code

    assert asyncio.run(workshop()) == 0
    with Store(db) as store:
        (assessment,) = store.assessments()
        agreed = {a.question_id: a.stage for a in store.answers(assessment.id)}
        assert agreed["governance.board"] is Stage.COLLABORATION
        voices = [a.stage for a in store.answers(assessment.id, voices=True) if a.participant_id]
        assert sorted(s.value_number for s in voices if s) == [2, 4, 4]


def test_ctrl_c_closes_the_room_and_says_how_to_carry_on(tmp_path: Path) -> None:
    db = tmp_path / "room.db"

    async def workshop() -> tuple[int, str]:
        facilitator, served = await start(db)
        async with Device(served) as ab:  # type: ignore[arg-type]
            assert (await ab.join("AB"))[0] in (200, 303)
            await facilitator.until("AB (Riverside Council, Council) joined the room")
            facilitator.process.send_signal(signal.SIGINT)
            code = await facilitator.ended()
            with pytest.raises(aiohttp.ClientConnectionError):
                await ab.page()
        return code, facilitator.printed

    code, printed = asyncio.run(workshop())
    assert code == 130
    said = " ".join(printed.split())
    assert "Stopped. The room has closed. Your answers are saved; carry on with:" in said
    assert "--plain --room" in said
    assert "Traceback" not in printed


def test_room_options_are_refused_where_they_mean_nothing(tmp_path: Path, capsys) -> None:
    from assessor import cli

    db = str(tmp_path / "room.db")
    plain = ["chat", "--plain", "--partnership", "Riverside", "--banks", "governance"]
    assert cli.main([*plain, "--room", "--db", db]) != 0
    assert "a room is for a workshop: add --workshop" in capsys.readouterr().err
    assert cli.main([*plain, "--workshop", "--port", "9000", "--db", db]) != 0
    assert "--host, --port and --expose are for a room: add --room" in capsys.readouterr().err
    # no partnership and no workshop: refused before the plain chat asks for a name
    assert cli.main(["chat", "--plain", "--room", "--db", db]) != 0
    assert "a room is for a workshop: add --workshop" in capsys.readouterr().err
    with Store(tmp_path / "room.db") as store:
        assert store.assessments() == []  # nothing was made


def test_resuming_a_self_assessment_with_a_room_is_refused(tmp_path: Path, capsys) -> None:
    from assessor import cli
    from assessor.banks import load_builtin
    from assessor.sessions import begin

    db = tmp_path / "room.db"
    with Store(db) as store:
        own = begin(store, "Riverside", load_builtin().select(["governance"]), lead="AB")
    assert cli.main(["resume", own.id, "--plain", "--room", "--db", str(db)]) != 0
    said = capsys.readouterr().err
    assert f"assessment {own.id} is not a workshop: a room is for a workshop" in said
    assert "Traceback" not in said


def test_a_malformed_request_prints_nothing_on_the_facilitators_screen(tmp_path: Path) -> None:
    """A header too long or a bad request line from anyone on the network is answered 400; no
    traceback reaches the screen (or the screen reader) the facilitator runs the workshop on."""

    async def workshop() -> str:
        facilitator, served = await start(tmp_path / "room.db")
        port = int(served.origin.rsplit(":", 1)[1])
        for request in (
            b"GET / HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 9000 + b"\r\n\r\n",
            b"GET /\x1b[31mRED HTTP/1.1\r\nHost: x\r\n\r\n",
        ):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            await writer.drain()
            answer = await reader.read(200)
            writer.close()
            assert answer.split(b"\r\n")[0].endswith(b" 400 Bad Request"), answer
        facilitator.says("pause")
        await facilitator.ended()
        return facilitator.printed

    printed = asyncio.run(workshop())
    assert "Nothing was answered, so no assessment was kept." in printed  # paused before ready
    assert "Traceback" not in printed and "Error handling request" not in printed
    said = " ".join(printed.split())
    assert "This address works on this computer only: phones cannot open it." in said


def test_the_way_to_carry_on_opens_the_room_where_the_phones_look_for_it() -> None:
    """The resume line printed on pause keeps --expose and a chosen port, so the phones' address
    still works."""
    from argparse import Namespace

    from assessor.commands.chat_room import resume_options
    from assessor.plain.room_chat import room_resume_command

    options = resume_options(Namespace(expose=True, port=8123))
    assert room_resume_command("ab12cd34", options).endswith(
        "resume ab12cd34 --plain --room --expose --port 8123"
    )
    assert room_resume_command(
        "ab12cd34", resume_options(Namespace(expose=False, port=0))
    ).endswith("resume ab12cd34 --plain --room")


def test_the_apps_start_screen_can_be_given_a_room_open_to_the_wifi() -> None:
    """`assessor chat --room --expose` with no partnership opens the start screen, and a
    workshop begun there opens its room where phones can reach it; naming a partnership
    without --workshop is still refused."""
    from argparse import Namespace

    from assessor.commands.chat_room import room_asked
    from assessor.errors import UserError

    def asked(partnership: str | None) -> Namespace:
        return Namespace(
            room=True,
            workshop=False,
            participant=None,
            from_ids=None,
            partnership=partnership,
            expose=False,
            host=None,
            port=8123,
        )

    where = room_asked(asked(None))
    assert where is not None and (where.host, where.port) == ("127.0.0.1", 8123)
    with pytest.raises(UserError, match="a room is for a workshop: add --workshop"):
        room_asked(asked("Riverside"))
