"""A programme lead collecting returns: `assessor import` of many files or a folder, each file in
its own transaction, a summary line per file, and `history --limit`; real `assessor` processes
on real files and SQLite databases in a temporary folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assessor.answers import AnswerValue
from assessor.continuum import Stage
from assessor.store import BankUse, Store
from assessor.store.transfer import export_assessment

GOVERNANCE = [BankUse(bank_id="governance", version="1.1")]
FILE_LIMIT = 32 * 1024 * 1024  # bytes in a file to import


def assessor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "ASSESSOR_DB": ""},
        timeout=120,
        check=False,
    )


def ticking(start: datetime) -> Callable[[], datetime]:
    """A store's clock a minute on at every call: assessments in a known order."""
    moments = (start + timedelta(minutes=n) for n in range(10**6))
    return lambda: next(moments)


def write_returns(folder: Path, partnerships: list[str]) -> dict[str, str]:
    """One export per partnership, written as <name>.json in `folder`: their assessment ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = {}
    clock = ticking(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    with Store(folder.parent / f"{folder.name}-source.db", clock=clock) as store:
        for name in partnerships:
            a = store.create_assessment(name, GOVERNANCE, area=f"{name} Council")
            store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COORDINATION))
            exported = export_assessment(store, a.id).model_dump_json()
            (folder / f"{name.lower()}.json").write_text(exported, encoding="utf-8")
            ids[name] = a.id
    return ids


def stored(db: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            "SELECT a.id, p.name FROM assessments a JOIN partnerships p "
            "ON p.id = a.partnership_id ORDER BY p.name"
        ).fetchall()
    finally:
        connection.close()


def test_a_folder_of_returns_is_imported_file_by_file(tmp_path: Path) -> None:
    returns = tmp_path / "returns"
    ids = write_returns(returns, ["Eastshire", "Northshire", "Southshire"])
    (returns / "broken.json").write_text('{"format": ', encoding="utf-8")
    (returns / "notes.txt").write_text("who sent what", encoding="utf-8")
    (returns / ".sync.json").write_text("{}", encoding="utf-8")
    (returns / "2025").mkdir()
    (returns / "2025" / "old.json").write_text("{}", encoding="utf-8")
    (returns / "passwords.json").symlink_to("/etc/passwd")
    os.mkfifo(returns / "pipe.json")  # would hang a reader that waited for it
    db = tmp_path / "programme.db"
    with Store(db) as store:
        store.create_assessment("Northshire", GOVERNANCE, area="Northshire Council")

    result = assessor("import", str(returns), "--db", str(db))

    assert result.returncode == 1, result
    assert result.stdout.splitlines() == [
        "Summary of 6 files: 3 imported (1 into a partnership already here), 3 refused.",
        f"  refused    {returns}/broken.json is not JSON: line 1, column 12: Expecting value",
        f"  imported   {returns}/eastshire.json: assessment {ids['Eastshire']} of Eastshire, "
        "new here",
        f"  joined     {returns}/northshire.json: assessment {ids['Northshire']}, into "
        "Northshire, a partnership already here",
        f"  refused    {returns}/passwords.json is a symbolic link; links in a folder are not "
        "followed (give the file it points to by name to import it)",
        f"  refused    {returns}/pipe.json is not a regular file; an export is a .json file",
        f"  imported   {returns}/southshire.json: assessment {ids['Southshire']} of "
        "Southshire, new here",
        f"Left alone in {returns}: notes.txt (not .json); 2025/ (folders are not looked into); "
        "1 hidden entry.",
    ]
    assert result.stderr == "assessor: 3 of 6 files refused; the summary says why\n"
    names = [name for _, name in stored(db)]
    assert names == ["Eastshire", "Northshire", "Northshire", "Southshire"]


def test_every_file_imported_exits_zero_and_a_second_run_duplicates_nothing(
    tmp_path: Path,
) -> None:
    returns = tmp_path / "returns"
    ids = write_returns(returns, ["Eastshire", "Northshire"])
    db = tmp_path / "programme.db"
    east, north = returns / "eastshire.json", returns / "northshire.json"

    first = assessor("import", str(east), str(north), "--db", str(db))
    assert (first.returncode, first.stderr) == (0, ""), first
    assert first.stdout.splitlines()[0] == "Summary of 2 files: 2 imported."

    again = assessor("import", str(returns), str(east), "--db", str(db))
    assert (again.returncode, again.stderr) == (0, ""), again
    assert again.stdout.splitlines() == [
        "Summary of 3 files: 0 imported, 2 already here, 1 given twice.",
        f"  already    {east}: assessment {ids['Eastshire']} of Eastshire is here already, "
        "imported before with the same answers; it is not imported again",
        f"  already    {north}: assessment {ids['Northshire']} of Northshire is here already, "
        "imported before with the same answers; it is not imported again",
        f"  twice      {east} is given twice; it is read once",
    ]
    assert len(stored(db)) == 2

    alone = assessor("import", str(north), "--db", str(db))
    assert (alone.returncode, alone.stderr) == (0, ""), alone
    assert alone.stdout == (
        f"Assessment {ids['Northshire']} of Northshire is here already, imported before with "
        "the same answers; it is not imported again.\n"
    )

    changed = json.loads(north.read_text(encoding="utf-8"))  # answered again since, re-sent
    changed["answers"][0]["value"] = 4
    north.write_text(json.dumps(changed), encoding="utf-8")
    refused = assessor("import", str(north), "--db", str(db))
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr == (
        f"assessor: {north} holds assessment {ids['Northshire']} of Northshire, which is here "
        "already with different answers, people or status; it was not imported (to replace "
        f"the one here: assessor delete {ids['Northshire']}, then import the file)\n"
    )
    with Store(db) as store:  # the one here is as it was
        (answer,) = store.answers(ids["Northshire"])
        assert answer.stage is Stage.COORDINATION


def test_each_path_refused_is_one_sentence_naming_it(tmp_path: Path) -> None:
    returns = tmp_path / "returns"
    ids = write_returns(returns, ["Northshire"])
    good = returns / "northshire.json"
    gone = tmp_path / "gone.json"
    gone.symlink_to(tmp_path / "nowhere.json")
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:  # sparse: no need to write 32 MB
        file.truncate(FILE_LIMIT + 1)
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    empty_folder = tmp_path / "nothing-here"
    empty_folder.mkdir()
    linked = tmp_path / "linked.json"  # a link named on the command line is followed
    linked.symlink_to(good)
    db = tmp_path / "programme.db"

    result = assessor(
        "import",
        *map(str, (tmp_path / "missing.json", gone, empty, huge, pipe, empty_folder, linked)),
        "--db",
        str(db),
    )

    assert result.returncode == 1, result
    assert result.stdout.splitlines()[1:] == [
        f"  refused    {tmp_path}/missing.json does not exist",
        f"  refused    {gone} is a symbolic link to {tmp_path}/nowhere.json, which does not exist",
        f"  refused    {empty} is empty; an export holds one assessment as JSON",
        f"  refused    {huge} is larger than 32 MB, the most assessor imports (an export of a "
        "30-person workshop is about 1 MB)",
        f"  refused    {pipe} is not a regular file; an export is a .json file",
        f"  refused    {empty_folder} has no .json files in it to import",
        f"  imported   {linked}: assessment {ids['Northshire']} of Northshire, new here",
    ]
    assert "Traceback" not in result.stderr
    # one file alone: its refusal is the command's one sentence, and no database is made
    fresh = tmp_path / "fresh.db"
    alone = assessor("import", str(pipe), "--db", str(fresh))
    assert (alone.returncode, alone.stdout) == (1, "")
    assert alone.stderr == f"assessor: {pipe} is not a regular file; an export is a .json file\n"
    assert not fresh.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_an_unreadable_file_is_refused_by_name(tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text("{}", encoding="utf-8")
    secret.chmod(0)
    result = assessor("import", str(secret), "--db", str(tmp_path / "a.db"))
    assert result.stderr == f"assessor: {secret} cannot be read: Permission denied\n"


def test_an_unreadable_file_is_refused_by_name_even_for_root(tmp_path: Path) -> None:
    """A file whose reading fails (here: the process's own memory, unreadable at its start by
    any user) is refused in one sentence, and the files after it are still imported."""
    returns = tmp_path / "returns"
    write_returns(returns, ["Northshire"])
    unreadable = tmp_path / "memory.json"
    unreadable.symlink_to("/proc/self/mem")
    db = tmp_path / "programme.db"
    result = assessor("import", str(unreadable), str(returns), "--db", str(db))
    assert result.returncode == 1, result
    lines = result.stdout.splitlines()
    assert lines[1] == f"  refused    {unreadable} cannot be read: Input/output error"
    assert lines[2].startswith(f"  imported   {returns}/northshire.json: assessment ")
    assert len(stored(db)) == 1


def test_import_help_says_what_the_exit_status_means() -> None:
    shown = assessor("import", "--help")
    text = " ".join(shown.stdout.split())
    assert "Exit status: 0 when every file is in the database" in text
    assert "1 when any file was refused" in text
    assert "a folder of them" in text


# history --limit ---------------------------------------------------------------------------


def test_history_lists_the_most_recent_and_says_how_many_are_not_shown(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Store(db, clock=ticking(datetime(2026, 1, 1, 9, 0, tzinfo=UTC))) as store:
        made = [store.create_assessment(f"P{n:02}", GOVERNANCE).id for n in range(52)]
    limited = assessor("history", "--limit", "3", "--db", str(db))
    assert limited.returncode == 0, limited
    lines = limited.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:4]] == made[-3:]  # oldest of them first
    assert lines[4:] == [
        "The 3 most recent of 52 assessments are shown; --limit 0 lists every one."
    ]
    default = assessor("history", "--db", str(db)).stdout.splitlines()
    assert len(default) == 1 + 50 + 1 and default[1].split()[0] == made[2]
    every = assessor("history", "--limit", "0", "--db", str(db)).stdout.splitlines()
    assert len(every) == 1 + 52 and "most recent" not in every[-1]
    listed = assessor("history", "--json", "--limit", "2", "--db", str(db))
    assert [row["id"] for row in json.loads(listed.stdout)] == made[-2:]
    assert listed.stderr == (
        "assessor: The 2 most recent of 52 assessments are shown; --limit 0 lists every one.\n"
    )
    wrong = assessor("history", "--limit", "some", "--db", str(db))
    assert wrong.returncode == 2 and "'some' is not a whole number, 0 or more" in wrong.stderr
    helped = " ".join(assessor("history", "--help").stdout.split())
    assert "list the N most recent (default: 50; 0 lists every one)" in helped


def test_the_most_recent_assessments_found_by_partnership_or_area(new_db) -> None:
    """The store's one query for a limited list, on either engine: newest kept, oldest first,
    found by any case of a partnership's name or area, with how many there are in all."""
    with Store(new_db("a"), clock=ticking(datetime(2026, 1, 1, 9, 0, tzinfo=UTC))) as store:
        north = [store.create_assessment("Northshire", GOVERNANCE, area="Ōsaka Ward").id]
        others = [store.create_assessment(f"East {n}", GOVERNANCE).id for n in range(3)]
        north.append(store.create_assessment("NORTHSHIRE", GOVERNANCE).id)
        kept, total = store.recent_assessments(2)
        assert ([a.id for a in kept], total) == ([others[2], north[1]], 5)
        kept, total = store.recent_assessments(None, words=" ōSAKA   ward ")
        assert ([a.id for a in kept], total) == (north, 2)
        kept, total = store.recent_assessments(1, partnership="east 1")  # named in any case
        assert ([a.id for a in kept], total) == ([others[1]], 1)
        kept, total = store.recent_assessments(5, words="nowhere")
        assert (kept, total) == ([], 0)


def test_a_partnerships_agreement_to_share_comes_with_the_return_that_brings_it(
    tmp_path: Path,
) -> None:
    """The export carries whether the partnership shares its scores with the programme. A
    partnership the import creates takes it; one the programme already holds keeps the
    agreement recorded there (an export does not say when its own was given), and the
    difference is said with the command that changes it."""
    returns = tmp_path / "returns"
    returns.mkdir()
    agreed = {"Eastshire": True, "Northshire": False, "Southshire": False, "Westshire": True}
    with Store(tmp_path / "source.db") as store:
        for name, shares in agreed.items():
            a = store.create_assessment(name, GOVERNANCE)
            store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COORDINATION))
            store.set_sharing(name, shares)
            data = json.loads(export_assessment(store, a.id).model_dump_json())
            assert data["shares_scores"] is shares
            (returns / f"{name.lower()}.json").write_text(json.dumps(data), encoding="utf-8")
    older = json.loads((returns / "eastshire.json").read_text(encoding="utf-8"))
    del older["shares_scores"]  # as exports were before it was carried
    older["assessment"]["id"], older["assessment"]["partnership"] = "0ld0ne", "Oldshire"
    (returns / "oldshire.json").write_text(json.dumps(older), encoding="utf-8")
    db = tmp_path / "programme.db"
    with Store(db) as store:  # the programme already holds two of them
        for name, shares in (("Southshire", True), ("Westshire", False)):
            store.create_assessment(name, GOVERNANCE)
            store.set_sharing(name, shares)
    result = assessor("import", str(returns), "--db", str(db))
    assert result.returncode == 0, result.stderr
    with Store(db) as store:
        assert store.sharing_partnerships() == {"Eastshire", "Southshire"}
    lines = result.stdout.splitlines()
    assert (
        f"{returns / 'eastshire.json'}: It shares its scores with the programme, as its "
        "export says." in lines
    )
    assert (
        f"{returns / 'westshire.json'}: The export says it shares its scores with the "
        "programme; here it does not share, which is kept (to change it: assessor partnership "
        "Westshire --share on)."
    ) in lines
    assert (
        f"{returns / 'southshire.json'}: The export says it does not share its scores with the "
        "programme; here it shares, which is kept (to change it: assessor partnership "
        "Southshire --share off)."
    ) in lines
    quiet = (f"{returns / 'northshire.json'}:", f"{returns / 'oldshire.json'}:")
    assert not [line for line in lines if line.startswith(quiet)]  # nothing to say of them


def test_an_empty_folder_is_said_to_hold_no_export_files_not_counted_as_a_file(
    tmp_path: Path, capsys
) -> None:
    """A folder with no export in it is no file refused: the import says, in one sentence, that
    the folder holds no export files, says what it left alone there, and makes no database."""
    from assessor import cli

    empty = tmp_path / "returns"
    empty.mkdir()
    (empty / "notes.txt").write_text("who sent what", encoding="utf-8")
    db = tmp_path / "programme.db"

    assert cli.main(["import", str(empty), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert err == f"assessor: {empty} holds no export files (*.json) to import\n"
    assert out == f"Left alone in {empty}: notes.txt (not .json).\n"
    assert "refused" not in out + err and "1 of 1" not in err
    assert not db.exists()

    other = tmp_path / "more-returns"
    other.mkdir()
    assert cli.main(["import", str(empty), str(other), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"assessor: none of the folders given holds export files (*.json) to import: "
        f"{empty}, {other}\n"
    )
