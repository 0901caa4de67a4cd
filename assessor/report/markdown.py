"""Text made literal in Markdown, by default: what `Markup` and autoescape are to HTML.

Every value a Markdown template prints passes through `finalize`, which escapes it unless it is
`MarkdownSafe`: what the `md` and `safe` filters return, and what the template itself made (a
macro's, a block's or a recursive loop's output, whose values were escaped as they were printed).
Concatenating a safe value with other text gives plain text again, escaped as a whole when it is
printed: text shown with too many backslashes, never Markdown or HTML that a value brought in.
"""

from __future__ import annotations

import re

from assessor.terminal_text import visible

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~&])")
# what makes a line a list item, a heading's underline or a rule, were the text to start one
_LIST_ITEM = re.compile(r"^([-+]|\d{1,9}[.)])(?=\s)")
_UNDERLINE = re.compile(r"^[-=](?=[-=\s]+$)")


class MarkdownSafe(str):
    """Text that is Markdown already: printed as it is."""

    __slots__ = ()


def markdown_text(value: object) -> MarkdownSafe:
    """User text made literal in Markdown: special characters escaped, one line, not the start
    of a list, a heading or a rule where it starts a line, and its control characters shown as
    `\\uXXXX` (`terminal_text.visible`), so a file holds no live escape and no bidi override."""
    if isinstance(value, MarkdownSafe):
        return value
    text = visible(_SPECIAL.sub(r"\\\1", " ".join(str(value).split())))
    text = _LIST_ITEM.sub(lambda m: m[1][:-1] + "\\" + m[1][-1], text, count=1)
    return MarkdownSafe(_UNDERLINE.sub(lambda m: "\\" + m[0], text, count=1))


def mark_safe(value: object) -> MarkdownSafe:
    """The `safe` filter of a Markdown template: the value is Markdown the template vouches for."""
    return value if isinstance(value, MarkdownSafe) else MarkdownSafe(str(value))


def finalize(value: object) -> str:
    """jinja2's hook for every printed value of a Markdown template: escaped, or, where it is
    Markdown already (`safe`, a macro's output), with its control characters shown all the
    same."""
    if isinstance(value, MarkdownSafe):
        return MarkdownSafe(visible(value))
    return markdown_text(value)
