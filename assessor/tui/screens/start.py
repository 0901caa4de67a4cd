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
    Input,
    Label,
    SelectionList,
    Static,
)

from assessor.analysis.summaries import Overview, overviews
from assessor.sessions import AreaClash, NewAssessment
from assessor.store import Store
from assessor.store.errors import StoreError
from assessor.store.records import Mode, Partnership
from assessor.terminal_text import visible
from assessor.tui.app import running_app
from assessor.tui.footer import SteadyFooter
from assessor.tui.literal import CONTROLS_SHOWN, literal, literal_str
from assessor.tui.screens.earlier_list import (
    ID_CELLS,
    OPTIONAL_COLUMNS,
    RESULT_CELLS,
    STARTED_CELLS,
    cell,
    details_text,
    name_cells,
    result_text,
    started_text,
)

NO_ROW = "Your earlier assessments will be listed here."
RECENT_LIMIT = 50  # rows the list of earlier assessments holds: the most recent, or found
FIND_PROMPT = "Find by partnership or area"
LOOKING = "Looking up your earlier assessments…"
AREA_PROMPT = "Area, e.g. council (optional)"
LEAD_PROMPT = "Who is answering (optional)"
TALL = 38  # rows from which the form has room for full-size fields


class StartScreen(Screen[None]):
    CSS_PATH = "../styles/start.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]
    BINDINGS = [
        Binding("ctrl+n", "focus_new", "New assessment"),
        Binding("ctrl+r", "focus_recent", "Earlier assessments"),
        Binding("space", "mark", "Mark to compare", show=False),
        Binding("ctrl+k", "compare", "Compare marked"),
        Binding("ctrl+g", "app.programme", "Programme view", show=False),
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
                    for field_id, placeholder in (("area", AREA_PROMPT), ("lead", LEAD_PROMPT)):
                        field = Input(
                            placeholder=placeholder, id=field_id, highlighter=CONTROLS_SHOWN
                        )
                        field.cursor_blink = running_app(self).blink
                        yield field
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
                    find = Input(
                        placeholder=FIND_PROMPT, id="find", compact=True, highlighter=CONTROLS_SHOWN
                    )
                    find.cursor_blink = running_app(self).blink
                    yield find
                    yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="unshown", markup=False)
                    yield Static(LOOKING, id="details", markup=False)
        yield SteadyFooter()

    def __init__(self) -> None:
        super().__init__()
        self.marked: list[str] = []
        self.summaries: list[Overview] = []
        self.back_from_chat = False  # set when a chat opens over this screen
        self._optional: set[str] | None = None
        self._unlisted = LOOKING  # what the line under the table says while there are no rows
        self._found = 0  # assessments the list could hold: every one, or those found
        self._areas: dict[str, tuple[str, str]] = {}  # a partnership's name, folded: name, area
        self._change_area: tuple[str, str] | None = None  # asked once, confirmed by a 2nd start

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
        """The table's columns for the width: the start and the id only when there is room (the
        line under the table gives them for the highlighted row). Each row is two lines: a
        column's first line says what it is, the second tells apart two of one partnership."""
        optional = self._optional or set()  # _fit has set it by the time a list is loaded
        name_width = name_cells(self.size.width, optional) - 2
        widths = {
            "mark": 1,
            "id": ID_CELLS - 2,
            "partnership": name_width,
            "started": STARTED_CELLS - 2,
            "result": RESULT_CELLS - 2,
        }
        table = self.query_one("#recent", DataTable)
        table.clear(columns=True)
        table.add_column(" ", key="mark", width=1)
        if "id" in optional:
            table.add_column("id", key="id", width=widths["id"])
        table.add_column("partnership", key="partnership", width=name_width)
        if "started" in optional:
            table.add_column("started, by", key="started", width=widths["started"])
        table.add_column("result", key="result", width=widths["result"])
        for summary in self.summaries:
            a = summary.assessment
            cells = {
                "mark": "✓" if a.id in self.marked else " ",
                "id": a.id,
                "partnership": a.partnership,
                "started": started_text(summary),
                "result": result_text(summary),
            }
            table.add_row(
                *(cell(cells[key]) for key in (str(c.key.value) for c in table.columns.values())),
                key=a.id,
                height=2,
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

        words = self.query_one("#find", Input).value

        def load(store: Store) -> tuple[list[Overview], int, list[Partnership]]:
            recent, found = store.recent_assessments(RECENT_LIMIT, words=words)
            summaries = overviews(store, recent, lambda: installed, installed.files)
            return summaries, found, store.partnerships()

        try:
            summaries, self._found, partnerships = await running_app(self).store_thread.run(load)
        except StoreError as error:  # busy, unreadable: said where the list would be, not empty
            said = str(error)
            self._unlisted = f"{said[:1].upper()}{said[1:]}. Ctrl+R looks again."
            self.summaries = []
            self._fill_table()
            return
        self._unlisted = NO_ROW
        self.summaries = list(reversed(summaries))  # newest first
        self._fill_table()
        self._say_unshown(" ".join(words.split()))
        self._areas = {p.name.casefold(): (p.name, p.area) for p in partnerships}
        # a name that shows differently from how it is typed is not suggested: accepted, its
        # visible form would name another partnership
        names = [p.name for p in partnerships if visible(p.name) == p.name]
        self.query_one("#partnership", Input).suggester = SuggestFromList(
            names, case_sensitive=False
        )
        self._area_hint()

    def _say_unshown(self, words: str) -> None:
        """Under the list: how many assessments it leaves out, or that none was found."""
        left_out = self._found - len(self.summaries)
        if words and not self._found:
            said = f"No partnership or area holds '{words}'."
        elif left_out and words:
            said = f"{left_out:,} more found, not shown: the {RECENT_LIMIT} most recent are."
        elif left_out:
            said = (
                f"{left_out:,} earlier not shown: the {RECENT_LIMIT} most recent are. "
                "Find a partnership or area above."
            )
        else:
            said = ""
        shown = self.query_one("#unshown", Static)
        shown.update(literal(said))
        shown.display = bool(said)

    @on(Input.Changed, "#find")
    def _find(self) -> None:
        self.refresh_recent()

    @on(Input.Submitted, "#find")
    def _to_list(self) -> None:
        self.query_one("#recent", DataTable).focus()

    @on(Input.Changed, "#partnership")
    def _area_hint(self) -> None:
        """A partnership already known: its area, kept unless another is typed."""
        name = " ".join(self.query_one("#partnership", Input).value.split())
        _, area = self._areas.get(name.casefold(), ("", ""))
        self.query_one("#area", Input).placeholder = (
            literal_str(f"Area: {area} (kept)") if area else AREA_PROMPT
        )

    @on(Button.Pressed, "#begin")
    @on(Input.Submitted, "#partnership")
    @on(Input.Submitted, "#area")
    @on(Input.Submitted, "#lead")
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
        area = " ".join(self.query_one("#area", Input).value.split())
        lead = " ".join(self.query_one("#lead", Input).value.split())
        change_area = self._change_area == (name.casefold(), area)
        self._change_area = None
        self.query_one("#partnership", Input).value = ""  # a second Enter starts no second one
        mode: Mode = "workshop" if self.query_one("#workshop", Checkbox).value else "individual"
        running_app(self).start_assessment(
            name,
            running_app(self).installed.select(bank_ids),
            mode,
            NewAssessment(area=area, lead=lead, change_area=change_area),
        )

    def area_clash(self, clash: AreaClash) -> None:
        """The area given is not the partnership's: said, and a second start changes it."""
        self._change_area = (clash.partnership.casefold(), clash.given)
        self.query_one("#partnership", Input).value = clash.partnership
        self.query_one("#problem", Label).update(
            literal(
                f"{clash.partnership}'s area is {clash.area}. Start again to change it to "
                f"{clash.given}, or clear the area to keep it."
            )
        )
        self.query_one("#area", Input).focus()

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
        for field_id in ("#area", "#lead"):
            self.query_one(field_id, Input).value = ""
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
        table.update_cell(row_key, "mark", cell("✓" if assessment_id in self.marked else " "))

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
