"""Widgets the screens share: chat bubbles, quick replies, the levels panel, progress and
stage bars."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from assessor.continuum import STAGES, Stage
from assessor.conversation import BotMessage, Kind, Option
from assessor.conversation.session import DomainProgress
from assessor.conversation.wording import OPTIONS_LINE
from assessor.tui.literal import literal, literal_str

BAR_WIDTH = 8
STAGE_COLOURS = {
    Stage.ISOLATION: "#c0392b",
    Stage.COMMUNICATION: "#d35400",
    Stage.COORDINATION: "#b7950b",
    Stage.COLLABORATION: "#27ae60",
    Stage.INTEGRATION: "#1e8449",
}


class BotBubble(Static):
    """A message from the bot, its kind shown by its class (question, confirm, error...).

    The engine speaks plain text (the same words the plain chat prints), so the bubble styles
    it rather than parsing it as Markdown: the question itself in bold.
    """

    DEFAULT_CSS = """
    BotBubble { margin: 0 8 1 0; padding: 0 1; background: $boost; border-left: wide $primary; }
    BotBubble.question { border-left: wide $accent; }
    BotBubble.confirm { border-left: wide $warning; }
    BotBubble.error { border-left: wide $error; }
    BotBubble.summary, BotBubble.pointer { border-left: wide $success; }
    BotBubble.definition { border-left: wide $secondary; }
    """

    def __init__(self, message: BotMessage, shown: str | None = None) -> None:
        self.shown = message.text if shown is None else shown  # the words, before layout
        super().__init__(_styled(message, self.shown), markup=False, classes=message.kind.value)
        self.message = message


def _styled(message: BotMessage, shown: str) -> Text:
    """Text, not a Rich layout, so the transcript can be selected and copied."""
    # The numbered options are the quick-reply buttons here, not a line of text.
    # visible first: a control character that Python counts as a line break (\x85, \x1c)
    # is shown, not broken at
    lines = [line for line in literal_str(shown).splitlines() if line != OPTIONS_LINE]
    text = Text()
    if message.definition is not None and message.definition.term is not None:
        parts = message.definition  # the term in bold, from the message's parts
        text.append(parts.heading, style="bold")
        text.append(f": {parts.meaning}")
        if parts.closing:
            text.append(f"\n{parts.closing}", style="dim")
        return text
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        if message.kind is Kind.QUESTION and number == 0:
            text.append(line, style="dim")
        elif message.kind is Kind.QUESTION and number == 1:
            text.append(line, style="bold")
        else:
            text.append(line)
    return text


class UserBubble(Static):
    """What the person said: plain text, never interpreted as markup."""

    DEFAULT_CSS = """
    UserBubble { margin: 0 0 1 12; padding: 0 1; background: $primary 30%; text-align: right; }
    """

    def __init__(self, text: str) -> None:
        super().__init__(literal(text), markup=False)
        self.said = text


class LevelsPanel(Vertical):
    """The current question's five descriptors; the stages the bot proposes are highlighted."""

    DEFAULT_CSS = """
    LevelsPanel { height: auto; }
    LevelsPanel .level { margin-bottom: 1; }
    LevelsPanel .level.proposed { background: $warning 25%; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Label("What each stage looks like", classes="panel-title")
        for stage in STAGES:
            yield Static("", id=f"level-{stage.value}", classes="level")

    def show(self, options: tuple[Option, ...], proposed: tuple[Stage, ...] = ()) -> None:
        self.display = bool(options)  # no question open: nothing to describe
        for option in options:
            widget = self.query_one(f"#level-{option.stage.value}", Static)
            line = Text()
            line.append(
                f"{option.number} {option.label}", style=f"bold {STAGE_COLOURS[option.stage]}"
            )
            if option.stage in proposed:
                line.append("  ◀ proposed", style="bold")
            line.append("\n" + literal_str(option.descriptor))
            widget.update(line)
            widget.set_class(option.stage in proposed, "proposed")


class ProgressPanel(Static):
    """Progress per domain, one line each: the domain, a bar, and the count (the current domain
    in bold), compact enough to stay in view above the levels."""

    DEFAULT_CSS = """
    ProgressPanel { height: auto; margin-bottom: 1; }
    """

    def show(self, domains: tuple[DomainProgress, ...], current: str | None = None) -> None:
        grid = Table.grid(expand=True, padding=(0, 1, 0, 0))
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(width=BAR_WIDTH, no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(Text("Progress", style="bold"), "", "")
        for domain in domains:
            filled = round(BAR_WIDTH * domain.answered / domain.total) if domain.total else 0
            bar = Text("█" * filled, style="green")
            bar.append("░" * (BAR_WIDTH - filled), style="dim")
            style = "bold" if domain.bank_id == current else ""
            # done of the most that may be asked: "≤" while answers to come decide the rest
            total = f"≤{domain.total}" if domain.undecided else str(domain.total)
            grid.add_row(literal(domain.title, style), bar, f"{domain.answered}/{total}")
        self.update(grid)


class QuickReplies(Horizontal):
    """The quick-reply buttons; left and right move between the ones shown."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous button", show=False),
        Binding("right", "step(1)", "Next button", show=False),
    ]

    def action_step(self, step: int) -> None:
        shown = [b for b in self.query(Button) if b.display and not b.disabled]
        focused = self.screen.focused
        if focused in shown:
            shown[(shown.index(focused) + step) % len(shown)].focus()


def stage_bar(title: str, score: float | None, stage: Stage | None, width: int = 30) -> Text:
    """A labelled bar: colour is never the only signal, the stage is written beside it."""
    text = Text()
    text.append(f"{literal_str(title)}\n", style="bold")
    if score is None or stage is None:
        text.append("░" * width, style="dim")
        text.append("  not scored")
        return text
    filled = round(width * score / 5)
    text.append("█" * filled, style=STAGE_COLOURS[stage])
    text.append("░" * (width - filled), style="dim")
    text.append(f"  {stage.value} {score:.1f}")
    return text
