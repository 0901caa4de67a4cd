"""Problems found in bank files (kept light: every command imports this to report them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a bank file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}:{self.column}: {place}{self.message}"


class BankLoadError(Exception):
    """Raised when banks that must load (the shipped ones, or a chosen set) do not."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
