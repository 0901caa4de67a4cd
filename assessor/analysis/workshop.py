"""Workshops: several voices rate each question, the spread is shown, one answer is agreed. Pure.

Ratings are typed one by one or on one line ("AB 3, CD 4, EF 2", "health 3, council 4"); a
person's part of a line may be in their own words ("EF thinks it's more like collaboration",
"CD: we only swap newsletters"), left here for the conversation to read as an answer. Names
are matched to the roster by initials or name, organisations to everyone from them, with a
misspelling allowed, and sectors ("health", "vcs") to everyone whose organisation or role
shows that sector. The bot proposes the median; a spread of two stages or more, or organisations
that agree among themselves but not with each other, is flagged for discussion.

Whose ratings count: everyone in the room, and anyone who has left for the questions agreed
before they left. The spread, the proposal, the dissent and the reports all use that one set.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from assessor.answers import AnswerValue, Special
from assessor.continuum import STAGE_NAMES, Stage
from assessor.person_names import person_key
from assessor.store.records import Answer, Participant
from assessor.words.text import normalise
from assessor.words.vocabulary import (
    DONT_KNOW_PHRASES,
    NOT_APPLICABLE_PHRASES,
    stage_of_word,
)

WIDE = 2  # stages between the lowest and highest rating that flag a question
ORG_SPLIT = 1.0  # difference between organisations' mean ratings that flags a question
# The words recorded when a workshop parks a question (the answer is marked `parked`; these
# words are shown, never read back).
NO_CONSENSUS = "no consensus"

_ABSTAIN = {"abstain", "abstains", "pass", "passes", "-", "none"}
# The words for don't know and not applicable are the interpreter's, so a rating in the room
# means what the same words mean from one voice ("AB dunno" as "dunno" alone).
_DONT_KNOW = frozenset(DONT_KNOW_PHRASES)
_NOT_APPLICABLE = frozenset(NOT_APPLICABLE_PHRASES)
# What an organisation's name or a person's role contains when it shows the sector (whole words).
SECTORS: dict[str, tuple[str, ...]] = {
    "council": ("council", "local authority", "borough", "county", "city of", "la"),
    "health": (
        "nhs",
        "health",
        "icb",
        "integrated care",
        "hospital",
        "gp",
        "midwife",
        "midwives",
        "midwifery",
        "health visitor",
        "health visiting",
    ),
    "education": ("school", "schools", "education", "academy", "college", "sendco", "senco"),
    "early years": (
        "early years",
        "nursery",
        "nurseries",
        "childminder",
        "childminding",
        "pre-school",
        "preschool",
    ),
    "voluntary": (
        "voluntary",
        "charity",
        "vcs",
        "vcse",
        "vcfs",
        "third sector",
        "age uk",
        "barnardo's",
        "barnardos",
        "nspcc",
        "action for children",
        "family action",
        "home-start",
        "home start",
        "citizens advice",
        "children's society",
        "save the children",
        "gingerbread",
        "women's aid",
    ),
}
# What people say for a sector in the room.
SECTOR_WORDS: dict[str, str] = {
    "council": "council",
    "councils": "council",
    "local authority": "council",
    "la": "council",
    "health": "health",
    "nhs": "health",
    "icb": "health",
    "education": "education",
    "school": "education",
    "schools": "education",
    "early years": "early years",
    "nursery": "early years",
    "nurseries": "early years",
    "voluntary": "voluntary",
    "voluntary sector": "voluntary",
    "vcs": "voluntary",
    "vcse": "voluntary",
    "vcfs": "voluntary",
    "charity": "voluntary",
    "charities": "voluntary",
}
_WORD = re.compile(r"[\w'-]+")
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


@dataclass(frozen=True)
class Found:
    """Whom a name in the room means, and how sure the match is."""

    people: list[Participant]
    guessed: bool = False  # a misspelt name or initials: say back who it was taken as
    problem: str = ""  # why nobody was taken


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


def sectors_of(person: Participant) -> set[str]:
    """The sectors a person chose when joining a room, or that their organisation or role shows,
    e.g. {"health"} for "NHS Trust"."""
    said_of_them = f"{person.organisation} {person.role}".lower()
    words = " " + " ".join(_WORD.findall(said_of_them)) + " "
    shown = {
        sector for sector, parts in SECTORS.items() if any(f" {part} " in words for part in parts)
    }
    return shown | {person.sector} if person.sector in SECTORS else shown


def _sector_members(sector: str, typed: str, roster: list[Participant]) -> Found:
    members = [p for p in roster if sector in sectors_of(p)]
    if members:
        return Found(members)
    names = ", ".join(p.name for p in roster)
    return Found(
        [],
        problem=f"no one on the roster is from '{typed}': name them ({names}), or give the "
        f"sector after the role when adding someone "
        f"('add GH, Lakeside Friends, Manager, {sector}')",
    )


def find_people(name: str, roster: list[Participant]) -> Found:
    """The people a name means: a person (name or initials), an organisation, or a sector."""
    wanted = person_key(name)
    if not wanted:
        return Found([], problem="a rating needs a name first (e.g. 'AB 3')")
    for person in roster:
        if person_key(person.name) == wanted:
            return Found([person])
    organisations = {p.organisation.lower() for p in roster if p.organisation}
    if wanted in organisations:
        return Found([p for p in roster if p.organisation.lower() == wanted])
    if wanted in SECTOR_WORDS:
        return _sector_members(SECTOR_WORDS[wanted], wanted, roster)
    names = {p.name.lower(): p for p in roster}
    if len(wanted) <= 3:  # initials: one letter off, swapped, one too many or too few
        near = [p for n, p in names.items() if _initials_close(wanted, n)]
        if len(near) == 1:
            return Found(near, guessed=True)
        if near:
            choices = " or ".join(p.name for p in near)
            return Found([], problem=f"'{name.strip()}' could be {choices}: say which")
    from rapidfuzz import fuzz, process  # loaded on first use: the app starts sooner

    if len(wanted) > 3:
        close = process.extractOne(wanted, list(names), scorer=fuzz.ratio, score_cutoff=70)
        if close:
            return Found([names[close[0]]], guessed=True)
        hit = process.extractOne(wanted, list(SECTOR_WORDS), scorer=fuzz.ratio, score_cutoff=85)
        if hit:
            return _sector_members(SECTOR_WORDS[hit[0]], wanted, roster)
    if len(wanted) >= 3:
        organisation = process.extractOne(
            wanted, list(organisations), scorer=fuzz.partial_ratio, score_cutoff=80
        )
        if organisation:
            return Found([p for p in roster if p.organisation.lower() == organisation[0]])
    known = ", ".join(p.name for p in roster)
    return Found([], problem=f"'{name.strip()}' is not on the roster ({known})")


def match_people(name: str, roster: list[Participant]) -> list[Participant]:
    """The people a name means, or nobody when it matches no one or more than one way."""
    return find_people(name, roster).people


def _initials_close(typed: str, name: str) -> bool:
    """Initials one letter off, swapped, or with one letter more or fewer ('GHH', 'GJ', 'HG'
    for GH); a single letter is too little to go on."""
    if len(name) > 3 or len(typed) < 2:
        return False
    if len(name) != len(typed):
        from rapidfuzz.distance import Levenshtein  # loaded on first use: the app starts sooner

        return Levenshtein.distance(typed, name) == 1
    differences = sum(a != b for a, b in zip(typed, name, strict=True))
    return sorted(typed) == sorted(name) or differences == 1


def suggest_people(name: str, roster: list[Participant]) -> list[Participant]:
    """Whom a name that matches no one exactly may mean, to ask about: a guess `find_people`
    would take, else the people whose name starts with it ('G' for GH), else a close spelling."""
    found = find_people(name, roster)
    if found.guessed:
        return found.people
    wanted = " ".join(name.lower().split())
    if not wanted:
        return []
    starting = [p for p in roster if p.name.lower().startswith(wanted)]
    if starting:
        return starting
    near = [p for p in roster if _initials_close(wanted, p.name.lower())]
    if near:
        return near
    from rapidfuzz import fuzz, process  # loaded on first use: the app starts sooner

    names = {p.name.lower(): p for p in roster}
    close = process.extractOne(wanted, list(names), scorer=fuzz.ratio, score_cutoff=60)
    return [names[close[0]]] if close else []


_PAIRS_ONLY = re.compile(rf"(?:\s*{_PAIR.pattern})+\s*", re.IGNORECASE)
_REPORTING = re.compile(  # "EF thinks it's ...": the verb reports EF's view; it is no hedge
    r"^(?:thinks|says|reckons|feels|believes|would say|'d say|said)\b\s*(?:that\b\s*)?",
    re.IGNORECASE,
)


def _exactly(name: str, roster: list[Participant]) -> list[Participant]:
    """The people a name means with no guessing: a name or initials, an organisation, a
    sector word."""
    wanted = person_key(name)
    if not wanted:
        return []
    people = [p for p in roster if person_key(p.name) == wanted]
    if people:
        return people[:1]
    people = [p for p in roster if p.organisation and p.organisation.lower() == wanted]
    if people:
        return people
    if wanted in SECTOR_WORDS:
        return [p for p in roster if SECTOR_WORDS[wanted] in sectors_of(p)]
    return []


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
        if people := _exactly(name, roster):
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
    for chunk in re.split(r"[,;\n]+", text):
        chunk = chunk.strip()
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
            parsed.said[-1] = Said(last.people, last.name, f"{last.words}, {chunk}", last.at)
        elif problems:
            parsed.problems += problems
            parsed.named, in_words = True, False
        else:
            parsed.problems.append(f"'{chunk}' is not a name and a rating (e.g. 'AB 3')")
            in_words = False
    return parsed


# -- whose ratings count ----------------------------------------------------------------------


def counts(person: Participant, agreed_at: datetime | None) -> bool:
    """A rating counts while its rater is in the room, and for good on a question agreed
    before they left; a question still open when someone leaves goes on without them."""
    return person.removed_at is None or (agreed_at is not None and agreed_at <= person.removed_at)


def counted_voices(answers: Iterable[Answer], roster: Iterable[Participant]) -> list[Answer]:
    """A workshop's answers (with voices) less the ratings that no longer count (see `counts`).

    The agreed answers (no participant) are all kept.
    """
    answers = list(answers)
    people = {p.id: p for p in roster}
    agreed = {a.question_id: a.answered_at for a in answers if a.participant_id is None}
    return [
        a
        for a in answers
        if a.participant_id is None
        or (
            a.participant_id in people
            and counts(people[a.participant_id], agreed.get(a.question_id))
        )
    ]


def ratings_by_question(
    answers: Iterable[Answer], roster: Iterable[Participant]
) -> dict[str, dict[int, AnswerValue | None]]:
    """Every question's counted ratings by participant id; None is an abstention."""
    found: dict[str, dict[int, AnswerValue | None]] = {}
    for answer in counted_voices(answers, roster):
        if answer.participant_id is not None:
            abstained = answer.special is Special.SKIPPED
            found.setdefault(answer.question_id, {})[answer.participant_id] = (
                None if abstained else answer.answer_value
            )
    return found


def self_assessments_used(
    answers: Iterable[Answer], roster: Iterable[Participant]
) -> list[tuple[str, str, int]]:
    """(person, assessment id, ratings still as they came) for each self-assessment used."""
    names = {p.id: p.name for p in roster}
    used: dict[tuple[str, str], int] = {}
    for answer in answers:
        if answer.prefilled_from is not None and answer.participant_id in names:
            key = (names[answer.participant_id], answer.prefilled_from)
            used[key] = used.get(key, 0) + 1
    return [(person, assessment_id, n) for (person, assessment_id), n in used.items()]


# -- the spread -------------------------------------------------------------------------------


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
    split: tuple[str, float, float] | None = None  # (organisation, its mean, the others' mean)

    @property
    def flagged(self) -> bool:
        return self.wide or self.organisations_split

    @property
    def width(self) -> int:
        return self.high.value_number - self.low.value_number if self.low and self.high else 0


def _split(by_organisation: dict[str, list[int]]) -> tuple[str, float, float] | None:
    """An organisation speaking with one voice apart from the rest: two or more of its people,
    within one stage of each other, whose mean is ORG_SPLIT or more from everyone else's.

    Returns (organisation, its mean, the others' mean) for the widest such split.
    """
    found = []
    for organisation, own in by_organisation.items():
        others = [
            v for org, values in by_organisation.items() if org != organisation for v in values
        ]
        if len(own) < 2 or max(own) - min(own) > 1 or not others:
            continue
        mine, theirs = sum(own) / len(own), sum(others) / len(others)
        if abs(mine - theirs) >= ORG_SPLIT:
            found.append((organisation, mine, theirs))
    return max(found, key=lambda f: abs(f[1] - f[2]), default=None)


def spread_of(ratings: Mapping[int, AnswerValue | None], roster: Iterable[Participant]) -> Spread:
    """The spread of the ratings given; `ratings` holds only those that count."""
    people = [p for p in roster if p.id in ratings]
    given = [(p, ratings[p.id]) for p in people]
    stages = [a.stage for _, a in given if a is not None and a.stage is not None]
    numbers = sorted(s.value_number for s in stages)
    if not numbers:
        return Spread(given, None, None, None, {}, False, False)
    # The median, rounded down when it falls between two stages: 1 and 3 give 2, 2 and 3 give 2
    # (the proposal never flatters).
    median = Stage.from_number(math.floor(statistics.median(numbers)))
    by_organisation: dict[str, list[int]] = {}
    for person, answer in given:
        if answer is not None and answer.stage is not None and person.organisation:
            by_organisation.setdefault(person.organisation, []).append(answer.stage.value_number)
    means = {org: sum(v) / len(v) for org, v in by_organisation.items()}
    split = _split(by_organisation)
    return Spread(
        given,
        Stage.from_number(numbers[0]),
        Stage.from_number(numbers[-1]),
        median,
        means,
        numbers[-1] - numbers[0] >= WIDE,
        split is not None,
        split,
    )


def widest(spreads: Mapping[str, Spread], limit: int = 5) -> list[str]:
    """The flagged questions, widest spread first (a split between organisations after)."""
    flagged = [(qid, s) for qid, s in spreads.items() if s.flagged]
    flagged.sort(key=lambda item: -item[1].width)
    return [qid for qid, _ in flagged[:limit]]


def said(answer: AnswerValue | None) -> str:
    if answer is None:
        return "abstains"
    return str(answer.stage.value_number) if answer.stage else answer.special.label  # type: ignore[union-attr]


def flag_reasons(spread: Spread) -> list[str]:
    """Why a spread is flagged for discussion, each as a clause: "a spread of 2 stages", "NHS
    Trust (3.0) sees this differently from the others (2.0), and agrees within itself"."""
    reasons = []
    if spread.wide:
        reasons.append(f"a spread of {spread.width} stages")
    if spread.split:
        organisation, mine, theirs = spread.split
        reasons.append(
            f"{organisation} ({mine:.1f}) sees this differently from the others ({theirs:.1f}), "
            "and agrees within itself"
        )
    return reasons


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
    reasons = flag_reasons(spread)
    if spread.wide:
        reasons[0] = f"That is {reasons[0]}"
    if reasons:
        joined = ", and ".join(reasons) if len(reasons) > 1 else reasons[0]
        lines.append(f"{joined}: worth talking through.")
    return lines
