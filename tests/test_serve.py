"""`assessor serve` as a browser meets it: the real command on a free loopback port, spoken to over
HTTP and WebSocket with aiohttp's client. Every request needs this run's key, the socket needs
this server's Origin, a host off this machine needs --expose, sessions are capped, the page loads
nothing from elsewhere, and an export reaches the browser as a download, never a server path."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from yarl import URL

FORBIDDEN = "Forbidden: open the address `assessor serve` printed when it started"
WAIT = 90  # seconds: a bound on waiting for the app's screen on a busy machine, never a pause
F9 = "\x1b[20~"


@dataclass
class Served:
    origin: str
    key: str
    output: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"{self.origin}/?key={self.key}"

    @property
    def port(self) -> int:
        return int(self.origin.rsplit(":", 1)[1])


def _serve_command(tmp_path: Path, *options: str) -> list[str]:
    db = str(tmp_path / "room.db")
    return [sys.executable, "-m", "assessor", "serve", "--db", db, *options]


@contextmanager
def serving(tmp_path: Path, *options: str) -> Iterator[Served]:
    """The real server as a process on a free port (--port 0), its address read from what it
    prints; stopped with SIGTERM at the end, which it must take cleanly."""
    errors = (tmp_path / "serve.err").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        _serve_command(tmp_path, "--port", "0", *options),
        cwd=tmp_path,  # where a server-side export would land
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    assert process.stdout is not None
    try:
        first = process.stdout.readline()
        found = re.search(r"open (http://\S+?)/\?key=(\S+)", first)
        if found is None:
            process.wait(timeout=WAIT)
            errors.seek(0)
            raise AssertionError(f"no address printed: {first!r} {errors.read()!r}")
        served = Served(found[1], found[2], [first])
        lines = process.stdout
        assert lines is not None
        reader = threading.Thread(target=lambda: served.output.extend(lines), daemon=True)
        reader.start()
        yield served
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=WAIT)
        errors.seek(0)
        said = errors.read()
        errors.close()
    assert code == 0, said
    assert "Traceback" not in said, said


def client(**options) -> aiohttp.ClientSession:
    # unsafe=True: the cookie of a server addressed by IP, as a browser keeps it.
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), **options)


async def signed_in(served: Served) -> aiohttp.ClientSession:
    """A client that has opened the printed address: it holds the key's cookie."""
    session = client()
    async with session.get(served.address) as page:
        assert page.status == 200
    return session


async def screen_until(ws: aiohttp.ClientWebSocketResponse, marker: str) -> bytes:
    """What the app draws, up to the frame holding `marker`."""
    drawn = b""
    deadline = asyncio.get_running_loop().time() + WAIT
    while marker.encode() not in drawn:
        left = deadline - asyncio.get_running_loop().time()
        try:
            message = await ws.receive(timeout=max(left, 0.001))
        except TimeoutError:
            raise AssertionError(
                f"{marker!r} was not drawn in {WAIT} s: {drawn[-2000:]!r}"
            ) from None
        if message.type == aiohttp.WSMsgType.BINARY:
            drawn += message.data
        elif message.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"socket ended before {marker!r}: {message}")
    return drawn


def test_every_request_without_this_runs_key_is_refused(tmp_path: Path) -> None:
    async def run(served: Served) -> None:
        origin, key = served.origin, served.key
        async with client() as stranger:
            for path in (
                "/",
                "/static/js/textual.js",
                "/static/",
                "/download/0123456789abcdef",
                "/?key=",
                "/?key=wrong",
                f"/?key={key[:-1]}",
                f"/?key={key}x",
            ):
                async with stranger.get(origin + path, allow_redirects=False) as response:
                    assert response.status == 403, path
                    assert (await response.text()).startswith(FORBIDDEN)
            assert not stranger.cookie_jar.filter_cookies(URL(origin))
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await stranger.ws_connect(f"{origin}/ws", origin=origin)
            assert refused.value.status == 403
        forged = {f"assessor-key-{served.port}": "x" * len(key)}
        async with client(cookies=forged) as forger, forger.get(origin + "/") as response:
            assert response.status == 403

        async with client() as browser:
            async with browser.get(served.address, allow_redirects=False) as response:
                assert response.status == 303
                assert response.headers["Location"] == "/"  # the key leaves the address bar
                cookie = response.cookies[f"assessor-key-{served.port}"]
                assert cookie.value == key
                assert cookie["httponly"] is True
                assert cookie["samesite"] == "Strict"
            async with browser.get(origin + "/") as page:
                assert page.status == 200
            async with browser.get(origin + "/static/js/textual.js") as script:
                assert script.status == 200
            # Another name for this machine (a rebound DNS name, say) is refused even with the key.
            rebound = {"Host": f"attacker.example:{served.port}"}
            async with browser.get(origin + "/", headers=rebound) as response:
                assert response.status == 403
            # A change from another site's page, with the browser's cookie, is refused.
            evil = {"Origin": "http://attacker.example"}
            async with browser.post(origin + "/", headers=evil) as response:
                assert response.status == 403

    with serving(tmp_path) as served:
        asyncio.run(run(served))


def test_the_page_loads_everything_from_this_server(tmp_path: Path) -> None:
    """No font, script or style from the internet: each resource the page names is this
    server's, and is served; the policy sent with it lets the browser load nothing else."""

    async def run(served: Served) -> None:
        async with await signed_in(served) as browser:
            async with browser.get(served.origin) as page:
                html = await page.text()
                policy = page.headers["Content-Security-Policy"]
                assert page.headers["X-Frame-Options"] == "DENY"
            urls = re.findall(r"""(?:src|href)="([^"]+)"|url\("?([^")]+)"?\)""", html)
            resources = [a or b for a, b in urls]
            for url in resources:
                assert url.startswith(served.origin + "/static/"), url
                async with browser.get(url) as response:
                    assert response.status == 200, url
            assert len(resources) >= 4  # xterm.css, two fonts, textual.js
            assert any("RobotoMono" in url for url in resources)
        assert "googleapis" not in html
        assert "default-src 'self'" in policy
        assert f"connect-src 'self' ws://{served.origin.removeprefix('http://')}" in policy
        assert "frame-ancestors 'none'" in policy

    with serving(tmp_path) as served:
        asyncio.run(run(served))


def test_a_socket_from_another_origin_is_refused(tmp_path: Path) -> None:
    """With the cookie (as a browser sends it to a page of another site that opens a socket
    here), a socket whose Origin is not this server's is refused, and no app starts."""

    async def run(served: Served) -> None:
        async with await signed_in(served) as browser:
            for origin in (
                "http://attacker.example",
                f"http://localhost:{served.port}",  # not the origin served
                "null",
                None,
            ):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await browser.ws_connect(f"{served.origin}/ws", origin=origin)
                assert refused.value.status == 403, origin
            async with browser.get(served.origin) as page:
                assert page.status == 200  # none of them took the one session's place

    with serving(tmp_path, "--max-sessions", "1") as served:
        asyncio.run(run(served))


def test_the_key_and_origin_start_the_app_and_an_export_is_a_download(tmp_path: Path) -> None:
    """The app runs over the socket; its export dialog takes no path under serve, and the file
    comes through the download route (which needs the key too), not onto the server's disk."""

    async def run(served: Served) -> None:
        async with await signed_in(served) as browser:
            ws = await browser.ws_connect(
                f"{served.origin}/ws?width=100&height=32", origin=served.origin
            )
            await screen_until(ws, "Partnership name")
            await ws.send_json(["stdin", "Riverside\r"])
            await screen_until(ws, "to go")  # the header, drawn once the greeting is in the chat
            await ws.send_json(["stdin", F9])
            dialog = await screen_until(ws, "Download")
            assert b"Replace the file" not in dialog  # the path form is not there at all
            await ws.send_json(["stdin", "\r"])
            while True:
                message = await ws.receive(timeout=WAIT)
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
                if message.type == aiohttp.WSMsgType.TEXT:
                    kind, delivery = json.loads(message.data)
                    if kind == "deliver_file_start":
                        break
            download = f"{served.origin}/download/{delivery}"
            async with client() as stranger, stranger.get(download) as response:
                assert response.status == 403
            async with browser.get(download) as response:
                assert response.status == 200
                disposition = response.headers["Content-Disposition"]
                text = await response.text()
            await ws.close()
        assert disposition.startswith("attachment; filename=assessor-chat-")
        assert disposition.endswith(".md")
        assert text.startswith("# Conversation")
        assert "Riverside" in text

    with serving(tmp_path) as served:
        asyncio.run(run(served))
    assert not list(tmp_path.rglob("assessor-chat-*"))  # nothing written on the server


def test_sessions_beyond_the_cap_are_refused_until_one_ends(tmp_path: Path) -> None:
    async def run(served: Served) -> None:
        async with await signed_in(served) as browser:
            url = f"{served.origin}/ws?width=80&height=24"
            first = await browser.ws_connect(url, origin=served.origin)
            second = await browser.ws_connect(url, origin=served.origin)
            third = await browser.ws_connect(url, origin=served.origin)
            shown = await third.receive(timeout=WAIT)
            assert b"already runs 2 session(s), the most it allows" in shown.data
            closed = await third.receive(timeout=WAIT)
            assert closed.type == aiohttp.WSMsgType.CLOSE
            assert closed.data == aiohttp.WSCloseCode.TRY_AGAIN_LATER
            assert "too many sessions" in (closed.extra or "")
            async with browser.get(served.origin) as page:
                assert page.status == 503
                assert "already runs 2 session(s)" in await page.text()
            await screen_until(second, "Partnership name")  # the sessions let in run the app
            await first.close()
            deadline = asyncio.get_running_loop().time() + WAIT
            while True:  # its app ends, and its place is free again
                async with browser.get(served.origin) as page:
                    if page.status == 200:
                        break
                assert asyncio.get_running_loop().time() < deadline, "the place was not freed"
                await asyncio.sleep(0.2)
            fourth = await browser.ws_connect(url, origin=served.origin)
            await screen_until(fourth, "Partnership name")
            await fourth.close()
            await second.close()

    with serving(tmp_path, "--max-sessions", "2") as served:
        asyncio.run(run(served))
    assert "At most 2 session(s) at once" in "".join(served.output)


def _network_address() -> str | None:
    """An address of this machine that is not loopback, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def refused(tmp_path: Path, *options: str) -> str:
    """What the real command says when it refuses to serve: it exits non-zero with one line on
    stderr and nothing on stdout. Had it started instead, the address it prints is read at once
    and it is stopped, so a server that should have been refused fails here without waiting."""
    process = subprocess.Popen(
        _serve_command(tmp_path, "--port", "0", *options),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    if first:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=WAIT)
        raise AssertionError(f"served instead of refusing: {first!r}")
    code = process.wait(timeout=WAIT)
    said = process.stderr.read()
    process.stderr.close()
    process.stdout.close()
    assert code != 0
    assert "Traceback" not in said, said
    assert len(said.strip().splitlines()) == 1, said
    return said


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--host", _network_address() or "192.0.2.77"], "add --expose"),
        (["--host", "0.0.0.0"], "listens on every network at once"),
        (["--host", "0.0.0.0", "--expose"], "listens on every network at once"),
        (["--host", "::", "--expose"], "listens on every network at once"),
        (["--max-sessions", "0"], "--max-sessions 0: give 1 or more"),
        (["--port", "70000"], "--port 70000: give a port from 0 to 65535"),
    ],
)
def test_a_host_off_this_machine_needs_expose(tmp_path: Path, options, said: str) -> None:
    assert said in refused(tmp_path, *options)


@pytest.mark.parametrize(
    ("host", "means"),
    [
        ("0", "0.0.0.0"),
        ("0x0", "0.0.0.0"),
        ("0.0", "0.0.0.0"),
        ("", "0.0.0.0"),
        ("::0", "::"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("0000::", "::"),
        ("::ffff:0.0.0.0", "0.0.0.0"),  # IPv4-mapped: every IPv4 network
    ],
)
def test_every_spelling_of_every_network_is_refused_even_with_expose(
    tmp_path: Path, host: str, means: str
) -> None:
    """The host is judged on the address it resolves to, as the socket would bind it, not on
    how it is written."""
    said = refused(tmp_path, "--host", host, "--expose")
    assert f"--host '{host}' means {means}, which listens on every network at once" in said


@pytest.mark.parametrize(
    ("host", "canonical"),
    [
        ("127.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("0:0:0:0:0:0:0:1", "::1"),
    ],
)
def test_another_spelling_of_an_address_is_refused_with_the_one_a_browser_sends(
    tmp_path: Path, host: str, canonical: str
) -> None:
    """A browser opening http://127.1:… sends Host 127.0.0.1, which a server checking for the
    printed 127.1 would refuse: the address is asked for as a browser writes it."""
    for expose in ([], ["--expose"]):
        said = refused(tmp_path, "--host", host, *expose)
        assert f"--host {host} is {canonical} written another way" in said
        assert f"give --host {canonical}" in said


def test_a_host_that_does_not_resolve_is_one_sentence(tmp_path: Path) -> None:
    said = refused(tmp_path, "--host", "nothing-here.invalid", "--expose")
    assert "--host 'nothing-here.invalid' is neither an address nor a name" in said


@pytest.mark.parametrize("host", ["localhost", "::1"])
def test_a_loopback_name_or_ipv6_address_is_served_as_a_browser_names_it(
    tmp_path: Path, host: str
) -> None:
    if host == "::1":
        try:
            socket.create_server(("::1", 0), family=socket.AF_INET6).close()
        except OSError:
            pytest.skip("this machine has no IPv6 loopback")

    async def run(served: Served) -> None:
        async with await signed_in(served) as browser, browser.get(served.origin) as page:
            assert page.status == 200

    with serving(tmp_path, "--host", host) as served:
        assert served.origin.startswith(
            "http://localhost:" if host == "localhost" else "http://[::1]:"
        )
        asyncio.run(run(served))
    assert "in a browser on this machine." in "".join(served.output)


def test_expose_serves_on_a_network_address_and_says_what_it_gives(tmp_path: Path) -> None:
    address = _network_address()
    if address is None:
        pytest.skip("this machine has no address other than loopback")

    async def run(served: Served) -> None:
        async with client() as stranger, stranger.get(served.origin) as response:
            assert response.status == 403
        async with await signed_in(served) as browser, browser.get(served.origin) as page:
            assert page.status == 200

    with serving(tmp_path, "--host", address, "--expose") as served:
        assert served.origin.startswith(f"http://{address}:")
        asyncio.run(run(served))
    said = "".join(served.output)
    assert "Exposed on the network (--expose)" in said
    assert "read, change and delete every assessment in" in said
    assert "not encrypted" in said
