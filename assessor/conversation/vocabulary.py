"""Words people use for the stages, for special answers and for commands, on every question.

Per-question phrases live in the banks (`keywords`); these are the ones that mean the same
whatever the question.
"""

from __future__ import annotations

from assessor.continuum import Stage

# Forms of the stage names, matched with a misspelling allowed.
STAGE_FORMS: dict[str, Stage] = {
    "isolation": Stage.ISOLATION,
    "isolated": Stage.ISOLATION,
    "isolating": Stage.ISOLATION,
    "communication": Stage.COMMUNICATION,
    "communicating": Stage.COMMUNICATION,
    "coordination": Stage.COORDINATION,
    "coordinated": Stage.COORDINATION,
    "coordinating": Stage.COORDINATION,
    "collaboration": Stage.COLLABORATION,
    "collaborating": Stage.COLLABORATION,
    "collaborative": Stage.COLLABORATION,
    "integration": Stage.INTEGRATION,
    "integrated": Stage.INTEGRATION,
    "integrating": Stage.INTEGRATION,
}

NUMBER_WORDS: dict[str, int] = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
OPTION_LETTERS: dict[str, int] = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}

# Words that may surround a stage without changing it: "I'd say coordination", "stage 3".
FILLERS = frozenset(
    "i i'd id i'm im we we're were our it it's its that that's thats is are at on in the a "
    "say said think guess reckon would probably definitely certainly really honestly mostly "
    "solidly firmly pretty much about around roughly currently now now, today level stage "
    "option number answer go with put us down as for me feel like be fairly quite yes yeah "
    "ok okay right so well hmm um er let's lets call".split()
)
# Words that make a clear answer tentative: ask to confirm instead of taking it.
HEDGES = frozenset(
    "maybe perhaps possibly might could unsure sort kind somewhere nearly almost approaching "
    "borderline between".split()
)

# Phrases that mean the same stage on any question (a weaker signal than a bank keyword).
GENERIC_CUES: dict[Stage, tuple[str, ...]] = {
    Stage.ISOLATION: (
        "on our own",
        "in silos",
        "silo",
        "work alone",
        "nothing in place",
        "no contact",
        "never meet",
        "never talk",
        "nothing at all",
        "not at all",
        "don't talk",
        "no links",
        "nothing yet",
        "no relationship",
        "from scratch",
        "their own system",
        "its own system",
        "own systems",
        "everyone has their own",
        "each has its own",
        "each does their own",
    ),
    Stage.COMMUNICATION: (
        "when asked",
        "on request",
        "ad hoc",
        "informally",
        "informal",
        "occasionally",
        "now and then",
        "we talk",
        "by email",
        "emails",
        "phone",
        "newsletter",
        "updates",
        "briefings",
        "know who to call",
        "know who to ring",
        "keep each other informed",
        "share information",
    ),
    Stage.COORDINATION: (
        "aligned",
        "align",
        "line up",
        "regular meetings",
        "meet monthly",
        "every month",
        "monthly",
        "timetable",
        "signpost",
        "plan separately",
        "separate systems",
        "separately",
        "coordinate",
    ),
    Stage.COLLABORATION: (
        "jointly",
        "joint",
        "together",
        "shared goals",
        "shared outcomes",
        "coproduce",
        "coproduced",
        "agreed together",
        "decide together",
        "as partners",
        "collaborate",
    ),
    Stage.INTEGRATION: (
        "one system",
        "single system",
        "pooled",
        "seamless",
        "fully integrated",
        "one team",
        "shared case record",
        "shared case records",
        "one budget",
        "whole system",
        "one joined up",
        "one joinedup",
    ),
}

DONT_KNOW_PHRASES: tuple[str, ...] = (
    "don't know",
    "dont know",
    "do not know",
    "not sure",
    "unsure",
    "no idea",
    "dunno",
    "no clue",
    "not a clue",
    "haven't a clue",
    "can't say",
    "cannot say",
    "couldn't say",
    "hard to say",
    "need to check",
    "need to find out",
    "i'd have to check",
    "ask health",
    "ask the council",
    "ask education",
    "ask schools",
    "ask someone",
    "ask my",
    "ask our",
    "don't know yet",
    "idk",
    "dk",
    "dont no",
    "?",
)
NOT_APPLICABLE_PHRASES: tuple[str, ...] = (
    "n/a",
    "na",
    "not applicable",
    "not relevant",
    "doesn't apply",
    "does not apply",
    "doesn't apply to us",
    "not relevant to us",
    "irrelevant",
    "not for us",
    "no such thing here",
    "we don't do that here",
)
