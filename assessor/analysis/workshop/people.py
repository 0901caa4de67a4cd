"""Whom a name in a workshop means: a person by name or initials, an organisation, or a
sector ("health", "vcs") standing for everyone whose organisation or role shows it; a
misspelling is taken when only one person fits, and said back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessor.person_names import person_key
from assessor.store.records import Participant

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


@dataclass(frozen=True)
class Found:
    """Whom a name in the room means, and how sure the match is."""

    people: list[Participant]
    guessed: bool = False  # a misspelt name or initials: say back who it was taken as
    problem: str = ""  # why nobody was taken


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
    return _guessed(name, wanted, roster, organisations)


def _guessed(name: str, wanted: str, roster: list[Participant], organisations: set[str]) -> Found:
    """Whom a name that matches nobody exactly is taken to mean: initials one letter off, a
    close spelling of a name or a sector, part of an organisation's name; else nobody, and why."""
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


def named_exactly(name: str, roster: list[Participant]) -> list[Participant]:
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
