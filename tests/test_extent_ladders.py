"""Extent and frequency deciding between adjacent stages (issue 14): where a question's
descriptors climb by extent ("a few", "about half", "most", "every"), how widely the answer
says a thing happens picks the stage of that extent, read from the descriptors' own words
(no list per question). Sentences are read by the interpreter a conversation calls, and by a
real conversation."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor.banks import load_builtin
from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation import Conversation
from assessor.conversation.interpret import Decision, Reading, interpret
from assessor.conversation.parsed import Extent, Time, parse
from assessor.conversation.understanding.question_index import extent_ladder, question_index
from assessor.store import BankUse, Store

BANKS = load_builtin()


def _read(question_id: str, text: str) -> Reading:
    return interpret(text, BANKS.question(question_id), glossary=BANKS.glossary)


def _first(reading: Reading) -> Stage | None:
    return reading.candidates[0][0] if reading.candidates else reading.stage


# -- the descriptors' own extents ----------------------------------------------------------


def test_a_ladder_is_read_from_the_descriptors_extent_words() -> None:
    index = question_index(BANKS.question("co_location.familiar_faces"))
    assert [index.extents[s] for s in index.ladder] == [
        Extent.FEW,
        Extent.SOME,
        Extent.HALF,
        Extent.MOST,
        Extent.ALL,
    ]


def test_a_descriptor_s_extent_is_its_first_clause_s() -> None:
    """ "Half or more of the agencies use the common approach, but not all" says half, not
    all."""
    index = question_index(BANKS.question("case_management.assessment_approach"))
    assert index.extents[Stage.COLLABORATION] is Extent.HALF
    assert index.ladder == (Stage.COORDINATION, Stage.COLLABORATION, Stage.INTEGRATION)


def test_a_ladder_needs_extents_that_climb() -> None:
    some, most, every = Extent.SOME, Extent.MOST, Extent.ALL
    climbing = {Stage.ISOLATION: None, Stage.COMMUNICATION: None, Stage.COORDINATION: some}
    climbing |= {Stage.COLLABORATION: most, Stage.INTEGRATION: every}
    assert extent_ladder(climbing) == (Stage.COORDINATION, Stage.COLLABORATION, Stage.INTEGRATION)
    flat = dict.fromkeys(climbing, None) | {Stage.COLLABORATION: every, Stage.INTEGRATION: every}
    assert extent_ladder(flat) == ()


@pytest.mark.parametrize(
    ("text", "extent"),
    [
        ("about half the time they know someone", Extent.HALF),
        ("it's fifty-fifty", Extent.HALF),
        ("nine times out of ten they do", Extent.MOST),
        ("we picked it a couple of years ago", None),
        ("it's the only one we use", None),
        ("only in the north", Extent.SOME),
    ],
)
def test_extents_said_in_answers(text: str, extent: Extent | None) -> None:
    assert parse(text).clauses[0].extent is extent


def test_a_wish_said_as_fact_is_not_practice() -> None:
    (wish,) = parse("I'd like to say every team does it").clauses
    assert wish.time is not Time.NOW


# -- the answer's extent picks the rung -------------------------------------------------------


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        (
            "integration.vcs_delivery",
            "Every one of our hub areas has a charity running weekly groups now.",
            Stage.INTEGRATION,
        ),
        (
            "integration.vcs_delivery",
            "Most hub areas have a charity running weekly groups, not quite all.",
            Stage.COLLABORATION,
        ),
        (
            "data_sharing.agreements",
            "All our partners have signed the information sharing agreement.",
            Stage.INTEGRATION,
        ),
        (
            "data_sharing.agreements",
            "Only a few partners have signed the sharing agreement so far.",
            Stage.COORDINATION,
        ),
        (
            "commissioning.early_warning",
            "Every commissioned hub service has early-warning thresholds agreed.",
            Stage.INTEGRATION,
        ),
        (
            "co_location.familiar_faces",
            "Hardly ever, it's a different face most weeks.",
            Stage.ISOLATION,
        ),
        (
            "co_location.familiar_faces",
            "It's fifty-fifty whether they know the person on the desk.",
            Stage.COORDINATION,
        ),
    ],
)
def test_the_answer_s_extent_picks_the_stage_of_that_extent(
    question_id: str, text: str, stage: Stage
) -> None:
    assert _first(_read(question_id, text)) is stage


def test_an_adverb_of_how_much_climbs_no_ladder_of_how_many() -> None:
    """ "mostly our one analyst" says reports are designed locally, and nothing of how many
    partners' services they cover."""
    reading = _read(
        "case_management.local_reports",
        "It's mostly our one analyst who designs new reports, and a colleague when she's away.",
    )
    assert _first(reading) is Stage.COORDINATION


def _question(question_id: str) -> Question:
    return BANKS.question(question_id)


def test_a_conversation_offers_the_stage_the_extent_picks(tmp_path: Path) -> None:
    bank_set = BANKS.select(["data_sharing"])
    with Store(tmp_path / "chat.db") as store:
        assessment = store.create_assessment(
            "Northshire", [BankUse(bank_id=b.id, version=b.version) for b in bank_set.banks]
        )
        chat = Conversation(store, assessment.id, bank_set)
        chat.start()
        assert bank_set.banks[0].questions[0].id == "data_sharing.agreements"
        replies = chat.reply("All our partners have signed the information sharing agreement.")
        offered = [stage for message in replies for stage in message.proposed]
        assert offered[:1] == [Stage.INTEGRATION], replies
        assert store.answers(assessment.id) == []


# -- taken without asking: a plan for more, a denial of more --------------------------------


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        (
            "co_location.joint_working_depth",
            "We're trialling co-run groups with the school nurses next term. At the moment we "
            "meet every fortnight about shared families and agree who goes in first.",
            Stage.COORDINATION,
        ),
        (
            "co_location.joint_working_depth",
            "From September we'll do joint visits. At the moment practitioners meet regularly "
            "about shared families and plan the order of their work.",
            Stage.COORDINATION,
        ),
        (
            "governance.action_accountability",
            "Actions get minuted and then they're forgotten. Nobody checks at the next meeting.",
            Stage.COMMUNICATION,
        ),
    ],
)
def test_a_plan_or_a_denial_of_more_does_not_hold_a_clear_practice_back(
    question_id: str, text: str, stage: Stage
) -> None:
    reading = _read(question_id, text)
    assert (reading.decision, reading.stage) == (Decision.ACCEPT, stage), reading


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        (
            "co_location.joint_working_depth",
            "We're going to start joint visits with the health visitors next year.",
        ),
        ("commissioning.pooled_budgets", "The plan is to pool the budgets next year."),
        (
            "co_location.joint_working_depth",
            "We meet every fortnight about shared families, but the school nurses never come.",
        ),
    ],
)
def test_a_plan_alone_or_a_contrast_of_another_stage_is_still_asked_about(
    question_id: str, text: str
) -> None:
    assert _read(question_id, text).decision is not Decision.ACCEPT


def test_fewer_than_every_is_the_stage_below_every() -> None:
    """The top descriptor says every gap found in the mapping is filled in every family hub:
    "most of our hubs" is below it, never taken as it."""
    reading = _read(
        "commissioning.start_for_life",
        "The gaps the mapping found are filled in most of our family hubs now.",
    )
    assert reading.decision is not Decision.ACCEPT
    assert _first(reading) is Stage.COLLABORATION
    every = _read(
        "commissioning.start_for_life",
        "Every gap from our mapping is filled, in every family hub.",
    )
    assert every.stage is Stage.INTEGRATION


def test_most_weeks_says_how_often_not_how_many() -> None:
    (clause,) = parse("we do joint visits most weeks").clauses
    assert clause.extent is Extent.MOST and not clause.counted
    (counted,) = parse("most hubs do joint visits").clauses
    assert counted.counted


# -- a denial after a comma is a clause of its own -----------------------------------------


def test_a_denial_after_a_comma_takes_back_only_its_own_clause() -> None:
    """ "Most of our partners signed it, the school trust has not yet": the school trust's
    'not yet' is not a plan for the whole answer; most partners signing is practice now."""
    clauses = parse("Most of our partners signed it, the school trust has not yet").clauses
    assert [c.text for c in clauses] == [
        "Most of our partners signed it",
        "the school trust has not yet",
    ]
    assert clauses[0].time is Time.NOW and not clauses[0].negated
    assert clauses[0].extent is Extent.MOST
    assert clauses[1].negated


def test_most_partners_signing_is_the_stage_short_of_every_partner() -> None:
    """The strategy's collaboration says two or more partners but not all have signed it off,
    integration that every partner has: "most signed, one has not yet" is offered as
    collaboration, asked, never taken (one shared word, "signed", is all the words say)."""
    reading = _read(
        "governance.strategy_signoff",
        "Most of our partners signed it, the school trust has not yet",
    )
    assert reading.decision is Decision.CONFIRM
    assert _first(reading) is Stage.COLLABORATION
    every = _read("governance.strategy_signoff", "Every one of our partners has signed it off")
    assert _first(every) is not Stage.COLLABORATION


def test_an_answer_short_of_every_is_never_the_every_rung() -> None:
    """The need for change climbs "some partners, but not all, have endorsed" to "every partner
    has endorsed": "most partners have signed up, the trust board has not yet" is the first,
    though "most" lies nearer "every" (it was offered as integration)."""
    reading = _read(
        "integration.need_for_change",
        "Most partners have signed up to one written case for change, the trust board has not yet",
    )
    assert _first(reading) is Stage.COLLABORATION


@pytest.mark.parametrize(
    ("question_id", "hyphenated", "apart"),
    [
        (
            "co_location.familiar_faces",
            "Most hubs keep the same front-desk team.",
            "Most hubs keep the same front desk team.",
        ),
        (
            "data_sharing.agreements",
            "Most partners have signed up to the information-sharing protocol.",
            "Most partners have signed up to the information sharing protocol.",
        ),
    ],
)
def test_a_compound_climbs_the_ladder_hyphenated_or_as_two_words(
    question_id: str, hyphenated: str, apart: str
) -> None:
    """One rule reads a compound on both sides (assessor.words.text.compound_stems): "front-desk"
    in an answer is the descriptors' "front desk", as "information sharing" is their
    "information-sharing"."""
    question = BANKS.question(question_id)
    readings = [interpret(said, question, glossary=BANKS.glossary) for said in (hyphenated, apart)]
    assert readings[0].stage is readings[1].stage is Stage.COLLABORATION, readings


def test_compound_stems_read_a_compound_both_ways() -> None:
    from assessor.words.text import compound_stems, words

    for text in ("front-desk staff", "front desk staff"):
        assert {"front", "desk", "frontdesk"} <= compound_stems([w.text for w in words(text)], text)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        # "mostly" opening the answer says how much, not yes: half or more, but not all
        ("mostly, but there's no single number for families to call", Stage.COLLABORATION),
        ("Mostly, through the hub.", Stage.COLLABORATION),
        # an adverb said as the answer to "how much" climbs its ladder
        ("partly, but there's no single number", Stage.COORDINATION),
    ],
)
def test_an_adverb_said_as_the_answer_to_how_much_climbs_its_ladder(
    text: str, stage: Stage
) -> None:
    reading = _read("integration.front_door", text)
    assert reading.decision is Decision.CONFIRM
    assert _first(reading) is stage, reading


def test_a_yes_before_more_is_still_a_yes_with_the_answer_after_it() -> None:
    reading = _read("integration.front_door", "yes, most services")
    assert _first(reading) is Stage.COLLABORATION


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        # a part of a whole counted: fewer than half, not a rating of 12 out of 40
        ("workforce.every_contact_counts", "12 of our 40-odd staff", Stage.COORDINATION),
        ("workforce.reflective_practice", "12 of our 40-odd staff", Stage.COORDINATION),
        # three quarters: half or more, but not all
        ("workforce.skill_mix", "9 of the 12 teams", Stage.COLLABORATION),
    ],
)
def test_a_part_counted_against_its_whole_says_how_many(
    question_id: str, text: str, stage: Stage
) -> None:
    reading = _read(question_id, text)
    assert reading.decision is Decision.CONFIRM
    assert _first(reading) is stage, reading


@pytest.mark.parametrize(
    ("text", "extent"),
    [
        ("12 of our 40-odd staff", Extent.SOME),
        ("9 of the 12 teams", Extent.MOST),
        ("6 of our 12 hubs", Extent.HALF),
        ("1 in 20 families", Extent.FEW),
        ("all 8 of the 8 schools", Extent.ALL),
    ],
)
def test_a_share_counted_is_an_extent(text: str, extent: Extent) -> None:
    assert parse(text).clauses[0].extent is extent


def test_a_rating_out_of_five_is_no_share() -> None:
    assert _read("workforce.skill_mix", "3 out of 5").stage is Stage.COORDINATION


@pytest.mark.parametrize(
    ("question_id", "text"),
    [
        ("data_sharing.agreements", "Both the council and the ICB have signed it"),
        ("commissioning.joint_plan", "The ICB and the council both fund the hubs"),
        ("workforce.joint_training", "Health and the council both use the same system"),
    ],
)
def test_two_partners_doing_it_are_not_every_partner(question_id: str, text: str) -> None:
    """Two partners named together ("the ICB and the council both...") count fewer than every
    one: the stage whose descriptor says every partner is never the first offer."""
    reading = _read(question_id, text)
    assert _first(reading) is not Stage.INTEGRATION, reading
    assert reading.decision is not Decision.ACCEPT


def test_both_parents_counts_no_partners() -> None:
    assert parse("The invite letters go to both parents").clauses[0].extent is None
    assert parse("the ICB and the council both fund it").clauses[0].extent is Extent.SOME


@pytest.mark.parametrize(
    "text",
    [
        "We have a single front door run by early help and the health visitors. They assess "
        "families and guide them to the right service.",
        "Our front door is staffed by early help and a health visitor, and they assess and "
        "guide families.",
    ],
)
def test_a_rung_said_alike_to_its_neighbours_is_not_taken_without_an_extent(text: str) -> None:
    """The front door's rungs say the same but for how many services it covers ("some",
    "half or more", "all"): an answer that says nothing of how many is asked about."""
    reading = _read("integration.front_door", text)
    assert reading.decision is Decision.CONFIRM, reading


def test_all_with_words_before_its_noun_says_every_one() -> None:
    assert parse("for all family support services").clauses[0].extent is Extent.ALL
    ladder = question_index(BANKS.question("integration.front_door")).ladder
    assert Stage.INTEGRATION in ladder


@pytest.mark.parametrize(
    ("text", "extent"),
    [
        # a part of a whole counted in words, as in figures
        ("five of our seven schools have signed", Extent.MOST),
        ("two of our seven schools", Extent.SOME),
        ("three of the four partners use it", Extent.MOST),
        ("one in twenty families", Extent.FEW),
        # all but those named: most
        ("all bar the academies", Extent.MOST),
        ("every partner except housing has signed", Extent.MOST),
        ("all of the GP practices other than the two in the north", Extent.MOST),
        ("a handful of schools", Extent.SOME),
        ("we did a handful of times", None),
    ],
)
def test_counts_in_words_and_all_but_those_named(text: str, extent: Extent | None) -> None:
    assert parse(text).clauses[0].extent is extent


@pytest.mark.parametrize(
    ("question_id", "text", "stage"),
    [
        ("workforce.skill_mix", "nine of the twelve teams", Stage.COLLABORATION),
        (
            "data_sharing.agreements",
            "three of our four partners have signed it",
            Stage.COLLABORATION,
        ),
        (
            "data_sharing.agreements",
            "every team except the school nursing team has done it",
            Stage.COLLABORATION,
        ),
    ],
)
def test_a_count_in_words_or_all_but_some_picks_its_rung(
    question_id: str, text: str, stage: Stage
) -> None:
    reading = _read(question_id, text)
    assert reading.decision is Decision.CONFIRM
    assert _first(reading) is stage, reading


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        (
            "The youth service, the libraries and the nurseries use the agreed relational "
            "approach. The GPs haven't taken it up.",
            Stage.COLLABORATION,
        ),
        (
            "School nurses and Home-Start work to the agreed relational approach; the police "
            "don't.",
            Stage.COLLABORATION,
        ),
        (
            "Housing use the relational approach we agreed. The schools, the GPs and the police "
            "don't.",
            Stage.COORDINATION,
        ),
    ],
)
def test_partners_named_doing_it_against_those_named_not_pick_the_rung(
    text: str, stage: Stage
) -> None:
    """On a question that counts partners, an answer naming who does it and who does not
    says how many: as many doing it as not (two at least) is half or more, fewer is some."""
    reading = _read("integration.relational_reach", text)
    assert reading.decision is Decision.CONFIRM
    assert _first(reading) is stage, reading


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        # two of five is some, short of half: the stage whose descriptor says "fewer than half"
        ("Two of our five partners have signed it off", Stage.COORDINATION),
        ("three of the five partners have endorsed it", Stage.COLLABORATION),
    ],
)
def test_a_share_of_the_partners_climbs_a_ladder_that_says_fewer_than_half(
    text: str, stage: Stage
) -> None:
    """ "Some, but fewer than half" read as half made "fewer than half" and "half or more" the
    same rung, so two of five partners was read as half or more."""
    question = BANKS.question("integration.outcomes_partners_agreed")
    reading = interpret(text, question, glossary=BANKS.glossary)
    assert reading.stage is stage, reading
