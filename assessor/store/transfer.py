"""Moving one whole assessment between databases as a JSON file, without loss: exported from a
store, and imported into one in a single transaction (the store's `transaction`) by the same
writers the store's own methods use. The file itself, and its checks: `export_file`.
"""

from __future__ import annotations

import sqlite3

from assessor.store.answer_writes import AnswerRow
from assessor.store.base import Connection
from assessor.store.errors import StoreError
from assessor.store.export_file import (
    ASSESSMENT_ID,
    DOMAINS,
    FILE_LIMIT,
    FILE_LIMIT_MB,
    FORMAT,
    FORMAT_VERSION,
    QUESTION_LIMIT,
    ExportFile,
    check_export,
    facts_from_words,
    parse_export,
    recorded,
)
from assessor.store.export_text import TEXT_LIMIT
from assessor.store.records import Assessment
from assessor.store.store import Store, iso_text

__all__ = [
    "ASSESSMENT_ID",
    "DOMAINS",
    "FILE_LIMIT",
    "FILE_LIMIT_MB",
    "FORMAT",
    "FORMAT_VERSION",
    "QUESTION_LIMIT",
    "TEXT_LIMIT",
    "ExportFile",
    "check_export",
    "export_assessment",
    "facts_from_words",
    "import_assessment",
    "parse_export",
    "recorded",
]


def export_assessment(store: Store, assessment_id: str) -> ExportFile:
    return ExportFile(
        assessment=store.assessment(assessment_id),
        participants=store.participants(assessment_id, include_removed=True),
        answers=store.answers(assessment_id, voices=True),
        history=store.history(assessment_id),
        questions=store.questions_of([assessment_id])[assessment_id],
        targets=store.targets(store.assessment(assessment_id).partnership),
        shares_scores=store.shares_scores(store.assessment(assessment_id).partnership),
    )


def import_assessment(store: Store, exported: ExportFile) -> Assessment:
    """Add an exported assessment, keeping its id, times, roster, answers and history.

    All or nothing, in one transaction. The partnership is matched by name in any case; an
    existing partnership's name and area are kept (an empty area takes the export's), and so
    are its targets (a domain with none takes the export's) and its agreement to share its
    scores (a partnership the import creates takes the export's).
    """
    check_export(exported)
    record = exported.assessment
    try:
        with store.transaction() as db:
            _insert(store, db, exported)
    except StoreError as error:
        if isinstance(error.__context__, _integrity_errors(store)):
            raise StoreError(
                f"the export contradicts itself and was not imported ({error.__context__})"
            ) from None
        raise
    return store.assessment(record.id)


def _integrity_errors(store: Store) -> tuple[type[Exception], ...]:
    """The driver's error for a row a constraint refuses (sqlite3's or psycopg's)."""
    if store.on_server:
        from assessor.store.postgres import driver

        return (driver().IntegrityError,)
    return (sqlite3.IntegrityError,)


def _insert(store: Store, db: Connection, exported: ExportFile) -> None:
    """Every row of an export, inside the caller's transaction."""
    record = exported.assessment
    if db.execute("SELECT 1 FROM assessments WHERE id = ?", (record.id,)).fetchone():
        raise StoreError(f"assessment '{record.id}' is already in {store.path}")
    owner, created = store.partnership_in(db, record.partnership, record.area)
    if created and exported.shares_scores:
        db.execute("UPDATE partnerships SET shares_scores = 1 WHERE id = ?", (owner.id,))
    store.put_assessment_in(db, owner.id, record)
    voices: dict[int | None, int | None] = {None: None}  # id in the file -> id here
    for person in exported.participants:  # every id an answer names checked in check_export
        voices[person.id] = store.put_participant_in(db, record.id, person)
    kept = [*exported.answers, *exported.history]
    question = store.question_keys_in(db, (a.question_id for a in kept))
    writer = store.writer_keys_in(db, (a.changed_by for a in kept))
    for a in exported.answers:
        row = AnswerRow.of(
            a, question[a.question_id], voices[a.participant_id], writer[a.changed_by]
        )
        store.put_answer_row_in(db, record.id, row, in_bank=a.in_bank)
    for h in exported.history:
        row = AnswerRow.of(
            h, question[h.question_id], voices[h.participant_id], writer[h.changed_by]
        )
        store.put_earlier_answer_in(db, record.id, row, iso_text(h.replaced_at))
    store.put_questions_in(db, record.id, exported.questions.items())
    for target in exported.targets:
        store.put_target_in(db, owner.id, target, replace=False)
