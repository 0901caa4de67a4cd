"""The README's first lines and its quick start stay true: the two commands a newcomer runs come
first, and every assessor command the quick start shows is one the command line takes; those
that print (history, compare, report) are run for real on a database made here."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from conftest import REPO, clock_at

from assessor.answers import AnswerValue
from assessor.cli import build_parser
from assessor.continuum import Stage
from assessor.sessions import begin
from assessor.store import Store

README = (REPO / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def commands(text: str) -> list[list[str]]:
    """Each `assessor` command in the text's sh blocks, as words (comments and the `.venv/bin/`
    prefix dropped, continued lines joined)."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.split(" ", 1)[0].endswith("assessor"):
                found.append(shlex.split(line, comments=True)[1:])
    return found


def test_the_first_lines_are_the_two_commands_a_newcomer_runs() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    assert blocks[0].strip() == (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/assessor"
    )
    assert README.index("<!-- test-command -->") < README.index(blocks[1])
    assert README.index("<!-- test-command -->") < README.index("## ")


def test_the_quick_start_covers_each_way_and_how_to_stop() -> None:
    quick = section("Quick start")
    assert "git clone" in quick
    for way in ("**A lead on their own.**", "**A workshop.**", "**Comparing rounds.**"):
        assert way in quick
    assert "ctrl+q" in quick and "Escape" in quick
    said = commands(quick)
    assert ["compare", "--partnership", "Riverside"] in said
    assert any(words[:2] == ["chat", "--workshop"] for words in said)


def test_every_quick_start_command_is_one_the_command_line_takes(capsys) -> None:
    parser = build_parser()
    for words in commands(section("Quick start")):
        parser.parse_args(words)  # exits (SystemExit) on an option it does not know
    assert capsys.readouterr().err == ""


def test_the_quick_start_commands_that_print_work(tmp_path: Path, two_banks) -> None:
    db = tmp_path / "quick.db"
    ids = []
    for month, stage in ((1, Stage.COMMUNICATION), (6, Stage.COORDINATION)):
        with Store(db, clock=clock_at(datetime(2026, month, 1, tzinfo=UTC))) as store:
            assessment = begin(store, "Riverside", two_banks)
            for question_id in ("sample.board", "other.board"):
                store.record_answer(assessment.id, question_id, AnswerValue.of(stage))
            store.set_status(assessment.id, complete=True)
            ids.append(assessment.id)
    ran = 0
    for words in commands(section("Quick start")):
        if not words or words[0] not in ("history", "compare", "report"):
            continue  # the others open the app
        words = [{"ID1": ids[0], "ID2": ids[1], "ID": ids[1]}.get(w, w) for w in words]
        words = [str(tmp_path / w) if w.endswith(".html") else w for w in words]
        done = subprocess.run(
            [sys.executable, "-m", "assessor", "--db", str(db), *words],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
        assert done.returncode == 0, (words, done.stderr)
        ran += 1
    assert ran >= 3
    assert (tmp_path / "riverside-progress.html").read_text("utf-8").startswith("<!DOCTYPE html>")
