"""What a board reader found in the reports: a strongest and a weakest named on a tenth of a
stage, a priority legend written as a formula, a find-out action whose why repeats its question,
and question weights the reader never sees. Each is checked in the words rendered."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from conftest import other_bank_text

from assessor.analysis.planning import PRIORITY_LEGEND, PRIORITY_RULE
from assessor.analysis.scoring import none_stands_out
from assessor.analysis.summaries import summarise_answers
from assessor.answers import AnswerValue, Special
from assessor.banks import load_bank_set
from assessor.banks.bank_set import BankSet
from assessor.cli import main
from assessor.continuum import Stage
from assessor.report import render, report_for
from assessor.store import BankUse, Store
from assessor.text.profile import profile_lines

A = AnswerValue.of
S = Stage
FIND_OUT_WHY = (
    "Nobody could say where the partnership stands on this; a stage is needed before a step "
    "can be planned."
)


@pytest.fixture
def two_banks(tmp_path: Path, small_bank_text: str) -> BankSet:
    """Two small banks: 'sample' and 'other', each with a board question (weight 2) and a
    budget question (weight 1) asked once the board is at coordination or above."""
    first = tmp_path / "1_sample.yaml"
    first.write_text(small_bank_text, encoding="utf-8")
    second = tmp_path / "2_other.yaml"
    other = other_bank_text(small_bank_text).replace("title: Sample bank", "title: Other bank")
    second.write_text(other, encoding="utf-8")
    return load_bank_set([first, second])


def text_of(html: str) -> str:
    """An HTML page's words on one line, as a reader sees them."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def assess(store: Store, banks: BankSet, answers: dict[str, AnswerValue], mode="individual"):
    uses = [BankUse(bank_id=b.id, version=b.version) for b in banks.banks]
    assessment = store.create_assessment("Riverside", uses, mode=mode, lead="Sam Lead")
    for question_id, value in answers.items():
        store.record_answer(assessment.id, question_id, value, "", "")
    store.set_status(assessment.id, complete=True)
    return assessment


def every_view(tmp_path: Path, banks: BankSet, answers: dict[str, AnswerValue]) -> dict[str, str]:
    """The board page (HTML, Markdown), the full report (HTML, Markdown) and the plain-text
    profile of one assessment of `answers`."""
    with Store(tmp_path / "a.db") as store:
        assessment = assess(store, banks, answers)
        report = report_for(store, assessment.id, banks)
        stored = store.answers(assessment.id)
    views = {fmt: render(report, fmt) for fmt in ("board", "board-md", "md", "html")}
    views["board"] = text_of(views["board"])
    views["html"] = text_of(views["html"])
    views["profile"] = "\n".join(profile_lines(summarise_answers(assessment, stored, banks)))
    views["json"] = render(report, "json")
    return views


# 1. No strongest or weakest on a difference under half a stage


def test_no_domain_stands_out_when_the_scores_are_under_half_a_stage_apart(
    tmp_path: Path, two_banks: BankSet
) -> None:
    answers = {
        "sample.board": A(S.COORDINATION),  # sample: 3.0
        "sample.budget": A(S.COORDINATION),
        "other.board": A(S.COORDINATION),  # other: (3 x 2 + 4) / 3 = 3.3
        "other.budget": A(S.COLLABORATION),
    }
    views = every_view(tmp_path, two_banks, answers)
    said = "No domain stands out: every domain scored between 3.0 and 3.3 of 5 (coordination)."
    for name in ("board", "board-md", "profile"):
        assert said in views[name], name
        assert "Strongest" not in views[name] and "Weakest" not in views[name], name
    # the JSON's fields keep their meaning: the highest and lowest, however close
    overall = json.loads(views["json"])["overall"]
    assert (overall["strongest"], overall["weakest"]) == (["other"], ["sample"])


def test_half_a_stage_or_more_still_names_the_strongest_and_the_weakest(
    tmp_path: Path, two_banks: BankSet
) -> None:
    answers = {
        "sample.board": A(S.COORDINATION),
        "sample.budget": A(S.COORDINATION),
        "other.board": A(S.COLLABORATION),
        "other.budget": A(S.COLLABORATION),
    }
    views = every_view(tmp_path, two_banks, answers)
    assert "Strongest: Other bank for tests, at collaboration (4.0 of 5)" in (views["board"])
    assert "Weakest: Sample bank for tests, at coordination (3.0 of 5)" in views["board"]
    assert "Strongest: Other bank for tests." in views["profile"]
    assert "stands out" not in views["board"] + views["profile"]


def test_one_scored_domain_is_neither_strongest_nor_weakest(
    tmp_path: Path, two_banks: BankSet
) -> None:
    views = every_view(tmp_path, two_banks, {"sample.board": A(S.COORDINATION)})
    assert (
        "The only domain with a score so far: Sample bank for tests, at coordination"
        in (views["board"])
    )
    assert "Strongest" not in views["board"] and "Weakest" not in views["board"]


def test_the_stages_are_named_when_the_close_scores_band_differently() -> None:
    assert none_stands_out([2.5, 3.0]) is None  # half a stage: one stands out
    assert none_stands_out([2.5, 2.9, 2.7]) == (
        "No domain stands out: every domain scored between 2.5 and 2.9 of 5 "
        "(communication to coordination)."
    )
    assert none_stands_out([3.0, 3.0], unscored=1) == (
        "No domain stands out: every domain with a score scored 3.0 of 5 (coordination)."
    )
    assert none_stands_out([3.0]) is None


# 2. The priority legend in plain words; the rule itself in the method


def test_the_plan_legend_is_plain_words_and_the_rule_is_in_the_method(
    tmp_path: Path, two_banks: BankSet, capsys
) -> None:
    answers = {"sample.board": A(S.COMMUNICATION), "other.board": A(S.ISOLATION)}
    views = every_view(tmp_path, two_banks, answers)
    plain = "High where the partnership is furthest from where it wants to be, on the questions"
    for name in ("board", "board-md"):
        assert plain in views[name], name
        assert "weight times" not in views[name], name
    for name in ("md", "html"):
        plan = views[name].split("Action plan", 1)[1].split("How this was worked out")[0]
        assert plain in plan and "weight times" not in plan, name
        method = views[name].split("How this was worked out", 1)[1]
        assert PRIORITY_RULE in " ".join(method.split()), name
    # the plan at the command line reads the same words
    db = tmp_path / "cli.db"
    with Store(db) as store:
        builtin = load_builtin_banks()
        assessment = assess(store, builtin, {builtin.questions[0].id: A(S.COMMUNICATION)})
    capsys.readouterr()
    assert main(["plan", assessment.id, "--db", str(db)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert PRIORITY_LEGEND in out
    assert "weight times" not in out


def load_builtin_banks() -> BankSet:
    from assessor.banks import load_builtin

    return load_builtin()


# 3. A find-out action says why it matters, not its question again


def find_out_rows(views: dict[str, str]) -> tuple[str, str]:
    row = next(line for line in views["md"].splitlines() if "| Find out: " in line)
    html_plan = views["html"].split("Action plan", 1)[1]
    return row, html_plan


def test_a_find_out_action_says_why_it_matters(tmp_path: Path, two_banks: BankSet) -> None:
    answers = {
        "sample.board": A(Special.DONT_KNOW),
        "other.board": A(S.COMMUNICATION),
    }
    views = every_view(tmp_path, two_banks, answers)
    row, html_plan = find_out_rows(views)
    cells = [c.strip() for c in row.split(" | ")]
    assert cells[1].startswith("Find out: Who oversees the work? Look for:")
    why = cells[3]
    assert why == FIND_OUT_WHY
    assert "Who oversees the work?" not in why
    # the plan table's row (the last place the action is named): its why, then its owner
    after = html_plan.rsplit("Find out: Who oversees the work? Look for: Terms of reference", 1)[1]
    row_html = after.split("Family hubs programme board")[0]
    assert row_html == " and minutes. Sample bank for tests " + FIND_OUT_WHY + " "


def test_a_workshops_find_out_names_who_did_not_know(tmp_path: Path, two_banks: BankSet) -> None:
    with Store(tmp_path / "w.db") as store:
        assessment = assess(store, two_banks, {}, mode="workshop")
        store.set_status(assessment.id, complete=False)
        people = [
            store.add_participant(assessment.id, name, organisation)
            for name, organisation in (
                ("Ann Ward", "Council"),
                ("Bo Lee", "NHS trust"),
                ("Cy Holt", "School"),
            )
        ]
        ratings = [
            (people[0].id, A(Special.DONT_KNOW)),
            (people[1].id, A(Special.DONT_KNOW)),
            (people[2].id, A(S.COMMUNICATION)),
        ]
        store.record_ratings(assessment.id, "sample.board", ratings, "ratings", "Sam Lead")
        store.record_answer(
            assessment.id, "sample.board", A(Special.DONT_KNOW), "agreed", rationale="unsure"
        )
        store.set_status(assessment.id, complete=True)
        report = report_for(store, assessment.id, two_banks)
    md = render(report, "md")
    row = next(line for line in md.splitlines() if "| Find out: " in line)
    assert (
        "| Nobody could say where the partnership stands on this (Ann Ward and Bo Lee said they "
        "did not know); a stage is needed before a step can be planned. |"
    ) in row


# 4. Weights shown where a domain's questions weigh differently


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_weights_show_only_where_a_domains_questions_weigh_differently(
    tmp_path: Path, two_banks: BankSet, fmt: str
) -> None:
    answers = {
        "sample.board": A(S.COORDINATION),  # weight 2, and the budget (weight 1) is asked
        "sample.budget": A(S.COMMUNICATION),
        "other.board": A(S.COMMUNICATION),  # the budget is not asked: one weight only
    }
    views = every_view(tmp_path, two_banks, answers)
    answers_part = views[fmt].split("Answers by domain", 1)[1].split("How this was worked out")[0]
    sample, other = answers_part.split("Other bank for tests")
    if fmt == "md":
        assert "| Question | Weight | Answer |" in sample
        assert "| Who oversees the work? | 2 | coordination (3) |" in sample
        assert "| How is the pooled budget managed? | 1 | communication (2) |" in sample
        assert "| Question | Answer |" in other
    else:
        assert "Question Weight Answer" in sample
        assert "Who oversees the work? 2 3 coordination" in sample
        assert "How is the pooled budget managed? 1 2 communication" in sample
        assert "Question Answer" in other and "Weight" not in other
    method = " ".join(views[fmt].split("How this was worked out", 1)[1].split())
    assert "A domain's score is the weighted average of its answers' stages" in method
    assert "shows each question's weight" in method
    assert "Weight" not in views["board"] and "weight" not in views["board-md"].lower()


def test_no_weight_is_shown_where_every_question_weighs_the_same(
    tmp_path: Path, two_banks: BankSet
) -> None:
    answers = {"sample.board": A(S.COMMUNICATION), "other.board": A(S.COMMUNICATION)}
    views = every_view(tmp_path, two_banks, answers)
    for fmt in ("md", "html"):
        assert "Weight" not in views[fmt], fmt
        method = " ".join(views[fmt].split("How this was worked out", 1)[1].split())
        assert "A domain's score is the weighted average of its answers' stages" in method
        assert "shows each question's weight" not in method


def test_the_apps_results_show_the_plain_legend(tmp_path: Path, two_banks: BankSet) -> None:
    from assessor.tui.screens.results import _plan_text

    with Store(tmp_path / "t.db") as store:
        assessment = assess(store, two_banks, {"sample.board": A(S.COMMUNICATION)})
        report = report_for(store, assessment.id, two_banks)
    shown = " ".join(_plan_text(report).plain.split())
    assert PRIORITY_LEGEND in shown and "weight times" not in shown
