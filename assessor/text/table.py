"""Plain-text tables: columns padded with spaces, no escape codes (screen readers read them
cleanly). Shared by the command line, the plain chat and the app."""

from __future__ import annotations

from collections.abc import Sequence

from assessor.terminal_text import cell_width, pad


def format_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> list[str]:
    all_rows = [list(header), *[list(r) for r in rows]]
    # padded by terminal cells, not characters: a name in CJK or with an emoji stays in line
    widths = [max(cell_width(row[i]) for row in all_rows) for i in range(len(header))]
    lines = []
    for row in all_rows:
        cells = [pad(cell, widths[i], right=i in right) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines
