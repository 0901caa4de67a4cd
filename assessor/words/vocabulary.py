"""Words people use for the stages, for special answers and for commands, on every question.

Per-question phrases live in the banks (`keywords`); these are the ones that mean the same
whatever the question.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assessor.continuum import Stage

# Forms of the stage names, matched with a misspelling allowed.
STAGE_FORMS: dict[str, Stage] = {
    "isolation": Stage.ISOLATION,
    "isolated": Stage.ISOLATION,
    "isolating": Stage.ISOLATION,
    "communication": Stage.COMMUNICATION,
    "communicating": Stage.COMMUNICATION,
    "coordination": Stage.COORDINATION,
    "coordinated": Stage.COORDINATION,
    "coordinating": Stage.COORDINATION,
    "collaboration": Stage.COLLABORATION,
    "collaborating": Stage.COLLABORATION,
    "collaborative": Stage.COLLABORATION,
    "integration": Stage.INTEGRATION,
    "integrated": Stage.INTEGRATION,
    "integrating": Stage.INTEGRATION,
    # the short forms people type
    "iso": Stage.ISOLATION,
    "comms": Stage.COMMUNICATION,
    "coord": Stage.COORDINATION,
    "collab": Stage.COLLABORATION,
    "integ": Stage.INTEGRATION,
}
# Endings that make a stage's stem into another word ("a Home-Start coordinator", "the comms
# team's communications", "we collaborate"): such a word is not a misspelt stage name.
_OTHER_WORD_ENDINGS = ("or", "ors", "ions", "e", "es", "ed", "ive", "ively")
_STAGE_STEMS = ("isolat", "communicat", "coordinat", "collaborat", "integrat")


def _another_word(word: str) -> bool:
    """Whether `word` is a stage's stem with an ending that makes it a different word."""
    if word.endswith(("ator", "ators")):
        return True
    return any(
        word.startswith(stem) and word[len(stem) :] in _OTHER_WORD_ENDINGS for stem in _STAGE_STEMS
    )


NUMBER_WORDS: dict[str, int] = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


@lru_cache(maxsize=4096)
def stage_of_word(word: str) -> tuple[Stage, bool] | None:
    """The stage a word names, exactly or misspelt ("colaboration"), and whether it was exact.
    Whole words only: "coordinator" names a person, not coordination."""
    if word in STAGE_FORMS:
        return STAGE_FORMS[word], True
    if len(word) < 6 or _another_word(word):
        return None
    from rapidfuzz import fuzz, process  # loaded on first use: the app starts sooner

    match = process.extractOne(word, STAGE_FORMS.keys(), scorer=fuzz.ratio, score_cutoff=84)
    return (STAGE_FORMS[match[0]], False) if match else None


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

OPTION_LETTERS: dict[str, int] = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}

# Words that may surround a stage without changing it: "I'd say coordination", "stage 3".
FILLERS = frozenset(
    "i i'd id i'm im we we're were our it it's its that that's thats is are at on in the a "
    "say said think guess reckon would probably definitely certainly really honestly mostly "
    "solidly firmly pretty much about around roughly currently now now, today level stage "
    "option number answer go with put us down as for me feel like be fairly quite yes yeah "
    "ok okay right so well hmm um er let's lets call overall generally likely more like "
    "closer nearer oh ah "
    # plain emphasis ("a solid 3", "def 4", "1 tbh")
    "tbh tbf imo imho honest solid def defo deffo defs clearly easily firmly "
    # words of a correction ("sorry, I meant 4", "make it 4", "4 then", "actually 3")
    "then actually sorry meant mean make rather instead".split()
)
# Words that mark a stage said as a correction of what went before ("4 - no 3").
CORRECTIONS = frozenset("no nope sorry meant mean actually rather instead".split())
# Words that join two stages in one breath ("2 or 3", "a 2 going on 3", "between 2 and 3").
CONNECTORS = frozenset("or to and going on between nor".split())
# Words that make a clear answer tentative: ask to confirm instead of taking it.
HEDGES = frozenset(
    "maybe perhaps possibly might could unsure sort kind somewhere nearly almost approaching "
    "borderline between ish suppose spose s'pose".split()
)
# Hedges that cast doubt on a stage given elsewhere in the answer ("3, not sure", "3 (ish)").
STRONG_HEDGES = frozenset("maybe perhaps possibly unsure ish guess guessing suppose".split())
# Phrases around a stage that make it tentative ("more of a 3", "3 on a good day") or that
# only emphasise it ("3 to be honest", "a 4 for sure"); matched whole, before the words.
HEDGE_PHRASES: tuple[str, ...] = (
    "more of a",
    "more of an",
    "sort of",
    "kind of",
    "on a good day",
    "on a bad day",
    "on a good week",
    "if we're lucky",
    "if we are lucky",
    "at a stretch",
    "give or take",
    "or so",
    "if anything",
    "just about",
    "more or less",
    "i'd guess",
    "i guess",
)
PLAIN_PHRASES: tuple[str, ...] = (
    "to be honest",
    "to be fair",
    "if i'm honest",
    "if i'm being honest",
    "for sure",
    "no doubt",
    "without a doubt",
    "hand on heart",
    "in my view",
    "in my opinion",
    "bang on",
    "hands down",
)

# Who holds a view, for answers that give two ("the council thinks 4, health would say 2").
PARTIES = frozenset(
    "i'd i'm we're we'd they'd they're i've we've "
    "council authority la health nhs icb ics icp schools school education police voluntary vcs "
    "charities charity social adults adult partners commissioners managers leaders staff "
    "practitioners colleagues board others rest team they them we us i me my our their public "
    "gps gp midwifery hospital trust director directors lead leads frontline senior".split()
)

# Words after which a number counts something, not a stage ("2 years", "3 partners").
COUNTED = frozenset(
    "year years month months week weeks day days time times hour hours percent people of "
    "sessions meetings boards partners members agencies services staff sites hubs families x "
    "out".split()
)

# Markers that a practice is rare, past, planned or only partial ("we rarely do joint visits",
# "we used to", "we're getting it next year", "champions are being recruited"): a phrase
# the bank lists for a stage is then offered to confirm, never taken as read.
RESERVATIONS = re.compile(
    r"\b(?:rarely|seldom|hardly ever|not often|not very often|not always|not regularly|"
    r"only occasionally|occasionally|once or twice|now and again|from time to time|"
    r"infrequently|sporadic(?:ally)?|patchy|in places|partly|partially|in theory|sometimes|"
    r"(?:for|with) (?:some|a few|the odd) famil(?:y|ies)|some of the time|in some cases|"
    r"used to|no longer|any ?more|stopped|lapsed|fizzled|before covid|in the past|previously|"
    r"next (?:year|month|term|quarter|spring|summer|autumn|winter)|later this year|"
    r"this time next year|by (?:the )?(?:spring|summer|autumn|winter|end of)|soon|shortly|"
    r"about to|going to|gonna|will be|will have|due to|"
    r"in future|from (?:april|september|january)|getting|(?:is|are|being) (?:being )?"
    r"(?:recruited|set up|developed|drafted|built|rolled out|introduced|trialled|piloted)|"
    r"pilot(?:ing|ed)?|trial(?:ling|led)?)\b"
)
# Words that open a contrast ("we have TAF meetings but adult services never come").
CONTRASTS = frozenset("but though although however except whereas yet".split())
# Words of rarity, which in a contrast qualify what came before.
RARITY = frozenset("rarely seldom occasionally sometimes hardly barely only".split())

# Answers to questions that ask how often ("how often do practitioners work together?").
HOW_OFTEN = re.compile(r"\bhow (?:often|regularly|frequently)\b", re.IGNORECASE)
# A question that asks for a count ("how many referral routes…?"): a number alone may be the
# count, not a rating, so it is asked about, never taken.
HOW_MANY = re.compile(r"\bhow many\b", re.IGNORECASE)
FREQUENCIES: tuple[tuple[str, tuple[Stage, ...]], ...] = (
    ("never", (Stage.ISOLATION,)),
    ("not at all", (Stage.ISOLATION,)),
    ("hardly ever", (Stage.ISOLATION, Stage.COMMUNICATION)),
    ("almost never", (Stage.ISOLATION, Stage.COMMUNICATION)),
    ("rarely", (Stage.ISOLATION, Stage.COMMUNICATION)),
    ("seldom", (Stage.ISOLATION, Stage.COMMUNICATION)),
    ("not often", (Stage.ISOLATION, Stage.COMMUNICATION)),
    ("sometimes", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("some of the time", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("in some cases", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("for some families", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("with some families", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("for a few families", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("with a few families", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("the odd family", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("for some", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("occasionally", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("now and then", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("now and again", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("from time to time", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("every so often", (Stage.COMMUNICATION, Stage.COORDINATION)),
    ("often", (Stage.COORDINATION, Stage.COLLABORATION)),
    ("regularly", (Stage.COORDINATION, Stage.COLLABORATION)),
    ("frequently", (Stage.COORDINATION, Stage.COLLABORATION)),
    ("usually", (Stage.COORDINATION, Stage.COLLABORATION)),
    ("most of the time", (Stage.COORDINATION, Stage.COLLABORATION)),
    ("a lot", (Stage.COORDINATION, Stage.COLLABORATION)),
    ("always", (Stage.COLLABORATION, Stage.INTEGRATION)),
    ("all the time", (Stage.COLLABORATION, Stage.INTEGRATION)),
    ("routinely", (Stage.COLLABORATION, Stage.INTEGRATION)),
    ("every time", (Stage.COLLABORATION, Stage.INTEGRATION)),
    ("constantly", (Stage.COLLABORATION, Stage.INTEGRATION)),
    ("as a matter of course", (Stage.COLLABORATION, Stage.INTEGRATION)),
)
# Words that may surround a frequency without changing it ("quite often", "pretty much never").
FREQUENCY_FILLERS = frozenset(
    "quite very pretty much fairly really just about almost well we they it it's its i'd say "
    "i think yes yeah no".split()
)

# Answers that pass the question to someone else ("health would know", "that's one for
# health", "you'd have to ask the council"): don't know, whatever else they contain.
DONT_KNOW_PATTERNS = re.compile(
    r"(?:^|[,;:.!?]\s*|\bbut\s+)(?:you'?d |you would |i'?d |we'?d |i would |we would )?"
    r"(?:have to |need to |better )?(?:ask|check with)\b(?! them\b| for\b| us\b| families\b)"
    r"|\b\w+ (?:would|will|might|should) know\b\s*[.!]?$"
    r"|(?:^|\b(?:that'?s|it'?s|this is|that is|it is) )(?:a question |one |a matter )for "
    r"(?!us\b|me\b|all\b|everyone\b)"
    r"|\bbetter placed to (?:say|answer)\b|\bnot my (?:area|field|department)\b"
    r"|\bnot for me to say\b"
    # "the other lady from health would know better", "that's more for the finance lead than
    # me", "I'm not the right person", "above my pay grade", "let me ask my colleague"
    r"|\b(?:would|will|might|should|'d) know (?:better|more)\b"
    r"|\b(?:more|one) for (?:the |our |my |a )?[\w ]{1,30}? (?:than me|to answer)\b"
    r"|\bnot (?:the|really the) (?:right|best) person\b|\babove my pay ?grade\b"
    r"|\blet me (?:ask|check)\b|\bask (?:my|a) (?:colleague|manager|boss)\b"
    r"|\bbetter (?:off )?asking\b"
)

# Words every answer about family hubs may use, whatever its stage ("it happens for some
# families", "partners use it"): they carry no weight against the descriptors.
DOMAIN_WORDS = frozenset(
    "family families service services partner partners practitioner practitioners agency "
    "agencies organisation organisations happen happens happened happening use uses used using "
    "work works working people staff thing things get gets got".split()
)

# Words that say an answer is evidence rather than a stage ("the ToR are on SharePoint").
EVIDENCE_WORDS = frozenset(
    "tor minutes sharepoint intranet website document documents drive folder file files link "
    "attached attachment report reports paper papers agenda agendas spreadsheet copy pdf "
    "teams onedrive".split()
)

# Phrases that mean the same stage on any question (a weaker signal than a bank keyword).
GENERIC_CUES: dict[Stage, tuple[str, ...]] = {
    Stage.ISOLATION: (
        "on our own",
        "in silos",
        "silo",
        "work alone",
        "nothing in place",
        "no contact",
        "never meet",
        "never talk",
        "nothing at all",
        "not at all",
        "don't talk",
        "doesn't talk",
        "nothing talks",
        "nothing joins up",
        "no links",
        "nothing yet",
        "no relationship",
        "from scratch",
        "their own system",
        "its own system",
        "own systems",
        "separate systems",
        "everyone has their own",
        "each has its own",
        "each does their own",
        "different systems",
        "own budget",
        "own budgets",
        "own money",
        "own pot",
        "we each",
        "they each",
        "each hold",
        "each keep",
        # a don't-know with an object, made into one word ("no idea who else is involved")
        "unaware_of",
        "unaware",
    ),
    Stage.COMMUNICATION: (
        "when asked",
        "on request",
        "ad hoc",
        "informally",
        "informal",
        "occasionally",
        "now and then",
        "we talk",
        "by email",
        "emails",
        "phone",
        "newsletter",
        "updates",
        "briefings",
        "know who to call",
        "know who to ring",
        "keep each other informed",
        "share information",
    ),
    Stage.COORDINATION: (
        "aligned",
        "align",
        "line up",
        "regular meetings",
        "meet monthly",
        "every month",
        "monthly",
        "timetable",
        "signpost",
        "plan separately",
        "separately",
        "coordinate",
    ),
    Stage.COLLABORATION: (
        "jointly",
        "joint",
        "together",
        "shared goals",
        "shared outcomes",
        "coproduce",
        "coproduced",
        "agreed together",
        "decide together",
        "as partners",
        "collaborate",
    ),
    Stage.INTEGRATION: (
        "one system",
        "single system",
        "pooled",
        "seamless",
        "fully integrated",
        "one team",
        "shared case record",
        "shared case records",
        "one budget",
        "whole system",
        "one joined up",
        "one joinedup",
    ),
}

# Phrases of joining up that say nothing of the stage when said, but when denied say the
# partners work apart ("the systems don't talk to each other", "nothing is joined up").
ISOLATION_WHEN_DENIED: tuple[str, ...] = (
    "talk to each other",
    "talk to one another",
    "speak to each other",
    "communicate with each other",
    "joined up",
    "linked up",
    "connected",
)

DONT_KNOW_PHRASES: tuple[str, ...] = (
    "don't know",
    "dont know",
    "do not know",
    "not sure",
    "unsure",
    "no idea",
    "dunno",
    "no clue",
    "not a clue",
    "haven't a clue",
    "can't say",
    "cannot say",
    "couldn't say",
    "couldn't tell you",
    "can't tell you",
    "that's all i know",
    "that's as much as i know",
    "i wouldn't know",
    "hard to say",
    "need to check",
    "need to find out",
    "can't comment",
    "cannot comment",
    "couldn't comment",
    "get back to you",
    "no view on",
    "beyond me",
    "can't answer",
    "i'd have to check",
    "don't know yet",
    "idk",
    "dk",
    "dont no",
    "?",
)
NOT_APPLICABLE_PHRASES: tuple[str, ...] = (
    "n/a",
    "na",
    "not applicable",
    "not relevant",
    "doesn't apply",
    "does not apply",
    "doesn't apply to us",
    "not relevant to us",
    "irrelevant",
    "not for us",
    "no such thing here",
    "we don't do that here",
    "isn't something that applies",
    "not something that applies",
    "doesn't really apply",
    "not really relevant to us",
    "not relevant for us",
    "isn't for us",
    "not part of that",
    "nothing to do with us",
    "isn't really for us",
    "not really for us",
    "doesn't concern us",
)

# Sector abbreviations, spelt out before matching (answers and banks alike), so "we have an ISA"
# meets a descriptor's "information-sharing agreement". Organisations that are proper names
# (ICB, ICS, ICP) stay as they are: their long forms are made into these (PROPER_NAMES).
ABBREVIATIONS: dict[str, str] = {
    "isa": "information sharing agreement",
    "isas": "information sharing agreements",
    "dsa": "data sharing agreement",
    "dsas": "data sharing agreements",
    "isp": "information sharing protocol",
    "dpia": "data protection impact assessment",
    "taf": "team around the family",
    "tac": "team around the child",
    "eha": "early help assessment",
    "vcs": "voluntary and community sector",
    "vcfs": "voluntary community and faith sector",
    "vcse": "voluntary community and social enterprise sector",
    "mou": "memorandum of understanding",
    "hv": "health visiting",
    "hvs": "health visitors",
    "section 75": "section75 pooled budget",
    "s75": "section75 pooled budget",
    "s.75": "section75 pooled budget",
}
# Abbreviations that are also everyday words in lower case ("send", "mash", "la").
CAPITALS_ONLY: dict[str, str] = {
    "SEND": "special educational needs and disabilities",
    "MASH": "multi agency safeguarding hub",
    "LA": "local authority",
    "LAs": "local authorities",
}
# Names whose words include a stage ("integrated care board"): made into one token (a regex
# over normalised text, and its replacement) so they claim no stage.
PROPER_NAMES: tuple[tuple[str, str], ...] = (
    (r"integrated care boards?", "icb"),
    (r"integrated care systems?", "ics"),
    (r"integrated care partnerships?", "icp"),
    (r"integrated care", "ics"),
    (r"integrated family support(?: services?)?", "ifss"),
    (r"terms of reference", "tor"),
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
# What someone else is believed or said to do ("I believe the council's system links them",
# "apparently health have one"): hearsay, no description of the speaker's own practice.
HEARSAY = re.compile(
    r"\b(?:i believe|i'?m led to believe|apparently|supposedly|i'?ve heard|i heard|i'?m told"
    r"|i was told|i gather|so they say|rumour has it|someone (?:mentioned|said|told me)"
    r"|from what i(?:'ve)? hear[d]?|word is)\b"
)
# Words that say the answer varies without saying how ("it depends on the worker").
DEPENDS_WORDS = frozenset("depends depend depending varies vary varying differs".split())
# Words that make a clause the speaker's own side's practice ("we", "our").
OWN_SIDE = frozenset("we we're we've we'd our ours us".split())
# Actors of the partnership: a clause where one of them acts describes practice, not talk
# (first and second person singular are the speaker and the bot).
ACTORS = (
    PARTIES - frozenset("i i'd i'm i've me my lead leads director directors".split())
) | frozenset(
    "hub hubs families family parents services service workers agencies agency providers "
    "settings nurseries nursery colleagues everyone everybody nobody each".split()
)
