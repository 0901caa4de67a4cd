"""Partnerships: their names and areas, whether each shares its scores with the programme, and
their target stages per domain."""

from __future__ import annotations

import re

from assessor.continuum import Stage
from assessor.store.base import Connection, StoreBase, iso_text
from assessor.store.errors import NotFound, StoreError
from assessor.store.records import DOMAIN_ID_PATTERN, Partnership, Target, clean_by


def _spaced(text: str) -> str:
    """A name or area as kept: any run of spaces as one, none at either end."""
    return " ".join(text.split())


class PartnershipStore(StoreBase):
    """The partnerships aggregate: a partnership, its sharing agreement and its targets."""

    def partnership(self, name: str, area: str = "") -> Partnership:
        """The partnership called `name` (any case), created if new; see `partnership_in`."""
        with self.transaction() as db:
            return self.partnership_in(db, name, area)[0]

    def partnership_in(self, db: Connection, name: str, area: str = "") -> tuple[Partnership, bool]:
        """`partnership` inside a transaction the caller holds, and whether it was created.

        A given `area` is recorded for a new partnership, or one with no area yet; an existing
        name and area are never replaced here (the caller compares and says so; `set_area`).
        The caller holds the write lock, so no other writer adds the name between the two.
        """
        name, area = _spaced(name), _spaced(area)
        if not name:
            raise StoreError("a partnership needs a name")
        found = db.execute(
            "SELECT id, name, area FROM partnerships WHERE name = ?", (name,)
        ).fetchone()
        if found is None:
            added = db.execute(
                "INSERT INTO partnerships(name, area, created_at) VALUES (?, ?, ?)",
                (name, area, iso_text(self.now())),
            ).lastrowid
            assert added is not None  # an INSERT sets it
            return Partnership.model_construct(id=int(added), name=name, area=area), True
        kept = found["area"]
        if area and not kept:
            db.execute("UPDATE partnerships SET area = ? WHERE id = ?", (area, found["id"]))
            kept = area
        return Partnership.model_construct(id=found["id"], name=found["name"], area=kept), False

    def find_partnership(self, name: str) -> Partnership | None:
        """The partnership called `name` (any case, spaces collapsed), if there is one."""
        found = self._db.execute(
            "SELECT id, name, area FROM partnerships WHERE name = ?", (_spaced(name),)
        ).fetchone()
        if found is None:
            return None
        return Partnership.model_construct(id=found["id"], name=found["name"], area=found["area"])

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
        with self.transaction() as db:
            db.execute("UPDATE partnerships SET area = ? WHERE id = ?", (_spaced(area), known.id))
        return self.partnership_named(name)

    def delete_partnership_if_unused(self, name: str) -> bool:
        """Remove a partnership that has no assessment and no target (one a run of `chat`
        added and kept nothing for); True if removed."""
        with self.transaction() as db:
            cursor = db.execute(
                "DELETE FROM partnerships WHERE name = ? "
                "AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.partnership_id = id) "
                "AND NOT EXISTS (SELECT 1 FROM partnership_targets t WHERE t.partnership_id = id)",
                (_spaced(name),),
            )
        return cursor.rowcount > 0

    def partnerships(self) -> list[Partnership]:
        rows = self._db.execute("SELECT id, name, area FROM partnerships ORDER BY name")
        return [
            Partnership.model_construct(id=r["id"], name=r["name"], area=r["area"]) for r in rows
        ]

    # sharing with the programme ---------------------------------------------------------------

    def shares_scores(self, name: str) -> bool:
        """Whether the partnership has agreed to share its scores with the programme: off until
        it is said (and for a partnership not here)."""
        found = self._db.execute(
            "SELECT shares_scores FROM partnerships WHERE name = ?", (_spaced(name),)
        ).fetchone()
        return bool(found and found["shares_scores"])

    def set_sharing(self, name: str, shares: bool) -> Partnership:
        """Record whether an existing partnership shares its scores with the programme."""
        known = self.partnership_named(name)
        with self.transaction() as db:
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
            (_spaced(partnership),),
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
        with self.transaction() as db:
            self.put_target_in(db, known.id, target, replace=True)
        return target

    @staticmethod
    def put_target_in(db: Connection, partnership_id: int, target: Target, replace: bool) -> bool:
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
        with self.transaction() as db:
            cursor = db.execute(
                "DELETE FROM partnership_targets WHERE partnership_id = ? AND domain_id = ?",
                (known.id, domain_id),
            )
        return cursor.rowcount > 0
