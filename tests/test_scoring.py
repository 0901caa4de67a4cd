"""Scores on hand-computed examples: weights, exclusions, ask_if, banding edges, empty domains."""

from __future__ import annotations

import pytest

from assessor.analysis.scoring import profile, score_domain, stage_for_score
from assessor.answers import AnswerValue, Special
from assessor.continuum import Stage

S = Stage
A = AnswerValue.of


@pytest.mark.parametrize(
    ("score", "stage"),
    [
        (1.0, S.ISOLATION),
        (1.5, S.ISOLATION),
        (1.51, S.COMMUNICATION),
        (2.5, S.COMMUNICATION),
        (2.51, S.COORDINATION),
        (3.5, S.COORDINATION),
        (3.5001, S.COLLABORATION),
        (4.5, S.COLLABORATION),
        (4.51, S.INTEGRATION),
        (5.0, S.INTEGRATION),
    ],
)
def test_banding_edges(score: float, stage: Stage) -> None:
    assert stage_for_score(score) is stage


def test_banding_is_monotonic_and_bounded() -> None:
    values = [1 + i / 100 for i in range(401)]
    numbers = [stage_for_score(v).value_number for v in values]
    assert numbers == sorted(numbers)
    with pytest.raises(ValueError):
        stage_for_score(0.99)
    with pytest.raises(ValueError):
        stage_for_score(5.01)


def test_weighted_average_of_a_domain(two_banks) -> None:
    # board weight 2 at collaboration (4), budget weight 1 at communication (2): 10 / 3
    answers = {"sample.board": A(S.COLLABORATION), "sample.budget": A(S.COMMUNICATION)}
    domain = score_domain("sample", two_banks, answers)
    assert domain.score == 3.3 and domain.exact == pytest.approx(10 / 3)
    assert domain.stage is S.COORDINATION
    assert (domain.answered, domain.asked, domain.unanswered) == (2, 2, 0)
    assert domain.coverage == 1.0 and not domain.low_coverage


def test_special_answers_are_left_out_and_counted(two_banks) -> None:
    answers = {"sample.board": A(S.INTEGRATION), "sample.budget": A(Special.DONT_KNOW)}
    domain = score_domain("sample", two_banks, answers)
    assert domain.score == 5.0 and domain.stage is S.INTEGRATION
    assert (domain.answered, domain.asked, domain.dont_know) == (1, 2, 1)
    assert domain.coverage == 0.5 and not domain.low_coverage


def test_ask_if_removes_a_question_from_what_is_asked(two_banks) -> None:
    # board at communication: the budget question (asked only from coordination) is not asked
    domain = score_domain("sample", two_banks, {"sample.board": A(S.COMMUNICATION)})
    assert (domain.score, domain.answered, domain.asked) == (2.0, 1, 1)
    # board not applicable: budget not asked either, and nothing scores
    domain = score_domain("sample", two_banks, {"sample.board": A(Special.NOT_APPLICABLE)})
    assert (domain.score, domain.stage, domain.asked, domain.not_applicable) == (None, None, 1, 1)
    assert domain.low_coverage


def test_empty_domain_has_no_score_and_is_left_out_of_the_overall(two_banks) -> None:
    answers = {"sample.board": A(S.COORDINATION), "sample.budget": A(S.COLLABORATION)}
    result = profile(two_banks, answers)
    other = result.domains[1]
    assert other.bank_id == "other" and other.score is None and other.unanswered == 1
    assert result.overall == 3.3  # (2*3 + 4) / 3, to one decimal
    assert result.weakest == result.strongest == ["sample"]
    assert (result.answered, result.asked) == (2, 3)


def test_overall_is_the_mean_of_domains_with_weakest_and_strongest(two_banks) -> None:
    answers = {
        "sample.board": A(S.ISOLATION),  # sample: 1.0 (budget not asked)
        "other.board": A(S.INTEGRATION),  # other: (2*5 + 1*3) / 3 = 13/3
        "other.budget": A(S.COORDINATION),
        "other.unknown": A(S.INTEGRATION),  # not in the banks: ignored
    }
    result = profile(two_banks, answers)
    assert [d.score for d in result.domains] == [1.0, 4.3]  # 13/3 to one decimal
    assert result.overall == 2.7  # (1 + 13/3) / 2 = 2.67, from the exact domain scores
    assert result.overall_stage is S.COORDINATION
    assert result.weakest == ["sample"] and result.strongest == ["other"]
    assert not result.low_coverage


def test_low_coverage_is_flagged(two_banks) -> None:
    answers = {"sample.board": A(S.COORDINATION), "sample.budget": A(Special.SKIPPED)}
    result = profile(two_banks, answers)
    assert (result.answered, result.asked) == (1, 3)
    assert result.low_coverage
    assert result.overall == 3.0


def test_no_answers_at_all(two_banks) -> None:
    result = profile(two_banks, {})
    assert result.overall is None and result.overall_stage is None
    assert result.weakest == [] and result.asked == 2  # each budget waits on its board


def test_the_score_shown_is_the_score_banded() -> None:
    from assessor.analysis.scoring import one_decimal

    # 28/11 = 2.545: shown as 2.5, and 2.5 is communication (half-way stays at the lower stage)
    assert one_decimal(28 / 11) == 2.5
    assert stage_for_score(one_decimal(28 / 11)) is S.COMMUNICATION
    assert one_decimal(2.55) == 2.6 and stage_for_score(2.6) is S.COORDINATION
    assert one_decimal(2.45) == 2.5 and one_decimal(1.0) == 1.0 and one_decimal(5.0) == 5.0


@pytest.mark.parametrize(
    ("board_weight", "budget_weight", "shown", "stage"),
    [("4.6", "5.4", 1.5, S.ISOLATION), ("4.5", "5.5", 1.6, S.COMMUNICATION)],
)
def test_a_domain_is_banded_by_its_score_rounded_to_one_decimal(
    tmp_path, small_bank_text: str, board_weight: str, budget_weight: str, shown, stage
) -> None:
    from assessor.banks import load_bank_set

    # board (isolation, 1) and budget (communication, 2): 1.54 and 1.55 before rounding
    text = small_bank_text.replace("    weight: 2\n", f"    weight: {board_weight}\n")
    text = text.replace(
        "    ask_if: {question: sample.board, at_least: coordination}\n",
        f"    weight: {budget_weight}\n",
    )
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    banks = load_bank_set([path])
    result = score_domain(
        "sample", banks, {"sample.board": A(S.ISOLATION), "sample.budget": A(S.COMMUNICATION)}
    )
    assert result.exact is not None
    assert round(result.exact, 6) == (1.54 if shown == 1.5 else 1.55)
    assert (result.score, result.stage) == (shown, stage)
    overall = profile(banks, {"sample.board": A(S.ISOLATION), "sample.budget": A(S.COMMUNICATION)})
    assert (overall.overall, overall.overall_stage) == (shown, stage)
