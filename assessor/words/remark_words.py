"""Words of talk that is no answer: questions back to the bot (and about the glossary's
words), remarks aside, the exchange, the speaker and the room, words that only say when or
keep the talk going, and saying only that it depends."""

from __future__ import annotations

# Words a glossary question may seem to ask about that are never a term ("what does it mean?",
# "what do you mean?"): the question is about the bot's words, not a term of art.
NOT_A_TERM = frozenset(
    (
        *"it this that these those they them you me us we he she one question".split(),
        "this one",
        "that one",
        "this question",
        "that question",
    )
)

# Words a term the glossary does not know never holds: with one, "the meaning of partnership is
# contested" is an answer, not a question about a term.
NOT_IN_A_TERM = frozenset(
    "is are was were be been being am we they i you he she it our their my your have has had do "
    "does did not don't doesn't can can't will would should could no never".split()
)

# Off-topic remarks and questions back to the bot: no stage, a nudge back to the question.
# Words that open a question put to the bot ("what do you mean by pooled?", "does adult social
# care count?"), after any of the openers below.
QUESTION_OPENERS = frozenset(
    "what what's whats who who's whos which when where why how do does did is are was were can "
    "could would should will shall have has any anyone anybody".split()
)
# Words that may come before a question's first word ("sorry, can I...", "so what counts?").
QUESTION_LEAD_INS = frozenset("sorry so ok okay um er erm oh and but just quick".split())
# Phrases that mark a remark as an aside to the question ("we've a new CEO, by the way").
ASIDE_PHRASES: tuple[str, ...] = (
    "by the way",
    "btw",
    "off topic",
    "off-topic",
    "unrelated",
    "on another note",
    "on a different note",
    "sorry to interrupt",
    "can i just check",
    "just to check",
    "just to clarify",
    "quick question",
    "can i just ask",
    "is it ok if i",
    "is it okay if i",
    "excuse me",
    "brb",
    "be right back",
)

# What a remark that is no answer talks about: the exchange itself (the question, answering
# it, coming back to it), the speaker (their day, their role, their phone) and the room (the
# coffee, the weather). These words never count as the question's own, even where a stage's
# texts use them ("phone or email one another"): "sorry, my phone keeps buzzing" says nothing
# of the stage (assessor.conversation.understanding.talk).
TALK_WORDS = frozenset(
    # the exchange
    "question questions answer answers answered answering asking repeat rephrase explain "
    "meaning skip ignore wrong typed typo box previous minute sec break save finish helps "
    "anonymous confidential bot chat screen clarify clarification "
    # the speaker
    "sorry apologies oops afraid tired exhausted busy holiday sick phone buzzing dog cat "
    "pay grade person "
    # the day and the room
    "morning afternoon evening hello hi hiya thanks thank cheers haha lol ha weather rain "
    "sunny cold hot coffee tea biscuits lunch cake traffic parking car bus train wifi signal "
    "laptop battery match game weekend logo lovely awful terrible great brilliant nice "
    "garden view".split()
)
# Words of talk only in the form given, not as every form of their stem: "if that helps" is
# talk, "early help" is a service.
TALK_FORM_ONLY = frozenset({"helps"})
# Words that say when, or only keep the talk going: a stage's texts may hold them ("every
# year", "next steps"), but an answer sharing only these with a stage shares nothing of it.
WEAK_WORDS = frozenset(
    "year years month months week weeks day days today tomorrow yesterday tonight last next "
    "ago since monday tuesday wednesday thursday friday saturday sunday let lets let's bit "
    "lot actually honestly really okay ok yeah".split()
)
# Light verbs and adverbs any talk uses: a remark that holds them says nothing of a stage
# for that ("can I come back to this one later?", "sorry, can you say it again?").
LIGHT_WORDS = frozenset(
    "well yes right sure think thought take takes see come comes back go going get give say "
    "said tell know need keep keeps make put want hang rather exactly here long good new way "
    "again before off change name wrote write three that's this that later".split()
)
# Words that say the answer varies without saying how ("it depends on the worker").
DEPENDS_WORDS = frozenset("depends depend depending varies vary varying differs".split())
