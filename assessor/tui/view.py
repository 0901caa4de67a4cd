"""What the chat screen shows besides the transcript, read from the conversation after each turn.

`view_of` runs on the store's thread (a workshop's roster and ratings live in the store), so the
screen never touches the store itself. `shown_text` adapts the engine's words to the app: the
profile table becomes a list that fits a bubble, and the pointer to what comes next names app keys.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from assessor.continuum import Stage
from assessor.conversation import BotMessage, Conversation, Kind, Option, is_workshop
from assessor.conversation.engine import DomainProgress, State, options_for
from assessor.profile_text import domain_notes
from assessor.scoring import Profile

# "  why        why this question matters": a name, two spaces or more, what it does
_TWO_COLUMNS = re.compile(r"^  (?P<what>\S(?:.*?\S)?)\s{2,}(?P<said>\S.*)$")
APP_POINTER = "Press F8 for the results and the action plan; 'back' changes an answer."


@dataclass(frozen=True)
class ChatView:
    where: str  # the status line above the transcript
    progress: tuple[DomainProgress, ...]
    options: tuple[Option, ...] = ()  # the current question's five levels
    proposed: tuple[Stage, ...] = ()  # highlighted in the levels panel
    setting_up: bool = False  # a workshop still taking its roster
    agreeing: bool = False  # a workshop question everyone has rated: next, agree one answer
    rating_for: str | None = None  # in a workshop, whom the stage buttons rate for
    confirming: bool = False  # the bot asked to confirm its one reading: Yes applies
    offered: tuple[Stage, ...] = ()  # the stages the bot asks to choose between (no Yes then)
    offering_skipped: bool = False  # at the end: go back to the skipped questions? Yes or No
    finished: bool = False
    bank_id: str | None = None  # the domain of the current question


def view_of(conversation: Conversation, proposal: BotMessage | None = None) -> ChatView:
    """The screen's state after a turn (store thread only); `proposal` is the workshop's latest
    proposed agreement, if any."""
    state = conversation.state
    question = conversation.current
    progress = tuple(conversation.domain_progress())
    if state.setting_up:
        return ChatView(
            "Workshop set-up: add everyone in the room, then Ready", progress, setting_up=True
        )
    if question is None:
        return _at_the_end(state, progress)
    bank = conversation.bank_set.bank_of(question.id)
    # what to do now first, the domain last: a narrow line cuts the domain (the progress panel
    # shows it in bold), never whom the room is rating for
    where = [f"{state.answered} done · {state.to_go} to go", bank.title]
    proposed = state.proposed
    rating_for = None
    agreeing = False
    if is_workshop(conversation):
        person = conversation.next_to_rate()
        rating_for = person.name if person is not None else None
        agreeing = person is None and bool(conversation.roster())
        if agreeing:
            if proposal is not None and proposal.question_id == question.id:
                proposed = proposal.proposed
            where.insert(0, "Agree one answer")
        elif rating_for:
            where.insert(0, f"Rating for {rating_for}")
    return ChatView(
        " · ".join(where),
        progress,
        options=options_for(question),
        proposed=proposed,
        agreeing=agreeing,
        rating_for=rating_for,
        confirming=len(state.proposed) == 1,
        offered=state.proposed if len(state.proposed) > 1 else (),
        bank_id=bank.id,
    )


def _at_the_end(state: State, progress: tuple[DomainProgress, ...]) -> ChatView:
    """No question open: either asking whether to go back to the skipped ones, or finished
    (never "All answered" while one is skipped)."""
    them = "it" if state.skipped == 1 else "them"
    if state.offering_skipped:
        return ChatView(
            f"{state.skipped} skipped · go back to {them}? Yes or No",
            progress,
            offering_skipped=True,
        )
    if state.skipped:
        return ChatView(
            f"Finished · {state.skipped} skipped · F8: results and plan",
            progress,
            finished=True,
        )
    return ChatView("All answered · F8: results and plan", progress, finished=True)


def profile_list(result: Profile, no_consensus: Mapping[str, int] | None = None) -> list[str]:
    """The profile by domain as short lines, one domain each (fits a chat bubble);
    `no_consensus` counts a workshop's parked questions per domain id apart from skipped ones."""
    lines = []
    for d in result.domains:
        stage = (
            f"{d.stage.value} {d.score:.1f}" if d.stage and d.score is not None else "not scored"
        )
        extra = domain_notes(d, (no_consensus or {}).get(d.bank_id, 0))
        detail = f"{d.answered}/{d.asked} answered" + "".join(f", {x}" for x in extra)
        lines.append(f"• {d.title}: {stage} ({detail})")
    return lines


def _second_column(lines: list[str]) -> int | None:
    """Where the second column starts in lines set out as two ("  why        why it matters"),
    if at least three lines share it."""
    starts: Counter[int] = Counter()
    for line in lines:
        if match := _TWO_COLUMNS.match(line):
            starts[match.start("said")] += 1
    column, count = starts.most_common(1)[0] if starts else (0, 0)
    return column if count >= 3 else None


def listed(text: str) -> str:
    """Text set out in two columns as list entries ("• why — why it matters"): in a bubble
    narrower than the columns, they wrap as sentences instead of breaking out of their column.
    A line that carries on the one before joins it; other lines are left as they are."""
    lines = text.splitlines()
    column = _second_column(lines)
    if column is None:
        return text
    out: list[str] = []
    for line in lines:
        head, rest = line[:column], line[column:]
        if not head.strip() and rest.strip() and out and out[-1].startswith("• "):
            out[-1] += " " + " ".join(rest.split())  # carries on the line before
            continue
        if not line.startswith("  ") or line[2:3] == " ":  # not an entry
            out.append(line)
            continue
        if head.endswith(" ") and head.strip():
            what, said = head.strip(), rest
        elif match := _TWO_COLUMNS.match(line):  # a name too long for its column
            what, said = match.group("what"), match.group("said")
        else:
            out.append(line)
            continue
        out.append(f"• {what} — {' '.join(said.split())}")
    return "\n".join(out)


def shown_text(message: BotMessage) -> str:
    """The message as the app shows it: the engine's words, fitted to a bubble and to the app."""
    if message.kind is Kind.POINTER:  # the plain chat's is CLI commands; here a key
        return APP_POINTER
    if message.kind is Kind.HELP:
        return listed(message.text)
    if message.kind is Kind.PROGRESS:  # its indented lines per domain, as a list
        return "\n".join(
            f"• {line.strip()}" if line.startswith("  ") else line
            for line in message.text.splitlines()
        )
    parts = message.summary
    if parts is None:
        return message.text
    domains = profile_list(parts.profile, dict(parts.no_consensus))
    if not parts.closing:
        return "\n".join([parts.heading, *domains])
    return "\n".join([parts.heading, "", *domains, "", *parts.closing])
