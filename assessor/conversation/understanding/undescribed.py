"""An answer that describes no practice: a remark or a question back, a frequency among words
that say nothing more, a don't-know or a not-applicable."""

from __future__ import annotations

from assessor.answers import Special
from assessor.conversation.likeness import likeness_now
from assessor.conversation.understanding.absences import described
from assessor.conversation.understanding.doubts import described_besides
from assessor.conversation.understanding.frequency import frequency_within
from assessor.conversation.understanding.question_index import question_index
from assessor.conversation.understanding.reading import EXACT, Decision, Reading
from assessor.conversation.understanding.remarks import asks_meaning, off_topic, reads_as_evidence
from assessor.conversation.understanding.said import Said
from assessor.conversation.understanding.talk import asks_aside, only_depends, only_talk
from assessor.conversation.weighing import instead


def no_description(said: Said) -> Reading | None:
    """An answer that describes no practice: a remark or a question back, a frequency among
    words that say nothing more, a don't-know or a not-applicable."""
    answer = said.answer
    said_phrases = answer.keyword_hits or answer.context_hits
    named = said.mentioned or said.negated_names
    if not named and not said_phrases and asks_meaning(said.stripped):
        return Reading(Decision.NOT_A_STAGE, off_topic=True)
    if said.special is None and not named:
        if off_topic(said.stripped, said_phrases):
            return Reading(Decision.NOT_A_STAGE, off_topic=True)
        if (
            not said_phrases
            and _says_no_stage(said)
            and not reads_as_evidence(said.text)  # "the ToR are on SharePoint": a note
        ):
            return Reading(Decision.NOT_A_STAGE, off_topic=True)
    if (
        question_index(said.question).how_often
        and said.special is None
        and not (said_phrases or answer.doubted_hits or answer.negated_hits or named)
        and (often := frequency_within(said.stripped, said.question)) is not None
    ):
        return often
    if (
        said.special is not None
        and not said_phrases
        and not answer.doubted_hits
        and not said.mentioned
    ):
        if said.special is Special.DONT_KNOW and (found := described(said.text, said.question)):
            return found
        if said.special is not Special.DONT_KNOW or not described_besides(
            said.parsed, answer, alike=_alike(said)
        ):
            return Reading(Decision.ACCEPT, None, EXACT, special=said.special)
        # "staff know to ask her when they're not sure": a doubt beside a practice described
        # is a hedge on the practice, offered to confirm
    return None


def _alike(said: Said) -> bool:
    """Whether the answer's words practised now lie clearly nearest one stage's texts."""
    return instead(likeness_now(said.parsed, said.question), None) is not None


def _says_no_stage(said: Said) -> bool:
    """Whether the answer is talk with no stage in it: about the exchange, the speaker or the
    room; a question about the session and the speaker's own news; or only that it depends."""
    parsed, question = said.parsed, said.question
    return (
        only_talk(parsed, question)
        or asks_aside(parsed, question)
        or only_depends(parsed, question)
    )
