"""The room under load: PEOPLE participants (default 40) on their own devices, over real HTTP on
loopback, against a real room server in a process of its own (as the facilitator's is) on a
temporary SQLite store.

Everyone joins; each device then waits for the question as the page's script does (a long poll
on /state, then /main for the page); the facilitator opens a question and every device rates it
at a random moment within SPREAD seconds (default 3), for ROUNDS questions. A rating's latency
is its POST to the server's answer (the rating is committed before it is acknowledged).
Printed: latency p50 and p99 (target p99 < 200 ms), ratings per second over each burst, and a
check that every rating is stored and each question was revealed when the last one came in.
Run: python bench/room.py [--people 40] [--rounds 3] [--spread 3] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp


def serve(db: Path) -> None:
    """The facilitator's side: a workshop's room served on a free loopback port; commands on
    stdin ('ready', 'agree', 'check'), one JSON line back for each."""
    from assessor.banks import load_builtin
    from assessor.conversation import conversation_for
    from assessor.room.room import Room
    from assessor.sessions import begin
    from assessor.store import Store
    from assessor.web.room_server import serve_room

    async def run() -> None:
        store = Store(db)
        banks = load_builtin().select(["governance"])
        assessment = begin(store, "Bench", banks, mode="workshop")
        conversation = conversation_for(store, assessment.id, banks)
        conversation.start()
        room = Room.open(conversation)
        running = await serve_room(room, port=0)
        say = {"address": running.join_address, "code": running.code, "origin": running.origin}
        print(json.dumps(say), flush=True)
        loop = asyncio.get_running_loop()
        while line := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            if line == "ready":
                room.reply("ready")
            elif line == "agree":
                room.reply("agree because the bench agrees")
            view = room.facilitator_view()
            question = view.question.id if view.question else ""
            stored = [
                a
                for a in store.answers(assessment.id, voices=True)
                if a.question_id == question and a.participant_id is not None
            ]
            state = {"phase": view.phase, "question": question, "rated": view.rated}
            print(json.dumps({**state, "of": view.of, "stored": len(stored)}), flush=True)
        await running.stop()
        store.close()

    asyncio.run(run())


@dataclass
class Phone:
    """One participant's device: its cookies, and what its page shows."""

    number: int
    session: aiohttp.ClientSession
    address: str
    origin: str
    version: int = 0
    question: str = ""
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    requests: int = 0

    async def join(self, code: str) -> None:
        form = {
            "code": code,
            "name": f"P{self.number:02d}",
            "organisation": f"Organisation {self.number % 7}",
            "sector": ("council", "health", "education", "early years", "voluntary")[
                self.number % 5
            ],
        }
        async with self.session.post(
            self.address + "join",
            data=form,
            headers={"Origin": self.origin},
            allow_redirects=False,
        ) as response:
            assert response.status == 303, await response.text()

    async def watch(self) -> None:
        """As room.js does: wait on /state for a change; fetch the page's main part unless only
        the count of who has rated moved."""
        shown: tuple[object, ...] = ()
        while True:
            async with self.session.get(f"{self.address}state?v={self.version}") as response:
                self.requests += 1
                view = await response.json()
            self.version = view["version"]
            question = view["question"]["id"] if view["question"] else ""
            seen = (view["phase"], question, view["mine"])
            if seen != shown:
                async with self.session.get(self.address + "main") as response:
                    self.requests += 1
                    await response.read()
                shown = seen
            if view["phase"] == "rating" and question != self.question:
                self.question = question
                self.changed.set()

    async def rate(self, delay: float) -> tuple[float, float]:
        """Rate the question shown after `delay` seconds: when it was acknowledged, and how long
        that took."""
        await asyncio.sleep(delay)
        form = {"question": self.question, "choice": str(self.number % 5 + 1), "comment": ""}
        start = time.perf_counter()
        async with self.session.post(
            self.address + "rate",
            data=form,
            headers={"Origin": self.origin},
            allow_redirects=False,
        ) as response:
            await response.read()
            assert response.status == 303, response.status
        done = time.perf_counter()
        return done, done - start


class Facilitator:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def say(self, command: str) -> dict[str, object]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(command.encode() + b"\n")
        await self.process.stdin.drain()
        answer: dict[str, object] = json.loads(await self.process.stdout.readline())
        return answer


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def bench(people: int, rounds: int, spread: float, folder: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--serve",
        str(folder / "room.db"),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout
    served = json.loads(await process.stdout.readline())
    facilitator = Facilitator(process)
    connector = aiohttp.TCPConnector(limit=0)
    sessions = [
        aiohttp.ClientSession(
            connector=connector, connector_owner=False, cookie_jar=aiohttp.CookieJar(unsafe=True)
        )
        for _ in range(people)
    ]
    phones = [
        Phone(n, session, served["address"], served["origin"])
        for n, session in enumerate(sessions, start=1)
    ]
    latencies: list[float] = []
    rates: list[float] = []
    checks: list[dict[str, object]] = []
    watchers: list[asyncio.Task[None]] = []
    try:
        start = time.perf_counter()
        await asyncio.gather(*(phone.join(served["code"]) for phone in phones))
        joined = time.perf_counter() - start
        watchers = [asyncio.create_task(phone.watch()) for phone in phones]
        for number in range(rounds):
            for phone in phones:
                phone.changed.clear()
            await facilitator.say("ready" if number == 0 else "agree")
            await asyncio.wait_for(asyncio.gather(*(phone.changed.wait() for phone in phones)), 60)
            began = time.perf_counter()
            done = await asyncio.gather(
                *(phone.rate(random.uniform(0, spread)) for phone in phones)
            )
            latencies += [took for _, took in done]
            rates.append(people / (max(at for at, _ in done) - began))
            checks.append(await facilitator.say("check"))
    finally:
        for watcher in watchers:
            watcher.cancel()
        await asyncio.gather(*watchers, return_exceptions=True)
        for session in sessions:
            await session.close()
        await connector.close()
        if process.stdin:
            process.stdin.close()
        await process.wait()
    complete = all(c["phase"] == "revealed" and c["stored"] == people for c in checks)
    requests = sum(phone.requests for phone in phones)
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"aiohttp {aiohttp.__version__}; {people} participants, {rounds} question(s), each rated "
        f"within {spread:g} s; joins took {joined:.2f} s; the pages' long polls made "
        f"{requests} requests; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"{'case':52} {'figure':>10} {'target':>9}")
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    print(f"{'rating latency p50, ms (POST to its answer)':52} {p50 * 1000:>10.1f} {'-':>9}")
    p90 = percentile(latencies, 0.9)
    print(f"{'rating latency p90, ms':52} {p90 * 1000:>10.1f} {'-':>9}")
    print(f"{'rating latency p99, ms':52} {p99 * 1000:>10.1f} {'< 200':>9}")
    print(f"{'rating latency max, ms':52} {max(latencies) * 1000:>10.1f} {'-':>9}")
    label = "ratings per second (over each burst, median)"
    print(f"{label:52} {statistics.median(rates):>10.1f} {'-':>9}")
    print(f"{'every rating stored, each question revealed':52} {complete!s:>10} {'True':>9}")
    if not complete:
        raise SystemExit(f"ratings missing: {checks}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--spread", type=float, default=3.0, help="seconds the ratings span")
    parser.add_argument("--quick", action="store_true", help="10 people, one question (CI)")
    parser.add_argument("--serve", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve))
        return
    people, rounds = (10, 1) if args.quick else (args.people, args.rounds)
    with tempfile.TemporaryDirectory() as name:
        asyncio.run(bench(people, rounds, args.spread, Path(name)))


if __name__ == "__main__":
    main()
