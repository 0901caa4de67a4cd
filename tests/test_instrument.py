"""The instrument's own rules (question_banks/README.md, "Rules the tests enforce"): ladders short
enough to read aloud, questions of one sentence, owners a partnership can assign, a fair share of
the first three months' actions per role, dependencies that never run backwards, and every
acronym in the glossary."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from assessor.banks import Action, Question, load_builtin
from assessor.banks.models import TIMESCALES
from assessor.continuum import STAGES, Stage
from assessor.files.resources import banks_dir

BANKS = load_builtin()
QUESTIONS = [q for bank in BANKS.banks for q in bank.questions]
GLOSSARY = yaml.safe_load((banks_dir() / "glossary.yaml").read_text(encoding="utf-8"))
# The guidance files are not shipped: they sit beside the project (../shared/seeds from the main
# checkout; a worktree is one folder deeper), or where ASSESSOR_SEEDS says.
_ROOT = Path(__file__).resolve().parents[1]
SEEDS = next(
    (
        folder
        for folder in (
            Path(os.environ.get("ASSESSOR_SEEDS", _ROOT / "no-seeds")),
            _ROOT.parent / "shared" / "seeds",
            _ROOT.parent.parent / "shared" / "seeds",
        )
        if folder.is_dir()
    ),
    None,
)

MAX_DESCRIPTOR_WORDS = 40
MAX_QUESTION_WORDS = 35
BODIES = {"committee", "board", "group", "forum", "partnership", "panel"}
# A word with two or more capital letters: ICB, SEND, CAMHS, and mixed ones such as MoU or A&E.
ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][a-z&]*[A-Z][A-Za-z&]*\b")


def words(text: str) -> int:
    return len(text.split())


def seed_files() -> set[str]:
    """The guidance files listed in question_banks/README.md."""
    text = (banks_dir() / "README.md").read_text("utf-8")
    return set(re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt\b", text))


def actions() -> Iterator[tuple[Question, Stage, Action]]:
    for question in QUESTIONS:
        for stage in STAGES[:-1]:
            for action in question.actions.for_stage(stage):
                yield question, stage, action


def test_there_are_at_least_eight_banks_with_families_and_workforce() -> None:
    ids = [bank.id for bank in BANKS.banks]
    assert len(ids) >= 8, ids
    assert {"families", "workforce"} <= set(ids)


def test_every_question_cites_a_listed_seed() -> None:
    seeds = seed_files()
    assert len(seeds) == 5
    for question in QUESTIONS:
        assert question.source, question.id
        assert set(question.source) <= seeds, (question.id, question.source)


def test_descriptors_can_be_read_aloud() -> None:
    long = [
        (q.id, s.value, words(q.levels.for_stage(s)))
        for q in QUESTIONS
        for s in STAGES
        if words(q.levels.for_stage(s)) > MAX_DESCRIPTOR_WORDS
    ]
    assert not long, f"descriptors over {MAX_DESCRIPTOR_WORDS} words: {long}"


def test_questions_are_one_short_sentence() -> None:
    long = [(q.id, words(q.text)) for q in QUESTIONS if words(q.text) > MAX_QUESTION_WORDS]
    assert not long, f"questions over {MAX_QUESTION_WORDS} words: {long}"
    for question in QUESTIONS:
        text = question.text.strip()
        # one sentence: a single question mark, at the end, and no full stop before it
        assert text.endswith("?") and text.count("?") == 1, question.id
        assert not re.search(r"[.!]\s", text), question.id


def test_owners_are_roles_not_committees() -> None:
    """A role a partnership can ask to carry the action: 'Chair of the board' is a role, 'the
    board' is not. The role is the words before ' of ', and its last word names what it is."""
    bodies = set()
    for _, _, action in actions():
        role = action.owner.split(" of ")[0]
        if role.split()[-1].casefold() in BODIES:
            bodies.add((action.id, action.owner))
    assert not bodies, f"owned by a body, not a role: {sorted(bodies)}"


def test_no_role_holds_more_than_a_sixth_of_the_first_three_months() -> None:
    soon = Counter(a.owner for _, _, a in actions() if a.timescale == "0-3 months")
    total = sum(soon.values())
    assert total
    heavy = {owner: n for owner, n in soon.items() if n * 6 > total}
    assert not heavy, f"over a sixth of {total} actions due in 0-3 months: {heavy}"


def test_owners_come_from_every_partner() -> None:
    owners = " | ".join({a.owner for _, _, a in actions()}).casefold()
    for partner in (
        "integrated care board",
        "health visiting",
        "midwifery",
        "education and early years",
        "vcs",
        "public health",
        "children's services",
    ):
        assert partner in owners, partner


def test_an_action_never_comes_before_what_it_depends_on() -> None:
    """Everything an action names in `after` is due no later than it is: an action id by its
    own timescale, a question id by the timescales of that question's steps below the stage the
    action reaches (the planner plans those first). Within a question an `after` starts from an
    earlier stage; the step just below needs no `after`, as the planner puts it first."""
    by_id = {a.id: (q, s, a) for q, s, a in actions()}
    questions = {q.id: q for q in QUESTIONS}
    order = {t: i for i, t in enumerate(TIMESCALES)}
    backwards: list[tuple[str, str, str, str]] = []
    for question, stage, action in by_id.values():
        for needed in action.after:
            if needed in by_id:
                other_q, other_stage, other = by_id[needed]
                due = [other.timescale]
                if other_q.id == question.id and other_stage.value_number >= stage.value_number:
                    backwards.append((action.id, stage.value, needed, other_stage.value))
            else:
                due = [
                    step.timescale
                    for below in STAGES[: stage.value_number]
                    for step in questions[needed].actions.for_stage(below)
                ]
            latest = max(due, key=order.__getitem__, default=action.timescale)
            if order[latest] > order[action.timescale]:
                backwards.append((action.id, action.timescale, needed, latest))
    assert not backwards, backwards


def test_no_step_names_the_step_below_it() -> None:
    """The plan always puts a question's lower step first, so `after` never names it: such a
    link only made each ladder's timescales climb with the stage."""
    by_id = {a.id: (q, s) for q, s, a in actions()}
    below = [
        (action.id, needed)
        for question, stage, action in actions()
        for needed in action.after
        if needed in by_id
        and by_id[needed][0].id == question.id
        and by_id[needed][1].value_number == stage.value_number - 1
    ]
    assert not below, below


# Timescales follow the work, not the stage: within each stage an action starts from, no
# timescale holds more than three quarters of the actions, and at least two timescales are used.
# (The first edition had 60 of 66 isolation actions at 0-3 months and 57 of 66 coordination
# actions at 3-12.)
MOST_OF_A_STAGE_IN_ONE_TIMESCALE = 3 / 4


def test_timescales_follow_the_work_not_the_stage() -> None:
    by_stage: dict[Stage, Counter[str]] = {stage: Counter() for stage in STAGES[:-1]}
    for _, stage, action in actions():
        by_stage[stage][action.timescale] += 1
    for stage, counts in by_stage.items():
        total = sum(counts.values())
        assert len(counts) >= 2, (stage.value, dict(counts))
        heavy = {t: n for t, n in counts.items() if n > MOST_OF_A_STAGE_IN_ONE_TIMESCALE * total}
        assert not heavy, f"{stage.value}: {heavy} of {total} actions share one timescale"


# A role's partner, from the words of its name; a role naming none of them is the council's
# (the council employs the family hubs, early help, commissioning, data and estates roles).
PARTNER_WORDS = {
    "integrated care board": "integrated care board",
    "health visiting": "health visiting and maternity",
    "midwifery": "health visiting and maternity",
    "school": "schools and early years",
    "early years": "schools and early years",
    "vcs": "VCS",
    "public health": "public health",
}


def partner_of(owner: str) -> str:
    folded = owner.casefold()
    for words, partner in PARTNER_WORDS.items():
        if words in folded:
            return partner
    return "council"


def test_partner_of_a_role() -> None:
    assert partner_of("Head of midwifery") == "health visiting and maternity"
    assert partner_of("Head teacher lead for the local schools network") == (
        "schools and early years"
    )
    assert partner_of("Chief officer of the lead VCS organisation") == "VCS"
    assert partner_of("Integrated care board finance lead") == "integrated care board"
    assert partner_of("Head of commissioning") == "council"


def test_the_first_three_months_are_owned_across_partners() -> None:
    """At least five of the six partners own three or more of the actions due in 0-3 months (a
    token action is not a share of the work), and the council no more than three fifths. The
    first edition: the council 60 of 80; schools and early years 2, the VCS and the ICB 3."""
    soon = Counter(partner_of(a.owner) for _, _, a in actions() if a.timescale == "0-3 months")
    sharing = {partner for partner, n in soon.items() if n >= 3}
    assert len(sharing) >= 5, dict(soon)
    assert soon["council"] * 5 <= sum(soon.values()) * 3, dict(soon)


def test_every_acronym_in_the_banks_is_in_the_glossary() -> None:
    """Every word of two capitals or more that a bank's text uses, its keywords and examples
    included (what people say in the room: "the DSL", "SystmOne"), is a glossary term or one of
    a term's other names, as written (EqIA is the equality impact assessment's)."""
    terms = {entry["term"] for entry in GLOSSARY["terms"]}
    terms |= {name for entry in GLOSSARY["terms"] for name in entry.get("also", [])}
    missing: dict[str, str] = {}
    for question in QUESTIONS:
        texts = [question.text, question.help]
        texts += [question.levels.for_stage(s) for s in STAGES]
        texts += [t for a in question.actions.all() for t in (a.text, a.owner)]
        texts += [t for s in STAGES for t in question.keywords.for_stage(s)]
        texts += [t for s in STAGES for t in question.examples.for_stage(s)]
        for text in texts:
            for found in ACRONYM.findall(text):
                singular = found[:-1] if found.endswith("s") and found[:-1] in terms else found
                if singular not in terms:
                    missing.setdefault(found, question.id)
    assert not missing, f"acronyms missing from glossary.yaml (first seen in): {missing}"


def test_glossary_entries_are_plain_and_cite_a_seed() -> None:
    seeds = seed_files()
    assert GLOSSARY["schema_version"] == 1
    seen = set()
    for entry in GLOSSARY["terms"]:
        term = entry["term"]
        assert term not in seen, f"{term} twice"
        seen.add(term)
        assert set(entry) <= {"term", "stands_for", "also", "definition", "source"}, term
        assert entry["definition"].strip(), term
        assert entry["source"] and set(entry["source"]) <= seeds, term
    for needed in (
        "JSNA",
        "ICB",
        "ICS",
        "VCS",
        "TAF",
        "MoU",
        "section 75",
        "soft outcomes",
        "interoperable",
        "theory of change",
        "whole family worker",
        "AMBIT",
        "SPA",
        "MASH",
        "EHA",
        "EHM",
    ):
        assert needed in seen, needed


def _plain(text: str) -> str:
    """Text as compared with a seed: curly quotes and dashes as typed, case and spacing aside."""
    for curly, typed in (("\u2019", "'"), ("\u2018", "'"), ("\u2013", "-")):
        text = text.replace(curly, typed)
    return " ".join(text.casefold().split())


def _said(words: str, text: str) -> bool:
    """The words as a whole, or plural, not inside a longer word ("SPA" is not in "space")."""
    return re.search(rf"(?<!\w){re.escape(words)}s?(?!\w)", text) is not None


def test_a_glossary_entry_is_in_its_seeds_own_words_or_says_it_is_not() -> None:
    """Each entry's seeds use one of its names or the words it quotes from them; otherwise
    the definition says the guidance does not name it (SPA, MASH, DPIA and the like are the
    room's words for what the seeds describe)."""
    if SEEDS is None:
        pytest.skip("the guidance files are not beside this checkout (set ASSESSOR_SEEDS)")
    seeds = {name: _plain((SEEDS / name).read_text("utf-8")) for name in seed_files()}
    unsupported = []
    for entry in GLOSSARY["terms"]:
        names = [entry["term"], entry.get("stands_for") or "", *entry.get("also", [])]
        quoted = re.findall(r'"([^"]+)"', entry["definition"])
        text = " ".join(seeds[name] for name in entry["source"])
        if any(_said(_plain(words), text) for words in names + quoted if words):
            continue
        if re.search(r"guidance does not (name|use)", " ".join(entry["definition"].split())):
            continue
        unsupported.append((entry["term"], entry["source"]))
    assert not unsupported, unsupported


def test_one_name_for_the_voluntary_sector() -> None:
    """The banks say VCS; VCFS is only in the glossary, as another name people type."""
    for bank in BANKS.banks:
        for question in bank.questions:
            texts = [question.text, question.help, question.evidence]
            texts += [question.levels.for_stage(s) for s in STAGES]
            texts += [a.text for a in question.actions.all()]
            assert not any("VCFS" in t for t in texts), question.id


# Words that say something seldom happens. A frequency ladder runs one way in every bank, with
# "rarely" low (co_location.familiar_faces), so these never mark one of the top three stages: the
# first editions of integration.tell_story_once counted retellings, and "hardly ever repeat it"
# was its collaboration keyword.
SELDOM = re.compile(r"\b(rarely|hardly ever|seldom)\b", re.IGNORECASE)


def test_frequency_ladders_run_with_rarely_low() -> None:
    backwards = [
        (question.id, stage.value, text)
        for question in QUESTIONS
        for stage in STAGES[2:]
        for text in [question.levels.for_stage(stage), *question.keywords.for_stage(stage)]
        if SELDOM.search(text)
    ]
    assert not backwards, backwards
