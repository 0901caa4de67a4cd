"""`assessor chat` and `assessor resume`: run an assessment as a conversation."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from assessor.commands.data import ID_HELP, add_db_option, open_store, remove_if_empty
from assessor.errors import UserError
from assessor.terminal_text import visible

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.conversation import Conversation
    from assessor.store import Store
    from assessor.store.records import Mode


def _bank_set(selection: str | None, installed: BankSet | None = None) -> BankSet:
    """The banks `--banks` names, from `installed` (loaded when not given); all without it."""
    from assessor.banks import load_builtin
    from assessor.suggest import did_you_mean

    installed = installed or load_builtin()
    if selection is None:
        return installed
    wanted = [part.strip() for part in selection.split(",") if part.strip()]
    if not wanted:
        raise UserError("--banks names no bank; give ids such as governance,data_sharing")
    known = [b.id for b in installed.banks]
    for bank_id in wanted:
        if bank_id not in known:
            raise UserError(
                f"there is no bank '{bank_id}'{did_you_mean(bank_id, known)}; "
                f"the banks are: {', '.join(known)}"
            )
    return installed.select(wanted)


def _talk(
    store: Store,
    assessment_id: str,
    bank_set: BankSet,
    discard: Callable[[], bool] | None = None,
    room: argparse.Namespace | None = None,
) -> int:
    """The plain chat; with `room` (the command's --room options), the workshop's room open."""
    from assessor.conversation import conversation_for
    from assessor.plain import chat as plain_chat

    conversation = conversation_for(store, assessment_id, bank_set)
    carry_on = plain_chat.resume_command(assessment_id)
    try:
        if room is not None:
            carry_on += " --room"
            return _talk_in_room(conversation, room, discard)
        return plain_chat.run(
            conversation, sys.stdin, sys.stdout, echo=not sys.stdin.isatty(), discard=discard
        )
    except KeyboardInterrupt:
        if discard is not None and discard():
            print(f"\nStopped. {plain_chat.NOTHING_KEPT}")
            return 130
        closed = "The room has closed. " if room is not None else ""
        print(f"\nStopped. {closed}Your answers are saved; carry on with: {carry_on}")
        return 130


def _talk_in_room(
    conversation: Conversation, where: argparse.Namespace, discard: Callable[[], bool] | None
) -> int:
    """The plain chat with the workshop's room open: its web server runs on this process's
    event loop beside the chat, and stops when the chat does."""
    import asyncio

    from assessor.conversation.workshop import WorkshopConversation
    from assessor.plain import room_chat
    from assessor.room.room import Room

    if not isinstance(conversation, WorkshopConversation):
        raise UserError(
            f"assessment {conversation.assessment.id} is not a workshop: a room is for a "
            "workshop (assessor chat --workshop --room)"
        )
    from assessor.web.room_server import serve_room

    async def chat() -> int:
        room = Room.open(conversation)
        if where.port is None:
            running = await serve_room(room, host=where.host, expose=where.expose)
        else:
            running = await serve_room(room, host=where.host, port=where.port, expose=where.expose)
        try:
            return await room_chat.run(
                conversation,
                room,
                running.join_address,
                sys.stdin,
                sys.stdout,
                echo=not sys.stdin.isatty(),
                discard=discard,
                options=_room_options(where),
            )
        finally:
            room.close()
            await running.stop()

    return asyncio.run(chat())


def _room_options(where: argparse.Namespace) -> str:
    """The room's options to give again when the workshop is resumed, so that it opens where
    the phones look for it: --expose, and the port when one was chosen."""
    options = ["--expose"] if where.expose else []
    if where.port:
        options.append(f"--port {where.port}")
    return " ".join(options)


def _room(args: argparse.Namespace) -> argparse.Namespace | None:
    """The --room options when a room is asked for; a room's options without --room, or a
    room for a self-assessment, are refused in one sentence."""
    if not args.room:
        if args.expose or args.host is not None or args.port is not None:
            raise UserError("--host, --port and --expose are for a room: add --room")
        return None
    # Without a partnership the app's start screen opens, and a workshop begun there opens its
    # room with these options (the only way to open the app's room to the room's Wi-Fi).
    named = getattr(args, "partnership", None)
    individual = not (getattr(args, "participant", None) or getattr(args, "from_ids", None))
    if getattr(args, "workshop", True) is False and individual and named:
        raise UserError("a room is for a workshop: add --workshop")
    if args.host is None:
        args.host = _network_address() if args.expose else "127.0.0.1"
    return args


def _network_address() -> str:
    """This machine's address on the network it would reach others by (the room's Wi-Fi), for
    --expose without --host. Nothing is sent: a UDP socket only picks its route."""
    import ipaddress
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
    except OSError:
        address = ""
    if not address or ipaddress.ip_address(address).is_loopback:
        raise UserError(
            "this machine is on no network the room could use; join the room's Wi-Fi, or "
            "give this machine's address with --host"
        )
    return str(address)


def _wants_app(args: argparse.Namespace) -> bool:
    """The full-screen app, unless --plain is asked for or the terminal is not interactive."""
    return not args.plain and sys.stdin.isatty() and sys.stdout.isatty()


def _run_app(args: argparse.Namespace, resume_id: str | None = None) -> int:
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
        name, bank_set = partnership.strip(), _bank_set(banks, installed)
        people = _participants(args.participant or [])
        mode: Mode = "workshop" if workshop else "individual"
        with open_store(args) as store:
            known = store.find_partnership(name) is not None
            resume_id = made = _new_assessment(store, args, name, bank_set, mode, people)
    room = _room(args) if hasattr(args, "room") else None
    room_options = (
        None
        if room is None
        else {"host": room.host, "expose": room.expose}
        | ({} if room.port is None else {"port": room.port})
    )
    run_app(path, installed, resume_id=resume_id, room_options=room_options)
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


def _app(args: argparse.Namespace) -> int:
    return _run_app(args)


def _serve(args: argparse.Namespace) -> int:
    import shlex

    from assessor.store import Store, resolve_path

    try:
        from assessor.web.server import serve_app
    except ImportError:
        raise UserError(
            "serving in a browser needs textual-serve: pip install textual-serve"
        ) from None
    path = resolve_path(args.db)
    Store(path).close()  # a bad file is refused here, in one sentence, before anything listens
    from assessor.store.location import ENV_VARIABLE, ServerAddress

    if isinstance(path, ServerAddress):  # by the environment: no password on a command line
        os.environ[ENV_VARIABLE] = path.secret
        command = shlex.join([sys.executable, "-m", "assessor", "app"])
    else:
        command = shlex.join([sys.executable, "-m", "assessor", "app", "--db", str(path)])
    return serve_app(
        command,
        host=args.host,
        port=args.port,
        expose=args.expose,
        max_sessions=args.max_sessions,
        db_path=path,
    )


def _chat(args: argparse.Namespace) -> int:
    from assessor.sessions import discard_if_unanswered
    from assessor.store import resolve_path

    room = _room(args)  # refused before anything is made
    if _wants_app(args):
        return _run_app(args)
    if room is not None and not (args.workshop or args.participant or args.from_ids):
        raise UserError("a room is for a workshop: add --workshop")  # the plain chat asks no mode
    bank_set = _bank_set(args.banks)
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
    people = _participants(args.participant or [])
    path = resolve_path(args.db)
    created = not path.exists()
    try:
        with open_store(args) as store:
            known = store.find_partnership(name) is not None
            assessment_id = _new_assessment(store, args, name, bank_set, mode, people)

            def discard() -> bool:
                """Nothing answered: the assessment, and what this run added for it, not kept."""
                if not discard_if_unanswered(store, assessment_id, [p[0] for p in people]):
                    return False
                if not known:
                    store.delete_partnership_if_unused(name)
                return True

            return _talk(store, assessment_id, bank_set, discard, room)
    finally:
        if created:  # the database file this run made (a refused --from, say), if left empty
            remove_if_empty(path)


def _new_assessment(
    store: Store,
    args: argparse.Namespace,
    name: str,
    bank_set: BankSet,
    mode: Mode,
    people: list[tuple[str, str, str]],
) -> str:
    """The assessment `chat` starts, for the plain chat and the app alike: the self-assessments
    --from names and the area are checked before anything is made, and a workshop whose
    starting ratings are refused all the same is not left behind."""
    from assessor.sessions import begin, prefill_from
    from assessor.store.errors import StoreError

    sources = _sources(store, name, args.from_ids, people) if args.from_ids else []
    if args.area:
        _agree_area(store, name, args.area)
    assessment = begin(store, name, bank_set, lead=args.lead or "", mode=mode)
    for person, organisation, role in people:
        store.add_participant(assessment.id, person, organisation, role)
    if sources:
        try:
            prefill_from(store, assessment.id, sources)
        except StoreError:
            store.delete_assessment(assessment.id)  # no half-made workshop is left behind
            raise
    return assessment.id


def _participants(entries: list[str]) -> list[tuple[str, str, str]]:
    """'NAME, ORG, ROLE' from each --participant; names must differ."""
    from assessor.person_names import name_problem, person_key

    people: list[tuple[str, str, str]] = []
    for entry in entries:
        person, organisation, *role = [part.strip() for part in entry.split(",")] + ["", ""]
        if not person:
            raise UserError(f"--participant '{entry}' needs a name: 'AB, Council, Early help lead'")
        if problem := name_problem(person):
            raise UserError(f"--participant '{person}' cannot be a name: {problem}")
        if any(person_key(person) == person_key(other) for other, _, _ in people):
            raise UserError(
                f"--participant '{person}' is given twice; two people in the room need different "
                "names or initials"
            )
        people.append((person, organisation, ", ".join(r for r in role if r)))
    return people


def _sources(
    store: Store, partnership: str, from_ids: str, people: list[tuple[str, str, str]]
) -> list[str]:
    """The self-assessments --from names, checked before the workshop is created: each of this
    partnership, answered by someone given with --participant."""
    from datetime import UTC, datetime

    from assessor.analysis.workshop import match_people
    from assessor.store.records import Participant

    ids = list(dict.fromkeys(store.assessment_id(i) for i in from_ids.split(",") if i.strip()))
    if not ids:
        raise UserError("--from names no assessment; give ids such as 3f2a9c,7b1d04")
    now = datetime.now(UTC)
    roster = [
        Participant(id=n, name=person, organisation=org, role=role, added_at=now)
        for n, (person, org, role) in enumerate(people, start=1)
    ]
    for individual in (store.assessment(i) for i in ids):
        if individual.mode != "individual":
            raise UserError(f"assessment {individual.id} is a workshop, not a self-assessment")
        if individual.partnership.casefold() != partnership.casefold():
            raise UserError(
                f"assessment {individual.id} is of {individual.partnership}, not {partnership}"
            )
        if not individual.lead or len(match_people(individual.lead, roster)) != 1:
            raise UserError(
                f"assessment {individual.id} was answered by "
                f"'{individual.lead or 'nobody named'}', who is not among the participants; add "
                f"them with --participant '{individual.lead or 'NAME'}, ORGANISATION, ROLE'"
            )
    return ids


def _agree_area(store: Store, name: str, area: str) -> None:
    """Record the area of a new partnership (or one without); refuse to change one silently."""
    import shlex

    owner = store.partnership(name, area)
    if owner.area != " ".join(area.split()):
        command = f"assessor partnership {shlex.quote(owner.name)} --area {shlex.quote(area)}"
        raise UserError(f"{owner.name}'s area is '{owner.area}'; to change it: {command}")


def _resume(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.sessions import resume

    room = _room(args)
    with open_store(args, must_exist=True) as store:
        args.id = store.assessment_id(args.id)  # an unknown id is refused before the screen opens
    if _wants_app(args):
        return _run_app(args, resume_id=args.id)
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
        return _talk(store, args.id, resumed.bank_set, room=room)


def _banks_try(args: argparse.Namespace) -> int:
    import json

    from assessor.banks import load_bank_set, load_builtin
    from assessor.conversation.interpret import ACCEPT_AT, explain, interpret, overall_evidence
    from assessor.suggest import did_you_mean

    installed = load_builtin()
    # a custom bank may refer to the installed ones, and its folder's glossary adds to theirs
    bank_set = load_bank_set(args.bank, context=installed) if args.bank else installed
    ids = [q.id for q in bank_set.questions]
    if args.question_id not in ids:
        raise UserError(
            f"there is no question '{args.question_id}'{did_you_mean(args.question_id, ids)}"
        )
    question = bank_set.question(args.question_id)
    reading = interpret(args.answer, question, glossary=bank_set.glossary)
    clauses = explain(args.answer, question)
    if args.json:
        overall = {s.value: round(v, 2) for s, v in overall_evidence(args.answer, question)}
        shown = reading.as_json() | {
            "clauses": [c.as_json() for c in clauses],
            "evidence": overall,
        }
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    print(f"decision:   {reading.decision.value}")
    if reading.special:
        print(f"special:    {reading.special.label}")
    print(f"stage:      {reading.stage.value if reading.stage else '-'}")
    print(f"confidence: {reading.confidence:.2f}  (0-1; {ACCEPT_AT:.2f} or more is taken as said)")
    if reading.candidates:
        listed = ", ".join(f"{s.value} {v:.2f}" for s, v in reading.candidates)
        print(f"candidates: {listed}  (same 0-1 scale)")
    if reading.split:
        print("split:      two views given; one overall rating is asked for")
    if reading.off_topic:
        print("off topic:  a remark aside or a question back; nudged back to the question")
    if reading.ruled_out:
        print(f"ruled out:  {', '.join(s.value for s in reading.ruled_out)}")
    print(f"matched:    {', '.join(reading.matched) or '-'}")
    if reading.note:
        print(f"note:       {reading.note}")
    if reading.command:
        print(f"command:    {reading.command.command.value}")
    if reading.because:
        print(f"because:    {', '.join(_quoted(q) for q in reading.because)}")
    if reading.command is None and clauses:
        print("clauses:")
        for clause in clauses:
            marks = [clause.time.value] + ["negated"] * clause.negated + ["hedged"] * clause.hedged
            if clause.extent is not None:
                marks.append(f"extent {clause.extent.value}")
            # quoted as 'because' is: a control character shows as its escape, never acts
            print(f"  {_quoted(clause.text)}  ({', '.join(marks)}; {clause.counted})")
            evidence = ", ".join(f"{s.value} {v:+.2f}" for s, v in clause.scores)
            print(f"    evidence: {evidence or '-'}")
        weighed = overall_evidence(args.answer, question)
        print(f"evidence:   {', '.join(f'{s.value} {v:+.2f}' for s, v in weighed) or '-'}")
    return 0


def _quoted(said: str) -> str:
    """Words someone typed, in quotes, each control character shown as its escape (as every
    face shows them: `terminal_text.visible`)."""
    return f"'{visible(said)}'"


def register(commands: argparse._SubParsersAction) -> None:
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
    _add_room_options(chat)
    chat.set_defaults(run=_chat)

    app = commands.add_parser("app", help="the full-screen app (also: assessor with no command)")
    app.set_defaults(run=_app)

    serve = commands.add_parser("serve", help="the app in a browser, for a workshop room")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; any other needs "
        "--expose)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: a free one)")
    serve.add_argument(
        "--expose",
        action="store_true",
        help="allow a --host that is not loopback: anyone on that network who has the printed "
        "address (with its key) can use the app, reading and changing every assessment in the "
        "database and downloading reports, over plain unencrypted http",
    )
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=4,
        metavar="N",
        help="browser sessions at once, each its own app process (default 4); more are refused",
    )
    serve.set_defaults(run=_serve)

    resume = commands.add_parser("resume", help="carry on an in-progress assessment")
    resume.add_argument("id", metavar="ID", help=ID_HELP)
    resume.add_argument("--plain", action="store_true", help="plain line-mode chat on stdin/stdout")
    _add_room_options(resume)
    resume.set_defaults(run=_resume)
    for parser in (chat, resume, app, serve):
        add_db_option(parser)


def _add_room_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--room",
        action="store_true",
        help="a workshop only: open its room, so everyone rates on their own phone or laptop, "
        "blind until the reveal (the join address, code and QR code are shown; resuming "
        "reopens the same room)",
    )
    parser.add_argument(
        "--host",
        help="with --room: the address the room listens on (default 127.0.0.1: this machine "
        "only; any other needs --expose)",
    )
    parser.add_argument(
        "--port", type=int, help="with --room: the room's port (default: the room server's own)"
    )
    parser.add_argument(
        "--expose",
        action="store_true",
        help="with --room: let the room listen on the room's network (Wi-Fi), so phones can "
        "join; they still need the join address's secret and the room code",
    )


def register_try(bank_commands: argparse._SubParsersAction) -> None:
    trying = bank_commands.add_parser("try", help="show how the bot reads an answer to a question")
    trying.add_argument(
        "question_id", metavar="QUESTION_ID", help="the question's id, e.g. integration.roles"
    )
    trying.add_argument("answer", metavar="ANSWER", help="the answer as someone would say it")
    trying.add_argument("--json", action="store_true", help="one JSON object")
    trying.add_argument(
        "--bank",
        action="append",
        metavar="PATH",
        help="read the question from this bank file (repeatable; default: the built-in banks)",
    )
    trying.set_defaults(run=_banks_try)
