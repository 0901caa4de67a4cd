"""Reading bank YAML safely, keeping where every key and item came from.

pyyaml's own constructors are avoided on purpose: they silently keep the last of two duplicate
keys, and YAML 1.1 turns plain `No`, `Yes`, `Off` or `1.10` into booleans and numbers. Here the
node tree is composed with the safe loader (no tags constructed) and converted by hand: every
plain scalar stays the text it is (pydantic converts the few numeric fields), `null`/`~`/empty
is None, and a duplicate key is a reported problem.

A hostile file is refused before it is converted, with its position: an alias that refers to a
node containing it (`a: &a [*a]`), aliases that repeat more than `MAX_ALIAS_NODES` nodes in all
(a "billion laughs" bomb expands a few lines into billions of nodes) or more than
`MAX_ALIAS_CHARS` characters of text in all (one long anchored text repeated by a few hundred
aliases is gigabytes once checked), and nesting deeper than `MAX_DEPTH`. The loader refuses a
file over `MAX_FILE_BYTES` before reading it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.resolver import Resolver

Path_ = tuple[str | int, ...]
# libyaml's parser where pyyaml was built with it (several times faster); the same node tree.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")

MAX_FILE_BYTES = 4_000_000  # about a thousand questions; the largest shipped bank is 48 kB
MAX_ALIAS_NODES = 100_000  # nodes that aliases may repeat in one file, in all
# characters of text that aliases may repeat in one file, in all: with it the expanded document
# holds at most twice the text of the largest file allowed, so checking it costs at most that
MAX_ALIAS_CHARS = MAX_FILE_BYTES
MAX_DEPTH = 64  # levels of nesting; a bank needs 8


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
    """The text is not YAML, or is YAML this reader refuses (an alias bomb, say), at a position."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _refused(mark: Any, message: str) -> YamlSyntaxError:  # pyyaml's or libyaml's Mark
    return YamlSyntaxError(mark.line + 1, mark.column + 1, message)


def _too_deep(mark: Any) -> YamlSyntaxError:
    return _refused(mark, f"nested more than {MAX_DEPTH} levels deep; a bank needs about 8")


try:  # libyaml's event parser where pyyaml was built with it; the events are the same
    from yaml._yaml import CParser as _EventParser

    def _start_events(loader: Any, text: str) -> None:
        _EventParser.__init__(loader, text)

except ImportError:  # pragma: no cover - pyyaml without libyaml
    from yaml.parser import Parser as _Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    # the pure-Python stand-in for libyaml's parser, under the same name
    class _EventParser(Reader, Scanner, _Parser):  # type: ignore[no-redef]
        pass

    def _start_events(loader: Any, text: str) -> None:
        Reader.__init__(loader, text)
        Scanner.__init__(loader)
        _Parser.__init__(loader)


class _AliasCheckingLoader(Composer, _EventParser, Resolver):
    """pyyaml's composer, refusing a recursive alias, an alias bomb or deep nesting at the
    alias or node that does it, before anything is expanded.

    Each node composed records how many nodes and characters of text (its scalars', keys
    included) it stands for once expanded (an alias inside it counted in full) and how deep it
    goes. An alias to a node that has no record yet is inside that node: recursive. Every alias
    adds the nodes and characters of its node to the totals repeated through aliases.
    """

    def __init__(self, text: str) -> None:
        _start_events(self, text)
        Composer.__init__(self)
        Resolver.__init__(self)
        self._extent: dict[int, tuple[int, int, int]] = {}  # id(node) -> (nodes, chars, height)
        self._depth = 0
        self._repeated = 0
        self._repeated_chars = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> Any:
        event: Any = self.peek_event()
        if isinstance(event, AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None:
                self._check_alias(event, target)
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise _too_deep(event.start_mark)
        self._depth += 1
        node = super().compose_node(parent, index)
        self._depth -= 1
        if isinstance(node, yaml.ScalarNode):
            self._extent[id(node)] = (1, len(node.value), 1)
            return node
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        extents = [self._extent[id(child)] for child in children]
        self._extent[id(node)] = (
            1 + sum(nodes for nodes, _, _ in extents),
            sum(chars for _, chars, _ in extents),
            1 + max((height for _, _, height in extents), default=0),
        )
        return node

    def _check_alias(self, event: Any, target: yaml.Node) -> None:
        name = f"'*{event.anchor}'"
        extent = self._extent.get(id(target))
        if extent is None:
            raise _refused(
                event.start_mark,
                f"the alias {name} refers to a node that contains it (a recursive alias)",
            )
        nodes, chars, height = extent
        self._repeated += nodes
        self._repeated_chars += chars
        if self._repeated > MAX_ALIAS_NODES:
            raise _refused(
                event.start_mark,
                f"the alias {name} takes the nodes repeated through aliases past "
                f"{MAX_ALIAS_NODES:,}, which no bank needs (an alias bomb?)",
            )
        if self._repeated_chars > MAX_ALIAS_CHARS:
            raise _refused(
                event.start_mark,
                f"the alias {name} takes the text repeated through aliases past "
                f"{MAX_ALIAS_CHARS:,} characters, which no bank needs (an alias bomb?)",
            )
        if self._depth + height > MAX_DEPTH:
            raise _too_deep(event.start_mark)


def _compose(text: str) -> yaml.Node | None:
    """The document's node tree. Without a '*' the text holds no alias and libyaml composes it
    alone (several times faster); otherwise the checking composer does."""
    if "*" not in text:
        return yaml.compose(text, Loader=_LOADER)
    loader = _AliasCheckingLoader(text)
    try:
        root: yaml.Node | None = loader.get_single_node()
        return root
    finally:
        loader.dispose()


def _convert(node: yaml.Node, path: Path_, out: Located, depth: int = 1) -> Any:
    if depth > MAX_DEPTH:
        raise _too_deep(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and _NULL.match(node.value):
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            out.marks[(*path, index)] = _at(item)
            items.append(_convert(item, (*path, index), out, depth + 1))
        return items
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, out, depth + 1)
            key = "" if key is None else str(key)
            child = (*path, key)
            if key in mapping:
                out.duplicates.append((child, _at(key_node)))
                continue
            out.marks[child] = _at(key_node)
            mapping[key] = _convert(value_node, child, out, depth + 1)
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


def _duplicate_anchor(text: str, line: int, column: int, first: Any) -> str:
    """pyyaml and libyaml word this one backwards ("second occurrence; found duplicate anchor;
    first occurrence"): say it plainly, naming the anchor."""
    lines = text.splitlines()
    found = (
        re.match(r"&[^\s,\[\]{}]+", lines[line - 1][column - 1 :]) if line <= len(lines) else None
    )
    name = found[0] if found else "an anchor"
    return (
        f"YAML syntax error: {name} is defined again (first at {first.line + 1}:{first.column + 1})"
    )


def load_located(text: str) -> Located:
    """Parse one YAML document; raise YamlSyntaxError with a position when it is not YAML."""
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "not valid YAML"
        message = f"YAML syntax error: {problem}{_context(error, text)}"
        if "duplicate anchor" in (error.context or "") and error.context_mark is not None:
            message = _duplicate_anchor(text, line, column, error.context_mark)
        raise YamlSyntaxError(line, column, message) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(1, 1, f"YAML syntax error: {error}") from None
    located = Located(data=None, marks={(): (1, 1)})
    if root is not None:
        located.data = _convert(root, (), located)
    return located
