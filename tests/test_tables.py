"""Plain-text tables (`history`, `show`, `compare`): columns line up in a terminal's cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor.answers import AnswerValue
from assessor.cli import main
from assessor.continuum import Stage
from assessor.store import BankUse, Store
from assessor.terminal_text import cell_width
from assessor.text.table import format_table


def test_a_table_pads_wide_characters_by_the_cells_they_take() -> None:
    lines = format_table(
        ("partnership", "stage"),
        [("東京ファミリー 🌟", "coordination"), ("Northshire", "isolation")],
    )
    # every row's second column starts in the same terminal cell
    said = ("stage", "coordination", "isolation")
    starts = [cell_width(line[: line.index(s)]) for line, s in zip(lines, said, strict=True)]
    assert len(set(starts)) == 1, lines


def test_cell_width_counts_wide_combining_and_joined_characters() -> None:
    assert cell_width("abc") == 3
    assert cell_width("東京") == 4
    assert cell_width("🌟") == 2
    assert cell_width("e\u0301") == 1  # e and a combining acute accent
    assert cell_width("\u2764\ufe0f") == 1  # a heart with its variation selector


def test_history_lines_up_a_partnership_named_in_cjk_and_emoji(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.db"
    with Store(db) as store:
        for name in ("東京ファミリー Hub 🌟", "Northshire"):
            a = store.create_assessment(name, [BankUse(bank_id="governance", version="2.7")])
            store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COORDINATION))
    assert main(["history", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, *rows = (line for line in lines if line.strip())
    column = cell_width(header[: header.index("area")])
    for row in rows:
        assert cell_width(row[: row.index(" - ") + 1]) == column, lines
