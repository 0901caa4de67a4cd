"""The action plan: its actions in order, the questions each comes from, the targets it aims
at and the rules it is ordered by."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from assessor.report.model.parts import StageName, _d, _Part


class ActionSource(_Part):
    question_id: str = _d("the question the action comes from")
    question_text: str = _d("that question's wording")
    domain_id: str = _d("the question's domain id")
    domain_title: str = _d("the question's domain title")
    current: StageName | None = _d("the question's stage now; null for a don't-know answer")
    step_to: StageName | None = _d("the stage this action moves the question to")
    target: StageName | None = _d("the question's target stage in this plan")
    note: str = _d("the partnership's evidence note on the question")


class PlanAction(_Part):
    order: int = _d("position in the plan, from 1; 'after #n' refers to it")
    id: str = _d("the bank action id (or QUESTION.find_out / QUESTION.agree)")
    kind: Literal["step", "prerequisite", "find-out", "agree"] = _d(
        "step: towards a question's target; prerequisite: needed first by another action; "
        "find-out: for a don't-know answer; agree: a workshop without consensus"
    )
    horizon: Literal["now", "next", "later"] = _d("the period the action falls in")
    horizon_label: str = _d("the period as shown, e.g. 'Now (0-3 months)'")
    text: str = _d("what to do")
    owner: str = _d("the role(s) who own it; merged actions join their owners with '; '")
    timescale: str = _d("0-3 months, 3-12 months or 12+ months (the earliest, where merged)")
    priority: float = _d("weight x gap to target (the largest, where merged)")
    priority_reason: str = _d("the priority explained in words")
    priority_band: Literal["High", "Medium", "Low"] = _d(
        "High, Medium or Low (see plan.priority_rule)", default="Low"
    )
    quick_win: bool = _d("see plan.quick_win_rule")
    depends_on: list[str] = _d("ids of planned actions that come first")
    required_by: list[str] = _d("ids of planned actions that named this one as a prerequisite")
    check_first: list[str] = _d(
        "prerequisites this assessment cannot judge (no stage recorded): confirm them first"
    )
    domains: list[str] = _d("titles of the domains the action comes from")
    why: str = _d("the question(s) it comes from and where they stand, in words")
    sources: list[ActionSource] = _d("every question the action comes from")


class TargetInUse(_Part):
    domain_id: str = _d("the domain")
    domain_title: str = _d("its title")
    stage: StageName = _d("the stage the plan aims at in this domain")
    by: str = _d(
        "by when the partnership aims to reach it, in its own words (e.g. 'March 2027'); empty "
        "if not said"
    )
    source: Literal["stored", "given"] = _d(
        "stored: the partnership's own target, kept with its assessments (assessor targets); "
        "given: given for this report only (--target), over any stored one"
    )
    set_at: datetime | None = _d("when the stored target was set; null for a given one")


class PlanInfo(_Part):
    targets: dict[str, StageName] = _d("domain id -> its target stage, where one was set")
    targets_in_use: list[TargetInUse] = _d(
        "the targets the plan aims at, in domain order, with where each came from and by when; "
        "a domain not listed aims one stage up",
        default_factory=list,
    )
    quick_win_rule: str = _d("what makes an action a quick win, in words")
    priority_rule: str = _d("what makes an action High, Medium or Low priority", default="")
    priority_legend: str = _d(
        "the priority rule in plain words, as the plan's legend shows it", default=""
    )
    top_priorities: list[int] = _d(
        "plan order numbers of the five most urgent actions: High first, each band in plan order"
    )
    actions: list[PlanAction] = _d("the plan in order")
