"""The built-in banks: complete, traceable to the guidance, and loadable together."""

from __future__ import annotations

import re

from assessor.banks import load_builtin
from assessor.cli import main
from assessor.continuum import STAGES
from assessor.files.resources import banks_dir

CORE = {"integration", "governance", "co_location", "data_sharing", "case_management"}


def seed_files() -> set[str]:
    """The guidance files listed in question_banks/README.md, the banks' only sources."""
    text = (banks_dir() / "README.md").read_text("utf-8")
    return set(re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt\b", text))


def test_the_core_banks_are_all_there_and_full() -> None:
    bank_set = load_builtin()
    ids = [b.id for b in bank_set.banks]
    assert set(ids) >= CORE
    assert len(ids) >= 5
    for bank in bank_set.banks:
        assert len(bank.questions) >= 6, bank.id


def test_every_question_is_complete_and_cites_the_guidance() -> None:
    seeds = seed_files()
    assert len(seeds) == 5
    for bank in load_builtin().banks:
        assert set(bank.source) <= seeds, bank.id
        for question in bank.questions:
            assert question.help and question.evidence, question.id
            assert set(question.source) <= seeds and question.source, question.id
            assert question.text.rstrip().endswith("?"), question.id
            descriptors = [question.levels.for_stage(s) for s in STAGES]
            assert len(set(descriptors)) == 5, question.id
            for stage in STAGES[:-1]:
                assert question.actions.for_stage(stage), (question.id, stage)


def test_banks_list_shows_every_bank_with_its_question_count(capsys) -> None:
    assert main(["banks", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["id", "title", "version", "questions", "minutes"]
    bank_set = load_builtin()
    for bank, line in zip(bank_set.banks, out[1:], strict=False):
        assert line.startswith(bank.id)
        assert line.split()[-2] == str(len(bank.questions))
        assert bank.title in line


def test_shipped_banks_validate_clean(capsys) -> None:
    assert main(["banks", "validate"]) == 0
    assert "all valid" in capsys.readouterr().out


def test_every_stage_of_every_question_has_answers_in_peoples_own_words() -> None:
    """At least six examples per stage, none a copy of the stage's descriptor or keywords."""
    thin: list[str] = []
    for bank in load_builtin().banks:
        for question in bank.questions:
            for stage in STAGES:
                examples = question.examples.for_stage(stage)
                if len(examples) < 6:
                    thin.append(f"{question.id} {stage.value}: {len(examples)}")
                said_elsewhere = {
                    question.levels.for_stage(stage).casefold(),
                    *(k.casefold() for k in question.keywords.for_stage(stage)),
                }
                thin += [
                    f"{question.id}: {e!r} copies the bank"
                    for e in examples
                    if e.casefold() in said_elsewhere
                ]
    assert not thin, thin
