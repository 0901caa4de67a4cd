"""A workshop's room over HTTP: each participant's page (join, rate blind, see the reveal), served
on the facilitator's own event loop beside their session, sharing its `Room`.

Everything is under /r/<secret>/ (another path, or a wrong secret, is a plain 404). Every request
must name this server as it is served (Host; Origin on every POST), so another site cannot post
into the room; a person's token is an HttpOnly, SameSite=Strict cookie for the room's path alone.
Each page works without JavaScript (forms post and redirect; the page refreshes itself except
while someone is choosing); with it, room.js waits on /state for a change and redraws the page.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import hdrs, web

from assessor.room.room import COMMENT_LIMIT, NAME_LIMIT, ORGANISATION_LIMIT, Refused, Room
from assessor.room.sectors import SECTOR_CHOICES
from assessor.room.views import CHOICE_LABELS, ParticipantView
from assessor.web.access import Access, netloc, secure_headers
from assessor.web.address import listen, listening
from assessor.web.room_changes import Changes

ROOM_PORT = 8010  # the room's port unless told otherwise (`assessor serve` uses 8000)
COOKIE = "assessor-room"
COOKIE_DAYS = 30  # a workshop resumed within a month knows everyone again
WAIT_SECONDS = 20.0  # how long /state?v=N waits for a change before answering anyway
REFRESH_SECONDS = 5  # without JavaScript, how often a page that is only showing refreshes
HERE = Path(__file__).parent
STATIC = HERE / "static" / "room"
STATIC_FILES = {"room.js": "text/javascript", "room.css": "text/css"}

# What a room's page may load and talk to: this server alone; no inline script or style.
ROOM_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
NOT_FOUND = "Not found.\n"
WRONG_ORIGIN = (
    "Refused: this did not come from the room's own page; open the room's address on your "
    "device and try again."
)

# Each sector's mark in the dot plot: a shape and a colour (each at least 4.5:1 on white), so
# that the colour is never the only signal; 'other' and unknown are a ring.
SECTOR_MARKS: dict[str, tuple[str, str]] = {
    "council": ("circle", "#0b5cad"),
    "health": ("square", "#00704f"),
    "education": ("triangle", "#b03a12"),
    "early years": ("diamond", "#86307f"),
    "voluntary": ("star", "#7a5500"),
    "other": ("ring", "#444444"),
}


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates" / "room"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        sectors=SECTOR_CHOICES,
        marks=SECTOR_MARKS,
        special_choices=list(CHOICE_LABELS.items()),
        name_limit=NAME_LIMIT,
        organisation_limit=ORGANISATION_LIMIT,
        comment_limit=COMMENT_LIMIT,
        refresh_seconds=REFRESH_SECONDS,
    )
    return environment


@dataclass
class RunningRoom:
    """A room being served: what to show the facilitator, and how to stop it."""

    room: Room
    access: Access
    runner: web.AppRunner = field(repr=False)
    changes: Changes = field(repr=False)
    loopback: bool = True

    @property
    def origin(self) -> str:
        """http://host:port, as browsers write it in Origin."""
        return self.access.origin

    @property
    def path(self) -> str:
        return f"/r/{self.room.keys.secret}/"

    @property
    def join_address(self) -> str:
        """The address people open (what the QR code holds): it carries the room's secret."""
        return f"{self.origin}{self.path}"

    @property
    def code(self) -> str:
        """The short code people type when they join."""
        return self.room.keys.code

    @property
    def port(self) -> int:
        return self.access.port

    async def stop(self) -> None:
        """Stop serving: waiting pages are answered, then the server shuts."""
        self.changes.stopped = True
        self.changes.wake()
        await self.runner.cleanup()


async def serve_room(
    room: Room, host: str = "127.0.0.1", port: int = ROOM_PORT, expose: bool = False
) -> RunningRoom:
    """Serve `room` on the running event loop, on `host` (loopback unless `expose`; never every
    network at once) and `port` (0: a free one). Raises UserError with one sentence when the
    address cannot be used."""
    _quiet_server_log()
    where = listening(host, port, expose)
    sock = listen(where, port)
    access = Access(where.host, sock.getsockname()[1])
    changes = Changes(asyncio.get_running_loop())
    room.listen(changes.heard)
    # No access log: every address holds the room's secret.
    runner = web.AppRunner(room_app(room, access, changes), access_log=None, shutdown_timeout=5)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    return RunningRoom(room, access, runner, changes, where.loopback)


def _quiet_server_log() -> None:
    """aiohttp logs a malformed request (a header too long, a bad request line) with its
    traceback; unhandled, Python prints that on the facilitator's screen, where anyone on the
    network could bury the workshop under them. The room answers such a request with 400 and
    says nothing."""
    server_log = logging.getLogger("aiohttp.server")
    if not any(isinstance(h, logging.NullHandler) for h in server_log.handlers):
        server_log.addHandler(logging.NullHandler())
    server_log.propagate = False


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def room_app(room: Room, access: Access, changes: Changes) -> web.Application:
    """The room's routes, each behind the Host, Origin and secret checks."""
    pages = RoomPages(room, access, changes)
    app = web.Application(middlewares=[pages.guard], client_max_size=64 * 1024)
    app.add_routes(
        [
            web.get("/r/{secret}", pages.to_slash),
            web.get("/r/{secret}/", pages.page),
            web.get("/r/{secret}/main", pages.main),
            web.get("/r/{secret}/state", pages.state),
            web.post("/r/{secret}/join", pages.join),
            web.post("/r/{secret}/rate", pages.rate),
            web.get("/r/{secret}/static/{name}", pages.static),
        ]
    )
    app.on_response_prepare.append(secure_headers(access, ROOM_POLICY, referrer="same-origin"))

    async def wake_waiters(_app: web.Application) -> None:
        changes.stopped = True
        changes.wake()

    app.on_shutdown.append(wake_waiters)
    return app


class RoomPages:
    """The handlers: one room, served at one address."""

    def __init__(self, room: Room, access: Access, changes: Changes) -> None:
        self.room = room
        self.access = access
        self.changes = changes
        self.templates = _environment()

    @property
    def base(self) -> str:
        return f"/r/{self.room.keys.secret}/"

    # -- checks -------------------------------------------------------------------------------

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """This server's Host (and Origin on a POST), then the room's secret; a wrong secret or
        any other path is a plain 404 that says nothing of the room."""
        if request.host.lower() != netloc(self.access.host, self.access.port).lower():
            return web.Response(status=403, text=WRONG_ORIGIN + "\n")
        secret = request.match_info.get("secret")
        if secret is None or not hmac.compare_digest(
            secret.encode("utf-8", "replace"), self.room.keys.secret.encode("utf-8")
        ):
            return web.Response(status=404, text=NOT_FOUND)
        if not self.access.from_served_origin(request):
            return self._page(
                "page.html",
                {"kind": "refused", "message": WRONG_ORIGIN, "refresh": False},
                status=403,
            )
        return await handler(request)

    @staticmethod
    def client(request: web.Request) -> str:
        """Whom the rate limits count: the connection's peer, never a header it sent."""
        return request.remote or "unknown"

    # -- pages --------------------------------------------------------------------------------

    def _page(self, template: str, context: dict[str, Any], status: int = 200) -> web.Response:
        html = self.templates.get_template(template).render(base=self.base, **context)
        return web.Response(status=status, text=html, content_type="text/html", charset="utf-8")

    def _view(self, token: str | None) -> ParticipantView | Refused:
        try:
            return self.room.participant_view(token)
        except Refused as refused:
            return refused

    def _state_context(
        self, view: ParticipantView, change: bool, message: str = "", comment: str | None = None
    ) -> dict[str, Any]:
        choosing = view.phase == "rating" and (view.mine is None or change or bool(message))
        return {
            "view": view,
            "choosing": choosing,
            "message": message,
            "comment": comment if comment is not None else (view.mine.comment if view.mine else ""),
            "refresh": not choosing and view.phase != "finished",
        }

    def _render(
        self,
        request: web.Request,
        template: str,
        *,
        message: str = "",
        status: int = 200,
        form: dict[str, str] | None = None,
    ) -> web.Response:
        """The page (or its main part) for whoever's cookie this is: the join form without a
        valid one, the closed notice once the room has closed, else the current state."""
        token = request.cookies.get(COOKIE)
        if self.room.closed:
            return self._page(
                template,
                {"kind": "closed", "message": "This room has closed: thank you.", "refresh": False},
                status=410,
            )
        view = self._view(token) if token else None
        if view is None or isinstance(view, Refused):
            if isinstance(view, Refused) and not message:
                message, status = view.message, view.status
            return self._page(
                template,
                {"kind": "join", "message": message, "form": form or {}, "refresh": False},
                status=status,
            )
        change = request.query.get("change") == "1"
        comment = (form or {}).get("comment")
        context = self._state_context(view, change, message, comment)
        return self._page(template, {"kind": "state", **context}, status=status)

    async def to_slash(self, request: web.Request) -> web.StreamResponse:
        return web.Response(status=308, headers={hdrs.LOCATION: self.base})

    async def page(self, request: web.Request) -> web.StreamResponse:
        return self._render(request, "page.html")

    async def main(self, request: web.Request) -> web.StreamResponse:
        """The page's main part alone, which room.js swaps in when the room changes."""
        return self._render(request, "main.html")

    async def state(self, request: web.Request) -> web.StreamResponse:
        """The viewer's state as JSON; with ?v=N, once the room is past version N (or after
        WAIT_SECONDS): what room.js waits on."""
        wanted = request.query.get("v", "")
        if wanted.isdigit() and len(wanted) < 12 and not self.room.closed:
            try:  # only someone in the room may wait: a stranger is answered at once
                self.room.participant(request.cookies.get(COOKIE))
            except Refused as refused:
                return web.json_response({"message": refused.message}, status=refused.status)
            await self.changes.after(self.room, int(wanted), WAIT_SECONDS)
        if self.room.closed:
            return web.json_response(
                {"phase": "closed", "message": "This room has closed: thank you."}, status=410
            )
        view = self._view(request.cookies.get(COOKIE))
        if isinstance(view, Refused):
            return web.json_response({"message": view.message}, status=view.status)
        return web.json_response(view.model_dump(mode="json"))

    async def join(self, request: web.Request) -> web.StreamResponse:
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        try:
            joined = self.room.join(
                form.get("code", ""),
                form.get("name", ""),
                form.get("organisation", ""),
                form.get("sector", ""),
                self.client(request),
            )
        except Refused as refused:
            return self._page(
                "page.html",
                {"kind": "join", "message": refused.message, "form": form, "refresh": False},
                status=refused.status,
            )
        response = web.Response(status=303, headers={hdrs.LOCATION: self.base})
        response.set_cookie(
            COOKIE,
            joined.token,
            path=self.base,
            max_age=COOKIE_DAYS * 24 * 3600,
            httponly=True,
            samesite="Strict",
        )
        return response

    async def rate(self, request: web.Request) -> web.StreamResponse:
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        try:
            self.room.rate(
                request.cookies.get(COOKIE),
                form.get("question", ""),
                form.get("choice", ""),
                form.get("comment", ""),
            )
        except Refused as refused:
            return self._render(
                request, "page.html", message=refused.message, status=refused.status, form=form
            )
        return web.Response(status=303, headers={hdrs.LOCATION: self.base})

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in STATIC_FILES:
            return web.Response(status=404, text=NOT_FOUND)
        return web.Response(
            body=(STATIC / name).read_bytes(), content_type=STATIC_FILES[name], charset="utf-8"
        )
