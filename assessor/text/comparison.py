"""A comparison of repeat assessments as plain lines of text, for the terminal and the app."""

from __future__ import annotations

from assessor.report.comparison import (
    ComparisonReport,
    change_words,
    follow_up_summary,
    not_assessed_lines,
)
from assessor.text.table import format_table


def comparison_lines(report: ComparisonReport, verbose: bool = False) -> list[str]:
    """The comparison as plain lines; `verbose` lists question ids too."""
    labels = [a.label for a in report.assessments]
    view = "Two views of" if report.between_leads else "Progress of"
    lines = [
        f"{view} {report.partnership}: "
        + ", ".join(
            f"{a.id} ({a.started_at.date().isoformat()}{', ' + a.lead if a.lead else ''})"
            for a in report.assessments
        ),
        "",
    ]
    rows = []
    for d in report.domains:
        cells = [
            "-" if s is None else f"{s:.1f} {stage}"
            for s, stage in zip(d.scores, d.stages, strict=True)
        ]
        figure, note = change_words(d, report.between_leads)
        shown = note if figure == "-" and note else f"{figure} ({note})" if note else figure
        rows.append((d.title, *cells, shown))
    change = "difference" if report.between_leads else "change"
    both = "both views" if report.between_leads else "the first and the latest assessment"
    lines += format_table(("domain", *labels, change), rows, right=tuple(range(1, len(labels) + 1)))
    lines.append(
        f"({change.capitalize()}: over the questions {both} answered with a stage; where those "
        "are not all they answered, the two scores over those questions are given with it.)"
    )
    c = report.counts
    if report.between_leads:
        summary = (
            f"Questions: {c['unchanged']} seen the same, "
            f"{c['improved'] + c['declined']} seen differently "
            f"({c['improved']} higher in the second view, {c['declined']} lower), "
            f"{c['not compared']} not compared."
        )
    else:
        summary = (
            f"Questions: {c['improved']} improved, {c['declined']} declined, "
            f"{c['unchanged']} unchanged, {c['not compared']} not compared."
        )
    lines += ["", summary]
    areas = not_assessed_lines(report)
    if areas:
        lines.append("Not assessed every time (not compared, and not a change in the banks):")
        for line, area in zip(areas, report.not_assessed, strict=True):
            lines.append(f"  {line}" + (f": {', '.join(area.questions)}" if verbose else ""))
    for label, ids in (
        ("New in the banks", report.new_questions),
        ("No longer asked", report.removed_questions),
        ("Reworded in the banks", report.reworded_questions),
    ):
        if ids:
            lines.append(f"{label}: {', '.join(ids)}")
    if report.follow_ups and not report.between_leads:
        lines.append(f"Plan of {report.follow_ups_of}: {follow_up_summary(report)}")
    if not verbose and report.not_assessed:
        lines.append("(--verbose lists the questions' ids.)")
    return lines
