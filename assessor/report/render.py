"""Rendering a report: Markdown and HTML from jinja2 templates, JSON and CSV from the model.

Templates come from `reports/` (shipped in the package), or first from `--templates DIR` so an
area can brand its report. They run in jinja2's sandbox; user text is only ever data: escaped in
HTML, escaped for Markdown, and guarded against spreadsheet formulas in CSV.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from assessor.report.charts import colour, line_chart, overlay, radar
from assessor.report.comparison import (
    ComparisonReport,
    change_words,
    follow_up_summary,
    not_assessed_lines,
)
from assessor.report.model import Report
from assessor.resources import templates_dir

FORMATS = ("md", "html", "json", "csv")
TEMPLATE_NAMES = {"md": "report.md.j2", "html": "report.html.j2"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~])")


class ReportError(Exception):
    """A report that cannot be rendered (a broken custom template, a bad folder)."""


def markdown_text(value: object) -> str:
    """User text made literal in Markdown: special characters escaped, one line."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _environment(custom: Path | None) -> SandboxedEnvironment:
    if custom is not None and not custom.is_dir():
        raise ReportError(f"--templates {custom} is not a folder")
    return _shared_environment(None if custom is None else str(custom))


@functools.lru_cache(maxsize=8)
def _shared_environment(custom: str | None) -> SandboxedEnvironment:
    """One environment per templates folder, so a template is compiled once per process
    (compiling is most of a render's time); a template changed on disk is compiled again."""
    loaders = [FileSystemLoader(str(templates_dir()))]
    if custom is not None:
        loaders.insert(0, FileSystemLoader(custom))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["colour"] = colour
    env.filters["one_decimal"] = lambda v: "-" if v is None else f"{v:.1f}"
    env.filters["percent"] = lambda v: f"{round(v * 100)}%"
    env.filters["answer"] = answer_words
    return env


def _template(name: str, custom: Path | None, context: dict) -> str:
    env = _environment(custom)
    try:
        return env.get_template(name).render(**context)
    except TemplateError as error:
        where = getattr(error, "filename", None) or name
        line = getattr(error, "lineno", None)
        place = f"{where}:{line}" if line else where
        raise ReportError(f"the report template {place} cannot be used: {error.message}") from None
    except UnicodeDecodeError:
        raise ReportError(f"the report template {name} is not UTF-8 text") from None
    except Exception as error:  # a custom template failing as it runs (1/0, huge ranges, ...)
        if custom is None:
            raise
        raise ReportError(f"the report template {name} failed as it ran: {error}") from None


def answer_words(value: object) -> str:
    """An answer as people say it: don't know, not applicable, skipped, or the stage."""
    text = "" if value is None else str(value)
    return ANSWER_WORDS.get(text, text)


ANSWER_WORDS = {"dont-know": "don't know", "not-applicable": "not applicable", "skipped": "skipped"}


def _report_context(report: Report) -> dict:
    by_order = {a.order: a for a in report.plan.actions}
    return {
        "report": report,
        "radar": radar(report.domains) if len(report.domains) >= 3 else None,
        "order_of": {a.id: a.order for a in report.plan.actions},
        "domain_of": {d.id: d for d in report.domains},
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
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list[list[object]]) -> str:
    """CSV with a byte-order mark, so that Excel reads it as UTF-8 (accents, curly quotes)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    return buffer.getvalue()


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
                a.priority,
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
    """The report in `fmt` (md, html, json or csv; csv is the plan with `plan`)."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        return plan_csv(report) if plan else answers_csv(report)
    if fmt in TEMPLATE_NAMES:
        return _template(TEMPLATE_NAMES[fmt], templates, _report_context(report))
    raise ReportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")


COMPARISON_FORMATS = ("md", "html", "json")
COMPARISON_TEMPLATES = {"md": "compare.md.j2", "html": "compare.html.j2"}


def render_comparison(comparison: ComparisonReport, fmt: str, templates: Path | None = None) -> str:
    """A comparison of repeat assessments in `fmt` (md, html or json)."""
    if fmt == "json":
        return comparison.model_dump_json(indent=2) + "\n"
    if fmt not in COMPARISON_TEMPLATES:
        choices = ", ".join(COMPARISON_FORMATS)
        raise ReportError(f"unknown format '{fmt}' for a comparison; choose one of {choices}")
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
    context = {
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
    return _template(COMPARISON_TEMPLATES[fmt], templates, context)
