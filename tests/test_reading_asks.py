"""Answers the chat must ask about rather than take: the evidence for the stage is thin or
something in the answer opposes it (issue 14, "taken silently wrong"). Each sentence is our
own, written for the rule it checks."""

from __future__ import annotations

import pytest

from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation.interpret import Decision, Reading, interpret

BANKS = load_builtin()


def read(question_id: str, text: str) -> Reading:
    """As the chat reads a fresh answer to the question it has just asked, its stages listed
    numbered."""
    question = BANKS.question(question_id)
    return interpret(text, question, glossary=BANKS.glossary, scale_shown=True)


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        (
            "governance.strategy_signoff",
            "Our business plan and the school's improvement plan both quote it, and the board "
            "revisits it yearly.",
        ),
        (
            "governance.strategy_signoff",
            "It's woven in. The trust's business plan refers to it and the board checks it "
            "annually.",
        ),
    ],
)
def test_isolation_is_not_taken_from_an_answer_that_denies_nothing(
    question_id: str, text: str
) -> None:
    """Isolation is a rung of absence: an answer that describes something existing, denying
    nothing and keeping no one to themselves, may share words with its examples ("business
    plan") but is asked about, never taken as isolation."""
    reading = read(question_id, text)
    assert not (reading.decision is Decision.ACCEPT and reading.stage is Stage.ISOLATION)


@pytest.mark.parametrize(
    ("question_id", "text", "said", "described"),
    [
        (
            "integration.front_door",
            "4 - we signpost and give families the phone number, there's no single front door.",
            Stage.COLLABORATION,
            Stage.COMMUNICATION,
        ),
        (
            "data_sharing.routine_sharing",
            "I'd put us at 4, staff never share anything without asking their manager first.",
            Stage.COLLABORATION,
            Stage.ISOLATION,
        ),
    ],
)
def test_a_rating_whose_note_describes_another_stage_is_asked_about(
    question_id: str, text: str, said: Stage, described: Stage
) -> None:
    """A number said with a note that describes a stage two or more away, or denies what the
    number needs: both are offered, the number first."""
    reading = read(question_id, text)
    assert reading.decision is Decision.CONFIRM
    assert [s for s, _ in reading.candidates][:2] == [said, described]


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        (
            "integration.front_door",
            "3 - early help's front door takes referrals for a few of the services",
            Stage.COORDINATION,
        ),
        (
            "governance.adult_services_design",
            "3, adult mental health come to planning",
            Stage.COORDINATION,
        ),
    ],
)
def test_a_rating_whose_note_agrees_or_sits_beside_it_is_taken(
    question_id: str, text: str, stage: Stage
) -> None:
    """A note that describes the rating's stage, or the one beside it with nothing denied, is
    how it is done there: the rating is taken."""
    reading = read(question_id, text)
    assert reading.decision is Decision.ACCEPT and reading.stage is stage
