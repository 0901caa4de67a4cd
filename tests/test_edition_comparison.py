"""An assessment made on the first edition of the banks, compared with one on the second.

tests/data/first_edition holds the shipped banks as they were before the second edition. A
question kept with its id but asked in new words shows as reworded, one whose meaning changed is
retired (its old id in the bank's `retired_ids`) and shows as no longer asked, and the new
questions of a bank assessed both times show as new.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import DATA, clock_at

from assessor.analysis.trends import BankChange, compare
from assessor.answers import AnswerValue
from assessor.banks import BankSet, load_bank_set, load_builtin
from assessor.cli import main
from assessor.continuum import Stage
from assessor.report.comparison import comparison_for, entries_for
from assessor.report.render import render_comparison
from assessor.sessions import begin
from assessor.store import Store

FIRST = load_bank_set(sorted((DATA / "first_edition").glob("*.yaml")))
SECOND = load_builtin()


def first_and_second(db: Path, second: BankSet = SECOND) -> list[str]:
    """Two complete assessments of Riverside: coordination on the first edition in 2025, then
    collaboration on the second in 2026."""
    ids = []
    for bank_set, when, stage in (
        (FIRST, datetime(2025, 3, 1, tzinfo=UTC), Stage.COORDINATION),
        (second, datetime(2026, 3, 1, tzinfo=UTC), Stage.COLLABORATION),
    ):
        with Store(db, clock=clock_at(when)) as store:
            assessment = begin(store, "Riverside", bank_set)
            for question in bank_set.questions:
                store.record_answer(assessment.id, question.id, AnswerValue.of(stage))
            store.set_status(assessment.id, complete=True)
            ids.append(assessment.id)
    return ids


def test_the_first_edition_is_a_different_version_of_the_same_banks() -> None:
    first = {b.id: b.version for b in FIRST.banks}
    second = {b.id: b.version for b in SECOND.banks}
    assert set(first) < set(second) and {"families", "workforce"} <= set(second) - set(first)
    assert all(second[bank_id] != version for bank_id, version in first.items())


def test_no_first_edition_question_leaves_without_being_retired() -> None:
    kept = {q.id for q in SECOND.questions}
    retired = {r for b in SECOND.banks for r in b.retired_ids}
    for question in FIRST.questions:
        assert question.id in kept or question.id in retired, question.id
    assert not kept & retired


@pytest.fixture
def comparison(tmp_path: Path):
    db = tmp_path / "editions.db"
    ids = first_and_second(db)
    with Store(db) as store:
        result = compare(entries_for(store, ids), SECOND)
        report = comparison_for(store, ids, SECOND, datetime(2026, 4, 1, tzinfo=UTC))
    return db, ids, result, report


def test_reworded_retired_and_new_questions_are_told_apart(comparison) -> None:
    _, _, result, _ = comparison
    first_text = {q.id: q.text for q in FIRST.questions}
    second_text = {q.id: q.text for q in SECOND.questions}
    shared_banks = {b.id for b in FIRST.banks}
    retired = {r for b in SECOND.banks for r in b.retired_ids} & set(first_text)

    reworded = {
        q for q in first_text.keys() & second_text.keys() if first_text[q] != second_text[q]
    }
    new = {q for q in second_text.keys() - first_text.keys() if q.split(".")[0] in shared_banks}

    def flagged(change: BankChange) -> set[str]:
        return {q.question_id for q in result.flagged(change)}

    assert flagged(BankChange.REWORDED) == reworded
    assert flagged(BankChange.REMOVED) == retired
    assert flagged(BankChange.NEW) == new
    # what the second edition changed, by name
    assert {"governance.board", "integration.tell_story_once"} <= reworded
    assert {
        "integration.relational_practice",
        "integration.coproduction",
        "governance.accountability",
        "case_management.common_assessment",
        "commissioning.needs_voice",
    } <= retired
    assert {"integration.relational_reach", "governance.risk_log_partners"} <= new
    # the new areas were not assessed the first time: not a change in their questions
    by_id = {q.question_id: q for q in result.questions}
    assert by_id["families.coproduction_steps"].bank_change is BankChange.NOT_COVERED
    # nothing reworded, retired or new is counted as movement
    assert by_id["governance.board"].change is None
    unchanged_words = first_text.keys() & second_text.keys() - reworded
    assert all(by_id[q].change == 1 for q in unchanged_words)  # coordination to collaboration


def test_a_question_kept_in_its_words_by_a_new_edition_counts_as_movement(tmp_path: Path) -> None:
    """No question of the shipped banks keeps its first-edition words, so a later edition that
    changes only the banks' versions stands in: each question's move from coordination to
    collaboration is counted, and none is flagged as changed."""
    for file in sorted((DATA / "first_edition").glob("*.yaml")):
        text = file.read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.2"', 1)
        (tmp_path / file.name).write_text(text, encoding="utf-8")
    later = load_bank_set(sorted(tmp_path.glob("*.yaml")))
    assert {b.version for b in later.banks} == {"1.2"}
    db = tmp_path / "later.db"
    ids = first_and_second(db, later)
    with Store(db) as store:
        result = compare(entries_for(store, ids), later)
    by_id = {q.question_id: q for q in result.questions}
    assert by_id["commissioning.cycle_review"].change == 1
    assert all(q.change == 1 for q in result.questions)
    assert not any(result.flagged(change) for change in BankChange)


def test_the_comparison_report_says_what_changed_in_the_banks(comparison, capsys) -> None:
    db, ids, _, report = comparison
    markdown = render_comparison(report, "md")
    board_then = FIRST.question("governance.board").text
    board_now = SECOND.question("governance.board").text
    assert f'- Reworded: "{board_then}" is now "{board_now}"' in markdown
    assert f"- No longer asked: {FIRST.question('governance.accountability').text}" in markdown
    assert f"- New since {report.assessments[0].label}: " in markdown
    assert SECOND.question("governance.risk_log_partners").text in markdown
    assert report.reworded_questions and report.removed_questions and report.new_questions

    assert main(["compare", *ids, "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    said = {
        line.split(": ", 1)[0]: line.split(": ", 1)[1].split(", ") for line in lines if ": " in line
    }
    assert set(said["Reworded in the banks"]) == set(report.reworded_questions)
    assert "governance.board" in said["Reworded in the banks"]
    assert "governance.accountability" in said["No longer asked"]
    assert "governance.risk_log_partners" in said["New in the banks"]
