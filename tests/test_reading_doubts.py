"""Answers taken silently at the wrong stage or as the wrong thing, read again: where a doubt,
a note or a second clause opposes what was read, the chat asks rather than takes."""

from __future__ import annotations

import pytest

from assessor.answers import Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation.interpret import Decision, Reading, interpret
from assessor.conversation.understanding.stage_words import mentioned_stages

BANKS = load_builtin()


def read(question_id: str, text: str) -> Reading:
    question = BANKS.question(question_id)
    return interpret(text, question, glossary=BANKS.glossary, scale_shown=True)


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        (
            "case_management.outcomes_rescored",
            "I think outcomes are set at assessment, there's a field on the plan, but I'm not"
            " sure anyone scores them at the end.",
            Stage.COORDINATION,
        ),
        (
            "case_management.outcomes_rescored",
            "Outcomes are set at assessment on EHM and scored again at closure, but I'm not sure"
            " anyone rescores them at reviews.",
            Stage.COORDINATION,
        ),
    ],
)
def test_a_doubt_after_a_practice_described_is_a_hedge_not_a_dont_know(
    question_id: str, text: str, stage: Stage
) -> None:
    """The practice is described first, in the words of the stages' texts though not their
    telling ones; the doubt that follows is about part of it, not about the question."""
    reading = read(question_id, text)
    assert reading.special is None
    assert reading.decision is Decision.CONFIRM and reading.stage is stage


@pytest.mark.parametrize(
    "text",
    [
        "I'm not sure, I'd need to check with the performance team",
        "Not sure to be honest, I think the outcomes get set at assessment",
    ],
)
def test_a_doubt_said_first_is_still_a_dont_know(text: str) -> None:
    reading = read("case_management.outcomes_rescored", text)
    assert reading.decision is Decision.ACCEPT and reading.special is Special.DONT_KNOW


@pytest.mark.parametrize(
    ("text", "said", "described"),
    [
        (
            "I'd say coord. It gets flagged and left for each of us.",
            Stage.COORDINATION,
            Stage.COMMUNICATION,
        ),
        (
            "3, the figures go round and each of us sorts out our own",
            Stage.COORDINATION,
            Stage.COMMUNICATION,
        ),
    ],
)
def test_a_rating_whose_note_leaves_each_to_itself_below_it_is_asked_about(
    text: str, said: Stage, described: Stage
) -> None:
    """A note that reads as the stage below the one said and leaves each partner to itself
    opposes it: both are offered, the one said first, nothing taken."""
    reading = read("governance.performance_response", text)
    assert reading.decision is Decision.CONFIRM
    assert [s for s, _ in reading.candidates][:2] == [said, described]


def test_a_rating_whose_note_says_how_it_is_done_there_is_still_taken() -> None:
    text = "3, the commissioner and the provider sort it out between them"
    reading = read("governance.performance_response", text)
    assert reading.decision is Decision.ACCEPT and reading.stage is Stage.COORDINATION


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        (
            "co_location.buildings_secured",
            "captial approved for the main hub, still negotiating the lease on the other too",
        ),
        (
            "co_location.buildings_secured",
            "Two sites are approved now, we're still negotiating the lease on the third",
        ),
        (
            "commissioning.early_warning",
            "We find out from complaints, usually. Or when the provider misses a contract target"
            " badly.",
        ),
        (
            "commissioning.early_warning",
            "we find out from complaints, though every contract has KPIs",
        ),
    ],
)
def test_a_bank_phrase_beside_what_its_stage_denies_is_asked_about(
    question_id: str, text: str
) -> None:
    """The phrase's stage says none is approved, or no contract has indicators; the answer
    also says one is approved, or speaks of a contract's target: the phrase is one part of it,
    offered to confirm, not taken."""
    reading = read(question_id, text)
    assert reading.decision is Decision.CONFIRM


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        (
            "co_location.buildings_secured",
            "the capital bid is in and we're negotiating the lease",
            Stage.COMMUNICATION,
        ),
        ("commissioning.early_warning", "we find out from complaints", Stage.ISOLATION),
        (
            "co_location.joint_working_depth",
            "We have TAF meetings every six weeks where we agree who does what and in what order,"
            " but we all deliver our own bits.",
            Stage.COORDINATION,
        ),
    ],
)
def test_a_bank_phrase_with_nothing_its_stage_denies_is_still_taken(
    question_id: str, text: str, stage: Stage
) -> None:
    """Delivering "our own bits" keeps to itself what coordination denies doing together."""
    reading = read(question_id, text)
    assert reading.decision is Decision.ACCEPT and reading.stage is stage


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        (
            "case_management.shared_referral_route",
            "I think it's one form now? We use the same request for support form whoever it's"
            " for, but I couldn't tell you whether it all lands in one place.",
        ),
        (
            "case_management.shared_referral_route",
            "I think there's a single form now? Schools use the same request for support, but"
            " I'm not sure where it all goes.",
        ),
        (
            "integration.outcomes_partners_agreed",
            "I think it was agreed? I remember seeing an outcomes framework go round, but I'm not"
            " sure it ever went through our governance formally.",
        ),
    ],
)
def test_a_guess_put_as_a_question_then_a_doubt_is_a_dont_know(question_id: str, text: str) -> None:
    """The answer opens with a guess asked back ("I think it was agreed?") and ends unsure:
    the doubt is the speaker's own, about the whole."""
    reading = read(question_id, text)
    assert reading.decision is Decision.ACCEPT and reading.special is Special.DONT_KNOW


def test_a_hedged_yes_put_as_a_question_is_no_guess() -> None:
    """ "Sort of?" says nothing of its own: the description after it is read."""
    text = (
        "Sort of? There are pathway leads, I think, but honestly I'm not sure they coordinate"
        " anything, mostly people just email each other."
    )
    reading = read("governance.hub_team_management", text)
    assert reading.special is None and reading.stage is not None


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        (
            "case_management.lead_professional",
            "Nobody owns the case, to be honest. The mum has a social worker, a HV, our family"
            " support worker and the school, and she's the one coordinating all of us.",
            Stage.ISOLATION,
        ),
    ],
)
def test_a_stage_word_doing_something_names_no_stage(
    question_id: str, text: str, stage: Stage
) -> None:
    """ "Coordinating all of us" is what the mother does, as "we coordinate" would be: the
    answer is read in its words, not as coordination named."""
    reading = read(question_id, text)
    assert reading.stage is stage


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("we are integrating the two teams", set()),
        ("she's the one coordinating all of us", set()),
        ("we are coordinating, mostly", {Stage.COORDINATION}),
        ("I would say collaborating", {Stage.COLLABORATION}),
    ],
)
def test_which_stage_words_name_a_stage(text: str, named: set[Stage]) -> None:
    assert set(mentioned_stages(text)[0]) == named


def test_a_lapsed_board_and_emails_since_is_communication_asked() -> None:
    """The board is on paper only; what is done now, after the comma, is emailing. Before the
    comma and a new subject began a clause, the emailing read as on paper too and the board's
    stage below (coordination) was proposed."""
    reading = read(
        "governance.board",
        "We have a joint board on paper but it hasn't met since March, mostly we just email each"
        " other",
    )
    assert reading.decision is Decision.CONFIRM and reading.stage is Stage.COMMUNICATION


def test_a_bank_phrase_saying_every_does_not_speak_for_an_answer_saying_most() -> None:
    """The phrase "hubs have every gap from the mapping filled" says how widely gaps are
    filled; the answer says so of most hubs only. Before, the phrase's own "every" let it be
    taken as the top stage without asking."""
    reading = read(
        "commissioning.start_for_life",
        "Most of our family hubs have every gap from the mapping filled",
    )
    assert reading.decision is Decision.CONFIRM and reading.stage is Stage.COLLABORATION


def test_a_denial_a_stage_is_bounded_by_does_not_rule_that_stage_out() -> None:
    """Collaboration here is "...but have not yet reviewed them together"; an answer that says
    "we haven't reviewed anything jointly yet" says that very bound. Before, "not jointly"
    ruled collaboration out, and the chat said "So not collaboration"."""
    reading = read(
        "commissioning.cycle_steps_together",
        "We did the need bit together and some of the planning, but we haven't reviewed"
        " anything jointly yet",
    )
    assert Stage.COLLABORATION not in reading.ruled_out
