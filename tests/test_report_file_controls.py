"""Control characters and bidi controls a person typed never reach a report FILE live.

A note, an answer's words, a participant's comment or a partnership's name can hold a screen
clear (ESC [2J), a bell, a C1 CSI (U+009B), a right-to-left override (U+202E) or an isolate
(U+2066). Written with `-o` through the real command line, the Markdown, HTML and board files
and the CSV show each as `\\uXXXX`, as the terminal does, so `cat` of the file clears nothing
and no override reverses a table row; JSON holds them as JSON's own `\\uXXXX` escapes, the same
data read back, as does an export (`assessor export`, to a file or printed), which imports
back exactly. Every other character stays as typed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from assessor.answers import AnswerValue
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.sessions import begin
from assessor.store import Store
from assessor.terminal_text import HIDDEN

LIVE = ["\x1b", "\x07", "\x9b", "\u202e", "\u2066"]
TYPED = "\x1b[2J \x07 \x9b31m \u202eRLO \u2066LRI"
SHOWN = ["\\u001b[2J", "\\u0007", "\\u009b31m", "\\u202eRLO", "\\u2066LRI"]
LETTERS = "Llanfairpwll ŵ ΑΒ 漢字 🙂"  # noqa: RUF001 (Greek, as typed)
PARTNERSHIP = f"Partnership {TYPED} {LETTERS}"
NOTE = f"note {TYPED} {LETTERS}"
WORDS = f"in our words {TYPED} {LETTERS}"
COMMENT = f"comment {TYPED} {LETTERS}"
BANKS = load_builtin()


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, str]:
    """A workshop's report in each format, written with `-o` by the command line."""
    folder = tmp_path_factory.mktemp("controls")
    db = folder / "c.db"
    governance = BANKS.select(["governance"])
    with Store(db) as store:
        workshop = begin(store, PARTNERSHIP, governance, lead="Lead", mode="workshop")
        people = [store.add_participant(workshop.id, name, "Org", "role") for name in ("AB", "CD")]
        for question in governance.questions[:3]:
            for person, value in zip(people, (2, 4), strict=True):
                rating = AnswerValue.of(Stage.from_number(value))
                store.record_answer(
                    workshop.id, question.id, rating, note=COMMENT, participant_id=person.id
                )
            agreed = AnswerValue.of(Stage.COORDINATION)
            store.record_answer(workshop.id, question.id, agreed, WORDS, NOTE)
        store.set_status(workshop.id, complete=True)
    env = {**os.environ, "ASSESSOR_DB": str(db), "ASSESSOR_CACHE_DIR": str(folder / "cache")}
    files = {}
    for name, fmt, extra in (
        ("md", "md", []),
        ("html", "html", []),
        ("board", "board", []),
        ("board-md", "board-md", []),
        ("json", "json", []),
        ("csv", "csv", []),
        ("plan.csv", "csv", ["--plan"]),
    ):
        target = folder / f"r.{name}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "assessor",
                "report",
                workshop.id,
                "-f",
                fmt,
                "-o",
                target,
                *extra,
            ],
            capture_output=True,
            env=env,
            timeout=120,
            check=True,
        )
        files[name] = target.read_bytes().decode("utf-8")
    export = [sys.executable, "-m", "assessor", "export", workshop.id]
    target = folder / "export.json"
    for name, output in (("export", ["-o", str(target)]), ("export-printed", [])):
        done = subprocess.run([*export, *output], capture_output=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        files[name] = (target.read_bytes() if output else done.stdout).decode("utf-8")
    return files


@pytest.mark.parametrize("name", ["md", "html", "board", "board-md", "csv", "plan.csv"])
def test_a_report_file_shows_control_characters_visibly(written, name: str) -> None:
    text = written[name]
    for live in LIVE:
        assert live not in text, (name, hex(ord(live)))
    assert not HIDDEN.search(text), repr(HIDDEN.search(text))
    for shown in SHOWN:
        if name.endswith("md"):  # Markdown escapes the bracket as it escapes every one
            shown = shown.replace("[", "\\[")
        assert shown in text, (name, shown)
    assert LETTERS in text


def test_the_documents_show_the_name_note_words_and_comment(written) -> None:
    for name in ("md", "html"):
        text = written[name]
        bracket = "\\[" if name == "md" else "["
        for label in ("Partnership", "note", "comment"):
            assert f"{label} \\u001b{bracket}2J" in text, (name, label)
    assert "in our words \\u001b[2J" in written["csv"]


def test_a_json_file_holds_no_live_control_and_reads_back_exactly(written) -> None:
    raw = written["json"]
    for live in LIVE:
        assert live not in raw, hex(ord(live))
    assert LETTERS in raw
    data = json.loads(raw)
    assert data["assessment"]["partnership"] == PARTNERSHIP
    notes = [q["note"] for d in data["domains"] for q in d["questions"]]
    assert NOTE in notes


def test_a_csv_file_keeps_its_rows_whole(written) -> None:
    for name in ("csv", "plan.csv"):
        rows = list(csv.reader(io.StringIO(written[name][1:], newline="")))
        assert len({len(row) for row in rows}) == 1, name


@pytest.mark.parametrize("name", ["export", "export-printed"])
def test_an_export_holds_no_live_control_and_imports_back_exactly(
    written, name: str, tmp_path
) -> None:
    """The partnership's name and every comment, note and answer's words: in the export as
    JSON's own `\\uXXXX` escapes (C1 controls and bidi controls too, which JSON could carry raw),
    the same text when read and when imported into another database."""
    from assessor.store.transfer import import_assessment, parse_export

    raw = written[name]
    for live in LIVE:
        assert live not in raw, (name, hex(ord(live)))
    assert not HIDDEN.search(raw), repr(HIDDEN.search(raw))
    assert "\\u009b31m \\u202eRLO \\u2066LRI" in raw
    assert LETTERS in raw
    data = json.loads(raw)
    assert data["assessment"]["partnership"] == PARTNERSHIP
    notes = {answer["note"] for answer in data["answers"]}
    assert {COMMENT, NOTE} <= notes
    assert WORDS in {answer["words"] for answer in data["answers"]}
    with Store(tmp_path / "elsewhere.db") as store:
        imported = import_assessment(store, parse_export(raw, name))
        assert imported.partnership == PARTNERSHIP
        kept = store.answers(imported.id, voices=True)
        assert {COMMENT, NOTE} <= {answer.note for answer in kept}
