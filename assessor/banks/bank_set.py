"""A set of validated banks, kept apart from the loader so that using one loads no YAML code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assessor.banks.glossary import Glossary
from assessor.banks.models import Bank, Question


@dataclass(frozen=True)
class BankSet:
    """Banks loaded together, in order, with their questions indexed by id, and the glossary
    of their terms."""

    banks: tuple[Bank, ...]
    files: tuple[Path, ...]
    glossary: Glossary = field(default_factory=Glossary.empty)

    @property
    def questions(self) -> list[Question]:
        return [q for b in self.banks for q in b.questions]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def bank(self, bank_id: str) -> Bank:
        for bank in self.banks:
            if bank.id == bank_id:
                return bank
        raise KeyError(bank_id)

    def bank_of(self, question_id: str) -> Bank:
        return self.bank(question_id.split(".", 1)[0])

    def select(self, bank_ids: Iterable[str]) -> BankSet:
        """The named banks only, in this set's order; KeyError names an unknown one."""
        wanted = list(bank_ids)
        known = {b.id for b in self.banks}
        for bank_id in wanted:
            if bank_id not in known:
                raise KeyError(bank_id)
        chosen = [(b, f) for b, f in zip(self.banks, self.files, strict=True) if b.id in wanted]
        return BankSet(tuple(b for b, _ in chosen), tuple(f for _, f in chosen), self.glossary)
