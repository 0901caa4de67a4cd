"""PostgreSQL as the store: what only a server has (an address with a password, a database of
another program, a driver that may be missing), on the tests' own throwaway server.

The store's behaviour itself is tested on both engines (the `new_db` fixture): see
test_store.py and test_store_failures.py.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import read_beside

from assessor.answers import AnswerValue
from assessor.cli import main
from assessor.continuum import Stage
from assessor.store import BankUse, Store, StoreError
from assessor.store.location import ServerAddress, resolve
from assessor.store.migrations import APPLICATION_ID, MIGRATIONS

GOVERNANCE = [BankUse(bank_id="governance", version="1.0")]
COMMANDS = [
    [],
    ["chat"],
    ["app"],
    ["serve"],
    ["resume"],
    ["history"],
    ["show"],
    ["export"],
    ["import"],
    ["delete"],
    ["partnership"],
    ["report"],
    ["plan"],
    ["targets"],
    ["compare"],
]


def _without_driver(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a Python where psycopg cannot be imported (as where it is not
    installed: the import system refuses a module set to None in sys.modules)."""
    code = (
        "import sys; sys.modules['psycopg'] = None; "
        "from assessor.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120
    )


def test_an_address_without_the_driver_says_how_to_install_it() -> None:
    done = _without_driver("history", "--db", "postgresql://sam:hunter2@db.example/programme")
    assert done.returncode == 1
    assert done.stderr == (
        "assessor: a PostgreSQL database needs the PostgreSQL driver, which is not installed: "
        "pip install 'assessor[postgres]'\n"
    )
    assert "hunter2" not in done.stdout + done.stderr


def test_an_address_is_shown_without_its_password() -> None:
    address = resolve("postgresql://sam:hunter2@db.example:5433/programme?password=hunter3")
    assert isinstance(address, ServerAddress)
    shown = f"{address} {address!r} {[address]}"
    assert "hunter2" not in shown and "hunter3" not in shown
    assert str(address) == "postgresql://sam@db.example:5433/programme?password=***"
    assert address.name == "programme"


@pytest.mark.postgresql
def test_the_password_is_never_printed(postgres_server, tmp_path: Path, capsys, monkeypatch):
    """Not by --help, the commands' output, reports, exports, nor any error message."""
    database = postgres_server.new_database("secrets")
    password = postgres_server.password
    assert password in database
    with Store(resolve(database)) as store:
        a = store.create_assessment("Northshire", GOVERNANCE, lead="Sam", area="North")
        store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COLLABORATION))
        store.set_status(a.id, complete=True)

    said: list[str] = []
    monkeypatch.setenv("ASSESSOR_DB", database)
    for command in COMMANDS:
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        said.append(capsys.readouterr().out)
    for argv in (
        ["history"],
        ["history", "--json"],
        ["show", a.id],
        ["report", a.id, "--format", "md"],
        ["report", a.id, "--format", "html"],
        ["report", a.id, "--format", "json"],
        ["plan", a.id],
        ["export", a.id],
        ["show", "nosuchid"],  # "there is no assessment ... in <the database>"
        ["report", "northshire"],  # a partnership's name, in another case: its assessments
        ["partnership", "Nowhere"],
        ["--db", database, "history", "--db", database.replace("secrets", "other")],
    ):
        main(argv)
        out, err = capsys.readouterr()
        said.append(out + err)
    assert "there is no assessment 'nosuchid' in postgresql://assessor_test@/secrets" in "".join(
        said
    )
    assert "'northshire' is a partnership, not an assessment id; give the id of one of its " in (
        "".join(said)
    )
    assert a.id in said[-3]
    wrong = database.replace(quote(password, safe=""), "not-the-password")
    for address in (
        wrong,  # refused by the server
        database.replace("secrets", "nosuchdatabase"),
        database.replace(str(postgres_server.socket_folder), str(tmp_path)),  # no server there
    ):
        assert main(["history", "--db", address]) == 1
        out, err = capsys.readouterr()
        assert err.startswith("assessor: the database postgresql://assessor_test@/") and (
            err.count("\n") == 1 and "Traceback" not in err
        ), err
        said.append(out + err)
    # an address too malformed to parse, which the driver quotes whole in its error
    assert main(["history", "--db", f"postgresql://assessor_test:{password}@[broken/x"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("assessor: the database postgresql://assessor_test@[broken/x ")
    said.append(out + err)
    everything = "\n".join(said)
    assert len(everything) > 10_000  # the reports really were written
    assert password not in everything and quote(password, safe="") not in everything
    assert "not-the-password" not in everything


@pytest.mark.postgresql
def test_a_database_of_another_program_is_refused_untouched(postgres_server) -> None:
    import psycopg

    database = postgres_server.new_database("theirs")
    with psycopg.connect(database, autocommit=True) as theirs:
        theirs.execute("CREATE TABLE invoices (id integer)")
    with pytest.raises(StoreError, match="holds tables of another program, not assessor's"):
        Store(resolve(database))
    with psycopg.connect(database, autocommit=True) as theirs:
        tables = theirs.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert tables == [("invoices",)]


@pytest.mark.postgresql
def test_a_database_of_a_newer_assessor_is_refused(postgres_server) -> None:
    import psycopg

    database = postgres_server.new_database("newer")
    Store(resolve(database)).close()
    with psycopg.connect(database, autocommit=True) as newer:
        newer.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="written by a newer assessor \\(schema 999"):
        Store(resolve(database))


@pytest.mark.postgresql
def test_the_server_has_the_same_tables_columns_and_indexes_as_a_file(
    postgres_server, tmp_path: Path
) -> None:
    import psycopg

    database = postgres_server.new_database("schema")
    Store(resolve(database)).close()
    Store(tmp_path / "schema.db").close()
    file = sqlite3.connect(tmp_path / "schema.db")
    tables = [r[0] for r in file.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    in_file = {
        (table, column[1], column[3], column[5] > 0)  # name, not null, in the primary key
        for table in tables
        for column in file.execute(f"PRAGMA table_info({table})")
    }
    indexes_in_file = {
        r[0] for r in file.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    with psycopg.connect(database) as server:
        on_server = {
            (table, column, nullable == "NO", bool(key))
            for table, column, nullable, key in server.execute(
                "SELECT c.table_name, c.column_name, c.is_nullable, k.column_name "
                "FROM information_schema.columns c "
                "LEFT JOIN information_schema.key_column_usage k ON k.table_name = c.table_name "
                "AND k.column_name = c.column_name AND k.constraint_name IN (SELECT "
                "constraint_name FROM information_schema.table_constraints "
                "WHERE constraint_type = 'PRIMARY KEY') WHERE c.table_schema = 'public'"
            )
        }
        indexes_on_server = {
            r[0]
            for r in server.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        }
    # SQLite lets a primary key column hold NULL (a quirk it keeps for old files; assessor never
    # writes one); PostgreSQL makes every primary key column NOT NULL
    in_file = {(t, c, n or k, k) for t, c, n, k in in_file}
    assert on_server == in_file
    named = {i for i in indexes_in_file if not i.startswith("sqlite_autoindex")}
    assert named <= indexes_on_server
    assert len(MIGRATIONS) >= 7


@pytest.mark.postgresql
def test_partnership_names_are_one_in_any_case_on_the_server(postgres_server) -> None:
    with Store(resolve(postgres_server.new_database("names"))) as store:
        first = store.partnership("Northshire", "North")
        again = store.partnership("  NORTHSHIRE ", "South")
        assert again == first  # same row, name and area kept
        assert store.find_partnership("northshire") == first
        store.partnership("eastshire")
        assert [p.name for p in store.partnerships()] == ["eastshire", "Northshire"]


@pytest.mark.postgresql
def test_an_older_server_database_is_brought_up_to_date_with_its_data(postgres_server) -> None:
    """A database at schema 1 (as the first assessor made it) is migrated on open, in one
    transaction, keeping its answers."""
    from assessor.store import postgres

    database = postgres_server.new_database("older")
    old = postgres.PostgresConnection(
        __import__("psycopg").connect(database, autocommit=True, row_factory=postgres._row_factory)
    )
    old.execute(postgres._COLLATION)
    for statement in MIGRATIONS[1].split(";"):
        if statement.strip():
            old.execute(postgres.schema_statement(statement))
    old.execute(
        "INSERT INTO meta VALUES ('schema_version', '1'), ('application_id', ?)",
        (str(APPLICATION_ID),),
    )
    old.execute("INSERT INTO partnerships(name, created_at) VALUES ('Northshire', '2026-01-01')")
    old.execute(
        "INSERT INTO assessments(id, partnership_id, mode, status, started_at) "
        "VALUES ('old1', 1, 'individual', 'in-progress', '2026-01-01T09:00:00+00:00')"
    )
    old.execute(
        "INSERT INTO answers(assessment_id, question_id, value, words, answered_at) "
        "VALUES ('old1', 'governance.board', 3, 'three', '2026-01-01T09:01:00+00:00')"
    )
    old.close()
    with Store(resolve(database)) as store:
        (answer,) = store.answers("old1")
        assert (answer.value, answer.words, answer.revision, answer.in_bank) == (
            3,
            "three",
            1,
            True,
        )
        assert store.partnership("NORTHSHIRE").name == "Northshire"
        again = store.record_answer(
            "old1", "governance.board", AnswerValue.of(Stage.INTEGRATION), seen=1
        )
        assert (again.value, again.revision) == (5, 2)
        assert [h.value for h in store.history("old1")] == [3]
        version = read_beside(store.path, "SELECT value FROM meta WHERE key = 'schema_version'")
        assert version[0][0] == str(max(MIGRATIONS))


@pytest.mark.postgresql
def test_a_role_that_owns_the_database_makes_the_tables_and_one_that_may_only_read_reads(
    postgres_server, capsys
) -> None:
    """As a programme would set it up: the database owned by assessor's role (not a superuser);
    a second role granted SELECT lists and reports, and is refused any write in one sentence."""
    import psycopg

    with psycopg.connect(postgres_server.address(), autocommit=True) as admin:
        admin.execute("CREATE ROLE facilitator LOGIN PASSWORD 'facilitator-secret'")
        admin.execute("CREATE DATABASE programme OWNER facilitator")
        admin.execute("CREATE ROLE reader LOGIN PASSWORD 'reader-secret'")
    socket = postgres_server.socket_folder
    owner = f"postgresql://facilitator:facilitator-secret@/programme?host={socket}"
    with Store(resolve(owner)) as store:
        a = store.create_assessment("Northshire", GOVERNANCE)
        store.record_answer(a.id, "governance.board", AnswerValue.of(Stage.COORDINATION))
    with psycopg.connect(postgres_server.address("programme"), autocommit=True) as admin:
        admin.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    reader = f"postgresql://reader:reader-secret@/programme?host={socket}"
    assert main(["history", "--db", reader]) == 0
    out, err = capsys.readouterr()
    assert a.id in out and err == ""  # the summaries it cannot keep are left, silently
    assert main(["partnership", "Northshire", "--area", "North", "--db", reader]) == 1
    assert capsys.readouterr().err == (
        f"assessor: the database postgresql://reader@/programme?host={socket} is read-only for "
        "this user: it can be read, but nothing can be saved to it (permission denied for table "
        "partnerships)\n"
    )


@pytest.mark.postgresql
def test_serve_hands_the_address_to_its_apps_without_a_password_on_any_command_line(
    postgres_server, tmp_path: Path
) -> None:
    """`assessor serve` on a server's database: each browser tab's app opens that database
    (it lists what is in it), and no process's command line, nor what serve prints, holds the
    password."""
    import asyncio
    import re
    import signal

    from test_serve import WAIT, Served, screen_until, signed_in

    database = postgres_server.new_database("room")
    with Store(resolve(database)) as store:
        store.create_assessment("Lakeshire", GOVERNANCE)
    password = postgres_server.password
    process = subprocess.Popen(
        [sys.executable, "-m", "assessor", "serve", "--port", "0"],
        env={**os.environ, "ASSESSOR_DB": database},  # as a programme would give it
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None

    def command_lines() -> str:
        found = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                found.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                continue  # a process that ended meanwhile
        return "\n".join(found)

    async def run(served: Served) -> str:
        async with await signed_in(served) as browser:
            ws = await browser.ws_connect(
                f"{served.origin}/ws?width=100&height=32", origin=served.origin
            )
            await screen_until(ws, "Lakeshire")  # the app reads the server's database
            running = command_lines()
            await ws.close()
        return running

    try:
        first = process.stdout.readline()
        found = re.search(r"open (http://\S+?)/\?key=(\S+)", first)
        assert found is not None, first
        running = asyncio.run(run(Served(found[1], found[2], [first])))
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 0, err
    assert "-m assessor app" in running  # the tab's app was running
    assert password not in running + first + out + err
