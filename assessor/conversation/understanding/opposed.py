"""Whether the rest of an answer opposes the stage read, or only qualifies it: another stage's
words beside a bank phrase, a word the stage's texts only deny; a plan, a denial or a contrast
that only qualifies the stage."""

from __future__ import annotations

from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.parsed import Clause, ParsedAnswer, Time, extent_of
from assessor.conversation.understanding.evidence import Evidence, clause_evidence
from assessor.conversation.understanding.phrases import phrase_target
from assessor.conversation.understanding.question_index import question_index
from assessor.conversation.understanding.weighed import WeighedAnswer
from assessor.words.text import normalise, stem, tokens
from assessor.words.vocabulary import ON_ITS_OWN

# other words for another stage, besides a bank phrase's own, that stop it being taken as read:
# at least this much, and this share of the phrase's stage's evidence
OPPOSED_AT, OPPOSED_SHARE = 2.0, 0.4


def unopposed(
    answer: WeighedAnswer, stage: Stage, phrases: list[str], parsed: ParsedAnswer
) -> bool:
    """Whether a reading from the bank's `phrases` may be taken without asking: no plan
    standing in for practice, no clause pointing at another stage, and nothing besides the
    phrases' own words speaking for another stage."""
    if answer.context or answer.pointing - {stage}:
        return False
    # "every partner" where the phrase's stage says "most partners", unless the phrase says
    # how widely itself ("nearly every service"); a phrase's "every gap" does not speak for
    # the answer's "most of our hubs"
    phrase_extents = {extent_of(normalise(p)) for p in phrases} - {None}
    answer_extents = {c.extent for c in parsed.clauses if c.extent is not None}
    said_extent = bool(phrase_extents) and answer_extents <= phrase_extents
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
