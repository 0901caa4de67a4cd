"""A partnership's stored targets: the store, the schema 6 migration, `assessor targets`, the plan
and reports that aim at them (and `--target` over them), export/import and the app."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from conftest import cli_db, read_beside
from test_tui import Clock as AppClock
from test_tui import settle

from assessor.answers import AnswerValue
from assessor.banks import load_builtin
from assessor.cli import main
from assessor.continuum import Stage
from assessor.files.resources import templates_dir
from assessor.report import plan_for, render, report_for
from assessor.store import BankUse, NotFound, Store, StoreError
from assessor.store.location import Location
from assessor.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS
from assessor.store.transfer import export_assessment, import_assessment, parse_export

BUILTIN = load_builtin()
SET_AT = datetime(2026, 3, 1, 9, 0, 1, tzinfo=UTC)


class FixedClock:
    """One second a call from 1 March 2026 09:00 UTC."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


def two_domain_assessment(store: Store, partnership: str = "Riverside") -> str:
    """Both boards of the two test banks at communication."""
    uses = [BankUse(bank_id="sample", version="1.10"), BankUse(bank_id="other", version="1.10")]
    assessment = store.create_assessment(partnership, uses)
    for question_id in ("sample.board", "other.board"):
        store.record_answer(assessment.id, question_id, AnswerValue.of(Stage.COMMUNICATION))
    return assessment.id


def builtin_assessment(db: Location, partnership: str = "Riverside") -> str:
    """Every built-in question at isolation."""
    with Store(db) as store:
        uses = [BankUse(bank_id=b.id, version=b.version) for b in BUILTIN.banks]
        assessment = store.create_assessment(partnership, uses, lead="Sam")
        for question in BUILTIN.questions:
            store.record_answer(assessment.id, question.id, AnswerValue.of(Stage.ISOLATION))
        return assessment.id


# the store --------------------------------------------------------------------------------


def test_targets_are_kept_per_partnership_replaced_and_cleared(new_db, tmp_path: Path) -> None:
    with Store(new_db("t"), clock=FixedClock()) as store:
        store.partnership("Riverside")
        store.partnership("Northshire")
        first = store.set_target("riverside", "data_sharing", Stage.COLLABORATION, " March   2027 ")
        assert (first.domain_id, first.stage, first.by, first.set_at) == (
            "data_sharing",
            Stage.COLLABORATION,
            "March 2027",
            SET_AT + timedelta(seconds=2),
        )
        store.set_target("Riverside", "governance", Stage.COORDINATION)
        store.set_target("Riverside", "governance", Stage.INTEGRATION, "2027-12-31")
        assert [(t.domain_id, t.stage, t.by) for t in store.targets("RIVERSIDE")] == [
            ("data_sharing", Stage.COLLABORATION, "March 2027"),
            ("governance", Stage.INTEGRATION, "2027-12-31"),
        ]
        assert store.targets("Northshire") == [] and store.targets("Nowhere") == []
        assert store.clear_target("Riverside", "governance") is True
        assert store.clear_target("Riverside", "governance") is False
        assert [t.domain_id for t in store.targets("Riverside")] == ["data_sharing"]


def test_the_store_refuses_targets_it_cannot_keep(new_db, tmp_path: Path) -> None:
    with Store(new_db("t")) as store:
        store.partnership("Riverside")
        with pytest.raises(NotFound, match="no partnership 'Eastshire'"):
            store.set_target("Eastshire", "data_sharing", Stage.COLLABORATION)
        with pytest.raises(StoreError, match="'Data Sharing' is not a domain id"):
            store.set_target("Riverside", "Data Sharing", Stage.COLLABORATION)
        with pytest.raises(StoreError, match="at most 40 characters"):
            store.set_target("Riverside", "data_sharing", Stage.COLLABORATION, "x" * 41)
        with pytest.raises(StoreError, match="plain text"):
            store.set_target("Riverside", "data_sharing", Stage.COLLABORATION, "May\x1b[2J")
        assert store.targets("Riverside") == []
        with pytest.raises(store.driver_errors):  # the schema itself holds stage names only
            read_beside(
                store.path,
                "INSERT INTO partnership_targets VALUES (1, 'governance', 'excellent', '', 'now')",
            )


def test_a_target_domain_id_has_the_form_of_a_bank_id() -> None:
    from assessor.banks.models import BANK_ID_PATTERN
    from assessor.store.records import DOMAIN_ID_PATTERN

    assert DOMAIN_ID_PATTERN == BANK_ID_PATTERN


def test_a_schema_5_file_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "five.db"
    old = sqlite3.connect(path)
    for version in range(1, 6):
        old.executescript(MIGRATIONS[version])
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("INSERT INTO meta VALUES ('schema_version', '5')")
    old.execute(
        "INSERT INTO partnerships VALUES (1, 'Northshire', 'North', '2025-01-01T00:00:00+00:00')"
    )
    old.execute(
        "INSERT INTO assessments(id, partnership_id, mode, status, lead, started_at, revision) "
        "VALUES ('old5', 1, 'individual', 'in-progress', 'Sam', '2025-01-01T00:00:00+00:00', 3)"
    )
    old.execute("INSERT INTO assessment_banks VALUES ('old5', 'sample', '1.10', 0)")
    old.execute(
        "INSERT INTO answers(assessment_id, question_id, value, words, note, answered_at, "
        "rationale) VALUES ('old5', 'sample.board', 2, 'two', 'emails', "
        "'2025-01-01T10:00:00+00:00', '')"
    )
    old.commit()
    old.close()
    with Store(path) as store:
        stored = read_beside(store.path, "SELECT value FROM meta WHERE key='schema_version'")
        assert int(stored[0][0]) == LATEST == 14
        (answer,) = store.answers("old5")
        assert (answer.value, answer.words, answer.note) == (2, "two", "emails")
        assert store.assessment("old5").revision == 3
        assert store.partnership_named("northshire").area == "North"
        assert store.targets("Northshire") == []
        store.set_target("Northshire", "sample", Stage.COORDINATION, "next year")
    with Store(path) as again:
        assert [(t.stage, t.by) for t in again.targets("Northshire")] == [
            (Stage.COORDINATION, "next year")
        ]


# the command ------------------------------------------------------------------------------


def test_targets_command_sets_lists_and_clears(new_db, tmp_path: Path, capsys) -> None:
    db = new_db("c")
    builtin_assessment(db)
    capsys.readouterr()
    assert main(["targets", "Riverside", "--db", cli_db(db)]) == 0
    assert capsys.readouterr().out == (
        "Riverside has no targets: its plans aim one stage up in every domain (to set one: "
        "assessor targets Riverside data_sharing=collaboration --by 'March 2027').\n"
    )
    assert (
        main(
            [
                "targets",
                "riverside",
                "data_sharing=collaboration",
                "--by",
                "March 2027",
                "--db",
                cli_db(db),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Data sharing: target collaboration by March 2027."
    assert out[2].startswith("Targets of Riverside (its plans aim at these")
    assert re.fullmatch(
        r"data_sharing +Data sharing +collaboration +March 2027 +\d{4}-\d\d-\d\d", out[4]
    )
    # options before the targets too; a stage by number; a second call replaces the first
    assert main(["targets", "Riverside", "--db", cli_db(db), "governance=4", "DATA_SHARING=3"]) == 0
    out = capsys.readouterr().out
    assert "Governance and leadership: target collaboration.\n" in out
    assert "Data sharing: target coordination.\n" in out
    assert main(["targets", "Riverside", "--clear", "governance", "--db", cli_db(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Governance and leadership: target cleared (plans aim one stage up).")
    assert "governance" not in out.split("\n", 1)[1]
    with Store(db) as store:
        assert [(t.domain_id, t.stage, t.by) for t in store.targets("Riverside")] == [
            ("data_sharing", Stage.COORDINATION, "")
        ]


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["Rivreside"], "there is no partnership 'Rivreside' in "),
        (["Rivreside"], "(did you mean 'Riverside'?); one is added when an assessment starts"),
        (["Riverside", "data_sharin=3"], "there is no domain 'data_sharin' (did you mean "),
        (["Riverside", "data_sharing=colab"], "'colab' is not a stage; the stages are "),
        (["Riverside", "data_sharing=6"], "'6' is not a stage; the stages are isolation,"),
        (["Riverside", "data_sharing"], "'data_sharing' should read DOMAIN=STAGE, e.g. "),
        (["Riverside", "governance=2", "governance=3"], "governance is given two targets"),
        (["Riverside", "--by", "May"], "--by goes with a target to set"),
        (["Riverside", "governance=2", "--by", "y" * 41], "--by: a target's 'by' is at most 40"),
        (["Riverside", "--clear", "governance"], "Riverside has no target for 'governance'"),
        (["Riverside", "--clear", "data_sharng"], "(did you mean 'data_sharing'?)"),
        (["Riverside", "governance=2", "--clear", "governance"], "governance is both set and"),
    ],
)
def test_targets_command_mistakes_are_one_sentence(
    tmp_path: Path, capsys, words: list[str], message: str
) -> None:
    db = tmp_path / "m.db"
    builtin_assessment(db)
    with Store(db) as store:
        store.set_target("Riverside", "data_sharing", Stage.COLLABORATION, "March 2027")
    capsys.readouterr()
    assert main(["targets", *words, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("assessor: ") and message in err and err.count("\n") == 1
    with Store(db) as store:  # nothing changed
        assert [(t.domain_id, t.stage, t.by) for t in store.targets("Riverside")] == [
            ("data_sharing", Stage.COLLABORATION, "March 2027")
        ]


def test_targets_command_needs_a_database(tmp_path: Path, capsys) -> None:
    assert main(["targets", "Riverside", "--db", str(tmp_path / "none.db")]) == 1
    assert "there is no database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


# the plan and the reports -----------------------------------------------------------------


def steps(plan) -> list[tuple[str, str]]:
    """(question, stage moved to) for every step in the plan, in plan order."""
    return [(s.question_id, s.step_to.value) for a in plan.actions for s in a.sources]


def test_the_plan_aims_at_stored_targets_and_a_given_one_overrides(
    tmp_path: Path, two_banks
) -> None:
    with Store(tmp_path / "p.db", clock=FixedClock()) as store:
        assessment_id = two_domain_assessment(store)
        _, default, in_use = plan_for(store, assessment_id, two_banks)
        assert in_use == [] and default.targets == {}
        assert sorted(steps(default)) == [
            ("other.board", "coordination"),
            ("sample.board", "coordination"),
        ]
        store.set_target("Riverside", "sample", Stage.INTEGRATION, "2028")
        store.set_target("Riverside", "governance", Stage.COLLABORATION)  # not in this one
        _, stored, in_use = plan_for(store, assessment_id, two_banks)
        assert [q for q in steps(stored) if q[0] == "sample.board"] == [
            ("sample.board", "coordination"),
            ("sample.board", "collaboration"),
            ("sample.board", "integration"),
        ]
        assert [q for q in steps(stored) if q[0] == "other.board"] == [
            ("other.board", "coordination")
        ]
        assert stored.targets == {"sample": Stage.INTEGRATION}
        assert [(t.domain_id, t.stage.value, t.source.value, t.by) for t in in_use] == [
            ("sample", "integration", "stored", "2028")
        ]
        given_targets = {"sample": Stage.COORDINATION, "other": Stage.from_number(4)}
        _, given, in_use = plan_for(store, assessment_id, two_banks, given_targets)
        assert sorted(steps(given)) == [
            ("other.board", "collaboration"),
            ("other.board", "coordination"),
            ("sample.board", "coordination"),
        ]
        assert [(t.domain_id, t.stage.value, t.source.value, t.by) for t in in_use] == [
            ("sample", "coordination", "given", ""),
            ("other", "collaboration", "given", ""),
        ]
        assert in_use[0].over is not None and in_use[0].over.stage is Stage.INTEGRATION
        assert in_use[1].over is None
        with pytest.raises(StoreError, match=r"no domain 'sampel' .*did you mean 'sample'"):
            plan_for(store, assessment_id, two_banks, {"sampel": Stage.COORDINATION})


def test_plan_and_report_commands_use_stored_targets(tmp_path: Path, capsys) -> None:
    db = tmp_path / "r.db"
    assessment_id = builtin_assessment(db)
    assert main(["plan", assessment_id, "--db", str(db)]) == 0
    default = capsys.readouterr().out
    assert "  Data sharing: one stage up\n" in default
    assert (
        main(["targets", "Riverside", "data_sharing=3", "--by", "June 2027", "--db", str(db)]) == 0
    )
    capsys.readouterr()
    assert main(["plan", assessment_id, "--db", str(db)]) == 0
    stored = capsys.readouterr().out
    assert "  Data sharing: coordination by June 2027 (the partnership's, set " in stored
    assert len(stored) > len(default)  # the steps to coordination as well
    assert main(["plan", assessment_id, "--db", str(db), "--target", "data_sharing=2"]) == 0
    given = capsys.readouterr().out
    assert (
        "  Data sharing: communication (given for this plan, over the partnership's "
        "coordination by June 2027)\n"
    ) in given
    assert given.count("\n") < stored.count("\n")

    assert main(["report", assessment_id, "--db", str(db), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, json.loads((templates_dir() / "report.schema.json").read_text()))
    (target,) = data["plan"]["targets_in_use"]
    assert {k: target[k] for k in ("domain_id", "domain_title", "stage", "by", "source")} == {
        "domain_id": "data_sharing",
        "domain_title": "Data sharing",
        "stage": "coordination",
        "by": "June 2027",
        "source": "stored",
    }
    assert target["set_at"] is not None and data["plan"]["targets"] == {
        "data_sharing": "coordination"
    }
    assert [d["target"] for d in data["domains"] if d["id"] == "data_sharing"] == ["coordination"]
    assert (
        main(["report", assessment_id, "--db", str(db), "-f", "md", "--target", "governance=5"])
        == 0
    )
    md = capsys.readouterr().out
    assert "| Governance and leadership | integration | - | given for this report |" in md
    assert "| Data sharing | coordination | June 2027 | the partnership's target, set " in md
    assert "| 0 | coordination by June 2027 |" in md  # the profile table's target column


class Cells(HTMLParser):
    """The text of each table row of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_cell = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data: str) -> None:
        if self.in_cell:
            self.rows[-1][-1] += data


def test_html_report_shows_targets_escaped(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    assessment_id = builtin_assessment(db)
    with Store(db, clock=FixedClock()) as store:
        store.set_target("Riverside", "data_sharing", Stage.COLLABORATION, "<b>Q1</b> 2027")
        html = render(report_for(store, assessment_id, BUILTIN), "html")
        none_set = render(
            report_for(store, assessment_id, BUILTIN, {"governance": Stage.from_number(3)}), "md"
        )
    assert "<b>Q1</b>" not in html and "&lt;b&gt;Q1&lt;/b&gt; 2027" in html
    page = Cells()
    page.feed(html)
    cells = [[" ".join(c.split()) for c in row] for row in page.rows]
    assert [
        "Data sharing",
        "collaboration",
        "<b>Q1</b> 2027",
        "the partnership's target, set 01 March 2026",
    ] in cells
    assert "| Governance and leadership | coordination | - | given for this report |" in none_set
    with Store(db) as store:
        store.clear_target("Riverside", "data_sharing")
        md = render(report_for(store, assessment_id, BUILTIN), "md")
    assert "No targets are set: every domain aims one stage up." in md


# export and import ------------------------------------------------------------------------


def test_import_brings_targets_and_keeps_those_here(
    new_db, tmp_path: Path, capsys, two_banks
) -> None:
    with Store(new_db("a"), clock=FixedClock()) as store:
        assessment_id = two_domain_assessment(store, "Northshire")
        store.set_target("Northshire", "sample", Stage.INTEGRATION, "2028")
        store.set_target("Northshire", "other", Stage.COLLABORATION)
        exported = export_assessment(store, assessment_id)
    export_file = tmp_path / "n.json"
    export_file.write_text(exported.model_dump_json(), encoding="utf-8")
    here = new_db("here")
    with Store(here) as store:
        two_domain_assessment(store, "NORTHSHIRE")
        store.set_target("Northshire", "sample", Stage.COORDINATION)
    capsys.readouterr()
    assert main(["import", str(export_file), "--db", cli_db(here)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:] == [
        "Its target for other, collaboration, came with the export.",
        "The export's target for sample is integration by 2028; the target here, coordination, "
        "is kept (to change it: assessor targets NORTHSHIRE sample=integration --by 2028).",
    ]
    with Store(here) as store:
        other, sample = store.targets("Northshire")
    assert (other.domain_id, other.stage, other.by) == ("other", Stage.COLLABORATION, "")
    assert other.set_at == exported.targets[0].set_at == SET_AT + timedelta(seconds=5)
    assert (sample.domain_id, sample.stage, sample.by) == ("sample", Stage.COORDINATION, "")


def test_an_export_with_two_targets_for_one_domain_or_none_at_all(new_db, tmp_path: Path) -> None:
    with Store(new_db("a"), clock=FixedClock()) as store:
        assessment_id = two_domain_assessment(store)
        store.set_target("Riverside", "sample", Stage.INTEGRATION)
        exported = export_assessment(store, assessment_id)
    data = json.loads(exported.model_dump_json())
    data["targets"] = data["targets"] * 2
    with Store(new_db("b")) as other:
        with pytest.raises(StoreError, match="two targets for one domain"):
            import_assessment(other, parse_export(json.dumps(data), "x.json"))
        del data["targets"]  # an export from before targets were kept
        imported = import_assessment(other, parse_export(json.dumps(data), "x.json"))
        assert other.targets(imported.partnership) == []
    data["targets"] = [{"domain_id": "sample", "stage": "best", "by": "", "set_at": "2026-01-01"}]
    with pytest.raises(StoreError, match=r"x.json is not an assessor export: targets\[0\].stage: "):
        parse_export(json.dumps(data), "x.json")


# the app ----------------------------------------------------------------------------------


def test_results_in_the_app_show_and_use_the_stored_targets(tmp_path: Path, two_banks) -> None:
    from textual.widgets import DataTable

    from assessor.tui.app import AssessorApp
    from assessor.tui.screens.results import ResultsScreen

    db = tmp_path / "app.db"
    with Store(db, clock=FixedClock()) as store:
        store.set_status(two_domain_assessment(store), complete=True)

    async def results() -> tuple[str, str]:
        app = AssessorApp(db, two_banks, blink=False, clock=AppClock())
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot, app)
            app.screen.query_one("#recent", DataTable).focus()
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ResultsScreen)
            shown = str(app.screen.query_one("#targets").render())
            return shown, str(app.screen.query_one("#plan").render())

    shown, plan = asyncio.run(results())
    assert "Targets: none set, so every domain aims one stage up." in shown
    assert "assessor targets Riverside data_sharing=collaboration" in shown
    assert "Delegate authority" not in plan
    with Store(db, clock=FixedClock()) as store:
        store.set_target("Riverside", "sample", Stage.INTEGRATION, "March 2028")
    shown, plan = asyncio.run(results())
    assert "Targets (the plan aims at these; other domains one stage up)" in shown
    assert (
        "Sample bank for tests: integration by March 2028  (the partnership's target, set "
        "2026-03-01)"
    ) in shown
    assert "Delegate authority and pool the budget." in plan
