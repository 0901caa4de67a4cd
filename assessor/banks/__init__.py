"""Question banks: the file format, the loader and its checks."""

from assessor.banks.loader import (
    BankLoadError,
    BankSet,
    Problem,
    load_bank_set,
    load_banks,
)
from assessor.banks.models import Action, Bank, Question, bank_json_schema

__all__ = [
    "Action",
    "Bank",
    "BankLoadError",
    "BankSet",
    "Problem",
    "Question",
    "bank_json_schema",
    "load_bank_set",
    "load_banks",
]


def load_builtin() -> BankSet:
    """The banks shipped with assessor, in order."""
    from assessor.resources import builtin_bank_paths

    return load_bank_set(builtin_bank_paths())
