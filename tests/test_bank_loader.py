"""The bank loader: valid banks load; each kind of problem is reported at its file:line:column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import DATA, column_of, line_of

from assessor.banks import load_bank_set, load_banks
from assessor.cli import main


def write(tmp_path: Path, text: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(*paths: Path) -> list[str]:
    _, problems = load_banks(paths)
    return [str(p) for p in problems]


def test_small_bank_loads_with_yaml_1_1_words_kept_as_text() -> None:
    bank = load_bank_set([DATA / "small_bank.yaml"]).banks[0]
    assert bank.version == "1.10"  # not the float 1.1
    assert bank.questions[0].levels.isolation == "No"  # not the boolean False
    assert bank.questions[0].weight == 2.0
    assert bank.questions[1].ask_if is not None
    assert bank.questions[1].ask_if.at_least == "coordination"


def test_missing_stage_is_located_at_the_levels_key(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace(
        "      integration: One board with delegated authority governs a pooled budget and shared"
        " case records.\n",
        "",
    )
    path = write(tmp_path, text)
    line, col = line_of(text, "levels:"), column_of(text, "levels:")
    assert problems_of(path) == [
        f"{path}:{line}:{col}: questions[0].levels: 'integration' is missing"
    ]


def test_unknown_key_is_named_with_a_suggestion(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace(
        "    evidence: Terms of reference", "    evidance: Terms of reference"
    )
    path = write(tmp_path, text)
    item = line_of(text, "- id: sample.board")
    key = line_of(text, "evidance:")
    assert problems_of(path) == [
        f"{path}:{item}:5: questions[0]: 'evidence' is missing",
        f"{path}:{key}:5: questions[0].evidance: unknown key 'evidance' (did you mean 'evidence'?)",
    ]


def test_duplicate_question_id_within_a_bank(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace("  - id: sample.budget\n", "  - id: sample.board\n")
    text = text.replace("    ask_if: {question: sample.board, at_least: coordination}\n", "")
    text = text.replace("sample.budget.", "sample.board.b_")
    path = write(tmp_path, text)
    line = line_of(text, "How is the pooled budget managed?") - 1
    assert problems_of(path) == [
        f"{path}:{line}:5: questions[1].id: duplicate question id 'sample.board' "
        "(first in bank 'sample')"
    ]


def test_duplicate_question_id_across_banks(tmp_path: Path, small_bank_text: str) -> None:
    first = write(tmp_path, small_bank_text, "first.yaml")
    other = small_bank_text.replace("id: sample\n", "id: other\n").replace("sample.", "other.")
    other = other.replace("other.board", "sample.board", 1)
    # keep descriptors distinct so only the id clash is reported
    other = other.replace("isolation: No", "isolation: Nobody").replace("Partners", "The partners")
    other = other.replace("A multi", "Some multi").replace("A programme", "Some programme")
    other = other.replace("One board", "A single board").replace("Each partner keeps", "Each keeps")
    other = other.replace("Budgets are", "The budgets are").replace("One pooled", "A single pooled")
    second = write(tmp_path, other, "second.yaml")
    found = problems_of(first, second)
    line = line_of(other, "- id: sample.board")
    assert (
        f"{second}:{line}:5: questions[0].id: question id 'sample.board' must start with 'other.'"
        in found
    )
    assert (
        f"{second}:{line}:5: questions[0].id: duplicate question id 'sample.board' "
        "(first in bank 'sample')" in found
    )


def test_yaml_syntax_error_is_located(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace("title: Sample bank for tests", "title: [Sample bank for tests")
    path = write(tmp_path, text)
    opened = f"{line_of(text, 'title: [')}:{column_of(text, '[Sample')}"
    noticed = line_of(text, 'version: "1.10"')
    # The parser notices on the next line, where a ':' follows; it says where the '[' opened.
    assert problems_of(path) == [
        f"{path}:{noticed}:8: YAML syntax error: did not find expected ',' or "
        f"']'; the '[' opened at {opened}"
    ]


def test_duplicate_key_is_an_error_not_last_one_wins(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace(
        "title: Sample bank for tests\n", "title: Sample bank for tests\ntitle: Again\n"
    )
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{line_of(text, 'title: Again')}:1: title: duplicate key 'title'"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path, small_bank_text: str) -> None:
    """Schema errors, a duplicate key and every check across questions, from one file."""
    text = (
        small_bank_text.replace(
            "title: Sample bank for tests\n", "title: Sample bank for tests\ntitle: Again\n"
        )
        .replace(
            "retired_ids: [sample.old_question]",
            "retired_ids: [sample.old_question, sample.budget.pool]",
        )
        .replace("    evidence: Terms of reference", "    evidance: Terms of reference")
        .replace(
            "timescale: 12+ months\n  - id: sample.budget", "timescale: soon\n  - id: sample.budget"
        )
        .replace(
            "ask_if: {question: sample.board, at_least: coordination}",
            "ask_if: {question: sample.bord, at_least: cordination}",
        )
        .replace(
            "source: [002_b413fbeaef338fa7.txt]\n    ask_if",
            "source: [002_b413fbeaef338fa8.txt]\n    ask_if",
        )
        .replace(
            "Partners tell each other what they spend.",
            "Partners send each other updates when asked.",
        )
        .replace("      integration: One pooled budget with one accountable manager.\n", "")
        .replace("after: [sample.board.decide]", "after: [sample.bord.decide]")
    )
    path = write(tmp_path, text)

    def at(fragment: str, occurrence: int = 1, column: int | None = None) -> str:
        line = line_of(text, fragment, occurrence)
        return f"{path}:{line}:{column or column_of(text, fragment, occurrence)}"

    assert problems_of(path) == [
        f"{at('title: Again')}: title: duplicate key 'title'",
        f"{at('- id: sample.board', column=5)}: questions[0]: 'evidence' is missing",
        f"{at('evidance:')}: questions[0].evidance: unknown key 'evidance' "
        "(did you mean 'evidence'?)",
        f"{at('timescale: soon')}: questions[0].actions.collaboration[0].timescale: input should "
        "be '0-3 months', '3-12 months' or '12+ months'",
        f"{at('002_b413fbeaef338fa8.txt')}: questions[1].source[0]: '002_b413fbeaef338fa8.txt' "
        "is not in the bank's source list (did you mean '002_b413fbeaef338fa7.txt'?)",
        f"{at('question: sample.bord')}: questions[1].ask_if.question: ask_if refers to unknown "
        "question 'sample.bord' (did you mean 'sample.board'?)",
        f"{at('at_least: cordination')}: questions[1].ask_if.at_least: input should be "
        "'isolation', 'communication', 'coordination', 'collaboration' or 'integration' "
        "(did you mean 'coordination'?)",
        f"{at('levels:', 2)}: questions[1].levels: 'integration' is missing",
        f"{at('Partners send each other', 2, column=7)}: questions[1].levels.communication: "
        "descriptor repeats word for word that of sample.board (communication)",
        f"{at('sample.bord.decide')}: questions[1].actions.coordination[0].after[0]: after "
        "refers to unknown id 'sample.bord.decide' (did you mean 'sample.board.decide'?)",
        f"{at('id: sample.budget.pool')}: questions[1].actions.collaboration[0].id: "
        "'sample.budget.pool' is a retired id of bank 'sample' and may not be reused",
    ]


def test_near_miss_values_get_a_suggestion(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace("at_least: coordination}", "at_least: Coordination}").replace(
        "timescale: 12+ months\n  - id: sample.budget",
        "timescale: 12 months\n  - id: sample.budget",
    )
    path = write(tmp_path, text)
    found = problems_of(path)
    assert [p.rsplit(" (did you mean ", 1)[-1] for p in found] == [
        "'12+ months'?)",
        "'coordination'?)",
    ]


def test_references_retired_ids_and_repeated_descriptors(
    tmp_path: Path, small_bank_text: str
) -> None:
    text = (
        small_bank_text.replace(
            "ask_if: {question: sample.board,", "ask_if: {question: sample.bord,"
        )
        .replace("after: [sample.board.decide]", "after: [sample.board.decid]")
        .replace(
            "Partners tell each other what they spend.",
            "Partners send each other updates when asked.",
        )
        .replace("  - id: sample.budget\n", "  - id: sample.old_question\n")
        .replace("sample.budget.", "sample.old_question.")
    )
    path = write(tmp_path, text)
    found = problems_of(path)
    ask_line, ask_col = line_of(text, "ask_if:"), column_of(text, "question: sample.bord")
    assert (
        f"{path}:{ask_line}:{ask_col}: questions[1].ask_if.question: "
        "ask_if refers to unknown question "
        "'sample.bord' (did you mean 'sample.board'?)" in found
    )
    assert any(
        "after refers to unknown id 'sample.board.decid' (did you mean 'sample.board.decide'?)" in p
        for p in found
    )
    assert any(
        p.startswith(f"{path}:{line_of(text, 'Partners send each other', 2)}:")
        and "questions[1].levels.communication: descriptor repeats word for word that of "
        "sample.board (communication)"
        in p
        for p in found
    )
    assert any("'sample.old_question' is a retired id" in p for p in found)


def test_ids_must_be_dotted_lower_case_slugs(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace("  - id: sample.board\n", "  - id: Sample Board\n", 1)
    path = write(tmp_path, text)
    found = problems_of(path)
    assert found[0] == (
        f"{path}:{line_of(text, 'Sample Board')}:5: questions[0].id: 'Sample Board' is not a "
        "lower-case id of dotted slugs such as 'governance.board'"
    )


def test_after_cycle_is_reported(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace(
        "          timescale: 0-3 months\n      communication:\n        - id: sample.board.terms",
        "          timescale: 0-3 months\n          after: [sample.board.terms]\n"
        "      communication:\n        - id: sample.board.terms",
    )
    path = write(tmp_path, text)
    found = problems_of(path)
    assert len(found) == 1 and "after forms a cycle: sample.board." in found[0]


def test_file_that_is_not_a_mapping_or_missing(tmp_path: Path) -> None:
    listed = write(tmp_path, "- just\n- a list\n")
    empty = write(tmp_path, "", "empty.yaml")
    missing = tmp_path / "nope.yaml"
    assert problems_of(listed, empty, missing) == [
        f"{listed}:1:1: a bank file must be a mapping with keys such as id and questions",
        f"{empty}:1:1: a bank file must be a mapping with keys such as id and questions",
        f"{missing}:1:1: file not found",
    ]


def test_cli_validate_exit_codes_and_no_traceback(tmp_path: Path, small_bank_text: str) -> None:
    good = write(tmp_path, small_bank_text, "good.yaml")
    bad = write(
        tmp_path, small_bank_text.replace("id: sample\n", "id: sample\nid: again\n"), "bad.yaml"
    )
    ok = subprocess.run(
        [sys.executable, "-m", "assessor", "banks", "validate", str(good)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0 and "all valid" in ok.stdout
    failed = subprocess.run(
        [sys.executable, "-m", "assessor", "banks", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert (
        f"{bad}:{line_of(small_bank_text, 'id: sample') + 1}:1: id: duplicate key 'id'"
        in failed.stderr
    )


def test_cli_main_returns_one_for_a_bad_bank(tmp_path: Path, capsys) -> None:
    bad = write(tmp_path, "schema_version: 2\n")
    assert main(["banks", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:1:1: schema_version: this assessor reads schema_version 1, not 2" in err


def test_a_misspelt_bank_in_an_after_id_is_caught(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace("after: [sample.board.decide]", "after: [sampel.board.decide]")
    path = write(tmp_path, text)
    (problem,) = problems_of(path)
    assert "after refers to unknown id 'sampel.board.decide'" in problem
    assert "(did you mean 'sample.board.decide'?)" in problem


def test_a_bank_alone_may_refer_to_the_installed_banks(
    tmp_path: Path, small_bank_text: str
) -> None:
    from assessor.banks import load_builtin

    text = small_bank_text.replace(
        "after: [sample.board.decide]",
        "after: [sample.board.decide, data_sharing.agreements.map_flows]",
    )
    path = write(tmp_path, text)
    assert problems_of(path) != []  # on its own the other bank's id is unknown
    _, problems = load_banks([path], context=load_builtin())
    assert problems == []
    assert main(["banks", "validate", str(path)]) == 0


def test_a_broken_file_does_not_hide_or_invent_problems_elsewhere(
    tmp_path: Path, small_bank_text: str
) -> None:
    from conftest import other_bank_text

    broken = small_bank_text.replace(
        "      integration: One pooled budget with one accountable manager.\n", ""
    )
    broken_path = write(tmp_path, broken, "broken.yaml")
    other = other_bank_text(small_bank_text).replace(
        "ask_if: {question: other.board,", "ask_if: {question: sample.board,"
    )
    other = other.replace("  - id: other.budget\n", "  - id: sample.budget\n", 1)
    other_path = write(tmp_path, other, "other.yaml")
    found = problems_of(broken_path, other_path)
    # The broken file's ids still count: the other file's reference to 'sample.board' is fine,
    # and its clash with 'sample.budget' is reported as it would be between two valid files.
    assert found == [
        f"{broken_path}:52:5: questions[1].levels: 'integration' is missing",
        f"{other_path}:47:5: questions[1].id: question id 'sample.budget' must start with 'other.'",
        f"{other_path}:47:5: questions[1].id: duplicate question id 'sample.budget' "
        "(first in bank 'sample')",
        *(
            f"{other_path}:{line}:11: questions[1].actions.{stage}[0].id: action id "
            f"'other.budget.{name}' must start with 'sample.budget.'"
            for line, stage, name in (
                (61, "isolation", "share"),
                (66, "communication", "align"),
                (71, "coordination", "joint"),
                (77, "collaboration", "pool"),
            )
        ),
    ]


def test_an_example_under_two_stages_or_twice_is_located(
    tmp_path: Path, small_bank_text: str
) -> None:
    text = small_bank_text.replace(
        "      collaboration: [programme board]\n",
        "      collaboration: [programme board]\n"
        "    examples:\n"
        "      isolation: [Honestly nobody is in charge of it]\n"
        "      coordination: [We meet monthly to line things up,\n"
        "        We meet monthly to line things up]\n"
        "      collaboration: [honestly nobody is in charge of it!]\n",
    )
    path = write(tmp_path, text)
    found = problems_of(path)
    line = line_of(text, "        We meet monthly")
    assert any(
        p.startswith(f"{path}:{line}:")
        and "questions[0].examples.coordination[1]: example 'We meet monthly to line things up' "
        "is listed twice under this stage"
        in p
        for p in found
    ), found
    line = line_of(text, "      collaboration: [honestly")
    assert any(
        p.startswith(f"{path}:{line}:")
        and "example 'honestly nobody is in charge of it!' is also listed under 'isolation'" in p
        for p in found
    ), found
    assert len(found) == 2, found


def test_an_example_too_short_to_mean_anything_is_refused(
    tmp_path: Path, small_bank_text: str
) -> None:
    text = small_bank_text.replace(
        "      collaboration: [programme board]\n",
        "      collaboration: [programme board]\n    examples:\n      isolation: [nope]\n",
    )
    found = problems_of(write(tmp_path, text))
    assert len(found) == 1 and "questions[0].examples.isolation[0]" in found[0], found
