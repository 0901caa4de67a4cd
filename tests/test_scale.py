"""A programme's store at scale (issue 16): one key for cached summaries, kept alike by the app
and the command line; rescoring a bounded number at a time from answer values; each wording
stored once (migration 11, both engines); compiled report templates kept between runs."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import read_beside, settle

import assessor.analysis.summaries as summaries_module
from assessor.analysis.summaries import overviews, summarise
from assessor.answers import AnswerValue, Special
from assessor.banks import BankSet, load_bank_set, load_builtin
from assessor.cli import main
from assessor.continuum import Stage
from assessor.files.resources import builtin_bank_paths
from assessor.report import render, report_for
from assessor.report.environment import template_environment
from assessor.sessions import begin
from assessor.store import Store
from assessor.store.location import ServerAddress
from assessor.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS
from assessor.store.records import answer_map
from assessor.store.transfer import export_assessment, import_assessment

# -- one key for cached summaries --------------------------------------------------------------


def _kept(db: Path) -> list[tuple[str, str, str]]:
    """The summaries the store keeps, as rows: (assessment id, key, summary)."""
    with Store(db) as store:
        rows = read_beside(store.path, "SELECT * FROM summaries ORDER BY assessment_id")
    return [tuple(r) for r in rows]


def _three_complete(db: Path) -> list[str]:
    installed = load_builtin()
    ids = []
    with Store(db) as store:
        for number, stage in enumerate(
            (Stage.COMMUNICATION, Stage.COORDINATION, Stage.INTEGRATION)
        ):
            a = begin(store, f"Shire {number}", installed)
            for question in installed.questions:
                store.record_answer(a.id, question.id, AnswerValue.of(stage))
            store.set_status(a.id, complete=True)
            ids.append(a.id)
    return ids


def _open_app_start_screen(db: Path, installed: BankSet) -> list[Any]:
    """The start screen's list of assessments, as the app loaded it."""
    from assessor.tui.app import AssessorApp
    from assessor.tui.screens.start import StartScreen

    found: list[Any] = []

    async def run() -> None:
        app = AssessorApp(db, installed, blink=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen)
            found.extend(app.screen.summaries)

    asyncio.run(run())
    return found


def test_summaries_the_command_line_kept_are_used_by_the_app_and_the_other_way(
    tmp_path: Path, capsys
) -> None:
    """`history` and the app's start screen key each summary alike: neither scores again what
    the other kept (each discarded the other's: 10-24 s at 10,000 assessments)."""
    db = tmp_path / "shared.db"
    ids = _three_complete(db)
    assert main(["history", "--db", str(db)]) == 0
    listed = capsys.readouterr().out
    by_cli = _kept(db)
    assert sorted(r[0] for r in by_cli) == sorted(ids)
    shown = _open_app_start_screen(db, load_builtin())
    assert _kept(db) == by_cli  # not one scored again
    assert [s.overall_text for s in shown] == [
        "integration 5.0",
        "coordination 3.0",
        "communication 2.0",
    ]
    for summary in shown:
        assert summary.overall_text in listed
    with Store(db) as store:
        read_beside(store.path, "DELETE FROM summaries")
    _open_app_start_screen(db, load_builtin())
    by_app = _kept(db)
    assert sorted(r[0] for r in by_app) == sorted(ids)
    assert main(["history", "--db", str(db)]) == 0
    assert capsys.readouterr().out == listed
    assert _kept(db) == by_app


def test_a_bank_changed_without_a_new_version_is_scored_again(
    tmp_path: Path, small_bank_text: str
) -> None:
    """The key follows the banks' contents, not only their versions: a question's weight
    changed in place changes the score the app shows."""
    bank = tmp_path / "1_sample.yaml"
    bank.write_text(small_bank_text, encoding="utf-8")
    db = tmp_path / "changed.db"
    with Store(db) as store:
        a = begin(store, "Northshire", load_bank_set([bank]))
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.COORDINATION))
        store.record_answer(a.id, "sample.budget", AnswerValue.of(Stage.INTEGRATION))
        store.set_status(a.id, complete=True)
    (before,) = _open_app_start_screen(db, load_bank_set([bank]))
    assert before.overall == 3.7  # (2 x 3 + 1 x 5) / 3
    assert "weight: 2" in small_bank_text  # the board's weight, its version left as it was
    bank.write_text(small_bank_text.replace("weight: 2", "weight: 1", 1), encoding="utf-8")
    (after,) = _open_app_start_screen(db, load_bank_set([bank]))
    assert after.overall == 4.0  # (3 + 5) / 2
    with Store(db) as store:  # and the command line's key is the same function of the files
        (listed,) = overviews(store, store.assessments(), lambda: load_bank_set([bank]), [bank])
    assert listed.overall == 4.0


def test_rescoring_in_rounds_gives_each_assessment_its_own_score(new_db, monkeypatch) -> None:
    """Stale assessments are scored a few at a time (rounds of 2 here): every one is scored
    from its own answers, as scoring it alone does, and its summary kept."""
    monkeypatch.setattr(summaries_module, "RESCORED_AT_ONCE", 2)
    installed = load_builtin()
    db = new_db("rounds")
    with Store(db) as store:
        ids = []
        for number in range(5):
            a = begin(store, f"Shire {number % 2}", installed)
            for n, question in enumerate(installed.questions[: 6 + number]):
                answer = (
                    AnswerValue.of(Special.DONT_KNOW)
                    if n == 3
                    else AnswerValue.of(Stage.from_number((n + number) % 5 + 1))
                )
                store.record_answer(a.id, question.id, answer)
            ids.append(a.id)
        found = overviews(store, store.assessments(), lambda: installed, builtin_bank_paths())
        alone = {i: summarise(store, store.assessment(i), installed).profile for i in ids}
        assert [(o.assessment.id, o.overall, o.answered, o.asked) for o in found] == [
            (i, alone[i].overall, alone[i].answered, alone[i].asked) for i in ids
        ]
        assert len({o.overall for o in found}) > 1
        kept = store.cached_summaries(ids)
        assert sorted(kept) == sorted(ids)


def test_answer_values_are_the_answers_scoring_reads(new_db) -> None:
    """The lean rows rescoring reads hold exactly the answer map of the assessment's own
    answers still in the banks: no participant's rating, no answer to a removed question."""
    db = new_db("lean")
    with Store(db) as store:
        a = store.create_assessment("Northshire", [], mode="workshop")
        person = store.add_participant(a.id, "Ann")
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.COORDINATION))
        store.record_answer(a.id, "sample.board", AnswerValue.of(Stage.INTEGRATION))
        store.record_answer(a.id, "sample.budget", AnswerValue.of(Special.NOT_APPLICABLE))
        store.record_answer(a.id, "sample.gone", AnswerValue.of(Stage.ISOLATION))
        store.record_answer(
            a.id, "sample.other", AnswerValue.of(Stage.ISOLATION), participant_id=person.id
        )
        store.mark_bank_changes(a.id, {"sample.board", "sample.budget", "sample.other"})
        b = store.create_assessment("Eastshire", [])
        values = store.answer_values_of([a.id, b.id])
        assert values == {a.id: answer_map(store.answers(a.id)), b.id: {}}
        assert values[a.id] == {
            "sample.board": AnswerValue.of(Stage.INTEGRATION),
            "sample.budget": AnswerValue.of(Special.NOT_APPLICABLE),
        }


# -- each wording stored once -----------------------------------------------------------------

LONG = "Which of these does the partnership share? " + "records, plans and budgets; " * 200
WORDINGS = {  # per assessment, as a store of schema 8 (main's today) keeps them
    "old1": {"governance.board": "Who oversees the work?", "governance.budget": "Is it pooled?"},
    "old2": {"governance.board": "Who oversees the work?", "governance.budget": "Is it pooled?"},
    "old3": {"governance.board": "Who oversees the family hubs work?", "data.sharing": LONG},
    "old4": {"data.sharing": "Données partagées — “who” sees them? ü"},
}


def _schema_8_store(location: Any) -> None:
    """A store as schema 8 made it (migrations 1-8, never edited once released), with
    wordings kept per assessment."""
    rows: list[tuple[str, Any]] = [
        (
            "INSERT INTO partnerships(name, area, created_at) VALUES (?, ?, ?)",
            ("Northshire", "North", "2025-01-01T00:00:00+00:00"),
        )
    ]
    for number, (assessment_id, wording) in enumerate(WORDINGS.items()):
        rows.append(
            (
                "INSERT INTO assessments(id, partnership_id, mode, status, lead, started_at) "
                "VALUES (?, 1, 'individual', 'complete', 'Sam', ?)",
                (assessment_id, f"2025-0{number + 1}-01T00:00:00+00:00"),
            )
        )
        rows += [
            (
                "INSERT INTO assessment_questions(assessment_id, question_id, text) "
                "VALUES (?, ?, ?)",
                (assessment_id, question_id, text),
            )
            for question_id, text in wording.items()
        ]
    if isinstance(location, ServerAddress):
        import psycopg

        from assessor.store import postgres

        old = postgres.PostgresConnection(
            psycopg.connect(location.secret, autocommit=True, row_factory=postgres._row_factory)
        )
        old.execute(postgres._COLLATION)
        for version in range(1, 9):
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    old.execute(postgres.schema_statement(statement))
        old.execute(
            "INSERT INTO meta VALUES ('schema_version', '8'), ('application_id', ?)",
            (str(APPLICATION_ID),),
        )
        for sql, values in rows:
            old.execute(sql, values)
        old.close()
        return
    connection = sqlite3.connect(location)
    for version in range(1, 9):
        connection.executescript(MIGRATIONS[version])
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("INSERT INTO meta VALUES ('schema_version', '8')")
    for sql, values in rows:
        connection.execute(sql, values)
    connection.commit()
    connection.close()


def test_a_schema_8_store_keeps_every_wording_stored_once(new_db) -> None:
    db = new_db("eight")
    _schema_8_store(db)
    with Store(db) as store:
        version = read_beside(store.path, "SELECT value FROM meta WHERE key = 'schema_version'")
        assert int(version[0][0]) == LATEST
        assert store.questions_of(WORDINGS) == WORDINGS
        distinct = {(q, t) for wording in WORDINGS.values() for q, t in wording.items()}
        stored = read_beside(store.path, "SELECT question_id, text FROM wordings")
        assert sorted(tuple(r) for r in stored) == sorted(distinct)  # each once
        # asked again in a new wording: the latest kept, the others' untouched
        store.record_questions("old1", [("governance.board", "Who leads the work?")])
        assert store.questions_of(["old1", "old2"]) == {
            "old1": {
                "governance.board": "Who leads the work?",
                "governance.budget": "Is it pooled?",
            },
            "old2": WORDINGS["old2"],
        }
        exported = export_assessment(store, "old3")
        assert exported.questions == WORDINGS["old3"]
        store.delete_assessment("old3")
        assert store.questions_of(["old3", "old4"]) == {"old3": {}, "old4": WORDINGS["old4"]}
    with Store(new_db("elsewhere")) as other:
        import_assessment(other, exported)
        assert other.questions_of(["old3"]) == {"old3": WORDINGS["old3"]}


def test_assessments_of_one_bank_version_share_its_wordings(new_db) -> None:
    installed = load_builtin()
    with Store(new_db("shared")) as store:
        ids = [begin(store, f"Shire {n}", installed).id for n in range(3)]
        wordings = read_beside(store.path, "SELECT COUNT(*) FROM wordings")[0][0]
        assert wordings == len(installed.questions)
        asked = store.questions_of(ids)
        assert all(asked[i] == {q.id: q.text for q in installed.questions} for i in ids)


# -- compiled templates kept between runs ------------------------------------------------------


def _report_html(tmp_path: Path) -> str:
    installed = load_builtin()
    with Store(tmp_path / "r.db") as store:
        earlier = store.assessments()
        a = earlier[0] if earlier else begin(store, "Northshire", installed)
        store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COORDINATION))
        template_environment.cache_clear()  # as a fresh process starts
        return render(report_for(store, a.id, installed), "html")


def _cached_templates(folder: Path) -> list[Path]:
    return sorted(folder.glob("template-*")) if folder.is_dir() else []


def test_compiled_templates_are_kept_in_the_users_cache_and_used(tmp_path: Path) -> None:
    folder = Path(os.environ["ASSESSOR_CACHE_DIR"])
    first = _report_html(tmp_path)
    kept = _cached_templates(folder)
    assert kept and all(p.stat().st_mode & 0o077 == 0 for p in kept)
    assert _report_html(tmp_path) == first
    # what is kept is what is run: code planted in the user's own cache file is used...
    env = template_environment("html", None)
    source, filename, _ = env.loader.get_source(env, "report.html.j2")  # type: ignore[union-attr]
    cache = env.bytecode_cache
    assert cache is not None
    bucket = cache.get_bucket(env, "report.html.j2", filename, source)
    bucket.code = env.compile("PLANTED", "report.html.j2", filename)
    planted = folder / next(p.name for p in kept if bucket.key in p.name)
    with planted.open("wb") as out:
        bucket.write_bytecode(out)
    assert _report_html(tmp_path) == "PLANTED"
    # ...so one others may write is never read, and a damaged one is compiled afresh
    planted.chmod(0o666)
    assert _report_html(tmp_path) == first
    planted.write_bytes(b"j2 not a compiled template")
    planted.chmod(0o600)
    assert _report_html(tmp_path) == first


def test_a_cache_folder_others_may_write_is_not_used_for_templates(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(shared))
    assert "<html" in _report_html(tmp_path)
    assert _cached_templates(shared) == []
    assert "is not used" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["md", "html"])
def test_each_environment_keeps_its_own_compiled_templates(kind: str) -> None:
    """The Markdown and HTML environments compile one source differently (escaping): their
    compiled code is never shared."""
    other = "html" if kind == "md" else "md"
    mine = template_environment(kind, None).bytecode_cache
    theirs = template_environment(other, None).bytecode_cache
    assert mine is not None and theirs is not None
    assert mine.prefix != theirs.prefix  # type: ignore[attr-defined]


def _store_and_its_connection(path: Path, monkeypatch) -> tuple[Store, Any]:
    """A store, and the connection it opened (as `database.connect` made it): SQLite's steps in
    the store's own queries are counted on that connection, which no second one would run."""
    from assessor.store import base, database

    made: list[Any] = []

    def kept(where: Path) -> Any:
        connection, refused = database.connect(where)
        made.append(connection)
        return connection, refused

    monkeypatch.setattr(base, "connect", kept)
    return Store(path), made[0]


def test_the_own_answers_of_a_few_assessments_are_read_without_reading_every_other(
    tmp_path: Path, monkeypatch
) -> None:
    """Reading the own answers of some assessments (history's rescoring, compare) finds them by
    assessment: the work SQLite does (its virtual machine's steps) does not grow with the other
    assessments in the store. The index on participants' answers, where every own answer has
    NULL, made each read step through all of them."""

    def steps_to_read(store: Store, assessment_ids: list[str]) -> dict[str, int]:
        counted = {}
        for name, read in (
            ("answers_of", store.answers_of),
            ("answer_values_of", store.answer_values_of),
        ):
            steps = [0]

            def step(steps: list[int] = steps) -> int:
                steps[0] += 1
                return 0

            connection.set_progress_handler(step, 10)
            read(assessment_ids)
            connection.set_progress_handler(None, 10)
            counted[name] = steps[0]
        return counted

    store, connection = _store_and_its_connection(tmp_path / "many.db", monkeypatch)
    with store:
        ids = [store.create_assessment(f"Shire {n}", []).id for n in range(80)]
        with store.transaction() as db:
            keys = store.question_keys_in(db, [f"sample.q{q}" for q in range(25)])
            db.executemany(
                "INSERT INTO answers(assessment_id, question_key, value, answered_at) "
                "VALUES (?, ?, 3, '2026-01-01T00:00:00+00:00')",
                [(i, keys[f"sample.q{q}"]) for i in ids for q in range(25)],
            )
        alone = steps_to_read(store, ids[:10])
        with store.transaction() as db:
            keys = store.question_keys_in(db, [f"sample.r{q}" for q in range(50)])
            db.executemany(
                "INSERT INTO answers(assessment_id, question_key, value, answered_at) "
                "VALUES (?, ?, 3, '2026-01-01T00:00:00+00:00')",
                [(i, keys[f"sample.r{q}"]) for i in ids[10:] for q in range(50)],
            )
        among_many = steps_to_read(store, ids[:10])
    for name, steps in among_many.items():
        assert steps <= alone[name] * 1.2 + 5, (name, alone, among_many)


def test_one_answer_is_read_and_changed_without_reading_every_other(
    tmp_path: Path, monkeypatch
) -> None:
    """Reading one answer, and changing it (every answer given, every rating in a room), finds
    it by its assessment and question: SQLite's work does not grow with the other assessments'
    answers. The index on participants' answers held every own answer under NULL, and SQLite
    read them all for `participant_id IS ?` (0.1 s an answer in a store of 10,000)."""

    def steps(store: Store, assessment_id: str) -> dict[str, int]:
        counted = {}
        for name, act in (
            ("answer", lambda: store.answer(assessment_id, "sample.q3")),
            (
                "record_answer",
                lambda: store.record_answer(
                    assessment_id, "sample.q4", AnswerValue.of(Stage.INTEGRATION)
                ),
            ),
        ):
            count = [0]

            def step(count: list[int] = count) -> int:
                count[0] += 1
                return 0

            connection.set_progress_handler(step, 10)
            act()
            connection.set_progress_handler(None, 10)
            counted[name] = count[0]
        return counted

    store, connection = _store_and_its_connection(tmp_path / "many.db", monkeypatch)
    with store:
        ids = [store.create_assessment(f"Shire {n}", []).id for n in range(60)]
        for n in range(8):
            store.record_answer(ids[0], f"sample.q{n}", AnswerValue.of(Stage.COORDINATION))
        alone = steps(store, ids[0])
        for assessment_id in ids[1:]:
            for n in range(40):
                store.record_answer(assessment_id, f"sample.q{n}", AnswerValue.of(Stage.ISOLATION))
        among_many = steps(store, ids[0])
    for name, count in among_many.items():
        assert count <= alone[name] * 1.2 + 5, (name, alone, among_many)
