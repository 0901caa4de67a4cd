"""A line typed while someone's words wait for a yes: "CD 3" for CD is CD's answer (an explicit
rating outranks a proposal) and CD's words stay as their note; "AB 3" rates AB and CD's proposal
is asked again, for the next "yes" to take."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_workshop import workshop

from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Kind
from assessor.store import Store

CD_SAYS = "CD: we only swap newsletters, and the odd email"
CD_WORDS = "we only swap newsletters, and the odd email"


@pytest.fixture
def room(tmp_path: Path):
    """A workshop on governance with AB, CD and EF; CD's words put back as communication."""
    with Store(tmp_path / "w.db") as store:
        chat = workshop(
            store,
            load_builtin().select(["governance"]),
            ("AB, Riverside Council", "CD, NHS Trust", "EF, NHS Trust"),
        )
        (proposal,) = chat.reply(CD_SAYS)
        assert proposal.kind is Kind.CONFIRM
        assert proposal.text.startswith("For CD, I think that's communication (2)")
        assert chat.state.proposed == (Stage.COMMUNICATION,)
        yield store, chat


def saved(store: Store, chat) -> dict[str, tuple[str, str, str]]:
    """Per person: the stage saved for them, their note and the words it was saved with."""
    names = {p.id: p.name for p in store.participants(chat.assessment.id)}
    return {
        names[a.participant_id]: (a.answer_value.label, a.note, a.words)
        for a in store.answers(chat.assessment.id, voices=True)
        if a.participant_id is not None
    }


def test_cds_own_rating_is_their_answer_and_their_words_their_note(room) -> None:
    store, chat = room
    noted, so_far = chat.reply("CD 3")
    assert noted.kind is Kind.ACK
    assert noted.text == (
        "Noted: CD 3. CD's rating replaces the communication (2) proposed; CD's words are kept "
        "as their note."
    )
    assert so_far.text == "So far: CD 3. Still to rate: AB, EF."
    assert chat.state.proposed == ()  # nothing waits for a yes now
    assert saved(store, chat) == {"CD": ("coordination", CD_WORDS, f"{CD_SAYS} / CD 3")}
    # the question put back is closed: a yes now takes nothing for CD
    assert chat.reply("yes")[0].kind is Kind.ERROR
    assert saved(store, chat)["CD"][0] == "coordination"


def test_a_bare_rating_for_cd_says_the_same(room) -> None:
    store, chat = room
    noted, _ = chat.reply("4")
    assert noted.text == (
        "Noted: CD 4. CD's rating replaces the communication (2) proposed; CD's words are kept "
        "as their note."
    )
    assert saved(store, chat) == {"CD": ("collaboration", CD_WORDS, f"{CD_SAYS} / 4")}


def test_cds_rating_of_the_stage_proposed_keeps_the_words_too(room) -> None:
    store, chat = room
    noted, _ = chat.reply("CD 2")
    assert noted.text == "Noted: CD 2."
    assert saved(store, chat) == {"CD": ("communication", CD_WORDS, f"{CD_SAYS} / CD 2")}


def test_someone_elses_rating_leaves_cds_proposal_waiting(room) -> None:
    store, chat = room
    noted, asked_again = chat.reply("AB 3")
    assert noted.text == "Noted: AB 3."
    assert asked_again.kind is Kind.CONFIRM
    assert asked_again.text.startswith("For CD, I think that's communication (2)")
    assert chat.state.proposed == (Stage.COMMUNICATION,)
    assert saved(store, chat) == {"AB": ("coordination", "", "AB 3")}
    noted, so_far = chat.reply("yes")
    assert noted.text == "Noted: CD 2."
    assert so_far.text == "So far: AB 3, CD 2. Still to rate: EF."
    assert saved(store, chat)["CD"] == ("communication", CD_WORDS, f"{CD_SAYS} / yes")


def test_a_line_rating_cd_and_another_closes_cds_proposal(room) -> None:
    store, chat = room
    noted, so_far = chat.reply("AB 3, CD 4")
    assert noted.text == (
        "Noted: AB 3, CD 4. CD's rating replaces the communication (2) proposed; CD's words are "
        "kept as their note."
    )
    assert so_far.text == "So far: AB 3, CD 4. Still to rate: EF."
    assert chat.state.proposed == ()
    assert saved(store, chat)["CD"] == ("collaboration", CD_WORDS, f"{CD_SAYS} / AB 3, CD 4")


def test_another_line_than_ratings_still_lets_the_proposal_go(room) -> None:
    """'reveal', 'done' and the like move on from the proposal, the words kept as before."""
    store, chat = room
    chat.reply("done")
    assert chat.state.proposed == ()
    assert chat.reply("CD 4")[0].text == "Noted: CD 4."
    assert saved(store, chat)["CD"][:2] == ("collaboration", CD_WORDS)


def test_one_of_an_organisation_rated_leaves_the_proposal_for_the_other(tmp_path: Path) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(
            store,
            load_builtin().select(["governance"]),
            ("AB, Riverside Council", "CD, NHS Trust", "EF, NHS Trust"),
        )
        (proposal,) = chat.reply("NHS Trust: we only swap newsletters, and the odd email")
        assert proposal.text.startswith("For NHS Trust, I think that's communication (2)")
        noted, asked_again = chat.reply("CD 3")
        assert noted.text == (
            "Noted: CD 3. CD's rating replaces the communication (2) proposed; CD's words are "
            "kept as their note."
        )
        assert asked_again.text.startswith("For EF, I think that's communication (2)")
        assert chat.reply("yes")[0].text == "Noted: EF 2."
        said = "NHS Trust: we only swap newsletters, and the odd email"
        assert saved(store, chat) == {
            "CD": ("coordination", CD_WORDS, f"{said} / CD 3"),
            "EF": ("communication", CD_WORDS, f"{said} / yes"),
        }
