"""Hostile bank YAML: alias bombs, recursive aliases, deep nesting, odd ids and huge files are
refused with one located sentence each, never a traceback, a hang or a MemoryError."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import line_of
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assessor.banks import load_banks
from assessor.banks.yaml_source import (
    MAX_ALIAS_CHARS,
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    YamlSyntaxError,
    load_located,
)


def write(folder: Path, text: str, name: str = "bank.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(*paths: Path) -> list[str]:
    _, problems = load_banks(paths)
    return [str(p) for p in problems]


def validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor", "banks", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def billion_laughs() -> str:
    """Nine levels of nine aliases each: 9**9 (387 million) strings once expanded."""
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        lines.append(f"lol{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_the_alias_that_goes_past_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, billion_laughs())
    # lol0 to lol4 repeat 90 + 819 + 7,380 + 66,429 = 74,718 nodes through aliases; the first
    # alias of lol5 adds the 66,430 nodes of lol4
    (problem,) = problems_of(path)
    column = len("lol5: &l5 [") + 1
    assert problem == (
        f"{path}:6:{column}: the alias '*l4' takes the nodes repeated through aliases past "
        f"{MAX_ALIAS_NODES:,}, which no bank needs (an alias bomb?)"
    )


def test_the_command_refuses_an_alias_bomb_with_one_sentence(tmp_path: Path) -> None:
    path = write(tmp_path, billion_laughs())
    done = validate(path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert done.stderr.splitlines() == [
        f"{path}:6:12: the alias '*l4' takes the nodes repeated through aliases past 100,000, "
        "which no bank needs (an alias bomb?)",
        "1 problem found in 1 file(s).",
    ]


def test_a_long_text_repeated_through_aliases_is_refused_at_the_alias_past_the_limit(
    tmp_path: Path, small_bank_text: str
) -> None:
    """Few nodes but much text: a 100,000-character description repeated by 50 aliases in a
    question's keywords would be 5,000,000 characters once expanded."""
    text = small_bank_text.replace(
        "description: A small bank used by the tests.\n",
        f'description: &big "{"word " * 20_000}"\n',
    )
    keywords = "[" + ", ".join(["*big"] * 50) + "]"
    text = re.sub(r"(?m)^( +isolation: )\[.*\]$", rf"\g<1>{keywords}", text, count=1)
    assert text.count("*big") == 50
    path = write(tmp_path, text)
    # 40 aliases repeat 4,000,000 characters; the 41st goes past
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "*big" in row)
    column = text.splitlines()[line - 1].index("*big") + 1 + 40 * len("*big, ")
    sentence = (
        f"the alias '*big' takes the text repeated through aliases past "
        f"{MAX_ALIAS_CHARS:,} characters, which no bank needs (an alias bomb?)"
    )
    assert problems_of(path) == [f"{path}:{line}:{column}: {sentence}"]
    done = validate(path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"{path}:{line}:{column}: {sentence}",
        "1 problem found in 1 file(s).",
    ]


def test_recursive_aliases_are_refused_where_the_alias_is(tmp_path: Path) -> None:
    flow = write(tmp_path, "a: &a [*a]\n", "flow.yaml")
    block = write(tmp_path, "id: x\nq: &q\n  b:\n    - c\n    - *q\n", "block.yaml")
    nested = write(tmp_path, "a: &a [[b, {c: *a}]]\n", "nested.yaml")
    recursive = "refers to a node that contains it (a recursive alias)"
    assert problems_of(flow, block, nested) == [
        f"{flow}:1:8: the alias '*a' {recursive}",
        f"{block}:5:7: the alias '*q' {recursive}",
        f"{nested}:1:16: the alias '*a' {recursive}",
    ]
    done = validate(flow)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == f"{flow}:1:8: the alias '*a' {recursive}"


def test_an_anchor_defined_twice_is_named_where_it_is_defined_again(tmp_path: Path) -> None:
    with_alias = write(tmp_path, "a: &x [1]\nb: [&x 2, *x]\n", "alias.yaml")
    without = write(tmp_path, "a: &x [1]\nb: {c: &x 2}\n", "plain.yaml")
    assert problems_of(with_alias, without) == [
        f"{with_alias}:2:5: YAML syntax error: &x is defined again (first at 1:4)",
        f"{without}:2:8: YAML syntax error: &x is defined again (first at 1:4)",
    ]


def test_aliases_within_the_limit_still_load(tmp_path: Path, small_bank_text: str) -> None:
    text = small_bank_text.replace(
        "source: [002_b413fbeaef338fa7.txt]\nretired",
        "source: &seeds [002_b413fbeaef338fa7.txt]\nretired",
    ).replace("    source: [002_b413fbeaef338fa7.txt]", "    source: *seeds")
    assert text.count("*seeds") == 2
    path = write(tmp_path, text)
    bank_set, problems = load_banks([path])
    assert problems == []
    assert [q.source for q in bank_set.banks[0].questions] == [["002_b413fbeaef338fa7.txt"]] * 2


def test_a_list_or_a_mapping_as_an_id_is_a_located_problem(
    tmp_path: Path, small_bank_text: str
) -> None:
    as_list = write(
        tmp_path, small_bank_text.replace("id: sample\n", "id: [sample, x]\n"), "l.yaml"
    )
    as_map = write(tmp_path, small_bank_text.replace("id: sample\n", "id: {a: sample}\n"), "m.yaml")
    question = write(
        tmp_path,
        small_bank_text.replace("  - id: sample.board\n", "  - id: [sample.board]\n"),
        "q.yaml",
    )
    line = line_of(small_bank_text, "id: sample")
    for path in (as_list, as_map):
        done = validate(path)  # checked against the installed banks, as a custom bank is
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert f"{path}:{line}:1: id: input should be a valid string" in done.stderr.splitlines()
    done = validate(question)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (
        f"{question}:{line_of(small_bank_text, 'id: sample.board')}:5: questions[0].id: "
        "input should be a valid string" in done.stderr.splitlines()
    )


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    line = "description: " + "x" * 86 + "\n"  # 100 bytes
    path.write_text("id: huge\n" + line * (MAX_FILE_BYTES // 100), encoding="utf-8")
    size = path.stat().st_size
    assert size > MAX_FILE_BYTES
    assert problems_of(path) == [
        f"{path}:1:1: the file has {size:,} bytes; a bank file may have at most 4,000,000"
    ]
    done = validate(path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == (
        f"{path}:1:1: the file has {size:,} bytes; a bank file may have at most 4,000,000"
    )


def test_a_folder_or_a_device_is_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, Path("/dev/null")) == [
        f"{tmp_path}:1:1: a folder, not a bank file",
        "/dev/null:1:1: not a regular file",
    ]


def test_deep_nesting_is_refused_with_and_without_aliases(tmp_path: Path) -> None:
    plain = write(tmp_path, "a: " + "[" * 900 + "]" * 900 + "\n", "plain.yaml")
    starred = write(tmp_path, "a: '*'\nb: " + "[" * 900 + "]" * 900 + "\n", "starred.yaml")
    deep = "[" * 40 + "x" + "]" * 40
    through_alias = write(tmp_path, f"a: &a {deep}\nb: {'[' * 30}*a{']' * 30}\n", "alias.yaml")
    too_deep = f"nested more than {MAX_DEPTH} levels deep; a bank needs about 8"
    assert problems_of(plain, starred, through_alias) == [
        f"{plain}:1:{3 + MAX_DEPTH}: {too_deep}",
        f"{starred}:2:{3 + MAX_DEPTH}: {too_deep}",
        f"{through_alias}:2:34: {too_deep}",
    ]


# --- generated documents with anchors and aliases -------------------------------------------

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "text with spaces", "'*not an alias'"])
ANCHORS = ["a", "b", "c", "d"]


@st.composite
def node(draw: st.DrawFn, depth: int = 0) -> str:
    """A YAML node in flow style: a word, an alias (defined before, after, around it or never)
    or a list or mapping, any of them maybe anchored."""
    kinds = ["word", "alias"] + (["list", "map"] if depth < 4 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "alias":
        return "*" + draw(st.sampled_from(ANCHORS))
    anchor = draw(st.sampled_from([None, None, *ANCHORS]))
    prefix = f"&{anchor} " if anchor else ""
    if kind == "word":
        return prefix + draw(WORDS)
    children = draw(st.lists(node(depth + 1), max_size=4))
    if kind == "list":
        return prefix + "[" + ", ".join(children) + "]"
    keys = draw(st.lists(st.sampled_from(["k", "m", "n", "p", "q"]), max_size=len(children)))
    return prefix + "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, children, strict=False)) + "}"


def document(draw_node: str, block: bool) -> str:
    return f"top:\n  - {draw_node}\n  - end\n" if block else f"top: {draw_node}\n"


def assert_located(path: Path, text: str, problems: list[str]) -> None:
    lines = text.splitlines() or [""]
    for problem in problems:
        match = re.match(rf"^{re.escape(str(path))}:(\d+):(\d+): (.+)$", problem)
        assert match, problem
        line, column, message = int(match[1]), int(match[2]), match[3]
        assert 1 <= line <= len(lines) + 1 and column >= 1
        assert "\n" not in message
        alias = re.match(r"the alias '(\*\w+)'", message)
        if alias:  # the position is that of the alias itself
            assert lines[line - 1][column - 1 :].startswith(alias[1])
        anchor = re.match(r"YAML syntax error: (&\w+) is defined again", message)
        if anchor:  # and that of the anchor defined twice
            assert lines[line - 1][column - 1 :].startswith(anchor[1])


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(top=node(), block=st.booleans())
def test_generated_aliases_give_the_expanded_data_or_a_located_sentence(
    tmp_path: Path, top: str, block: bool
) -> None:
    text = document(top, block)
    path = write(tmp_path, text)
    _, problems = load_banks([path])  # never raises
    assert problems  # `top` alone is never a bank
    assert_located(path, text, [str(p) for p in problems])
    try:
        located = load_located(text)
    except YamlSyntaxError as error:
        event(f"refused: {error.message.split(' ')[1]}")
        return
    event("expanded")
    if not located.duplicates:  # expanded as pyyaml expands it (its words are all plain text)
        assert located.data == yaml.safe_load(text)


@SETTINGS
@given(top=node())
def test_a_generated_description_gives_a_bank_or_located_sentences(
    tmp_path: Path, small_bank_text: str, top: str
) -> None:
    text = small_bank_text.replace(
        "description: A small bank used by the tests.\n", f"description: {top}\n"
    )
    path = write(tmp_path, text)
    bank_set, problems = load_banks([path])
    assert_located(path, text, [str(p) for p in problems])
    event("a bank" if not problems else "problems")
    if not problems:
        assert bank_set.banks[0].description == yaml.safe_load(text)["description"].strip()


@SETTINGS
@given(data=st.data())
def test_alias_chains_expand_or_are_refused_past_the_limit(tmp_path: Path, data) -> None:
    """Layers of lists, each repeating the one before: refused exactly when the nodes or the
    characters that aliases repeat pass their limit, else expanded as pyyaml does."""
    width = data.draw(st.integers(1, 10))
    word = "x" * data.draw(st.sampled_from([1, 50, 5_000, 40_000]))
    repeats = data.draw(st.lists(st.integers(1, 10), min_size=1, max_size=8))
    lines = ["l0: &l0 [" + ", ".join([word] * width) + "]"]
    size, chars, repeated, repeated_chars = 1 + width, width * len(word), 0, 0
    first_past = None
    for level, count in enumerate(repeats, start=1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * count) + "]")
        for _ in range(count):  # alias by alias, as the composer counts
            repeated, repeated_chars = repeated + size, repeated_chars + chars
            if first_past is None and repeated > MAX_ALIAS_NODES:
                first_past = "nodes"
            elif first_past is None and repeated_chars > MAX_ALIAS_CHARS:
                first_past = "text"
        size, chars = 1 + count * size, count * chars
    text = "\n".join(lines) + "\n"
    path = write(tmp_path, text)
    _, problems = load_banks([path])
    assert_located(path, text, [str(p) for p in problems])
    bombs = [p.message for p in problems if "an alias bomb" in p.message]
    assert bool(bombs) == (first_past is not None)
    event(f"bomb: {first_past}" if bombs else "expanded")
    if bombs:
        assert re.search(rf"takes the {first_past} repeated through aliases past", bombs[0])
    else:
        assert load_located(text).data == yaml.safe_load(text)
