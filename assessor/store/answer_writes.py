"""Writing answers: one, a line of participants' ratings, a note; each change keeps the version it
replaces in the history, and may be made only on the revision the writer saw."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self

from assessor.answers import AnswerValue
from assessor.store.answer_reads import ANSWERS, AnswerReadStore, stored_facts
from assessor.store.base import CHUNK, Connection, iso_text
from assessor.store.errors import Conflict, NotFound, StaleRatings
from assessor.store.records import NO_FACTS, Answer, AnswerFacts
from assessor.store.text import DamagedText

_QUESTION_KEY = "(SELECT id FROM question_keys WHERE question_id = ?)"
# The columns an answer and an earlier version both have (`AnswerRow.values`).
_ROW_COLUMNS = (
    "assessment_id, question_key, participant_id, value, special, words, note, answered_at, "
    "writer_key, rationale, parked, prefilled_from, on_device, after_spread"
)
_ROW_MARKS = ", ".join("?" * len(_ROW_COLUMNS.split(", ")))


@dataclass(frozen=True)
class AnswerRow:
    """An answer (or an earlier version) as its table holds it: its question and who changed
    it as keys (`question_keys_in`, `writer_keys_in`), its value as stored."""

    question_key: int
    participant_id: int | None
    value: int | None
    special: str | None
    words: str
    note: str
    answered_at: str
    writer_key: int
    rationale: str
    facts: AnswerFacts

    @classmethod
    def of(cls, answer: Answer, question_key: int, participant_id: int | None, writer: int) -> Self:
        """A record's answer (from a file to import), with the keys and voice it has here."""
        return cls(
            question_key,
            participant_id,
            answer.value,
            answer.special.value if answer.special else None,
            answer.words,
            answer.note,
            iso_text(answer.answered_at),
            writer,
            answer.rationale,
            answer.facts,
        )

    def values(self, assessment_id: str) -> tuple[Any, ...]:
        """The values of `_ROW_COLUMNS`."""
        facts = self.facts
        return (
            assessment_id,
            self.question_key,
            self.participant_id,
            self.value,
            self.special,
            self.words,
            self.note,
            self.answered_at,
            self.writer_key,
            self.rationale,
            *(int(facts.parked), facts.prefilled_from, int(facts.on_device)),
            int(facts.after_spread),
        )


@dataclass(frozen=True)
class _Change:
    """One answer a writer gives: whose, to what, and how it came to be."""

    assessment_id: str
    question_id: str
    participant_id: int | None
    answer: AnswerValue | tuple[int | None, str | None]  # a tuple: (value, special) as stored
    words: str
    note: str
    changed_by: str
    rationale: str = ""
    answered_at: str | None = None  # None: now
    facts: AnswerFacts = NO_FACTS

    def stored(self) -> tuple[int | None, str | None]:
        """(value, special) as the columns hold them."""
        if not isinstance(self.answer, AnswerValue):
            return self.answer
        stage, special = self.answer.stage, self.answer.special
        return (
            stage.value_number if stage is not None else None,
            special.value if special is not None else None,
        )


class AnswerStore(AnswerReadStore):
    """The answers aggregate, written: every change in a transaction (`transaction`)."""

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
        with self.transaction() as db:
            given = _Change(
                assessment_id,
                question_id,
                participant_id,
                answer,
                words,
                note,
                changed_by,
                rationale=rationale,
                facts=facts,
            )
            self._put_answer(db, given, seen)
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
        facts: AnswerFacts = NO_FACTS,
    ) -> list[Answer]:
        """Save several participants' ratings of one question in one transaction: all or none.
        `notes`: per participant id, their own words when the rating was read from them;
        `facts`: how every rating on the line came to be (given after the spread was shown).

        `seen`: per participant id, the revision of their rating as the caller last saw it (0 or
        absent: none). If any rating on the line has changed since, nothing is written and
        StaleRatings carries every such rating as it is now.
        """
        by = self._by(changed_by)
        with self.transaction() as db:
            if seen is not None:
                self._check_ratings(db, assessment_id, question_id, ratings, seen)
            for participant_id, answer in ratings:
                note = (notes or {}).get(participant_id, "")
                given = _Change(
                    assessment_id, question_id, participant_id, answer, words, note, by, facts=facts
                )
                self._put_answer(db, given, None)
        return [self._saved_answer(assessment_id, question_id, p) for p, _ in ratings]

    def _check_ratings(
        self,
        db: Connection,
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
        with self.transaction() as db:
            current = self._current(db, assessment_id, question_id, participant_id)
            if current is None:
                raise NotFound(f"'{question_id}' has no answer to add a note to")
            given = _Change(
                assessment_id,
                question_id,
                participant_id,
                (current["value"], current["special"]),
                current["words"],
                note,
                changed_by,
                rationale=current["rationale"],
                answered_at=current["answered_at"],
                facts=stored_facts(current),
            )
            self._put_answer(db, given, seen)
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
    def question_keys_in(db: Connection, question_ids: Iterable[str]) -> dict[str, int]:
        """The keys answers hold for these question ids, those new added, inside a transaction
        the caller holds (writers hold the write lock, so two never add one text at once)."""
        return _keys_in(db, "question_keys", question_ids)

    @staticmethod
    def writer_keys_in(db: Connection, changed_by: Iterable[str]) -> dict[str, int]:
        """The keys answers hold for who changed them ('' is 0), as `question_keys_in`."""
        return _keys_in(db, "writers", changed_by)

    def _put_answer(self, db: Connection, change: _Change, seen: int | None) -> None:
        """Write one answer inside a transaction the caller holds, the earlier one to the
        history: a compare-and-set on the answer's revision when `seen` is given."""
        owner, question_id = change.assessment_id, change.question_id
        earlier = self._current(db, owner, question_id, change.participant_id)
        revision = earlier["revision"] if earlier is not None else 0
        if seen is not None and seen != revision:
            raise Conflict(
                f"the answer to {question_id} was changed elsewhere since it was read",
                self._answer_in(owner, earlier),
            )
        moment = iso_text(self.now())
        self._touch(db, owner)
        writer = self.writer_keys_in(db, [change.changed_by])[change.changed_by]
        if earlier is not None:
            question = earlier["question_key"]
            replaced = _row_of(earlier, writer)  # who changed it: who replaced it
            self.put_earlier_answer_in(db, owner, replaced, moment)
            db.execute("DELETE FROM answers WHERE id = ?", (earlier["id"],))
        else:
            question = self.question_keys_in(db, [question_id])[question_id]
        value, special = change.stored()
        row = AnswerRow(
            question,
            change.participant_id,
            value,
            special,
            change.words,
            change.note,
            change.answered_at or moment,
            writer,
            change.rationale,
            change.facts,
        )
        self.put_answer_row_in(db, owner, row, revision=revision + 1)

    @staticmethod
    def put_answer_row_in(
        db: Connection, assessment_id: str, row: AnswerRow, revision: int = 1, in_bank: bool = True
    ) -> None:
        """Add an answer's row inside a transaction the caller holds (the one it replaces gone)."""
        db.execute(
            f"INSERT INTO answers({_ROW_COLUMNS}, revision, in_bank) VALUES ({_ROW_MARKS}, ?, ?)",
            (*row.values(assessment_id), revision, int(in_bank)),
        )

    @staticmethod
    def put_earlier_answer_in(
        db: Connection, assessment_id: str, row: AnswerRow, replaced_at: str
    ) -> None:
        """Add an earlier version of an answer to the history, inside the caller's transaction."""
        db.execute(
            f"INSERT INTO answer_history({_ROW_COLUMNS}, replaced_at) VALUES ({_ROW_MARKS}, ?)",
            (*row.values(assessment_id), replaced_at),
        )

    def _saved_answer(
        self, assessment_id: str, question_id: str, participant_id: int | None
    ) -> Answer:
        """An answer just saved, read back as stored (NotFound if another process has deleted
        its assessment since)."""
        answer = self.answer(assessment_id, question_id, participant_id)
        if answer is None:
            raise NotFound(f"assessment {assessment_id} was deleted as its answer was saved")
        return answer

    def mark_bank_changes(self, assessment_id: str, current_question_ids: set[str]) -> list[str]:
        """Mark answers to questions no longer in the banks (and unmark returning ones).

        Returns the ids of the questions answered earlier that are no longer in the banks.
        """
        rows = self._db.execute(
            f"SELECT DISTINCT question_id FROM {ANSWERS} WHERE assessment_id = ?",
            (assessment_id,),
        )
        answered = {r["question_id"] for r in rows}
        gone = sorted(answered - current_question_ids)
        with self.transaction() as db:
            self._touch(db, assessment_id)
            db.execute("UPDATE answers SET in_bank = 1 WHERE assessment_id = ?", (assessment_id,))
            db.executemany(
                "UPDATE answers SET in_bank = 0 "
                f"WHERE assessment_id = ? AND question_key = {_QUESTION_KEY}",
                [(assessment_id, q) for q in gone],
            )
        return gone


def _row_of(stored: Any, writer: int) -> AnswerRow:
    """The row of the answers table `stored` holds, as its earlier version, changed by `writer`."""
    return AnswerRow(
        stored["question_key"],
        stored["participant_id"],
        stored["value"],
        stored["special"],
        stored["words"],
        stored["note"],
        stored["answered_at"],
        writer,
        stored["rationale"],
        stored_facts(stored),
    )


# Per table of keyed texts: its text column, and what its index holds of the text (a writer by
# its start: an index entry of a whole text of any length would be too large for PostgreSQL).
_KEYED_TEXTS = {
    "question_keys": ("question_id", "{}"),
    "writers": ("changed_by", "substr({}, 1, 100)"),
}


def _keys_in(db: Connection, table: str, texts: Iterable[str]) -> dict[str, int]:
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
