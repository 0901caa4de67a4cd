"""How well the chat understands answers in people's own words, over the understanding corpus.

The corpus is tests/data/understanding/<bank id>.yaml (its format is in bench/README.md):
answers written the way council, health, school and VCS leads talk, each
with the stage(s) a careful human assessor would give it from the descriptors. Every entry is
validated first; a bad one is reported as one sentence with its file, line, column and id, and
the script exits with status 2 before measuring anything.

Each answer is read exactly as the chat reads a fresh answer to its question:
`interpret(answer, question, confirming=False, glossary=<the shipped banks' glossary>,
scale_shown=True)`, the call `Conversation.respond` makes after asking the question (its
prompt lists the stages numbered), and its reading is put in one class as `respond` acts on it
(tests/test_understanding_corpus.py drives a real `Conversation` to hold the two together):

- taken S: recorded as stage S without asking;
- proposed S (or S1, S2): offered back to confirm, S first;
- dont_know / not_applicable: recorded as that, without asking;
- no stage: nothing offered, the person is nudged back to the question;
- command: read as a command (help, skip, pause, a glossary question...), nothing recorded.

The held-out third is the answers whose int(sha256(id).hexdigest(), 16) % 3 == 0; the rest is
the tuning part. Figures are printed for the held-out part and for the whole corpus:

- answers: N, every entry.
- real answers: entries whose `expect` is not [] (a stage, two adjacent stages, dont_know or
  not_applicable).
- taken without asking: entries recorded without asking (taken S, dont_know, not_applicable).
- taken without asking and right: of the real answers, those recorded without asking as a value
  in `expect` (stage S in expect, or dont_know for [dont_know], not_applicable for
  [not_applicable]).
- first proposal right: of the real answers, those whose first offer is in `expect`; the first
  offer is the stage taken, the first stage proposed, or the dont_know / not_applicable
  recorded. An answer given no stage, or read as a command, has no first offer: not right.
- within one stage: of the answers expecting a stage, those whose first offer is a stage at most
  one step from an expected stage.
- taken silently wrong: of all answers, those recorded without asking as something not in
  `expect` (so an off-topic remark, expect [], recorded as anything is silently wrong).
- non-answers offered a stage: of the entries expecting [] (off-topic remarks, questions back,
  chit-chat), [dont_know] or [not_applicable], those taken or proposed as a stage; "taken" counts
  those of them recorded as a stage without asking.
- CPU per answer: time.process_time_ns around the `interpret` call only, for the answers to the
  largest shipped bank's questions (the most questions); median and p99 (nearest rank) over
  every timed call. Every question is prepared (`interpret.prepare`: its indexes are built once
  per process) and read once untimed first, then the corpus is read `rounds` times in corpus
  order, so the interpreter's small per-text caches do not serve a repeated answer.

Shares are fractions of the denominator named beside them; a share of an empty set is shown as
"-" (null in JSON).

Run: python bench/understanding.py [--quick] [--json] [--list wrong|first [--all]]
     [--corpus FOLDER]
`--list` prints the answers behind a figure for people improving the interpreter: `wrong` the
silently wrong ones and the non-answers offered a stage, `first` those whose first offer is not
right. It lists the tuning part only, so the held-out part stays unseen by those who tune;
`--all` lists the held-out part too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import platform
import re
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from assessor.answers import Special
from assessor.banks import load_builtin
from assessor.banks.bank_set import BankSet
from assessor.banks.yaml_source import Located, YamlSyntaxError, load_located
from assessor.continuum import STAGES, Stage
from assessor.conversation.interpret import Decision, Reading, interpret, prepare

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "understanding"

Persona = Literal["council", "health", "school", "vcs"]
Kind = Literal[
    "practice",
    "plan",
    "hedge",
    "negation",
    "extent",
    "jargon",
    "typo",
    "mixed",
    "rating",
    "offtopic",
    "question_back",
    "dont_know",
    "na",
]
PERSONAS, KINDS = get_args(Persona), get_args(Kind)
DONT_KNOW, NOT_APPLICABLE = "dont_know", "not_applicable"
_SPECIAL_NAMES = {Special.DONT_KNOW: DONT_KNOW, Special.NOT_APPLICABLE: NOT_APPLICABLE}
_STAGE_NAMES = tuple(s.value for s in STAGES)
MAX_FILE_BYTES = 4_000_000


class CorpusError(Exception):
    """A corpus that cannot be measured: one sentence per problem, each located."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Entry(BaseModel):
    """One answer of the corpus. Validated with a context holding `bank` (the file's bank id)
    and `questions` (the ids of that bank's shipped questions)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    question: str
    persona: Persona
    kind: Kind
    answer: str
    expect: tuple[str, ...]

    @field_validator("id")
    @classmethod
    def _id(cls, value: str, info: ValidationInfo) -> str:
        bank = (info.context or {}).get("bank", "")
        if not re.fullmatch(rf"{re.escape(bank)}-\d{{3,}}", value):
            raise ValueError(f"an id here is '{bank}-' and a number of three digits or more")
        return value

    @field_validator("question")
    @classmethod
    def _question(cls, value: str, info: ValidationInfo) -> str:
        context = info.context or {}
        if value not in context.get("questions", ()):
            raise ValueError(
                f"'{value}' is not a question of the shipped '{context.get('bank', '')}' bank"
            )
        return value

    @field_validator("answer")
    @classmethod
    def _answer(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty")
        return value

    @field_validator("expect", mode="before")
    @classmethod
    def _expect_is_a_list(cls, value: Any) -> Any:
        if not isinstance(value, list):
            raise ValueError("a list: [stage], [stage, stage], [dont_know], [not_applicable] or []")
        return value

    @field_validator("expect")
    @classmethod
    def _expect(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        allowed = (*_STAGE_NAMES, DONT_KNOW, NOT_APPLICABLE)
        for item in value:
            if item not in allowed:
                raise ValueError(f"'{item}' is not one of {', '.join(allowed)}")
        if len(set(value)) != len(value):
            raise ValueError("a stage is given twice")
        if len(value) > 2:
            raise ValueError("at most two stages, and only adjacent ones")
        if any(item in (DONT_KNOW, NOT_APPLICABLE) for item in value) and len(value) > 1:
            raise ValueError("dont_know and not_applicable stand alone")
        if len(value) == 2:
            low, high = sorted(Stage(item).value_number for item in value)
            if high - low != 1:
                raise ValueError(f"{value[0]} and {value[1]} are not adjacent stages")
        return value

    @property
    def held_out(self) -> bool:
        return held_out(self.id)

    @property
    def expected_stages(self) -> tuple[Stage, ...]:
        return tuple(Stage(item) for item in self.expect if item in _STAGE_NAMES)


def held_out(entry_id: str) -> bool:
    """Whether an answer is in the held-out third: chosen by its id, never by its writer."""
    return int(hashlib.sha256(entry_id.encode("utf-8")).hexdigest(), 16) % 3 == 0


# -- reading the corpus ---------------------------------------------------------------------


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _error_text(error: dict[str, Any]) -> str:
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    field = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
    if error["type"] == "missing":
        return f"'{field}' is missing"
    if error["type"] == "extra_forbidden":
        return (
            f"'{field}' is not a field of an answer (id, question, persona, kind, answer, expect)"
        )
    return f"{field}: {message[:1].lower()}{message[1:]}"


def _read(path: Path) -> Located:
    shown = _shown(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CorpusError([f"{shown}: cannot read the file: {error.strerror}."]) from None
    if len(data) > MAX_FILE_BYTES:
        raise CorpusError([f"{shown}: the file has {len(data):,} bytes, over the limit."])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CorpusError(
            [f"{shown}: not UTF-8 text ({error.reason} at byte {error.start})."]
        ) from None
    try:
        located = load_located(text)
    except YamlSyntaxError as error:
        raise CorpusError([f"{shown}:{error.line}:{error.column}: {error.message}."]) from None
    if located.duplicates:
        where, (line, column) = located.duplicates[0]
        raise CorpusError([f"{shown}:{line}:{column}: duplicate key '{where[-1]}'."])
    return located


def load_corpus(folder: Path, bank_set: BankSet) -> list[Entry]:
    """Every entry of every `*.yaml` file in `folder`, in file and list order; CorpusError
    with one located sentence per bad entry (and per bad file)."""
    entries: list[Entry] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    banks = {b.id: frozenset(q.id for q in b.questions) for b in bank_set.banks}
    for path in sorted(folder.glob("*.yaml")):
        shown = _shown(path)
        if path.stem not in banks:
            problems.append(
                f"{shown}: '{path.stem}' is not a shipped bank id; a corpus file is named "
                f"<bank id>.yaml ({', '.join(banks)})."
            )
            continue
        try:
            located = _read(path)
        except CorpusError as error:
            problems.extend(error.problems)
            continue
        if not isinstance(located.data, list):
            problems.append(f"{shown}:1:1: a corpus file is a YAML list of answers.")
            continue
        context = {"bank": path.stem, "questions": banks[path.stem]}
        for index, item in enumerate(located.data):
            line, column = located.position((index,))
            where = f"{shown}:{line}:{column}"
            if not isinstance(item, dict):
                problems.append(f"{where}: an answer is a mapping of id, question, persona, …")
                continue
            said_id = item.get("id")
            named = f" {said_id}" if isinstance(said_id, str) and said_id else ""
            try:
                entry = Entry.model_validate(item, context=context)
            except ValidationError as error:
                first = error.errors()[0]
                fields = tuple(p for p in first["loc"] if isinstance(p, str))
                line, column = located.position((index, *fields[:1]))
                where = f"{shown}:{line}:{column}"
                problems.append(f"{where}:{named}: {_error_text(dict(first))}.")
                continue
            if entry.id in seen:
                problems.append(
                    f"{where}: {entry.id}: the id is used already, at {seen[entry.id]}."
                )
                continue
            seen[entry.id] = where
            entries.append(entry)
    if problems:
        raise CorpusError(problems)
    return entries


# -- reading the answers --------------------------------------------------------------------


class Outcome(StrEnum):
    TAKEN = "taken"
    PROPOSED = "proposed"
    DONT_KNOW = DONT_KNOW
    NOT_APPLICABLE = NOT_APPLICABLE
    NO_STAGE = "no stage"
    COMMAND = "command"


RECORDED = (Outcome.TAKEN, Outcome.DONT_KNOW, Outcome.NOT_APPLICABLE)


@dataclass(frozen=True)
class Result:
    entry: Entry
    outcome: Outcome
    stages: tuple[Stage, ...] = ()  # the stage taken, or those proposed in the order offered

    @property
    def first(self) -> str | None:
        """The first offer: the stage taken or first proposed, or the special recorded."""
        if self.outcome in (Outcome.DONT_KNOW, Outcome.NOT_APPLICABLE):
            return self.outcome.value
        return self.stages[0].value if self.stages else None

    @property
    def recorded(self) -> bool:
        return self.outcome in RECORDED

    @property
    def offered_stage(self) -> bool:
        return self.outcome in (Outcome.TAKEN, Outcome.PROPOSED)

    @property
    def said(self) -> str:
        if self.outcome in (Outcome.TAKEN, Outcome.PROPOSED):
            return f"{self.outcome.value} {', '.join(s.value for s in self.stages)}"
        return self.outcome.value


def classify(reading: Reading) -> tuple[Outcome, tuple[Stage, ...]]:
    """What the chat does with a reading of a fresh answer, in `Conversation.respond`'s order."""
    if reading.decision is Decision.COMMAND:
        return Outcome.COMMAND, ()
    if reading.special is Special.DONT_KNOW:
        return Outcome.DONT_KNOW, ()
    if reading.special is Special.NOT_APPLICABLE:
        return Outcome.NOT_APPLICABLE, ()
    if reading.special is not None:  # skipped: nothing is said about the stage
        return Outcome.COMMAND, ()
    if reading.decision is Decision.ACCEPT and reading.stage is not None:
        return Outcome.TAKEN, (reading.stage,)
    if reading.decision is Decision.CONFIRM:
        proposed = tuple(stage for stage, _ in reading.candidates)
        if not proposed and reading.stage is not None:
            proposed = (reading.stage,)
        if proposed:
            return Outcome.PROPOSED, proposed
    return Outcome.NO_STAGE, ()


def run(
    entries: Sequence[Entry], bank_set: BankSet, rounds: int = 1
) -> tuple[list[Result], dict[str, list[int]]]:
    """Each answer read as the chat reads a fresh answer to its question; the outcomes (from
    the first round) and the CPU nanoseconds of every call, by answer id."""
    glossary = bank_set.glossary
    questions = {e.question: bank_set.question(e.question) for e in entries}
    for question in questions.values():  # each question's indexes are built once per process
        prepare(question)
        interpret("warm up", question, confirming=False, glossary=glossary)
    results: list[Result] = []
    cpu: dict[str, list[int]] = {e.id: [] for e in entries}
    for round_number in range(max(rounds, 1)):
        for entry in entries:
            question = questions[entry.question]
            start = time.process_time_ns()
            reading = interpret(
                entry.answer, question, confirming=False, glossary=glossary, scale_shown=True
            )
            cpu[entry.id].append(time.process_time_ns() - start)
            if round_number == 0:
                outcome, stages = classify(reading)
                results.append(Result(entry, outcome, stages))
    return results, cpu


# -- counting -------------------------------------------------------------------------------


def _right(result: Result) -> bool:
    return result.first is not None and result.first in result.entry.expect


def _within_one(result: Result) -> bool:
    expected = result.entry.expected_stages
    if not expected or result.outcome not in (Outcome.TAKEN, Outcome.PROPOSED):
        return False
    offered = result.stages[0].value_number
    return any(abs(offered - s.value_number) <= 1 for s in expected)


def _share(count: int, of: int) -> float | None:
    return count / of if of else None


def _percentile(samples: Sequence[int], fraction: float) -> int:
    ordered = sorted(samples)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def figures(
    results: Sequence[Result], cpu: dict[str, list[int]], timed_questions: Iterable[str]
) -> dict[str, Any]:
    """The figures of one part of the corpus, as the docstring at the top defines them."""
    timed = frozenset(timed_questions)
    real = [r for r in results if r.entry.expect]
    staged = [r for r in results if r.entry.expected_stages]
    non_answers = [r for r in results if r.entry.expect in ((), (DONT_KNOW,), (NOT_APPLICABLE,))]
    taken_right = sum(1 for r in real if r.recorded and _right(r))
    first_right = sum(1 for r in real if _right(r))
    within = sum(1 for r in staged if _within_one(r))
    wrong = sum(1 for r in results if r.recorded and r.first not in r.entry.expect)
    offered = sum(1 for r in non_answers if r.offered_stage)
    taken_stage = sum(1 for r in non_answers if r.outcome is Outcome.TAKEN)
    samples = [ns for r in results if r.entry.question in timed for ns in cpu.get(r.entry.id, [])]
    return {
        "answers": len(results),
        "real_answers": len(real),
        "taken_without_asking": sum(1 for r in results if r.recorded),
        "taken_right": taken_right,
        "taken_right_share": _share(taken_right, len(real)),
        "first_right": first_right,
        "first_right_share": _share(first_right, len(real)),
        "stage_answers": len(staged),
        "within_one": within,
        "within_one_share": _share(within, len(staged)),
        "silently_wrong": wrong,
        "silently_wrong_share": _share(wrong, len(results)),
        "non_answers": len(non_answers),
        "non_answers_offered_stage": offered,
        "non_answers_offered_stage_share": _share(offered, len(non_answers)),
        "non_answers_taken_as_stage": taken_stage,
        "timed_calls": len(samples),
        "cpu_median_ms": statistics.median(samples) / 1e6 if samples else None,
        "cpu_p99_ms": _percentile(samples, 0.99) / 1e6 if samples else None,
    }


# -- output ---------------------------------------------------------------------------------


def _visible(text: str) -> str:
    """Text for a terminal: control characters escaped, never sent as they are."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _count(figures_: dict[str, Any], key: str, of: str) -> str:
    share = figures_[f"{key}_share"]
    shown = "-" if share is None else f"{share:.1%}"
    return f"{figures_[key]}/{figures_[of]} {shown}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def table(parts: dict[str, dict[str, Any]]) -> list[str]:
    rows = [
        ("answers", lambda f: str(f["answers"])),
        ("real answers (expect not [])", lambda f: str(f["real_answers"])),
        ("taken without asking (right or not)", lambda f: str(f["taken_without_asking"])),
        (
            "taken without asking and right / real",
            lambda f: _count(f, "taken_right", "real_answers"),
        ),
        ("first proposal right / real", lambda f: _count(f, "first_right", "real_answers")),
        ("within one stage / stage answers", lambda f: _count(f, "within_one", "stage_answers")),
        ("taken silently wrong / answers", lambda f: _count(f, "silently_wrong", "answers")),
        (
            "non-answers offered a stage / non-answers",
            lambda f: _count(f, "non_answers_offered_stage", "non_answers"),
        ),
        ("non-answers taken as a stage", lambda f: str(f["non_answers_taken_as_stage"])),
        ("CPU per answer, median ms (largest bank)", lambda f: _ms(f["cpu_median_ms"])),
        ("CPU per answer, p99 ms (largest bank)", lambda f: _ms(f["cpu_p99_ms"])),
    ]
    names = list(parts)
    lines = [f"{'figure':44}" + "".join(f" {name:>18}" for name in names)]
    for label, shown in rows:
        lines.append(f"{label:44}" + "".join(f" {shown(parts[n]):>18}" for n in names))
    return lines


def listing(results: Sequence[Result], which: str, everything: bool) -> list[str]:
    """The answers behind a figure, tuning part only unless `everything`."""
    lines = []
    for result in results:
        entry = result.entry
        if entry.held_out and not everything:
            continue
        if which == "wrong":
            silently_wrong = result.recorded and result.first not in entry.expect
            non_answer = entry.expect in ((), (DONT_KNOW,), (NOT_APPLICABLE,))
            if not (silently_wrong or (non_answer and result.offered_stage)):
                continue
        elif _right(result) or not entry.expect:
            continue
        expected = "[" + ", ".join(entry.expect) + "]"
        part = " (held out)" if entry.held_out else ""
        lines.append(
            f"{entry.id}{part} {entry.question} expect {expected}, {result.said}: "
            f"{_visible(entry.answer)}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="one timed round (CI smoke run)")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    parser.add_argument(
        "--list",
        choices=("wrong", "first"),
        help="list the silently wrong and non-answers offered a stage (wrong), or the real "
        "answers whose first offer is not right (first); tuning part only",
    )
    parser.add_argument("--all", action="store_true", help="with --list: the held-out part too")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder")
    args = parser.parse_args(argv)

    bank_set = load_builtin()
    try:
        entries = load_corpus(args.corpus, bank_set) if args.corpus.is_dir() else []
    except CorpusError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    if not entries:
        print(f"No answers in {_shown(args.corpus)} yet: nothing to measure.")
        return 0
    rounds = 1 if args.quick or args.list else 5
    results, cpu = run(entries, bank_set, rounds)
    if args.list:
        for line in listing(results, args.list, args.all):
            print(line)
        return 0
    largest = max(bank_set.banks, key=lambda b: len(b.questions))
    timed = [q.id for q in largest.questions]
    parts = {
        "held-out": figures([r for r in results if r.entry.held_out], cpu, timed),
        "whole": figures(results, cpu, timed),
    }
    if args.json:
        report = {
            "corpus": _shown(args.corpus),
            "rounds": rounds,
            "timed_bank": largest.id,
            "parts": {"held_out": parts["held-out"], "whole": parts["whole"]},
        }
        print(json.dumps(report, indent=2))
        return 0
    files = len({e.id.rsplit("-", 1)[0] for e in entries})
    print(
        f"Python {platform.python_version()}; {len(entries)} answers to "
        f"{len({e.question for e in entries})} questions in {files} bank(s); CPU timed over "
        f"the {largest.id} bank's answers, {rounds} round(s)"
    )
    for line in table(parts):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
