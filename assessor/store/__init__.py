"""The embedded SQLite store."""

from assessor.store.errors import NotFound, StoreError
from assessor.store.location import resolve as resolve_path
from assessor.store.records import Answer, Assessment, BankUse, Participant, Partnership
from assessor.store.store import Store

__all__ = [
    "Answer",
    "Assessment",
    "BankUse",
    "NotFound",
    "Participant",
    "Partnership",
    "Store",
    "StoreError",
    "resolve_path",
]
