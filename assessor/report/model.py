"""The report's content as one model: the JSON format, and what every template is given.

Keys are stable: add fields, never rename or remove them without raising `format_version`.
`assessor.report.contents` fills it from an assessment's records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assessor.answers import AnswerValue
from assessor.continuum import Stage

StageName = Literal["isolation", "communication", "coordination", "collaboration", "integration"]
AnswerName = Literal[
    "isolation",
    "communication",
    "coordination",
    "collaboration",
    "integration",
    "not-applicable",
    "dont-know",
    "skipped",
]


def answer_name(value: AnswerValue) -> AnswerName:
    """The name an answer is written as in a report: its stage's, or its special answer's."""
    choice = value.choice
    if isinstance(choice, Stage):  # each enum's value is typed as its names; the union's is str
        return choice.value
    return choice.value


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _d(text: str, **kwargs: Any) -> Any:  # a field with its documentation
    return Field(description=text, **kwargs)


class ContinuumStage(_Part):
    value: int = _d("1 (isolation) to 5 (integration)")
    stage: StageName = _d("the stage's id")
    label: str = _d("the stage's name, as shown")
    meaning: str = _d("what the stage means for joint working, in one sentence")


class BankRef(_Part):
    id: str = _d("the question bank's id, which is also the domain's id")
    title: str = _d("the domain's title")
    version: str = _d("the version of the bank the assessment was last asked from")


class AssessmentInfo(_Part):
    id: str = _d("the assessment's id")
    partnership: str = _d("the partnership assessed")
    area: str = _d("the local area, if given")
    mode: Literal["individual", "workshop"] = _d("one lead answering, or a workshop")
    status: Literal["in-progress", "complete"] = _d("whether the assessment was finished")
    lead: str = _d("who answered (individual) or led the workshop")
    started_at: datetime = _d("when the assessment started")
    finished_at: datetime | None = _d("when it was marked complete; null while in progress")
    banks: list[BankRef] = _d("the question banks used, in the order asked")


class ParticipantInfo(_Part):
    name: str = _d("the participant's name")
    organisation: str = _d("the organisation they spoke for")
    role: str = _d("their role")
    left_at: datetime | None = _d(
        "when they left the workshop (their ratings count only on the questions agreed before "
        "then); null if they stayed",
        default=None,
    )


class QuestionResult(_Part):
    id: str = _d("the stable question id, namespaced by domain")
    text: str = _d("the question in the words the assessment asked it")
    weight: float = _d("how much the question counts in its domain's score")
    asked: bool = _d("false when an ask_if condition left it out")
    answer: AnswerName | None = _d("null when not answered yet")
    value: int | None = _d("the stage value 1-5; null for any other answer")
    descriptor: str | None = _d("the level descriptor of the stage given")
    words: str = _d("what was said")
    note: str = _d("the evidence note")
    no_consensus: bool = _d(
        "true when a workshop parked the question without agreeing (its answer is recorded as "
        "skipped)",
        default=False,
    )


class DomainResult(_Part):
    id: str = _d("the domain's id (its bank's id)")
    title: str = _d("the domain's title")
    score: float | None = _d("weight-averaged stage value, 1-5; null if none")
    stage: StageName | None = _d("the stage the score rounds to; null if not scored")
    target: StageName | None = _d("the target set for this domain, if any")
    answered: int = _d("questions answered with a stage")
    asked: int = _d("questions asked (ask_if conditions applied)")
    not_applicable: int = _d("questions answered not applicable")
    dont_know: int = _d("questions answered don't know")
    skipped: int = _d("questions skipped (not counting those parked without consensus)")
    no_consensus: int = _d(
        "questions a workshop parked without agreeing; answered + not_applicable + dont_know + "
        "skipped + no_consensus + unanswered = asked",
        default=0,
    )
    unanswered: int = _d("questions asked but not answered yet")
    may_add: int = _d(
        "questions not counted in asked that an answer still to come may add (their ask_if "
        "names a question not answered yet): asked + may_add is the most that may be asked",
        default=0,
    )
    coverage: float = _d("answered / asked, 0-1")
    low_coverage: bool = _d("true when under half the questions have a stage")
    questions: list[QuestionResult] = _d("the domain's questions in bank order")


class Overall(_Part):
    score: float | None = _d("the mean of the domain scores, 1-5; null if none is scored")
    stage: StageName | None = _d("the stage the overall score rounds to")
    answered: int = _d("questions answered with a stage, all domains")
    asked: int = _d("questions asked, all domains")
    may_add: int = _d("questions an answer still to come may add, all domains", default=0)
    partly_scored: list[str] = _d(
        "titles of the domains scored from under half their questions, each counted in the "
        "overall score as fully as the rest (empty when only one domain is scored)",
        default_factory=list,
    )
    coverage: float = _d("answered / asked, 0-1")
    low_coverage: bool = _d("true when under half the questions have a stage")
    weakest: list[str] = _d("ids of the lowest-scoring domain(s)")
    strongest: list[str] = _d("ids of the highest-scoring domain(s)")


class ActionSource(_Part):
    question_id: str = _d("the question the action comes from")
    question_text: str = _d("that question's wording")
    domain_id: str = _d("the question's domain id")
    domain_title: str = _d("the question's domain title")
    current: StageName | None = _d("the question's stage now; null for a don't-know answer")
    step_to: StageName | None = _d("the stage this action moves the question to")
    target: StageName | None = _d("the question's target stage in this plan")
    note: str = _d("the partnership's evidence note on the question")


class PlanAction(_Part):
    order: int = _d("position in the plan, from 1; 'after #n' refers to it")
    id: str = _d("the bank action id (or QUESTION.find_out / QUESTION.agree)")
    kind: Literal["step", "prerequisite", "find-out", "agree"] = _d(
        "step: towards a question's target; prerequisite: needed first by another action; "
        "find-out: for a don't-know answer; agree: a workshop without consensus"
    )
    horizon: Literal["now", "next", "later"] = _d("the period the action falls in")
    horizon_label: str = _d("the period as shown, e.g. 'Now (0-3 months)'")
    text: str = _d("what to do")
    owner: str = _d("the role(s) who own it; merged actions join their owners with '; '")
    timescale: str = _d("0-3 months, 3-12 months or 12+ months (the earliest, where merged)")
    priority: float = _d("weight x gap to target (the largest, where merged)")
    priority_reason: str = _d("the priority explained in words")
    priority_band: Literal["High", "Medium", "Low"] = _d(
        "High, Medium or Low (see plan.priority_rule)", default="Low"
    )
    quick_win: bool = _d("see plan.quick_win_rule")
    depends_on: list[str] = _d("ids of planned actions that come first")
    required_by: list[str] = _d("ids of planned actions that named this one as a prerequisite")
    check_first: list[str] = _d(
        "prerequisites this assessment cannot judge (no stage recorded): confirm them first"
    )
    domains: list[str] = _d("titles of the domains the action comes from")
    why: str = _d("the question(s) it comes from and where they stand, in words")
    sources: list[ActionSource] = _d("every question the action comes from")


class TargetInUse(_Part):
    domain_id: str = _d("the domain")
    domain_title: str = _d("its title")
    stage: StageName = _d("the stage the plan aims at in this domain")
    by: str = _d(
        "by when the partnership aims to reach it, in its own words (e.g. 'March 2027'); empty "
        "if not said"
    )
    source: Literal["stored", "given"] = _d(
        "stored: the partnership's own target, kept with its assessments (assessor targets); "
        "given: given for this report only (--target), over any stored one"
    )
    set_at: datetime | None = _d("when the stored target was set; null for a given one")


class PlanInfo(_Part):
    targets: dict[str, StageName] = _d("domain id -> its target stage, where one was set")
    targets_in_use: list[TargetInUse] = _d(
        "the targets the plan aims at, in domain order, with where each came from and by when; "
        "a domain not listed aims one stage up",
        default_factory=list,
    )
    quick_win_rule: str = _d("what makes an action a quick win, in words")
    priority_rule: str = _d("what makes an action High, Medium or Low priority", default="")
    priority_legend: str = _d(
        "the priority rule in plain words, as the plan's legend shows it", default=""
    )
    top_priorities: list[int] = _d(
        "plan order numbers of the five most urgent actions: High first, each band in plan order"
    )
    actions: list[PlanAction] = _d("the plan in order")


class VoiceRating(_Part):
    participant: str = _d("the participant's name")
    organisation: str = _d("their organisation")
    answer: AnswerName | None = _d("null when the person abstained")
    comment: str = _d(
        "what they said with their rating, as given: typed on their own device in a room, or "
        "their words when the facilitator rated them; empty if nothing",
        default="",
    )
    first_answer: AnswerName | None = _d(
        "their first rating, the one the room saw when the spread was first shown (null when "
        "they abstained then); the same as answer unless they moved after discussion",
        default=None,
    )
    moved: bool = _d(
        "they changed their rating after the spread was shown (answer is the one that counts "
        "now, first_answer the one they gave first)",
        default=False,
    )
    earlier_comments: list[str] = _d(
        "what they said with their earlier ratings of this question, oldest first, as given "
        "(what they said with the rating that counts now is comment)",
        default_factory=list,
    )


class OrganisationSplit(_Part):
    organisation: str = _d(
        "the organisation: two or more of its people, within one stage of each other"
    )
    average: float = _d("their mean rating, 1-5")
    others: float = _d("everyone else's mean rating, at least one stage away")


class FirstSpread(_Part):
    low: int | None = _d("lowest first rating, 1-5")
    high: int | None = _d("highest first rating, 1-5")
    median: int | None = _d("median first rating, 1-5")
    spread: int = _d("highest minus lowest first rating")
    flagged: bool = _d("wide, or split between organisations (either is flagged)")
    wide: bool = _d("the first ratings are two stages or more apart")
    split: OrganisationSplit | None = _d(
        "an organisation speaking with one voice apart from the rest; null if none"
    )


class QuestionVoices(_Part):
    question_id: str = _d("the question")
    domain_id: str = _d("its domain")
    text: str = _d("its wording")
    ratings: list[VoiceRating] = _d(
        "each counted rating, in roster order: everyone in the room, and anyone who left for "
        "the questions agreed before they left"
    )
    low: int | None = _d("lowest stage given, 1-5")
    high: int | None = _d("highest stage given, 1-5")
    median: int | None = _d("median stage given, 1-5")
    spread: int = _d("highest minus lowest stage given")
    flagged: bool = _d("wide, or split between organisations (either is flagged)")
    wide: bool = _d("the ratings are two stages or more apart", default=False)
    split: OrganisationSplit | None = _d(
        "an organisation speaking with one voice apart from the rest; null if none", default=None
    )
    first: FirstSpread = _d(
        "the spread of everyone's first ratings, as the room saw it when the spread was first "
        "shown; the same as the spread above unless someone moved after discussion"
    )
    agreed: AnswerName | None = _d("the answer the workshop agreed; null if not yet")
    rationale: str = _d("why the workshop agreed it")
    no_consensus: bool = _d("the workshop parked it without agreeing")


class OrganisationAverage(_Part):
    organisation: str = _d("the organisation")
    average: float | None = _d(
        "weighted mean of its people's first ratings (given before the spread was shown) in the "
        "domain, over the questions the agreed score counts (agreed on a stage), 1-5; null if "
        "none"
    )


class DomainVoices(_Part):
    domain_id: str = _d("the domain")
    agreed_score: float | None = _d("the domain's score from the agreed answers")
    organisations: list[OrganisationAverage] = _d("each organisation's average")


class SelfAssessmentUsed(_Part):
    participant: str = _d("whose self-assessment it was")
    assessment_id: str = _d("the self-assessment's id")
    kept: int = _d("how many of its ratings still stand as they came (not changed in the room)")


class WorkshopInfo(_Part):
    questions: list[QuestionVoices] = _d("every question's voices")
    domains: list[DomainVoices] = _d("per domain, the agreed score and each organisation's")
    widest: list[str] = _d(
        "the questions whose first ratings were flagged, widest first spread first (up to "
        "five); empty when none is flagged"
    )
    started_from: list[SelfAssessmentUsed] = _d(
        "the participants' own self-assessments the workshop's ratings started from",
        default_factory=list,
    )


class RetiredAnswer(_Part):
    question_id: str = _d("the question, no longer in the installed banks")
    text: str = _d("the words it was asked in (its id where no wording was kept)")
    answer: AnswerName = _d("the answer on record")
    note: str = _d("the evidence note on record")


class DomainMovement(_Part):
    id: str = _d("the domain")
    title: str = _d("its title")
    before: float | None = _d("the previous score over the questions both assessments have")
    now: float | None = _d("this assessment's score over those same questions")
    change: float | None = _d("now minus before; null unless both are scored")
    compared: int = _d("how many questions both assessments answered with a stage")
    questions_changed: bool = _d(
        "the domain's question set differs between the two (the scores here use the shared ones)"
    )


class QuestionMovement(_Part):
    id: str = _d("the question")
    domain_id: str = _d("its domain")
    text: str = _d("its wording in this assessment")
    before: StageName = _d("the previous stage")
    now: StageName = _d("this assessment's stage")
    change: int = _d("stages moved, + up, - down")


class MovedSince(_Part):
    previous_id: str = _d("the partnership's previous complete assessment")
    previous_started_at: datetime = _d("when that one started")
    previous_lead: str = _d("who answered it")
    domains: list[DomainMovement] = _d("per domain, over the questions both assessments share")
    questions: list[QuestionMovement] = _d("the questions whose stage moved, biggest first")


class GlossaryTerm(_Part):
    term: str = _d("the term as the banks use it: 'JSNA', 'theory of change'")
    stands_for: str | None = _d("what an acronym stands for; null for other terms")
    definition: str = _d("what it means, in plain words")


class PeerDomain(_Part):
    id: str = _d("the domain")
    title: str = _d("its title")
    score: float | None = _d("this assessment's score in it, 1-5; null if not scored")
    peers: int = _d(
        "how many other partnerships that share their scores have a score in it (0 when hidden "
        "for too few)"
    )
    median: float | None = _d("their median score; null when hidden")
    lower_quartile: float | None = _d("their lower quartile; null when hidden")
    upper_quartile: float | None = _d("their upper quartile (the middle half lies between)")
    hidden: str = _d("why the figures are not shown, in a sentence; empty when they are")


class PeerBenchmarks(_Part):
    shown: bool = _d("false when no figure is shown at all (see reason)")
    reason: str = _d("why none is shown; empty when shown")
    minimum: int = _d("the fewest peers a domain's figures are shown for")
    domains: list[PeerDomain] = _d(
        "per domain, where this assessment sits among the other partnerships that share their "
        "scores (each one's latest complete assessment); no partnership is named"
    )


class Report(_Part):
    format: Literal["assessor-report"] = _d("always assessor-report", default="assessor-report")
    format_version: Literal[1] = _d("raised only when a field is renamed or removed", default=1)
    generated_at: datetime = _d("when the report was made")
    assessment: AssessmentInfo = _d("the assessment")
    participants: list[ParticipantInfo] = _d("everyone on the roster (workshops)")
    continuum: list[ContinuumStage] = _d("the five stages explained")
    overall: Overall = _d("the overall result")
    domains: list[DomainResult] = _d("per domain, the result and every answer")
    plan: PlanInfo = _d("the action plan")
    no_longer_in_bank: list[RetiredAnswer] = _d(
        "answers kept on record to questions since removed from the banks"
    )
    workshop: WorkshopInfo | None = _d(
        "for a workshop: every voice, the spread and the agreement", default=None
    )
    moved_since: MovedSince | None = _d(
        "what moved since the partnership's previous complete assessment; null for a first one",
        default=None,
    )
    peers: PeerBenchmarks | None = _d(
        "where the partnership sits among the others in its database that share their scores "
        "with the programme; null where no partnership there shares",
        default=None,
    )
    glossary: list[GlossaryTerm] = _d(
        "the glossary's terms that this report's questions (their wording and descriptors) and "
        "actions use, in glossary order",
        default_factory=list,
    )


def report_json_schema() -> dict:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
