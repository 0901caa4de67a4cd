"""The store: durable answers per second, and a store of 10,000 assessments opened and listed.

- answers per second, each committed in its own transaction with synchronous=FULL (the
  durability guarantee: an acknowledged answer survives a power cut);
- a store of COUNT complete assessments (50 partnerships, every shipped question answered),
  built in bulk: time to open it, `assessor history` and `assessor compare --partnership` on
  it (fresh processes, as a user runs them). Targets: history < 0.5 s; compare < 1 s.
Run: python bench/storage.py [--count 10000] [--quick]
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assessor.answers import AnswerValue
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.sessions import begin
from assessor.store import Store

PARTNERSHIPS = 50


def durable_rate(folder: Path, count: int) -> float:
    with Store(folder / "rate.db") as store:
        assessment = store.create_assessment("Rate", [])
        start = time.perf_counter()
        for number in range(count):
            store.record_answer(
                assessment.id, f"rate.q{number}", AnswerValue.of(Stage.from_number(number % 5 + 1))
            )
        return count / (time.perf_counter() - start)


def build(db: Path, count: int) -> None:
    installed = load_builtin()
    start = datetime(2018, 1, 1, tzinfo=UTC)
    with Store(db) as store:
        ids = [
            (begin(store, f"Partnership {n % PARTNERSHIPS:02d}", installed).id, n)
            for n in range(count)
        ]
        connection = sqlite3.connect(db, isolation_level=None)  # a loader's own
        connection.execute("BEGIN")
        keys = Store.question_keys_in(connection, [q.id for q in installed.questions])
        for assessment_id, number in ids:
            when = (start + timedelta(hours=6 * number)).isoformat()
            connection.execute(
                "UPDATE assessments SET status = 'complete', started_at = ?, finished_at = ? "
                "WHERE id = ?",
                (when, when, assessment_id),
            )
            connection.executemany(
                "INSERT INTO answers(assessment_id, question_key, value, answered_at) "
                "VALUES (?, ?, ?, ?)",
                [
                    (assessment_id, keys[q.id], (number + i) % 5 + 1, when)
                    for i, q in enumerate(installed.questions)
                ],
            )
        connection.execute("COMMIT")
        connection.close()


def timed(command: list[str], runs: int) -> float:
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        results.append(time.perf_counter() - start)
    return statistics.median(results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="a small store, one run (CI)")
    args = parser.parse_args()
    count = 500 if args.quick else args.count
    runs = 1 if args.quick else 5
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        rate = durable_rate(folder, 50 if args.quick else 300)
        db = folder / "big.db"
        began = time.perf_counter()
        build(db, count)
        built = time.perf_counter() - began
        opened = []
        for _ in range(runs):
            start = time.perf_counter()
            Store(db).close()
            opened.append(time.perf_counter() - start)
        base = [sys.executable, "-m", "assessor"]
        first = timed([*base, "history", "--db", str(db)], 1)  # scores all, keeps the summaries
        history = timed([*base, "history", "--db", str(db)], runs)
        compare = timed(
            [*base, "compare", "--partnership", "Partnership 07", "--db", str(db)], runs
        )
        size = db.stat().st_size / 1e6
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {runs} run(s); "
        f"{count} assessments built in {built:.1f} s ({size:.0f} MB)"
    )
    print(f"{'case':58} {'figure':>10} {'target':>9}")
    print(f"{'durable answers per second (one transaction each, FULL)':58} {rate:>10.0f} {'-':>9}")
    print(f"{'open the store, s':58} {statistics.median(opened):>10.3f} {'-':>9}")
    print(
        f"{'assessor history, first run (scores all, keeps summaries), s':58} {first:>10.3f} "
        f"{'-':>9}"
    )
    print(f"{'assessor history, s (fresh process)':58} {history:>10.3f} {'< 0.500':>9}")
    label = f"assessor compare --partnership ({count // PARTNERSHIPS} assessments), s"
    print(f"{label:58} {compare:>10.3f} {'< 1.000':>9}")


if __name__ == "__main__":
    main()
