"""How widely an answer says a thing happens ("most agencies", "in a few hubs", "12 of our 40
staff"), and the stage that extent decides: between the neighbours the words point at, up the
question's extent ladder, or below a stage that says every one."""

from __future__ import annotations

from dataclasses import dataclass

from assessor.continuum import STAGES, Stage
from assessor.conversation.parsed import Extent, ParsedAnswer, extent_rank
from assessor.conversation.understanding.question_index import QuestionIndex
from assessor.conversation.understanding.reading import EVIDENCE_FLOOR
from assessor.words.text import NEGATORS, compound_stems, tokens
from assessor.words.vocabulary import ON_ITS_OWN, PARTNER_NAMES

EXTENT_WEIGHT = 1.0  # an answer's extent meeting a descriptor's ("most agencies")
# words of an extent ladder's own a clause needs for its extent alone to pick the rung
LADDER_WORDS_AT_LEAST = 2


@dataclass(frozen=True)
class SaidExtent:
    """An extent said in a clause of practice now."""

    extent: Extent
    strength: float  # how much its clause says of any stage
    counted: bool  # it counts something ("most hubs"), not an adverb ("mostly")
    stems: frozenset[str]  # its clause's word stems
    # it answers "how much" or "how many" in itself: its clause is the extent and nothing more
    # ("mostly", "partly"), or it counts a part of a whole ("12 of our 40-odd staff")
    alone: bool = False


def named_against_named(parsed: ParsedAnswer) -> SaidExtent | None:
    """How widely an answer says a thing is done where it names who does it and who does not
    ("the school nurses and Home-Start use the agreed approach; the police don't"), on a
    question that counts partners: as many named doing it as not, and two at least, is most;
    fewer is some. None where no one is named as doing it, or as not doing it."""
    doing = not_doing = listed = 0
    stems: set[str] = set()
    for clause in parsed.clauses:
        if not clause.practised:
            continue
        said = tokens(clause.text)
        named = _named_parties(said) + listed
        if all(w in _IN_A_LIST or w.removesuffix("'s") in PARTNER_NAMES for w in said):
            listed = named  # "the schools, the GPs and the police don't": one list
            continue
        listed = 0
        # "the police don't", "but housing still run their own": not doing it
        denies = clause.negated or not NEGATORS.isdisjoint(said)
        if denies or (clause.contrast and not ON_ITS_OWN.isdisjoint(said)):
            not_doing += named
        else:
            doing += named
            stems |= compound_stems([w.text for w in clause.words], clause.text)
    if not_doing == 0 or doing == 0:
        return None
    extent = Extent.MOST if doing >= max(not_doing, 2) else Extent.SOME
    return SaidExtent(extent, EVIDENCE_FLOOR, True, frozenset(stems))


# Words within a partner's name after its first ("adult mental health", "health visitors").
_WITHIN_A_NAME = frozenset(
    "mental visitors visiting nursing nurses services service sector team teams care help "
    "staff workers".split()
)


# Words of a clause that only lists partners ("the schools", "health and the council").
_IN_A_LIST = _WITHIN_A_NAME | frozenset("the our their and".split())


def _named_parties(said: list[str]) -> int:
    """How many partners a clause's words name: each run of names once ("adult mental
    health" is one), runs apart counted apart ("health and the council" is two)."""
    count, in_run = 0, False
    for word in said:
        if word.removesuffix("'s") in PARTNER_NAMES:
            count += 0 if in_run else 1
            in_run = True
        elif word not in _WITHIN_A_NAME:
            in_run = False
    return count


def weigh_extents(
    scores: dict[Stage, float], extents: list[SaidExtent], index: QuestionIndex
) -> tuple[set[Stage], Stage | None]:
    """How widely the answer says a thing happens ("most agencies", "in a few hubs") decides
    between the stages the words already point at, where their descriptors say as much: the
    stages it speaks for. Where the question's descriptors climb by extent, the extent of the
    answer's weightiest clause picks the stage of that extent on the ladder (the second
    value)."""
    if not extents:
        return set(), None
    top = max(STAGES, key=lambda s: scores[s])
    if (climbed := _up_the_ladder(scores, extents, index, top)) is not None:
        return {climbed}, climbed
    # of stages the words point at equally ("signed" meets "not every partner has signed" and
    # "every partner has signed"), the highest is the one an extent short of every comes below;
    # where the words are weak, only an extent just short of every ("most") says so
    tied = max(
        (s for s in STAGES if 0 < scores[s] >= scores[top]),
        key=lambda s: s.value_number,
        default=top,
    )
    weak = scores[top] < EVIDENCE_FLOOR
    near_every = any(e.counted and e.extent is Extent.MOST for e in extents)
    if (not weak or near_every) and (
        short := _short_of_every(scores, extents, index, tied)
    ) is not None:
        return {short}, short
    if weak:
        return set(), None
    near = {s for s in STAGES if scores[s] > 0 or abs(s.value_number - top.value_number) == 1}
    chosen: set[Stage] = set()
    for said in extents:
        for stage in near:
            if index.extents.get(stage) is said.extent:
                scores[stage] += EXTENT_WEIGHT
                chosen.add(stage)
    return chosen, None


def _short_of_every(
    scores: dict[Stage, float], extents: list[SaidExtent], index: QuestionIndex, top: Stage
) -> Stage | None:
    """The stage below the one the words point at, where that stage's descriptor says every
    one ("every family hub has the full offer") and the answer counts fewer ("most hubs have
    the full offer"), made the lead; None otherwise."""
    if index.extents.get(top) is not Extent.ALL or top is Stage.ISOLATION:
        return None
    counted = [e for e in extents if e.counted]
    if not counted or max(counted, key=lambda e: e.strength).extent is Extent.ALL:
        return None
    below = Stage.from_number(top.value_number - 1)
    scores[below] = max(scores[below], scores[top]) + EXTENT_WEIGHT
    return below


def _up_the_ladder(
    scores: dict[Stage, float],
    extents: list[SaidExtent],
    index: QuestionIndex,
    top: Stage,
) -> Stage | None:
    """The stage of the question's extent ladder whose descriptor says as widely as the
    answer ("every hub service", "most hub services", "some"), made the answer's lead, where
    the words already point at the ladder or next to it; None where the question has no
    ladder or the words point elsewhere."""
    ladder = index.ladder
    if not ladder:
        return None
    # an adverb ("mostly", "always") says how often: it climbs a ladder of how often only, or
    # one of how much where it is said as the answer ("mostly, but...")
    asks_extent = index.how_much or index.how_many
    usable = [e for e in extents if e.counted or index.how_often or (asks_extent and e.alone)]
    if not usable:
        return None
    strongest = max(usable, key=lambda e: e.strength)
    low, high = ladder[0].value_number, ladder[-1].value_number
    if strongest.alone and asks_extent:
        pass  # the extent said as the answer to "how much" or "how many": it alone decides
    elif scores[top] >= EVIDENCE_FLOOR:
        if not low <= top.value_number <= high:
            return None
    elif len(strongest.stems & index.ladder_words) < LADDER_WORDS_AT_LEAST:
        # words too common to tell the stages apart, but the ladder's own ("all our partners
        # have signed the sharing agreement"): the extent alone decides
        return None
    said = strongest.extent
    # a rung that says every one is never the stage of an answer that counts fewer ("most
    # partners have endorsed it" is "some, but not all", not "every partner")
    rungs = [s for s in ladder if said is Extent.ALL or index.extents[s] is not Extent.ALL]
    target = min(
        rungs or ladder,
        key=lambda s: (abs(extent_rank(index.extents[s]) - extent_rank(said)), s.value_number),
    )
    if target is not top:
        scores[target] = max(scores[target], scores[top]) + EXTENT_WEIGHT
    else:
        scores[target] += EXTENT_WEIGHT
    return target
