"""The cache of validated banks: served only for the same bytes, never for banks with problems."""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import other_bank_text

from assessor.banks import BankLoadError, BankSet, load_bank_set, load_builtin
from assessor.banks import loader as loader_module
from assessor.banks.cache import ENV_VARIABLE, FORMAT, cache_dir, cache_key, load_cached
from assessor.cli import main
from assessor.files.resources import builtin_bank_paths

BOARD_COLLABORATION = (
    "A programme board of all partners takes joint decisions on shared priorities."
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "assessor"
    monkeypatch.setenv(ENV_VARIABLE, str(folder))
    return folder


@pytest.fixture
def bank_files(tmp_path: Path, small_bank_text: str) -> list[Path]:
    first = tmp_path / "banks" / "1_sample.yaml"
    first.parent.mkdir()
    first.write_text(small_bank_text, encoding="utf-8")
    second = tmp_path / "banks" / "2_other.yaml"
    second.write_text(other_bank_text(small_bank_text), encoding="utf-8")
    return [first, second]


@pytest.fixture
def fresh_loads(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """Every load that parsed and validated the files (a cache hit makes none)."""
    calls: list[list[Path]] = []

    def counted(paths):
        paths = list(paths)
        calls.append(paths)
        return load_bank_set(paths)

    monkeypatch.setattr(loader_module, "load_bank_set", counted)
    return calls


def elsewhere(bank_set: BankSet) -> BankSet:
    return replace(bank_set, files=tuple(Path("elsewhere") / f.name for f in bank_set.files))


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("banks-*.json"))


def cache_json(bank_set: BankSet) -> bytes:
    """What the cache holds for a set, as the cache writes it."""
    return json.dumps(
        {
            "format": FORMAT,
            "files": [str(f) for f in bank_set.files],
            "banks": [b.model_dump(mode="json") for b in bank_set.banks],
        }
    ).encode()


def test_a_second_load_is_served_from_the_cache_without_validating(
    cache: Path, bank_files: list[Path], fresh_loads: list[list[Path]]
) -> None:
    first = load_cached(bank_files)
    assert len(fresh_loads) == 1 and len(cache_files(cache)) == 1
    second = load_cached(bank_files)
    assert len(fresh_loads) == 1  # not parsed or validated again
    assert second == first
    assert second.question("sample.board").levels.collaboration == BOARD_COLLABORATION
    assert [b.id for b in second.banks] == ["sample", "other"]
    assert second.files == tuple(bank_files)


def test_the_cache_folder_and_file_are_the_owners_only(cache: Path, bank_files: list[Path]) -> None:
    assert not cache.exists()
    load_cached(bank_files)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    [file] = cache_files(cache)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600


def test_changed_bank_bytes_are_loaded_afresh(
    cache: Path, bank_files: list[Path], fresh_loads: list[list[Path]]
) -> None:
    load_cached(bank_files)
    text = bank_files[0].read_text(encoding="utf-8")
    bank_files[0].write_text(
        text.replace(BOARD_COLLABORATION, "The partners' board decides together."), "utf-8"
    )
    changed = load_cached(bank_files)
    assert len(fresh_loads) == 2
    assert changed.question("sample.board").levels.collaboration == (
        "The partners' board decides together."
    )
    assert len(cache_files(cache)) == 1  # the stale entry is replaced, not kept beside it
    assert load_cached(bank_files) == changed and len(fresh_loads) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"not JSON at all",
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",
        lambda data: b'{"banks": "something else"}',
        lambda data: b"[" * 100_000 + b"]" * 100_000,  # nested too deep for the JSON reader
        lambda data: data.replace(b'"weight":2.0', b'"weight":"heavy"'),  # not a valid bank
        lambda data: data.replace(f'"format":{FORMAT}'.encode(), b'"format":1'),
        lambda data: cache_json(elsewhere(load_bank_set(json.loads(data)["files"]))),
        lambda data: pickle.dumps(load_bank_set(json.loads(data)["files"])),
    ],
    ids=[
        "garbage",
        "truncated",
        "empty",
        "other-object",
        "deep",
        "invalid-bank",
        "other-format",
        "other-files",
        "a-pickle",
    ],
)
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rebuilt(
    cache: Path, bank_files: list[Path], fresh_loads: list[list[Path]], damage
) -> None:
    expected = load_cached(bank_files)
    [file] = cache_files(cache)
    file.write_bytes(damage(file.read_bytes()))
    assert load_cached(bank_files) == expected
    assert len(fresh_loads) == 2  # loaded afresh
    assert load_cached(bank_files) == expected and len(fresh_loads) == 2  # and cached again


def test_a_cache_file_others_may_write_is_not_trusted(
    cache: Path, bank_files: list[Path], fresh_loads: list[list[Path]]
) -> None:
    load_cached(bank_files)
    [file] = cache_files(cache)
    file.chmod(0o666)
    load_cached(bank_files)
    assert len(fresh_loads) == 2
    [rewritten] = cache_files(cache)
    assert stat.S_IMODE(rewritten.stat().st_mode) == 0o600


def test_banks_with_a_problem_are_never_cached_nor_served_from_it(
    cache: Path, bank_files: list[Path]
) -> None:
    valid = load_cached(bank_files)
    before = cache_files(cache)
    text = bank_files[0].read_text(encoding="utf-8")
    bank_files[0].write_text(text.replace("weight: 2", "weight: 20"), "utf-8")
    for _ in range(2):  # the valid set cached before is not served for the broken file
        with pytest.raises(BankLoadError) as error:
            load_cached(bank_files)
        assert "1_sample.yaml" in str(error.value) and "weight" in str(error.value)
    assert cache_files(cache) == before  # nothing written for the broken file
    bank_files[0].write_text(text, "utf-8")
    assert load_cached(bank_files) == valid


def test_banks_validate_never_reads_the_cache(
    cache: Path, bank_files: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    valid = load_cached(bank_files)
    text = bank_files[0].read_text(encoding="utf-8")
    bank_files[0].write_text(text.replace("weight: 2", "weight: 20"), "utf-8")
    # Even a cache entry that claims the broken bytes are fine changes nothing for validate.
    forged = cache / f"banks-{cache_key(bank_files)[:32]}.json"
    forged.write_bytes(cache_json(valid))
    forged.chmod(0o600)
    assert main(["banks", "validate", *map(str, bank_files)]) == 1
    assert "1_sample.yaml" in capsys.readouterr().err


def test_an_unwritable_cache_folder_only_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bank_files: list[Path]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv(ENV_VARIABLE, str(blocker / "cache"))
    assert [b.id for b in load_cached(bank_files).banks] == ["sample", "other"]


def test_without_the_variable_the_cache_is_in_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache_dir() == tmp_path / "xdg" / "assessor"
    assert load_builtin() == load_bank_set(builtin_bank_paths())
    assert cache_files(cache_dir())


def test_the_database_options_do_not_move_or_meet_the_cache(tmp_path: Path, cache: Path) -> None:
    from_env = tmp_path / "env" / "assessor.db"
    from_env.parent.mkdir()
    from_option = tmp_path / "option" / "assessor.db"
    from_option.parent.mkdir()
    env = {**os.environ, "ASSESSOR_DB": str(from_env)}
    for args in (
        ["chat", "--plain", "--partnership", "P"],
        ["--db", str(from_option), "chat", "--plain", "--partnership", "Q"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "assessor", *args],
            input="3\n",  # an answer: a run that answers nothing keeps no database file
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert {p.name for p in from_env.parent.iterdir()} <= {
        "assessor.db",
        "assessor.db-wal",
        "assessor.db-shm",
    }
    assert from_env.exists() and from_option.exists()
    assert [p.name for p in cache.iterdir()] == [cache_files(cache)[0].name]


def test_importing_assessor_creates_no_cache_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    code = (
        "import assessor.banks, assessor.banks.cache, assessor.cli, assessor.tui.app\n"
        "from assessor.banks import BankSet, Bank\n"
    )
    env = {
        **os.environ,
        ENV_VARIABLE: str(folder),
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
    }
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)
    assert not folder.exists()
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()
    subprocess.run(
        [sys.executable, "-c", "from assessor.banks import load_builtin; load_builtin()"],
        check=True,
        env=env,
        timeout=60,
    )
    assert cache_files(folder)  # made when the banks are first loaded, not before


def test_a_start_from_the_cache_loads_no_yaml_checks_or_fuzzy_matching(tmp_path: Path) -> None:
    env = {**os.environ, ENV_VARIABLE: str(tmp_path / "cache")}
    start = (
        "import sys\n"
        "from assessor.banks import load_builtin\n"
        "load_builtin()\n"
        "import assessor.tui.app\n"
        "heavy = ('yaml', 'rapidfuzz', 'jinja2', 'assessor.banks.checks', 'assessor.report')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    first = subprocess.run(
        [sys.executable, "-c", start], capture_output=True, text=True, env=env, check=True
    )
    assert "'yaml'" in first.stdout  # the first start reads and checks the files
    again = subprocess.run(
        [sys.executable, "-c", start], capture_output=True, text=True, env=env, check=True
    )
    assert again.stdout.strip() == "[]"


class _Payload:
    """Unpickled, it creates the file named: proof that loading the cache ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_planted_pickle_is_never_run_and_the_banks_load(
    tmp_path: Path, cache: Path, bank_files: list[Path]
) -> None:
    marker = tmp_path / "ran"
    cache.mkdir(parents=True, mode=0o700)
    name = f"banks-{cache_key(bank_files)[:32]}"
    for suffix in (".json", ".pickle"):  # the name the cache reads, and the one it read before
        planted = cache / f"{name}{suffix}"
        planted.write_bytes(pickle.dumps(_Payload(marker)))
        planted.chmod(0o600)
    done = subprocess.run(  # a fresh process, as a user's next start is
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from assessor.banks.cache import load_cached\n"
            "print([b.id for b in load_cached(sys.argv[1:]).banks])\n",
            *map(str, bank_files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['sample', 'other']"
    assert not marker.exists()
    assert json.loads(cache_files(cache)[0].read_bytes())["format"] == FORMAT  # replaced
    assert not list(cache.glob("*.pickle"))


@pytest.mark.parametrize("plant", ["symlink", "fifo", "folder"])
def test_a_link_a_fifo_or_a_folder_under_the_cache_name_is_not_read(
    tmp_path: Path, cache: Path, bank_files: list[Path], fresh_loads: list[list[Path]], plant: str
) -> None:
    valid = load_cached(bank_files)
    [file] = cache_files(cache)
    elsewhere_file = tmp_path / "elsewhere.json"
    elsewhere_file.write_bytes(cache_json(valid).replace(BOARD_COLLABORATION.encode(), b"Planted."))
    elsewhere_file.chmod(0o600)
    file.unlink()
    if plant == "symlink":
        file.symlink_to(elsewhere_file)
    elif plant == "fifo":
        os.mkfifo(file, 0o600)
    else:
        file.mkdir(mode=0o700)
    assert load_cached(bank_files) == valid  # not the planted text, and no hang
    assert len(fresh_loads) == 2


def test_a_cache_folder_others_may_write_is_not_used_and_said_so(
    cache: Path, bank_files: list[Path], fresh_loads: list[list[Path]], capsys
) -> None:
    cache.mkdir(parents=True)
    cache.chmod(0o777)
    valid = load_bank_set(bank_files)
    planted = cache / f"banks-{cache_key(bank_files)[:32]}.json"
    planted.write_bytes(cache_json(valid).replace(BOARD_COLLABORATION.encode(), b"Planted."))
    planted.chmod(0o600)
    for _ in range(2):
        assert load_cached(bank_files) == valid  # not the planted text
    assert len(fresh_loads) == 2 and cache_files(cache) == [planted]  # nothing read or written
    assert capsys.readouterr().err == (  # said once
        f"assessor: the banks' cache folder {cache} may be written by other users (mode 0777), "
        f"so it is not used; make it yours alone or set {ENV_VARIABLE} to another folder.\n"
    )


def test_the_command_says_why_a_cache_folder_of_another_user_is_not_used(
    tmp_path: Path, cache: Path
) -> None:
    if os.geteuid() == 0:  # as root: a folder given to another user
        cache.mkdir(parents=True, mode=0o700)
        os.chown(cache, 65534, 65534)
    else:  # otherwise: a folder root owns
        cache = Path("/")
    env = {**os.environ, ENV_VARIABLE: str(cache)}
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "banks", "list"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0 and "governance" in done.stdout
    owner = cache.stat().st_uid
    assert done.stderr == (
        f"assessor: the banks' cache folder {cache} belongs to another user (uid {owner}), "
        f"so it is not used; make it yours alone or set {ENV_VARIABLE} to another folder.\n"
    )
    assert not cache_files(cache)
