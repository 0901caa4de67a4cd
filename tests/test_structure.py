"""Reading an answer's structure: clauses, their time, negation scope and extent, and the
failures issue 14 names, each read with the exact sentence the issue quotes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assessor.answers import Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation.interpret import Decision, Reading, interpret
from assessor.conversation.parsed import Extent, Time, parse

BANKS = load_builtin()


def _read(question_id: str, text: str) -> Reading:
    return interpret(text, BANKS.question(question_id), glossary=BANKS.glossary)


def _offered(reading: Reading) -> list[Stage]:
    return [stage for stage, _ in reading.candidates]


# -- the parser ------------------------------------------------------------------------------


def test_clauses_split_on_sentences_semicolons_contrasts_and_a_turn_to_now() -> None:
    parsed = parse(
        "We're launching a joint programme in September. At the moment we share calendars; "
        "health run their own, but the council joins in, for now we email"
    )
    assert [c.text for c in parsed.clauses] == [
        "We're launching a joint programme in September",
        "At the moment we share calendars",
        "health run their own",
        "but the council joins in",
        "for now we email",
    ]


def test_a_denial_that_takes_back_its_own_clause_stays_with_it() -> None:
    parsed = parse("They say it's integrated but it isn't")
    assert [c.text for c in parsed.clauses] == ["They say it's integrated but it isn't"]


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("we just share calendars", Time.NOW),
        ("at the moment we are going to share calendars", Time.NOW),
        ("We're launching a joint programme in September", Time.PLANNED),
        ("we hope to pool budgets next year", Time.PLANNED),
        ("we're piloting joint visits", Time.PLANNED),
        ("the board is being set up", Time.PLANNED),
        ("We have a joint board on paper", Time.ON_PAPER),
        ("in theory the plan is joint", Time.ON_PAPER),
        ("it hasn't met since March", Time.ON_PAPER),
        ("we're supposed to meet monthly", Time.ON_PAPER),
        ("we used to do joint visits", Time.PAST),
        ("the group lapsed after covid", Time.PAST),
        ("we no longer meet", Time.PAST),
        # a present going on to a date ahead is a plan; a date behind is not
        ("the school nurses are moving into the hub in the autumn term", Time.PLANNED),
        ("We're meeting the trust in April about it", Time.PLANNED),
        ("it's been running since April", Time.NOW),
        ("we were doing it in the summer", Time.NOW),
        ("we're planning together with health", Time.NOW),
    ],
)
def test_each_clause_has_its_time(text: str, time: Time) -> None:
    (clause,) = parse(text).clauses
    assert clause.time is time


def test_a_negation_reaches_no_further_than_its_clause() -> None:
    parsed = parse("No, we don't train together. Health do their mandatory stuff, we do ours")
    first, *rest = parsed.clauses
    assert first.negated and any(w.negated for w in first.words if w.text == "train")
    assert rest and not any(c.negated or any(w.negated for w in c.words) for c in rest)


@pytest.mark.parametrize(
    ("text", "extent"),
    [
        ("every hub has it", Extent.ALL),
        ("all the partners signed", Extent.ALL),
        ("most hubs have it", Extent.MOST),
        ("some districts run it", Extent.SOME),
        ("only in the north", Extent.SOME),
        ("in two districts", Extent.SOME),
        ("now and then", Extent.SOME),
        ("we rarely meet", Extent.FEW),
        ("hardly ever, maybe 1 in 20 families", Extent.FEW),
        ("we meet monthly", None),
        ("it's just the hub staff who've done it", Extent.SOME),
        ("still just the one team", Extent.SOME),
        ("we just share calendars", None),
    ],
)
def test_each_clause_has_its_extent(text: str, extent: Extent | None) -> None:
    (clause,) = parse(text).clauses
    assert clause.extent is extent


# -- the failures named in the issue ----------------------------------------------------------


def test_a_plan_is_not_read_as_practice() -> None:
    reading = _read(
        "workforce.joint_training",
        "We're launching a joint training programme in September. "
        "At the moment we just share calendars.",
    )
    assert reading.decision is Decision.CONFIRM
    assert reading.stage is Stage.COMMUNICATION
    assert Stage.COLLABORATION not in _offered(reading)


def test_a_practice_outweighs_the_absence_beside_it() -> None:
    reading = _read(
        "case_management.case_system", "For now it's separate systems and emailing things across."
    )
    assert reading.decision is Decision.CONFIRM
    assert reading.stage is Stage.COMMUNICATION


def test_a_board_on_paper_is_not_collaboration() -> None:
    reading = _read(
        "governance.board", "We have a joint board on paper but it hasn't met since March"
    )
    assert reading.decision is not Decision.ACCEPT
    assert Stage.COLLABORATION not in _offered(reading)


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        ("commissioning.pooled_budgets", "Our budget is ours, theirs is theirs"),
        (
            "workforce.joint_training",
            "No, we don't train together. Health do their mandatory stuff, we do ours",
        ),
    ],
)
def test_separateness_and_denial_are_offered_as_isolation(question_id: str, text: str) -> None:
    """Offered, or taken where the answer is that clear: never left with no stage."""
    reading = _read(question_id, text)
    assert reading.decision in (Decision.CONFIRM, Decision.ACCEPT)
    assert reading.stage is Stage.ISOLATION


def test_a_count_of_phone_calls_is_no_rating() -> None:
    reading = _read(
        "data_sharing.family_worker_info",
        "It takes about 3 or 4 phone calls to find out who's involved",
    )
    assert Stage.COORDINATION not in _offered(reading)
    assert Stage.COLLABORATION not in _offered(reading)


def test_a_coordinator_is_a_person_not_a_stage() -> None:
    reading = _read(
        "co_location.joint_working_depth", "We have a Home-Start coordinator in the hub"
    )
    assert Stage.COORDINATION not in _offered(reading)


@pytest.mark.parametrize(
    ("said", "stage"), [("coord", Stage.COORDINATION), ("collab", Stage.COLLABORATION)]
)
def test_short_forms_of_the_stages_are_stages(said: str, stage: Stage) -> None:
    reading = _read("governance.board", said)
    assert reading.decision is Decision.ACCEPT and reading.stage is stage


def test_every_hub_with_the_full_offer_is_not_isolation() -> None:
    reading = _read(
        "commissioning.start_for_life",
        "Every hub has the full package for pregnancy and the first two years, "
        "with a route into specialist services",
    )
    assert reading.stage is Stage.INTEGRATION
    assert Stage.ISOLATION not in _offered(reading)


@pytest.mark.parametrize(
    "text", ["the building is lovely, it used to be a library", "can we take a break?"]
)
def test_remarks_aside_get_no_stage(text: str) -> None:
    reading = _read("co_location.joint_working_depth", text)
    assert reading.stage is None and not reading.candidates


# -- the decision rules ------------------------------------------------------------------------


def test_a_doubt_inside_a_description_is_a_hedge_not_a_dont_know() -> None:
    reading = _read(
        "governance.risk_log_partners",
        "The council keeps a risk register for the hubs and shares it with partners, who are "
        "not sure what goes on it",
    )
    assert reading.decision is Decision.CONFIRM and reading.special is None
    assert reading.stage is not None


def test_a_doubt_that_opens_the_answer_is_still_a_dont_know() -> None:
    reading = _read(
        "data_sharing.routine_sharing", "I'm not sure, I'd need to check with our data team"
    )
    assert reading.decision is Decision.ACCEPT and reading.special is Special.DONT_KNOW


def test_a_bank_phrase_that_names_its_own_time_is_its_stage() -> None:
    reading = _read("case_management.assessment_approach", "it was agreed on paper")
    assert reading.decision is Decision.ACCEPT and reading.stage is Stage.COMMUNICATION


def test_separateness_typed_as_there_own_is_isolation() -> None:
    reading = _read(
        "governance.risk_log_partners",
        "there isn't a hub risk log, each organisation does there own",
    )
    assert reading.stage is Stage.ISOLATION


# -- why: the person's own words --------------------------------------------------------------


def test_the_reading_quotes_the_words_it_was_read_from() -> None:
    reading = _read(
        "workforce.joint_training",
        "We're launching a joint training programme in September. "
        "At the moment we just share calendars.",
    )
    assert reading.because == ("share calendars",)
    reading = _read("commissioning.pooled_budgets", "Our budget is ours, theirs is theirs")
    assert reading.because and all(
        q in "Our budget is ours, theirs is theirs" for q in reading.because
    )
    assert len(reading.because) <= 3


# -- assessor banks try -----------------------------------------------------------------------


def _banks_try(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", "banks", "try", *args],
        capture_output=True,
        text=True,
        check=True,
    )


def test_banks_try_shows_each_clause_with_its_time_and_evidence() -> None:
    shown = _banks_try(
        "workforce.joint_training",
        "We're launching a joint training programme in September. "
        "At the moment we just share calendars.",
    ).stdout
    lines = shown.splitlines()
    assert "because:    'share calendars'" in lines
    planned = lines.index(
        "  'We're launching a joint training programme in September'  (planned; not counted: "
        "tells the stage below only where no practice is described)"
    )
    assert (
        lines[planned + 1].startswith("    evidence: ") and "collaboration +" in lines[planned + 1]
    )
    now = lines.index("  'At the moment we just share calendars'  (now; counted toward the stage)")
    assert lines[now + 1].startswith("    evidence: communication +")
    assert any(line.startswith("evidence:   ") for line in lines)


def test_banks_try_json_holds_the_clauses() -> None:
    shown = json.loads(
        _banks_try(
            "governance.board",
            "We have a joint board on paper but it hasn't met since March",
            "--json",
        ).stdout
    )
    assert [c["time"] for c in shown["clauses"]] == ["on paper", "on paper"]
    assert shown["clauses"][1]["negated"] is True
    assert set(shown["evidence"]) <= {s.value for s in Stage}


def test_banks_try_prints_a_typed_escape_as_data() -> None:
    shown = _banks_try("governance.board", "we meet\x1b[31m monthly").stdout
    assert "\x1b" not in shown


def test_a_dated_clause_before_a_turn_to_now_is_a_plan() -> None:
    """What is said with a date ahead and then set against "for now" is to come, though said
    in the present tense ("moves into the hub in September. For now...")."""
    said = "The school nurses move into the hub in September. For now they hold a drop-in there."
    first, second = parse(said).clauses
    assert (first.time, second.time) == (Time.PLANNED, Time.NOW)
    # a date with no turn to now after it is no plan
    assert parse("We started in April. We share calendars.").clauses[0].time is Time.NOW
    reading = _read(
        "workforce.joint_training",
        "The council's course opens to health visitors in the spring. "
        "For now we each train our own staff.",
    )
    assert reading.stage is Stage.ISOLATION
    assert Stage.COMMUNICATION not in _offered(reading)


def test_a_plan_for_everyone_beside_a_few_now_is_read_as_the_few() -> None:
    reading = _read(
        "workforce.every_contact_counts",
        "We're training every frontline team from next spring. "
        "At the moment it's just the early help teams who've had it.",
    )
    assert reading.stage is not Stage.INTEGRATION


def test_still_says_nothing_of_a_stage() -> None:
    """ "still" is in a descriptor ("some still use their own"), but on its own says no stage:
    a manager at each site with every service answering to its own boss is no collaboration."""
    reading = _read(
        "governance.hub_team_management",
        "We have a manager at each site, but every service still answers to its own boss.",
    )
    assert Stage.COLLABORATION not in _offered(reading)
    assert "still" not in reading.matched


def test_a_practice_each_does_on_its_own_speaks_for_separateness() -> None:
    """ "The council runs its own courses and health runs theirs": courses are run, each by
    its own partner; the reading of the words leans to isolation, not to shared courses."""
    from assessor.conversation.understanding.weighed import read_answer

    question = BANKS.question("workforce.joint_training")
    said = "We never train together. The council runs its own courses and health runs theirs."
    scores = read_answer(parse(said), question).evidence.scores
    assert scores[Stage.ISOLATION] > scores[Stage.COORDINATION]


def test_a_new_subject_after_a_comma_starts_a_clause_of_its_own() -> None:
    """A lapsed board and what is done instead: the time of the first part does not reach the
    second, so the emailing counts as what happens now."""
    parsed = parse("We have a joint board on paper but it hasn't met since March, mostly we email")
    assert [c.text for c in parsed.clauses][-1] == "mostly we email"
    assert parsed.clauses[-1].time is Time.NOW
    assert parsed.clauses[-2].time is not Time.NOW


def test_the_next_period_after_a_practice_is_a_routine_not_a_plan() -> None:
    assert parse("we agree a recovery plan and review it the next quarter").clauses[0].time is (
        Time.NOW
    )
    assert parse("we will review it next quarter").clauses[0].time is Time.PLANNED


@pytest.mark.parametrize(
    ("text", "extent"),
    [
        ("but fewer than half of all partners have", Extent.SOME),
        ("less than half the hubs", Extent.SOME),
        ("they cover half or more of the partners", Extent.HALF),
        ("more than half of the money is pooled", Extent.MOST),
        ("over half the hubs", Extent.MOST),
    ],
)
def test_short_of_half_is_some_and_more_than_half_is_most(text: str, extent: Extent) -> None:
    assert parse(text).clauses[-1].extent is extent
