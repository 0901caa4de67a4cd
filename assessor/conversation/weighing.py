"""The reading of an answer weighed against what people say at each stage of its question.

The structural reading (`interpret`) counts the words of what is practised now against the
stage descriptors and the bank's phrases. Beside it, `likeness` compares the answer with each
stage's descriptor, keywords and examples. `interpret` asks two things of this module:

- `instead`: where the reading found no stage, but the answer lies clearly nearer one stage's
  texts than any other's, that stage is proposed (never taken); where the reading proposes a
  stage but the likeness clearly leads with another, the likeness's stage is proposed;
- `agreed`: where the reading proposes one stage alone and the likeness leads with the same
  stage by a clear margin, and nothing in the answer holds it back (every clause practised
  now, no hedge, no contrast, nothing rare, nothing denied unless the stage is isolation), the
  stage is taken without asking.

The thresholds were set on the tuning part of the understanding corpus (bench/README.md).
"""

from __future__ import annotations

from collections.abc import Callable

from assessor.continuum import Stage
from assessor.conversation.likeness import Likeness
from assessor.conversation.parsed import Clause, ParsedAnswer, Time
from assessor.conversation.understanding.talk import only_weak, weak

FILL_AT = 0.06  # likeness a stage needs to be proposed where the reading found none
FILL_MARGIN = 0.02  # ... and its lead over the runner-up
SHARED_AT_LEAST = 2  # words an answer shares with a stage's texts for that stage to be proposed
REORDER_AT = 0.06  # likeness a stage needs to be proposed instead of the reading's
TAKE_MARGIN = 0.12  # lead over the runner-up to take an agreed stage without asking


def _telling(shared: tuple[str, ...]) -> int:
    """How many of the words an answer shares with a stage's texts say something of it: "last
    year" or "let me" shared with "every year" and "let families know" says nothing."""
    return sum(1 for key in shared if not weak(key))


def _lead(near: Likeness) -> tuple[Stage, float, float]:
    """The stage nearest (the lower on a tie), its likeness and its lead over the next."""
    (top, score), (_, runner_up) = near.ranked()[:2]
    return top, score, score - runner_up


def instead(near: Likeness, read: Stage | None) -> Stage | None:
    """The stage to propose in place of the reading's (`read`, None where it found none), or
    None to keep the reading. One word in common is never enough ("two minutes" meets "two of
    the agencies")."""
    top, score, margin = _lead(near)
    if _telling(near.shared.get(top, ())) < SHARED_AT_LEAST:
        return None
    if read is None:
        return top if score >= FILL_AT and margin >= FILL_MARGIN else None
    return top if top is not read and score >= REORDER_AT else None


def holds_nothing_back(
    parsed: ParsedAnswer, stage: Stage, qualifies_only: Callable[[Clause], tuple[bool, bool]]
) -> bool:
    """Whether nothing in the answer holds `stage` back: no clause hedged or rare, none past
    or only on paper, and none planned, denying or turned by a contrast unless it only
    qualifies the stage (`qualifies_only` says so of a clause, and whether it also says the
    stage: a plan for more, "no pooling yet" beside aligned budgets); an answer at isolation
    may deny anything. At least one clause says the practice now."""
    practised = False  # a plan or a denial never stands in for the practice itself
    for c in parsed.clauses:
        if c.hedged or c.rare:
            return False
        plain = c.time is Time.NOW and not c.contrast
        if plain and (not c.negated or stage is Stage.ISOLATION):
            practised = True
            continue
        if stage is Stage.ISOLATION:
            return False
        qualifies, says_stage = qualifies_only(c)
        if not qualifies:
            return False
        # "aligned budgets with an MOU, no pooling yet": the practice and its qualifier at once
        practised = practised or (says_stage and c.time is Time.NOW)
    return practised


def agreed(
    near: Likeness,
    parsed: ParsedAnswer,
    stage: Stage,
    qualifies_only: Callable[[Clause], tuple[bool, bool]] = lambda _: (False, False),
) -> bool:
    """Whether `stage`, which the reading proposes alone, can be taken without asking."""
    if not holds_nothing_back(parsed, stage, qualifies_only):
        return False
    top, _, margin = _lead(near)
    shared = near.shared.get(stage, ())
    return top is stage and _telling(shared) >= SHARED_AT_LEAST and margin >= TAKE_MARGIN


def thin(matched: tuple[str, ...], near: Likeness, common: frozenset[str]) -> bool:
    """Whether a reading rests on one common word of the answer alone (one of `common`) or on
    words that only say when ("last month" meets "monthly"), and the answer shares no more
    with what people say at any stage: "can we take a break? I need a coffee" meets a
    descriptor's "needs" and nothing else."""
    words = {w for m in matched for w in m.split()}
    passing = len(words) == 1 and words <= common
    if not (passing or (matched and all(only_weak(m) for m in matched))):
        return False
    return max((_telling(shared) for shared in near.shared.values()), default=0) < SHARED_AT_LEAST
