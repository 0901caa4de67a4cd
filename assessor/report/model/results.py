"""The results: each question's answer, each domain's score and counts, the overall result,
and answers kept on record to questions no longer in the banks."""

from __future__ import annotations

from assessor.report.model.parts import AnswerName, StageName, _d, _Part


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


class RetiredAnswer(_Part):
    question_id: str = _d("the question, no longer in the installed banks")
    text: str = _d("the words it was asked in (its id where no wording was kept)")
    answer: AnswerName = _d("the answer on record")
    note: str = _d("the evidence note on record")
