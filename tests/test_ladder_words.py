"""The words that count on a ladder (question_banks/README.md, "Writing a good ladder"): a ladder
that counts climbs in bands with no gap, and a frequency ladder runs one way.

- "Most" at one stage with "a few", "some" or "one or two" below it leaves "about half" or
  "several but not most" on no stage; a ladder that counts with "most" must say where half falls
  ("fewer than half", "half or more", "more than half").
- "Rarely" is a low stage on every frequency ladder: "families rarely see a face they know" is
  isolation, so "families rarely repeat their story" cannot be integration on another.
- "About half" is a band with no edges: say "fewer than half" and "half or more" instead.
- A team or a partner "with every member trained" is never one where people join and leave: a
  stage that needs all of a group trained leaves out new starters, or rolling induction sits
  below a handful trained once.
- A band counted as a share of partners names no one partner "alone" as its example: one partner
  is all, half or fewer than half of those taking part, as their number goes.
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
ALL_OF_A_GROUP = re.compile(r"\b(every member|all of them|all their)\b", re.IGNORECASE)
TRAINED = re.compile(r"\btrained\b", re.IGNORECASE)
NEW_STARTERS = re.compile(r"\bnew starters\b", re.IGNORECASE)
SHARE = re.compile(r"\b(fewer than half|half or more|more than half)\b", re.IGNORECASE)
ONE_ALONE = re.compile(r"\bsuch as [^,.;]+ alone\b", re.IGNORECASE)


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


def all_trained_with_no_new_starters(questions: list[Question]) -> list[str]:
    return [
        f"{q.id} ({stage.value})"
        for q in questions
        for stage in STAGES
        if ALL_OF_A_GROUP.search(d := q.levels.for_stage(stage))
        and TRAINED.search(d)
        and not NEW_STARTERS.search(d)
    ]


def share_bands_with_one_partner_alone(questions: list[Question]) -> list[str]:
    return [
        f"{q.id} ({stage.value})"
        for q in questions
        for stage in STAGES
        if SHARE.search(d := q.levels.for_stage(stage)) and ONE_ALONE.search(d)
    ]


def test_a_stage_with_a_whole_group_trained_leaves_out_new_starters() -> None:
    assert not all_trained_with_no_new_starters(questions())


def test_a_whole_team_trained_with_no_room_for_new_starters_is_found(tmp_path: Path) -> None:
    """Edition 2.9's every_contact_counts: every member trained, where teams turn over."""
    edited = shipped_bank_with(
        tmp_path,
        "08_workforce.yaml",
        "workforce.every_contact_counts",
        {"integration": "Every frontline team has every member, volunteers included, trained."},
    )
    assert all_trained_with_no_new_starters(edited) == [
        "workforce.every_contact_counts (integration)"
    ]


def test_no_share_band_names_one_partner_alone() -> None:
    assert not share_bands_with_one_partner_alone(questions())


def test_one_partner_alone_in_a_share_band_is_found(tmp_path: Path) -> None:
    """Edition 2.9's lead_professional_training: "such as early help alone", and "fewer than
    half of the partners that provide them", where early help may be the only one or one of
    two."""
    edited = shipped_bank_with(
        tmp_path,
        "08_workforce.yaml",
        "workforce.lead_professional_training",
        {
            "coordination": "Some partners, such as early help alone, have all their lead "
            "professionals but new starters trained, but fewer than half of the partners that "
            "provide them."
        },
    )
    assert share_bands_with_one_partner_alone(edited) == [
        "workforce.lead_professional_training (coordination)"
    ]
