"""Who may reach the served app: the address it is served at, this run's key, and the checks
every request passes before a handler sees it."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler, Middleware

KEY_PARAMETER = "key"
FORBIDDEN = (
    "Forbidden: open the address `assessor serve` printed when it started "
    "(it holds this run's key), in a browser on this machine or, with --expose, the room's."
)


def netloc(host: str, port: int) -> str:
    """`host:port` as a browser writes it in Host and Origin (an IPv6 address in brackets,
    no port for 80)."""
    if ":" in host:
        host = f"[{host}]"
    return host if port == 80 else f"{host}:{port}"


@dataclass(frozen=True)
class Access:
    """The one address the app is served at, and the key that opens it for this run."""

    host: str
    port: int
    key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    @property
    def origin(self) -> str:
        return f"http://{netloc(self.host, self.port)}"

    @property
    def address(self) -> str:
        """The address to open: the page, with the key that sets the cookie."""
        return f"{self.origin}/?{KEY_PARAMETER}={self.key}"

    @property
    def cookie(self) -> str:
        # Cookies are not told apart by port: one per port, so two servers do not collide.
        return f"assessor-key-{self.port}"

    def holds_key(self, candidate: str | None) -> bool:
        """Whether `candidate` is this run's key, compared in constant time."""
        if candidate is None:
            return False
        return hmac.compare_digest(candidate.encode("utf-8"), self.key.encode("utf-8"))

    def from_served_origin(self, request: web.Request) -> bool:
        """Whether the request names this server as it is served: the Host header always, and
        the Origin header when a browser sends one (always for a WebSocket or a change)."""
        if request.host.lower() != netloc(self.host, self.port).lower():
            return False  # another name for this machine: a rebound DNS name, say
        origin = request.headers.get(hdrs.ORIGIN)
        if origin is None:
            return request.method in ("GET", "HEAD") and not _is_websocket(request)
        return origin.lower() == self.origin.lower()


def _is_websocket(request: web.Request) -> bool:
    return request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"


def forbidden() -> web.Response:
    return web.Response(status=403, text=FORBIDDEN + "\n")


def guard(access: Access) -> Middleware:
    """Middleware in front of every route: the served Host and Origin, then the key, or 403.
    The first page may carry the key as `?key=`: it is swapped for an HttpOnly, SameSite=Strict
    cookie and the page reloaded without it, so the key stays out of the address bar and the
    history; every other request, the WebSocket and downloads included, needs the cookie."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not access.from_served_origin(request):
            return forbidden()
        if request.path == "/" and KEY_PARAMETER in request.query:
            if not access.holds_key(request.query[KEY_PARAMETER]):
                return forbidden()
            rest = [(name, value) for name, value in request.query.items() if name != KEY_PARAMETER]
            page = request.rel_url.with_query(rest)
            response = web.Response(status=303, headers={hdrs.LOCATION: str(page)})
            response.set_cookie(
                access.cookie, access.key, path="/", httponly=True, samesite="Strict"
            )
            return response
        if not access.holds_key(request.cookies.get(access.cookie)):
            return forbidden()
        return await handler(request)

    return middleware


def page_policy(access: Access) -> str:
    """What the page may load and talk to: this server alone (its files, its WebSocket)."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline'",  # textual-serve's page has inline handlers
            "style-src 'self' 'unsafe-inline'",  # xterm.js sets styles inline
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' ws://{netloc(access.host, access.port)}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


# A downloaded report is never run as a page of this origin, whatever its type.
DOWNLOAD_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"


def secure_headers(
    access: Access, policy: str | None = None, referrer: str = "no-referrer"
) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    """An `on_response_prepare` hook: headers on every response, streamed downloads included;
    `policy` is the pages' Content-Security-Policy (by default the served app's). A page that
    posts forms needs `referrer` 'same-origin': under 'no-referrer' a browser sends
    `Origin: null` with a form's POST, which the Origin check must refuse."""
    policy = policy or page_policy(access)

    async def add(request: web.Request, response: web.StreamResponse) -> None:
        download = request.path.startswith("/download/")
        response.headers["Content-Security-Policy"] = DOWNLOAD_POLICY if download else policy
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = referrer
        response.headers["Cache-Control"] = "no-store"

    return add
