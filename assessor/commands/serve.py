"""`assessor serve`: the app in a browser, each session its own app process."""

from __future__ import annotations

import argparse
import os
import sys

from assessor.commands.data import add_db_option
from assessor.errors import UserError


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


def register(commands: argparse._SubParsersAction) -> None:
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
    add_db_option(serve)
