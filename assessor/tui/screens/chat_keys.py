"""The chat screen's keys: which its footer shows at each width, which act only with a room
open, and the commands they run (help, scrolling, a note, the results, the transcript's
export, pausing)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import ActiveBinding
from textual.containers import VerticalScroll
from textual.widgets import Input

from assessor.conversation import is_workshop
from assessor.tui.app import running_app
from assessor.tui.screens.chat_room import RoomChat

if TYPE_CHECKING:
    # the dialogs, the results and the transcript's export load when their key is pressed
    from assessor.banks.models import Question


# With a room open the footer gives the room's keys the place of those a room needs less
# (every one of them stays in the command palette).
ROOM_HIDDEN = {"f2", "f3", "f4", "f5", "f6", "f7", "f9", "pageup", "pagedown"}
ROOM_ACTIONS = {"room_say", "remove_person"}


def footer_hidden(width: int, room: bool = False) -> set[str]:
    """The keys left out of the footer at this width, least needed first."""
    hidden = set(ROOM_HIDDEN) if room else set()
    if width < 112:
        hidden |= {"pageup", "pagedown"}
    # room kept for ctrl+q Quit, which every footer shows, and the palette's ctrl+p
    if width < 102:
        hidden.add("f9")
    if width < 92:
        hidden.add("f1")
    if width < 84:
        hidden.add("f2")
    return hidden


class ChatKeys(RoomChat):
    """What the chat's keys do and which of them the footer shows; the keys themselves are
    `ChatScreen.BINDINGS`."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """All bindings, with the footer showing only the keys its width has room for (every
        command stays in the command palette and in the keys panel)."""
        bindings = super().active_bindings
        for key in ("pageup", "pagedown"):
            # The answer line binds these too but lets them through: show the screen's.
            binding = self._bindings.key_to_bindings[key][0]
            bindings.pop(key, None)
            bindings[key] = ActiveBinding(self, binding, True, binding.tooltip)
        hidden = footer_hidden(self.size.width, room=self.room is not None)
        return {
            key: active._replace(binding=replace(active.binding, show=False))
            if key in hidden
            else active
            for key, active in bindings.items()
        }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The room's keys only with a room open; opening one only in a workshop."""
        if action == "open_room":
            return is_workshop(self.conversation)
        if action in ROOM_ACTIONS:
            return self.room is not None and not self.room.closed
        return True

    def action_say(self, text: str) -> None:
        self.send(text)

    def action_scroll(self, where: str) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        {
            "page_up": transcript.scroll_page_up,
            "page_down": transcript.scroll_page_down,
            "home": transcript.scroll_home,
            "end": transcript.scroll_end,
        }[where](animate=False)

    def start_typing(self, text: str) -> None:
        """Put `text` in the answer line for the person to finish (e.g. 'add ')."""
        answer = self.query_one("#answer", Input)
        answer.value = text
        answer.cursor_position = len(text)
        answer.focus()

    def note_target(self) -> Question | None:
        """The question a note goes to: the one answered last."""
        conversation = self.conversation
        target = conversation.last_answered if conversation else None
        return self.bank_set.question(target) if target else None

    def action_note(self) -> None:
        from assessor.tui.screens.dialogs import NoteDialog

        question = self.note_target()
        if question is None:
            self.notify("Answer a question first: a note goes with your last answer.")
            return

        def added(note: str | None) -> None:
            if note:
                self.send(f"note {note}")

        self.app.push_screen(
            NoteDialog(question.text, question.evidence, blink=running_app(self).blink),
            added,
        )

    def action_results(self) -> None:
        from assessor.tui.screens.results import ResultsScreen

        self.app.push_screen(ResultsScreen(self.assessment_id))

    def action_export_transcript(self) -> None:
        from assessor.text.transcript import transcript_markdown
        from assessor.tui.screens.dialogs import ExportDialog, file_writer

        suggested = Path.cwd() / f"assessor-chat-{self.assessment_id}.md"
        transcript = list(self.transcript)  # as it is now, not as it goes on while writing

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Wrote {path}", title="Conversation exported")

        self.app.push_screen(
            ExportDialog(
                "Export the conversation as Markdown",
                suggested,
                file_writer(lambda: transcript_markdown(transcript)),
                blink=running_app(self).blink,
            ),
            written,
        )

    async def action_leave(self) -> None:
        await self._close_room()
        self.dismiss(None)
