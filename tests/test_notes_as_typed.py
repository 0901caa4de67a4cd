"""The note kept beside a stage said in the answer is the person's words as typed."""

from __future__ import annotations

from pathlib import Path

from assessor.conversation import Conversation
from assessor.conversation.understanding.claims import claimed
from assessor.store import BankUse, Store


def test_a_stage_said_after_the_evidence_keeps_the_evidences_own_commas(
    tmp_path: Path, two_banks
) -> None:
    typed = (
        "we have the front door/SPA for early help and the HV service, but CAMHS, SALT and the "
        "midwives all still want their own forms. so maybe 3 or 4?"
    )
    with Store(tmp_path / "notes.db") as store:
        assessment = store.create_assessment(
            "Northshire", [BankUse(bank_id=b.id, version=b.version) for b in two_banks.banks]
        )
        chat = Conversation(store, assessment.id, two_banks)
        chat.start()
        chat.reply(typed)
        chat.reply("3")
        answer = store.answer(assessment.id, "sample.board")
    assert answer is not None and answer.stage is not None
    assert answer.note == (
        "we have the front door/SPA for early help and the HV service, but CAMHS, SALT and the "
        "midwives all still want their own forms"
    )


def test_a_stage_said_between_two_remarks_still_notes_both() -> None:
    reading = claimed("we meet monthly, 3, and we share notes")
    assert reading is not None
    assert reading.note == "we meet monthly; and we share notes"
