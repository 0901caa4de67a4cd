"""The store under failures that are not damage: a checkpoint cut off by a kill or a full disk,
another program holding the write lock, a read-only file or folder, a full disk; two processes
on one assessment; a workshop line that cannot be saved whole.

Read-only files and folders are made so for real: with chmod for an ordinary user, and, since
chmod does not stop root from writing, with a read-only mount when the tests run as root.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import cli_db, fill_disk, read_beside, settle, small_disk

from assessor.answers import AnswerValue
from assessor.banks import load_builtin
from assessor.cli import main
from assessor.continuum import Stage
from assessor.conversation import BotMessage, Conversation
from assessor.sessions import begin
from assessor.store import Store
from assessor.store.errors import Busy
from assessor.store.location import Location, ServerAddress
from assessor.store.records import Answer

BANKS = load_builtin()
GOVERNANCE = BANKS.select(["governance"])
HELPERS = Path(__file__).parent / "helpers"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@contextmanager
def read_only_folder(tmp_path: Path, files: list[Path]) -> Iterator[Path]:
    """A folder holding copies of `files` that this user cannot write to, for real."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if not ROOT:
        for file in files:
            shutil.copy2(file, folder / file.name)
            (folder / file.name).chmod(0o444)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    try:
        _run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder))
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("running as root, where chmod does not stop writes, and no mount is allowed")
    try:
        for file in files:
            shutil.copy2(file, folder / file.name)
        _run("mount", "-o", "remount,ro", str(folder))
        yield folder
    finally:
        _run("umount", str(folder))


@contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """`path` made read-only for this user, for real, its folder left writable."""
    if not ROOT:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    try:
        _run("mount", "--bind", str(path), str(path))
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("running as root, where chmod does not stop writes, and no mount is allowed")
    try:
        _run("mount", "-o", "remount,ro,bind", str(path))
        yield
    finally:
        _run("umount", str(path))


# -- a checkpoint cut off half-way (point 2) ------------------------------------------------


def _cut_in_checkpoint(tmp_path: Path) -> tuple[Path, str, set[str]]:
    """A database whose last checkpoint was cut off half-way by a file-size limit, its process
    then killed: the main file alone is inconsistent, the log beside it holds every answer."""
    db = tmp_path / "cut.db"
    with Store(db) as store:
        assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
        for number in range(50):
            store.record_answer(
                assessment.id,
                f"early.q{number}",
                AnswerValue.of(Stage.COORDINATION),
                note="n" * 2000,
            )
        read_beside(store.path, "PRAGMA wal_checkpoint(TRUNCATE)")
    child = subprocess.run(
        [sys.executable, str(HELPERS / "cut_checkpoint.py"), str(db), assessment.id, "350"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert child.stdout.startswith("checkpoint failed"), child.stdout
    expected = {f"early.q{n}" for n in range(50)} | {f"late.q{n}" for n in range(350)}
    return db, assessment.id, expected


def _alone_is_damaged(db: Path) -> bool:
    """Whether the main file, read on its own (as `immutable=1` does), looks damaged."""
    peek = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return peek.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        return True
    finally:
        peek.close()


def _exported_questions(db: Path, assessment_id: str, capsys) -> set[str]:
    assert main(["export", assessment_id, "--db", str(db)]) == 0, capsys.readouterr().err
    exported = json.loads(capsys.readouterr().out)
    return {answer["question_id"] for answer in exported["answers"]}


def _listed(db: Path, capsys) -> list[str]:
    code = main(["history", "--json", "--db", str(db)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return [entry["id"] for entry in json.loads(out)]


def test_a_checkpoint_cut_off_by_a_kill_is_read_with_its_log(tmp_path: Path, capsys) -> None:
    db, assessment_id, expected = _cut_in_checkpoint(tmp_path)
    assert _alone_is_damaged(db), "the main file alone should be half-way through a checkpoint"
    assert _listed(db, capsys) == [assessment_id]
    assert _exported_questions(db, assessment_id, capsys) == expected
    with Store(db) as store:
        assert read_beside(store.path, "PRAGMA integrity_check")[0][0] == "ok"


@pytest.mark.parametrize("index", [True, False], ids=["with-shm", "without-shm"])
def test_a_cut_checkpoint_in_a_read_only_folder_is_read_untouched(
    tmp_path: Path, capsys, index: bool
) -> None:
    """Copied as it was left (with its -shm index, or without it, as a copy may be), into a
    folder that cannot be written: read whole, and nothing there changes or appears."""
    db, assessment_id, expected = _cut_in_checkpoint(tmp_path)
    files = [db, Path(f"{db}-wal")] + ([Path(f"{db}-shm")] if index else [])
    with read_only_folder(tmp_path, files) as folder:
        copy = folder / db.name
        before = {p.name: digest(p) for p in folder.iterdir()}
        assert _alone_is_damaged(copy)
        assert _listed(copy, capsys) == [assessment_id]
        assert _exported_questions(copy, assessment_id, capsys) == expected
        for command in (["show", assessment_id], ["report", assessment_id]):
            assert main([*command, "--db", str(copy)]) == 0, capsys.readouterr().err
            assert "Governance" in capsys.readouterr().out
        assert {p.name: digest(p) for p in folder.iterdir()} == before


def _pages_in_log(wal: Path) -> set[int]:
    data = wal.read_bytes()
    page = int.from_bytes(data[8:12], "big")
    frames = data[32:]
    return {
        int.from_bytes(frames[at : at + 4], "big")
        for at in range(0, len(frames) - 24 - page + 1, 24 + page)
    }


def test_a_damaged_file_with_a_log_is_called_damaged_and_left_alone(tmp_path: Path, capsys) -> None:
    """Damage the log does not cover (a page of the early answers) is still damage."""
    db, assessment_id, _ = _cut_in_checkpoint(tmp_path)
    wal = Path(f"{db}-wal")
    logged = _pages_in_log(wal)
    page = next(n for n in range(3, db.stat().st_size // 4096) if n not in logged)
    data = bytearray(db.read_bytes())
    data[(page - 1) * 4096 : page * 4096] = b"\xff" * 4096
    db.write_bytes(bytes(data))
    before = (digest(db), digest(wal))
    for command in (["history"], ["export", assessment_id], ["resume", assessment_id, "--plain"]):
        assert main([*command, "--db", str(db)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"assessor: {db} is damaged and was left unchanged ("), err
        assert err.count("\n") == 1
        assert (digest(db), digest(wal)) == before


# -- busy, full, read-only (point 7) ---------------------------------------------------------


@contextmanager
def write_lock(db: Location) -> Iterator[None]:
    """Another program holding the database's write lock."""
    if isinstance(db, ServerAddress):
        import psycopg

        from assessor.store.postgres import WRITE_LOCK

        with psycopg.connect(db.secret, autocommit=True) as server_holder:
            server_holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
            yield
        return
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _answered(db: Location) -> str:
    """An assessment of governance with its first question answered."""
    with Store(db) as store:
        assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
        first = GOVERNANCE.questions[0].id
        store.record_answer(assessment.id, first, AnswerValue.of(Stage.COORDINATION), "3")
    return assessment.id


def _saved(db: Location, assessment_id: str) -> dict[str, int | None]:
    """The answers as stored: read from the file without opening it as a store."""
    if isinstance(db, ServerAddress):
        with Store(db) as store:
            return {a.question_id: a.value for a in store.answers(assessment_id, voices=True)}
    peek = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = peek.execute(
            "SELECT question_id, value FROM answers "
            "JOIN question_keys ON question_keys.id = answers.question_key "
            "WHERE assessment_id = ?",
            (assessment_id,),
        )
        return dict(rows.fetchall())
    finally:
        peek.close()


def test_a_busy_database_is_called_busy_and_reading_still_works(
    new_db, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr("assessor.store.database.BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr("assessor.store.postgres.BUSY_TIMEOUT_MS", 50)
    db = new_db("busy")
    assessment_id = _answered(db)
    with write_lock(db):
        assert main(["partnership", "Northshire", "--area", "North", "--db", cli_db(db)]) == 1
        assert capsys.readouterr().err == (
            f"assessor: the database {db} is busy: another program is writing to it; try again\n"
        )
        # reading needs no lock; the summaries' cache, which would, is left for next time
        assert main(["history", "--db", cli_db(db)]) == 0
        out, err = capsys.readouterr()
        assert assessment_id in out and err == ""
    assert main(["partnership", "Northshire", "--area", "North", "--db", cli_db(db)]) == 0


def test_a_store_that_found_the_database_busy_writes_once_it_is_free(new_db, monkeypatch) -> None:
    monkeypatch.setattr("assessor.store.database.BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr("assessor.store.postgres.BUSY_TIMEOUT_MS", 50)
    db = new_db("busy")
    assessment_id = _answered(db)
    first = GOVERNANCE.questions[0].id
    with Store(db) as store:
        with write_lock(db), pytest.raises(Busy):
            store.record_answer(assessment_id, first, AnswerValue.of(Stage.INTEGRATION), seen=1)
        assert _own_answer(store, assessment_id, first).value == 3  # nothing half-written
        again = store.record_answer(assessment_id, first, AnswerValue.of(Stage.INTEGRATION), seen=1)
        assert (again.value, again.revision) == (5, 2)


def test_read_only_commands_work_on_a_read_only_file(tmp_path: Path, capsys) -> None:
    db = tmp_path / "ro.db"
    assessment_id = _answered(db)
    with read_only_file(db):
        before = digest(db)
        for command in (["history"], ["show", assessment_id], ["report", assessment_id]):
            assert main([*command, "--db", str(db)]) == 0, capsys.readouterr().err
            assert "Northshire" in capsys.readouterr().out
        assert main(["chat", "--plain", "--partnership", "X", "--db", str(db)]) == 1
        assert capsys.readouterr().err == (
            f"assessor: {db} is read-only: it can be read, but nothing can be saved to it\n"
        )
        assert digest(db) == before


def test_read_only_commands_work_in_a_read_only_folder(tmp_path: Path, capsys) -> None:
    db = tmp_path / "ro.db"
    assessment_id = _answered(db)
    with read_only_folder(tmp_path, [db]) as folder:
        copy = folder / db.name
        for command in (["history"], ["show", assessment_id], ["report", assessment_id]):
            assert main([*command, "--db", str(copy)]) == 0, capsys.readouterr().err
            assert "Northshire" in capsys.readouterr().out
        assert main(["resume", assessment_id, "--plain", "--db", str(copy)]) == 1
        assert capsys.readouterr().err == (
            f"assessor: {copy} is read-only: it can be read, but nothing can be saved to it\n"
        )
        assert [p.name for p in folder.iterdir()] == [db.name]


# -- the app keeps running (point 7) ---------------------------------------------------------


def _app(db: Location, assessment_id: str | None = None):
    from assessor.tui.app import AssessorApp

    return AssessorApp(db, BANKS, resume_id=assessment_id, blink=False)


async def _say(pilot, app, text: str) -> list[str]:
    """Say `text` in the chat; the bot's replies to it."""
    from textual.widgets import Input

    from assessor.tui.widgets import BotBubble

    before = len(app.screen.query(BotBubble))
    answer = app.screen.query_one("#answer", Input)
    answer.value = text
    answer.focus()
    await pilot.press("enter")
    await settle(pilot, app)
    return [bubble.message.text for bubble in list(app.screen.query(BotBubble))[before:]]


def test_the_app_says_the_database_is_busy_and_carries_on(tmp_path: Path, monkeypatch) -> None:
    from assessor.tui.screens.chat import ChatScreen

    monkeypatch.setattr("assessor.store.database.BUSY_TIMEOUT_MS", 50)
    db = tmp_path / "busy.db"
    with Store(db) as store:
        assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
    first = GOVERNANCE.questions[0].id

    async def run() -> None:
        app = _app(db, assessment.id)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            with write_lock(db):
                replies = await _say(pilot, app, "3")
            assert replies == [
                f"The database {db} is busy: another program is writing to it; try again. What "
                "you just said was not saved: say it again once that is sorted."
            ]
            assert isinstance(app.screen, ChatScreen) and app.is_running
            assert _saved(db, assessment.id) == {}
            replies = await _say(pilot, app, "3")
            assert replies[0].startswith("That's coordination — noted.")
            assert _saved(db, assessment.id) == {first: 3}

    asyncio.run(run())


def test_the_app_says_the_disk_is_full_and_loses_nothing(tmp_path: Path) -> None:
    from assessor.tui.screens.chat import ChatScreen

    with small_disk(tmp_path) as folder:
        db = folder / "full.db"
        with Store(db) as store:
            assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
        first, second = (q.id for q in GOVERNANCE.questions[:2])

        async def run() -> None:
            app = _app(db, assessment.id)
            async with app.run_test(size=(100, 32)) as pilot:
                await settle(pilot, app)
                assert (await _say(pilot, app, "3"))[0].startswith("That's coordination")
                # the log emptied, so that the next write must take new room on the disk
                emptier = sqlite3.connect(db)
                assert emptier.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
                emptier.close()
                filler = fill_disk(folder)
                replies = await _say(pilot, app, "4")
                assert replies == [
                    f"No space left on the disk that holds {db}; nothing you answered was lost. "
                    "What you just said was not saved: say it again once that is sorted."
                ]
                assert isinstance(app.screen, ChatScreen) and app.is_running
                filler.unlink()
                assert (await _say(pilot, app, "4"))[0].startswith("That's collaboration")
            assert _saved(db, assessment.id) == {first: 3, second: 4}

        asyncio.run(run())


def test_the_app_on_a_read_only_file_lists_and_says_it_cannot_save(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from assessor.tui.screens.start import StartScreen

    db = tmp_path / "ro.db"
    assessment_id = _answered(db)

    async def run() -> None:
        app = _app(db)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            table = app.screen.query_one("#recent", DataTable)
            assert table.row_count == 1 and str(table.get_row_at(0)[1]) == "Northshire"
            table.focus()
            await pilot.press("enter")  # resume it: bringing it up to date needs a write
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen) and app.is_running
            said = [n.message for n in app._notifications]
            assert said == [f"{db} is read-only: it can be read, but nothing can be saved to it."]

    with read_only_file(db):
        asyncio.run(run())
    assert _saved(db, assessment_id) == {GOVERNANCE.questions[0].id: 3}


# -- two processes on one assessment (point 6) -----------------------------------------------


class TwoViews(NamedTuple):
    """One assessment open in two stores (two connections), as two processes have it."""

    assessment_id: str
    first: str  # the id of its first question
    one: Store
    two: Store


@pytest.fixture
def two_views(new_db) -> Iterator[TwoViews]:
    """A new one-voice assessment (lead Sam) on the engine under test, seen twice."""
    db = new_db("two")
    with Store(db) as setup:
        assessment = begin(setup, "Northshire", GOVERNANCE, lead="Sam")
    with Store(db) as one, Store(db) as two:
        yield TwoViews(assessment.id, GOVERNANCE.questions[0].id, one, two)


def _both_started(views: TwoViews) -> tuple[Conversation, Conversation]:
    """A conversation in each view, both started: both see the first question as it is now."""
    from assessor.conversation import conversation_for

    first = conversation_for(views.one, views.assessment_id, GOVERNANCE)
    second = conversation_for(views.two, views.assessment_id, GOVERNANCE)
    first.start()
    second.start()
    return first, second


def _own_answer(store: Store, assessment_id: str, question_id: str) -> Answer:
    """The assessment's own answer to the question, which must be on record."""
    answer = store.answer(assessment_id, question_id)
    assert answer is not None, question_id
    return answer


def _at(answer) -> str:
    return answer.answered_at.astimezone().strftime("%H:%M")


def test_a_write_from_a_stale_view_is_asked_about_not_applied(two_views: TwoViews) -> None:
    """Two conversations (two connections) on one assessment, in the order that used to lose an
    answer and put a note on the other's answer."""
    from assessor.analysis.scoring import profile
    from assessor.conversation import conversation_for

    assessment_id, first, one, _ = two_views
    ours, theirs = _both_started(two_views)  # both see the first question unanswered
    assert ours.reply("3")[0].text.startswith("That's coordination — noted.")

    (asked,) = theirs.reply("5")  # from a view in which it had no answer
    saved = _own_answer(one, assessment_id, first)
    assert asked.text == (
        f"This answer was changed elsewhere at {_at(saved)} by Sam ({one.writer}): it is "
        "now coordination (3). Keep theirs, or replace it with yours (integration (5))? "
        "Say 'keep' or 'replace'."
    )
    assert (saved.value, saved.revision) == (3, 1)
    assert theirs.reply("what?") == [asked]  # asked again until answered
    assert theirs.reply("replace")[0].text.startswith("That's integration — noted.")
    assert _own_answer(one, assessment_id, first).value == 5
    assert [h.value for h in one.history(assessment_id, first)] == [3]

    # 'note' in the first goes to the answer it gave, which is no longer there
    (asked,) = ours.reply("note minutes of May")
    replaced = _own_answer(one, assessment_id, first)
    assert asked.text == (
        f"This answer was changed elsewhere at {_at(replaced)} by Sam ({one.writer}): it is "
        "now integration (5). Say 'keep' to leave it without your note, or 'add' to add "
        "your note to it."
    )
    assert _own_answer(one, assessment_id, first).note == ""
    kept = ours.reply("keep")
    assert kept[0].text == "Kept theirs: integration (5)."
    assert ours.answers()[first].stage is Stage.INTEGRATION

    # the first's summary is the store's, not its own memory
    (summary,) = theirs.reply("summary")
    assert summary.summary is not None
    assert summary.summary.profile == profile(
        GOVERNANCE, {first: AnswerValue.of(Stage.INTEGRATION)}
    )
    ours_now = conversation_for(one, assessment_id, GOVERNANCE)
    assert ours_now.answers() == theirs.answers()


def _answered_then_changed_elsewhere(
    views: TwoViews,
) -> tuple[Conversation, Conversation, BotMessage]:
    """The first view answers 3; the second, opened after it, goes back and answers 4 over the
    3 it was shown (no clash). Both conversations, and what the second was told."""
    from assessor.conversation import conversation_for

    ours = conversation_for(views.one, views.assessment_id, GOVERNANCE)
    ours.start()
    ours.reply("3")
    theirs = conversation_for(views.two, views.assessment_id, GOVERNANCE)
    theirs.start()
    theirs.reply("back")
    return ours, theirs, theirs.reply("4")[0]


def test_a_note_after_keep_or_add_lands_where_the_person_chose(two_views: TwoViews) -> None:
    assessment_id, first, one, _ = two_views
    ours, _, told = _answered_then_changed_elsewhere(two_views)
    assert told.text.startswith("That's collaboration — noted.")
    ours.reply("note minutes of May")
    assert ours.reply("add")[0].text.startswith("Note saved with your answer")
    now = _own_answer(one, assessment_id, first)
    assert (now.value, now.note) == (4, "minutes of May")


def test_changed_by_tells_two_processes_apart(new_db, tmp_path: Path) -> None:
    """The other writer is a real process: its answer names it, and this one's clash too."""
    from assessor.conversation import conversation_for

    db = new_db("procs")
    with Store(db) as setup:
        assessment = begin(setup, "Northshire", GOVERNANCE, lead="Sam")
    first = GOVERNANCE.questions[0].id
    with Store(db) as one:
        ours = conversation_for(one, assessment.id, GOVERNANCE)
        ours.start()
        other = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assessor",
                "resume",
                assessment.id,
                "--plain",
                "--db",
                cli_db(db),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _, err = other.communicate("5\n", timeout=120)
        assert other.returncode == 0, err
        theirs = _own_answer(one, assessment.id, first)
        assert (
            theirs.changed_by.startswith("Sam (") and f"process {other.pid})" in theirs.changed_by
        )
        assert f"process {os.getpid()})" not in theirs.changed_by
        (asked,) = ours.reply("3")
        assert f"by {theirs.changed_by}: it is now integration (5)." in asked.text
        assert _own_answer(one, assessment.id, first).value == 5


# -- a workshop line as one transaction (point 14) -------------------------------------------


def _refuse_rating(db: Location, participant_id: int) -> None:
    """A trigger in the database that refuses any rating from this participant."""
    if isinstance(db, ServerAddress):
        import psycopg

        with psycopg.connect(db.secret, autocommit=True) as server:
            server.execute(
                "CREATE FUNCTION refuse_cd() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.participant_id = {participant_id} THEN RAISE EXCEPTION 'refused here'; "
                "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            server.execute(
                "CREATE TRIGGER refuse_cd BEFORE INSERT ON answers "
                "FOR EACH ROW EXECUTE FUNCTION refuse_cd()"
            )
        return
    injector = sqlite3.connect(db)
    injector.execute(
        "CREATE TRIGGER refuse_cd BEFORE INSERT ON answers "
        f"WHEN NEW.participant_id = {participant_id} BEGIN SELECT RAISE(ABORT, 'refused here'); END"
    )
    injector.commit()
    injector.close()


def test_a_workshop_line_is_saved_whole_or_not_at_all(new_db, tmp_path: Path) -> None:
    from assessor.conversation import Kind, conversation_for

    db = new_db("workshop")
    with Store(db) as store:
        workshop = begin(store, "Northshire", GOVERNANCE, mode="workshop")
        ab = store.add_participant(workshop.id, "AB", "Council")
        cd = store.add_participant(workshop.id, "CD", "Health")
    _refuse_rating(db, cd.id)  # the database refuses the line's second rating, CD's
    with Store(db) as store:
        chat = conversation_for(store, workshop.id, GOVERNANCE)
        chat.start()
        (refused,) = chat.reply("AB 3, CD 4")
        assert refused.kind is Kind.ERROR
        assert refused.text.endswith(
            "What you just said was not saved: say it again once that is sorted."
        )
        assert store.answers(workshop.id, voices=True) == []  # AB's rating was not kept alone
        read_beside(
            store.path, "DROP TRIGGER refuse_cd" + (" ON answers" if store.on_server else "")
        )
        assert chat.reply("AB 3, CD 4")[0].text.startswith("Noted: AB")
        ratings = {a.participant_id: a.value for a in store.answers(workshop.id, voices=True)}
        assert ratings == {ab.id: 3, cd.id: 4}


# -- two processes on one workshop, and 'back' after a clash (point 6) -----------------------


def _workshop(db: Location) -> str:
    """A workshop with AB (Council) and CD (NHS) in the room."""
    with Store(db) as setup:
        workshop = begin(setup, "Riverside", GOVERNANCE, mode="workshop")
        setup.add_participant(workshop.id, "AB", "Council")
        setup.add_participant(workshop.id, "CD", "NHS")
    return workshop.id


@pytest.fixture
def room_in_two_views(new_db) -> Iterator[TwoViews]:
    """A new workshop with AB (Council) and CD (NHS) in the room, seen twice."""
    db = new_db("room")
    workshop = _workshop(db)
    with Store(db) as one, Store(db) as two:
        yield TwoViews(workshop, GOVERNANCE.questions[0].id, one, two)


def _texts(replies) -> list[str]:
    return [reply.text for reply in replies]


def _stored_ratings(store: Store, assessment_id: str) -> dict[str | None, int | None]:
    """The first question's ratings by name, and the agreed answer under None."""
    names = {p.id: p.name for p in store.participants(assessment_id)}
    first = GOVERNANCE.questions[0].id
    return {
        names.get(a.participant_id) if a.participant_id else None: a.value
        for a in store.answers(assessment_id, voices=True)
        if a.question_id == first
    }


SPREAD_2_3 = (
    "Spread: lowest 2 (communication), highest 3 (coordination), median 2 (communication).\n"
    "Who said what: AB 2, CD 3.\n"
    "By organisation: Council 2.0, NHS 3.0.\n"
    "What do you agree? I'd propose 2 (communication), the median. Say 'agree' to take it, or "
    "'agree 3 because ...' with your own, or 'no consensus' to park it."
)


def test_a_workshop_line_from_a_stale_view_is_refused_and_agree_rereads(
    room_in_two_views: TwoViews,
) -> None:
    """The order that used to save B's line over A's rating, and agree a spread B never saw."""
    from assessor.conversation import Kind

    workshop, _, one, _ = room_in_two_views
    a, b = _both_started(room_in_two_views)  # both see the first question with no ratings
    assert _texts(a.reply("AB 2")) == ["Noted: AB 2.", "So far: AB 2. Still to rate: CD."]

    refused = b.reply("AB 4, CD 4")  # from a view in which AB had not rated
    assert refused[0].kind is Kind.ERROR
    assert _texts(refused) == [
        "Nothing on that line was saved: AB's rating was changed elsewhere since you saw it "
        "(now: AB 2). Say the line again if it still stands.",
        "So far: AB 2. Still to rate: CD.",
    ]
    assert _stored_ratings(one, workshop) == {"AB": 2}  # CD's 4 was not kept alone

    assert _texts(a.reply("CD 3")) == ["Noted: CD 3.", SPREAD_2_3]

    # B last saw AB 2 alone: 'agree' shows the spread as it is now and asks again
    asked = b.reply("agree")
    assert _texts(asked) == [
        "The ratings have changed since you saw them: CD 3 (new). Nothing is agreed yet; "
        "here they are now.",
        SPREAD_2_3,
    ]
    assert None not in _stored_ratings(one, workshop)
    agreed = b.reply("agree")
    assert agreed[0].text == "Agreed: communication (2). Dissent on record: CD 3."
    assert _stored_ratings(one, workshop) == {"AB": 2, "CD": 3, None: 2}


def test_a_rating_changed_elsewhere_is_not_overwritten_and_the_room_is_told(
    room_in_two_views: TwoViews,
) -> None:
    """B re-enters the refused line; A's later rating from its older view is refused in turn;
    once A re-enters it, B's 'agree' on the spread it saw (4, 4) is asked again."""
    workshop, _, one, _ = room_in_two_views
    a, b = _both_started(room_in_two_views)
    a.reply("AB 2")
    b.reply("AB 4, CD 4")  # refused: AB had rated meanwhile
    assert b.reply("AB 4, CD 4")[0].text == "Noted: AB 4, CD 4."  # re-entered, on AB 2 seen
    assert _stored_ratings(one, workshop) == {"AB": 4, "CD": 4}

    refused = a.reply("CD 3")
    assert refused[0].text == (
        "Nothing on that line was saved: CD's rating was changed elsewhere since you saw it "
        "(now: CD 4). Say the line again if it still stands."
    )
    assert "Who said what: AB 4, CD 4." in refused[1].text  # the room sees it as it is
    assert _stored_ratings(one, workshop) == {"AB": 4, "CD": 4}

    assert a.reply("CD 3")[0].text == "Noted: CD 3."  # re-entered, on CD 4 seen
    asked = b.reply("agree")
    assert asked[0].text == (
        "The ratings have changed since you saw them: CD 3 (was 4). Nothing is agreed yet; "
        "here they are now."
    )
    assert "I'd propose 3 (coordination), the median." in asked[1].text
    assert None not in _stored_ratings(one, workshop)
    assert b.reply("agree")[0].text == "Agreed: coordination (3). Dissent on record: AB 4."
    assert _stored_ratings(one, workshop) == {"AB": 4, "CD": 3, None: 3}


def test_a_line_with_several_stale_ratings_names_them_all(room_in_two_views: TwoViews) -> None:
    workshop, _, one, _ = room_in_two_views
    a, b = _both_started(room_in_two_views)
    a.reply("AB 2, CD abstain")
    refused = b.reply("AB 4, CD 4")
    assert refused[0].text == (
        "Nothing on that line was saved: AB's and CD's ratings were changed elsewhere since "
        "you saw them (now: AB 2, CD abstains). Say the line again if it still stands."
    )
    assert _stored_ratings(one, workshop) == {"AB": 2, "CD": None}


def test_back_after_a_clash_shows_the_answer_as_stored(two_views: TwoViews) -> None:
    """A answers 3; B answers 4 and replaces it; A's note is added to B's 4; A's 'back' says
    4, not A's own 3, and A's new answer replaces the 4 it was shown."""
    assessment_id, first, one, _ = two_views
    a, b = _both_started(two_views)
    a.reply("3")
    b.reply("4")
    assert b.reply("replace")[0].text.startswith("That's collaboration — noted.")
    assert "it is now collaboration (4)" in a.reply("note minutes of May")[0].text
    assert a.reply("add")[0].text.startswith("Note saved with your answer")
    stored = _own_answer(one, assessment_id, first)
    assert (stored.value, stored.note) == (4, "minutes of May")

    back = a.reply("back")
    assert back[0].text == (
        f"Back to the previous question. It was changed elsewhere (answered at "
        f"{_at(stored)}): it is now collaboration (4). Give a new answer, or 'keep' to "
        "leave it as it is."
    )
    assert a.reply("2")[0].text.startswith("That's communication — noted.")
    assert _own_answer(one, assessment_id, first).value == 2
    assert a.reply("back")[0].text.startswith(
        "Back to the previous question. You said communication (2)."
    )


def test_back_takes_the_answer_it_shows_as_seen(two_views: TwoViews) -> None:
    """An answer changed elsewhere without a clash here: 'back' shows it, and a new answer
    replaces what was shown (a change after that is still asked about)."""
    assessment_id, first, one, _ = two_views
    a, b, _ = _answered_then_changed_elsewhere(two_views)

    assert "it is now collaboration (4)." in a.reply("back")[0].text
    assert a.reply("5")[0].text.startswith("That's integration — noted.")
    assert _own_answer(one, assessment_id, first).value == 5

    a.reply("back")
    b.reply("back")
    b.reply("1")
    assert "This answer was changed elsewhere" in a.reply("2")[0].text
    assert _own_answer(one, assessment_id, first).value == 1


def _read_until(stream, *fragments: str) -> str:
    """What the chat says up to the first line holding one of `fragments`."""
    seen = ""
    while not any(fragment in seen for fragment in fragments):
        line = stream.readline()
        assert line, f"the chat ended before saying any of {fragments}: {seen}"
        seen += line
    return seen


def test_the_plain_chat_asks_before_replacing_another_process_answer(
    new_db, tmp_path: Path
) -> None:
    db = new_db("plain")
    with Store(db) as setup:
        assessment = begin(setup, "Northshire", GOVERNANCE, lead="Sam")
    first = GOVERNANCE.questions[0]
    chat = subprocess.Popen(
        [sys.executable, "-m", "assessor", "resume", assessment.id, "--plain", "--db", cli_db(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert chat.stdin is not None and chat.stdout is not None
    try:
        _read_until(chat.stdout, first.text)
        with Store(db) as other:  # another program answers it meanwhile
            other.record_answer(assessment.id, first.id, AnswerValue.of(Stage.ISOLATION), "1")
        chat.stdin.write("3\n")
        chat.stdin.flush()
        asked = _read_until(chat.stdout, "Say 'keep' or 'replace'.", "— noted.")
        assert "This answer was changed elsewhere at" in asked, asked
        assert (
            "it is now isolation (1). Keep theirs, or replace it with yours (coordination (3))?"
            in (" ".join(asked.split()))
        )
        chat.stdin.write("replace\n")
        chat.stdin.flush()
        _read_until(chat.stdout, "That's coordination — noted.")
        chat.stdin.close()
        chat.stdout.read()
    except BaseException:
        chat.kill()  # no chat left waiting for input
        raise
    assert chat.wait(timeout=60) == 0
    assert _saved(db, assessment.id) == {first.id: 3}


def test_the_plain_workshop_refuses_a_line_over_another_process_rating(
    new_db, tmp_path: Path
) -> None:
    """B is a real `assessor resume --plain` process; A rates in this one meanwhile."""
    from assessor.conversation import conversation_for

    db = new_db("room")
    workshop = _workshop(db)
    first = GOVERNANCE.questions[0]
    chat = subprocess.Popen(
        [sys.executable, "-m", "assessor", "resume", workshop, "--plain", "--db", cli_db(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert chat.stdin is not None and chat.stdout is not None
    try:
        _read_until(chat.stdout, first.text)
        with Store(db) as one:
            a = conversation_for(one, workshop, GOVERNANCE)
            a.start()
            assert a.reply("AB 2")[0].text == "Noted: AB 2."
        chat.stdin.write("AB 4, CD 4\n")
        chat.stdin.flush()
        told = " ".join(_read_until(chat.stdout, "Still to rate", "Noted:").split())
        assert (
            "Nothing on that line was saved: AB's rating was changed elsewhere since you saw it "
            "(now: AB 2). Say the line again if it still stands." in told
        ), told
        with Store(db) as one:
            assert _stored_ratings(one, workshop) == {"AB": 2}
        chat.stdin.write("AB 4, CD 4\n")
        chat.stdin.flush()
        _read_until(chat.stdout, "Noted: AB 4, CD 4.")
        chat.stdin.close()
        chat.stdout.read()
    except BaseException:
        chat.kill()  # no chat left waiting for input
        raise
    assert chat.wait(timeout=60) == 0
    with Store(db) as one:
        assert _stored_ratings(one, workshop) == {"AB": 4, "CD": 4}


def test_the_app_asks_before_replacing_another_process_answer(new_db, tmp_path: Path) -> None:
    db = new_db("app")
    with Store(db) as setup:
        assessment = begin(setup, "Northshire", GOVERNANCE, lead="Sam")
    first = GOVERNANCE.questions[0].id

    async def run() -> None:
        app = _app(db, assessment.id)
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot, app)
            with Store(db) as other:
                other.record_answer(assessment.id, first, AnswerValue.of(Stage.ISOLATION), "1")
            (asked,) = await _say(pilot, app, "3")
            assert asked.startswith("This answer was changed elsewhere at ")
            assert asked.endswith(
                "it is now isolation (1). Keep theirs, or replace it with yours "
                "(coordination (3))? Say 'keep' or 'replace'."
            )
            replies = await _say(pilot, app, "keep")
            assert replies[0] == "Kept theirs: isolation (1)."
            assert GOVERNANCE.questions[1].text in replies[-1]  # on to the next question

    asyncio.run(run())
    assert _saved(db, assessment.id) == {first: 1}


def test_a_log_of_a_program_using_the_file_is_told_from_a_crash_leftover(tmp_path: Path) -> None:
    """The whole-file check before a log is folded back in runs for a crash's leftover, not for
    the log of a program that has the file open now (it would cost a second on a big file)."""
    from assessor.store.database import open_elsewhere

    if not sys.platform.startswith("linux"):
        pytest.skip("told from the -shm's locks on Linux only; elsewhere the file is checked")
    db = tmp_path / "open.db"
    with Store(db) as store:
        assessment = begin(store, "Northshire", GOVERNANCE, lead="Sam")
    holding = (  # answers, says so, and keeps the store open until its input ends
        "import sys\n"
        "from pathlib import Path\n"
        "from assessor.answers import AnswerValue\n"
        "from assessor.continuum import Stage\n"
        "from assessor.store import Store\n"
        "with Store(Path(sys.argv[1])) as store:\n"
        "    store.record_answer(sys.argv[2], 'held.q0', AnswerValue.of(Stage.ISOLATION))\n"
        "    print('held.q0', flush=True)\n"
        "    sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", holding, str(db), assessment.id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held.q0"  # committed, the store still open
        with Store(db) as ours:  # this process's own connection is not 'elsewhere'
            assert ours.answer(assessment.id, "held.q0") is not None
            assert open_elsewhere(db)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert Path(f"{db}-shm").exists()
    assert not open_elsewhere(db)
