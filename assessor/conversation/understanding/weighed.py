"""A whole answer weighed clause by clause. What is practised now counts toward the stage; a
plan, a paper agreement or a lapsed practice counts only, and less, toward the stage below the
one it names; how widely the answer says a thing happens decides between neighbours (`extents`);
isolation stays below a practice described."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.clause_extent import ADVERBS, share_of
from assessor.conversation.parsed import Clause, ParsedAnswer
from assessor.conversation.understanding.evidence import APART, Evidence, clause_evidence
from assessor.conversation.understanding.extents import (
    SaidExtent,
    named_against_named,
    weigh_extents,
)
from assessor.conversation.understanding.phrases import Hit, hits_in, phrase_target
from assessor.conversation.understanding.question_index import QuestionIndex, question_index
from assessor.conversation.understanding.reading import EVIDENCE_FLOOR
from assessor.words.text import compound_stems, normalise

KEYWORD_WEIGHT = 3.0
CONTEXT_WEIGHT = 0.5  # a plan's evidence, moved to the stage below the plan's
PRACTICE_OVER_ABSENCE = 1.5  # support for a practised stage that keeps isolation below it

# per stage: (weight, clause number, stems) of what it was read from
Support = dict[Stage, list[tuple[float, int, tuple[str, ...]]]]


@dataclass
class WeighedAnswer:
    """What a whole answer says for each stage, clause by clause, read by time."""

    evidence: Evidence
    keyword_hits: dict[Stage, list[str]]  # the bank's phrases said in practice now
    doubted_hits: dict[Stage, list[str]]
    negated_hits: set[Stage]
    context_hits: dict[Stage, list[str]]  # the bank's phrases said of a plan or the past
    pointing: set[Stage]  # the stage each clause of current practice points at most
    context: bool  # a plan, a paper agreement or a lapsed practice says something of a stage
    support: Support
    by_extent: set[Stage]  # the stages whose descriptors say as widely as the answer
    # the stage of the question's extent ladder the answer's extent picked, if it picked one
    climbed: Stage | None = None


@dataclass
class _Tally:
    """What the clauses read so far have said, as `read_answer` goes."""

    total: Evidence = field(default_factory=Evidence)
    keyword_hits: dict[Stage, list[str]] = field(default_factory=dict)
    doubted_hits: dict[Stage, list[str]] = field(default_factory=dict)
    context_hits: dict[Stage, list[str]] = field(default_factory=dict)
    negated_hits: set[Stage] = field(default_factory=set)
    pointing: set[Stage] = field(default_factory=set)
    support: Support = field(default_factory=dict)
    context: bool = False
    extents: list[SaidExtent] = field(default_factory=list)
    planned: dict[Stage, float] = field(default_factory=dict)
    planned_support: list[tuple[Stage, float, int, tuple[str, ...]]] = field(default_factory=list)


def read_answer(parsed: ParsedAnswer, question: Question) -> WeighedAnswer:
    """Each clause read against the stages. What is practised now counts toward the stage; a
    plan, a paper agreement or a lapsed practice counts only, and less, toward the stage below
    the one it names, and stops the answer being taken without asking."""
    tally = _Tally()
    index = question_index(question)
    for number, clause in enumerate(parsed.clauses):
        found = clause_evidence(clause, question)
        timed = _bank_phrases(clause, index, found, tally)
        practised = clause.practised or timed
        if number == 0:
            _whole_phrases(parsed, index, found, tally)
        tally.total.matched.extend(found.matched)
        tally.total.denied |= found.denied
        if practised:
            _count_practice(tally, number, clause, found)
        else:
            _count_context(tally, number, found)
    named = named_against_named(parsed) if index.how_many else None
    if named is not None and not any(e.counted for e in tally.extents):
        tally.extents.append(named)
    if not tally.pointing:  # with no practice described, a plan tells the stage below it
        for stage, value in tally.planned.items():
            tally.total.scores[stage] += value
        for stage, weight, number, said in tally.planned_support:
            tally.support.setdefault(stage, []).append((weight, number, said))
    by_extent, climbed = weigh_extents(tally.total.scores, tally.extents, index)
    _absence_below_practice(tally.total.scores, tally.support)
    return WeighedAnswer(
        tally.total,
        tally.keyword_hits,
        tally.doubted_hits,
        tally.negated_hits,
        tally.context_hits,
        tally.pointing,
        tally.context,
        tally.support,
        by_extent,
        climbed,
    )


def _bank_phrases(clause: Clause, index: QuestionIndex, found: Evidence, tally: _Tally) -> bool:
    """The bank's phrases said in one clause, into `found` and `tally`; whether one of them
    named its own time (and so said the clause's time)."""
    timed = False
    for bank_phrase in index.phrases:
        if bank_phrase.spans or bank_phrase.first not in clause.starts:
            continue  # one that spans a clause break is matched over the whole answer
        stage, phrase = bank_phrase.stage, bank_phrase.text
        # a bank phrase that names its own time ("agreed on paper", "we're piloting a new
        # role") says the stage it is listed under, whatever the clause's time
        practised = clause.practised or bank_phrase.own_time
        for hit in hits_in(clause, phrase):
            timed = timed or bank_phrase.own_time
            if hit is Hit.DENIED:
                tally.negated_hits.add(stage)
                found.add(stage, -KEYWORD_WEIGHT)
                found.denied.add(stage)
                continue
            found.add(stage, KEYWORD_WEIGHT, phrase_target(phrase)[0])
            found.matched.append(phrase)
            if not practised:
                tally.context_hits.setdefault(stage, []).append(phrase)
            elif hit is Hit.DOUBTED:
                tally.doubted_hits.setdefault(stage, []).append(phrase)
            else:
                tally.keyword_hits.setdefault(stage, []).append(phrase)
    return timed


def _count_practice(tally: _Tally, number: int, clause: Clause, found: Evidence) -> None:
    """A clause of current practice: its evidence counts toward the stage."""
    for stage, value in found.scores.items():
        tally.total.scores[stage] += value
    for stage, items in found.support.items():
        tally.support.setdefault(stage, []).extend((v, number, said) for v, said in items)
    top = max(STAGES, key=lambda s: found.scores[s])
    if found.scores[top] >= EVIDENCE_FLOOR:
        tally.pointing.add(top)
    # "everyone is on different systems", "every service with its own form": each apart, not
    # all together
    if clause.extent is not None and not APART.search(normalise(clause.text)):
        # "information sharing" is the descriptors' "information-sharing" too
        stems = compound_stems([w.text for w in clause.words], clause.text)
        said = normalise(clause.text).strip(" .!")
        share = share_of(said)
        # "12 of our 40 staff" counts a part of a whole; "1 in 20 families" says how often
        alone = said in ADVERBS or (share is not None and " of " in share[1])
        tally.extents.append(
            SaidExtent(clause.extent, found.scores[top], clause.counted, stems, alone)
        )


def _count_context(tally: _Tally, number: int, found: Evidence) -> None:
    """A clause of a plan, a paper agreement or a lapsed practice: it tells the stage below the
    one it names, kept aside in case no practice is described."""
    for stage, value in found.scores.items():
        if value <= 0:
            continue
        tally.context = tally.context or value >= EVIDENCE_FLOOR
        if stage is Stage.ISOLATION:
            continue
        below = Stage.from_number(stage.value_number - 1)
        tally.planned[below] = tally.planned.get(below, 0.0) + CONTEXT_WEIGHT * value
        for weight, said in found.support.get(stage, ()):
            tally.planned_support.append((below, CONTEXT_WEIGHT * weight, number, said))


def _absence_below_practice(scores: dict[Stage, float], support: Support) -> None:
    """Isolation is the absence of the rest: an answer that also describes a practice of a
    higher stage ("separate systems and emailing things across") is read as that practice,
    so isolation stays below it."""
    practised = max(
        (sum(v for v, _, _ in support.get(s, ())) for s in STAGES if s is not Stage.ISOLATION),
        default=0.0,
    )
    if practised >= PRACTICE_OVER_ABSENCE and scores[Stage.ISOLATION] > 0:
        best = max(scores[s] for s in STAGES if s is not Stage.ISOLATION)
        scores[Stage.ISOLATION] = min(scores[Stage.ISOLATION], 0.9 * best)


def _whole_phrases(
    parsed: ParsedAnswer, index: QuestionIndex, found: Evidence, tally: _Tally
) -> None:
    """The bank's phrases that hold a contrast ("friendly but separate", "health visitors
    share but schools don't"), matched over the whole answer."""
    for bank_phrase in index.phrases:
        if not bank_phrase.spans:
            continue
        stage, phrase = bank_phrase.stage, bank_phrase.text
        for hit in hits_in(parsed.whole, phrase):
            if hit is Hit.DENIED:
                tally.negated_hits.add(stage)
                found.add(stage, -KEYWORD_WEIGHT)
                continue
            found.add(stage, KEYWORD_WEIGHT, phrase_target(phrase)[0])
            found.matched.append(phrase)
            tally.keyword_hits.setdefault(stage, []).append(phrase)
