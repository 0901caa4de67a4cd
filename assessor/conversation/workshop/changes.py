"""What the room is told when ratings changed elsewhere (another device, someone leaving) since
it last saw them: a line or an agreement based on an older view is refused, not applied."""

from __future__ import annotations

from collections.abc import Callable

from assessor.analysis.workshop import said
from assessor.answers import AnswerValue, Special
from assessor.conversation.workshop.phrasing import listed
from assessor.store.records import Answer


def changed_elsewhere(
    changed: dict[int, Answer | None], names: dict[int, str], revealed: Callable[[str], bool]
) -> str:
    """Why a line was not saved: whose ratings changed, and to what (a rating is shown only
    once its question's spread may be seen, `revealed`)."""
    now = ", ".join(
        f"{names.get(pid, 'someone')} "
        + (
            "no rating"
            if answer is None
            else said(_rating_value(answer))
            if revealed(answer.question_id)
            else "rated on their own device"
            if answer.on_device
            else "rated (not shown before the reveal)"
        )
        for pid, answer in changed.items()
    )
    whose = listed([f"{names.get(pid, 'someone')}'s" for pid in changed])
    if len(changed) == 1:
        what = f"{whose} rating was changed elsewhere since you saw it"
    else:
        what = f"{whose} ratings were changed elsewhere since you saw them"
    return (
        f"Nothing on that line was saved: {what} (now: {now}). Say the line again if it "
        "still stands."
    )


def changed_since(
    shown: dict[int, AnswerValue | None], now: dict[int, AnswerValue | None], names: dict[int, str]
) -> str:
    """Why nothing is agreed: each rating that differs from the ones last shown."""
    changes = []
    for pid in [*shown, *(p for p in now if p not in shown)]:
        name = names.get(pid, "someone")
        if pid not in now:
            changes.append(f"{name}'s rating no longer counts")
        elif pid not in shown:
            changes.append(f"{name} {said(now[pid])} (new)")
        elif shown[pid] != now[pid]:
            changes.append(f"{name} {said(now[pid])} (was {said(shown[pid])})")
    return (
        f"The ratings have changed since you saw them: {', '.join(changes)}. Nothing is "
        "agreed yet; here they are now."
    )


def _rating_value(answer: Answer) -> AnswerValue | None:
    """A stored rating as the spread counts it: an abstention is None."""
    return None if answer.special is Special.SKIPPED else answer.answer_value
