"""Setting a domain's target from the results, as `assessor targets NAME DOMAIN=STAGE --by`
does: the dialog that asks for it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from assessor.continuum import STAGES, Stage
from assessor.store.records import BY_LIMIT, clean_by
from assessor.tui.literal import CONTROLS_SHOWN, literal


@dataclass(frozen=True)
class DomainTarget:
    """A domain as the dialog offers it: its target now, if the partnership has one."""

    domain_id: str
    title: str
    stage: Stage | None = None  # the partnership's target
    by: str = ""
    now: Stage | None = None  # the stage the domain's score bands to


@dataclass(frozen=True)
class TargetChange:
    """What the dialog closes with: a target to set, or (stage None) one to clear."""

    domain_id: str
    stage: Stage | None
    by: str = ""


def suggested_stage(domain: DomainTarget) -> Stage:
    """The stage first offered: the target set, else one stage above where the domain is now
    (as a domain with no target aims), else communication."""
    if domain.stage is not None:
        return domain.stage
    if domain.now is None:
        return Stage.COMMUNICATION
    return STAGES[min(STAGES.index(domain.now) + 1, len(STAGES) - 1)]


class TargetDialog(ModalScreen[TargetChange | None]):
    """A domain, the stage to aim at and by when; Set stores it for the partnership (every
    plan and report of it aims there), Clear goes back to one stage up."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, partnership: str, domains: list[DomainTarget], first: str | None = None
    ) -> None:
        super().__init__()
        self.partnership = partnership
        self.domains = {d.domain_id: d for d in domains}
        self.first = first if first in self.domains else domains[0].domain_id

    def compose(self) -> ComposeResult:
        first = self.domains[self.first]
        with Vertical(id="dialog"):
            yield Label(
                literal(f"A target for {self.partnership}"), classes="dialog-title", markup=False
            )
            yield Label("Domain")
            yield Select(
                ((literal(d.title), d.domain_id) for d in self.domains.values()),
                value=first.domain_id,
                allow_blank=False,
                id="domain",
                compact=True,
            )
            yield Label("Stage to reach", classes="field")
            yield Select(
                ((f"{s.value_number} {s.label}", s.value) for s in STAGES),
                value=suggested_stage(first).value,
                allow_blank=False,
                id="stage",
                compact=True,
            )
            yield Label("By when (optional), e.g. March 2027", classes="field")
            by = Input(first.by, id="by", highlighter=CONTROLS_SHOWN, max_length=BY_LIMIT * 2)
            yield by
            yield Static("", id="now", classes="hint", markup=False)
            yield Static("", id="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Set", id="set", variant="primary", compact=True)
                yield Button("Clear", id="clear", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._show_now()
        self.query_one("#stage", Select).focus()

    @on(Select.Changed, "#domain")
    def _domain_chosen(self) -> None:
        domain = self._domain()
        self.query_one("#stage", Select).value = suggested_stage(domain).value
        self.query_one("#by", Input).value = domain.by
        self.query_one("#problem", Static).update("")
        self._show_now()

    def _domain(self) -> DomainTarget:
        return self.domains[str(self.query_one("#domain", Select).value)]

    def _show_now(self) -> None:
        domain = self._domain()
        if domain.stage is None:
            now = "No target set: the plan aims one stage up."
        else:
            by = f" by {domain.by}" if domain.by else ""
            now = f"Its target now: {domain.stage.value}{by}."
        self.query_one("#now", Static).update(literal(now))
        self.query_one("#clear", Button).disabled = domain.stage is None

    @on(Button.Pressed, "#set")
    @on(Input.Submitted, "#by")
    def _set(self) -> None:
        try:
            by = clean_by(self.query_one("#by", Input).value)
        except ValueError as error:
            said = str(error)
            self.query_one("#problem", Static).update(literal(f"{said[:1].upper()}{said[1:]}."))
            self.query_one("#by", Input).focus()
            return
        stage = Stage(str(self.query_one("#stage", Select).value))
        self.dismiss(TargetChange(self._domain().domain_id, stage, by))

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(TargetChange(self._domain().domain_id, None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
