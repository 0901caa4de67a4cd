"""Comparing repeat assessments: three of one partnership across two bank versions."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA, clock_at, other_bank_text

from assessor.analysis.trends import BankChange, Movement, compare
from assessor.answers import AnswerValue, Special
from assessor.banks import BankSet, load_bank_set
from assessor.cli import main
from assessor.continuum import Stage
from assessor.files.resources import templates_dir
from assessor.report.comparison import comparison_for, entries_for
from assessor.report.render import render_comparison
from assessor.sessions import begin
from assessor.store import Store

S = Stage


def v2_sample(small: str) -> str:
    """Version 2: the board question reworded, the budget question retired, a new question."""
    text = small.replace('version: "1.10"', 'version: "2.0"')
    text = text.replace(
        "retired_ids: [sample.old_question]", "retired_ids: [sample.old_question, sample.budget]"
    )
    text = text.replace("text: Who oversees the work?", "text: Who oversees the family hubs work?")
    text = text[: text.index("  - id: sample.budget")]
    return text + (DATA / "added_question.yaml").read_text("utf-8")


@pytest.fixture
def versions(tmp_path: Path, small_bank_text: str):
    other = tmp_path / "2_other.yaml"
    other.write_text(other_bank_text(small_bank_text), encoding="utf-8")
    one = tmp_path / "1_sample_v1.yaml"
    one.write_text(small_bank_text, encoding="utf-8")
    two = tmp_path / "1_sample_v2.yaml"
    two.write_text(v2_sample(small_bank_text), encoding="utf-8")
    return load_bank_set([one, other]), load_bank_set([two, other])


def three_assessments(store_path: Path, v1, v2, lead: str = "") -> list[str]:
    plan = [
        (
            v1,
            datetime(2025, 1, 10, tzinfo=UTC),
            {"sample.board": 2, "other.board": 3, "other.budget": 2},
        ),
        (
            v1,
            datetime(2025, 7, 10, tzinfo=UTC),
            {"sample.board": 3, "sample.budget": 3, "other.board": 3, "other.budget": 3},
        ),
        (
            v2,
            datetime(2026, 1, 10, tzinfo=UTC),
            {"sample.board": 4, "sample.front_door": 2, "other.board": 4, "other.budget": 2},
        ),
    ]
    ids = []
    for bank_set, when, answers in plan:
        with Store(store_path, clock=clock_at(when)) as store:
            assessment = begin(store, "Riverside", bank_set, lead=lead)
            for question_id, value in answers.items():
                store.record_answer(
                    assessment.id, question_id, AnswerValue.of(S.from_number(value))
                )
            store.set_status(assessment.id, complete=True)
            ids.append(assessment.id)
    return ids


def test_movements_bank_changes_and_follow_ups(tmp_path: Path, versions) -> None:
    v1, v2 = versions
    db = tmp_path / "h.db"
    ids = three_assessments(db, v1, v2)
    with Store(db) as store:
        result = compare(entries_for(store, list(reversed(ids))), v2)  # order given does not matter
    assert [a.id for a in result.assessments] == ids
    by_id = {q.question_id: q for q in result.questions}
    assert (by_id["other.board"].movement, by_id["other.board"].change) == (Movement.IMPROVED, 1)
    assert (by_id["other.budget"].movement, by_id["other.budget"].change) == (Movement.UNCHANGED, 0)
    board = by_id["sample.board"]
    assert board.bank_change is BankChange.REWORDED and board.movement is Movement.NOT_COMPARED
    assert board.text == "Who oversees the family hubs work?"
    stages = [a and a.stage for a in board.answers]
    assert stages == [S.COMMUNICATION, S.COORDINATION, S.COLLABORATION]
    assert by_id["sample.budget"].bank_change is BankChange.REMOVED
    assert [a and a.stage for a in by_id["sample.budget"].answers] == [None, S.COORDINATION, None]
    assert by_id["sample.front_door"].bank_change is BankChange.NEW
    assert result.counts == {
        Movement.IMPROVED: 1,
        Movement.DECLINED: 0,
        Movement.UNCHANGED: 1,
        Movement.NOT_COMPARED: 3,
    }
    sample, other = result.domains
    assert sample.scores == [2.0, 3.0, 3.3]  # 10/3 to one decimal
    assert other.scores == [2.7, 3.0, 3.3]  # 8/3, 9/3, 10/3
    assert other.stages == [S.COORDINATION, S.COORDINATION, S.COORDINATION]
    # the plan followed up is the previous assessment's (the second), not the first's
    follow = {(f.action_id, f.question_id, f.status.value) for f in result.follow_ups}
    assert follow == {
        # word for word the same in both banks: one action, followed up per question
        ("sample.board.decide", "sample.board", "moved up"),  # coordination then, now above
        ("sample.board.decide", "other.board", "moved up"),
        ("other.budget.joint", "other.budget", "still open"),  # coordination then, lower now
        # the budget question left the bank in v2: its plan line stays, in its own words
        ("sample.budget.next_step", "sample.budget", "no longer in the bank"),
    }
    (gone,) = [f for f in result.follow_ups if f.question_id == "sample.budget"]
    assert gone.question_text == "How is the pooled budget managed?" and gone.then is S.COORDINATION
    assert not result.between_leads


def test_the_comparison_report_in_every_format(tmp_path: Path, versions) -> None:
    v1, v2 = versions
    db = tmp_path / "h.db"
    ids = three_assessments(db, v1, v2, lead="<script>alert(1)</script>")
    with Store(db) as store:
        report = comparison_for(store, ids, v2, datetime(2026, 2, 1, tzinfo=UTC))
    html = render_comparison(report, "html")

    class Page(HTMLParser):
        series = axes = scripts = bars = 0

        def handle_starttag(self, tag, attrs):
            self.series += tag == "polyline" and ("class", "series") in attrs
            self.axes += tag == "line" and ("class", "axis") in attrs
            self.bars += tag == "rect" and ("class", "bar") in attrs
            self.scripts += tag == "script"

    page = Page()
    page.feed(html)
    assert page.series == len(report.domains) == 2  # one line per domain
    # two domains make no radar shape: bars of the first and the latest instead
    assert page.axes == 0 and page.bars == 4 and page.scripts == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    data = json.loads(render_comparison(report, "json"))
    schema = json.loads((templates_dir() / "compare.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert data["reworded_questions"] == ["sample.board"]
    assert data["new_questions"] == ["sample.front_door"]
    assert data["removed_questions"] == ["sample.budget"]
    markdown = render_comparison(report, "md")
    assert markdown.startswith("# Progress of Riverside")
    assert "1 improved, 0 declined, 1 unchanged; 3 not compared" in markdown
    assert '- Reworded: "Who oversees the work?" is now "Who oversees the family hubs work?"' in (
        markdown
    )
    assert "- No longer asked: How is the pooled budget managed?" in markdown
    assert "Status |" in markdown and "The plan of assessment " + ids[1] in markdown


def test_committed_comparison_schema_matches_the_model() -> None:
    from assessor.report.comparison import comparison_json_schema

    committed = json.loads((templates_dir() / "compare.schema.json").read_text("utf-8"))
    assert committed == comparison_json_schema()


def test_two_leads_are_two_views_not_movement(tmp_path: Path, versions) -> None:
    v1, _ = versions
    db = tmp_path / "leads.db"
    ids = []
    for lead, stage in (
        ("Council early help lead", S.COLLABORATION),
        ("Health lead", S.COMMUNICATION),
    ):
        with Store(db) as store:
            assessment = begin(store, "Riverside", v1, lead=lead)
            store.record_answer(assessment.id, "other.board", AnswerValue.of(stage))
            store.record_answer(assessment.id, "sample.board", AnswerValue.of(Special.DONT_KNOW))
            ids.append(assessment.id)
    with Store(db) as store:
        report = comparison_for(store, ids, v1, datetime(2026, 2, 1, tzinfo=UTC))
    assert report.between_leads
    text = render_comparison(report, "md")
    assert text.startswith("# Two views of Riverside")
    assert "0 higher in the second view, 1 lower" in text


def test_compare_cli(tmp_path: Path, versions, capsys, monkeypatch) -> None:
    v1, v2 = versions
    db = tmp_path / "cli.db"
    ids = three_assessments(db, v1, v2)
    monkeypatch.setattr("assessor.banks.load_builtin", lambda: v2)
    assert main(["compare", *ids, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Questions: 1 improved, 0 declined, 1 unchanged, 3 not compared." in out
    assert "Reworded in the banks: sample.board" in out
    assert main(["compare", "--partnership", "riverside", "--db", str(db), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["assessments"][0]["id"] == ids[0]
    assert main(["compare", ids[0], "--db", str(db)]) == 1
    assert "needs two or more" in capsys.readouterr().err
    assert main(["compare", ids[0], "nope", "--db", str(db)]) == 1
    assert "there is no assessment 'nope'" in capsys.readouterr().err
    with Store(db) as store:
        other = begin(store, "Elsewhere", v2)
    assert main(["compare", ids[0], other.id, "--db", str(db)]) == 1
    assert "different partnerships" in capsys.readouterr().err


def test_a_narrower_latest_assessment_is_not_a_bank_change(tmp_path: Path, versions) -> None:
    v1, _ = versions
    db = tmp_path / "narrow.db"
    ids = []
    for when, bank_ids in (
        (datetime(2025, 1, 1, tzinfo=UTC), None),
        (datetime(2025, 6, 1, tzinfo=UTC), ["sample"]),
    ):
        banks = v1 if bank_ids is None else v1.select(bank_ids)
        with Store(db, clock=clock_at(when)) as store:
            assessment = begin(store, "Riverside", banks)
            store.record_answer(assessment.id, "sample.board", AnswerValue.of(S.COORDINATION))
            if bank_ids is None:
                store.record_answer(assessment.id, "other.board", AnswerValue.of(S.COORDINATION))
            store.set_status(assessment.id, complete=True)
            ids.append(assessment.id)
    with Store(db) as store:
        result = compare(entries_for(store, ids), v1)
    by_id = {q.question_id: q for q in result.questions}
    assert by_id["other.board"].bank_change is BankChange.NOT_COVERED
    assert by_id["other.budget"].bank_change is BankChange.NOT_COVERED
    assert result.flagged(BankChange.REMOVED) == []
    assert by_id["sample.board"].movement is Movement.UNCHANGED


def test_domain_change_is_over_shared_questions_and_flags_a_changed_set(
    tmp_path: Path, versions
) -> None:
    v1, v2 = versions
    db = tmp_path / "h.db"
    ids = three_assessments(db, v1, v2)
    with Store(db) as store:
        result = compare(entries_for(store, ids), v2)
    sample, other = result.domains
    # sample: only the board was answered both times (2 then 4); budget and front door differ
    assert (sample.common_first, sample.common_latest, sample.compared) == (2.0, 4.0, 1)
    assert sample.change == 2.0 and sample.questions_changed
    first_score, latest_score = sample.scores[0], sample.scores[-1]
    assert first_score is not None and latest_score is not None
    assert latest_score - first_score != sample.change  # the raw scores would mislead
    assert not other.questions_changed and other.compared == 2


def test_a_removed_question_keeps_its_answer_and_wording(tmp_path: Path, versions) -> None:
    from assessor.report import render, report_for

    v1, v2 = versions
    db = tmp_path / "old.db"
    with Store(db, clock=lambda: datetime(2025, 1, 1, tzinfo=UTC)) as store:
        old = begin(store, "Riverside", v1)
        store.record_answer(old.id, "sample.board", AnswerValue.of(S.COORDINATION))
        store.record_answer(old.id, "sample.budget", AnswerValue.of(Special.DONT_KNOW), note="ask")
        store.set_status(old.id, complete=True)
        # rendered later, with the v2 banks installed: the record is not rewritten
        report = report_for(store, old.id, v2)
    board = next(q for d in report.domains for q in d.questions if q.id == "sample.board")
    assert board.text == "Who oversees the work?"  # as it was asked, not the v2 wording
    (kept,) = report.no_longer_in_bank
    assert (kept.question_id, kept.text, kept.answer, kept.note) == (
        "sample.budget",
        "How is the pooled budget managed?",
        "dont-know",
        "ask",
    )
    markdown = render(report, "md")
    assert (
        "How is the pooled budget managed? (sample.budget): don't know, no longer in the bank"
        in (markdown)
    )
    assert "dont know" not in markdown and "dont-know" not in render(report, "html")


def test_a_repeat_assessment_report_shows_what_moved(tmp_path: Path, versions) -> None:
    from assessor.report import render, report_for

    v1, v2 = versions
    db = tmp_path / "h.db"
    ids = three_assessments(db, v1, v2)
    with Store(db) as store:
        first = report_for(store, ids[0], v2)
        latest = report_for(store, ids[2], v2)
    assert first.moved_since is None
    moved = latest.moved_since
    assert moved is not None and moved.previous_id == ids[1]  # the previous, not the first
    changes = {q.id: (q.before, q.now, q.change) for q in moved.questions}
    assert changes == {
        "other.board": ("coordination", "collaboration", 1),
        "other.budget": ("coordination", "communication", -1),
    }  # sample.board was reworded: a bank change, not a movement
    other = next(d for d in moved.domains if d.id == "other")
    assert (other.before, other.now, other.change) == (3.0, 3.3, 0.3)
    assert "## What moved since last time" in render(latest, "md")
    # a first assessment says there is nothing comparable, rather than leaving it out
    assert "There is no comparable earlier assessment" in render(first, "md")
    assert "What moved since last time" in render(latest, "html")
    assert json.loads(render(latest, "json"))["moved_since"]["previous_id"] == ids[1]


def test_two_leads_on_one_day_are_labelled_by_lead(tmp_path: Path, versions) -> None:
    v1, _ = versions
    db = tmp_path / "day.db"
    ids = []
    for lead in ("Council lead", "Health lead"):
        with Store(db, clock=lambda: datetime(2025, 3, 3, tzinfo=UTC)) as store:
            assessment = begin(store, "Riverside", v1, lead=lead)
            store.record_answer(assessment.id, "other.board", AnswerValue.of(S.COORDINATION))
            ids.append(assessment.id)
    with Store(db) as store:
        report = comparison_for(store, ids, v1, datetime(2026, 2, 1, tzinfo=UTC))
    # the same day: the dates alone would read the same, so the columns name lead and id
    assert [a.label for a in report.assessments] == [
        f"{a.lead} ({a.id})" for a in report.assessments
    ]
    assert {a.lead for a in report.assessments} == {"Council lead", "Health lead"}
    html = render_comparison(report, "html")
    assert 'class="series"' not in html  # no "over time" line chart for two views
    assert "Difference" in html and "improved" not in render_comparison(report, "md")


def test_every_json_field_is_documented() -> None:
    for name in ("report.schema.json", "compare.schema.json"):
        schema = json.loads((templates_dir() / name).read_text("utf-8"))
        for model, definition in [("root", schema), *schema.get("$defs", {}).items()]:
            for field_name, spec in definition.get("properties", {}).items():
                assert spec.get("description"), f"{name}: {model}.{field_name} has no description"


def eastvale(db: Path) -> tuple[list[str], BankSet]:
    """Three assessments of the shipped banks; the latest covers only three of the eight.

    Governance: the first rated the board integration and the rest communication; the latest
    answered the board don't know, senior commitment integration and the rest collaboration, so
    its change is over eight questions, and the first's own score (over all nine) differs from
    theirs. The second answered senior commitment don't know: the latest's change since the
    second is over seven questions, and its own score (over eight) differs from theirs."""
    from assessor.banks import load_builtin

    installed = load_builtin()
    narrow = ["integration", "governance", "co_location"]
    plan = [
        (datetime(2024, 10, 1, tzinfo=UTC), installed, 2),
        (datetime(2025, 10, 20, tzinfo=UTC), installed, 3),
        (datetime(2026, 11, 25, tzinfo=UTC), installed.select(narrow), 4),
    ]
    ids = []
    for when, banks, stage in plan:
        with Store(db, clock=clock_at(when)) as store:
            assessment = begin(store, "Eastvale", banks)
            for question in banks.questions:
                value = AnswerValue.of(S.from_number(stage))
                if question.id == "governance.board" and stage != 3:
                    value = AnswerValue.of(S.INTEGRATION if stage == 2 else Special.DONT_KNOW)
                if question.id == "governance.senior_resources" and stage != 2:
                    value = AnswerValue.of(Special.DONT_KNOW if stage == 3 else S.INTEGRATION)
                store.record_answer(assessment.id, question.id, value)
            store.set_status(assessment.id, complete=True)
            ids.append(assessment.id)
    return ids, installed


def test_an_area_the_latest_left_out_is_not_assessed_not_a_change_in_its_questions(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from assessor.report.comparison import change_words

    db = tmp_path / "e.db"
    ids, installed = eastvale(db)
    with Store(db) as store:
        report = comparison_for(store, ids, installed, datetime(2026, 12, 1, tzinfo=UTC))
    by_id = {d.id: d for d in report.domains}
    sharing = by_id["data_sharing"]
    assert sharing.assessed == [True, True, False] and not sharing.questions_changed
    assert change_words(sharing) == ("-", "not assessed this time")
    assert change_words(sharing, between_leads=True) == ("-", "not assessed in the second view")
    assert [(a.id, a.missing_from, len(a.questions)) for a in report.not_assessed] == [
        ("data_sharing", "latest", 6),
        ("case_management", "latest", 10),
        ("commissioning", "latest", 13),
        ("families", "latest", 7),
        ("workforce", "latest", 6),
    ]
    markdown = render_comparison(report, "md")
    html = render_comparison(report, "html")
    for text in (markdown, html):
        assert "shared questions" not in text and "questions changed" not in text
        assert text.count("not assessed this time") == 5 + 42  # the domains, then each question
        assert "Commissioning and funding: 13 questions not in the latest assessment" in text
    assert "<summary>Which questions</summary>" in html
    assert "commissioning.cycle_steps_together" in html

    monkeypatch.setattr("assessor.banks.load_builtin", lambda: installed)
    assert main(["compare", "--partnership", "Eastvale", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    data_row = next(line for line in out.splitlines() if line.startswith("Data sharing"))
    assert data_row.endswith("-  not assessed this time")
    assert "  Commissioning and funding: 13 questions not in the latest assessment\n" in out
    assert "commissioning.joint_plan" not in out  # ids only when asked for
    assert main(["compare", "--partnership", "Eastvale", "--db", str(db), "--verbose"]) == 0
    verbose = capsys.readouterr().out
    assert "13 questions not in the latest assessment: commissioning.joint_plan, " in verbose


def test_the_radar_is_drawn_over_the_areas_both_assessments_scored(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    ids, installed = eastvale(db)
    with Store(db) as store:
        report = comparison_for(store, ids, installed, datetime(2026, 12, 1, tzinfo=UTC))
    html = render_comparison(report, "html")

    class Radar(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.axes = 0
            self.shapes: dict[str, int] = {}

        def handle_starttag(self, tag, attrs):
            found = dict(attrs)
            self.axes += tag == "line" and found.get("class") == "axis"
            if tag == "polygon" and found.get("class") in ("first", "latest"):
                self.shapes[found["class"]] = len(found["points"].split())

    page = Radar()
    page.feed(html)
    assert page.axes == 3 and page.shapes == {"first": 3, "latest": 3}  # no point at the centre
    assert (
        "Left off, as not scored in both: Data sharing; Integrated referral, assessment and "
        "case management; Commissioning and funding; Families: voice, reach and equity; "
        "Workforce." in html
    )


def test_each_line_is_named_beside_its_own_last_point() -> None:
    from assessor.report.charts import line_chart

    chart = line_chart(
        ["2024", "2025", "2026"],
        [("Stops early", [2.0, 3.0, None]), ("Runs on", [2.0, 3.0, 3.5]), ("Too", [1, 3, None])],
    )
    early, full, too = chart.series
    assert early.end_label is not None and full.end_label is not None
    assert early.end_label[0] == early.dots[-1][0] + 10 < full.end_label[0]
    assert full.end_label[0] == full.dots[-1][0] + 10 == chart.right + 10
    assert early.end_label[2] == "3.0 Stops early"
    assert too.end_label is not None and abs(too.end_label[1] - early.end_label[1]) >= 13


def test_the_change_column_says_what_its_scores_are_over(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from assessor.report.comparison import change_words

    db = tmp_path / "e.db"
    ids, installed = eastvale(db)
    with Store(db) as store:
        report = comparison_for(store, ids, installed, datetime(2026, 12, 1, tzinfo=UTC))
    governance = next(d for d in report.domains if d.id == "governance")
    # the scores shown: each over all it answered (the first's one integration lifts it)
    assert governance.scores[0] is not None and governance.scores[0] > 2.0
    assert (governance.shared_first, governance.compared) == (2.0, 8)
    latest = governance.shared_latest
    assert latest is not None and 4.0 < latest < 5.0 and governance.change == round(latest - 2, 1)
    figure, note = change_words(governance)
    said = f"over the 8 questions both answered: 2.0 to {latest:.1f}"
    assert (figure, note) == (f"{governance.change:+.1f}", said)
    integration = next(d for d in report.domains if d.id == "integration")
    assert change_words(integration) == ("+2.0", "")  # the same questions: nothing to add
    assert f"{figure} ({said})" in render_comparison(report, "md")
    monkeypatch.setattr("assessor.banks.load_builtin", lambda: installed)
    assert main(["compare", *ids, "--db", str(db)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "Governance" in line)
    assert f"{governance.scores[0]:.1f} communication" in row
    assert row.endswith(f"{figure} ({said})")


def test_what_moved_since_says_its_scores_are_over_the_shared_questions(tmp_path: Path) -> None:
    from assessor.report import render, report_for

    db = tmp_path / "e.db"
    ids, installed = eastvale(db)
    with Store(db) as store:
        report = report_for(store, ids[-1], installed)
    assert report.moved_since is not None
    moved = next(d for d in report.moved_since.domains if d.id == "governance")
    own = next(d for d in report.domains if d.id == "governance")
    assert (moved.before, moved.now, moved.compared) == (3.0, 4.0, 7)
    assert own.score is not None and own.score > 4.0  # senior commitment counts here only
    # one number per domain, with its basis in words
    said = "the 7 questions both answered with a stage"
    markdown = render(report, "md")
    assert f"| Governance and leadership | +1.0 | {said} |" in markdown
    assert "over only the questions both answered with a stage, so it can differ from the " in (
        " ".join(markdown.split())
    )
    assert said in render(report, "html")
    integration = next(d for d in report.moved_since.domains if d.id == "integration")
    assert f"| Integration and relational practice | +1.0 | {said} |" in markdown
    assert integration.compared == 7


def test_the_previous_plan_is_summed_up_by_every_status(tmp_path: Path, capsys, monkeypatch):
    import re

    db = tmp_path / "e.db"
    ids, installed = eastvale(db)
    with Store(db) as store:
        report = comparison_for(store, ids, installed, datetime(2026, 12, 1, tzinfo=UTC))
    statuses = [f.status for f in report.follow_ups]
    assert statuses.count("not answered since") > 0  # the areas left out this time
    monkeypatch.setattr("assessor.banks.load_builtin", lambda: installed)
    assert main(["compare", *ids, "--db", str(db)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Plan of"))
    found = re.fullmatch(
        rf"Plan of {ids[1]}: (\d+) actions: (\d+) done \(their questions moved up or were "
        r"answered\)(?:, (\d+) still open)?, (\d+) not answered since\.",
        line,
    )
    assert found, line
    total, done, still_open, not_since = (int(n or 0) for n in found.groups())
    assert total == len(statuses) == done + still_open + not_since
    assert (done, still_open, not_since) == (
        statuses.count("moved up"),
        statuses.count("still open"),
        statuses.count("not answered since"),
    )
    assert f"against the latest answers: {total} actions: {done} done" in render_comparison(
        report, "html"
    )


def test_the_change_notes_wrap_inside_the_domain_table(tmp_path: Path) -> None:
    """The notes beside a change sit in a cell that wraps, so the table keeps to the page."""
    db = tmp_path / "e.db"
    ids, installed = eastvale(db)
    with Store(db) as store:
        report = comparison_for(store, ids, installed, datetime(2026, 12, 1, tzinfo=UTC))
    html = render_comparison(report, "html")
    assert '<td class="num"><span class="note">' not in html  # no note in a no-wrap cell
    assert html.count('<td class="change">') == len(report.domains)
    style = html[html.index("<style>") : html.index("</style>")]
    change_rule = re.search(r"td\.change \{([^}]*)\}", style)
    assert change_rule and "nowrap" not in change_rule.group(1)
