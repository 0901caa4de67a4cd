"""The Textual face, run by `assessor` with no command; imported only where it is needed."""

from __future__ import annotations

from pathlib import Path

from assessor.banks.loader import BankSet


def run_app(
    db_path: Path,
    installed: BankSet,
    resume_id: str | None = None,
    new_partnership: str | None = None,
    new_banks: BankSet | None = None,
) -> None:
    from assessor.tui.app import AssessorApp

    AssessorApp(
        db_path,
        installed,
        resume_id=resume_id,
        new_partnership=new_partnership,
        new_banks=new_banks,
    ).run()
