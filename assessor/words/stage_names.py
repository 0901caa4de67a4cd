"""How people name a stage outright: its name and short forms (misspelling allowed), a
number word, an option letter."""

from __future__ import annotations

from functools import lru_cache

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
    # the short forms people type
    "iso": Stage.ISOLATION,
    "comms": Stage.COMMUNICATION,
    "coord": Stage.COORDINATION,
    "collab": Stage.COLLABORATION,
    "integ": Stage.INTEGRATION,
}
# Endings that make a stage's stem into another word ("a Home-Start coordinator", "the comms
# team's communications", "we collaborate"): such a word is not a misspelt stage name.
_OTHER_WORD_ENDINGS = ("or", "ors", "ions", "e", "es", "ed", "ive", "ively")
_STAGE_STEMS = ("isolat", "communicat", "coordinat", "collaborat", "integrat")


def _another_word(word: str) -> bool:
    """Whether `word` is a stage's stem with an ending that makes it a different word."""
    if word.endswith(("ator", "ators")):
        return True
    return any(
        word.startswith(stem) and word[len(stem) :] in _OTHER_WORD_ENDINGS for stem in _STAGE_STEMS
    )


NUMBER_WORDS: dict[str, int] = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


@lru_cache(maxsize=4096)
def stage_of_word(word: str) -> tuple[Stage, bool] | None:
    """The stage a word names, exactly or misspelt ("colaboration"), and whether it was exact.
    Whole words only: "coordinator" names a person, not coordination."""
    if word in STAGE_FORMS:
        return STAGE_FORMS[word], True
    if len(word) < 6 or _another_word(word):
        return None
    from rapidfuzz import fuzz, process  # loaded on first use: the app starts sooner

    match = process.extractOne(word, STAGE_FORMS.keys(), scorer=fuzz.ratio, score_cutoff=84)
    return (STAGE_FORMS[match[0]], False) if match else None


OPTION_LETTERS: dict[str, int] = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
