"""Similarity in meaning between an answer and each stage of its question, beyond shared words.

Evaluated as a source of evidence for the interpreter and not adopted (bench/README.md,
"Meaning"); kept here so `bench/meaning.py` can measure it again. Needs
`pip install wordllama==0.4.0.post1`: WordLlama's static token
embeddings (the l2_supercat model at 256 dimensions, 16 MB, shipped inside the `wordllama`
wheel). An answer and each stage's descriptor and examples are embedded as the mean of their
tokens' vectors; a stage's similarity is the cosine between the answer and those texts.

Strictly offline: only the two files inside the installed wordllama package folder are read
(its weights with safetensors, its tokenizer with tokenizers). Nothing of wordllama's own code
is imported, so no code path that could download runs, and its import-time
`logging.basicConfig` never touches the app's logging.

Lazy: nothing is loaded on import; the model is read on the first call (about 0.4 s, 0.15 s of
CPU, and 50 MB), or on a thread by `load_in_background`; each question's stage texts are
embedded on its first use. When wordllama (or numpy,
safetensors, tokenizers) is not installed or its files cannot be read, `stage_similarity`
returns None and the chat reads answers without it.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessor.continuum import STAGES, Stage

if TYPE_CHECKING:
    from assessor.banks.models import Question

# The files of the pinned wordllama release (pyproject's `meaning` extra), inside its package.
WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
TENSOR = "embedding.weight"
MAX_FILE_BYTES = 64_000_000
# The nearest examples whose mean is a stage's example similarity.
TOP_K = 2


@dataclass(frozen=True)
class Similarities:
    """Cosine similarity of one answer to each stage, by source."""

    descriptor: dict[Stage, float]  # to the stage's descriptor
    nearest_example: dict[Stage, float]  # to its nearest example (absent: no examples)
    top_examples: dict[Stage, float]  # mean of its TOP_K nearest examples (absent: none)


class _Model:
    """The embedding matrix and tokenizer, read from the installed wordllama package."""

    def __init__(self, folder: Path) -> None:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        for name in (WEIGHTS, TOKENIZER):
            size = (folder / name).stat().st_size
            if size > MAX_FILE_BYTES:
                raise OSError(f"{folder / name} has {size} bytes, over the limit")
        matrix = load_file(str(folder / WEIGHTS))[TENSOR]
        if matrix.ndim != 2:
            raise ValueError(f"{folder / WEIGHTS}: '{TENSOR}' is not a matrix")
        self._np = np
        self._matrix = matrix  # float16 as stored: half the memory; rows are averaged in float32
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._questions: dict[str, _StageTexts] = {}  # by question id

    def embed(self, texts: list[str]) -> Any:
        """Unit vectors, one row per text (a zero row for a text with no tokens)."""
        np = self._np
        rows = np.zeros((len(texts), self._matrix.shape[1]), dtype=np.float32)
        last = self._matrix.shape[0] - 1
        encodings = (
            [self._tokenizer.encode(texts[0], add_special_tokens=False)]
            if len(texts) == 1
            else self._tokenizer.encode_batch(texts, add_special_tokens=False)
        )
        for row, encoding in enumerate(encodings):
            if encoding.ids:
                ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, last)
                # the mean's direction: the sum, made unit length below
                vector = self._matrix[ids].astype(np.float32).sum(axis=0)
                norm = float(np.linalg.norm(vector))
                if norm > 0:
                    rows[row] = vector / norm
        return rows

    def stage_texts(self, question: Question) -> _StageTexts:
        """The question's descriptors and examples embedded: on first use, and again only if
        its texts changed."""
        cached = self._questions.get(question.id)
        if cached is not None and cached.question is question:
            return cached
        descriptors = tuple(question.levels.for_stage(s) for s in STAGES)
        examples = tuple(tuple(question.examples.for_stage(s)) for s in STAGES)
        texts = (descriptors, examples)
        if cached is None or cached.texts != texts:
            vectors = self.embed([*descriptors, *(text for mine in examples for text in mine)])
            ends = tuple(int(n) for n in self._np.cumsum([len(mine) for mine in examples]))
            cached = _StageTexts(
                question, texts, vectors[: len(STAGES)], vectors[len(STAGES) :], ends
            )
        else:  # the same texts in another copy of the question
            cached = replace(cached, question=question)
        self._questions[question.id] = cached
        return cached


@dataclass(frozen=True)
class _StageTexts:
    question: Question  # the question read last (frozen: the same object, the same texts)
    texts: tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]  # what was embedded
    descriptors: Any  # one unit vector a stage, in stage order
    examples: Any  # one unit vector an example, grouped by stage in stage order
    ends: tuple[int, ...]  # where each stage's examples end in `examples`


_lock = threading.Lock()
_model: _Model | None = None
_tried = False


def _package_folder() -> Path | None:
    """The installed wordllama package's folder, found without importing (running) it."""
    try:
        spec = importlib.util.find_spec("wordllama")
    except (ImportError, ValueError):  # blocked, or sys.modules["wordllama"] is None
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _loaded() -> _Model | None:
    """The model, read on the first call; None for good when it cannot be."""
    global _model, _tried
    with _lock:
        if not _tried:
            _tried = True
            folder = _package_folder()
            if folder is not None:
                try:
                    _model = _Model(folder)
                except Exception:
                    _model = None
        return _model


def load_in_background() -> threading.Thread:
    """Start reading the model on a daemon thread (call it once the first question is drawn),
    so that the first answer does not wait the ~0.4 s the reading takes."""
    thread = threading.Thread(target=_loaded, name="meaning-model", daemon=True)
    thread.start()
    return thread


def available() -> bool:
    """Whether similarity can be had (loads the model on first call)."""
    return _loaded() is not None


def similarities(text: str, question: Question) -> Similarities | None:
    """The answer's similarity to each stage's descriptor and examples; None without the model."""
    model = _loaded()
    if model is None:
        return None
    with _lock:
        stage_texts = model.stage_texts(question)
    answer = model.embed([text])[0]
    descriptor = dict(zip(STAGES, (stage_texts.descriptors @ answer).tolist(), strict=True))
    nearest: dict[Stage, float] = {}
    top: dict[Stage, float] = {}
    scores = (stage_texts.examples @ answer).tolist()
    start = 0
    for stage, end in zip(STAGES, stage_texts.ends, strict=True):
        if end > start:
            mine = sorted(scores[start:end], reverse=True)
            nearest[stage] = mine[0]
            top[stage] = sum(mine[:TOP_K]) / len(mine[:TOP_K])
        start = end
    return Similarities(descriptor, nearest, top)


def stage_similarity(text: str, question: Question) -> dict[Stage, float] | None:
    """How close in meaning the answer is to each stage of the question (higher is closer):
    the mean of its similarity to the stage's descriptor and to its nearest examples, or to the
    descriptor alone where the question has no examples. None when the model is not installed
    or cannot be read."""
    found = similarities(text, question)
    if found is None:
        return None
    return {
        stage: (found.descriptor[stage] + found.top_examples[stage]) / 2
        if stage in found.top_examples
        else found.descriptor[stage]
        for stage in STAGES
    }
