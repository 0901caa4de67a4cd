"""A workshop's room asked for on the command line (`chat --room`, `resume --room`): its
options, checked, and given again when the workshop is resumed."""

from __future__ import annotations

import argparse

from assessor.errors import UserError


def room_asked(args: argparse.Namespace) -> argparse.Namespace | None:
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


def resume_options(where: argparse.Namespace) -> str:
    """The room's options to give again when the workshop is resumed, so that it opens where
    the phones look for it: --expose, and the port when one was chosen."""
    options = ["--expose"] if where.expose else []
    if where.port:
        options.append(f"--port {where.port}")
    return " ".join(options)


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


def add_room_options(parser: argparse.ArgumentParser) -> None:
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
