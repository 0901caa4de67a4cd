"""How widely or often a clause says a thing happens ("every hub", "some districts", "1 in 20",
"mostly"), and whether it counts something or is an adverb."""

from __future__ import annotations

from enum import StrEnum

from assessor.conversation.clause_time import PERIODS
from assessor.conversation.lazy_pattern import LazyPattern


class Extent(StrEnum):
    """How widely or often a clause says a thing happens."""

    ALL = "all"  # every hub, all partners, always
    MOST = "most"  # most, mostly, usually
    SOME = "some"  # some districts, only in the north, now and then
    FEW = "few"  # rarely, hardly ever, 1 in 20
    HALF = "half"  # about half, fifty-fifty, one in two


# How widely each extent says a thing happens, narrowest first: what climbs up a ladder whose
# descriptors differ by extent ("a few", "most", "every").
EXTENT_ORDER: dict[Extent, int] = {
    Extent.FEW: 1,
    Extent.SOME: 2,
    Extent.HALF: 3,
    Extent.MOST: 4,
    Extent.ALL: 5,
}


def extent_rank(extent: Extent | None) -> int:
    """How widely `extent` says a thing happens, 0 for none said."""
    return EXTENT_ORDER[extent] if extent is not None else 0


# What an extent counts ("all the partners", "some districts").
_UNITS = (
    r"partners|agencies|hubs|services|staff|teams|schools|areas|districts|localities|sites|"
    r"families|workers|practitioners|organisations|providers|settings|wards|centres|councils|"
    r"professionals|leads|contracts|courses|groups|transitions|pathways|three|four|five"
)
# "more than half" and "over half" are most, not half ("cover half" is half)
_NOT_OVER = r"(?<!more than )(?<!\bover )"
# Extent and frequency, narrowest first: the first class found is the clause's.
_EXTENTS: tuple[tuple[Extent, LazyPattern], ...] = (
    (
        Extent.FEW,
        LazyPattern(
            r"\b(?:rarely|seldom|hardly (?:ever|any)|barely|almost never|very few|"
            r"(?:1|one) in (?:\d{2,}|ten|twenty|fifty|a hundred)|the odd (?:one|family|case))\b"
        ),
    ),
    (
        Extent.SOME,
        LazyPattern(
            r"\b(?:some(?! (?:time|years?|months?|weeks?) ago)|"
            r"(?:a few|several|a couple|a handful)"
            r"(?! (?:of )?(?:years|months|weeks|days|times)\b)|"
            # "the ICB and the council both fund it": two partners, not every one
            r"one or two|and (?:the )?\w+ both|both (?:the )?\w+ and|"
            r"(?:two|three|\d) of (?:the|our)|"
            r"in (?:two|three|a few|some|\d) (?:districts|areas|hubs|localities|sites|places)|"
            r"in places|(?<!the )only (?:in|the|a|one|two|for|with|that|those|when)|"
            # "at the moment it's just the hub staff who've done it"
            r"(?:it's|its|it is|that's|thats|still) just (?:the|in|one|two)|"
            r"partly|partially|"
            r"patchy|now and (?:then|again)|occasionally|from time to time|sometimes|"
            r"not (?:all|every|the rest)|but not|"
            # "some, but fewer than half": short of half is some
            r"(?:fewer|less) than half|under half)\b"
        ),
    ),
    (
        Extent.HALF,
        LazyPattern(
            r"\b(?:about half|around half|roughly half|"
            + _NOT_OVER
            + r"half (?:of|the|and half|their|our)|"
            + _NOT_OVER
            + r"half|"
            r"fifty[- ]?fifty|50[- /]50|(?:1|one) (?:in|out of) (?:2|two)|even split|"
            r"toss-?up)\b"
        ),
    ),
    (
        Extent.MOST,
        LazyPattern(
            r"\b(?:most|mostly|majority|more than half|over half|nearly (?:all|every)|"
            r"almost (?:all|every)|"
            r"pretty much (?:all|every)|usually|generally|on the whole|apart from|"
            # "every visit except the odd cover day", "all but one hub": nearly every one
            r"(?:every|all)\w*(?: \w+){0,3} (?:except|bar|but) (?:for )?"
            r"(?:the odd|one|a few|a couple|two)|"
            # "all bar the academies", "every partner except housing": all but those named
            r"(?:every|all)\w*(?: \w+){0,4} (?:except|excepting|excluding|bar|barring|"
            r"other than|save for|but for)|all but|"
            r"more often than not|(?:8|9|eight|nine) (?:in|out of) (?:10|ten)|"
            r"(?:eight|nine) times out of ten)\b"
        ),
    ),
    (
        Extent.ALL,
        LazyPattern(
            r"\b(?:every(?! (?:\w+ )?(?:" + PERIODS + r"|day|fortnight|time|session|"
            r"meeting|monday|tuesday|wednesday|thursday|friday)s?\b)|"
            r"everyone|everybody|everything|all (?:(?:the|our|of the|of our|their) )?(?:\w+ ){0,2}"
            r"(?:" + _UNITS + r")|"
            r"right across|across the (?:whole|borough|county|partnership)|whole|always|"
            r"routinely|universal(?:ly)?|without exception)\b"
        ),
    ),
)


def extent_of(lowered: str) -> Extent | None:
    """How widely or often a text says a thing happens, if it says so."""
    found = extent_said(lowered)
    return found[0] if found else None


# A part of a whole counted ("12 of our 40-odd staff", "9 of the 12 teams", "1 in 20"): the
# share says the extent. "3 out of 5" and "3/5" are ratings, read before any extent.
# Numbers said in words, for a share counted in words ("five of our seven schools").
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_SHARE_TAIL = r"\s+(?:of|out of|in)\s+((?:the |our |their |all |about |around |roughly |some )*)"
_SHARE = LazyPattern(r"\b(\d+)" + _SHARE_TAIL + r"(\d+)(?:-?odd|\+|ish)?\b")
_WORD_COUNT = r"(\d+|" + "|".join(_NUMBER_WORDS) + r")"
_SHARE_IN_WORDS = LazyPattern(r"\b" + _WORD_COUNT + _SHARE_TAIL + _WORD_COUNT + r"\b")


def _number(said: str) -> int:
    return int(said) if said.isdigit() else _NUMBER_WORDS[said]


def share_of(lowered: str) -> tuple[Extent, str] | None:
    """The extent of a part counted against its whole ("12 of our 40-odd staff" is fewer than
    half: some; "three of the four partners" most), in figures or words, with the words that
    said it; None where none is counted, or where it is a rating out of five."""
    match = _SHARE.search(lowered)
    if match is None and not _NUMBER_WORDS.keys().isdisjoint(lowered.split()):
        match = _SHARE_IN_WORDS.search(lowered)
    if match is None:
        return None
    part, whole = _number(match.group(1)), _number(match.group(3))
    # "3 out of 5" is a rating; "three of the four partners" counts them
    if (whole <= 5 and not match.group(2)) or part > whole or whole == 0:
        return None
    share = part / whole
    if share >= 1:
        extent = Extent.ALL
    elif share > 0.55:
        extent = Extent.MOST
    elif share >= 0.45:
        extent = Extent.HALF
    elif share > 0.1:
        extent = Extent.SOME
    else:
        extent = Extent.FEW
    return extent, match.group(0)


def extent_said(lowered: str) -> tuple[Extent, str] | None:
    """The extent a text says, narrowest first, with the words that said it ("most weeks"
    said as "mostly": how often, not how many); a share counted ("12 of our 40") first."""
    if (share := share_of(lowered)) is not None:
        return share
    for extent, pattern in _EXTENTS:
        if match := pattern.search(lowered):
            if _HOW_OFTEN_UNIT.match(lowered, match.end()):
                return extent, "mostly"
            return extent, match.group(0)
    return None


# An extent of these is how often ("most weeks", "some days", "every time").
_HOW_OFTEN_UNIT = LazyPattern(
    r"\s+(?:of the )?(?:weeks?|days?|months?|times?|sessions?|visits?|mornings?|afternoons?)\b"
)


# Extents said by an adverb ("mostly", "usually", "always"): how often or how much, which may
# qualify anything ("it's still mostly our one analyst"); the rest count something ("most
# hubs", "every partner", "in two districts").
ADVERBS = frozenset(
    "mostly usually generally always routinely rarely seldom barely occasionally sometimes "
    "partly partially patchy universally universal whole".split()
) | frozenset(
    (
        "on the whole",
        "now and then",
        "now and again",
        "from time to time",
        "hardly ever",
        "almost never",
        "more often than not",
        "in places",
        "without exception",
    )
)
