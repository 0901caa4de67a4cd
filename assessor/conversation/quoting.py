"""The person's own words a proposal was read from, exactly as typed: what the bot quotes when
it says why ("because you said 'separate systems' and 'emailing'").

The reading names them in `Reading.because`. Until it does, they are found again in the text
from `Reading.matched` (the words and phrases the reading counted, some in their dictionary
form): each is looked for among the answer's own words, compared by stem, and the stretch of
the answer it covers is quoted as typed. What a quote holds is user text: a face shows it
literally (the app) or visibly (a terminal), never as markup.

Only words that carry evidence for the stage are quoted (`telling`): never a common word or
verb alone ("see", "put"), never the question's own words ("journey" to a question about
journey maps) unless they are part of a longer phrase the stage's descriptor, keywords or
examples say ("journey map"), the longest such phrase then. Where nothing is left the reason
quotes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.understanding.evidence import APART
from assessor.conversation.understanding.reading import Reading
from assessor.conversation.understanding.reasons import NOT_A_REASON
from assessor.words.text import STOPWORDS, is_negation, normalise, quote_start, stem, tokens

MAX_QUOTES = 3  # more than this and the reason is longer than the proposal
MAX_QUOTED_WORDS = 8  # a longer stretch is the whole answer again, not a reason
_TYPED = re.compile(r"[\w'\u2019\-]+")
_LINE_BREAK = re.compile(r"\r\n|\n|\t| {2,}")
# Verbs too common to be evidence of a stage alone, in any form ("put", "gets", "taking"); the
# rest of the words too common to quote are the interpreter's own (`NOT_A_REASON`).
COMMON_VERBS = frozenset(
    "see sees seen saw put puts putting get gets got getting do does did doing done have has "
    "had having make makes made making go goes went gone going take takes took taken taking "
    "give gives gave given giving come comes came coming know knows knew known use uses used "
    "using need needs needed keep keeps kept let lets want wants try tries tried say says said "
    "seem seems look looks looked find finds found think thinks thought feel feels felt set sets "
    "show shows shown bring brings brought hold holds held mean means meant leave leaves left "
    "call calls called run runs ran running work works worked working turn turns turned".split()
)
_CONTRACTION = re.compile(r"(?:n't|'(?:s|re|ve|ll|d|m)|')$")


def _bare(word: str) -> str:
    """A word as `tokens` gives it, its contraction dropped and stemmed: "they're" is "they",
    "board's" "board", "don't" "do"."""
    return stem(_CONTRACTION.sub("", word.replace("\u2019", "'")) or word)


_NOT_EVIDENCE = frozenset(_bare(t) for w in NOT_A_REASON | COMMON_VERBS for t in tokens(w))
_STOP = frozenset(_bare(t) for w in STOPWORDS for t in tokens(w))


def _typed_words(text: str) -> list[tuple[str, int, int]]:
    """Each word of `text` as the reading compares it (its stem), with where it was typed."""
    found = []
    for match in _TYPED.finditer(text):
        for piece in tokens(match.group()):
            found.append((stem(piece), match.start(), match.end()))
    return found


def _spans(text: str, matched: tuple[str, ...]) -> list[tuple[int, int]]:
    typed = _typed_words(text)
    stems = [s for s, _, _ in typed]
    said = [text[start:end] for _, start, end in typed]
    spans = []
    for phrase in matched:
        negated = phrase.startswith("not ")
        wanted = [stem(w) for w in tokens(phrase.removeprefix("not ") if negated else phrase)]
        if not wanted or len(wanted) > MAX_QUOTED_WORDS:
            continue
        for at in range(len(stems) - len(wanted) + 1):
            if stems[at : at + len(wanted)] != wanted:
                continue
            start = quote_start(said, at) if negated else at  # "don't train"
            spans.append((typed[start][1], typed[at + len(wanted) - 1][2]))
    return spans


def _merged(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that overlap, or that only spaces separate, as one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip(" ")):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _one_line(quote: str) -> str:
    """A quote on one line: line breaks and runs of spaces as one space; every other
    character (a control character included) stays, for the face to show visibly."""
    return _LINE_BREAK.sub(" ", quote).strip(" ")


def quoted(text: str, reading: Reading, question: Question | None = None) -> tuple[str, ...]:
    """The words of `text` that `reading`'s first stage was read from, as typed, in the order
    said: `reading.because` when the reading names them, else found from `reading.matched`.
    With the question, only the words that carry evidence for the stages read (`telling`)."""
    if reading.because:
        quotes = [q for q in (_one_line(q) for q in reading.because) if q]
    else:
        quotes = []
        for start, end in _merged(text, _spans(text, reading.matched)):
            quote = _one_line(text[start:end])
            if quote and len(tokens(quote)) <= MAX_QUOTED_WORDS and quote not in quotes:
                quotes.append(quote)
    if question is not None:
        stages = [s for s, _ in reading.candidates] or ([reading.stage] if reading.stage else [])
        quotes = telling(text, quotes, question, stages)
    return tuple(quotes[:MAX_QUOTES])


def telling(
    text: str, quotes: Sequence[str], question: Question, stages: Iterable[Stage]
) -> list[str]:
    """Of `quotes` from `text`, those that carry evidence for `stages` on `question`. A quote
    of words all too common to say anything ("see", "now we run") goes, unless it says each
    partner apart ("we do ours") or denies something ("haven't been asked"). A word alone that
    is the question's own ("journey" to a question about journey maps) goes too, unless it lies
    in a longer phrase of the answer that a stage's descriptor, keyword or example says
    ("journey map"): the longest such phrase is quoted instead. A quote inside another one kept
    goes: the longer says it all."""
    asked = {_bare(t) for t in tokens(question.text)}
    said = _stage_phrases(question, stages)
    kept: list[str] = []
    for quote in quotes:
        words = tokens(quote)
        if any(w.isdigit() for w in words):  # a rating said ("4 or 3") is its own reason
            kept.append(quote)
            continue
        telling_words = [_bare(w) for w in words if _bare(w) not in _NOT_EVIDENCE]
        said_apart = APART.search(normalise(quote)) or any(is_negation(w) for w in words)
        if not telling_words and not (said_apart and len(words) > 1):
            continue
        if len(_TYPED.findall(quote)) > 1 or not all(w in asked for w in telling_words):
            kept.append(quote)
        elif (phrase := _phrase_around(text, quote, said)) is not None:
            kept.append(phrase)
    kept = list(dict.fromkeys(kept))
    return [q for q in kept if not any(q.lower() in o.lower() for o in kept if o != q)]


def _stage_phrases(question: Question, stages: Iterable[Stage]) -> list[tuple[str, ...]]:
    """The stems of each descriptor, keyword and example of `stages` on `question`."""
    texts = []
    for stage in stages:
        texts.append(question.levels.for_stage(stage))
        texts += question.keywords.for_stage(stage)
        texts += question.examples.for_stage(stage)
    return [tuple(stem(t) for t in tokens(t)) for t in texts]


def _phrase_around(text: str, quote: str, said: list[tuple[str, ...]]) -> str | None:
    """The longest stretch of `text` around `quote`'s words (at most MAX_QUOTED_WORDS, no
    comma or stop inside) that one of `said` holds word for word, with two telling words or
    more; None when there is none."""
    typed = _typed_words(text)
    stems = [s for s, _, _ in typed]
    bare = [_bare(tokens(text[a:b])[0]) if tokens(text[a:b]) else "" for _, a, b in typed]
    wanted = [stem(t) for t in tokens(quote)]
    at = next(
        (i for i in range(len(stems) - len(wanted) + 1) if stems[i : i + len(wanted)] == wanted),
        None,
    )
    if at is None or not wanted:
        return None
    best: tuple[int, int] | None = None
    for first in range(max(0, at + len(wanted) - MAX_QUOTED_WORDS), at + 1):
        for last in range(at + len(wanted), min(len(stems), first + MAX_QUOTED_WORDS) + 1):
            lo, hi = first, last  # the stretch without the stop words at its ends
            while lo < hi and bare[lo] in _STOP:
                lo += 1
            while hi > lo and bare[hi - 1] in _STOP:
                hi -= 1
            window = tuple(stems[lo:hi])
            if len([w for w in bare[lo:hi] if w not in _NOT_EVIDENCE]) < 2:
                continue
            if not _one_stretch(text, typed[first:last]):
                continue
            if not any(_holds(phrase, window) for phrase in said):
                continue
            if best is None or hi - lo > best[1] - best[0]:
                best = (lo, hi)
    if best is None:
        return None
    return _one_line(text[typed[best[0]][1] : typed[best[1] - 1][2]])


def _one_stretch(text: str, words: list[tuple[str, int, int]]) -> bool:
    """Whether the words run on in `text` with only spaces between them: no comma, no stop."""
    return all(not text[a[2] : b[1]].strip() for a, b in pairwise(words))


def _holds(phrase: tuple[str, ...], window: tuple[str, ...]) -> bool:
    return any(phrase[i : i + len(window)] == window for i in range(len(phrase) - len(window) + 1))


def because_said(quotes: tuple[str, ...]) -> str:
    """ ", because you said 'separate systems' and 'emailing'", or nothing without quotes."""
    if not quotes:
        return ""
    said = [f"'{q}'" for q in quotes]
    listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return f", because you said {listed}"
