"""Validated banks kept between runs, so that a start need not parse and validate them again.

A loaded `BankSet` is pickled under a key made of everything it depends on: the bank files' paths
and bytes, the source of the modules whose classes it holds, and the Python, pydantic and
assessor versions. A set is written only after it loaded without a single problem, so a bank that
does not validate is never served from here. A cache file that is unreadable, damaged, stale or
not the user's own is ignored and the banks are loaded afresh (and the file replaced). The folder
is made only when a cache is first written, readable by its owner only. `assessor banks validate`
never reads it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import assessor
from assessor import continuum
from assessor.banks import bank_set as bank_set_module
from assessor.banks import glossary, models
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Bank

ENV_VARIABLE = "ASSESSOR_CACHE_DIR"
FORMAT = 1  # raised whenever what is pickled changes shape in a way the module sources miss
PREFIX = "banks-"
SUFFIX = ".pickle"


def cache_dir() -> Path:
    """$ASSESSOR_CACHE_DIR, else `assessor` in the user's cache folder (not created here)."""
    raw = os.environ.get(ENV_VARIABLE)
    if raw:
        return Path(raw).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("assessor", appauthor=False)


def cache_key(paths: Iterable[Path]) -> str:
    """A digest of everything a loaded set depends on; OSError when a bank file cannot be read."""
    import pydantic
    import pydantic_core

    digest = hashlib.sha256()

    def add(data: bytes) -> None:
        digest.update(f"{len(data)}:".encode())
        digest.update(data)

    for text in (str(FORMAT), sys.version, assessor.__version__, pydantic.VERSION):
        add(text.encode())
    add(pydantic_core.__version__.encode())
    for module in (models, glossary, bank_set_module, continuum):
        add(Path(module.__file__ or "").read_bytes())
    paths = list(paths)
    for path in [*paths, *glossary.glossary_files(paths)]:  # the glossary is loaded with the banks
        add(str(path).encode())
        add(path.read_bytes())
    return digest.hexdigest()


def load_cached(paths: Iterable[Path]) -> BankSet:
    """The banks in `paths`, from the cache when it holds them; else loaded, validated and
    cached. Banks with problems raise BankLoadError, as `load_bank_set` does."""
    from assessor.banks.loader import load_bank_set

    paths = [Path(p) for p in paths]
    try:
        key = cache_key(paths)
    except OSError:
        return load_bank_set(paths)  # it names the file that cannot be read
    folder = cache_dir()
    file = folder / f"{PREFIX}{key[:32]}{SUFFIX}"
    cached = _read(file, paths)
    if cached is not None:
        return cached
    loaded = load_bank_set(paths)
    _write(folder, file, loaded)
    return loaded


def _own(stat: os.stat_result) -> bool:
    """Written by this user and by no one else (where the system has owners)."""
    if not hasattr(os, "getuid"):
        return True
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def _read(file: Path, paths: list[Path]) -> BankSet | None:
    try:
        with file.open("rb") as handle:
            if not _own(os.fstat(handle.fileno())):
                return None
            found = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # damaged or truncated: a pickle can fail in many ways; load afresh
        return None
    if not (
        isinstance(found, BankSet)
        and found.files == tuple(paths)
        and all(isinstance(bank, Bank) for bank in found.banks)
    ):
        return None
    return found


def _write(folder: Path, file: Path, bank_set: BankSet) -> None:
    """Write atomically; a folder that cannot be written leaves the cache out, quietly."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{PREFIX}", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(bank_set, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{PREFIX}*{SUFFIX}"):
            if old != file:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
