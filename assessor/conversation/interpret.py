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

from dataclasses import dataclass, replace

from assessor.answers import Special
from assessor.banks.glossary import Glossary
from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.commands import Command, Parsed, parse_command
from assessor.conversation.likeness import Likeness, likeness_now, said_as_example
from assessor.conversation.likeness import prepare as likeness_index
from assessor.conversation.parsed import Extent, ParsedAnswer, Time, extent_of, parse
from assessor.conversation.understanding.absences import absence, described, reserved
from assessor.conversation.understanding.claims import claimed
from assessor.conversation.understanding.clauses import note_after, split_once
from assessor.conversation.understanding.doubts import described_besides
from assessor.conversation.understanding.explain import ClauseReading, explain, overall_evidence
from assessor.conversation.understanding.frequency import frequency_only, frequency_within
from assessor.conversation.understanding.numbers import maybe_a_count, numeric
from assessor.conversation.understanding.offers import offer, proposed_as_like, with_stage_below
from assessor.conversation.understanding.opposed import affirms_denied, qualifies_only, unopposed
from assessor.conversation.understanding.question_index import question_index
from assessor.conversation.understanding.reading import (
    ACCEPT_AT,
    AGREED,
    EXACT,
    KEYWORD,
    LIKE,
    MAX_CHARS,
    MENTIONED,
    MISSPELT,
    Decision,
    Reading,
)
from assessor.conversation.understanding.reasons import NOT_A_REASON, reasons_for
from assessor.conversation.understanding.remarks import (
    asks_meaning,
    compares_stages,
    off_topic,
    reads_as_evidence,
    touches,
)
from assessor.conversation.understanding.specials import special_of, special_only
from assessor.conversation.understanding.stage_words import mentioned_stages, split_views
from assessor.conversation.understanding.talk import asks_aside, only_depends, only_talk
from assessor.conversation.understanding.weighed import WeighedAnswer, read_answer
from assessor.conversation.weighing import agreed, instead, thin
from assessor.words.text import DENIED, NEGATORS, normalise, prepared_tokens, tokens
from assessor.words.vocabulary import HEDGES, ON_ITS_OWN

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


@dataclass(frozen=True)
class _Said:
    """An answer read in its words: what each later step of the decision looks at."""

    text: str
    stripped: str
    question: Question
    parsed: ParsedAnswer
    answer: WeighedAnswer
    mentioned: dict[Stage, float]  # stages named outright (by word or as a rating)
    negated_names: set[Stage]  # stages named and denied ("not integrated")
    special: Special | None  # don't know or not applicable said anywhere in it


def _read_in_words(text: str, stripped: str, question: Question) -> Reading:
    """An answer read in its words: weighed clause by clause against the question's stages,
    then beside how near it lies to what people say at each stage."""
    parsed = parse(text)
    mentioned, negated_names = mentioned_stages(text)
    said = _Said(
        text,
        stripped,
        question,
        parsed,
        read_answer(parsed, question),
        mentioned,
        negated_names,
        special_of(text),
    )
    if (undescribed := _no_description(said)) is not None:
        return undescribed
    if (taken := _taken_from_bank_phrase(said)) is not None:
        return taken  # the bank's own phrase for the stage says which rung
    if (read_out := _descriptor_read_out(text, question)) is not None:
        return read_out
    reading, blocked = _weighed(said)
    near = likeness_now(parsed, question)
    reading, settled = _beside_likeness(said, reading, near, blocked)
    if settled:
        return reading
    return _no_extent_said(said, _short_of_every(said, _held_back_or_agreed(said, reading, near)))


LADDER_ALIKE = 5  # word stems every rung of an extent ladder shares, for rungs said alike


def _no_extent_said(said: _Said, reading: Reading) -> Reading:
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


def _short_of_every(said: _Said, reading: Reading) -> Reading:
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


def _no_description(said: _Said) -> Reading | None:
    """An answer that describes no practice: a remark or a question back, a frequency among
    words that say nothing more, a don't-know or a not-applicable."""
    answer = said.answer
    said_phrases = answer.keyword_hits or answer.context_hits
    named = said.mentioned or said.negated_names
    if not named and not said_phrases and asks_meaning(said.stripped):
        return Reading(Decision.NOT_A_STAGE, off_topic=True)
    if said.special is None and not named:
        if off_topic(said.stripped, said_phrases):
            return Reading(Decision.NOT_A_STAGE, off_topic=True)
        if (
            not said_phrases
            and _says_no_stage(said)
            and not reads_as_evidence(said.text)  # "the ToR are on SharePoint": a note
        ):
            return Reading(Decision.NOT_A_STAGE, off_topic=True)
    if (
        question_index(said.question).how_often
        and said.special is None
        and not (said_phrases or answer.doubted_hits or answer.negated_hits or named)
        and (often := frequency_within(said.stripped, said.question)) is not None
    ):
        return often
    if (
        said.special is not None
        and not said_phrases
        and not answer.doubted_hits
        and not said.mentioned
    ):
        if said.special is Special.DONT_KNOW and (found := described(said.text, said.question)):
            return found
        if said.special is not Special.DONT_KNOW or not described_besides(
            said.parsed, answer, alike=_alike(said)
        ):
            return Reading(Decision.ACCEPT, None, EXACT, special=said.special)
        # "staff know to ask her when they're not sure": a doubt beside a practice described
        # is a hedge on the practice, offered to confirm
    return None


def _alike(said: _Said) -> bool:
    """Whether the answer's words practised now lie clearly nearest one stage's texts."""
    return instead(likeness_now(said.parsed, said.question), None) is not None


def _says_no_stage(said: _Said) -> bool:
    """Whether the answer is talk with no stage in it: about the exchange, the speaker or the
    room; a question about the session and the speaker's own news; or only that it depends."""
    parsed, question = said.parsed, said.question
    return (
        only_talk(parsed, question)
        or asks_aside(parsed, question)
        or only_depends(parsed, question)
    )


def _nothing_denied(text: str) -> bool:
    """Whether an answer neither denies anything nor keeps anyone to themselves: it describes
    something that exists ("the trust's business plan cites it"), which isolation, a rung of
    absence, is not taken from without asking."""
    return not any(t in NEGATORS or t == DENIED or t in ON_ITS_OWN for t in prepared_tokens(text))


def _taken_from_bank_phrase(said: _Said) -> Reading | None:
    """The stage of the one bank phrase said in practice now, taken without asking where
    nothing hedges, doubts, holds back or opposes it."""
    keyword_hits = said.answer.keyword_hits
    if len(keyword_hits) != 1 or (set(said.mentioned) - set(keyword_hits)):
        return None
    ((stage, phrases),) = keyword_hits.items()
    # a doubt or a contrast the bank's own phrase carries ("no idea who else is involved",
    # "warm words but no resources") is the phrase, not a doubt about it
    own = any(special_of(p) is not None or reserved(p, said.question, stage) for p in phrases)
    hedged = any(t in HEDGES for t in tokens(said.text)) or (said.special is not None and not own)
    held = reserved(said.text, said.question, stage) and not own
    if hedged or said.answer.doubted_hits or held:
        return None
    if not unopposed(said.answer, stage, phrases):
        return None
    if affirms_denied(said.parsed, said.question, stage):
        return None
    return Reading(
        Decision.ACCEPT,
        stage,
        KEYWORD,
        ((stage, KEYWORD),),
        matched=tuple(phrases),
        because=reasons_for(said.parsed, said.answer, stage),
    )


def _descriptor_read_out(text: str, question: Question) -> Reading | None:
    """Near-verbatim descriptor: the person read the level out."""
    from rapidfuzz import fuzz  # loaded on first use: the app starts sooner

    said = " ".join(tokens(text))
    for stage, descriptor in question_index(question).descriptors.items():
        if len(said) > 20 and fuzz.ratio(said, descriptor) >= 90:
            return Reading(
                Decision.ACCEPT, stage, MISSPELT, ((stage, MISSPELT),), matched=(descriptor,)
            )
    return None


def _weighed(said: _Said) -> tuple[Reading, bool]:
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


def _beside_likeness(
    said: _Said, reading: Reading, near: Likeness, blocked: bool
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


def _held_back_or_agreed(said: _Said, reading: Reading, near: Likeness) -> Reading:
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
