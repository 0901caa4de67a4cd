"""The stage an answer's weighed evidence and the stages it names point at, offered; then set
beside how near the answer lies to what people say at each stage."""

from __future__ import annotations

from dataclasses import replace

from assessor.continuum import STAGES, Stage
from assessor.conversation.likeness import Likeness
from assessor.conversation.parsed import Time
from assessor.conversation.understanding.absences import absence
from assessor.conversation.understanding.offers import offer, proposed_as_like
from assessor.conversation.understanding.reading import MENTIONED, Decision, Reading
from assessor.conversation.understanding.reasons import reasons_for
from assessor.conversation.understanding.remarks import reads_as_evidence, touches
from assessor.conversation.understanding.said import Said
from assessor.conversation.weighing import instead


def weighed_offer(said: Said) -> tuple[Reading, bool]:
    """The stage the answer's evidence and the stages it names point at, offered; and whether
    a denial ruled a stage out (before a plan's denials are set aside)."""
    evidence = said.answer.evidence
    scores, matched = evidence.scores, evidence.matched
    denied = evidence.denied | said.answer.negated_hits | said.negated_names
    for stage in said.negated_names:
        scores[stage] -= 3.0
    for stage in said.mentioned:
        scores[stage] += 3.0
        matched.append(stage.value)
    reading = None
    if said.mentioned and len(said.mentioned) == 1:
        ((stage, _),) = said.mentioned.items()
        reading = offer(scores, matched, denied, why=MENTIONED)
        if reading.stage is not stage:
            reading = None
    reading = reading or offer(scores, matched, denied)
    blocked = bool(reading.ruled_out)
    if any(c.time is not Time.NOW for c in said.parsed.clauses):
        # a plan is no denial ("we're hoping to plan jointly next year" does not say "so not
        # collaboration"): only a stage named and denied outright is ruled out
        reading = replace(reading, ruled_out=tuple(s for s in STAGES if s in said.negated_names))
    return reading, blocked


def beside_likeness(
    said: Said, reading: Reading, near: Likeness, blocked: bool
) -> tuple[Reading, bool]:
    """The reading set beside how near the answer lies to each stage's texts: a stage the
    likeness leads with clearly is proposed instead; an answer with no stage that denies the
    thing asked about is isolation. Whether the reading is final."""
    if reading.decision is Decision.NOT_A_STAGE and not blocked:
        absent = absence(said.text, said.question)
        if absent is not None:
            because = reasons_for(said.parsed, said.answer, Stage.ISOLATION)
            return replace(absent, because=because), True
        looks = reads_as_evidence(said.text)
        remark = not (looks or reading.matched or touches(said.text, said.question))
        if remark or (nearer := instead(near, None)) is None:
            return replace(reading, looks_like_evidence=looks, off_topic=remark), True
        return proposed_as_like(reading, nearer, near), False
    if (
        reading.stage is not None
        and not said.mentioned
        and reading.stage is not said.answer.climbed  # word likeness cannot read extent
        and (nearer := instead(near, reading.stage)) is not None
    ):
        return proposed_as_like(reading, nearer, near), False
    return reading, False
