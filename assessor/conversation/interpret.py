"""Reading an answer: which stage it means, how sure we are, and what it was read from.

The order of evidence, strongest first: a stage number or name on its own (misspelling
allowed); a phrase the bank lists for one stage of this question; don't know / not applicable;
then the words of the answer against the question's five descriptors and the phrases that mean
a stage on any question. Negated words count against a stage, not for it. Only clear readings
are accepted; the rest are offered back to the person to confirm, and text that matches no
stage is never taken as one.

This module decides; each step it asks is a module of assessor.conversation.understanding.
`Reading`, `Decision`, `ACCEPT_AT`, `explain` and `overall_evidence` are importable from here.
"""

from __future__ import annotations

from dataclasses import replace

from assessor.banks.glossary import Glossary
from assessor.banks.models import Question
from assessor.conversation.commands import Command, Parsed, parse_command
from assessor.conversation.likeness import likeness_now, said_as_example
from assessor.conversation.likeness import prepare as likeness_index
from assessor.conversation.parsed import extent_of, parse
from assessor.conversation.understanding.claims import claimed
from assessor.conversation.understanding.clauses import note_after, split_once
from assessor.conversation.understanding.explain import ClauseReading, explain, overall_evidence
from assessor.conversation.understanding.frequency import frequency_only
from assessor.conversation.understanding.numbers import maybe_a_count, numeric
from assessor.conversation.understanding.question_index import question_index
from assessor.conversation.understanding.reading import (
    ACCEPT_AT,
    EXACT,
    LIKE,
    MAX_CHARS,
    Decision,
    Reading,
)
from assessor.conversation.understanding.remarks import compares_stages
from assessor.conversation.understanding.said import Said
from assessor.conversation.understanding.settling import (
    held_back_or_agreed,
    no_extent_said,
    short_of_every,
)
from assessor.conversation.understanding.specials import special_of, special_only
from assessor.conversation.understanding.stage_words import mentioned_stages, split_views
from assessor.conversation.understanding.taken_as_read import (
    descriptor_read_out,
    taken_from_bank_phrase,
)
from assessor.conversation.understanding.undescribed import no_description
from assessor.conversation.understanding.weighed import read_answer
from assessor.conversation.understanding.weighed_offer import beside_likeness, weighed_offer
from assessor.words.text import normalise, prepared_tokens
from assessor.words.vocabulary import ON_ITS_OWN

__all__ = [
    "ACCEPT_AT",
    "ClauseReading",
    "Decision",
    "Reading",
    "explain",
    "interpret",
    "overall_evidence",
    "prepare",
]


def prepare(question: Question) -> None:
    """Build what reading an answer to `question` needs once (its index of descriptors and
    phrases, and of every text its stages have), so that no answer pays for it: whichever
    step an answer stops at, later ones find them built."""
    question_index(question)
    likeness_index(question)


def interpret(
    text: str,
    question: Question,
    confirming: bool = False,
    glossary: Glossary | None = None,
    scale_shown: bool = False,
) -> Reading:
    """How the bot reads `text` as an answer to `question`; with `glossary`, a question about
    one of its terms ("what is JSNA?") is a command, not an answer. `scale_shown`: the bot's
    last message listed the stages numbered, so a number picked from them ("3", "3 I think")
    is a rating even where the question counts things."""
    text = text[:MAX_CHARS]
    stripped = text.strip()
    if not stripped:
        return Reading(Decision.NOT_A_STAGE)
    if (command := parse_command(text, confirming, glossary)) is not None:
        return Reading(Decision.COMMAND, command=command)
    if compares_stages(stripped):
        # "what's the difference between coordination and collaboration?": the levels again
        return Reading(Decision.COMMAND, command=Parsed(Command.LEVELS))
    if (outright := _said_outright(stripped, question, confirming, scale_shown)) is not None:
        return outright
    return _read_in_words(text, stripped, question)


def _said_outright(
    stripped: str, question: Question, confirming: bool, scale_shown: bool = False
) -> Reading | None:
    """What is said in so many words: a number, stages held by different people, one of the
    bank's examples again, a yes or a no with more after it, a stage said outright, a
    don't-know with a note, a frequency alone; None for an answer to be read in its words."""
    if (number := numeric(stripped)) is not None:
        # a number said back to "Is that right? ... give the number that fits": a rating
        return number if confirming else maybe_a_count(number, question, scale_shown)
    if (split := split_views(stripped)) is not None:
        return split
    # one of the bank's examples said again: its stage, proposed
    if not confirming and (repeated := said_as_example(stripped, question)) is not None:
        return Reading(Decision.CONFIRM, repeated, LIKE, ((repeated, LIKE),))
    head, _, rest = split_once(stripped)
    # "no, it's 2", "yes, we have the minutes": the yes or no, then the answer or a note.
    said_first = parse_command(head, confirming=True)
    if (
        rest
        and said_first is not None
        and said_first.command in (Command.YES, Command.NO)
        # "mostly, but..." to a fresh question says how much, not yes
        and (confirming or extent_of(normalise(head)) is None)
    ):
        return _after_yes_or_no(said_first, rest, question, confirming)
    if (stage_said := claimed(stripped)) is not None:
        if confirming:
            return stage_said
        return maybe_a_count(_against_its_note(stage_said, question), question, scale_shown)
    # "n/a - the council funds it", "not sure, ask the finance lead": the rest is a note.
    if rest and (special := special_of(head)) is not None and special_only(head):
        return Reading(Decision.ACCEPT, None, EXACT, special=special, note=rest.strip())
    return frequency_only(stripped) if question_index(question).how_often else None


def _against_its_note(said: Reading, question: Question) -> Reading:
    """A stage said outright with a note that, read in its own words, describes a stage two or
    more away, or the stage beside it with a denial ("3, we've got the directory but no staffed
    front door yet"): both are offered, the one said first, and nothing is taken without
    asking."""
    if said.decision is not Decision.ACCEPT or said.stage is None or not said.note:
        return said
    note = said.note.strip()
    described = _read_in_words(note, note, question)
    if described.stage is None or described.decision not in (Decision.ACCEPT, Decision.CONFIRM):
        return said
    offered = {s for s, _ in described.candidates} | {described.stage}
    if said.stage in offered:
        return said
    # a note describing the stage beside the one said is most often how it is done there;
    # one that also denies or takes something back opposes the stage said, and so does one
    # below it that leaves each to itself ("I'd say coord. It gets flagged and left for each
    # of us": nobody works it out together)
    apart = abs(described.stage.value_number - said.stage.value_number)
    opposed = any(c.negated or c.contrast for c in parse(note).clauses) or (
        described.stage.value_number < said.stage.value_number and _each_to_itself(note)
    )
    if apart < 2 and not opposed:
        return said
    candidates = ((said.stage, LIKE), (described.stage, LIKE))
    return replace(said, decision=Decision.CONFIRM, confidence=LIKE, candidates=candidates)


def _each_to_itself(text: str) -> bool:
    """Whether a note keeps each partner to itself: "our own", "separately", "each of us"."""
    said = prepared_tokens(text)
    return any(t in ON_ITS_OWN or t == "each" for t in said)


def _after_yes_or_no(
    said_first: Parsed, rest: str, question: Question, confirming: bool
) -> Reading:
    """A yes or a no, then more: the answer that follows, or the yes or no with a note."""
    if confirming and said_first.command is Command.YES:
        # a yes keeps the proposal; what follows is a note unless it names a stage outright
        stage_said = numeric(rest.strip()) or claimed(rest.strip())
        return stage_said or Reading(Decision.COMMAND, command=said_first, note=note_after(rest))
    inner = interpret(rest, question)
    if inner.stage is not None or inner.special is not None:
        return inner
    if confirming:
        return Reading(Decision.COMMAND, command=said_first, note=note_after(rest))
    return inner


def _read_in_words(text: str, stripped: str, question: Question) -> Reading:
    """An answer read in its words: weighed clause by clause against the question's stages,
    then beside how near it lies to what people say at each stage."""
    parsed = parse(text)
    mentioned, negated_names = mentioned_stages(text)
    said = Said(
        text,
        stripped,
        question,
        parsed,
        read_answer(parsed, question),
        mentioned,
        negated_names,
        special_of(text),
    )
    if (undescribed := no_description(said)) is not None:
        return undescribed
    if (taken := taken_from_bank_phrase(said)) is not None:
        return taken  # the bank's own phrase for the stage says which rung
    if (read_out := descriptor_read_out(text, question)) is not None:
        return read_out
    reading, blocked = weighed_offer(said)
    near = likeness_now(parsed, question)
    reading, settled = beside_likeness(said, reading, near, blocked)
    if settled:
        return reading
    return no_extent_said(said, short_of_every(said, held_back_or_agreed(said, reading, near)))
