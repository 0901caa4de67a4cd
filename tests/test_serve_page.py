"""`assessor serve`'s page as assessor's: its own title and words, no Textual splash, logo or
background; and, opened in headless Chromium (driven over its DevTools protocol), every request
the page makes goes to this server, until the app has drawn its first screen."""

from __future__ import annotations

import asyncio
import itertools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from test_serve import WAIT, Served, serving, signed_in

TEMPLATE = Path(__file__).parent.parent / "assessor/web/templates/app_index.html"


def test_the_served_page_is_assessors_not_textuals(tmp_path: Path) -> None:
    async def run(served: Served) -> None:
        async with await signed_in(served) as browser, browser.get(served.origin) as page:
            html = await page.text()
        assert re.search(r"<title>assessor</title>", html)
        assert "<h1>assessor</h1>" in html
        for textual_own in ("Textual", "<svg", "background.png", "googleapis"):
            assert textual_own not in html, textual_own

    with serving(tmp_path) as served:
        asyncio.run(run(served))


def test_the_page_keeps_what_textual_serves_script_looks_for() -> None:
    """textual.js finds the terminal, its socket address, the Start button and the ping address
    by these names; textual-serve's own page still uses them (if it stops, ours must follow)."""
    from textual_serve import server

    theirs = (Path(server.__file__).parent / "templates" / "app_index.html").read_text()
    ours = TEMPLATE.read_text(encoding="utf-8")
    for needed in (
        'id="terminal"',
        'class="textual-terminal"',
        'data-session-websocket-url="{{ app_websocket_url }}"',
        'data-font-size="{{ font_size }}"',
        'id="start"',
        'data-pingurl="{{ ping_url }}"',
        "intro-dialog",
        "closed-dialog",
        "-first-byte",
        "-closed",
    ):
        assert needed in theirs, f"textual-serve's page no longer has {needed}"
        assert needed in ours, needed


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    return found


class DevTools:
    """Just enough of Chromium's DevTools protocol: commands to one page, its events kept."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.numbers = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.session = ""

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.numbers)
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        await self.socket.send_json(message)
        while True:
            reply = await self.socket.receive_json(timeout=WAIT)
            if reply.get("id") == number:
                assert "error" not in reply, reply
                return reply["result"]
            self.events.append(reply)


async def _open_in_chromium(address: str, profile: Path) -> tuple[list[str], str]:
    """Every URL the page requested (sockets included) and its title, once the app has drawn."""
    process = await asyncio.create_subprocess_exec(
        _chromium(),
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--remote-debugging-port=0",
        "about:blank",
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    try:
        while True:
            line = (await asyncio.wait_for(process.stderr.readline(), WAIT)).decode()
            assert line, "Chromium ended before it listened"
            if found := re.search(r"DevTools listening on (ws://\S+)", line):
                break
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(found[1], max_msg_size=0) as socket,
        ):
            tools = DevTools(socket)
            target = await tools.send("Target.createTarget", url="about:blank")
            attached = await tools.send(
                "Target.attachToTarget", targetId=target["targetId"], flatten=True
            )
            tools.session = attached["sessionId"]
            await tools.send("Network.enable")
            await tools.send("Page.navigate", url=address)
            drawn = "document.body && document.body.classList.contains('-first-byte')"
            deadline = asyncio.get_running_loop().time() + WAIT
            while not (await tools.send("Runtime.evaluate", expression=drawn))["result"]["value"]:
                assert asyncio.get_running_loop().time() < deadline, "the app never drew"
                await asyncio.sleep(0.2)
            title = await tools.send("Runtime.evaluate", expression="document.title")
            urls = [
                event["params"]["request"]["url"]
                if event["method"] == "Network.requestWillBeSent"
                else event["params"]["url"]
                for event in tools.events
                if event.get("method") in ("Network.requestWillBeSent", "Network.webSocketCreated")
            ]
            return urls, title["result"]["value"]
    finally:
        process.kill()
        await process.wait()


def test_in_a_browser_the_page_asks_nothing_of_the_internet(tmp_path: Path) -> None:
    _chromium()
    with serving(tmp_path) as served:
        urls, title = asyncio.run(_open_in_chromium(served.address, tmp_path / "profile"))
    here = served.origin.removeprefix("http://")
    elsewhere = [
        url
        for url in urls
        if not re.match(rf"(https?|wss?)://{re.escape(here)}/", url) and not url.startswith("data:")
    ]
    assert elsewhere == []
    assert any(url.startswith(f"ws://{here}/ws") for url in urls), urls
    assert any(url.endswith("/static/js/textual.js") for url in urls), urls
    assert any("RobotoMono" in url for url in urls), urls  # the font, from here
    assert title == "assessor"
