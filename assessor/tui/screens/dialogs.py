"""Small modal dialogs: a multi-line note, and a file path to export to."""

from __future__ import annotations

import asyncio
import io
import mimetypes
from collections.abc import Callable
from pathlib import Path

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from assessor.errors import UserError
from assessor.files.output import write_output
from assessor.tui.literal import CONTROLS_SHOWN, controls_shown, literal


class Writer:
    """What `ExportDialog` saves: the text, made off the event loop; written at a path as the
    command line writes `-o` files (readable by the owner only, never over a folder), or, when
    the app is served to a browser, handed to the browser as a download."""

    def __init__(self, text: Callable[[], str]) -> None:
        self.text = text

    async def __call__(self, path: Path, replace: bool) -> None:
        """Write the file at `path`, replacing one only when told to; raises UserError or
        OSError."""
        await asyncio.to_thread(lambda: write_output(self.text(), str(path), replace))

    async def made(self) -> str:
        return await asyncio.to_thread(self.text)


def file_writer(text: Callable[[], str]) -> Writer:
    return Writer(text)


def offer_export(
    screen: Screen[None], title: str, suggested: Path, text: Callable[[], str], blink: bool
) -> None:
    """Ask where to write `text` (an export of what `screen` shows), write it there, and say so
    in the screen's `#written` label."""

    def written(path: Path | None) -> None:
        if path is not None:
            screen.query_one("#written", Label).update(literal(f"Wrote {path}"))

    screen.app.push_screen(ExportDialog(title, suggested, file_writer(text), blink=blink), written)


NEW_LINE_HINT = "Enter saves · new line: ctrl+j, or alt+enter in most terminals · Esc cancels"


class NoteArea(TextArea):
    """Enter saves the note; ctrl+j or alt+enter starts a new line (many terminals cannot tell
    shift+enter from enter)."""

    class Submitted(Message):
        pass

    def render_line(self, y: int) -> Strip:
        return controls_shown(super().render_line(y))  # a pasted escape is shown, not obeyed

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())
            return
        if event.key in ("ctrl+j", "alt+enter"):
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        await super()._on_key(event)


class NoteDialog(ModalScreen[str | None]):
    """Evidence for the answer given last: its question and the bank's example of evidence."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, evidence: str, blink: bool = True) -> None:
        super().__init__()
        self.question = question
        self.evidence = evidence
        self.blink = blink

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("A note on your answer to:", classes="dialog-title")
            yield Static(literal(self.question), id="note-question", markup=False)
            yield Static(literal(f"For example: {self.evidence}"), id="note-prompt", markup=False)
            area = NoteArea(id="note", soft_wrap=True, show_line_numbers=False)
            area.cursor_blink = self.blink
            yield area
            yield Static(NEW_LINE_HINT, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Save note", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(NoteArea).focus()

    def on_note_area_submitted(self) -> None:
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)

    def _save(self) -> None:
        text = self.query_one(NoteArea).text.strip()
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[Path | None]):
    """Where to write a file, written from here: a new file, or an existing one only when asked
    to replace it. A file that cannot be written is said in one sentence and the dialog stays
    open for another path; it closes with the path written.

    Served to a browser (`assessor serve`) it takes no path at all: the file goes to the browser
    as a download through the server, nothing is written on the server's disk, and it closes
    with None."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, suggested: Path, write: Writer, blink: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.suggested = suggested
        self.write = write
        self.blink = blink

    def compose(self) -> ComposeResult:
        if self.app.is_web:
            yield from self._compose_download()
            return
        with Vertical(id="dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            path_input = Input(str(self.suggested), id="path", highlighter=CONTROLS_SHOWN)
            path_input.cursor_blink = self.blink
            yield path_input
            yield Checkbox("Replace the file if it exists", id="replace")
            yield Static("", id="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def _compose_download(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(
                f"Your browser downloads it as {self.suggested.name}; nothing is written on the "
                "server.",
                id="download-note",
                markup=False,
            )
            yield Static("", id="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Download", id="download", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if self.app.is_web:
            self.query_one("#download", Button).focus()
        else:
            self.query_one("#path", Input).focus()

    def on_input_submitted(self) -> None:
        self._check()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._check()
        elif event.button.id == "download":
            self._deliver()
        else:
            self.dismiss(None)

    @work(exclusive=True, group="export")
    async def _deliver(self) -> None:
        """The text to the browser through textual-serve's download route."""
        name = self.suggested.name
        try:
            text = await self.write.made()
        except UserError as error:
            self.query_one("#problem", Static).update(_sentence(str(error)))
            return
        mime_type = mimetypes.guess_type(name)[0] or "text/plain"
        self.app.deliver_text(io.StringIO(text), save_filename=name, mime_type=mime_type)
        self.app.notify(f"{name} is sent to your browser as a download.", markup=False)
        self.dismiss(None)

    def _check(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        problem = self.query_one("#problem", Static)
        if not raw:
            problem.update("Give a file name.")
            return
        target = Path(raw).expanduser().absolute()  # never "-", which the writer takes as stdout
        replace = self.query_one("#replace", Checkbox).value
        if target.exists() and not target.is_dir() and not replace:
            problem.update(
                literal(f"{target.name} already exists: tick 'Replace' or choose another name.")
            )
            return
        problem.update("")
        self._save(target, replace)

    @work(exclusive=True, group="export")
    async def _save(self, target: Path, replace: bool) -> None:
        try:
            await self.write(target, replace)
        except UserError as error:
            self.query_one("#problem", Static).update(literal(_sentence(str(error))))
            return
        except OSError as error:
            reason = error.strerror or str(error)
            self.query_one("#problem", Static).update(literal(f"Cannot write {target}: {reason}."))
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _sentence(text: str) -> str:
    """The writer's message as a sentence: a capital first, a full stop last."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")
