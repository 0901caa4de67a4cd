"""Untrusted export files and damaged stored text, through real `assessor` processes.

Each hostile file is refused by `assessor import` in one sentence naming the field, with a
non-zero exit, no traceback and no database left behind; times stored without a zone and text
stored as bytes that are not UTF-8 are read, not fatal.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import clock_at, read_beside, settle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.answers import AnswerValue
from assessor.continuum import Stage
from assessor.store import BankUse, Store, StoreError
from assessor.store.text import DamagedTextWarning
from assessor.store.transfer import (
    export_assessment,
    import_assessment,
    parse_export,
    recorded,
)

GOVERNANCE = [BankUse(bank_id="governance", version="1.1")]
TEXT_LIMIT = 100_000  # characters in one text of a file to import
FILE_LIMIT = 32 * 1024 * 1024  # bytes in a file to import


def assessor(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "ASSESSOR_DB": ""},
        timeout=120,
        check=False,
    )


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    """The single line a refused command writes: no traceback, nothing else."""
    assert result.returncode == 1, result
    assert result.stderr.startswith("assessor: ") and result.stderr.count("\n") == 1, result
    assert "Traceback" not in result.stderr + result.stdout
    return result.stderr.strip()


@pytest.fixture
def export_data(tmp_path: Path) -> dict:
    """A real export of a small workshop: two participants, three answers, a target."""
    with Store(tmp_path / "source.db") as store:
        a = store.create_assessment("Northshire", GOVERNANCE, mode="workshop")
        ab = store.add_participant(a.id, "AB", "Council")
        store.add_participant(a.id, "CD", "NHS trust")
        store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COORDINATION), "3")
        store.record_answer(
            a.id, "governance.board", AnswerValue.of(Stage.COLLABORATION), participant_id=ab.id
        )
        store.record_answer(
            a.id, "governance.strategy_signoff", AnswerValue.of(Stage.COLLABORATION), "4", "ISA"
        )
        store.set_target("Northshire", "governance", Stage.INTEGRATION)
        return json.loads(export_assessment(store, a.id).model_dump_json())


def refused(tmp_path: Path, text: str | bytes) -> str:
    """Import `text` as a file into a new database: the one sentence, and no database made."""
    source = tmp_path / "hostile.json"
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    db = tmp_path / "new.db"
    sentence = one_sentence(assessor("import", str(source), "--db", str(db)))
    assert not db.exists()
    return sentence.removeprefix(f"assessor: {source} ")


def test_the_export_itself_is_imported(tmp_path: Path, export_data: dict) -> None:
    source = tmp_path / "fine.json"
    source.write_text(json.dumps(export_data), encoding="utf-8")
    result = assessor("import", str(source), "--db", str(tmp_path / "new.db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Imported assessment")


# point 4: times without a timezone -------------------------------------------------------


def test_a_time_without_a_timezone_is_refused_with_its_field(
    tmp_path: Path, export_data: dict
) -> None:
    export_data["answers"][1]["answered_at"] = "2026-03-01T09:00:00"
    assert refused(tmp_path, json.dumps(export_data)) == (
        "cannot be imported: answers[1].answered_at has no timezone; give one, e.g. "
        "2026-03-01T09:00:00Z for UTC or 2026-03-01T10:00:00+01:00"
    )
    export_data["answers"][1]["answered_at"] = "2026-03-01T09:00:00+01:00"  # any offset is fine
    export_data["assessment"]["started_at"] = "2026-03-01T08:00:00"
    assert "assessment.started_at has no timezone" in refused(tmp_path, json.dumps(export_data))


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("2026-02-30T09:00:00Z", "which is not a real date and time"),
        ("2026-02-28T24:00:00Z", "which is not a real date and time"),
        ("2026-02-28 09:00:00Z", "which is not a time written as assessor writes one"),
        ("2026-02-28T09:00:00+0100", "which is not a time written as assessor writes one"),
        ("28/02/2026 09:00", "which is not a time written as assessor writes one"),
        ("0001-01-01T00:00:00+01:00", "which is not a time of 2000 to 2099"),
        ("9999-12-31T23:59:59-05:00", "which is not a time of 2000 to 2099"),
    ],
)
def test_an_impossible_or_odd_time_is_refused_with_its_field(
    tmp_path: Path, export_data: dict, written: str, why: str
) -> None:
    export_data["answers"][0]["answered_at"] = written
    assert refused(tmp_path, json.dumps(export_data)).startswith(
        f"cannot be imported: answers[0].answered_at is {written!r}, {why}"
    )
    export_data["answers"][0]["answered_at"] = "2026-02-28T09:00:00Z"
    export_data["assessment"]["started_at"] = written
    assert f"assessment.started_at is {written!r}, {why}" in refused(
        tmp_path, json.dumps(export_data)
    )


def test_answers_to_questions_of_no_bank_of_the_assessment_are_refused(
    tmp_path: Path, export_data: dict
) -> None:
    """An audit's file of 100,000 answers to made-up questions was imported whole: an answer is
    to a question of the assessment's own banks, and there are at most QUESTION_LIMIT."""
    made_up = dict(export_data["answers"][0], question_id="secret.q1")
    export_data["answers"].append(made_up)
    assert refused(tmp_path, json.dumps(export_data)) == (
        f"cannot be imported: answers[{len(export_data['answers']) - 1}].question_id is "
        "'secret.q1', which is not a question of the assessment's banks (its banks are "
        "governance)"
    )
    export_data["answers"].pop()
    export_data["questions"]["nobank"] = "Who?"
    assert "questions.nobank is 'nobank', which is not a question" in refused(
        tmp_path, json.dumps(export_data)
    )
    del export_data["questions"]["nobank"]
    first = export_data["answers"][0]
    export_data["answers"] += [
        dict(first, question_id=f"governance.made_up_{n}") for n in range(100_000)
    ]
    sentence = refused(tmp_path, json.dumps(export_data))
    assert sentence.startswith("cannot be imported: answers[")
    assert sentence.endswith(
        "is one question more than an assessment can hold: it answers or asks at most 1,000 "
        "different questions (the shipped banks hold fewer than 100)"
    )


def test_times_stored_without_a_timezone_are_read_as_utc(tmp_path: Path) -> None:
    """A store holding times without a zone (imported before they were refused) still gives its
    reports, comparisons and history, next to times that have one."""
    db = tmp_path / "mixed.db"
    with Store(db) as store:
        ids = []
        for lead in ("AB", "CD"):
            a = store.create_assessment("Northshire", GOVERNANCE, lead=lead)
            for n, qid in enumerate(("governance.board", "governance.strategy_signoff")):
                store.record_answer(a.id, qid, AnswerValue.of(Stage.from_number(2 + n)))
            store.set_status(a.id, complete=True)
            ids.append(a.id)
        read_beside(
            store.path,
            "UPDATE assessments SET started_at = replace(started_at, '+00:00', '') WHERE id = ?",
            (ids[0],),
        )
        read_beside(
            store.path,
            "UPDATE answers SET answered_at = replace(answered_at, '+00:00', '') WHERE "
            "question_key = (SELECT id FROM question_keys WHERE question_id = 'governance.board')",
        )
    for command in (["report", ids[1]], ["compare", "--partnership", "Northshire"], ["history"]):
        result = assessor(*command, "--db", str(db))
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    assert (
        "Northshire" in assessor("compare", "--partnership", "Northshire", "--db", str(db)).stdout
    )
    with Store(db) as store:
        naive = store.assessment(ids[0]).started_at
        assert naive.utcoffset() is not None
        assert [a.id for a in store.assessments_by_ids(ids)] == ids


# point 12: hostile files -----------------------------------------------------------------


def test_a_key_given_twice_is_refused_with_its_place(tmp_path: Path, export_data: dict) -> None:
    text = json.dumps(export_data, indent=2)
    text = text.replace('"note": "ISA",', '"note": "ISA", "note": "something else",')
    assert refused(tmp_path, text) == (
        "cannot be imported: answers[2].note is given twice, so the file is ambiguous; give it once"
    )
    top = text.replace('"format_version": 2,', '"format_version": 2, "format_version": 2,')
    assert "format_version is given twice" in refused(tmp_path, top)


def test_a_nul_anywhere_is_refused(tmp_path: Path, export_data: dict) -> None:
    export_data["answers"][2]["note"] = "ISA\x00hidden"
    assert refused(tmp_path, json.dumps(export_data)) == (
        "cannot be imported: answers[2].note has a NUL character in it (at character 4)"
    )
    text = json.dumps(export_data).replace("ISA\\u0000hidden", "ISA\\ud800")  # half a character
    assert refused(tmp_path, text) == (
        "cannot be imported: answers[2].note has half a surrogate pair in it (at character 4)"
    )
    export_data["answers"][2]["note"] = "ISA"
    export_data["questions"] = {"governance.board\x00": "Who?"}
    assert refused(tmp_path, json.dumps(export_data)) == (
        "cannot be imported: questions has a key with a NUL, half a surrogate pair or over "
        "100,000 characters ('governance.board\\x00')"
    )


def test_a_key_from_the_file_is_named_with_its_escapes_shown(
    tmp_path: Path, export_data: dict
) -> None:
    export_data["assessment"]["\x1b]0;owned\x07\x1b[2J"] = 1
    assert refused(tmp_path, json.dumps(export_data)) == (
        "is not an assessor export: assessment['\\x1b]0;owned\\x07\\x1b[2J']: Extra inputs are "
        "not permitted"
    )
    export_data["assessment"].pop("\x1b]0;owned\x07\x1b[2J")
    export_data["participants"][1]["name"] = "AB"
    export_data["participants"][0]["name"] = "ab\x1b[2J"
    export_data["participants"][1]["name"] = "AB\x1b[2J"
    assert refused(tmp_path, json.dumps(export_data)) == (
        "cannot be imported: participants[1].name is 'AB\\x1b[2J', already the name of "
        "participants[0]; two people in one assessment need different names or initials"
    )


def test_a_target_for_an_unknown_domain_is_refused(tmp_path: Path, export_data: dict) -> None:
    export_data["targets"].append(
        {"domain_id": "secret_police", "stage": "integration", "set_at": "2026-03-01T09:00:00Z"}
    )
    sentence = refused(tmp_path, json.dumps(export_data))
    assert sentence.startswith(
        "cannot be imported: targets[1].domain_id is 'secret_police', which is not a domain "
        "here; the domains are "
    )
    assert "governance" in sentence


def test_two_participants_with_one_name_are_refused(tmp_path: Path, export_data: dict) -> None:
    export_data["participants"][1]["name"] = "ab"
    assert refused(tmp_path, json.dumps(export_data)) == (
        "cannot be imported: participants[1].name is 'ab', already the name of participants[0]; "
        "two people in one assessment need different names or initials"
    )


@pytest.mark.parametrize(
    "second",
    [
        "AB ",
        " ab",
        "A\u200bB",
        "\ufeffAB",
        "\uff21\uff22",
    ],  # a space, a zero-width space, full-width letters
    ids=["trailing-space", "leading-space", "zero-width-space", "byte-order-mark", "full-width"],
)
def test_two_names_the_room_reads_as_one_are_refused(
    tmp_path: Path, export_data: dict, second: str
) -> None:
    """The room tells people apart as the workshop does when rating: spaces collapsed, case and
    invisible characters ignored, so an imported second 'AB' could never be rated by name."""
    export_data["participants"][1]["name"] = second
    assert refused(tmp_path, json.dumps(export_data)).startswith(
        "cannot be imported: participants[1].name is "
    )


@pytest.mark.parametrize("name", ["X;Y", "X, Y", "X=Y", "X: Y", "\u200b"])
def test_a_name_that_cannot_be_rated_by_name_is_refused(
    tmp_path: Path, export_data: dict, name: str
) -> None:
    export_data["participants"][1]["name"] = name
    sentence = refused(tmp_path, json.dumps(export_data))
    assert sentence.startswith("cannot be imported: participants[1].name is ")
    assert "a name " in sentence


def test_a_huge_note_and_a_huge_file_are_refused(tmp_path: Path, export_data: dict) -> None:
    export_data["answers"][2]["note"] = "x" * (TEXT_LIMIT + 1)
    assert refused(tmp_path, json.dumps(export_data)) == (
        "cannot be imported: answers[2].note is 100,001 characters long; a text is at most 100,000"
    )
    export_data["answers"][2]["note"] = "x" * TEXT_LIMIT  # the most a text may be: imported
    fine = tmp_path / "long-note.json"
    fine.write_text(json.dumps(export_data), encoding="utf-8")
    assert assessor("import", str(fine), "--db", str(tmp_path / "ok.db")).returncode == 0
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:  # a sparse file: no need to write 32 MB
        file.truncate(FILE_LIMIT + 1)
    assert one_sentence(assessor("import", str(huge), "--db", str(tmp_path / "b.db"))) == (
        f"assessor: {huge} is larger than 32 MB, the most assessor imports (an export of a "
        "30-person workshop is about 1 MB)"
    )
    assert not (tmp_path / "b.db").exists()


def test_files_that_are_not_json_are_one_sentence(tmp_path: Path) -> None:
    assert refused(tmp_path, "[" * 100_000 + "]" * 100_000) == (
        "cannot be read as JSON: it nests too deeply"
    )
    assert refused(tmp_path, '{"format": ') == ("is not JSON: line 1, column 12: Expecting value")
    assert refused(tmp_path, b'{"format": "caf\xe9"}') == (
        "is not UTF-8 text: line 1 has a byte that is not UTF-8 (0xe9, byte 16 of the file)"
    )


# point 12: a stored note that is not UTF-8 ------------------------------------------------


def test_a_damaged_note_is_read_and_named(tmp_path: Path) -> None:
    db = tmp_path / "damaged.db"
    with Store(db) as store:
        a = store.create_assessment("Northshire", GOVERNANCE)
        store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COORDINATION), "3")
        store.record_answer(
            a.id, "governance.strategy_signoff", AnswerValue.of(Stage.COLLABORATION), "4", "ok"
        )
    connection = sqlite3.connect(db)
    connection.execute(
        "UPDATE answers SET note = CAST(x'49534120fffe' AS TEXT) WHERE "
        "question_key = (SELECT id FROM question_keys WHERE question_id = 'governance.board')"
    )
    connection.commit()
    connection.close()
    warning = (
        "assessor: warning: the note of the answer to governance.board held bytes that are not "
        "UTF-8 (the stored text is damaged); it is read with \ufffd in their place\n"
    )
    out = tmp_path / "out.json"
    exported = assessor("export", a.id, "-o", str(out), "--db", str(db))
    assert exported.returncode == 0 and exported.stderr == f"{warning}Wrote {out}\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(x["question_id"], x["value"], x["note"]) for x in data["answers"]] == [
        ("governance.board", 3, "ISA \ufffd\ufffd"),
        ("governance.strategy_signoff", 4, "ok"),
    ]
    resumed = assessor("resume", a.id, "--plain", "--db", str(db), stdin="2\n")
    assert resumed.returncode == 0 and resumed.stderr == warning
    assert "2 answers are saved" in resumed.stdout
    shown = assessor("show", a.id, "--db", str(db))
    assert shown.returncode == 0 and shown.stderr == warning
    with Store(db) as store, pytest.warns(DamagedTextWarning, match="governance.board"):
        assert len(store.answers(a.id)) == 3  # the answer given on resume was kept too
    imported = assessor("import", str(out), "--db", str(tmp_path / "other.db"))
    assert imported.returncode == 0, imported.stderr
    connection = sqlite3.connect(db)
    connection.execute("UPDATE assessments SET lead = CAST(x'53616dff' AS TEXT)")
    connection.commit()
    connection.close()
    listed = assessor("history", "--db", str(db))
    assert listed.returncode == 0 and a.id in listed.stdout
    # it scores the assessment again from its answers' values alone: it reads no note, so it
    # has none to warn of
    assert listed.stderr.splitlines() == [
        f"assessor: warning: the lead of assessment {a.id} held bytes that are not UTF-8 (the "
        "stored text is damaged); it is read with \ufffd in their place",
    ]


def test_the_app_shows_results_beside_a_time_stored_without_a_timezone(tmp_path: Path) -> None:
    """The results screen compares with the earlier assessment; it stayed at "Loading the
    results…" when that one's start was stored without a zone."""
    import asyncio

    from textual.widgets import DataTable

    from assessor.banks import load_builtin
    from assessor.tui.app import AssessorApp
    from assessor.tui.screens.results import ResultsScreen

    db = tmp_path / "app.db"
    with Store(db) as store:
        ids = []
        for stage in (Stage.COMMUNICATION, Stage.COLLABORATION):
            a = store.create_assessment("Riverside", GOVERNANCE)
            store.record_answer(a.id, "governance.board", AnswerValue.of(stage))
            store.set_status(a.id, complete=True)
            ids.append(a.id)
        read_beside(
            store.path,
            "UPDATE assessments SET started_at = '2026-01-01T09:00:00' WHERE id = ?",
            (ids[0],),
        )

    async def run() -> None:
        app = AssessorApp(db, load_builtin(), blink=False)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            app.screen.query_one("#recent", DataTable).focus()
            await pilot.press("enter")  # the newer assessment, first in the list
            await settle(pilot, app)
            assert isinstance(app.screen, ResultsScreen)
            assert app.screen.assessment_id == ids[1]
            since = str(app.screen.query_one("#since").render())
            assert f"Since 2026-01-01 (assessment {ids[0]})" in since

    asyncio.run(run())


def test_the_app_names_a_damaged_answer_once_when_its_assessment_opens(tmp_path: Path) -> None:
    """Textual swallows Python's warnings: the app says in a notification which answer of the
    assessment it opened held bytes that are not UTF-8, once per field while it runs."""
    import asyncio

    from textual.widgets import DataTable

    from assessor.banks import load_builtin
    from assessor.tui.app import AssessorApp
    from assessor.tui.screens.chat import ChatScreen
    from assessor.tui.screens.results import ResultsScreen
    from assessor.tui.screens.start import StartScreen

    db = tmp_path / "damaged.db"
    with Store(db) as store:
        done = store.create_assessment("Northshire", GOVERNANCE)
        store.record_answer(
            done.id, "governance.strategy_signoff", AnswerValue.of(Stage.COLLABORATION), "4"
        )
        store.set_status(done.id, complete=True)
        going = store.create_assessment("Northshire", GOVERNANCE)
        store.record_answer(going.id, "governance.board", AnswerValue.of(Stage.COORDINATION))
        read_beside(
            store.path,
            "UPDATE answers SET note = CAST(x'41ff42' AS TEXT) WHERE assessment_id = ?",
            (going.id,),
        )
        read_beside(
            store.path,
            "UPDATE answers SET words = CAST(x'34fe' AS TEXT), note = CAST(x'ff' AS TEXT) "
            "WHERE assessment_id = ?",
            (done.id,),
        )

    def told(app: AssessorApp) -> list[tuple[str, str, str]]:
        return [(n.title, n.message, n.severity) for n in app._notifications]

    async def run() -> None:
        app = AssessorApp(db, load_builtin(), blink=False)
        async with app.run_test(size=(100, 32), notifications=True) as pilot:
            await settle(pilot, app)
            assert told(app) == []  # listed, not opened
            table = app.screen.query_one("#recent", DataTable)
            table.focus()
            await pilot.press("enter")  # the newer assessment, first in the list: in progress
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen) and app.screen.assessment_id == going.id
            assert told(app) == [
                (
                    f"Damaged text in assessment {going.id}",
                    "The note of the answer to governance.board held bytes that are not text; "
                    "they are shown as \ufffd.",
                    "warning",
                )
            ]
            app.screen.send("pause")
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen)
            app.screen.query_one("#recent", DataTable).focus()
            await pilot.press("enter")  # the same one again: already told
            await settle(pilot, app)
            assert isinstance(app.screen, ChatScreen) and len(told(app)) == 1
            app.screen.send("pause")
            await settle(pilot, app)
            table = app.screen.query_one("#recent", DataTable)
            table.focus()
            await pilot.press("down", "enter")  # the older one, complete: its results
            await settle(pilot, app)
            assert isinstance(app.screen, ResultsScreen) and app.screen.assessment_id == done.id
            assert told(app)[1:] == [
                (
                    f"Damaged text in assessment {done.id}",
                    "The words of the answer to governance.strategy_signoff held bytes that are "
                    "not text; they are shown as \ufffd. The note of the answer to "
                    "governance.strategy_signoff held bytes that are not text; they are shown "
                    "as \ufffd.",
                    "warning",
                )
            ]

    with pytest.warns(DamagedTextWarning):  # still warned of, for whoever reads stderr
        asyncio.run(run())


def test_a_comparison_in_the_app_names_the_damaged_text_of_each_assessment(tmp_path: Path) -> None:
    import asyncio

    from textual.widgets import DataTable

    from assessor.banks import load_builtin
    from assessor.tui.app import AssessorApp
    from assessor.tui.screens.compare import CompareScreen

    db = tmp_path / "damaged.db"
    ids = []
    for day, stage in ((1, Stage.COMMUNICATION), (2, Stage.COLLABORATION)):
        when = datetime(2026, 1, day, tzinfo=UTC)
        with Store(db, clock=clock_at(when)) as store:
            a = store.create_assessment("Northshire", GOVERNANCE, lead="Sam")
            store.record_answer(a.id, "governance.board", AnswerValue.of(stage), note="ISA")
            store.set_status(a.id, complete=True)
            ids.append(a.id)
    connection = sqlite3.connect(db)
    connection.execute(
        "UPDATE assessments SET lead = CAST(x'53616dff' AS TEXT) WHERE id = ?", ids[:1]
    )
    connection.execute(
        "UPDATE answers SET note = CAST(x'ff' AS TEXT) WHERE assessment_id = ?", ids[1:]
    )
    connection.commit()
    connection.close()

    async def run() -> None:
        app = AssessorApp(db, load_builtin(), blink=False)
        async with app.run_test(size=(100, 32), notifications=True) as pilot:
            await settle(pilot, app)
            app.screen.query_one("#recent", DataTable).focus()
            await pilot.press("space", "down", "space", "ctrl+k")  # newest first
            await settle(pilot, app)
            assert isinstance(app.screen, CompareScreen)
            assert [(n.title, n.message) for n in app._notifications] == [
                (
                    f"Damaged text in assessment {ids[1]}",
                    "The note of the answer to governance.board held bytes that are not text; "
                    "they are shown as \ufffd.",
                ),
                (
                    f"Damaged text in assessment {ids[0]}",
                    f"The lead of assessment {ids[0]} held bytes that are not text; they are "
                    "shown as \ufffd.",
                ),
            ]

    with pytest.warns(DamagedTextWarning):
        asyncio.run(run())


# any one field of an export changed to anything: imported whole, or refused in one sentence ---

_HOSTILE = st.sampled_from(
    ["a\x00b", "\ud800", "x" * 100_001, "2026-03-01T09:00:00", "AB", "governance", "integration"]
)
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["2026-03-01T09:00:00", "2026-03-01T09:00:00+05:30", "2026-03-01", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def _places(data: object, path: tuple = ()) -> list[tuple]:
    """Every place in parsed JSON (objects' keys and lists' indexes), the whole file included."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


def _replaced(data: object, path: tuple, value: object) -> object:
    if not path:
        return value
    copy = json.loads(json.dumps(data))
    holder = copy
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return copy


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(place=st.integers(min_value=0), value=_HOSTILE | _JSON)
def test_an_export_with_any_one_field_changed_is_imported_or_refused(
    export_data: dict, place: int, value: object
) -> None:
    places = _places(export_data)
    changed = _replaced(export_data, places[place % len(places)], value)
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "x.db") as store:
        try:
            exported = parse_export(json.dumps(changed), "x.json", ["governance"])
            imported = import_assessment(store, exported)
        except StoreError as error:
            assert str(error).count("\n") == 0
            return
        again = export_assessment(store, imported.id)  # what was imported reads back whole
        assert len(again.answers) == len(exported.answers)
        assert all(a.answered_at.utcoffset() is not None for a in again.answers)


def test_whatever_the_store_holds_is_exported(tmp_path: Path) -> None:
    """Checks on a file to import never stop an export of what is already stored."""
    db = tmp_path / "odd.db"
    with Store(db) as store:
        a = store.create_assessment("Northshire", GOVERNANCE, mode="workshop")
        store.add_participant(a.id, "AB")
        store.add_participant(a.id, "ab")  # not through the chat, which refuses a second AB
        store.record_answer(
            a.id, "governance.board", AnswerValue.of(Stage.COORDINATION), "3", "x\x00" * 60_000
        )
    out = tmp_path / "odd.json"
    result = assessor("export", a.id, "-o", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    # such a file is refused by import, in one sentence: what the store holds is not lost
    assert refused(tmp_path, out.read_text(encoding="utf-8")) == (
        "cannot be imported: answers[0].note has a NUL character in it (at character 2)"
    )


# an answer's facts, names that look alike, JSON types, file names -------------------------


def _agreed_and_rated(export_data: dict) -> tuple[int, int]:
    """The places in `answers` of an agreed answer and of a participant's rating."""
    voices = [a["participant_id"] for a in export_data["answers"]]
    agreed = next(n for n, v in enumerate(voices) if v is None)
    return agreed, next(n for n, v in enumerate(voices) if v is not None)


@pytest.mark.parametrize("copied_from", ["../../etc", "Not An Id", "", "x" * 41])
def test_a_copy_from_something_that_is_not_an_assessment_id_is_refused(
    tmp_path: Path, export_data: dict, copied_from: str
) -> None:
    _, rated = _agreed_and_rated(export_data)
    export_data["answers"][rated]["prefilled_from"] = copied_from
    assert refused(tmp_path, json.dumps(export_data)) == (
        f"cannot be imported: answers[{rated}].prefilled_from is {copied_from[:40]!r}, which is "
        "not an assessment id (lower-case letters, digits, '-' and '_', at most 40 characters)"
    )


def test_a_copy_from_an_assessment_not_here_is_imported(tmp_path: Path, export_data: dict) -> None:
    """A programme receives workshops without the self-assessments they started from."""
    _, rated = _agreed_and_rated(export_data)
    export_data["answers"][rated]["prefilled_from"] = "0a1b2c3d"
    source = tmp_path / "fine.json"
    source.write_text(json.dumps(export_data), encoding="utf-8")
    result = assessor("import", str(source), "--db", str(tmp_path / "new.db"))
    assert result.returncode == 0, result.stderr
    with Store(tmp_path / "new.db") as store:
        (found,) = store.assessments()
        copied = [a.prefilled_from for a in store.answers(found.id, voices=True)]
    assert "0a1b2c3d" in copied


@pytest.mark.parametrize(
    ("fact", "value", "why"),
    [
        ("prefilled_from", "0a1b2c3d", "copied from a self-assessment"),
        ("on_device", True, "given on their own device"),
    ],
)
def test_a_participants_fact_on_the_agreed_answer_is_refused(
    tmp_path: Path, export_data: dict, fact: str, value: object, why: str
) -> None:
    agreed, _ = _agreed_and_rated(export_data)
    export_data["answers"][agreed][fact] = value
    assert refused(tmp_path, json.dumps(export_data)) == (
        f"cannot be imported: answers[{agreed}].{fact} is set on the agreed answer (it has no "
        f"participant_id); only a participant's rating is {why}"
    )


@pytest.mark.parametrize("second", ["\u0391\u0392", "\u0410\u0412", "\u00c1B"])
def test_two_names_that_look_alike_are_refused_as_the_room_refuses_them(
    tmp_path: Path, export_data: dict, second: str
) -> None:
    """Greek or Cyrillic capitals, or an accent: 'AB' on every screen, so no one could tell
    whose rating is whose."""
    export_data["participants"][1]["name"] = second
    assert refused(tmp_path, json.dumps(export_data)) == (
        f"cannot be imported: participants[1].name looks like participants[0]'s "
        f"({second!r} and 'AB'); two people in one assessment need names that can be told apart"
    )


@pytest.mark.parametrize(
    ("part", "field", "value", "must"),
    [
        ("answers", "value", True, "a whole number"),
        ("answers", "value", "3", "a whole number"),
        ("answers", "value", 3.0, "a whole number"),
        ("answers", "on_device", "false", "true or false"),
        ("answers", "parked", "yes", "true or false"),
        ("answers", "in_bank", 1, "true or false"),
        ("answers", "participant_id", "1", "a whole number"),
        ("participants", "id", True, "a whole number"),
        ("format_version", None, True, "1 or 2"),
        ("shares_scores", None, "yes", "true or false"),
        ("answers", "answered_at", 1772355600, "a time written as text"),
        ("participants", "added_at", "1772355600", "a time written as text"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_refused_not_converted(
    tmp_path: Path, export_data: dict, part: str, field: str | None, value: object, must: str
) -> None:
    if field is None:
        export_data[part] = value
        where = part
    else:
        export_data[part][0][field] = value
        where = f"{part}[0].{field}"
    sentence = refused(tmp_path, json.dumps(export_data))
    assert sentence.startswith(f"is not an assessor export: {where}: "), sentence
    assert f"must be {must}" in sentence, sentence


def test_files_assessor_wrote_still_import_with_their_facts(tmp_path: Path) -> None:
    """The previous version's export (format 1) imports; `assessor export` writes it again as
    format 2, with its true/false facts and numbers, and that file imports as it was."""
    version_1 = Path(__file__).parent / "data" / "export_version_1_workshop.json"
    first, second, again = tmp_path / "first.db", tmp_path / "second.db", tmp_path / "v2.json"
    assert assessor("import", str(version_1), "--db", str(first)).returncode == 0
    with Store(first) as store:
        (found,) = store.assessments()
        facts = {
            (a.parked, a.prefilled_from is not None, a.on_device)
            for a in store.answers(found.id, voices=True)
        }
        wanted = recorded(export_assessment(store, found.id))
    assert {(True, False, False), (False, True, False), (False, False, True)} <= facts
    exported = assessor("export", found.id, "-o", str(again), "--db", str(first))
    assert exported.returncode == 0, exported.stderr
    assert json.loads(again.read_text(encoding="utf-8"))["format_version"] == 2
    result = assessor("import", str(again), "--db", str(second))
    assert result.returncode == 0, result.stderr
    with Store(second) as store:
        assert recorded(export_assessment(store, found.id)) == wanted


def test_file_names_with_control_characters_stay_on_their_summary_line(
    tmp_path: Path, export_data: dict
) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "a\nrefused: fake.json").write_text("{", encoding="utf-8")
    (folder / "b\r\t\x1b[2J.json").write_text(json.dumps(export_data), encoding="utf-8")
    result = assessor("import", str(folder), "--db", str(tmp_path / "new.db"))
    assert result.returncode == 1, result
    lines = result.stdout.splitlines()
    assert lines[0] == "Summary of 2 files: 1 imported, 1 refused.", lines
    assert len(lines) == 3, lines
    assert lines[1].startswith("  refused    ") and "a\\u000arefused: fake.json" in lines[1]
    assert lines[2].startswith("  imported   ") and "b\\u000d\\u0009\\u001b[2J.json" in lines[2]
    alone = assessor(
        "import", str(folder / "a\nrefused: fake.json"), "--db", str(tmp_path / "x.db")
    )
    assert one_sentence(alone).startswith(f"assessor: {folder}/a\\u000arefused: fake.json ")
