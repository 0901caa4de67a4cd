"""The reading shown clause by clause, for a bank author to see why an answer was read as it
was (`assessor chat --explain`)."""

from __future__ import annotations

from dataclasses import dataclass

from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.parsed import Extent, Time, parse
from assessor.conversation.understanding.evidence import clause_evidence
from assessor.conversation.understanding.phrases import Hit, hits_in, phrase_shape
from assessor.conversation.understanding.reading import MAX_CHARS
from assessor.conversation.understanding.weighed import KEYWORD_WEIGHT, read_answer


@dataclass(frozen=True)
class ClauseReading:
    """One clause of an answer as the reading saw it, for a bank author to see why."""

    text: str
    time: Time
    negated: bool
    extent: Extent | None
    hedged: bool
    counted: str  # whether it counts toward the stage, or only tells the stage below
    scores: tuple[tuple[Stage, float], ...]  # the clause's evidence per stage, as read

    def as_json(self) -> dict:
        return {
            "clause": self.text,
            "time": self.time.value,
            "negated": self.negated,
            "extent": self.extent.value if self.extent else None,
            "hedged": self.hedged,
            "counted": self.counted,
            "evidence": {s.value: round(v, 2) for s, v in self.scores},
        }


def explain(text: str, question: Question) -> tuple[ClauseReading, ...]:
    """The clauses of an answer with their time, negation, extent and evidence per stage (the
    question's descriptors, its bank phrases and the phrases that mean a stage anywhere)."""
    found: list[ClauseReading] = []
    for clause in parse(text[:MAX_CHARS]).clauses:
        evidence = clause_evidence(clause, question)
        timed = False
        for stage in STAGES:
            for phrase in question.keywords.for_stage(stage):
                for hit in hits_in(clause, phrase):
                    timed = timed or phrase_shape(phrase)[1]
                    sign = -1.0 if hit is Hit.DENIED else 1.0
                    evidence.add(stage, sign * KEYWORD_WEIGHT)
        if clause.practised or timed:
            counted = "counted toward the stage"
        else:
            counted = "not counted: tells the stage below only where no practice is described"
        found.append(
            ClauseReading(
                clause.text,
                clause.time,
                clause.negated,
                clause.extent,
                clause.hedged,
                counted,
                tuple((s, v) for s, v in evidence.scores.items() if abs(v) >= 0.005),
            )
        )
    return tuple(found)


def overall_evidence(text: str, question: Question) -> tuple[tuple[Stage, float], ...]:
    """The answer's evidence per stage once its clauses are weighed together (what counts,
    plans, extent, isolation held below a practice described)."""
    answer = read_answer(parse(text[:MAX_CHARS]), question)
    return tuple((s, v) for s, v in answer.evidence.scores.items() if abs(v) >= 0.005)
