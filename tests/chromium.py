"""Headless Chromium for the browser tests, driven over its DevTools protocol (no test library
between): start it on a fresh profile, attach to one page, send commands, keep its events."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import shutil
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

WAIT = 90  # seconds: a bound on waiting for a page on a busy machine, never a pause


def chromium() -> str:
    """The Chromium to run, or the test is skipped (CI installs it: .ci/run)."""
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

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited if it is a promise)."""
        result = await self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    async def until(self, expression: str, what: str) -> Any:
        """Wait until `expression` is truthy in the page (polled; bounded by WAIT); while a page
        is loading it may throw, which counts as not yet."""
        deadline = asyncio.get_running_loop().time() + WAIT
        guarded = f"(() => {{ try {{ return ({expression}); }} catch (e) {{ return false; }} }})()"
        while not (value := await self.evaluate(guarded)):
            if asyncio.get_running_loop().time() > deadline:
                shown = await self.evaluate("document.body ? document.body.innerText : ''")
                raise AssertionError(f"{what}: never happened; the page shows {shown!r}")
            await asyncio.sleep(0.1)
        return value

    async def navigate(self, address: str) -> None:
        await self.send("Page.navigate", url=address)
        await self.until(
            f"document.readyState === 'complete' && location.href === {json.dumps(address)}",
            f"{address} loaded",
        )

    async def screenshot(self, path: Path) -> None:
        shot = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))

    def requested(self) -> list[str]:
        """Every URL the page asked for (sockets included), from the Network events kept."""
        return [
            event["params"]["request"]["url"]
            if event["method"] == "Network.requestWillBeSent"
            else event["params"]["url"]
            for event in self.events
            if event.get("method") in ("Network.requestWillBeSent", "Network.webSocketCreated")
        ]


@asynccontextmanager
async def chromium_page(
    profile: Path, width: int | None = None, height: int | None = None
) -> AsyncIterator[DevTools]:
    """A blank page in a headless Chromium of its own (its profile in `profile`), its network
    watched; at `width` x `height` CSS pixels when given, as a phone's screen would be."""
    process = await asyncio.create_subprocess_exec(
        chromium(),
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--hide-scrollbars",
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
            await tools.send("Page.enable")
            if width and height:
                await tools.send(
                    "Emulation.setDeviceMetricsOverride",
                    width=width,
                    height=height,
                    deviceScaleFactor=1,
                    mobile=True,
                )
            yield tools
    finally:
        process.kill()
        await process.wait()
