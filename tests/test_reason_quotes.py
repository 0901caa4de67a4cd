"""The reason given with a proposal quotes only words that carry evidence for the stage: never
a common word or verb alone ("see", "put", "get"), never a word of the question itself alone
("journey" to a question about journey maps) unless a longer phrase of the stage's own says it
("journey map"). With nothing worth quoting, the reason points to the descriptor instead. The
reading itself (the stage, taken or asked) is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import chat_at_first_question
from test_workshop import workshop

from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Kind
from assessor.conversation.interpret import Decision, interpret
from assessor.conversation.wording import proposal_message
from assessor.store import Store

BANKS = load_builtin()
GOVERNANCE = BANKS.select(["governance"])
QUESTIONS = {q.id: q for b in BANKS.banks for q in b.questions}
COMMUNICATION = (
    "  2 Communication: Partners are told about family hubs, in briefings or papers for noting, "
    "but no shared meeting shapes the plans."
)


def test_nothing_worth_quoting_points_to_the_descriptor(tmp_path: Path) -> None:
    """ "partners get to see the decisions": 'get' is a common verb and 'decisions' the
    question's own word ("How far are decisions ... taken jointly"): no quote."""
    with Store(tmp_path / "c.db") as store:
        chat = chat_at_first_question(store, GOVERNANCE)
        (proposal,) = chat.reply("partners get to see the decisions")
        assert proposal.kind is Kind.CONFIRM and proposal.proposed == (Stage.COMMUNICATION,)
        assert proposal.because == ()
        assert proposal.text.splitlines()[:2] == [
            "I think that's communication (2); it reads closest to:",
            COMMUNICATION,
        ]
        assert store.answers(chat.assessment.id) == []
        assert chat.reply("yes")[0].text.startswith("That's communication — noted.")
        (saved,) = store.answers(chat.assessment.id)
        assert (saved.answer_value.stage, saved.words) == (
            Stage.COMMUNICATION,
            "partners get to see the decisions",
        )


def test_a_workshop_proposal_quotes_no_verb_to_the_room(tmp_path: Path) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, GOVERNANCE, ("AB, Riverside Council", "CD, NHS Trust"))
        (proposal,) = chat.reply("AB partners get to see the decisions")
        assert proposal.text.splitlines()[:2] == [
            "For AB, I think that's communication (2); it reads closest to:",
            COMMUNICATION,
        ]
        assert chat.reply("yes")[0].text == "Noted: AB 2."


@pytest.mark.parametrize(
    ("question_id", "said", "stage", "quotes"),
    [
        # 'see' alone says nothing of the stage
        (
            "governance.performance_response",
            "the other partners get to see the figures but it is left to the provider",
            Stage.COMMUNICATION,
            (),
        ),
        # 'journey' is the question's word; "journey map" is the coordination keyword's phrase
        (
            "case_management.journey_maps",
            "There's a journey map for the 0-2s, done through the Start for Life work, with "
            "handovers agreed between midwifery, HV and the hub. Nothing beyond that",
            Stage.COORDINATION,
            ("journey map",),
        ),
        # 'give' goes; the phrase that tells stays
        (
            "co_location.joint_working_depth",
            "I'll give the family support worker a ring for advice, but I do my visits and she "
            "does hers.",
            Stage.COMMUNICATION,
            ("ring for advice",),
        ),
        # 'put' and 'Health' go (a verb, a partner's name); the rating said is no quote either
        (
            "governance.senior_resources",
            "I'd give it a 4. Health and the VCS have both put staff in, schools not yet.",
            Stage.COLLABORATION,
            (),
        ),
    ],
)
def test_only_telling_words_are_quoted(
    question_id: str, said: str, stage: Stage, quotes: tuple[str, ...]
) -> None:
    question = QUESTIONS[question_id]
    reading = interpret(said, question, confirming=False, glossary=BANKS.glossary, scale_shown=True)
    assert (reading.decision, reading.stage) == (Decision.CONFIRM, stage)
    message = proposal_message(question, reading, said)
    assert message.because == quotes
    first = message.text.splitlines()[0]
    if quotes:
        assert first.endswith(f"because you said '{quotes[0]}'.")
    else:
        assert first.endswith(("; it reads closest to:", "; it reads closest to these:"))
