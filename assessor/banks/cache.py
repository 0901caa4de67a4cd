"""Validated banks kept between runs, so that a start need not parse and check them again.

A loaded `BankSet` is kept as JSON (the banks' `model_dump`, which no reader can run as code,
unlike a pickle) under a key made of everything it depends on: the bank files' paths and bytes,
the source of the modules whose classes it holds, and the Python, pydantic and assessor
versions. A set is written only after it loaded without a single problem, so a bank that does
not validate is never served from here; read back, each bank is validated again by its model
(about 2 ms, and 30 ms to build the models' validators), so nothing in the file is trusted
beyond its shape. A cache file that is unreadable, damaged, stale, not JSON of that shape, or
not the user's own is ignored and the banks are loaded afresh (and the file replaced). A cache
folder that is not the user's own (another owner, or writable by others) is not used at all,
and said so once. The folder is made only when a cache is first written, readable by its owner
only. `assessor banks validate` never reads it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import assessor
from assessor import continuum
from assessor.banks import bank_set as bank_set_module
from assessor.banks import glossary, models
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Bank
from assessor.files.private import not_private

ENV_VARIABLE = "ASSESSOR_CACHE_DIR"
FORMAT = 4  # raised whenever what is kept changes shape in a way the module sources miss
PREFIX = "banks-"
SUFFIX = ".json"
MAX_BYTES = 64_000_000  # a larger file is not read (the validated banks take about 0.2 MB)
_warned: set[Path] = set()


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
    paths = [Path(p) for p in paths]
    try:
        key = cache_key(paths)
    except OSError:
        return _load(paths)  # it names the file that cannot be read
    folder = cache_dir()
    if not usable(folder):
        return _load(paths)
    file = folder / f"{PREFIX}{key[:32]}{SUFFIX}"
    cached = _read(file, paths)
    if cached is not None:
        return cached
    loaded = _load(paths)
    _write(folder, file, loaded)
    return loaded


def _load(paths: list[Path]) -> BankSet:
    """The banks parsed and checked from their files (the loader loads only when needed)."""
    from assessor.banks.loader import load_bank_set

    return load_bank_set(paths)


def usable(folder: Path) -> bool:
    """The folder is missing (it is made on the first write) or the user's alone; else it is
    said once, on standard error, why it is not used."""
    try:
        info = folder.stat()
    except OSError:
        return True  # not there yet, or not reachable: the write finds out, quietly
    reason = not_private(info)
    if reason is None:
        return True
    if folder not in _warned:
        _warned.add(folder)
        print(
            f"assessor: the banks' cache folder {folder} {reason}, so it is not used; "
            f"make it yours alone or set {ENV_VARIABLE} to another folder.",
            file=sys.stderr,
        )
    return False


def _read(file: Path, paths: list[Path]) -> BankSet | None:
    try:
        # not through a symbolic link; a FIFO planted under the name must not block the start
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        handle = os.open(file, flags)
    except OSError:  # missing, or a symbolic link
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or not_private(info) or info.st_size > MAX_BYTES:
                return None
            found = json.loads(stream.read(MAX_BYTES + 1))
        return _bank_set(found, paths)
    except Exception:  # damaged, truncated, or not a cache at all: load afresh
        return None


def _bank_set(found: Any, paths: list[Path]) -> BankSet | None:
    """The set the JSON holds, each bank validated by its model, if it is one for `paths`."""
    if not (
        isinstance(found, dict)
        and found.get("format") == FORMAT
        and found.get("files") == [str(p) for p in paths]
        and isinstance(found.get("banks"), list)
        and isinstance(found.get("glossary"), dict)
    ):
        return None
    banks = tuple(Bank.model_validate(bank) for bank in found["banks"])
    terms = glossary.Glossary.model_validate(found["glossary"])
    return BankSet(banks, tuple(paths), terms) if len(banks) == len(paths) else None


def _write(folder: Path, file: Path, bank_set: BankSet) -> None:
    """Write atomically; a folder that cannot be written leaves the cache out, quietly."""
    content = {
        "format": FORMAT,
        "files": [str(p) for p in bank_set.files],
        "banks": [bank.model_dump(mode="json") for bank in bank_set.banks],
        "glossary": bank_set.glossary.model_dump(mode="json"),
    }
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not usable(folder):  # made by someone else in the meantime
            return
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{PREFIX}", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(content, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{PREFIX}*"):  # stale entries, and pickles of older versions
            if old != file and old.suffix in (SUFFIX, ".pickle"):
                old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
