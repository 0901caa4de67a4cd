"""The open database every part of the store shares: its connection, the one transaction helper
every writer and the import use, what a driver's error means, and the clock.

Every write is its own transaction, committed before the call returns, so an answer that was
acknowledged survives a crash, a closed terminal or a power cut. An SQLite error from any
method reaches the caller as the StoreError that says what it is (busy, full disk, read-only,
damaged): see `assessor.store.errors.from_sqlite` (and `postgres.from_postgres`).
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import Any, Protocol, Self

from assessor.store.database import connect
from assessor.store.errors import ReadOnly, StoreError, from_sqlite
from assessor.store.location import Location, ServerAddress
from assessor.store.text import DamagedField, damaged_fields, warn_of

Clock = Callable[[], datetime]
CHUNK = 500  # ids per IN (...) query, well under SQLite's limit on parameters


class Cursor(Protocol):
    """What the store reads from a statement run: sqlite3.Cursor, or `postgres.PostgresCursor`."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def fetchone(self) -> Any: ...  # a row (by name and by position), or None

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What a write transaction runs statements on: sqlite3.Connection, or
    `postgres.PostgresConnection`."""

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]], /) -> Cursor: ...


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


class StoreBase:
    """An open assessor database: a file, or a PostgreSQL server's database."""

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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @property
    def on_server(self) -> bool:
        """Whether the database is a PostgreSQL server's, not a file."""
        return isinstance(self.path, ServerAddress)

    @property
    def driver_errors(self) -> tuple[type[Exception], ...]:
        """The errors the database's driver raises (sqlite3's or psycopg's)."""
        return self._errors

    def now(self) -> datetime:
        return self._clock()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction, taken with the write lock at once so concurrent writers queue:
        all or nothing. Every writer of the store, and the import, writes inside one; a driver's
        error leaves it as the StoreError that says what it is."""
        try:
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
        except self._errors as error:
            raise self.storage_error(error) from None

    def storage_error(self, error: Exception) -> StoreError:
        """What an error of the database's driver means, as a StoreError."""
        if isinstance(self.path, ServerAddress):
            from assessor.store.postgres import from_postgres

            return from_postgres(self.path, error)
        found = from_sqlite(self.path, error)
        if isinstance(found, ReadOnly) and self._refusal is not None:
            return self._refusal  # opened read-only: say why (a full disk, say)
        return found

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

    @staticmethod
    def _touch(db: Connection, assessment_id: str) -> None:
        """Raise the assessment's revision: anything derived from it (summaries) is stale."""
        db.execute("UPDATE assessments SET revision = revision + 1 WHERE id = ?", (assessment_id,))
