"""The store: durability, concurrency, history, migration, resume, export/import, bad files."""

from __future__ import annotations

import hashlib
import io
import json
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import cli_db, on_server, read_beside

from assessor.answers import AnswerValue, Special
from assessor.cli import main
from assessor.continuum import Stage
from assessor.sessions import resume
from assessor.store import BankUse, Store, StoreError
from assessor.store.errors import NotFound
from assessor.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS
from assessor.store.transfer import export_assessment, import_assessment, parse_export

HELPER = Path(__file__).parent / "helpers" / "write_answers.py"
BANKS = [BankUse(bank_id="sample", version="1.10")]


class FixedClock:
    """Advances one second a call, from a fixed start: deterministic times."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


def _integrity(store: Store) -> str:
    """SQLite's integrity check of a file; a server checks its own ("ok")."""
    if store.on_server:
        return "ok"
    return str(read_beside(store.path, "PRAGMA integrity_check")[0][0])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "a.db"
    with Store(path) as store:
        store.partnership("Northshire")
        mode = read_beside(store.path, "PRAGMA journal_mode")[0][0]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert mode == "wal"


def test_changed_answers_keep_their_history(new_db, tmp_path: Path) -> None:
    with Store(new_db("a"), clock=FixedClock()) as store:
        a = store.create_assessment("Northshire", BANKS)
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.COORDINATION), "3")
        store.record_answer(
            a.id, "sample.board", AnswerValue.of(Stage.COLLABORATION), "4", changed_by="AB"
        )
        store.set_note(a.id, "sample.board", "minutes of May", changed_by="CD")
        (current,) = store.answers(a.id)
        assert (current.stage, current.words, current.note) == (
            Stage.COLLABORATION,
            "4",
            "minutes of May",
        )
        history = store.history(a.id, "sample.board")
        by = f"({store.writer})"
        assert [(h.value, h.note, h.changed_by) for h in history] == [
            (3, "", f"AB {by}"),
            (4, "", f"CD {by}"),
        ]
        assert history[0].replaced_at < history[1].replaced_at


def test_workshop_voices_are_kept_apart_from_the_agreed_answer(new_db, tmp_path: Path) -> None:
    with Store(new_db("a")) as store:
        a = store.create_assessment("Northshire", BANKS, mode="workshop")
        ab = store.add_participant(a.id, "AB", "Council", "Early help lead")
        store.record_answer(
            a.id, "sample.board", AnswerValue.of(Stage.COORDINATION), participant_id=ab.id
        )
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.COLLABORATION))
        assert [x.value for x in store.answers(a.id)] == [4]
        assert sorted((x.value for x in store.answers(a.id, voices=True)), key=str) == [3, 4]
        store.remove_participant(ab.id)
        assert store.participants(a.id) == []
        assert store.participants(a.id, include_removed=True)[0].removed_at is not None


def test_a_participant_who_left_is_restored_as_the_same_person(new_db, tmp_path: Path) -> None:
    with Store(new_db("a")) as store:
        a = store.create_assessment("Northshire", BANKS, mode="workshop")
        other = store.create_assessment("Northshire", BANKS, mode="workshop")
        ab = store.add_participant(a.id, "AB", "Council", "Early help lead")
        store.remove_participant(ab.id)
        before = store.assessment(a.id).revision
        back = store.restore_participant(a.id, ab.id)
        assert (back.id, back.name, back.removed_at) == (ab.id, "AB", None)
        assert store.participants(a.id) == [back]
        assert store.assessment(a.id).revision == before + 1  # cached summaries are stale
        with pytest.raises(NotFound, match=f"no participant {ab.id} in assessment {other.id}"):
            store.restore_participant(other.id, ab.id)  # not on that assessment's roster
        with pytest.raises(NotFound):
            store.restore_participant("nosuchid", ab.id)
        assert store.assessment(other.id).revision == 0  # the refused calls changed nothing
        assert store.assessment(a.id).revision == before + 1
        assert store.participants(other.id) == []


def test_sigkill_loses_no_committed_answer(new_db, tmp_path: Path) -> None:
    db = new_db("kill")
    with Store(db) as store:
        a = store.create_assessment("Northshire", BANKS)
    child = subprocess.Popen(
        [sys.executable, str(HELPER), cli_db(db), a.id, "sample", "100000"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    reported = [child.stdout.readline().strip() for _ in range(150)]
    child.send_signal(signal.SIGKILL)
    child.wait()
    with Store(db) as store:
        saved = {x.question_id for x in store.answers(a.id)}
        check = _integrity(store)
    assert set(reported) <= saved
    assert len(saved) < 100000  # it really was cut off mid-way
    assert check == "ok"


def test_two_processes_write_to_one_file(new_db, tmp_path: Path) -> None:
    db = new_db("shared")
    with Store(db) as store:
        a = store.create_assessment("Northshire", BANKS)
    writers = [
        subprocess.Popen(
            [sys.executable, str(HELPER), cli_db(db), a.id, prefix, "300"],
            stdout=subprocess.DEVNULL,
        )
        for prefix in ("first", "second")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    with Store(db) as store:
        saved = {x.question_id for x in store.answers(a.id)}
        check = _integrity(store)
    expected = {f"{p}.q{n}" for p in ("first", "second") for n in range(300)}
    assert saved == expected
    assert check == "ok"


def test_migration_from_schema_1_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[1])
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    old.execute(
        "INSERT INTO partnerships VALUES (1, 'Northshire', 'North', '2025-01-01T00:00:00+00:00')"
    )
    old.execute(
        "INSERT INTO assessments VALUES ('old1', 1, 'individual', 'complete', 'Sam', "
        "'2025-01-01T00:00:00+00:00', '2025-01-02T00:00:00+00:00')"
    )
    old.execute("INSERT INTO assessment_banks VALUES ('old1', 'sample', '1.0', 0)")
    old.execute(
        "INSERT INTO answers(assessment_id, question_id, value, words, note, answered_at) "
        "VALUES ('old1', 'sample.board', 3, 'three', 'minutes', '2025-01-01T10:00:00+00:00')"
    )
    old.commit()
    old.close()
    with Store(path) as store:
        version = read_beside(store.path, "SELECT value FROM meta WHERE key='schema_version'")[0][0]
        assert int(version) == LATEST == 14
        (answer,) = store.answers("old1")
        assert (answer.value, answer.words, answer.note, answer.in_bank) == (
            3,
            "three",
            "minutes",
            True,
        )
        assert store.assessment("old1").lead == "Sam"
        store.record_answer("old1", "sample.board", AnswerValue.of(Stage.INTEGRATION))
        assert [h.value for h in store.history("old1")] == [3]


def test_deleting_a_workshop_finds_its_people_and_their_ratings_by_index(new_db) -> None:
    """Removing an assessment deletes its participants, and with them (a cascade) their
    ratings: both are looked up by an index, not by reading every answer in the store."""
    with Store(new_db("a")) as store:
        if store.on_server:
            found = read_beside(
                store.path,
                "SELECT indexname FROM pg_indexes WHERE tablename IN ('answers', 'participants')",
            )
            names = {row[0] for row in found}
        else:
            names = {
                row[1]
                for table in ("answers", "participants")
                for row in read_beside(store.path, f"PRAGMA index_list({table})")
            }
            plans = [
                " ".join(
                    str(part)
                    for row in read_beside(store.path, f"EXPLAIN QUERY PLAN {q}")
                    for part in row
                )
                for q in (
                    "SELECT 1 FROM answers WHERE participant_id = 1",
                    "SELECT 1 FROM participants WHERE assessment_id = 'x'",
                )
            ]
            assert "answers_by_participant" in plans[0], plans
            assert "participants_by_assessment" in plans[1], plans
        assert {"answers_by_participant", "participants_by_assessment"} <= names, names
        a = store.create_assessment("Northshire", BANKS, mode="workshop")
        ab = store.add_participant(a.id, "AB")
        store.record_answer(
            a.id, "sample.board", AnswerValue.of(Stage.COORDINATION), participant_id=ab.id
        )
        store.delete_assessment(a.id)
        assert store.assessments() == []


def test_a_newer_file_is_refused_untouched(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.db"
    with Store(path) as store:
        read_beside(store.path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = digest(path)
    assert main(["history", "--db", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        f"assessor: {path} was written by a newer assessor (schema 99; this one reads up to "
        f"{LATEST}); upgrade assessor to open it"
    )
    assert digest(path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,stage\nNorthshire,3\n", "is not an assessor database (it is not an SQLite file)"),
        (None, "is an SQLite file, but not an assessor database"),
        ("truncate", "is damaged and was left unchanged"),
    ],
)
def test_foreign_or_corrupt_files_are_refused_untouched(
    tmp_path: Path, capsys, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / "x.db"
    if content is None:
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE t(x)")
        other.commit()
        other.close()
    elif content == "truncate":
        with Store(path) as store:
            a = store.create_assessment("Northshire", BANKS)
            for n in range(200):
                store.record_answer(
                    a.id, f"sample.q{n}", AnswerValue.of(Stage.COORDINATION), "x" * 200
                )
            read_beside(store.path, "PRAGMA wal_checkpoint(TRUNCATE)")
        data = path.read_bytes()
        path.write_bytes(data[:100] + b"\x00" * 3000 + data[3100:])
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    before = digest(path)
    code = main(["history", "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"assessor: {path} ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert digest(path) == before


def test_export_import_round_trip_is_lossless(new_db, tmp_path: Path) -> None:
    with Store(new_db("a"), clock=FixedClock()) as store:
        a = store.create_assessment("Northshire", BANKS, mode="workshop", lead="Sam", area="North")
        ab = store.add_participant(a.id, "AB", "Council", "Early help lead")
        cd = store.add_participant(a.id, "CD", "NHS trust", "Health visiting lead")
        store.record_answer(
            a.id, "sample.board", AnswerValue.of(Stage.COORDINATION), participant_id=ab.id
        )
        store.record_answer(
            a.id, "sample.board", AnswerValue.of(Stage.COLLABORATION), participant_id=cd.id
        )
        store.record_answer(
            a.id, "sample.board", AnswerValue.of(Stage.COORDINATION), "3", "<b>ISA</b>"
        )
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.COLLABORATION), "4", "ISA ü")
        store.record_answer(a.id, "sample.budget", AnswerValue.of(Special.DONT_KNOW), "ask health")
        store.remove_participant(cd.id)
        store.record_questions(a.id, [("sample.board", "Who oversees the work?")])
        store.set_status(a.id, complete=True)
        store.set_target("Northshire", "sample", Stage.INTEGRATION, "March 2027")
        store.set_target("Northshire", "other", Stage.COORDINATION)
        first = export_assessment(store, a.id)
    text = first.model_dump_json(indent=2)
    with Store(new_db("b")) as other:
        other.partnership("Someone else first")  # so ids differ between the two files
        imported = import_assessment(other, parse_export(text, "x.json"))
        second = export_assessment(other, imported.id)
        with pytest.raises(StoreError, match="already in"):
            import_assessment(other, parse_export(text, "x.json"))

    def without_participant_ids(data: dict) -> dict:
        names = {p["id"]: p["name"] for p in data["participants"]}
        for p in data["participants"]:
            p.pop("id")
        for row in data["answers"] + data["history"]:
            row["participant_id"] = names.get(row["participant_id"])
        return data

    assert without_participant_ids(json.loads(second.model_dump_json())) == without_participant_ids(
        json.loads(first.model_dump_json())
    )
    assert len(first.history) == 1 and first.assessment.status == "complete"
    assert second.questions == {"sample.board": "Who oversees the work?"}
    assert [(t.domain_id, t.stage, t.by) for t in second.targets] == [
        ("other", Stage.COORDINATION, ""),
        ("sample", Stage.INTEGRATION, "March 2027"),
    ]
    assert second.targets == first.targets  # set_at too


def test_cli_export_import_show_history_delete(new_db, tmp_path: Path, capsys, monkeypatch) -> None:
    db, other_db = new_db("a"), new_db("b")
    with Store(db) as store:
        a = store.create_assessment("Northshire", [BankUse(bank_id="governance", version="1.0")])
        store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COLLABORATION))
    out_file = tmp_path / "out.json"
    assert main(["export", a.id, "--db", cli_db(db), "-o", str(out_file)]) == 0
    assert main(["export", a.id, "--db", cli_db(db), "-o", str(out_file)]) == 1  # exists
    assert main(["import", str(out_file), "--db", cli_db(other_db)]) == 0
    capsys.readouterr()
    assert main(["show", a.id, "--db", cli_db(other_db)]) == 0
    shown = capsys.readouterr().out
    assert "Governance and leadership" in shown and "collaboration" in shown
    assert "Coverage: 1 of" in shown and "provisional" in shown
    assert main(["history", "--json", "--db", cli_db(other_db)]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["id"], row["overall_stage"], row["low_coverage"]) == (a.id, "collaboration", True)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("n\n"))
    assert main(["delete", a.id, "--db", cli_db(other_db)]) == 1
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("yes\n"))
    assert main(["delete", a.id, "--db", cli_db(other_db)]) == 0
    capsys.readouterr()
    assert main(["show", a.id, "--db", cli_db(other_db)]) == 1
    assert f"there is no assessment '{a.id}'" in capsys.readouterr().err


def test_import_of_a_file_that_is_not_an_export(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    assert main(["import", str(bad), "--db", str(tmp_path / "a.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"assessor: {bad} is not an assessor export: format:")


def test_resume_marks_removed_questions_and_new_versions(new_db, two_banks, tmp_path: Path) -> None:
    with Store(new_db("a")) as store:
        a = store.create_assessment(
            "Northshire",
            [BankUse(bank_id="sample", version="1.0"), BankUse(bank_id="other", version="1.10")],
        )
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.COORDINATION))
        store.record_answer(a.id, "sample.gone", AnswerValue.of(Stage.ISOLATION))
        resumed = resume(store, a.id, two_banks)
        assert resumed.removed == ["sample.gone"]
        assert resumed.updated == [("sample", "1.0", "1.10")]
        assert set(resumed.answers) == {"sample.board"}
        kept = {x.question_id: x.in_bank for x in store.answers(a.id)}
        assert kept == {"sample.board": True, "sample.gone": False}
        assert [b.version for b in store.assessment(a.id).banks] == ["1.10", "1.10"]


def test_the_database_path_comes_from_the_environment(tmp_path: Path, monkeypatch, capsys) -> None:
    target = tmp_path / "from-env.db"
    with Store(target) as store:
        store.create_assessment("Envshire", BANKS)
    monkeypatch.setenv("ASSESSOR_DB", str(target))
    assert main(["history"]) == 0
    assert "Envshire" in capsys.readouterr().out
    monkeypatch.setenv("ASSESSOR_DB", str(tmp_path))
    assert main(["history"]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_files_that_are_not_databases_are_refused_and_left_as_they_are(
    tmp_path: Path, capsys
) -> None:
    empty = tmp_path / "empty.txt"
    empty.touch(mode=0o644)
    assert main(["chat", "--plain", "--partnership", "X", "--db", str(empty)]) == 1
    assert "is an empty file, not an assessor database" in capsys.readouterr().err
    assert stat.S_IMODE(empty.stat().st_mode) == 0o644 and empty.read_bytes() == b""
    device_mode = Path("/dev/null").stat().st_mode
    assert main(["chat", "--plain", "--partnership", "X", "--db", "/dev/null"]) == 1
    assert "/dev/null is not a regular file" in capsys.readouterr().err
    assert Path("/dev/null").stat().st_mode == device_mode
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["chat", "--plain", "--partnership", "X", "--db", str(blocker / "x.db")]) == 1
    assert capsys.readouterr().err.startswith(f"assessor: cannot create {blocker / 'x.db'}")


def test_a_damaged_database_gives_one_sentence(tmp_path: Path, capsys) -> None:
    path = tmp_path / "d.db"
    with Store(path) as store:
        a = store.create_assessment("Northshire", BANKS)
        for n in range(400):
            store.record_answer(a.id, f"sample.q{n}", AnswerValue.of(Stage.COORDINATION), "x" * 300)
        read_beside(store.path, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[12288 : 12288 + 4096] = b"\xff" * 4096  # one page in the middle
    path.write_bytes(bytes(data))
    before = digest(path)
    for command in (["history"], ["show", a.id], ["export", a.id]):
        assert main([*command, "--db", str(path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("assessor: ") and err.count("\n") == 1, err
    assert digest(path) == before


def test_a_non_numeric_schema_version_and_no_side_files(tmp_path: Path, capsys) -> None:
    path = tmp_path / "v.db"
    with Store(path) as store:
        read_beside(store.path, "UPDATE meta SET value = 'abc' WHERE key = 'schema_version'")
    assert main(["history", "--db", str(path)]) == 1
    assert "its schema version is not a number" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.db"]


def test_history_before_any_database_exists(tmp_path: Path, capsys) -> None:
    path = tmp_path / "none.db"
    assert main(["history", "--db", str(path)]) == 0
    assert capsys.readouterr().out == "No assessments yet.\n"
    assert not path.exists()


def test_export_and_import_mistakes_are_one_sentence(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.db"
    with Store(db) as store:
        a = store.create_assessment("Northshire", BANKS)
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.COORDINATION))
        exported = export_assessment(store, a.id)
    assert main(["export", a.id, "--db", str(db), "-o", str(tmp_path / "no" / "x.json")]) == 1
    assert "the folder" in capsys.readouterr().err
    twice = exported.model_copy(update={"answers": exported.answers * 2})
    bad = tmp_path / "twice.json"
    bad.write_text(twice.model_dump_json(), encoding="utf-8")
    assert main(["import", str(bad), "--db", str(tmp_path / "b.db")]) == 1
    assert "contradicts itself" in capsys.readouterr().err
    escaping = exported.model_copy(
        update={"assessment": exported.assessment.model_copy(update={"id": "../../etc"})}
    )
    bad.write_text(escaping.model_dump_json(), encoding="utf-8")
    assert main(["import", str(bad), "--db", str(tmp_path / "b.db")]) == 1
    assert "is not a valid id" in capsys.readouterr().err


def test_many_processes_creating_one_new_database(new_db, tmp_path: Path) -> None:
    db = new_db("new")
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assessor",
                "chat",
                "--plain",
                "--partnership",
                f"P{n}",
                "--banks",
                "governance",
                "--db",
                cli_db(db),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(6)
    ]
    results = [w.communicate("3\n", timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0] * 6, [err for _, err in results]
    with Store(db) as store:
        assert len(store.assessments()) == 6
    if not on_server(db):  # nothing left beside the file
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("new.db")) == []


def test_history_summaries_follow_every_change(new_db, tmp_path: Path, capsys) -> None:
    db = new_db("h")
    with Store(db) as store:
        a = store.create_assessment("Northshire", [BankUse(bank_id="governance", version="1.0")])
        store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COORDINATION))
    assert main(["history", "--json", "--db", cli_db(db)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["overall_stage"] == "coordination"
    with Store(db) as store:  # a changed answer makes the kept summary stale
        store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.INTEGRATION))
    assert main(["history", "--json", "--db", cli_db(db)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["overall_stage"] == "integration"


def test_db_before_or_after_the_command_and_its_precedence(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from assessor.store.location import default_path

    env_db, chosen_db = tmp_path / "env.db", tmp_path / "s1.db"
    with Store(env_db) as store:
        in_env = store.create_assessment("Envshire", BANKS)
    with Store(chosen_db) as store:
        chosen = store.create_assessment("Oneshire", BANKS)
    monkeypatch.setenv("ASSESSOR_DB", str(env_db))
    for argv in (
        ["--db", str(chosen_db), "history"],
        ["history", "--db", str(chosen_db)],
        ["--db", str(chosen_db), "history", "--db", str(tmp_path / "." / "s1.db")],
    ):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "Oneshire" in out and "Envshire" not in out, argv
    assert main(["--db", str(chosen_db), "history", "--db", str(env_db)]) == 1
    assert capsys.readouterr().err == (
        f"assessor: --db is given twice with different files ({chosen_db}, {env_db}); give one\n"
    )
    # The global --db reaches a command that changes data: the environment's file is untouched.
    assert main(["--db", str(chosen_db), "delete", chosen.id, "--yes"]) == 0
    with Store(chosen_db) as store:
        assert store.assessments() == []
    with Store(env_db) as store:
        assert [a.id for a in store.assessments()] == [in_env.id]
    # --db beats ASSESSOR_DB, which beats the default file in the user's data folder.
    assert main(["history"]) == 0
    assert "Envshire" in capsys.readouterr().out
    monkeypatch.delenv("ASSESSOR_DB")
    with Store(default_path()) as store:
        store.create_assessment("Defaultshire", BANKS)
    assert main(["history"]) == 0
    assert "Defaultshire" in capsys.readouterr().out
    assert main(["--db", str(env_db), "history"]) == 0
    assert "Envshire" in capsys.readouterr().out


def _schema_1_file(path: Path, answers: int) -> None:
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[1])
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    old.execute(
        "INSERT INTO partnerships VALUES (1, 'Northshire', 'North', '2025-01-01T00:00:00+00:00')"
    )
    old.execute(
        "INSERT INTO assessments VALUES ('old1', 1, 'individual', 'complete', 'Sam', "
        "'2025-01-01T00:00:00+00:00', '2025-01-02T00:00:00+00:00')"
    )
    old.executemany(
        "INSERT INTO answers(assessment_id, question_id, value, words, note, answered_at) "
        "VALUES ('old1', ?, 3, ?, 'minutes', '2025-01-01T10:00:00+00:00')",
        [(f"sample.q{n}", "words " * 20) for n in range(answers)],
    )
    old.commit()
    old.close()


def _overwrite_pages(path: Path, first: int, last: int, filler: bytes | None = None) -> None:
    """Overwrite pages first..last (1-based, inclusive) with `filler`, or seeded random bytes."""
    import random

    size = 4096
    data = bytearray(path.read_bytes())
    assert len(data) >= last * size, "the file is too small for the damage planned"
    length = (last - first + 1) * size
    data[(first - 1) * size : last * size] = (
        filler * length if filler else random.Random(7).randbytes(length)
    )
    path.write_bytes(bytes(data))


def test_a_damaged_file_in_rollback_journal_mode_is_not_switched_to_wal(
    tmp_path: Path, capsys
) -> None:
    path = tmp_path / "d.db"
    with Store(path) as store:
        a = store.create_assessment("Northshire", BANKS)
        for n in range(300):
            store.record_answer(a.id, f"sample.q{n}", AnswerValue.of(Stage.COORDINATION), "x" * 200)
    switched = sqlite3.connect(path)
    assert switched.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    switched.close()
    _overwrite_pages(path, 30, 33)  # answers, past the schema and the meta table
    peek = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    assert peek.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    peek.close()
    before = digest(path)
    assert main(["history", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"assessor: {path} is damaged and was left unchanged (")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.db"]


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_damaged_older_file_is_refused_before_it_is_migrated(
    tmp_path: Path, capsys, journal: str
) -> None:
    path = tmp_path / "old.db"
    _schema_1_file(path, answers=300)
    switched = sqlite3.connect(path)
    assert switched.execute(f"PRAGMA journal_mode = {journal}").fetchone()[0] == journal
    switched.close()
    _overwrite_pages(path, 10, 10, b"\xff")
    before = digest(path)
    for command in (["history"], ["show", "old1"], ["export", "old1"]):
        assert main([*command, "--db", str(path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"assessor: {path} is damaged and was left unchanged ("), err
        assert err.count("\n") == 1
        assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db"]


def test_an_intact_older_file_in_rollback_mode_is_migrated_and_switched(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_1_file(path, answers=300)
    with Store(path) as store:
        assert read_beside(store.path, "PRAGMA journal_mode")[0][0] == "wal"
        assert len(store.answers("old1")) == 300


def _exported(tmp_path: Path, partnership: str, area: str):
    with Store(tmp_path / "source.db") as store:
        a = store.create_assessment(partnership, BANKS, area=area)
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.COORDINATION))
        return export_assessment(store, a.id)


def test_import_matches_a_partnership_in_any_case_and_never_renames_it(
    new_db, tmp_path: Path, capsys
) -> None:
    db = new_db("here")
    with Store(db) as store:
        store.create_assessment("Northshire", BANKS, area="North")
        store.create_assessment("Eastshire", BANKS)
    exported = _exported(tmp_path, "NORTHSHIRE", "South")
    export_file = tmp_path / "n.json"
    export_file.write_text(exported.model_dump_json(), encoding="utf-8")
    assert main(["import", str(export_file), "--db", cli_db(db)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Imported assessment {exported.assessment.id} of Northshire.",
        "The export calls it 'NORTHSHIRE'; the name here, 'Northshire', is kept.",
        "The export gives its area as 'South'; the area here, 'North', is kept "
        "(to change it: assessor partnership Northshire --area South).",
    ]
    east = _exported(tmp_path, "Eastshire", "East Council")
    export_file.write_text(east.model_dump_json(), encoding="utf-8")
    assert main(["import", str(export_file), "--db", cli_db(db)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Its area was not set here; it is now 'East Council', from the export."
    ]
    with Store(db) as store:
        assert [(p.name, p.area) for p in store.partnerships()] == [
            ("Eastshire", "East Council"),
            ("Northshire", "North"),
        ]
        assert store.assessment(exported.assessment.id).partnership == "Northshire"


def test_a_failed_import_leaves_no_trace(new_db, tmp_path: Path, capsys) -> None:
    exported = _exported(tmp_path, "Southshire", "South")
    banks = exported.assessment.banks
    broken = exported.model_copy(  # one bank twice: refused by the database, mid-import
        update={"assessment": exported.assessment.model_copy(update={"banks": banks * 2})}
    )
    export_file = tmp_path / "broken.json"
    export_file.write_text(broken.model_dump_json(), encoding="utf-8")
    fresh = new_db("fresh")
    if not on_server(fresh):  # a file made for the import is removed again
        fresh = tmp_path / "new" / "fresh.db"
        fresh.parent.mkdir()
    assert main(["import", str(export_file), "--db", cli_db(fresh)]) == 1
    assert "was not imported" in capsys.readouterr().err
    if on_server(fresh):
        with Store(fresh) as store:
            assert (store.partnerships(), store.assessments()) == ([], [])
    else:
        assert list(fresh.parent.iterdir()) == []
    db = new_db("here")
    with Store(db) as store:
        store.create_assessment("Northshire", BANKS)
    assert main(["import", str(export_file), "--db", cli_db(db)]) == 1
    assert "was not imported" in capsys.readouterr().err
    with Store(db) as store:
        assert [p.name for p in store.partnerships()] == ["Northshire"]
        assert [a.partnership for a in store.assessments()] == ["Northshire"]


def test_a_partnership_area_from_chat_or_the_partnership_command(
    new_db, tmp_path: Path, capsys, monkeypatch
) -> None:
    db = new_db("a")
    with Store(db) as store:
        a = store.create_assessment("Northshire", BANKS)
    assert main(["partnership", "northshire", "--db", cli_db(db)]) == 0
    assert capsys.readouterr().out == (
        "Northshire: area not set; 1 assessment; does not share its scores with the programme.\n"
    )
    assert (
        main(["partnership", "northshire", "--area", " North  Council ", "--db", cli_db(db)]) == 0
    )
    assert capsys.readouterr().out == "Northshire: area 'North Council'.\n"
    assert main(["partnership", "Northshire", "--area", "North", "--db", cli_db(db)]) == 0
    assert capsys.readouterr().out == "Northshire: area 'North' (was 'North Council').\n"
    assert main(["partnership", "Nortshire", "--db", cli_db(db)]) == 1
    assert capsys.readouterr().err == (
        f"assessor: there is no partnership 'Nortshire' in {db} (did you mean 'Northshire'?); "
        "one is added when an assessment starts\n"
    )
    assert main(["history", "--db", cli_db(db)]) == 0
    assert f"{a.id}  Northshire   North " in capsys.readouterr().out
    assert main(["history", "--json", "--db", cli_db(db)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["area"] == "North"
    new = ["chat", "--plain", "--banks", "governance", "--db", cli_db(db)]
    monkeypatch.setattr("sys.stdin", io.StringIO("3\n"))
    assert main([*new, "--partnership", "Westshire", "--area", "West Council"]) == 0
    capsys.readouterr()
    with Store(db) as store:
        west = store.assessments("westshire")
        assert [(w.partnership, w.area) for w in west] == [("Westshire", "West Council")]
    assert main(["show", west[0].id, "--db", cli_db(db)]) == 0
    assert capsys.readouterr().out.startswith(
        f"Assessment {west[0].id}: Westshire (West Council), "
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("3\n"))
    assert main([*new, "--partnership", "WESTSHIRE", "--area", "East"]) == 1
    assert capsys.readouterr().err == (
        "assessor: Westshire's area is 'West Council'; to change it: "
        "assessor partnership Westshire --area East\n"
    )
    with Store(db) as store:
        assert len(store.assessments("Westshire")) == 1


@pytest.mark.parametrize(("lead", "author"), [(["--lead", "Sam Smith"], "Sam Smith"), ([], "lead")])
def test_a_changed_individual_answer_records_who_changed_it(
    new_db, tmp_path: Path, capsys, monkeypatch, lead: list[str], author: str
) -> None:
    db = new_db("a")
    monkeypatch.setattr("sys.stdin", io.StringIO("3\nback\n4\n"))
    chat = ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"]
    assert main([*chat, *lead, "--db", cli_db(db)]) == 0
    capsys.readouterr()
    with Store(db) as store:
        (a,) = store.assessments()
        (earlier,) = store.history(a.id)
        (current,) = store.answers(a.id)
        author = f"{author} ({store.writer})"  # the chat ran in this process
    assert (earlier.question_id, earlier.value, earlier.changed_by) == (
        "governance.board",
        3,
        author,
    )
    assert (current.value, current.changed_by) == (4, author)


def test_a_participant_rating_is_recorded_as_theirs_by_default(new_db, tmp_path: Path) -> None:
    with Store(new_db("a")) as store:
        a = store.create_assessment("Northshire", BANKS, mode="workshop", lead="Facilitator")
        ab = store.add_participant(a.id, "AB", "Council")
        store.record_answer(
            a.id, "sample.board", AnswerValue.of(Stage.ISOLATION), participant_id=ab.id
        )
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.COORDINATION))
        voices = {x.participant_id: x.changed_by for x in store.answers(a.id, voices=True)}
        by = f"({store.writer})"
    assert voices == {ab.id: f"AB {by}", None: f"Facilitator {by}"}
