"""A whole answer weighed clause by clause. What is practised now counts toward the stage; a
plan, a paper agreement or a lapsed practice counts only, and less, toward the stage below the
one it names; how widely the answer says a thing happens decides between neighbours; isolation
stays below a practice described."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.clause_extent import ADVERBS, share_of
from assessor.conversation.parsed import Clause, Extent, ParsedAnswer, Time, extent_of, extent_rank
from assessor.conversation.understanding.clauses import clauses_of
from assessor.conversation.understanding.evidence import APART, Evidence, clause_evidence
from assessor.conversation.understanding.phrases import Hit, hits_in, phrase_target
from assessor.conversation.understanding.question_index import QuestionIndex, question_index
from assessor.conversation.understanding.reading import EVIDENCE_FLOOR
from assessor.conversation.understanding.specials import special_of
from assessor.words.text import NEGATORS, compound_stems, normalise, stem, tokens, words
from assessor.words.vocabulary import HEARSAY, ON_ITS_OWN, OWN_SIDE, PARTIES, PARTNER_NAMES

KEYWORD_WEIGHT = 3.0
CONTEXT_WEIGHT = 0.5  # a plan's evidence, moved to the stage below the plan's
EXTENT_WEIGHT = 1.0  # an answer's extent meeting a descriptor's ("most agencies")
# words of an extent ladder's own a clause needs for its extent alone to pick the rung
LADDER_WORDS_AT_LEAST = 2
# other words for another stage, besides a bank phrase's own, that stop it being taken as read:
# at least this much, and this share of the phrase's stage's evidence
OPPOSED_AT, OPPOSED_SHARE = 2.0, 0.4
PRACTICE_OVER_ABSENCE = 1.5  # support for a practised stage that keeps isolation below it
# evidence, and content words, that make a don't-know in an answer a hedge on what it describes
DESCRIBED_BESIDES = 1.0
DESCRIBED_WORDS = 8
GUESS_WORDS = 2  # content words of a guess put as a question

# the parties a clause may name as someone else doing a thing: not the speaker nor their side
OTHER_PARTIES = PARTIES - OWN_SIDE - frozenset("i i'd i'm i've me my".split())

# per stage: (weight, clause number, stems) of what it was read from
Support = dict[Stage, list[tuple[float, int, tuple[str, ...]]]]


@dataclass
class WeighedAnswer:
    """What a whole answer says for each stage, clause by clause, read by time."""

    evidence: Evidence
    keyword_hits: dict[Stage, list[str]]  # the bank's phrases said in practice now
    doubted_hits: dict[Stage, list[str]]
    negated_hits: set[Stage]
    context_hits: dict[Stage, list[str]]  # the bank's phrases said of a plan or the past
    pointing: set[Stage]  # the stage each clause of current practice points at most
    context: bool  # a plan, a paper agreement or a lapsed practice says something of a stage
    support: Support
    by_extent: set[Stage]  # the stages whose descriptors say as widely as the answer
    # the stage of the question's extent ladder the answer's extent picked, if it picked one
    climbed: Stage | None = None


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


@dataclass
class _Tally:
    """What the clauses read so far have said, as `read_answer` goes."""

    total: Evidence = field(default_factory=Evidence)
    keyword_hits: dict[Stage, list[str]] = field(default_factory=dict)
    doubted_hits: dict[Stage, list[str]] = field(default_factory=dict)
    context_hits: dict[Stage, list[str]] = field(default_factory=dict)
    negated_hits: set[Stage] = field(default_factory=set)
    pointing: set[Stage] = field(default_factory=set)
    support: Support = field(default_factory=dict)
    context: bool = False
    extents: list[SaidExtent] = field(default_factory=list)
    planned: dict[Stage, float] = field(default_factory=dict)
    planned_support: list[tuple[Stage, float, int, tuple[str, ...]]] = field(default_factory=list)


def read_answer(parsed: ParsedAnswer, question: Question) -> WeighedAnswer:
    """Each clause read against the stages. What is practised now counts toward the stage; a
    plan, a paper agreement or a lapsed practice counts only, and less, toward the stage below
    the one it names, and stops the answer being taken without asking."""
    tally = _Tally()
    index = question_index(question)
    for number, clause in enumerate(parsed.clauses):
        found = clause_evidence(clause, question)
        timed = _bank_phrases(clause, index, found, tally)
        practised = clause.practised or timed
        if number == 0:
            _whole_phrases(parsed, index, found, tally)
        tally.total.matched.extend(found.matched)
        tally.total.denied |= found.denied
        if practised:
            _count_practice(tally, number, clause, found)
        else:
            _count_context(tally, number, found)
    named = _named_against_named(parsed) if index.how_many else None
    if named is not None and not any(e.counted for e in tally.extents):
        tally.extents.append(named)
    if not tally.pointing:  # with no practice described, a plan tells the stage below it
        for stage, value in tally.planned.items():
            tally.total.scores[stage] += value
        for stage, weight, number, said in tally.planned_support:
            tally.support.setdefault(stage, []).append((weight, number, said))
    by_extent, climbed = _weigh_extents(tally.total.scores, tally.extents, index)
    _absence_below_practice(tally.total.scores, tally.support)
    return WeighedAnswer(
        tally.total,
        tally.keyword_hits,
        tally.doubted_hits,
        tally.negated_hits,
        tally.context_hits,
        tally.pointing,
        tally.context,
        tally.support,
        by_extent,
        climbed,
    )


def _bank_phrases(clause: Clause, index: QuestionIndex, found: Evidence, tally: _Tally) -> bool:
    """The bank's phrases said in one clause, into `found` and `tally`; whether one of them
    named its own time (and so said the clause's time)."""
    timed = False
    for bank_phrase in index.phrases:
        if bank_phrase.spans or bank_phrase.first not in clause.starts:
            continue  # one that spans a clause break is matched over the whole answer
        stage, phrase = bank_phrase.stage, bank_phrase.text
        # a bank phrase that names its own time ("agreed on paper", "we're piloting a new
        # role") says the stage it is listed under, whatever the clause's time
        practised = clause.practised or bank_phrase.own_time
        for hit in hits_in(clause, phrase):
            timed = timed or bank_phrase.own_time
            if hit is Hit.DENIED:
                tally.negated_hits.add(stage)
                found.add(stage, -KEYWORD_WEIGHT)
                found.denied.add(stage)
                continue
            found.add(stage, KEYWORD_WEIGHT, phrase_target(phrase)[0])
            found.matched.append(phrase)
            if not practised:
                tally.context_hits.setdefault(stage, []).append(phrase)
            elif hit is Hit.DOUBTED:
                tally.doubted_hits.setdefault(stage, []).append(phrase)
            else:
                tally.keyword_hits.setdefault(stage, []).append(phrase)
    return timed


def _count_practice(tally: _Tally, number: int, clause: Clause, found: Evidence) -> None:
    """A clause of current practice: its evidence counts toward the stage."""
    for stage, value in found.scores.items():
        tally.total.scores[stage] += value
    for stage, items in found.support.items():
        tally.support.setdefault(stage, []).extend((v, number, said) for v, said in items)
    top = max(STAGES, key=lambda s: found.scores[s])
    if found.scores[top] >= EVIDENCE_FLOOR:
        tally.pointing.add(top)
    # "everyone is on different systems", "every service with its own form": each apart, not
    # all together
    if clause.extent is not None and not APART.search(normalise(clause.text)):
        # "information sharing" is the descriptors' "information-sharing" too
        stems = compound_stems([w.text for w in clause.words], clause.text)
        said = normalise(clause.text).strip(" .!")
        share = share_of(said)
        # "12 of our 40 staff" counts a part of a whole; "1 in 20 families" says how often
        alone = said in ADVERBS or (share is not None and " of " in share[1])
        tally.extents.append(
            SaidExtent(clause.extent, found.scores[top], clause.counted, stems, alone)
        )


def _named_against_named(parsed: ParsedAnswer) -> SaidExtent | None:
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


def _count_context(tally: _Tally, number: int, found: Evidence) -> None:
    """A clause of a plan, a paper agreement or a lapsed practice: it tells the stage below the
    one it names, kept aside in case no practice is described."""
    for stage, value in found.scores.items():
        if value <= 0:
            continue
        tally.context = tally.context or value >= EVIDENCE_FLOOR
        if stage is Stage.ISOLATION:
            continue
        below = Stage.from_number(stage.value_number - 1)
        tally.planned[below] = tally.planned.get(below, 0.0) + CONTEXT_WEIGHT * value
        for weight, said in found.support.get(stage, ()):
            tally.planned_support.append((below, CONTEXT_WEIGHT * weight, number, said))


def _weigh_extents(
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


def _absence_below_practice(scores: dict[Stage, float], support: Support) -> None:
    """Isolation is the absence of the rest: an answer that also describes a practice of a
    higher stage ("separate systems and emailing things across") is read as that practice,
    so isolation stays below it."""
    practised = max(
        (sum(v for v, _, _ in support.get(s, ())) for s in STAGES if s is not Stage.ISOLATION),
        default=0.0,
    )
    if practised >= PRACTICE_OVER_ABSENCE and scores[Stage.ISOLATION] > 0:
        best = max(scores[s] for s in STAGES if s is not Stage.ISOLATION)
        scores[Stage.ISOLATION] = min(scores[Stage.ISOLATION], 0.9 * best)


def _whole_phrases(
    parsed: ParsedAnswer, index: QuestionIndex, found: Evidence, tally: _Tally
) -> None:
    """The bank's phrases that hold a contrast ("friendly but separate", "health visitors
    share but schools don't"), matched over the whole answer."""
    for bank_phrase in index.phrases:
        if not bank_phrase.spans:
            continue
        stage, phrase = bank_phrase.stage, bank_phrase.text
        for hit in hits_in(parsed.whole, phrase):
            if hit is Hit.DENIED:
                tally.negated_hits.add(stage)
                found.add(stage, -KEYWORD_WEIGHT)
                continue
            found.add(stage, KEYWORD_WEIGHT, phrase_target(phrase)[0])
            found.matched.append(phrase)
            tally.keyword_hits.setdefault(stage, []).append(phrase)


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


def unopposed(answer: WeighedAnswer, stage: Stage, phrases: list[str]) -> bool:
    """Whether a reading from the bank's `phrases` may be taken without asking: no plan
    standing in for practice, no clause pointing at another stage, and nothing besides the
    phrases' own words speaking for another stage."""
    if answer.context or answer.pointing - {stage}:
        return False
    # "every partner" where the phrase's stage says "most partners", unless the phrase says
    # how widely itself ("nearly every service")
    said_extent = any(extent_of(normalise(p)) for p in phrases)
    if answer.by_extent and stage not in answer.by_extent and not said_extent:
        return False
    own = {t for p in phrases for t in phrase_target(p)[0]}
    enough = max(OPPOSED_AT, OPPOSED_SHARE * answer.evidence.scores[stage])
    for other, items in answer.support.items():
        if other is stage:
            continue
        if sum(v for v, _, said in items if not set(said) <= own) >= enough:
            return False
    return True


def affirms_denied(parsed: ParsedAnswer, question: Question, stage: Stage) -> bool:
    """Whether the answer says, of what is practised now, a word that `stage`'s texts only ever
    deny and another stage's texts affirm: "capital approved for the main hub, still negotiating
    the lease on the other" beside a stage of "none has its approval secured". The bank's phrase
    for `stage` is then one part of an answer that goes beyond it, and is not taken as read."""
    stems = question_index(question).stems
    own = stems.get(stage, {})
    for clause in parsed.clauses:
        # "but we all deliver our own bits" keeps to itself what a stage denies doing together
        if clause.time is not Time.NOW or ON_ITS_OWN & set(tokens(clause.text)):
            continue
        for word in clause.words:
            key = stem(word.text)
            if word.negated or own.get(key) is not False:
                continue
            if any(stems[other].get(key) for other in STAGES if other is not stage):
                return True
    return False


def qualifies_only(clause: Clause, question: Question, stage: Stage) -> tuple[bool, bool]:
    """Whether a clause that plans, denies or turns with a contrast only qualifies `stage`,
    keeping the answer there: a plan for what only the stages above have ("we're piloting
    co-run groups next term" beside regular meetings now), a denial of what only they have
    ("no pooling yet" beside aligned budgets), a contrast that says `stage` again ("but I do
    my visits and she does hers" beside phone calls for advice). Anything else in it speaks
    for another stage, or for nothing the reading can weigh, and holds the answer back. The
    second value: whether the clause also says `stage` itself."""
    found = clause_evidence(clause, question)
    return _qualifies(clause, found, stage), found.scores[stage] > 0


def _qualifies(clause: Clause, found: Evidence, stage: Stage) -> bool:
    above = {s for s in STAGES if s.value_number > stage.value_number}
    positive = {s for s in STAGES if found.scores[s] > 0}
    negative = {s for s in STAGES if found.scores[s] < 0}
    if clause.time is Time.PLANNED:
        return bool(positive) and positive <= above and negative <= above
    if clause.time is not Time.NOW or not negative <= above:
        return False
    if clause.negated:  # it must deny something of the stages above, and nothing else
        return bool(negative) and positive <= {stage, Stage.ISOLATION}
    return positive == {stage}
