"""A workshop's voices: each person's ratings and words, the spread first shown and now, the
agreed answer, each organisation's averages and the self-assessments the ratings started from."""

from __future__ import annotations

from assessor.report.model.parts import AnswerName, _d, _Part


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
