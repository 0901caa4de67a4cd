"""The core never imports Textual, and importing it creates no folders."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import assessor

FACES = ("assessor.tui",)


def core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(assessor.__path__, prefix="assessor.")
        if not info.name.startswith(FACES) and not info.name.endswith("__main__")
    ]
    return ["assessor", *names]


def test_core_modules_do_not_import_textual(tmp_path: Path) -> None:
    modules = core_modules()
    assert "assessor.cli" in modules and "assessor.banks.loader" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert result.stdout.strip() == ""
    assert list(tmp_path.iterdir()) == [], "importing the core created files or folders"


def test_version_and_banks_list_load_neither_textual_nor_the_store() -> None:
    code = (
        "import sys\nfrom assessor.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "main(['banks', 'list'])\n"
        "loaded = [m for m in ('textual', 'assessor.store.store', 'assessor.store.records')\n"
        "          if m in sys.modules]\n"
        "print(loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "[]"  # neither the app nor the store is loaded for the banks
    assert "assessor" in result.stdout
