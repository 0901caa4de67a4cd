"""The paper a partnership takes to its board (issue 18): the one-page board summary, printed by
a real headless Chromium; the full report as a board paper; High/Medium/Low priorities; honest
comparisons; and the report's format following the output file's extension."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessor.answers import AnswerValue, Special
from assessor.banks import load_builtin
from assessor.cli import main
from assessor.continuum import Stage
from assessor.report import render, report_for
from assessor.store import BankUse, Store

BANKS = load_builtin()
HOSTILE = "<b>bold</b> **strong** | [link](http://x) & <script>alert(1)</script>"
LONG_NAME = (
    "The Greater Riverside, Lakeside and Northern Valleys Family Hubs and Start for Life "
    "Partnership of Councils, NHS Trusts, Schools and Voluntary Organisations"
)
LONG_NOTE = (
    "We have a signed memorandum of understanding between the council, the integrated care "
    "board and the two community health trusts, reviewed every quarter by the programme board; "
    "the minutes record decisions and owners, but schools and the voluntary sector are not yet "
    "signatories and attendance from the police has been patchy since the spring restructure. "
) * 3


class Clock:
    """A store clock that moves on a little with each write, from a fixed day."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=30)
        return self.moment


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("headless Chromium is needed to print: apt-get install -y chromium")
    return found


def printed(html_file: Path) -> PdfReader:
    """`html_file` printed to PDF by headless Chromium, as a browser's Print would."""
    pdf = html_file.with_suffix(".pdf")
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html_file.resolve().as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return PdfReader(pdf)


def all_banks() -> list[BankUse]:
    return [BankUse(bank_id=b.id, version=b.version) for b in BANKS.banks]


def complete_assessment(store: Store, partnership: str = LONG_NAME, shift: int = 0) -> str:
    """Every question of all 8 banks answered, each with long words and a long note."""
    assessment = store.create_assessment(
        partnership, all_banks(), lead="Alexandra Montgomery-Fitzwilliam", area="Riverside " * 12
    )
    for number, question in enumerate(BANKS.questions):
        value = AnswerValue.of(Stage.from_number((number + shift) % 4 + 1))
        if number % 11 == 5:
            value = AnswerValue.of(Special.DONT_KNOW)
        words = f"In our partnership this is how it works today, mostly; {LONG_NOTE[:200]}"
        store.record_answer(assessment.id, question.id, value, words, LONG_NOTE)
    store.set_status(assessment.id, complete=True)
    return assessment.id


def workshop_assessment(store: Store, people: int = 36) -> str:
    """A workshop of `people` from nine organisations over all 8 banks, with spread ratings."""
    assessment = store.create_assessment(
        LONG_NAME, all_banks(), mode="workshop", lead="Jo Facilitator", area="Riverside " * 12
    )
    organisations = [
        f"{name} with a long official name"
        for name in (
            "Lakeside County Council",
            "Lakeside and District NHS Foundation Trust",
            "Integrated Care Board",
            "Lakeside Primary Schools Alliance",
            "Police",
            "Citizens Advice",
            "Parent Carer Forum",
            "Home-Start",
            "Housing Association",
        )
    ]
    roster = [
        store.add_participant(
            assessment.id,
            f"Person {n}",
            organisations[n % len(organisations)],
            f"Senior practitioner and service lead for early help {n % 5}",
        )
        for n in range(people)
    ]
    for number, question in enumerate(BANKS.questions):
        ratings = [
            (p.id, AnswerValue.of(Stage.from_number((number + i) % 5 + 1)))
            for i, p in enumerate(roster)
        ]
        store.record_ratings(assessment.id, question.id, ratings, "ratings", "Jo Facilitator")
        store.record_answer(
            assessment.id,
            question.id,
            AnswerValue.of(Stage.from_number(number % 4 + 1)),
            "agreed",
            LONG_NOTE[:300],
            rationale="the room agreed after discussion",
        )
    store.set_status(assessment.id, complete=True)
    return assessment.id


def write_board(db: Path, assessment_id: str, out: Path) -> str:
    args = ["report", assessment_id, "--db", str(db), "--format", "board", "-o", str(out)]
    assert main(args) == 0
    return out.read_text("utf-8")


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in_heading = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self._in_heading:
            self.headings[-1] += data

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_text(html: str) -> Text:
    parser = Text()
    parser.feed(html)
    parser.close()
    return parser


# 1. The board summary


def test_board_summary_of_a_complete_assessment_prints_on_one_a4_page(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Store(db, Clock(datetime(2025, 11, 3, 9, tzinfo=UTC))) as store:
        complete_assessment(store, shift=1)  # an earlier one: what moved lists every domain
    with Store(db) as store:
        assessment_id = complete_assessment(store)
    out = tmp_path / "board.html"
    assert (
        main(["report", assessment_id, "--db", str(db), "--format", "board", "-o", str(out)]) == 0
    )
    html = out.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    # self-contained: inline CSS, nothing loaded from anywhere
    assert not re.search(r"""(src|href)=|@import|url\(""", html)
    pdf = printed(out)
    assert len(pdf.pages) == 1
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = page_text(html).text
    assert "Alexandra Montgomery-Fitzwilliam, answering alone" in text
    assert assessment_id not in html  # no ids on the board's page
    for bank in BANKS.banks:
        assert bank.title in text
    # every bar has its words: the stage and the number, never colour alone
    assert (
        len(
            re.findall(
                r'class="bar-label">(isolation|communication|coordination|'
                r"collaboration|integration) \d\.\d<",
                html,
            )
        )
        == 8
    )
    assert text.count("Strongest:") == 1 and text.count("Weakest:") == 1
    assert "Coverage was lowest in" in text
    assert len(re.findall(r"<tr><td>\d</td>", html)) == 5
    assert re.search(r"(High|Medium|Low)</td></tr>", html)
    assert "Compared with the assessment of 3 November 2025, led by Alexandra" in text
    assert len(re.findall(r'<td class="change (up|down|)">', html)) == 8
    assert "The board is asked to: agree the targets and the owners." in text
    # the printed page says what matters: the partnership, the ask
    printed_text = " ".join(pdf.pages[0].extract_text().split())
    assert "The board is asked to:" in printed_text


def test_board_summary_of_a_large_workshop_prints_on_one_page(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with Store(db, Clock(datetime(2025, 11, 3, 9, tzinfo=UTC))) as store:
        complete_assessment(store, LONG_NAME, shift=2)
    with Store(db) as store:
        assessment_id = workshop_assessment(store, people=36)
    out = tmp_path / "workshop-board.html"
    html = write_board(db, assessment_id, out)
    assert len(printed(out).pages) == 1
    text = page_text(html).text
    # who took part: organisations and roles, never names or ids
    assert "Led by Jo Facilitator; 36 people:" in text
    assert "Lakeside County Council with a long official name:" in text
    assert "Person 7" not in text
    assert "Partners disagreed most on:" in text
    assert "Compared with the assessment of 3 November 2025" in text


@pytest.mark.parametrize("mode", ["individual", "workshop"])
def test_board_summary_escapes_user_text_in_html_and_markdown(tmp_path: Path, mode) -> None:
    db = tmp_path / "h.db"
    with Store(db) as store:
        assessment = store.create_assessment(
            HOSTILE, all_banks(), mode=mode, lead=HOSTILE, area=HOSTILE
        )
        if mode == "workshop":
            for n in range(3):
                store.add_participant(assessment.id, f"P{n}", f"{HOSTILE} {n}", HOSTILE)
        for number, question in enumerate(BANKS.questions):
            store.record_answer(
                assessment.id,
                question.id,
                AnswerValue.of(Stage.from_number(number % 5 + 1)),
                HOSTILE,
                HOSTILE,
                rationale=HOSTILE if mode == "workshop" else "",
            )
        store.set_status(assessment.id, complete=True)
        report = report_for(store, assessment.id, BANKS)
    html = render(report, "board")
    page = page_text(html)
    assert "<script>" not in html and "<b>bold" not in html and "href=" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b> **strong** | [link](http://x)" in page.text  # shown as typed
    markdown = render(report, "board-md")
    assert "<script>" not in markdown and "**strong**" not in markdown
    assert r"\<script\>" in markdown and r"\*\*strong\*\*" in markdown
    assert not re.search(r"(?<!\\)\]\(http", markdown)
    assert "**The board is asked to:** agree the targets and the owners." in markdown
    # a | in user text never breaks a table: every row of a table has its header's cells
    table: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            assert len({len(re.split(r"(?<!\\)\|", row)) for row in table}) == 1, table[0]
        table = []


def test_board_summary_as_markdown_for_an_email(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with Store(db) as store:
        assessment_id = complete_assessment(store, "Riverside")
    out = tmp_path / "board.md"
    # `--format board` to a .md file is the Markdown summary
    markdown = write_board(db, assessment_id, out)
    assert markdown.startswith("# Board summary: Riverside\n")
    assert "<" not in markdown.replace(r"\<", "")
    assert len(re.findall(r"^\| .* \| `[█░]{10}` \w+ \d\.\d", markdown, re.M)) == 8
    assert len(re.findall(r"^\| \d \| ", markdown, re.M)) == 5
    assert len(re.findall(r"^\d\. ", markdown, re.M)) == 3  # three key messages
    assert "There is no comparable earlier assessment" in markdown


# 4. Honest comparisons


def test_what_moved_is_against_the_last_assessment_with_questions_in_common(
    tmp_path: Path,
) -> None:
    db = tmp_path / "c.db"
    clock = Clock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    with Store(db, clock) as store:
        first = complete_assessment(store, "Riverside", shift=0)
        # a later assessment of other banks only: nothing in common with the one after it
        governance = [BankUse(bank_id="governance", version=BANKS.bank("governance").version)]
        other = store.create_assessment("Riverside", governance, lead="Kim")
        for question in BANKS.bank("governance").questions:
            store.record_answer(other.id, question.id, AnswerValue.of(Stage.COORDINATION))
        store.set_status(other.id, complete=True)
        clock.moment += timedelta(days=200)
        no_governance = [b for b in all_banks() if b.bank_id != "governance"]
        latest = store.create_assessment("Riverside", no_governance, lead="Sam")
        for number, question in enumerate(BANKS.questions):
            if question.id.startswith("governance."):
                continue
            store.record_answer(
                latest.id, question.id, AnswerValue.of(Stage.from_number((number + 1) % 4 + 1))
            )
        store.set_status(latest.id, complete=True)
        report = report_for(store, latest.id, BANKS)
        first_report = report_for(store, first, BANKS)
    assert report.moved_since is not None and report.moved_since.previous_id == first
    board = page_text(render(report, "board")).text
    assert "Compared with the assessment of 2 March 2026, led by Alexandra" in board
    full = page_text(render(report, "html")).text
    assert "Compared with the assessment of 2 March 2026" in full
    # the headline: one number per domain, with the basis in words
    assert re.search(
        r"Integration and relational practice ([+-]\d\.\d|no change) \(\d+ questions?\)", board
    )
    assert first_report.moved_since is None
    for fmt in ("board", "html", "md", "board-md"):
        assert "There is no comparable earlier assessment" in render(first_report, fmt)


# 5. The format follows the output file


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("r.html", "<!DOCTYPE html>"),
        ("r.HTM", "<!DOCTYPE html>"),
        ("r.md", "# Family hubs partnership self-assessment"),
        ("r.json", "{"),
    ],
)
def test_the_output_file_extension_chooses_the_format(
    tmp_path: Path, name: str, start: str
) -> None:
    db = tmp_path / "e.db"
    with Store(db) as store:
        assessment_id = complete_assessment(store, "Riverside")
    out = tmp_path / name
    assert main(["report", assessment_id, "--db", str(db), "-o", str(out)]) == 0
    assert out.read_text("utf-8").startswith(start)


def test_a_format_the_extension_contradicts_is_refused(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.db"
    with Store(db) as store:
        assessment_id = complete_assessment(store, "Riverside")
    out = tmp_path / "board.html"
    assert main(["report", assessment_id, "--db", str(db), "--format", "md", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert "--format md does not match" in err and "an HTML file name" in err
    assert not out.exists()
    assert main(["report", assessment_id, "--db", str(db), "-f", "json", "-o", str(out)]) == 1
    assert main(["report", assessment_id, "--db", str(db), "-f", "board-md", "-o", str(out)]) == 1
    assert not out.exists()
    # one that agrees is written
    assert main(["report", assessment_id, "--db", str(db), "-f", "html", "-o", str(out)]) == 0


def test_compare_follows_the_output_file_extension_too(tmp_path: Path, capsys) -> None:
    db = tmp_path / "cmp.db"
    with Store(db) as store:
        ids = [complete_assessment(store, "Riverside", shift) for shift in (0, 1)]
    out = tmp_path / "compare.html"
    assert main(["compare", *ids, "--db", str(db), "-o", str(out)]) == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    text = tmp_path / "compare.txt"
    assert main(["compare", *ids, "--db", str(db), "-o", str(text)]) == 0
    assert text.read_text("utf-8").startswith("Progress of Riverside")
    capsys.readouterr()
    wrong = tmp_path / "compare.md"
    assert main(["compare", *ids, "--db", str(db), "-f", "json", "-o", str(wrong)]) == 1
    assert "--format json does not match" in capsys.readouterr().err and not wrong.exists()


# 3. Priorities


def test_priorities_read_high_medium_low_and_never_rise_down_a_period(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    with Store(db) as store:
        assessment_id = complete_assessment(store, "Riverside")
        # a stretch target in a strong domain makes High priorities behind weaker domains' Lows
        store.set_target("Riverside", "workforce", Stage.INTEGRATION)
        report = report_for(store, assessment_id, BANKS)
    rank = {"High": 0, "Medium": 1, "Low": 2}
    html = render(report, "html")
    # each period's table, as printed: every priority a word, the most urgent first
    periods = html.split('<table class="plan">')[1:]
    assert len(periods) == 3
    seen = set()
    for period in periods:
        rows = period.split("</table>")[0].split("<tr>")[2:]
        said = [re.findall(r'<td class="note">([^<]*)</td>\s*</tr>', row)[0] for row in rows]
        words = [cell.split(" ")[0] for cell in said]
        assert set(words) <= set(rank), said[:3]
        assert [rank[w] for w in words] == sorted(rank[w] for w in words), words
        seen |= set(words)
    assert seen == set(rank)
    for fmt in ("md", "html"):
        text = unescape(render(report, fmt))
        assert text.count("High when the question's weight times the stages") == 1
        assert not re.search(r"priority \d|<td class=\"note\">\d", text, re.I)
    for horizon in ("now", "next", "later"):
        bands = [rank[a.priority_band] for a in report.plan.actions if a.horizon == horizon]
        assert bands == sorted(bands), horizon
    plan_rows = list(csv.DictReader(io.StringIO(render(report, "csv", plan=True).lstrip("\ufeff"))))
    assert {r["priority"] for r in plan_rows} == {"High", "Medium", "Low"}


# 2. The full report as a board paper


def test_full_report_prints_as_a_board_paper(tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    with Store(db) as store:
        assessment_id = complete_assessment(store, "Riverside")
        report = report_for(store, assessment_id, BANKS)
    out = tmp_path / "full.html"
    assert main(["report", assessment_id, "--db", str(db), "-o", str(out)]) == 0
    html = out.read_text("utf-8")
    parsed = page_text(html)
    # no raw ids in headings; the ids are in a small appendix
    for heading in parsed.headings:
        assert assessment_id not in heading
        assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", heading), heading
    assert "Identifiers" in parsed.headings
    assert html.index(assessment_id) > html.index(">Identifiers<")
    # the answers' own words and notes as evidence
    assert "In our partnership this is how it works today" in parsed.text
    assert "In their words:" in parsed.text
    # tables never split a row across pages; descriptors readable in print
    assert re.search(r"@media print \{[^@]*tr \{ break-inside: avoid;", html)
    pdf = printed(out)
    pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    # long notes are cut in the plan's narrow column and have room in the answers: no page is
    # left nearly empty by a row too tall to keep whole. A section's heading stays with its first
    # row, so the page before a section may end short, as the last page may.
    sections = tuple(unescape(h) for h in re.findall(r"<h2>([^<]*)</h2>", html))
    inside = [
        text
        for text, after in pairwise(pages)
        if not re.sub(r"^Page \d+ of \d+ ", "", after).startswith(sections)
    ]
    assert min(len(text) for text in inside) > 800
    assert re.search(r"td.descriptor \{ font-size: 8pt; color: var\(--ink\); \}", html)
    assert json.loads(render(report, "json"))["plan"]["priority_rule"]
