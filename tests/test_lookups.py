"""Forgiving look-ups on the command line: an assessment id by a unique prefix in any case, a
partnership name with "did you mean", a target stage in the chat's words. Each runs the real
`assessor` command on a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assessor.answers import AnswerValue
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.store import BankUse, Store

BUILTIN = load_builtin()


def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSESSOR_DB": str(db), "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "assessor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def make(db: Path, assessment_id: str, partnership: str = "Riverside", day: int = 1) -> str:
    """A complete assessment with every built-in question at communication."""
    with Store(db) as store:
        uses = [BankUse(bank_id=b.id, version=b.version) for b in BUILTIN.banks]
        store.create_assessment(
            partnership,
            uses,
            lead="Sam",
            assessment_id=assessment_id,
            started_at=datetime(2026, 3, day, 9, 0, tzinfo=UTC),
        )
        for question in BUILTIN.questions:
            store.record_answer(assessment_id, question.id, AnswerValue.of(Stage.COMMUNICATION))
        store.set_status(assessment_id, complete=True)
    return assessment_id


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "assessor.db"
    make(path, "35f7a0c2", day=1)
    make(path, "9b11aa00", day=2)
    make(path, "9b22bb00", day=3)
    return path


def test_show_takes_a_unique_prefix_in_any_case(db: Path) -> None:
    done = run(db, "show", "35F7")
    assert done.returncode == 0, done.stderr
    assert "Communication" in done.stdout or "communication" in done.stdout
    assert done.stderr == ""


def test_an_ambiguous_prefix_names_the_ids_it_could_be(db: Path) -> None:
    done = run(db, "show", "9b")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "'9b' is the start of 2 assessment ids" in done.stderr
    assert "9b11aa00 (Riverside, 2026-03-02)" in done.stderr
    assert "9b22bb00 (Riverside, 2026-03-03)" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_unknown_prefix_is_refused_in_one_sentence(db: Path) -> None:
    done = run(db, "report", "ffff")
    assert done.returncode == 1
    assert done.stderr.startswith("assessor: there is no assessment 'ffff'")


def test_report_plan_export_and_compare_take_prefixes(db: Path, tmp_path: Path) -> None:
    report = run(db, "report", "9B11", "--format", "json")
    assert report.returncode == 0, report.stderr
    assert '"9b11aa00"' in report.stdout
    plan = run(db, "plan", "9b2")
    assert plan.returncode == 0, plan.stderr
    assert "assessment 9b22bb00" in plan.stdout
    exported = run(db, "export", "35f", "-o", str(tmp_path / "out.json"))
    assert exported.returncode == 0, exported.stderr
    assert '"35f7a0c2"' in (tmp_path / "out.json").read_text(encoding="utf-8")
    compared = run(db, "compare", "35F7", "9b11", "--format", "json")
    assert compared.returncode == 0, compared.stderr
    assert "35f7a0c2" in compared.stdout and "9b11aa00" in compared.stdout


def test_delete_by_prefix_names_the_whole_id_and_deletes_that_one(db: Path) -> None:
    done = run(db, "delete", "9B22", "--yes")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Deleted assessment 9b22bb00."
    with Store(db) as store:
        assert [a.id for a in store.assessments()] == ["35f7a0c2", "9b11aa00"]


def test_history_suggests_the_partnership_meant(db: Path) -> None:
    done = run(db, "history", "--partnership", "Riversde")
    assert done.returncode == 1
    assert "there is no partnership 'Riversde'" in done.stderr
    assert "(did you mean 'Riverside'?)" in done.stderr
    shown = run(db, "history", "--partnership", "riverside")
    assert shown.returncode == 0, shown.stderr
    assert "35f7a0c2" in shown.stdout


def test_compare_suggests_the_partnership_meant(db: Path) -> None:
    done = run(db, "compare", "--partnership", "Rivreside")
    assert done.returncode == 1
    assert "(did you mean 'Riverside'?)" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("typed", "stage"),
    [
        ("colaboration", "collaboration"),
        ("collab", "collaboration"),
        ("co-ordination", "coordination"),
        ("Integrated", "integration"),
        ("comunication", "communication"),
    ],
)
def test_targets_read_stage_words_as_the_chat_does(db: Path, typed: str, stage: str) -> None:
    domain = BUILTIN.banks[0].id
    done = run(db, "targets", "Riverside", f"{domain}={typed}")
    assert done.returncode == 0, done.stderr
    assert f"target {stage}." in done.stdout
    with Store(db) as store:
        assert [(t.domain_id, t.stage.value) for t in store.targets("Riverside")] == [
            (domain, stage)
        ]


def test_targets_still_refuse_a_word_that_is_no_stage(db: Path) -> None:
    domain = BUILTIN.banks[0].id
    done = run(db, "targets", "Riverside", f"{domain}=coordinator")
    assert done.returncode == 1
    assert "'coordinator' is not a stage" in done.stderr


def test_resume_and_from_take_prefixes(tmp_path: Path) -> None:
    db = tmp_path / "assessor.db"
    with Store(db) as store:
        uses = [BankUse(bank_id=b.id, version=b.version) for b in BUILTIN.banks]
        store.create_assessment("Riverside", uses, lead="AB", assessment_id="c0ffee12")
        store.record_answer("c0ffee12", BUILTIN.questions[0].id, AnswerValue.of(Stage.ISOLATION))
    resumed = run(db, "resume", "C0FF", "--plain", stdin="4\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "carry on with: assessor resume c0ffee12 --plain" in resumed.stdout
    started = run(
        db,
        *("chat", "--plain", "--workshop", "--partnership", "Riverside"),
        *("--participant", "AB, Council", "--from", "c0f"),
        stdin="",
    )
    assert started.returncode == 0, started.stderr
    assert "AB from assessment c0ffee12 (2 ratings)" in started.stdout


def test_a_partnership_named_for_an_assessment_lists_its_assessments(db: Path) -> None:
    """A first-time user typed `assessor report Riverside` and was told only that there is no
    such assessment; the sentence now says it is a partnership and gives its assessments' ids."""
    done = run(db, "report", "riverside")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "'riverside' is a partnership, not an assessment id" in done.stderr
    assert "9b22bb00 (2026-03-03); 9b11aa00 (2026-03-02)" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
