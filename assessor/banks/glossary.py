"""The glossary shipped with the banks: plain words for every acronym and term of art they use.

`glossary.yaml` sits in a bank folder beside the bank files (schema version 1, checked like a
bank, its problems located at file:line:column). A set of banks carries the glossary of its
folder; a custom bank folder's own `glossary.yaml` adds to the shipped one, and a term it
defines under a name the shipped glossary also knows (its term, `stands_for` or an `also` name)
replaces the shipped entry (`Glossary.merged`). Within one file a name may be used only once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from assessor.banks.models import SCHEMA_VERSION, SchemaVersion, Text, _Strict
from assessor.files.resources import GLOSSARY_FILE_NAME as FILE_NAME

if TYPE_CHECKING:
    from assessor.banks.yaml_source import Path_

SCHEMA_FILE_NAME = "glossary.schema.json"
_LOOSE = re.compile(r"[\s\-.'\u2019]+")


def name_key(name: str) -> str:
    """A name as looked up: case, hyphens, dots and spaces do not matter ("S.75" = "s75")."""
    return _LOOSE.sub("", name.casefold())


def _is_acronym(name: str) -> bool:
    """ "JSNA", "MoU", "ICBs": one word with two capitals or more, matched as written."""
    return " " not in name and sum(c.isupper() for c in name) >= 2


class Term(_Strict):
    term: Text = Field(description="The name used in the banks: 'JSNA', 'theory of change'.")
    stands_for: Text | None = Field(
        default=None, description="What an acronym stands for; only for acronyms."
    )
    also: list[Text] = Field(
        default_factory=list, description="Other names people type for the same thing."
    )
    definition: Text = Field(
        description="One plain sentence or two, for anyone in the room (a parent governor, a "
        "VCS volunteer)."
    )
    source: list[Text] = Field(min_length=1, description="Seed files the definition comes from.")

    @property
    def names(self) -> list[str]:
        return [self.term, *([self.stands_for] if self.stands_for else []), *self.also]

    @property
    def heading(self) -> str:
        """'JSNA (joint strategic needs assessment)', or the term alone."""
        return f"{self.term} ({self.stands_for})" if self.stands_for else self.term


class Glossary(_Strict):
    schema_version: SchemaVersion
    terms: list[Term] = Field(default_factory=list)

    @classmethod
    def empty(cls) -> Glossary:
        return cls(schema_version=SCHEMA_VERSION)

    @cached_property
    def _by_name(self) -> dict[str, Term]:
        found: dict[str, Term] = {}
        for term in self.terms:
            for name in term.names:
                found.setdefault(name_key(name), term)
        return found

    def find(self, name: str) -> Term | None:
        """The term `name` names (any of its names; a plural 's' allowed), or None."""
        key = name_key(name)
        term = self._by_name.get(key)
        if term is None and key.endswith("s") and len(key) > 2:
            term = self._by_name.get(key[:-1])
        return term

    def merged(self, other: Glossary) -> Glossary:
        """This glossary with `other`'s terms added; one of `other`'s replaces any term here
        that shares a name with it."""
        taken = {name_key(n) for t in other.terms for n in t.names}
        kept = [t for t in self.terms if not any(name_key(n) in taken for n in t.names)]
        return Glossary(schema_version=SCHEMA_VERSION, terms=[*kept, *other.terms])

    @cached_property
    def _patterns(self) -> list[tuple[Term, re.Pattern[str]]]:
        found = []
        for term in self.terms:
            loose = [n for n in term.names if not _is_acronym(n)]
            parts = [re.escape(n) for n in term.names if _is_acronym(n)]
            parts += ["(?i:" + r"[\s-]+".join(map(re.escape, n.split())) + ")" for n in loose]
            found.append((term, re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")s?(?![\w-])")))
        return found

    def mentioned_in(self, texts: Iterable[str]) -> list[Term]:
        """The terms any of `texts` uses, by any of their names, in glossary order. An acronym
        counts only as written ("ICB", not "icb"); other names in any case."""
        texts = list(texts)
        if any(_APART in n for t in self.terms for n in t.names):
            return [t for t, pattern in self._patterns if any(pattern.search(x) for x in texts)]
        # One search of the texts joined by a character no name holds: no match can span it,
        # and it is neither a word character nor '-', so at each text's edges the patterns'
        # look-arounds see what they see at the start or end of that text alone.
        joined = _APART.join(texts)
        return [t for t, pattern in self._patterns if pattern.search(joined)]


def glossary_files(paths: Iterable[Path | str]) -> list[Path]:
    """The glossaries that go with these bank files: any given by name (`glossary.yaml`), and
    the `glossary.yaml` beside the bank files, in the order their folders first appear."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        candidate = path if path.name == FILE_NAME else path.parent / FILE_NAME
        if candidate not in found and (candidate == path or candidate.is_file()):
            found.append(candidate)
    return found


_APART = "\x00"  # joins the texts searched for terms (see `mentioned_in`)
_ACRONYM = re.compile(r"(?<![\w-])(?=(?:[a-z&]*[A-Z]){2})[A-Z][A-Za-z&]*(?![\w-])")
_TEXT_FIELDS = ("title", "description")
_QUESTION_TEXT = ("text", "help", "evidence")


def _texts(bank: Any) -> Iterator[tuple[Path_, str]]:
    """(path, text) of every field of a bank's plain data that a person reads or says: its
    questions, descriptors and actions, and the keywords and examples in people's own words."""
    if not isinstance(bank, dict):
        return
    for key in _TEXT_FIELDS:
        if isinstance(bank.get(key), str):
            yield (key,), bank[key]
    questions = bank.get("questions")
    for qi, question in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(question, dict):
            continue
        for key in _QUESTION_TEXT:
            if isinstance(question.get(key), str):
                yield ("questions", qi, key), question[key]
        for part in ("levels", "keywords", "examples", "actions"):
            stages = question.get(part)
            for stage, value in stages.items() if isinstance(stages, dict) else ():
                if isinstance(value, str):  # a descriptor
                    yield ("questions", qi, part, stage), value
                for ai, item in enumerate(value if isinstance(value, list) else []):
                    if isinstance(item, str):  # a keyword or an example
                        yield ("questions", qi, part, stage, ai), item
                    for key in ("text", "owner"):
                        if isinstance(item, dict) and isinstance(item.get(key), str):
                            yield ("questions", qi, part, stage, ai, key), item[key]


def unexplained_acronyms(bank: Any, glossary: Glossary) -> Iterator[tuple[Path_, str]]:
    """(path, acronym) for the first use in each field of an acronym ("EHCP", "KPIs") that the
    glossary does not define, from a bank's plain data; each acronym once per bank."""
    said: set[str] = set()
    for path, text in _texts(bank):
        for acronym in _ACRONYM.findall(text):
            single = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
            if single not in said and glossary.find(acronym) is None:
                said.add(single)
                yield path, acronym


def glossary_json_schema() -> dict[str, Any]:
    """The JSON Schema of a glossary file, for editors (yaml-language-server) and checks."""
    schema = Glossary.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def check_glossary(raw: Any, known_sources: frozenset[str]) -> Iterator[tuple[Path_, str]]:
    """(path, message) for each problem across terms, from the file's plain data: a name used
    twice, a source that is not one of `known_sources` (the seeds the banks cite; unchecked
    when empty)."""
    from assessor.suggest import did_you_mean

    terms = raw.get("terms") if isinstance(raw, dict) else None
    if not isinstance(terms, list):
        return
    seen: dict[str, str] = {}
    for index, term in enumerate(terms):
        if not isinstance(term, dict):
            continue
        first = term.get("term") if isinstance(term.get("term"), str) else f"terms[{index}]"
        named: list[tuple[Path_, Any]] = [(("term",), term.get("term"))]
        named.append((("stands_for",), term.get("stands_for")))
        also = term.get("also")
        if isinstance(also, list):
            named += [(("also", i), name) for i, name in enumerate(also)]
        own: set[str] = set()
        for where, name in named:
            if not isinstance(name, str) or not name.strip():
                continue
            key = name_key(name)
            if key in own:
                continue
            own.add(key)
            if key in seen:
                yield ("terms", index, *where), f"'{name.strip()}' is already a name of {seen[key]}"
            else:
                seen[key] = f"'{first}'"
        sources = term.get("source")
        if known_sources and isinstance(sources, list):
            for si, source in enumerate(sources):
                if isinstance(source, str) and source.strip() not in known_sources:
                    yield (
                        ("terms", index, "source", si),
                        f"'{source.strip()}' is not a seed the banks cite"
                        + did_you_mean(source.strip(), sorted(known_sources)),
                    )
