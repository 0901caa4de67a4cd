"""`assessor chat`, `assessor resume` and `assessor app`: run an assessment as a conversation, in
the full-screen app (`chat_app.py`) or the plain line chat (`chat_plain.py`); what a new one is
made from is in `new_assessment.py`, a room's options in `chat_room.py`. `assessor serve`
(`serve.py`) is registered among them, as `--help` lists it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from assessor.commands import serve
from assessor.commands.chat_app import run_in_app
from assessor.commands.chat_plain import talk
from assessor.commands.chat_room import add_room_options, room_asked
from assessor.commands.data import ID_HELP, add_db_option, open_store, remove_if_empty
from assessor.commands.new_assessment import banks_chosen, new_assessment, participants
from assessor.errors import UserError

if TYPE_CHECKING:
    from assessor.store.records import Mode


def _wants_app(args: argparse.Namespace) -> bool:
    """The full-screen app, unless --plain is asked for or the terminal is not interactive."""
    return not args.plain and sys.stdin.isatty() and sys.stdout.isatty()


def _app(args: argparse.Namespace) -> int:
    return run_in_app(args)


def _chat(args: argparse.Namespace) -> int:
    from assessor.sessions import discard_if_unanswered
    from assessor.store import resolve_path

    room = room_asked(args)  # refused before anything is made
    if _wants_app(args):
        return run_in_app(args)
    if room is not None and not (args.workshop or args.participant or args.from_ids):
        raise UserError("a room is for a workshop: add --workshop")  # the plain chat asks no mode
    bank_set = banks_chosen(args.banks)
    name = args.partnership
    if name is not None and not name.strip():
        raise UserError("--partnership is empty; give the partnership's name")
    if not name:
        if not sys.stdin.isatty():  # the first piped line is an answer, not a name
            raise UserError("--partnership is needed when answers are piped", exit_code=2)
        print("Which partnership is this assessment for? ", end="", flush=True)
        from assessor.plain.chat import readable

        name = readable(sys.stdin.readline())[0].strip()
        if not name:
            raise UserError("a partnership name is needed (give --partnership NAME)")
    mode: Mode = "workshop" if args.workshop or args.participant or args.from_ids else "individual"
    people = participants(args.participant or [])
    path = resolve_path(args.db)
    created = not path.exists()
    try:
        with open_store(args) as store:
            known = store.find_partnership(name) is not None
            assessment_id = new_assessment(store, args, name, bank_set, mode, people)

            def discard() -> bool:
                """Nothing answered: the assessment, and what this run added for it, not kept."""
                if not discard_if_unanswered(store, assessment_id, [p[0] for p in people]):
                    return False
                if not known:
                    store.delete_partnership_if_unused(name)
                return True

            return talk(store, assessment_id, bank_set, discard, room)
    finally:
        if created:  # the database file this run made (a refused --from, say), if left empty
            remove_if_empty(path)


def _resume(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.sessions import resume

    room = room_asked(args)
    with open_store(args, must_exist=True) as store:
        args.id = store.assessment_id(args.id)  # an unknown id is refused before the screen opens
    if _wants_app(args):
        return run_in_app(args, resume_id=args.id)
    with open_store(args, must_exist=True) as store:
        resumed = resume(store, args.id, load_builtin())
        for bank_id, then, now in resumed.updated:
            print(
                f"The {bank_id} bank has changed since ({then} → {now}): "
                "new questions will be asked."
            )
        if resumed.removed:
            print(
                f"{len(resumed.removed)} earlier answer(s) are to questions no longer in the "
                "banks; "
                "they are kept on record."
            )
        return talk(store, args.id, resumed.bank_set, room=room)


def register(commands: argparse._SubParsersAction) -> None:
    _register_chat(commands)
    app = commands.add_parser("app", help="the full-screen app (also: assessor with no command)")
    app.set_defaults(run=_app)
    add_db_option(app)
    serve.register(commands)
    resume = commands.add_parser("resume", help="carry on an in-progress assessment")
    resume.add_argument("id", metavar="ID", help=ID_HELP)
    resume.add_argument("--plain", action="store_true", help="plain line-mode chat on stdin/stdout")
    add_room_options(resume)
    resume.set_defaults(run=_resume)
    add_db_option(resume)


def _register_chat(commands: argparse._SubParsersAction) -> None:
    chat = commands.add_parser("chat", help="start a new assessment as a conversation")
    chat.add_argument("--plain", action="store_true", help="plain line-mode chat on stdin/stdout")
    chat.add_argument(
        "--partnership",
        metavar="NAME",
        help="the partnership assessed (default: asked for at a terminal; needed when answers "
        "are piped)",
    )
    chat.add_argument("--banks", metavar="ID,ID", help="only these banks (default: all)")
    chat.add_argument(
        "--area",
        metavar="AREA",
        help="the partnership's area, e.g. its council (default: the one it has, if any)",
    )
    chat.add_argument("--lead", metavar="NAME", help="who is answering (default: nobody named)")
    chat.add_argument("--workshop", action="store_true", help="several voices, one agreed answer")
    chat.add_argument(
        "--participant",
        action="append",
        metavar="'NAME, ORG, ROLE'",
        help="someone in the workshop (repeatable; default: nobody yet, and people are added "
        "in the chat)",
    )
    chat.add_argument(
        "--from",
        dest="from_ids",
        metavar="ID,ID",
        help="individual self-assessments to start the workshop's ratings from (default: none; "
        "every rating is given in the room)",
    )
    add_room_options(chat)
    chat.set_defaults(run=_chat)
    add_db_option(chat)
