"""How an answer came to be is a typed fact in the store, never read back from its words: a
workshop's question parked without consensus, a rating copied from a self-assessment, a rating
given on a participant's own device. A store of the previous schema (11) and an export of the
previous version (format 1) take the facts their words said then, and read as they did; words
people write ("no consensus" as a comment, a note saying "self-assessment x") stay their words.

`data/export_version_1_workshop.json` was written by the previous version: a workshop in a room
where CD started from their self-assessment, AB and CD rated on their devices (AB commenting
"no consensus", CD "self-assessment x"), the first question was agreed and the second parked.
Its second question was `governance.strategy_vision`, retired in governance 2.5; the file names
its successor, `governance.strategy_signoff`, so its report reads against today's banks (the
facts read from the file do not depend on which question they belong to).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from assessor.analysis.summaries import summarise_answers
from assessor.analysis.workshop import parked_by_domain
from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import conversation_for
from assessor.conversation.workshop import WorkshopConversation
from assessor.report import render, report_for
from assessor.report.render import markdown_text
from assessor.room.room import Room
from assessor.sessions import begin
from assessor.store import Store, StoreError
from assessor.store.transfer import export_assessment, import_assessment, parse_export, recorded
from assessor.text.profile import profile_lines

INSTALLED = load_builtin()
GOVERNANCE = INSTALLED.select(["governance"])
NOW = datetime(2026, 12, 1, tzinfo=UTC)
VERSION_1 = Path(__file__).parent / "data" / "export_version_1_workshop.json"
WORKSHOP, SELF_ASSESSMENT = "50b0d113", "15d3bf86"
# An earlier version of the first question's agreed answer: parked, then agreed after all.
PARKED_EARLIER = {
    "question_id": "governance.board",
    "value": None,
    "special": "skipped",
    "words": "no consensus",
    "note": "",
    "participant_id": None,
    "answered_at": "2026-12-03T18:06:00+00:00",
    "changed_by": "facilitator (sam@here, process 1)",
    "in_bank": True,
    "rationale": "",
    "replaced_at": "2026-12-03T18:07:00+00:00",
}


def _version_1() -> dict[str, Any]:
    """The previous version's export, with a parked answer later agreed in its history."""
    data: dict[str, Any] = json.loads(VERSION_1.read_text(encoding="utf-8"))
    data["history"] = [PARKED_EARLIER]
    return data


def _old_store(location: Any, monkeypatch) -> None:
    """A store as the previous version left it: schema 11, holding the exported workshop."""
    from assessor.store import database, migrations, postgres

    data = _version_1()
    with monkeypatch.context() as patch:
        for module in (migrations, database, postgres):
            patch.setattr(module, "LATEST", 11)
        with Store(location) as store, store.transaction() as db:
            record = data["assessment"]
            owner, _ = store.partnership_in(db, record["partnership"], record["area"])
            db.execute(
                "INSERT INTO assessments(id, partnership_id, mode, status, lead, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    record["id"],
                    owner.id,
                    record["mode"],
                    record["status"],
                    record["lead"],
                    record["started_at"],
                ),
            )
            for n, bank in enumerate(record["banks"]):
                db.execute(
                    "INSERT INTO assessment_banks VALUES (?, ?, ?, ?)",
                    (record["id"], bank["bank_id"], bank["version"], n),
                )
            for person in data["participants"]:
                db.execute(
                    "INSERT INTO participants(id, assessment_id, name, organisation, role, "
                    "sector, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        person["id"],
                        record["id"],
                        person["name"],
                        person["organisation"],
                        person["role"],
                        person["sector"],
                        person["added_at"],
                    ),
                )
            columns = "question_id, participant_id, value, special, words, note, answered_at"
            for table, rows, extra in (
                ("answers", data["answers"], ", changed_by, in_bank, rationale"),
                ("answer_history", data["history"], ", changed_by, rationale, replaced_at"),
            ):
                names = f"{columns}{extra}".split(", ")
                for row in rows:
                    db.execute(
                        f"INSERT INTO {table}(assessment_id, {columns}{extra}) "
                        f"VALUES (?{', ?' * len(names)})",
                        (record["id"], *(_stored(row[n]) for n in names)),
                    )
            store.put_questions_in(db, record["id"], data["questions"].items())


def _stored(value: Any) -> Any:
    """A value of the file as the table holds it (a flag as 0 or 1)."""
    return int(value) if isinstance(value, bool) else value


def _facts(store: Store) -> dict[tuple[str, str | None], tuple[bool, str | None, bool]]:
    names = {p.id: p.name for p in store.participants(WORKSHOP, include_removed=True)}
    return {
        (a.question_id, names.get(a.participant_id or 0)): (a.parked, a.prefilled_from, a.on_device)
        for a in store.answers(WORKSHOP, voices=True)
    }


FACTS = {
    ("governance.board", "CD"): (False, SELF_ASSESSMENT, False),
    ("governance.board", "AB"): (False, None, True),
    ("governance.board", None): (False, None, False),
    ("governance.strategy_signoff", "AB"): (False, None, True),
    ("governance.strategy_signoff", "CD"): (False, None, True),
    ("governance.strategy_signoff", None): (True, None, False),
}


def _reads_as_it_did(store: Store) -> None:
    """The workshop as the previous version read it: in its report, plan, profile and chat."""
    report = report_for(store, WORKSHOP, INSTALLED, now=NOW)
    workshop = report.workshop
    assert workshop is not None
    assert [(s.participant, s.assessment_id, s.kept) for s in workshop.started_from] == [
        ("CD", SELF_ASSESSMENT, 1)
    ]
    assert [q.question_id for q in workshop.questions if q.no_consensus] == [
        "governance.strategy_signoff"
    ]
    parked = [a for a in report.plan.actions if a.kind == "agree"]
    assert [a.id for a in parked] == ["governance.strategy_signoff.agree"]
    assert "(no consensus in the workshop)" in parked[0].why
    strategy = GOVERNANCE.question("governance.strategy_signoff").text
    markdown = render(report, "md")
    assert f"| {markdown_text(strategy)} | no consensus |" in markdown
    assert "- CD: assessment 15d3bf86, 1 rating kept as they came" in markdown
    answers = store.answers(WORKSHOP)
    assessment = store.assessment(WORKSHOP)
    assert parked_by_domain(GOVERNANCE, answers) == {"governance": 1}
    shown = "\n".join(
        profile_lines(
            summarise_answers(assessment, answers, INSTALLED),
            parked_by_domain(GOVERNANCE, answers),
        )
    )
    assert "1 no consensus" in shown
    chat = conversation_for(store, WORKSHOP, GOVERNANCE)
    opening = "\n".join(m.text for m in chat.start())
    assert "Started from their own self-assessments: CD from assessment 15d3bf86" in opening


def test_a_store_of_schema_11_takes_the_facts_its_words_said(new_db, monkeypatch) -> None:
    location = new_db("old")
    _old_store(location, monkeypatch)
    with Store(location) as store:
        assert _facts(store) == FACTS
        words = {
            (a["question_id"], a["participant_id"]): a["words"] for a in _version_1()["answers"]
        }
        assert {
            (a.question_id, a.participant_id): a.words for a in store.answers(WORKSHOP, voices=True)
        } == words  # the words stay as they were
        assert [(h.question_id, h.parked) for h in store.history(WORKSHOP)] == [
            ("governance.board", True)
        ]
        _reads_as_it_did(store)
        exported = export_assessment(store, WORKSHOP)
    assert exported.format_version == 2
    assert [a.parked for a in exported.answers].count(True) == 1


def test_an_export_of_the_previous_version_imports_with_its_facts(new_db, monkeypatch) -> None:
    with Store(new_db("imported")) as store:
        imported = import_assessment(store, parse_export(json.dumps(_version_1()), "old.json"))
        assert imported.id == WORKSHOP and _facts(store) == FACTS
        assert [h.parked for h in store.history(WORKSHOP)] == [True]
        _reads_as_it_did(store)
        from_import = recorded(export_assessment(store, WORKSHOP))
        again = export_assessment(store, WORKSHOP).model_dump_json()
    location = new_db("migrated")
    _old_store(location, monkeypatch)
    with Store(location) as store:
        assert recorded(export_assessment(store, WORKSHOP)) == from_import  # one reading
    with Store(new_db("again")) as store:  # the new version's export carries the facts itself
        import_assessment(store, parse_export(again, "new.json"))
        assert _facts(store) == FACTS


def test_words_people_write_are_never_read_as_facts(new_db) -> None:
    """A comment "no consensus" on a device, a note or words "self-assessment x", an agreed
    answer skipped in the words "no consensus": none is parked or copied from anywhere."""
    with Store(new_db("words")) as store:
        workshop = begin(store, "Riverside", GOVERNANCE, mode="workshop")
        chat = conversation_for(store, workshop.id, GOVERNANCE)
        assert isinstance(chat, WorkshopConversation)
        chat.start()
        room = Room.open(chat, lambda: 1000.0)
        ab = room.join(room.keys.code, "AB", "Riverside Council", "council", "10.0.0.1").token
        room.reply("add CD, Riverside NHS Trust")
        room.reply("ready")
        question = room.participant_view(ab).question
        assert question is not None
        room.rate(ab, question.id, "3", "no consensus")
        cd = next(p for p in store.participants(workshop.id) if p.name == "CD")
        store.record_answer(
            workshop.id,
            question.id,
            AnswerValue(stage=Stage.COLLABORATION),
            "self-assessment x",
            "self-assessment x",
            participant_id=cd.id,
        )
        store.record_answer(
            workshop.id, question.id, AnswerValue(special=Special.SKIPPED), "no consensus"
        )
        report = report_for(store, workshop.id, INSTALLED, now=NOW)
        assert report.workshop is not None
        assert report.workshop.started_from == []
        assert not any(q.no_consensus for q in report.workshop.questions)
        assert not any(a.kind == "agree" for a in report.plan.actions)
        assert parked_by_domain(GOVERNANCE, store.answers(workshop.id)) == {}
        assert (
            "no consensus"
            not in render(report, "md").replace("'no consensus'", "").split("## Answers", 1)[-1]
        )


def test_a_rating_typed_for_someone_is_theirs_only_once_they_rate_on_their_device(
    tmp_path: Path,
) -> None:
    """Before the reveal, a rating typed for someone may be typed again, whether or not they
    joined from a device; once they rate on their device, their rating stands."""
    with Store(tmp_path / "room.db") as store:
        workshop = begin(store, "Riverside", GOVERNANCE, mode="workshop")
        chat = conversation_for(store, workshop.id, GOVERNANCE)
        chat.start()
        assert isinstance(chat, WorkshopConversation)
        room = Room.open(chat, lambda: 1000.0)
        ab = room.join(room.keys.code, "AB", "Riverside Council", "council", "10.0.0.1").token
        room.join(room.keys.code, "CD", "Riverside NHS Trust", "health", "10.0.0.2")
        room.reply("add GH, Family Action")  # no device
        room.reply("ready")
        question = room.participant_view(ab).question
        assert question is not None

        def rating(name: str) -> int | None:
            person = next(p for p in store.participants(workshop.id) if p.name == name)
            answer = store.answer(workshop.id, question.id, person.id)
            return None if answer is None else answer.value

        room.reply("AB 3, GH 3")
        replies = [m.text for m in room.reply("AB 4, GH 4")]
        assert replies[0] == "Noted: AB 4, GH 4.", replies
        assert (rating("AB"), rating("GH")) == (4, 4)
        room.rate(ab, question.id, "2", "")
        replies = [m.text for m in room.reply("AB 5, GH 5")]
        assert replies[0] == "Noted: GH 5.", replies
        assert (
            "Nothing saved for AB, who rated on their own device: that rating stands" in replies[1]
        ), replies
        assert (rating("AB"), rating("GH")) == (2, 5)


def test_an_export_that_parks_a_rated_answer_is_refused_in_one_sentence(tmp_path: Path) -> None:
    data = json.loads(VERSION_1.read_text(encoding="utf-8"))
    data["format_version"] = 2
    data["answers"][2]["parked"] = True  # the first question's agreed answer: coordination
    with Store(tmp_path / "a.db") as store:
        with pytest.raises(StoreError) as refused:
            import_assessment(store, parse_export(json.dumps(data), "odd.json"))
        assert store.assessments() == []
    assert str(refused.value) == (
        "odd.json is not an assessor export: answers[2]: only a workshop's agreed answer, "
        "recorded as skipped, is parked"
    )
