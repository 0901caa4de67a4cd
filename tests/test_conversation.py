"""Whole conversations driven through `Conversation.reply()`, with the store checked after."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessor.answers import Special
from assessor.continuum import Stage
from assessor.conversation import Conversation, Kind
from assessor.sessions import resume
from assessor.store import BankUse, Store


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "chat.db") as opened:
        yield opened


def new_chat(store: Store, bank_set) -> Conversation:
    assessment = store.create_assessment(
        "Northshire", [BankUse(bank_id=b.id, version=b.version) for b in bank_set.banks]
    )
    return Conversation(store, assessment.id, bank_set)


def saved(store: Store, conversation: Conversation) -> dict[str, tuple]:
    return {
        a.question_id: (a.stage.value if a.stage else str(a.special), a.words, a.note)
        for a in store.answers(conversation.assessment.id)
    }


def test_start_greets_and_asks_the_first_question(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    messages = chat.start()
    assert [m.kind for m in messages] == [Kind.INFO, Kind.INFO, Kind.QUESTION]
    assert "Northshire" in messages[0].text and "4 questions" in messages[0].text
    assert "about 5 minutes" in messages[0].text
    question = messages[2]
    assert question.question_id == "sample.board"
    assert "Who oversees the work?" in question.text
    assert (
        "1 Isolation  2 Communication  3 Coordination  4 Collaboration  5 Integration"
        in question.text
    )
    assert [o.stage for o in question.options] == list(Stage)
    assert chat.state.current_question_id == "sample.board"


def test_answers_are_saved_as_given_with_an_acknowledgement(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    replies = chat.reply("3")
    assert replies[0].kind is Kind.ACK
    assert replies[0].text.startswith("That's coordination — noted.")
    assert "Terms of reference and minutes." in replies[0].text  # the evidence prompt
    assert replies[-1].question_id == "sample.budget"  # ask_if holds: board at coordination
    assert saved(store, chat) == {"sample.board": ("coordination", "3", "")}


def test_ask_if_skips_a_question_whose_condition_fails(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    replies = chat.reply("communication")
    # board below coordination: the pooled-budget question is not asked; next bank begins
    assert replies[1].kind is Kind.INFO and replies[1].text.startswith("Sample bank for tests")
    assert replies[-1].question_id == "other.board"
    # other.budget depends on other.board, not answered yet: only other.board will be asked
    assert chat.state.remaining == 1
    assert (chat.state.at_most_remaining, chat.state.to_go) == (2, "up to 2")
    # back to the board, now at collaboration: the budget question is asked after all
    back = chat.reply("back")
    # which question is left out, and the answer that left it out, are said
    assert back[1].text == (
        f"One question in this area is left out: '{two_banks.question('other.budget').text}' is "
        f"not asked, because of your answer to '{two_banks.question('other.board').text}'."
    )
    assert "question 1 of 1:" in back[-1].text
    replies = chat.reply("4")
    assert replies[1].text == (
        f"One more question in this area applies: '{two_banks.question('other.budget').text}' is "
        f"asked now, because of your changed answer to "
        f"'{two_banks.question('other.board').text}'."
    )
    assert "question 2 of 2:" in replies[-1].text


def test_confirming_an_uncertain_answer(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    (confirm,) = chat.reply("maybe 4")
    assert confirm.kind is Kind.CONFIRM and confirm.proposed == (Stage.COLLABORATION,)
    assert confirm.text.startswith("I think that's collaboration (4), because you said 'maybe 4'.")
    assert saved(store, chat) == {}  # nothing taken until confirmed
    replies = chat.reply("yes")
    assert replies[0].text.startswith("That's collaboration — noted.")
    assert saved(store, chat)["sample.board"] == ("collaboration", "maybe 4", "")


def test_saying_no_to_a_proposal_shows_the_levels(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("3 or 4")
    (levels,) = chat.reply("no")
    assert levels.kind is Kind.HELP and "Which fits best?" in levels.text
    replies = chat.reply("2")
    assert replies[0].text.startswith("That's communication")


def test_text_that_fits_no_stage_is_re_asked_with_the_descriptors(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    replies = chat.reply("we're getting there slowly")
    assert [m.kind for m in replies] == [Kind.ERROR, Kind.HELP]
    assert "couldn't place that" in replies[0].text
    assert "5 Integration: One board with delegated authority" in replies[1].text
    assert saved(store, chat) == {}
    assert chat.reply("9")[0].text == "The stages go from 1 (isolation) to 5 (integration)."


def test_skip_na_dont_know_and_notes(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    assert chat.reply("4 - board minutes from May")[0].text.endswith("Your note is saved with it.")
    assert chat.reply("not sure")[0].text.startswith("Noted as don't know")
    assert chat.reply("n/a")[0].text.startswith("Noted as not applicable")
    assert chat.reply("note ask the finance lead")[0].kind is Kind.ACK
    assert saved(store, chat) == {
        "sample.board": ("collaboration", "4 - board minutes from May", "board minutes from May"),
        "sample.budget": ("dont-know", "not sure", ""),
        "other.board": ("not-applicable", "n/a", "ask the finance lead"),
    }
    assert chat.state.current_question_id is None  # other.budget not asked: board was n/a
    assert chat.state.finished


def test_an_answer_that_opens_with_the_word_evidence_is_an_answer_not_a_note(
    store, two_banks
) -> None:
    """ "evidence" opens a note only with a colon or a dash after it."""
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("3")
    reply = chat.reply("Evidence is patchy, partners tell each other what they spend")[0]
    assert reply.kind is not Kind.ACK and "communication" in reply.text, reply.text
    assert store.answer(chat.assessment.id, "sample.board").note == ""
    assert chat.reply("evidence: the minutes")[0].kind is Kind.ACK
    assert chat.reply("evidence - the terms of reference")[0].kind is Kind.ACK


def test_skip_records_skipped(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    assert chat.reply("skip")[0].text.startswith("Skipped")
    assert store.answer(chat.assessment.id, "sample.board").special is Special.SKIPPED


def test_back_revisits_and_changes_the_previous_answer(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("3")
    replies = chat.reply("back")
    assert "You said coordination (3)" in replies[0].text
    assert replies[-1].question_id == "sample.board"
    replies = chat.reply("5")
    assert replies[-1].question_id == "sample.budget"  # on to the first unanswered question
    assert saved(store, chat)["sample.board"][0] == "integration"
    history = store.history(chat.assessment.id, "sample.board")
    assert [h.value for h in history] == [3]
    chat.reply("back")
    replies = chat.reply("keep")
    assert replies[0].text == "Kept as it was." and replies[-1].question_id == "sample.budget"


def test_back_at_the_start_and_a_note_before_any_answer(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    assert chat.reply("back")[0].text == "There's no earlier answer to go back to."
    assert chat.reply("note minutes")[0].kind is Kind.ERROR


def test_last_answered_names_where_a_note_goes(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    assert chat.last_answered is None
    chat.reply("3")
    chat.reply("3")  # sample.budget, asked because the board is at coordination
    assert chat.last_answered == "sample.budget"
    chat.reply("back")
    chat.reply("back")
    assert chat.last_answered == "sample.board"  # gone back to, not the latest saved
    reply = chat.reply("note terms of reference")[0]
    assert reply.question_id == "sample.board"
    assert store.answer(chat.assessment.id, "sample.board").note == "terms of reference"
    assert store.answer(chat.assessment.id, "sample.budget").note == ""


def test_why_levels_help_progress_and_summary(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    assert chat.reply("why")[0].text == "Why this matters: Governance is the starting point."
    levels = chat.reply("lvels")[0].text
    assert levels.splitlines()[0] == "  1 Isolation: No"
    assert "note TEXT" in chat.reply("help")[0].text
    chat.reply("4")
    progress = chat.reply("progress")[0].text
    # out of what may still be asked, as the numbering counts: other.budget waits on other.board
    assert progress.splitlines() == [
        "1 done (1 answered with a stage), up to 3 questions to go.",
        "  Sample bank for tests: 1 of 2 done, 1 answered with a stage",
        "  Sample bank for tests: 0 of up to 2 done, 0 answered with a stage",
    ]
    summary = chat.reply("summary")[0]
    assert summary.kind is Kind.SUMMARY and "collaboration" in summary.text
    # the summary counts as the progress does: 0 answered of 1 asked, up to 2 with other.budget
    assert re.search(r"Sample bank for tests\s+not scored\s+-\s+0/1 \(up to 2\)", summary.text), (
        summary.text
    )


def test_progress_says_what_the_answers_are_and_agrees_with_the_header(store) -> None:
    from assessor.banks import load_builtin

    banks = load_builtin().select(["integration", "governance"])
    chat = new_chat(store, banks)
    chat.start()
    for said in ("3", "skip", "n/a", "not sure"):
        chat.reply(said)
    lines = chat.reply("progress")[0].text.splitlines()
    governance = banks.bank("governance").questions
    undecided = sum(1 for q in governance if q.ask_if is not None)
    assert undecided  # the count below says "up to" because of it
    assert lines[0].startswith(
        "4 done (1 answered with a stage, 1 skipped, 1 not applicable, 1 don't know), up to "
    )
    integration = len(banks.bank("integration").questions)
    assert lines[1] == (
        f"  Integration and relational practice: 4 of {integration} done, 1 answered with a stage"
    )
    assert lines[2] == (
        f"  Governance and leadership: 0 of up to {len(governance)} done, 0 answered with a stage"
    )
    # the summary gives the same counts: what is answered with a stage, and "up to"
    summary = chat.reply("summary")[0].text
    asked = len(governance) - undecided
    assert re.search(rf"Integration and relational practice .* 1/{integration} ", summary)
    assert re.search(
        rf"Governance and leadership .* 0/{asked} \(up to {len(governance)}\)", summary
    )
    # the one count of what is left, as the greeting and the app's header give it
    state = chat.state
    assert state.answered == 4
    assert lines[0].endswith(f"up to {state.at_most_remaining} questions to go.")
    assert state.to_go == f"up to {state.at_most_remaining}"
    domains = chat.domain_progress()
    assert state.at_most_remaining == sum(d.total - d.answered for d in domains)


def test_finishing_marks_the_assessment_complete_with_a_summary(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    for answer in ("4", "2", "5", "3"):
        replies = chat.reply(answer)
    final, pointer = replies[-2:]
    assert final.kind is Kind.SUMMARY
    assert "That's every question" in final.text
    assert "Overall: collaboration (3.8 of 5)" in final.text  # (10/3 + 13/3) / 2
    assert "assessor" not in final.text  # the profile only: what to do next comes apart
    parts = final.summary  # the same, in parts, for a face that shows the profile its own way
    assert parts is not None and parts.heading == final.text.splitlines()[0]
    assert parts.profile.overall_stage is Stage.COLLABORATION
    assert final.text.endswith("\n".join(parts.closing))
    assert parts.closing[0].startswith("Overall: collaboration (3.8 of 5)")
    assert pointer.kind is Kind.POINTER
    assert pointer.text == (
        f"Your answers are saved as assessment {chat.assessment.id}. The action plan: "
        f"'assessor plan {chat.assessment.id}'; the full report: 'assessor report "
        f"{chat.assessment.id} --format html -o report.html'. Type 'back' to change an answer."
    )
    assert store.assessment(chat.assessment.id).status == "complete"
    assert chat.reply("something else")[0].kind is Kind.ERROR
    assert chat.reply("back")[-1].question_id == "other.budget"


def test_pause_and_resume_after_a_restart(tmp_path: Path, two_banks) -> None:
    path = tmp_path / "resume.db"
    with Store(path) as store:
        chat = new_chat(store, two_banks)
        chat.start()
        chat.reply("4")
        replies = chat.reply("pause")
        assert chat.state.paused
        assert replies[0].text == (
            f"1 answer is saved. To carry on later: assessor resume {chat.assessment.id}"
        )
        assessment_id = chat.assessment.id
    with Store(path) as store:
        resumed = resume(store, assessment_id, two_banks)
        again = Conversation(store, assessment_id, resumed.bank_set)
        opening = again.start()
        assert opening[0].text.startswith("Welcome back")
        assert "1 answer is saved; up to 3 questions to go" in opening[0].text
        assert opening[-1].question_id == "sample.budget"


def test_a_question_added_to_the_bank_since_is_asked_on_resume(
    tmp_path: Path, small_bank_text: str
) -> None:
    from assessor.banks import load_bank_set

    v1 = tmp_path / "v1.yaml"
    v1.write_text(small_bank_text, encoding="utf-8")
    added = small_bank_text.replace('version: "1.10"', 'version: "1.11"') + (
        (Path(__file__).parent / "data" / "added_question.yaml").read_text(encoding="utf-8")
    )
    v2 = tmp_path / "v2.yaml"
    v2.write_text(added, encoding="utf-8")
    with Store(tmp_path / "a.db") as store:
        chat = new_chat(store, load_bank_set([v1]))
        chat.start()
        chat.reply("4")
        chat.reply("3")
        assert chat.state.finished
        resumed = resume(store, chat.assessment.id, load_bank_set([v2]))
        assert resumed.updated == [("sample", "1.10", "1.11")]
        again = Conversation(store, chat.assessment.id, resumed.bank_set)
        opening = again.start()
        assert opening[-1].question_id == "sample.front_door"
        again.reply("2")
        front_door = store.answer(chat.assessment.id, "sample.front_door")
        assert front_door is not None and front_door.stage is Stage.COMMUNICATION


def test_yes_to_two_proposed_stages_asks_which(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("3 or 4")
    (which,) = chat.reply("yes")
    assert which.kind is Kind.CONFIRM and which.text == "Which of the two? Give the number: 3 or 4."
    assert saved(store, chat) == {}
    assert chat.reply("4")[0].text.startswith("That's collaboration")


def test_yes_with_evidence_confirms_and_keeps_the_note(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("maybe 4")
    assert chat.reply("yes, the board minutes show it")[0].text.startswith("That's collaboration")
    assert saved(store, chat)["sample.board"] == (
        "collaboration",
        "maybe 4",
        "the board minutes show it",
    )


def test_a_bare_no_is_not_a_stage_but_points_at_the_first_stages(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    replies = chat.reply("no")
    assert replies[0].text.startswith("A yes or no doesn't place it on the continuum")
    assert [line.split(":")[0] for line in replies[1].text.splitlines()[:-1]] == [
        "  1 Isolation",
        "  2 Communication",
    ]
    assert saved(store, chat) == {}
    assert chat.reply("-1")[0].text == "The stages go from 1 (isolation) to 5 (integration)."


def test_resuming_a_finished_assessment_says_so(tmp_path: Path, two_banks) -> None:
    with Store(tmp_path / "done.db") as store:
        chat = new_chat(store, two_banks)
        chat.start()
        for answer in ("4", "2", "5", "3"):
            chat.reply(answer)
        again = Conversation(store, chat.assessment.id, two_banks)
        opening = again.start()
        assert opening[0].text == (
            "Welcome back to the assessment for Northshire. This assessment is complete. 'back' "
            "revisits the last answer, 'summary' shows the profile."
        )
        assert "to go" not in opening[0].text


def test_resuming_a_finished_assessment_with_a_skip_says_one_thing(
    tmp_path: Path, two_banks
) -> None:
    with Store(tmp_path / "done.db") as store:
        chat = new_chat(store, two_banks)
        chat.start()
        for answer in ("4", "2", "skip", "3", "no"):  # no: finish without the skipped one
            chat.reply(answer)
        assert chat.assessment.status == "complete"
        again = Conversation(store, chat.assessment.id, two_banks)
        opening = again.start()
        assert [m.text for m in opening] == [
            "Welcome back to the assessment for Northshire. This assessment is complete.",
            "You skipped 1 question — go back to it now? Say yes, or no to finish.",
        ]
        assert opening[-1].kind is Kind.CONFIRM
        back = again.reply("yes")
        assert back[-1].question_id == "other.board"


@pytest.mark.parametrize(
    "agreement",
    [
        "yes that's right",
        "yes it is",
        "sounds about right",
        "that's about right",
        "spot on",
        "close enough",
        "go with that",
    ],
)
def test_ways_of_agreeing_with_a_proposal(store, two_banks, agreement: str) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    assert chat.reply("maybe 4")[0].kind is Kind.CONFIRM
    assert chat.reply(agreement)[0].text.startswith("That's collaboration — noted.")
    assert saved(store, chat)["sample.board"] == ("collaboration", "maybe 4", "")


def test_yes_with_a_reservation_keeps_the_proposal_and_notes_the_rest(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("maybe 4")
    assert chat.reply("yes, though health rarely attend")[0].text.startswith("That's collab")
    assert saved(store, chat)["sample.board"] == (
        "collaboration",
        "maybe 4",
        "health rarely attend",
    )


@pytest.mark.parametrize(
    ("proposal", "reply", "stage"),
    [
        ("maybe 4", "not quite, more like 2", "communication"),
        ("maybe 4", "sorry, I meant 3", "coordination"),
        ("maybe 4", "no I meant 3", "coordination"),
        ("maybe 4", "make it 5", "integration"),
        ("maybe 4", "actually 2", "communication"),
        ("maybe 4", "one lower", "coordination"),
        ("maybe 4", "one higher", "integration"),
        ("3 or 4", "the other one", "collaboration"),
        ("3 or 4", "the second one", "collaboration"),
        ("3 or 4", "the lower one", "coordination"),
        ("3 or 4", "the first one", "coordination"),
    ],
)
def test_correcting_or_picking_from_a_proposal(
    store, two_banks, proposal: str, reply: str, stage: str
) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    assert chat.reply(proposal)[0].kind is Kind.CONFIRM
    replies = chat.reply(reply)
    assert replies[0].text.startswith(f"That's {stage} — noted."), replies[0].text
    assert saved(store, chat)["sample.board"][0] == stage


def test_one_lower_than_isolation_says_so_and_waits(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("maybe 1")
    (edge,) = chat.reply("one lower")
    assert edge.kind is Kind.CONFIRM and edge.text.startswith("Isolation is the first stage.")
    assert saved(store, chat) == {}
    assert chat.reply("yes")[0].text.startswith("That's isolation")


def test_the_other_one_when_only_one_was_offered_shows_the_levels(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("maybe 4")
    (levels,) = chat.reply("the other one")
    assert levels.kind is Kind.HELP and "Which fits best?" in levels.text
    assert saved(store, chat) == {}


def test_two_views_ask_for_one_rating_and_keep_the_difference(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    (split,) = chat.reply("the council thinks we're at 4, health would say 2")
    assert split.kind is Kind.CONFIRM
    assert split.proposed == (Stage.COLLABORATION, Stage.COMMUNICATION)
    assert "two views: collaboration (4) and communication (2)" in split.text
    assert "What one rating fits the partnership as a whole?" in split.text
    chat.reply("3")
    assert saved(store, chat)["sample.board"] == (
        "coordination",
        "the council thinks we're at 4, health would say 2 / 3",
        "Views differ: the council thinks we're at 4, health would say 2",
    )


def test_not_applicable_and_dont_know_keep_the_rest_as_a_note(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("n/a - the council runs it alone")
    assert saved(store, chat)["sample.board"] == (
        "not-applicable",
        "n/a - the council runs it alone",
        "the council runs it alone",
    )


def test_ruling_out_a_stage_says_which_way_and_shows_the_rest(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    opening, levels = chat.reply("we're not isolated")
    assert opening.text == "So beyond isolation. Which of these is closest?"
    assert [line[:3] for line in levels.text.splitlines()[:-1]] == ["  2", "  3", "  4", "  5"]
    opening, levels = chat.reply("we're not at integration yet")
    assert opening.text == "So not integration yet. Which of these is closest?"
    assert [line[:3] for line in levels.text.splitlines()[:-1]] == ["  1", "  2", "  3", "  4"]
    assert saved(store, chat) == {}


def test_asking_about_a_stage_explains_it_and_answers_nothing(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    (explained,) = chat.reply("can you explain coordination")
    assert explained.kind is Kind.HELP
    assert explained.text == (
        "Coordination (3) here means: A multi-agency group meets monthly to align plans but "
        "each partner plans separately."
    )
    assert chat.reply("what do you mean by integration?")[0].text.startswith("Integration (5)")
    assert saved(store, chat) == {} and chat.state.current_question_id == "sample.board"


def test_evidence_typed_before_an_answer_becomes_its_note(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    opening, _ = chat.reply("the terms of reference are on SharePoint")
    assert opening.text.startswith("That sounds like evidence")
    chat.reply("4")
    assert saved(store, chat)["sample.board"] == (
        "collaboration",
        "4",
        "the terms of reference are on SharePoint",
    )


def test_skipped_questions_are_offered_again_at_the_end(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    for answer in ("skip", "2"):  # sample.board skipped; sample.budget not asked; other.board 2
        replies = chat.reply(answer)
    offer = replies[-1]
    assert offer.kind is Kind.CONFIRM
    assert offer.text == (
        "That's the last question. You skipped 1 question — go back to it now? "
        "Say yes, or no to finish."
    )
    assert not chat.state.finished
    assert chat.reply("summary")[0].kind is Kind.SUMMARY  # commands still work meanwhile
    replies = chat.reply("yes")
    assert replies[-1].question_id == "sample.board"
    replies = chat.reply("4")
    assert replies[-1].question_id == "sample.budget"  # now asked: board is collaboration
    replies = chat.reply("3")
    assert [m.kind for m in replies[-2:]] == [Kind.SUMMARY, Kind.POINTER]
    assert chat.state.finished
    assert saved(store, chat)["sample.board"][0] == "collaboration"


def test_saying_no_to_the_skipped_offer_finishes(store, two_banks) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("skip")
    chat.reply("2")
    replies = chat.reply("no")
    assert [m.kind for m in replies[-2:]] == [Kind.SUMMARY, Kind.POINTER]
    assert "That's every question" in replies[-2].text
    assert store.answer(chat.assessment.id, "sample.board").special is Special.SKIPPED
    assert chat.state.finished


@pytest.mark.parametrize(
    ("said", "goes_back"),
    [
        ("sure", True),
        ("yes please", True),
        ("yeah, go on", True),
        ("nah", False),
        ("no thanks", False),
        ("no, let's finish", False),
    ],
)
def test_the_skipped_offer_reads_yes_and_no_as_the_rest_of_the_chat_does(
    store, two_banks, said: str, goes_back: bool
) -> None:
    chat = new_chat(store, two_banks)
    chat.start()
    chat.reply("skip")
    chat.reply("2")
    replies = chat.reply(said)
    if goes_back:
        assert replies[-1].question_id == "sample.board" and not chat.state.finished
    else:
        assert "That's every question" in replies[-2].text and chat.state.finished


def test_numbering_and_counts_follow_the_questions_asked(store) -> None:
    from assessor.banks import load_builtin

    sharing = load_builtin().select(["data_sharing"])
    chat = new_chat(store, sharing)
    opening = chat.start()
    ids = [q.id for q in sharing.questions]
    conditional = ids.index("data_sharing.linked_data")  # asked if agreements >= communication
    assert ids[0] == "data_sharing.agreements"
    # numbered out of every question that may still be asked
    assert f"({len(ids)} questions)" in opening[1].text
    assert f"question 1 of {len(ids)}:" in opening[-1].text
    assert f"Data sharing: 0 of up to {len(ids)} done" in chat.reply("progress")[0].text
    assert f"0/{len(ids) - 1} (up to {len(ids)})" in chat.reply("summary")[0].text
    asked = len(ids) - 1  # agreements at isolation: linked data is left out
    replies = chat.reply("1")
    assert f"question 2 of {asked}:" in replies[-1].text
    # the drop is explained once, where it happens
    assert replies[-2].text == (
        "One question in this area is left out: 'From how many partners is monitoring data "
        "combined…' is not asked, because of your answer to 'How far across the "
        "partners do written agreements reach for…'."
    )
    # "stage 3", not a bare "3": routine_sharing counts agencies, where "3" may be a count
    assert not any("left out" in m.text for m in chat.reply("stage 3"))
    for _ in range(conditional - 2):
        replies = chat.reply("stage 3")
    question = replies[-1]
    assert question.question_id == ids[conditional + 1]
    assert f"question {conditional + 1} of {asked}:" in question.text  # no gap
    # progress counts as the summary does: only the questions that will be asked
    progress = chat.reply("progress")[0].text
    summary = chat.reply("summary")[0].text
    assert f": {conditional} of {asked} done, {conditional} answered with a stage" in progress
    assert re.search(rf"Data sharing .* {conditional}/{asked}", summary)


def test_a_note_naming_another_number_is_kept_while_the_stage_is_confirmed(store) -> None:
    from assessor.banks import load_builtin

    sharing = load_builtin().select(["data_sharing"])
    chat = new_chat(store, sharing)
    chat.start()
    replies = chat.reply("2 - partners signed up, see appendix 1 <script>x(1)</script>")
    assert replies[-1].kind is Kind.CONFIRM  # the 1 in the note might be a second stage: asked
    chat.reply("2")
    answer = store.answer(chat.assessment.id, "data_sharing.agreements")
    assert answer.stage is Stage.COMMUNICATION
    assert answer.note == "partners signed up, see appendix 1 <script>x(1)</script>"


def test_a_number_given_back_to_a_proposal_on_a_how_many_question_is_taken(store) -> None:
    """On a question that counts ("how many meetings"), a bare "3" may be a count and is asked
    about; the number given back to that question is the rating asked for, not a count again
    (an outside trial found the chat asking "Is that right?" for ever)."""
    from assessor.banks import load_builtin

    governance = load_builtin().select(["governance"])
    chat = new_chat(store, governance)
    chat.start()
    question_id = "governance.performance_response"
    while chat.state.current_question_id != question_id:
        chat.reply("stage 3")
    asked = chat.reply("about 3")  # reckoned as a count: asked about
    assert "Is that right?" in asked[-1].text
    assert chat.state.current_question_id == question_id
    taken = chat.reply("4")
    assert saved(store, chat)[question_id][0] == "collaboration"
    assert chat.state.current_question_id != question_id, [m.text for m in taken]


def test_a_bare_number_after_the_numbered_stages_is_a_rating_on_a_counting_question(store) -> None:
    """The question lists the stages numbered (1 isolation ... 5 integration): "3" or "3 I
    think" said next picks one of them, even where the question counts things; after a
    glossary answer (no stages listed last) a bare number may be the count, and is asked
    about."""
    from assessor.banks import load_builtin

    governance = load_builtin().select(["governance"])
    chat = new_chat(store, governance)
    chat.start()
    counting = "governance.performance_response"
    while chat.state.current_question_id != counting:
        chat.reply("stage 3")
    replies = chat.reply("3 I think")
    assert replies[0].text.startswith("That's coordination"), [m.text for m in replies]
    assert saved(store, chat)[counting][0] == "coordination"
    chat.reply("back")  # back to the counting question, listed again with its stages
    assert chat.state.current_question_id == counting
    chat.reply("what is ICB?")  # a glossary answer is the last thing shown
    asked = chat.reply("4")
    assert "Is that right?" in asked[-1].text
    chat.reply("yes")
    assert saved(store, chat)[counting][0] == "collaboration"
