"""Make docs/examples/board-summary.png: a board summary of a realistic assessment, made the way a
partnership would make it, through the command line, then drawn by headless Chromium.

A lead's self-assessment through the plain chat, then a workshop of six from five organisations
a little later (ratings and an agreed stage with its reason for every question), a target for
data sharing, and `assessor report ID --format board -o board.html`.

Run: python scripts/board_summary_example.py   (needs chromium on the PATH)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "examples" / "board-summary.png"
PARTNERSHIP = "Riverside Family Hubs"
NOTES = [
    "ISA signed by health and early help; schools not yet",
    "board meets monthly, minutes published",
    "two of three hubs have co-located health visitors",
    "Mosaic and SystmOne still not linked",
    "parent carer forum co-designed the hub offer",
    "joint induction for new hub staff since June",
    "0-5 budgets aligned under an MoU",
]
PEOPLE = [
    "AP, Riverside Council, Head of early help",
    "BK, Riverside Council, Family hubs programme lead",
    "CM, Riverside NHS Foundation Trust, Health visiting lead",
    "DO, Riverside Primary Schools Alliance, Head teacher",
    "EL, Home-Start Riverside, Manager",
    "FH, Riverside Parent Carer Forum, Chair",
]


def lead_answers() -> str:
    lines = []
    for i in range(70):
        stage = [2, 3, 3, 2, 3, 4, 2, 3][i % 8]
        lines.append(f"{stage} - {NOTES[i % len(NOTES)]}" if i % 9 == 4 else str(stage))
    return "\n".join(lines) + "\n"


def workshop_lines() -> str:
    lines = []
    for i in range(80):
        base = [3, 3, 4, 2, 3, 4, 3, 3][i % 8] if i % 5 else [2, 3, 3, 2, 3, 4, 2, 3][i % 8]
        ratings = [base, base, min(5, base + 1), base, max(1, base - 1), base]
        if i % 13 == 3:
            ratings = [base, base, 5, 1, base, base]
        names = [p.split(",")[0] for p in PEOPLE]
        lines.append(", ".join(f"{n} {r}" for n, r in zip(names, ratings, strict=True)))
        lines.append(f"agree {base} because {NOTES[i % len(NOTES)]}")
    return "\n".join(lines) + "\n"


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is needed: apt-get install -y chromium")
    assessor = [sys.executable, "-m", "assessor"]
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "ASSESSOR_DB": str(Path(folder) / "a.db"),
            "ASSESSOR_CACHE_DIR": str(Path(folder) / "cache"),
        }

        def run(*args: str, given: str = "") -> str:
            done = subprocess.run(
                [*assessor, *args], input=given, env=env, capture_output=True, text=True
            )
            if done.returncode:
                sys.exit(done.stderr)
            return done.stdout

        where = ["--partnership", PARTNERSHIP, "--area", "Riverside Council"]
        run("chat", "--plain", *where, "--lead", "Sam Patel", given=lead_answers())
        people = [f"--participant={p}" for p in PEOPLE]
        run(
            "chat",
            "--plain",
            "--workshop",
            *where,
            "--lead",
            "Jo Reed",
            *people,
            given=workshop_lines(),
        )
        latest = json.loads(run("history", "--json"))
        workshop = next(a["id"] for a in latest if a["mode"] == "workshop")
        if next(a["status"] for a in latest if a["id"] == workshop) != "complete":
            sys.exit("the workshop did not finish: more lines are needed")
        run("targets", PARTNERSHIP, "data_sharing=collaboration", "--by", "March 2027")
        page = Path(folder) / "board.html"
        run("report", workshop, "--format", "board", "-o", str(page))
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=794,1123",
                f"--screenshot={OUT}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"Wrote {OUT}")


if __name__ == "__main__":
    main()
