"""Which tests are the core's. A test that drives the Textual app, starts a process, opens a
browser or needs the tests' PostgreSQL server is marked so (`app`, `process`, `browser`,
`postgresql`); every other test is marked `core`: `pytest -m core` runs the pure rules, the
banks, the store on SQLite and the conversation alone.

A test's kind is read from the code it runs: its own function, the helpers and fixtures of the
tests folder it calls, and the functions inside them, by the names they use. Where the package
itself starts the process (a custom template renders in a child process of its own), the test
says `@pytest.mark.process` itself; a core test that starts a process all the same fails,
saying so (see `refuse_processes`), so the marks stay true.
"""

from __future__ import annotations

import functools
import inspect
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import CodeType, FunctionType
from typing import Any

import pytest

TESTS = Path(__file__).parent

# The names that give a test's kind away, wherever in its code they stand.
SIGNS = {
    "app": frozenset({"run_test", "AssessorApp", "Pilot", "snap_compare", "pilot"}),
    "process": frozenset({"subprocess", "Popen", "openpty", "executable", "fork", "spawn"}),
    "browser": frozenset({"chromium", "_chromium"}),
}
KINDS = (*SIGNS, "postgresql")


def _ours(code: CodeType) -> bool:
    return _in_tests(code.co_filename)


@functools.cache
def _in_tests(filename: str) -> bool:
    """Whether a file is the tests' own (resolved once per file: marking looks at every code
    object of every test, most of them in a few files)."""
    return Path(filename).resolve().is_relative_to(TESTS)


def _names(function: Any, seen: set[CodeType]) -> Iterator[str]:
    """Every name used by `function` and by the tests' own functions it reaches."""
    # hypothesis keeps the test it wraps as .hypothesis.inner_test
    function = getattr(getattr(function, "hypothesis", None), "inner_test", function)
    function = inspect.unwrap(function) if callable(function) else function
    code = getattr(function, "__code__", None)
    if not isinstance(code, CodeType) or not _ours(code):
        return
    module = getattr(function, "__globals__", {})
    stack = [code]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        yield from current.co_names
        yield from current.co_varnames
        for constant in current.co_consts:
            if isinstance(constant, CodeType):
                stack.append(constant)
        for name in current.co_names:
            found = module.get(name)
            if isinstance(found, FunctionType) and found.__code__ not in seen:
                yield from _names(found, seen)


def kinds_of(item: pytest.Item) -> set[str]:
    """The kinds of one collected test: what it drives besides the core."""
    seen: set[CodeType] = set()
    names = set(_names(getattr(item, "function", None), seen))
    definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    for fixture in getattr(item, "fixturenames", ()):
        for definition in definitions.get(fixture, ()):
            names.update(_names(definition.func, seen))
    names.update(getattr(item, "fixturenames", ()))
    found = {kind for kind, signs in SIGNS.items() if names & signs}
    if "postgres_server" in names:
        found.add("postgresql")
    return found | {kind for kind in KINDS if item.get_closest_marker(kind)}


def mark_kinds(items: list[pytest.Item]) -> None:
    """Each test marked with its kinds, or `core` where it has none."""
    for item in items:
        kinds = kinds_of(item)
        for kind in sorted(kinds):
            if not item.get_closest_marker(kind):
                item.add_marker(kind)
        if not kinds:
            item.add_marker("core")


def refuse_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """For a test marked core: starting a process fails it, naming the mark it needs."""

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a core test started a process: it is a 'process' test")

    monkeypatch.setattr(subprocess.Popen, "__init__", refused)
