"""Checks across questions and banks that a per-field schema cannot express.

They read each bank's plain data as parsed from its YAML, not the validated models, so that they
also run on a file with schema errors or duplicate keys: every problem is reported at once.
Whatever cannot be read (a missing list, an id that is not a dotted slug) is skipped here; the
schema errors already say what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from assessor.banks.models import BANK_ID_PATTERN, DOTTED_ID_PATTERN
from assessor.banks.yaml_source import Path_
from assessor.continuum import STAGES
from assessor.suggest import did_you_mean

_DOTTED = re.compile(DOTTED_ID_PATTERN)
_BANK_ID = re.compile(BANK_ID_PATTERN)
_STAGE_NUMBERS = {stage.value: stage.value_number for stage in STAGES}

Raw = dict[str, Any]


@dataclass(frozen=True)
class Finding:
    """A problem in bank number `bank_index` of the set, at `path` inside that bank's file."""

    bank_index: int
    path: Path_
    message: str


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _words_only(text: str) -> str:
    """A phrase's words without punctuation or case: "Nobody, really!" is "nobody really"."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def _mapping(value: Any) -> Raw:
    return value if isinstance(value, dict) else {}


def _id(value: Any, pattern: re.Pattern[str] = _DOTTED) -> str | None:
    """`value` if it is a well-formed id (a malformed one is a schema error already)."""
    return value if isinstance(value, str) and pattern.match(value) else None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _stage_number(value: Any) -> int | None:
    return _STAGE_NUMBERS.get(value) if isinstance(value, str) else None


def _questions(bank: Raw) -> Iterator[tuple[int, Raw, str | None]]:
    """(index, question, its id or None) for every question that is a mapping."""
    for qi, question in _items(bank.get("questions")):
        if isinstance(question, dict):
            yield qi, question, _id(question.get("id"))


def _actions(question: Raw) -> Iterator[tuple[str, int, Raw, str | None]]:
    """(stage, index, action, its id or None) for every action that is a mapping."""
    actions = _mapping(question.get("actions"))
    for stage in STAGES[:-1]:
        for ai, action in _items(actions.get(stage.value)):
            if isinstance(action, dict):
                yield stage.value, ai, action, _id(action.get("id"))


def check_banks(banks: list[Any], known_elsewhere: frozenset[str] = frozenset()) -> list[Finding]:
    """Every cross-field problem in a set of banks loaded together, from their plain data.

    `known_elsewhere`: ids defined outside this set (other banks installed) that references may
    name without being an error.
    """
    raw = [bank if isinstance(bank, dict) else {} for bank in banks]
    return list(_find_all(raw, known_elsewhere))


def _find_all(banks: list[Raw], known_elsewhere: frozenset[str]) -> Iterator[Finding]:
    question_ids = {qid for b in banks for _, _, qid in _questions(b) if qid} | known_elsewhere
    action_ids = {aid for b in banks for _, q, _ in _questions(b) for *_, aid in _actions(q) if aid}
    retired: dict[str, str | None] = {}
    for bank in banks:
        for _, old in _items(bank.get("retired_ids")):
            if _id(old):
                retired[old] = _id(bank.get("id"), _BANK_ID)
    yield from _ids(banks, retired)
    yield from _references(banks, question_ids, action_ids)
    yield from _descriptors(banks)
    yield from _keywords(banks)
    yield from _cycles(banks)


def _retired(found: str, retired: dict[str, str | None]) -> str:
    owner = retired[found]
    of_bank = f" of bank '{owner}'" if owner else ""
    return f"'{found}' is a retired id{of_bank} and may not be reused"


def _ids(banks: list[Raw], retired: dict[str, str | None]) -> Iterator[Finding]:
    seen_banks: dict[str, int] = {}
    seen: dict[str, str] = {}
    for bi, bank in enumerate(banks):
        bank_id = _id(bank.get("id"), _BANK_ID)
        if bank_id is not None:
            if bank_id in seen_banks:
                yield Finding(bi, ("id",), f"bank id '{bank_id}' is used by another bank too")
            seen_banks[bank_id] = bi
        first_in = f"first in bank '{bank_id}'" if bank_id else "first in another bank"
        bank_sources = [s for _, value in _items(bank.get("source")) if (s := _text(value))]
        for qi, question, qid in _questions(bank):
            where = ("questions", qi, "id")
            if qid is not None:
                named = ("question id", "duplicate question id")
                yield from _id_findings(bi, where, named, qid, bank_id, seen, first_in, retired)
            for si, value in _items(question.get("source")):
                source = _text(value)
                if source is not None and bank_sources and source not in bank_sources:
                    yield Finding(
                        bi,
                        ("questions", qi, "source", si),
                        f"'{source}' is not in the bank's source list"
                        + did_you_mean(source, bank_sources),
                    )
            for stage, ai, _, aid in _actions(question):
                if aid is None:
                    continue
                a_where = ("questions", qi, "actions", stage, ai, "id")
                named = ("action id", "duplicate id")
                yield from _id_findings(bi, a_where, named, aid, qid, seen, first_in, retired)


def _id_findings(
    bank_index: int,
    where: Path_,
    named: tuple[str, str],
    found_id: str,
    parent: str | None,
    seen: dict[str, str],
    first_in: str,
    retired: dict[str, str | None],
) -> Iterator[Finding]:
    """A question or action id: under its parent's prefix, not used twice, not retired.
    `named`: how the id is called, and how a second use of it is called."""
    kind, duplicate = named
    if parent is not None and not found_id.startswith(parent + "."):
        yield Finding(bank_index, where, f"{kind} '{found_id}' must start with '{parent}.'")
    if found_id in seen:
        yield Finding(bank_index, where, f"{duplicate} '{found_id}' ({seen[found_id]})")
    seen.setdefault(found_id, first_in)
    if found_id in retired:
        yield Finding(bank_index, where, _retired(found_id, retired))


def _references(
    banks: list[Raw], question_ids: set[str], action_ids: set[str]
) -> Iterator[Finding]:
    for bi, bank in enumerate(banks):
        earlier: set[str] = set()
        own = {qid for _, _, qid in _questions(bank) if qid}
        for qi, question, qid in _questions(bank):
            condition = question.get("ask_if")
            if isinstance(condition, dict):
                yield from _condition(bi, qi, qid, condition, question_ids, own, earlier)
            for stage, ai, action, aid in _actions(question):
                for ri, value in _items(action.get("after")):
                    ref = _id(value)
                    where = ("questions", qi, "actions", stage, ai, "after", ri)
                    if ref is None:
                        continue
                    if ref not in question_ids and ref not in action_ids:
                        yield Finding(
                            bi,
                            where,
                            f"after refers to unknown id '{ref}'"
                            + did_you_mean(ref, question_ids | action_ids),
                        )
                    elif ref == aid:
                        yield Finding(bi, where, "an action may not come after itself")
            if qid:
                earlier.add(qid)


def _condition(
    bi: int,
    qi: int,
    qid: str | None,
    condition: Raw,
    question_ids: set[str],
    own: set[str],
    earlier: set[str],
) -> Iterator[Finding]:
    where = ("questions", qi, "ask_if", "question")
    target = _id(condition.get("question"))
    if target is not None:
        if target not in question_ids:
            yield Finding(
                bi,
                where,
                f"ask_if refers to unknown question '{target}'"
                + did_you_mean(target, question_ids),
            )
        elif target == qid:
            yield Finding(bi, where, "ask_if may not refer to the question itself")
        elif target in own and target not in earlier:
            yield Finding(
                bi, where, f"ask_if refers to '{target}', which is asked later in this bank"
            )
    low, high = _stage_number(condition.get("at_least")), _stage_number(condition.get("at_most"))
    if low is not None and high is not None and low > high:
        yield Finding(bi, ("questions", qi, "ask_if"), "at_least is above at_most: never asked")


def _descriptors(banks: list[Raw]) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for bi, bank in enumerate(banks):
        for qi, question, qid in _questions(bank):
            levels = _mapping(question.get("levels"))
            for stage in STAGES:
                descriptor = _text(levels.get(stage.value))
                if descriptor is None:
                    continue
                text = _normal(descriptor)
                where = ("questions", qi, "levels", stage.value)
                if text in seen:
                    yield Finding(
                        bi, where, f"descriptor repeats word for word that of {seen[text]}"
                    )
                else:
                    seen[text] = f"{qid or f'questions[{qi}]'} ({stage.value})"


def _keywords(banks: list[Raw]) -> Iterator[Finding]:
    """A keyword or an example listed under two stages of one question (or twice under one)
    would read the same answer as either: each belongs to one stage, once."""
    for bi, bank in enumerate(banks):
        for qi, question, _ in _questions(bank):
            for field, noun in (("keywords", "keyword"), ("examples", "example")):
                phrases = _mapping(question.get(field))
                owner: dict[str, str] = {}
                for stage in STAGES:
                    for ki, value in _items(phrases.get(stage.value)):
                        phrase = _text(value)
                        if phrase is None:
                            continue
                        key = _words_only(phrase)
                        where = ("questions", qi, field, stage.value, ki)
                        if key in owner:
                            listed = owner[key]
                            said = (
                                "listed twice under this stage"
                                if listed == stage.value
                                else f"also listed under '{listed}'"
                            )
                            if field == "examples" or listed != stage.value:
                                yield Finding(bi, where, f"{noun} '{phrase}' is {said}")
                        owner.setdefault(key, stage.value)


def _cycles(banks: list[Raw]) -> Iterator[Finding]:
    """Report an `after` chain among actions that loops back on itself."""
    after: dict[str, list[str]] = {}
    where: dict[str, tuple[int, Path_]] = {}
    for bi, bank in enumerate(banks):
        for qi, question, _ in _questions(bank):
            for stage, ai, action, aid in _actions(question):
                if aid is None:
                    continue
                refs = _items(action.get("after"))
                after[aid] = [ref for _, value in refs if (ref := _id(value))]
                where[aid] = (bi, ("questions", qi, "actions", stage, ai, "after"))
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in after.get(node, []):
            if state.get(nxt) == 1:
                return [*trail, node, nxt]
            if nxt not in state and (loop := visit(nxt, [*trail, node])):
                return loop
        state[node] = 2
        return None

    for start in after:
        if start not in state and (loop := visit(start, [])):
            bi, path = where[loop[-1]]
            yield Finding(bi, path, "after forms a cycle: " + " -> ".join(loop))
