"""Participants' comments in a workshop's report: each rating with what its person said with it.

In a room a comment is typed on the person's own device; in a workshop the facilitator types
someone's words with their rating ("GH 3 because ..."). Both are the rating's note, shown in the
transcript and the reveal, and here in the report's "Question by question": attributed as the
ratings are (name, and organisation in HTML), escaped in HTML and Markdown, exact in JSON.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chromium import chromium
from pypdf import PdfReader

from assessor.banks import load_builtin
from assessor.conversation import conversation_for
from assessor.conversation.workshop import WorkshopConversation
from assessor.report import render, report_for
from assessor.report.model import Report
from assessor.report.render import markdown_text
from assessor.room.room import Room
from assessor.sessions import begin
from assessor.store import Store
from assessor.terminal_text import visible

BANKS = load_builtin().select(["governance"])
# A comment with HTML, Markdown that would make a link, break a table or start code, and lines.
HOSTILE = (
    "<script>alert('AB')</script> <b>bold</b> [link](http://example.invalid) | pipe | "
    "`code` **strong** # heading\nsecond line"
)
PLAIN = "We meet at the partnership board, but the council signs off alone"
TYPED = "3 because the board only started in May"
ESCAPES = "\x1b[2J\x1b[31m\x07"  # clear the screen, red text, a bell (a ";" would split a line)


class Clock:
    def __call__(self) -> float:
        return 1000.0


def _rated_room(db: Path) -> tuple[str, str]:
    """A room of four: AB and EF comment on their devices, CD gives none, GH has no device and
    is typed for with their words; the room agrees. The workshop's id and the question's."""
    store = Store(db)
    assessment = begin(store, "Riverside", BANKS, mode="workshop")
    conversation = conversation_for(store, assessment.id, BANKS)
    assert isinstance(conversation, WorkshopConversation)
    conversation.start()
    room = Room.open(conversation, Clock())
    code = room.keys.code
    ab = room.join(code, "AB", "Riverside Council", "council", "10.0.0.1").token
    cd = room.join(code, "CD", "Riverside NHS Trust", "health", "10.0.0.2").token
    ef = room.join(code, "EF", "Home-Start Riverside", "voluntary", "10.0.0.3").token
    room.reply("add GH, Family Action, Manager")
    room.reply("ready")
    question = room.participant_view(ab).question
    assert question is not None
    room.rate(ab, question.id, "2", HOSTILE)
    room.rate(cd, question.id, "4", "")
    room.rate(ef, question.id, "3", PLAIN)
    said = [m.text for m in room.reply(f"GH {TYPED}")]
    if any("Is that right?" in text for text in said):
        said = [m.text for m in room.reply("yes")]
    assert any(text.startswith("Noted: GH 3") for text in said), said
    assert room.facilitator_view().reveal is not None  # everyone has rated
    assert room.reply("agree because the board is new")[0].text.startswith("Agreed:")
    room.close()
    store.close()
    return assessment.id, question.id


@pytest.fixture(scope="module")
def rated(tmp_path_factory) -> tuple[Report, str]:
    db = tmp_path_factory.mktemp("comments") / "room.db"
    assessment_id, question_id = _rated_room(db)
    with Store(db) as store:
        return report_for(store, assessment_id, load_builtin()), question_id


def test_the_report_keeps_each_rating_with_its_comment(rated) -> None:
    report, question_id = rated
    assert report.workshop is not None
    (question,) = [q for q in report.workshop.questions if q.question_id == question_id]
    assert [(r.participant, r.answer, r.comment) for r in question.ratings] == [
        ("AB", "communication", HOSTILE),
        ("CD", "collaboration", ""),
        ("EF", "coordination", PLAIN),
        ("GH", "coordination", TYPED),
    ]
    data = json.loads(render(report, "json"))
    (shown,) = [q for q in data["workshop"]["questions"] if q["question_id"] == question_id]
    assert [r["comment"] for r in shown["ratings"]] == [HOSTILE, "", PLAIN, TYPED]


def _voices_row(markdown: str, text: str) -> list[str]:
    """The cells of a question's row in "Question by question"."""
    table = markdown.split("### Question by question")[1].split("\n## ")[0]
    (row,) = [line for line in table.splitlines() if line.startswith(f"| {text} |")]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


def test_markdown_shows_the_comments_escaped_and_the_table_whole(rated) -> None:
    report, question_id = rated
    markdown = render(report, "md")
    text = markdown_text(load_builtin().question(question_id).text)
    who = _voices_row(markdown, text)[4]
    assert who == (
        f"AB communication: “{markdown_text(HOSTILE)}”, CD collaboration, "
        f"EF coordination: “{PLAIN}”, GH coordination: “{TYPED}”"
    )
    assert "\\<script\\>alert(" in who and "\\[link\\](http" in who and "\\`code\\`" in who
    assert "\\| pipe \\|" in who and "second line" in who
    table = markdown.split("### Question by question")[1].split("\n## ")[0]
    assert not re.search(r"(?<!\\)<script|(?<!\\)\]\(http|(?<!\\)`", table)
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert {len(re.split(r"(?<!\\)\|", row)) for row in rows} == {7}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Cells(HTMLParser):
    """The text of each element of class "voice" and "comment", and the tags inside them."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.found: dict[str, list[str]] = {"voice": [], "comment": []}
        self.inside: list[str] = []  # tags opened within a voice

    def handle_starttag(self, tag: str, attrs) -> None:
        kind = dict(attrs).get("class") or ""
        if "voice" in self.open:
            self.inside.append(f"{tag}.{kind}")
        if tag in VOID:
            return
        self.open.append(kind)
        if kind in self.found:
            self.found[kind].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for kind in self.found:
            if kind in self.open:
                self.found[kind][-1] += data


def test_html_shows_the_comments_escaped_beside_whose_they_are(rated) -> None:
    report, _question_id = rated
    html = render(report, "html")
    page = _Cells()
    page.feed(html)
    page.close()
    assert page.inside == ["span.comment"] * 3  # nothing a comment brought became a tag
    assert "&lt;script&gt;alert(" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert page.found["voice"] == [
        f"AB (Riverside Council) communication“{HOSTILE}”",
        "CD (Riverside NHS Trust) collaboration",
        f"EF (Home-Start Riverside) coordination“{PLAIN}”",
        f"GH (Family Action) coordination“{TYPED}”",
    ]
    assert page.found["comment"] == [f"“{HOSTILE}”", f"“{PLAIN}”", f"“{TYPED}”"]


def test_a_printed_report_shows_the_comments_whole(rated, tmp_path: Path) -> None:
    """Printed by headless Chromium as a browser's Print would, each comment is on the page."""
    report, _question_id = rated
    page = tmp_path / "report.html"
    page.write_text(render(report, "html"), "utf-8")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    printed = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    # compared without spaces: a line may break inside a comment, a PDF's text "ﬀ" for "ff"
    text = "".join(unicodedata.normalize("NFKC", printed).split())
    for comment in (PLAIN, TYPED, HOSTILE):
        assert "".join(comment.split()) in text, comment


def test_a_typed_comment_with_escapes_reaches_no_terminal_raw(tmp_path: Path) -> None:
    """A line typed with an escape sequence keeps it in the rating's note: a report shows it
    visibly, printed and written to a file alike."""
    db = tmp_path / "typed.db"
    with Store(db) as store:
        assessment = begin(store, "Riverside", BANKS, mode="workshop")
        chat = conversation_for(store, assessment.id, BANKS)
        chat.start()
        for line in ("add AB, Riverside Council", "add CD, NHS Trust", "ready"):
            chat.reply(line)
        for line in (f"AB 2, CD thinks it's collaboration {ESCAPES}", "yes", "agree"):
            chat.reply(line)
    env = {**os.environ, "ASSESSOR_DB": str(db)}
    said = f"thinks it's collaboration {ESCAPES}"
    as_written = {"md": markdown_text(said), "html": said.replace("'", "&#39;")}
    for fmt in ("md", "html"):
        shown = subprocess.run(
            [sys.executable, "-m", "assessor", "report", assessment.id, "-f", fmt],
            capture_output=True,
            env=env,
            timeout=120,
            check=True,
        )
        assert b"\x1b" not in shown.stdout and b"\x07" not in shown.stdout
        assert visible(as_written[fmt]) in shown.stdout.decode()
        written = tmp_path / f"report.{fmt}"
        subprocess.run(
            [sys.executable, "-m", "assessor", "report", assessment.id, "-f", fmt, "-o", written],
            capture_output=True,
            env=env,
            timeout=120,
            check=True,
        )
        kept = written.read_text("utf-8")
        assert "\x1b" not in kept and "\x07" not in kept
        assert visible(as_written[fmt]) in kept
