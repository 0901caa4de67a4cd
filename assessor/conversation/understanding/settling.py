"""The offered reading settled: no stage where it rests on one passing word; the stage below
offered too where a doubt or a reservation holds it back; taken without asking where the
likeness agrees clearly; the stage below first for an answer that counts fewer than every one;
proposed, never taken, where nothing says how widely and the rungs differ only by that."""

from __future__ import annotations

from dataclasses import replace

from assessor.continuum import Stage
from assessor.conversation.likeness import Likeness
from assessor.conversation.parsed import Extent
from assessor.conversation.understanding.absences import reserved
from assessor.conversation.understanding.offers import with_stage_below
from assessor.conversation.understanding.opposed import qualifies_only
from assessor.conversation.understanding.question_index import question_index
from assessor.conversation.understanding.reading import AGREED, Decision, Reading
from assessor.conversation.understanding.reasons import NOT_A_REASON, reasons_for
from assessor.conversation.understanding.remarks import reads_as_evidence
from assessor.conversation.understanding.said import Said
from assessor.conversation.weighing import agreed, thin
from assessor.words.text import DENIED, NEGATORS, prepared_tokens
from assessor.words.vocabulary import ON_ITS_OWN

LADDER_ALIKE = 5  # word stems every rung of an extent ladder shares, for rungs said alike


def held_back_or_agreed(said: Said, reading: Reading, near: Likeness) -> Reading:
    """The reading with its reasons; no stage where it rests on one passing word; the stage
    below offered too where a doubt or a reservation holds it back; taken without asking where
    the likeness agrees clearly (isolation only where the answer denies something or keeps
    someone to themselves)."""
    answer = said.answer
    if reading.stage is not None and not reading.because:
        reading = replace(reading, because=reasons_for(said.parsed, answer, reading.stage))
    if (
        reading.stage is not None
        and not (answer.keyword_hits or answer.doubted_hits or said.mentioned)
        and thin(reading.matched, near, NOT_A_REASON)
    ):
        # one passing word ("I need a coffee" meets "needs") is no reading of the answer
        looks = reads_as_evidence(said.text)
        return Reading(Decision.NOT_A_STAGE, looks_like_evidence=looks, off_topic=not looks)
    if not answer.context and (
        answer.doubted_hits or reserved(said.text, said.question, reading.stage)
    ):
        # the stage below comes first where the bank's phrase is doubted ("TAF meetings don't
        # really happen") or the practice is rare where the stage says it is routine ("we
        # rarely do joint visits"); a reservation that narrows it or a contrast that denies
        # something ("but adult services never come") is mostly the stage's own: it stays first
        extents = question_index(said.question).extents
        stage_extent = extents.get(reading.stage) if reading.stage else None
        routine = stage_extent in (Extent.ALL, Extent.MOST)
        rare = routine and any(c.rare for c in said.parsed.clauses)
        return with_stage_below(reading, below_first=bool(answer.doubted_hits) or rare)
    stage = reading.stage
    if (
        reading.decision is Decision.CONFIRM
        and stage is not None
        and len(reading.candidates) <= 1
        and not said.mentioned
        and not (stage is Stage.ISOLATION and _nothing_denied(said.text))
        and agreed(near, said.parsed, stage, lambda c: qualifies_only(c, said.question, stage))
    ):
        return replace(reading, decision=Decision.ACCEPT, confidence=AGREED)
    return reading


def _nothing_denied(text: str) -> bool:
    """Whether an answer neither denies anything nor keeps anyone to themselves: it describes
    something that exists ("the trust's business plan cites it"), which isolation, a rung of
    absence, is not taken from without asking."""
    return not any(t in NEGATORS or t == DENIED or t in ON_ITS_OWN for t in prepared_tokens(text))


def no_extent_said(said: Said, reading: Reading) -> Reading:
    """A stage of the question's extent ladder, where three or more rungs differ by how widely
    ("some services", "half or more", "all"), is proposed, never taken, where the answer says
    nothing of how widely: its words cannot tell the rungs apart."""
    if reading.decision is not Decision.ACCEPT or reading.stage is None or said.mentioned:
        return reading
    index = question_index(said.question)
    ladder = index.ladder
    # rungs that say much the same but for the extent ("a single front door assesses...")
    alike = len(index.ladder_words) >= LADDER_ALIKE
    if len(ladder) < 3 or not alike or reading.stage not in ladder:
        return reading
    if any(c.extent is not None for c in said.parsed.clauses):
        return reading
    return replace(reading, decision=Decision.CONFIRM)


def short_of_every(said: Said, reading: Reading) -> Reading:
    """A stage whose descriptor says every one ("every partner", "all hub services") is never
    the first offer for an answer that counts fewer ("the ICB and the council both fund it",
    "in most hubs"): the stage below is offered first, and nothing is taken without asking."""
    first = reading.candidates[0][0] if reading.candidates else reading.stage
    if first is None or first is Stage.ISOLATION or said.mentioned:
        return reading
    extents = question_index(said.question).extents
    below = Stage.from_number(first.value_number - 1)
    # the rung where "every one" begins: the stage below it says fewer
    if extents.get(first) is not Extent.ALL or extents.get(below) is Extent.ALL:
        return reading
    counted = [c.extent for c in said.parsed.clauses if c.practised and c.counted and c.extent]
    if not counted or Extent.ALL in counted:
        return reading
    offered = ((below, reading.confidence), (first, reading.confidence * 0.9))
    return replace(reading, decision=Decision.CONFIRM, stage=below, candidates=offered)
