from __future__ import annotations

import itertools
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from room_web import Device

    from assessor.banks.bank_set import BankSet
    from assessor.continuum import Stage
    from assessor.conversation import Conversation
    from assessor.room.room import Room
    from assessor.store import Store
    from assessor.tui.screens.chat import ChatScreen
    from assessor.web.room_server import RunningRoom

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Some test modules load the banks on import, before any fixture runs: from the start, the
    banks' cache is a temporary folder, never the user's own (one per process: under
    `pytest -n N`, one per worker).

    No test reads the terminal's size from its environment: a pytest-xdist worker starts with
    COLUMNS=80 and LINES=24 where a serial run has neither (and a developer's shell may export
    them), and the command line sizes its output by COLUMNS when it is set (the action plan
    wraps at 80 columns instead of 120). A test that wants a width sets COLUMNS itself."""
    for size in ("COLUMNS", "LINES"):
        os.environ.pop(size, None)
    folder = tempfile.mkdtemp(prefix="assessor-test-cache-")
    os.environ["ASSESSOR_CACHE_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test marked with what it drives (the app, a process, a browser, PostgreSQL), or
    `core`: `pytest -m core` runs the core tests alone (tests/kinds.py)."""
    from kinds import mark_kinds

    mark_kinds(items)


@pytest.fixture(autouse=True)
def _core_starts_no_process(request: pytest.FixtureRequest, monkeypatch) -> None:
    """A test marked core that starts a process fails, so the marks stay true."""
    if request.node.get_closest_marker("core"):
        from kinds import refuse_processes

        refuse_processes(monkeypatch)


@pytest.fixture(scope="session")
def _homes(tmp_path_factory) -> Path:
    """One folder for every test's private data folder (see `_private_data_folder`)."""
    return tmp_path_factory.mktemp("homes")


_HOMES = itertools.count()


@pytest.fixture(scope="session")
def _installed_banks_cached(tmp_path_factory) -> Path | None:
    """The banks' cache file of the installed banks, loaded, checked and written once for the
    session, as the first start of assessor writes it; None where they do not load (then each
    test loads them itself, and says why where it fails)."""
    from assessor.banks import BankLoadError, load_builtin
    from assessor.banks.cache import ENV_VARIABLE, PREFIX

    folder = tmp_path_factory.mktemp("installed-banks-cache") / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VARIABLE, str(folder))
        try:
            load_builtin()
        except BankLoadError:
            return None
    return next(folder.glob(f"{PREFIX}*"), None)


@pytest.fixture(autouse=True)
def _private_data_folder(_homes: Path, _installed_banks_cached: Path | None, monkeypatch) -> None:
    """No test touches the user's own data or cache folder: the default database and the banks'
    cache are in a temporary folder.

    Each test's cache folder starts as a user's does after assessor's first start: holding the
    installed banks, validated once for the session (loading and checking them afresh takes
    about 0.1 s, which most tests would pay again). The cache's own tests (test_bank_cache.py)
    start from a folder of their own, empty. The copy keeps the file owner-only, as written."""
    home = _homes / f"home{next(_HOMES)}"
    home.mkdir()
    monkeypatch.setenv("ASSESSOR_DB", str(home / "default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("ASSESSOR_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    if _installed_banks_cached is not None:
        (home / "cache").mkdir(mode=0o700)
        shutil.copy(_installed_banks_cached, home / "cache" / _installed_banks_cached.name)


@pytest.fixture
def small_bank_text() -> str:
    return (DATA / "small_bank.yaml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the n-th occurrence of `fragment`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{fragment!r} not found")


def column_of(text: str, fragment: str, occurrence: int = 1) -> int:
    line = text.splitlines()[line_of(text, fragment, occurrence) - 1]
    return line.index(fragment) + 1


def other_bank_text(small: str, bank_id: str = "other") -> str:
    """The small bank under another id, with every descriptor reworded so the set is valid."""
    text = small.replace("id: sample\n", f"id: {bank_id}\n").replace("sample.", f"{bank_id}.")
    text = text.replace("retired_ids: [sample.old_question]\n", "")
    stages = "isolation|communication|coordination|collaboration|integration"
    return re.sub(rf"^(      (?:{stages}): )(?!\[)", rf"\1({bank_id}) ", text, flags=re.M)


@pytest.fixture
def two_banks(tmp_path: Path, small_bank_text: str):
    """A set of two banks: 'sample' (board w2, budget w1 asked if board >= coordination) and
    'other' (the same shape)."""
    from assessor.banks import load_bank_set

    first = tmp_path / "1_sample.yaml"
    first.write_text(small_bank_text, encoding="utf-8")
    second = tmp_path / "2_other.yaml"
    second.write_text(other_bank_text(small_bank_text), encoding="utf-8")
    return load_bank_set([first, second])


@contextmanager
def small_disk(tmp_path: Path, size: str = "2m") -> Iterator[Path]:
    """A folder on a disk of its own (a tmpfs of `size`) that can be filled for real; the test
    is skipped where no disk can be mounted (it needs root)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no small disk can be mounted here (it needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True, capture_output=True)


def fill_disk(folder: Path) -> Path:
    """Fill the disk that holds `folder` to the last byte; the file that fills it."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 512, 1):
            while True:
                try:
                    os.write(handle, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(handle)
    return filler


def clock_at(when: datetime) -> Callable[[], datetime]:
    """A store's clock that always says `when`."""
    return lambda: when


async def settle(pilot, app) -> None:
    """Let an app's store thread and screen catch up: no worker running, twice in a row."""
    quiet = 0
    while quiet < 2:
        await app.workers.wait_for_complete()
        await pilot.pause()
        quiet = quiet + 1 if not any(w.is_running for w in app.workers) else 0


# -- both engines: SQLite files and a PostgreSQL server ---------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    """A throwaway PostgreSQL server for the whole session (`postgres_server.py`); under
    `pytest -n N`, one per worker, each in its own folder on its own socket. Where its
    programs or the driver are missing, each PostgreSQL test fails saying what to install: a
    store test never passes on one engine by leaving out the other."""
    import postgres_server as server

    problem = None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        problem = "the PostgreSQL tests need the psycopg driver: pip install '.[test,postgres]'"
    try:
        running = None if problem else server.start(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    except RuntimeError as error:
        problem = str(error)
    except subprocess.CalledProcessError as error:
        problem = (
            f"the test PostgreSQL server did not start: {error.stderr.decode(errors='replace')}"
        )
    if problem or running is None:
        pytest.fail(problem or "the test PostgreSQL server did not start", pytrace=False)
    yield running
    server.stop(running)


_DATABASES = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def new_db(request, tmp_path: Path) -> Callable[[str], Any]:
    """Makes a new, empty database on the engine under test: `new_db("a")` is a file a.db in
    the test's folder, or the address of a new database on the session's PostgreSQL server."""
    if request.param == "sqlite":
        return lambda name: tmp_path / f"{name}.db"
    from assessor.store.location import ServerAddress

    server = request.getfixturevalue("postgres_server")
    return lambda name: ServerAddress(server.new_database(f"{name}_{next(_DATABASES)}"))


def cli_db(location: Any) -> str:
    """What to give `--db` (or a helper process) for a database: its path, or its full address
    (the password included: the tests' own server)."""
    from assessor.store.location import ServerAddress

    return location.secret if isinstance(location, ServerAddress) else str(location)


def on_server(location: Any) -> bool:
    from assessor.store.location import ServerAddress

    return isinstance(location, ServerAddress)


def found_in(pattern: str, text: str) -> str:
    """The first group of `pattern` in `text`; a test fails, showing `text`, where it is absent."""
    import re

    match = re.search(pattern, text)
    assert match is not None, text
    return match.group(1)


def read_beside(location: Any, sql: str, parameters: tuple = ()) -> list[tuple[Any, ...]]:
    """The rows of one statement run on a connection of its own to the database at `location`,
    as a second process would open it (the sqlite3 module on the file; on a server, the driver
    through assessor's translation of SQLite's SQL); the connection is closed after it. A test
    reads and changes the database this way, never through the store's own connection."""
    if on_server(location):
        from assessor.store import postgres

        connection: Any = postgres.connect(location)
    else:
        connection = sqlite3.connect(location, isolation_level=None, timeout=30)
    try:
        cursor = connection.execute(sql, parameters)
        reads = sql.split(None, 1)[0].upper() in ("SELECT", "PRAGMA", "EXPLAIN")
        return [tuple(row) for row in cursor.fetchall()] if reads else []
    finally:
        connection.close()


# -- the app with a workshop's room open (the room's panel and buttons tests) ------------------


async def start_workshop(pilot, app, partnership: str = "Riverside") -> None:
    """A workshop begun on the app's start screen as a facilitator begins one: the partnership
    typed, Workshop ticked, Start pressed."""
    await settle(pilot, app)
    await pilot.click("#partnership")
    await pilot.press(*partnership)
    await pilot.click("#workshop")
    await pilot.click("#begin")
    await settle(pilot, app)


async def open_room(pilot, app) -> tuple[ChatScreen, Room, RunningRoom]:
    """A workshop begun on the start screen, then its room opened with the chat's button: the
    chat screen, the room and its running server."""
    from assessor.room.room import Room
    from assessor.tui.screens.chat import ChatScreen

    await start_workshop(pilot, app)
    screen = app.screen
    assert isinstance(screen, ChatScreen)
    assert screen.query_one("#open-room").display  # offered while taking the roster
    await pilot.click("#open-room")
    await settle(pilot, app)
    room, running = screen.room, screen.room_server
    assert isinstance(room, Room) and running is not None
    return screen, room, running


async def join_on_devices(running: RunningRoom, people: list[tuple[str, str, str]]) -> list[Device]:
    """One device each for `people` (name, organisation, sector), joined over real HTTP."""
    from room_web import Device

    devices = [Device(running) for _ in people]
    for device, (name, organisation, sector) in zip(devices, people, strict=True):
        assert (await device.join(name, organisation, sector))[0] in (200, 303)
    return devices


def voices_on(store: Store, assessment_id: str, question_id: str) -> dict[str, Stage | None]:
    """Each person's own rating of a question, by name (removed people's included)."""
    names = {p.id: p.name for p in store.participants(assessment_id, include_removed=True)}
    return {
        names[a.participant_id]: a.stage
        for a in store.answers(assessment_id, voices=True)
        if a.participant_id is not None and a.question_id == question_id
    }


def chat_at_first_question(store: Store, bank_set: BankSet) -> Conversation:
    """A self-assessment of Northshire over `bank_set`, its conversation started: at the first
    question."""
    from assessor.conversation import Conversation
    from assessor.store import BankUse

    assessment = store.create_assessment(
        "Northshire", [BankUse(bank_id=b.id, version=b.version) for b in bank_set.banks]
    )
    chat = Conversation(store, assessment.id, bank_set)
    chat.start()
    return chat
