"""A run of `assessor chat --plain` that answers nothing (an empty input, a script whose lines
are not answers, a pause straight away) leaves no empty assessment behind, nor the partnership or
database file it made for it; one that answered anything keeps everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pseudo_terminal import read_until_closed

from assessor.store import Store

NOTHING_KEPT = "Nothing was answered, so no assessment was kept."


def chat(db: Path, lines: list[str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", "chat", "--plain", "--db", str(db), *options],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )


def test_an_empty_input_leaves_no_assessment_and_no_database(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    done = chat(db, [], "--partnership", "Riverside")
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(NOTHING_KEPT)
    assert "assessor resume" not in done.stdout
    assert not db.exists()
    assert list(tmp_path.iterdir()) == []


def test_lines_that_answer_nothing_leave_no_assessment(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Store(db) as store:  # a database already holding another partnership's work
        store.partnership("Lakeside")
    done = chat(db, ["--partnershp Riverside", "what is this?"], "--partnership", "Riverside")
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(NOTHING_KEPT)
    with Store(db) as store:
        assert store.assessments() == []
        assert [p.name for p in store.partnerships()] == ["Lakeside"]


def test_a_pause_before_any_answer_keeps_nothing_and_does_not_offer_a_resume(
    tmp_path: Path,
) -> None:
    db = tmp_path / "a.db"
    done = chat(db, ["pause"], "--partnership", "Riverside")
    assert done.stdout.rstrip().endswith(NOTHING_KEPT)
    assert "resume" not in done.stdout
    assert not db.exists()


def test_an_existing_partnership_is_kept_when_its_new_assessment_is_not(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert chat(db, ["3"], "--partnership", "Riverside").returncode == 0
    with Store(db) as store:
        (kept,) = store.assessments()
    done = chat(db, [], "--partnership", "riverside")
    assert done.stdout.rstrip().endswith(NOTHING_KEPT)
    with Store(db) as store:
        assert [a.id for a in store.assessments()] == [kept.id]
        assert [p.name for p in store.partnerships()] == ["Riverside"]


def test_one_answer_keeps_the_assessment(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    done = chat(db, ["3"], "--partnership", "Riverside")
    assert NOTHING_KEPT not in done.stdout
    assert "carry on with: assessor resume" in done.stdout
    with Store(db) as store:
        (assessment,) = store.assessments()
        assert len(store.answers(assessment.id)) == 1


def test_a_workshop_given_its_room_on_the_command_line_and_no_rating_is_not_kept(
    tmp_path: Path,
) -> None:
    db = tmp_path / "a.db"
    done = chat(db, [], "--workshop", "--partnership", "Riverside", "--participant", "AB, Council")
    assert done.stdout.rstrip().endswith(NOTHING_KEPT)
    assert not db.exists()


def test_a_workshop_whose_room_was_taken_in_the_chat_is_kept(tmp_path: Path) -> None:
    """People added in the chat were said there and nowhere else: kept, with how to carry on."""
    db = tmp_path / "a.db"
    done = chat(db, ["add AB, Council"], "--workshop", "--partnership", "Riverside")
    assert NOTHING_KEPT not in done.stdout
    with Store(db) as store:
        (assessment,) = store.assessments()
        assert [p.name for p in store.participants(assessment.id)] == ["AB"]


def test_a_mistyped_option_leaves_no_database_file(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    done = chat(
        db, ["3"], "--workshop", "--partnership", "R", "--participant", "AB", "--from", "zz"
    )
    assert done.returncode == 1
    assert done.stderr == f"assessor: there is no assessment 'zz' in {db}\n"
    assert list(tmp_path.iterdir()) == []


def _app_closed_at_first_question(
    db: Path, close: Callable[[subprocess.Popen[bytes], int], object]
) -> bytes:
    """`assessor chat --partnership NAME` at a terminal (a pseudo-terminal 100 by 30): once the
    first question is on screen, `close(process, terminal)` is called, once; what the terminal
    showed, the app having exited with 0."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "assessor", "chat", "--partnership", "Riverside", "--db", str(db)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    os.close(follower)
    closed = False

    def at_the_first_question(shown: bytes) -> None:
        nonlocal closed
        if not closed and b"Isolation" in shown:  # the first question is on screen
            close(process, leader)
            closed = True

    try:
        shown = read_until_closed(leader, at_the_first_question, bound=90)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.wait(timeout=60) == 0
    assert closed
    return shown


def test_the_app_closed_before_any_answer_keeps_nothing(tmp_path: Path) -> None:
    """`assessor chat --partnership NAME` at a terminal (a pseudo-terminal): the app opens on
    the first question, ctrl+q closes it, and nothing is kept."""
    db = tmp_path / "a.db"
    shown = _app_closed_at_first_question(
        db, lambda _process, terminal: os.write(terminal, b"\x11")
    )
    assert shown.rstrip().endswith(NOTHING_KEPT.encode())
    assert not db.exists()


PLAIN_CHAT = (sys.executable, "-m", "assessor", "chat", "--plain")


def _started(db: Path) -> subprocess.Popen[bytes]:
    """`assessor chat --plain` for a new assessment of one area, its lines from a pipe."""
    return subprocess.Popen(
        [*PLAIN_CHAT, "--db", str(db), "--partnership", "Riverside", "--banks", "governance"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )


def _closed_with(signal_number: int, db: Path) -> tuple[int, str]:
    """`assessor chat --plain` started, its first question read, then sent `signal_number` (as
    a closed terminal window sends SIGHUP) before anything is answered."""
    process = _started(db)
    assert process.stdout is not None
    shown = b""
    try:
        while b"Isolation" not in shown:  # the first question is shown: waiting for a line
            chunk = os.read(process.stdout.fileno(), 65536)
            assert chunk, process.stderr.read() if process.stderr else b""
            shown += chunk
        process.send_signal(signal_number)
        out, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, (shown + out).decode()


@pytest.mark.parametrize("signal_number", [signal.SIGHUP, signal.SIGTERM])
def test_a_closed_terminal_before_any_answer_keeps_nothing(
    tmp_path: Path, signal_number: int
) -> None:
    db = tmp_path / "a.db"
    returncode, _ = _closed_with(signal_number, db)
    assert returncode == 128 + signal_number
    if db.exists():
        with Store(db) as store:
            assert store.assessments() == []
    assert list(tmp_path.iterdir()) == []


def test_a_closed_terminal_keeps_what_was_answered(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    process = _started(db)
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(b"3\n")
        process.stdin.flush()
        shown = b""
        while b"question 2 of" not in shown:
            chunk = os.read(process.stdout.fileno(), 65536)
            assert chunk
            shown += chunk
        process.send_signal(signal.SIGHUP)
        process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    with Store(db) as store:
        (kept,) = store.assessments()
        assert [a.question_id for a in store.answers(kept.id)] == ["governance.board"]


@pytest.mark.parametrize("signal_number", [signal.SIGHUP, signal.SIGTERM])
def test_the_app_whose_terminal_closed_before_any_answer_keeps_nothing(
    tmp_path: Path, signal_number: int
) -> None:
    """`assessor chat --partnership NAME` at a terminal: the app opens on the first question,
    then its terminal window is closed (SIGHUP) or it is told to end (SIGTERM): it closes as on
    ctrl+q, and nothing is kept."""
    db = tmp_path / "a.db"
    _app_closed_at_first_question(db, lambda process, _terminal: process.send_signal(signal_number))
    assert not db.exists()
