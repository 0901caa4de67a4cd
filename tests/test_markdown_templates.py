"""Markdown reports treat every printed value as text: ids, versions and question ids from an
imported file as much as what people typed, in a custom template as in ours (escaped unless the
template marks it safe, as autoescape does for HTML). A custom template that runs for ever,
takes too much memory or writes without end is stopped with one sentence, and a symbolic link
in a custom folder is refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assessor.answers import AnswerValue
from assessor.banks import load_builtin
from assessor.cli import main
from assessor.continuum import Stage
from assessor.report import isolated
from assessor.report.render import markdown_text
from assessor.sessions import begin
from assessor.store import Store
from assessor.terminal_text import visible

BANKS = load_builtin()
SCRIPT = "<script>alert('{}')</script>"
PARTNERSHIP = "Riverside <script>alert('name')</script> **bold** [x](http://example.invalid)"
# Markdown or HTML that was not escaped: a '<', '[' or '*' with no backslash before it
RAW = re.compile(r"(?<!\\)<script|(?<!\\)\]\(http|(?<!\\)\*\*bold")


def _assessment(db: Path) -> str:
    with Store(db) as store:
        assessment = begin(store, PARTNERSHIP, BANKS, lead="Sam <b>Lead</b>")
        for n, question in enumerate(BANKS.questions[:10]):
            value = AnswerValue.of(Stage.from_number(n % 5 + 1))
            store.record_answer(assessment.id, question.id, value, "words", f"note {n} <i>")
        store.set_status(assessment.id, complete=True)
    return assessment.id


@pytest.fixture
def assessed(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "a.db"
    return db, _assessment(db)


def _import(tmp_path: Path, db: Path, assessment_id: str, new_id: str, edit) -> str:
    """Export the assessment, edit the file as an attacker would, import it under `new_id`."""
    exported = tmp_path / f"{new_id}.json"
    assert main(["export", assessment_id, "--db", str(db), "-o", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["assessment"]["id"] = new_id
    edit(data)
    exported.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", str(exported), "--db", str(db)]) == 0
    return new_id


def _hostile_versions_and_question(data: dict) -> None:
    for bank in data["assessment"]["banks"]:
        bank["version"] += " " + SCRIPT.format("version")
    retired = dict(data["answers"][0], question_id="governance." + SCRIPT.format("question"))
    data["answers"].append(retired)
    data["questions"][retired["question_id"]] = "A question no longer asked"


def _hostile_bank(data: dict) -> None:
    data["assessment"]["banks"].append({"bank_id": SCRIPT.format("bank"), "version": "9"})


def test_ids_and_versions_from_an_import_are_escaped_in_markdown(
    tmp_path: Path, assessed, capsys
) -> None:
    db, assessment_id = assessed
    first = _import(tmp_path, db, assessment_id, "hostile-1", _hostile_versions_and_question)
    second = _import(tmp_path, db, assessment_id, "hostile-2", _hostile_bank)
    capsys.readouterr()
    written = {
        "report.md": ["report", first, "--format", "md"],
        "bank.md": ["report", second, "--format", "md"],
        "compare.md": ["compare", first, second, "--format", "md"],
    }
    for name, args in written.items():
        assert main([*args, "--db", str(db), "-o", str(tmp_path / name)]) == 0, args
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert markdown_text(SCRIPT.format("version")) in report
    assert markdown_text("governance." + SCRIPT.format("question")) in report
    comparison = (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert markdown_text(SCRIPT.format("version")) in comparison
    assert markdown_text(SCRIPT.format("bank")) in comparison
    for name in written:
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert not RAW.search(text), (name, RAW.search(text))


# A custom template that forgets the `md` filter, uses it, makes Markdown in a macro and a
# block, and vouches for some Markdown of its own.
CUSTOM = """\
# {{ report.assessment.partnership }}
Lead: {{ report.assessment.lead }}
Filtered: {{ report.assessment.partnership | md }}
{% macro strong(text) %}**{{ text }}**{% endmacro %}
Macro: {{ strong(report.assessment.partnership) }}
{% for q in report.domains[0].questions[:1] %}Note: {{ q.note }}{% endfor %}
Banks: {% for b in report.assessment.banks %}{{ b.id }} {{ b.version }}; {% endfor %}
Ours: {{ "*emphasis*" | safe }}
"""


@pytest.mark.process  # the package renders a custom template in a process of its own
def test_a_custom_markdown_template_escapes_user_text_without_being_told(
    tmp_path: Path, assessed, capsys
) -> None:
    db, assessment_id = assessed
    hostile = _import(tmp_path, db, assessment_id, "hostile-1", _hostile_versions_and_question)
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.md.j2").write_text(CUSTOM, encoding="utf-8")
    (brand / "compare.md.j2").write_text(
        "{% for a in report.assessments %}{{ a.lead }} {{ a.banks }}\n{% endfor %}",
        encoding="utf-8",
    )
    out = tmp_path / "custom.md"
    args = ["report", hostile, "--templates", str(brand), "--db", str(db), "-o", str(out)]
    assert main(args) == 0, capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    name = markdown_text(PARTNERSHIP)
    assert text.startswith(f"# {name}\nLead: Sam \\<b\\>Lead\\</b\\>\nFiltered: {name}\n")
    assert f"Macro: **{name}**\n" in text  # the macro's Markdown kept, its value escaped once
    assert "Note: note 0 \\<i\\>Banks: " in text  # trim_blocks: no line end after a tag
    version = load_builtin().bank("integration").version
    assert f"integration {version} " + markdown_text(SCRIPT.format("version")) in text
    assert "Ours: *emphasis*\n" in text
    assert not RAW.search(text), RAW.search(text)

    compared = tmp_path / "compare.md"
    args = ["compare", assessment_id, hostile, "--format", "md", "--templates", str(brand)]
    assert main([*args, "--db", str(db), "-o", str(compared)]) == 0
    text = compared.read_text(encoding="utf-8")
    assert "Sam \\<b\\>Lead\\</b\\>" in text and not RAW.search(text)
    assert markdown_text(SCRIPT.format("version")) in text


# Smaller limits, so that a test of each is quick; only the endless loop waits for the clock.
SMALL = isolated.Limits(memory_bytes=256 << 20, base_chars=1_000_000)
QUICK = isolated.Limits(seconds=3, memory_bytes=256 << 20, base_chars=1_000_000)


@pytest.mark.parametrize(
    "template, sentence",
    [
        (
            "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
            "the report template report.md.j2 ran for more than 3 seconds and was stopped",
        ),
        (
            "{{ 'x' * 10 ** 10 }}",
            "the report template report.md.j2 needed more memory than a report may use "
            "and was stopped",
        ),
        (
            "{% set s = namespace(t='ab') %}{% for i in range(60) %}"
            "{% set s.t = s.t ~ s.t %}{% endfor %}{{ s.t | length }}",
            "the report template report.md.j2 needed more memory than a report may use "
            "and was stopped",
        ),
        (
            "{% for i in range(99999) %}{% for j in range(99999) %}"
            "{{ 'y' * 100 }}{% endfor %}{% endfor %}",
            "the report template report.md.j2 wrote more than",
        ),
        (
            "{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(0) }}",
            "the report template report.md.j2 failed as it ran: maximum recursion depth",
        ),
    ],
    ids=["loops-for-ever", "huge-string", "doubling-string", "writes-without-end", "recursion"],
)
@pytest.mark.process  # the package renders a custom template in a process of its own
def test_a_runaway_custom_template_is_stopped_with_one_sentence(
    tmp_path: Path, assessed, capsys, monkeypatch, template: str, sentence: str
) -> None:
    db, assessment_id = assessed
    monkeypatch.setattr(isolated, "LIMITS", QUICK if "3 seconds" in sentence else SMALL)
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.md.j2").write_text(template, encoding="utf-8")
    out = tmp_path / "r.md"
    capsys.readouterr()
    args = ["report", assessment_id, "--templates", str(brand), "--db", str(db), "-o", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"assessor: {sentence}") and err.count("\n") == 1, err
    assert not out.exists()
    # the command goes on working: the same folder with a sound template renders
    monkeypatch.setattr(isolated, "LIMITS", isolated.Limits())
    (brand / "report.md.j2").write_text("{{ report.assessment.partnership }}\n", "utf-8")
    assert main(args) == 0
    assert out.read_text(encoding="utf-8") == markdown_text(PARTNERSHIP) + "\n"


@pytest.mark.process  # the package renders a custom template in a process of its own
def test_symbolic_links_in_a_templates_folder_are_refused(tmp_path: Path, assessed, capsys) -> None:
    """A link is refused wherever it is in the folder, naming it; the folder itself may be a
    link (the user named it)."""
    db, assessment_id = assessed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("a secret", encoding="utf-8")
    (elsewhere / "report.md.j2").write_text("{{ report.assessment.partnership }}\n", "utf-8")
    out = tmp_path / "r.md"

    def run(folder: Path) -> int:
        capsys.readouterr()
        args = ["report", assessment_id, "--templates", str(folder), "--db", str(db)]
        return main([*args, "-o", str(out)])

    linked_template = tmp_path / "linked-template"
    linked_template.mkdir()
    (linked_template / "report.md.j2").symlink_to(elsewhere / "report.md.j2")
    included = tmp_path / "included"
    (included / "parts").mkdir(parents=True)
    (included / "report.md.j2").write_text("{% include 'parts/secret.txt' %}\n", "utf-8")
    (included / "parts" / "secret.txt").symlink_to(elsewhere / "secret.txt")
    linked_folder = tmp_path / "linked-folder"
    linked_folder.mkdir()
    (linked_folder / "report.md.j2").write_text("{% include 'parts/secret.txt' %}\n", "utf-8")
    (linked_folder / "parts").symlink_to(elsewhere, target_is_directory=True)
    for folder, link in (
        (linked_template, linked_template / "report.md.j2"),
        (included, included / "parts" / "secret.txt"),
        (linked_folder, linked_folder / "parts"),
    ):
        assert run(folder) == 1, folder
        err = capsys.readouterr().err
        assert err == (
            f"assessor: --templates {folder} cannot be used: {link} is a symbolic link; "
            "templates are read only from real files in the folder\n"
        )
        assert not out.exists()
    folder_link = tmp_path / "brand"
    folder_link.symlink_to(elsewhere, target_is_directory=True)
    assert run(folder_link) == 0
    assert out.read_text(encoding="utf-8") == markdown_text(PARTNERSHIP) + "\n"


@pytest.mark.process  # the package renders a custom template in a process of its own
def test_our_templates_copied_to_a_custom_folder_render_the_same(tmp_path: Path, assessed) -> None:
    """A custom folder renders in a process of its own from the report's JSON: with copies of
    our templates, every report and comparison comes out byte for byte as ours."""
    from datetime import UTC, datetime

    from assessor.files.resources import templates_dir
    from assessor.report import render, report_for
    from assessor.report.comparison import comparison_for
    from assessor.report.render import render_comparison

    db, assessment_id = assessed
    second = _assessment(db)
    copies = tmp_path / "copies"
    copies.mkdir()
    for template in templates_dir().glob("*.j2"):
        (copies / template.name).write_bytes(template.read_bytes())
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with Store(db) as store:
        report = report_for(store, second, BANKS, now=now)
        comparison = comparison_for(store, [assessment_id, second], BANKS, now)
    assert report.moved_since is not None
    for fmt in ("md", "html"):
        assert render(report, fmt, copies) == render(report, fmt)
        assert render_comparison(comparison, fmt, copies) == render_comparison(comparison, fmt)


# Typed where a custom template might print it at the start of a line, each a block of its own.
LINE_STARTS = [
    "- a list item <b>bold</b>",
    "1. an ordered item & [a link](http://example.invalid)",
    "12) another `code` *em* __strong__",
    "+ plus ![image](x.png) <http://auto.invalid> ~~struck~~",
    "# a heading &lt;script&gt; &amp;",
    "> a quote | a pipe",
    "===",
    "---",
    "    indented code?",
    "<div>html block</div>",
]


@pytest.mark.process  # the package renders a custom template in a process of its own
def test_a_commonmark_parser_reads_custom_template_values_as_plain_text(
    tmp_path: Path, capsys
) -> None:
    """Parsed by a real CommonMark parser, each value a custom template prints (at the start of
    a line, with no filter) is one paragraph of exactly the text typed: no list, heading, rule,
    quote, code, link, emphasis, HTML or entity."""
    from markdown_it import MarkdownIt

    db = tmp_path / "l.db"
    with Store(db) as store:
        assessment = begin(store, "Lineshire", BANKS)
        for question, note in zip(BANKS.questions, LINE_STARTS, strict=False):
            store.record_answer(
                assessment.id, question.id, AnswerValue.of(Stage.ISOLATION), "", note
            )
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.md.j2").write_text(
        "{% for d in report.domains %}{% for q in d.questions if q.note %}"
        "{{ q.note }}\n\n"
        "{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    out = tmp_path / "r.md"
    args = ["report", assessment.id, "--templates", str(brand), "--db", str(db), "-o", str(out)]
    assert main(args) == 0, capsys.readouterr().err
    tokens = MarkdownIt("commonmark").parse(out.read_text(encoding="utf-8"))
    assert {t.type for t in tokens} == {"paragraph_open", "inline", "paragraph_close"}
    inlines = [t for t in tokens if t.type == "inline"]
    assert [{c.type for c in t.children or []} for t in inlines] == [{"text"}] * len(LINE_STARTS)
    assert ["".join(c.content for c in t.children or []) for t in inlines] == [
        " ".join(note.split()) for note in LINE_STARTS
    ]


def _plain(text: str) -> str:
    return " ".join(text.split())


# A bare list marker ("-", "1.") would start an empty list item at the start of a line: no text
# of the user's is read as Markdown, so it is left as it is ("-" is the reports' "no score").
BARE_MARKER = re.compile(r"[-+]|\d{1,9}[.)]")
MARKDOWN_TEXT = st.text(
    alphabet=st.sampled_from(list("\\`*_[]{}<>()|#!~&;:=+-.0123456789 \n\tabc/\"'"))
    | st.characters(),
    max_size=40,
)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(text=MARKDOWN_TEXT)
@example(text="&amp; &#60; &lt;")
@example(text="1. x")
@example(text="<http://a.invalid>")
def test_escaped_text_is_read_back_by_a_commonmark_parser_as_typed(text: str) -> None:
    """Whatever the text, Markdown-escaped and read as a document of its own (so at the start of
    a line), it is one paragraph of the text as typed, its whitespace joined and its control
    characters shown as `\\uXXXX`."""
    from markdown_it import MarkdownIt

    plain = _plain(text)
    if not plain or BARE_MARKER.fullmatch(plain):
        return
    tokens = MarkdownIt("commonmark").parse(markdown_text(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], tokens
    children = tokens[1].children or []
    assert {c.type for c in children} <= {"text"}, children
    read = "".join(c.content for c in children)
    assert read == visible(plain)


@pytest.mark.process  # the package renders a custom template in a process of its own
def test_a_custom_html_template_escapes_in_every_file_it_includes(
    tmp_path: Path, assessed, capsys
) -> None:
    """HTML is escaped by the format, not by each file's name: a part named `header.j2`,
    included by a custom `report.html.j2`, escapes user text too."""
    db, assessment_id = assessed
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.html.j2").write_text(
        "<main>{{ report.assessment.lead }}{% include 'header.j2' %}</main>\n", "utf-8"
    )
    (brand / "header.j2").write_text("<h1>{{ report.assessment.partnership }}</h1>", "utf-8")
    out = tmp_path / "r.html"
    args = ["report", assessment_id, "-f", "html", "--templates", str(brand), "--db", str(db)]
    assert main([*args, "-o", str(out)]) == 0, capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == (
        "<main>Sam &lt;b&gt;Lead&lt;/b&gt;<h1>Riverside &lt;script&gt;alert(&#39;name&#39;)"
        "&lt;/script&gt; **bold** [x](http://example.invalid)</h1></main>\n"
    )
