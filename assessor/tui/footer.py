"""The footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    """Textual's `Footer` rebuilds all its keys (a widget each) whenever the screen says its
    bindings may have changed: focus moving, a resize, a screen pushed over it. Starting the
    chat says so about six times before the first question is drawn, each time with the same
    keys. This one compares what it would show with what it shows, and rebuilds only on a
    difference; several such calls before the next refresh make one comparison."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: object = None  # what the keys shown were built from; None: no keys yet
        self._checking = False

    def compose(self) -> ComposeResult:
        self._shown = self._to_show() if self._bindings_ready else None
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                # the class its `compact` gives it once mounted, which restyles it then
                widget.add_class("-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._checking:
            self._checking = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._checking = False
        if self.is_attached and self._to_show() != self._shown:
            await self.recompose()

    def _to_show(self) -> object:
        """Everything `Footer.compose` builds its keys from: the bindings it shows (hidden
        ones, such as a focused button's Enter, are not), and the command palette's."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        return (
            tuple(
                (key, binding, enabled, tooltip, app.get_key_display(binding))
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == palette
            ),
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
            palette,
        )
