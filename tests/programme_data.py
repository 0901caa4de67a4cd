"""Stores of several partnerships with complete assessments, for the programme view's tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from conftest import clock_at

from assessor.answers import AnswerValue
from assessor.banks import BankSet
from assessor.continuum import Stage
from assessor.sessions import begin
from assessor.store import Store


def assessed(
    location: Any,
    installed: BankSet,
    partnership: str,
    when: datetime,
    stages: dict[str, int],
    area: str = "",
    lead: str = "",
    complete: bool = True,
) -> str:
    """An assessment of `partnership` at `when` over the banks in `stages`, every question of a
    bank answered with its stage (1-5); its id."""
    bank_set = installed.select(list(stages))
    with Store(location, clock=clock_at(when)) as store:
        if area:
            store.partnership(partnership, area)
        assessment = begin(store, partnership, bank_set, lead=lead)
        for bank in bank_set.banks:
            for question in bank.questions:
                store.record_answer(
                    assessment.id,
                    question.id,
                    AnswerValue.of(Stage.from_number(stages[bank.id])),
                )
        if complete:
            store.set_status(assessment.id, complete=True)
    return assessment.id
