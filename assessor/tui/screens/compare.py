"""Two or more assessments of one partnership side by side, with export."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from assessor.report.comparison import ComparisonReport, comparison_for
from assessor.report.render import render_comparison
from assessor.store import Store
from assessor.store.errors import StoreError
from assessor.store.text import DamagedField
from assessor.text.comparison import comparison_lines
from assessor.tui.app import running_app
from assessor.tui.footer import SteadyFooter
from assessor.tui.literal import literal

EXPORTS = {"md": "Markdown", "html": "HTML", "json": "JSON"}


class CompareScreen(Screen[None]):
    CSS_PATH = "../styles/results.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("m", "export('md')", "Export Markdown"),
        Binding("h", "export('html')", "Export HTML"),
        Binding("j", "export('json')", "Export JSON"),
    ]

    def __init__(self, assessment_ids: list[str]) -> None:
        super().__init__()
        self.assessment_ids = assessment_ids
        self.report: ComparisonReport | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results"):
            yield Static("Comparing…", id="comparison")
        with Horizontal(id="exports"):
            for fmt, label in EXPORTS.items():
                yield Button(f"Export {label}", id=f"export-{fmt}", compact=True)
            yield Label("", id="written")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True)
    async def _load(self) -> None:
        app = running_app(self)
        installed, now = app.installed, app.clock()

        def load(store: Store) -> tuple[ComparisonReport, dict[str, list[DamagedField]]]:
            report = comparison_for(store, self.assessment_ids, installed, now)
            return report, {i: store.damaged_text(i) for i in self.assessment_ids}

        try:
            report, damaged = await app.store_thread.run(load)
        except StoreError as error:
            self.query_one("#comparison", Static).update(literal(f"Cannot compare: {error}."))
            return
        self.report = report
        self.query_one("#comparison", Static).update(literal("\n".join(comparison_lines(report))))
        for assessment_id, found in damaged.items():
            app.tell_of_damaged_text(assessment_id, found)

    @on(Button.Pressed, "#exports Button")
    def _export_button(self, event: Button.Pressed) -> None:
        self.action_export((event.button.id or "").removeprefix("export-"))

    def action_export(self, fmt: str) -> None:
        from assessor.tui.screens.dialogs import offer_export

        report = self.report
        if report is None:
            return
        suggested = Path.cwd() / f"assessor-compare-{'-'.join(self.assessment_ids[:3])}.{fmt}"
        offer_export(
            self,
            f"Export the comparison as {EXPORTS[fmt]}",
            suggested,
            lambda: render_comparison(report, fmt),
            blink=running_app(self).blink,
        )

    def action_back(self) -> None:
        self.dismiss(None)
