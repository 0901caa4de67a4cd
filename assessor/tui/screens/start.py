"""The start screen: a new assessment, or one from before (resume or see its results)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
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
from assessor.store.errors import StoreError
from assessor.store.records import Mode
from assessor.summaries import Overview, overviews
from assessor.terminal_text import visible
from assessor.tui.app import running_app
from assessor.tui.literal import CONTROLS_SHOWN, literal

NO_ROW = "Your earlier assessments will be listed here."
LOOKING = "Looking up your earlier assessments…"
MODES = {"individual": "self", "workshop": "workshop"}
# The table's optional columns and the screen width from which each is shown.
OPTIONAL_COLUMNS = {"date": 96, "id": 116}
TALL = 30  # rows from which the form has room for full-size fields


def result_text(summary: Overview) -> str:
    """The overall stage of a complete assessment, or where one in progress stands."""
    if summary.assessment.status != "complete":
        return "in progress"
    return summary.overall_text.replace(" (low coverage)", "*")


def details_text(summary: Overview) -> str:
    """Everything about one assessment, for the line under the table."""
    a = summary.assessment
    mode = "workshop" if a.mode == "workshop" else "self-assessment"
    status = "in progress" if a.status != "complete" else "complete"
    action = "see the results" if a.status == "complete" else "carry on"
    return (
        f"{a.id} · {a.partnership} · {mode} · started {a.started_at.date().isoformat()} · "
        f"{status} · overall {summary.overall_text}. Enter: {action}; space: mark to compare."
    )


class StartScreen(Screen[None]):
    CSS_PATH = "../styles/start.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]
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
                with VerticalScroll(id="new", can_focus=False):
                    yield Label("New assessment", classes="section")
                    name = Input(
                        placeholder="Partnership name", id="partnership", highlighter=CONTROLS_SHOWN
                    )
                    name.cursor_blink = running_app(self).blink
                    yield name
                    yield Label("Areas to cover", classes="field")
                    installed = running_app(self).installed
                    yield SelectionList[str](
                        *((literal(b.title), b.id, True) for b in installed.banks), id="banks"
                    )
                    yield Checkbox("Workshop: several voices", id="workshop")
                    yield Label("", id="problem")
                    yield Button("Start the assessment", id="begin", variant="primary")
                with Vertical(id="earlier"):
                    yield Label("Earlier assessments", classes="section")
                    yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
                    yield Static(LOOKING, id="details", markup=False)
        yield Footer()

    def __init__(self) -> None:
        super().__init__()
        self.marked: list[str] = []
        self.summaries: list[Overview] = []
        self.back_from_chat = False  # set when a chat opens over this screen
        self._optional: set[str] | None = None
        self._unlisted = LOOKING  # what the line under the table says while there are no rows

    def on_mount(self) -> None:
        self.query_one("#partnership", Input).focus()
        self._fit()
        self.refresh_recent()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Full-size fields when there is room; compact ones on a short screen (80x24)."""
        short = self.size.height < TALL
        for widget in self.query("#new Input, #new SelectionList, #new Checkbox, #new Button"):
            if isinstance(widget, Input | SelectionList | Checkbox | Button):
                widget.compact = short
        columns = {c for c, width in OPTIONAL_COLUMNS.items() if self.size.width >= width}
        if columns != self._optional:
            self._optional = columns
            self._fill_table()

    def _fill_table(self) -> None:
        """The table's columns for the width: the date and the id only when there is room (the
        line under the table gives them for the highlighted row)."""
        optional = self._optional or set()  # _fit has set it by the time a list is loaded
        table = self.query_one("#recent", DataTable)
        table.clear(columns=True)
        table.add_column(" ", key="mark", width=1)
        if "id" in optional:
            table.add_column("id", key="id")
        table.add_column("partnership", key="partnership")
        if "date" in optional:
            table.add_column("date", key="date")
        table.add_column("mode", key="mode")
        table.add_column("result", key="result")
        for summary in self.summaries:
            a = summary.assessment
            cells = {
                "mark": "✓" if a.id in self.marked else " ",
                "id": a.id,
                "partnership": a.partnership,
                "date": a.started_at.date().isoformat(),
                "mode": MODES.get(a.mode, a.mode),
                "result": result_text(summary),
            }
            table.add_row(
                *(literal(cells[str(c.key.value)]) for c in table.columns.values()), key=a.id
            )
        self._show_details()

    @on(DataTable.RowHighlighted, "#recent")
    def _show_details(self) -> None:
        table = self.query_one("#recent", DataTable)
        details = self.query_one("#details", Static)
        if not self.summaries or table.row_count == 0:
            details.update(literal(self._unlisted))
            return
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        summary = next(s for s in self.summaries if s.assessment.id == row.value)
        details.update(literal(details_text(summary)))

    @work(exclusive=True, group="recent")
    async def refresh_recent(self) -> None:
        installed = running_app(self).installed
        banks_key = ",".join(f"{b.id}@{b.version}" for b in installed.banks)

        def load(store: Store) -> tuple[list[Overview], list[str]]:
            summaries = overviews(store, store.assessments(), lambda: installed, banks_key)
            # a name that shows differently from how it is typed is not suggested: accepted,
            # its visible form would name another partnership
            return summaries, [p.name for p in store.partnerships() if visible(p.name) == p.name]

        try:
            summaries, names = await running_app(self).store_thread.run(load)
        except StoreError as error:  # busy, unreadable: said where the list would be, not empty
            said = str(error)
            self._unlisted = f"{said[:1].upper()}{said[1:]}. Ctrl+R looks again."
            self.summaries = []
            self._fill_table()
            return
        self._unlisted = NO_ROW
        self.summaries = list(reversed(summaries))  # newest first
        self._fill_table()
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
        mode: Mode = "workshop" if self.query_one("#workshop", Checkbox).value else "individual"
        running_app(self).start_assessment(
            name,
            running_app(self).installed.select(bank_ids),
            mode,
        )

    @on(DataTable.RowSelected, "#recent")
    def _open(self, event: DataTable.RowSelected) -> None:
        assessment_id = str(event.row_key.value)
        summary = next(s for s in self.summaries if s.assessment.id == assessment_id)
        if summary.assessment.status == "complete":
            running_app(self).open_results(assessment_id)
        else:
            running_app(self).resume_assessment(assessment_id)

    def on_screen_resume(self) -> None:
        if self.back_from_chat:
            self.back_from_chat = False
            self.call_after_refresh(self._ready_for_another)
        self.refresh_recent()

    def _ready_for_another(self) -> None:
        """Back from an assessment: the form ready for the next one, with the default choices."""
        self.query_one("#banks", SelectionList).select_all()
        self.query_one("#workshop", Checkbox).value = False
        self.query_one("#problem", Label).update("")
        self.query_one("#partnership", Input).focus()

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
        table.update_cell(row_key, "mark", literal("✓" if assessment_id in self.marked else " "))

    def action_compare(self) -> None:
        if len(self.marked) < 2:
            self.notify("Mark two or more assessments of one partnership with space first.")
            return
        from assessor.tui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(list(self.marked)))

    def action_focus_new(self) -> None:
        self.query_one("#partnership", Input).focus()

    def action_focus_recent(self) -> None:
        if self._unlisted != NO_ROW:  # the list could not be read: look again
            self.refresh_recent()
        self.query_one("#recent", DataTable).focus()
