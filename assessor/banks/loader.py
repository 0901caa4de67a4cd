"""Load, validate and locate problems in question-bank files."""

from __future__ import annotations

import enum
import stat
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from assessor.banks.bank_set import BankSet
from assessor.banks.errors import BankLoadError, Problem
from assessor.banks.glossary import (
    Glossary,
    check_glossary,
    glossary_files,
    unexplained_acronyms,
)
from assessor.banks.models import Bank
from assessor.files.resources import GLOSSARY_FILE_NAME as GLOSSARY_FILE
from assessor.suggest import did_you_mean

if TYPE_CHECKING:
    from assessor.banks.yaml_source import Located, Path_

__all__ = ["BankSet", "format_path", "glossary_files", "load_bank_set", "load_banks"]

_KIND: dict[type[BaseModel], str] = {Bank: "bank", Glossary: "glossary"}


def format_path(path: Path_) -> str:
    """('questions', 3, 'levels') -> 'questions[3].levels'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _unwrap(annotation: Any) -> Any:
    """The model inside list[...], X | None or Annotated[...], if any."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _model_at(path: Path_, root: type[BaseModel] = Bank) -> type[BaseModel] | None:
    model: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _unwrap(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _problem_from_error(
    file: str, located: Located, error: ErrorDetails, root: type[BaseModel] = Bank
) -> Problem:
    loc: Path_ = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        parent = loc[:-1]
        line, column = located.position(parent)
        return Problem(file, line, column, format_path(parent), f"'{loc[-1]}' is missing")
    line, column = located.position(loc)
    where = format_path(loc)
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1], root)
        allowed = list(model.model_fields) if model else []
        hint = did_you_mean(str(loc[-1]), allowed)
        if not hint and allowed:
            hint = " (allowed: " + ", ".join(allowed) + ")"
        return Problem(file, line, column, where, f"unknown key '{loc[-1]}'{hint}")
    if kind == "string_pattern_mismatch":
        value = error.get("input")
        example = "'governance'" if loc == ("id",) else "'governance.board'"
        return Problem(
            file,
            line,
            column,
            where,
            f"'{value}' is not a lower-case id of dotted slugs such as {example}",
        )
    if kind == "model_type" and loc == ():
        keys = "id and questions" if root is Bank else "schema_version and terms"
        message = f"a {_KIND[root]} file must be a mapping with keys such as {keys}"
        return Problem(file, 1, 1, "", message)
    if kind == "value_error":
        return Problem(file, line, column, where, str(error["ctx"]["error"]))
    message = error["msg"]
    if kind in ("enum", "literal_error") and isinstance(error.get("input"), str):
        message += did_you_mean(error["input"], _allowed_values(loc, root))
    return Problem(file, line, column, where, message[:1].lower() + message[1:])


def _allowed_values(loc: Path_, root: type[BaseModel] = Bank) -> list[str]:
    """The values a field of fixed choices (an enum or a Literal) accepts."""
    model = _model_at(loc[:-1], root)
    field = model.model_fields.get(str(loc[-1])) if model else None
    if field is None:
        return []
    annotation = _unwrap(field.annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return [str(value) for value in typing.get_args(annotation)]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


class _Refused(Exception):
    """A file not read as a bank, for the reason given."""


def _read_text(path: Path) -> str:
    """The file's text, refused before reading when it is not a regular file or too large.

    Read as `Path.read_text` reads it (UTF-8, any line ending as a newline), taking no more
    than the limit even from a file that grows. Raises OSError, UnicodeDecodeError, or
    _Refused with a sentence.
    """
    from assessor.banks.yaml_source import MAX_FILE_BYTES

    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise _Refused("a folder, not a bank file")
    if not stat.S_ISREG(info.st_mode):
        raise _Refused("not a regular file")
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        size = max(info.st_size, len(data))
        raise _Refused(
            f"the file has {size:,} bytes; a bank file may have at most {MAX_FILE_BYTES:,}"
        )
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _read(path: Path, shown: str) -> tuple[Located | None, list[Problem]]:
    # The YAML reader loads here, not on import: code that only uses loaded banks skips it.
    from assessor.banks.yaml_source import YamlSyntaxError, load_located

    try:
        text = _read_text(path)
    except FileNotFoundError:
        return None, [Problem(shown, 1, 1, "", "file not found")]
    except UnicodeDecodeError as error:
        return None, [
            Problem(shown, 1, 1, "", f"not UTF-8 text ({error.reason} at byte {error.start})")
        ]
    except OSError as error:
        return None, [Problem(shown, 1, 1, "", f"cannot read the file: {error.strerror}")]
    except _Refused as error:
        return None, [Problem(shown, 1, 1, "", str(error))]
    try:
        located = load_located(text)
    except YamlSyntaxError as error:
        return None, [Problem(shown, error.line, error.column, "", error.message)]
    problems = [
        Problem(shown, line, column, format_path(path_), f"duplicate key '{path_[-1]}'")
        for path_, (line, column) in located.duplicates
    ]
    return located, problems


def _bank_sources(bank: Any) -> set[str]:
    """The seed files a bank's plain data cites in its `source`."""
    sources = bank.get("source") if isinstance(bank, dict) else None
    if not isinstance(sources, list):
        return set()
    return {s.strip() for s in sources if isinstance(s, str)}


def _load_glossary(
    path: Path, known_sources: frozenset[str]
) -> tuple[Glossary | None, list[Problem]]:
    """One glossary file, with every problem in it located (its schema, then names used twice
    and sources that are not seeds the banks cite)."""
    shown = str(path)
    located, problems = _read(path, shown)
    if located is None:
        return None, problems
    glossary = None
    try:
        glossary = Glossary.model_validate(located.data)
    except ValidationError as error:
        problems += [_problem_from_error(shown, located, e, Glossary) for e in error.errors()]
    for where, message in check_glossary(located.data, known_sources):
        line, column = located.position(where)
        problems.append(Problem(shown, line, column, format_path(where), message))
    return (None if problems else glossary), problems


def load_banks(
    paths: Iterable[Path | str],
    context: BankSet | None = None,
    warnings: list[Problem] | None = None,
) -> tuple[BankSet, list[Problem]]:
    """Load the given bank files as one set; every problem found is returned, in file order.

    The checks across questions and banks run on every file that parsed as YAML, also one with
    schema errors or duplicate keys, so that all its problems are reported together. The set
    returned holds the files that read and validated.

    `context`: other banks (the installed ones) whose ids the given files may refer to; a bank
    of the same id as one given is left out of it. Its glossary is the base that the glossaries
    of the given files' folders add to (see `assessor.banks.glossary`); a path named
    `glossary.yaml` is read as a glossary, not a bank.

    `warnings`: when given, what is worth fixing but not wrong is added to it: an acronym a
    bank uses that the glossary does not define.
    """
    paths = list(paths)
    glossaries = glossary_files(paths)
    paths = [raw for raw in paths if Path(raw).name != GLOSSARY_FILE]
    parsed, loaded, problems = _read_banks(paths)
    elsewhere, sources = _from_context(context, parsed)
    problems += _cross_checks(parsed, elsewhere)
    for located, _ in parsed:
        sources |= _bank_sources(located.data)
    glossary = context.glossary if context is not None else Glossary.empty()
    for path in glossaries:
        own, found = _load_glossary(path, frozenset(sources))
        problems.extend(found)
        if own is not None:
            glossary = glossary.merged(own)
    if warnings is not None:
        warnings += _unexplained(parsed, glossary)
    order = {shown: index for index, shown in enumerate(str(raw) for raw in [*paths, *glossaries])}
    problems.sort(key=lambda p: (order.get(p.file, 0), p.line, p.column))
    bank_set = BankSet(tuple(b for b, _ in loaded), tuple(p for _, p in loaded), glossary)
    return bank_set, problems


def _read_banks(
    paths: list[Path | str],
) -> tuple[list[tuple[Located, str]], list[tuple[Bank, Path]], list[Problem]]:
    """Each file read as YAML (with how it is shown), the banks among them that validated with
    no problem at all, and the problems found reading and validating them."""
    problems: list[Problem] = []
    parsed: list[tuple[Located, str]] = []
    loaded: list[tuple[Bank, Path]] = []
    for raw in paths:
        path = Path(raw)
        shown = str(raw)
        located, found = _read(path, shown)
        problems.extend(found)
        if located is None:
            continue
        parsed.append((located, shown))
        try:
            bank = Bank.model_validate(located.data)
        except ValidationError as error:
            problems.extend(_problem_from_error(shown, located, e) for e in error.errors())
            continue
        if not found:
            loaded.append((bank, path))
    return parsed, loaded, problems


def _from_context(
    context: BankSet | None, parsed: list[tuple[Located, str]]
) -> tuple[set[str], set[str]]:
    """The question and action ids of the context's banks not given again (which the given
    files may refer to), and the seed files every context bank cites."""
    elsewhere: set[str] = set()
    sources: set[str] = set()
    if context is None:
        return elsewhere, sources
    given = {
        bank_id
        for located, _ in parsed
        if isinstance(located.data, dict) and isinstance(bank_id := located.data.get("id"), str)
    }
    for bank in context.banks:
        sources |= set(bank.source)
        if bank.id not in given:
            elsewhere |= {q.id for q in bank.questions}
            elsewhere |= {a.id for q in bank.questions for a in q.actions.all()}
    return elsewhere, sources


def _cross_checks(parsed: list[tuple[Located, str]], elsewhere: set[str]) -> list[Problem]:
    """The checks across questions and banks, each finding located in its file."""
    from assessor.banks.checks import check_banks

    problems = []
    for finding in check_banks([located.data for located, _ in parsed], frozenset(elsewhere)):
        located, shown = parsed[finding.bank_index]
        line, column = located.position(finding.path)
        problems.append(Problem(shown, line, column, format_path(finding.path), finding.message))
    return problems


def _unexplained(parsed: list[tuple[Located, str]], glossary: Glossary) -> list[Problem]:
    """An acronym a bank uses that the glossary does not define, each located."""
    warnings = []
    for located, shown in parsed:
        for where, acronym in unexplained_acronyms(located.data, glossary):
            line, column = located.position(where)
            message = f"'{acronym}' is not in the glossary: add it to {GLOSSARY_FILE}"
            warnings.append(Problem(shown, line, column, format_path(where), message))
    return warnings


def load_bank_set(paths: Iterable[Path | str], context: BankSet | None = None) -> BankSet:
    """Load banks that must be valid; raise BankLoadError listing every problem otherwise."""
    bank_set, problems = load_banks(paths, context)
    if problems:
        raise BankLoadError(problems)
    return bank_set
