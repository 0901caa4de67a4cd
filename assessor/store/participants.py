"""Participants: the people of a workshop's roster, who leave and may come back."""

from __future__ import annotations

from functools import partial
from typing import Any

from assessor.store.assessments import AssessmentStore
from assessor.store.base import Clock, Connection, _now, iso_text
from assessor.store.errors import NotFound
from assessor.store.location import Location
from assessor.store.records import Participant

PARTICIPANTS_KEPT = 5000  # participants read kept to be given again (see _participant_of)


class ParticipantStore(AssessmentStore):
    """The participants aggregate (each belongs to one assessment)."""

    def __init__(self, path: Location, clock: Clock = _now) -> None:
        super().__init__(path, clock)
        self._participants_read: dict[tuple[Any, ...], Participant] = {}

    def add_participant(
        self,
        assessment_id: str,
        name: str,
        organisation: str = "",
        role: str = "",
        sector: str = "",
    ) -> Participant:
        self.assessment(assessment_id)
        person = Participant.model_construct(  # as given: written, then read back validated
            id=0,
            name=name.strip(),
            organisation=organisation.strip(),
            role=role.strip(),
            sector=sector.strip(),
            added_at=self.now(),
            removed_at=None,
        )
        with self.transaction() as db:
            added = self.put_participant_in(db, assessment_id, person)
        return self._participant(added)

    @staticmethod
    def put_participant_in(db: Connection, assessment_id: str, person: Participant) -> int:
        """Add someone to an assessment's roster inside a transaction the caller holds (import,
        which keeps when they left); the id they are given (`person.id` is not kept)."""
        cursor = db.execute(
            "INSERT INTO participants(assessment_id, name, organisation, role, sector, added_at, "
            "removed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                assessment_id,
                person.name,
                person.organisation,
                person.role,
                person.sector,
                iso_text(person.added_at),
                iso_text(person.removed_at) if person.removed_at else None,
            ),
        )
        assert cursor.lastrowid is not None  # an INSERT sets it
        return int(cursor.lastrowid)

    def remove_participant(self, participant_id: int) -> Participant:
        """Take someone off the roster from now on; their earlier ratings stay on record."""
        with self.transaction() as db:
            db.execute(
                "UPDATE participants SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                (iso_text(self.now()), participant_id),
            )
        return self._participant(participant_id)

    def restore_participant(self, assessment_id: str, participant_id: int) -> Participant:
        """Put someone who left back on this assessment's roster as the same participant, so
        their earlier ratings count again."""
        self.assessment(assessment_id)
        with self.transaction() as db:
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
