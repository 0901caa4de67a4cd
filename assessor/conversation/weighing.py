"""The reading of an answer weighed against what people say at each stage of its question.

The structural reading (`interpret`) counts the words of what is practised now against the
stage descriptors and the bank's phrases. Beside it, `likeness` compares the answer with each
stage's descriptor, keywords and examples. `interpret` asks two things of this module:

- `instead`: where the reading found no stage, but the answer lies clearly nearer one stage's
  texts than any other's, that stage is proposed (never taken); where the reading proposes a
  stage but the likeness clearly leads with another, the likeness's stage is proposed;
- `agreed`: where the reading proposes one stage alone and the likeness leads with the same
  stage by a clear margin, and nothing in the answer holds it back (every clause practised
  now, no hedge, no contrast, nothing rare), the stage is taken without asking. With the
  optional `meaning` extra installed its similarity must lead with that stage too, which lets
  a smaller margin suffice.

The thresholds were set on the tuning part of the understanding corpus (bench/README.md).
"""

from __future__ import annotations

from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation import meaning
from assessor.conversation.likeness import Likeness
from assessor.conversation.parsed import ParsedAnswer, Time

FILL_AT = 0.06  # likeness a stage needs to be proposed where the reading found none
FILL_MARGIN = 0.02  # ... and its lead over the runner-up
REORDER_AT = 0.06  # likeness a stage needs to be proposed instead of the reading's
TAKE_MARGIN = 0.15  # lead over the runner-up to take an agreed stage without asking
TAKE_MARGIN_WITH_MEANING = 0.10  # ... when the similarity in meaning must agree too
MEANING_MARGIN = 0.04  # the similarity's own lead for it to agree


def _lead(scores: dict[Stage, float]) -> tuple[Stage, float, float]:
    """The stage scored highest (the lower on a tie), its score and its lead over the next."""
    ranked = sorted(scores.items(), key=lambda p: (-p[1], p[0].value_number))
    return ranked[0][0], ranked[0][1], ranked[0][1] - ranked[1][1]


def instead(near: Likeness, read: Stage | None) -> Stage | None:
    """The stage to propose in place of the reading's (`read`, None where it found none), or
    None to keep the reading."""
    top, score, margin = _lead(near.scores)
    if read is None:
        return top if score >= FILL_AT and margin >= FILL_MARGIN else None
    return top if top is not read and score >= REORDER_AT else None


def holds_nothing_back(parsed: ParsedAnswer) -> bool:
    """Whether every clause of the answer is practised now, none hedged, rare or turned by a
    contrast."""
    return all(
        c.time is Time.NOW and not c.hedged and not c.rare and not c.contrast
        for c in parsed.clauses
    )


def agreed(
    text: str, near: Likeness, parsed: ParsedAnswer, question: Question, stage: Stage
) -> bool:
    """Whether `stage`, which the reading proposes alone, can be taken without asking."""
    if not holds_nothing_back(parsed):
        return False
    top, _, margin = _lead(near.scores)
    if top is not stage:
        return False
    similarity = meaning.stage_similarity(text, question)
    if similarity is None:
        return margin >= TAKE_MARGIN
    similar, _, lead = _lead(similarity)
    return margin >= TAKE_MARGIN_WITH_MEANING and similar is stage and lead >= MEANING_MARGIN
