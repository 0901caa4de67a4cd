"""Reading bank YAML safely, keeping where every key and item came from.

pyyaml's own constructors are avoided on purpose: they silently keep the last of two duplicate
keys, and YAML 1.1 turns plain `No`, `Yes`, `Off` or `1.10` into booleans and numbers. Here the
node tree is composed with the safe loader (no tags constructed) and converted by hand: every
plain scalar stays the text it is (pydantic converts the few numeric fields), `null`/`~`/empty
is None, and a duplicate key is a reported problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
# libyaml's parser where pyyaml was built with it (several times faster); the same node tree.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")


@dataclass
class Located:
    """A YAML document as plain data, with the 1-based position of every key and item."""

    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[Path_, tuple[int, int]]] = field(default_factory=list)

    def position(self, path: Path_) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.marks:
                return self.marks[path[:end]]
        return (1, 1)


class YamlSyntaxError(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, path: Path_, out: Located) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and _NULL.match(node.value):
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            out.marks[(*path, index)] = _at(item)
            items.append(_convert(item, (*path, index), out))
        return items
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, out)
            key = "" if key is None else str(key)
            child = (*path, key)
            if key in mapping:
                out.duplicates.append((child, _at(key_node)))
                continue
            out.marks[child] = _at(key_node)
            mapping[key] = _convert(value_node, child, out)
        return mapping
    raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover - composer never does


_OPENED = ("flow sequence", "flow mapping", "quoted scalar")  # in pyyaml's context words


def _context(error: yaml.MarkedYAMLError, text: str) -> str:
    """Where the construct that the error broke began, when that is elsewhere (an unclosed '[')."""
    mark, problem_mark = error.context_mark, error.problem_mark
    if mark is None or not error.problem or problem_mark is None:
        return ""
    if (mark.line, mark.column) == (problem_mark.line, problem_mark.column):
        return ""
    where = f"{mark.line + 1}:{mark.column + 1}"
    lines = text.splitlines()
    opener = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
    if opener in ("[", "{", '"', "'") and any(kind in (error.context or "") for kind in _OPENED):
        return f"; the '{opener}' opened at {where}"
    return f"; {error.context} that starts at {where}" if error.context else f"; see {where}"


def load_located(text: str) -> Located:
    """Parse one YAML document; raise YamlSyntaxError with a position when it is not YAML."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "not valid YAML"
        message = f"YAML syntax error: {problem}{_context(error, text)}"
        raise YamlSyntaxError(line, column, message) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(1, 1, f"YAML syntax error: {error}") from None
    located = Located(data=None, marks={(): (1, 1)})
    if root is not None:
        located.data = _convert(root, (), located)
    return located
