"""What the room's tests share: a workshop with its room on a real SQLite file, served on a free
loopback port, and devices that talk to it over real HTTP as a browser would (each its own
cookies, the room's Origin on every POST)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from yarl import URL

from assessor.banks import load_builtin
from assessor.conversation import conversation_for
from assessor.conversation.workshop import WorkshopConversation
from assessor.room.room import Room
from assessor.sessions import begin
from assessor.store import Store
from assessor.web.room_server import COOKIE, RunningRoom, serve_room


@dataclass
class Workshop:
    """A workshop's store and room (the facilitator's side, driven in the test's own loop)."""

    path: Path
    store: Store
    room: Room
    assessment_id: str


def open_workshop(path: Path, partnership: str = "Riverside") -> Workshop:
    """A new workshop on `path`, its room open, nobody in it yet."""
    store = Store(path)
    banks = load_builtin().select(["governance"])
    assessment = begin(store, partnership, banks, mode="workshop")
    conversation = conversation_for(store, assessment.id, banks)
    assert isinstance(conversation, WorkshopConversation)
    conversation.start()
    return Workshop(path, store, Room.open(conversation), assessment.id)


def resume_workshop(path: Path, assessment_id: str) -> Workshop:
    """The same workshop after the facilitator's process stopped: a new store, conversation and
    room over the same file."""
    store = Store(path)
    banks = load_builtin().select(["governance"])
    conversation = conversation_for(store, assessment_id, banks)
    assert isinstance(conversation, WorkshopConversation)
    conversation.start()
    return Workshop(path, store, Room.open(conversation), assessment_id)


def said(page: str) -> str:
    """A page's text as read (entities such as &#39; turned back into characters)."""
    return html.unescape(page)


def question_of(html: str) -> str:
    """The id of the question a page shows."""
    found = re.search(r'id="state" [^>]*data-question="([^"]+)"', html)
    assert found, html
    return found[1]


class Device:
    """One participant's phone: its own cookies, and the room's Origin on what it posts."""

    def __init__(self, running: RunningRoom, origin: str | None = None) -> None:
        self.running = running
        self.origin = origin
        self.session = aiohttp.ClientSession(
            # cookies from a numeric host such as 127.0.0.1, as a browser keeps them
            cookie_jar=aiohttp.CookieJar(unsafe=True)
        )

    @property
    def address(self) -> str:
        return self.running.join_address

    def posting(self, headers: dict[str, str] | None) -> dict[str, str]:
        """What a browser sends with a form: the page's Origin."""
        return {"Origin": self.origin or self.running.origin, **(headers or {})}

    async def __aenter__(self) -> Device:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.session.close()

    async def join(
        self,
        name: str,
        organisation: str = "Riverside Council",
        sector: str = "council",
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        form = {
            "code": self.running.code if code is None else code,
            "name": name,
            "organisation": organisation,
            "sector": sector,
        }
        async with self.session.post(
            self.address + "join", data=form, allow_redirects=False, headers=self.posting(headers)
        ) as response:
            return response.status, await response.text()

    async def page(self, query: str = "") -> tuple[int, str]:
        async with self.session.get(self.address + query) as response:
            return response.status, await response.text()

    async def main(self) -> tuple[int, str]:
        async with self.session.get(self.address + "main") as response:
            return response.status, await response.text()

    async def state(self, version: int | None = None) -> tuple[int, Any]:
        query = "" if version is None else f"?v={version}"
        async with self.session.get(self.address + "state" + query) as response:
            return response.status, await response.json()

    async def rate(
        self, choice: str, comment: str = "", question: str | None = None
    ) -> tuple[int, str]:
        if question is None:
            status, html = await self.page()
            assert status == 200, html
            question = question_of(html)
        form = {"question": question, "choice": choice, "comment": comment}
        async with self.session.post(
            self.address + "rate", data=form, allow_redirects=False, headers=self.posting(None)
        ) as response:
            return response.status, await response.text()

    @property
    def token(self) -> str:
        for cookie in self.session.cookie_jar:
            if cookie.key == COOKIE:
                return cookie.value
        raise AssertionError("this device has not joined")

    def carry(self, token: str) -> None:
        """Hold `token` as this device's only cookie (as a hand-edited cookie would be sent)."""
        self.session.cookie_jar.clear()
        self.session.cookie_jar.update_cookies({COOKIE: token}, response_url=URL(self.address))


async def serve(workshop: Workshop) -> RunningRoom:
    return await serve_room(workshop.room, port=0)
