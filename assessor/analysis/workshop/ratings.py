"""Ratings typed in a workshop: one by one or on one line ("AB 3, CD 4, EF 2", "health 3,
council 4"); a person's part of a line may be in their own words ("EF thinks it's more like
collaboration", "CD: we only swap newsletters"), kept for the conversation to read as an answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assessor.analysis.workshop.people import Found, find_people, named_exactly
from assessor.answers import AnswerValue, Special
from assessor.continuum import STAGE_NAMES, Stage
from assessor.store.records import Participant
from assessor.words.text import normalise
from assessor.words.vocabulary import (
    DONT_KNOW_PHRASES,
    NOT_APPLICABLE_PHRASES,
    stage_of_word,
)

_ABSTAIN = {"abstain", "abstains", "pass", "passes", "-", "none"}
# The words for don't know and not applicable are the interpreter's, so a rating in the room
# means what the same words mean from one voice ("AB dunno" as "dunno" alone).
_DONT_KNOW = frozenset(DONT_KNOW_PHRASES)
_NOT_APPLICABLE = frozenset(NOT_APPLICABLE_PHRASES)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_PAIR = re.compile(
    r"(?P<name>[^\d,;:=]+?)\s*[:=]?\s*(?P<value>[1-5]\b|dk\b|\?|n/a\b|-(?=\s|$))", re.IGNORECASE
)


@dataclass(frozen=True)
class Rating:
    """One person's rating: a stage or special answer, or None for an abstention; `note` holds
    their words when the rating was read from them."""

    participant: Participant
    answer: AnswerValue | None
    note: str = ""


@dataclass(frozen=True)
class Said:
    """A part of a line naming people and giving their view in words, not as a bare rating
    ("EF thinks it's more like collaboration"): for the conversation to read as an answer."""

    people: tuple[Participant, ...]
    name: str  # as typed
    words: str  # as typed
    at: int = 0  # where its ratings go among the line's ratings, to keep the order said

    @property
    def view(self) -> str:
        """The words to read as the answer: "it's more like collaboration" from "thinks it's
        more like collaboration" (the verb reports the view; it does not hedge it)."""
        return view_in(self.words)


def view_in(words: str) -> str:
    """`words` without a verb that reports them ("thinks", "says", "reckons")."""
    return _REPORTING.sub("", words.strip(), count=1) or words.strip()


@dataclass
class Parsed:
    ratings: list[Rating] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)  # "'GJ' taken as GH": said back to the room
    named: bool = False  # the text had the shape of ratings ("XY 3"), whoever it named
    said: list[Said] = field(default_factory=list)  # parts in words, still to be read


def value_of(text: str) -> AnswerValue | str | None:
    """An answer, None for an abstention, or the text back when it is not a rating."""
    word = " ".join(normalise(text).lower().split()).strip(".!")
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
    if (named := stage_of_word(word)) is not None:  # "coord", "collab", "colaboration"
        return AnswerValue(stage=named[0])
    from rapidfuzz import fuzz, process  # loaded on first use: the app starts sooner

    match = process.extractOne(word, STAGE_NAMES, scorer=fuzz.ratio, score_cutoff=80)
    if match:
        return AnswerValue(stage=Stage(match[0]))
    return text


_PAIRS_ONLY = re.compile(rf"(?:\s*{_PAIR.pattern})+\s*", re.IGNORECASE)
_REPORTING = re.compile(  # "EF thinks it's ...": the verb reports EF's view; it is no hedge
    r"^(?:thinks|says|reckons|feels|believes|would say|'d say|said)\b\s*(?:that\b\s*)?",
    re.IGNORECASE,
)


def _named(chunk: str, roster: list[Participant]) -> tuple[str, Found, str] | None:
    """A part of a line that starts with whom it rates and goes on in words: ("EF", EF, "thinks
    it's more like collaboration"); "CD: we only swap newsletters" names CD before the colon."""
    if ":" in chunk:
        name, words = chunk.split(":", 1)
        found = find_people(name, roster)
        return (name.strip(), found, words.strip()) if found.people and words.strip() else None
    said = chunk.split()
    for size in range(min(3, len(said) - 1), 0, -1):
        name = " ".join(said[:size])
        if people := named_exactly(name, roster):
            return name, Found(people), _after_words(chunk, size)
    if len(said) > 1 and (found := find_people(said[0], roster)).people:
        return said[0], found, _after_words(chunk, 1)
    return None


def _after_words(chunk: str, count: int) -> str:
    """`chunk` as typed after its first `count` words."""
    skipped = re.match(rf"\s*(?:\S+\s+){{{count}}}", chunk)
    return chunk[skipped.end() if skipped else 0 :].strip()


def _as_pairs(chunk: str, roster: list[Participant], parsed: Parsed) -> list[str] | None:
    """Ratings in the plain forms ("AB 3 CD 4", "AB: 5", "family action coordination", "CD not
    sure") added to `parsed`; None if the chunk is not in those forms, or the problems that
    stopped it (a name not on the roster) without adding anything."""
    pairs = []
    if _PAIRS_ONLY.fullmatch(chunk):
        pairs = [(m.group("name"), m.group("value")) for m in _PAIR.finditer(chunk)]
    else:
        words = chunk.split()
        for size in (2, 1):
            if len(words) > size and not isinstance(value_of(" ".join(words[-size:])), str):
                pairs = [(" ".join(words[:-size]), " ".join(words[-size:]))]
                break
    if not pairs:
        return None
    found = [(name, find_people(name, roster), value_of(value)) for name, value in pairs]
    problems = [f.problem for _, f, _ in found if not f.people]
    if problems:
        return problems
    for name, people, answer in found:
        assert not isinstance(answer, str)  # the forms above hold ratings only
        parsed.ratings += [Rating(person, answer) for person in people.people]
        if people.guessed:
            parsed.guesses.append(f"'{name.strip()}' taken as {people.people[0].name}")
    return []


def parse_ratings(text: str, roster: list[Participant]) -> Parsed:
    """Ratings from one line: "AB 3, CD 4", "health 3; council coordination", "EF abstain".

    A part in words ("EF thinks it's more like collaboration", "CD: we only swap newsletters,
    and the odd email") is kept whole in `said`, a comma in it included, for the conversation
    to read; `value_of` reads the bare ones here.
    """
    parsed = Parsed()
    in_words = False  # the part before was someone's words: a comma may go on with them
    # each chunk with the separators before it: words that go on past one keep it (a semicolon
    # stays a semicolon in the note)
    pieces = re.split(r"([,;\n]+)", text)
    for at in range(0, len(pieces), 2):
        before = pieces[at - 1] if at else ""
        chunk = pieces[at].strip()
        if not chunk:
            continue
        problems = _as_pairs(chunk, roster, parsed)
        if problems == []:
            parsed.named, in_words = True, False
            continue
        named = _named(chunk, roster)
        if named is not None:
            name, found, words = named
            parsed.named = True
            answer = value_of(view_in(words))
            if isinstance(answer, str):
                parsed.said.append(Said(tuple(found.people), name, words, len(parsed.ratings)))
                in_words = True
            else:
                parsed.ratings += [Rating(person, answer) for person in found.people]
                in_words = False
            if found.guessed:
                parsed.guesses.append(f"'{name}' taken as {found.people[0].name}")
        elif in_words and problems is None:
            last = parsed.said[-1]
            joiner = "; " if ";" in before or "\n" in before else ", "
            parsed.said[-1] = Said(last.people, last.name, last.words + joiner + chunk, last.at)
        elif problems:
            parsed.problems += problems
            parsed.named, in_words = True, False
        else:
            parsed.problems.append(f"'{chunk}' is not a name and a rating (e.g. 'AB 3')")
            in_words = False
    return parsed
