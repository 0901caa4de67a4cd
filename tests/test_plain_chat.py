"""The plain chat as people use it: piped through a real `assessor` process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import found_in
from pseudo_terminal import read_until_closed

from assessor.banks import load_builtin
from assessor.store import Store

GOVERNANCE = [q.id for q in load_builtin().bank("governance").questions]


def run(args: list[str], lines: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args, "--db", str(db)],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        env={**os.environ, "ASSESSOR_DB": ""},
        timeout=60,
        check=False,
    )


def stored(db: Path, assessment_id: str) -> dict[str, str]:
    with Store(db) as store:
        return {
            a.question_id: a.stage.value if a.stage else str(a.special)
            for a in store.answers(assessment_id)
        }


def test_a_whole_bank_piped_ends_with_answers_stored_and_a_summary(tmp_path: Path) -> None:
    db = tmp_path / "piped.db"
    answers = [
        "3",
        "collaboration",
        "2, they have been asked but nothing is committed yet",
        "not sure",
        "4",
        "skip",
        "n/a",
        "2",
    ]
    answers.append("3")
    answers.append("no")  # not now to the skipped question, offered again at the end
    result = run(
        ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"], answers, db
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out  # plain text, no escape codes
    assert "You skipped 1 question — go back to it now?" in out
    assert "That's every question. Here is your profile by domain:" in out
    # weights 2, 2, 2, 1, 1, 1 on stages 3, 4, 2, 4, 2, 3: 27 / 9
    assert re.search(r"Governance and leadership\s+coordination\s+3\.0\s+6/9", out), out
    assessment_id = found_in(r"saved as assessment (\w+)", out)
    assert stored(db, assessment_id) == dict(
        zip(
            GOVERNANCE,
            [
                "coordination",
                "collaboration",
                "communication",
                "dont-know",
                "collaboration",
                "skipped",
                "not-applicable",
                "communication",
                "coordination",
            ],
            strict=True,
        )
    )
    with Store(db) as store:
        assert store.assessment(assessment_id).status == "complete"
    resumed = run(["resume", assessment_id, "--plain"], [], db)
    assert resumed.stdout.startswith(
        "Welcome back to the assessment for Northshire. This assessment is complete.\n\n"
        "You skipped 1 question — go back to it now? Say yes, or no to finish.\n"
    )
    assert "Every question is answered" not in resumed.stdout


def test_a_run_cut_off_by_end_of_input_resumes_at_the_next_question(tmp_path: Path) -> None:
    db = tmp_path / "cut.db"
    first = run(
        ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"],
        ["3", "4", "2"],
        db,
    )
    assert first.returncode == 0
    assessment_id = found_in(r"carry on with: assessor resume (\w+)", first.stdout)
    assert list(stored(db, assessment_id)) == GOVERNANCE[:3]

    # "stage 5": the fourth question counts hub teams, so a bare 5 would be asked about
    second = run(["resume", assessment_id, "--plain"], ["stage 5"], db)
    assert second.returncode == 0
    assert "Welcome back" in second.stdout
    asked = load_builtin().question(GOVERNANCE[3]).text.split("?")[0]
    assert asked in second.stdout.split("> stage 5")[0]  # the fourth question comes first
    assert stored(db, assessment_id)[GOVERNANCE[3]] == "integration"


def test_piped_answers_need_the_partnership_named(tmp_path: Path) -> None:
    db = tmp_path / "named.db"
    result = run(["chat", "--plain", "--banks", "co_location"], ["Southvale", "quit"], db)
    assert result.returncode == 2
    assert result.stderr == "assessor: --partnership is needed when answers are piped\n"
    assert not db.exists() or not Store(db).assessments()
    helped = subprocess.run(
        [sys.executable, "-m", "assessor", "chat", "--help"], capture_output=True, text=True
    )
    assert "needed when answers are piped" in " ".join(helped.stdout.split())


def test_plain_pause_and_end_of_input_say_how_to_resume_plainly(tmp_path: Path) -> None:
    db = tmp_path / "hint.db"
    args = ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"]
    paused = run(args, ["3", "pause please"], db)
    assessment_id = found_in(r"assessor resume (\w+) --plain", paused.stdout)
    assert "1 answer is saved. To carry on later: " in paused.stdout
    assert "Saved: 1 answer is saved" not in paused.stdout
    ended = run(["resume", assessment_id, "--plain"], ["4"], db)
    assert f"carry on with: assessor resume {assessment_id} --plain" in ended.stdout


def test_unknown_bank_gives_one_sentence(tmp_path: Path) -> None:
    result = run(
        ["chat", "--plain", "--partnership", "X", "--banks", "governence"], [], tmp_path / "x.db"
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        "assessor: there is no bank 'governence' (did you mean 'governance'?)"
    )
    assert "Traceback" not in result.stderr


def test_banks_try_prints_the_reading(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessor",
            "banks",
            "try",
            "governance.board",
            "colaboration",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    reading = json.loads(result.stdout)
    assert reading["decision"] == "accept" and reading["stage"] == "collaboration"
    assert reading["special"] is None and reading["confidence"] == 0.9
    assert set(reading) >= {"decision", "stage", "confidence", "candidates", "special"}
    plain = subprocess.run(
        [sys.executable, "-m", "assessor", "banks", "try", "governance.board", "not sure"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "special:    don't know" in plain.stdout
    offered = subprocess.run(
        [sys.executable, "-m", "assessor", "banks", "try", "governance.board", "3 or 4"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # candidates on the confidence's own 0-1 scale, and said so
    assert "confidence: 0.50  (0-1; 0.80 or more is taken as said)" in offered
    assert "candidates: coordination 1.00, collaboration 1.00  (same 0-1 scale)" in offered
    described = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessor",
            "banks",
            "try",
            "governance.board",
            "a multi-agency group meets regularly to line up our plans but each organisation "
            "signs off its own part",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    scores = [c["score"] for c in json.loads(described)["candidates"]]
    assert scores and all(0 <= score <= 1 for score in scores)
    missing = subprocess.run(
        [sys.executable, "-m", "assessor", "banks", "try", "governance.bord", "3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 1
    assert "did you mean 'governance.board'?" in missing.stderr


def test_piped_control_characters_are_not_echoed_raw(tmp_path: Path) -> None:
    result = run(
        ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"],
        ["\x1b[31m3"],
        tmp_path / "esc.db",
    )
    assert "\x1b" not in result.stdout
    assert "> \\u001b[31m3" in result.stdout  # shown as everything printed shows it


def test_banks_try_reads_a_bank_file_of_ones_own(tmp_path: Path) -> None:
    from conftest import DATA

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessor",
            "banks",
            "try",
            "sample.board",
            "nobody oversees it",
            "--bank",
            str(DATA / "small_bank.yaml"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    reading = json.loads(result.stdout)
    assert (reading["decision"], reading["stage"]) == ("accept", "isolation")


def test_empty_choices_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    banks = run(["chat", "--plain", "--partnership", "X", "--banks", ","], [], db)
    assert banks.returncode == 1 and "--banks names no bank" in banks.stderr
    name = run(["chat", "--plain", "--partnership", " ", "--banks", "governance"], ["3"], db)
    assert name.returncode == 1 and "--partnership is empty" in name.stderr


def test_a_removal_that_completes_the_ratings_shows_the_spread_piped(tmp_path: Path) -> None:
    result = run(
        [
            "chat",
            "--plain",
            "--workshop",
            "--partnership",
            "L",
            "--banks",
            "governance",
            *("--participant", "AB, L Council, Lead", "--participant", "CD, L NHS, Lead"),
            *("--participant", "EF, L School, Head"),
        ],
        ["AB 3, CD 4", "remove EF", "agree"],
        tmp_path / "w.db",
    )
    assert result.returncode == 0, result.stderr
    after_removal = result.stdout.split("> remove EF\n", 1)[1].split("> agree\n", 1)[0]
    assert "Spread: lowest 3 (coordination), highest 4 (collaboration)" in after_removal
    assert "I'd propose 3 (coordination), the median" in after_removal


def run_at_a_terminal(args: list[str], lines: list[str], db: Path, columns: int) -> str:
    """The plain chat with its output on a terminal `columns` wide (a pseudo-terminal), the
    answers piped in."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "assessor", *args, "--db", str(db)],
        stdin=subprocess.PIPE,
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, "ASSESSOR_DB": "", "COLUMNS": str(columns), "LINES": "32"},
    )
    os.close(follower)
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write("".join(line + "\n" for line in lines).encode())
    process.stdin.close()
    shown = read_until_closed(leader)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    return shown.decode().replace("\r\n", "\n")


def test_the_summary_fits_the_terminal_width(tmp_path: Path) -> None:
    args = ["chat", "--plain", "--partnership", "P", "--banks", "integration,governance"]
    answers = ["3", "skip", "n/a", "not sure", "summary"]
    for columns in (100, 80):
        shown = run_at_a_terminal(args, answers, tmp_path / f"w{columns}.db", columns)
        assert all(len(line) < columns for line in shown.splitlines()), shown
        summary = shown.split("> summary\n", 1)[1]
        lines = summary.splitlines()
        row = lines.index(next(x for x in lines if x.startswith("Integration and relational")))
        assert re.fullmatch(
            r"Integration and relational practice\s+coordination\s+3\.0\s+1/7", lines[row]
        )
        # the notes on a line of their own, indented under their domain
        assert (
            lines[row + 1] == "    1 n/a, 1 don't know, 1 skipped, 3 not yet answered, low coverage"
        )
    # piped, the table stays whole for screen readers and scripts
    piped = run(args, answers, tmp_path / "piped.db").stdout
    assert re.search(r"1/7  1 n/a, 1 don't know, 1 skipped, 3 not yet answered", piped)


def test_a_bare_number_after_the_numbered_stages_is_taken_on_a_counting_question(
    tmp_path: Path,
) -> None:
    """The fourth question counts hub teams; it is asked with its stages numbered, so "5" (or
    "3 I think") said next is the rating, not a count to ask about."""
    db = tmp_path / "counting.db"
    answers = ["stage 3", "stage 4", "stage 2", "3 I think", "5"]
    result = run(
        ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"], answers, db
    )
    assert result.returncode == 0, result.stderr
    assert "Is that right?" not in result.stdout
    with Store(db) as store:
        (assessment,) = store.assessments()
    saved = stored(db, assessment.id)
    assert saved[GOVERNANCE[3]] == "coordination"
    assert saved[GOVERNANCE[4]] == "integration"
