"""The plain chat fed bytes that are not valid UTF-8 (or NUL) by a real pipe: nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.store import Store

REPLACEMENT = "\ufffd"


@pytest.mark.parametrize(
    "environment",
    [{"LC_ALL": "C.UTF-8"}, {"PYTHONIOENCODING": "utf-8:strict"}],
    ids=["surrogateescape-stdin", "strict-stdin"],
)
def test_bad_bytes_are_read_with_replacement_and_every_later_answer_is_kept(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    db = tmp_path / "bytes.db"
    # The fourth question asks "how many hub teams", but a bare 3 just after its numbered
    # stages is the rating; the "yes" after it saves nothing for the fifth.
    piped = b"3\nnote: caf\xe9 \x00 minutes\n4\nnote: \xff\xfe again\n2\n3\nyes\n"
    command = ["chat", "--plain", "--partnership", "Bytes", "--banks", "governance"]
    result = subprocess.run(
        [sys.executable, "-m", "assessor", *command, "--db", str(db)],
        input=piped,
        capture_output=True,
        env={**os.environ, "ASSESSOR_DB": "", **environment},
        timeout=120,
        check=False,
    )
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert result.returncode == 0, err
    assert err == ""
    notices = [line for line in out.splitlines() if "of the input has bytes" in line]
    assert notices == [
        f"Line 2 of the input has bytes that are not readable utf-8 text; each is read as "
        f"{REPLACEMENT} (here and in any later line), and the rest is read as written."
    ]
    with Store(db) as store:
        (assessment,) = store.assessments()
        kept = [(a.question_id, a.value, a.note) for a in store.answers(assessment.id)]
    assert kept == [
        ("governance.board", 3, f"caf{REPLACEMENT} {REPLACEMENT} minutes"),
        ("governance.strategy_signoff", 4, f"{REPLACEMENT}{REPLACEMENT} again"),
        ("governance.senior_resources", 2, ""),
        ("governance.hub_team_management", 3, ""),
    ]
