"""The app's stage buttons and header in a room, driven with the Pilot while people rate on their
own devices over real HTTP.

In a room nobody's rating is the facilitator's to give, except for someone with no device of
their own: before the reveal the buttons rate only such a person, the header says who is still
to rate on their devices, and a bare rating typed then is nobody's; after the reveal the buttons
agree the stage.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from conftest import join_on_devices, open_room, settle, voices_on
from room_web import Device
from test_tui import Clock, bot_texts, say
from textual.widgets import Button

from assessor.continuum import Stage
from assessor.room.room import Room
from assessor.store import Store
from assessor.tui.app import AssessorApp
from assessor.tui.screens.chat import ChatScreen


def header(app: AssessorApp) -> str:
    return str(app.screen.query_one("#where").render())


def stage_buttons_shown(app: AssessorApp) -> list[bool]:
    return [app.screen.query_one(f"#stage-{n}").display for n in range(1, 6)]


async def room_of_four(pilot, app: AssessorApp) -> tuple[ChatScreen, Room, list[Device]]:
    """A workshop begun on the start screen, its room open: AB, CD and EF join on their own
    devices, GH (no device) is added by the facilitator, and the questions start."""
    screen, room, running = await open_room(pilot, app)
    devices = await join_on_devices(
        running,
        [
            ("AB", "Riverside Council", "council"),
            ("CD", "NHS Trust", "health"),
            ("EF", "Young Minds", "voluntary"),
        ],
    )
    await say(pilot, app, "add GH, Family Action, Manager")  # no device: typed for
    await say(pilot, app, "ready")
    return screen, room, devices


def test_in_a_room_the_buttons_rate_only_who_has_no_device_then_agree(
    tmp_path: Path, two_banks
) -> None:
    db = tmp_path / "room.db"

    async def run() -> None:
        app = AssessorApp(db, two_banks, blink=False, clock=Clock(), room_options={"port": 0})
        async with app.run_test(size=(120, 40)) as pilot:
            screen, _room, (ab, cd, ef) = await room_of_four(pilot, app)

            # Before the reveal the buttons are GH's, the only one without a device
            assert header(app).startswith(
                "Rating for GH · Still to rate on their devices: AB, CD, EF · 0 done"
            )
            assert all(stage_buttons_shown(app))
            await pilot.click("#stage-3")
            await settle(pilot, app)
            assert any(t.startswith("Noted: GH 3.") for t in bot_texts(app))
            # Nobody left for the facilitator to rate: no buttons, the header says who is
            # rating and how to reveal, and a bare rating typed now is nobody's
            assert header(app).startswith(
                "Still to rate on their devices: AB, CD, EF · Ctrl+R reveals · 0 done"
            )
            assert not any(stage_buttons_shown(app))
            await say(pilot, app, "2")
            assert bot_texts(app)[-1].startswith(
                "Nothing saved: AB, CD and EF rate on their own devices, so a rating with no "
                "name is nobody's."
            )
            # the palette's "Not sure" and "Abstain" say so in a notification, and send nothing
            said_before = len(screen.transcript)
            screen.say_for_next_rater("not sure")
            await settle(pilot, app)
            assert len(screen.transcript) == said_before
            assert [(n.title, n.message) for n in app._notifications][-1] == (
                "Nothing saved",
                "Still to rate on their own devices: AB, CD, EF. Ctrl+R reveals the spread.",
            )

            assert (await ab.rate("2", "we only swap newsletters"))[0] in (200, 303)
            assert (await cd.rate("4"))[0] in (200, 303)
            await settle(pilot, app)
            assert header(app).startswith("Still to rate on their devices: EF · Ctrl+R reveals")
            rated = await app.store_thread.run(
                lambda store: {
                    a.participant_id
                    for a in store.answers(screen.assessment_id, voices=True)
                    if a.participant_id is not None
                }
            )
            assert len(rated) == 3  # GH typed, AB and CD on their devices; nothing for EF

            # After the reveal the buttons agree: Agree takes the median, a stage agrees it
            await pilot.press("ctrl+r")
            await settle(pilot, app)
            assert header(app).startswith("Agree one answer · 0 done")
            assert all(stage_buttons_shown(app))
            assert str(screen.query_one("#yes", Button).label) == "Agree"
            await pilot.click("#stage-4")
            await settle(pilot, app)
            assert any(t.startswith("Agreed: collaboration (4).") for t in bot_texts(app))
            assert header(app).startswith("Rating for GH · Still to rate on their devices")
            for device in (ab, cd, ef):
                await device.session.close()

    asyncio.run(run())
    with Store(db) as store:
        (assessment,) = store.assessments()
        agreed = {a.question_id: a.stage for a in store.answers(assessment.id)}
        assert agreed["sample.board"] is Stage.COLLABORATION
        assert voices_on(store, assessment.id, "sample.board") == {
            "AB": Stage.COMMUNICATION,
            "CD": Stage.COLLABORATION,
            "GH": Stage.COORDINATION,
        }
