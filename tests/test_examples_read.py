"""Every example in the shipped banks is read as its own stage first, as the chat reads it."""

from __future__ import annotations

from assessor.banks import load_builtin
from assessor.continuum import STAGES
from assessor.conversation.interpret import Decision, interpret
from assessor.conversation.likeness import likeness


def test_every_example_is_read_as_its_own_stage_first() -> None:
    bank_set = load_builtin()
    misread: list[str] = []
    for bank in bank_set.banks:
        for question in bank.questions:
            for stage in STAGES:
                for example in question.examples.for_stage(stage):
                    reading = interpret(example, question, glossary=bank_set.glossary)
                    offered = reading.stage if reading.decision is not Decision.COMMAND else None
                    if offered is not stage:
                        misread.append(
                            f"{question.id} ({stage.value}): {example!r} read as "
                            f"{reading.decision.value} {offered.value if offered else '-'}"
                        )
    assert not misread, "\n".join(misread)


def test_most_examples_are_nearest_their_own_stage_even_when_the_bank_lacks_them() -> None:
    """Each example read against the others (itself left out): its stage's texts lie nearest
    far more often than not, so the examples of a stage say one thing."""
    bank_set = load_builtin()
    read = right = 0
    for bank in bank_set.banks:
        for question in bank.questions:
            for stage in STAGES:
                for example in question.examples.for_stage(stage):
                    near = likeness(example, question, leave_out=example).ranked()
                    read += 1
                    right += near[0][0] is stage and near[0][1] > 0
    assert right / read >= 0.7, f"{right} of {read}"
