"""The words that count on a ladder (question_banks/README.md, "Writing a good ladder"): a ladder
that counts climbs in bands with no gap, and a frequency ladder runs one way.

- "Most" at one stage with "a few", "some" or "one or two" below it leaves "about half" or
  "several but not most" on no stage; a ladder that counts with "most" must say where half falls
  ("fewer than half", "half or more", "more than half").
- "Rarely" is a low stage on every frequency ladder: "families rarely see a face they know" is
  isolation, so "families rarely repeat their story" cannot be integration on another.
- "About half" is a band with no edges: say "fewer than half" and "half or more" instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from assessor.banks import Question, load_bank_set, load_builtin
from assessor.continuum import STAGES, Stage
from assessor.files.resources import banks_dir

MOST = re.compile(r"\b(most|majority)\b", re.IGNORECASE)
HALF = re.compile(r"\bhalf\b", re.IGNORECASE)
RARELY = re.compile(r"\b(rarely|seldom|hardly ever)\b", re.IGNORECASE)
ABOUT_HALF = re.compile(r"\b(about|around|roughly) half\b", re.IGNORECASE)
LOW = {Stage.ISOLATION, Stage.COMMUNICATION}


def counts_with_most_but_not_half(question: Question) -> bool:
    descriptors = [question.levels.for_stage(stage) for stage in STAGES]
    return any(MOST.search(d) for d in descriptors) and not any(HALF.search(d) for d in descriptors)


def stages_at_about_half(questions: list[Question]) -> list[str]:
    """Descriptors whose band is "about half": it has no edges, so 45% fits it and "fewer than
    half" below it, 55% it and "most" above it."""
    return [
        f"{q.id} ({stage.value})"
        for q in questions
        for stage in STAGES
        if ABOUT_HALF.search(q.levels.for_stage(stage))
    ]


def rarely_above_communication(questions: list[Question]) -> list[str]:
    return [
        f"{q.id} ({stage.value})"
        for q in questions
        for stage in STAGES
        if stage not in LOW and RARELY.search(q.levels.for_stage(stage))
    ]


def questions() -> list[Question]:
    return [q for bank in load_builtin().banks for q in bank.questions]


def test_a_ladder_that_counts_with_most_says_where_half_falls() -> None:
    gaps = sorted(q.id for q in questions() if counts_with_most_but_not_half(q))
    assert not gaps, f"'most' with no band at half: {gaps}"


def shipped_bank_with(
    tmp_path: Path, name: str, qid: str, levels: dict[str, str]
) -> list[Question]:
    """A shipped bank written to tmp_path with some of one question's descriptors replaced."""
    data = yaml.safe_load((banks_dir() / name).read_text(encoding="utf-8"))
    (question,) = [q for q in data["questions"] if q["id"] == qid]
    question["levels"].update(levels)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return [
        q for bank in load_bank_set([path], context=load_builtin()).banks for q in bank.questions
    ]


def test_a_few_then_most_is_found(tmp_path: Path) -> None:
    """Edition 2.2's agreements ladder: 'a few of the partners', then 'most partners'."""
    edited = shipped_bank_with(
        tmp_path,
        "04_data_sharing.yaml",
        "data_sharing.agreements",
        {
            "coordination": "Written information-sharing agreements cover a few of the partners.",
            "collaboration": "Written information-sharing agreements cover most partners.",
        },
    )
    found = [q.id for q in edited if counts_with_most_but_not_half(q)]
    assert found == ["data_sharing.agreements"]


def test_rarely_is_a_low_stage_on_every_frequency_ladder() -> None:
    assert not rarely_above_communication(questions())


def test_rarely_high_on_a_ladder_is_found(tmp_path: Path) -> None:
    edited = shipped_bank_with(
        tmp_path,
        "04_data_sharing.yaml",
        "data_sharing.family_worker_info",
        {
            "isolation": "Workers do not know which other agencies are involved with a family.",
            "integration": "Whole family workers rarely have to ask who else is involved.",
        },
    )
    assert rarely_above_communication(edited) == ["data_sharing.family_worker_info (integration)"]


def test_no_stage_is_about_half() -> None:
    assert not stages_at_about_half(questions())


def test_about_half_is_found(tmp_path: Path) -> None:
    """Edition 2.3's tell_story_once: "fewer than half", then "about half", then "most"."""
    edited = shipped_bank_with(
        tmp_path,
        "01_integration.yaml",
        "integration.tell_story_once",
        {"coordination": "About half the new workers already know the family's story."},
    )
    assert stages_at_about_half(edited) == ["integration.tell_story_once (coordination)"]
