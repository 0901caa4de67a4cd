"""The programme view (`assessor programme`, the app's screen), the stored agreement to share a
partnership's scores (migration 10, both engines) and the peer figures in a partnership's report."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from conftest import cli_db, on_server, read_beside, settle
from programme_data import assessed

from assessor.analysis.spread import spread_of
from assessor.banks import load_builtin
from assessor.cli import main
from assessor.files.resources import templates_dir
from assessor.report.programme import programme_json_schema
from assessor.store import Store
from assessor.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS

BANKS = load_builtin()
EARLY, LATE = datetime(2025, 6, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)


def words(text: str) -> list[list[str]]:
    """Each line as its words: a table's row compared whatever its padding."""
    return [line.split() for line in text.splitlines()]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- the spread -------------------------------------------------------------------------------


def test_the_median_and_quartiles_of_scores() -> None:
    five = spread_of([5.0, 1.0, 4.0, 2.0, 3.0])
    assert five is not None and (five.median, five.lower, five.upper, five.count) == (3, 2, 4, 5)
    six = spread_of([1.0, 2.0, 3.0, 3.0, 4.0, 5.0])  # quartiles 2.25 and 3.75, halves up
    assert six is not None and (six.median, six.middle_half, six.count) == (3.0, "2.3-3.8", 6)
    one = spread_of([2.5])
    assert one is not None and (one.median, one.lower, one.upper) == (2.5, 2.5, 2.5)
    assert spread_of([]) is None


# -- the stored agreement: migration 10 on both engines ------------------------------------


def _todays_schema(location) -> None:
    """A database as assessor made it before migration 10 (schema 8), with a partnership."""
    statements = [s for v in sorted(MIGRATIONS) if v <= 8 for s in MIGRATIONS[v].split(";")]
    partnership = (
        "INSERT INTO partnerships(name, area, created_at) "
        "VALUES ('Northshire', 'North', '2026-01-01T00:00:00+00:00')"
    )
    if on_server(location):
        import psycopg

        from assessor.store import postgres

        server = postgres.PostgresConnection(
            psycopg.connect(location.secret, autocommit=True, row_factory=postgres._row_factory)
        )
        server.execute(postgres._COLLATION)
        for statement in statements:
            if statement.strip():
                server.execute(postgres.schema_statement(statement))
        server.execute(
            "INSERT INTO meta VALUES ('schema_version', '8'), ('application_id', ?)",
            (str(APPLICATION_ID),),
        )
        server.execute(partnership)
        server.close()
        return
    old = sqlite3.connect(location)
    for statement in statements:
        if statement.strip():
            old.execute(statement)
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("INSERT INTO meta VALUES ('schema_version', '8')")
    old.execute(partnership)
    old.commit()
    old.close()


def test_a_store_of_todays_schema_gains_the_agreement_off_for_every_partnership(new_db) -> None:
    location = new_db("today")
    _todays_schema(location)
    with Store(location) as store:
        version = read_beside(store.path, "SELECT value FROM meta WHERE key = 'schema_version'")
        assert int(version[0][0]) == LATEST >= 10
        assert store.partnership("northshire").area == "North"  # kept
        assert store.shares_scores("Northshire") is False
        assert store.sharing_partnerships() == set()
        store.partnership("Eastvale")
        store.set_sharing("NORTHSHIRE", True)
        assert store.sharing_partnerships() == {"Northshire"}
        assert (store.shares_scores("northshire"), store.shares_scores("Eastvale")) == (True, False)
        store.set_sharing("Northshire", False)
        assert store.sharing_partnerships() == set()


def test_the_agreement_is_set_and_shown_from_the_command_line(new_db, capsys) -> None:
    location = new_db("share")
    assessed(location, BANKS, "Northshire", LATE, {"data_sharing": 3})
    db = cli_db(location)
    code, out, _ = run(capsys, "partnership", "northshire", "--db", db)
    assert code == 0
    assert out == (
        "Northshire: area not set; 1 assessment; does not share its scores with the programme.\n"
    )
    code, out, _ = run(capsys, "partnership", "Northshire", "--share", "on", "--db", db)
    assert code == 0 and "Northshire: shares its scores with the programme" in out
    with Store(location) as store:
        assert store.sharing_partnerships() == {"Northshire"}
    code, out, _ = run(capsys, "partnership", "Northshire", "--share", "off", "--db", db)
    assert out == "Northshire: does not share its scores with the programme.\n"
    code, _, err = run(capsys, "partnership", "Northshir", "--share", "on", "--db", db)
    assert code == 1 and "there is no partnership 'Northshir'" in err and "Traceback" not in err


# -- the programme view -----------------------------------------------------------------------


@pytest.fixture
def programme_db(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Ashby (North, two rounds, shares), Brook (North, one round), Cole (South), and Dale
    (North) with an assessment still in progress."""
    db = tmp_path / "programme.db"
    ids = {
        "ashby-then": assessed(
            db, BANKS, "Ashby", EARLY, {"data_sharing": 2, "workforce": 3}, area="North"
        ),
        "ashby": assessed(db, BANKS, "Ashby", LATE, {"data_sharing": 3, "workforce": 2}),
        "brook": assessed(
            db, BANKS, "Brook", LATE, {"data_sharing": 4, "workforce": 3}, area="North"
        ),
        "cole": assessed(
            db, BANKS, "Cole", LATE, {"data_sharing": 1, "workforce": 5}, area="South"
        ),
        "dale": assessed(
            db, BANKS, "Dale", LATE, {"data_sharing": 2}, area="North", complete=False
        ),
    }
    with Store(db) as store:
        store.set_sharing("Ashby", True)
    return db, ids


def test_the_programme_view_lists_every_partnership_by_domain_with_spread_and_movement(
    programme_db, capsys
) -> None:
    db, ids = programme_db
    code, out, err = run(capsys, "programme", "--db", str(db))
    assert code == 0, err
    lines = words(out)
    assert out.startswith(
        "Programme view: 3 partnerships with a complete assessment, 1 of them sharing their "
        "scores with the programme.\n"
    )
    assert (
        f"Ashby (North): assessment {ids['ashby']} of 2026-06-01, overall 2.5 communication, "
        f"coverage 100%; shares its scores; changes since 2025-06-01 ({ids['ashby-then']})."
    ) in out
    ashby = out.index("Ashby (North)")
    assert ["Data", "sharing", "3.0", "coordination", "6/6", "+1.0"] in words(out[ashby:])[:6]
    assert ["Workforce", "2.0", "communication", "6/6", "-1.0"] in words(out[ashby:])[:6]
    # a partnership that does not share is listed too: this view is the programme lead's own
    assert (
        f"Cole (South): assessment {ids['cole']} of 2026-06-01, overall 3.0 coordination, "
        "coverage 100%; does not share its scores; changes none: its first complete assessment."
    ) in out
    cole = out.index("Cole (South)")
    assert ["Data", "sharing", "1.0", "isolation", "5/5", "-"] in words(out[cole:])[:6]
    # data sharing 3, 4 and 1: median 3, quartiles 2 and 3.5; workforce 2, 3 and 5
    assert ["Data", "sharing", "3", "3.0", "2.0-3.5"] in lines
    assert ["Workforce", "3", "3.0", "2.5-4.0"] in lines
    assert "No complete assessment yet: Dale." in out


def test_the_programme_view_of_one_area_and_an_area_no_one_has(programme_db, capsys) -> None:
    db, _ = programme_db
    code, out, _ = run(capsys, "programme", "--area", " north ", "--db", str(db))
    assert code == 0
    assert out.startswith("Programme view in North: 2 partnerships with a complete assessment")
    assert "Ashby (North)" in out and "Brook (North)" in out and "Cole" not in out
    assert ["Data", "sharing", "2", "3.5", "3.3-3.8"] in words(out)  # Ashby 3, Brook 4
    assert "No complete assessment yet: Dale." in out
    code, out, err = run(capsys, "programme", "--area", "Nowhere", "--db", str(db))
    assert code == 1 and out == ""
    assert err == (
        "assessor: no partnership has the area 'Nowhere'; the areas here are: North, South\n"
    )


HOSTILE = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://x")'


def test_programme_files_escape_names_and_keep_spreadsheets_safe(tmp_path: Path, capsys) -> None:
    db = tmp_path / "hostile.db"
    assessed(db, BANKS, HOSTILE, EARLY, {"data_sharing": 4})
    assessed(db, BANKS, HOSTILE, LATE, {"data_sharing": 3})
    assessed(db, BANKS, FORMULA, LATE, {"data_sharing": 2}, area="-1+2")
    for suffix in ("html", "md", "csv", "json"):
        code, _, err = run(
            capsys, "programme", "--db", str(db), "-o", str(tmp_path / f"p.{suffix}")
        )
        assert code == 0 and err == f"Wrote {tmp_path / f'p.{suffix}'}\n"
    html = (tmp_path / "p.html").read_text("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert '<td class="num down">-1.0</td>' in html
    markdown = (tmp_path / "p.md").read_text("utf-8")
    assert "<script>" not in markdown and r"\<script\>" in markdown
    rows = list(csv.reader(io.StringIO((tmp_path / "p.csv").read_text("utf-8").lstrip("\ufeff"))))
    assert rows[0][:3] == ["partnership", "area", "shares_scores"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {HOSTILE, "'" + FORMULA}  # a formula is text, not run
    assert by_name["'" + FORMULA][1] == "'-1+2"
    assert by_name[HOSTILE][7:9] == ["3.0", "coordination"]
    assert by_name[HOSTILE][13] == "-1.0"  # a change is a number, not text
    data = json.loads((tmp_path / "p.json").read_text("utf-8"))
    jsonschema.validate(data, json.loads((templates_dir() / "programme.schema.json").read_text()))
    assert [p["partnership"] for p in data["partnerships"]] == [HOSTILE, FORMULA]
    assert data["partnerships"][0]["domains"][0]["change"] == -1.0


def test_the_committed_programme_schema_matches_the_model() -> None:
    committed = json.loads((templates_dir() / "programme.schema.json").read_text("utf-8"))
    assert committed == programme_json_schema(), (
        "reports/programme.schema.json is stale: regenerate it from "
        "assessor.report.programme.programme_json_schema"
    )
    for model, definition in [("root", committed), *committed["$defs"].items()]:
        for name, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{model}.{name} has no description"


def test_the_programme_screen_from_the_start_screen_and_its_export(programme_db, tmp_path) -> None:
    from textual.widgets import Input

    from assessor.tui.app import AssessorApp
    from assessor.tui.screens.dialogs import ExportDialog
    from assessor.tui.screens.programme import ProgrammeScreen
    from assessor.tui.screens.start import StartScreen

    db, ids = programme_db
    target = tmp_path / "programme.csv"

    async def drive() -> None:
        app = AssessorApp(db, BANKS, blink=False)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            await pilot.press("ctrl+g")
            await settle(pilot, app)
            assert isinstance(app.screen, ProgrammeScreen)
            shown = str(app.screen.query_one("#programme").render())
            assert "Programme view: 3 partnerships with a complete assessment" in shown
            assert f"Ashby (North): assessment {ids['ashby']}" in shown
            assert ["Data", "sharing", "3", "3.0", "2.0-3.5"] in words(shown)
            await pilot.press("c")
            await settle(pilot, app)
            assert isinstance(app.screen, ExportDialog)
            app.screen.query_one("#path", Input).value = str(target)
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, ProgrammeScreen)
            assert f"Wrote {target}" in str(app.screen.query_one("#written").render())
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen)

    asyncio.run(drive())
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8").lstrip("\ufeff"))))
    assert [r[0] for r in rows[1:]] == ["Ashby", "Ashby", "Brook", "Brook", "Cole", "Cole"]


# -- peers in a partnership's own report ------------------------------------------------------

PEERS = {  # data sharing for all; workforce for only four of them
    "Alderbrook": {"data_sharing": 1, "workforce": 2},
    "Bramblewick": {"data_sharing": 2, "workforce": 3},
    "Cindermoor": {"data_sharing": 3, "workforce": 4},
    "Dunhollow": {"data_sharing": 3, "workforce": 5},
    "Eskerfold": {"data_sharing": 4},
    "Fernwhistle": {"data_sharing": 5},
}


@pytest.fixture
def peers_db(tmp_path: Path) -> tuple[Path, str, list[str]]:
    """Northshire (shares) with six others that share and one that does not (Quietby, whose
    integration-stage scores would move every figure): Northshire's latest assessment's id, and
    every name, lead and id of the others."""
    db = tmp_path / "peers.db"
    others: list[str] = []
    for name, stages in PEERS.items():
        others += [name, f"Lead of {name}"]
        others.append(assessed(db, BANKS, name, EARLY, stages, lead=f"Lead of {name}"))
    others.append(assessed(db, BANKS, "Quietby", EARLY, {"data_sharing": 5, "workforce": 5}))
    others.append("Quietby")
    assessed(db, BANKS, "Northshire", EARLY, {"data_sharing": 1, "workforce": 2})
    own = assessed(db, BANKS, "Northshire", LATE, {"data_sharing": 2, "workforce": 3})
    with Store(db) as store:
        for name in [*PEERS, "Northshire"]:
            store.set_sharing(name, True)
    return db, own, others


def _report(capsys, db: Path, assessment_id: str, fmt: str) -> str:
    code, out, err = run(capsys, "report", assessment_id, "--db", str(db), "--format", fmt)
    assert code == 0, err
    return out


def test_a_report_shows_where_it_sits_among_the_partnerships_that_share(peers_db, capsys) -> None:
    db, own, _ = peers_db
    markdown = _report(capsys, db, own, "md")
    # data sharing: 1, 2, 3, 3, 4, 5 (not Quietby's 5): median 3, quartiles 2.25 and 3.75
    assert (
        "- Data sharing 2.0; peers' median 3.0, middle half 2.3-3.8, 6 partnerships.\n" in markdown
    )
    assert (
        "- Workforce 3.0; peers not shown: fewer than five other partnerships that share their "
        "scores have one in this domain: too few to show without pointing at one of them.\n"
    ) in markdown
    html = _report(capsys, db, own, "html")
    assert '<td class="num">3.0</td><td class="num">2.3-3.8</td><td class="num">6</td>' in html
    data = json.loads(_report(capsys, db, own, "json"))
    by_domain = {d["id"]: d for d in data["peers"]["domains"]}
    assert by_domain["data_sharing"] | {"hidden": ""} == {
        "id": "data_sharing",
        "title": "Data sharing",
        "score": 2.0,
        "peers": 6,
        "median": 3.0,
        "lower_quartile": 2.3,
        "upper_quartile": 3.8,
        "hidden": "",
    }
    assert by_domain["workforce"]["median"] is None and by_domain["workforce"]["peers"] == 0


def test_no_other_partnership_is_named_in_a_report_with_peer_figures(peers_db, capsys) -> None:
    db, own, others = peers_db
    for fmt in ("md", "html", "json", "csv", "board", "board-md"):
        text = _report(capsys, db, own, fmt)
        assert fmt == "csv" or "Northshire" in text
        for other in others:
            assert other not in text, f"{other} is named in the {fmt} report"


def test_a_partnership_that_does_not_share_is_told_why_it_sees_no_peers(peers_db, capsys) -> None:
    db, own, _ = peers_db
    with Store(db) as store:
        store.set_sharing("Northshire", False)
    markdown = _report(capsys, db, own, "md")
    assert (
        "Northshire has not agreed to share its scores with the programme, so it is not shown "
        "beside the partnerships that have (to agree: assessor partnership Northshire --share on)."
    ) in markdown
    assert "peers' median" not in markdown
    assert json.loads(_report(capsys, db, own, "json"))["peers"]["domains"] == []


def test_fewer_than_five_that_share_hide_every_figure(peers_db, capsys) -> None:
    db, own, _ = peers_db
    with Store(db) as store:
        for name in ("Eskerfold", "Fernwhistle"):
            store.set_sharing(name, False)
    markdown = _report(capsys, db, own, "md")
    assert "peers' median" not in markdown
    assert markdown.count("peers not shown: fewer than five other partnerships") == 2


def test_a_database_where_no_one_shares_has_no_peer_section(peers_db, capsys) -> None:
    db, own, _ = peers_db
    with Store(db) as store:
        for name in [*PEERS, "Northshire"]:
            store.set_sharing(name, False)
    assert "Among its peers" not in _report(capsys, db, own, "md")
    assert json.loads(_report(capsys, db, own, "json"))["peers"] is None


def test_the_programme_screen_shows_names_literally(tmp_path: Path) -> None:
    from assessor.tui.app import AssessorApp
    from assessor.tui.screens.programme import ProgrammeScreen

    db = tmp_path / "markup.db"
    name = "[b]Bold[/b] \x1b[31mRed"
    assessed(db, BANKS, name, LATE, {"data_sharing": 3})

    async def drive() -> None:
        app = AssessorApp(db, BANKS, blink=False)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            await pilot.press("ctrl+g")
            await settle(pilot, app)
            assert isinstance(app.screen, ProgrammeScreen)
            shown = app.screen.query_one("#programme").render()
            text = str(shown)
            assert "[b]Bold[/b]" in text  # markup is text, not bold
            assert "\x1b" not in text  # an escape is shown, not obeyed

    asyncio.run(drive())
