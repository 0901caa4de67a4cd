"""Reliability: fuzzed banks and answers, a chat killed at random points, hostile report text."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
from pathlib import Path

from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.answers import AnswerValue
from assessor.banks import load_banks, load_builtin
from assessor.banks.yaml_source import YamlSyntaxError, load_located
from assessor.cli import main
from assessor.continuum import Stage
from assessor.conversation import Decision, interpret
from assessor.report import render, report_for
from assessor.sessions import begin
from assessor.store import Store

BANKS = load_builtin()
QUESTIONS = BANKS.questions
SMALL = (DATA / "small_bank.yaml").read_text(encoding="utf-8")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.text(max_size=400))
def test_the_bank_loader_never_raises_on_random_text(text: str) -> None:
    try:
        load_located(text)
    except YamlSyntaxError as error:
        assert error.line >= 1 and error.column >= 1


_YAML_VALUES = st.recursive(
    st.none() | st.sampled_from(["", "x", "sample.board", "sample.board.decide", "coordination"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(data: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else []
    )
    for key, value in items:
        found += _places(value, (*prefix, key))
    return found


SMALL_PLACES = _places(load_located(SMALL).data)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(SMALL_PLACES), _YAML_VALUES), min_size=1, max_size=5))
def test_the_bank_loader_survives_any_value_anywhere(tmp_path_factory, edits) -> None:
    """A value of any shape at any place: the problems are reported, nothing raises."""
    import yaml

    data = load_located(SMALL).data
    for place, value in edits:
        target = data
        try:
            for part in place[:-1]:
                target = target[part]
            target[place[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced what this place was inside
    path = tmp_path_factory.mktemp("shapes") / "bank.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    _, problems = load_banks([path, DATA / "small_bank.yaml"])
    assert all(re.match(r".+:\d+:\d+: ", str(p)) for p in problems)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(SMALL)), st.integers(0, 40), st.text(max_size=12)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_the_bank_loader_reports_mutated_banks_as_problems(tmp_path_factory, edits) -> None:
    text = SMALL
    for at, cut, insert in edits:  # cut a slice out and put something else in its place
        text = text[:at] + insert + text[at + cut :]
    path = tmp_path_factory.mktemp("fuzz") / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_banks([path])
    for problem in problems:
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", str(problem)), str(problem)


@FUZZ
@given(st.text(max_size=300), st.sampled_from(QUESTIONS), st.booleans())
def test_the_interpreter_never_raises_and_never_accepts_blindly(text, question, confirming) -> None:
    reading = interpret(text, question, confirming=confirming)
    assert reading.decision in Decision
    if reading.decision is Decision.ACCEPT:
        assert (reading.stage is None) != (reading.special is None)
    if reading.decision is Decision.NOT_A_STAGE:
        assert reading.stage is None


def test_a_chat_killed_at_random_points_loses_nothing_it_acknowledged(tmp_path: Path) -> None:
    chooser = random.Random(20261125)
    governance = [q.id for q in BANKS.bank("governance").questions]
    for round_number in range(3):
        db = tmp_path / f"kill{round_number}.db"
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assessor",
                "chat",
                "--plain",
                "--partnership",
                "Killshire",
                "--banks",
                "governance",
                "--db",
                str(db),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert child.stdin is not None and child.stdout is not None
        stop_after = chooser.randint(1, 6)
        acknowledged = 0
        while acknowledged < stop_after:
            child.stdin.write(f"{acknowledged % 5 + 1}\n")
            child.stdin.flush()
            line = child.stdout.readline()
            while "— noted." not in line:
                assert line, "the chat ended before acknowledging the answer"
                line = child.stdout.readline()
            acknowledged += 1
        child.send_signal(signal.SIGKILL)
        child.wait()
        with Store(db) as store:
            (assessment,) = store.assessments()
            saved = {a.question_id: a.value for a in store.answers(assessment.id)}
        expected = {qid: n % 5 + 1 for n, qid in enumerate(governance[:acknowledged])}
        assert {q: saved[q] for q in expected} == expected
        resumed = subprocess.run(
            [sys.executable, "-m", "assessor", "resume", assessment.id, "--plain", "--db", str(db)],
            input="3\n" * 10,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "That's every question" in resumed.stdout


HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% raw %} ${7*7} #{7*7}",
    "**bold** [link](http://example.invalid) | pipe | `code` # heading",
    "x" * 5000,
    "שלום עולם مرحبا بالعالم \u202e reversed",
    "emoji 👨‍👩‍👧‍👦 🏠",
    '=HYPERLINK("http://example.invalid")',
    "line one\nline two\r\nline three",
]


def test_hostile_text_renders_safely_and_literally(tmp_path: Path) -> None:
    with Store(tmp_path / "h.db") as store:
        assessment = begin(store, HOSTILE[0] + " partnership", BANKS, lead=HOSTILE[4])
        for question, text in zip(QUESTIONS, HOSTILE, strict=False):
            store.record_answer(
                assessment.id, question.id, AnswerValue.of(Stage.COORDINATION), text, text
            )
        report = report_for(store, assessment.id, BANKS)
    html = render(report, "html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and ">49<" not in html
    assert "x" * 5000 in html and "👨‍👩‍👧‍👦" in html and "שלום עולם" in html
    markdown = render(report, "md")
    assert "\\<script\\>" in markdown and "\\{\\{ 7\\*7 \\}\\}" in markdown
    assert "\\| pipe \\|" in markdown and "line one line two line three" in markdown
    assert all(line.count("|") < 200 for line in markdown.splitlines())
    assert "'=HYPERLINK" in render(report, "csv")
    assert HOSTILE[0] in render(report, "json")


def test_a_truncated_database_is_refused_and_left_alone(tmp_path: Path, capsys) -> None:
    path = tmp_path / "t.db"
    with Store(path) as store:
        assessment = store.create_assessment("Northshire", [])
        for n in range(300):
            store.record_answer(
                assessment.id, f"x.q{n}", AnswerValue.of(Stage.COORDINATION), "w" * 100
            )
        store.raw().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = path.read_bytes()
    assert main(["show", assessment.id, "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("assessor: ") and err.count("\n") == 1 and "Traceback" not in err
    assert path.read_bytes() == before


def test_output_paths_and_template_folders_refuse_what_they_should(tmp_path: Path, capsys) -> None:
    db = tmp_path / "o.db"
    with Store(db) as store:
        assessment = begin(store, "Northshire", BANKS)
        store.record_answer(assessment.id, QUESTIONS[0].id, AnswerValue.of(Stage.COORDINATION))
    existing = tmp_path / "exists.md"
    existing.write_text("keep me", encoding="utf-8")
    cases = [
        (["report", assessment.id, "-o", str(existing)], "already exists; use --force"),
        (["report", assessment.id, "-o", str(tmp_path)], "is a folder"),
        (["report", assessment.id, "-o", str(tmp_path / "no" / "r.md")], "does not exist"),
        (["export", assessment.id, "-o", str(existing)], "already exists; use --force"),
        (["report", assessment.id, "--templates", str(existing)], "is not a folder"),
        (["report", assessment.id, "--templates", str(tmp_path / "missing")], "is not a folder"),
    ]
    for args, message in cases:
        assert main([*args, "--db", str(db)]) == 1, args
        assert message in capsys.readouterr().err, args
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_exports_and_reports_are_written_owner_only(tmp_path: Path) -> None:
    import stat

    db = tmp_path / "o.db"
    with Store(db) as store:
        assessment = begin(store, "Northshire", BANKS)
        store.record_answer(assessment.id, QUESTIONS[0].id, AnswerValue.of(Stage.COORDINATION))
    replaced = tmp_path / "replaced.md"
    replaced.write_text("old", encoding="utf-8")
    replaced.chmod(0o644)
    written = {
        "export.json": ["export", assessment.id],
        "report.html": ["report", assessment.id, "--format", "html"],
        "replaced.md": ["report", assessment.id, "--force"],
    }
    for name, args in written.items():
        target = tmp_path / name
        assert main([*args, "-o", str(target), "--db", str(db)]) == 0, args
        assert stat.S_IMODE(target.stat().st_mode) == 0o600, name
        assert target.stat().st_size > 100, name
