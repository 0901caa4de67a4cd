"""The store: partnerships, assessments, participants and answers in one SQLite file, or in a
PostgreSQL database (`assessor.store.postgres`) with the same schema and guarantees.

Every write is its own transaction, committed before the call returns, so an answer that was
acknowledged survives a crash, a closed terminal or a power cut. An SQLite error from any
method reaches the caller as the StoreError that says what it is (busy, full disk, read-only,
damaged): see `assessor.store.errors.from_sqlite` (and `postgres.from_postgres`).
"""

from __future__ import annotations

import functools
import getpass
import os
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from assessor.answers import AnswerValue, Special
from assessor.continuum import Stage
from assessor.store.database import connect
from assessor.store.errors import (
    Conflict,
    NotFound,
    ReadOnly,
    StaleRatings,
    StoreError,
    Unavailable,
    from_sqlite,
)
from assessor.store.location import Location, ServerAddress
from assessor.store.records import (
    DOMAIN_ID_PATTERN,
    NO_FACTS,
    Answer,
    AnswerFacts,
    Assessment,
    BankUse,
    Mode,
    Participant,
    Partnership,
    RevisedAnswer,
    RoomKeys,
    Target,
    clean_by,
    moment_from_text,
)
from assessor.store.text import (
    DamagedField,
    DamagedText,
    damage_was_read,
    damaged_fields,
    read_stored_text,
    warn_of,
)

Clock = Callable[[], datetime]
AnswerRecord = TypeVar("AnswerRecord", bound=Answer)

_KEEP_SUMMARY = (
    "INSERT INTO summaries(assessment_id, fingerprint, summary) VALUES (?, ?, ?) "
    "ON CONFLICT(assessment_id) DO UPDATE SET fingerprint = excluded.fingerprint, "
    "summary = excluded.summary"
)
CHUNK = 500  # ids per IN (...) query, well under SQLite's limit on parameters
# The own answers of many assessments, found by assessment (the unique index on answers), never
# through the index on participants' answers, where every own answer in the store has NULL:
# the `+` keeps SQLite from using that one, which made each chunk of ids read them all.
_OWN_ANSWERS = "+participant_id IS NULL"
PARTICIPANTS_KEPT = 5000  # participants read kept to be given again (see _participant_of)
_ANSWER_COLUMNS = (
    "question_id, value, special, words, note, participant_id, answered_at, changed_by, in_bank, "
    "rationale, revision, parked, prefilled_from, on_device"
)
# An answer (or an earlier version) keeps its question id and who changed it as keys into
# tables holding each text once (migration 12); reads join them back in.
_KEYED = (
    "JOIN question_keys ON question_keys.id = {0}.question_key "
    "JOIN writers ON writers.id = {0}.writer_key"
)
_ANSWERS = "answers " + _KEYED.format("answers")
_HISTORY = "answer_history " + _KEYED.format("answer_history")
_QUESTION_KEY = "(SELECT id FROM question_keys WHERE question_id = ?)"


# Every (value, special) pair a stored answer can hold, as the value scoring reads.
_ANSWER_VALUES: dict[tuple[int | None, str | None], AnswerValue] = {
    **{(n, None): AnswerValue(stage=Stage.from_number(n)) for n in range(1, 6)},
    **{(None, s.value): AnswerValue(special=s) for s in Special},
}


def _now() -> datetime:
    return datetime.now(UTC)


def iso_text(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _this_process() -> str:
    """Who is writing, beside the person: user, machine and process (two processes on one
    assessment are told apart in `changed_by`)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this user id (a container, say)
        user = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    machine = os.uname().nodename if hasattr(os, "uname") else "here"
    return f"{user}@{machine}, process {os.getpid()}"


class Store:
    """An open assessor database. Use as a context manager, or call `close()`."""

    def __init__(self, path: Location, clock: Clock = _now) -> None:
        self.path = path  # a file, or a server's address (shown without its password)
        self._clock = clock
        self._db: Any
        self._errors: tuple[type[Exception], ...]
        self._refusal: StoreError | None
        if isinstance(path, ServerAddress):
            from assessor.store import postgres

            self._db, self._refusal = postgres.connect(path), None
            self._errors = (postgres.driver().Error,)
        else:
            self._db, self._refusal = connect(path)
            self._errors = (sqlite3.Error,)
        self.read_only = self._refusal is not None
        self.writer = _this_process()
        self._damaged: dict[DamagedField, None] = {}  # in the order first read
        self._participants_read: dict[tuple[Any, ...], Participant] = {}

    def damaged_text(self, assessment_id: str) -> list[DamagedField]:
        """The fields of this assessment read so far that held bytes that are not UTF-8 (each
        is read with U+FFFD in their place, and warned of when read), in the order first read:
        for a face whose warnings no one sees (the app) to name them."""
        return [found for found in self._damaged if found.assessment_id == assessment_id]

    def _note_damage(
        self,
        values: Mapping[str, object] | sqlite3.Row,
        assessment_id: str,
        record: Callable[[], str],
    ) -> None:
        """Keep and warn of each damaged field of a record read (`record()` names it)."""
        for found in damaged_fields(values, assessment_id, record):
            self._damaged.setdefault(found)
            warn_of(found)

    def _answer_read(
        self, assessment_id: str, values: dict, model: type[AnswerRecord]
    ) -> AnswerRecord:
        """An answer (or an earlier version) as stored, its damaged fields noted."""
        self._note_damage(values, assessment_id, partial(_answer_named, values))
        # the columns of true or false hold 0 or 1; the record's fields are strict booleans
        flags = {k: bool(values[k]) for k in ("in_bank", "parked", "on_device") if k in values}
        return model(**{**values, **flags})

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @property
    def on_server(self) -> bool:
        """Whether the database is a PostgreSQL server's, not a file."""
        return isinstance(self.path, ServerAddress)

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One transaction, taken with the write lock at once so concurrent writers queue."""
        if self.on_server:
            self._db.begin_write()  # BEGIN, then the advisory write lock: `postgres`
        else:
            self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:  # a failed COMMIT (busy, full disk) may leave it open
                with suppress(*self._errors):  # SQLite rolled it back itself
                    self._db.execute("ROLLBACK")
            raise

    def storage_error(self, error: Exception) -> StoreError:
        """What an error of the database's driver means, as a StoreError."""
        if isinstance(self.path, ServerAddress):
            from assessor.store.postgres import from_postgres

            return from_postgres(self.path, error)
        found = from_sqlite(self.path, error)
        if isinstance(found, ReadOnly) and self._refusal is not None:
            return self._refusal  # opened read-only: say why (a full disk, say)
        return found

    @property
    def driver_errors(self) -> tuple[type[Exception], ...]:
        """The errors the database's driver raises (sqlite3's or psycopg's)."""
        return self._errors

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One write transaction, for work across tables (import): all or nothing; a driver's
        error leaves it as the StoreError that says what it is."""
        try:
            with self._write() as db:
                yield db
        except self._errors as error:
            raise self.storage_error(error) from None

    def now(self) -> datetime:
        return self._clock()

    # partnerships ---------------------------------------------------------------------------

    def partnership(self, name: str, area: str = "") -> Partnership:
        """The partnership called `name` (any case), created if new; see `partnership_in`."""
        with self._write() as db:
            return self.partnership_in(db, name, area)

    def partnership_in(self, db: Any, name: str, area: str = "") -> Partnership:
        """`partnership`, inside a transaction the caller holds.

        A given `area` is recorded for a new partnership, or one with no area yet; an existing
        name and area are never replaced here (the caller compares and says so; `set_area`).
        """
        name, area = " ".join(name.split()), " ".join(area.split())
        if not name:
            raise StoreError("a partnership needs a name")
        db.execute(
            "INSERT INTO partnerships(name, area, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET area = excluded.area WHERE partnerships.area = ''",
            (name, area, iso_text(self.now())),
        )
        found = db.execute(
            "SELECT id, name, area FROM partnerships WHERE name = ?", (name,)
        ).fetchone()
        return Partnership(id=found["id"], name=found["name"], area=found["area"])

    def find_partnership(self, name: str) -> Partnership | None:
        """The partnership called `name` (any case, spaces collapsed), if there is one."""
        found = self._db.execute(
            "SELECT id, name, area FROM partnerships WHERE name = ?", (" ".join(name.split()),)
        ).fetchone()
        if found is None:
            return None
        return Partnership(id=found["id"], name=found["name"], area=found["area"])

    def partnership_named(self, name: str) -> Partnership:
        """An existing partnership (matched in any case), or NotFound naming the closest one."""
        from assessor.suggest import did_you_mean

        known = self.find_partnership(name)
        if known is None:
            names = [p.name for p in self.partnerships()]
            raise NotFound(
                f"there is no partnership '{name}' in {self.path}{did_you_mean(name, names)}; "
                "one is added when an assessment starts"
            )
        return known

    def set_area(self, name: str, area: str) -> Partnership:
        """Record (or change, or clear) the area of an existing partnership."""
        known = self.partnership_named(name)
        with self._write() as db:
            db.execute(
                "UPDATE partnerships SET area = ? WHERE id = ?", (" ".join(area.split()), known.id)
            )
        return self.partnership_named(name)

    def delete_partnership_if_unused(self, name: str) -> bool:
        """Remove a partnership that has no assessment and no target (one a run of `chat`
        added and kept nothing for); True if removed."""
        with self._write() as db:
            cursor = db.execute(
                "DELETE FROM partnerships WHERE name = ? "
                "AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.partnership_id = id) "
                "AND NOT EXISTS (SELECT 1 FROM partnership_targets t WHERE t.partnership_id = id)",
                (" ".join(name.split()),),
            )
        return cursor.rowcount > 0

    def partnerships(self) -> list[Partnership]:
        rows = self._db.execute("SELECT id, name, area FROM partnerships ORDER BY name")
        return [Partnership(id=r["id"], name=r["name"], area=r["area"]) for r in rows]

    # sharing with the programme ---------------------------------------------------------------

    def shares_scores(self, name: str) -> bool:
        """Whether the partnership has agreed to share its scores with the programme: off until
        it is said (and for a partnership not here)."""
        found = self._db.execute(
            "SELECT shares_scores FROM partnerships WHERE name = ?", (" ".join(name.split()),)
        ).fetchone()
        return bool(found and found["shares_scores"])

    def set_sharing(self, name: str, shares: bool) -> Partnership:
        """Record whether an existing partnership shares its scores with the programme."""
        known = self.partnership_named(name)
        with self._write() as db:
            db.execute(
                "UPDATE partnerships SET shares_scores = ? WHERE id = ?", (int(shares), known.id)
            )
        return known

    def sharing_partnerships(self) -> set[str]:
        """The names of the partnerships that share their scores with the programme."""
        rows = self._db.execute("SELECT name FROM partnerships WHERE shares_scores = 1")
        return {r["name"] for r in rows}

    # targets --------------------------------------------------------------------------------

    def targets(self, partnership: str) -> list[Target]:
        """The partnership's target stages, one per domain, by domain id; [] if none (or none
        such partnership)."""
        rows = self._db.execute(
            "SELECT t.domain_id, t.stage, t.by_when, t.set_at FROM partnership_targets t "
            "JOIN partnerships p ON p.id = t.partnership_id WHERE p.name = ? ORDER BY t.domain_id",
            (" ".join(partnership.split()),),
        )
        return [
            Target(domain_id=r["domain_id"], stage=r["stage"], by=r["by_when"], set_at=r["set_at"])
            for r in rows
        ]

    def set_target(self, partnership: str, domain_id: str, stage: Stage, by: str = "") -> Target:
        """Set (or replace) an existing partnership's target for one domain, from now."""
        known = self.partnership_named(partnership)
        if not re.fullmatch(DOMAIN_ID_PATTERN, domain_id):
            raise StoreError(f"'{domain_id}' is not a domain id, such as data_sharing")
        try:
            by = clean_by(by)
        except ValueError as error:
            raise StoreError(str(error)) from None
        target = Target(domain_id=domain_id, stage=stage, by=by, set_at=self.now())
        with self._write() as db:
            self.put_target_in(db, known.id, target, replace=True)
        return target

    @staticmethod
    def put_target_in(db: Any, partnership_id: int, target: Target, replace: bool) -> bool:
        """Write a target inside a transaction the caller holds; without `replace`, one the
        partnership already has for the domain is kept. True if written."""
        conflict = (
            "DO UPDATE SET stage = excluded.stage, by_when = excluded.by_when, "
            "set_at = excluded.set_at"
            if replace
            else "DO NOTHING"
        )
        cursor = db.execute(
            "INSERT INTO partnership_targets(partnership_id, domain_id, stage, by_when, set_at) "
            f"VALUES (?, ?, ?, ?, ?) ON CONFLICT(partnership_id, domain_id) {conflict}",
            (
                partnership_id,
                target.domain_id,
                target.stage.value,
                target.by,
                iso_text(target.set_at),
            ),
        )
        return cursor.rowcount > 0

    def clear_target(self, partnership: str, domain_id: str) -> bool:
        """Remove the partnership's target for a domain; False if it had none."""
        known = self.partnership_named(partnership)
        with self._write() as db:
            cursor = db.execute(
                "DELETE FROM partnership_targets WHERE partnership_id = ? AND domain_id = ?",
                (known.id, domain_id),
            )
        return cursor.rowcount > 0

    # assessments ----------------------------------------------------------------------------

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
        new_id = assessment_id or self._new_id()
        with self._write() as db:
            db.execute(
                "INSERT INTO assessments(id, partnership_id, mode, status, lead, started_at) "
                "VALUES (?, ?, ?, 'in-progress', ?, ?)",
                (new_id, owner.id, mode, lead, iso_text(started_at or self.now())),
            )
            self._put_banks(db, new_id, banks)
        return self.assessment(new_id)

    def _new_id(self) -> str:
        while True:
            candidate = secrets.token_hex(4)
            if not self._db.execute(
                "SELECT 1 FROM assessments WHERE id = ?", (candidate,)
            ).fetchone():
                return candidate

    @staticmethod
    def _put_banks(db: Any, assessment_id: str, banks: Sequence[BankUse]) -> None:
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
            raise NotFound(f"there is no assessment '{given}' in {self.path}")
        shown = [f"{r['id']} ({r['name']}, {str(r['started_at'])[:10]})" for r in rows[:8]]
        more = f" and {len(rows) - 8} more" if len(rows) > 8 else ""
        raise NotFound(
            f"'{given}' is the start of {len(rows)} assessment ids: {'; '.join(shown)}{more}; "
            "give more of the id"
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
            try:
                with self._db.not_waiting(), self._write() as db:
                    db.executemany(_KEEP_SUMMARY, rows)
            except self._errors as error:
                if not isinstance(self.storage_error(error), Unavailable):
                    raise
            return
        waits = self._db.execute("PRAGMA busy_timeout").fetchone()[0]
        self._db.execute("PRAGMA busy_timeout = 0")  # a busy file: not kept, and no waiting
        try:
            with self._write() as db:
                db.executemany(_KEEP_SUMMARY, rows)
        except sqlite3.Error as error:
            if not isinstance(self.storage_error(error), Unavailable):
                raise
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(waits)}")

    def assessments(self, partnership: str | None = None) -> list[Assessment]:
        """All assessments, oldest first; of one partnership (any case) when named."""
        if partnership is None:
            return self._assessments("", ())
        return self._assessments("WHERE p.name = ?", (" ".join(partnership.split()),))

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
            where, params = "WHERE p.name = ?", (" ".join(partnership.split()),)
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

    def _assessments(self, where: str, params: tuple) -> list[Assessment]:
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
                use = uses[(bank_id, version)] = BankUse(bank_id=bank_id, version=version)
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
        with self._write() as db:
            self._touch(db, assessment_id)
            self._put_banks(db, assessment_id, banks)

    def set_status(self, assessment_id: str, complete: bool) -> Assessment:
        self.assessment(assessment_id)
        with self._write() as db:
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
        with self._write() as db:
            self.put_questions_in(db, assessment_id, questions)

    @staticmethod
    def put_questions_in(db: Any, assessment_id: str, questions: Iterable[tuple[str, str]]) -> None:
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
        with self._write() as db:
            db.execute("DELETE FROM asked_questions WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM summaries WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM answer_history WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM answers WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM participants WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM rooms WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM assessment_banks WHERE assessment_id = ?", (assessment_id,))
            db.execute("DELETE FROM assessments WHERE id = ?", (assessment_id,))

    # participants ---------------------------------------------------------------------------

    def add_participant(
        self,
        assessment_id: str,
        name: str,
        organisation: str = "",
        role: str = "",
        sector: str = "",
    ) -> Participant:
        self.assessment(assessment_id)
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO participants(assessment_id, name, organisation, role, sector, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    assessment_id,
                    name.strip(),
                    organisation.strip(),
                    role.strip(),
                    sector.strip(),
                    iso_text(self.now()),
                ),
            )
        return self._participant(cursor.lastrowid)

    def remove_participant(self, participant_id: int) -> Participant:
        """Take someone off the roster from now on; their earlier ratings stay on record."""
        with self._write() as db:
            db.execute(
                "UPDATE participants SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                (iso_text(self.now()), participant_id),
            )
        return self._participant(participant_id)

    def restore_participant(self, assessment_id: str, participant_id: int) -> Participant:
        """Put someone who left back on this assessment's roster as the same participant, so
        their earlier ratings count again."""
        self.assessment(assessment_id)
        with self._write() as db:
            restored = db.execute(
                "UPDATE participants SET removed_at = NULL WHERE id = ? AND assessment_id = ?",
                (participant_id, assessment_id),
            )
            if restored.rowcount == 0:
                raise NotFound(
                    f"there is no participant {participant_id} in assessment {assessment_id}"
                )
            self._touch(db, assessment_id)
        return self._participant(participant_id)

    def _participant(self, participant_id: int | None) -> Participant:
        row = self._db.execute(
            "SELECT * FROM participants WHERE id = ?", (participant_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"there is no participant {participant_id}")
        return self._participant_of(row)

    def _participant_of(self, row: Any) -> Participant:
        """The participant a row holds; one read before from the same row is given again (a
        participant's row changes only when they are removed, which changes the row), as a room
        reads its roster with every request of every device."""
        key = tuple(row)
        try:
            known = self._participants_read.get(key)
        except TypeError:  # a value that cannot be hashed: read it afresh
            key, known = (), None
        if known is not None:
            return known
        values = {field: row[field] for field in Participant.model_fields}
        self._note_damage(values, row["assessment_id"], partial("participant {}".format, row["id"]))
        person = Participant(**values)
        if key:
            if len(self._participants_read) >= PARTICIPANTS_KEPT:
                self._participants_read.clear()
            self._participants_read[key] = person
        return person

    def participants(self, assessment_id: str, include_removed: bool = False) -> list[Participant]:
        """In one query: a room asks for its roster with every request of every device."""
        query = "SELECT * FROM participants WHERE assessment_id = ?"
        query += "" if include_removed else " AND removed_at IS NULL"
        rows = list(self._db.execute(query + " ORDER BY id", (assessment_id,)))
        return [self._participant_of(row) for row in rows]

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
        with self._write() as db:
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

    # answers --------------------------------------------------------------------------------

    def record_answer(
        self,
        assessment_id: str,
        question_id: str,
        answer: AnswerValue,
        words: str = "",
        note: str = "",
        participant_id: int | None = None,
        changed_by: str = "",
        rationale: str = "",
        seen: int | None = None,
        facts: AnswerFacts = NO_FACTS,
    ) -> Answer:
        """Save an answer now, in its own transaction; an earlier one goes to the history.

        `changed_by`: who gave it; by default the participant, else the assessment's lead (this
        process is named beside them). `seen`: the revision of the answer this one replaces as
        the caller last saw it (0: none); if it has changed since, nothing is written and
        Conflict carries the answer as it is now. `facts`: how it came to be (parked, copied
        from a self-assessment, given on a device), beside its words.
        """
        changed_by = self._by(changed_by or self._author(assessment_id, participant_id))
        with self._write() as db:
            self._put_answer(
                db,
                assessment_id,
                question_id,
                participant_id,
                answer,
                words,
                note,
                changed_by,
                rationale,
                seen,
                facts=facts,
            )
        return self._saved_answer(assessment_id, question_id, participant_id)

    def record_ratings(
        self,
        assessment_id: str,
        question_id: str,
        ratings: Sequence[tuple[int, AnswerValue]],
        words: str,
        changed_by: str,
        seen: Mapping[int, int] | None = None,
        notes: Mapping[int, str] | None = None,
    ) -> list[Answer]:
        """Save several participants' ratings of one question in one transaction: all or none.
        `notes`: per participant id, their own words when the rating was read from them.

        `seen`: per participant id, the revision of their rating as the caller last saw it (0 or
        absent: none). If any rating on the line has changed since, nothing is written and
        StaleRatings carries every such rating as it is now.
        """
        by = self._by(changed_by)
        with self._write() as db:
            if seen is not None:
                self._check_ratings(db, assessment_id, question_id, ratings, seen)
            for participant_id, answer in ratings:
                note = (notes or {}).get(participant_id, "")
                self._put_answer(
                    db,
                    assessment_id,
                    question_id,
                    participant_id,
                    answer,
                    words,
                    note,
                    by,
                    "",
                    None,
                )
        return [self._saved_answer(assessment_id, question_id, p) for p, _ in ratings]

    def _answer_in(self, assessment_id: str, row: Any) -> Answer | None:
        """The answer a whole row of the answers table holds (None for no row), as read."""
        if row is None:
            return None
        values = {k: row[k] for k in _ANSWER_COLUMNS.split(", ")}
        return self._answer_read(assessment_id, values, Answer)

    def _check_ratings(
        self,
        db: Any,
        assessment_id: str,
        question_id: str,
        ratings: Sequence[tuple[int, AnswerValue]],
        seen: Mapping[int, int],
    ) -> None:
        """Raise StaleRatings naming every rating on the line changed since it was seen."""
        changed: dict[int, Answer | None] = {}
        for participant_id, _ in ratings:
            now = self._current(db, assessment_id, question_id, participant_id)
            if (now["revision"] if now is not None else 0) != seen.get(participant_id, 0):
                changed[participant_id] = self._answer_in(assessment_id, now)
        if changed:
            raise StaleRatings(
                f"ratings of {question_id} were changed elsewhere since they were read", changed
            )

    def set_note(
        self,
        assessment_id: str,
        question_id: str,
        note: str,
        participant_id: int | None = None,
        changed_by: str = "",
        seen: int | None = None,
    ) -> Answer:
        """Replace the evidence note on an existing answer (the earlier version is kept).

        `seen` as for `record_answer`: a note meant for an answer changed since is not written.
        """
        changed_by = self._by(changed_by or self._author(assessment_id, participant_id))
        with self._write() as db:
            current = self._current(db, assessment_id, question_id, participant_id)
            if current is None:
                raise NotFound(f"'{question_id}' has no answer to add a note to")
            self._put_answer(
                db,
                assessment_id,
                question_id,
                participant_id,
                (current["value"], current["special"]),
                current["words"],
                note,
                changed_by,
                current["rationale"],
                seen,
                answered_at=current["answered_at"],
                facts=_facts_in(current),
            )
        return self._saved_answer(assessment_id, question_id, participant_id)

    def _by(self, person: str) -> str:
        return f"{person} ({self.writer})"

    def _author(self, assessment_id: str, participant_id: int | None) -> str:
        """Who gave an answer, when the caller does not say: the participant, else the lead."""
        if participant_id is not None:
            row = self._db.execute(
                "SELECT name FROM participants WHERE id = ?", (participant_id,)
            ).fetchone()
        else:
            row = self._db.execute(
                "SELECT lead FROM assessments WHERE id = ?", (assessment_id,)
            ).fetchone()
        return (row[0] if row else "") or "lead"

    @staticmethod
    def _touch(db: Any, assessment_id: str) -> None:
        """Raise the assessment's revision: anything derived from it (summaries) is stale."""
        db.execute("UPDATE assessments SET revision = revision + 1 WHERE id = ?", (assessment_id,))

    @staticmethod
    def _current(db: Any, assessment_id: str, question_id: str, participant_id: int | None) -> Any:
        return db.execute(
            f"SELECT answers.id, question_key, {_ANSWER_COLUMNS} FROM {_ANSWERS} "
            "WHERE assessment_id = ? AND question_id = ? AND participant_id IS ?",
            (assessment_id, question_id, participant_id),
        ).fetchone()

    @staticmethod
    def question_keys_in(db: Any, question_ids: Iterable[str]) -> dict[str, int]:
        """The keys answers hold for these question ids, those new added, inside a transaction
        the caller holds (writers hold the write lock, so two never add one text at once)."""
        return _keys_in(db, "question_keys", question_ids)

    @staticmethod
    def writer_keys_in(db: Any, changed_by: Iterable[str]) -> dict[str, int]:
        """The keys answers hold for who changed them ('' is 0), as `question_keys_in`."""
        return _keys_in(db, "writers", changed_by)

    def _put_answer(
        self,
        db: Any,
        assessment_id: str,
        question_id: str,
        participant_id: int | None,
        answer: AnswerValue | tuple[int | None, str | None],
        words: str,
        note: str,
        changed_by: str,
        rationale: str,
        seen: int | None,
        answered_at: str | None = None,
        facts: AnswerFacts = NO_FACTS,
    ) -> None:
        """Write one answer inside a transaction the caller holds, the earlier one to the
        history: a compare-and-set on the answer's revision when `seen` is given."""
        earlier = self._current(db, assessment_id, question_id, participant_id)
        revision = earlier["revision"] if earlier is not None else 0
        if seen is not None and seen != revision:
            raise Conflict(
                f"the answer to {question_id} was changed elsewhere since it was read",
                self._answer_in(assessment_id, earlier),
            )
        if isinstance(answer, AnswerValue):
            value = answer.stage.value_number if answer.stage is not None else None
            special = answer.special.value if answer.special is not None else None
        else:
            value, special = answer  # as stored
        moment = iso_text(self.now())
        self._touch(db, assessment_id)
        writer = self.writer_keys_in(db, [changed_by])[changed_by]
        if earlier is not None:
            question = earlier["question_key"]
            db.execute(
                "INSERT INTO answer_history(assessment_id, question_key, participant_id, value, "
                "special, words, note, answered_at, replaced_at, writer_key, rationale, parked, "
                "prefilled_from, on_device) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    assessment_id,
                    question,
                    participant_id,
                    earlier["value"],
                    earlier["special"],
                    earlier["words"],
                    earlier["note"],
                    earlier["answered_at"],
                    moment,
                    writer,
                    earlier["rationale"],
                    *_fact_values(_facts_in(earlier)),
                ),
            )
            db.execute("DELETE FROM answers WHERE id = ?", (earlier["id"],))
        else:
            question = self.question_keys_in(db, [question_id])[question_id]
        db.execute(
            "INSERT INTO answers(assessment_id, question_key, participant_id, value, special, "
            "words, note, answered_at, writer_key, rationale, revision, parked, prefilled_from, "
            "on_device) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                assessment_id,
                question,
                participant_id,
                value,
                special,
                words,
                note,
                answered_at or moment,
                writer,
                rationale,
                revision + 1,
                *_fact_values(facts),
            ),
        )

    def answer(
        self, assessment_id: str, question_id: str, participant_id: int | None = None
    ) -> Answer | None:
        row = self._db.execute(
            f"SELECT {_ANSWER_COLUMNS} FROM {_ANSWERS} "
            "WHERE assessment_id = ? AND question_id = ? AND participant_id IS ?",
            (assessment_id, question_id, participant_id),
        ).fetchone()
        return self._answer_read(assessment_id, dict(row), Answer) if row else None

    def _saved_answer(
        self, assessment_id: str, question_id: str, participant_id: int | None
    ) -> Answer:
        """An answer just saved, read back as stored (NotFound if another process has deleted
        its assessment since)."""
        answer = self.answer(assessment_id, question_id, participant_id)
        if answer is None:
            raise NotFound(f"assessment {assessment_id} was deleted as its answer was saved")
        return answer

    def answers(
        self, assessment_id: str, voices: bool = False, question_id: str | None = None
    ) -> list[Answer]:
        """The assessment's own answers in order; with `voices`, every participant's too; with
        `question_id`, those of that question alone (a room reads them with every request)."""
        query = f"SELECT {_ANSWER_COLUMNS} FROM {_ANSWERS} WHERE assessment_id = ?"
        query += "" if voices else " AND participant_id IS NULL"
        values: tuple[str, ...] = (assessment_id,)
        if question_id is not None:
            query += " AND question_id = ?"
            values = (assessment_id, question_id)
        rows = self._db.execute(query + " ORDER BY answered_at, answers.id", values)
        return [self._answer_read(assessment_id, dict(r), Answer) for r in rows]

    def _for_ids(
        self, query: str, ids: Sequence[str], tail: str = "", plain: bool = False
    ) -> Iterator[Any]:
        """Rows of `query ... assessment_id IN (...) tail` for many ids, a chunk at a time.

        `plain`: rows as tuples, quicker where there are tens of thousands of them.
        """
        cursor = self._db.cursor()
        if plain:
            cursor.row_factory = None
        try:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                marks = ",".join("?" * len(chunk))
                yield from cursor.execute(f"{query} assessment_id IN ({marks}) {tail}", chunk)
        finally:  # a statement left open (by a failed read) would keep the file's log open
            cursor.close()

    def answers_of(self, assessment_ids: Iterable[str]) -> dict[str, list[Answer]]:
        """The own answers of many assessments (for history and comparison)."""
        wanted = list(dict.fromkeys(assessment_ids))
        found: dict[str, list[Answer]] = {i: [] for i in wanted}
        rows = self._for_ids(
            f"SELECT assessment_id, {_ANSWER_COLUMNS} FROM {_ANSWERS} WHERE {_OWN_ANSWERS} AND",
            wanted,
            "ORDER BY answered_at, answers.id",
        )
        for row in rows:
            record = dict(row)
            owner = record.pop("assessment_id")
            found[owner].append(self._answer_read(owner, record, Answer))
        return found

    def answer_values_of(self, assessment_ids: Sequence[str]) -> dict[str, dict[str, AnswerValue]]:
        """Per assessment: question id -> the value of its own answer, for the answers still in
        the banks (`answer_map` of `answers_of`): the lean rows scoring needs, no answer
        built as a record.

        From an SQLite file the texts are read as bytes and each distinct one decoded once (a
        few dozen question ids among hundreds of thousands of answers); each answer's question
        is read as its key.
        """
        found: dict[str, dict[str, AnswerValue]] = {i: {} for i in assessment_ids}
        values = _ANSWER_VALUES  # shared: ten values among hundreds of thousands of answers
        raw = "{}" if self.on_server else "CAST({} AS BLOB)"
        questions_read = f"SELECT id, {raw.format('question_id')} FROM question_keys"
        questions = dict(self._db.execute(questions_read).fetchall())  # key -> as stored
        rows = self._for_ids(
            f"SELECT {raw.format('assessment_id')}, question_key, value, "
            f"{raw.format('special')} FROM answers WHERE {_OWN_ANSWERS} AND in_bank = 1 AND",
            list(found),
            plain=True,
        )
        texts: dict[Any, Any] = {None: None}  # as stored (bytes) -> as read (str)
        damaged: set[Any] = set()  # stored texts that are not UTF-8
        for stored_owner, question_key, value, stored_special in rows:
            try:
                stored_question = questions[question_key]
            except KeyError:  # a question another process added since they were read
                questions = dict(self._db.execute(questions_read).fetchall())
                stored_question = questions[question_key]
            stored = (stored_owner, stored_question, stored_special)
            new = stored_owner not in texts or stored_question not in texts
            if new or stored_special not in texts:  # met for the first time: decoded once
                for x in stored:
                    if x not in texts:
                        texts[x] = self._text(x)
                        if isinstance(texts[x], DamagedText):
                            damaged.add(x)
            owner, question, special = (
                texts[stored_owner],
                texts[stored_question],
                texts[stored_special],
            )
            if damaged and not damaged.isdisjoint(stored):
                read = {"question_id": question, "special": special}
                self._note_damage(read, owner, partial(_answer_named, read))
            found[owner][question] = values[(value, special)]  # the table's checks hold
        return found

    @staticmethod
    def _text(stored: bytes | str) -> str:
        """A TEXT value read as bytes, as the connection reads text (`read_stored_text`)."""
        return stored if isinstance(stored, str) else read_stored_text(stored)

    def history(self, assessment_id: str, question_id: str | None = None) -> list[RevisedAnswer]:
        """Earlier versions of changed answers, oldest first."""
        query = (
            "SELECT question_id, value, special, words, note, participant_id, answered_at, "
            "changed_by, replaced_at, rationale, parked, prefilled_from, on_device "
            f"FROM {_HISTORY} WHERE assessment_id = ?"
        )
        params: tuple = (assessment_id,)
        if question_id is not None:
            query += " AND question_id = ?"
            params += (question_id,)
        rows = self._db.execute(query + " ORDER BY replaced_at, answer_history.id", params)
        return [self._answer_read(assessment_id, dict(r), RevisedAnswer) for r in rows]

    def mark_bank_changes(self, assessment_id: str, current_question_ids: set[str]) -> list[str]:
        """Mark answers to questions no longer in the banks (and unmark returning ones).

        Returns the ids of the questions answered earlier that are no longer in the banks.
        """
        rows = self._db.execute(
            f"SELECT DISTINCT question_id FROM {_ANSWERS} WHERE assessment_id = ?",
            (assessment_id,),
        )
        answered = {r["question_id"] for r in rows}
        gone = sorted(answered - current_question_ids)
        with self._write() as db:
            self._touch(db, assessment_id)
            db.execute("UPDATE answers SET in_bank = 1 WHERE assessment_id = ?", (assessment_id,))
            db.executemany(
                "UPDATE answers SET in_bank = 0 "
                f"WHERE assessment_id = ? AND question_key = {_QUESTION_KEY}",
                [(assessment_id, q) for q in gone],
            )
        return gone

    def raw(self) -> Any:
        """The connection (sqlite3's, or `postgres.PostgresConnection`), for checks that read
        across tables."""
        return self._db


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def run(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except self._errors as error:
            raise self.storage_error(error) from None

    return run


# Every public method says what an error of the database means for it, as a StoreError.
for _name, _member in list(vars(Store).items()):
    plain = callable(_member) and not isinstance(_member, staticmethod | classmethod)
    if plain and not _name.startswith("_") and _name not in ("raw", "transaction"):
        setattr(Store, _name, _translated(_member))


def _facts_in(row: Any) -> AnswerFacts:
    """The facts a stored row of answers or answer_history holds."""
    return AnswerFacts(
        parked=bool(row["parked"]),
        prefilled_from=row["prefilled_from"],
        on_device=bool(row["on_device"]),
    )


def _fact_values(facts: AnswerFacts) -> tuple[int, str | None, int]:
    """An answer's facts as their columns hold them (parked, prefilled_from, on_device)."""
    return int(facts.parked), facts.prefilled_from, int(facts.on_device)


# Per table of keyed texts: its text column, and what its index holds of the text (a writer by
# its start: an index entry of a whole text of any length would be too large for PostgreSQL).
_KEYED_TEXTS = {
    "question_keys": ("question_id", "{}"),
    "writers": ("changed_by", "substr({}, 1, 100)"),
}


def _keys_in(db: Any, table: str, texts: Iterable[str]) -> dict[str, int]:
    """Text -> the id of the row of `table` that holds it, each added if missing."""
    column, indexed = _KEYED_TEXTS[table]
    wanted = sorted(set(texts))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        asked = set(chunk)
        marks = ",".join(indexed.format("?") for _ in chunk)
        rows = db.execute(
            f"SELECT {column}, id FROM {table} WHERE {indexed.format(column)} IN ({marks})", chunk
        )
        found.update(
            (text, int(key))
            for text, key in rows.fetchall()
            if text in asked and not isinstance(text, DamagedText)  # the very text, not its start
        )
    for text in wanted:
        if text not in found:
            added = db.execute(f"INSERT INTO {table}({column}) VALUES (?)", (text,)).lastrowid
            assert added is not None  # an INSERT sets it
            found[text] = int(added)
    return found


def _answer_named(values: Mapping[str, object]) -> str:
    """An answer as a warning names it: its question, and its voice when not the lead's."""
    earlier = "an earlier version of " if "replaced_at" in values else ""
    voice = values.get("participant_id")
    return f"{earlier}the answer to {values.get('question_id')}" + (
        f" from participant {voice}" if voice else ""
    )
