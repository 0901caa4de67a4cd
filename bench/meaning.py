"""Similarity in meaning (assessor.conversation.meaning, WordLlama) as evidence for a stage.

Over the understanding corpus (bench/understanding.py reads and checks it), each answer's
cosine similarity to its question's five descriptors, and to each stage's examples where the
bank has them, picks a stage; this prints, for the TUNING part only:

- per source (descriptor; nearest example; mean of the 2 nearest examples; descriptor and
  examples together, what `stage_similarity` returns): of the answers expecting a stage, the
  share whose most similar stage is expected ("right") and within one stage of one expected;
- likeness (assessor.conversation.likeness: weighted shared words with descriptors, keywords
  and examples) beside them, as the lexical source to beat, and the two added
  (likeness + 2 x stage_similarity);
- by margin (top similarity minus the runner-up's) for the source `stage_similarity` uses: how
  many answers fall in each bucket and how many of them are right;
- the interpreter alone against the interpreter with similarity combined by each rule below:
  first proposal right, within one, taken without asking and right, taken silently wrong,
  non-answers offered a stage;
- CPU per answer of `similarities` (questions' texts embedded already): median and p99.

For the whole corpus it prints the aggregate figures of the combined rules only (no table
by answer, no listing), so the held-out part stays unseen by those who tune.

- order+lead, lead, fill, veto and promote at each margin of SWEEP, as changes from the
  interpreter alone; the same with likeness as the source, and with likeness plus twice the
  similarity (LIKENESS_SWEEP): what similarity adds to the words.

Rules (the interpreter's reading first, then similarity; each function below says it exactly):
- interpreter: as the chat reads today;
- higher first: no similarity, of two stages proposed the higher first (a baseline for order);
- order: of two or more stages proposed, the most similar first;
- fill: no stage offered to an answer not called off-topic: the most similar proposed, if clear;
- lead: proposing: the most similar first if clear, the interpreter's first stage after it;
- tuned: order, lead, fill and promote in that order on one source, at the margins TUNED
  gives it (tuned on the tuning part: the sweeps show the trade at each margin);
- veto: a stage taken without asking only proposed if another is clearly more similar;
- promote: a single stage proposed taken without asking where it is clearly the most similar.
"Clear" is a margin (top similarity minus the runner-up's, or minus the taken stage's).

Run: python bench/meaning.py [--quick] [--corpus FOLDER] [--tuning-file FILE]
(--quick leaves out the margin tables and the sweeps.)
(--tuning-file reads a file of tuning-part entries instead, and prints its figures only.)
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import understanding as u  # the corpus reader and the interpreter's figures
import wordllama_similarity as meaning  # WordLlama read offline; not part of the package

from assessor.banks import load_builtin
from assessor.banks.bank_set import BankSet
from assessor.continuum import Stage
from assessor.conversation.interpret import interpret
from assessor.conversation.likeness import likeness

FILL_MARGIN = 0.08
LEAD_MARGIN = 0.08
VETO_MARGIN = 0.08
PROMOTE_MARGIN = 0.12
SWEEP = (0.02, 0.04, 0.08, 0.12, 0.16, 0.20, 0.24)
MARGIN_BUCKETS = (0.0, 0.01, 0.02, 0.04, 0.08)
MEANING, LIKENESS = "stage_similarity", "likeness (words)"
BOTH = "likeness + 2 x similarity"
MEANING_WEIGHT = 2.0  # similarity's weight beside likeness in BOTH
LIKENESS_SWEEP = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


@dataclass(frozen=True)
class Measured:
    result: u.Result  # the interpreter's reading, as the chat acts on it
    off_topic: bool
    sources: dict[str, dict[Stage, float]]  # similarity per stage, by source name


def _ranked(scores: dict[Stage, float]) -> list[tuple[Stage, float]]:
    return sorted(scores.items(), key=lambda item: item[1], reverse=True)


def _margin(scores: dict[Stage, float]) -> float:
    ranked = _ranked(scores)
    return ranked[0][1] - ranked[1][1] if len(ranked) > 1 else math.inf


def _sources(found: meaning.Similarities, combined: dict[Stage, float]) -> dict[str, dict]:
    sources = {"descriptor": found.descriptor}
    if found.nearest_example:
        sources["nearest example"] = found.nearest_example
        sources[f"top-{meaning.TOP_K} examples"] = found.top_examples
    sources[MEANING] = combined
    return sources


def measure(entries: Sequence[u.Entry], bank_set: BankSet) -> tuple[list[Measured], list[int]]:
    glossary = bank_set.glossary
    questions = {e.question: bank_set.question(e.question) for e in entries}
    for question in questions.values():  # the question's texts embedded, its index built
        meaning.similarities("warm up", question)
        interpret("warm up", question, confirming=False, glossary=glossary)
    measured, cpu = [], []
    for entry in entries:
        question = questions[entry.question]
        reading = interpret(entry.answer, question, confirming=False, glossary=glossary)
        outcome, stages = u.classify(reading)
        start = time.process_time_ns()
        found = meaning.similarities(entry.answer, question)
        cpu.append(time.process_time_ns() - start)
        combined = meaning.stage_similarity(entry.answer, question)
        assert found is not None and combined is not None
        sources = _sources(found, combined)
        sources[LIKENESS] = likeness(entry.answer, question).scores
        sources[BOTH] = {s: sources[LIKENESS][s] + MEANING_WEIGHT * combined[s] for s in combined}
        measured.append(Measured(u.Result(entry, outcome, stages), reading.off_topic, sources))
    return measured, cpu


# -- combining --------------------------------------------------------------------------------


def interpreter(m: Measured) -> u.Result:
    return m.result


def higher_first(m: Measured) -> u.Result:
    """No similarity: of two stages proposed, the higher first (the interpreter's own stage,
    where it offers the stage below alongside it)."""
    result = m.result
    if result.outcome is u.Outcome.PROPOSED and len(result.stages) == 2:
        ordered = tuple(sorted(result.stages, key=lambda s: s.value_number, reverse=True))
        return replace(result, stages=ordered)
    return result


def order(m: Measured, source: str = MEANING) -> u.Result:
    """Of two or more stages proposed, the most similar first."""
    result = m.result
    if result.outcome is u.Outcome.PROPOSED and len(result.stages) > 1:
        similarity = m.sources[source]
        ordered = tuple(sorted(result.stages, key=lambda s: similarity[s], reverse=True))
        return replace(result, stages=ordered)
    return result


def fill(m: Measured, margin: float = FILL_MARGIN, source: str = MEANING) -> u.Result:
    """Where the interpreter offers no stage (and calls the answer neither off-topic nor a
    command), the most similar stage proposed if its margin is at least `margin`."""
    result = m.result
    if result.outcome is u.Outcome.NO_STAGE and not m.off_topic:
        similarity = m.sources[source]
        if _margin(similarity) >= margin:
            return replace(result, outcome=u.Outcome.PROPOSED, stages=(_ranked(similarity)[0][0],))
    return result


def lead(m: Measured, margin: float = LEAD_MARGIN, source: str = MEANING) -> u.Result:
    """Where the interpreter proposes (never where it takes, or offers nothing): the most
    similar stage first if its margin is at least `margin`, the interpreter's first after it."""
    result = m.result
    if result.outcome is u.Outcome.PROPOSED:
        similarity = m.sources[source]
        if _margin(similarity) >= margin:
            top = _ranked(similarity)[0][0]
            others = tuple(s for s in result.stages if s is not top)[:1]
            return replace(result, stages=(top, *others))
    return result


def _leads(m: Measured, stage: Stage, source: str, margin: float) -> bool:
    """Whether `stage` is the source's top stage by at least `margin`."""
    scores = m.sources[source]
    return _ranked(scores)[0][0] is stage and _margin(scores) >= margin


def promote(
    m: Measured, margin: float = PROMOTE_MARGIN, source: str = MEANING, agree: float | None = None
) -> u.Result:
    """A single stage proposed is taken without asking where it is also the source's top stage
    by at least `margin` (and, with `agree`, similarity's top stage by at least `agree` too)."""
    result = m.result
    if result.outcome is u.Outcome.PROPOSED and len(result.stages) == 1 and not m.off_topic:
        stage = result.stages[0]
        if _leads(m, stage, source, margin) and (agree is None or _leads(m, stage, MEANING, agree)):
            return replace(result, outcome=u.Outcome.TAKEN)
    return result


def agreement_table(measured: Sequence[Measured]) -> list[str]:
    """promote on likeness alone against promote on likeness with similarity agreeing: taken
    right and silently wrong, as changes from the interpreter alone."""
    base = u.figures([m.result for m in measured], {}, ())
    agrees = (None, 0.0, 0.02, 0.04, 0.08)
    lines = [
        "promote where likeness (rows: its margin) and, but for the first column, similarity "
        "(columns: its margin) lead with the stage proposed: taken right / silently wrong",
        f"{'likeness':>9}"
        + "".join(f" {'alone' if a is None else f'sim >= {a}':>12}" for a in agrees),
    ]
    for margin in (0.05, 0.1, 0.15, 0.2, 0.3):
        cells = []
        for agree in agrees:
            got = u.figures([promote(m, margin, LIKENESS, agree) for m in measured], {}, ())
            taken = got["taken_right"] - base["taken_right"]
            wrong = got["silently_wrong"] - base["silently_wrong"]
            cells.append(f"{taken:+d}/{wrong:+d}")
        lines.append(f"{margin:>9.2f}" + "".join(f" {c:>12}" for c in cells))
    return lines


def veto(m: Measured, margin: float = VETO_MARGIN, source: str = MEANING) -> u.Result:
    """A stage taken without asking is only proposed where another stage is more similar than
    it by `margin`."""
    result = m.result
    if result.outcome is u.Outcome.TAKEN:
        similarity = m.sources[source]
        if _ranked(similarity)[0][1] - similarity[result.stages[0]] >= margin:
            return replace(result, outcome=u.Outcome.PROPOSED)
    return result


@dataclass(frozen=True)
class Rule:
    """order, lead, fill and promote on one source, each at its own margin (None: not used);
    `agree`: promote only where similarity leads with the same stage by this margin too."""

    source: str
    lead: float | None
    fill: float | None
    promote: float | None
    agree: float | None = None

    def __call__(self, m: Measured) -> u.Result:
        m = replace(m, result=order(m, self.source))
        if self.lead is not None:
            m = replace(m, result=lead(m, self.lead, self.source))
        if self.fill is not None:
            m = replace(m, result=fill(m, self.fill, self.source))
        if self.promote is not None:
            m = replace(m, result=promote(m, self.promote, self.source, self.agree))
        return m.result


# The margins tuned on the tuning part (see the sweeps and the agreement table).
TUNED = {
    "tuned: similarity": Rule(MEANING, lead=0.20, fill=0.12, promote=0.20),
    "tuned: words": Rule(LIKENESS, lead=0.05, fill=0.10, promote=0.20),
    "words, sim. agrees 0.2/0.04": Rule(LIKENESS, 0.05, 0.10, promote=0.20, agree=0.04),
    "words, sim. agrees 0.1/0.04": Rule(LIKENESS, 0.05, 0.10, promote=0.10, agree=0.04),
}

RULES: dict[str, Callable[[Measured], u.Result]] = {
    "interpreter": interpreter,
    "higher first (no sim.)": higher_first,
    **TUNED,
}


# -- figures ----------------------------------------------------------------------------------


def _pct(count: int, of: int) -> str:
    return f"{count}/{of} {count / of:.1%}" if of else f"{count}/0 -"


def source_table(measured: Sequence[Measured]) -> list[str]:
    staged = [m for m in measured if m.result.entry.expected_stages]
    names = list(dict.fromkeys(n for m in staged for n in m.sources))
    lines = [f"{'similarity source':24} {'right':>16} {'within one':>16}"]
    for name in names:
        having = [m for m in staged if name in m.sources]
        right = within = 0
        for m in having:
            top = _ranked(m.sources[name])[0][0]
            expected = m.result.entry.expected_stages
            right += top in expected
            within += any(abs(top.value_number - s.value_number) <= 1 for s in expected)
        lines.append(f"{name:24} {_pct(right, len(having)):>16} {_pct(within, len(having)):>16}")
    interpreter_right = sum(1 for m in staged if u._right(m.result))
    sim_right = [
        _ranked(m.sources["stage_similarity"])[0][0] in m.result.entry.expected_stages
        for m in staged
    ]
    both = sum(1 for m, s in zip(staged, sim_right, strict=True) if s and u._right(m.result))
    lines.append(
        f"interpreter first right {interpreter_right}, stage_similarity right {sum(sim_right)}, "
        f"both {both}, only similarity {sum(sim_right) - both}, of {len(staged)}"
    )
    return lines


def margin_table(
    measured: Sequence[Measured], source: str = MEANING, buckets: Sequence[float] = MARGIN_BUCKETS
) -> list[str]:
    staged = [m for m in measured if m.result.entry.expected_stages]
    edges = (*buckets, math.inf)
    lines = [
        f"{'margin (' + source + ')':26} {'answers':>9} {'right':>14} "
        f"{'interpreter no stage':>21} {'of those right':>15}"
    ]
    for low, high in itertools.pairwise(edges):
        inside = [m for m in staged if low <= _margin(m.sources[source]) < high]
        right = sum(1 for m in inside if _ranked(m.sources[source])[0][0] in m.result.entry.expect)
        empty = [m for m in inside if m.result.outcome is u.Outcome.NO_STAGE]
        empty_right = sum(
            1 for m in empty if _ranked(m.sources[source])[0][0] in m.result.entry.expect
        )
        label = f"[{low:.2f}, {high:.2f})" if high != math.inf else f">= {low:.2f}"
        lines.append(
            f"{label:24} {len(inside):>9} {_pct(right, len(inside)):>14} "
            f"{len(empty):>21} {empty_right:>15}"
        )
    non_answers = [m for m in measured if not m.result.entry.expected_stages]
    margins = sorted(_margin(m.sources[source]) for m in non_answers)
    if margins:
        lines.append(
            f"non-answers ({len(margins)}): margin median {margins[len(margins) // 2]:.3f}, "
            f"max {margins[-1]:.3f}"
        )
    return lines


def rule_figures(measured: Sequence[Measured]) -> dict[str, dict]:
    return {name: u.figures([rule(m) for m in measured], {}, ()) for name, rule in RULES.items()}


def rule_table(measured: Sequence[Measured]) -> list[str]:
    rows = [
        ("first proposal right / real", "first_right", "real_answers"),
        ("within one stage / stage answers", "within_one", "stage_answers"),
        ("taken without asking and right / real", "taken_right", "real_answers"),
        ("taken silently wrong / answers", "silently_wrong", "answers"),
        ("non-answers offered a stage", "non_answers_offered_stage", "non_answers"),
    ]
    parts = rule_figures(measured)
    names = list(parts)
    lines = [f"{'figure':40}" + "".join(f" {n:>24}" for n in names)]
    for label, key, of in rows:
        lines.append(
            f"{label:40}" + "".join(f" {_pct(parts[n][key], parts[n][of]):>22}" for n in names)
        )
    return lines


def _order_lead(m: Measured, margin: float, source: str = MEANING) -> u.Result:
    return lead(replace(m, result=order(m, source)), margin, source)


SWEPT: dict[str, Callable[[Measured, float, str], u.Result]] = {
    "order+lead": _order_lead,
    "lead": lead,
    "fill": fill,
    "veto": veto,
    "promote": promote,
}


def sweep_table(
    measured: Sequence[Measured], source: str = MEANING, sweep: Sequence[float] = SWEEP
) -> list[str]:
    """fill, lead and veto at each margin of SWEEP: what each gains and costs (a change from
    the interpreter alone)."""
    base = u.figures([m.result for m in measured], {}, ())
    keys = ("first_right", "non_answers_offered_stage", "taken_right", "silently_wrong")
    lines = [
        f"{source + ' margin':>26} {'rule':>10} {'first right':>12} {'non-answers offered':>20} "
        f"{'taken right':>12} {'silently wrong':>15}"
    ]
    for margin in sweep:
        for name, rule in SWEPT.items():
            got = u.figures([rule(m, margin, source) for m in measured], {}, ())
            change = [got[k] - base[k] for k in keys]
            lines.append(
                f"{margin:>26.2f} {name:>10} {change[0]:>+12} {change[1]:>+20} {change[2]:>+12} "
                f"{change[3]:>+15}"
            )
    return lines


def cpu_line(cpu: Sequence[int]) -> str:
    ordered = sorted(cpu)
    p99 = ordered[max(math.ceil(0.99 * len(ordered)) - 1, 0)]
    return (
        f"CPU per answer of similarities(): median {ordered[len(ordered) // 2] / 1e6:.3f} ms, "
        f"p99 {p99 / 1e6:.3f} ms over {len(ordered)} answers"
    )


def _load_file(path: Path, bank_set: BankSet) -> list[u.Entry]:
    located = u._read(path)
    banks = {b.id: frozenset(q.id for q in b.questions) for b in bank_set.banks}
    entries = []
    for item in located.data:
        bank = item["id"].rsplit("-", 1)[0]
        entries.append(
            u.Entry.model_validate(item, context={"bank": bank, "questions": banks[bank]})
        )
    return entries


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=u.CORPUS, help="the corpus folder")
    parser.add_argument("--tuning-file", type=Path, help="a file of tuning-part entries instead")
    parser.add_argument(
        "--quick", action="store_true", help="no margin tables or sweeps (CI: that it runs)"
    )
    args = parser.parse_args(argv)

    bank_set = load_builtin()
    if not meaning.available():
        print(
            "WordLlama is not installed (pip install wordllama==0.4.0.post1): nothing to measure."
        )
        return 0
    try:
        if args.tuning_file:
            entries = _load_file(args.tuning_file, bank_set)
        else:
            entries = u.load_corpus(args.corpus, bank_set) if args.corpus.is_dir() else []
    except u.CorpusError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    if not entries:
        print("No answers to measure.")
        return 0
    examples = sum(len(q.examples.for_stage(s)) for q in bank_set.questions for s in Stage)
    measured, cpu = measure(entries, bank_set)
    tuning = [m for m in measured if not m.result.entry.held_out]
    print(f"Tuning part: {len(tuning)} answers; the banks hold {examples} examples.")
    print()
    for line in source_table(tuning):
        print(line)
    if not args.quick:
        _details(tuning)
    print()
    for line in rule_table(tuning):
        print(line)
    print()
    print(cpu_line(cpu))
    if not args.tuning_file:
        print()
        print(f"Whole corpus ({len(measured)} answers), aggregate figures only:")
        for line in rule_table(measured):
            print(line)
    return 0


def _details(tuning: Sequence[Measured]) -> None:
    print()
    for line in margin_table(tuning):
        print(line)
    print()
    for line in margin_table(tuning, LIKENESS, (0.0, *LIKENESS_SWEEP)):
        print(line)
    print()
    for line in margin_table(tuning, BOTH, (0.0, *LIKENESS_SWEEP)):
        print(line)
    for source, sweep in ((MEANING, SWEEP), (LIKENESS, LIKENESS_SWEEP), (BOTH, LIKENESS_SWEEP)):
        print()
        for line in sweep_table(tuning, source, sweep):
            print(line)
    print()
    for line in agreement_table(tuning):
        print(line)


if __name__ == "__main__":
    sys.exit(main())
