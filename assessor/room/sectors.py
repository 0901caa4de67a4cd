"""The sectors a person chooses from when they join a room."""

from __future__ import annotations

# (the value stored, what the join page says), in the order offered. The values are the
# workshop's sector names (`assessor.analysis.workshop.SECTORS`), so that 'health 3' typed by the
# facilitator and the dot plot agree on who is from health; "other" belongs to no sector.
SECTOR_CHOICES: tuple[tuple[str, str], ...] = (
    ("council", "Council"),
    ("health", "Health (NHS)"),
    ("education", "Education (schools)"),
    ("early years", "Early years"),
    ("voluntary", "Voluntary and community (VCS)"),
    ("other", "Other"),
)
SECTOR_LABELS: dict[str, str] = dict(SECTOR_CHOICES)
# Short labels for a dot plot's legend and each dot's caption.
SECTOR_SHORT: dict[str, str] = {
    "council": "Council",
    "health": "Health",
    "education": "Education",
    "early years": "Early years",
    "voluntary": "VCS",
    "other": "Other",
}


def sector_named(value: str) -> str | None:
    """The stored sector for a value a form sent, or None when it is none of the choices."""
    value = " ".join(value.lower().split())
    return value if value in SECTOR_LABELS else None
