"""Storage failures said in the right words, and reading that goes on through them: a full
TEMP folder, a file-size limit (`ulimit -f`), another program holding the write lock, a full
disk with a log a crash left behind and no -shm index beside it.

Every failure is real: a small tmpfs mounted for the test (as root; skipped where no mount is
allowed), RLIMIT_FSIZE set in a child process, a lock held by another connection, a process
killed with SIGKILL.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import fill_disk, settle, small_disk

from assessor.answers import AnswerValue
from assessor.banks import load_builtin
from assessor.cli import main
from assessor.continuum import Stage
from assessor.sessions import begin
from assessor.store import Store

BANKS = load_builtin()
GOVERNANCE = BANKS.select(["governance"])
WRITER = Path(__file__).parent / "helpers" / "write_answers.py"
BIG_NOTE = "n" * 200_000  # stored as given (no compression)


def _with_big_notes(db: Path, count: int = 3) -> list[str]:
    """Assessments whose answers hold large notes: listing them sorts more than SQLite keeps
    in its page cache, so that a sort would spill to a temporary file."""
    ids = []
    with Store(db) as store:
        for _ in range(count):
            assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
            for question in GOVERNANCE.questions:
                stage = AnswerValue.of(Stage.COORDINATION)
                store.record_answer(assessment.id, question.id, stage, note=BIG_NOTE)
            ids.append(assessment.id)
    return ids


def _assessor(
    *args: str, env: dict[str, str] | None = None, limit: int | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """assessor run as its own process, with a file-size limit of `limit` bytes if given."""

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "400", **(env or {})},
        preexec_fn=limited,
        timeout=300,
    )


# -- SQLite's temporary files (points 1 and 2) ----------------------------------------------


def test_a_full_temp_folder_does_not_stop_reading(tmp_path: Path) -> None:
    """SQLite's temporary storage is kept in memory: a full TMPDIR is no reason to fail, and
    never one to blame on the database's own disk."""
    db = tmp_path / "notes.db"
    ids = _with_big_notes(db)
    with small_disk(tmp_path, "1m") as temp:
        fill_disk(temp)
        env = {
            "TMPDIR": str(temp),
            "SQLITE_TMPDIR": str(temp),
            "ASSESSOR_CACHE_DIR": str(tmp_path / "cache"),
        }
        listed = _assessor("history", "--json", "--db", str(db), env=env)
        assert (listed.returncode, listed.stderr) == (0, "")
        assert sorted(entry["id"] for entry in json.loads(listed.stdout)) == sorted(ids)
        reported = _assessor("report", ids[0], "-o", "-", "--db", str(db), env=env)
        assert (reported.returncode, reported.stderr) == (0, "")
        assert "Northshire" in reported.stdout


def test_a_file_size_limit_does_not_stop_reading(tmp_path: Path) -> None:
    """Under `ulimit -f 1000` a temporary file for a sort could not grow past 1000 KiB."""
    db = tmp_path / "notes.db"
    ids = _with_big_notes(db)
    env = {"ASSESSOR_CACHE_DIR": str(tmp_path / "cache")}
    listed = _assessor("history", "--json", "--db", str(db), env=env, limit=1000 * 1024)
    assert (listed.returncode, listed.stderr) == (0, "")
    assert sorted(entry["id"] for entry in json.loads(listed.stdout)) == sorted(ids)
    reported = _assessor("report", ids[0], "-o", "-", "--db", str(db), env=env, limit=1000 * 1024)
    assert (reported.returncode, reported.stderr) == (0, "")
    assert "Northshire" in reported.stdout


def test_a_database_at_the_file_size_limit_is_said_so_and_keeps_what_was_answered(
    tmp_path: Path,
) -> None:
    """Each answer adds pages to the log; under a limit of 64 KiB on its size the first few
    fit and a later one does not."""
    db = tmp_path / "limited.db"
    with Store(db) as store:
        assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
    chat = _assessor(
        "resume",
        assessment.id,
        "--plain",
        "--db",
        str(db),
        env={"ASSESSOR_CACHE_DIR": str(tmp_path / "cache")},
        limit=64 * 1024,
        stdin="3\n" * len(GOVERNANCE.questions),
    )
    said = " ".join(chat.stdout.split())
    assert chat.returncode == 0, chat.stderr
    assert said.startswith("Hello.") and "That's coordination — noted." in said
    assert (
        f"The database {db} has reached the file-size limit (ulimit -f); nothing you answered "
        "earlier was lost. What you just said was not saved: say it again once that is sorted."
    ) in said, said
    assert "disk I/O error" not in said
    with Store(db) as store:
        saved = store.answers(assessment.id)
    assert saved and all(answer.value == 3 for answer in saved)
    assert len(saved) < len(GOVERNANCE.questions)


# -- another program holding the write lock (point 3) ---------------------------------------


@contextmanager
def exclusive_lock(db: Path) -> Iterator[None]:
    """Another connection holding `BEGIN EXCLUSIVE` on the database."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# assessor whose store waits an hour for a lock: a command that waits at all does not return
WAITING_AN_HOUR = (
    "import sys\n"
    "import assessor.store.database as database\n"
    "database.BUSY_TIMEOUT_MS = 3_600_000\n"
    "from assessor.cli import main\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)


def _cached(db: Path) -> int:
    peek = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return peek.execute("SELECT count(*) FROM summaries").fetchone()[0]
    finally:
        peek.close()


def test_listing_under_a_write_lock_answers_at_once_and_leaves_the_cache(tmp_path: Path) -> None:
    """The summaries' cache is stale (never written); refreshing it would need the lock, which
    it does not wait for: the list is printed and the cache is left for next time."""
    db = tmp_path / "locked.db"
    with Store(db) as store:
        assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
    env = {**os.environ, "ASSESSOR_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "400"}
    with exclusive_lock(db):
        listed = subprocess.run(
            [sys.executable, "-c", WAITING_AN_HOUR, "history", "--db", str(db)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert (listed.returncode, listed.stderr) == (0, "")
        assert assessment.id in listed.stdout and "Northshire" in listed.stdout
    assert _cached(db) == 0
    assert main(["history", "--db", str(db)]) == 0
    assert _cached(db) == 1  # kept once the lock is gone


def test_the_start_screen_says_the_database_is_busy_rather_than_looking_empty(
    tmp_path: Path, monkeypatch
) -> None:
    """A file in rollback-journal mode cannot even be read while another program writes to it:
    the start screen says so where the list would be, and lists it once asked again."""
    from textual.widgets import DataTable, Static

    from assessor.tui.app import AssessorApp
    from assessor.tui.screens.start import StartScreen

    monkeypatch.setattr("assessor.store.database.BUSY_TIMEOUT_MS", 50)
    db = tmp_path / "journal.db"
    with Store(db) as store:
        assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
    switch = sqlite3.connect(db, isolation_level=None)
    switch.execute("PRAGMA journal_mode = DELETE")
    switch.close()

    async def run() -> None:
        app = AssessorApp(db, BANKS, blink=False)
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        async with app.run_test(size=(100, 32)) as pilot:
            try:
                await settle(pilot, app)
                assert isinstance(app.screen, StartScreen) and app.is_running
                details = app.screen.query_one("#details", Static)
                assert str(details.render()) == (
                    f"The database {db} is busy: another program is writing to it; try again. "
                    "Ctrl+R looks again."
                )
                assert app.screen.query_one("#recent", DataTable).row_count == 0
            finally:
                holder.execute("ROLLBACK")
                holder.close()
            await pilot.press("ctrl+r")
            await settle(pilot, app)
            table = app.screen.query_one("#recent", DataTable)
            assert table.row_count == 1
            assert str(table.get_row_at(0)[1]) == "Northshire"
            assert assessment.id in str(app.screen.query_one("#details", Static).render())

    asyncio.run(run())


# -- a full disk, a crash-left log and no -shm (point 4) ------------------------------------


def test_a_full_disk_with_a_crash_left_log_and_no_index_is_read(tmp_path: Path, capsys) -> None:
    with small_disk(tmp_path, "8m") as folder:
        db = folder / "crashed.db"
        with Store(db) as store:
            assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), assessment.id, "w", "9999"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        committed = [writer.stdout.readline().strip() for _ in range(20)]
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert committed[-1] == "w.q19"  # and perhaps a few more: killed while writing
        Path(f"{db}-shm").unlink()  # as a copy, or a cleaner, may leave it
        assert Path(f"{db}-wal").stat().st_size > 0
        fill_disk(folder)
        for _ in range(2):  # the second time past the -shm the first attempt left
            assert main(["history", "--db", str(db)]) == 0, capsys.readouterr().err
            assert assessment.id in capsys.readouterr().out
        assert main(["export", assessment.id, "--db", str(db)]) == 0, capsys.readouterr().err
        exported = json.loads(capsys.readouterr().out)
        assert set(committed) <= {a["question_id"] for a in exported["answers"]}
        for command in (["show", assessment.id], ["report", assessment.id]):
            assert main([*command, "--db", str(db)]) == 0, capsys.readouterr().err
            assert "Northshire" in capsys.readouterr().out
        # a write is refused for what it is: the full disk, not a read-only file
        assert main(["partnership", "Northshire", "--area", "North", "--db", str(db)]) == 1
        assert capsys.readouterr().err == (
            f"assessor: no space left on the disk that holds {db}; nothing you answered was lost\n"
        )
