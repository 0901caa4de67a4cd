"""Reliability: fuzzed banks and answers, a chat killed at random points, damaged databases,
output paths and custom templates. Hostile text in reports is in test_hostile_text.py.

The property-based tests are derandomized: every run tries the same examples, so a failure in
CI is a failure on every machine.
"""

from __future__ import annotations

import random
import re
import signal
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import DATA, read_beside
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessor.answers import AnswerValue
from assessor.banks import load_banks, load_builtin
from assessor.banks.yaml_source import YamlSyntaxError, load_located
from assessor.cli import main
from assessor.continuum import STAGE_NAMES, Stage
from assessor.conversation import Decision
from assessor.conversation.interpret import ACCEPT_AT, interpret
from assessor.sessions import begin
from assessor.store import Store

BANKS = load_builtin()
QUESTIONS = BANKS.questions
SMALL = (DATA / "small_bank.yaml").read_text(encoding="utf-8")
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# -- the bank loader ------------------------------------------------------------------------

# what a bank file can hold once read as UTF-8 (no lone surrogates), YAML's punctuation often
_YAML_TEXT = st.text(
    alphabet=st.sampled_from(list(":-?[]{},#&*!|>'\"%@`\n\t  ")) | st.characters(codec="utf-8"),
    max_size=200,
)


@FUZZ
@given(_YAML_TEXT)
def test_the_bank_loader_never_raises_on_random_text(text: str) -> None:
    try:
        load_located(text)
    except YamlSyntaxError as error:
        assert error.message.startswith("YAML syntax error")
        assert 1 <= error.line <= text.count("\n") + text.count("\r") + 2
        assert error.column >= 1


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
PROBLEM_LINE = re.compile(r".+:\d+:\d+: \S")


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
    bank_set, problems = load_banks([path, DATA / "small_bank.yaml"])
    assert all(PROBLEM_LINE.match(str(p)) for p in problems), problems
    if not problems:
        assert len(bank_set.banks) == 2


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
    bank_set, problems = load_banks([path])
    for problem in problems:
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: \S", str(problem)), str(problem)
    if not problems:
        assert len(bank_set.banks) == 1


# -- the interpreter ------------------------------------------------------------------------


def _answer_words() -> list[str]:
    """Words people answer with: stage names and numbers, bank phrases, negations, hedges."""
    found = [*STAGE_NAMES, "colaboration", "intergration", "isolaton"]
    found += [str(n) for n in range(10)] + ["5.5", "0.5", "2-4", "3 or 7", "4/5", "3-ish", "-2"]
    found += "not no never don't but though , ; - — ( ) ? ! . n/a maybe ish at least".split()
    found += ["out of five", "don't know", "not sure", "not applicable", "yes", "no,", "stage"]
    found += ["the council", "health would say", "we meet monthly", "joint", "shared", "board"]
    for question in QUESTIONS[::7]:
        for stage in Stage:
            found += question.keywords.for_stage(stage)[:2]
            found += question.levels.for_stage(stage).split()[:6]
    return sorted(set(found))


_NUMBERS = st.one_of(  # numbers as people type them: 3, 3.5, 0,5, (4), 2-3, between 1 and 4
    st.integers(-10, 110).map(lambda n: f"{n / 10:g}"),
    st.from_regex(r"\(?-?[0-9]{1,2}([.,][0-9])?\)?[.!]?", fullmatch=True),
    st.from_regex(r"(between )?(stages? )?[0-9] ?(-|\u2013|to|or|/|and) ?[0-9]\??", fullmatch=True),
)
_UTTERANCES = st.one_of(
    st.text(max_size=300),
    _NUMBERS,
    st.lists(st.sampled_from(_answer_words()) | st.text(max_size=6), max_size=14).map(" ".join),
)


@FUZZ
@given(_UTTERANCES, st.sampled_from(QUESTIONS), st.booleans())
@example("5.5", QUESTIONS[0], False)  # edges of the numbers that are stages, always tried
@example("0,5", QUESTIONS[0], False)
@example("between 4 and 6", QUESTIONS[0], False)
@example("no, 7", QUESTIONS[0], True)
def test_the_interpreter_never_raises_and_never_accepts_blindly(text, question, confirming) -> None:
    reading = interpret(text, question, confirming=confirming)
    assert reading.decision in Decision
    if reading.decision is Decision.ACCEPT:
        assert (reading.stage is None) != (reading.special is None)
        if reading.stage is not None:  # only a clear reading is taken without asking
            assert reading.confidence >= ACCEPT_AT, (text, reading)
            assert reading.matched, (text, reading)
    if reading.decision is Decision.CONFIRM:
        assert reading.stage is not None
        assert reading.stage in [stage for stage, _ in reading.candidates]
    if reading.decision is Decision.NOT_A_STAGE:
        assert reading.stage is None and reading.special is None
    if reading.decision is Decision.COMMAND:
        assert reading.command is not None


def _says_nothing(character: str) -> bool:
    """Neither a letter nor a digit, also once normalised (a full-width 3 is a 3)."""
    return not any(c.isalnum() for c in unicodedata.normalize("NFKC", character))


@FUZZ
@given(
    st.text(
        alphabet=st.characters(categories=["P", "S", "Zs", "Cc"]).filter(_says_nothing),
        max_size=60,
    ),
    st.sampled_from(QUESTIONS),
)
def test_text_without_words_or_numbers_is_never_a_stage(text: str, question) -> None:
    assert interpret(text, question).stage is None, text


# -- a chat killed at random points ---------------------------------------------------------

GOVERNANCE = {q.text: q.id for q in BANKS.bank("governance").questions}


def _chat(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "assessor", *args, "--plain", "--db", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def _next_question(child: subprocess.Popen) -> str:
    """Read the chat until it asks a question; that question's id."""
    assert child.stdout is not None
    while True:
        line = child.stdout.readline()
        assert line, "the chat ended before asking another question"
        if re.match(r".+, question \d+ of \d+:$", line.strip()):
            text = child.stdout.readline().strip()
            assert text in GOVERNANCE, text
            return GOVERNANCE[text]


def _until_noted(child: subprocess.Popen) -> None:
    assert child.stdout is not None
    line = child.stdout.readline()
    while "— noted." not in line:
        assert line, "the chat ended before acknowledging the answer"
        line = child.stdout.readline()


@pytest.mark.parametrize("round_number", range(4))
def test_a_chat_killed_at_random_points_loses_nothing_it_acknowledged(
    tmp_path: Path, round_number: int
) -> None:
    """Killed after an acknowledgement, or with an answer still in flight: every acknowledged
    answer is in the file, and a resumed chat asks only what is left and changes none of them."""
    chooser = random.Random(20261125 + round_number)
    db = tmp_path / "kill.db"
    child = _chat(db, "chat", "--partnership", "Killshire", "--banks", "governance")
    assert child.stdin is not None
    acknowledged: dict[str, int] = {}
    in_flight: tuple[str, int] | None = None
    for _ in range(chooser.randint(1, 6)):
        question_id = _next_question(child)
        value = chooser.randint(1, 5)
        child.stdin.write(f"stage {value}\n")  # a rating on any question, one that counts too
        child.stdin.flush()
        if chooser.random() < 0.3:  # kill without waiting for the acknowledgement
            in_flight = (question_id, value)
            break
        _until_noted(child)
        acknowledged[question_id] = value
    child.send_signal(signal.SIGKILL)
    child.wait()
    with Store(db) as store:
        started = store.assessments()
        assert len(started) == 1, "the assessment the chat started was lost at the kill"
        (assessment,) = started
        saved = {a.question_id: a.value for a in store.answers(assessment.id)}
    kept = {q: saved.get(q) for q in acknowledged}
    assert kept == acknowledged, f"acknowledged answers lost at the kill: {saved}"
    unacknowledged = {q: v for q, v in saved.items() if q not in acknowledged}
    assert unacknowledged in ({}, dict([in_flight]) if in_flight else {}), unacknowledged

    resumed = subprocess.run(
        [sys.executable, "-m", "assessor", "resume", assessment.id, "--plain", "--db", str(db)],
        input="stage 3\n" * 10,  # a rating on any question, one that counts ("how many") too
        capture_output=True,
        text=True,
        check=True,
    )
    assert "That's every question" in resumed.stdout
    with Store(db) as store:
        final = {a.question_id: a.value for a in store.answers(assessment.id)}
    assert {q: final.get(q) for q in saved} == saved, "resuming changed an earlier answer"
    asked_after = {q: v for q, v in final.items() if q not in saved}
    assert set(asked_after.values()) <= {3}
    assert len(final) >= len(GOVERNANCE) - 1  # all but a question an ask_if condition left out


def test_the_store_asks_sqlite_for_durable_commits(tmp_path: Path) -> None:
    """A killed process keeps what it committed (the kernel holds its writes); a power cut keeps
    it only with a synced write-ahead log, which a kill cannot show: so the settings are read."""
    from assessor.store.database import connect

    connection, refused = connect(tmp_path / "s.db")  # as the store opens its file
    try:
        assert refused is None
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        connection.close()


# -- damaged databases ----------------------------------------------------------------------


def _damaged(tmp_path: Path, damage: str, journal: str) -> tuple[Path, str]:
    path = tmp_path / "t.db"
    with Store(path) as store:
        assessment = begin(store, "Northshire", BANKS.select(["governance"]), lead="Sam")
        for n in range(300):
            store.record_answer(
                assessment.id, f"x.q{n}", AnswerValue.of(Stage.COORDINATION), "w" * 100
            )
        read_beside(store.path, "PRAGMA wal_checkpoint(TRUNCATE)")
        page = read_beside(store.path, "PRAGMA page_size")[0][0]
    if journal == "rollback":  # as a file copied from elsewhere may be: opening switches it
        read_beside(path, "PRAGMA journal_mode = DELETE")
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:  # the last pages, where the answers are, overwritten: the schema still reads
        path.write_bytes(data[: -2 * page] + b"\xa5" * (2 * page))
    return path, assessment.id


@pytest.mark.parametrize("journal", ["wal", "rollback"])
@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_a_damaged_database_is_refused_and_left_alone(
    tmp_path: Path, capsys, damage: str, journal: str
) -> None:
    path, assessment_id = _damaged(tmp_path, damage, journal)
    before = path.read_bytes()
    for args in (
        ["show", assessment_id],
        ["report", assessment_id],
        ["history"],
        ["resume", assessment_id, "--plain"],
        ["export", assessment_id],
    ):
        assert main([*args, "--db", str(path)]) == 1, args
        err = capsys.readouterr().err
        assert err.startswith("assessor: ") and err.count("\n") == 1, (args, err)
        assert "Traceback" not in err and "damaged" in err, (args, err)
        assert path.read_bytes() == before, f"{args} changed the damaged file"
        beside = sorted(p.name for p in tmp_path.iterdir() if p != path)
        assert beside == [], f"{args} left {beside} beside the damaged file"


# -- output paths and custom templates ------------------------------------------------------


@pytest.fixture
def answered(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "o.db"
    with Store(db) as store:
        first = begin(store, "Northshire", BANKS)
        second = begin(store, "Northshire", BANKS)
        for assessment in (first, second):
            store.record_answer(assessment.id, QUESTIONS[0].id, AnswerValue.of(Stage.COORDINATION))
            store.set_status(assessment.id, complete=True)
    return db, first.id


def test_output_paths_refuse_what_they_should(tmp_path: Path, answered, capsys) -> None:
    db, assessment_id = answered
    existing = tmp_path / "exists.md"
    existing.write_text("keep me", encoding="utf-8")
    missing_folder = tmp_path / "no" / "r.md"
    cases = [
        (["report", assessment_id, "-o", str(existing)], "already exists; use --force"),
        (["report", assessment_id, "-o", str(tmp_path)], "is a folder"),
        (["report", assessment_id, "-o", str(missing_folder)], "does not exist"),
        (["export", assessment_id, "-o", str(existing)], "already exists; use --force"),
        (["compare", "--partnership", "Northshire", "-o", str(existing)], "already exists"),
        (["report", assessment_id, "--templates", str(existing)], "is not a folder"),
        (["report", assessment_id, "--templates", str(tmp_path / "missing")], "is not a folder"),
    ]
    for args, message in cases:
        assert main([*args, "--db", str(db)]) == 1, args
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, (args, err)
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert not missing_folder.parent.exists()


@pytest.mark.parametrize(
    "template, message",
    [
        ("{{ report.__class__.__mro__ }}", "unsafe"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() | length }}", "unsafe"),
        ("{{ report.assessment.__init__.__globals__ }}", "unsafe"),
        ("{% include '../secret.txt' %}", "cannot be used"),
    ],
)
@pytest.mark.process  # the package renders a custom template in a process of its own
def test_custom_templates_run_sandboxed_and_inside_their_folder(
    tmp_path: Path, answered, capsys, template: str, message: str
) -> None:
    db, assessment_id = answered
    (tmp_path / "secret.txt").write_text("a secret", encoding="utf-8")
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "report.md.j2").write_text(template, encoding="utf-8")
    target = tmp_path / "r.md"
    args = ["report", assessment_id, "--templates", str(custom), "-o", str(target)]
    assert main([*args, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("assessor: the report template") and message in err, err
    assert err.count("\n") == 1 and not target.exists()


def test_new_outputs_are_owner_only_and_a_replaced_file_keeps_its_mode(
    tmp_path: Path, answered
) -> None:
    """A new export, report or comparison is the owner's only; a file replaced with --force
    keeps the mode its owner gave it (here shared with a group), as a file edited in place
    would."""
    db, assessment_id = answered
    replaced = tmp_path / "replaced.md"
    replaced.write_text("old", encoding="utf-8")
    replaced.chmod(0o640)
    written = {
        "export.json": (["export", assessment_id], 0o600),
        "report.html": (["report", assessment_id, "--format", "html"], 0o600),
        "compare.md": (["compare", "--partnership", "Northshire"], 0o600),
        "replaced.md": (["report", assessment_id, "--force"], 0o640),
    }
    for name, (args, mode) in written.items():
        target = tmp_path / name
        assert main([*args, "-o", str(target), "--db", str(db)]) == 0, args
        assert stat.S_IMODE(target.stat().st_mode) == mode, name
        assert target.stat().st_size > 100, name
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary
