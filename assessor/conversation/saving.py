"""Writes based on what was seen: an answer is saved only over the one this conversation last
saw; if another process changed it meanwhile, the person is asked whether to keep theirs or
replace it with ours, and the next line settles it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.session import Session
from assessor.conversation.wording import at, said
from assessor.store.errors import Conflict
from assessor.store.records import Answer

_REPLACE = {"replace", "replace it", "replace theirs", "mine", "use mine", "add", "add it"}
_KEEP_THEIRS = {"keep", "keep theirs", "keep it", "theirs", "keep their answer", "leave it"}


@dataclass(frozen=True)
class Clash:
    """A write refused because the answer changed elsewhere: theirs, and how to save ours."""

    question_id: str
    theirs: Answer | None
    save: Callable[[int], Answer]  # ours, over the revision given
    then: Callable[[], list[BotMessage]]  # the replies once ours is saved
    offer: str  # the choice, as put to the person


def clash_message(clash: Clash) -> BotMessage:
    theirs = clash.theirs
    if theirs is None:
        what = "This answer was removed elsewhere since you saw it."
    else:
        by = f" by {theirs.changed_by}" if theirs.changed_by else ""
        what = f"This answer was changed elsewhere at {at(theirs)}{by}: it is now "
        what += said(theirs)
        what += f", with the note '{theirs.note}'." if theirs.note else "."
    return BotMessage(Kind.CONFIRM, f"{what} {clash.offer}", clash.question_id)


class Writes:
    """The session's writes, and the clash waiting to be settled, if any."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.clash: Clash | None = None

    def save(
        self,
        question_id: str,
        save: Callable[[int], Answer],
        then: Callable[[], list[BotMessage]],
        offer: str,
    ) -> list[BotMessage]:
        """Save an answer only over the one this conversation last saw; if another process
        changed it meanwhile, ask whether to keep theirs or replace it."""
        session = self.session
        try:
            saved = save(session.seen.get(question_id, 0))
        except Conflict as clash:
            self.clash = Clash(question_id, clash.theirs, save, then, offer)
            return [clash_message(self.clash)]
        session.seen[question_id] = saved.revision
        if saved.in_bank and question_id in session.known:  # a note may go to another's answer
            session.answers[question_id] = saved.answer_value
        return then()

    def settle(self, text: str, go_on: Callable[[], list[BotMessage]]) -> list[BotMessage]:
        """The reply to a clash: keep theirs (then `go_on`), or replace it with ours."""
        clash = self.clash
        assert clash is not None
        said_now = " ".join(text.lower().split()).rstrip(".!")
        if said_now in _REPLACE:
            self.clash = None
            return self._replace(clash)
        if said_now in _KEEP_THEIRS:
            self.clash = None
            return [self._keep_theirs(clash), *go_on()]
        return [clash_message(clash)]

    def _keep_theirs(self, clash: Clash) -> BotMessage:
        session = self.session
        theirs = clash.theirs
        if theirs is None:
            session.answers.pop(clash.question_id, None)
            session.seen[clash.question_id] = 0
            kept = "Left as it is now, with no answer."
        else:
            if theirs.in_bank and clash.question_id in session.known:
                session.answers[clash.question_id] = theirs.answer_value
            session.seen[clash.question_id] = theirs.revision
            session.last_answered = clash.question_id
            kept = f"Kept theirs: {said(theirs)}."
        return BotMessage(Kind.ACK, kept, clash.question_id)

    def _replace(self, clash: Clash) -> list[BotMessage]:
        """Save ours over theirs (asked again if it changed once more meanwhile)."""
        self.session.seen[clash.question_id] = clash.theirs.revision if clash.theirs else 0
        return self.save(clash.question_id, clash.save, clash.then, clash.offer)
