"""Assessments: each one's record and the banks it uses, the questions it was asked in the
wording asked, the cache of its summary, and the keys of its workshop room."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial

from assessor.store.base import CHUNK, Connection, iso_text
from assessor.store.errors import NotFound, Unavailable
from assessor.store.partnerships import PartnershipStore, _spaced
from assessor.store.records import Assessment, BankUse, Mode, RoomKeys, moment_from_text
from assessor.store.text import damage_was_read

_KEEP_SUMMARY = (
    "INSERT INTO summaries(assessment_id, fingerprint, summary) VALUES (?, ?, ?) "
    "ON CONFLICT(assessment_id) DO UPDATE SET fingerprint = excluded.fingerprint, "
    "summary = excluded.summary"
)


class AssessmentStore(PartnershipStore):
    """The assessments aggregate (an assessment belongs to a partnership, found or made here)."""

    def create_assessment(
        self,
        partnership: str,
        banks: Sequence[BankUse],
        mode: Mode = "individual",
        lead: str = "",
        area: str = "",
        assessment_id: str | None = None,
        started_at: datetime | None = None,
    ) -> Assessment:
        owner = self.partnership(partnership, area)
        record = Assessment.model_construct(  # as given: written, then read back validated
            id=assessment_id or self._new_id(),
            partnership=owner.name,
            mode=mode,
            status="in-progress",
            lead=lead,
            banks=list(banks),
            started_at=started_at or self.now(),
        )
        with self.transaction() as db:
            self.put_assessment_in(db, owner.id, record)
        return self.assessment(record.id)

    @classmethod
    def put_assessment_in(cls, db: Connection, partnership_id: int, record: Assessment) -> None:
        """Add an assessment and its banks inside a transaction the caller holds (import)."""
        db.execute(
            "INSERT INTO assessments(id, partnership_id, mode, status, lead, started_at, "
            "finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                partnership_id,
                record.mode,
                record.status,
                record.lead,
                iso_text(record.started_at),
                iso_text(record.finished_at) if record.finished_at else None,
            ),
        )
        cls._put_banks(db, record.id, record.banks)

    def _new_id(self) -> str:
        while True:
            candidate = secrets.token_hex(4)
            if not self._db.execute(
                "SELECT 1 FROM assessments WHERE id = ?", (candidate,)
            ).fetchone():
                return candidate

    @staticmethod
    def _put_banks(db: Connection, assessment_id: str, banks: Sequence[BankUse]) -> None:
        db.execute("DELETE FROM assessment_banks WHERE assessment_id = ?", (assessment_id,))
        db.executemany(
            "INSERT INTO assessment_banks(assessment_id, bank_id, bank_version, position) "
            "VALUES (?, ?, ?, ?)",
            [(assessment_id, b.bank_id, b.version, i) for i, b in enumerate(banks)],
        )

    def assessment(self, assessment_id: str) -> Assessment:
        found = self._assessments("WHERE a.id = ?", (assessment_id,))
        if not found:
            raise NotFound(f"there is no assessment '{assessment_id}' in {self.path}")
        return found[0]

    def assessment_id(self, given: str) -> str:
        """The id of the assessment `given` names: its whole id, or the start of one id, in any
        case ('35f7' for 35f7a0c2). NotFound when it names none, or several (which are said)."""
        wanted = given.strip()
        if not wanted:
            raise NotFound("an assessment id is empty; give its id (or the first few characters)")
        if self._db.execute("SELECT 1 FROM assessments WHERE id = ?", (wanted,)).fetchone():
            return wanted
        rows = self._db.execute(
            "SELECT a.id, a.started_at, p.name FROM assessments a "
            "JOIN partnerships p ON p.id = a.partnership_id "
            "WHERE substr(lower(a.id), 1, length(?)) = lower(?) ORDER BY a.started_at, a.id",
            (wanted, wanted),
        ).fetchall()
        if len(rows) == 1:
            return str(rows[0]["id"])
        if not rows:
            raise NotFound(self._not_an_id(given))
        listed = _first_few([f"{r['id']} ({r['name']}, {str(r['started_at'])[:10]})" for r in rows])
        raise NotFound(
            f"'{given}' is the start of {len(rows)} assessment ids: {listed}; give more of the id"
        )

    def _not_an_id(self, given: str) -> str:
        """Why `given` names no assessment; where it is a partnership's name, that partnership's
        assessments, newest first, to give one of."""
        rows = self._db.execute(
            "SELECT a.id, a.started_at FROM assessments a "
            "JOIN partnerships p ON p.id = a.partnership_id "
            "WHERE p.name = ? ORDER BY a.started_at DESC, a.id",  # the column's own collation
            (_spaced(given),),
        ).fetchall()
        if not rows:
            return f"there is no assessment '{given}' in {self.path}"
        listed = _first_few([f"{r['id']} ({str(r['started_at'])[:10]})" for r in rows])
        return (
            f"'{given}' is a partnership, not an assessment id; give the id of one of its "
            f"assessments, newest first: {listed}"
        )

    def assessments_by_ids(self, assessment_ids: Sequence[str]) -> list[Assessment]:
        """These assessments (unknown ids are left out), oldest first."""
        wanted = list(dict.fromkeys(assessment_ids))
        found: list[Assessment] = []
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            found += self._assessments(f"WHERE a.id IN ({marks})", tuple(chunk))
        return sorted(found, key=lambda a: (a.started_at, a.id))

    def cached_summaries(self, assessment_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Per assessment: (fingerprint, summary JSON) as last stored by `keep_summaries`."""
        rows = self._for_ids(
            "SELECT assessment_id, fingerprint, summary FROM summaries WHERE",
            list(assessment_ids),
            plain=True,
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    def keep_summaries(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """Store (assessment id, fingerprint, summary JSON): a cache, rebuilt when stale.

        Not kept when the file cannot be written just now (read-only, busy, full): it is only a
        cache, and listing must work all the same. It never waits for another program's write
        lock (a reading command would sit silent for the whole busy timeout): a busy file is
        left for next time.
        """
        rows = list(entries)
        if self.read_only or not rows:
            return
        if self.on_server:
            with self._db.not_waiting():
                self._keep_unless_busy(rows)
            return
        waits = self._db.execute("PRAGMA busy_timeout").fetchone()[0]
        self._db.execute("PRAGMA busy_timeout = 0")  # a busy file: not kept, and no waiting
        try:
            self._keep_unless_busy(rows)
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(waits)}")

    def _keep_unless_busy(self, rows: list[tuple[str, str, str]]) -> None:
        try:
            with self.transaction() as db:
                db.executemany(_KEEP_SUMMARY, rows)
        except Unavailable:
            pass  # busy, or no room just now: kept next time

    def assessments(self, partnership: str | None = None) -> list[Assessment]:
        """All assessments, oldest first; of one partnership (any case) when named."""
        if partnership is None:
            return self._assessments("", ())
        return self._assessments("WHERE p.name = ?", (_spaced(partnership),))

    def recent_assessments(
        self, limit: int | None, partnership: str | None = None, words: str = ""
    ) -> tuple[list[Assessment], int]:
        """The most recent `limit` assessments (every one when None), oldest first, and how
        many there are in all: of one partnership (any case) when named, and of those whose
        partnership's name or area holds `words` (any case, spaces as one).

        Only ids and names are read for every assessment; whole records only for those kept.
        """
        where = ""
        params: tuple[str, ...] = ()
        if partnership is not None:
            where, params = "WHERE p.name = ?", (_spaced(partnership),)
        rows = self._db.execute(
            "SELECT a.id, p.name, p.area FROM assessments a "
            f"JOIN partnerships p ON p.id = a.partnership_id {where} "
            "ORDER BY a.started_at DESC, a.id DESC",
            params,
        ).fetchall()
        wanted = " ".join(words.split()).casefold()
        if wanted:  # matched here, not by LIKE: any case of any script, on either engine
            rows = [r for r in rows if wanted in f"{r['name']}\n{r['area']}".casefold()]
        kept = rows if limit is None else rows[:limit]
        return self.assessments_by_ids([r["id"] for r in kept]), len(rows)

    def _assessments(self, where: str, params: tuple[str, ...]) -> list[Assessment]:
        rows = self._db.execute(
            "SELECT a.*, p.name AS partnership, p.area AS area FROM assessments a "
            f"JOIN partnerships p ON p.id = a.partnership_id {where} ORDER BY a.started_at, a.id",
            params,
        ).fetchall()
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        banks: dict[str, list[BankUse]] = {i: [] for i in ids}
        query = "SELECT assessment_id, bank_id, bank_version FROM assessment_banks WHERE"
        uses: dict[tuple[str, str], BankUse] = {}  # frozen, and few: one object each, shared
        for owner, bank_id, version in self._for_ids(
            query, ids, "ORDER BY assessment_id, position", plain=True
        ):
            use = uses.get((bank_id, version))
            if use is None:
                use = uses[(bank_id, version)] = BankUse.model_construct(
                    bank_id=bank_id, version=version
                )
            banks[owner].append(use)
        for r in rows if damage_was_read() else ():
            self._note_damage(r, r["id"], partial("assessment {}".format, r["id"]))
        # Rows the store wrote itself: built without re-validating (thousands for `history`).
        return [
            Assessment.model_construct(
                id=r["id"],
                partnership=r["partnership"],
                area=r["area"],
                mode=r["mode"],
                status=r["status"],
                lead=r["lead"],
                banks=banks[r["id"]],
                started_at=moment_from_text(r["started_at"]),
                finished_at=moment_from_text(r["finished_at"]) if r["finished_at"] else None,
                revision=r["revision"],
            )
            for r in rows
        ]

    def update_banks(self, assessment_id: str, banks: Sequence[BankUse]) -> None:
        """Record the bank versions an assessment is now asked from (on resume)."""
        self.assessment(assessment_id)
        with self.transaction() as db:
            self._touch(db, assessment_id)
            self._put_banks(db, assessment_id, banks)

    def set_status(self, assessment_id: str, complete: bool) -> Assessment:
        self.assessment(assessment_id)
        with self.transaction() as db:
            db.execute(
                "UPDATE assessments SET status = ?, finished_at = ? WHERE id = ?",
                (
                    "complete" if complete else "in-progress",
                    iso_text(self.now()) if complete else None,
                    assessment_id,
                ),
            )
        return self.assessment(assessment_id)

    def record_questions(self, assessment_id: str, questions: Iterable[tuple[str, str]]) -> None:
        """Keep the (id, wording) of the questions an assessment is asked, the latest wording."""
        with self.transaction() as db:
            self.put_questions_in(db, assessment_id, questions)

    @staticmethod
    def put_questions_in(
        db: Connection, assessment_id: str, questions: Iterable[tuple[str, str]]
    ) -> None:
        """`record_questions` inside a transaction the caller holds (import).

        Each wording is stored once (`wordings`), found by its question and text; the
        assessment keeps which wording of each question it was last asked. Writers hold the
        write lock, so two never add the same wording at once.
        """
        asked = {
            question_id: wording
            for wording, question_id in db.execute(
                "SELECT w.id, w.question_id FROM asked_questions q "
                "JOIN wordings w ON w.id = q.wording_id WHERE q.assessment_id = ?",
                (assessment_id,),
            ).fetchall()
        }
        for question_id, text in questions:
            found = db.execute(
                "SELECT id FROM wordings WHERE question_id = ? AND text = ?", (question_id, text)
            ).fetchone()
            wording = (
                found[0]
                if found is not None
                else db.execute(
                    "INSERT INTO wordings(question_id, text) VALUES (?, ?)", (question_id, text)
                ).lastrowid
            )
            earlier = asked.get(question_id)
            if earlier == wording:
                continue
            if earlier is not None:
                db.execute(
                    "DELETE FROM asked_questions WHERE assessment_id = ? AND wording_id = ?",
                    (assessment_id, earlier),
                )
            db.execute(
                "INSERT INTO asked_questions(assessment_id, wording_id) VALUES (?, ?)",
                (assessment_id, wording),
            )
            asked[question_id] = wording

    def questions_of(self, assessment_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """Per assessment: question id -> the wording it was asked in, by question id."""
        wanted = list(dict.fromkeys(assessment_ids))
        found: dict[str, dict[str, str]] = {i: {} for i in wanted}
        rows = self._for_ids(
            "SELECT assessment_id, question_id, text FROM asked_questions "
            "JOIN wordings ON wordings.id = wording_id WHERE",
            wanted,
            "ORDER BY assessment_id, question_id",
            plain=True,
        )
        for owner, question_id, text in rows:
            found[owner][question_id] = text
        return found

    def delete_assessment(self, assessment_id: str) -> None:
        self.assessment(assessment_id)
        with self.transaction() as db:
            db.execute("DELETE FROM asked_questions WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM summaries WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM answer_history WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM answers WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM participants WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM rooms WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM assessment_banks WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM assessments WHERE id = ?", (assessment_id,))

    # rooms ----------------------------------------------------------------------------------

    def room_keys(self, assessment_id: str) -> RoomKeys | None:
        """The keys of the workshop's room, if one was ever opened."""
        row = self._db.execute(
            "SELECT * FROM rooms WHERE assessment_id = ?", (assessment_id,)
        ).fetchone()
        if row is None:
            return None
        return RoomKeys(**{field: row[field] for field in RoomKeys.model_fields})

    def keep_room_keys(self, assessment_id: str, secret: str, code: str, key: str) -> RoomKeys:
        """The room's keys: those kept for this workshop if any (a reopened room keeps its
        address and everyone's tokens), else these, kept from now on."""
        self.assessment(assessment_id)
        with self.transaction() as db:
            if (
                db.execute(
                    "SELECT 1 FROM rooms WHERE assessment_id = ?", (assessment_id,)
                ).fetchone()
                is None
            ):
                db.execute(
                    "INSERT INTO rooms(assessment_id, secret, code, signing_key, opened_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (assessment_id, secret, code, key, iso_text(self.now())),
                )
        kept = self.room_keys(assessment_id)
        assert kept is not None  # written above, or already there
        return kept


def _first_few(items: list[str], shown: int = 8) -> str:
    """`items` for a one-line message: the first `shown`, then how many more there are."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return "; ".join(items[:shown]) + more
