"""Widgets the screens share: chat bubbles, the levels panel, progress and stage bars."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar, Static

from assessor.continuum import STAGES, Stage
from assessor.conversation import BotMessage, Kind, Option
from assessor.conversation.engine import OPTIONS_LINE, DomainProgress

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
    BotBubble.summary { border-left: wide $success; }
    """

    def __init__(self, message: BotMessage) -> None:
        super().__init__(_styled(message), markup=False, classes=message.kind.value)
        self.message = message


def _styled(message: BotMessage) -> Text:
    # The numbered options are the quick-reply buttons here, not a line of text.
    lines = [line for line in message.text.splitlines() if line != OPTIONS_LINE]
    text = Text()
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
        super().__init__(Text(text), markup=False)
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
        for option in options:
            widget = self.query_one(f"#level-{option.stage.value}", Static)
            line = Text()
            line.append(
                f"{option.number} {option.label}", style=f"bold {STAGE_COLOURS[option.stage]}"
            )
            if option.stage in proposed:
                line.append("  ◀ proposed", style="bold")
            line.append("\n" + option.descriptor)
            widget.update(line)
            widget.set_class(option.stage in proposed, "proposed")


class ProgressPanel(Vertical):
    """Progress per domain, a bar each."""

    DEFAULT_CSS = """
    ProgressPanel { height: auto; }
    ProgressPanel ProgressBar { margin-bottom: 1; }
    ProgressPanel Bar { width: 1fr; }
    """

    def show(self, domains: list[DomainProgress]) -> None:
        existing = {bar.id: bar for bar in self.query(ProgressBar)}
        if not existing:
            self.mount(Label("Progress", classes="panel-title"))
            for domain in domains:
                self.mount(Label(domain.title, classes="domain-title"))
                self.mount(
                    ProgressBar(
                        total=max(domain.total, 1),
                        show_eta=False,
                        show_percentage=False,
                        id=f"progress-{domain.bank_id}",
                    )
                )
            existing = {}
        for domain in domains:
            bar_id = f"progress-{domain.bank_id}"
            bar = existing.get(bar_id) or self.query_one(f"#{bar_id}", ProgressBar)
            bar.update(total=max(domain.total, 1), progress=domain.answered)


def stage_bar(title: str, score: float | None, stage: Stage | None, width: int = 30) -> Text:
    """A labelled bar: colour is never the only signal, the stage is written beside it."""
    text = Text()
    text.append(f"{title}\n", style="bold")
    if score is None or stage is None:
        text.append("░" * width, style="dim")
        text.append("  not scored")
        return text
    filled = round(width * score / 5)
    text.append("█" * filled, style=STAGE_COLOURS[stage])
    text.append("░" * (width - filled), style="dim")
    text.append(f"  {stage.value} {score:.1f}")
    return text
