"""Workshops a facilitator can trust, in the plain chat with piped lines on a real database:
'done' before everyone has rated says who has not and asks first; a proposal resting on one
person or one organisation says so; a bare rating is the next person's, as in the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assessor.banks import load_builtin
from assessor.store import Store

FIRST = load_builtin().questions[0].id
CHAT = [
    sys.executable,
    "-m",
    "assessor",
    "chat",
    "--plain",
    "--workshop",
    "--partnership",
    "Riverside",
]
ROOM = [
    "add AB, Riverside Council, Early help lead",
    "add CD, Riverside Council, Data lead",
    "add EF, NHS Trust, Health visitor",
    "ready",
]


def workshop(db: Path, lines: list[str]) -> str:
    """The plain chat's replies to `lines`, the room above taken first."""
    done = subprocess.run(
        [*CHAT, "--db", str(db)],
        input="\n".join([*ROOM, *lines]) + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def reply_to(output: str, line: str, occurrence: int = 1) -> str:
    """What the bot said to the `occurrence`-th echo of `line`."""
    parts = output.split(f"> {line}\n")
    assert len(parts) > occurrence, f"{line!r} was not said {occurrence} time(s)"
    return parts[occurrence].split("\n> ")[0].split("\nInput ended.")[0].strip()


def ratings(db: Path) -> dict[str, str]:
    with Store(db) as store:
        (assessment,) = store.assessments()
        names = {p.id: p.name for p in store.participants(assessment.id)}
        return {
            names[a.participant_id]: a.stage.value if a.stage else str(a.special)
            for a in store.answers(assessment.id, voices=True)
            if a.participant_id is not None and a.question_id == FIRST
        }


def test_a_bare_rating_is_the_next_persons(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    out = workshop(db, ["3", "collab", "dunno"])
    assert reply_to(out, "3").startswith("Noted: AB 3.")
    assert reply_to(out, "collab").startswith("Noted: CD 4.")
    assert reply_to(out, "dunno").startswith("Noted: EF don't know.")
    assert ratings(db) == {"AB": "coordination", "CD": "collaboration", "EF": "dont-know"}


def test_done_before_everyone_has_rated_names_who_and_asks(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    out = workshop(db, ["AB 3, EF 4", "done", "yes"])
    asked = reply_to(out, "done")
    assert asked.startswith("CD has not rated this yet. Discuss it without them?")
    assert "Spread" not in asked and "propose" not in asked
    shown = reply_to(out, "yes")
    assert "Who said what: AB 3, EF 4." in shown
    assert "I'd propose 3 (coordination), the median" in shown


def test_after_the_question_a_rating_is_still_taken(tmp_path: Path) -> None:
    """'done', then the missing rating instead of yes: it is CD's, and the spread follows."""
    db = tmp_path / "w.db"
    out = workshop(db, ["AB 3", "done", "4", "EF 2"])
    assert reply_to(out, "done").startswith("CD and EF have not rated this yet.")
    assert reply_to(out, "4").startswith("Noted: CD 4.")
    assert "Who said what: AB 3, CD 4, EF 2." in reply_to(out, "EF 2")
    assert ratings(db) == {"AB": "coordination", "CD": "collaboration", "EF": "communication"}


def test_no_goes_back_to_rating(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    out = workshop(db, ["AB 3", "done", "no"])
    assert reply_to(out, "no") == "Then rate on. So far: AB 3. Still to rate: CD, EF."


def test_a_proposal_resting_on_one_person_says_so(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    out = workshop(db, ["AB 4, CD not sure, EF abstain"])
    shown = reply_to(out, "AB 4, CD not sure, EF abstain")
    assert "This rests on one person: only AB placed it on the continuum" in shown
    assert "I'd propose 4 (collaboration)" in shown


def test_a_proposal_resting_on_one_organisation_says_so(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    out = workshop(db, ["AB 3, CD 4, EF abstain"])
    shown = reply_to(out, "AB 3, CD 4, EF abstain")
    assert (
        "This rests on one organisation: everyone who placed it on the continuum (AB and CD) "
        "is from Riverside Council." in shown
    )


def test_a_proposal_from_several_organisations_says_nothing_of_the_sort(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    out = workshop(db, ["AB 3, CD 4, EF 3"])
    shown = reply_to(out, "AB 3, CD 4, EF 3")
    assert "I'd propose 3" in shown
    assert "rests on" not in shown
