"""The plan's parts: horizons, priorities, the kinds of action, and each planned action with
where it comes from and why. Pure data, with the words a reader sees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from assessor.continuum import Stage


class Horizon(StrEnum):
    NOW = "now"
    NEXT = "next"
    LATER = "later"

    @property
    def label(self) -> str:
        return {
            "now": "Now (0-3 months)",
            "next": "Next (3-12 months)",
            "later": "Later (12+ months)",
        }[self.value]

    @property
    def rank(self) -> int:
        return list(Horizon).index(self)


HORIZON_OF_TIMESCALE = {
    "0-3 months": Horizon.NOW,
    "3-12 months": Horizon.NEXT,
    "12+ months": Horizon.LATER,
}
TIMESCALE_ORDER = list(HORIZON_OF_TIMESCALE)


class Priority(StrEnum):
    """How urgent an action is, in the words people read: High first, Low last."""

    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"

    @property
    def rank(self) -> int:
        return list(Priority).index(self)

    @classmethod
    def of(cls, weight_x_gap: float) -> Priority:
        if weight_x_gap >= 3:
            return cls.HIGH
        return cls.MEDIUM if weight_x_gap >= 2 else cls.LOW


PRIORITY_RULE = (
    "Priority: High when the question's weight times the stages still to its target is 3 or "
    "more, Medium when it is 2 or more, Low otherwise; an action that another waits for takes "
    "the priority of the most urgent one waiting. High comes first within each period."
)


# PRIORITY_RULE in the words a board reads the plan in; the rule itself is in the method.
PRIORITY_LEGEND = (
    "Priority: High where the partnership is furthest from where it wants to be, on the "
    "questions that count most; Medium where it is a little nearer or the question counts a "
    "little less; Low for the rest. An action that must be done before a more urgent one "
    "takes that one's priority. High comes first within each period."
)


# Why a find-out action matters (its text already asks the question)
NOBODY_KNEW = "Nobody could say where the partnership stands on this"
NEEDED_FIRST = "a stage is needed before a step can be planned."


class ActionKind(StrEnum):
    STEP = "step"  # a bank action moving a question up a stage towards its target
    PREREQUISITE = "prerequisite"  # a bank action another planned action needs done first
    FIND_OUT = "find-out"  # a don't-know answer: find out where the partnership stands
    AGREE = "agree"  # a workshop left it without consensus: agree a shared view


@dataclass(frozen=True)
class Source:
    """The question an action comes from, and where it stands."""

    question_id: str
    question_text: str
    domain_id: str
    domain_title: str
    current: Stage | None  # None for a don't-know answer
    step_to: Stage | None  # the stage this action moves towards
    target: Stage | None
    note: str = ""
    unsure: str = ""  # a workshop's don't-know answer: who said they did not know, by name


@dataclass
class PlannedAction:
    id: str
    text: str
    owner: str
    timescale: str
    kind: ActionKind
    sources: list[Source]
    priority: float  # weight x gap (the largest, where merged)
    horizon: Horizon
    weight: float = 1.0
    gap: int = 0
    depends_on: list[str] = field(default_factory=list)  # ids of planned actions that come first
    required_by: list[str] = field(default_factory=list)  # planned actions that name it `after`
    check_first: list[str] = field(
        default_factory=list
    )  # prerequisites this answer set can't judge
    quick_win: bool = False
    order: int = 0
    merged_ids: list[str] = field(default_factory=list)  # bank ids of the same words, merged in
    # High, Medium or Low: from weight x gap, raised to that of the most urgent action waiting
    band: Priority = Priority.LOW

    @property
    def why(self) -> str:
        """Where the action comes from, in words."""
        parts = []
        for s in self.sources:
            asked = question_label(s.question_text)
            if self.kind is ActionKind.AGREE:
                parts.append(f"{asked} (no consensus in the workshop)")
            elif s.current is None:  # a find-out: the action already names the question
                who = f" ({s.unsure} said they did not know)" if s.unsure else ""
                parts.append(f"{NOBODY_KNEW}{who}; {NEEDED_FIRST}")
            elif self.kind is ActionKind.PREREQUISITE:
                assert s.step_to is not None
                parts.append(
                    f"{asked} (now {s.current.value}; needed first: this step reaches "
                    f"{s.step_to.value}, which a later action depends on)"
                )
            else:
                assert s.step_to is not None and s.target is not None
                parts.append(
                    f"{asked} (now {s.current.value}; this step reaches {s.step_to.value}, "
                    f"target {s.target.value})"
                )
        return " / ".join(parts)

    @property
    def priority_reason(self) -> str:
        """The priority in words: High, Medium or Low, then why (never a bare number, which a
        reader takes as a rank)."""
        if self.kind is ActionKind.FIND_OUT:
            why = f"weight {self.weight:g}; not known yet"
        elif self.kind is ActionKind.AGREE:
            why = f"weight {self.weight:g}; no agreed view"
        elif self.kind is ActionKind.PREREQUISITE:
            why = "needed before a later action"
        else:
            why = f"weight {self.weight:g} x {self.gap} stage{'' if self.gap == 1 else 's'} to go"
        if self.band is not Priority.of(self.priority):
            why += "; a more urgent action waits for it"
        return f"{self.band.value} ({why})"

    @property
    def domain_titles(self) -> list[str]:
        return list(dict.fromkeys(s.domain_title for s in self.sources))


@dataclass(frozen=True)
class Plan:
    actions: list[PlannedAction]
    targets: dict[str, Stage]
    domain_order: list[str]  # weakest first

    def in_horizon(self, horizon: Horizon) -> list[PlannedAction]:
        return [a for a in self.actions if a.horizon is horizon]

    def top_priorities(self, count: int = 5) -> list[PlannedAction]:
        """The most urgent actions: High first, then Medium, then Low, each in plan order (what
        an action waits for is at least as urgent and earlier, so it stays before it)."""
        return sorted(self.actions, key=lambda a: (a.band.rank, a.order))[:count]


def question_label(text: str, short: int = 160) -> str:
    """What identifies a question in a plan: all of it when short, else the first sentence
    that asks (ends in '?'), passing over an example or aside such as "For example, is there
    a protocol?" or "Or does each organisation ...?", which only make sense after it."""
    flat = " ".join(text.split())
    if len(flat) <= short:
        return flat
    for sentence in re.split(r"(?<=[?.!])\s+", flat):
        if sentence.endswith("?") and not _ASIDE.match(sentence):
            return sentence
    return flat


_ASIDE = re.compile(r"(for example|for instance|such as|e\.g\.|say|or)\b", re.IGNORECASE)
