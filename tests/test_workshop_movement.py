"""Who moved after discussion: a rating changed once the spread was shown keeps the one the room
first saw, with its words. The report shows the first spread beside the one after discussion,
who moved from what to what, and every word each person said; the widest disagreement is
ranked by the first spread, and each organisation's average is of its first ratings."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import jsonschema
import pytest

from assessor.banks import load_builtin
from assessor.conversation import conversation_for
from assessor.files.resources import templates_dir
from assessor.report import render, report_for
from assessor.report.model import Report
from assessor.report.model.workshop import QuestionVoices
from assessor.report.render import markdown_text
from assessor.sessions import begin
from assessor.store import Store
from assessor.store.transfer import export_assessment, import_assessment, parse_export

INSTALLED = load_builtin()
GOVERNANCE = INSTALLED.select(["governance"])
NOW = datetime(2026, 12, 4, tzinfo=UTC)
BOARD = "governance.board"
CD_SAID = "honestly the trust just gets told what's been decided"
EF_SAID = "changes to 3 as well, the board only advises really"
MOVES = "CD moved from 2 to 3 after discussion; EF moved from 4 to 3 after discussion"


def _workshop(store: Store) -> Any:
    assessment = begin(store, "Riverside", GOVERNANCE, mode="workshop")
    chat = conversation_for(store, assessment.id, GOVERNANCE)
    chat.start()
    for person in ("AB, Riverside Council", "CD, NHS Trust", "EF, Family Action"):
        chat.reply(f"add {person}")
    chat.reply("ready")
    return chat


def _said(chat: Any, *lines: str) -> str:
    return "\n".join(m.text for line in lines for m in chat.reply(line))


def _the_trial(chat: Any) -> None:
    """The room splits 2 to 4; CD and EF move to 3 after discussion; the room agrees 3."""
    first = _said(chat, f"AB coord, CD: {CD_SAID}, EF 4", "yes")
    assert "Spread: lowest 2 (communication), highest 4 (collaboration), median 3" in first
    assert "That is a spread of 2 stages: worth talking through." in first
    after = _said(chat, "CD 3", f"EF {EF_SAID}", "yes")
    assert "Spread: lowest 3 (coordination), highest 3 (coordination), median 3" in after
    agreed = _said(chat, "agree because the board only advises and the trust is told")
    assert agreed.startswith("Agreed: coordination (3).")


def _board(report: Report) -> QuestionVoices:
    assert report.workshop is not None
    return next(q for q in report.workshop.questions if q.question_id == BOARD)


def test_who_moved_after_discussion_stays_on_record(tmp_path) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = _workshop(store)
        _the_trial(chat)
        # The store: the ratings the room first saw are the earlier versions, with their words.
        names = {p.id: p.name for p in store.participants(chat.assessment.id)}
        earlier = [
            (names[h.participant_id], h.value, h.note)
            for h in store.history(chat.assessment.id, BOARD)
            if h.participant_id is not None
        ]
        assert earlier == [("CD", 2, CD_SAID), ("EF", 4, "")]
        now = {
            names[a.participant_id]: (a.value, a.after_spread)
            for a in store.answers(chat.assessment.id, voices=True, question_id=BOARD)
            if a.participant_id is not None
        }
        assert now == {"AB": (3, False), "CD": (3, True), "EF": (3, True)}
        report = report_for(store, chat.assessment.id, INSTALLED, now=NOW)
        exported = export_assessment(store, chat.assessment.id)
    # An export carries who moved: the same report from the file imported elsewhere.
    with Store(tmp_path / "elsewhere.db") as other:
        text = exported.model_dump_json()
        import_assessment(other, parse_export(text, "w.json"))
        again = report_for(other, chat.assessment.id, INSTALLED, now=NOW)
    assert render(again, "md") == render(report, "md")

    board = _board(report)
    assert (board.low, board.high, board.spread, board.flagged) == (3, 3, 0, False)
    first = board.first
    assert (first.low, first.high, first.median, first.spread, first.wide) == (2, 4, 3, 2, True)
    voices = {
        r.participant: (r.first_answer, r.answer, r.moved, r.earlier_comments, r.comment)
        for r in board.ratings
    }
    assert voices == {
        "AB": ("coordination", "coordination", False, [], ""),
        "CD": ("communication", "coordination", True, [CD_SAID], ""),
        "EF": ("collaboration", "coordination", True, [], EF_SAID),
    }
    assert report.workshop is not None
    assert report.workshop.widest == [BOARD]  # ranked by the first spread
    averages = {o.organisation: o.average for o in report.workshop.domains[0].organisations}
    assert averages == {"Family Action": 4.0, "NHS Trust": 2.0, "Riverside Council": 3.0}

    markdown = render(report, "md")
    row = next(line for line in markdown.splitlines() if line.startswith("| How far are decisions"))
    assert "| first 2-4, median 3; after discussion 3-3, median 3 |" in row
    assert f"CD coordination: “{markdown_text(CD_SAID)}”" in row
    assert f"EF coordination: “{markdown_text(EF_SAID)}”" in row
    assert f". {MOVES} | **flagged** |" in row
    assert "Ranked by the first spread: the ratings as the room first saw them" in markdown
    assert (
        "(spread 2: AB coordination, CD communication, EF collaboration; " + MOVES + ")"
    ) in markdown
    assert "Each organisation's average is of its people's first ratings" in markdown

    html = render(report, "html")
    assert "EF moved from 4 to 3 after discussion" in html
    assert "“honestly the trust just gets told what&#39;s been decided”" in html
    assert "Ranked by the first spread" in html
    assert "Ratings ran from stage 2 to 4" in render(report, "board")

    data = json.loads(render(report, "json"))
    jsonschema.validate(data, json.loads((templates_dir() / "report.schema.json").read_text()))
    row_data = next(q for q in data["workshop"]["questions"] if q["question_id"] == BOARD)
    assert row_data["first"]["spread"] == 2 and row_data["spread"] == 0
    cd = next(r for r in row_data["ratings"] if r["participant"] == "CD")
    assert (cd["first_answer"], cd["answer"], cd["moved"]) == (
        "communication",
        "coordination",
        True,
    )
    assert cd["earlier_comments"] == [CD_SAID]


def test_a_correction_before_the_spread_is_not_a_move(tmp_path) -> None:
    with Store(tmp_path / "w.db") as store:
        chat = _workshop(store)
        said = _said(chat, "AB 3, CD 4", "CD 2", "EF 2")
        assert "Spread: lowest 2 (communication), highest 3 (coordination)" in said
        _said(chat, "agree")
        report = report_for(store, chat.assessment.id, INSTALLED, now=NOW)
    board = _board(report)
    assert [(r.participant, r.first_answer, r.moved) for r in board.ratings] == [
        ("AB", "coordination", False),
        ("CD", "communication", False),
        ("EF", "communication", False),
    ]
    assert board.first.model_dump() == {
        "low": 2,
        "high": 3,
        "median": 2,
        "spread": 1,
        "flagged": False,
        "wide": False,
        "split": None,
    }
    markdown = render(report, "md")
    assert "after discussion" not in markdown and "moved from" not in markdown
    assert "| 2-3, median 2 | AB coordination, CD communication, EF communication |" in markdown


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def engine_db(request, tmp_path) -> Any:
    if request.param == "sqlite":
        return tmp_path / "old.db"
    from assessor.store.location import ServerAddress

    server = request.getfixturevalue("postgres_server")
    return ServerAddress(server.new_database(f"moved_{request.node.name[-12:-1]}"))


def test_a_store_of_schema_13_is_brought_up_to_date(engine_db) -> None:
    """Migration 14 on a store as schema 13 left it: the ratings changed then are taken as given
    before the spread (nobody is said to have moved), their words all kept; a rating changed
    after the spread from now on is a move."""
    with Store(engine_db) as store:
        chat = _workshop(store)
        _the_trial(chat)
        assessment_id = chat.assessment.id
        with store.transaction() as db:
            for table in ("answers", "answer_history"):
                db.execute(f"ALTER TABLE {table} DROP COLUMN after_spread")
            db.execute("UPDATE meta SET value = '13' WHERE key = 'schema_version'")
    with Store(engine_db) as store:
        with store.transaction() as db:
            version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'")
            assert [tuple(r) for r in version] == [("14",)]
        assert not any(a.after_spread for a in store.answers(assessment_id, voices=True))
        report = report_for(store, assessment_id, INSTALLED, now=NOW)
        board = _board(report)
        assert [r.moved for r in board.ratings] == [False, False, False]
        cd = next(r for r in board.ratings if r.participant == "CD")
        assert cd.earlier_comments == [CD_SAID]
        # The workshop carries on in the migrated store: a move after the spread is one.
        chat = conversation_for(store, assessment_id, GOVERNANCE)
        chat.start()
        assert "Spread: lowest 1 (isolation), highest 3" in _said(chat, "AB 1, CD 3, EF 2")
        _said(chat, "AB 2")
        moved = _board_row(report_for(store, assessment_id, INSTALLED, now=NOW))
    assert moved == [("AB", "isolation", "communication", True)]


def _board_row(report: Report) -> list[tuple[str, Any, Any, bool]]:
    assert report.workshop is not None
    second = next(
        q for q in report.workshop.questions if q.question_id == "governance.strategy_signoff"
    )
    return [(r.participant, r.first_answer, r.answer, r.moved) for r in second.ratings if r.moved]
