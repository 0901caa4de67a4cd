"""Where the shipped question banks and report templates are.

Installed from a wheel they sit inside the package (`assessor/question_banks`); in a source
checkout or an editable install they are the repository's top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # assessor/, from assessor/files/


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def banks_dir() -> Path:
    return _shipped("question_banks")


def templates_dir() -> Path:
    return _shipped("reports")


GLOSSARY_FILE_NAME = "glossary.yaml"


def builtin_bank_paths() -> list[Path]:
    """The shipped bank files in their intended order (file names start with a number).

    Other YAML beside them, such as `glossary.yaml`, is not a bank.
    """
    return sorted(banks_dir().glob("[0-9]*.yaml"))


SCHEMA_FILE_NAME = "bank.schema.json"
