"""A programme's store at three sizes: every figure of issue 16, and its ratio to the smallest.

Stores of 100, 1,000 and 10,000 complete assessments (10 per partnership, every shipped question
answered, with notes), plus one workshop per timed run (8 people rating every question), are
built through the public import (`import_assessment` of `parse_export`, what `assessor import`
runs: one transaction per assessment), on SQLite and, when a PostgreSQL server's programs and
the driver are here, on a throwaway PostgreSQL cluster (the tests' own helper,
tests/postgres_server.py). Then, in fresh processes as a user runs them:

- the first `assessor history` with nothing cached (seconds and peak memory), and `history` again;
- the app's start screen, from launch to its list of assessments drawn (headless);
- `history --partnership`, `compare --partnership`, `report` (HTML) of one assessment;
- `delete --yes` of a workshop;
- the store's size (the file; on PostgreSQL, the database).

Each figure is a median of runs (the first `history`: the summaries are emptied before each),
as wall-clock seconds and as the CPU seconds the process used (steadier on a shared machine).
Prints one table per engine, with the ratio of each figure to the 100-assessment store, and
each PostgreSQL figure's ratio to SQLite's.
Run: python bench/scale.py [--sizes 100,1000,10000] [--runs 3] [--no-postgres] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from assessor.answers import AnswerValue
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.sessions import begin
from assessor.store import Store
from assessor.store.location import ServerAddress
from assessor.store.transfer import export_assessment, import_assessment, parse_export

PER_PARTNERSHIP = 10
PEOPLE = 8
HERE = Path(__file__).resolve().parent

APP = """
import os
import sys

import assessor.tui as tui

start_app = tui.run_app


def run_to_list(*args, **kwargs):
    import assessor.tui.app as app_module

    class Listed(app_module.AssessorApp):
        def run(self, *args, **kwargs):
            return super().run(headless=True)

        def on_ready(self) -> None:
            self._done = False
            self.set_interval(0.002, self._check)

        def _check(self) -> None:
            table = self.screen.query("#recent")
            if table and table.first().row_count and not self._done:
                self._done = True
                self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            os.write(int(sys.argv[2]), b"listed")
            self.exit()

    app_module.AssessorApp = Listed
    return start_app(*args, **kwargs)


tui.run_app = run_to_list
from assessor.cli import main

main(["--db", sys.argv[1], "app"])
"""


# -- the exports a programme lead collects ---------------------------------------------------


def templates(folder: Path) -> tuple[dict, dict]:
    """An individual assessment and a workshop, exported from a scratch store, as JSON data."""
    installed = load_builtin()
    with Store(folder / "seed.db") as store:
        single = begin(store, "Seed", installed, lead="Sam Lead")
        for n, question in enumerate(installed.questions):
            store.record_answer(
                single.id,
                question.id,
                AnswerValue.of(Stage.from_number(n % 5 + 1)),
                "we meet monthly and share minutes",
                f"Evidence: board minutes, item {n}",
            )
        store.set_status(single.id, complete=True)
        room = begin(store, "Seed", installed, lead="Facilitator", mode="workshop")
        people = [store.add_participant(room.id, f"Person {n}", f"Org {n}") for n in range(PEOPLE)]
        for n, question in enumerate(installed.questions):
            store.record_ratings(
                room.id,
                question.id,
                [
                    (p.id, AnswerValue.of(Stage.from_number((n + i) % 5 + 1)))
                    for i, p in enumerate(people)
                ],
                "ratings",
                "Facilitator",
            )
            store.record_answer(room.id, question.id, AnswerValue.of(Stage.COORDINATION), "3")
        store.set_status(room.id, complete=True)
        return (
            json.loads(export_assessment(store, single.id).model_dump_json()),
            json.loads(export_assessment(store, room.id).model_dump_json()),
        )


def variant(template: dict, number: int, partnership: str, when: datetime) -> str:
    data = json.loads(json.dumps(template))
    data["assessment"]["id"] = f"{number:08x}"
    data["assessment"]["partnership"] = partnership
    data["assessment"]["area"] = f"Region {number % 9}"
    data["assessment"]["started_at"] = when.isoformat()
    data["assessment"]["finished_at"] = (when + timedelta(hours=2)).isoformat()
    for n, answer in enumerate(data["answers"]):
        if answer["participant_id"] is None:
            answer["value"] = (number + n) % 5 + 1
        answer["answered_at"] = (when + timedelta(minutes=1)).isoformat()
    return json.dumps(data)


def partnership(number: int) -> str:
    return f"Partnership {number // PER_PARTNERSHIP:04d}"


def build(where: Any, count: int, workshops: int, single: dict, room: dict) -> list[str]:
    """A store of `count` assessments and `workshops` workshops, imported one file at a time;
    the workshops' ids."""
    start = datetime(2016, 1, 1, tzinfo=UTC)
    rooms = []
    with Store(where) as store:
        for number in range(count):
            when = start + timedelta(hours=number)
            text = variant(single, number, partnership(number), when)
            import_assessment(store, parse_export(text, f"{number}.json"))
        for n in range(workshops):
            when = start + timedelta(hours=count + n)
            text = variant(room, count + n, partnership(0), when)
            rooms.append(import_assessment(store, parse_export(text, f"w{n}.json")).id)
    return rooms


# -- timing fresh processes ------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds, launch to done
    cpu: float  # seconds of CPU the process used (user + system): steadier on a busy machine
    peak: float  # peak resident memory, MB


def run(command: list[str], env: dict[str, str]) -> Timing:
    """One process, to its exit."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    errors = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return Timing(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def app_listed(db: str, env: dict[str, str]) -> Timing:
    """The app from launch to its list of assessments drawn (its CPU: to its exit)."""
    read, write = os.pipe()
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", APP, db, str(write)],
        env=env,
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        listed = pipe.read(1)
    elapsed = time.perf_counter() - start
    _, _, usage = os.wait4(child.pid, 0)
    errors = child.stderr.read().decode() if child.stderr else ""
    if not listed:
        raise SystemExit(f"the app did not list the assessments:\n{errors}")
    return Timing(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


class Engine:
    """Where the stores of one engine are made, and how their size and cache are reached."""

    name = "SQLite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def new(self, label: str) -> Any:
        return self.folder / f"{label}.db"

    def cli(self, where: Any) -> str:
        return where.secret if isinstance(where, ServerAddress) else str(where)

    def size_mb(self, where: Any) -> float:
        connection = sqlite3.connect(where)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        return Path(where).stat().st_size / 1e6

    def forget_summaries(self, where: Any) -> None:
        connection = sqlite3.connect(where)
        connection.execute("DELETE FROM summaries")
        connection.commit()
        connection.close()


class Postgres(Engine):
    name = "PostgreSQL"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        sys.path.insert(0, str(HERE.parent / "tests"))
        import postgres_server

        self.helper = postgres_server
        self.server = postgres_server.start()

    def new(self, label: str) -> Any:
        return ServerAddress(self.server.new_database(f"scale_{label}"))

    def _run(self, where: Any, sql: str) -> Any:
        import psycopg

        with psycopg.connect(where.secret, autocommit=True) as connection:
            return connection.execute(sql).fetchone()

    def size_mb(self, where: Any) -> float:
        return float(self._run(where, "SELECT pg_database_size(current_database())")[0]) / 1e6

    def forget_summaries(self, where: Any) -> None:
        self._run(where, "DELETE FROM summaries RETURNING 1")

    def stop(self) -> None:
        self.helper.stop(self.server)


FIGURES = (
    "first history, nothing cached",
    "history again",
    "app start screen to listed",
    "history --partnership",
    "compare --partnership",
    "report (HTML)",
    "delete a workshop",
)


def measure(engine: Engine, count: int, runs: int, env: dict, single: dict, room: dict) -> dict:
    """Per figure: (wall s, CPU s) medians; also the build, peak memory and size."""
    where = engine.new(f"s{count}")
    began = time.perf_counter()
    rooms = build(where, count, runs, single, room)
    built = time.perf_counter() - began
    db = engine.cli(where)
    base = [sys.executable, "-m", "assessor", "--db", db]
    name = partnership(PER_PARTNERSHIP)
    one = f"{PER_PARTNERSHIP + 3:08x}"
    report = str(engine.folder / "report.html")

    def first() -> Timing:
        engine.forget_summaries(where)
        return run([*base, "history"], env)

    commands: dict[str, Callable[[], Timing]] = {
        FIGURES[0]: first,
        FIGURES[1]: lambda: run([*base, "history"], env),
        FIGURES[2]: lambda: app_listed(db, env),
        FIGURES[3]: lambda: run([*base, "history", "--partnership", name], env),
        FIGURES[4]: lambda: run([*base, "compare", "--partnership", name], env),
        FIGURES[5]: lambda: run([*base, "report", one, "-o", report, "--force"], env),
    }
    figures: dict[str, Any] = {"built, s": built}
    peaks = []
    for figure, command in commands.items():
        timings = [command() for _ in range(runs)]
        if figure == FIGURES[0]:
            peaks = [t.peak for t in timings]
        figures[figure] = (
            statistics.median(t.wall for t in timings),
            statistics.median(t.cpu for t in timings),
        )
    deleted = [run([*base, "delete", "--yes", room_id], env) for room_id in rooms]
    figures[FIGURES[6]] = (
        statistics.median(t.wall for t in deleted),
        statistics.median(t.cpu for t in deleted),
    )
    figures["first history, peak memory, MB"] = max(peaks)
    figures["store size, MB"] = engine.size_mb(where)
    return figures


def table(engine: Engine, results: dict[int, dict], against: dict[int, dict] | None) -> None:
    sizes = sorted(results)
    smallest = sizes[0]
    print(f"\n{engine.name}: wall seconds (CPU seconds), medians")
    head = f"{'figure':34}" + "".join(f"{n:>16,}" for n in sizes)
    head += "".join(f"{f'{n:,}/{smallest}':>16}" for n in sizes[1:])
    if against:
        head += "".join(f"{f'{n:,} /SQLite':>16}" for n in sizes if n in against)
    print(head)

    def cells(values: list[Any]) -> str:
        return "".join(
            f"{f'{v[0]:.3f} ({v[1]:.3f})':>16}" if isinstance(v, tuple) else f"{v:>16.3f}"
            for v in values
        )

    def ratio(a: Any, b: Any) -> str:
        if isinstance(a, tuple):
            return f"{f'{a[0] / b[0]:.2f}x ({a[1] / b[1]:.2f}x)':>16}"
        return f"{f'{a / b:.2f}x':>16}"

    for figure in ("built, s", *FIGURES, "first history, peak memory, MB", "store size, MB"):
        line = f"{figure:34}" + cells([results[n][figure] for n in sizes])
        line += "".join(ratio(results[n][figure], results[smallest][figure]) for n in sizes[1:])
        if against:
            line += "".join(
                ratio(results[n][figure], against[n][figure]) for n in sizes if n in against
            )
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000", help="assessments per store")
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (median)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--quick", action="store_true", help="stores of 20 and 60, one run (CI)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run stops its server too
    sizes = [20, 60] if args.quick else [int(n) for n in args.sizes.split(",")]
    runs = 1 if args.quick else args.runs
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["ASSESSOR_CACHE_DIR"] = str(folder / "cache")
        env.pop("ASSESSOR_DB", None)
        single, room = templates(folder)
        run([sys.executable, "-m", "assessor", "banks", "list"], env)  # fills the banks' cache
        engines: list[Engine] = [Engine(folder)]
        if not args.no_postgres:
            try:
                engines.append(Postgres(folder))
            except Exception as error:  # no server programs, no driver: SQLite alone, said so
                print(f"PostgreSQL left out: {str(error).splitlines()[0]}")
        print(
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"{runs} run(s) each, {os.cpu_count()} CPUs"
        )
        found: dict[str, dict[int, dict]] = {}
        try:
            for engine in engines:
                found[engine.name] = {}
                for count in sizes:
                    found[engine.name][count] = measure(engine, count, runs, env, single, room)
                    print(f"  {engine.name} {count}: done", file=sys.stderr, flush=True)
                table(
                    engine,
                    found[engine.name],
                    found.get("SQLite") if engine.name != "SQLite" else None,
                )
        finally:
            for engine in engines:
                if isinstance(engine, Postgres):
                    engine.stop()


if __name__ == "__main__":
    main()
