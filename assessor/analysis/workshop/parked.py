"""Questions a workshop parked with "no consensus": one rule for the chat, the commands and reports.

A parked question is recorded as an agreed answer of skipped, marked `parked`; these read that
mark, never the answer's words.
"""

from __future__ import annotations

from collections.abc import Iterable

from assessor.analysis.scoring import skipped_among
from assessor.banks.bank_set import BankSet
from assessor.store.records import Answer, answer_map


def is_parked(answer: Answer) -> bool:
    """An agreed answer that parks its question with "no consensus" (recorded as skipped)."""
    return answer.participant_id is None and answer.parked


def parked_questions(answers: Iterable[Answer]) -> set[str]:
    """The questions a workshop parked with "no consensus"."""
    return {a.question_id for a in answers if is_parked(a)}


def parked_by_domain(bank_set: BankSet, answers: list[Answer]) -> dict[str, int]:
    """Per domain id: the questions asked and parked with "no consensus" (apart from skipped)."""
    return skipped_among(bank_set, answer_map(answers), parked_questions(answers))
