"""The start screen: a new assessment, or one from before (resume or see its results)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Input,
    Label,
    SelectionList,
    Static,
)

from assessor.store import Store
from assessor.summaries import Overview, overviews


class StartScreen(Screen[None]):
    CSS_PATH = "../styles/start.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    BINDINGS = [
        Binding("ctrl+n", "focus_new", "New assessment"),
        Binding("ctrl+r", "focus_recent", "Earlier assessments"),
        Binding("space", "mark", "Mark to compare", show=False),
        Binding("ctrl+k", "compare", "Compare marked"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(
                "[b]assessor[/b] · how joined-up is your family hubs partnership?\n"
                "isolation → communication → coordination → collaboration → integration",
                id="title",
            )
            with Horizontal(id="columns"):
                with Vertical(id="new"):
                    yield Label("New assessment", classes="section")
                    name = Input(placeholder="Partnership name", id="partnership")
                    name.cursor_blink = self.app.blink  # type: ignore[attr-defined]
                    yield name
                    yield Label("Areas to cover", classes="field")
                    installed = self.app.installed  # type: ignore[attr-defined]
                    yield SelectionList[str](
                        *((b.title, b.id, True) for b in installed.banks), id="banks"
                    )
                    yield Checkbox("Workshop: several voices, one agreed answer", id="workshop")
                    yield Label("", id="problem")
                    yield Button("Start the assessment", id="begin", variant="primary")
                with Vertical(id="earlier"):
                    yield Label("Earlier assessments", classes="section")
                    yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
                    yield Label(
                        "Enter: carry on an assessment in progress, or see the results.",
                        classes="hint",
                    )
        yield Footer()

    def __init__(self) -> None:
        super().__init__()
        self.marked: list[str] = []

    def on_mount(self) -> None:
        table = self.query_one("#recent", DataTable)
        table.add_column(" ", key="mark", width=1)
        table.add_columns("id", "partnership", "date", "status", "overall")
        self.query_one("#partnership", Input).focus()
        self.refresh_recent()

    @work(exclusive=True, group="recent")
    async def refresh_recent(self) -> None:
        installed = self.app.installed  # type: ignore[attr-defined]
        banks_key = ",".join(f"{b.id}@{b.version}" for b in installed.banks)

        def load(store: Store) -> tuple[list[Overview], list[str]]:
            summaries = overviews(store, store.assessments(), lambda: installed, banks_key)
            return summaries, [p.name for p in store.partnerships()]

        summaries, names = await self.app.store_thread.run(load)  # type: ignore[attr-defined]
        table = self.query_one("#recent", DataTable)
        table.clear()
        for summary in reversed(summaries):  # newest first
            a = summary.assessment
            table.add_row(
                "✓" if a.id in self.marked else " ",
                a.id,
                a.partnership,
                a.started_at.date().isoformat(),
                a.status,
                summary.overall_text,
                key=a.id,
            )
        self.query_one("#partnership", Input).suggester = SuggestFromList(
            names, case_sensitive=False
        )

    @on(Button.Pressed, "#begin")
    @on(Input.Submitted, "#partnership")
    def _begin(self) -> None:
        name = " ".join(self.query_one("#partnership", Input).value.split())
        chosen = self.query_one("#banks", SelectionList).selected
        problem = self.query_one("#problem", Label)
        if not name:
            problem.update("Give the partnership's name first.")
            self.query_one("#partnership", Input).focus()
            return
        if not chosen:
            problem.update("Choose at least one area.")
            return
        problem.update("")
        self._create(name, list(chosen))

    def _create(self, name: str, bank_ids: list[str]) -> None:
        self.query_one("#partnership", Input).value = ""
        mode = "workshop" if self.query_one("#workshop", Checkbox).value else "individual"
        self.app.start_assessment(  # type: ignore[attr-defined]
            name,
            self.app.installed.select(bank_ids),
            mode,  # type: ignore[attr-defined]
        )

    @on(DataTable.RowSelected, "#recent")
    def _open(self, event: DataTable.RowSelected) -> None:
        assessment_id = str(event.row_key.value)
        status = self.query_one("#recent", DataTable).get_row(event.row_key)[4]
        if status == "complete":
            self.app.open_results(assessment_id)  # type: ignore[attr-defined]
        else:
            self.app.resume_assessment(assessment_id)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        self.refresh_recent()

    def action_mark(self) -> None:
        """Mark or unmark the highlighted assessment for comparing."""
        table = self.query_one("#recent", DataTable)
        if not table.has_focus or table.row_count == 0:
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        assessment_id = str(row_key.value)
        if assessment_id in self.marked:
            self.marked.remove(assessment_id)
        else:
            self.marked.append(assessment_id)
        table.update_cell(row_key, "mark", "✓" if assessment_id in self.marked else " ")

    def action_compare(self) -> None:
        if len(self.marked) < 2:
            self.notify("Mark two or more assessments of one partnership with space first.")
            return
        from assessor.tui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(list(self.marked)))

    def action_focus_new(self) -> None:
        self.query_one("#partnership", Input).focus()

    def action_focus_recent(self) -> None:
        self.query_one("#recent", DataTable).focus()
