"""The facilitator's panel for a workshop's room, beside the chat: how to join (address, code,
and the QR code while people arrive), who has rated and who has not (never what) and, once
revealed, the spread as a dot plot, kept in view until the next question.

Everything a person typed (names, organisations, comments) is shown literally; a sector is
always said in words, so colour is never the only sign of it.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from assessor.room.qr_text import qr_lines
from assessor.room.spread_text import after_the_plot, dot_rows
from assessor.room.views import FacilitatorView, Reveal, RosterEntry
from assessor.tui.literal import literal

# each state in words, with a sign before it that reads the same without colour
STATE_SHOWN = {
    "rated": ("✓", "rated", "green"),
    "not yet": ("…", "not yet", ""),
    "away": ("○", "away", "dim"),
}
PHASE_SHOWN = {
    "waiting": "Joining: say Ready when all are in",
    "rating": "Rating, blind",
    "revealed": "Revealed",
    "finished": "Every question is done",
    "closed": "The room has closed",
}


def spread_table(reveal: Reveal) -> Table:
    """The dot plot with the stages in a column of their own (a long row of names wraps beside
    its stage)."""
    plot = Table.grid(padding=(0, 1, 0, 0))
    plot.add_column(no_wrap=True)
    plot.add_column()
    for stage, placed in dot_rows(reveal):
        plot.add_row(Text(stage, style="bold" if "median" in placed else ""), literal(placed))
    return plot


def address_lines(address: str) -> tuple[str, str]:
    """The join address in two lines: where the room is, then the secret that opens it, whole
    on a line of its own ('http://192.168.1.23:8010/r/', 'kX2…Q/'), so a narrow panel never
    breaks the secret in the middle (its 22 characters fit any panel the app shows)."""
    where, slash, secret = address.rstrip("/").rpartition("/")
    return where + slash, secret + address[len(address.rstrip("/")) :]


def roster_line(entry: RosterEntry, waiting: bool = False) -> Text:
    """'✓ AB · Council · rated': the state in words and a sign, never the rating itself (before
    the first question, 'here')."""
    sign, words, style = STATE_SHOWN[entry.state]
    if waiting and entry.state == "not yet":
        sign, words = "•", "here"
    line = Text(f"{sign} ", style=style)
    line.append_text(literal(entry.person.name, "bold"))
    sector = entry.person.sector_label or ("added here" if not entry.on_device else "")
    if sector:
        line.append(f" · {sector}")
    line.append(f" · {words}", style=style)
    return line


class RoomPanel(Vertical):
    """Shows a `FacilitatorView` and the room's join address."""

    BINDINGS = [Binding("delete", "remove", "Remove", tooltip="Take them off the roster")]

    DEFAULT_CSS = """
    RoomPanel { height: 1fr; }
    RoomPanel #room-join { height: auto; }
    RoomPanel #room-qr { height: auto; width: auto; color: #ffffff; background: #000000; }
    RoomPanel #room-phase { height: auto; text-style: bold; color: $accent; margin-top: 1; }
    RoomPanel #room-spread { height: auto; max-height: 60%; border: round $warning; }
    RoomPanel #room-roster { height: 1fr; min-height: 3; border: round $primary 50%; }
    """

    def __init__(self, address: str, loopback: bool = False, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.address = address
        self.loopback = loopback  # only this machine can join: said, so nobody waits on it
        self.view: FacilitatorView | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="room-join", markup=False)
        yield Static("\n".join(qr_lines(self.address)), id="room-qr", markup=False)
        yield Label("", id="room-phase", markup=False)
        with VerticalScroll(id="room-spread", can_focus=False):
            yield Static("", id="room-plot", markup=False)
            yield Static("", id="room-spread-text", markup=False)
        yield OptionList(id="room-roster", markup=False)

    def on_mount(self) -> None:
        self.query_one("#room-spread").display = False
        self.query_one("#room-spread").border_title = "The spread"
        self.query_one("#room-roster", OptionList).border_title = "In the room"

    def show(self, view: FacilitatorView) -> None:
        self.view = view
        join = Text("Join: ", style="bold")
        where, secret = address_lines(self.address)
        join.append_text(literal(where))
        join.append("\n")
        join.append_text(literal(secret))
        join.append("\nCode: ", style="bold")
        join.append(view.code, style="bold reverse")
        if self.loopback and view.phase == "waiting":
            join.append(
                "\nThis computer only, so no QR code. For phones on the room's Wi-Fi, quit "
                "and start again with --expose (README: Running a room).",
                style="italic",
            )
        self.query_one("#room-join", Static).update(join)
        # a phone cannot reach this computer's own address: no QR code for it
        self.query_one("#room-qr").display = view.phase == "waiting" and not self.loopback
        phase = PHASE_SHOWN[view.phase]
        if view.phase in ("rating", "revealed"):
            phase += f" · {view.rated} of {view.of} rated"
        self.query_one("#room-phase", Label).update(phase)
        spread = self.query_one("#room-spread")
        spread.display = view.reveal is not None
        if view.reveal is not None:
            self.query_one("#room-plot", Static).update(spread_table(view.reveal))
            self.query_one("#room-spread-text", Static).update(
                literal("\n".join(after_the_plot(view.reveal)))
            )
        roster = self.query_one("#room-roster", OptionList)
        highlighted = roster.highlighted
        roster.clear_options()
        roster.add_options(
            [
                Option(roster_line(entry, view.phase == "waiting"), id=str(entry.id))
                for entry in view.roster
            ]
        )
        if view.roster:
            roster.highlighted = min(highlighted or 0, len(view.roster) - 1)
        roster.border_subtitle = f"{len(view.roster)} people · Delete removes"

    class Remove(Message):
        """The facilitator asked to take this person off the roster."""

        def __init__(self, participant_id: int) -> None:
            super().__init__()
            self.participant_id = participant_id

    def action_remove(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.post_message(self.Remove(chosen))

    def chosen(self) -> int | None:
        """The participant highlighted in the roster, if any."""
        roster = self.query_one("#room-roster", OptionList)
        if roster.highlighted is None:
            return None
        option = roster.get_option_at_index(roster.highlighted)
        return int(option.id) if option.id else None
