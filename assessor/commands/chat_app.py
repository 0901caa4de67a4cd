"""`assessor chat`, `resume` and `app` in the full-screen app: what the command line names is
made and checked before the screen opens, and what the app left unanswered is not kept."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from assessor.commands.chat_room import room_asked
from assessor.commands.data import open_store, remove_if_empty
from assessor.commands.new_assessment import banks_chosen, new_assessment, participants
from assessor.errors import UserError

if TYPE_CHECKING:
    from assessor.store.records import Mode


def run_in_app(args: argparse.Namespace, resume_id: str | None = None) -> int:
    """The app, on `resume_id` or on the assessment `args` name (made here), else on its start
    screen; a database file this run made and left empty is removed."""
    from assessor.banks import load_builtin
    from assessor.store import Store, resolve_path
    from assessor.tui import run_app

    path = resolve_path(args.db)
    created = not path.exists()
    Store(path).close()  # a bad file is refused here, in one sentence, before the screen opens
    partnership = getattr(args, "partnership", None)
    banks = getattr(args, "banks", None)
    workshop = bool(
        getattr(args, "workshop", False)
        or getattr(args, "participant", None)
        or getattr(args, "from_ids", None)
    )
    if partnership is not None and not partnership.strip():
        raise UserError("--partnership is empty; give the partnership's name")
    if workshop and resume_id is None and not partnership:
        raise UserError(
            "a workshop started from the command line needs --partnership NAME "
            "(or tick Workshop on the app's start screen)"
        )
    installed = load_builtin()  # read once: the banks a new assessment takes come from it
    made = None
    if partnership and resume_id is None:
        # Made as the plain chat makes it (area, lead, roster and starting ratings included)
        # before the screen opens, so a problem is refused in one sentence; the app carries it on.
        name, bank_set = partnership.strip(), banks_chosen(banks, installed)
        people = participants(args.participant or [])
        mode: Mode = "workshop" if workshop else "individual"
        with open_store(args) as store:
            known = store.find_partnership(name) is not None
            resume_id = made = new_assessment(store, args, name, bank_set, mode, people)
    room = room_asked(args) if hasattr(args, "room") else None
    room_options = (
        None
        if room is None
        else {"host": room.host, "expose": room.expose}
        | ({} if room.port is None else {"port": room.port})
    )
    try:
        run_app(path, installed, resume_id=resume_id, room_options=room_options)
    finally:  # even when its terminal went away as it closed
        if made is not None:  # the app closed: nothing answered in the one made here, none kept
            from assessor.plain.chat import NOTHING_KEPT
            from assessor.sessions import discard_if_unanswered

            with open_store(args) as store:
                if discard_if_unanswered(store, made, [p[0] for p in people]):
                    if not known:
                        store.delete_partnership_if_unused(name)
                    print(NOTHING_KEPT)
    if created:
        remove_if_empty(path)  # the database file this run made, if nothing is left in it
    return 0
