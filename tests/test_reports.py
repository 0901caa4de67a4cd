"""Reports in every format, for a complete and a half-answered assessment, and the report CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.cli import main
from assessor.continuum import Stage
from assessor.files.resources import templates_dir
from assessor.report import render, report_for, report_json_schema
from assessor.store import BankUse, Store

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} | **bold** =SUM(A1)"
BANKS = load_builtin()


class Page(HTMLParser):
    """Collects the tags and text of an HTML page, failing on unbalanced elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.axes = 0
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "line" and ("class", "axis") in attrs:
            self.axes += 1
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def make_assessment(store: Store, fraction: float) -> str:
    assessment = store.create_assessment(
        "Riverside", [BankUse(bank_id=b.id, version=b.version) for b in BANKS.banks], lead="Sam"
    )
    questions = BANKS.questions
    for number, question in enumerate(questions[: int(len(questions) * fraction)]):
        value = AnswerValue.of(Stage.from_number(number % 4 + 1))
        if number == 5:
            value = AnswerValue.of(Special.DONT_KNOW)
        note = HOSTILE if number == 0 else ""
        store.record_answer(assessment.id, question.id, value, str(number), note)
    if fraction == 1:
        store.set_status(assessment.id, complete=True)
    return assessment.id


@pytest.fixture(params=[1.0, 0.5], ids=["complete", "half"])
def report(request, tmp_path: Path):
    with Store(tmp_path / "r.db") as store:
        assessment_id = make_assessment(store, request.param)
        yield report_for(store, assessment_id, BANKS, now=datetime(2026, 11, 1, tzinfo=UTC))


def test_html_is_self_contained_with_a_radar_and_escaped_user_text(report) -> None:
    html = render(report, "html")
    page = Page()
    page.feed(html)
    page.close()
    assert page.tags.count("svg") == 2
    assert page.axes == len(report.domains) == 8
    assert page.scripts == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    assert "<script>" not in html and "49" not in html.split("{{ 7*7 }}")[0][-5:]
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "@page { size: A4" in html


def test_markdown_has_the_plan_and_literal_user_text(report) -> None:
    text = render(report, "md")
    assert text.startswith("# Family hubs partnership self-assessment: Riverside")
    assert "\\<script\\>alert(1)\\</script\\> \\{\\{ 7\\*7 \\}\\} \\| \\*\\*bold\\*\\*" in text
    assert "## Action plan" in text and "### Now (0-3 months)" in text
    assert "| Governance and leadership |" in text
    if report.overall.low_coverage:
        assert "treat these scores as provisional" in text


def test_json_validates_against_the_committed_schema(report) -> None:
    data = json.loads(render(report, "json"))
    committed = json.loads((templates_dir() / "report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(committed)
    jsonschema.validate(data, committed)
    assert data["format"] == "assessor-report" and data["format_version"] == 1
    assert data["domains"][0]["questions"][0]["note"] == HOSTILE
    assert {a["horizon"] for a in data["plan"]["actions"]} <= {"now", "next", "later"}


def test_committed_report_schema_matches_the_model() -> None:
    committed = json.loads((templates_dir() / "report.schema.json").read_text("utf-8"))
    assert committed == report_json_schema(), (
        "reports/report.schema.json is stale: regenerate it from assessor.report.report_json_schema"
    )


def test_csv_answers_and_plan(report) -> None:
    text = render(report, "csv")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))
    assert rows[0][:5] == ["domain", "domain_title", "question_id", "question", "answer"]
    first = rows[1]
    assert first[2] == "integration.need_for_change" and first[4] == "isolation"
    assert first[8] == HOSTILE  # text kept as it is; it does not start with a formula sign
    plan_text = render(report, "csv", plan=True).encode("utf-8").decode("utf-8-sig")
    plan_rows = list(csv.DictReader(io.StringIO(plan_text)))
    assert len(plan_rows) == len(report.plan.actions)
    by_id = {a.id: a for a in report.plan.actions}
    for row in plan_rows:
        action = by_id[row["action_id"]]
        source = action.sources[0]
        assert row["kind"] == action.kind and row["question_id"].split(" | ")[0] == (
            source.question_id
        )
        assert row["domain"].split(" | ")[0] == source.domain_title
        assert row["question"].split(" | ")[0] == source.question_text
    noted = [r for r in plan_rows if r["note"]]
    assert noted and all(r["note"] == HOSTILE for r in noted)


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    with Store(tmp_path / "f.db") as store:
        assessment_id = make_assessment(store, 0.1)
        store.set_note(assessment_id, BANKS.questions[0].id, '=HYPERLINK("http://x")')
        report = report_for(store, assessment_id, BANKS)
    rows = list(csv.reader(io.StringIO(render(report, "csv").lstrip("\ufeff"))))
    assert rows[1][8] == '\'=HYPERLINK("http://x")'


def test_example_reports_are_current() -> None:
    """docs/examples is what the README shows: regenerate with scripts/example_report.py."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "example_report.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_report_cli_writes_files_and_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    db = tmp_path / "r.db"
    with Store(db) as store:
        assessment_id = make_assessment(store, 1.0)
    out = tmp_path / "r.html"
    args = ["report", assessment_id, "--db", str(db), "--format", "html", "-o", str(out)]
    assert main(args) == 0 and out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert main(args) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0
    assert main(["report", assessment_id, "--db", str(db), "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
    missing = tmp_path / "nowhere" / "r.md"
    assert main(["report", assessment_id, "--db", str(db), "-o", str(missing)]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_output_through_a_symbolic_link_is_refused_even_with_force(tmp_path: Path, capsys) -> None:
    db = tmp_path / "r.db"
    with Store(db) as store:
        assessment_id = make_assessment(store, 1.0)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    missing_target = elsewhere / "not-yet.md"  # a dangling link: its target does not exist
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(missing_target)
    kept = elsewhere / "kept.md"
    kept.write_text("someone else's file", encoding="utf-8")
    linked = tmp_path / "linked.md"
    linked.symlink_to(kept)
    for link in (dangling, linked):
        for extra in ([], ["--force"]):
            args = ["report", assessment_id, "--db", str(db), "-o", str(link), *extra]
            assert main(args) == 1
            err = capsys.readouterr().err
            assert f"{link} is a symbolic link; give the path of a real file" in err
            assert "Traceback" not in err
    assert not missing_target.exists()
    assert kept.read_text(encoding="utf-8") == "someone else's file"


@pytest.mark.process  # the package renders a custom template in a process of its own
def test_templates_can_be_overridden_and_broken_ones_are_named(tmp_path: Path, capsys) -> None:
    db = tmp_path / "r.db"
    with Store(db) as store:
        assessment_id = make_assessment(store, 1.0)
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.md.j2").write_text(
        "# Riverside Council\n{{ report.assessment.partnership }}: {{ report.overall.stage }}\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["report", assessment_id, "--db", str(db), "--templates", str(brand)]) == 0
    assert capsys.readouterr().out.startswith("# Riverside Council\nRiverside: ")
    (brand / "report.md.j2").write_text("line one\n{% for x in %}\n", encoding="utf-8")
    assert main(["report", assessment_id, "--db", str(db), "--templates", str(brand)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("assessor: the report template ") and "report.md.j2:2" in err
    (brand / "report.md.j2").write_text("{{ report.__class__.__mro__ }}\n", encoding="utf-8")
    assert main(["report", assessment_id, "--db", str(db), "--templates", str(brand)]) == 1
    assert "cannot be used" in capsys.readouterr().err
    assert main(["report", assessment_id, "--db", str(db), "--templates", str(db)]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_plan_cli_and_targets(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # a pipe: the wide table
    db = tmp_path / "p.db"
    with Store(db) as store:
        assessment_id = make_assessment(store, 1.0)
    capsys.readouterr()
    assert main(["plan", assessment_id, "--db", str(db)]) == 0
    default = capsys.readouterr().out
    assert "Now (0-3 months)" in default and "[quick win]" in default
    assert "Top priorities" in default
    assert "Targets:\n  Integration and relational practice: one stage up\n" in default
    for heading in ("#", "Action", "Owner", "Timescale", "Priority", "Domain"):
        assert f" {heading} " in default
    assert re.search(r"│ needed for #\d+", default)  # prerequisites say what they come before
    assert (
        main(["plan", assessment_id, "--db", str(db), "--target", "data_sharing=integration"]) == 0
    )
    targeted = capsys.readouterr().out
    assert "  Data sharing: integration (given for this plan)\n" in targeted
    rows = re.compile(r"^│ +\d+ │", re.M)
    assert len(rows.findall(targeted)) > len(rows.findall(default)) > 0
    assert main(["plan", assessment_id, "--db", str(db), "--target", "data_sharing=colab"]) == 1
    assert "'colab' is not a stage" in capsys.readouterr().err
    assert main(["plan", assessment_id, "--db", str(db), "--target", "finance=4"]) == 1
    assert "has no domain 'finance'" in capsys.readouterr().err


@pytest.mark.process  # the package renders a custom template in a process of its own
def test_a_failing_custom_template_and_plan_outside_csv(tmp_path: Path, capsys) -> None:
    db = tmp_path / "r.db"
    with Store(db) as store:
        assessment_id = make_assessment(store, 1.0)
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.md.j2").write_text("{{ 1 / 0 }}\n", encoding="utf-8")
    assert main(["report", assessment_id, "--db", str(db), "--templates", str(brand)]) == 1
    assert "report.md.j2 failed as it ran: division by zero" in capsys.readouterr().err
    (brand / "report.md.j2").write_bytes(b"\xff\xfe broken")
    assert main(["report", assessment_id, "--db", str(db), "--templates", str(brand)]) == 1
    assert "is not UTF-8 text" in capsys.readouterr().err
    assert main(["report", assessment_id, "--db", str(db), "--plan"]) == 1
    assert "--plan goes with --format csv" in capsys.readouterr().err


def test_the_command_line_knows_every_report_format() -> None:
    from assessor.commands.report import REPORT_FORMATS
    from assessor.report.render import FORMATS

    assert REPORT_FORMATS == FORMATS


def test_plan_at_80_columns_is_one_readable_block_per_action(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from assessor.analysis.planning import build_plan
    from assessor.store.records import answer_map

    monkeypatch.setenv("COLUMNS", "80")
    db = tmp_path / "p.db"
    with Store(db) as store:
        assessment_id = make_assessment(store, 1.0)
        plan = build_plan(BANKS, answer_map(store.answers(assessment_id)))
    capsys.readouterr()
    assert main(["plan", assessment_id, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert "…" not in out and "┃" not in out  # nothing cut short, no squeezed table
    order_of = {a.id: a.order for a in plan.actions}
    flat = " ".join(" ".join(out.split()).split(" "))
    for action in plan.actions:
        block = flat[flat.index(f"#{action.order} {action.text.split()[0]}") :]
        assert block.startswith(f"#{action.order} {' '.join(action.text.split())}")
        said = f"{action.owner} · {action.timescale} · priority {action.priority_reason}"
        assert said in block[: len(action.text) + len(said) + 40]
        if action.required_by:
            needed = ", ".join(f"#{order_of[d]}" for d in action.required_by)
            assert f"needed for {needed}" in block[: len(action.text) + 200]
    assert any(a.required_by for a in plan.actions)  # the check above ran


def test_printed_labels_scale_with_the_text_and_owners_keep_their_words(report) -> None:
    """Printed on A4 the text is 8.5pt: a stage label sized from the page root (rem, 16px)
    would outgrow its column and run into the next; sized from its own text (em) it fits.
    An owner's role wraps between words, never inside one ("commission ing")."""
    from assessor.files.resources import templates_dir

    for name in ("report.html.j2", "compare.html.j2"):
        css = (templates_dir() / name).read_text("utf-8")
        for rule in (".stage", ".quick"):
            body = re.search(re.escape(rule) + r" \{([^}]*)\}", css)
            assert body, (name, rule)
            size = re.search(r"font-size: ([\d.]+)(\w+)", body.group(1))
            assert size and size.group(2) == "em", (name, rule, body.group(1))
    html = render(report, "html")
    for stage in report.continuum:  # a stage's number never wraps away from its name
        assert f"<b>{stage.value}&nbsp;{stage.label}</b>" in html
    owner_rule = re.search(r"td\.owner \{([^}]*)\}", html)
    assert owner_rule and "overflow-wrap: normal" in owner_rule.group(1)
    assert "hyphens: auto" in owner_rule.group(1)
    owners = re.findall(r'<td class="owner">([^<]*)<br>', html)
    assert len(owners) == len(report.plan.actions) > 0
    assert owners == [a.owner.replace("'", "&#39;") for a in report.plan.actions]


def test_a_note_and_the_words_said_are_apart_in_markdown_and_html(tmp_path: Path) -> None:
    """An outside trial saw "my evidenceIn their words: …" in a Markdown report: the space
    between the note and the words was escaped away with the rest of the printed text. A space
    still ran them together in one line: a line break sets them apart, in both formats."""
    from assessor.conversation import conversation_for

    with Store(tmp_path / "r.db") as store:
        integration = BANKS.select(["integration"])
        assessment = store.create_assessment(
            "Riverside", [BankUse(bank_id=b.id, version=b.version) for b in integration.banks]
        )
        chat = conversation_for(store, assessment.id, integration)
        chat.start()
        chat.reply("3")
        chat.reply("we swap newsletters and email now and then")
        chat.reply("yes")
        chat.reply("note my <evidence> & more")
        report = report_for(store, assessment.id, BANKS)
    markdown = render(report, "md")
    assert (
        "| my \\<evidence\\> \\& more<br>In their words: “we swap newsletters and email now and "
        "then” |" in markdown
    )
    html = render(report, "html")
    assert (
        '<td class="words">my &lt;evidence&gt; &amp; more<br><span class="said">In their words: '
        "“we swap newsletters and email now and then”</span></td>" in html
    )


def test_an_in_progress_report_says_up_to_where_answers_to_come_may_add_questions(
    tmp_path: Path,
) -> None:
    sharing = load_builtin().select(["data_sharing"])
    ids = [q.id for q in sharing.questions]  # linked_data is asked only after agreements
    with Store(tmp_path / "r.db") as store:
        assessment = store.create_assessment(
            "Riverside", [BankUse(bank_id="data_sharing", version=sharing.banks[0].version)]
        )
        store.record_answer(assessment.id, ids[1], AnswerValue.of(Stage.COORDINATION))
        report = report_for(store, assessment.id, sharing)
    asked = len(ids) - 1
    assert (report.overall.asked, report.overall.may_add) == (asked, 1)
    markdown = render(report, "md")
    assert f"from 1 of {asked} questions answered with a stage (" in markdown
    assert f"; up to {len(ids)} may be asked)." in markdown
    assert f"| 1/{asked} (up to {len(ids)}) |" in markdown
    html = render(report, "html")
    assert f"; up to {len(ids)} may be asked)." in html
    assert f'<td class="num">1/{asked} (up to {len(ids)})</td>' in html
    assert json.loads(render(report, "json"))["domains"][0]["may_add"] == 1
    for board in ("board", "board-md"):  # the one-page summary for the board says so too
        assert f"; up to {len(ids)} may be asked)" in render(report, board)


def test_a_domain_scored_from_few_questions_is_said_to_count_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    banks = load_builtin().select(["governance", "data_sharing"])
    said = (
        "The overall score is the mean of the domain scores, each counting equally: Data sharing "
        "counts in full though under half its questions have a stage."
    )
    db = tmp_path / "r.db"
    with Store(db) as store:
        assessment = store.create_assessment(
            "Riverside", [BankUse(bank_id=b.id, version=b.version) for b in banks.banks]
        )
        for question in banks.bank("governance").questions:
            store.record_answer(assessment.id, question.id, AnswerValue.of(Stage.COLLABORATION))
        first = banks.bank("data_sharing").questions[0]
        store.record_answer(assessment.id, first.id, AnswerValue.of(Stage.ISOLATION))
        report = report_for(store, assessment.id, banks)
    assert report.overall.partly_scored == ["Data sharing"]
    assert said in render(report, "md")
    assert said in render(report, "html")
    assert main(["show", assessment.id, "--db", str(db)]) == 0
    assert said in capsys.readouterr().out
