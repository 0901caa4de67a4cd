"""The comparison report: repeat assessments of one partnership, as JSON, Markdown or HTML."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from assessor.analysis.trends import (
    BankChange,
    Comparison,
    DomainTrend,
    Entry,
    FollowUp,
    QuestionTrend,
    compare,
)
from assessor.answers import AnswerValue
from assessor.banks.bank_set import BankSet

# The same field documentation and answer names as the assessment report's model.
from assessor.report.model.parts import AnswerName, StageName, _d, _Part, answer_name
from assessor.store.errors import StoreError
from assessor.store.store import Store

BankChangeName = Literal["new", "removed", "reworded", "not covered"]


class ComparedAssessment(_Part):
    id: str = _d("the assessment's id")
    label: str = _d("its column heading: the date, or the lead when two leads are compared")
    started_at: datetime = _d("when it started")
    status: Literal["in-progress", "complete"] = _d("whether it was finished")
    mode: Literal["individual", "workshop"] = _d("one lead answering, or a workshop")
    lead: str = _d("who answered it")
    banks: dict[str, str] = _d("bank id -> the version used")


class ComparedQuestion(_Part):
    id: str = _d("the stable question id")
    domain: str = _d("its domain id")
    text: str = _d("the latest wording it was asked in")
    answers: list[AnswerName | None] = _d("one per assessment, oldest first; null: no answer")
    movement: Literal["improved", "declined", "unchanged", "not compared"] = _d(
        "first to latest; between two leads read it as higher / lower / the same"
    )
    change: int | None = _d("stages moved from first to latest, where comparable")
    bank_change: BankChangeName | None = _d(
        "a change in the banks, not the partnership; 'not covered': its bank was left out of "
        "the first or the latest assessment"
    )


class ComparedDomain(_Part):
    id: str = _d("the domain's id")
    title: str = _d("its title")
    scores: list[float | None] = _d("each assessment's own score, 1-5, oldest first")
    stages: list[StageName | None] = _d("the stage each score rounds to")
    change: float | None = _d(
        "latest minus first over the questions both answered with a stage (see compared)"
    )
    compared: int = _d("how many questions the change is measured over")
    questions_changed: bool = _d(
        "the domain's set of questions differs in the banks, first to latest (false when one "
        "of them did not assess the domain)"
    )
    assessed: list[bool] = _d("one per assessment, oldest first: whether it covered the domain")
    shared_first: float | None = _d(
        "the first assessment's score over only the questions the change is measured over"
    )
    shared_latest: float | None = _d(
        "the latest assessment's score over only the questions the change is measured over"
    )


class BankChangeInfo(_Part):
    id: str = _d("the question")
    change: BankChangeName = _d("what changed")
    old_text: str = _d("the earliest wording on record")
    new_text: str = _d("the latest wording on record")


class NotAssessedArea(_Part):
    id: str = _d("the domain left out")
    title: str = _d("its title")
    missing_from: Literal["first", "latest", "first and latest"] = _d(
        "which of the first and the latest assessment did not cover it"
    )
    questions: list[str] = _d("the ids of its questions, not compared for that reason")


class ComparedFollowUp(_Part):
    action_id: str = _d("the action in the previous assessment's plan")
    text: str = _d("what it said to do")
    question_id: str = _d("the question it comes from")
    question_text: str = _d("that question in the words it was asked in")
    then: StageName | None = _d("the question's stage then; null for a don't-know")
    now: AnswerName | None = _d("its answer in the latest assessment")
    status: Literal["moved up", "still open", "not answered since", "no longer in the bank"] = _d(
        "moved up (a find-out: answered since), still open, not answered since, or the "
        "question has left the banks"
    )


class ComparisonReport(_Part):
    format: Literal["assessor-comparison"] = _d(
        "always assessor-comparison", default="assessor-comparison"
    )
    format_version: Literal[1] = _d("raised only when a field is renamed or removed", default=1)
    generated_at: datetime = _d("when the comparison was made")
    partnership: str = _d("the partnership")
    between_leads: bool = _d("two assessments by different leads: where they differ, not movement")
    assessments: list[ComparedAssessment] = _d("the assessments, oldest first")
    counts: dict[Literal["improved", "declined", "unchanged", "not compared"], int] = _d(
        "questions per movement, first to latest"
    )
    domains: list[ComparedDomain] = _d("per domain, the scores over time")
    questions: list[ComparedQuestion] = _d("per question, the answers over time")
    new_questions: list[str] = _d("ids new in the banks since the first assessment")
    removed_questions: list[str] = _d("ids no longer in the banks the latest assessment used")
    reworded_questions: list[str] = _d("ids asked in different words at some point")
    not_covered_questions: list[str] = _d(
        "ids from banks the first or the latest assessment did not use"
    )
    not_assessed: list[NotAssessedArea] = _d(
        "domains the first or the latest assessment left out, with their questions (the "
        "not_covered_questions by domain)"
    )
    bank_changes: list[BankChangeInfo] = _d("every bank change with its old and new wording")
    follow_ups_of: str | None = _d("the assessment whose plan is followed up (the previous one)")
    follow_ups: list[ComparedFollowUp] = _d("that plan's actions against the latest answers")


def column_labels(assessments: Sequence, between_leads: bool) -> list[str]:
    """Column headings that tell assessments apart: dates, with the id where two share a day;
    the leads (and id) when two leads are compared."""
    if between_leads:
        return [f"{a.lead} ({a.id})" for a in assessments]
    dates = [a.started_at.strftime("%d %b %Y") for a in assessments]
    return [
        f"{d} ({a.id})" if dates.count(d) > 1 else d
        for d, a in zip(dates, assessments, strict=True)
    ]


def _answer(value: AnswerValue | None) -> AnswerName | None:
    return None if value is None else answer_name(value)


def _change_name(change: BankChange) -> BankChangeName:
    return change.value


def comparison_report(result: Comparison, generated_at: datetime) -> ComparisonReport:
    labels = column_labels(result.assessments, result.between_leads)
    return ComparisonReport(
        generated_at=generated_at,
        partnership=result.assessments[0].partnership,
        between_leads=result.between_leads,
        assessments=[
            ComparedAssessment(
                id=a.id,
                label=label,
                started_at=a.started_at,
                status=a.status,
                mode=a.mode,
                lead=a.lead,
                banks={b.bank_id: b.version for b in a.banks},
            )
            for a, label in zip(result.assessments, labels, strict=True)
        ],
        counts={m.value: n for m, n in result.counts.items()},
        domains=[_domain(d) for d in result.domains],
        questions=[_question(q) for q in result.questions],
        new_questions=[q.question_id for q in result.flagged(BankChange.NEW)],
        removed_questions=[q.question_id for q in result.flagged(BankChange.REMOVED)],
        reworded_questions=[q.question_id for q in result.flagged(BankChange.REWORDED)],
        not_covered_questions=[q.question_id for q in result.flagged(BankChange.NOT_COVERED)],
        not_assessed=_not_assessed(result),
        bank_changes=[
            BankChangeInfo(
                id=q.question_id,
                change=_change_name(q.bank_change),
                old_text=q.first_text,
                new_text=q.text,
            )
            for q in result.questions
            if q.bank_change is not None and q.bank_change is not BankChange.NOT_COVERED
        ],
        follow_ups_of=result.assessments[-2].id if len(result.assessments) > 1 else None,
        follow_ups=[_follow_up(f) for f in result.follow_ups],
    )


def _domain(d: DomainTrend) -> ComparedDomain:
    return ComparedDomain(
        id=d.domain_id,
        title=d.title,
        scores=d.scores,
        stages=[s.value if s else None for s in d.stages],
        change=d.change,
        compared=d.compared,
        questions_changed=d.questions_changed,
        assessed=d.assessed,
        shared_first=d.common_first,
        shared_latest=d.common_latest,
    )


def _question(q: QuestionTrend) -> ComparedQuestion:
    return ComparedQuestion(
        id=q.question_id,
        domain=q.domain_id,
        text=q.text,
        answers=[_answer(a) for a in q.answers],
        movement=q.movement.value,
        change=q.change,
        bank_change=q.bank_change.value if q.bank_change else None,
    )


def _follow_up(f: FollowUp) -> ComparedFollowUp:
    return ComparedFollowUp(
        action_id=f.action_id,
        text=f.text,
        question_id=f.question_id,
        question_text=f.question_text,
        then=f.then.value if f.then else None,
        now=_answer(f.now),
        status=f.status.value,
    )


def _not_assessed(result: Comparison) -> list[NotAssessedArea]:
    areas = []
    for d in result.domains:
        if d.assessed[0] and d.assessed[-1]:
            continue
        missing: Literal["first", "latest", "first and latest"] = (
            "first and latest"
            if not d.assessed[0] and not d.assessed[-1]
            else "first"
            if not d.assessed[0]
            else "latest"
        )
        questions = [
            q.question_id
            for q in result.flagged(BankChange.NOT_COVERED)
            if q.domain_id == d.domain_id
        ]
        areas.append(
            NotAssessedArea(
                id=d.domain_id, title=d.title, missing_from=missing, questions=questions
            )
        )
    return areas


def _which(between_leads: bool) -> dict[str, str]:
    """The first and the latest assessment, as the words go."""
    if between_leads:
        return {
            "first": "in the first view",
            "latest": "in the second view",
            "first and latest": "in either view",
        }
    return {
        "first": "the first time",
        "latest": "this time",
        "first and latest": "the first or the latest time",
    }


def change_words(domain: ComparedDomain, between_leads: bool = False) -> tuple[str, str]:
    """A domain's change as shown, and what it needs said beside it (or "").

    The change is over the questions both the first and the latest assessment answered with a
    stage; where those scores differ from each assessment's own score shown beside it, they are
    given with it, so the figures always add up."""
    which = _which(between_leads)
    if not domain.assessed[0] or not domain.assessed[-1]:
        missing: Literal["first", "latest", "first and latest"] = (
            "first and latest"
            if not domain.assessed[0] and not domain.assessed[-1]
            else "first"
            if not domain.assessed[0]
            else "latest"
        )
        return "-", f"not assessed {which[missing]}"
    if domain.change is None or domain.shared_first is None or domain.shared_latest is None:
        return "-", "no question answered with a stage both times"
    notes = []
    shown = (_one(domain.scores[0]), _one(domain.scores[-1]))
    if (_one(domain.shared_first), _one(domain.shared_latest)) != shown:
        questions = "question" if domain.compared == 1 else "questions"
        notes.append(
            f"over the {domain.compared} {questions} both answered: "
            f"{domain.shared_first:.1f} to {domain.shared_latest:.1f}"
        )
    if domain.questions_changed:
        notes.append("the domain's questions changed in the banks")
    return f"{domain.change:+.1f}", "; ".join(notes)


def _one(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}"


def not_assessed_lines(report: ComparisonReport) -> list[str]:
    """Each left-out domain in a line: "Data sharing: 7 questions not in the latest assessment"."""
    if report.between_leads:
        where = {"first": "the first view", "latest": "the second view"}
        where["first and latest"] = "either view"
    else:
        where = {"first": "the first assessment", "latest": "the latest assessment"}
        where["first and latest"] = "the first or the latest assessment"
    lines = []
    for area in report.not_assessed:
        n = len(area.questions)
        lines.append(
            f"{area.title}: {n} question{'' if n == 1 else 's'} not in {where[area.missing_from]}"
        )
    return lines


FOLLOW_UP_WORDS = {
    "moved up": "done (their questions moved up or were answered)",
    "still open": "still open",
    "not answered since": "not answered since",
    "no longer in the bank": "whose questions have left the banks",
}


def follow_up_summary(report: ComparisonReport) -> str:
    """The previous plan's actions by status, every status named so that they add up."""
    counts = {status: 0 for status in FOLLOW_UP_WORDS}
    for f in report.follow_ups:
        counts[f.status] += 1
    parts = [f"{n} {FOLLOW_UP_WORDS[status]}" for status, n in counts.items() if n]
    total = len(report.follow_ups)
    what = f"{total} action{'' if total == 1 else 's'}"
    if len({f.action_id for f in report.follow_ups}) < total:  # a merged action, per question
        what += " (counted once per question each came from)"
    return f"{what}: " + ", ".join(parts) + "."


def entries_for(store: Store, assessment_ids: Sequence[str]) -> list[Entry]:
    """The assessments, checked to be two or more of one partnership, with what they recorded."""
    wanted = list(dict.fromkeys(assessment_ids))
    if len(wanted) < 2:
        raise StoreError("a comparison needs two or more assessments")
    by_id = {a.id: a for a in store.assessments_by_ids(wanted)}
    for assessment_id in wanted:
        if assessment_id not in by_id:
            raise StoreError(f"there is no assessment '{assessment_id}' in {store.path}")
    partnerships = {by_id[i].partnership for i in wanted}
    if len(partnerships) > 1:
        raise StoreError(
            "these assessments are of different partnerships ("
            + ", ".join(sorted(partnerships))
            + "); compare one partnership at a time"
        )
    answers = store.answers_of(wanted)
    wording = store.questions_of(wanted)
    return [Entry(by_id[i], answers[i], wording[i]) for i in wanted]


def partnership_ids(store: Store, partnership: str) -> list[str]:
    """The complete assessments of a partnership, oldest first."""
    found = [a.id for a in store.assessments(partnership) if a.status == "complete"]
    if len(found) < 2:
        raise StoreError(
            f"'{partnership}' has {len(found)} complete assessment(s); "
            "a comparison needs two or more"
        )
    return found


def comparison_for(
    store: Store, assessment_ids: Sequence[str], installed: BankSet, now: datetime
) -> ComparisonReport:
    return comparison_report(compare(entries_for(store, assessment_ids), installed), now)


def comparison_json_schema() -> dict:
    schema = ComparisonReport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
