"""The action plan on hand-built answer sets (banks from tests/data/small_bank.yaml)."""

from __future__ import annotations

from pathlib import Path

from conftest import other_bank_text

from assessor.analysis.planning import ActionKind, Horizon, build_plan
from assessor.answers import AnswerValue, Special
from assessor.banks import load_bank_set
from assessor.continuum import Stage

S = Stage
A = AnswerValue.of


def bank_set(tmp_path: Path, sample: str, other: str | None = None):
    paths = [tmp_path / "1.yaml"]
    paths[0].write_text(sample, encoding="utf-8")
    if other is not None:
        paths.append(tmp_path / "2.yaml")
        paths[1].write_text(other, encoding="utf-8")
    return load_bank_set(paths)


def ids(plan) -> list[str]:
    return [a.id for a in plan.actions]


def test_one_stage_up_by_default_grouped_by_horizon(tmp_path: Path, small_bank_text: str) -> None:
    banks = bank_set(tmp_path, small_bank_text)
    plan = build_plan(banks, {"sample.board": A(S.COMMUNICATION)})
    (action,) = plan.actions
    assert action.id == "sample.board.terms"
    assert (action.owner, action.timescale, action.horizon) == (
        "Family hubs programme board",
        "0-3 months",
        Horizon.NOW,
    )
    source = action.sources[0]
    assert (
        source.question_id,
        source.domain_id,
        source.current,
        source.step_to,
        source.target,
    ) == (
        "sample.board",
        "sample",
        S.COMMUNICATION,
        S.COORDINATION,
        S.COORDINATION,
    )
    assert action.priority == 2.0 and action.priority_reason == "Medium (weight 2 x 1 stage to go)"
    assert not action.quick_win  # one question: its weight is the median, not above it
    assert "Who oversees the work?" in action.why


def test_a_domain_target_plans_every_step_in_order(tmp_path: Path, small_bank_text: str) -> None:
    banks = bank_set(tmp_path, small_bank_text)
    plan = build_plan(
        banks, {"sample.board": A(S.COMMUNICATION)}, targets={"sample": S.INTEGRATION}
    )
    assert ids(plan) == ["sample.board.terms", "sample.board.decide", "sample.board.delegate"]
    assert [a.horizon for a in plan.actions] == [Horizon.NOW, Horizon.NEXT, Horizon.LATER]
    assert [a.priority for a in plan.actions] == [6.0, 6.0, 6.0]  # weight 2 x gap 3
    assert plan.actions[1].depends_on == ["sample.board.terms"]
    assert plan.actions[2].depends_on == ["sample.board.decide"]
    assert [a.quick_win for a in plan.actions] == [False, False, False]  # a gap of three


def test_dependencies_come_first_even_against_priority(
    tmp_path: Path, small_bank_text: str
) -> None:
    # budget weighs 5, so its step outranks the board's; but it comes after sample.board.decide
    text = small_bank_text.replace(
        "    evidence: The section 75 agreement.",
        "    weight: 5\n    evidence: The section 75 agreement.",
    )
    banks = bank_set(tmp_path, text)
    answers = {"sample.board": A(S.COORDINATION), "sample.budget": A(S.COORDINATION)}
    plan = build_plan(banks, answers)
    assert ids(plan) == ["sample.board.decide", "sample.budget.joint"]
    assert plan.actions[1].priority == 5.0 > plan.actions[0].priority
    assert "sample.board.decide" in plan.actions[1].depends_on


def test_a_later_dependency_pulls_its_dependant_later(tmp_path: Path, small_bank_text: str) -> None:
    decide = (
        "          text: Give the board decision rights.\n"
        "          owner: Family hubs programme board\n"
        "          timescale: "
    )
    text = small_bank_text.replace(decide + "3-12 months", decide + "12+ months")
    banks = bank_set(tmp_path, text)
    plan = build_plan(
        banks, {"sample.board": A(S.COORDINATION), "sample.budget": A(S.COORDINATION)}
    )
    assert [(a.id, a.horizon) for a in plan.actions] == [
        ("sample.board.decide", Horizon.LATER),
        ("sample.budget.joint", Horizon.LATER),  # its own timescale is 3-12 months
    ]


def test_ask_if_questions_not_asked_plan_nothing(tmp_path: Path, small_bank_text: str) -> None:
    banks = bank_set(tmp_path, small_bank_text)
    # the budget was answered once, then the board was changed to below coordination
    plan = build_plan(banks, {"sample.board": A(S.ISOLATION), "sample.budget": A(S.ISOLATION)})
    assert ids(plan) == ["sample.board.convene"]


def test_weakest_domain_first_and_duplicates_merged(tmp_path: Path, small_bank_text: str) -> None:
    other = other_bank_text(small_bank_text)
    other = other.replace("    ask_if: {question: other.board, at_least: coordination}\n", "")
    other = other.replace("          text: ", "          text: Other bank, ")
    # one action word for word the same as the sample bank's (case and spacing aside)
    other = other.replace(
        "text: Other bank, Give the board decision rights.",
        "text: give the board  decision rights.",
    )
    banks = bank_set(tmp_path, small_bank_text, other)
    answers = {
        "sample.board": A(S.COORDINATION),
        "sample.budget": A(S.INTEGRATION),  # sample: (2*3 + 5) / 3 = 3.67
        "other.board": A(S.COORDINATION),
        "other.budget": A(S.COMMUNICATION),  # other: (2*3 + 2) / 3 = 2.67, the weaker
    }
    plan = build_plan(banks, answers)
    assert plan.domain_order == ["other", "sample"]
    # the merged action sits where its first source does: the weaker domain, higher priority
    assert ids(plan) == ["other.board.decide", "other.budget.align"]
    merged = plan.actions[0]
    assert [s.question_id for s in merged.sources] == ["other.board", "sample.board"]
    assert merged.merged_ids == ["sample.board.decide"]
    assert all(a.horizon is Horizon.NEXT for a in plan.actions)


def test_a_follow_up_question_does_not_wait_for_the_one_it_hangs_on(
    tmp_path: Path, small_bank_text: str
) -> None:
    # the budget is asked only once the board is at coordination or above: that already holds,
    # so the budget's step does not wait for the board's next step (which is a year away here)
    decide = "          text: Give the board decision rights.\n"
    text = small_bank_text.replace(
        decide + "          owner: Family hubs programme board\n          timescale: 3-12 months",
        decide + "          owner: Family hubs programme board\n          timescale: 12+ months",
    )
    banks = bank_set(tmp_path, text)
    plan = build_plan(
        banks, {"sample.board": A(S.COORDINATION), "sample.budget": A(S.COMMUNICATION)}
    )
    assert [(a.id, a.horizon, a.depends_on) for a in plan.actions] == [
        ("sample.budget.align", Horizon.NEXT, []),
        ("sample.board.decide", Horizon.LATER, []),
    ]


def test_dont_know_becomes_a_find_out_action(tmp_path: Path, small_bank_text: str) -> None:
    banks = bank_set(tmp_path, small_bank_text)
    plan = build_plan(
        banks,
        {"sample.board": A(Special.DONT_KNOW)},
        notes={"sample.board": "ask health"},
    )
    (action,) = plan.actions
    assert action.kind is ActionKind.FIND_OUT
    assert action.id == "sample.board.find_out"
    assert (
        action.text == "Find out: Who oversees the work? Look for: Terms of reference and minutes."
    )
    assert action.why == (
        "Nobody could say where the partnership stands on this; a stage is needed before a step "
        "can be planned."
    )
    assert action.owner == "Family hubs programme board"  # the question's most frequent owner
    assert action.horizon is Horizon.NOW and not action.quick_win  # a quick win is a step
    assert action.sources[0].note == "ask health"


def test_top_stage_not_applicable_and_skipped_plan_nothing(
    tmp_path: Path, small_bank_text: str
) -> None:
    banks = bank_set(tmp_path, small_bank_text, other_bank_text(small_bank_text))
    answers = {
        "sample.board": A(S.INTEGRATION),
        "sample.budget": A(Special.NOT_APPLICABLE),
        "other.board": A(Special.SKIPPED),
    }
    assert build_plan(banks, answers).actions == []


def test_target_at_or_below_the_current_stage_plans_nothing(
    tmp_path: Path, small_bank_text: str
) -> None:
    banks = bank_set(tmp_path, small_bank_text)
    plan = build_plan(
        banks, {"sample.board": A(S.COLLABORATION)}, targets={"sample": S.COORDINATION}
    )
    assert plan.actions == []


def builtin_plan(answers: dict, **kwargs):
    from assessor.banks import load_builtin

    return build_plan(load_builtin(), answers, **kwargs)


def test_an_unmet_prerequisite_in_another_domain_is_pulled_in_first() -> None:
    # no data-sharing agreement yet: partners' read access to case records must wait for one
    plan = builtin_plan(
        {
            "data_sharing.agreements": A(S.ISOLATION),
            "case_management.case_system": A(S.COMMUNICATION),
        }
    )
    by_id = {a.id: a for a in plan.actions}
    access = by_id["case_management.case_system.partner_access"]
    agreement = by_id["data_sharing.agreements.priority_agreements"]
    assert access.depends_on == ["data_sharing.agreements.priority_agreements"]
    assert agreement.kind is ActionKind.PREREQUISITE
    assert agreement.required_by == ["case_management.case_system.partner_access"]
    assert agreement.depends_on == ["data_sharing.agreements.map_flows"]
    assert "needed first" in agreement.why and agreement.priority_reason.endswith(
        "(needed before a later action)"
    )
    order = ids(plan)
    assert order.index("data_sharing.agreements.map_flows") < order.index(agreement.id)
    assert order.index(agreement.id) < order.index(access.id)


def test_a_prerequisite_the_answers_show_done_is_not_planned() -> None:
    plan = builtin_plan(
        {
            "data_sharing.agreements": A(S.COORDINATION),  # beyond the agreements step
            "case_management.case_system": A(S.COMMUNICATION),
        }
    )
    by_id = {a.id: a for a in plan.actions}
    assert by_id["case_management.case_system.partner_access"].depends_on == []
    assert "data_sharing.agreements.priority_agreements" not in by_id


def test_an_unknown_prerequisite_is_checked_first_or_found_out() -> None:
    from assessor.banks import load_builtin

    installed = load_builtin()
    # a narrower assessment without data sharing cannot judge the agreement: check it first
    narrow = build_plan(
        installed.select(["case_management"]),
        {"case_management.case_system": A(S.COMMUNICATION)},
        catalogue=installed,
    )
    (access,) = [a for a in narrow.actions if a.id.endswith("partner_access")]
    assert access.depends_on == [] and not access.quick_win
    assert access.check_first == [
        installed.bank("data_sharing").questions[0].actions.communication[0].text
    ]
    # don't know: the find-out action comes first
    plan = builtin_plan(
        {
            "data_sharing.agreements": A(Special.DONT_KNOW),
            "case_management.case_system": A(S.COMMUNICATION),
        }
    )
    by_id = {a.id: a for a in plan.actions}
    assert by_id["case_management.case_system.partner_access"].depends_on == [
        "data_sharing.agreements.find_out"
    ]


def test_an_after_naming_a_question_waits_for_its_stage(
    tmp_path: Path, small_bank_text: str
) -> None:
    other = other_bank_text(small_bank_text).replace(
        "    ask_if: {question: other.board, at_least: coordination}\n", ""
    )
    # other.board's step to coordination needs sample.budget to have reached coordination
    other = other.replace(
        "          text: (other) Agree terms of reference.",
        "          text: Agree terms of reference.",
    ).replace(
        "          after: [other.board.convene]",
        "          after: [other.board.convene, sample.budget]",
    )
    banks = bank_set(tmp_path, small_bank_text, other)
    below = build_plan(
        banks,
        {
            "sample.board": A(S.COORDINATION),
            "sample.budget": A(S.ISOLATION),
            "other.board": A(S.COMMUNICATION),
        },
    )
    by_id = {a.id: a for a in below.actions}
    terms = by_id["other.board.terms"]
    assert terms.depends_on == ["sample.budget.align"]  # the budget's last step below coordination
    assert by_id["sample.budget.align"].kind is ActionKind.PREREQUISITE
    assert by_id["sample.budget.align"].depends_on == ["sample.budget.share"]
    reached = build_plan(
        banks,
        {
            "sample.board": A(S.COORDINATION),
            "sample.budget": A(S.COORDINATION),
            "other.board": A(S.COMMUNICATION),
        },
    )
    assert {a.id: a for a in reached.actions}["other.board.terms"].depends_on == []


def test_merged_actions_keep_every_owner_and_the_earliest_timescale(
    tmp_path: Path, small_bank_text: str
) -> None:
    other = other_bank_text(small_bank_text).replace(
        "    ask_if: {question: other.board, at_least: coordination}\n", ""
    )
    other = other.replace(
        "          text: Delegate authority and pool the budget.\n"
        "          owner: Health and wellbeing board\n"
        "          timescale: 12+ months",
        "          text: Give the board decision rights.\n"
        "          owner: Director of public health\n"
        "          timescale: 3-12 months",
    ).replace(
        "          text: Give the board decision rights.\n"
        "          owner: Family hubs programme board\n"
        "          timescale: 3-12 months",
        "          text: Give the board decision rights.\n"
        "          owner: Family hubs programme board\n"
        "          timescale: 12+ months",
        1,
    )
    banks = bank_set(tmp_path, small_bank_text, other)
    plan = build_plan(
        banks,
        {"sample.board": A(S.COORDINATION), "other.board": A(S.COLLABORATION)},
    )
    (merged,) = plan.actions
    assert merged.owner == "Family hubs programme board; Director of public health"
    assert merged.timescale == "3-12 months" and merged.horizon is Horizon.NEXT
    assert {s.question_id for s in merged.sources} == {"sample.board", "other.board"}


def test_quick_wins_are_a_handful_not_every_action_due_now() -> None:
    from assessor.banks import load_builtin

    installed = load_builtin()
    answers = {}
    for number, question in enumerate(installed.questions):
        answers[question.id] = A(S.from_number(1 + number % 3))
    plan = build_plan(installed, answers)
    now = plan.in_horizon(Horizon.NOW)
    wins = [a for a in plan.actions if a.quick_win]
    # a handful: at most one question in six (11 of the 66), and fewer than all due now
    assert 1 <= len(wins) <= len(installed.questions) // 6 < len(now)
    for win in wins:
        source = win.sources[0]
        assert win.timescale == "0-3 months" and not win.depends_on and win.gap == 1
        assert win.weight > 1  # above the median weight (1) of the shipped questions
        assert source.current is not None
        assert len(installed.question(source.question_id).actions.for_stage(source.current)) == 1
    # the top priorities are the most urgent: High first, each priority in plan order
    top = plan.top_priorities()
    ranks = [a.band.rank for a in top]
    assert ranks == sorted(ranks) and len(top) == 5
    assert top == sorted(plan.actions, key=lambda a: (a.band.rank, a.order))[:5]


def test_why_names_the_first_asking_sentence_not_an_example_or_aside() -> None:
    from assessor.analysis.planning import question_label

    text = (
        "What agreements do you have for sharing information between partners? For example, "
        "is there a data-sharing protocol that health, the council, schools and voluntary "
        "sector partners have all signed?"
    )
    assert question_label(text) == (
        "What agreements do you have for sharing information between partners?"
    )
    scene = (
        "Not every family can or will come to one main building. How do your hub, other local "
        "sites and outreach fit together, so that families get the same support wherever they "
        "first make contact?"
    )
    assert question_label(scene).startswith("How do your hub, other local sites")
    aside_first = (
        "Such as a shared front door, a joint panel or one record, which of these arrangements "
        "exist? Or is each service still working on its own, with its own forms, thresholds, "
        "records and waiting lists?"
    )
    assert question_label(aside_first) == aside_first  # no sentence carries it alone: all of it
    assert question_label("Who oversees the work? Is there a board?") == (
        "Who oversees the work? Is there a board?"
    )
    from assessor.banks import load_builtin

    for question in load_builtin().questions:  # every shipped question has a label that asks
        label = question_label(question.text)
        assert label.endswith("?") and not label.startswith(("For example", "Or ")), question.id


def test_each_step_is_needed_for_the_step_above_it_and_never_due_after_it() -> None:
    # from isolation to integration on every question: each planned step names the one below it
    # in its own question as needed first (the banks leave that to the planner rather than to
    # `after`), says so on the step below, and is never planned for an earlier period than it
    from assessor.banks import load_builtin

    banks = load_builtin()
    plan = build_plan(
        banks,
        {q.id: A(S.ISOLATION) for q in banks.questions},
        targets={bank.id: S.INTEGRATION for bank in banks.banks},
    )
    by_id = {a.id: a for a in plan.actions}
    journey = ["integration.tell_story_once." + s for s in ("ask_families", "find_repeat_points")]
    assert journey[0] in by_id[journey[1]].depends_on
    assert journey[1] in by_id[journey[0]].required_by
    for action in plan.actions:
        for needed in action.depends_on:
            assert action.id in by_id[needed].required_by, (needed, action.id)
            assert by_id[needed].horizon.rank <= action.horizon.rank, (needed, action.id)
            assert by_id[needed].order < action.order
