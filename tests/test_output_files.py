"""Exports, reports and comparisons are written whole or not at all, and only over a regular
file: over a file-size limit, onto a device or a pipe, or into a folder that cannot be written,
the command says so in one sentence, exits non-zero, and leaves the old file as it was with no
temporary file beside it.

Each case runs the real `assessor` command in its own process: a file-size limit is the
kernel's (`RLIMIT_FSIZE`), and a folder another user owns is tried as that user.
"""

from __future__ import annotations

import os
import resource
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessor.answers import AnswerValue
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.files.whole_file import FileWriteError, write_whole_file
from assessor.sessions import begin
from assessor.store import Store

BANKS = load_builtin()
OLD = b"the old report, which must survive\n"


def _assessed(db: Path) -> str:
    """An assessment with every question answered and a long note on each."""
    with Store(db) as store:
        assessment = begin(store, "Northshire", BANKS)
        for n, question in enumerate(BANKS.questions):
            value = AnswerValue.of(Stage.from_number(n % 5 + 1))
            store.record_answer(assessment.id, question.id, value, "we meet", "evidence " * 150)
        store.set_status(assessment.id, complete=True)
    return assessment.id


@pytest.fixture(scope="module")
def assessed(tmp_path_factory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("assessed") / "a.db"
    return db, _assessed(db)


def _assessor(
    *args: str, file_size: int | None = None, wrapper: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`assessor ARGS` in a process of its own, under a file-size limit or a `wrapper` command.
    (Python ignores SIGXFSZ from its start: over the limit a write fails with EFBIG.)"""

    def limit() -> None:
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        [*(wrapper or []), sys.executable, "-m", "assessor", *args],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,  # a write that blocks (on a pipe with no reader) fails the test, not hangs it
        check=False,
    )


def _one_sentence(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    err = result.stderr
    assert err.startswith("assessor: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


@pytest.mark.parametrize(
    "command",
    [
        ["report", "{id}", "--format", "md"],
        ["report", "{id}", "--format", "html"],
        ["export", "{id}"],
        ["report", "{id}", "--format", "csv", "--plan"],
    ],
    ids=["report-md", "report-html", "export", "plan-csv"],
)
def test_over_a_file_size_limit_the_old_file_is_unchanged_and_nothing_is_left(
    tmp_path: Path, assessed, command: list[str]
) -> None:
    db, assessment_id = assessed
    args = [word.replace("{id}", assessment_id) for word in command]
    folder = tmp_path / "out"
    folder.mkdir()
    old = folder / "old.out"
    old.write_bytes(OLD)
    old.chmod(0o640)
    whole = _assessor(*args, "--db", str(db))
    assert whole.returncode == 0, whole.stderr
    limit = len(whole.stdout.encode("utf-8")) // 2  # the kernel stops the write half way
    assert limit > len(OLD)

    result = _assessor(*args, "--db", str(db), "-o", str(old), "--force", file_size=limit)
    _one_sentence(result, f"{old} would be larger than the file-size limit; {old} was not changed")
    assert old.read_bytes() == OLD
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    new = folder / "new.out"
    result = _assessor(*args, "--db", str(db), "-o", str(new), file_size=limit)
    _one_sentence(result, f"{new} would be larger than the file-size limit; nothing was written")
    assert sorted(p.name for p in folder.iterdir()) == ["old.out"]  # no temporary file left

    # without the limit the same command replaces the file, keeping its mode
    result = _assessor(*args, "--db", str(db), "-o", str(old), "--force")
    assert result.returncode == 0, result.stderr
    assert old.read_text(encoding="utf-8") == whole.stdout
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    assert sorted(p.name for p in folder.iterdir()) == ["old.out"]


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Path]:
    """A character device that discards what is written (as /dev/null): made here as root, so
    that a writer that chmods it harms nothing outside the test; /dev/null otherwise, which a
    user cannot chmod."""
    if os.geteuid() != 0:
        yield Path("/dev/null")
        return
    made = tmp_path / "null"
    os.mknod(made, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    yield made


def test_force_never_writes_to_a_device_or_a_pipe(tmp_path: Path, assessed, device) -> None:
    db, assessment_id = assessed
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe, 0o644)
    for target, kind in ((device, "a device"), (pipe, "a named pipe")):
        before = os.lstat(target)
        result = _assessor("export", assessment_id, "--db", str(db), "-o", str(target), "--force")
        _one_sentence(result, f"{target} is {kind}, not a regular file; give a file name")
        after = os.lstat(target)
        assert (after.st_mode, after.st_rdev, after.st_ino) == (
            before.st_mode,
            before.st_rdev,
            before.st_ino,
        )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    "command",
    [["export", "{id}"], ["report", "{id}", "--format", "md"]],
    ids=["export", "report"],
)
@pytest.mark.parametrize("companion", ["", "-wal", "-shm"], ids=["db", "wal", "shm"])
def test_force_never_replaces_the_database_or_its_log(
    tmp_path: Path, command: list[str], companion: str
) -> None:
    """`-o` naming the database in use (or its log) with --force would replace every
    assessment in it with a report, while an open chat goes on saying 'noted'."""
    db = tmp_path / "live.db"
    assessment_id = _assessed(db)
    with Store(db):  # held open, as a chat in another terminal holds it: its -wal and -shm exist
        target = Path(f"{db}{companion}")
        assert target.exists()
        before = target.read_bytes() if not companion else None
        args = [part.format(id=assessment_id) for part in command]
        result = _assessor(*args, "--db", str(db), "-o", str(target), "--force")
        _one_sentence(result, f"{target} is a database (or its log)")
        if before is not None:
            assert target.read_bytes() == before
    with Store(db) as store:  # every answer still there
        assert len(store.answers(assessment_id)) == len(BANKS.questions)


# Root writes in any folder; without these capabilities it is held to the folder's mode bits
# as any user is.
AS_A_USER = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def test_a_folder_that_cannot_be_written_keeps_its_files(tmp_path: Path, assessed) -> None:
    """A report anyone may write to (mode 0666) in a folder the writer may not write in: --force
    is refused and the file kept whole (it was cut to nothing when it was opened to be
    replaced), and no new file is made there."""
    db, assessment_id = assessed
    wrapper: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("as root a folder is writable unless setpriv can drop the capability")
        wrapper = AS_A_USER
    shared = tmp_path / "shared"
    shared.mkdir()
    kept = shared / "report.md"
    kept.write_bytes(OLD)
    kept.chmod(0o666)
    shared.chmod(0o555)
    try:
        args = ["report", assessment_id, "--db", str(db), "-o", str(kept), "--force"]
        result = _assessor(*args, wrapper=wrapper)
        _one_sentence(result, f"cannot write {kept}: permission denied in the folder {shared}")
        assert result.stderr.rstrip().endswith(f"{kept} was not changed")
        assert kept.read_bytes() == OLD and stat.S_IMODE(kept.stat().st_mode) == 0o666
        new = shared / "new.md"
        args = ["report", assessment_id, "--db", str(db), "-o", str(new)]
        result = _assessor(*args, wrapper=wrapper)
        _one_sentence(result, f"cannot write {new}: permission denied", "nothing was written")
        assert sorted(p.name for p in shared.iterdir()) == ["report.md"]
    finally:
        shared.chmod(0o755)


def test_the_writer_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    """The app's export dialog writes through the same function: a link, a folder or a pipe is
    refused before anything is written, and a new file appears whole."""
    real = tmp_path / "real.md"
    real.write_text("kept", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    cases = {
        link: f"{link} is a symbolic link; give the path of a real file",
        tmp_path: f"{tmp_path} is a folder; give a file name",
        pipe: f"{pipe} is a named pipe, not a regular file; give a file name",
        real: f"{real} already exists; use --force to replace it",
        tmp_path / "missing" / "x.md": f"the folder {tmp_path / 'missing'} does not exist",
    }
    for target, sentence in cases.items():
        with pytest.raises(FileWriteError) as raised:
            write_whole_file(target, "new text", replace=target != real)
        assert str(raised.value) == sentence
    assert real.read_text(encoding="utf-8") == "kept"
    fresh = tmp_path / "fresh.md"
    write_whole_file(fresh, "whole ✓\n")
    assert fresh.read_text(encoding="utf-8") == "whole ✓\n"
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    odd = tmp_path / "odd.md"  # a lone surrogate (from a template, say) has no UTF-8: a '?'
    write_whole_file(odd, "a\ud800b")
    assert odd.read_bytes() == b"a?b"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_behind_standard_output_is_one_sentence(assessed) -> None:
    """`assessor export ID > FILE` on a full disk (/dev/full answers every write with ENOSPC)."""
    db, assessment_id = assessed
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "assessor", "export", assessment_id, "--db", str(db)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == "assessor: no space left on the disk that standard output goes to\n"
