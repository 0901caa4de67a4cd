"""Similarity in meaning (the optional `meaning` extra, WordLlama's static embeddings).

With the model installed: an answer sharing no word with a stage's descriptor still ranks that
stage first, the model is read from the installed package's own files with the network made
unusable, and it embeds as WordLlama itself does. Without it (its import made impossible in a
real process): `stage_similarity` is None and the plain chat still answers.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import meaning

INSTALLED = importlib.util.find_spec("wordllama") is not None
needs_model = pytest.mark.skipif(
    not INSTALLED, reason="wordllama is not installed: pip install -e '.[test]' (or '.[meaning]')"
)
ROOT = Path(__file__).resolve().parent.parent


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", text.lower()))


def python(
    code: str, tmp_path: Path, *, blocker: str = "", stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`code` (or `-m module args`) run by a fresh interpreter, `blocker` its sitecustomize."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(textwrap.dedent(blocker), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "HOME": str(tmp_path / "home"),
        "ASSESSOR_DB": str(tmp_path / "a.db"),
        "ASSESSOR_CACHE_DIR": str(tmp_path / "cache"),
    }
    args = code.split() if code.startswith("-m ") else ["-c", textwrap.dedent(code)]
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


# sitecustomize bodies: the network made unusable, or the wordllama package made unimportable
NO_NETWORK = """
import sys

def _refuse(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname"):
        raise OSError("no network in this test: " + event)

sys.addaudithook(_refuse)
"""
NO_WORDLLAMA = """
import sys

class _Refuse:
    def find_spec(self, name, path=None, target=None):
        if name == "wordllama" or name.startswith("wordllama."):
            raise ImportError("wordllama is not installed here")
        return None

sys.meta_path.insert(0, _Refuse())
"""


@needs_model
def test_an_answer_sharing_no_word_with_a_descriptor_ranks_its_stage_first() -> None:
    question = load_builtin().question("case_management.case_system")
    answer = "If somebody wants our notes, we write up a quick overview and send it over."
    descriptor = question.levels.for_stage(Stage.COMMUNICATION)
    assert not words(answer) & words(descriptor), "the answer must share no word"

    similarity = meaning.stage_similarity(answer, question)

    assert similarity is not None and set(similarity) == set(Stage)
    assert max(similarity, key=similarity.__getitem__) is Stage.COMMUNICATION


@needs_model
def test_each_questions_stage_texts_are_embedded_once() -> None:
    question = load_builtin().question("governance.board")
    meaning.stage_similarity("we meet monthly", question)
    model = meaning._loaded()
    assert model is not None
    embedded = model._questions[question.id].descriptors

    meaning.stage_similarity("each of us decides alone", question)

    assert model._questions[question.id].descriptors is embedded


@needs_model
def test_the_model_can_be_read_on_a_thread_before_the_first_answer(tmp_path: Path) -> None:
    result = python(
        """
        import assessor.conversation.meaning as meaning
        assert meaning._model is None and not meaning._tried, "read on import"
        meaning.load_in_background().join(timeout=60)
        assert meaning._model is not None, "not read"
        print("read")
        """,
        tmp_path,
        blocker=NO_NETWORK,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "read"


@needs_model
def test_the_model_is_read_from_its_package_with_the_network_unusable(tmp_path: Path) -> None:
    result = python(
        """
        import logging, socket, sys
        try:
            socket.getaddrinfo("huggingface.co", 443)
        except OSError:
            pass
        else:
            raise SystemExit("the network is usable")
        import assessor.conversation.meaning as meaning
        heavy = [m for m in ("numpy", "tokenizers", "safetensors") if m in sys.modules]
        assert not heavy, f"loaded on import: {heavy}"
        from assessor.banks import load_builtin
        question = load_builtin().question("governance.board")
        assert "numpy" not in sys.modules, "loaded before the first call"
        similarity = meaning.stage_similarity("All partners sit on one board", question)
        assert similarity is not None, "no similarity"
        assert "wordllama" not in sys.modules, "wordllama's own code ran"
        assert not logging.getLogger().handlers, "the app's logging was changed"
        assert "requests" not in sys.modules and "huggingface_hub" not in sys.modules
        print("ok", len(similarity))
        """,
        tmp_path,
        blocker=NO_NETWORK,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok 5"
    assert not (tmp_path / "home").exists()  # nothing cached or downloaded under the home


@needs_model
def test_answers_are_embedded_as_wordllama_embeds_them(tmp_path: Path) -> None:
    result = python(
        """
        import importlib.util
        from pathlib import Path
        import numpy as np
        import assessor.conversation.meaning as meaning
        from wordllama import WordLlama

        folder = Path(importlib.util.find_spec("wordllama").submodule_search_locations[0])
        theirs = WordLlama.load(cache_dir=folder, disable_download=True)
        texts = ["Our budget is ours, theirs is theirs.", "one front door, MASH and EHA", "x"]
        ours = meaning._loaded().embed(texts)
        assert np.allclose(ours, theirs.embed(texts, norm=True), atol=1e-5), "differ"
        print("same")
        """,
        tmp_path,
        blocker=NO_NETWORK,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "same"


@needs_model
def test_a_damaged_model_file_gives_none_not_an_error(tmp_path: Path) -> None:
    fake = tmp_path / "site" / "wordllama"
    (fake / "weights").mkdir(parents=True)
    (fake / "tokenizers").mkdir()
    (fake / "__init__.py").write_text("raise SystemExit('wordllama code ran')\n", encoding="utf-8")
    (fake / meaning.WEIGHTS).write_bytes(b"not a safetensors file")
    (fake / meaning.TOKENIZER).write_text("{", encoding="utf-8")
    result = python(
        """
        import assessor.conversation.meaning as meaning
        from assessor.banks import load_builtin
        question = load_builtin().question("governance.board")
        print(meaning.stage_similarity("we meet monthly", question))
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


def test_without_wordllama_similarity_is_none_and_the_plain_chat_answers(tmp_path: Path) -> None:
    result = python(
        """
        import subprocess, sys
        import assessor.conversation.meaning as meaning
        from assessor.banks import load_builtin
        question = load_builtin().question("case_management.case_system")
        print(meaning.stage_similarity("we email summaries when asked", question))
        print(meaning.available())
        """,
        tmp_path,
        blocker=NO_WORDLLAMA,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "False"]

    chat = python(
        "-m assessor chat --plain --partnership Northshire --banks governance",
        tmp_path,
        blocker=NO_WORDLLAMA,
        stdin="All the partners sit on one board and it takes the decisions together\n",
    )
    assert chat.returncode == 0, chat.stderr
    assert "Traceback" not in chat.stderr
    reply = chat.stdout.split("> All the partners sit on one board", 1)[1]
    assert re.search(r"That sounds like \w+ \(\d\)", reply), chat.stdout
