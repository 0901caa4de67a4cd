"""The interpreter over a corpus of real-sounding answers (tests/data/utterances.yaml)."""

from __future__ import annotations

import pytest
import yaml
from conftest import DATA

from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Conversation, Kind
from assessor.conversation.interpret import Decision, interpret
from assessor.store import BankUse, Store

CORPUS = yaml.safe_load((DATA / "utterances.yaml").read_text(encoding="utf-8"))
# Answers the interpreter reads otherwise than the corpus expects, with how it reads them: each
# is an expected failure, strictly, so that an entry cannot outlive the disagreement.
DISAGREEMENTS = yaml.safe_load((DATA / "utterance_disagreements.yaml").read_text(encoding="utf-8"))
CASES = [
    (qid, str(text), str(expected))
    for qid, rows in CORPUS.items()
    for text, expected in rows.items()
]


def _case(question_id: str, text: str, expected: str) -> object:
    read_as = DISAGREEMENTS.get(question_id, {}).get(text)
    if read_as is None:
        return pytest.param(question_id, text, expected)
    reason = f"the interpreter reads this as {read_as}, the corpus expects {expected}"
    return pytest.param(
        question_id, text, expected, marks=pytest.mark.xfail(strict=True, reason=reason)
    )


BANKS = load_builtin()


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 80
    kinds = {expected.split(":")[0] for _, _, expected in CASES}
    assert {"confirm", "not-a-stage", "dont-know", "not-applicable", "command", "split"} <= kinds
    assert {"command:define", "command:explain"} <= {expected for _, _, expected in CASES}
    assert any(expected in Stage.__members__.values() for _, _, expected in CASES)
    questions = {qid for qid, _, _ in CASES}
    assert len(questions) >= 8 and len({qid.split(".")[0] for qid in questions}) >= 4


def test_every_disagreement_is_a_case_of_the_corpus() -> None:
    cases = {(qid, text) for qid, text, _ in CASES}
    listed = {(qid, text) for qid, rows in DISAGREEMENTS.items() for text in rows}
    assert listed <= cases, listed - cases


@pytest.mark.parametrize(("question_id", "text", "expected"), [_case(*c) for c in CASES])
def test_reading(question_id: str, text: str, expected: str) -> None:
    reading = interpret(text, BANKS.question(question_id), glossary=BANKS.glossary)
    shown = reading.as_json()
    offered = [s.value for s, _ in reading.candidates]
    if expected in {s.value for s in Stage}:
        assert reading.decision is Decision.ACCEPT, shown
        assert reading.stage == Stage(expected) and reading.special is None, shown
        assert offered == [expected], shown
    elif expected.startswith(("confirm", "split")):
        assert reading.decision is Decision.CONFIRM, shown
        assert reading.special is None and reading.stage is not None, shown
        assert reading.stage.value in offered, shown
        assert reading.split is expected.startswith("split"), shown
        if ":" in expected:
            assert offered == expected.split(":")[1].split(","), shown
    elif expected.startswith("never:"):
        unwanted = expected.split(":")[1]
        assert reading.decision in (Decision.CONFIRM, Decision.NOT_A_STAGE), shown
        assert unwanted not in offered, shown
    elif expected == "not-a-stage":
        assert reading.decision is Decision.NOT_A_STAGE, shown
        assert reading.stage is None and reading.special is None
    elif expected in ("dont-know", "not-applicable"):
        assert reading.decision is Decision.ACCEPT and reading.stage is None, shown
        assert reading.special == expected, shown
    else:
        assert expected.startswith("command:"), expected
        assert reading.decision is Decision.COMMAND, shown
        assert reading.command is not None and reading.command.command == expected.split(":")[1]


def test_a_note_travels_with_a_clear_answer() -> None:
    reading = interpret(
        "3 - we have an ISA but it's rarely used", BANKS.question("data_sharing.agreements")
    )
    assert (reading.decision, reading.stage) == (Decision.ACCEPT, Stage.COORDINATION)
    assert reading.note == "we have an ISA but it's rarely used"


def test_negated_stage_is_ruled_out_not_chosen() -> None:
    reading = interpret(
        "we don't have a shared case record yet", BANKS.question("case_management.case_system")
    )
    assert reading.stage is None
    assert Stage.INTEGRATION in reading.ruled_out


def test_yes_and_no_are_commands_only_when_confirming() -> None:
    question = BANKS.question("governance.board")
    said_yes = interpret("yes", question, confirming=True).command
    said_no = interpret("nope", question, confirming=True).command
    assert said_yes is not None and said_yes.command == "yes"
    assert said_no is not None and said_no.command == "no"
    assert interpret("yes", question).decision is Decision.NOT_A_STAGE


def test_bank_phrases_said_plainly_are_taken_as_their_stage() -> None:
    """Clear answers are not sent to confirmation: a bank's own phrase, said as written, is
    accepted as its stage (a few collide with another stage's words and are asked about), and
    never accepted as another stage."""
    said = [
        (question, stage, phrase)
        for question in BANKS.questions
        for stage in Stage
        for phrase in question.keywords.for_stage(stage)
    ]
    readings = [(stage, interpret(phrase, question)) for question, stage, phrase in said]
    accepted = [(stage, r) for stage, r in readings if r.decision is Decision.ACCEPT]
    assert all(r.stage is stage for stage, r in accepted)
    assert len(accepted) >= 0.97 * len(said)
    for question in BANKS.questions:
        for text, stage in (
            ("3", "coordination"),
            ("colaboration", "collaboration"),
            ("b", "communication"),
        ):
            reading = interpret(text, question)
            # to "how many…?" a number alone may be the count: asked about, never taken
            counted = text.isdigit() and "how many" in question.text.lower()
            decided = Decision.CONFIRM if counted else Decision.ACCEPT
            assert (reading.decision, reading.stage) == (decided, Stage(stage)), question.id


@pytest.mark.parametrize(
    ("reply", "command"),
    [
        *(
            (said, "yes")
            for said in (
                "yeah I guess",
                "yes probably",
                "pretty much",
                "more or less",
                "sort of",
                "yeah",
                "yep",
                "yup",
                "aye",
                "correct",
                "that's it",
                "exactly",
                "more or less, yes",
                "i suppose so",
            )
        ),
        *(
            (said, "no")
            for said in ("probably not", "I guess not", "i don't think so", "not really")
        ),
    ],
)
def test_a_shrug_at_a_proposal_is_a_yes_or_a_no(reply: str, command: str) -> None:
    question = BANKS.question("governance.board")
    reading = interpret(reply, question, confirming=True)
    assert reading.decision is Decision.COMMAND, reading.as_json()
    assert reading.command is not None and reading.command.command == command
    # away from a proposal a shrug is no answer at all
    assert interpret(reply, question).decision is not Decision.ACCEPT


def test_a_stage_said_with_a_shrug_at_a_proposal_is_that_stage() -> None:
    question = BANKS.question("governance.board")
    reading = interpret("sort of 3", question, confirming=True)
    assert (reading.decision, reading.stage) == (Decision.CONFIRM, Stage.COORDINATION)
    reading = interpret("yes 4", question, confirming=True)
    assert (reading.decision, reading.stage) == (Decision.ACCEPT, Stage.COLLABORATION)


def test_a_lukewarm_yes_in_the_chat_records_the_proposed_stage(tmp_path, two_banks) -> None:
    with Store(tmp_path / "chat.db") as store:
        banks = [BankUse(bank_id=b.id, version=b.version) for b in two_banks.banks]
        assessment = store.create_assessment("Northshire", banks)
        chat = Conversation(store, assessment.id, two_banks)
        chat.start()
        (confirm,) = chat.reply("maybe 4")
        assert confirm.kind is Kind.CONFIRM
        replies = chat.reply("yeah I guess")
        assert replies[0].text.startswith("That's collaboration — noted."), replies[0].text
        (answer,) = store.answers(assessment.id)
        assert (answer.question_id, answer.stage) == ("sample.board", Stage.COLLABORATION)
