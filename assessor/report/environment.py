"""The jinja2 environments reports are rendered in: one for HTML, one for Markdown, both
sandboxed, so a template reaches the report's data and nothing of Python's.

User text is escaped by default in both: by autoescape in HTML, by `markdown.finalize` in
Markdown; in a custom template as in ours. In both, every printed value has its control
characters and bidi controls shown as `\\uXXXX` (`terminal_text.visible`), as the terminal
shows them: a report file holds no live escape sequence and no direction override. A custom
folder's templates come first, ours fill in the rest; a symbolic link in a custom folder is
refused, not followed.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.loaders import split_template_path
from jinja2.runtime import BlockReference, Context, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from assessor.continuum import Stage
from assessor.files.resources import templates_dir
from assessor.report.board import shortened
from assessor.report.charts import colour
from assessor.report.compiled import PrivateBytecodeCache
from assessor.report.markdown import finalize, mark_safe, markdown_text
from assessor.terminal_text import visible


class TemplateLinkError(TemplateError):
    """A symbolic link where a custom template (or a folder of them) should be."""


def symbolic_link_in(folder: Path) -> Path | None:
    """The first symbolic link inside `folder` (the folder itself may be one), if any."""
    for root, folders, files in os.walk(folder):
        for name in sorted([*folders, *files]):
            path = Path(root) / name
            if path.is_symlink():
                return path
    return None


def link_sentence(link: Path) -> str:
    return f"{link} is a symbolic link; templates are read only from real files in the folder"


class _RealFilesLoader(FileSystemLoader):
    """A folder's templates, refusing a symbolic link anywhere on the way to one (a link made
    after the folder was checked included)."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for root in self.searchpath:
            path = Path(root)
            for piece in split_template_path(template):
                path = path / piece
                if path.is_symlink():
                    raise TemplateLinkError(link_sentence(path))
        return super().get_source(environment, template)


class _MarkdownEnvironment(SandboxedEnvironment):
    """Sandboxed, and what a template makes itself (a macro, a block, a recursive loop) is
    Markdown already: its values were escaped as they were printed, so it is not escaped again,
    as autoescape marks the same output `Markup` in HTML."""

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        made = super().call(context, obj, *args, **kwargs)
        if isinstance(obj, Macro | BlockReference | LoopContext) or isinstance(
            getattr(obj, "__self__", None), BlockReference
        ):
            return mark_safe(made)
        return made


def html_finalize(value: object) -> object:
    """jinja2's hook for every printed value of an HTML template, before autoescape: its
    control characters shown (HTML the template made, `Markup`, stays HTML)."""
    if isinstance(value, Markup):
        return Markup(visible(value))
    if isinstance(value, str):
        return visible(value)
    return value


ANSWER_WORDS = {"dont-know": "don't know", "not-applicable": "not applicable", "skipped": "skipped"}


def answer_words(value: object) -> str:
    """An answer as people say it: don't know, not applicable, skipped, or the stage."""
    text = "" if value is None else str(value)
    return ANSWER_WORDS.get(text, text)


def rating_said(value: object) -> str:
    """A workshop rating as the room says it: a stage's number, a special answer in words,
    "abstains" for none."""
    if value is None:
        return "abstains"
    text = str(value)
    stage = next((s for s in Stage if s.value == text), None)
    return str(stage.value_number) if stage is not None else ANSWER_WORDS.get(text, text)


def own_words(words: object) -> str:
    """What the person said, where it is more than a number or a stage's name: evidence in
    their own words for a report to show beside their note."""
    text = " ".join(str(words or "").split())
    return text if len(text.split()) > 2 else ""


FILTERS: dict[str, Callable[..., Any]] = {
    "own_words": own_words,
    # a long note cut at a word, where a table's narrow column shows it (in full elsewhere)
    "excerpt": lambda text, limit: shortened(str(text), int(limit)),
    "md": markdown_text,
    "colour": colour,
    "one_decimal": lambda v: "-" if v is None else f"{v:.1f}",
    "percent": lambda v: f"{round(v * 100)}%",
    "answer": answer_words,
    "rating": rating_said,
}


@functools.lru_cache(maxsize=8)
def template_environment(fmt: str, custom: str | None) -> SandboxedEnvironment:
    """The environment for `fmt` ("md" or "html") and a custom folder, one per process, so a
    template is compiled once (compiling is most of a render's time), and kept compiled between
    runs in the user's cache folder (`compiled`); a template changed on disk is compiled
    again."""
    loaders: list[FileSystemLoader] = [FileSystemLoader(str(templates_dir()))]
    if custom is not None:
        loaders.insert(0, _RealFilesLoader(custom))
    options: dict[str, Any] = {
        "loader": ChoiceLoader(loaders),
        "bytecode_cache": PrivateBytecodeCache(fmt),
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if fmt == "html":
        env = SandboxedEnvironment(autoescape=True, finalize=html_finalize, **options)
    else:
        env = _MarkdownEnvironment(autoescape=False, finalize=finalize, **options)
        env.filters["safe"] = mark_safe
    env.filters.update(FILTERS)
    return env
