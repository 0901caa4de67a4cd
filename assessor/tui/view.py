"""What the chat screen shows besides the transcript, read from the conversation after each turn.

`view_of` runs on the store's thread (a workshop's roster and ratings live in the store), so the
screen never touches the store itself. `shown_text` shows a message the app's way from its parts,
never by reading its words: the profile, the help and the progress become lists that fit a bubble,
and the pointer to what comes next names app keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessor.analysis.scoring import Profile
from assessor.continuum import Stage
from assessor.conversation import BotMessage, Conversation, Kind, Option, is_workshop
from assessor.conversation.messages import Listing
from assessor.conversation.session import DomainProgress, State
from assessor.conversation.wording import options_for
from assessor.text.profile import answered_of, domain_notes

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
    # in a room before the reveal: who is still to rate on their own device (the buttons rate
    # only for someone without one, and nobody when no such person is still to rate)
    on_devices: tuple[str, ...] = ()
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
    on_devices: tuple[str, ...] = ()
    if is_workshop(conversation):
        person = conversation.next_to_rate()
        rating_for = person.name if person is not None else None
        on_devices = tuple(p.name for p in conversation.rating_on_devices())
        agreeing = person is None and not on_devices and bool(conversation.roster())
        if agreeing:
            if proposal is not None and proposal.question_id == question.id:
                proposed = proposal.proposed
            where.insert(0, "Agree one answer")
        else:
            if on_devices:
                where.insert(0, f"Still to rate on their devices: {names_shown(on_devices)}")
            if rating_for:
                where.insert(0, f"Rating for {rating_for}")
            elif on_devices:
                where.insert(1, "Ctrl+R reveals")
    return ChatView(
        " · ".join(where),
        progress,
        options=options_for(question),
        proposed=proposed,
        agreeing=agreeing,
        rating_for=rating_for,
        on_devices=on_devices,
        confirming=len(state.proposed) == 1,
        offered=state.proposed if len(state.proposed) > 1 else (),
        bank_id=bank.id,
    )


def names_shown(names: tuple[str, ...], most: int = 4) -> str:
    """Names for a one-line header: the first few, then how many more ("AB, CD, EF, GH and
    36 more"), so a room of forty does not push the rest of the line away."""
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most} more"


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
        detail = f"{answered_of(d.answered, d.asked, d.may_add)} answered" + "".join(
            f", {x}" for x in extra
        )
        lines.append(f"• {d.title}: {stage} ({detail})")
    return lines


def listed(listing: Listing) -> list[str]:
    """A list as entries of a bubble ("• why — why it matters"): in a bubble narrower than a
    terminal's columns, each wraps as a sentence instead of breaking out of its column."""
    return [
        *listing.lead,
        *(
            f"• {e.what} — {' '.join(e.does.split())}" if e.does else f"• {e.what}"
            for e in listing.entries
        ),
    ]


def shown_text(message: BotMessage) -> str:
    """The message as the app shows it: the engine's words, fitted to a bubble and to the app."""
    if message.kind is Kind.POINTER:  # the plain chat's is CLI commands; here a key
        return APP_POINTER
    if message.listing is not None:  # the help, the progress: set out as a list
        return "\n".join(listed(message.listing))
    parts = message.summary
    if parts is None:
        return message.text
    domains = profile_list(parts.profile, dict(parts.no_consensus))
    if not parts.closing:
        return "\n".join([parts.heading, *domains])
    return "\n".join([parts.heading, "", *domains, "", *parts.closing])
