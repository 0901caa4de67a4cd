"""Asking what a term means in the middle of a question, in the engine, the plain chat (a real
process) and the app (the Pilot): the glossary answers, the question stays open, and the answer
that follows is stored for that question."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import found_in
from test_tui import Clock, bot_texts, say, settle
from textual.content import Content

from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Kind, conversation_for
from assessor.sessions import begin
from assessor.store import Store
from assessor.store.records import Mode
from assessor.tui.app import AssessorApp
from assessor.tui.widgets import BotBubble

GOVERNANCE = load_builtin().select(["governance"])
FIRST = GOVERNANCE.questions[0].id
JSNA = GOVERNANCE.glossary.find("JSNA")
TAF = GOVERNANCE.glossary.find("TAF")


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "chat.db") as opened:
        yield opened


def chat_for(store: Store, mode: Mode = "individual"):
    assessment = begin(store, "Northshire", GOVERNANCE, mode=mode)
    chat = conversation_for(store, assessment.id, GOVERNANCE)
    chat.start()
    return chat


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("what is JSNA?", "JSNA"),
        ("what does TAF mean", "TAF"),
        ("what's an ICB", "ICB"),
        ("JSNA?", "JSNA"),
        ("define section 75", "section 75"),
        ("meaning of theory of change", "theory of change"),
        ("What are ICBs?", "ICB"),
        ("what is MASH?", "MASH"),
        ("what does SPA mean", "SPA"),
        ("EHA?", "EHA"),
        ("what's EHM", "EHM"),
    ],
)
def test_a_term_asked_mid_question_is_defined_and_the_question_stays(
    store: Store, said: str, name: str
) -> None:
    chat = chat_for(store)
    (reply,) = chat.reply(said)
    assert reply.kind is Kind.DEFINITION and reply.question_id == FIRST
    defined = GOVERNANCE.glossary.find(name)
    assert defined is not None and reply.definition is not None
    assert (reply.definition.term, reply.definition.meaning) == (defined.term, defined.definition)
    assert reply.text.startswith(f"{defined.heading}: {defined.definition}")
    assert chat.state.current_question_id == FIRST
    assert store.answers(chat.assessment.id) == []  # nothing taken as an answer
    assert chat.reply("3")[0].text.startswith("That's coordination — noted.")
    [answer] = store.answers(chat.assessment.id)
    assert (answer.question_id, answer.stage, answer.words) == (FIRST, Stage.COORDINATION, "3")


def test_a_proposal_waits_while_a_term_is_explained(store: Store) -> None:
    chat = chat_for(store)
    assert chat.reply("maybe 4")[0].kind is Kind.CONFIRM
    (reply,) = chat.reply("sorry, what does TAF stand for?")
    assert reply.definition is not None and reply.definition.term == "TAF"
    assert chat.state.proposed == (Stage.COLLABORATION,)
    assert chat.reply("yes")[0].text.startswith("That's collaboration — noted.")
    [answer] = store.answers(chat.assessment.id)
    assert (answer.question_id, answer.stage) == (FIRST, Stage.COLLABORATION)


def test_an_unknown_term_is_said_in_one_sentence_and_the_question_stays(store: Store) -> None:
    chat = chat_for(store)
    assert GOVERNANCE.glossary.find("HMRC") is None
    (reply,) = chat.reply("what does HMRC mean?")
    assert reply.kind is Kind.DEFINITION
    assert reply.text == "'HMRC' isn't in the glossary, so I can't say what it means here."
    assert reply.definition is not None and reply.definition.term is None
    assert chat.state.current_question_id == FIRST and store.answers(chat.assessment.id) == []


@pytest.mark.parametrize(
    "said", ["what is the point, we don't have a board", "what is coordination?", "coordination?"]
)
def test_an_answer_or_a_stage_word_is_not_taken_for_a_term(store: Store, said: str) -> None:
    chat = chat_for(store)
    assert all(m.kind is not Kind.DEFINITION for m in chat.reply(said))


def test_a_workshop_asking_a_term_mid_rating_records_no_rating(store: Store) -> None:
    chat = conversation_for(
        store, begin(store, "Riverside", GOVERNANCE, mode="workshop").id, GOVERNANCE
    )
    chat.start()
    for person in ("AB, Riverside Council", "CD, NHS Trust"):
        chat.reply(f"add {person}")
    chat.reply("ready")
    chat.reply("AB 3")
    (reply,) = chat.reply("what is a JSNA?")
    assert reply.definition is not None and reply.definition.term == "JSNA"
    voices = store.answers(chat.assessment.id, voices=True)
    assert [(a.question_id, a.stage) for a in voices] == [(FIRST, Stage.COORDINATION)]
    assert all(m.kind is not Kind.DEFINITION for m in chat.reply("CD?"))  # initials, not a term
    assert chat.reply("CD 3")[0].text.startswith("Noted: CD")


def test_the_plain_chat_defines_a_term_then_stores_the_answer(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    chat = ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"]
    result = subprocess.run(
        [sys.executable, "-m", "assessor", *chat, "--db", str(db)],
        input="what is JSNA?\nwhat does HMRC mean\n2\npause\n",
        capture_output=True,
        text=True,
        env={**os.environ, "ASSESSOR_DB": ""},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert JSNA is not None
    assert f"{JSNA.heading}: {JSNA.definition}\nThe question is still open" in out
    assert "'HMRC' isn't in the glossary, so I can't say what it means here." in out
    assessment_id = found_in(r"assessor resume (\w+)", out)
    with Store(db) as opened:
        answers = [(a.question_id, a.stage) for a in opened.answers(assessment_id)]
    assert answers == [(FIRST, Stage.COMMUNICATION)]


def test_the_plain_chat_says_what_mash_spa_eha_and_ehm_are(tmp_path: Path) -> None:
    # the room's words for the safeguarding hub, the front door, the assessment and the record
    db = tmp_path / "plain.db"
    chat = ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"]
    result = subprocess.run(
        [sys.executable, "-m", "assessor", *chat, "--db", str(db)],
        input="what is MASH?\nSPA?\nwhat does EHA stand for\ndefine EHM\n2\npause\n",
        capture_output=True,
        text=True,
        env={**os.environ, "ASSESSOR_DB": ""},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    for name, heading in (
        ("MASH", "MASH (multi-agency safeguarding hub)"),
        ("SPA", "SPA (single point of access)"),
        ("EHA", "EHA (early help assessment)"),
        ("EHM", "EHM (early help module)"),
    ):
        term = GOVERNANCE.glossary.find(name)
        assert term is not None and term.heading == heading
        assert f"{heading}: {' '.join(term.definition.split())} The question is still open" in out
    assert "isn't in the glossary" not in out
    assessment_id = found_in(r"assessor resume (\w+)", result.stdout)
    with Store(db) as opened:
        answers = [(a.question_id, a.stage) for a in opened.answers(assessment_id)]
    assert answers == [(FIRST, Stage.COMMUNICATION)]


def test_the_app_defines_a_term_in_a_bubble_then_stores_the_answer(tmp_path: Path) -> None:
    db = tmp_path / "app.db"

    async def run() -> None:
        app = AssessorApp(db, GOVERNANCE, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            await pilot.click("#partnership")
            await pilot.press(*"Riverside", "enter")
            await settle(pilot, app)
            await say(pilot, app, "what does TAF mean")
            bubble = list(app.screen.query(BotBubble))[-1]
            assert "definition" in bubble.classes
            shown = bubble.render()
            assert TAF is not None and str(shown).startswith(f"{TAF.heading}: {TAF.definition}")
            assert isinstance(shown, Content)
            bold = [shown.plain[s.start : s.end] for s in shown.spans if "bold" in str(s.style)]
            assert bold == [TAF.heading]
            assert app.screen.query_one("#stage-4").display  # still asking the question
            await say(pilot, app, "4")
            assert any(t.startswith("That's collaboration — noted.") for t in bot_texts(app))

    asyncio.run(run())
    with Store(db) as opened:
        (assessment,) = opened.assessments()
        answers = [(a.question_id, a.stage) for a in opened.answers(assessment.id)]
    assert answers == [(FIRST, Stage.COLLABORATION)]
