"""Checks across questions and banks that a per-field schema cannot express."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assessor.banks.models import Bank
from assessor.banks.yaml_source import Path_
from assessor.continuum import STAGES
from assessor.suggest import did_you_mean


@dataclass(frozen=True)
class Finding:
    """A problem in bank number `bank_index` of the set, at `path` inside that bank's file."""

    bank_index: int
    path: Path_
    message: str


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def check_banks(banks: list[Bank], known_elsewhere: frozenset[str] = frozenset()) -> list[Finding]:
    """Every cross-field problem in a set of banks loaded together.

    `known_elsewhere`: ids defined outside this set (other banks installed, or files that failed
    to load) that references may name without being an error.
    """
    return list(_find_all(banks, known_elsewhere))


def _find_all(banks: list[Bank], known_elsewhere: frozenset[str]) -> Iterator[Finding]:
    question_ids = {q.id for b in banks for q in b.questions} | known_elsewhere
    action_ids = {a.id for b in banks for q in b.questions for a in q.actions.all()}
    retired = {r: b.id for b in banks for r in b.retired_ids}
    yield from _ids(banks, retired)
    yield from _references(banks, question_ids, action_ids)
    yield from _descriptors(banks)
    yield from _keywords(banks)
    yield from _cycles(banks)


def _ids(banks: list[Bank], retired: dict[str, str]) -> Iterator[Finding]:
    seen_banks: dict[str, int] = {}
    seen: dict[str, str] = {}
    for bi, bank in enumerate(banks):
        if bank.id in seen_banks:
            yield Finding(bi, ("id",), f"bank id '{bank.id}' is used by another bank too")
        seen_banks[bank.id] = bi
        for qi, question in enumerate(bank.questions):
            where = ("questions", qi, "id")
            if not question.id.startswith(bank.id + "."):
                yield Finding(
                    bi, where, f"question id '{question.id}' must start with '{bank.id}.'"
                )
            if question.id in seen:
                yield Finding(
                    bi, where, f"duplicate question id '{question.id}' ({seen[question.id]})"
                )
            seen.setdefault(question.id, f"first in bank '{bank.id}'")
            if question.id in retired:
                yield Finding(
                    bi,
                    where,
                    f"'{question.id}' is a retired id of bank '{retired[question.id]}'"
                    " and may not be reused",
                )
            for si, source in enumerate(question.source):
                if source not in bank.source:
                    yield Finding(
                        bi,
                        ("questions", qi, "source", si),
                        f"'{source}' is not in the bank's source list"
                        + did_you_mean(source, bank.source),
                    )
            for stage in STAGES[:-1]:
                for ai, action in enumerate(question.actions.for_stage(stage)):
                    a_where = ("questions", qi, "actions", stage.value, ai, "id")
                    if not action.id.startswith(question.id + "."):
                        yield Finding(
                            bi, a_where, f"action id '{action.id}' must start with '{question.id}.'"
                        )
                    if action.id in seen:
                        yield Finding(
                            bi, a_where, f"duplicate id '{action.id}' ({seen[action.id]})"
                        )
                    seen.setdefault(action.id, f"first in bank '{bank.id}'")
                    if action.id in retired:
                        yield Finding(
                            bi, a_where, f"'{action.id}' is a retired id and may not be reused"
                        )


def _references(
    banks: list[Bank], question_ids: set[str], action_ids: set[str]
) -> Iterator[Finding]:
    for bi, bank in enumerate(banks):
        earlier: set[str] = set()
        own = {q.id for q in bank.questions}
        for qi, question in enumerate(bank.questions):
            condition = question.ask_if
            if condition is not None:
                where = ("questions", qi, "ask_if", "question")
                target = condition.question
                if target not in question_ids:
                    yield Finding(
                        bi,
                        where,
                        f"ask_if refers to unknown question '{target}'"
                        + did_you_mean(target, question_ids),
                    )
                elif target == question.id:
                    yield Finding(bi, where, "ask_if may not refer to the question itself")
                elif target in own and target not in earlier:
                    yield Finding(
                        bi, where, f"ask_if refers to '{target}', which is asked later in this bank"
                    )
                if (
                    condition.at_least is not None
                    and condition.at_most is not None
                    and condition.at_least.value_number > condition.at_most.value_number
                ):
                    yield Finding(
                        bi, ("questions", qi, "ask_if"), "at_least is above at_most: never asked"
                    )
            for stage in STAGES[:-1]:
                for ai, action in enumerate(question.actions.for_stage(stage)):
                    for ri, ref in enumerate(action.after):
                        if ref not in question_ids and ref not in action_ids:
                            yield Finding(
                                bi,
                                ("questions", qi, "actions", stage.value, ai, "after", ri),
                                f"after refers to unknown id '{ref}'"
                                + did_you_mean(ref, question_ids | action_ids),
                            )
                        elif ref == action.id:
                            yield Finding(
                                bi,
                                ("questions", qi, "actions", stage.value, ai, "after", ri),
                                "an action may not come after itself",
                            )
            earlier.add(question.id)


def _descriptors(banks: list[Bank]) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for bi, bank in enumerate(banks):
        for qi, question in enumerate(bank.questions):
            for stage in STAGES:
                text = _normal(question.levels.for_stage(stage))
                where = ("questions", qi, "levels", stage.value)
                label = f"{question.id} ({stage.value})"
                if text in seen:
                    yield Finding(
                        bi, where, f"descriptor repeats word for word that of {seen[text]}"
                    )
                else:
                    seen[text] = label


def _keywords(banks: list[Bank]) -> Iterator[Finding]:
    for bi, bank in enumerate(banks):
        for qi, question in enumerate(bank.questions):
            owner: dict[str, str] = {}
            for stage in STAGES:
                for ki, phrase in enumerate(question.keywords.for_stage(stage)):
                    key = _normal(phrase)
                    if key in owner and owner[key] != stage.value:
                        yield Finding(
                            bi,
                            ("questions", qi, "keywords", stage.value, ki),
                            f"keyword '{phrase}' is also listed under '{owner[key]}'",
                        )
                    owner.setdefault(key, stage.value)


def _cycles(banks: list[Bank]) -> Iterator[Finding]:
    """Report an `after` chain among actions that loops back on itself."""
    after: dict[str, list[str]] = {}
    where: dict[str, tuple[int, Path_]] = {}
    for bi, bank in enumerate(banks):
        for qi, question in enumerate(bank.questions):
            for stage in STAGES[:-1]:
                for ai, action in enumerate(question.actions.for_stage(stage)):
                    after[action.id] = list(action.after)
                    where[action.id] = (bi, ("questions", qi, "actions", stage.value, ai, "after"))
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
