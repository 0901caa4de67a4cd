"""The programme view as plain lines of text, for the terminal and the app."""

from __future__ import annotations

from assessor.report.programme import (
    SPREAD_NOTE,
    ProgrammeReport,
    change_text,
    overall_text,
    score_text,
    since_text,
)
from assessor.text.table import format_table


def programme_lines(report: ProgrammeReport) -> list[str]:
    """One block per partnership (a table of its domains), then each domain's spread."""
    where = f" in {report.area}" if report.area else ""
    count = len(report.partnerships)
    lines = [
        f"Programme view{where}: {count} partnership{'' if count == 1 else 's'} with a complete "
        f"assessment, {report.sharing} of them sharing their scores with the programme.",
    ]
    if not report.partnerships:
        lines.append("No partnership has a complete assessment yet.")
    titles = {d.id: d.title for d in report.domains}
    for row in report.partnerships:
        area = f" ({row.area})" if row.area else ""
        shares = "shares its scores" if row.shares_scores else "does not share its scores"
        lines += [
            "",
            f"{row.partnership}{area}: assessment {row.assessment_id} of "
            f"{row.started_at.date().isoformat()}, overall {overall_text(row)}, "
            f"coverage {round(row.coverage * 100)}%; {shares}; changes {since_text(row)}.",
        ]
        rows = [
            (
                titles[c.id],
                score_text(c),
                f"{c.answered}/{c.asked}" + (" low" if c.low_coverage else ""),
                change_text(c.change),
            )
            for c in row.domains
        ]
        lines += [
            "  " + line
            for line in format_table(("domain", "score", "coverage", "change"), rows, right=(2,))
        ]
    if report.spreads:
        lines += ["", "Each domain across the partnerships:"]
        lines += [
            "  " + line
            for line in format_table(
                ("domain", "partnerships", "median", "middle half"),
                [
                    (
                        s.title,
                        str(s.partnerships),
                        "-" if s.median is None else f"{s.median:.1f}",
                        "-"
                        if s.lower_quartile is None or s.upper_quartile is None
                        else f"{s.lower_quartile:.1f}-{s.upper_quartile:.1f}",
                    )
                    for s in report.spreads
                ],
                right=(1, 2, 3),
            )
        ]
        lines.append(f"({SPREAD_NOTE})")
    if report.not_listed:
        lines += ["", "No complete assessment yet: " + ", ".join(report.not_listed) + "."]
    return lines
