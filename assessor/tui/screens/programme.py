"""The programme view: every partnership's latest complete assessment, with export."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from assessor.report.programme import ProgrammeReport, programme_for
from assessor.report.render import render_programme
from assessor.store import Store
from assessor.store.errors import StoreError
from assessor.text.programme import programme_lines
from assessor.tui.app import running_app
from assessor.tui.footer import SteadyFooter
from assessor.tui.literal import literal

EXPORTS = {"md": "Markdown", "html": "HTML", "json": "JSON", "csv": "CSV"}


class ProgrammeScreen(Screen[None]):
    CSS_PATH = "../styles/results.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("m", "export('md')", "Markdown", tooltip="Export the programme view as Markdown"),
        Binding("h", "export('html')", "HTML", tooltip="Export the programme view as HTML"),
        Binding("j", "export('json')", "JSON", tooltip="Export the programme view as JSON"),
        Binding("c", "export('csv')", "CSV", tooltip="Export the programme view as CSV"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: ProgrammeReport | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results"):
            yield Static("Gathering every partnership's latest assessment…", id="programme")
        with Horizontal(id="exports"):
            for fmt, label in EXPORTS.items():
                yield Button(f"Export {label}", id=f"export-{fmt}", compact=True)
            yield Label("", id="written")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#results", VerticalScroll).focus()
        self._load()

    @work(exclusive=True)
    async def _load(self) -> None:
        app = running_app(self)
        installed, now = app.installed, app.clock()

        def load(store: Store) -> ProgrammeReport:
            return programme_for(store, installed, now)

        try:
            report = await app.store_thread.run(load)
        except StoreError as error:
            self.query_one("#programme", Static).update(
                literal(f"The programme view cannot be shown: {error}.")
            )
            return
        self.report = report
        self.query_one("#programme", Static).update(literal("\n".join(programme_lines(report))))

    @on(Button.Pressed, "#exports Button")
    def _export_button(self, event: Button.Pressed) -> None:
        self.action_export((event.button.id or "").removeprefix("export-"))

    def action_export(self, fmt: str) -> None:
        from assessor.tui.screens.dialogs import offer_export

        report = self.report
        if report is None:
            return
        suggested = Path.cwd() / f"assessor-programme-{report.generated_at:%Y-%m-%d}.{fmt}"
        offer_export(
            self,
            f"Export the programme view as {EXPORTS[fmt]}",
            suggested,
            lambda: render_programme(report, fmt),
            blink=running_app(self).blink,
        )

    def action_back(self) -> None:
        self.dismiss(None)
