"""The room's core: joining with the code, tokens that rate as one person only, blind ratings
until the reveal (for the facilitator too), the reveal, and a room reopened after a restart."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from assessor.analysis.workshop import parse_ratings, sectors_of
from assessor.banks import load_builtin
from assessor.conversation import conversation_for
from assessor.conversation.workshop import WorkshopConversation
from assessor.room.keys import token_for
from assessor.room.room import RATINGS_PER_MINUTE, WRONG_CODES_PER_MINUTE, Refused, Room
from assessor.sessions import begin
from assessor.store import Store

BANKS = load_builtin().select(["governance"])


class Clock:
    """Time the limiter reads, moved on by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _workshop(store: Store) -> WorkshopConversation:
    assessment = begin(store, "Riverside", BANKS, mode="workshop")
    conversation = conversation_for(store, assessment.id, BANKS)
    assert isinstance(conversation, WorkshopConversation)
    conversation.start()
    return conversation


def _room(tmp_path: Path, clock: Clock | None = None) -> tuple[Room, list[str]]:
    """A room over a new workshop, and the facilitator's transcript as the room tells it."""
    store = Store(tmp_path / "room.db")
    room = Room.open(_workshop(store), clock or Clock())
    heard: list[str] = []
    room.listen(lambda messages: heard.extend(m.text for m in messages))
    return room, heard


def _three(room: Room) -> list[str]:
    code = room.keys.code
    return [
        room.join(code, "AB", "Riverside Council", "council", "10.0.0.1").token,
        room.join(code, "CD", "Riverside NHS Trust", "health", "10.0.0.2").token,
        room.join(code, "EF", "Home-Start Riverside", "voluntary", "10.0.0.3").token,
    ]


def _shown_to(room: Room, token: str) -> str:
    return json.dumps(room.participant_view(token).model_dump())


def test_nobody_sees_a_rating_before_the_reveal_not_even_the_facilitator(tmp_path: Path) -> None:
    room, heard = _room(tmp_path)
    ab, cd, ef = _three(room)
    replies = [m.text for m in room.reply("ready")]
    question = room.participant_view(ab).question
    assert question is not None and room.participant_view(ab).phase == "rating"
    room.rate(ab, question.id, "2", "Only the newsletter reaches us, zebra-comment")
    room.rate(cd, question.id, "not-applicable", "")
    room.rate(cd, question.id, "5", "We decide everything together, quokka-comment")
    replies += [m.text for m in room.reply("progress")]
    replies += [m.text for m in room.reply("done")]
    replies += [m.text for m in room.reply("no")]
    panel = json.dumps(room.facilitator_view().model_dump())
    told = "\n".join(replies + heard)
    ab_sees, cd_sees, ef_sees = (_shown_to(room, t) for t in (ab, cd, ef))
    ab_label, cd_label = ('"label": "2 Communication"', '"label": "5 Integration"')
    for secret in ("zebra", "quokka", ab_label, cd_label, "not-applicable", '"stage"'):
        assert secret not in panel and secret not in ef_sees and secret not in told
    assert not re.search(r"\b(AB|CD):? (2|5|not applicable|n/a)\b", told, re.IGNORECASE)
    ab_rating, cd_rating = ("zebra", ab_label), ("quokka", cd_label)
    for secret in cd_rating:
        assert secret not in ab_sees and secret in cd_sees
    for secret in ab_rating:
        assert secret not in cd_sees and secret in ab_sees
    # each sees their own, and only how many have rated
    assert room.participant_view(ab).mine.label == "2 Communication"  # type: ignore[union-attr]
    assert room.participant_view(ef).mine is None
    assert (room.participant_view(ef).rated, room.participant_view(ef).of) == (2, 3)
    states = {r.person.name: r.state for r in room.facilitator_view().roster}
    assert states == {"AB": "rated", "CD": "rated", "EF": "not yet"}
    assert "Rated (2): AB, CD. Still to rate: EF." in replies[-1]


def test_the_room_agrees_only_what_it_has_seen(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    ab, _cd, _ef = _three(room)
    room.reply("ready")
    question = room.participant_view(ab).question
    assert question is not None
    assert "Nobody has rated this yet." in room.reply("reveal")[0].text
    room.rate(ab, question.id, "3", "")
    for line in ("agree 3 because we said so", "no consensus"):
        (refused,) = room.reply(line)
        assert refused.text.startswith("Reveal the ratings first")
    assert room.conversation.store.answer(room.conversation.assessment.id, question.id) is None


def test_everyone_rated_reveals_the_spread_on_every_device(tmp_path: Path) -> None:
    room, heard = _room(tmp_path)
    ab, cd, ef = _three(room)
    room.reply("ready")
    question = room.participant_view(ab).question
    assert question is not None
    room.rate(ab, question.id, "2", "Each agency decides alone")
    room.rate(cd, question.id, "4", "")
    assert room.participant_view(ab).reveal is None
    room.rate(ef, question.id, "dont-know", "")
    for token in (ab, cd, ef):
        view = room.participant_view(token)
        assert view.phase == "revealed" and view.reveal is not None
        assert [(d.person.name, d.stage, d.person.sector_label) for d in view.reveal.dots] == [
            ("AB", 2, "Council"),
            ("CD", 4, "Health"),
        ]
        assert [d.label for d in view.reveal.off_continuum] == ["Not sure"]
        assert view.reveal.median == 3
        assert [(c.name, c.text) for c in view.reveal.comments] == [
            ("AB", "Each agency decides alone")
        ]
        assert view.reveal.flags == ["A spread of 2 stages: worth talking through."]
    assert "Everyone in the room has rated." in heard
    assert any(text.startswith("Spread: lowest 2") for text in heard)
    with pytest.raises(Refused, match="revealed"):
        room.rate(ab, question.id, "3", "")
    agreed = room.reply("agree because the board is new")
    assert agreed[0].text.startswith("Agreed: coordination (3)")
    after = room.participant_view(cd)
    assert after.phase == "rating" and after.question is not None
    assert after.question.id != question.id and after.mine is None and after.reveal is None
    with pytest.raises(Refused, match="moved on"):
        room.rate(cd, question.id, "4", "")


def test_a_reveal_before_everyone_has_rated_names_who_had_not(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    ab, _cd, _ef = _three(room)
    room.reply("ready")
    question = room.participant_view(ab).question
    assert question is not None
    room.rate(ab, question.id, "4", "")
    (spread,) = room.reply("reveal")
    assert spread.text.startswith("Revealed without CD and EF.")
    assert "This rests on one person: only AB" in spread.text
    assert room.facilitator_view().reveal is not None


def test_the_room_ratings_are_the_workshops_ratings(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    ab, cd, ef = _three(room)
    room.reply("ready")
    question = room.participant_view(ab).question
    assert question is not None
    room.rate(ab, question.id, "1", "")
    room.rate(ab, question.id, "2", "changed my mind")
    room.rate(cd, question.id, "2", "")
    room.rate(ef, question.id, "3", "")
    room.reply("agree")
    store, assessment_id = room.conversation.store, room.conversation.assessment.id
    voices = {
        a.participant_id: (a.value, a.note, a.changed_by.split(" (")[0])
        for a in store.answers(assessment_id, voices=True)
        if a.question_id == question.id
    }
    assert voices[None][0] == 2
    assert sorted(v for k, v in voices.items() if k is not None) == [
        (2, "", "CD"),
        (2, "changed my mind", "AB"),
        (3, "", "EF"),
    ]
    (earlier,) = [
        h for h in store.history(assessment_id, question.id) if h.participant_id is not None
    ]
    assert earlier.value == 1


def test_the_sector_chosen_on_joining_is_the_workshops_sector(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    room.join(room.keys.code, "GH", "Lakeside Friends", "health", "10.0.0.9")
    (person,) = room.conversation.roster()
    assert sectors_of(person) == {"health"}
    parsed = parse_ratings("health 3", room.conversation.roster())
    assert [r.participant.name for r in parsed.ratings] == ["GH"]


def test_joining_takes_the_rooms_code_and_a_usable_name(tmp_path: Path) -> None:
    room, heard = _room(tmp_path)
    code = room.keys.code
    refusals = {
        "wrong code": lambda: room.join("AAA-AAA", "AB", "Council", "council", "c"),
        "no name": lambda: room.join(code, "  ", "Council", "council", "c"),
        "comma": lambda: room.join(code, "Smith, J", "Council", "council", "c"),
        "sector": lambda: room.join(code, "AB", "Council", "police", "c"),
        "long": lambda: room.join(code, "A" * 41, "Council", "council", "c"),
    }
    said = {}
    for why, attempt in refusals.items():
        with pytest.raises(Refused) as refused:
            attempt()
        said[why] = (refused.value.status, refused.value.message)
    assert said["wrong code"] == (
        403,
        "That is not this room's code: check the facilitator's screen.",
    )
    assert said["comma"][0] == 400 and "','" in said["comma"][1]
    assert said["sector"] == (400, "Choose your sector from the list.")
    joined = room.join(code.lower().replace("-", " "), "Ann\x1b Lee", "Council\x07", "council", "c")
    assert (joined.participant.name, joined.participant.organisation) == ("Ann Lee", "Council")
    with pytest.raises(Refused, match="already called"):
        room.join(code, "ann lee", "NHS", "health", "d")
    assert heard == ["Ann Lee (Council, Council) joined the room on their own device."]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("council", "it would be read as everyone from that sector"),
        ("Health", "it would be read as everyone from that sector"),
        ("3", "it would be read as a rating"),
        ("Coord", "it would be read as a rating"),
        ("dunno", "it would be read as a rating"),
        ("AB 3", "it would be read as a rating"),
        ("skip", "it is one of the words that run the workshop"),
        ("done", "it is one of the words that run the workshop"),
        ("reveal", "it is one of the words that run the workshop"),
        ("agree", "it is one of the words that run the workshop"),
        ("What is JSNA?", "use letters, digits, spaces, hyphens and apostrophes only"),
        ("<b>AB</b>", "use letters, digits, spaces, hyphens and apostrophes only"),
        ("Q" + "\u0301" * 3, "a letter carries more than two accents"),
    ],
)
def test_a_name_the_facilitators_lines_would_read_as_something_else_is_refused(
    tmp_path: Path, name: str, why: str
) -> None:
    """'council 2' must rate the council, '3' is a rating and 'done' a command: a person joining
    with such a name could never be told apart from them."""
    room, _ = _room(tmp_path)
    with pytest.raises(Refused) as refused:
        room.join(room.keys.code, name, "Riverside Council", "council", "10.0.0.1")
    assert (refused.value.status, refused.value.message) == (
        400,
        f"That name cannot be used: {why}.",
    )
    for fine in ("Zoë O'Neill", "Jo-Ann St. John", "\u0410\u043d\u043d\u0430", "Colin"):
        room.join(room.keys.code, fine, "Riverside Council", "council", "10.0.0.2")


def test_a_name_that_looks_like_someone_elses_is_refused(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    room.join(room.keys.code, "AB", "Riverside Council", "council", "10.0.0.1")
    for lookalike in ("\u0410\u0412", "A\u200bB", "\uff21\uff22", "\u00c1B"):
        with pytest.raises(Refused, match="already called"):
            room.join(room.keys.code, lookalike, "Riverside Council", "council", "10.0.0.2")


def test_joining_needs_an_organisation(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    with pytest.raises(Refused) as refused:
        room.join(room.keys.code, "AB", "  ", "council", "10.0.0.1")
    assert refused.value.message == "Give your organisation, so the room can see who says what."


def test_one_address_on_the_network_brings_a_few_people_not_a_crowd(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    for name in ("AB", "CD", "EF", "GH"):
        room.join(room.keys.code, name, "Riverside Council", "council", "192.168.1.50")
    with pytest.raises(Refused) as refused:
        room.join(room.keys.code, "IJ", "Riverside Council", "council", "192.168.1.50")
    assert refused.value.status == 429
    assert refused.value.message.startswith("4 people have already joined from this device")
    room.join(room.keys.code, "IJ", "Riverside Council", "council", "192.168.1.51")
    for n in range(6):  # the facilitator's own computer is not counted
        room.join(room.keys.code, f"Local{n}", "Riverside Council", "council", "127.0.0.1")


def test_a_line_typed_for_someone_keeps_the_rating_they_gave_on_their_device(
    tmp_path: Path,
) -> None:
    room, _ = _room(tmp_path)
    ab, cd, _ef = _three(room)
    room.reply("add GH, Riverside NHS Trust, Health visitor")  # no device
    room.reply("ready")
    question = room.participant_view(cd).question
    assert question is not None
    room.rate(cd, question.id, "4", "cCD's own view")
    replies = [m.text for m in room.reply("health 1")]
    assert any(
        "Nothing saved for CD, who rated on their own device: that rating stands" in t
        for t in replies
    ), replies
    mine = room.participant_view(cd).mine
    assert mine is not None and (mine.choice, mine.comment) == ("4", "cCD's own view")
    assert room.facilitator_view().roster[3].state == "rated"  # GH, typed for, is rated
    room.rate(ab, question.id, "2", "")
    (spread,) = [m.text for m in room.reply("reveal")]
    assert "Comments:\n  CD: cCD's own view" in spread


def test_a_room_can_be_paused_before_it_starts(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    opening = room.conversation.start()[0].text
    assert "People join from their own phone or laptop" in opening
    (paused,) = room.reply("pause")
    assert room.conversation.paused and "To carry on later" in paused.text


def test_a_token_rates_as_one_person_of_one_room_only(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    ab, cd, _ef = _three(room)
    room.reply("ready")
    ab_id = room.participant(ab).id
    cd_id = room.participant(cd).id
    forged = ab.replace(f".{ab_id}.", f".{cd_id}.")
    other_store = Store(tmp_path / "other.db")
    other = Room.open(_workshop(other_store), Clock())
    elsewhere = other.join(other.keys.code, "AB", "Council", "council", "c").token
    made_with_another_key = token_for(other.keys.signing_key, room.keys.assessment_id, cd_id)
    for token in (forged, elsewhere, made_with_another_key, "", "x.y.z", None):
        with pytest.raises(Refused) as refused:
            room.participant_view(token)
        assert refused.value.status == 401
    room.remove(cd_id)
    with pytest.raises(Refused) as removed:
        room.participant_view(cd)
    assert removed.value.status == 403
    assert room.participant(ab).name == "AB"


def test_knocking_too_often_is_refused_for_a_minute(tmp_path: Path) -> None:
    clock = Clock()
    room, _ = _room(tmp_path, clock)
    for _ in range(WRONG_CODES_PER_MINUTE):
        with pytest.raises(Refused, match="not this room's code"):
            room.join("WRONG1", "AB", "Council", "council", "10.0.0.7")
    with pytest.raises(Refused) as limited:
        room.join("WRONG1", "AB", "Council", "council", "10.0.0.7")
    assert limited.value.status == 429
    clock.now += 61
    token = room.join(room.keys.code, "AB", "Council", "council", "10.0.0.7").token
    room.join(room.keys.code, "CD", "NHS", "health", "10.0.0.7")
    room.reply("ready")
    question = room.participant_view(token).question
    assert question is not None
    for n in range(RATINGS_PER_MINUTE):
        room.rate(token, question.id, str(n % 2 + 1), "")
    with pytest.raises(Refused) as too_many:
        room.rate(token, question.id, "3", "")
    assert too_many.value.status == 429


def test_a_closed_room_takes_nothing(tmp_path: Path) -> None:
    room, _ = _room(tmp_path)
    ab, _cd, _ef = _three(room)
    room.close()
    for attempt in (
        lambda: room.join(room.keys.code, "GH", "Council", "council", "c"),
        lambda: room.participant_view(ab),
        lambda: room.rate(ab, "governance.board", "3", ""),
    ):
        with pytest.raises(Refused) as closed:
            attempt()
        assert closed.value.status == 410


def test_someone_away_is_shown_as_away(tmp_path: Path) -> None:
    clock = Clock()
    room, _ = _room(tmp_path, clock)
    _ab, cd, _ef = _three(room)
    room.reply("add ZZ, Riverside School, Head")  # no device: never away
    room.reply("ready")
    clock.now += 60
    room.participant_view(cd)
    states = {r.person.name: (r.state, r.on_device) for r in room.facilitator_view().roster}
    assert states == {
        "AB": ("away", True),
        "CD": ("not yet", True),
        "EF": ("away", True),
        "ZZ": ("not yet", False),
    }


def test_a_reopened_room_knows_everyone_again(new_db: Any) -> None:
    location = new_db("room")
    with Store(location) as store:
        conversation = _workshop(store)
        room = Room.open(conversation, Clock())
        ab, cd, ef = _three(room)
        room.reply("ready")
        question = room.participant_view(ab).question
        assert question is not None
        room.rate(ab, question.id, "3", "kept")
        keys, assessment_id = room.keys, conversation.assessment.id
    with Store(location) as store:
        resumed = conversation_for(store, assessment_id, BANKS)
        resumed.start()
        again = Room.open(resumed, Clock())
        assert (again.keys.code, again.keys.secret) == (keys.code, keys.secret)
        view = again.participant_view(ab)
        assert view.phase == "rating" and view.mine is not None
        assert (view.mine.choice, view.mine.comment) == ("3", "kept")
        again.rate(cd, question.id, "3", "")
        again.rate(ef, question.id, "4", "")
        assert again.participant_view(ef).phase == "revealed"
