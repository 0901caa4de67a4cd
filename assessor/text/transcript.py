"""A conversation written out as Markdown, for the record of a session."""

from __future__ import annotations

from collections.abc import Iterable


def transcript_markdown(lines: Iterable[tuple[str, str]], title: str = "Conversation") -> str:
    """Each turn as a bold speaker and the text as a quote; user text is escaped, not rendered."""
    out = [f"# {title}", ""]
    for speaker, text in lines:
        out.append(f"**{speaker}:**")
        out.append("")
        for line in text.splitlines() or [""]:
            safe = line.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
            for special in "`*_[]#|":
                safe = safe.replace(special, "\\" + special)
            out.append(f"> {safe}" if safe else ">")
        out.append("")
    return "\n".join(out)
