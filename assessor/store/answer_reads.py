"""Reading answers: one, an assessment's, many assessments' (their values alone, for scoring),
and the earlier versions of changed ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

from assessor.answers import AnswerValue, Special
from assessor.continuum import Stage
from assessor.store.base import Connection
from assessor.store.participants import ParticipantStore
from assessor.store.records import Answer, AnswerFacts, RevisedAnswer
from assessor.store.text import DamagedText, read_stored_text

AnswerRecord = TypeVar("AnswerRecord", bound=Answer)

# The own answers of many assessments, found by assessment (the unique index on answers), never
# through the index on participants' answers, where every own answer in the store has NULL:
# the `+` keeps SQLite from using that one, which made each chunk of ids read them all.
_OWN_ANSWERS = "+participant_id IS NULL"
ANSWER_COLUMNS = (
    "question_id, value, special, words, note, participant_id, answered_at, changed_by, in_bank, "
    "rationale, revision, parked, prefilled_from, on_device, after_spread"
)
# An answer (or an earlier version) keeps its question id and who changed it as keys into
# tables holding each text once (migration 12); reads join them back in.
_KEYED = (
    "JOIN question_keys ON question_keys.id = {0}.question_key "
    "JOIN writers ON writers.id = {0}.writer_key"
)
ANSWERS = "answers " + _KEYED.format("answers")
_HISTORY = "answer_history " + _KEYED.format("answer_history")

# Every (value, special) pair a stored answer can hold, as the value scoring reads.
_ANSWER_VALUES: dict[tuple[int | None, str | None], AnswerValue] = {
    **{(n, None): AnswerValue(stage=Stage.from_number(n)) for n in range(1, 6)},
    **{(None, s.value): AnswerValue(special=s) for s in Special},
}


class AnswerReadStore(ParticipantStore):
    """The answers aggregate, read."""

    def _answer_read(
        self, assessment_id: str, values: dict[str, Any], model: type[AnswerRecord]
    ) -> AnswerRecord:
        """An answer (or an earlier version) as stored, its damaged fields noted."""
        self._note_damage(values, assessment_id, partial(_answer_named, values))
        # the columns of true or false hold 0 or 1; the record's fields are strict booleans
        flags: dict[str, bool] = {
            k: bool(values[k])
            for k in ("in_bank", "parked", "on_device", "after_spread")
            if k in values
        }
        fields: dict[str, Any] = {**values, **flags}
        return model(**fields)

    def _answer_in(self, assessment_id: str, row: Any) -> Answer | None:
        """The answer a whole row of the answers table holds (None for no row), as read."""
        if row is None:
            return None
        values = {k: row[k] for k in ANSWER_COLUMNS.split(", ")}
        return self._answer_read(assessment_id, values, Answer)

    @staticmethod
    def _current(
        db: Connection, assessment_id: str, question_id: str, participant_id: int | None
    ) -> Any:
        return db.execute(
            f"SELECT answers.id, question_key, {ANSWER_COLUMNS} FROM {ANSWERS} "
            "WHERE assessment_id = ? AND question_id = ? AND participant_id IS ?",
            (assessment_id, question_id, participant_id),
        ).fetchone()

    def answer(
        self, assessment_id: str, question_id: str, participant_id: int | None = None
    ) -> Answer | None:
        row = self._db.execute(
            f"SELECT {ANSWER_COLUMNS} FROM {ANSWERS} "
            "WHERE assessment_id = ? AND question_id = ? AND participant_id IS ?",
            (assessment_id, question_id, participant_id),
        ).fetchone()
        return self._answer_read(assessment_id, dict(row), Answer) if row else None

    def answers(
        self, assessment_id: str, voices: bool = False, question_id: str | None = None
    ) -> list[Answer]:
        """The assessment's own answers in order; with `voices`, every participant's too; with
        `question_id`, those of that question alone (a room reads them with every request)."""
        query = f"SELECT {ANSWER_COLUMNS} FROM {ANSWERS} WHERE assessment_id = ?"
        query += "" if voices else " AND participant_id IS NULL"
        values: tuple[str, ...] = (assessment_id,)
        if question_id is not None:
            query += " AND question_id = ?"
            values = (assessment_id, question_id)
        rows = self._db.execute(query + " ORDER BY answered_at, answers.id", values)
        return [self._answer_read(assessment_id, dict(r), Answer) for r in rows]

    def answers_of(self, assessment_ids: Iterable[str]) -> dict[str, list[Answer]]:
        """The own answers of many assessments (for history and comparison)."""
        wanted = list(dict.fromkeys(assessment_ids))
        found: dict[str, list[Answer]] = {i: [] for i in wanted}
        rows = self._for_ids(
            f"SELECT assessment_id, {ANSWER_COLUMNS} FROM {ANSWERS} WHERE {_OWN_ANSWERS} AND",
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
            "changed_by, replaced_at, rationale, parked, prefilled_from, on_device, after_spread "
            f"FROM {_HISTORY} WHERE assessment_id = ?"
        )
        params: tuple[str, ...] = (assessment_id,)
        if question_id is not None:
            query += " AND question_id = ?"
            params += (question_id,)
        rows = self._db.execute(query + " ORDER BY replaced_at, answer_history.id", params)
        return [self._answer_read(assessment_id, dict(r), RevisedAnswer) for r in rows]


def stored_facts(row: Any) -> AnswerFacts:
    """The facts a stored row of answers or answer_history holds."""
    return AnswerFacts(
        parked=bool(row["parked"]),
        prefilled_from=row["prefilled_from"],
        on_device=bool(row["on_device"]),
        after_spread=bool(row["after_spread"]),
    )


def _answer_named(values: Mapping[str, object]) -> str:
    """An answer as a warning names it: its question, and its voice when not the lead's."""
    earlier = "an earlier version of " if "replaced_at" in values else ""
    voice = values.get("participant_id")
    return f"{earlier}the answer to {values.get('question_id')}" + (
        f" from participant {voice}" if voice else ""
    )
