"""The engine's messages carry their parts, and the app shows them from the parts, never by
reading the engine's words: the help and the progress are lists (`Listing`), set out in columns
in the text a terminal shows and as a bubble's entries in the app."""

from __future__ import annotations

from pathlib import Path

from assessor.banks import load_builtin
from assessor.conversation import BotMessage, Kind, conversation_for
from assessor.sessions import begin
from assessor.store import Store
from assessor.tui.view import shown_text

GOVERNANCE = load_builtin().select(["governance"])


def _said(tmp_path: Path, mode: str, lines: list[str]) -> list[BotMessage]:
    with Store(tmp_path / f"{mode}.db") as store:
        assessment = begin(store, "Riverside", GOVERNANCE, mode=mode)  # type: ignore[arg-type]
        chat = conversation_for(store, assessment.id, GOVERNANCE)
        chat.start()
        return [m for line in lines for m in chat.reply(line)]


def test_the_help_is_columns_on_a_terminal_and_a_list_in_the_app(tmp_path: Path) -> None:
    (own,) = _said(tmp_path, "individual", ["help"])
    assert "  why        why this question matters" in own.text.splitlines()
    assert "  what is JSNA?  what a term in the question means (the question stays open)" in (
        own.text.splitlines()
    )
    shown = shown_text(own).splitlines()
    assert shown[0] == own.text.splitlines()[0]  # the line before the list, as it is
    assert shown[1:3] == [
        "• why — why this question matters",
        "• levels — what each stage looks like for this question",
    ]
    (workshop,) = _said(tmp_path, "workshop", ["help"])
    text = workshop.text.splitlines()
    assert (
        "  health 3          rate for everyone from an organisation or sector (council, health,"
        in (text)
    )
    assert "                    education, early years, voluntary)" in text
    shown = shown_text(workshop).splitlines()
    assert (
        "• health 3 — rate for everyone from an organisation or sector (council, health, "
        "education, early years, voluntary)"
    ) in shown
    assert "• EF abstain — someone abstains; 'GH not sure' records don't know" in shown
    assert "• add AB, ORG, ROLE — someone joins; 'remove AB' someone leaves" in shown
    assert "• progress / summary — how far we are / the agreed profile so far" in shown
    assert len(shown) == 1 + len(workshop.listing.entries)  # type: ignore[union-attr]


def test_the_progress_is_a_list_of_domains_in_the_app(tmp_path: Path) -> None:
    progress = _said(tmp_path, "individual", ["3", "progress"])[-1]
    assert progress.kind is Kind.PROGRESS
    line = "Governance and leadership: 1 of 9 done, 1 answered with a stage"
    assert progress.text.splitlines()[1] == f"  {line}"
    assert shown_text(progress).splitlines()[1] == f"• {line}"


def test_words_set_out_like_columns_are_shown_as_they_are(tmp_path: Path) -> None:
    """A message without a list's parts is shown as its text, whatever its words look like: a
    bank's help text or a descriptor set out in two columns is not made a list."""
    text = (
        "Why this matters:\n  boards   meet monthly\n  groups   share minutes\n  leads    sign off"
    )
    assert shown_text(BotMessage(Kind.HELP, text)) == text
