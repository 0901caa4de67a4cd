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
    return interpret(text, BANKS.question(question_id), glossary=BANKS.glossary)


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
    "text",
    [
        "We find out from complaints. Providers send in their monthly figures as well.",
        "We find out from complaints. The quarterly returns flag the odd dip as well.",
    ],
)
def test_a_bank_phrase_at_isolation_is_asked_about_beside_something_that_exists(
    text: str,
) -> None:
    """The bank's own phrase for isolation ("we find out from complaints") beside a clause
    saying something exists (monthly figures, quarterly returns) may be a rung above."""
    reading = read("commissioning.early_warning", text)
    assert reading.decision is Decision.CONFIRM


@pytest.mark.parametrize(
    "text",
    [
        "We find out from complaints.",
        "We find out from complaints. Nobody reports anything to anyone.",
        "We find out from complaints, there are no KPIs in our contract.",
    ],
)
def test_a_bank_phrase_at_isolation_alone_or_with_a_denial_is_still_taken(text: str) -> None:
    reading = read("commissioning.early_warning", text)
    assert reading.decision is Decision.ACCEPT and reading.stage is Stage.ISOLATION
