"""`assessor compare --partnership` over many stored assessments of one partnership.

Creates a database with COUNT complete assessments (every shipped question answered) in one
bulk transaction, then times the comparison in-process (median of several runs) and as the
command a user runs (a fresh process each time).
Run: python bench/compare.py [--count 200] [--quick]
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

from assessor.banks import load_builtin
from assessor.report.comparison import comparison_for, partnership_ids
from assessor.sessions import begin
from assessor.store import Store


def fill(db: Path, count: int) -> None:
    installed = load_builtin()
    start = datetime(2020, 1, 1, tzinfo=UTC)
    with Store(db) as store:
        ids = [begin(store, "Benchshire", installed).id for _ in range(count)]
        connection = sqlite3.connect(db, isolation_level=None)  # a loader's own
        connection.execute("BEGIN")
        keys = Store.question_keys_in(connection, [q.id for q in installed.questions])
        for number, assessment_id in enumerate(ids):
            when = (start + timedelta(days=7 * number)).isoformat()
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="one run each (CI smoke run)")
    args = parser.parse_args()
    runs = 1 if args.quick else 5
    installed = load_builtin()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        fill(db, args.count)
        inside = []
        for _ in range(runs):
            began = time.perf_counter()
            with Store(db) as store:
                ids = partnership_ids(store, "Benchshire")
                comparison_for(store, ids, installed, datetime.now(UTC))
            inside.append(time.perf_counter() - began)
        command = [
            sys.executable,
            "-m",
            "assessor",
            "compare",
            "--partnership",
            "Benchshire",
            "--db",
            str(db),
        ]
        whole = []
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            whole.append(time.perf_counter() - began)
    print(
        f"Python {platform.python_version()}, {args.count} complete assessments of one "
        f"partnership, {len(installed.questions)} questions each, {runs} run(s)"
    )
    print(f"{'case':52} {'median s':>9}")
    print(
        f"{'compare in-process (load, compare, report model)':52} {statistics.median(inside):>9.3f}"
    )
    print(f"{'assessor compare --partnership (fresh process)':52} {statistics.median(whole):>9.3f}")
    print(f"{'target':52} {'< 1.000':>9}")


if __name__ == "__main__":
    main()
