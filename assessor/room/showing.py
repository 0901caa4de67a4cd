"""What a device is shown of the room: the workshop's phase, the current question with its
stage descriptors, a person as the room sees them, the reveal, and the line under the buttons.
Each reads the workshop's conversation; none changes anything."""

from __future__ import annotations

from assessor.analysis.workshop import flag_reasons, spread_of
from assessor.continuum import Stage
from assessor.conversation.workshop import WorkshopConversation, rests_on
from assessor.room.choices import choice_label, choice_of, rating_of
from assessor.room.sectors import SECTOR_SHORT
from assessor.room.views import Comment, Dot, Level, Person, Phase, QuestionView, Reveal
from assessor.store.records import Answer, Participant


def phase_of(conversation: WorkshopConversation, closed: bool) -> Phase:
    """Where the workshop is, as a device shows it."""
    state = conversation.state
    if closed or state.paused:
        return "closed"
    if conversation.setting_up:
        return "waiting"
    question = conversation.current
    if question is None:
        return "finished"
    return "revealed" if conversation.revealed(question.id) else "rating"


def question_view(conversation: WorkshopConversation) -> QuestionView | None:
    """The current question with its domain and each stage's descriptor, once there is one."""
    question = conversation.current
    if question is None or conversation.setting_up:
        return None
    bank = conversation.bank_set.bank_of(question.id)
    levels = [
        Level(number=s.value_number, name=s.label, descriptor=question.levels.for_stage(s))
        for s in Stage
    ]
    return QuestionView(id=question.id, domain=bank.title, text=question.text, levels=levels)


def person_view(person: Participant) -> Person:
    return Person(
        name=person.name,
        organisation=person.organisation,
        sector=person.sector,
        sector_label=SECTOR_SHORT.get(person.sector, ""),
    )


def reveal_of(counted: dict[int, Answer], everyone: list[Participant]) -> Reveal:
    """The spread of the ratings that count (`counted`, by participant), placed on the
    continuum, with the flags for discussion and everyone's comments."""
    spread = spread_of({pid: rating_of(a) for pid, a in counted.items()}, everyone)
    dots: list[Dot] = []
    off: list[Dot] = []
    for person, value in spread.given:
        dot = Dot(
            person=person_view(person),
            stage=value.stage.value_number if value and value.stage else None,
            label=choice_label(choice_of(value)),
        )
        (dots if dot.stage is not None else off).append(dot)
    dots.sort(key=lambda d: (d.stage or 0, d.person.name.casefold()))
    flags = [f"{r[:1].upper()}{r[1:]}: worth talking through." for r in flag_reasons(spread)]
    if resting := rests_on(spread):
        flags.append(resting)
    names = {p.id: p.name for p in everyone}
    comments = [
        Comment(name=names.get(pid, "someone"), text=a.note)
        for pid, a in counted.items()
        if a.note.strip()
    ]
    return Reveal(
        dots=dots,
        off_continuum=off,
        median=spread.median.value_number if spread.median else None,
        median_name=spread.median.label if spread.median else "",
        flags=flags,
        comments=comments,
    )


def note_for(phase: Phase, rated: bool) -> str:
    return {
        "waiting": "Welcome. The first question appears here when the facilitator starts.",
        "rating": (
            "Saved. You can change it until the ratings are revealed."
            if rated
            else "Choose the stage that fits your partnership today. Nobody sees it until the "
            "reveal."
        ),
        "revealed": "The ratings are revealed: talk it through; the facilitator records what "
        "you agree.",
        "finished": "The workshop has gone through every question. Thank you.",
        "closed": "This room has closed. Thank you.",
    }[phase]
