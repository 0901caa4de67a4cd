"""Workshop lines in words: each person's part read as one voice's answer is read.

"AB coord", "GH dunno", "EF thinks it's more like collaboration", "CD: we only swap
newsletters": clear parts are rated with the words kept as that person's note, unclear ones are
put back for that person, and words that are no rating are refused naming the person.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import settle
from test_plain_chat import run
from test_tui import Clock, bot_texts, say
from test_workshop import ROSTER
from textual.widgets import Input

from assessor.analysis.workshop import parse_ratings
from assessor.banks import load_builtin
from assessor.conversation import Kind, conversation_for
from assessor.conversation.workshop import WorkshopConversation, names_a_person
from assessor.conversation.workshop.proposals import read_words
from assessor.sessions import begin
from assessor.store import Store
from assessor.tui.app import AssessorApp

GOVERNANCE = load_builtin().select(["governance"])


@pytest.fixture
def room(tmp_path: Path):
    """A workshop on governance with AB (council), CD and EF (NHS) and GH (Family Action)."""
    with Store(tmp_path / "w.db") as store:
        workshop = begin(store, "Riverside", GOVERNANCE, mode="workshop")
        for name, organisation in (
            ("AB", "Riverside Council"),
            ("CD", "NHS Trust"),
            ("EF", "NHS Trust"),
            ("GH", "Family Action"),
        ):
            store.add_participant(workshop.id, name, organisation, "Lead")
        chat = conversation_for(store, workshop.id, GOVERNANCE)
        assert isinstance(chat, WorkshopConversation)
        chat.start()
        yield store, chat


def voices(store: Store, chat: WorkshopConversation) -> dict[str, tuple[str, str]]:
    names = {p.id: p.name for p in store.participants(chat.assessment.id)}
    return {
        names[a.participant_id]: (a.answer_value.label, a.note)
        for a in store.answers(chat.assessment.id, voices=True)
        if a.participant_id is not None
    }


def test_words_the_single_chat_reads_are_ratings_after_a_name() -> None:
    """ "AB dunno" was refused in a workshop though "dunno" works alone: one word list now."""
    parsed = parse_ratings("AB dunno, CD coord, EF collab, GH idk", ROSTER)
    assert [(r.participant.name, r.answer.label) for r in parsed.ratings if r.answer] == [
        ("AB", "don't know"),
        ("CD", "coordination"),
        ("EF", "collaboration"),
        ("GH", "don't know"),
    ]
    assert parsed.problems == []


def test_a_line_in_words_is_rated_with_each_persons_words_as_their_note(room) -> None:
    store, chat = room
    replies = chat.reply("EF thinks it's more like collaboration, AB coord, GH dunno")
    assert replies[0].kind is Kind.ACK
    assert replies[0].text == "Noted: EF 4, AB 3, GH don't know."  # in the order said
    assert replies[1].text == "So far: AB 3, EF 4, GH don't know. Still to rate: CD."
    assert voices(store, chat) == {
        "AB": ("coordination", ""),
        "GH": ("don't know", ""),
        "EF": ("collaboration", "thinks it's more like collaboration"),
    }


def test_a_part_that_is_not_clear_is_put_back_for_that_person(room) -> None:
    store, chat = room
    replies = chat.reply("AB 3, CD: we only swap newsletters, and the odd email")
    assert [m.kind for m in replies] == [Kind.ACK, Kind.CONFIRM]
    assert replies[0].text == "Noted: AB 3."
    proposal = replies[1]
    assert proposal.text.startswith(
        "For CD, I think that's communication (2), because you said 'newsletters' and 'email'.\n"
    )
    assert proposal.text.endswith(
        "Is that right? Say yes, or give CD's rating another way ('CD 2', 'CD not sure')."
    )
    assert chat.state.proposed == proposal.proposed
    assert chat.next_to_rate().name == "CD"  # whom a bare rating (the app's buttons) is for
    assert "CD" not in voices(store, chat)  # nothing guessed for CD
    (noted, so_far) = chat.reply("yes")
    assert noted.text == "Noted: CD 2."
    assert so_far.text == "So far: AB 3, CD 2. Still to rate: EF, GH."
    assert voices(store, chat)["CD"] == (
        "communication",
        "we only swap newsletters, and the odd email",
    )


def test_two_stages_put_back_need_one_and_a_no_keeps_the_words(room) -> None:
    store, chat = room
    (proposal,) = chat.reply("EF 3 or 4")
    assert proposal.text.startswith(
        "For EF, I think that's between coordination (3) and collaboration (4), because you said "
        "'3 or 4'."
    )
    assert proposal.text.endswith("Which is closer? Give EF's rating: 'EF 3' or 'EF 4'.")
    assert chat.reply("yes")[0].text == "Which is closer for EF? 'EF 3' or 'EF 4'."
    assert chat.reply("levels")[0].kind is Kind.HELP  # a look-up: the proposal waits
    assert chat.state.proposed
    assert chat.reply("no")[0].text == (
        "Then what is EF's rating? For example 'EF 2' or 'EF not sure'."
    )
    assert not chat.state.proposed
    assert chat.reply("EF 4")[0].text == "Noted: EF 4."
    assert voices(store, chat)["EF"] == ("collaboration", "3 or 4")  # the words said first


def test_words_that_are_no_rating_are_refused_naming_the_person(room) -> None:
    store, chat = room
    refused, still = chat.reply("GH the car park is full again")
    assert refused.kind is Kind.ERROR
    assert refused.text == (
        "Nothing saved for GH: 'the car park is full again' is not a rating (give 1 to 5, a "
        "stage, 'not sure' or 'abstain')."
    )
    assert still.text.endswith("Still to rate: AB, CD, EF, GH.")
    replies = chat.reply("AB 2, CD 9")
    assert replies[0].text == "Noted: AB 2."
    assert replies[1].text.startswith("Nothing saved for CD: '9' is not a rating")
    assert voices(store, chat) == {"AB": ("communication", "")}


def test_the_plain_workshop_reads_lines_in_words(tmp_path: Path) -> None:
    result = run(
        [
            "chat",
            "--plain",
            "--workshop",
            "--partnership",
            "L",
            "--banks",
            "governance",
            *("--participant", "AB, L Council, Lead", "--participant", "CD, L NHS, Lead"),
        ],
        ["AB dunno, CD: we only swap newsletters", "yes", "agree"],
        tmp_path / "w.db",
    )
    assert result.returncode == 0, result.stderr
    assert "Noted: AB don't know.\n" in result.stdout
    assert "For CD, I think that's communication (2), because you said 'newsletters'." in (
        result.stdout
    )
    assert "Noted: CD 2." in result.stdout
    assert "Agreed: communication (2)." in result.stdout


def test_the_ready_words_are_the_conversations_own() -> None:
    """The app took 'all here' as a person to add, though the workshop starts on it."""
    assert not names_a_person("all here")
    assert not names_a_person("That's everyone.")
    assert names_a_person("AB, Riverside Council, Early help lead")
    assert names_a_person("Helen")


def test_the_app_roster_and_ratings_in_words(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "app.db"

    async def run_app() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            await pilot.click("#partnership")
            await pilot.press(*"Riverside")
            await pilot.click("#workshop")
            await pilot.click("#begin")
            await settle(pilot, app)
            screen = app.screen
            await say(pilot, app, "AB, Riverside Council, Early help lead")
            await say(pilot, app, "CD, NHS Trust")
            await say(pilot, app, "all here")  # starts: nobody called "all here" is added
            assert "Who oversees the work?" in bot_texts(app)[-1]
            assert not any("all here" in t for t in bot_texts(app))
            await say(pilot, app, "dunno")  # a bare rating in the room's words: AB's
            assert bot_texts(app)[-2] == "Noted: AB don't know."
            await say(pilot, app, "CD: maybe partners Send updates when someone asks")
            assert bot_texts(app)[-1].startswith(
                "For CD, I think that's communication (2), because you said "
                "'Send updates when someone asks'."
            )
            assert "proposed" in screen.query_one("#level-communication").classes
            assert screen.query_one("#yes").display
            assert "CD's rating" in screen.query_one("#answer", Input).placeholder
            await pilot.click("#yes")
            await settle(pilot, app)
            assert any(t == "Noted: CD 2." for t in bot_texts(app))

    asyncio.run(run_app())
    with Store(db) as store:
        (assessment,) = store.assessments()
        assert [p.name for p in store.participants(assessment.id)] == ["AB", "CD"]
        notes = {a.participant_id: a.note for a in store.answers(assessment.id, voices=True)}
        assert sorted(notes.values()) == ["", "maybe partners Send updates when someone asks"]


def test_a_number_said_in_words_is_a_rating_on_a_question_that_counts() -> None:
    """The room rates against the stages its question lists numbered: "EF 3 I reckon" is EF's
    3 as "EF 3" is, even on a question that asks how many; a number reckoned as a count
    ("about 4") is still put back to the room."""
    question = GOVERNANCE.question("governance.performance_response")
    parsed = parse_ratings("EF 3 I reckon, CD: I'd say 2, GH about 4", ROSTER)
    proposals, refused = read_words(question, "EF 3 I reckon, CD: I'd say 2, GH about 4", parsed)
    assert [(r.participant.name, r.answer.label) for r in parsed.ratings if r.answer] == [
        ("EF", "coordination"),
        ("CD", "communication"),
    ]
    assert [p.whom for p in proposals] == ["GH"] and refused == []
