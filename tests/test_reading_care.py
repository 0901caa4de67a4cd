"""Readings an outside trial of the chat found wanting, each with the words that were typed."""

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
        ("case_management.shared_referral_route", "1"),  # how many referral routes? one
        ("workforce.skill_mix", "about 5"),  # how many teams? about five
        ("case_management.journey_maps", "2"),
    ],
)
def test_a_number_alone_to_a_how_many_question_is_asked_about(question_id: str, text: str) -> None:
    reading = read(question_id, text)
    assert reading.decision is Decision.CONFIRM and reading.stage is not None


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        ("case_management.shared_referral_route", "1", Stage.ISOLATION),
        ("workforce.skill_mix", "3 I think", Stage.COORDINATION),
        ("governance.icb_attendance", "4", Stage.COLLABORATION),
        ("case_management.journey_maps", "2, I'd say", Stage.COMMUNICATION),
    ],
)
def test_a_number_after_the_stages_were_listed_numbered_is_a_rating(
    question_id: str, text: str, stage: Stage
) -> None:
    """The bot has just listed the stages numbered (1 isolation ... 5 integration): a number
    picked from them is the rating, even where the question counts things."""
    question = BANKS.question(question_id)
    reading = interpret(text, question, glossary=BANKS.glossary, scale_shown=True)
    assert reading.decision is Decision.ACCEPT and reading.stage is stage


@pytest.mark.parametrize(
    ("question_id", "text"),
    [("workforce.skill_mix", "about 5"), ("case_management.shared_referral_route", "over 3")],
)
def test_a_number_reckoned_as_a_count_is_asked_about_even_after_the_stages(
    question_id: str, text: str
) -> None:
    question = BANKS.question(question_id)
    reading = interpret(text, question, glossary=BANKS.glossary, scale_shown=True)
    assert reading.decision is Decision.CONFIRM


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        ("case_management.shared_referral_route", "level 1", Stage.ISOLATION),
        ("case_management.shared_referral_route", "isolation", Stage.ISOLATION),
        ("governance.board", "3", Stage.COORDINATION),
    ],
)
def test_a_rating_said_as_one_is_still_taken(question_id: str, text: str, stage: Stage) -> None:
    reading = read(question_id, text)
    assert reading.decision is Decision.ACCEPT and reading.stage is stage


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        (
            "data_sharing.family_worker_info",
            "Hardly ever, maybe 1 in 20 families do we know who else is involved.",
        ),
        ("data_sharing.linked_data", "We target on our own caseload data. Separate systems."),
    ],
)
def test_two_stages_are_offered_only_as_neighbours(question_id: str, text: str) -> None:
    offered = [s.value_number for s, _ in read(question_id, text).candidates]
    assert len(offered) < 2 or abs(offered[0] - offered[1]) == 1, offered


def test_separate_systems_say_isolation_not_coordination() -> None:
    reading = read(
        "data_sharing.linked_data", "We target on our own caseload data. Separate systems."
    )
    assert reading.stage is Stage.ISOLATION


def test_a_request_for_a_break_is_offered_no_stage() -> None:
    reading = read("workforce.every_contact_counts", "can we take a break? I need a coffee")
    assert reading.decision is Decision.NOT_A_STAGE and reading.stage is None
    assert reading.off_topic


def test_a_plan_rules_no_stage_out() -> None:
    """The bot once answered "we're hoping to do a joint plan next year" with "So not
    collaboration" and struck that stage from the list."""
    for text in (
        "we're hoping to do a joint plan next year",
        "we're hoping to do a joint workforce plan with the council next year, right now each "
        "of us plans our own",
    ):
        assert read("workforce.joint_plan", text).ruled_out == (), text


def test_a_quote_keeps_the_negation_it_was_said_with() -> None:
    reading = read(
        "governance.action_accountability",
        "Actions get minuted, but tbh nobody checks whether they were done",
    )
    assert any(q.startswith("nobody") for q in reading.because), reading.because


def test_a_common_word_alone_is_never_the_reason_quoted() -> None:
    reading = read(
        "commissioning.joint_plan",
        "we run a 'you said, we did' every quarter and things do change off the back of it",
    )
    assert "off" not in reading.because
