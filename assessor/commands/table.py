"""Printing a plain-text table on the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from assessor.text.table import format_table


def print_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> None:
    print("\n".join(format_table(header, rows, right)))
