"""Words around a stage said outright: fillers, corrections, connectors, hedges and the
phrases that only emphasise it; and the words after which a number counts something."""

from __future__ import annotations

# Words that may surround a stage without changing it: "I'd say coordination", "stage 3".
FILLERS = frozenset(
    "i i'd id i'm im we we're were our it it's its that that's thats is are at on in the a "
    "say said think guess reckon would probably definitely certainly really honestly mostly "
    "solidly firmly pretty much about around roughly currently now now, today level stage "
    "option number answer go with put us down as for me feel like be fairly quite yes yeah "
    "ok okay right so well hmm um er let's lets call overall generally likely more like "
    "closer nearer oh ah "
    # plain emphasis ("a solid 3", "def 4", "1 tbh")
    "tbh tbf imo imho honest solid def defo deffo defs clearly easily firmly "
    # words of a correction ("sorry, I meant 4", "make it 4", "4 then", "actually 3")
    "then actually sorry meant mean make rather instead".split()
)
# Words that mark a stage said as a correction of what went before ("4 - no 3").
CORRECTIONS = frozenset("no nope sorry meant mean actually rather instead".split())
# Words that join two stages in one breath ("2 or 3", "a 2 going on 3", "between 2 and 3").
CONNECTORS = frozenset("or to and going on between nor".split())
# Words that make a clear answer tentative: ask to confirm instead of taking it.
HEDGES = frozenset(
    "maybe perhaps possibly might could unsure sort kind somewhere nearly almost approaching "
    "borderline between ish suppose spose s'pose".split()
)
# Hedges that cast doubt on a stage given elsewhere in the answer ("3, not sure", "3 (ish)").
STRONG_HEDGES = frozenset("maybe perhaps possibly unsure ish guess guessing suppose".split())
# Phrases around a stage that make it tentative ("more of a 3", "3 on a good day") or that
# only emphasise it ("3 to be honest", "a 4 for sure"); matched whole, before the words.
HEDGE_PHRASES: tuple[str, ...] = (
    "more of a",
    "more of an",
    "sort of",
    "kind of",
    "on a good day",
    "on a bad day",
    "on a good week",
    "if we're lucky",
    "if we are lucky",
    "at a stretch",
    "give or take",
    "or so",
    "if anything",
    "just about",
    "more or less",
    "i'd guess",
    "i guess",
)
PLAIN_PHRASES: tuple[str, ...] = (
    "to be honest",
    "to be fair",
    "if i'm honest",
    "if i'm being honest",
    "for sure",
    "no doubt",
    "without a doubt",
    "hand on heart",
    "in my view",
    "in my opinion",
    "bang on",
    "hands down",
)

# Words after which a number counts something, not a stage ("2 years", "3 partners").
COUNTED = frozenset(
    "year years month months week weeks day days time times hour hours percent people of "
    "sessions meetings boards partners members agencies services staff sites hubs families x "
    "out".split()
)
