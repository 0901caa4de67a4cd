"""Escape and control sequences in names, notes and words never reach a terminal raw.

A partnership, area, lead, participant, note or answer can hold a title change (OSC), a screen
clear (CSI), a C1 CSI or a bidi override. Every command that prints them, and the plain chat,
shows each control character as `\\uXXXX` instead; run here as the real command line.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessor.analysis.workshop import NO_CONSENSUS
from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.sessions import begin
from assessor.store import Store
from assessor.store.records import AnswerFacts
from assessor.terminal_text import HIDDEN, VisibleWriter, visible, visible_json

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e\x7f"  # no NUL: names go in argv too
SHOWN = "\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202e\\u007f"
PART, AREA = f"North{ESCAPES}side", f"area{ESCAPES}"
LEADS = [f"lead{ESCAPES}A", f"lead{ESCAPES}B"]
NAMES = [f"name{ESCAPES}A", f"name{ESCAPES}B"]
WORDS, NOTE = f"words{ESCAPES}\x00", f"note{ESCAPES}\x00"
# Raw in a terminal: ESC, BEL, NUL, DEL, and U+009B and U+202E as UTF-8.
RAW = [b"\x1b", b"\x07", b"\x00", b"\x7f", "\x9b".encode(), "\u202e".encode()]


def test_visible_writes_each_control_character_as_an_escape() -> None:
    assert visible(ESCAPES) == SHOWN
    assert visible("line one\nline two\r\n\ttabbed") == "line one\nline two\r\n\ttabbed"
    assert visible("over\rwritten") == "over\\u000dwritten"
    assert visible("שלום 👨‍👩‍👧‍👦 café") == "שלום 👨‍👩‍👧‍👦 café"  # joiners and letters are text
    assert visible("\u2066isolate\u2069 \udcff") == "\\u2066isolate\\u2069 \\udcff"
    # invisible characters that make two names look alike are shown; joiners scripts need stay
    assert visible("A\u200bB C\u2028D") == "A\\u200bB C\\u2028D"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # a zero-width non-joiner
    assert visible(persian) == persian
    # inside a JSON string, the escape reads back as the very character it replaced
    assert json.loads(f'"{visible(ESCAPES)}"') == ESCAPES


@given(st.text())
def test_visible_text_holds_no_control_character_and_is_left_alone(text: str) -> None:
    shown = visible(text)
    assert not HIDDEN.search(shown)
    assert visible(shown) == shown
    if not HIDDEN.search(text):
        assert shown == text


@given(st.dictionaries(st.text(), st.text() | st.lists(st.text())))
def test_visible_json_holds_no_control_and_reads_back_exactly(data: dict[str, object]) -> None:
    """Any JSON `json.dumps` writes, letters beyond ASCII kept: shown with no live control
    (C1 and bidi controls, which JSON may carry raw, escaped too), and read back the same."""
    for indent in (None, 2):
        written = json.dumps(data, ensure_ascii=False, indent=indent)
        shown = visible_json(written)
        assert not HIDDEN.search(shown)
        assert json.loads(shown) == data


@given(st.text())
def test_the_visible_writer_writes_the_visible_text(text: str) -> None:
    beneath = io.StringIO()
    writer = VisibleWriter.around(beneath)
    assert VisibleWriter.around(writer) is writer
    writer.write(text)
    assert beneath.getvalue() == visible(text)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> tuple[Path, list[str]]:
    """Two complete assessments by two leads; a workshop with a parked question (the plan
    quotes each voice by name); one in progress, to resume."""
    banks = load_builtin()
    db = tmp_path_factory.mktemp("escapes") / "e.db"
    ids = []
    with Store(db) as store:
        for lead in LEADS:
            assessment = begin(store, PART, banks, lead=lead)
            for question in banks.questions[:5]:
                store.record_answer(
                    assessment.id, question.id, AnswerValue.of(Stage.COMMUNICATION), WORDS, NOTE
                )
            store.set_status(assessment.id, complete=True)
            ids.append(assessment.id)
        store.set_area(PART, AREA)
        store.set_target(PART, banks.banks[0].id, Stage.INTEGRATION, by="March 2027")
        first = banks.select([banks.banks[0].id])
        workshop = begin(store, PART, first, lead=LEADS[0], mode="workshop")
        people = [store.add_participant(workshop.id, n, f"org{ESCAPES}", "role") for n in NAMES]
        qid = first.questions[0].id
        for person, value in zip(people, (1, 5), strict=True):
            rating = AnswerValue.of(Stage.from_number(value))
            store.record_answer(workshop.id, qid, rating, participant_id=person.id)
        store.record_answer(
            workshop.id,
            qid,
            AnswerValue.of(Special.SKIPPED),
            NO_CONSENSUS,
            facts=AnswerFacts(parked=True),
        )
        ids.append(workshop.id)
        open_one = begin(store, PART, first, lead=LEADS[1])
        store.record_answer(open_one.id, qid, AnswerValue.of(Stage.COORDINATION), WORDS, NOTE)
        ids.append(open_one.id)
    return db, ids


def assessor(db: Path, *args: str, stdin: str = "") -> tuple[str, str]:
    """The command line as a person runs it; its output, having checked it holds no raw
    control character."""
    env = {**os.environ, "ASSESSOR_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        input=stdin.encode(),
        capture_output=True,
        env=env,
        timeout=120,
    )
    for raw in RAW:
        assert raw not in done.stdout, (args, raw, done.stdout[-300:])
        assert raw not in done.stderr, (args, raw, done.stderr[-300:])
    return done.stdout.decode(), done.stderr.decode()


def test_listing_and_showing_commands_show_escapes_visibly(hostile_db) -> None:
    db, (first, second, workshop, _open_one) = hostile_db
    shown_part = visible(PART)
    out, _ = assessor(db, "history")
    assert shown_part in out and visible(AREA) in out
    out, _ = assessor(db, "show", first)
    assert out.startswith(f"Assessment {first}: {shown_part} ({visible(AREA)})")
    out, _ = assessor(db, "partnership", PART)
    assert out.startswith(f"{shown_part}: area '{visible(AREA)}'")
    out, _ = assessor(db, "targets", PART)
    assert f"Targets of {shown_part}" in out
    out, _ = assessor(db, "compare", first, second)
    assert shown_part in out and visible(LEADS[0]) in out and visible(LEADS[1]) in out
    out, _ = assessor(db, "plan", workshop)  # rich: the names sit in a table
    assert f"Action plan for {shown_part}" in out
    assert "".join(out.split()).count("name\\u001b]0;pwned\\u0007") >= 2


def test_an_error_naming_hostile_text_shows_it_visibly(hostile_db) -> None:
    db, _ids = hostile_db
    _out, err = assessor(db, "targets", f"Nowhere{ESCAPES}")
    assert visible(f"Nowhere{ESCAPES}") in err


def test_the_plain_chat_greets_and_resumes_with_escapes_visible(hostile_db) -> None:
    db, (_first, _second, _workshop, open_one) = hostile_db
    out, _ = assessor(db, "resume", open_one, "--plain", stdin="pause\n")
    assert f"Welcome back to the assessment for {visible(PART)}." in out
    out, _ = assessor(
        db, "chat", "--plain", "--partnership", f"South{ESCAPES}", stdin=f"{WORDS}\npause\n"
    )
    assert visible(f"South{ESCAPES}") in out
    # the echo of what was read: escapes visible, the NUL read as U+FFFD (no text holds a NUL)
    assert f"> {visible(WORDS.replace(chr(0), chr(0xFFFD)))}" in out


def test_data_on_standard_output_is_visible_and_json_reads_back_exactly(hostile_db) -> None:
    """A report or an export printed shows its escapes too (an export written with `-o FILE`
    holds them exactly; a report file shows them, test_report_file_controls);
    JSON stays the same data, as `\\uXXXX` is JSON's own escape."""
    db, (first, *_rest) = hostile_db
    out, _ = assessor(db, "report", first, "-f", "md")
    assert "\\u001b" in out
    out, _ = assessor(db, "export", first)
    data = json.loads(out)
    assert data["assessment"]["partnership"] == PART
    assert NOTE in [a.get("note") for a in data["answers"]]
    out, _ = assessor(db, "history", "--json")
    assert PART in {entry["partnership"] for entry in json.loads(out)}
