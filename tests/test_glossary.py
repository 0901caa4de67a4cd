"""The glossary shipped with the banks: loaded and checked with them, located problems, merge
rules for a custom bank folder, its JSON schema, and the bank cache kept in step with it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import yaml
from conftest import DATA, column_of, line_of

from assessor.banks import load_bank_set, load_banks, load_builtin
from assessor.banks.cache import load_cached
from assessor.banks.glossary import SCHEMA_FILE_NAME, glossary_json_schema
from assessor.cli import main
from assessor.files.resources import GLOSSARY_FILE_NAME, banks_dir, builtin_bank_paths

SEED = "002_b413fbeaef338fa7.txt"  # the seed the small test bank cites
GLOSSARY = f"""schema_version: 1
terms:
  - term: TAF
    stands_for: team around the family
    definition: A meeting of the people working with one family, and the family.
    source: [{SEED}]
  - term: JSNA
    stands_for: joint strategic needs assessment
    definition: The area's own account of its needs, in this folder's words.
    source: [{SEED}]
"""


def bank_folder(tmp_path: Path, glossary: str = GLOSSARY) -> Path:
    """A custom bank folder: the small test bank and a glossary beside it."""
    folder = tmp_path / "custom"
    folder.mkdir()
    shutil.copy(DATA / "small_bank.yaml", folder / "sample.yaml")
    (folder / GLOSSARY_FILE_NAME).write_text(glossary, encoding="utf-8")
    return folder


def test_the_shipped_glossary_loads_with_the_banks_and_answers_by_any_name() -> None:
    glossary = load_builtin().glossary
    assert len(glossary.terms) >= 15
    jsna = glossary.find("jsna")
    assert jsna is not None and jsna.stands_for == "joint strategic needs assessment"
    assert glossary.find("Joint Strategic Needs Assessment") is jsna
    assert glossary.find("ICBs") is glossary.find("ICB") is not None  # a plural
    assert glossary.find("S.75") is glossary.find("section 75") is not None  # spacing, dots
    assert glossary.find("the point") is None
    assert not any(p.name == GLOSSARY_FILE_NAME for p in builtin_bank_paths())  # not a bank


def test_the_glossary_goes_through_the_bank_cache_and_a_change_to_it_is_seen(
    tmp_path: Path,
) -> None:
    folder = bank_folder(tmp_path)
    paths = [folder / "sample.yaml"]
    first = load_cached(paths)
    assert load_cached(paths) == first == load_bank_set(paths)
    assert first.glossary.find("TAF") is not None
    text = (folder / GLOSSARY_FILE_NAME).read_text("utf-8")
    (folder / GLOSSARY_FILE_NAME).write_text(
        text.replace("in this folder's words", "as changed"), "utf-8"
    )
    changed = load_cached(paths).glossary.find("JSNA")
    assert changed is not None and changed.definition.endswith("as changed.")


def test_a_custom_folder_glossary_adds_to_the_shipped_one_and_wins_on_a_shared_name(
    tmp_path: Path,
) -> None:
    folder = bank_folder(tmp_path)
    installed = load_builtin()
    bank_set = load_bank_set([folder / "sample.yaml"], context=installed)
    jsna = bank_set.glossary.find("joint strategic needs assessment")
    assert jsna is not None and jsna.definition.endswith("in this folder's words.")
    assert [t.term for t in bank_set.glossary.terms].count("JSNA") == 1
    assert bank_set.glossary.find("ICB") == installed.glossary.find("ICB")  # kept
    assert bank_set.select(["sample"]).glossary == bank_set.glossary
    alone = load_bank_set([folder / "sample.yaml"])  # without the shipped banks: its own only
    assert [t.term for t in alone.glossary.terms] == ["TAF", "JSNA"]


def test_validate_locates_each_problem_in_a_glossary(tmp_path: Path, capsys) -> None:
    text = (
        GLOSSARY.replace(f"[{SEED}]", "[003_76ce32e0df950d1.txt]", 1)
        + "  - term: Team Around The Family\n"
        + f"    source: [{SEED}]\n"
        + "  - term: DPIA\n"
        + "    definiton: A check of the risks to people's data.\n"
        + f"    source: [{SEED}]\n"
    )
    folder = bank_folder(tmp_path, text)
    assert main(["banks", "validate", str(folder / "sample.yaml")]) == 1
    shown = folder / GLOSSARY_FILE_NAME
    seed = line_of(text, "003_76ce")
    twice = line_of(text, "- term: Team Around")
    dpia = line_of(text, "- term: DPIA")
    typo = line_of(text, "definiton:")
    assert capsys.readouterr().err.splitlines() == [
        f"{shown}:{seed}:{column_of(text, '003_76ce')}: terms[0].source[0]: "
        "'003_76ce32e0df950d1.txt' is not a seed the banks cite "
        "(did you mean '003_76ce32e0df950d1f.txt'?)",
        f"{shown}:{twice}:5: terms[2]: 'definition' is missing",
        f"{shown}:{twice}:5: terms[2].term: 'Team Around The Family' is already a name of 'TAF'",
        f"{shown}:{dpia}:5: terms[3]: 'definition' is missing",
        f"{shown}:{typo}:5: terms[3].definiton: unknown key 'definiton' (did you mean "
        "'definition'?)",
        "5 problems found in 1 file(s).",
    ]


def test_a_glossary_given_by_name_is_checked_as_one(tmp_path: Path, capsys) -> None:
    folder = bank_folder(tmp_path, "schema_version: 2\nterms: []\n")
    assert main(["banks", "validate", str(folder / GLOSSARY_FILE_NAME)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{folder / GLOSSARY_FILE_NAME}:1:1: schema_version: this assessor reads "
        "schema_version 1, not 2"
    )
    assert main(["banks", "validate", str(banks_dir() / GLOSSARY_FILE_NAME)]) == 0
    assert "glossary terms: all valid" in capsys.readouterr().out


def test_the_shipped_glossary_is_checked_by_banks_validate(tmp_path: Path) -> None:
    _, problems = load_banks(builtin_bank_paths())
    assert problems == []
    broken = tmp_path / "banks"
    shutil.copytree(banks_dir(), broken)
    glossary = broken / GLOSSARY_FILE_NAME
    added = len(load_builtin().glossary.terms)
    glossary.write_text(glossary.read_text("utf-8") + "  - term: JSNA\n", "utf-8")
    _, problems = load_banks([broken / p.name for p in builtin_bank_paths()])
    assert [(p.file, p.where, p.message) for p in problems] == [
        (str(glossary), f"terms[{added}]", "'definition' is missing"),
        (str(glossary), f"terms[{added}]", "'source' is missing"),
        (str(glossary), f"terms[{added}].term", "'JSNA' is already a name of 'JSNA'"),
    ]


def test_committed_glossary_schema_matches_the_model(capsys) -> None:
    assert main(["banks", "schema", "--glossary"]) == 0
    printed = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(printed)
    committed = json.loads((banks_dir() / SCHEMA_FILE_NAME).read_text(encoding="utf-8"))
    assert committed == printed == glossary_json_schema(), (
        "question_banks/glossary.schema.json is stale: run "
        "`assessor banks schema --glossary > question_banks/glossary.schema.json`"
    )
    shipped = (banks_dir() / GLOSSARY_FILE_NAME).read_text("utf-8")
    assert shipped.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_FILE_NAME}"
    validator = jsonschema.Draft202012Validator(committed)
    assert [e.message for e in validator.iter_errors(yaml.safe_load(shipped))] == []


HOSTILE = "<script>alert(1)</script> **bold** | {{ 7*7 }}"


def test_a_report_lists_only_the_terms_its_questions_use_escaped(tmp_path: Path) -> None:
    """A custom folder's glossary with a hostile definition: the report's glossary holds the
    terms the small bank's questions and actions use, none other, as data in both formats."""
    from assessor.report import render, report_for
    from assessor.sessions import begin
    from assessor.store import Store

    glossary = f"""schema_version: 1
terms:
  - term: pooled budget
    definition: "{HOSTILE}"
    source: [{SEED}]
  - term: ICB
    stands_for: integrated care board
    definition: The NHS body that plans and pays for local NHS services.
    source: [{SEED}]
  - term: programme board
    also: [partnership board]
    definition: Where the partners' leaders decide together.
    source: [{SEED}]
"""
    folder = bank_folder(tmp_path, glossary)
    bank_set = load_bank_set([folder / "sample.yaml"])
    with Store(tmp_path / "r.db") as store:
        assessment = begin(store, "Riverside", bank_set)
        report = report_for(store, assessment.id, bank_set)
        markdown, html = render(report, "md"), render(report, "html")
    assert [(g.term, g.definition) for g in report.glossary] == [
        ("pooled budget", HOSTILE),
        ("programme board", "Where the partners' leaders decide together."),
    ]
    section = markdown.split("## Glossary\n", 1)[1]
    escaped = r"\<script\>alert(1)\</script\> \*\*bold\*\* \| \{\{ 7\*7 \}\}"
    assert f"- **pooled budget**: {escaped}" in section
    assert "- **programme board**: Where the partners' leaders decide together." in section
    assert "ICB" not in section
    assert "<script>" not in html and "<h2>Glossary</h2>" in html
    hostile = "&lt;script&gt;alert(1)&lt;/script&gt; **bold** | {{ 7*7 }}"
    assert f"<dt>pooled budget</dt><dd>{hostile}</dd>" in html


def test_the_shipped_report_has_a_glossary_of_the_terms_in_its_banks(tmp_path: Path) -> None:
    from assessor.report import render, report_for
    from assessor.sessions import begin
    from assessor.store import Store

    installed = load_builtin()
    governance = installed.select(["governance"])
    used = installed.glossary.mentioned_in(q.text for q in governance.questions)
    assert used, "the governance questions use no term of the glossary"
    term = used[0]
    with Store(tmp_path / "r.db") as store:
        assessment = begin(store, "Riverside", governance)
        report = report_for(store, assessment.id, installed)
        markdown, html = render(report, "md"), render(report, "html")
    terms = [g.term for g in report.glossary]
    assert term.term in terms and len(terms) < len(installed.glossary.terms)
    stands_for = f" ({term.stands_for})" if term.stands_for else ""
    assert f"- **{term.term}**{stands_for}: {term.definition}" in markdown
    assert f"<dt>{term.term}" in html and "<h2>Glossary</h2>" in html


def test_validate_warns_of_an_acronym_the_glossary_lacks_and_still_passes(
    tmp_path: Path, capsys
) -> None:
    folder = bank_folder(tmp_path)
    bank = folder / "sample.yaml"
    text = bank.read_text("utf-8").replace(
        "text: Who oversees the work?", "text: Who oversees the work with the EHCP and TAF leads?"
    )
    bank.write_text(text.replace("Convene the partners.", "Convene the EHCPs and ICBs."), "utf-8")
    assert main(["banks", "validate", str(bank)]) == 0
    out = capsys.readouterr()
    assert "all valid" in out.out
    line = line_of(text, "text: Who oversees")
    assert out.err.splitlines() == [
        f"{bank}:{line}:5: questions[0].text: 'EHCP' is not in the glossary: add it to "
        "glossary.yaml (warning)"
    ]  # once a bank (its plural too); TAF is the folder's, ICB the shipped glossary's


def test_validate_warns_of_an_acronym_in_a_keyword_or_an_example(tmp_path: Path, capsys) -> None:
    """What people say in the room is in the bank too: an example's or a keyword's acronym
    that the glossary lacks is warned about where it is written."""
    folder = bank_folder(tmp_path)
    bank = folder / "sample.yaml"
    text = bank.read_text("utf-8").replace(
        "      collaboration: [programme board]\n",
        "      collaboration: [programme board, the PCN signed it]\n"
        "    examples:\n"
        "      isolation: [Nobody looks at it; the EHCP team keeps its own list.]\n",
    )
    bank.write_text(text, "utf-8")
    assert main(["banks", "validate", str(bank)]) == 0
    out = capsys.readouterr()
    assert "all valid" in out.out
    keyword, example = line_of(text, "the PCN signed"), line_of(text, "the EHCP team keeps")
    assert out.err.splitlines() == [
        f"{bank}:{keyword}:{column_of(text, 'the PCN signed')}: "
        "questions[0].keywords.collaboration[1]: 'PCN' is not in the glossary: add it to "
        "glossary.yaml (warning)",
        f"{bank}:{example}:{column_of(text, 'Nobody looks')}: "
        "questions[0].examples.isolation[0]: 'EHCP' is not in the glossary: add it to "
        "glossary.yaml (warning)",
    ]


def test_banks_try_reads_a_term_question_against_the_folder_and_shipped_glossary(
    tmp_path: Path, capsys
) -> None:
    folder = bank_folder(tmp_path)
    bank = str(folder / "sample.yaml")
    for said in ("what is TAF?", "theory of change?"):  # the folder's term, a shipped one
        assert main(["banks", "try", "sample.board", said, "--bank", bank, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["command"] == "define"
    assert main(["banks", "try", "sample.board", "what is the point?", "--bank", bank]) == 0
    assert "command:" not in capsys.readouterr().out
