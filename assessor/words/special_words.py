"""How people say don't know or not applicable, or pass the question to someone else."""

from __future__ import annotations

import re

# Answers that pass the question to someone else ("health would know", "that's one for
# health", "you'd have to ask the council"): don't know, whatever else they contain.
DONT_KNOW_PATTERNS = re.compile(
    r"(?:^|[,;:.!?]\s*|\bbut\s+)(?:you'?d |you would |i'?d |we'?d |i would |we would )?"
    r"(?:have to |need to |better )?(?:ask|check with)\b(?! them\b| for\b| us\b| families\b)"
    r"|\b\w+ (?:would|will|might|should) know\b\s*[.!]?$"
    r"|(?:^|\b(?:that'?s|it'?s|this is|that is|it is) )(?:a question |one |a matter )for "
    r"(?!us\b|me\b|all\b|everyone\b)"
    r"|\bbetter placed to (?:say|answer)\b|\bnot my (?:area|field|department)\b"
    r"|\bnot for me to say\b"
    # "the other lady from health would know better", "that's more for the finance lead than
    # me", "I'm not the right person", "above my pay grade", "let me ask my colleague"
    r"|\b(?:would|will|might|should|'d) know (?:better|more)\b"
    r"|\b(?:more|one) for (?:the |our |my |a )?[\w ]{1,30}? (?:than me|to answer)\b"
    r"|\bnot (?:the|really the) (?:right|best) person\b|\babove my pay ?grade\b"
    r"|\blet me (?:ask|check)\b|\bask (?:my|a) (?:colleague|manager|boss)\b"
    r"|\bbetter (?:off )?asking\b"
)

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
    "couldn't tell you",
    "can't tell you",
    "that's all i know",
    "that's as much as i know",
    "i wouldn't know",
    "hard to say",
    "need to check",
    "need to find out",
    "can't comment",
    "cannot comment",
    "couldn't comment",
    "get back to you",
    "no view on",
    "beyond me",
    "can't answer",
    "i'd have to check",
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
    "isn't something that applies",
    "not something that applies",
    "doesn't really apply",
    "not really relevant to us",
    "not relevant for us",
    "isn't for us",
    "not part of that",
    "nothing to do with us",
    "isn't really for us",
    "not really for us",
    "doesn't concern us",
)
