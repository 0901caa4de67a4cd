"""Hostile user text in every report format: rendered safely and literally, never evaluated.

User text here is everything a person types: the partnership, its area, the lead, notes, the
words of an answer, and a workshop's names, organisations, roles and rationales. Each carries
HTML, Markdown, jinja2 syntax, right-to-left text and emoji; some notes are very long, span
lines or look like spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from assessor.analysis.workshop import NO_CONSENSUS
from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.report import render, report_for
from assessor.report.comparison import comparison_for
from assessor.report.render import markdown_text, render_comparison
from assessor.sessions import begin
from assessor.store import Store
from assessor.store.records import AnswerFacts
from assessor.terminal_text import visible

BANKS = load_builtin()
NOW = datetime(2026, 11, 1, tzinfo=UTC)
FAMILY = "👨‍👩‍👧‍👦"
RTL = "שלום עולם مرحبا بالعالم \u202e"


def hostile(label: str) -> str:
    """`label`'s text with everything a renderer might act on; evaluated, it would read 'sum 49'."""
    return (
        f"{label}: <script>alert('{label}')</script> sum {{{{ 7*7 }}}} "
        f"{{% if true %}}yes{{% endif %}} ${{7*7}} | pipe | **bold** "
        f"[link](http://example.invalid) `code` # heading {RTL} {FAMILY} 🏠"
    )


PARTNERSHIP, AREA = hostile("partnership"), hostile("area")
FIRST_LEAD, SECOND_LEAD = hostile("first lead"), hostile("second lead")
WORDS = hostile("words")
NOTES = [
    hostile("note"),
    "long " + "x" * 5000,
    "line one\nline two\r\nline three | still the note",
    '=HYPERLINK("http://example.invalid")',
    f"{RTL} {FAMILY}",
]
# jinja2 blocks that would stop a template that took them for its own, not only change it
BLOCKS = "{% raw %} #{7*7} {{ '{{' }} {# a comment #} {% include 'report.md.j2' %}"

PEOPLE = [  # name, organisation, role
    (hostile("name a"), hostile("org x"), hostile("role a")),
    (hostile("name b"), hostile("org x"), hostile("role b")),
    (hostile("name c"), hostile("org y"), hostile("role c")),
]
RATIONALE = hostile("rationale")


def _individual(store: Store, lead: str, shift: int) -> str:
    assessment = begin(store, PARTNERSHIP, BANKS, lead=lead)
    for n, question in enumerate(BANKS.questions[:12]):
        stage = Stage.from_number((n + shift) % 5 + 1)
        note = NOTES[n % len(NOTES)]
        store.record_answer(assessment.id, question.id, AnswerValue.of(stage), WORDS, note)
    store.set_status(assessment.id, complete=True)
    return assessment.id


def _workshop(store: Store) -> str:
    governance = BANKS.select(["governance"])
    assessment = begin(store, PARTNERSHIP, governance, lead=FIRST_LEAD, mode="workshop")
    people = [store.add_participant(assessment.id, *person) for person in PEOPLE]
    questions = [q.id for q in governance.questions]
    for question_id in questions[:3]:  # org x as one voice at 2-3 against org y's 5: flagged
        for person, value in zip(people, (2, 3, 5), strict=True):
            rating = AnswerValue.of(Stage.from_number(value))
            store.record_answer(assessment.id, question_id, rating, participant_id=person.id)
        agreed = AnswerValue.of(Stage.COMMUNICATION)
        store.record_answer(
            assessment.id, question_id, agreed, "agree 2", NOTES[0], rationale=RATIONALE
        )
    for person, value in zip(people, (1, 3, 5), strict=True):  # parked: an 'agree' action
        rating = AnswerValue.of(Stage.from_number(value))
        store.record_answer(assessment.id, questions[3], rating, participant_id=person.id)
    skipped = AnswerValue.of(Special.SKIPPED)
    store.record_answer(
        assessment.id, questions[3], skipped, NO_CONSENSUS, facts=AnswerFacts(parked=True)
    )
    return assessment.id


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, str]:
    """Every format of: a report with a previous assessment, a workshop report, a comparison
    between two leads and one over time."""
    with Store(tmp_path_factory.mktemp("hostile") / "h.db") as store:
        first = _individual(store, FIRST_LEAD, 0)
        second = _individual(store, SECOND_LEAD, 2)
        store.set_area(PARTNERSHIP, AREA)
        workshop = _workshop(store)
        third = _individual(store, FIRST_LEAD, 4)
        report = report_for(store, second, BANKS, now=NOW)
        voices = report_for(store, workshop, BANKS, now=NOW)
        leads = comparison_for(store, [first, second], BANKS, NOW)
        over_time = comparison_for(store, [first, second, third], BANKS, NOW)
    assert report.moved_since is not None and voices.workshop is not None
    assert leads.between_leads and not over_time.between_leads
    assert [a.kind for a in voices.plan.actions].count("agree") == 1
    found = {}
    for name, made in (("report", report), ("workshop", voices)):
        for fmt in ("md", "html", "json", "csv"):
            found[f"{name}.{fmt}"] = render(made, fmt)
        found[f"{name}.plan.csv"] = render(made, "csv", plan=True)
    for name, compared in (("leads", leads), ("over_time", over_time)):
        for fmt in ("md", "html", "json"):
            found[f"{name}.{fmt}"] = render_comparison(compared, fmt)
    return found


# What each rendering must show, exactly as typed.
NAMES = [p[0] for p in PEOPLE]
ORGANISATIONS = [PEOPLE[0][1], PEOPLE[2][1]]
SHOWN = {
    "report": [PARTNERSHIP, AREA, SECOND_LEAD, FIRST_LEAD, *NOTES],
    "workshop": [PARTNERSHIP, AREA, FIRST_LEAD, *NAMES, *ORGANISATIONS, RATIONALE, NOTES[0]],
    "leads": [PARTNERSHIP, FIRST_LEAD, SECOND_LEAD],
    "over_time": [PARTNERSHIP, FIRST_LEAD, SECOND_LEAD],
}
IN_DATA_ONLY = {  # kept in JSON (and CSV), not shown in the documents
    "report": [WORDS],
    "workshop": [p[2] for p in PEOPLE],
}
KINDS = ["report", "workshop", "leads", "over_time"]


def _never_evaluated(text: str) -> None:
    """jinja2 syntax in user text stays text: evaluated, 'sum {{ 7*7 }}' would read 'sum 49'."""
    assert "sum 49" not in text and "sum \\49" not in text


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("kind", KINDS)
def test_html_escapes_user_text_and_shows_it_literally(rendered, kind: str) -> None:
    html = rendered[f"{kind}.html"]
    page = _Page()
    page.feed(html)
    page.close()
    assert "script" not in page.tags
    assert not re.search(r"<script|<a\b|href=", html, re.IGNORECASE)
    assert "&lt;script&gt;alert(" in html
    text = "".join(page.text)
    for value in SHOWN[kind]:  # the bidi override shown as \u202e, as a terminal shows it
        assert visible(value) in text, value[:60]
    assert "\u202e" not in html
    _never_evaluated(text)


def _cells(line: str) -> int:
    return len(re.split(r"(?<!\\)\|", line))


@pytest.mark.parametrize("kind", KINDS)
def test_markdown_escapes_user_text_and_keeps_its_tables_whole(rendered, kind: str) -> None:
    text = rendered[f"{kind}.md"]
    for value in SHOWN[kind]:
        assert markdown_text(value) in text, value[:60]
    assert "\\<script\\>alert(" in text and "\\{\\{ 7\\*7 \\}\\}" in text
    assert "\\| pipe \\|" in text and "\\*\\*bold\\*\\*" in text and "\\# heading" in text
    assert not re.search(r"(?<!\\)<script|(?<!\\)\{\{|(?<!\\)\]\(http", text)
    for line in text.splitlines():  # user text never starts a line of its own
        assert not re.match(r"(# heading|line two|line three|x{20})", line), line[:60]
    table: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            widths = {_cells(row) for row in table}
            assert len(widths) == 1, f"a table broken by user text: {table[0][:60]}"
        table = []
    _never_evaluated(text)


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


@pytest.mark.parametrize("kind", KINDS)
def test_json_keeps_user_text_exactly(rendered, kind: str) -> None:
    raw = rendered[f"{kind}.json"]
    strings = _strings(json.loads(raw))
    for value in SHOWN[kind] + IN_DATA_ONLY.get(kind, []):
        assert value in strings, value[:60]
    # the bidi override as JSON's own escape: the same data, no live override in the file
    assert FAMILY.encode() in raw.encode() and visible(RTL).encode() in raw.encode()
    assert "\u202e" not in raw
    _never_evaluated(raw)


@pytest.mark.parametrize("kind", ["report", "workshop"])
def test_csv_keeps_user_text_and_runs_no_formula(rendered, kind: str) -> None:
    answers = rendered[f"{kind}.csv"]
    plan = rendered[f"{kind}.plan.csv"]
    cells = []
    for text in (answers, plan):
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:], newline="")))
        assert len({len(row) for row in rows}) == 1  # no row broken by a line or a comma
        cells += [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    notes = NOTES if kind == "report" else [NOTES[0]]
    for note in notes:  # its bidi override shown as \u202e
        expected = visible("'" + note if note.startswith("=") else note)
        assert expected in cells or any(expected in c.split(" | ") for c in cells), note[:60]
    if kind == "report":
        assert visible(WORDS) in cells
    else:  # the 'agree' action quotes every voice by name
        assert any(all(visible(name) in cell for name in NAMES) for cell in cells)
    _never_evaluated(answers + plan)


def test_every_rendering_was_checked(rendered) -> None:
    checked = {f"{k}.{f}" for k in KINDS for f in ("md", "html", "json")}
    checked |= {f"{k}.{f}" for k in ("report", "workshop") for f in ("csv", "plan.csv")}
    assert set(rendered) == checked


def test_the_report_command_writes_hostile_text_as_typed(tmp_path: Path) -> None:
    """Through the command line too: each file holds the text as typed, in UTF-8, its bidi
    override shown as \\u202e (JSON's own escape of it in JSON)."""
    from assessor.cli import main

    db = tmp_path / "c.db"
    with Store(db) as store:
        assessment_id = _individual(store, FIRST_LEAD, 0)
        last = BANKS.questions[-1].id
        store.record_answer(assessment_id, last, AnswerValue.of(Stage.ISOLATION), BLOCKS, BLOCKS)
    for fmt in ("json", "md", "html"):
        target = tmp_path / f"r.{fmt}"
        args = ["report", assessment_id, "-f", fmt, "-o", str(target), "--db", str(db)]
        assert main(args) == 0, fmt
    data = json.loads((tmp_path / "r.json").read_bytes().decode("utf-8"))
    assert data["assessment"]["partnership"] == PARTNERSHIP
    assert [q["note"] for q in data["domains"][0]["questions"][: len(NOTES)]] == NOTES
    assert data["domains"][-1]["questions"][-1]["note"] == BLOCKS
    assert markdown_text(BLOCKS) in (tmp_path / "r.md").read_text(encoding="utf-8")
    page = _Page()
    page.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert BLOCKS in "".join(page.text) and visible(PARTNERSHIP) in "".join(page.text)


def test_a_comparison_with_areas_left_out_keeps_hostile_text_literal(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """The not-assessed lines, the change notes and the plan summary sit beside user text:
    the partnership and the leads stay literal, and the Markdown tables stay whole."""
    from assessor.cli import main

    db = tmp_path / "narrow.db"
    with Store(db) as store:
        first = _individual(store, FIRST_LEAD, 0)
        narrow = BANKS.select(["integration", "governance"])
        latest = begin(store, PARTNERSHIP, narrow, lead=SECOND_LEAD)
        for n, question in enumerate(narrow.questions):
            value = AnswerValue.of(Stage.from_number(n % 5 + 1))
            store.record_answer(latest.id, question.id, value, WORDS, NOTES[n % len(NOTES)])
        store.set_status(latest.id, complete=True)
        report = comparison_for(store, [first, latest.id], BANKS, NOW)
    assert report.not_assessed and report.between_leads
    markdown = render_comparison(report, "md")
    assert "not assessed in the second view" in markdown
    for typed in (PARTNERSHIP, FIRST_LEAD, SECOND_LEAD):
        assert markdown_text(typed) in markdown
    table: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            assert len({_cells(row) for row in table}) == 1, table[0][:60]
        table = []
    html = render_comparison(report, "html")
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags and "<summary>Which questions</summary>" in html
    assert visible(PARTNERSHIP) in "".join(page.text)
    _never_evaluated(markdown + html)
    monkeypatch.setattr("assessor.banks.load_builtin", lambda: BANKS)
    assert main(["compare", first, latest.id, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    # printed, its bidi override is shown as \u202e (test_terminal_escapes)
    assert out.startswith(f"Two views of {visible(PARTNERSHIP)}: ")
    assert "Data sharing: 6 questions not in the second view" in out
    _never_evaluated(out)
