"""The person's own words a proposal was read from, exactly as typed: what the bot quotes when
it says why ("because you said 'separate systems' and 'emailing'").

The reading names them in `Reading.because`. Until it does, they are found again in the text
from `Reading.matched` (the words and phrases the reading counted, some in their dictionary
form): each is looked for among the answer's own words, compared by stem, and the stretch of
the answer it covers is quoted as typed. What a quote holds is user text: a face shows it
literally (the app) or visibly (a terminal), never as markup.
"""

from __future__ import annotations

import re

from assessor.conversation.understanding.reading import Reading
from assessor.words.text import quote_start, stem, tokens

MAX_QUOTES = 3  # more than this and the reason is longer than the proposal
MAX_QUOTED_WORDS = 8  # a longer stretch is the whole answer again, not a reason
_TYPED = re.compile(r"[\w'\u2019\-]+")
_LINE_BREAK = re.compile(r"\r\n|\n|\t| {2,}")


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


def quoted(text: str, reading: Reading) -> tuple[str, ...]:
    """The words of `text` that `reading`'s first stage was read from, as typed, in the order
    said: `reading.because` when the reading names them, else found from `reading.matched`."""
    if reading.because:
        quotes = [_one_line(q) for q in reading.because]
        return tuple(q for q in quotes if q)[:MAX_QUOTES]
    quotes = []
    for start, end in _merged(text, _spans(text, reading.matched)):
        quote = _one_line(text[start:end])
        if quote and len(tokens(quote)) <= MAX_QUOTED_WORDS and quote not in quotes:
            quotes.append(quote)
    return tuple(quotes[:MAX_QUOTES])


def because_said(quotes: tuple[str, ...]) -> str:
    """ ", because you said 'separate systems' and 'emailing'", or nothing without quotes."""
    if not quotes:
        return ""
    said = [f"'{q}'" for q in quotes]
    listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return f", because you said {listed}"
