"""Likeness: how near an answer lies to each stage's descriptor, keywords and examples."""

from __future__ import annotations

from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.likeness import features, likeness, likeness_now
from assessor.conversation.parsed import Time, parse
from assessor.words.equivalents import with_concepts

BUDGET = Question.model_validate(
    {
        "id": "sample.budget",
        "text": "How do partners fund the family hub services?",
        "help": "Money shows commitment.",
        "source": ["002_b413fbeaef338fa7.txt"],
        "levels": {
            "isolation": "Each partner funds its own services alone.",
            "communication": "Partners tell each other what they spend.",
            "coordination": "Partners plan their spending together each year.",
            "collaboration": "Partners align their budgets to shared priorities.",
            "integration": "Partners hold a pooled budget under one agreement.",
        },
        "examples": {
            "isolation": ["Ours is ours and theirs is theirs, nobody sees the other's money."],
            "communication": ["We swap spend figures at the partnership meeting."],
            "coordination": ["Every January we sit down and plan who pays for what."],
            "collaboration": ["Health and the council line up their money behind our priorities."],
            "integration": ["It all sits in a section 75 with the ICB."],
        },
        "evidence": "Budget papers.",
        "actions": {
            s: [
                {
                    "id": f"sample.budget.{s}",
                    "text": "Act.",
                    "owner": "Family hubs programme board",
                    "timescale": "0-3 months",
                }
            ]
            for s in ("isolation", "communication", "coordination", "collaboration")
        },
    }
)


def test_the_sectors_words_for_one_thing_meet() -> None:
    assert "c_pooled" in with_concepts("We have a Section 75 with health")
    assert "c_pooled" in with_concepts("a pooled budget")
    assert "c_frontdoor" in with_concepts("families ring the SPA")
    # an abbreviation inside another word is left alone
    assert "c_frontdoor" not in with_concepts("the spatial plan")


def test_an_answer_in_other_words_meets_the_example_of_its_stage() -> None:
    # no word in common with the integration descriptor; "s75" meets the example's "section 75"
    read = likeness("the money's all in one s75 pot now", BUDGET)
    assert read.ranked()[0][0] is Stage.INTEGRATION
    assert read.nearest[Stage.INTEGRATION] == "It all sits in a section 75 with the ICB."


def test_a_negated_word_never_meets_the_word_said() -> None:
    assert "~shar" in features("we don't share anything")
    assert "shar" not in features("we don't share anything")
    assert "shar" in features("we share everything")


def test_a_text_left_out_is_not_compared() -> None:
    example = "Every January we sit down and plan who pays for what."
    assert likeness(example, BUDGET).nearest[Stage.COORDINATION] == example
    left_out = likeness(example, BUDGET, leave_out=example)
    assert left_out.nearest.get(Stage.COORDINATION) != example
    assert (
        left_out.scores[Stage.COORDINATION] < likeness(example, BUDGET).scores[Stage.COORDINATION]
    )


def test_words_every_stage_uses_say_nothing() -> None:
    # "partners" is in every descriptor; "hello there" in none
    assert max(likeness("partners", BUDGET).scores.values()) == 0.0
    assert max(likeness("hello there", BUDGET).scores.values()) == 0.0


def test_the_likeness_of_an_answer_reads_the_words_its_parse_holds() -> None:
    """What happens now is compared, from the clauses' own words with the sector's equivalents
    read once in the parse: a plan after it changes nothing, and it is the same as comparing
    the practised clauses' text."""
    said = "It all sits in a section 75 now; next year we plan to tell each other what we spend"
    parsed = parse(said)
    assert "c_pooled" in {w.text for w in parsed.clauses[0].concept_words}
    assert [c.time for c in parsed.clauses] == [Time.NOW, Time.PLANNED]
    now = likeness_now(parsed, BUDGET)
    assert now == likeness("It all sits in a section 75 now", BUDGET)
    assert now.ranked()[0][0] is Stage.INTEGRATION
