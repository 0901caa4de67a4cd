"""Reading the stage a room agrees: 'agree', 'agree 3 because ...', 'agree the median', or a
stage in words; and what is said once it is agreed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessor.analysis.workshop import said, value_of
from assessor.answers import AnswerValue
from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.commands import Command, parse_command
from assessor.conversation.interpret import Decision, interpret
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.workshop.vocabulary import AGREE

_MEDIAN = re.compile(
    r"^(?:on\s+|to\s+)?(?:the\s+)?(?:median|proposal|proposed|that|it|yours)\b", re.IGNORECASE
)
_REASON = re.compile(r"^\s*(?:\bbecause\b|\bsince\b|\bas\b|[-\u2013\u2014:;,])\s*", re.IGNORECASE)
_BECAUSE = re.compile(r"\s*(?:\bbecause\b|\bsince\b|\bas\b|[-\u2013\u2014:;,])\s*", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?\b")


@dataclass(frozen=True)
class Agreed:
    """The answer a line agrees, and the rationale given with it."""

    answer: AnswerValue
    rationale: str


def read_agreement(
    text: str, question: Question, median: Stage | None
) -> Agreed | BotMessage | None:
    """An agreed stage: explicit first ('agree 2 because ...', 'agree the median', 'agree'),
    the free text read for a stage only when it names none. `median`: the spread's, as shown
    to the room. An error to say when the line cannot be agreed as it is; None when it is no
    agreement (a command, or words naming no stage)."""
    match = AGREE.match(text)
    rest = (match.group(1) if match else text).strip()
    if not match:
        command = parse_command(text, confirming=True)
        if command is not None:
            if command.command is not Command.YES:
                return None  # 'why', 'levels', 'back', 'no' ...: the engine's
            rest = ""
    if not rest or _MEDIAN.match(rest) or _REASON.match(rest):
        if median is None:
            return BotMessage(
                Kind.ERROR,
                "There is no median to take: give the stage, 'agree 3 because ...'.",
                question.id,
            )
        reason = _MEDIAN.sub("", rest, count=1) if _MEDIAN.match(rest) else rest
        return Agreed(AnswerValue(stage=median), _reason(reason))
    return _stage_given(rest, question)


def _stage_given(rest: str, question: Question) -> Agreed | BotMessage | None:
    """The stage named after 'agree' (or instead of it): a number, a stage's name, or words
    read as one voice's answer."""
    if number := _LEADING_NUMBER.match(rest):
        value = value_of(number.group())
        if not isinstance(value, AnswerValue):
            return BotMessage(
                Kind.ERROR,
                f"The stages go from 1 (isolation) to 5 (integration), not {number.group()}.",
                question.id,
            )
        return Agreed(value, _reason(rest[number.end() :]))
    words = rest.split()
    for size in (1, 2, 3):
        head = " ".join(words[:size]).rstrip(",:;.-\u2013\u2014")
        value = value_of(head) if len(words) >= size else None
        if isinstance(value, AnswerValue):
            after = rest.split(None, size)[size] if len(words) > size else ""
            return Agreed(value, _reason(after))
    reading = interpret(rest, question)
    if reading.special is not None:
        return Agreed(AnswerValue(special=reading.special), reading.note)
    if reading.stage is not None and reading.decision in (Decision.ACCEPT, Decision.CONFIRM):
        if reading.decision is Decision.CONFIRM and len(reading.candidates) > 1:
            return BotMessage(Kind.ERROR, "Agree one stage: give its number.", question.id)
        rationale = reading.note or _rationale(rest) or rest
        return Agreed(AnswerValue(stage=reading.stage), rationale)
    return None


def agreed_text(
    answer: AnswerValue,
    rationale: str,
    parked: bool,
    dissent: list[str],
) -> str:
    """What the room is told once an answer is agreed; `dissent`: each rating on another stage,
    as "AB coordination (3)"."""
    if answer.stage is not None:
        text = f"Agreed: {answer.stage.value} ({answer.stage.value_number})."
        if rationale:
            text += f" Rationale noted: {rationale.rstrip('.')}."
        if dissent:
            text += f" Dissent on record: {', '.join(dissent)}."
        return text
    if parked:
        return "Parked without consensus; the action plan will ask you to agree a shared view."
    return f"Recorded as {answer.label}."


def dissent_from(
    answer: AnswerValue, ratings: dict[int, AnswerValue | None], names: dict[int, str]
) -> list[str]:
    """The ratings on the continuum that differ from the stage agreed, by name."""
    return [
        f"{names[pid]} {said(a)}"
        for pid, a in ratings.items()
        if a is not None and a.stage is not None and a.stage is not answer.stage
    ]


def _reason(text: str) -> str:
    """The rationale after a stage: 'because ...', '- ...', ': ...', ', ...' or just words."""
    return _REASON.sub("", text.strip(), count=1).strip()


def _rationale(text: str) -> str:
    """What follows the stage in 'coordination because ...' / '3 - ...'."""
    parts = _BECAUSE.split(text, maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
