"""The person's own words, as typed, that a stage was read from: what the bot quotes when it
proposes ("because you said 'separate systems' and 'emailing things across'")."""

from __future__ import annotations

import re

from assessor.continuum import Stage
from assessor.conversation.parsed import LazyPattern, ParsedAnswer
from assessor.conversation.understanding.weighed import WeighedAnswer
from assessor.words.text import STOPWORDS, normalise, quote_start, stem
from assessor.words.vocabulary import TALK_WORDS

_WORD_SPAN = LazyPattern(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")
MAX_QUOTES = 3
QUOTE_SHARE = 0.4  # a quote at least this share of the weightiest one's weight
MAX_QUOTE_WORDS = 8
# Words too common to be a reason on their own, whatever they matched: words of talk about the
# exchange, the speaker or the room ("if that helps") among them.
NOT_A_REASON = (
    STOPWORDS
    | TALK_WORDS
    | frozenset(
        "now yet see get gets got put puts off need needs take takes make makes done do does "
        "go goes going come comes know knows use uses used thing things way lot bit hub hubs "
        "help helped helping helpful health council we've they've i've".split()
    )
)


def _stem_of(word: str) -> str:
    return stem(normalise(word).replace("'s", "").strip("'"))


def reasons_for(parsed: ParsedAnswer, answer: WeighedAnswer, stage: Stage) -> tuple[str, ...]:
    """The person's own words, as typed, that `stage` was read from: up to three short spans,
    the weightiest first."""
    per_clause: dict[int, tuple[float, set[str]]] = {}
    for weight, number, said in answer.support.get(stage, ()):
        value, stems = per_clause.get(number, (0.0, set()))
        per_clause[number] = (value + weight, stems | set(said))
    spans: list[tuple[float, str]] = []
    for number, (value, stems) in per_clause.items():
        spans.extend(_quotes_in(parsed.clauses[number].text, value, stems))
    spans.sort(key=lambda p: -p[0])
    # a passing word beside a telling phrase is no reason worth quoting
    telling = [q for w, q in spans if w >= QUOTE_SHARE * spans[0][0]] if spans else []
    unique = {q.lower(): q for q in reversed(telling)}  # the weightiest spelling of each
    return tuple(dict.fromkeys(unique[q.lower()] for q in telling))[:MAX_QUOTES]


def _quotes_in(text: str, value: float, stems: set[str]) -> list[tuple[float, str]]:
    """The stretches of one clause's `text` that hold the words `stems`, each with its weight:
    runs of matched words no more than two words apart, each a quote."""
    found = [m for m in _WORD_SPAN.finditer(text) if _stem_of(m.group(0)) in stems]
    if not found:
        return []
    runs: list[list[re.Match[str]]] = [[found[0]]]
    everything = list(_WORD_SPAN.finditer(text))
    said = [m.group(0) for m in everything]
    position = {m.start(): i for i, m in enumerate(everything)}
    for match in found[1:]:
        if position[match.start()] - position[runs[-1][-1].start()] <= 3:
            runs[-1].append(match)
        else:
            runs.append([match])
    quotes: list[tuple[float, str]] = []
    for run in runs:
        first, last = position[run[0].start()], position[run[-1].start()]
        first = quote_start(said, first)
        if last - first >= MAX_QUOTE_WORDS:
            last = first + MAX_QUOTE_WORDS - 1
        if first == last and normalise(everything[first].group(0)) in NOT_A_REASON:
            continue  # "now", "need", "off" alone say nothing worth quoting
        quote = text[everything[first].start() : everything[last].end()]
        quotes.append((value * len(run), quote))
    return quotes
