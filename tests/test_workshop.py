"""Workshops: ratings in every form, spread and flags, consensus, abstentions, resume, reports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from conftest import found_in

from assessor.analysis.workshop import parse_ratings, spread_of
from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Kind, conversation_for
from assessor.files.resources import templates_dir
from assessor.report import render, report_for
from assessor.report.render import markdown_text
from assessor.sessions import begin, prefill_from
from assessor.store import Store
from assessor.store.records import Participant

S = Stage
NOW = datetime(2026, 6, 1, tzinfo=UTC)
ROSTER = [
    Participant(id=1, name="AB", organisation="Riverside Council", added_at=NOW),
    Participant(id=2, name="CD", organisation="NHS Trust", added_at=NOW),
    Participant(id=3, name="EF", organisation="NHS Trust", added_at=NOW),
    Participant(id=4, name="GH", organisation="Family Action", added_at=NOW),
]


def read(text: str) -> list[tuple[str, str]]:
    parsed = parse_ratings(text, ROSTER)
    return [
        (r.participant.name, "abstains" if r.answer is None else r.answer.label)
        for r in parsed.ratings
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AB 3", [("AB", "coordination")]),
        (
            "AB 3, CD 4, EF 2",
            [("AB", "coordination"), ("CD", "collaboration"), ("EF", "communication")],
        ),
        ("ab 3 cd 4", [("AB", "coordination"), ("CD", "collaboration")]),
        ("AB: 5; GH coordination", [("AB", "integration"), ("GH", "coordination")]),
        ("AV 3", [("AB", "coordination")]),  # misspelt initials
        ("BA 2", [("AB", "communication")]),  # swapped initials
        (
            "council 4, health 2",
            [("AB", "collaboration"), ("CD", "communication"), ("EF", "communication")],
        ),
        ("helth 2", [("CD", "communication"), ("EF", "communication")]),  # misspelt sector
        ("nhs trust 3", [("CD", "coordination"), ("EF", "coordination")]),  # an organisation
        ("family acton 4", [("GH", "collaboration")]),  # misspelt organisation
        ("EF not sure", [("EF", "don't know")]),
        ("CD abstain", [("CD", "abstains")]),
        ("GH n/a", [("GH", "not applicable")]),
        ("AB three", [("AB", "coordination")]),
        ("GHH 2", [("GH", "communication")]),  # a letter too many
        ("HG 2", [("GH", "communication")]),
    ],
)
def test_rating_entry_in_all_its_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert read(text) == expected


def test_words_for_someone_keep_their_own_punctuation() -> None:
    parsed = parse_ratings(
        "AB thinks the board only advises; its minutes show no joint decisions, nor budgets, CD 3",
        ROSTER,
    )
    (said,) = parsed.said
    assert (
        said.words
        == "thinks the board only advises; its minutes show no joint decisions, nor budgets"
    )
    assert [r.participant.name for r in parsed.ratings] == ["CD"]


def test_names_that_are_not_on_the_roster_are_said() -> None:
    parsed = parse_ratings("XY 3, AB 9", ROSTER)
    assert parsed.ratings == []
    assert parsed.problems[0] == "'XY' is not on the roster (AB, CD, EF, GH)"


def test_spread_median_and_flags() -> None:
    a = AnswerValue.of
    wide = spread_of({1: a(S.COMMUNICATION), 2: a(S.COLLABORATION), 3: a(S.COORDINATION)}, ROSTER)
    assert (wide.low, wide.high, wide.median, wide.width) == (
        S.COMMUNICATION,
        S.COLLABORATION,
        S.COORDINATION,
        2,
    )
    assert wide.wide and wide.flagged
    # even count: the median, rounded down between two stages, so the proposal never flatters
    even = spread_of({1: a(S.COORDINATION), 2: a(S.COLLABORATION)}, ROSTER)
    assert even.median is S.COORDINATION and not even.flagged
    apart = spread_of({1: a(S.ISOLATION), 2: a(S.COORDINATION)}, ROSTER)
    assert apart.median is S.COMMUNICATION and apart.flagged  # 1 and 3: the middle is 2
    # organisations agreeing inside, apart from each other: flagged though the spread is 2 via means
    split = spread_of(
        {
            1: a(S.COLLABORATION),
            2: a(S.COMMUNICATION),
            3: a(S.COMMUNICATION),
            4: a(S.COLLABORATION),
        },
        ROSTER,
    )
    assert split.organisations_split
    close = spread_of(
        {1: a(S.COORDINATION), 2: a(S.COORDINATION), 4: None, 3: a(Special.DONT_KNOW)}, ROSTER
    )
    assert (close.median, close.flagged) == (S.COORDINATION, False)


@pytest.fixture
def governance():
    return load_builtin().select(["governance"])


def workshop(
    store: Store,
    bank_set,
    people=("AB, Riverside Council", "CD, NHS Trust", "EF, NHS Trust", "GH, Family Action"),
):
    assessment = begin(store, "Riverside", bank_set, mode="workshop")
    chat = conversation_for(store, assessment.id, bank_set)
    chat.start()
    for person in people:
        chat.reply(f"add {person}")
    chat.reply("ready")
    return chat


def voices(store: Store, chat, question_id: str) -> dict[str, str]:
    roster = {p.id: p.name for p in store.participants(chat.assessment.id, include_removed=True)}
    return {
        roster[a.participant_id]: a.answer_value.label
        for a in store.answers(chat.assessment.id, voices=True)
        if a.question_id == question_id and a.participant_id is not None
    }


def test_taking_the_roster_is_set_up_not_finished(tmp_path: Path, governance) -> None:
    import io

    from assessor.plain import chat as plain_chat

    with Store(tmp_path / "w.db") as store:
        assessment = begin(store, "Riverside", governance, mode="workshop")
        chat = conversation_for(store, assessment.id, governance)
        chat.start()
        state = chat.state
        assert (state.setting_up, state.finished, state.current_question_id) == (True, False, None)
        chat.reply("add AB, Riverside Council")
        assert chat.state.setting_up and not chat.state.finished
        chat.reply("ready")
        state = chat.state
        assert (state.setting_up, state.finished) == (False, False)
        assert state.current_question_id == governance.questions[0].id

        # The plain chat, its input ending while the roster is taken: how to carry on.
        other = begin(store, "Riverside", governance, mode="workshop")
        out = io.StringIO()
        lines = io.StringIO("add AB, Riverside Council\n")
        plain_chat.run(conversation_for(store, other.id, governance), lines, out, echo=True)
        assert f"carry on with: assessor resume {other.id} --plain" in out.getvalue()
        assert "All saved" not in out.getvalue()


def test_roster_then_ratings_then_consensus_with_dissent(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance)
        replies = chat.reply("AB 3, CD 4")
        assert replies[0].text == "Noted: AB 3, CD 4."
        assert replies[-1].text == "So far: AB 3, CD 4. Still to rate: EF, GH."
        replies = chat.reply("EF 2, GV 2")
        spread = replies[-1]
        assert spread.kind is Kind.CONFIRM and spread.proposed == (S.COMMUNICATION,)
        assert (
            "Spread: lowest 2 (communication), highest 4 (collaboration), median 2" in spread.text
        )
        assert "That is a spread of 2 stages" in spread.text
        assert "3 Coordination: A multi-agency group advises" in spread.text  # disputed levels
        replies = chat.reply("agree 3 because the group meets monthly but signs off separately")
        assert replies[0].text == (
            "Agreed: coordination (3). Rationale noted: the group meets monthly but signs off "
            "separately. Dissent on record: CD 4, EF 2, GH 2."
        )
        agreed = store.answer(chat.assessment.id, "governance.board")
        assert agreed is not None
        assert (agreed.stage, agreed.rationale) == (
            S.COORDINATION,
            "the group meets monthly but signs off separately",
        )
        assert voices(store, chat, "governance.board") == {
            "AB": "coordination",
            "CD": "collaboration",
            "EF": "communication",
            "GH": "communication",
        }


def test_consensus_without_dissent_abstentions_and_parking(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance)
        chat.reply("AB 3, CD 3, EF 3, GH abstain")
        assert chat.reply("agree")[0].text == "Agreed: coordination (3)."
        chat.reply("council 4, health 2, voluntary 4")
        assert chat.reply("no consensus")[0].text.startswith("Parked without consensus")
        parked = store.answer(chat.assessment.id, "governance.strategy_signoff")
        assert (
            parked is not None
            and parked.special is Special.SKIPPED
            and parked.words == "no consensus"
        )
        assert voices(store, chat, "governance.board")["GH"] == "skipped"  # the abstention


def test_people_join_and_leave_mid_way(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance, people=("AB, Riverside Council", "CD, NHS Trust"))
        chat.reply("AB 3, CD 3")
        chat.reply("agree")
        assert chat.reply("add KL, Riverside Primary School, Head")[0].text.startswith("Added KL")
        assert chat.reply("remove CD")[0].text.startswith("CD has left")
        replies = chat.reply("AB 4")
        assert replies[-1].text == "So far: AB 4. Still to rate: KL."


def test_a_workshop_resumed_after_a_restart(tmp_path: Path, governance) -> None:
    from assessor.sessions import resume

    path = tmp_path / "w.db"
    with Store(path) as store:
        chat = workshop(store, governance)
        chat.reply("AB 3, CD 3, EF 3, GH 3")
        chat.reply("agree")
        chat.reply("AB 2, CD 4")  # half-way through the second question
        assessment_id = chat.assessment.id
    with Store(path) as store:
        resumed = resume(store, assessment_id, governance)
        again = conversation_for(store, assessment_id, resumed.bank_set)
        opening = again.start()
        assert "In the room: AB (Riverside Council), CD (NHS Trust)" in opening[0].text
        assert opening[-1].text == "So far: AB 2, CD 4. Still to rate: EF, GH."
        assert again.reply("EF 2, GH 4")[-1].kind is Kind.CONFIRM


def test_self_assessments_start_the_ratings(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        own = begin(store, "Riverside", governance, lead="CD")
        store.record_answer(own.id, "governance.board", AnswerValue.of(S.COLLABORATION))
        chat = workshop(store, governance)
        used = prefill_from(store, chat.assessment.id, [own.id])
        assert used == [f"CD: 1 ratings from assessment {own.id}"]
        assert voices(store, chat, "governance.board") == {"CD": "collaboration"}
        stranger = begin(store, "Riverside", governance, lead="Zed")
        with pytest.raises(Exception, match="not on the workshop's roster"):
            prefill_from(store, chat.assessment.id, [stranger.id])


def test_a_piped_workshop_and_its_reports(tmp_path: Path) -> None:
    db = tmp_path / "piped.db"
    lines = [
        "AB 3, CD 4, EF 2, GH 2",
        "agree 3 because the group meets monthly",
        "council 4, health 2, voluntary 4",
        "no consensus",
        "AB 3, CD 3, EF 3, GH 3",
        "agree",
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessor",
            "chat",
            "--plain",
            "--workshop",
            "--partnership",
            "Riverside",
            "--banks",
            "governance",
            "--db",
            str(db),
            "--participant",
            "AB, Riverside Council, Early help lead",
            "--participant",
            "CD, NHS Trust, Health visiting lead",
            "--participant",
            "EF, NHS Trust, Midwife",
            "--participant",
            "GH, Family Action, Manager",
        ],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Dissent on record: CD 4, EF 2, GH 2." in result.stdout
    assessment_id = found_in(r"assessor resume (\w+)", result.stdout)
    with Store(db) as store:
        report = report_for(store, assessment_id, load_builtin(), now=NOW)
    workshop_info = report.workshop
    assert workshop_info is not None
    board = workshop_info.questions[0]
    assert (board.low, board.high, board.median, board.flagged) == (2, 4, 2, True)
    assert workshop_info.widest[:2] == ["governance.board", "governance.strategy_signoff"]
    (domain,) = workshop_info.domains
    averages = {o.organisation: o.average for o in domain.organisations}
    # over the questions the agreed score counts: the board and senior resources, not the
    # strategy parked without consensus (council 4, health 2, voluntary 4)
    assert averages == {"Family Action": 2.5, "NHS Trust": 3.0, "Riverside Council": 3.0}
    assert domain.agreed_score == 3.0
    assert any(
        a.kind == "agree" and a.id == "governance.strategy_signoff.agree"
        for a in report.plan.actions
    )
    markdown = render(report, "md")
    assert "| Governance and leadership | 3.0 | 2.5 | 3.0 | 3.0 |" in markdown
    assert "### Widest disagreement" in markdown and "**flagged**" in markdown
    html = render(report, "html")
    assert "Organisations by domain" in html and "no consensus" in html
    data = json.loads(render(report, "json"))
    jsonschema.validate(
        data, json.loads((templates_dir() / "report.schema.json").read_text("utf-8"))
    )
    assert data["workshop"]["questions"][0]["ratings"][1] == {
        "participant": "CD",
        "organisation": "NHS Trust",
        "answer": "collaboration",
        "comment": "",
        "first_answer": "collaboration",
        "moved": False,
        "earlier_comments": [],
    }


# -- agreeing: an explicit stage is read before any free text ---------------------------------


def test_agree_reads_the_stage_given_before_the_rationale(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance)
        chat.reply("AB 2, CD 3, EF 3, GH 2")
        replies = chat.reply("agree 2 because health sees more joint leadership than others")
        assert replies[0].text == (
            "Agreed: communication (2). Rationale noted: health sees more joint leadership than "
            "others. Dissent on record: CD 3, EF 3."
        )
        chat.reply("AB 1, CD 1, EF 1, GH 2")
        assert chat.reply("agree 1 because nobody links up")[0].text == (
            "Agreed: isolation (1). Rationale noted: nobody links up. Dissent on record: GH 2."
        )
        chat.reply("AB 5, CD 5, EF 5, GH 5")
        assert chat.reply("agree 4 because the minutes show it")[0].text == (
            "Agreed: collaboration (4). Rationale noted: the minutes show it. "
            "Dissent on record: AB 5, CD 5, EF 5, GH 5."
        )
        chat.reply("AB 3, CD 4, EF 3, GH 2")
        assert chat.reply("agree the median - we all saw the terms of reference")[0].text == (
            "Agreed: coordination (3). Rationale noted: we all saw the terms of reference. "
            "Dissent on record: CD 4, GH 2."
        )
        chat.reply("AB 2, CD 2, EF 2, GH 2")
        assert chat.reply("agree because it is in the minutes")[0].text == (
            "Agreed: communication (2). Rationale noted: it is in the minutes."
        )
        chat.reply("AB 3, CD 3, EF 3, GH 3")
        assert chat.reply("agree 7")[0].text == (
            "The stages go from 1 (isolation) to 5 (integration), not 7."
        )
        assert chat.reply("agree collaboration: the board signs off jointly")[0].text.startswith(
            "Agreed: collaboration (4). Rationale noted: the board signs off jointly."
        )
        agreed = {a.question_id: a for a in store.answers(chat.assessment.id)}
        assert agreed["governance.board"].stage is S.COMMUNICATION
        assert agreed["governance.strategy_signoff"].rationale == "nobody links up"


def test_agreeing_a_question_nobody_has_rated_asks_first(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance)
        asked = chat.reply("agree 3")
        assert [m.text for m in asked] == [
            "Nobody has rated this yet: agree coordination (3) anyway? Say yes to agree it, or "
            "no to rate it first."
        ]
        assert store.answer(chat.assessment.id, "governance.board") is None  # nothing agreed yet
        assert chat.reply("no thanks")[0].text == (
            "Not agreed: rate it first. Still to rate: AB, CD, EF, GH."
        )
        assert store.answer(chat.assessment.id, "governance.board") is None
        chat.reply("agree 2 because the board minutes say so")
        assert chat.reply("yes please")[0].text == (
            "Agreed: communication (2). Rationale noted: the board minutes say so."
        )
        agreed = store.answer(chat.assessment.id, "governance.board")
        assert agreed is not None and agreed.stage is S.COMMUNICATION
        # asked, then rated after all: the ratings are read as usual, nothing agreed unasked
        chat.reply("agree 4")
        assert chat.reply("AB 3")[0].text == "Noted: AB 3."
        assert store.answer(chat.assessment.id, "governance.strategy_signoff") is None
        # some have rated, not all: asked too, naming who has not
        chat.reply("CD 4")
        assert chat.reply("agree 3")[0].text == (
            "EF and GH have not rated this yet: agree coordination (3) anyway? Say yes to agree "
            "it, or no to rate on."
        )
        assert (
            chat.reply("nah")[0].text
            == "Not agreed: rate on. So far: AB 3, CD 4. Still to rate: EF, GH."
        )
        chat.reply("agree 3")
        assert chat.reply("yes")[0].text == "Agreed: coordination (3). Dissent on record: CD 4."
        # once the room has chosen to see the spread without them, 'agree' is not asked again
        chat.reply("AB 2")
        chat.reply("done")
        chat.reply("yes")
        assert chat.reply("agree 2")[0].text == "Agreed: communication (2)."


# -- people leaving and coming back -----------------------------------------------------------


def test_a_removed_persons_rating_counts_only_where_already_agreed(
    tmp_path: Path, governance
) -> None:
    from assessor.analysis.workshop import counted_voices

    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance, people=("AB, Council", "CD, NHS Trust", "EF, School"))
        chat.reply("AB 3, CD 3, EF 3")
        chat.reply("agree")  # agreed while EF is in the room: EF's 3 stays on record
        chat.reply("AB 2, EF 5")
        assert chat.reply("remove EF")[0].text == (
            "EF has left: their ratings on questions already agreed stay on record; open "
            "questions go on without them. In the room: AB (Council), CD (NHS Trust)."
        )
        spread = chat.reply("CD 2")[-1]
        assert "Who said what: AB 2, CD 2." in spread.text and "EF" not in spread.text
        assert spread.proposed == (S.COMMUNICATION,)
        assert chat.reply("agree")[0].text == "Agreed: communication (2)."
        chat.reply("back")
        back = chat.reply("back")
        assert any("Who said what: AB 3, CD 3, EF 3." in m.text for m in back)
        voices = counted_voices(
            store.answers(chat.assessment.id, voices=True),
            store.participants(chat.assessment.id, include_removed=True),
        )
        ef = store.participants(chat.assessment.id, include_removed=True)[2]
        assert [a.question_id for a in voices if a.participant_id == ef.id] == ["governance.board"]


def test_removing_the_last_person_to_rate_shows_the_spread_at_once(
    tmp_path: Path, governance
) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance, people=("AB, Council", "CD, NHS", "EF, School"))
        chat.reply("AB 3, CD 4")
        left, spread = chat.reply("remove EF")
        assert left.text.startswith("EF has left")
        assert spread.kind is Kind.CONFIRM
        assert "Who said what: AB 3, CD 4." in spread.text
        assert "I'd propose 3 (coordination), the median" in spread.text
        assert spread.proposed == (S.COORDINATION,)
        assert chat.reply("agree")[0].text == "Agreed: coordination (3). Dissent on record: CD 4."
        # someone leaving who has rated, while another still has to: nothing to discuss yet
        chat.reply("add EF, School")
        chat.reply("AB 2, EF 2")
        (left,) = chat.reply("remove AB")
        assert left.text.startswith("AB has left")
        assert chat.next_to_rate().name == "CD"


def test_someone_added_back_is_the_same_person(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance, people=("AB, Council", "CD, NHS Trust"))
        chat.reply("CD 4")
        chat.reply("remove CD")
        assert chat.reply("AB 3")[-1].kind is Kind.CONFIRM  # the room is only AB now
        assert chat.reply("add CD, NHS Trust")[0].text == (
            "Welcome back, CD (NHS Trust): their ratings count again. In the room: AB (Council), "
            "CD (NHS Trust)."
        )
        everyone = store.participants(chat.assessment.id, include_removed=True)
        assert [(p.name, p.removed_at) for p in everyone] == [("AB", None), ("CD", None)]
        assert "Who said what: AB 3, CD 4." in chat.reply("done")[-1].text
        assert chat.reply("add ab, Council")[0].text == (
            "ab is already in the room; give a newcomer other initials or their full name."
        )
        assert len(store.participants(chat.assessment.id)) == 2


def test_a_name_the_room_reads_as_another_or_cannot_rate_is_not_added(
    tmp_path: Path, governance
) -> None:
    """Spaces, case and invisible characters do not make a second AB; a name holding what
    separates people in a line of ratings could never be rated by name, so it is refused."""
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance, people=("AB, Council", "CD, NHS Trust"))
        for twin in ("A\u200bB", "AB  ", "\uff21\uff22"):
            (said,) = chat.reply(f"add {twin}, Council")
            assert said.kind is Kind.ERROR and "already in the room" in said.text
        (said,) = chat.reply("add X;Y, Council")
        assert said.kind is Kind.ERROR
        assert said.text == (
            "X;Y cannot be added: a name cannot hold ',', ';', ':' or '=', which separate "
            "people in a line of ratings."
        )
        assert [p.name for p in store.participants(chat.assessment.id)] == ["AB", "CD"]
        # rating by name finds AB however the room types it
        chat.reply("a\u200bb 3, CD 4")
        assert "Who said what: AB 3, CD 4." in chat.reply("done")[-1].text


# -- organisations that see it differently ----------------------------------------------------


def test_an_organisation_apart_from_the_rest_is_a_systematic_split(tmp_path: Path) -> None:
    roster = [
        Participant(id=1, name="AB", organisation="Riverside Council", added_at=NOW),
        Participant(id=2, name="CD", organisation="NHS Trust", added_at=NOW),
        Participant(id=3, name="EF", organisation="Riverside Primary School", added_at=NOW),
        Participant(id=4, name="GH", organisation="NHS Trust", added_at=NOW),
        Participant(id=5, name="IJ", organisation="Family Action", added_at=NOW),
    ]
    parsed = parse_ratings("AB 2, EF 2, IJ 2, health 3", roster)
    ratings = {r.participant.id: r.answer for r in parsed.ratings}
    split = spread_of(ratings, roster)
    assert (split.width, split.wide, split.organisations_split) == (1, False, True)
    assert split.split == ("NHS Trust", 3.0, 2.0)
    from assessor.analysis.workshop import describe

    assert describe(split)[-1] == (
        "NHS Trust (3.0) sees this differently from the others (2.0), and agrees within itself: "
        "worth talking through."
    )
    # one person a stage off the rest is not an organisation's view
    one_off = spread_of(
        {
            r.participant.id: r.answer
            for r in parse_ratings("AB 1, health 1, EF 1, IJ 2", roster).ratings
        },
        roster,
    )
    assert not one_off.flagged
    # an organisation split inside itself is not speaking with one voice
    mixed = parse_ratings("AB 2, EF 2, IJ 2, CD 3, GH 2", roster)
    assert not spread_of({r.participant.id: r.answer for r in mixed.ratings}, roster).flagged


def test_a_split_is_flagged_in_the_room(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(
            store,
            governance,
            people=("AB, Riverside Council", "CD, NHS Trust", "EF, NHS Trust", "GH, Family Action"),
        )
        spread = chat.reply("AB 2, GH 2, health 3")[-1]
        assert "NHS Trust (3.0) sees this differently from the others (2.0)" in spread.text
        assert "2 Communication:" in spread.text and "3 Coordination:" in spread.text


def test_only_flagged_questions_are_the_widest() -> None:
    from assessor.analysis.workshop import widest

    a = AnswerValue.of
    spreads = {
        "one_apart": spread_of({1: a(S.COORDINATION), 4: a(S.COLLABORATION)}, ROSTER),
        "three_apart": spread_of({1: a(S.ISOLATION), 2: a(S.COLLABORATION)}, ROSTER),
        "two_apart": spread_of({1: a(S.COMMUNICATION), 4: a(S.COLLABORATION)}, ROSTER),
        "split": spread_of(
            {1: a(S.COORDINATION), 2: a(S.COLLABORATION), 3: a(S.COLLABORATION)}, ROSTER
        ),
    }
    assert widest(spreads) == ["three_apart", "two_apart", "split"]


# -- names: exact for removal, said back when guessed -----------------------------------------


def test_removal_needs_the_exact_name(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance)
        assert chat.reply("remove GJ")[0].text == (
            "No one is called GJ; did you mean GH? Say 'remove GH' to confirm."
        )
        assert chat.reply("remove G")[0].text == (
            "No one is called G; did you mean GH? Say 'remove GH' to confirm."
        )
        assert chat.reply("remove GHH")[0].text.startswith("No one is called GHH; did you mean GH?")
        assert [p.name for p in chat.roster()] == ["AB", "CD", "EF", "GH"]
        assert chat.reply("remove XY")[0].text.startswith(
            "No one is called XY. In the room: AB (Riverside"
        )
        chat.reply("add GK, School")
        assert chat.reply("remove G")[0].text == (
            "No one is called G; did you mean GH or GK? Say 'remove' with the name."
        )
        chat.reply("remove GK")
        assert chat.reply("remove gh")[0].text.startswith("GH has left")
        assert chat.reply("remove GH")[0].text == "GH has already left."


def test_a_guessed_name_is_said_back_and_a_doubtful_one_asked(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance)
        assert chat.reply("GJ 3, AB 2")[0].text == "Noted: GH 3, AB 2 ('GJ' taken as GH)."
        assert chat.reply("GHH 3")[0].text == "Noted: GH 3 ('GHH' taken as GH)."
        chat.reply("add GK, Family Action")
        replies = chat.reply("GJ 4")
        assert replies[0].text == "'GJ' could be GH or GK: say which."
        assert voices(store, chat, "governance.board") == {
            "AB": "communication",
            "GH": "coordination",
        }


# -- sectors ------------------------------------------------------------------------------------


def test_sectors_reach_everyone_the_roster_shows_in_them(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(
            store,
            governance,
            people=(
                "AB, Riverside Council",
                "CD, Riverside ICB",
                "EF, Age UK Lakeside",
                "GH, Lakeside Friends",
            ),
        )
        assert chat.reply("vcs 2")[0].text == "Noted: EF 2."
        assert chat.reply("voluntary 3")[0].text == "Noted: EF 3."
        assert chat.reply("la 3, nhs 4")[0].text == "Noted: AB 3, CD 4."
        chat.reply("GH 3")
        # everyone has rated: a sector nobody is in is still answered as a rating problem
        replies = chat.reply("early years 2")
        assert replies[0].kind is Kind.ERROR
        assert replies[0].text == (
            "No one on the roster is from 'early years': name them (AB, CD, EF, GH), or give the "
            "sector after the role when adding someone "
            "('add GH, Lakeside Friends, Manager, early years')."
        )
        chat.reply("add IJ, Lakeside Friends, Manager, voluntary")
        assert chat.reply("vcs 4")[0].text == "Noted: EF 4, IJ 4."


# -- help, parking, self-assessments ----------------------------------------------------------


def test_workshop_help_lists_what_the_room_can_say(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        assessment = begin(store, "Riverside", governance, mode="workshop")
        chat = conversation_for(store, assessment.id, governance)
        chat.start()
        assert "agree 3 because" in chat.reply("help")[0].text  # while the roster is made
        chat.reply("add AB, Council")
        chat.reply("ready")
        text = chat.reply("help")[0].text
        for form in (
            "AB 3, CD 4",
            "health 3",
            "abstain",
            "not sure",
            "add AB, ORG, ROLE",
            "'remove AB'",
            "agree 3 because",
            "no consensus",
            "back",
            "skip",
            "why",
            "levels",
            "pause",
        ):
            assert form in text, form


def test_parked_questions_are_counted_as_no_consensus(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance)
        chat.reply("AB 2, CD 4, EF 2, GH 4")
        chat.reply("no consensus")
        chat.reply("skip")
        table = chat.reply("summary")[0].text
        assert "1 no consensus, 1 skipped" in table
        # progress and 'back' say it as the summary does (an outside trial saw "skipped")
        progress = chat.reply("progress")[0].text
        assert progress.startswith("2 done (1 skipped, 1 no consensus)"), progress
        chat.reply("back")  # to the skipped one
        back = chat.reply("back")[0].text
        assert "You said no consensus." in back, back
        chat.reply("keep")  # and on to the question after the skipped one
        while chat.state.current_question_id is not None:
            chat.reply("AB 3, CD 3, EF 3, GH 3")
            replies = chat.reply("agree")
        # the skipped question is offered again (the parked one is not); decline
        assert "You skipped 1 question — go back to it now?" in replies[-1].text
        replies = chat.reply("no")
        summary, pointer = replies[-2:]
        assert pointer.kind is Kind.POINTER
        assert f"with every voice: 'assessor report {chat.assessment.id}" in pointer.text
        summary = summary.text
        assert "1 no consensus, 1 skipped" in summary
        assert "1 question was left without consensus" in summary


# -- the command line: --from and --participant are checked before a workshop is made ----------


def chat_cli(db: Path, *flags: str, lines: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assessor", "chat", "--plain", "--db", str(db), *flags],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
    )


def test_a_refused_from_leaves_no_workshop_behind(tmp_path: Path) -> None:
    db = tmp_path / "from.db"
    governance = load_builtin().select(["governance"])
    with Store(db) as store:
        other = begin(store, "Hillside", governance, lead="CD").id
        ours = begin(store, "Riverside", governance, lead="Zed").id
    people = ("--participant", "AB, Council", "--participant", "CD, NHS Trust")
    base = ("--workshop", "--partnership", "Riverside", "--banks", "governance", *people)
    refused = {
        other: f"assessor: assessment {other} is of Hillside, not Riverside\n",
        ours: (
            f"assessor: assessment {ours} was answered by 'Zed', who is not among the "
            "participants; add them with --participant 'Zed, ORGANISATION, ROLE'\n"
        ),
    }
    for assessment_id, error in refused.items():
        result = chat_cli(db, *base, "--from", assessment_id)
        assert (result.returncode, result.stderr) == (1, error)
    twice = chat_cli(db, *base, "--participant", "ab, School")
    assert twice.returncode == 1
    assert twice.stderr == (
        "assessor: --participant 'ab' is given twice; two people in the room need different "
        "names or initials\n"
    )
    with Store(db) as store:
        assert [a.mode for a in store.assessments()] == ["individual", "individual"]


def test_the_greeting_names_the_self_assessments_used(tmp_path: Path) -> None:
    db = tmp_path / "from.db"
    governance = load_builtin().select(["governance"])
    with Store(db) as store:
        own = begin(store, "Riverside", governance, lead="CD")
        store.record_answer(own.id, "governance.board", AnswerValue.of(S.COLLABORATION))
    result = chat_cli(
        db,
        "--workshop",
        "--partnership",
        "Riverside",
        "--banks",
        "governance",
        "--participant",
        "AB, Council",
        "--participant",
        "CD, NHS Trust",
        "--from",
        own.id,
        lines=("AB 3",),
    )
    assert result.returncode == 0, result.stderr
    assert f"Started from their own self-assessments: CD from assessment {own.id} (1 rating)." in (
        result.stdout
    )
    assert "So far: CD 4. Still to rate: AB." in result.stdout
    assert "Who said what: AB 3, CD 4." in result.stdout


def test_a_piped_workshop_reads_right_to_the_facilitator(tmp_path: Path) -> None:
    """Four people from three organisations, through the plain chat: what the room is told."""
    result = chat_cli(
        tmp_path / "piped.db",
        "--workshop",
        "--partnership",
        "Riverside",
        "--banks",
        "governance",
        "--participant",
        "AB, Riverside Council, Early help lead",
        "--participant",
        "CD, NHS Trust, Health visiting lead",
        "--participant",
        "EF, NHS Trust, Midwife",
        "--participant",
        "GH, Age UK Lakeside, Manager",
        lines=(
            "AB 2, EF 1",
            "remove EF",
            "CD 3, GJ 4",
            "agree",
            "council 2, vcs 2, health 3",
            "agree 2 because health sees more joint leadership than others",
            "pause",
        ),
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Noted: CD 3, GH 4 ('GJ' taken as GH)." in out
    assert "Who said what: AB 2, CD 3, GH 4." in out  # EF left before it was agreed
    assert "I'd propose 3 (coordination), the median." in out
    assert "Agreed: coordination (3). Dissent on record: AB 2, GH 4." in out
    assert "Noted: AB 2, GH 2, CD 3." in out
    assert "Agreed: communication (2). Rationale noted: health sees more joint leadership" in out


# -- the report follows the same rules as the room ----------------------------------------------


class Ticking:
    """A store clock ten seconds on at every reading: who left and what was agreed when."""

    def __init__(self) -> None:
        self.moment = NOW

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=10)
        return self.moment


COMMITTED_SCHEMA = templates_dir() / "report.schema.json"


def a_report_with_someone_leaving(db: Path) -> tuple[str, dict[str, str]]:
    """Four people from three organisations; CD and EF start from their own self-assessments;
    EF leaves with ratings on two open questions; one question is parked, one skipped."""
    governance = load_builtin().select(["governance"])
    with Store(db, Ticking()) as store:
        cd = begin(store, "Riverside", governance, lead="CD")
        store.record_answer(cd.id, "governance.board", AnswerValue.of(S.COLLABORATION))
        store.record_answer(cd.id, "governance.strategy_signoff", AnswerValue.of(S.COORDINATION))
        ef = begin(store, "Riverside", governance, lead="EF")
        store.record_answer(ef.id, "governance.senior_resources", AnswerValue.of(S.ISOLATION))
        assessment = begin(store, "Riverside", governance, mode="workshop")
        for name, organisation in (
            ("AB", "Riverside Council"),
            ("CD", "NHS Trust"),
            ("EF", "NHS Trust"),
            ("GH", "Family Action"),
        ):
            store.add_participant(assessment.id, name, organisation, "")
        prefill_from(store, assessment.id, [cd.id, ef.id])
        chat = conversation_for(store, assessment.id, governance)
        chat.start()
        for line in (
            "AB 3, EF 3, GH 3",  # board: CD 4 from the self-assessment; spread 1
            "agree",
            "CD 2, AB 2, EF 5",  # strategy: CD's self-assessed 3 changed in the room
            "remove EF",  # EF's 5 here, and their 1 on senior commitment, no longer count
            "GH 2",
            "agree",
            "AB 2, CD 4, GH 4",  # senior commitment: spread 2 without EF's 1
            "no consensus",
            "AB 3, CD 4, GH 3",  # shared leadership: spread 1, not flagged
            "agree",
            "skip",
        ):
            chat.reply(line)
    return assessment.id, {"CD": cd.id, "EF": ef.id}


def test_a_workshop_report_uses_only_the_ratings_that_count(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    assessment_id, own = a_report_with_someone_leaving(db)
    with Store(db) as store:
        report = report_for(store, assessment_id, load_builtin(), now=NOW)
    w = report.workshop
    assert w is not None
    by_id = {q.question_id: q for q in w.questions}
    who = {qid: [r.participant for r in q.ratings] for qid, q in by_id.items()}
    assert who["governance.board"] == ["AB", "CD", "EF", "GH"]  # agreed before EF left
    assert who["governance.strategy_signoff"] == ["AB", "CD", "GH"]
    assert who["governance.senior_resources"] == ["AB", "CD", "GH"]
    senior = by_id["governance.senior_resources"]
    assert (senior.low, senior.high, senior.no_consensus, senior.wide) == (2, 4, True, True)
    # only the flagged question is among the widest, not the two a stage apart
    assert w.widest == ["governance.senior_resources"]
    # organisation averages over counted ratings, on the questions the agreed score counts:
    # senior resources, parked without consensus, weighs in neither
    (domain,) = w.domains
    averages = {o.organisation: o.average for o in domain.organisations}
    assert averages == {"Family Action": 2.6, "NHS Trust": 3.1, "Riverside Council": 2.6}
    assert domain.agreed_score == 2.6
    # the plan's "agree a shared view" quotes the counted voices only
    (agree,) = [a for a in report.plan.actions if a.kind == "agree"]
    assert "(AB 2, CD 4, GH 4)" in agree.text and "EF" not in agree.text
    # who left, and the self-assessments the workshop started from
    left = {p.name: p.left_at is not None for p in report.participants}
    assert left == {"AB": False, "CD": False, "EF": True, "GH": False}
    assert [(s.participant, s.assessment_id, s.kept) for s in w.started_from] == [
        ("CD", own["CD"], 1),  # the board rating; the strategy one was changed in the room
        ("EF", own["EF"], 1),
    ]
    # parked is counted as no consensus, not skipped, and the counts still add up
    (result,) = report.domains
    assert (result.answered, result.skipped, result.no_consensus) == (3, 1, 1)
    counted = [result.answered, result.not_applicable, result.dont_know, result.skipped]
    assert sum(counted) + result.no_consensus + result.unanswered == result.asked

    markdown = render(report, "md")
    assert "EF (NHS Trust) (left); GH (Family Action)" in markdown
    assert "| Skipped | No consensus | Target |" in markdown
    row = f"| 3/{result.asked} | 0 | 0 | 1 | 1 | one stage up |"
    assert row in markdown
    assert "| Governance and leadership | 2.6 | 2.6 | 3.1 | 2.6 |" in markdown
    assert f"- CD: assessment {own['CD']}, 1 rating kept as they came" in markdown
    assert "an organisation speaks with one voice apart from the rest" in markdown
    assert "agree among themselves but not with each other" not in markdown
    widest = markdown.split("### Widest disagreement")[1].split("###")[0]
    assert widest.strip().splitlines() == [
        "Ranked by the first spread: the ratings as the room first saw them, before anyone moved "
        "after",
        "discussion.",
        "",
        f"- {markdown_text(senior.text)} (spread 2: AB communication, CD collaboration, "
        "GH collaboration)",
    ]
    assert f"| {markdown_text(senior.text)} | no consensus |" in markdown  # answers by domain

    html = render(report, "html")
    assert "EF (NHS Trust) <em>(left)</em>" in html
    assert '<th class="num">No consensus</th>' in html
    assert f"<li>EF: assessment {own['EF']}, 1 rating kept as they came</li>" in html
    assert html.count("<strong>no consensus</strong>") == 2  # the voices and the answers
    assert "an organisation speaks with one voice apart" in html

    data = json.loads(render(report, "json"))
    jsonschema.validate(data, json.loads(COMMITTED_SCHEMA.read_text("utf-8")))
    assert data["domains"][0]["no_consensus"] == 1 and data["domains"][0]["skipped"] == 1
    assert data["workshop"]["widest"] == ["governance.senior_resources"]
    assert data["participants"][2]["left_at"] is not None
    rows = list(csv.DictReader(io.StringIO(render(report, "csv").lstrip("\ufeff"))))
    answers = {r["question_id"]: r["answer"] for r in rows}
    assert answers["governance.senior_resources"] == "no-consensus"
    assert list(answers.values()).count("skipped") == 1


def test_the_widest_are_the_flagged_and_none_is_said(tmp_path: Path, governance) -> None:
    with Store(tmp_path / "w.db") as store:
        calm = workshop(store, governance)
        for line in ("AB 3, CD 4, EF 3, GH 3", "agree", "AB 2, CD 2, EF 2, GH 3", "agree"):
            calm.reply(line)
        split = workshop(store, governance)
        for line in ("AB 2, GH 2, health 3", "agree", "AB 4, CD 2, EF 3, GH 3", "agree"):
            split.reply(line)
        quiet = report_for(store, calm.assessment.id, load_builtin(), now=NOW)
        flagged = report_for(store, split.assessment.id, load_builtin(), now=NOW)
    assert quiet.workshop is not None and flagged.workshop is not None
    assert quiet.workshop.widest == []
    none = "No question was flagged: every spread was under two stages, and no organisation"
    assert none in render(quiet, "md") and none in render(quiet, "html")
    assert flagged.workshop.widest == ["governance.strategy_signoff", "governance.board"]
    board = flagged.workshop.questions[0]
    assert board.split is not None
    assert (board.spread, board.wide, board.split.model_dump()) == (
        1,
        False,
        {"organisation": "NHS Trust", "average": 3.0, "others": 2.0},
    )
    markdown = render(flagged, "md")
    assert "(spread 1; NHS Trust 3.0 against the others' 2.0: AB communication" in markdown
    assert none not in markdown
    jsonschema.validate(
        json.loads(render(flagged, "json")), json.loads(COMMITTED_SCHEMA.read_text("utf-8"))
    )


def test_show_counts_parked_questions_as_no_consensus(tmp_path: Path, capsys) -> None:
    from assessor.cli import main

    db = tmp_path / "w.db"
    assessment_id, _ = a_report_with_someone_leaving(db)
    assert main(["show", assessment_id, "--db", str(db)]) == 0
    (row,) = [line for line in capsys.readouterr().out.splitlines() if "Governance" in line]
    assert "1 no consensus, 1 skipped" in row


def test_a_roster_line_without_add_adds_the_person(tmp_path: Path, governance) -> None:
    """A facilitator types 'AB, Riverside Council' as the example shows, leaving out 'add':
    the person is added, not silently passed over until 'ready' says nobody is in."""
    with Store(tmp_path / "w.db") as store:
        assessment = begin(store, "Riverside", governance, mode="workshop")
        chat = conversation_for(store, assessment.id, governance)
        chat.start()
        (added,) = chat.reply("AB, Riverside Council")
        assert added.kind is Kind.ACK and added.text.startswith("Added AB (Riverside Council).")
        assert chat.reply("CD, NHS Trust, Health visiting lead")[0].text.startswith("Added CD")
        (unclear,) = chat.reply("everyone is here now I think")
        assert unclear.kind is Kind.ERROR
        assert unclear.text.startswith("Nobody was added from that line.")
        roster = store.participants(assessment.id)
        assert [(p.name, p.organisation, p.role) for p in roster] == [
            ("AB", "Riverside Council", ""),
            ("CD", "NHS Trust", "Health visiting lead"),
        ]
        assert "question 1 of 9" in chat.reply("ready")[-1].text


def test_reveal_at_one_keyboard_shows_the_spread_again(tmp_path: Path, governance) -> None:
    """At one keyboard the spread shows once everyone has rated; 'reveal' said after it (as in
    a room) shows it again rather than being read as an answer to the question."""
    with Store(tmp_path / "w.db") as store:
        chat = workshop(store, governance, ("AB, Riverside Council", "CD, NHS Trust"))
        assert chat.reply("reveal")[0].text == "Nobody has rated this yet."
        assert any(m.text.startswith("Spread:") for m in chat.reply("AB 2, CD 3"))
        again = chat.reply("reveal")
        assert any(m.text.startswith("Spread: lowest 2") for m in again)
        assert not any("Back to the question" in m.text for m in again)
        assert chat.reply("agree")[0].text.startswith("Agreed: ")
