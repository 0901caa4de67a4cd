"""How an answer describes practice: who acts, how often and how widely, what holds it
back (a reservation, a contrast, rarity), hearsay, and the words any answer uses."""

from __future__ import annotations

import re

from assessor.continuum import Stage

# Who holds a view, for answers that give two ("the council thinks 4, health would say 2").
PARTIES = frozenset(
    "i'd i'm we're we'd they'd they're i've we've "
    "council authority la health nhs icb ics icp schools school education police voluntary vcs "
    "charities charity social adults adult partners commissioners managers leaders staff "
    "practitioners colleagues board others rest team they them we us i me my our their public "
    "gps gp midwifery hospital trust director directors lead leads frontline senior".split()
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
# A question that asks how much or how widely ("how much of your family support...?"): an
# adverb said as the answer ("mostly", "partly") says how much.
HOW_MUCH = re.compile(r"\bhow (?:much|widely|far)\b", re.IGNORECASE)
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

# What someone else is believed or said to do ("I believe the council's system links them",
# "apparently health have one"): hearsay, no description of the speaker's own practice.
HEARSAY = re.compile(
    r"\b(?:i believe|i'?m led to believe|apparently|supposedly|i'?ve heard|i heard|i'?m told"
    r"|i was told|i gather|so they say|rumour has it|someone (?:mentioned|said|told me)"
    r"|from what i(?:'ve)? hear[d]?|word is)\b"
)
# Words that name a partner of a family hub network ("health", "the schools", "early help",
# "Home-Start"): counted, they say how many partners an answer names.
PARTNER_NAMES = frozenset(
    "health council icb ics trust trusts schools school academies academy charities charity "
    "voluntary vcs vcse gps gp police housing midwifery midwives hvs hv camhs youth "
    "nurseries nursery early social adult adults library libraries dwp jobcentre probation "
    "home-start homestart cvs dsls dsl perinatal".split()
)
# Words that keep each to itself ("we plan our own staff", "only the council", "down to
# individuals"): with a denial, what an answer at isolation says; an answer with neither
# describes something that exists, and isolation is not taken from it without asking.
ON_ITS_OWN = frozenset(
    "own only just alone separate separately individual individuals individually apart "
    "themselves ourselves itself".split()
)
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
