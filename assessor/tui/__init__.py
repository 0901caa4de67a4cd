"""The Textual face, run by `assessor` with no command; imported only where it is needed."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.store.location import Location


def run_app(
    db_path: Location,
    installed: BankSet,
    resume_id: str | None = None,
    new_partnership: str | None = None,
    new_banks: BankSet | None = None,
    room_options: dict[str, Any] | None = None,
) -> None:
    """The app; with `room_options` (where the room listens), a workshop opened from the
    command line opens its room at once."""
    # Loading the app makes a few hundred thousand objects that live as long as it does (the
    # modules of Textual and rich) and frees almost none, so the cyclic collector would only
    # scan them over and over while they load: it waits until they are loaded, and from then on
    # leaves everything loaded so far out of its scans.
    gc.disable()
    try:
        from assessor.tui.app import AssessorApp

        app = AssessorApp(
            db_path,
            installed,
            resume_id=resume_id,
            new_partnership=new_partnership,
            new_banks=new_banks,
            room_options=room_options,
            open_room=room_options is not None,
        )
    finally:
        gc.freeze()
        gc.enable()
    app.run()
