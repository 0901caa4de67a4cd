"""A doubt in an answer that also says more: a hedge on a practice it describes, someone
else's doubt beside hearsay, or the speaker's own don't-know about the whole."""

from __future__ import annotations

from assessor.conversation.parsed import Clause, ParsedAnswer
from assessor.conversation.understanding.clauses import clauses_of
from assessor.conversation.understanding.specials import special_of
from assessor.conversation.understanding.weighed import WeighedAnswer
from assessor.words.text import normalise, tokens, words
from assessor.words.vocabulary import HEARSAY, OWN_SIDE, PARTIES

# evidence, and content words, that make a don't-know in an answer a hedge on what it describes
DESCRIBED_BESIDES = 1.0
DESCRIBED_WORDS = 8
GUESS_WORDS = 2  # content words of a guess put as a question

# the parties a clause may name as someone else doing a thing: not the speaker nor their side
OTHER_PARTIES = PARTIES - OWN_SIDE - frozenset("i i'd i'm i've me my".split())


def described_besides(parsed: ParsedAnswer, answer: WeighedAnswer, alike: bool = False) -> bool:
    """Whether an answer with a doubt in it, that does not open with the doubt, also describes
    a stage at some length ("Our DSL has written guidance on what we can share, and staff know
    to ask her when they're not sure"): the doubt is then a hedge, or someone else's. `alike`:
    the answer's words lie clearly nearest one stage's texts, which describes a stage as well
    as the descriptors' telling words do ("outcomes are set at assessment, ... but I'm not sure
    anyone scores them at the end": a doubt about the rescoring, not about the question)."""
    opening = clauses_of(parsed.text)[:1]
    if not opening or special_of(opening[0]) is not None:
        return False  # "I'm not sure which partners hold it, I'd need to check": their own
    if _guessed_first(parsed):
        return False  # "I think it was agreed? ... but I'm not sure": a guess, then the doubt
    said = sum(len(c.words) for c in parsed.clauses if not hearsay(c))
    strong = max(answer.evidence.scores.values()) >= DESCRIBED_BESIDES
    return said >= DESCRIBED_WORDS and (strong or alike)


def _guessed_first(parsed: ParsedAnswer) -> bool:
    """Whether the answer opens with a guess put as a question ("I think it's one form now?"):
    a doubt later in it is then the speaker's own, about the whole."""
    first = parsed.text.lstrip()
    ends = min((i for i in (first.find(c) for c in ".?!") if i >= 0), default=-1)
    if ends < 0 or first[ends] != "?" or not parsed.clauses or not parsed.clauses[0].hedged:
        return False
    # a guess says something ("it was agreed"); "Sort of?" is a hedged yes, not a guess
    return len(words(first[:ends])) >= GUESS_WORDS


def hearsay(clause: Clause) -> bool:
    """Whether a clause only passes on what another party is believed or said to do ("I believe
    the council's system links households"): it describes nothing the speaker knows of their
    own practice, so a doubt beside it stays a don't-know."""
    said = normalise(clause.text)
    if HEARSAY.search(said) is None:
        return False
    named = {t.removesuffix("'s") for t in tokens(said)}
    # someone else named as the doer ("the council's system"), and not the speaker's side: "I
    # believe it was signed off" is a hedge on the practice asked about, not hearsay
    return not OWN_SIDE & named and bool(OTHER_PARTIES & named)
