"""Leaves a database as a checkpoint cut off half-way leaves it, then dies by SIGKILL.

Run as `python cut_checkpoint.py DB ASSESSMENT COUNT`: records COUNT answers with long notes
(a reader's snapshot keeps automatic checkpoints from copying them, so they stay in the
write-ahead log), then checkpoints from that reader's connection with the file size limited to
a few pages more than the main file has: the checkpoint copies pages into the main file until a
write goes past the limit and fails, as on a full disk. The process then kills itself, so
nothing closes the database. The main file is left half old, half new; the log still holds
every answer.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import sys
from pathlib import Path

from assessor.answers import AnswerValue
from assessor.continuum import Stage
from assessor.store import Store

PAGE = 4096
ROOM = 40  # pages the main file may grow by before the checkpoint's writes fail


def main() -> None:
    db, assessment_id, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = Store(db)
    # A reader's snapshot, taken before the answers, keeps the store's automatic checkpoints
    # from copying them into the main file: they stay in the log (a second connection, as a
    # second process would hold one).
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM answers").fetchone()
    for number in range(count):
        store.record_answer(
            assessment_id,
            f"late.q{number}",
            AnswerValue.of(Stage.from_number(number % 5 + 1)),
            note="m" * 2000,
        )
    reader.execute("COMMIT")
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    limit = db.stat().st_size + ROOM * PAGE
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    try:
        reader.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        print("checkpoint finished", flush=True)
    except sqlite3.Error as error:
        print(f"checkpoint failed: {error}", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
