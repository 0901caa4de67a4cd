"""Write docs/examples/: the reports of a realistic, fixed assessment (run after bank changes).

Run: python scripts/example_report.py   (--check: only say whether the files are current)
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.report import render, report_for
from assessor.store import BankUse, Store

OUT = Path(__file__).resolve().parent.parent / "docs" / "examples"

# Riverside: strong governance, weaker data sharing and case management; a few unknowns.
STAGES_BY_DOMAIN = {
    "integration": [3, 4, 3, 2, 3, 2, 3],
    "governance": [4, 3, 4, 3, 3, 3, 2, 3, 2],
    "co_location": [3, 3, 4, 3, 2, 3, 4, 3],
    "data_sharing": [2, 2, "dont-know", 2, 3, 1],
    "case_management": [3, 2, 3, 2, 3, 3, 2, 2, "not-applicable", 1],
    "commissioning": [3, 2, 3, 2, 1, 2, 3, "skipped", 2, 2, 3, 2, 1],
    "families": [3, 2, 2, 3, 2, 1, 2],
    "workforce": [2, 2, 3, 2, 3, 3],
}
NOTES = {
    "governance.board": "Partnership Board since April; ToR agreed, minutes online.",
    "data_sharing.agreements": "Safeguarding protocol only; early help asked case by case.",
    "data_sharing.family_worker_info": "Ask the ICB's information governance lead.",
    "case_management.case_system": "Health visitors on SystmOne, early help on Mosaic; no link.",
    "commissioning.pooled_budgets": "Aligned budgets under an MoU for the 0-5 offer.",
    "families.coproduction_steps": "Parent carer forum co-designed the timetable, nothing else.",
}


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 10, 14, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=40)
        return self.moment


def main() -> None:
    check = "--check" in sys.argv[1:]
    installed = load_builtin()
    with (
        tempfile.TemporaryDirectory() as folder,
        Store(Path(folder) / "example.db", Clock()) as store,
    ):
        assessment = store.create_assessment(
            "Riverside family hubs partnership",
            [BankUse(bank_id=b.id, version=b.version) for b in installed.banks],
            lead="Early help lead, Riverside Council",
            area="Riverside",
            assessment_id="3f9c1a7e",
        )
        for bank in installed.banks:
            for question, given in zip(bank.questions, STAGES_BY_DOMAIN[bank.id], strict=True):
                if isinstance(given, int):
                    value = AnswerValue.of(Stage.from_number(given))
                else:
                    value = AnswerValue.of(Special(given))
                store.record_answer(
                    assessment.id, question.id, value, str(given), NOTES.get(question.id, "")
                )
        store.set_status(assessment.id, complete=True)
        store.set_target(assessment.partnership, "data_sharing", Stage.COLLABORATION, "March 2027")
        report = report_for(
            store, assessment.id, installed, now=datetime(2026, 10, 14, 12, 0, tzinfo=UTC)
        )
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for fmt, name in (("html", "report.html"), ("md", "report.md"), ("json", "report.json")):
        text = render(report, fmt)
        target = OUT / name
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    if stale:
        sys.exit(
            f"docs/examples is out of date ({', '.join(stale)}): run scripts/example_report.py"
        )


if __name__ == "__main__":
    main()
