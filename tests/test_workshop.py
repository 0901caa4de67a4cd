"""Workshops: ratings in every form, spread and flags, consensus, abstentions, resume, reports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Kind, conversation_for
from assessor.report import render, report_for
from assessor.resources import templates_dir
from assessor.sessions import begin, prefill_from
from assessor.store import Store
from assessor.store.records import Participant
from assessor.workshop import parse_ratings, spread_of

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
    ],
)
def test_rating_entry_in_all_its_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert read(text) == expected


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
    # even count: the lower middle value, so the proposal never flatters
    even = spread_of({1: a(S.COORDINATION), 2: a(S.COLLABORATION)}, ROSTER)
    assert even.median is S.COORDINATION and not even.flagged
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
        assert "3 Coordination: A multi-agency early help group" in spread.text  # disputed levels
        replies = chat.reply("agree 3 because the group meets monthly but signs off separately")
        assert replies[0].text == (
            "Agreed: coordination (3). Rationale noted: the group meets monthly but signs off "
            "separately. Dissent on record: CD 4, EF 2, GH 2."
        )
        agreed = store.answer(chat.assessment.id, "governance.board")
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
        parked = store.answer(chat.assessment.id, "governance.strategy_vision")
        assert parked.special is Special.SKIPPED and parked.words == "no consensus"
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
    assessment_id = re.search(r"assessor resume (\w+)", result.stdout).group(1)
    with Store(db) as store:
        report = report_for(store, assessment_id, load_builtin(), now=NOW)
    workshop_info = report.workshop
    assert workshop_info is not None
    board = workshop_info.questions[0]
    assert (board.low, board.high, board.median, board.flagged) == (2, 4, 2, True)
    assert workshop_info.widest[:2] == ["governance.board", "governance.strategy_vision"]
    (domain,) = workshop_info.domains
    averages = {o.organisation: o.average for o in domain.organisations}
    assert averages == {"Family Action": 3.0, "NHS Trust": 2.7, "Riverside Council": 3.3}
    assert any(
        a.kind == "agree" and a.id == "governance.strategy_vision.agree"
        for a in report.plan.actions
    )
    markdown = render(report, "md")
    assert "| Governance and leadership | 3.0 | 3.0 | 2.7 | 3.3 |" in markdown
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
    }
