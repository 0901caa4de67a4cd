"""Compiled report templates kept between runs, beside the banks' cache (`assessor` in the
user's cache folder, or $ASSESSOR_CACHE_DIR), so that a fresh `assessor report` does not compile
its templates again (compiling was most of a report's time).

jinja2 keeps each template's compiled code under a key of its name and file, checked against
the template's source, so a changed template is compiled again. The code is marshalled Python:
a file planted in the cache would run as code, so, as for the banks' cache, nothing is read
from or written to a folder that is not the user's alone, a file that is not a regular file of
the user's own is ignored, and a damaged one is compiled afresh. The folder is made on the first
write, never on import.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

import assessor
from assessor.banks.cache import cache_dir, usable
from assessor.files.private import not_private

FORMAT = 1  # raised when the environments' options change what a template compiles to
PREFIX = "template-"
MAX_BYTES = 16_000_000  # a larger file is not read (a compiled template takes tens of KB)


class PrivateBytecodeCache(BytecodeCache):
    """Compiled templates of one environment (`kind`: "md" or "html"), in the user's cache."""

    def __init__(self, kind: str) -> None:
        tag = hashlib.sha256(
            f"{FORMAT}|{kind}|{jinja2.__version__}|{assessor.__version__}".encode()
        ).hexdigest()[:12]
        self.kind = kind
        self.prefix = f"{PREFIX}{kind}-{tag}-"

    @property
    def folder(self) -> Path:
        """The cache folder as it is named now (the environment outlives a change of it)."""
        return cache_dir()

    def _file(self, bucket: Bucket) -> Path:
        return self.folder / f"{self.prefix}{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        if not usable(self.folder):
            return
        try:
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            handle = os.open(self._file(bucket), flags)
        except OSError:  # missing, or a symbolic link
            return
        try:
            with os.fdopen(handle, "rb") as stream:
                info = os.fstat(stream.fileno())
                mine = stat.S_ISREG(info.st_mode) and not not_private(info)
                if mine and info.st_size <= MAX_BYTES:
                    bucket.load_bytecode(stream)
        except Exception:  # damaged or truncated: compiled afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write atomically; a folder that cannot be written leaves the cache out, quietly."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not usable(self.folder):
                return
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{PREFIX}")
            try:
                with os.fdopen(handle, "wb") as out:
                    bucket.write_bytecode(out)
                os.replace(temporary, self._file(bucket))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            for old in self.folder.glob(f"{PREFIX}{self.kind}-*"):  # of another version
                if not old.name.startswith(self.prefix):
                    old.unlink(missing_ok=True)
        except (OSError, ValueError):
            pass
