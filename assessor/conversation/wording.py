"""The messages the engine builds that more than one of its parts says: the stages offered, a
reading put back to be confirmed, the profile, the levels, counts in words."""

from __future__ import annotations

import re

from assessor.analysis.scoring import Profile
from assessor.answers import AnswerValue
from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.messages import BotMessage, Kind, Option, ProfileSummary
from assessor.conversation.quoting import because_said, quoted
from assessor.conversation.understanding.reading import Reading
from assessor.store.records import Answer
from assessor.text.profile import domain_table
from assessor.words.text import normalise
from assessor.words.vocabulary import NUMBER_WORDS

OPTIONS_LINE = "  ".join(f"{s.value_number} {s.label}" for s in STAGES)


def options_for(question: Question) -> tuple[Option, ...]:
    return tuple(Option(s.value_number, s, s.label, question.levels.for_stage(s)) for s in STAGES)


# The nudge back to a question asks for a number from the stages' scale.
GIVE_THE_NUMBER = "Give the number that fits (1 to 5)"


def shows_the_scale(messages: list[BotMessage]) -> bool:
    """Whether the last of the bot's messages lists the stages numbered (a question, the
    levels) or asks for a number from 1 to 5: a number said next is picked from them."""
    if not messages:
        return False
    last = messages[-1]
    return bool(last.options) or GIVE_THE_NUMBER in last.text


def asks_for_the_number(messages: list[BotMessage]) -> bool:
    """Whether the bot's last message asks the person to give the number of a stage ("Which is
    closer? Give the number", "Which fits best? Give the number."): a number said next is picked."""
    return bool(messages) and "give the number" in messages[-1].text.lower()


_SAID = re.compile(r"[a-z0-9']+")
_NOT = frozenset("no not nope never don't dont isn't isnt neither nor".split())


def picked(text: str, reading: Reading) -> bool:
    """Whether `text` picks the one stage `reading` offers by its number, and no other, with no
    denial said beside it: "3 i guess", "4 probably"."""
    if reading.split or len(reading.candidates) != 1 or reading.stage is None:
        return False
    said = _SAID.findall(normalise(text))
    numbers = [NUMBER_WORDS.get(w) or (int(w) if w.isdigit() else None) for w in said]
    given = [n for n in numbers if n is not None]
    return given == [reading.stage.value_number] and not _NOT.intersection(said)


def saved_text(count: int) -> str:
    return "1 answer is saved" if count == 1 else f"{count} answers are saved"


def areas_text(count: int) -> str:
    return "1 area" if count == 1 else f"{count} areas"


def questions_text(count: int) -> str:
    return "1 question" if count == 1 else f"{count} questions"


def listed(names: list[str], joiner: str = "or") -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {joiner} " + names[-1]


def stage_name(stage: Stage) -> str:
    return f"{stage.value} ({stage.value_number})"


def said(answer: AnswerValue | Answer) -> str:
    """An answer as the bot says it: "coordination (3)", "don't know", "no consensus"."""
    if isinstance(answer, Answer) and answer.parked:
        # the workshop's rules load only for a parked answer: not on the app's start path
        from assessor.analysis.workshop import NO_CONSENSUS, is_parked

        if is_parked(answer):
            return NO_CONSENSUS
    value = answer.answer_value if isinstance(answer, Answer) else answer
    return stage_name(value.stage) if value.stage is not None else value.label


def at(answer: Answer) -> str:
    return answer.answered_at.astimezone().strftime("%H:%M")


def described(question: Question, stages: tuple[Stage, ...] | list[Stage]) -> str:
    """Each stage's descriptor for this question, one a line."""
    return "\n".join(
        f"  {s.value_number} {s.label}: {question.levels.for_stage(s)}" for s in stages
    )


def levels_message(
    question: Question, closing: str = "", stages: tuple[Stage, ...] = STAGES
) -> BotMessage:
    lines = [described(question, stages)] if stages else []
    if closing:
        lines.append(closing)
    return BotMessage(Kind.HELP, "\n".join(lines), question.id, options_for(question))


def proposal_message(question: Question, reading: Reading, said: str, whom: str = "") -> BotMessage:
    """The bot's reading of `said` put back to be confirmed: the stage, or the two it sits
    between, why, in the words as typed (where no word of them tells, the descriptors it reads
    closest to), and each stage's descriptor here. `whom`: in a workshop,
    the person the words were said for."""
    proposed = tuple(s for s, _ in reading.candidates)
    quotes = quoted(said, reading, question)
    ordered = sorted(proposed, key=lambda s: s.value_number)
    opening = f"For {whom}, I think" if whom else "I think"
    if len(ordered) == 1:
        closing = (
            f"Is that right? Say yes, or give {whom}'s rating another way ('{whom} 2', "
            f"'{whom} not sure')."
            if whom
            else "Is that right? Say yes, give the number that fits better, or name another stage."
        )
        why = because_said(quotes) + "." if quotes else "; it reads closest to:"
        text = f"{opening} that's {stage_name(ordered[0])}{why}\n"
    else:
        names = " and ".join(stage_name(s) for s in ordered)
        numbers = " or ".join(f"'{whom} {s.value_number}'" for s in ordered)
        closing = (
            f"Which is closer? Give {whom}'s rating: {numbers}."
            if whom
            else "Which is closer? Give the number, or name another stage."
        )
        why = because_said(quotes) + "." if quotes else "; it reads closest to these:"
        text = f"{opening} that's between {names}{why}\n"
    return BotMessage(
        Kind.CONFIRM,
        f"{text}{described(question, ordered)}\n{closing}",
        question.id,
        options_for(question),
        proposed,
        because=quotes,
    )


def two_views_message(question: Question, reading: Reading) -> BotMessage:
    """An answer that gives two views ("some say 2, others 4") put back: one rating is asked
    for, and the difference is kept in the note."""
    proposed = tuple(s for s, _ in reading.candidates)
    names = " and ".join(stage_name(s) for s in proposed)
    text = (
        f"That's two views: {names}. They differ, and that difference is worth noting.\n"
        f"{described(question, proposed)}\nWhat one rating fits the partnership as a whole? "
        "Give the number; the difference will be kept in the note."
    )
    return BotMessage(Kind.CONFIRM, text, question.id, options_for(question), proposed)


def summary_message(
    heading: str,
    result: Profile,
    closing: list[str] | None = None,
    no_consensus: dict[str, int] | None = None,
) -> BotMessage:
    """The profile as a table under its heading, then any closing lines (the table set apart by
    blank lines when there are some), with its parts kept for a face that shows them its own
    way."""
    table = domain_table(result, no_consensus)
    lines = [heading, "", *table, "", *closing] if closing else [heading, *table]
    parts = ProfileSummary(
        heading, result, tuple(closing or ()), tuple(sorted((no_consensus or {}).items()))
    )
    return BotMessage(Kind.SUMMARY, "\n".join(lines), summary=parts)
