"""Non-answers read by what they say, not by how they open (issue 14): talk about the
exchange, the speaker or the room gets no stage and a short nudge back to the question; a
question passed on to someone else is a don't-know; words that only say when ("last month")
make no stage. Each is read by a real conversation over the shipped banks, or by the
interpreter the conversation calls."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import chat_at_first_question

from assessor.answers import Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Conversation, Kind
from assessor.conversation.interpret import Decision, interpret
from assessor.conversation.messages import BotMessage
from assessor.store import Store

BANKS = load_builtin()


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "chat.db") as opened:
        yield opened


def _chat(store: Store, bank_id: str) -> Conversation:
    """A conversation over one shipped bank, at its first question."""
    return chat_at_first_question(store, BANKS.select([bank_id]))


def _recorded(store: Store, chat: Conversation) -> dict[str, str]:
    return {
        a.question_id: a.stage.value if a.stage else str(a.special)
        for a in store.answers(chat.assessment.id)
    }


def _nudged(replies: list[BotMessage], question_text: str) -> bool:
    return (
        len(replies) == 1
        and replies[0].kind is Kind.ERROR
        and replies[0].text.startswith("Back to the question: ")
        and question_text in replies[0].text
        and not replies[0].proposed
    )


@pytest.mark.parametrize(
    ("bank_id", "said"),
    [
        ("governance", "Sorry, my phone keeps buzzing."),
        ("data_sharing", "Sorry, my phone keeps buzzing."),
        ("workforce", "Sorry, my phone keeps buzzing."),
        ("commissioning", "Our manager is off sick this week."),
    ],
)
def test_talk_about_the_speaker_or_the_room_gets_a_nudge(store, bank_id: str, said: str) -> None:
    chat = _chat(store, bank_id)
    question = BANKS.bank(bank_id).questions[0]
    replies = chat.reply(said)
    assert _nudged(replies, question.text), replies
    assert _recorded(store, chat) == {}
    # the nudge asks for the number that fits (1 to 5): "2" is a rating, even where the
    # question counts things
    answered = chat.reply("2")[0].text
    assert answered.startswith("That's communication"), answered


@pytest.mark.parametrize(
    ("question_id", "said"),
    [
        (
            "families.fathers_invited_directly",
            "Sorry, I think I answered the wrong question there.",
        ),
        ("governance.risk_log_partners", "No, sorry, wrong question, ignore that."),
        ("commissioning.early_warning", "Oops, typed in the wrong box."),
        ("governance.board", "The wifi here keeps dropping out."),
        ("families.engagement_stages_helped", "It's been a long week, honestly."),
        ("commissioning.cycle_steps_together", "I'm really tired today."),
        ("governance.hub_team_management", "Good morning!"),
        ("governance.hub_team_management", "Haha, good question."),
        ("families.equality_impact", "Ignore my last answer, that was for the previous question."),
    ],
)
def test_talk_about_the_exchange_is_offered_no_stage(question_id: str, said: str) -> None:
    reading = interpret(said, BANKS.question(question_id), glossary=BANKS.glossary)
    assert reading.decision is Decision.NOT_A_STAGE and reading.off_topic, reading
    assert not reading.candidates


@pytest.mark.parametrize(
    ("bank_id", "said"),
    [
        ("workforce", "Let me ask my colleague, she's in the next room."),
        ("workforce", "I think the other lady from health would know better."),
        ("governance", "That's more for the commissioning lead than me."),
        ("families", "I'm not the right person to ask about this."),
        ("families", "Honestly that's above my pay grade."),
    ],
)
def test_a_question_passed_on_is_a_dont_know(store, bank_id: str, said: str) -> None:
    chat = _chat(store, bank_id)
    question = BANKS.bank(bank_id).questions[0]
    replies = chat.reply(said)
    assert not any(m.proposed for m in replies), replies
    assert _recorded(store, chat) == {question.id: str(Special.DONT_KNOW)}


@pytest.mark.parametrize(
    "question_id", ["governance.board", "families.coproduction_steps", "workforce.joint_plan"]
)
def test_words_that_only_say_when_make_no_stage(question_id: str) -> None:
    """ "last month" is no "monthly"; "last year" no "every year"."""
    for said in (
        "We had a visit from the minister last month, it went well.",
        "We had a really good Ofsted last year actually.",
    ):
        reading = interpret(said, BANKS.question(question_id), glossary=BANKS.glossary)
        assert reading.stage is None and not reading.candidates, (said, reading)


@pytest.mark.parametrize(
    ("question_id", "said"),
    [
        ("co_location.familiar_faces", "Never, I'm afraid."),
        ("co_location.familiar_faces", "Always, sorry to say."),
        ("governance.board", "Sorry, we meet monthly with health and the schools."),
        ("data_sharing.agreements", "Great, every partner has signed the one agreement."),
    ],
)
def test_an_answer_with_talk_around_it_is_still_read(question_id: str, said: str) -> None:
    reading = interpret(said, BANKS.question(question_id), glossary=BANKS.glossary)
    assert reading.stage is not None and not reading.off_topic, reading


def test_a_question_comparing_stages_shows_the_levels_and_offers_none(store) -> None:
    chat = _chat(store, "governance")
    replies = chat.reply("What's the difference between coordination and collaboration again?")
    assert not any(m.proposed for m in replies), replies
    shown = "\n".join(m.text for m in replies)
    assert "coordination" in shown.lower() and "collaboration" in shown.lower()
    assert _recorded(store, chat) == {}
    assert chat.reply("3")[0].text.startswith("That's coordination")


@pytest.mark.parametrize(
    ("said", "special"),
    [
        (
            "We don't have anything to do with the hub buildings, so I can't comment.",
            Special.DONT_KNOW,
        ),
        (
            "We're a small charity, we don't commission anything, so this isn't really for us.",
            Special.NOT_APPLICABLE,
        ),
    ],
)
def test_a_reason_for_not_answering_is_a_dont_know_or_not_applicable(
    said: str, special: Special
) -> None:
    for question_id in ("co_location.buildings_secured", "governance.performance_response"):
        reading = interpret(said, BANKS.question(question_id), glossary=BANKS.glossary)
        assert (reading.stage, reading.special) == (None, special), reading


@pytest.mark.parametrize(
    "said",
    [
        "Just to check, this is about the 0-5 offer, not the youth offer?",
        "Depends what you mean by joint, really.",
        "Not sure I understand the question.",
    ],
)
def test_asking_what_the_question_means_gets_a_nudge(store, said: str) -> None:
    chat = _chat(store, "governance")
    replies = chat.reply(said)
    assert _nudged(replies, BANKS.bank("governance").questions[0].text), replies
    assert _recorded(store, chat) == {}


@pytest.mark.parametrize(
    "said",
    ["You'd be better asking the commissioners that.", "Let me have a look and get back to you."],
)
def test_putting_the_question_off_is_a_dont_know(store, said: str) -> None:
    chat = _chat(store, "commissioning")
    replies = chat.reply(said)
    assert not any(m.proposed for m in replies), replies
    question = BANKS.bank("commissioning").questions[0]
    assert _recorded(store, chat) == {question.id: str(Special.DONT_KNOW)}


@pytest.mark.parametrize(
    "said", ["the 0-5 offer", "our 5-11 year olds", "the 0 to 19 service", "the 19 to 25 offer"]
)
def test_an_age_range_is_no_rating(said: str) -> None:
    from assessor.conversation.understanding.numbers import rated_numbers

    assert rated_numbers(said) == set()
    assert rated_numbers("I'd say 3-4") == {Stage.COORDINATION, Stage.COLLABORATION}


@pytest.mark.parametrize(
    "said",
    [
        "We only run the baby bank, so no view on this.",
        "Sorry, that's a bit beyond me.",
        "Can't answer for the council.",
    ],
)
def test_saying_one_cannot_answer_is_a_dont_know(said: str) -> None:
    for question_id in ("families.missed_groups_tracked", "co_location.familiar_faces"):
        reading = interpret(said, BANKS.question(question_id), glossary=BANKS.glossary)
        assert (reading.stage, reading.special) == (None, Special.DONT_KNOW), reading


def test_if_that_helps_is_no_reason_for_a_stage() -> None:
    """ "The minutes are on SharePoint if that helps" points at evidence; 'helps' is a word of
    politeness, not a reading of the board (it once offered collaboration for it)."""
    question = BANKS.question("governance.board")
    reading = interpret(
        "the minutes are on SharePoint if that helps", question, glossary=BANKS.glossary
    )
    assert reading.decision is Decision.NOT_A_STAGE
    assert reading.stage is None


@pytest.mark.parametrize(
    ("question_id", "said"),
    [
        ("governance.hub_team_management", "Can we wrap up soon? I'm on clinic at two."),
        ("governance.hub_team_management", "Is there much more of this? I've got clinic at three."),
        (
            "families.engagement_stages_helped",
            "How many more questions are there? I have a clinic later.",
        ),
    ],
)
def test_a_question_about_the_session_then_the_speakers_own_news_gets_a_nudge(
    question_id: str, said: str
) -> None:
    """A question to the bot about the session, then the speaker's diary: no answer, even
    where the diary holds a word the question's stages use ("clinic", "two")."""
    reading = interpret(said, BANKS.question(question_id), glossary=BANKS.glossary)
    assert reading.decision is Decision.NOT_A_STAGE and reading.off_topic, reading
    assert not reading.candidates


def test_a_question_back_then_an_answer_is_still_read() -> None:
    reading = interpret(
        "Do you mean our records or the council's? We link siblings on ours.",
        BANKS.question("case_management.whole_family_record"),
        glossary=BANKS.glossary,
    )
    assert reading.stage is not None and not reading.off_topic, reading


@pytest.mark.parametrize(
    ("question_id", "said"),
    [
        (
            "case_management.whole_family_record",
            "Apparently the trust's new system joins up siblings, though I honestly couldn't "
            "say whether our records are part of it.",
        ),
        (
            "data_sharing.agreements",
            "I'm told the council has a data sharing agreement with health, but I couldn't "
            "tell you what's in it.",
        ),
        (
            "governance.icb_attendance",
            "Someone mentioned the ICB were looking at it, but that's all I know.",
        ),
    ],
)
def test_hearsay_about_another_party_beside_a_doubt_is_a_dont_know(
    question_id: str, said: str
) -> None:
    """What another party is said to do is no description of practice the speaker knows:
    with a doubt beside it the answer is a don't-know, not a stage read from the hearsay."""
    reading = interpret(said, BANKS.question(question_id), glossary=BANKS.glossary)
    assert (reading.decision, reading.special) == (Decision.ACCEPT, Special.DONT_KNOW), reading
    assert reading.stage is None


def test_a_hedge_on_ones_own_practice_is_still_read() -> None:
    """ "I believe we link ..." is the speaker's own practice, hedged: a stage to confirm."""
    reading = interpret(
        "I believe we link most of our households now, but I'm not sure about the older records.",
        BANKS.question("case_management.whole_family_record"),
        glossary=BANKS.glossary,
    )
    assert reading.decision is Decision.CONFIRM and reading.stage is not None, reading


@pytest.mark.parametrize(
    ("question_id", "said"),
    [
        ("workforce.reflective_practice", "It really depends on the area and the worker."),
        ("workforce.reflective_practice", "It depends on the worker, some are great."),
    ],
)
def test_saying_only_that_it_depends_gets_a_nudge(store, question_id: str, said: str) -> None:
    """ "It depends" without saying how is no stage: the person is asked the question again."""
    bank_id = question_id.split(".")[0]
    chat = _chat(store, bank_id)
    while chat.current is not None and chat.current.id != question_id:
        chat.reply("skip")
    question = BANKS.question(question_id)
    replies = chat.reply(said)
    assert _nudged(replies, question.text), replies
    assert question_id not in _recorded(store, chat)


def test_it_depends_then_how_is_still_read() -> None:
    reading = interpret(
        "It depends: with health we've signed one agreement, with the schools we haven't.",
        BANKS.question("data_sharing.agreements"),
        glossary=BANKS.glossary,
    )
    assert reading.stage is not None and not reading.off_topic, reading


@pytest.mark.parametrize(
    "question_id",
    [
        "data_sharing.linked_data",
        "case_management.lead_professional",
        "families.community_design_areas",
    ],
)
def test_hope_that_helps_is_talk_even_where_the_stages_say_help(question_id: str) -> None:
    """ "helps" is a word of talk about the exchange: where a question's stages speak of early
    help, "hope that helps!" is still talk, nudged back to the question."""
    reading = interpret("Hope that helps!", BANKS.question(question_id), glossary=BANKS.glossary)
    assert reading.decision is Decision.NOT_A_STAGE and reading.off_topic, reading


@pytest.mark.parametrize(
    ("question_id", "said"),
    [
        (
            "workforce.joint_training",
            "We don't know what the others do. Each team keeps to itself.",
        ),
        ("integration.relational_reach", "Honestly we don't know what each other are doing."),
    ],
)
def test_partners_unaware_of_each_other_describe_isolation(question_id: str, said: str) -> None:
    """ "We don't know what the others do" says how apart the partners work, not that the
    speaker cannot answer."""
    reading = interpret(said, BANKS.question(question_id), glossary=BANKS.glossary)
    assert reading.special is None
    assert reading.stage is Stage.ISOLATION


@pytest.mark.parametrize(
    "said", ["I don't know what the others do", "we don't know who else is involved, I'd guess"]
)
def test_the_speakers_own_not_knowing_is_still_a_dont_know(said: str) -> None:
    reading = interpret(said, BANKS.question("workforce.joint_training"), glossary=BANKS.glossary)
    assert reading.special is Special.DONT_KNOW


@pytest.mark.parametrize(
    "said",
    [
        "There's a joint protocol, but the frontline staff don't really know it exists.",
        "We agreed one, but the practitioners in the schools don't know about it.",
    ],
)
def test_what_others_do_not_know_is_no_dont_know(said: str) -> None:
    """Others who do not know of something describe the practice; the speaker has answered."""
    reading = interpret(said, BANKS.question("integration.lead_partners"), glossary=BANKS.glossary)
    assert reading.special is None


def test_a_dont_know_of_the_speakers_beside_others_is_still_one() -> None:
    reading = interpret(
        "they don't know, and I don't know either",
        BANKS.question("integration.lead_partners"),
        glossary=BANKS.glossary,
    )
    assert reading.special is Special.DONT_KNOW
