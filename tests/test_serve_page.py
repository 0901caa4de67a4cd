"""`assessor serve`'s page as assessor's: its own title and words, no Textual splash, logo or
background; and, opened in headless Chromium (driven over its DevTools protocol), every request
the page makes goes to this server, until the app has drawn its first screen."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from chromium import chromium, chromium_page
from test_serve import Served, serving, signed_in

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


async def _open_in_chromium(address: str, profile: Path) -> tuple[list[str], str]:
    """Every URL the page requested (sockets included) and its title, once the app has drawn."""
    async with chromium_page(profile) as tools:
        await tools.send("Page.navigate", url=address)
        await tools.until(
            "document.body && document.body.classList.contains('-first-byte')", "the app drew"
        )
        return tools.requested(), await tools.evaluate("document.title")


def test_in_a_browser_the_page_asks_nothing_of_the_internet(tmp_path: Path) -> None:
    chromium()
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
