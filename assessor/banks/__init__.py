"""Question banks: the file format, the loader and its checks.

Names are loaded on first use, so that importing `assessor.banks.errors` (as every command does,
to report a bad bank) does not load pydantic and the bank models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Action": "assessor.banks.models",
    "Bank": "assessor.banks.models",
    "Question": "assessor.banks.models",
    "bank_json_schema": "assessor.banks.models",
    "BankSet": "assessor.banks.bank_set",
    "load_bank_set": "assessor.banks.loader",
    "load_banks": "assessor.banks.loader",
    "BankLoadError": "assessor.banks.errors",
    "Problem": "assessor.banks.errors",
}

__all__ = [  # noqa: RUF022 - grouped as _WHERE is
    "Action",
    "Bank",
    "Question",
    "bank_json_schema",
    "BankSet",
    "load_bank_set",
    "load_banks",
    "BankLoadError",
    "Problem",
    "load_builtin",
]

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.banks.errors import BankLoadError, Problem
    from assessor.banks.loader import load_bank_set, load_banks
    from assessor.banks.models import Action, Bank, Question, bank_json_schema


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'assessor.banks' has no attribute {name!r}")


def load_builtin() -> BankSet:
    """The banks shipped with assessor, in order (validated once, then read from the cache)."""
    from assessor.banks.cache import load_cached
    from assessor.files.resources import builtin_bank_paths

    return load_cached(builtin_bank_paths())
