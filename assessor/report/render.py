"""Rendering a report: Markdown and HTML from jinja2 templates, JSON and CSV from the model.

Templates come from `reports/` (shipped in the package), or first from `--templates DIR` so an
area can brand its report; a custom folder's templates run in a process of their own, with
limits on time, memory and size. All run in jinja2's sandbox; user text is only ever data:
escaped in HTML and in Markdown by default, and guarded against spreadsheet formulas in CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from jinja2 import TemplateError

from assessor.report.board import board_context
from assessor.report.charts import line_chart, overlay, radar
from assessor.report.comparison import (
    ComparisonReport,
    change_words,
    follow_up_summary,
    not_assessed_lines,
)
from assessor.report.environment import ANSWER_WORDS as ANSWER_WORDS
from assessor.report.environment import answer_words as answer_words
from assessor.report.environment import link_sentence, symbolic_link_in, template_environment
from assessor.report.errors import ReportError
from assessor.report.markdown import markdown_text as markdown_text
from assessor.report.model import Report
from assessor.report.programme import (
    SPREAD_NOTE,
    ProgrammeReport,
    change_text,
    overall_text,
    score_text,
    since_text,
)
from assessor.terminal_text import visible, visible_json

FORMATS = ("md", "html", "json", "csv", "board", "board-md")
TEMPLATE_NAMES = {
    "md": "report.md.j2",
    "html": "report.html.j2",
    # the one-page summary a partnership takes to its board: HTML to print, Markdown to email
    "board": "board.html.j2",
    "board-md": "board.md.j2",
}
# which escaping a template's output needs: each template format is HTML or Markdown
MARKUP_OF = {"md": "md", "html": "html", "board": "html", "board-md": "md"}


def _rendered(model: Report | ComparisonReport, fmt: str, custom: Path | None) -> str:
    """A report or comparison through its template: ours here; with a custom folder, in a
    process of its own, stopped when it runs too long, takes too much memory or writes too
    much (see `isolated`)."""
    if custom is None:
        return render_here(model, fmt, None)
    if not custom.is_dir():
        raise ReportError(f"--templates {custom} is not a folder")
    link = symbolic_link_in(custom)
    if link is not None:
        raise ReportError(f"--templates {custom} cannot be used: {link_sentence(link)}")
    from assessor.report.isolated import render_isolated

    return render_isolated(model, fmt, custom, _name(model, fmt))


def render_here(
    model: Report | ComparisonReport, fmt: str, custom: Path | None, max_chars: int | None = None
) -> str:
    """Render in this process; `max_chars` stops a template that writes more."""
    if isinstance(model, Report):
        context = board_context(model) if fmt.startswith("board") else _report_context(model)
    else:
        context = _comparison_context(model)
    return _template(_name(model, fmt), MARKUP_OF[fmt], custom, context, max_chars)


def _name(model: Report | ComparisonReport, fmt: str) -> str:
    return (TEMPLATE_NAMES if isinstance(model, Report) else COMPARISON_TEMPLATES)[fmt]


def _template(
    name: str, fmt: str, custom: Path | None, context: dict, max_chars: int | None = None
) -> str:
    env = template_environment(fmt, None if custom is None else str(custom))
    try:
        template = env.get_template(name)
        if max_chars is None:
            return template.render(**context)
        return _within(template.generate(**context), max_chars, name)
    except TemplateError as error:
        where = getattr(error, "filename", None) or name
        line = getattr(error, "lineno", None)
        place = f"{where}:{line}" if line else where
        raise ReportError(f"the report template {place} cannot be used: {error.message}") from None
    except UnicodeDecodeError:
        raise ReportError(f"the report template {name} is not UTF-8 text") from None
    except MemoryError:
        raise ReportError(
            f"the report template {name} needed more memory than a report may use and was stopped"
        ) from None
    except ReportError:
        raise
    except Exception as error:  # a custom template failing as it runs (1/0, huge ranges, ...)
        if custom is None:
            raise
        raise ReportError(f"the report template {name} failed as it ran: {error}") from None


def _within(parts: Iterator[str], max_chars: int, name: str) -> str:
    made: list[str] = []
    size = 0
    for part in parts:
        size += len(part)
        if size > max_chars:
            raise ReportError(
                f"the report template {name} wrote more than {max_chars:,} characters "
                "and was stopped"
            )
        made.append(part)
    return "".join(made)


def _report_context(report: Report) -> dict:
    by_order = {a.order: a for a in report.plan.actions}
    return {
        "report": report,
        "radar": radar(report.domains) if len(report.domains) >= 3 else None,
        "order_of": {a.id: a.order for a in report.plan.actions},
        "domain_of": {d.id: d for d in report.domains},
        # the domains whose questions shown do not all weigh the same: their tables show weights
        "weighed_domains": {
            d.id
            for d in report.domains
            if len({q.weight for q in d.questions if q.asked or q.answer}) > 1
        },
        "top": [by_order[n] for n in report.plan.top_priorities],
        "horizons": [
            (label, [a for a in report.plan.actions if a.horizon == key])
            for key, label in (
                ("now", "Now (0-3 months)"),
                ("next", "Next (3-12 months)"),
                ("later", "Later (12+ months)"),
            )
        ],
    }


def _safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula, its control characters shown as
    `\\uXXXX` as in every report file. A number (not text that looks like one) is written as
    it is: a negative change, -0.3, is a number to a spreadsheet, not a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else visible(str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list[list[object]]) -> str:
    """CSV with a byte-order mark, so that Excel reads it as UTF-8 (accents, curly quotes)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    return buffer.getvalue()


def _json(model: Report | ComparisonReport | ProgrammeReport) -> str:
    """The model as JSON with every control character and bidi control written `\\uXXXX`
    (`visible_json`): the data reads back exactly while the file holds no live control."""
    return visible_json(model.model_dump_json(indent=2)) + "\n"


def answers_csv(report: Report) -> str:
    rows: list[list[object]] = [
        [
            "domain",
            "domain_title",
            "question_id",
            "question",
            "answer",
            "value",
            "descriptor",
            "words",
            "note",
        ]
    ]
    for domain in report.domains:
        for q in domain.questions:
            if not q.asked and q.answer is None:
                continue
            rows.append(
                [
                    domain.id,
                    domain.title,
                    q.id,
                    q.text,
                    "no-consensus" if q.no_consensus else q.answer or "",
                    q.value or "",
                    q.descriptor or "",
                    q.words,
                    q.note,
                ]
            )
    return _csv(rows)


def plan_csv(report: Report) -> str:
    order_of = {a.id: a.order for a in report.plan.actions}
    titles = {d.id: d.title for d in report.domains}
    rows: list[list[object]] = [
        [
            "order",
            "horizon",
            "kind",
            "action_id",
            "action",
            "owner",
            "timescale",
            "priority",
            "weight_x_gap",
            "quick_win",
            "after",
            "check_first",
            "domain",
            "question_id",
            "question",
            "note",
            "why",
        ]
    ]
    for a in report.plan.actions:
        rows.append(
            [
                a.order,
                a.horizon_label,
                a.kind,
                a.id,
                a.text,
                a.owner,
                a.timescale,
                a.priority_band,
                f"{a.priority:g}",
                "yes" if a.quick_win else "",
                " ".join(f"#{order_of[d]}" for d in a.depends_on),
                " | ".join(a.check_first),
                " | ".join(
                    dict.fromkeys(titles.get(s.domain_id, s.domain_title) for s in a.sources)
                ),
                " | ".join(s.question_id for s in a.sources),
                " | ".join(s.question_text for s in a.sources),
                " | ".join(s.note for s in a.sources if s.note),
                a.why,
            ]
        )
    return _csv(rows)


def render(report: Report, fmt: str, templates: Path | None = None, plan: bool = False) -> str:
    """The report in `fmt` (md, html, json or csv; csv is the plan with `plan`; board and
    board-md: the one-page board summary in HTML or Markdown)."""
    if fmt == "json":
        return _json(report)
    if fmt == "csv":
        return plan_csv(report) if plan else answers_csv(report)
    if fmt in TEMPLATE_NAMES:
        return _rendered(report, fmt, templates)
    raise ReportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")


COMPARISON_FORMATS = ("md", "html", "json")
COMPARISON_TEMPLATES = {"md": "compare.md.j2", "html": "compare.html.j2"}


def render_comparison(comparison: ComparisonReport, fmt: str, templates: Path | None = None) -> str:
    """A comparison of repeat assessments in `fmt` (md, html or json)."""
    if fmt == "json":
        return _json(comparison)
    if fmt not in COMPARISON_TEMPLATES:
        choices = ", ".join(COMPARISON_FORMATS)
        raise ReportError(f"unknown format '{fmt}' for a comparison; choose one of {choices}")
    return _rendered(comparison, fmt, templates)


def _comparison_context(comparison: ComparisonReport) -> dict:
    labels = [a.label for a in comparison.assessments]
    over_time = not comparison.between_leads
    # the radar is drawn over the domains scored in both the first and the latest assessment:
    # a domain one of them did not score has no point, not a point at the centre
    on_radar = [
        d for d in comparison.domains if d.scores[0] is not None and d.scores[-1] is not None
    ]
    chart, first_shape, latest_shape = overlay(
        [d.title for d in on_radar],
        [d.scores[0] for d in on_radar],
        [d.scores[-1] for d in on_radar],
    )
    return {
        "report": comparison,
        "lines": line_chart(labels, [(d.title, d.scores) for d in comparison.domains])
        if over_time
        else None,
        # a radar needs three axes to make a shape; with fewer, the template draws bars
        "radar": chart if len(on_radar) >= 3 else None,
        "first_shape": first_shape,
        "latest_shape": latest_shape,
        "off_radar": [d.title for d in comparison.domains if d not in on_radar],
        "labels": labels,
        "change_words": change_words,
        "not_assessed_lines": not_assessed_lines(comparison),
        "not_assessed_note": {
            area.id: change_words(domain, comparison.between_leads)[1]
            for area in comparison.not_assessed
            for domain in comparison.domains
            if domain.id == area.id
        },
        "follow_up_summary": follow_up_summary(comparison) if comparison.follow_ups else "",
    }


PROGRAMME_FORMATS = ("md", "html", "json", "csv")
PROGRAMME_TEMPLATES = {"md": "programme.md.j2", "html": "programme.html.j2"}


def render_programme(programme: ProgrammeReport, fmt: str) -> str:
    """The programme view in `fmt` (md, html, json or csv: one row per partnership and
    domain)."""
    if fmt == "json":
        return _json(programme)
    if fmt == "csv":
        return programme_csv(programme)
    if fmt not in PROGRAMME_TEMPLATES:
        choices = ", ".join(PROGRAMME_FORMATS)
        raise ReportError(f"unknown format '{fmt}' for the programme view; choose one of {choices}")
    context = {
        "report": programme,
        "titles": {d.id: d.title for d in programme.domains},
        "cells": [{c.id: c for c in row.domains} for row in programme.partnerships],
        "score_text": score_text,
        "change_text": change_text,
        "overall_text": overall_text,
        "since_text": since_text,
        "spread_note": SPREAD_NOTE,
    }
    return _template(PROGRAMME_TEMPLATES[fmt], fmt, None, context)


def programme_csv(programme: ProgrammeReport) -> str:
    """One row per partnership and domain, every cell safe from spreadsheet formulas."""
    titles = {d.id: d.title for d in programme.domains}
    rows: list[list[object]] = [
        [
            "partnership",
            "area",
            "shares_scores",
            "assessment_id",
            "started_at",
            "domain",
            "domain_title",
            "score",
            "stage",
            "answered",
            "asked",
            "coverage",
            "previous_assessment_id",
            "change",
        ]
    ]
    for row in programme.partnerships:
        for cell in row.domains:
            rows.append(
                [
                    row.partnership,
                    row.area,
                    "yes" if row.shares_scores else "no",
                    row.assessment_id,
                    row.started_at.isoformat(),
                    cell.id,
                    titles.get(cell.id, cell.id),
                    "" if cell.score is None else round(cell.score, 1),
                    cell.stage or "",
                    cell.answered,
                    cell.asked,
                    f"{cell.coverage:.3f}",
                    row.previous_id or "",
                    "" if cell.change is None else round(cell.change, 1),
                ]
            )
    return _csv(rows)
