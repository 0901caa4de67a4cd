"""Numbers said as ratings ("stage 3", "a 3", "3 out of 5", "3 or 4") told from numbers that
count, compare or tell the time ("3 or 4 phone calls", "1 in 20", "until 4"); answers that are
a number and nothing more."""

from __future__ import annotations

import re
from dataclasses import replace

from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.understanding.question_index import question_index
from assessor.conversation.understanding.reading import EXACT, LIKE, Decision, Reading
from assessor.words.text import normalise
from assessor.words.vocabulary import COUNTED

_RANGE = re.compile(
    r"^(?:between\s+)?(?:stages?\s+|levels?\s+)?([1-5])"
    r"\s*(?:-|\u2013|\u2014|to|or|/|,|and|&)\s*([1-5])\s*\??$"
)
_NUMBER = re.compile(r"^\(?\s*(-?\d+(?:[.,]\d+)?)\s*\)?[.!]?$")
# "N/5" and "N out of 5" are N on the five-stage scale, said plainly; "3/4" is "3 or 4".
OUT_OF = re.compile(r"(?<![\d.])([0-9])\s*(?:/\s*5|out\s+of\s+(?:5|five))(?![\d.])")


def out_of_five(text: str) -> str:
    """The text with "N/5" and "N out of five" made into the number alone."""
    return OUT_OF.sub(r"\1", text)


_VERBS_IN_S = frozenset("is was has does says thinks reckons believes feels us this".split())
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[a-z0-9_]+(?:'[a-z]+)?|[.,;:!?%\u2014\u2013]")
# Words before a number that make it a rating ("a 3", "stage 3", "I'd say 3 or 4").
_RATING_FRAME = frozenset(
    "a an stage stages level levels option between say says said it's its we're were us "
    "like probably maybe perhaps think reckon guess".split()
)
# Words before "at 3" that make it a place on the scale ("we're at 3"), not a time ("I leave
# at 3"); a number after "until", "before" or "after" is always a time.
_AT_A_RATING = frozenset(
    "we're were we are is it's its us them sit sits sitting stand stands standing put stuck be "
    "still now currently probably".split()
)
_TIME_WORDS = frozenset("until till before after".split())


def _said_as_time(said: list[str], at: int) -> bool:
    """Whether the number at `at` is a time of day ("can I leave at 3?", "until 4")."""
    before = said[at - 1] if at > 0 else ""
    if before in _TIME_WORDS:
        return True
    return before == "at" and (at < 2 or said[at - 2] not in _AT_A_RATING)


_RANGE_JOINS = frozenset("or to and - / nor".split())
_RATINGS = frozenset("12345")
_HAS_RATING_DIGIT = re.compile(r"[1-5]")


def _compares(after: list[str]) -> bool:
    """Whether the words after a number make it a share ("5%", "1 in 20", "2 of the 5")."""
    if after[:1] in (["%"], ["of"]):
        return True
    return after[:1] in (["in"], ["out"]) and any(w.isdigit() for w in after[1:3])


def _counts_something(after: list[str]) -> bool:
    """Whether the words after a number say it counts something ("3 or 4 phone calls",
    "2 partners"): up to two words of its clause are looked at."""
    for word in after[:2]:
        if not word[0].isalnum():
            return False
        if word in COUNTED or (word.endswith("s") and len(word) > 2 and word not in _VERBS_IN_S):
            return True
    return False


def _in_rating_frame(said: list[str], at: int, after: list[str]) -> bool:
    """Whether the number at `at`, with the words `after` it, is said as a rating: never a
    time or a share; framed as one ("a 3", "say 3"), or counting nothing after it."""
    if _said_as_time(said, at) or _compares(after):
        return False
    return (at > 0 and said[at - 1] in _RATING_FRAME) or not _counts_something(after)


def _in_an_age_range(said: list[str], at: int) -> bool:
    """Whether the number at `at` is one end of a range whose other end is no rating ("the
    0-5 offer", "5 to 11s", "0-19 service"): ages, not stages."""

    def beside(step: int) -> str:
        """The word next to the number, or the one after a joining word ("to", "-")."""
        near, far = at + step, at + 2 * step
        if not 0 <= near < len(said):
            return ""
        if said[near] in _RANGE_JOINS and 0 <= far < len(said):
            return said[far]
        return said[near]

    return any(n.isdigit() and n not in _RATINGS for n in (beside(-1), beside(1)))


def rated_numbers(text: str) -> set[Stage]:
    """The stages a text gives as numbers in a rating frame: "stage 3", "level 3", "3 out of 5",
    "3/5", "a 3", "3 or 4" said on its own. A number that counts or compares things ("it takes
    3 or 4 phone calls", "1 in 20 families", "2 years") is no rating."""
    stages: set[Stage] = set()
    if not _HAS_RATING_DIGIT.search(text):
        return stages
    said = _NUMBER_TOKEN.findall(out_of_five(normalise(text)).replace("/", " / "))
    at = 0
    while at < len(said):
        if said[at] not in _RATINGS or _in_an_age_range(said, at):
            at += 1
            continue
        numbers = [int(said[at])]
        end = at + 1
        # a range: "3 or 4", "3-4", "between 3 and 4"
        following = said[end + 1] if end + 1 < len(said) else ""
        if following in _RATINGS and said[end] in _RANGE_JOINS:
            numbers.append(int(following))
            end += 2
        if _in_rating_frame(said, at, said[end:]):
            stages.update(Stage.from_number(n) for n in numbers)
        at = end
    return stages


def numeric(text: str) -> Reading | None:
    """Answers that are numbers: a range ("3 or 4", "3-4"), a stage, or a number that is not."""
    lowered = normalise(text)
    if match := OUT_OF.fullmatch(lowered.strip()):
        return _one_number(int(match.group(1)), text)
    if match := _RANGE.match(lowered):
        low, high = sorted((int(match.group(1)), int(match.group(2))))
        if low == high:
            return None
        offered = tuple((Stage.from_number(n), EXACT) for n in (low, high))
        return Reading(Decision.CONFIRM, offered[0][0], 0.5, offered, matched=(text,))
    match = _NUMBER.match(lowered)
    if match is None:
        return None
    value = match.group(1).replace(",", ".")
    if "." not in value:
        return _one_number(int(value), text)
    decimal = float(value)
    if 1 < decimal < 5 and not decimal.is_integer():
        offered = tuple((Stage.from_number(n), EXACT) for n in (int(decimal), int(decimal) + 1))
        return Reading(Decision.CONFIRM, offered[0][0], 0.5, offered, matched=(text,))
    if not decimal.is_integer():
        return Reading(Decision.NOT_A_STAGE, matched=(text,))
    return _one_number(int(decimal), text)


def _one_number(number: int, text: str) -> Reading:
    """A whole number said alone: its stage, taken, or no stage outside 1 to 5."""
    if 1 <= number <= 5:
        stage = Stage.from_number(number)
        return Reading(Decision.ACCEPT, stage, EXACT, ((stage, EXACT),), matched=(text,))
    return Reading(Decision.NOT_A_STAGE, matched=(text,))


_RATING_WORDS = re.compile(r"\b(?:level|stage|out of|rating)\b", re.IGNORECASE)
# Words that say a number is reckoned, as a count is ("about 5", "over 3"), not picked from
# the stages listed.
_RECKONED = re.compile(
    r"\b(?:about|around|roughly|approx(?:imately)?|nearly|almost|over|under|than|odd|some)\b"
    r"|~|\+",
    re.IGNORECASE,
)


def maybe_a_count(reading: Reading, question: Question, scale_shown: bool = False) -> Reading:
    """A rating said as a number, to a question that asks "how many": the number may be the
    count ("1" referral route, "about 5" teams), so it is asked about, never taken. Where the
    bot has just listed the stages numbered (`scale_shown`), a number picked from them ("3",
    "3 I think") is the rating; one reckoned as a count is ("about 5") still asked about."""
    if reading.decision is not Decision.ACCEPT or reading.stage is None:
        return reading
    said = " ".join(reading.matched)
    if not question_index(question).how_many or not any(c.isdigit() for c in said):
        return reading
    if _RATING_WORDS.search(said):  # "level 1", "3 out of 5": a rating, whatever is asked
        return reading
    if scale_shown and not _RECKONED.search(said):
        return reading
    return replace(reading, decision=Decision.CONFIRM, confidence=LIKE)
