"""Results: the profile by domain, coverage, the action plan, and export."""

from __future__ import annotations

import shlex
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from assessor.continuum import Stage
from assessor.report import Report, render, report_for
from assessor.report.comparison import ComparisonReport, comparison_for
from assessor.store import Store
from assessor.store.errors import StoreError
from assessor.store.text import DamagedField
from assessor.text.profile import (
    answered_of,
    coverage_notes,
    coverage_sentence,
    partly_scored_sentence,
)
from assessor.tui.app import running_app
from assessor.tui.footer import SteadyFooter
from assessor.tui.literal import literal
from assessor.tui.screens.dialogs import ExportDialog, file_writer
from assessor.tui.screens.targets import DomainTarget, TargetChange, TargetDialog
from assessor.tui.widgets import stage_bar

EXPORTS = {"md": ("Markdown", "md"), "html": ("HTML", "html"), "json": ("JSON", "json")}


class ResultsScreen(Screen[None]):
    CSS_PATH = "../styles/results.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        # short, so the footer fits 80 columns with ctrl+q Quit; the buttons say them in full
        Binding("t", "target", "Target", tooltip="Set or change a domain's target"),
        Binding("m", "export('md')", "Markdown", tooltip="Export the report as Markdown"),
        Binding("h", "export('html')", "HTML", tooltip="Export the report as HTML"),
        Binding("j", "export('json')", "JSON", tooltip="Export the report as JSON"),
    ]

    def __init__(self, assessment_id: str) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.report: Report | None = None
        self._shown_width = 0  # the width the bars and the plan were last wrapped to

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results"):
            yield Static("Loading the results…", id="heading")
            yield Static("", id="overall")
            yield Static("", id="bars")
            yield Static("", id="since")
            yield Static("", id="targets")
            yield Static("", id="plan")
        with Horizontal(id="exports"):
            yield Button("Set a target", id="target", compact=True)
            for fmt, (label, _) in EXPORTS.items():
                yield Button(f"Export {label}", id=f"export-{fmt}", compact=True)
            yield Label("", id="written")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True)
    async def _load(self) -> None:
        app = running_app(self)
        installed, clock = app.installed, app.clock

        def load(store: Store) -> tuple[Report, ComparisonReport | None, list[DamagedField]]:
            report = report_for(store, self.assessment_id, installed, now=clock())
            damaged = store.damaged_text(self.assessment_id)
            this = store.assessment(self.assessment_id)
            earlier = [
                a
                for a in store.assessments(this.partnership)
                if a.status == "complete" and (a.started_at, a.id) < (this.started_at, this.id)
            ]
            if not earlier:
                return report, None, damaged
            since = comparison_for(store, [earlier[-1].id, this.id], installed, clock())
            return report, since, damaged

        report, since, damaged = await app.store_thread.run(load)
        self.report = report
        self._show(report)
        if since is not None:
            self.query_one("#since", Static).update(_since_text(since))
        app.tell_of_damaged_text(self.assessment_id, damaged)

    def _show(self, report: Report) -> None:
        a = report.assessment
        self.query_one("#heading", Static).update(
            Text.assemble(
                literal(a.partnership, "bold"),
                literal(f" · assessment {a.id} · {a.status} · started {a.started_at.date()}"),
            )
        )
        self.query_one("#overall", Static).update(_overall_text(report))
        # the lines that wrap are wrapped here, to the width they have, with a hanging indent
        width = self.query_one("#plan", Static).content_size.width
        self.query_one("#bars", Static).update(_bars_text(report, width))
        self.query_one("#targets", Static).update(_targets_text(report))
        self.query_one("#plan", Static).update(_plan_text(report, width))
        self._shown_width = width
        if not width:  # not laid out yet: again once it is
            self.call_after_refresh(self._show_again)

    def _show_again(self) -> None:
        if self.report is not None and self.query_one("#plan", Static).content_size.width:
            self._show(self.report)

    def on_resize(self) -> None:
        """Wrap again to the new width."""
        if self.report is not None:
            self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        width = self.query_one("#plan", Static).content_size.width
        if self.report is not None and width != self._shown_width:
            self._show(self.report)

    @on(Button.Pressed, "#exports Button")
    def _export_button(self, event: Button.Pressed) -> None:
        if event.button.id == "target":
            self.action_target()
            return
        self.action_export((event.button.id or "").removeprefix("export-"))

    def action_target(self) -> None:
        """Set or change a domain's target for the partnership (as `assessor targets` does),
        then show the plan that aims at it."""
        if self.report is None:
            return
        report = self.report
        stored = {t.domain_id: t for t in report.plan.targets_in_use if t.source == "stored"}
        domains = [
            DomainTarget(
                d.id,
                d.title,
                Stage(stored[d.id].stage) if d.id in stored else None,
                stored[d.id].by if d.id in stored else "",
                Stage(d.stage) if d.stage else None,
            )
            for d in report.domains
        ]
        partnership = report.assessment.partnership

        def chosen(change: TargetChange | None) -> None:
            if change is not None:
                self._change_target(partnership, change)

        self.app.push_screen(TargetDialog(partnership, domains), chosen)

    @work(exclusive=True, group="target")
    async def _change_target(self, partnership: str, change: TargetChange) -> None:
        def store_it(store: Store) -> None:
            if change.stage is None:
                store.clear_target(partnership, change.domain_id)
            else:
                store.set_target(partnership, change.domain_id, change.stage, change.by)

        try:
            await running_app(self).store_thread.run(store_it)
        except StoreError as error:
            said = str(error)
            self.notify(
                f"{said[:1].upper()}{said[1:]}.", title="The target was not set", severity="error"
            )
            return
        self._load()

    def action_export(self, fmt: str) -> None:
        if self.report is None:
            return
        label, extension = EXPORTS[fmt]
        suggested = Path.cwd() / f"assessor-{self.assessment_id}.{extension}"

        report = self.report

        def written(path: Path | None) -> None:
            if path is not None:
                self.query_one("#written", Label).update(literal(f"Wrote {path}"))
                self.notify(f"Wrote {path}", title="Report exported")

        self.app.push_screen(
            ExportDialog(
                f"Export the report as {label}",
                suggested,
                file_writer(lambda: render(report, fmt)),
                blink=running_app(self).blink,
            ),
            written,
        )

    def action_back(self) -> None:
        self.dismiss(None)


def _overall_text(report: Report) -> Text:
    """The overall stage and score, and how many questions have a stage."""
    o = report.overall
    overall = Text()
    if o.stage:
        overall.append("Overall: ", style="bold")
        overall.append(f"{o.stage} ({o.score:.1f} of 5)", style="bold")
    else:
        overall.append("Overall: not scored yet", style="bold")
    overall.append(f"\nCoverage: {coverage_sentence(o.answered, o.asked, o.may_add)}.")
    if o.low_coverage:
        overall.append(
            "\nUnder half the questions have a stage: treat these scores as provisional.",
            style="bold",
        )
    if partly := partly_scored_sentence(o.partly_scored):
        overall.append_text(literal(f"\n{partly}"))
    return overall


_WRAPPING = Console(width=1000, color_system=None)  # only measures: Text.wrap needs a console


def hanging(lead: str | Text, body: Text, width: int) -> Text:
    """`body` after `lead`, each line it wraps onto indented to start under its first (a
    hanging indent), wrapped to `width` cells; left to the widget (which wraps to the left
    edge) when the width is not known yet or too narrow to indent."""
    shown = lead.copy() if isinstance(lead, Text) else Text(lead)
    indent = shown.cell_len
    if width < indent + 12:
        return shown + body
    for number, line in enumerate(body.wrap(_WRAPPING, width - indent)):
        if number:
            shown.append("\n" + " " * indent)
        shown.append_text(line)
    return shown


def _bars_text(report: Report, width: int = 0) -> Text:
    """Each domain's stage as a bar, with how many of its questions were answered and how."""
    bars = Text()
    for d in report.domains:
        *above, bar = stage_bar(d.title, d.score, Stage(d.stage) if d.stage else None).split("\n")
        for line in above:  # the domain's title
            bars.append_text(line)
            bars.append("\n")
        extra = coverage_notes(
            not_applicable=d.not_applicable,
            dont_know=d.dont_know,
            no_consensus=d.no_consensus,
            skipped=d.skipped,
            unanswered=d.unanswered,
            low_coverage=bool(d.asked and d.low_coverage),
        )
        low = "low coverage" in extra
        if low:
            extra.remove("low coverage")
        counts = Text(
            f"{answered_of(d.answered, d.asked, d.may_add)} answered"
            + (", " + ", ".join(extra) if extra else "")
        )
        if low:  # as the chat's summary flags it, and marked so it is seen
            counts.append(", ")
            counts.append("low coverage", style="bold reverse")
        bars.append_text(hanging(bar + Text("   "), counts, width))
        bars.append("\n")
    return bars


def _plan_text(report: Report, width: int = 0) -> Text:
    """The action plan, by horizon: each action with its owner, timescale and priority."""
    plan = Text()
    plan.append("Action plan\n", style="bold underline")
    legend = report.plan.priority_legend or report.plan.priority_rule
    plan.append_text(literal(legend + "\n", "dim"))
    if not report.plan.actions:
        plan.append("No actions: every answered question is at its target.\n")
    for key, label in (
        ("now", "Now (0-3 months)"),
        ("next", "Next (3-12 months)"),
        ("later", "Later (12+ months)"),
    ):
        actions = [x for x in report.plan.actions if x.horizon == key]
        if not actions:
            continue
        plan.append(f"\n{label}\n", style="bold")
        for x in actions:
            action = literal(x.text)
            if x.quick_win:
                action.append("  [quick win]", style="bold green")
            plan.append_text(hanging(f"{x.order:>3}. ", action, width))
            said = literal(f"{x.owner} · {x.timescale} · {x.priority_band} priority", "dim")
            plan.append("\n")
            plan.append_text(hanging("     ", said, width))
            plan.append("\n")
    return plan


def _targets_text(report: Report) -> Text:
    """The targets the plan aims at; T sets one (as `assessor targets` does)."""
    text = Text()
    text.append("Targets", style="bold")
    in_use = report.plan.targets_in_use
    if not in_use:
        command = f"assessor targets {shlex.quote(report.assessment.partnership)}"
        text.append(": none set, so every domain aims one stage up.")
        text.append(
            literal(
                f"\n  t sets one here; on the command line:\n  {command} "
                "data_sharing=collaboration --by 'March 2027'\n",
                "dim",
            )
        )
        return text
    text.append(" (the plan aims at these; other domains one stage up). t changes one.\n")
    for t in in_use:
        text.append(literal(f"  {t.domain_title}: "))
        text.append(literal(t.stage, "bold"))
        if t.by:
            text.append(literal(f" by {t.by}"))
        source = "given for this report"
        if t.source == "stored":
            source = "the partnership's target" + (f", set {t.set_at.date()}" if t.set_at else "")
        text.append(f"  ({source})\n", style="dim")
    return text


def _since_text(since: ComparisonReport) -> Text:
    """Movement since the partnership's previous complete assessment."""
    previous = since.assessments[0]
    c = since.counts
    text = Text()
    text.append(
        f"Since {previous.started_at.date().isoformat()} (assessment {previous.id})\n", style="bold"
    )
    text.append(
        f"{c['improved']} questions improved, {c['declined']} declined, {c['unchanged']} unchanged"
        f" ({c['not compared']} not compared).\n"
    )
    for d in since.domains:
        if d.change is not None:
            arrow = "▲" if d.change > 0 else "▼" if d.change < 0 else "="
            text.append(literal(f"  {arrow} {d.title}: {d.scores[0]:.1f} → {d.scores[-1]:.1f}\n"))
    return text
