"""When, and how really, a clause says a thing happens: now, planned, only on paper, or in the
past."""

from __future__ import annotations

from enum import StrEnum

from assessor.conversation.lazy_pattern import LazyPattern


class Time(StrEnum):
    """When, and how really, a clause says a thing happens."""

    NOW = "now"  # current practice
    PLANNED = "planned"  # planned, hoped for, piloted, about to start
    ON_PAPER = "on paper"  # agreed or written but not practised
    PAST = "past"  # practised once, stopped or lapsed


MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "spring|summer|autumn|winter|new year|new financial year"
)
PERIODS = "year|month|term|quarter|week|spring|summer|autumn|winter|financial year"
# A clause that says what happens now ("at the moment", "in practice") is current practice,
# whatever else it holds ("for now we just share calendars").
_NOW = LazyPattern(
    r"\b(?:at the moment|for now|for the moment|right now|at present|currently|in practice|"
    r"these days|today|actually happens|what actually happens|as it stands|so far)\b"
)
_ON_PAPER = LazyPattern(
    r"\b(?:on paper|in theory|in principle|supposed to|meant to|nominally|technically|"
    # a wish said as if it were so ("I'd like to say everyone does it"): not practice
    r"i'?d like to (?:say|think|believe)|i would like to (?:say|think)|i wish|ideally|"
    r"in an ideal world|"
    r"(?:has|have)n'?t (?:met|been used|been looked at|happened)|not met since|"
    r"never been (?:used|met)|not been used|(?:nobody|no one)(?:'s| has) looked at it since|"
    r"sits on a shelf|on the shelf|gathering dust)\b"
)
_PAST = LazyPattern(
    r"\b(?:used to|stopped|no longer|lapsed|fizzled|petered out|died (?:off|out|a death)|"
    r"dropped off|fell away|any ?more|in the past|previously|before covid|was scrapped|"
    r"were scrapped|was dropped|came to an end)\b"
)
_PLANNED = LazyPattern(
    r"\b(?:going to|gonna|plan(?:s|ning)? to|the plan is|hop(?:e|es|ing) to|hoping for|"
    r"hopefully|want(?:s)? to|we want|they want|aim(?:s|ing)? (?:to|for)|the aim is|"
    r"intend(?:s|ing)? to|would like|we'd like|i'd like to (?!think|say)|launching|"
    r"will (?:be|have|start|take|go|move|get|run|come|join|begin|include|sit|make|roll)|"
    r"'ll (?:be|have|start|take|get|begin|move|run)|"
    r"(?:is|are) (?:being|to be) (?:set up|drafted|developed|built|recruited|planned|"
    r"written|designed|agreed|put together|rolled out|introduced|piloted|trialled|reviewed)|"
    r"being (?:set up|drafted|developed|built|planned|written|designed|put together)|"
    r"putting together|bidding|a bid in|rolling out|roll(?:ing)? it out|due to|(?:is|are) due|"
    # "next term" is ahead; "we review it the next quarter" is what is done each time
    r"(?<!the )next (?:" + PERIODS + r")|from next|this time next|later this (?:" + PERIODS + r")|"
    r"(?:from|by|starting|starting in|this coming) (?:the )?(?:" + MONTHS + r")|"
    r"pilot(?:ing|s)?|trial(?:ling|s)?|(?:is|are) on the agenda|on the agenda for|"
    r"working towards|work towards|respecifying|re-?commission(?:ed|ing)? (?:in|from|next)|"
    r"in the pipeline|in future|in the future|one day|eventually|soon|shortly|about to|"
    r"yet to|not yet|once the|"
    # "the hub's doing journey mapping in the summer term": a present going on to a date ahead
    r"(?:'re|'s|\bare|\bis) (?:\w+ )?\w+ing\b[^.;]*?\b(?:in|from|by) (?:the )?(?:"
    + MONTHS
    + r"))\b"
)


def time_of(lowered: str) -> Time:
    """A clause's time from its normalised text: what happens now wins over a plan named in
    the same clause ("for now we share calendars, a joint programme comes in September")."""
    if _ON_PAPER.search(lowered):
        return Time.ON_PAPER
    if _NOW.search(lowered):
        return Time.NOW
    if _PAST.search(lowered):
        return Time.PAST
    if _PLANNED.search(lowered):
        return Time.PLANNED
    return Time.NOW
