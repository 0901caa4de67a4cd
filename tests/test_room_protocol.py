"""The room over real HTTP on loopback: joining, rating blind, changing a rating, the reveal, the
agreement and the next question on every device, removal, rejoining after the facilitator's
process stopped, and each refusal with its one sentence and status."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from room_web import Device, Workshop, open_workshop, question_of, resume_workshop, said, serve

from assessor.errors import UserError
from assessor.room.room import JOINS_PER_MINUTE, RATINGS_PER_MINUTE, WRONG_CODES_PER_MINUTE
from assessor.web.room_server import RunningRoom, serve_room


def in_room(tmp_path: Path, test: Callable[[Workshop, RunningRoom], Awaitable[None]]) -> Workshop:
    """Run `test` against a served room of a new workshop; the server is stopped after."""
    workshop = open_workshop(tmp_path / "room.db")

    async def run() -> None:
        running = await serve(workshop)
        try:
            await test(workshop, running)
        finally:
            await running.stop()

    asyncio.run(run())
    return workshop


async def until_waiting(running: RunningRoom) -> None:
    """Until a request is waiting on the room's /state (its long poll has reached the server)."""
    while running.changes.waiting == 0:
        await asyncio.sleep(0.01)


def without_version(body: str) -> str:
    """A page or state with its version number blanked (it moves with every change in the room,
    and says nothing about anyone's rating)."""
    body = re.sub(r'data-version="\d+"', 'data-version=""', body)
    return re.sub(r'"version": ?\d+', '"version": 0', body)


def test_join_rate_change_reveal_agree_and_the_next_question(tmp_path: Path) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        room = workshop.room
        async with Device(running) as ann, Device(running) as bo:
            status, html = await ann.page()
            assert status == 200
            assert 'action="' + running.path + 'join"' in html
            assert (await ann.join("AN", "Riverside Council", "council"))[0] == 303
            assert (await bo.join("BO", "Riverside NHS Trust", "health"))[0] == 303
            names = [entry.person.name for entry in room.facilitator_view().roster]
            assert names == ["AN", "BO"]

            status, html = await ann.page()
            assert status == 200 and "You: <strong>AN</strong>" in html
            assert "first question appears here" in html

            room.reply("ready")
            status, html = await ann.page()
            question = question_of(html)
            assert html.count('type="radio"') == 7  # five stages, Not sure, N/A
            assert 'value="dont-know"' in html and 'value="not-applicable"' in html
            for number in range(1, 6):
                assert f'aria-describedby="describe-{number}"' in html

            assert (await ann.rate("2", "we only brief each other"))[0] == 303
            assert (await ann.rate("4", "on reflection the board decides"))[0] == 303
            status, html = await ann.page()
            assert '<p class="mine-choice">4 Collaboration</p>' in html
            assert "on reflection the board decides" in html
            stored = [
                a
                for a in workshop.store.answers(workshop.assessment_id, voices=True)
                if a.question_id == question
            ]
            assert [(a.stage.value_number if a.stage else None) for a in stored] == [4]

            panel = room.facilitator_view()
            assert [entry.state for entry in panel.roster] == ["rated", "not yet"]
            assert panel.reveal is None

            # the last one to rate reveals the spread, on every device
            assert (await bo.rate("not-applicable", "not ours to judge"))[0] == 303
            for device in (ann, bo):
                status, html = await device.page()
                assert 'class="plot"' in html
                assert "on reflection the board decides" in html
                assert "not ours to judge" in html
                assert "BO (N/A)" in html
                status, view = await device.state()
                assert view["phase"] == "revealed"
                assert [d["person"]["name"] for d in view["reveal"]["dots"]] == ["AN"]
            status, html = await bo.rate("3", question=question)
            assert status == 409 and "ratings have been revealed" in html

            room.reply("agree because the board signs off the strategy")
            for device in (ann, bo):
                status, html = await device.page()
                assert question_of(html) != question
                assert 'class="plot"' not in html
                assert "Change my rating" not in html  # nobody has rated the new one

    in_room(tmp_path, test)


def test_nothing_any_device_is_sent_before_the_reveal_tells_of_anothers_rating(
    tmp_path: Path,
) -> None:
    """Each person rates a distinctive stage and comment; until the reveal, no page, page part or
    state sent to anyone holds another's comment, a dot, or anything that moves when another
    person changes their rating (only the count of who has rated may move)."""

    async def test(workshop: Workshop, running: RunningRoom) -> None:
        room = workshop.room
        async with Device(running) as ann, Device(running) as bo, Device(running) as cy:
            devices = {"AN": ann, "BO": bo, "CY": cy}
            sectors = {"AN": "council", "BO": "health", "CY": "education"}
            for name, device in devices.items():
                assert (await device.join(name, f"{name} Org", sectors[name]))[0] == 303
            room.reply("ready")
            comments = {"AN": "zebra-comment-an", "BO": "yak-comment-bo", "CY": "owl-comment-cy"}

            async def everything(device: Device) -> list[str]:
                """Every page, page part and state this device can ask for."""
                return [
                    (await device.page())[1],
                    (await device.page("?change=1"))[1],
                    (await device.main())[1],
                    json.dumps((await device.state())[1]),
                ]

            async def check_blind(rated: list[str]) -> None:
                for viewer, device in devices.items():
                    html, changing, main, state = await everything(device)
                    for body in (html, changing, main, state):
                        for other, comment in comments.items():
                            if other != viewer:
                                assert comment not in body, (viewer, other)
                        assert 'class="plot"' not in body and 'class="dot"' not in body
                        for other in devices:
                            if other != viewer:
                                assert f"<strong>{other}:</strong>" not in body
                    view = json.loads(state)
                    assert view["reveal"] is None
                    assert set(view) == {
                        "version",
                        "phase",
                        "you",
                        "question",
                        "mine",
                        "rated",
                        "of",
                        "reveal",
                        "note",
                    }
                    assert view["rated"] == len(rated) and view["of"] == 3
                    # a device's own form preselects its own choice, and nothing else
                    for body in (html, changing, main):
                        checked = re.findall(r'value="([\w-]+)"[^>]*\bchecked', body)
                        assert len(checked) <= 1
                        if viewer not in rated:
                            assert checked == [] and view["mine"] is None

            await check_blind([])
            assert (await ann.rate("1", comments["AN"]))[0] == 303
            await check_blind(["AN"])
            assert (await bo.rate("5", comments["BO"]))[0] == 303
            await check_blind(["AN", "BO"])

            # what CY is sent does not change when AN moves from 1 to 5 (only the version does)
            before = [without_version(b) for b in await everything(cy)]
            assert (await ann.rate("5", comments["AN"]))[0] == 303
            after = [without_version(b) for b in await everything(cy)]
            assert after == before
            assert "2 of 3 have rated" in before[0]

            assert (await cy.rate("3", comments["CY"]))[0] == 303
            for device in devices.values():
                body = (await device.page())[1]
                for comment in comments.values():
                    assert comment in body

    in_room(tmp_path, test)


def test_the_facilitator_reveals_and_a_late_device_sees_the_spread(tmp_path: Path) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        room = workshop.room
        async with Device(running) as ann, Device(running) as bo:
            await ann.join("AN")
            await bo.join("BO", "Health Trust", "health")
            room.reply("ready")
            await ann.rate("3", "shared board")
            waiting = asyncio.ensure_future(bo.state((await bo.state())[1]["version"]))
            await until_waiting(running)
            room.reply("reveal")
            status, view = await waiting  # the long poll answers once the room has changed
            assert status == 200 and view["phase"] == "revealed"
            assert running.changes.timed_out == 0  # woken by the change, not by the clock
            assert view["reveal"]["comments"] == [{"name": "AN", "text": "shared board"}]
            html = (await bo.page())[1]
            assert "shared board" in html and "Not on the scale" not in html
            assert "Median: <strong>3 Coordination</strong>" in html

    in_room(tmp_path, test)


def test_the_facilitator_removes_someone(tmp_path: Path) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        room = workshop.room
        async with Device(running) as ann, Device(running) as bo:
            await ann.join("AN")
            await bo.join("BO", "Health Trust", "health")
            room.reply("ready")
            question = question_of((await ann.page())[1])
            ann_id = next(e.id for e in room.facilitator_view().roster if e.person.name == "AN")
            room.remove(ann_id)
            status, html = await ann.page()
            assert status == 403 and "taken you off the roster" in html
            assert (await ann.state())[0] == 403
            status, html = await ann.rate("2", question=question)
            assert status == 403 and "taken you off the roster" in html
            assert [e.person.name for e in room.facilitator_view().roster] == ["BO"]
            # BO alone is in the room now: BO's rating reveals
            assert (await bo.rate("4"))[0] == 303
            assert (await bo.state())[1]["phase"] == "revealed"

    in_room(tmp_path, test)


def test_a_device_rejoins_as_itself_after_the_facilitators_process_stopped(
    tmp_path: Path,
) -> None:
    path = tmp_path / "room.db"

    async def run() -> None:
        first = open_workshop(path)
        running = await serve(first)
        ann = Device(running)
        bo = Device(running)
        await ann.join("AN")
        await bo.join("BO", "Health Trust", "health")
        first.room.reply("ready")
        question = question_of((await ann.page())[1])
        await ann.rate("2", "kept across the restart")
        token, secret = ann.token, first.room.keys.secret
        await running.stop()
        first.store.close()

        again = resume_workshop(path, first.assessment_id)
        assert again.room.keys.secret == secret
        running = await serve(again)
        try:
            for device in (ann, bo):
                device.running = running
            assert ann.token == token
            status, html = await ann.page()
            assert status == 200 and "You: <strong>AN</strong>" in html
            assert "kept across the restart" in html and "2 Communication" in html
            assert (await bo.rate("3", question=question))[0] == 303
            assert (await ann.state())[1]["phase"] == "revealed"
        finally:
            await ann.session.close()
            await bo.session.close()
            await running.stop()

    asyncio.run(run())


# -- refusals ----------------------------------------------------------------------------------


def test_a_wrong_secret_or_any_other_path_is_a_plain_not_found(tmp_path: Path) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        secret = workshop.room.keys.secret
        wrong = secret[:-2] + ("AA" if not secret.endswith("AA") else "BB")
        async with aiohttp.ClientSession(headers={"Origin": running.origin}) as http:
            for path in (
                "/",
                "/r/",
                f"/r/{wrong}/",
                f"/r/{wrong}/state",
                f"/r/{wrong}/static/room.js",
                f"/r/{secret}x/",
                f"/r/{secret}/static/../../room_server.py",
                f"/r/{secret}/static/page.html",
            ):
                async with http.get(running.origin + path) as response:
                    body = await response.text()
                    assert response.status == 404, path
                    assert running.code not in body and secret not in body
            async with http.post(
                f"{running.origin}/r/{wrong}/join",
                data={"code": running.code, "name": "AN", "organisation": "x", "sector": "council"},
            ) as response:
                assert response.status == 404
        assert workshop.room.facilitator_view().roster == []

    in_room(tmp_path, test)


def test_a_post_from_another_origin_or_host_is_refused(tmp_path: Path) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        async with Device(running, origin="http://evil.example") as evil:
            status, html = await evil.join("EV")
            assert status == 403
            assert "did not come from the room's own page" in said(html)
        async with Device(running) as ann:
            status, _ = await ann.join("AN", headers={"Host": "rebound.example:80"})
            assert status == 403
            async with (
                aiohttp.ClientSession() as bare,  # a POST with no Origin at all
                bare.post(
                    running.join_address + "join",
                    data={"code": running.code, "name": "NO", "sector": "council"},
                ) as response,
            ):
                assert response.status == 403
            assert (await ann.join("AN"))[0] == 303
        assert [e.person.name for e in workshop.room.facilitator_view().roster] == ["AN"]

    in_room(tmp_path, test)


def test_a_token_altered_for_another_person_or_from_another_workshop_is_refused(
    tmp_path: Path,
) -> None:
    other = open_workshop(tmp_path / "other.db", partnership="Hillside")

    async def test(workshop: Workshop, running: RunningRoom) -> None:
        room = workshop.room
        elsewhere = await serve(other)
        try:
            async with (
                Device(running) as ann,
                Device(running) as bo,
                Device(elsewhere) as stranger,
                Device(running) as forger,
            ):
                await ann.join("AN")
                await bo.join("BO", "Health Trust", "health")
                await stranger.join("ST")
                room.reply("ready")
                question = question_of((await ann.page())[1])
                assessment, ann_id, mac = ann.token.split(".")
                bo_id = bo.token.split(".")[1]
                refused = (
                    f"{assessment}.{bo_id}.{mac}",  # AN's signature on BO's number
                    f"{assessment}.{ann_id}.{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}",
                    stranger.token,  # a participant of another workshop's room
                    f"{assessment}.{stranger.token.split('.', 1)[1]}",
                    "not-a-token",
                )
                for token in refused:
                    forger.carry(token)
                    status, html = await forger.rate("5", "forged", question=question)
                    assert status == 401, token
                    assert "Join the room first" in html
                    assert (await forger.state())[0] == 401
                    status, html = await forger.page()
                    assert status == 401 and 'action="' + running.path + 'join"' in html
                answers = workshop.store.answers(workshop.assessment_id, voices=True)
                assert [a for a in answers if a.note == "forged"] == []
        finally:
            await elsewhere.stop()

    in_room(tmp_path, test)


def test_wrong_codes_and_ratings_are_limited_whatever_the_client_claims(
    tmp_path: Path,
) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        room = workshop.room
        async with Device(running) as guesser:
            for attempt in range(WRONG_CODES_PER_MINUTE):
                status, html = await guesser.join(
                    "GU", code="AAA-AAA", headers={"X-Forwarded-For": f"10.0.0.{attempt}"}
                )
                assert status == 403 and "not this room's code" in said(html)
            status, html = await guesser.join("GU", code="AAA-AAA")
            assert status == 429 and "Too many wrong codes" in html
        async with Device(running) as ann, Device(running) as bo:
            await ann.join("AN")
            await bo.join("BO", "Trust", "health")  # who has not rated: nothing is revealed
            room.reply("ready")
            question = question_of((await ann.page())[1])
            for number in range(RATINGS_PER_MINUTE):
                choice = str(number % 5 + 1)
                assert (await ann.rate(choice, question=question))[0] == 303
            status, html = await ann.rate("3", question=question)
            assert status == 429 and "Too many changes" in html

    in_room(tmp_path, test)


def test_joins_are_limited_per_client_whatever_it_claims(tmp_path: Path) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        statuses = []
        async with aiohttp.ClientSession(headers={"Origin": running.origin}) as many:
            for number in range(JOINS_PER_MINUTE + 1):
                async with many.post(
                    running.join_address + "join",
                    data={
                        "code": running.code,
                        "name": f"P{number}",
                        "organisation": "Org",
                        "sector": "other",
                    },
                    headers={"X-Forwarded-For": f"10.1.0.{number}"},
                    allow_redirects=False,
                ) as response:
                    statuses.append(response.status)
                    last = await response.text()
        assert statuses[-1] == 429 and "Too many joins" in last
        assert set(statuses[:-1]) == {303}
        assert len(workshop.room.facilitator_view().roster) == JOINS_PER_MINUTE

    in_room(tmp_path, test)


def test_a_closed_room_says_so_on_every_page(tmp_path: Path) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        room = workshop.room
        async with Device(running) as ann, Device(running) as late:
            await ann.join("AN")
            room.reply("ready")
            question = question_of((await ann.page())[1])
            version = (await ann.state())[1]["version"]
            waiting = asyncio.ensure_future(ann.state(version))
            await until_waiting(running)
            room.close()
            status, body = await waiting
            assert status == 410 and "closed" in body["message"]
            assert running.changes.timed_out == 0
            for device in (ann, late):
                status, html = await device.page()
                assert status == 410 and "The room has closed" in html
            status, html = await ann.rate("3", question=question)
            assert status == 410 and "The room has closed" in html
            status, html = await late.join("LA")
            assert status == 410 and "This room has closed" in html

    in_room(tmp_path, test)


@pytest.mark.parametrize(
    ("form", "sentence"),
    [
        ({"name": ""}, "That name cannot be used"),
        ({"sector": "police"}, "Choose your sector from the list."),
        ({"name": "x" * 41}, "The name is too long"),
    ],
)
def test_a_join_the_room_cannot_take_says_why_and_keeps_what_was_typed(
    tmp_path: Path, form: dict[str, str], sentence: str
) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        async with Device(running) as ann:
            filled = {"name": "AN", "organisation": "Bright <Org>", "sector": "council", **form}
            status, html = await ann.join(filled["name"], filled["organisation"], filled["sector"])
            assert status == 400
            assert sentence in html
            assert 'value="Bright &lt;Org&gt;"' in html

    in_room(tmp_path, test)


# -- what the page is made of ------------------------------------------------------------------


def test_the_page_loads_only_its_own_files_and_escapes_what_people_type(tmp_path: Path) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        room = workshop.room
        async with Device(running) as ann, Device(running) as bo:
            await ann.join("AN", "<script>alert(1)</script>", "council")
            await bo.join("BO", "Trust", "health")
            room.reply("ready")
            await ann.rate("2", "<img src=x onerror=alert(1)>")
            await bo.rate("4")
            async with ann.session.get(ann.address) as response:
                html = await response.text()
                policy = response.headers["Content-Security-Policy"]
                assert "script-src 'self'" in policy and "unsafe-inline" not in policy
                assert "form-action 'self'" in policy
                assert response.headers["X-Frame-Options"] == "DENY"
                # under 'no-referrer' a browser's form POST says `Origin: null`, refused
                assert response.headers["Referrer-Policy"] == "same-origin"
            assert "<script>alert" not in html and "<img src=x" not in html
            assert "&lt;img src=x onerror=alert(1)&gt;" in html
            assert "<script" not in html.replace(
                f'<script src="{running.path}static/room.js" defer></script>', ""
            )
            assert " style=" not in html and "<style" not in html
            addresses = re.findall(r'(?:src|href|action)="([^"]*)"', html)
            assert addresses and all(a.startswith(running.path) for a in addresses), addresses
            for name, kind in (("room.js", "javascript"), ("room.css", "text/css")):
                async with ann.session.get(ann.address + "static/" + name) as response:
                    assert response.status == 200 and kind in response.content_type
                    text = await response.text()
                    assert "http://" not in text and "https://" not in text and "url(" not in text

    in_room(tmp_path, test)


def test_without_javascript_the_page_refreshes_itself_except_while_choosing(
    tmp_path: Path,
) -> None:
    refresh = re.compile(r'<noscript><meta http-equiv="refresh" content="\d+; url=([^"]+)">')

    async def test(workshop: Workshop, running: RunningRoom) -> None:
        room = workshop.room
        async with Device(running) as ann, Device(running) as bo:
            assert not refresh.search((await ann.page())[1])  # the join form
            await ann.join("AN")
            await bo.join("BO", "Trust", "health")
            found = refresh.search((await ann.page())[1])  # waiting for the first question
            assert found and found[1] == running.path
            room.reply("ready")
            assert not refresh.search((await ann.page())[1])  # choosing
            await ann.rate("3")
            assert refresh.search((await ann.page())[1])  # saved: waiting for the reveal
            assert not refresh.search((await ann.page("?change=1"))[1])  # changing it
            await bo.rate("3")
            assert refresh.search((await ann.page())[1])  # the reveal, until the next question

    in_room(tmp_path, test)


def test_the_address_without_its_slash_leads_to_the_room(tmp_path: Path) -> None:
    async def test(workshop: Workshop, running: RunningRoom) -> None:
        async with (
            aiohttp.ClientSession() as http,
            http.get(running.join_address.rstrip("/"), allow_redirects=False) as response,
        ):
            assert response.status == 308
            assert response.headers["Location"] == running.path

    in_room(tmp_path, test)


@pytest.mark.parametrize(
    ("host", "expose", "said"),
    [
        ("0.0.0.0", True, "listens on every network at once"),
        ("192.0.2.10", False, "add --expose"),
    ],
)
def test_a_room_is_served_on_loopback_unless_exposed_and_never_everywhere(
    tmp_path: Path, host: str, expose: bool, said: str
) -> None:
    workshop = open_workshop(tmp_path / "room.db")

    async def run() -> None:
        with pytest.raises(UserError) as refused:
            await serve_room(workshop.room, host=host, port=0, expose=expose)
        assert said in str(refused.value)
        running = await serve_room(workshop.room, port=0)
        try:
            assert running.loopback and running.origin.startswith("http://127.0.0.1:")
            assert running.join_address == f"{running.origin}/r/{workshop.room.keys.secret}/"
            assert running.code == workshop.room.keys.code
        finally:
            await running.stop()

    asyncio.run(run())


def test_only_someone_in_the_room_may_wait_for_a_change(tmp_path: Path) -> None:
    """The address alone (no code, no token) is answered at once, never held open."""

    async def test(workshop: Workshop, running: RunningRoom) -> None:
        version = workshop.room.version
        async with aiohttp.ClientSession(headers={"Origin": running.origin}) as http:
            waiting = http.get(f"{running.join_address}state?v={version}")
            async with await asyncio.wait_for(waiting, timeout=5) as response:
                assert response.status == 401
                assert "Join the room first" in (await response.json())["message"]

    in_room(tmp_path, test)
