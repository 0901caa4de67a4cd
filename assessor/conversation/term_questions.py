"""Asking what a term means ("what does FNP mean?", "what's an EHCP?", "define section 75"):
the term asked about, cleaned, when a line asks about one rather than answering the question."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assessor.conversation.command_words import COMMAND_WORDS, CONFIRM_WORDS
from assessor.words.vocabulary import (
    DONT_KNOW_PHRASES,
    NOT_A_TERM,
    NOT_APPLICABLE_PHRASES,
    NOT_IN_A_TERM,
    NUMBER_WORDS,
    OPTION_LETTERS,
    stage_of_word,
)

if TYPE_CHECKING:
    from assessor.banks.glossary import Glossary

_APOSTROPHES = str.maketrans("\u2018\u2019", "''")

# Asking what a term means. The plain forms say so whatever the term ("what does FNP mean",
# "define section 75"), so a short term the glossary lacks is answered as unknown. The open forms
# ("what is X", "what's an X", "X?", "explain X") ask about a term only when the glossary has it
# or it is written as an acronym ("what's an EHCP?"): "what is the point, we don't have a
# board" stays an answer.
_ASKING_FRAME = (
    r"^(?:(?:sorry|ok|okay|so|um|er|erm|hmm|oh|wait|and|but|quick question)[,:\s]+)*"
    r"(?:(?:can|could) you (?:please )?(?:tell me |remind me )?|please |remind me |"
    r"tell me )?"
)
_DEFINE_PLAIN = re.compile(
    _ASKING_FRAME + r"(?:what (?:does|do) (?P<a>.+?) (?:mean|stand for)"
    r"|what (?P<b>.+?) (?:means|stands for)"
    r"|(?:define|(?:what is |what's )?(?:the )?(?:definition|meaning) of|what is meant by|"
    r"what's meant by|"
    r"what do you mean by|what does it mean by) (?P<c>.+?))"
    r"(?:,? (?:here|again|exactly|please|then|in this question))*[?!.]*$",
    re.IGNORECASE,
)
_DEFINE_OPEN = re.compile(
    _ASKING_FRAME + r"(?:(?:what|who) (?:is|are)|what's|whats|who's|explain|"
    r"tell me (?:more )?about) (?P<a>.+?)"
    r"(?:,? (?:here|again|exactly|please|then|in this question))*[?!.]*$"
    r"|^(?P<b>[^?]+?)\?+$",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(r"^(?:a|an)\s+", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:a|an|the|this|our|your)\s+", re.IGNORECASE)
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z&]{1,7}$")
_TERM_WORDS = 5  # a longer phrase is an answer, not a term
_UNKNOWN_TERM_WORDS = 3  # nor is a longer one the glossary does not know


def _term_in(match: re.Match[str] | None) -> str | None:
    """The term a glossary question names, cleaned: no article or quotes around it, short,
    printable, and not a stage, a number or a pronoun."""
    if match is None:
        return None
    raw = next((g for g in match.groups() if g), None)
    if raw is None:
        return None
    term = _ARTICLE.sub("", raw.strip().strip("'\"\u2018\u2019\u201c\u201d").strip())
    lowered = term.lower()
    if (
        not term
        or not term.isprintable()
        or re.search(r"[,;:!?()]", term)
        or len(term.split()) > _TERM_WORDS
        or lowered in NOT_A_TERM
        or lowered in NUMBER_WORDS
        or lowered in OPTION_LETTERS
        or lowered.isdigit()
        or stage_of_word(lowered.replace("-", "")) is not None
    ):
        return None
    return term


def _could_be_a_term(term: str) -> bool:
    """A term the glossary lacks: a few words, none of them a verb or a pronoun."""
    words = term.lower().split()
    return len(words) <= _UNKNOWN_TERM_WORDS and not any(w in NOT_IN_A_TERM for w in words)


def asked_term(text: str, glossary: Glossary) -> str | None:
    """The term `text` asks the meaning of (see _DEFINE_PLAIN and _DEFINE_OPEN), or None."""
    said = " ".join(text.translate(_APOSTROPHES).split())
    term = _term_in(_DEFINE_PLAIN.match(said))
    if term is not None and (glossary.find(term) is not None or _could_be_a_term(term)):
        return term
    open_form = _DEFINE_OPEN.match(said)
    term = _term_in(open_form)
    if term is None or open_form is None:
        return None
    if glossary.find(term) is not None:
        return term
    if _INDEFINITE.match(open_form.group("a") or "") and _could_be_a_term(term):
        return term  # "what is a hosting agreement?": asks about a term
    lowered = term.lower()
    everyday = (*DONT_KNOW_PHRASES, *NOT_APPLICABLE_PHRASES, *COMMAND_WORDS, *CONFIRM_WORDS)
    if _ACRONYM.match(term) and lowered not in everyday:
        return term
    return None
