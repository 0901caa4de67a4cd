"""Workshops: several voices rate each question, the spread is shown, one answer is agreed. Pure.

Ratings are typed one by one or on one line ("AB 3, CD 4, EF 2", "health 3, council 4"); names
are matched to the roster by initials or name, organisations to everyone from them, with a
misspelling allowed. The bot proposes the median; a spread of two stages or more, or
organisations that agree among themselves but not with each other, is flagged for discussion.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from assessor.answers import AnswerValue, Special
from assessor.continuum import STAGE_NAMES, Stage
from assessor.store.records import Participant

WIDE = 2  # stages between the lowest and highest rating that flag a question
ORG_SPLIT = 1.5  # difference between organisations' mean ratings that flags a question
NO_CONSENSUS = "no consensus"  # the words recorded when a workshop parks a question

_ABSTAIN = {"abstain", "abstains", "pass", "passes", "-", "none"}
_DONT_KNOW = {"dk", "?", "not sure", "don't know", "dont know", "unsure", "no idea"}
_NOT_APPLICABLE = {"n/a", "na", "not applicable"}
# Words people use for a sector, and what its organisations' names tend to contain.
SECTORS: dict[str, tuple[str, ...]] = {
    "health": ("nhs", "health", "icb", "trust", "hospital", "gp", "midwif", "visiting"),
    "council": ("council", "local authority", "borough", "county", "city of"),
    "education": ("school", "education", "academy", "nursery", "college", "early years"),
    "voluntary": ("voluntary", "charity", "community", "vcs", "vcfs", "faith", "action"),
}
SECTOR_WORDS = {
    "health": "health",
    "nhs": "health",
    "council": "council",
    "la": "council",
    "local authority": "council",
    "education": "education",
    "schools": "education",
    "school": "education",
    "vcs": "voluntary",
    "vcfs": "voluntary",
    "voluntary": "voluntary",
    "charity": "voluntary",
    "charities": "voluntary",
    "community": "voluntary",
}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_PAIR = re.compile(
    r"(?P<name>[^\d,;:=]+?)\s*[:=]?\s*(?P<value>[1-5]\b|dk\b|\?|n/a\b|-(?=\s|$))", re.IGNORECASE
)


@dataclass(frozen=True)
class Rating:
    """One person's rating: a stage or special answer, or None for an abstention."""

    participant: Participant
    answer: AnswerValue | None


@dataclass
class Parsed:
    ratings: list[Rating] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _value(text: str) -> AnswerValue | str | None:
    """An answer, None for an abstention, or the text back when it is not a rating."""
    word = " ".join(text.lower().split()).strip(".")
    if word in _ABSTAIN:
        return None
    if word in _DONT_KNOW:
        return AnswerValue(special=Special.DONT_KNOW)
    if word in _NOT_APPLICABLE:
        return AnswerValue(special=Special.NOT_APPLICABLE)
    if word in _NUMBER_WORDS:
        word = str(_NUMBER_WORDS[word])
    if word.isdigit() and 1 <= int(word) <= 5:
        return AnswerValue(stage=Stage.from_number(int(word)))
    match = process.extractOne(word, STAGE_NAMES, scorer=fuzz.ratio, score_cutoff=80)
    if match:
        return AnswerValue(stage=Stage(match[0]))
    return text


def match_people(name: str, roster: list[Participant]) -> list[Participant]:
    """The people a name means: a person (initials or name) or everyone of an organisation."""
    wanted = " ".join(name.lower().split())
    if not wanted:
        return []
    for person in roster:
        if person.name.lower() == wanted:
            return [person]
    organisations = {p.organisation.lower() for p in roster if p.organisation}
    if wanted in organisations:
        return [p for p in roster if p.organisation.lower() == wanted]
    names = {p.name.lower(): p for p in roster}
    if len(wanted) <= 3:  # initials: one letter off, or the letters swapped, if only one fits
        near = [p for n, p in names.items() if _initials_close(wanted, n)]
        if len(near) == 1:
            return near
    close = process.extractOne(wanted, list(names), scorer=fuzz.ratio, score_cutoff=70)
    if close and len(wanted) > 3:
        return [names[close[0]]]
    sector = SECTOR_WORDS.get(wanted)
    if sector is None:
        hit = process.extractOne(wanted, list(SECTOR_WORDS), scorer=fuzz.ratio, score_cutoff=85)
        sector = SECTOR_WORDS[hit[0]] if hit and len(wanted) >= 4 else None
    if sector is not None:
        members = [
            p for p in roster if any(part in p.organisation.lower() for part in SECTORS[sector])
        ]
        if members:
            return members
    organisation = process.extractOne(
        wanted, list(organisations), scorer=fuzz.partial_ratio, score_cutoff=80
    )
    if organisation and len(wanted) >= 3:
        return [p for p in roster if p.organisation.lower() == organisation[0]]
    return []


def _initials_close(typed: str, name: str) -> bool:
    if len(name) != len(typed) or len(name) > 3:
        return False
    differences = sum(a != b for a, b in zip(typed, name, strict=True))
    return sorted(typed) == sorted(name) or differences == 1


def parse_ratings(text: str, roster: list[Participant]) -> Parsed:
    """Ratings from one line: "AB 3, CD 4", "health 3; council coordination", "EF abstain"."""
    parsed = Parsed()
    for chunk in re.split(r"[,;\n]+", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        pairs = [(m.group("name"), m.group("value")) for m in _PAIR.finditer(chunk)]
        if not pairs:  # "AB coordination", "CD not sure", "EF abstain": the value comes last
            words = chunk.split()
            for size in (2, 1):
                if len(words) > size and not isinstance(_value(" ".join(words[-size:])), str):
                    pairs = [(" ".join(words[:-size]), " ".join(words[-size:]))]
                    break
        if not pairs:
            parsed.problems.append(f"'{chunk}' is not a name and a rating (e.g. 'AB 3')")
            continue
        for name, value in pairs:
            people = match_people(name, roster)
            answer = _value(value)
            if not people:
                known = ", ".join(p.name for p in roster)
                parsed.problems.append(f"'{name.strip()}' is not on the roster ({known})")
            elif isinstance(answer, str):
                parsed.problems.append(f"'{value}' is not a rating")
            else:
                parsed.ratings += [Rating(person, answer) for person in people]
    return parsed


@dataclass(frozen=True)
class Spread:
    """Where the voices fall on one question."""

    given: list[tuple[Participant, AnswerValue | None]]  # everyone who has spoken, in roster order
    low: Stage | None
    high: Stage | None
    median: Stage | None
    organisation_means: dict[str, float]
    wide: bool
    organisations_split: bool

    @property
    def flagged(self) -> bool:
        return self.wide or self.organisations_split

    @property
    def width(self) -> int:
        return self.high.value_number - self.low.value_number if self.low and self.high else 0


def spread_of(ratings: Mapping[int, AnswerValue | None], roster: Iterable[Participant]) -> Spread:
    people = [p for p in roster if p.id in ratings]
    given = [(p, ratings[p.id]) for p in people]
    stages = [a.stage for _, a in given if a is not None and a.stage is not None]
    numbers = sorted(s.value_number for s in stages)
    if not numbers:
        return Spread(given, None, None, None, {}, False, False)
    # The lower middle value when there are two: the proposal never flatters.
    median = Stage.from_number(int(statistics.median_low(numbers)))
    by_organisation: dict[str, list[int]] = {}
    for person, answer in given:
        if answer is not None and answer.stage is not None and person.organisation:
            by_organisation.setdefault(person.organisation, []).append(answer.stage.value_number)
    means = {org: sum(v) / len(v) for org, v in by_organisation.items()}
    inside = max((max(v) - min(v) for v in by_organisation.values()), default=0)
    split = (
        len(means) >= 2 and max(means.values()) - min(means.values()) >= ORG_SPLIT and inside <= 1
    )
    return Spread(
        given,
        Stage.from_number(numbers[0]),
        Stage.from_number(numbers[-1]),
        median,
        means,
        numbers[-1] - numbers[0] >= WIDE,
        split,
    )


def said(answer: AnswerValue | None) -> str:
    if answer is None:
        return "abstains"
    return str(answer.stage.value_number) if answer.stage else answer.special.label  # type: ignore[union-attr]


def describe(spread: Spread) -> list[str]:
    """The spread in words, for the bot to say."""
    who = ", ".join(f"{p.name} {said(a)}" for p, a in spread.given)
    if spread.median is None:
        return [f"Who said what: {who}. Nobody placed it on the continuum."]
    lines = [
        f"Spread: lowest {spread.low.value_number} ({spread.low.value}), highest "  # type: ignore[union-attr]
        f"{spread.high.value_number} ({spread.high.value}), median "  # type: ignore[union-attr]
        f"{spread.median.value_number} ({spread.median.value}).",
        f"Who said what: {who}.",
    ]
    if len(spread.organisation_means) >= 2:
        means = ", ".join(f"{org} {mean:.1f}" for org, mean in spread.organisation_means.items())
        lines.append(f"By organisation: {means}.")
    if spread.wide:
        lines.append(f"That is a spread of {spread.width} stages: worth talking through.")
    elif spread.organisations_split:
        lines.append("The organisations see this differently: worth talking through.")
    return lines
