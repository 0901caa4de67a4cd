"""The store's size (issue 16): migration 12 keeps each question id and each "changed by" once,
as keys the answers hold; nothing anyone answered reads back any differently, on either engine,
through the store or an export and import; and a file an upgrade left half empty is compacted
once (SQLite)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_db, fill_disk, on_server, read_beside, small_disk

from assessor.answers import AnswerValue, Special
from assessor.cli import main
from assessor.continuum import Stage
from assessor.store import BankUse, Store, compaction, database
from assessor.store.errors import Compacting
from assessor.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS
from assessor.store.records import Answer, RevisedAnswer
from assessor.store.transfer import export_assessment, import_assessment, parse_export, recorded

# -- a store as schema 11 (main's before migration 12) made it --------------------------------

SAM = "Sam Lead (sam@laptop, process 4121)"
ZOE = "Zoë “Z” O'Neill (zoe@hub-2, process 7)"
LONG_NOTE = "Minutes of the board, item 4: " + "we agreed the shared budget; " * 400
# (assessment, question, participant, value, special, words, note, answered_at, in_bank,
#  changed_by, rationale, revision), in the order they were written (their ids)
ANSWERS: list[tuple[Any, ...]] = [
    (
        "old1",
        "gov.board",
        None,
        3,
        None,
        "we meet monthly",
        "board minutes",
        "2025-03-01T10:00:00.000000+01:00",
        1,
        SAM,
        "",
        3,
    ),
    (
        "old1",
        "gov.budget",
        None,
        None,
        "dont-know",
        "ask health\nthen finance",
        "",
        "2025-03-01T09:00:00.000000+00:00",
        1,
        SAM,
        "",
        1,
    ),
    (
        "old1",
        "gov.gone",
        None,
        1,
        None,
        "",
        "a question since removed",
        "2025-03-01T09:00:00.000000+00:00",
        0,
        "",
        "",
        1,
    ),  # same time: kept in written order
    (
        "old1",
        "data.sharing",
        None,
        5,
        None,
        "Données partagées — ü 🙂 <b>&amp;</b>",
        LONG_NOTE,
        "2025-03-01T09:30:00",
        1,
        ZOE,
        "",
        2,
    ),  # a time an earlier import stored without a zone
    (
        "old2",
        "gov.board",
        1,
        2,
        None,
        "ratings",
        "",
        "2025-04-01T10:00:00.000000+00:00",
        1,
        "Facilitator (f@room, process 9)",
        "",
        1,
    ),
    (
        "old2",
        "gov.board",
        2,
        4,
        None,
        "ratings",
        "rated on own device: 4",
        "2025-04-01T10:00:01.000000+00:00",
        1,
        "CD (f@room, process 9)",
        "",
        1,
    ),
    (
        "old2",
        "gov.board",
        None,
        3,
        None,
        "3",
        "agreed",
        "2025-04-01T10:05:00.000000+00:00",
        1,
        "Facilitator (f@room, process 9)",
        "split between 2 and 4; 3 agreed",
        1,
    ),
    (
        "old2",
        "gov.budget",
        None,
        None,
        "not-applicable",
        "",
        "",
        "2025-04-01T10:06:00.000000-05:00",
        1,
        SAM,
        "",
        1,
    ),
]
# (assessment, question, participant, value, special, words, note, answered_at, replaced_at,
#  changed_by, rationale)
HISTORY: list[tuple[Any, ...]] = [
    (
        "old1",
        "gov.board",
        None,
        2,
        None,
        "we meet",
        "",
        "2025-02-01T10:00:00.000000+00:00",
        "2025-03-01T10:00:00.000000+01:00",
        SAM,
        "",
    ),
    (
        "old1",
        "gov.board",
        None,
        None,
        "skipped",
        "",
        "",
        "2025-01-01T10:00:00.000000+00:00",
        "2025-02-01T10:00:00.000000+00:00",
        "",
        "",
    ),
    (
        "old2",
        "gov.board",
        2,
        3,
        None,
        "ratings",
        "",
        "2025-04-01T09:59:00.000000+00:00",
        "2025-04-01T10:00:01.000000+00:00",
        ZOE,
        "",
    ),
    (
        "old1",
        "data.sharing",
        None,
        4,
        None,
        "ü",
        "old note",
        "2025-03-01T09:00:00+00:00",
        "2025-03-01T09:30:00",
        "",
        "why",
    ),
]
_PEOPLE = [
    (1, "old2", "AB", "Council", "Lead", "2025-04-01T09:00:00+00:00", None),
    (2, "old2", "CD", "NHS", "", "2025-04-01T09:00:00+00:00", "2025-04-01T11:00:00+00:00"),
]


def _schema_11_rows() -> list[tuple[str, tuple[Any, ...]]]:
    rows: list[tuple[str, tuple[Any, ...]]] = [
        (
            "INSERT INTO partnerships(name, area, created_at) VALUES (?, ?, ?)",
            ("Northshire", "North", "2025-01-01T00:00:00+00:00"),
        ),
        (
            "INSERT INTO assessments(id, partnership_id, mode, status, lead, started_at) "
            "VALUES ('old1', 1, 'individual', 'complete', 'Sam', '2025-01-01T00:00:00+00:00')",
            (),
        ),
        (
            "INSERT INTO assessments(id, partnership_id, mode, status, lead, started_at) "
            "VALUES ('old2', 1, 'workshop', 'in-progress', 'F', '2025-04-01T00:00:00+00:00')",
            (),
        ),
    ]
    for assessment_id in ("old1", "old2"):
        rows += [
            (
                "INSERT INTO assessment_banks VALUES (?, ?, ?, ?)",
                (assessment_id, bank, "2.2", n),
            )
            for n, bank in enumerate(("gov", "data"))
        ]
    rows += [
        (
            "INSERT INTO participants(id, assessment_id, name, organisation, role, added_at, "
            "removed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            person,
        )
        for person in _PEOPLE
    ]
    rows += [
        (
            "INSERT INTO answers(assessment_id, question_id, participant_id, value, special, "
            "words, note, answered_at, in_bank, changed_by, rationale, revision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            answer,
        )
        for answer in ANSWERS
    ]
    rows += [
        (
            "INSERT INTO answer_history(assessment_id, question_id, participant_id, value, "
            "special, words, note, answered_at, replaced_at, changed_by, rationale) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            earlier,
        )
        for earlier in HISTORY
    ]
    return rows


def _schema_11_store(location: Any, rows: list[tuple[str, tuple[Any, ...]]]) -> None:
    """A store as schema 11 made it (migrations 1-11, never edited once released)."""
    if on_server(location):
        import psycopg

        from assessor.store import postgres

        old = postgres.PostgresConnection(
            psycopg.connect(location.secret, autocommit=True, row_factory=postgres._row_factory)
        )
        old.execute(postgres._COLLATION)
        for version in range(1, 12):
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    old.execute(postgres.schema_statement(statement))
        old.execute(
            "INSERT INTO meta VALUES ('schema_version', '11'), ('application_id', ?)",
            (str(APPLICATION_ID),),
        )
        for sql, values in rows:
            old.execute(sql, values)
        old.execute(  # identity columns go on from the ids given above, as the store's would
            "SELECT setval(pg_get_serial_sequence('participants', 'id'), 2)"
        )
        old.close()
        return
    connection = sqlite3.connect(location)
    for version in range(1, 12):
        connection.executescript(MIGRATIONS[version])
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("INSERT INTO meta VALUES ('schema_version', '11')")
    for sql, values in rows:
        connection.execute(sql, values)
    connection.commit()
    connection.close()


_COLUMNS = list(Answer.model_fields)


def _expected_answers(assessment_id: str, voices: bool) -> list[Answer]:
    """What schema 11's store read: the rows in (answered_at as stored, id) order."""
    numbered = [
        (row[7], n, row)
        for n, row in enumerate(ANSWERS)
        if row[0] == assessment_id and (voices or row[2] is None)
    ]
    return [
        Answer(
            question_id=row[1],
            participant_id=row[2],
            value=row[3],
            special=row[4],
            words=row[5],
            note=row[6],
            answered_at=row[7],
            in_bank=bool(row[8]),
            changed_by=row[9],
            rationale=row[10],
            revision=row[11],
        )
        for _, _, row in sorted(numbered, key=lambda found: found[:2])
    ]


def _expected_history(assessment_id: str) -> list[RevisedAnswer]:
    numbered = [(row[8], n, row) for n, row in enumerate(HISTORY) if row[0] == assessment_id]
    return [
        RevisedAnswer(
            question_id=row[1],
            participant_id=row[2],
            value=row[3],
            special=row[4],
            words=row[5],
            note=row[6],
            answered_at=row[7],
            replaced_at=row[8],
            changed_by=row[9],
            rationale=row[10],
        )
        for _, _, row in sorted(numbered, key=lambda found: found[:2])
    ]


def _as_stored(store: Store, table: str, columns: str) -> list[tuple[Any, ...]]:
    """Every row's stored values, the texts its keys stand for among them, in written order."""
    rows = read_beside(
        store.path,
        f"SELECT {columns} FROM {table} "
        f"JOIN question_keys ON question_keys.id = {table}.question_key "
        f"JOIN writers ON writers.id = {table}.writer_key ORDER BY {table}.id",
    )
    return [tuple(r) for r in rows]


_ANSWER_ROW = (
    "assessment_id, question_id, participant_id, value, special, words, note, answered_at, "
    "in_bank, changed_by, rationale, revision"
)
_HISTORY_ROW = (
    "assessment_id, question_id, participant_id, value, special, words, note, answered_at, "
    "replaced_at, changed_by, rationale"
)


def _times(records: list[Any]) -> list[str]:
    """The times of records as written, offsets included (equal datetimes may differ there)."""
    return [
        f"{r.answered_at.isoformat()} {getattr(r, 'replaced_at', r.answered_at).isoformat()}"
        for r in records
    ]


def _same(found: list[Any], expected: list[Any], revisions: bool = True) -> None:
    """The same records, times as written; and revisions, within one database."""
    assert [a.model_dump() for a in found] == [a.model_dump() for a in expected]
    if revisions:
        assert [a.revision for a in found] == [a.revision for a in expected]
    assert _times(found) == _times(expected)


def test_a_schema_11_store_reads_back_every_answer_as_it_was(new_db) -> None:
    db = new_db("eleven")
    _schema_11_store(db, _schema_11_rows())
    with Store(db) as store:
        version = read_beside(store.path, "SELECT value FROM meta WHERE key = 'schema_version'")
        assert int(version[0][0]) == LATEST
        assert _as_stored(store, "answers", _ANSWER_ROW) == ANSWERS  # every stored text
        assert _as_stored(store, "answer_history", _HISTORY_ROW) == HISTORY
        for assessment_id in ("old1", "old2"):
            _same(store.answers(assessment_id), _expected_answers(assessment_id, voices=False))
            _same(
                store.answers(assessment_id, voices=True),
                _expected_answers(assessment_id, voices=True),
            )
            _same(store.history(assessment_id), _expected_history(assessment_id))
        (zoe,) = [a for a in store.answers("old1") if a.changed_by == ZOE]
        assert zoe.note == LONG_NOTE and zoe.words.endswith("<b>&amp;</b>")
        _same([store.answer("old2", "gov.board", 2)], [_expected_answers("old2", True)[1]])
        _same(
            store.history("old1", "gov.board"),
            [h for h in _expected_history("old1") if h.question_id == "gov.board"],
        )
        assert store.answer_values_of(["old1"]) == {
            "old1": {
                "gov.board": AnswerValue.of(Stage.COORDINATION),
                "gov.budget": AnswerValue.of(Special.DONT_KNOW),
                "data.sharing": AnswerValue.of(Stage.INTEGRATION),
            }
        }
        assert [b.bank_id for b in store.assessment("old1").banks] == ["gov", "data"]
        # each text once: the keys the answers hold
        keys = read_beside(store.path, "SELECT question_id FROM question_keys ORDER BY id")
        assert [r[0] for r in keys] == sorted({row[1] for row in ANSWERS + HISTORY})
        writers = read_beside(store.path, "SELECT id, changed_by FROM writers ORDER BY id")
        named = {row[9] for row in ANSWERS} | {row[9] for row in HISTORY}
        assert [tuple(r) for r in writers] == list(enumerate(["", *sorted(named - {""})]))
        # and it goes on as before: a change is checked against the migrated revision, and
        # moves the answer as it was to the history
        changed = store.record_answer(
            "old1", "gov.board", AnswerValue.of(Stage.INTEGRATION), "now", seen=3
        )
        assert (changed.revision, changed.words) == (4, "now")
        (board,) = [a for a in _expected_answers("old1", False) if a.question_id == "gov.board"]
        assert store.history("old1", "gov.board")[-1].model_dump() == {
            **board.model_dump(),
            "changed_by": changed.changed_by,
            "replaced_at": store.history("old1", "gov.board")[-1].replaced_at,
        }
        person = store.add_participant("old2", "EF")
        rated = store.record_answer(
            "old2", "new.question", AnswerValue.of(Stage.ISOLATION), participant_id=person.id
        )
        assert rated.changed_by.startswith("EF (") and person.id == 3
        assert store.mark_bank_changes("old1", {"gov.board", "data.sharing"}) == [
            "gov.budget",
            "gov.gone",
        ]
        store.delete_assessment("old2")
        assert store.answers("old2", voices=True) == []


# The bank the assessments made here answer (an import takes answers to its banks' questions).
GOV = [BankUse(bank_id="gov", version="2.2")]


def _varied_assessment(store: Store) -> str:
    """An assessment whose answers hold every kind of text and writer there is."""
    a = store.create_assessment("Northshire", GOV, mode="workshop", lead="Zoë")
    ab = store.add_participant(a.id, "AB", "Council")
    cd = store.add_participant(a.id, "CD", "Health")
    store.record_ratings(
        a.id,
        "gov.board",
        [
            (ab.id, AnswerValue.of(Stage.COMMUNICATION)),
            (cd.id, AnswerValue.of(Stage.COLLABORATION)),
        ],
        "AB 2, CD 4",
        "Facilitator",
        notes={cd.id: "rated on own device: 4 🙂"},
    )
    store.record_answer(a.id, "gov.board", AnswerValue.of(Stage.COORDINATION), "3", "", None, "")
    store.record_answer(
        a.id, "gov.board", AnswerValue.of(Stage.COLLABORATION), "4", LONG_NOTE, None, ZOE, "why 4"
    )
    store.set_note(a.id, "gov.board", "Données — “quoted” \n second line", changed_by="Ann")
    store.record_answer(a.id, "gov.budget", AnswerValue.of(Special.SKIPPED), changed_by=SAM)
    store.record_answer(a.id, "gov.board", AnswerValue.of(Stage.INTEGRATION), participant_id=ab.id)
    return a.id


def test_what_was_answered_survives_export_and_import_on_either_engine(
    new_db, tmp_path: Path
) -> None:
    """From a migrated store (writers never named, times in other zones or none) and from
    today's, to a store of the same engine and, from PostgreSQL, to an SQLite file."""
    source = new_db("from")
    _schema_11_store(source, _schema_11_rows())
    with Store(source) as store:
        ids = ["old1", "old2", _varied_assessment(store)]
        exports = [export_assessment(store, i) for i in ids]
        kept = [(store.answers(i, voices=True), store.history(i)) for i in ids]
    writers = {a.changed_by.split(" (")[0] for both in kept for part in both for a in part}
    assert writers >= {"", "Ann", ZOE.split(" (")[0], "Facilitator"}
    to = new_db("to")
    for target in [to, tmp_path / "file.db"] if on_server(to) else [to]:  # and across engines
        with Store(target) as other:
            earlier = other.create_assessment("Eastshire", [])  # keys numbered otherwise there
            other.record_answer(
                earlier.id, "a.first", AnswerValue.of(Stage.ISOLATION), changed_by="Other"
            )
            for first, (answers, history) in zip(exports, kept, strict=True):
                text = first.model_dump_json()
                imported = import_assessment(other, parse_export(text, "x.json"))
                second = export_assessment(other, imported.id)
                assert recorded(second) == recorded(first)
                assert [json.loads(second.model_dump_json())[part] for part in PARTS] == [
                    json.loads(text)[part] for part in PARTS
                ]
                _same(other.answers(imported.id, voices=True), answers, revisions=False)
                _same(other.history(imported.id), history)


PARTS = ("answers", "history", "questions")  # participants' ids: numbered by the store


# -- compacting a file an upgrade left half empty (SQLite) -------------------------------------


def _big_schema_11_file(path: Path, assessments: int) -> None:
    """A schema 11 file of many assessments of 60 answers, each answer with its question id
    and writer in full."""
    _schema_11_store(path, _schema_11_rows())
    connection = sqlite3.connect(path)
    ids = [f"big{n:05d}" for n in range(assessments)]
    connection.executemany(
        "INSERT INTO assessments(id, partnership_id, mode, status, started_at) "
        "VALUES (?, 1, 'individual', 'complete', '2025-05-01T00:00:00+00:00')",
        [(i,) for i in ids],
    )
    connection.executemany(
        "INSERT INTO answers(assessment_id, question_id, value, words, note, answered_at, "
        "changed_by) VALUES (?, ?, 3, 'we meet monthly', ?, "
        "'2025-05-01T10:00:00.000000+00:00', ?)",
        [
            (i, f"integration.question_{q:02d}", f"board minutes, item {q}", f"{SAM} {n % 3}")
            for n, i in enumerate(ids)
            for q in range(60)
        ],
    )
    connection.commit()
    connection.close()


def _answers_in(path: Path) -> int:
    with Store(path) as store:
        ids = [a.id for a in store.assessments()]
        return sum(len(found) for found in store.answers_of(ids).values())


def _pages(path: Path) -> tuple[int, int]:
    """(pages, free pages) of the file, its log folded in."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return (
            connection.execute("PRAGMA page_count").fetchone()[0],
            connection.execute("PRAGMA freelist_count").fetchone()[0],
        )
    finally:
        connection.close()


def test_an_upgrade_that_frees_much_of_a_file_compacts_it_once_and_says_so(
    tmp_path: Path, capsys
) -> None:
    path = tmp_path / "big.db"
    _big_schema_11_file(path, 500)
    before = path.stat().st_size
    assert main(["--db", str(path), "history", "--limit", "1"]) == 0
    said = capsys.readouterr().err
    assert said.count("compacting it once to give back the") == 1, said
    assert f"assessor: {path} was brought up to date" in said
    pages, free = _pages(path)
    assert free == 0 and path.stat().st_size < before * 0.75
    assert _answers_in(path) == 30_006  # nothing lost
    with Store(path) as store:
        assert [tuple(r) for r in read_beside(store.path, "SELECT key FROM meta")] == [
            ("schema_version",)
        ]
    assert main(["--db", str(path), "history", "--limit", "1"]) == 0
    assert "compact" not in capsys.readouterr().err  # once
    assert _pages(path) == (pages, 0)


def test_a_compaction_cut_short_is_done_at_the_next_open(tmp_path: Path, capsys) -> None:
    """Killed during VACUUM, the file is as it was after the upgrade, still marked to compact."""
    path = tmp_path / "big.db"
    _big_schema_11_file(path, 500)
    with pytest.warns(Compacting, match="compacting it once"):
        Store(path).close()
    assert _pages(path)[1] == 0
    connection = sqlite3.connect(path)  # the upgrade's state before its VACUUM: pages freed
    connection.execute("DELETE FROM answers WHERE assessment_id > 'big00100'")
    connection.execute("INSERT INTO meta VALUES ('compact_after_upgrade', '11')")
    connection.commit()
    connection.close()
    assert _pages(path)[1] > 0
    assert main(["--db", str(path), "history"]) == 0
    assert "compacting it once" in capsys.readouterr().err
    assert _pages(path)[1] == 0


def test_a_compaction_that_cannot_be_done_is_said_and_the_store_works(tmp_path: Path) -> None:
    """VACUUM needs as much free space again for its copy (in the temporary folder): where
    there is none, the upgraded file is used as it is, and that is said once."""
    path = tmp_path / "big.db"
    _big_schema_11_file(path, 500)
    with small_disk(tmp_path, "64k") as full:
        fill_disk(full)
        env = {**os.environ, "SQLITE_TMPDIR": str(full), "TMPDIR": str(full)}
        run = [sys.executable, "-m", "assessor", "--db", cli_db(path), "history", "--limit", "1"]
        first = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
        again = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert "compacting it once" in first.stderr
    assert f"{path} could not be compacted (database or disk is full); it works as it is" in (
        first.stderr
    )
    assert "Northshire" in first.stdout
    assert again.returncode == 0 and "compact" not in again.stderr
    assert _answers_in(path) == 30_006


def test_an_upgrade_the_disk_has_no_room_for_is_undone_and_said_in_one_sentence(
    tmp_path: Path, capsys
) -> None:
    """SQLite rolls a transaction back itself when the disk fills: the upgrade said so, not
    that there was no transaction left to roll back."""
    with small_disk(tmp_path, "16m") as disk:
        path = disk / "big.db"
        _big_schema_11_file(path, 300)
        filler = fill_disk(disk)
        os.truncate(filler, filler.stat().st_size - 100_000)  # room to open it, not to upgrade
        assert main(["--db", str(path), "history"]) == 1
        assert capsys.readouterr().err == (
            f"assessor: no space left on the disk that holds {path}; nothing you answered was "
            "lost\n"
        )
        filler.unlink()
        with pytest.warns(Compacting):
            assert _answers_in(path) == 18_006  # upgraded whole once there is room


def test_an_upgrade_writes_the_tables_it_keeps_not_the_ones_it_drops_again(
    tmp_path: Path, monkeypatch
) -> None:
    """Migration 12 rebuilds the answers and drops the old table. With SQLite's secure delete
    on (Debian's build has it) every dropped page was written over with zeros: through the log
    (as much again as the table) and a statement journal (as much again, in memory or in the
    temporary folder). The log of the upgrade, before any compacting, holds what it keeps."""
    monkeypatch.setattr(compaction, "COMPACT_SHARE", 2.0)  # no VACUUM: the upgrade's log alone
    path = tmp_path / "big.db"
    _big_schema_11_file(path, 500)
    before = path.stat().st_size
    connection, _ = database.connect(path)  # as the store opens (and upgrades) its file
    try:
        written = Path(f"{path}-wal").stat().st_size
        assert written < before * 0.8, (written, before)  # 1.4 times it, zeros written
        default = sqlite3.connect(":memory:").execute("PRAGMA secure_delete").fetchone()
        assert connection.execute("PRAGMA secure_delete").fetchone()[0] == default[0]
    finally:
        connection.close()


def test_a_writer_of_any_length_is_kept_on_either_engine(new_db) -> None:
    """Who changed an answer is found by the start of its text: a lead's name of thousands of
    characters, or an imported "changed by" of the most a file may hold, is kept whole (an index
    of whole texts refuses an entry of more than about 2,700 bytes on PostgreSQL)."""
    import random

    shuffled = random.Random(12)
    lead = "".join(shuffled.choice("abcdefghijklmnopqrstuvwxyzé ") for _ in range(5_000))
    same_start = SAM + "x" * 200
    with Store(new_db("long")) as store:
        a = store.create_assessment("Northshire", GOV, lead=lead)
        store.record_answer(a.id, "gov.board", AnswerValue.of(Stage.COORDINATION), "3")
        store.record_answer(a.id, "gov.board", AnswerValue.of(Stage.INTEGRATION), changed_by=SAM)
        store.record_answer(a.id, "gov.budget", AnswerValue.of(Stage.ISOLATION))
        store.record_answer(
            a.id, "gov.gone", AnswerValue.of(Stage.ISOLATION), changed_by=same_start
        )
        by = {x.question_id: x.changed_by for x in store.answers(a.id)}
        assert by == {
            "gov.board": f"{SAM} ({store.writer})",
            "gov.budget": f"{lead} ({store.writer})",
            "gov.gone": f"{same_start} ({store.writer})",
        }
        assert [x.words for x in store.history(a.id)] == ["3"]
        data = json.loads(export_assessment(store, a.id).model_dump_json())
    longest = "".join(shuffled.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(100_000))
    data["assessment"]["id"] = "other1"
    data["answers"][0]["changed_by"] = longest
    with Store(new_db("into")) as other:
        imported = import_assessment(other, parse_export(json.dumps(data), "x.json"))
        (first, *_) = other.answers(imported.id)
        assert first.changed_by == longest
        writers = read_beside(other.path, "SELECT COUNT(*) FROM writers")[0][0]
        assert writers == 1 + len({x["changed_by"] for x in data["answers"] + data["history"]})
