"""Moving one whole assessment between databases as a JSON file, without loss."""

from __future__ import annotations

import re
import sqlite3
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from assessor.store.errors import StoreError
from assessor.store.records import Answer, Assessment, Participant, RevisedAnswer, Target
from assessor.store.store import Store, iso_text

FORMAT = "assessor-assessment"
ASSESSMENT_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


class ExportFile(BaseModel):
    """The export format, version 1: everything recorded about one assessment."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["assessor-assessment"] = FORMAT
    format_version: Literal[1] = 1
    assessment: Assessment
    participants: list[Participant]
    answers: list[Answer]
    history: list[RevisedAnswer]
    questions: dict[str, str] = {}  # question id -> the wording it was asked in
    targets: list[Target] = []  # the partnership's target stages when it was exported


def export_assessment(store: Store, assessment_id: str) -> ExportFile:
    return ExportFile(
        assessment=store.assessment(assessment_id),
        participants=store.participants(assessment_id, include_removed=True),
        answers=store.answers(assessment_id, voices=True),
        history=store.history(assessment_id),
        questions=store.questions_of([assessment_id])[assessment_id],
        targets=store.targets(store.assessment(assessment_id).partnership),
    )


def parse_export(text: str, source: str) -> ExportFile:
    """Read an export file; one sentence naming the file and the first problem otherwise."""
    try:
        return ExportFile.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        raise StoreError(f"{source} is not an assessor export: {where}: {first['msg']}") from None


def check_export(exported: ExportFile) -> None:
    """Refuse, before any database is touched, an export that could not be imported whole."""
    record = exported.assessment
    if not ASSESSMENT_ID.fullmatch(record.id):
        raise StoreError(f"the export's assessment id '{record.id[:40]}' is not a valid id")
    if not " ".join(record.partnership.split()):
        raise StoreError("the export's partnership has no name")
    domains = [t.domain_id for t in exported.targets]
    if len(set(domains)) != len(domains):
        raise StoreError("the export contradicts itself: two targets for one domain")
    roster = [p.id for p in exported.participants]
    if len(set(roster)) != len(roster):
        raise StoreError("the export contradicts itself: two participants share one id")
    voices: set[tuple[str, int | None]] = set()
    for answer in [*exported.answers, *exported.history]:
        if answer.participant_id is not None and answer.participant_id not in roster:
            raise StoreError(
                f"the export names participant {answer.participant_id}, who is not in its roster"
            )
    for answer in exported.answers:
        voice = (answer.question_id, answer.participant_id)
        if voice in voices:
            raise StoreError(
                f"the export contradicts itself: two current answers to '{answer.question_id}' "
                "from one voice"
            )
        voices.add(voice)


def import_assessment(store: Store, exported: ExportFile) -> Assessment:
    """Add an exported assessment, keeping its id, times, roster, answers and history.

    All or nothing, in one transaction. The partnership is matched by name in any case; an
    existing partnership's name and area are kept (an empty area takes the export's), and so
    are its targets (a domain with none takes the export's).
    """
    check_export(exported)
    record = exported.assessment
    db = store.raw()
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("SELECT 1 FROM assessments WHERE id = ?", (record.id,)).fetchone():
            raise StoreError(f"assessment '{record.id}' is already in {store.path}")
        owner = store.partnership_in(db, record.partnership, record.area)
        db.execute(
            "INSERT INTO assessments(id, partnership_id, mode, status, lead, started_at, "
            "finished_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                owner.id,
                record.mode,
                record.status,
                record.lead,
                iso_text(record.started_at),
                iso_text(record.finished_at) if record.finished_at else None,
            ),
        )
        db.executemany(
            "INSERT INTO assessment_banks(assessment_id, bank_id, bank_version, position) "
            "VALUES (?, ?, ?, ?)",
            [(record.id, b.bank_id, b.version, i) for i, b in enumerate(record.banks)],
        )
        new_ids: dict[int, int] = {}
        for person in exported.participants:
            cursor = db.execute(
                "INSERT INTO participants(assessment_id, name, organisation, role, added_at, "
                "removed_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    record.id,
                    person.name,
                    person.organisation,
                    person.role,
                    iso_text(person.added_at),
                    iso_text(person.removed_at) if person.removed_at else None,
                ),
            )
            new_ids[person.id] = cursor.lastrowid  # type: ignore[assignment]

        def voice(old: int | None) -> int | None:
            return None if old is None else new_ids[old]  # every id checked in check_export

        for a in exported.answers:
            db.execute(
                "INSERT INTO answers(assessment_id, question_id, participant_id, value, special, "
                "words, note, answered_at, changed_by, in_bank, rationale) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    record.id,
                    a.question_id,
                    voice(a.participant_id),
                    a.value,
                    a.special.value if a.special else None,
                    a.words,
                    a.note,
                    iso_text(a.answered_at),
                    a.changed_by,
                    int(a.in_bank),
                    a.rationale,
                ),
            )
        for h in exported.history:
            db.execute(
                "INSERT INTO answer_history(assessment_id, question_id, participant_id, value, "
                "special, words, note, answered_at, replaced_at, changed_by, rationale) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    record.id,
                    h.question_id,
                    voice(h.participant_id),
                    h.value,
                    h.special.value if h.special else None,
                    h.words,
                    h.note,
                    iso_text(h.answered_at),
                    iso_text(h.replaced_at),
                    h.changed_by,
                    h.rationale,
                ),
            )
        db.executemany(
            "INSERT INTO assessment_questions(assessment_id, question_id, text) VALUES (?, ?, ?)",
            [(record.id, qid, text) for qid, text in exported.questions.items()],
        )
        for target in exported.targets:
            store.put_target_in(db, owner.id, target, replace=False)
    except sqlite3.IntegrityError as error:
        db.execute("ROLLBACK")
        raise StoreError(f"the export contradicts itself and was not imported ({error})") from None
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return store.assessment(record.id)
