"""`assessor serve`: textual-serve's server (one app process per browser WebSocket), run on an
aiohttp application of our own: every route behind `access.guard`, at most `max_sessions` apps at
once, the page from our template (assessor's title and words around textual-serve's terminal,
with no Textual splash, and every font, style and script served from here, nothing fetched from
the internet), and textual-serve's own handlers for the page, the socket and downloads."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.server import Server

from assessor.errors import UserError
from assessor.web.access import Access, guard, netloc, secure_headers
from assessor.web.address import listen, listening

if TYPE_CHECKING:
    from assessor.store.location import Location

TEMPLATES = Path(__file__).parent / "templates"


def too_many(max_sessions: int) -> str:
    return (
        f"This server already runs {max_sessions} session(s), the most it allows "
        "(assessor serve --max-sessions): close one, or try again later."
    )


class RoomServer(Server):
    """The app for the room: textual-serve's Server behind this run's `Access`."""

    def __init__(
        self, command: str, sock: socket.socket, access: Access, max_sessions: int, notice: str
    ) -> None:
        super().__init__(
            command,
            host=access.host,
            port=access.port,
            title="assessor",
            public_url=access.origin,
            templates_path=TEMPLATES,
        )
        self.sock = sock
        self.access = access
        self.max_sessions = max_sessions
        self.notice = notice
        self.sessions: set[asyncio.Task[object]] = set()

    def make_web_app(self) -> web.Application:
        """textual-serve's routes (same names, which its page handler looks up), each behind the
        guard; the static folder without its index."""
        app = web.Application(middlewares=[guard(self.access)])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_room_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_response_prepare.append(secure_headers(self.access))
        app.on_shutdown.append(self.end_sessions)
        return app

    @property
    def full(self) -> bool:
        return len(self.sessions) >= self.max_sessions

    async def handle_room_index(self, request: web.Request) -> web.StreamResponse:
        if self.full:
            return web.Response(status=503, text=too_many(self.max_sessions) + "\n")
        return await self.handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One app process per socket, while there is room; counted until its app has ended."""
        if self.full:
            return await self.refuse_session(request)
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)  # no await since the check: two sockets cannot both take the last
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions.discard(task)

    async def refuse_session(self, request: web.Request) -> web.WebSocketResponse:
        """The reason shown in the browser's terminal, and as the close reason."""
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        await websocket.send_bytes(f"\r\n {too_many(self.max_sessions)}\r\n".encode())
        reason = f"too many sessions: {self.max_sessions} at once is the most this server allows"
        await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=reason.encode())
        return websocket

    async def end_sessions(self, _app: web.Application) -> None:
        """On shutdown each session closes its socket and ends its app (textual-serve's handler
        does both when cancelled)."""
        for task in list(self.sessions):
            task.cancel()

    def serve(self, debug: bool = False) -> None:
        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        asyncio.run(self._run())

    async def _run(self) -> None:
        # No access log: the first request's address holds the key.
        runner = web.AppRunner(self.make_web_app(), access_log=None, shutdown_timeout=10)
        await runner.setup()
        await web.SockSite(runner, self.sock).start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        print(self.notice, flush=True)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()


def notice(access: Access, loopback: bool, max_sessions: int, db_path: Location) -> str:
    """What is printed at start: the address to open, and what it gives."""
    lines = [f"assessor serve: open {access.address}"]
    if loopback:
        lines.append("in a browser on this machine.")
    else:
        lines.append(
            f"Exposed on the network (--expose): anyone who can reach "
            f"{netloc(access.host, access.port)} and has this address can use the app as you do: "
            f"read, change and delete every assessment in {db_path} and download its reports. "
            "The connection is plain http, not encrypted: use it only on a network you trust, "
            "and give the address only to the people in the room."
        )
    lines.append(
        "Without the key in that address every request is refused. "
        f"At most {max_sessions} session(s) at once (--max-sessions). Ctrl+C stops the server."
    )
    return "\n".join(lines)


def serve_app(
    command: str, *, host: str, port: int, expose: bool, max_sessions: int, db_path: Location
) -> int:
    """Check the address, bind it, and serve until Ctrl+C or SIGTERM."""
    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: give a port from 0 to 65535 (0: a free one)")
    if max_sessions < 1:
        raise UserError(f"--max-sessions {max_sessions}: give 1 or more")
    where = listening(host, port, expose)
    sock = listen(where, port)
    access = Access(where.host, sock.getsockname()[1])
    said = notice(access, where.loopback, max_sessions, db_path)
    server = RoomServer(command, sock, access, max_sessions, said)
    server.serve()
    return 0
