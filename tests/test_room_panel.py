"""The facilitator's panel of a room in the app, driven with the Pilot while three people join
and rate from their own devices over real HTTP, through the room's server on the app's loop
(which calls the room on the app's store thread)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import aiohttp
import pytest
from conftest import join_on_devices, open_room, settle, voices_on
from test_tui import Clock, bot_texts, say
from textual.widgets import Static

from assessor.continuum import Stage
from assessor.room.room import Room
from assessor.store import Store
from assessor.tui.app import AssessorApp
from assessor.tui.screens.chat import ChatScreen


def drawn(app: AssessorApp) -> str:
    """The screen as it is drawn now, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def panel(app: AssessorApp) -> str:
    """What the room's panel (right of the transcript) shows: the screen's columns beside it."""
    side = app.screen.query_one("#room-panel").region
    lines = drawn(app).splitlines()
    return "\n".join(line[side.x : side.right] for line in lines[side.y : side.bottom])


def test_the_facilitator_runs_a_room_from_the_panel(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "room.db"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock(), room_options={"port": 0})
        async with app.run_test(size=(100, 32)) as pilot:
            screen, room, running = await open_room(pilot, app)
            shown = panel(app)
            assert f"Code: {room.keys.code}" in shown
            # served on this computer only: said, and no QR code a phone could not use
            assert "This computer only" in shown and "█" not in shown
            qr = screen.query_one("#room-qr", Static)
            assert not qr.display and "█" in str(qr.render())  # drawn, shown when exposed

            # the address, wrapped in the panel: the same characters once the lines are joined
            assert f"Join:{running.join_address}" in "".join(shown.split())
            ab, cd, ef = await join_on_devices(
                running,
                [
                    ("AB", "Riverside Council", "council"),
                    ("CD", "NHS Trust", "health"),
                    ("EF", "Young Minds", "voluntary"),
                ],
            )
            await settle(pilot, app)
            assert any("EF (Young Minds, VCS) joined the room" in t for t in bot_texts(app))
            # once the room is open, the set-up says how people join, not to type them in
            assert any("People join from their own phone or laptop" in t for t in bot_texts(app))
            shown = panel(app)
            for line in ("• AB · Council · here", "• CD · Health · here", "• EF · VCS · here"):
                assert line in shown

            await say(pilot, app, "ready")
            assert "Who oversees the work?" in bot_texts(app)[-1]
            assert "This computer only" not in panel(app)  # the roster has the room now
            question = room.conversation.current
            assert question is not None

            assert (await ab.rate("2", "we only swap newsletters"))[0] in (200, 303)
            assert (await cd.rate("4"))[0] in (200, 303)
            await settle(pilot, app)
            shown = panel(app)
            # who has rated, never what
            assert "✓ AB · Council · rated" in shown and "✓ CD · Health · rated" in shown
            assert "… EF · VCS · not yet" in shown
            assert "2 of 3 rated" in shown
            assert "Communication" not in shown and "Collaboration" not in shown
            assert "newsletters" not in drawn(app)
            assert not any("AB 2" in t or "CD 4" in t for t in bot_texts(app))

            await pilot.press("ctrl+r")  # reveal before EF has rated
            await settle(pilot, app)
            shown = panel(app)
            assert "The spread" in shown
            assert "2 Communication ● AB (Council)" in shown
            assert "4 Collaboration ● CD (Health)" in shown
            assert "Median: 3 Coordination." in shown
            assert "… EF · VCS · not yet" in shown  # EF did not rate: no dot
            assert "AB: “we only swap newsletters”" in shown

            # the transcript moves on; the spread stays in the panel
            await say(pilot, app, "why")
            await say(pilot, app, "levels")
            assert "Median: 3 Coordination." in panel(app)

            await pilot.press("ctrl+g")  # agree the median
            await settle(pilot, app)
            assert any(t.startswith("Agreed: coordination (3).") for t in bot_texts(app))
            shown = panel(app)
            assert "The spread" not in shown and "0 of 3 rated" in shown
            assert "… AB · Council · not yet" in shown
            next_question = room.conversation.current
            assert next_question is not None and next_question.id != question.id

            # remove someone: highlighted in the roster, Delete
            screen.query_one("#room-roster").focus()
            await pilot.press("down", "down", "delete")  # EF
            await settle(pilot, app)
            # the roster's lines, not the room code (a random code can contain "EF")
            assert "EF ·" not in panel(app) and "CD · Health" in panel(app)
            roster = await app.store_thread.run(lambda _store: room.conversation.roster())
            assert [p.name for p in roster] == ["AB", "CD"]

            await pilot.press("escape")  # pause: the room closes
            await settle(pilot, app)
            assert room.closed and screen.room_server is None
            with pytest.raises(aiohttp.ClientConnectionError):  # the server has stopped
                await cd.page()
            for device in (ab, cd, ef):
                await device.session.close()

    asyncio.run(run())
    with Store(db) as store:
        (assessment,) = store.assessments()
        agreed = {a.question_id: a.stage for a in store.answers(assessment.id)}
        assert agreed["sample.board"] is Stage.COORDINATION
        assert voices_on(store, assessment.id, "sample.board") == {
            "AB": Stage.COMMUNICATION,
            "CD": Stage.COLLABORATION,
        }


SCREENSHOT = Path(__file__).parent.parent / "docs" / "screenshots" / "room-facilitator.svg"


def test_a_resumed_workshop_opens_its_room_again_with_the_same_code(tmp_path: Path) -> None:
    """`assessor resume ID --room` in the app: the room opens at once, with the code and address
    it had, so everyone's device still works; the panel after a reveal is the README's
    screenshot (written there when ASSESSOR_SCREENSHOTS is set)."""
    from assessor.banks import load_builtin
    from assessor.conversation import conversation_for
    from assessor.sessions import begin

    db = tmp_path / "room.db"
    banks = load_builtin().select(["governance"])
    with Store(db) as store:
        workshop = begin(store, "Riverside", banks, mode="workshop")
        first = Room.open(conversation_for(store, workshop.id, banks))
        code, secret = first.keys.code, first.keys.secret

    async def run() -> str:
        app = AssessorApp(
            db,
            load_builtin(),
            resume_id=workshop.id,
            blink=False,
            clock=Clock(),
            room_options={"port": 0},
            open_room=True,
        )
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            screen = app.screen
            assert isinstance(screen, ChatScreen)
            room, running = screen.room, screen.room_server
            assert room is not None and running is not None
            assert (room.keys.code, room.keys.secret) == (code, secret)
            devices = await join_on_devices(
                running,
                [
                    ("AB", "Riverside Council", "council"),
                    ("CD", "Riverside NHS Trust", "health"),
                    ("EF", "Lakeside Family Action", "voluntary"),
                    ("GH", "Riverside Council", "council"),
                ],
            )
            await settle(pilot, app)
            await say(pilot, app, "ready")
            for device, choice, comment in zip(
                devices,
                ["2", "4", "4"],
                ["We share newsletters, little more.", "", "The board signs off jointly now."],
                strict=False,
            ):
                assert (await device.rate(choice, comment))[0] in (200, 303)
            await settle(pilot, app)
            await pilot.press("ctrl+r")
            await settle(pilot, app)
            shown = panel(app)
            assert "4 Collaboration ●● CD (Health), EF" in shown
            assert "… GH · Council · not yet" in shown
            picture = app.export_screenshot(title="The facilitator's panel of a room")
            for device in devices:
                await device.session.close()
        return picture

    picture = asyncio.run(run())
    assert "Collaboration" in picture
    if os.environ.get("ASSESSOR_SCREENSHOTS"):
        SCREENSHOT.write_text(picture, encoding="utf-8")


def test_the_join_address_breaks_before_its_secret_never_inside_it(
    tmp_path: Path, two_banks
) -> None:
    """At 100 columns the address is too wide for the panel: it breaks after the room's path,
    and the secret needed to join stands whole on a line of its own."""

    async def run() -> None:
        app = AssessorApp(
            tmp_path / "room.db", two_banks, blink=False, clock=Clock(), room_options={"port": 0}
        )
        async with app.run_test(size=(100, 32)) as pilot:
            screen, room, running = await open_room(pilot, app)
            address = running.join_address
            assert len(f"Join: {address}") > screen.query_one("#room-join").size.width
            lines = [line.strip() for line in panel(app).splitlines()]
            start = lines.index(f"Join: {address.removesuffix(room.keys.secret + '/')}")
            assert lines[start + 1] == f"{room.keys.secret}/"
            assert lines[start + 2].startswith(f"Code: {room.keys.code}")

    asyncio.run(run())
