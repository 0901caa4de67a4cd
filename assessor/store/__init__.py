"""The embedded SQLite store.

Names are loaded on first use, so that importing `assessor.store.errors` (as the command line
does, to report a bad file) does not load pydantic, the records and sqlite3.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Answer": "assessor.store.records",
    "Assessment": "assessor.store.records",
    "BankUse": "assessor.store.records",
    "Participant": "assessor.store.records",
    "Partnership": "assessor.store.records",
    "Target": "assessor.store.records",
    "NotFound": "assessor.store.errors",
    "StoreError": "assessor.store.errors",
    "Store": "assessor.store.store",
}

__all__ = [
    "Answer",
    "Assessment",
    "BankUse",
    "NotFound",
    "Participant",
    "Partnership",
    "Store",
    "StoreError",
    "Target",
    "resolve_path",
]

if TYPE_CHECKING:
    from assessor.store.errors import NotFound, StoreError
    from assessor.store.location import resolve as resolve_path
    from assessor.store.records import (
        Answer,
        Assessment,
        BankUse,
        Participant,
        Partnership,
        Target,
    )
    from assessor.store.store import Store


def __getattr__(name: str) -> Any:
    if name == "resolve_path":
        from assessor.store.location import resolve

        return resolve
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'assessor.store' has no attribute {name!r}")
