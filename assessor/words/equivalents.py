"""The sector's words for one thing: "section 75" is a pooled budget, "SPA" is the front door.

Each group names one concept and the phrases people use for it; an answer, and each stage's
examples and descriptor, are read with every phrase replaced by its concept, so an answer in
one sector's jargon meets an example written in another's. Only true equivalents belong here:
two things that may sit at different stages of a question (an aligned and a pooled budget,
a multi-agency safeguarding hub and the family hub front door) stay apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "c_pooled": (
        "section 75",
        "section75",
        "s75",
        "s.75",
        "pooled budget",
        "pooled budgets",
        "pooled fund",
        "pooled funds",
        "pooled funding",
        "pooled money",
        "pooled pot",
        "one pot",
        "single pot",
        "shared pot",
    ),
    "c_aligned": ("aligned budget", "aligned budgets", "aligned funding", "align our budgets"),
    "c_frontdoor": (
        "single point of access",
        "single point of contact",
        "single front door",
        "one front door",
        "front door",
        "spa",
        "one number to ring",
        "one number",
    ),
    "c_eha": (
        "early help assessment",
        "early help assessments",
        "common assessment framework",
        "eha",
        "ehas",
        "caf",
    ),
    "c_taf": (
        "team around the family",
        "team around the child",
        "teams around the family",
        "taf",
        "tac",
        "tafs",
    ),
    "c_leadpro": (
        "lead professional",
        "lead professionals",
        "lead practitioner",
        "lead practitioners",
        "key worker",
        "key workers",
        "keyworker",
        "keyworkers",
    ),
    "c_casesystem": (
        "ehm",
        "mosaic",
        "liquidlogic",
        "lcs",
        "eclipse",
        "systmone",
        "system one",
        "s1",
        "rio",
        "emis",
        "capita one",
        "synergy",
        "case management system",
        "case system",
        "case recording system",
    ),
    "c_isa": (
        "information sharing agreement",
        "information sharing agreements",
        "data sharing agreement",
        "data sharing agreements",
        "information sharing protocol",
        "data sharing protocol",
        "sharing protocol",
        "isa",
        "isas",
        "dsa",
        "dsas",
    ),
    "c_healthvisiting": (
        "health visitor",
        "health visitors",
        "health visiting",
        "healthy child programme",
        "0-19 service",
        "0-19",
        "0 to 19",
        "zero to nineteen",
        "public health nursing",
        "hv",
        "hvs",
    ),
    "c_vcs": (
        "voluntary and community sector",
        "voluntary community and faith sector",
        "voluntary sector",
        "third sector",
        "community groups",
        "community group",
        "charities",
        "charity",
        "vcs",
        "vcse",
        "vcfs",
        "vcfse",
    ),
    "c_icb": ("integrated care board", "icb", "ccg", "clinical commissioning group"),
    "c_hwb": ("health and wellbeing board", "health and well-being board", "hwb", "hwbb"),
    "c_parentpanel": (
        "parent carer forum",
        "parent carer panel",
        "parents panel",
        "parent panel",
        "parent forum",
        "parents forum",
        "parent reps",
        "parent representatives",
    ),
    "c_bulletin": (
        "newsletter",
        "newsletters",
        "bulletin",
        "bulletins",
        "round robin",
        "mailing list",
        "email updates",
        "update emails",
    ),
    "c_colocated": (
        "co-located",
        "colocated",
        "co-locate",
        "colocate",
        "under one roof",
        "same building",
        "same site",
        "same roof",
    ),
    "c_jointvisit": ("joint visits", "joint visit", "joint home visits", "joint home visit"),
    "c_jointtraining": (
        "joint training",
        "train together",
        "trained together",
        "training together",
        "shared training",
        "multi-agency training",
        "multiagency training",
    ),
    "c_theoryofchange": ("theory of change", "logic model", "logic models"),
    "c_coproduce": (
        "co-production",
        "coproduction",
        "co-produce",
        "coproduce",
        "co-produced",
        "coproduced",
        "co-design",
        "codesign",
        "co-designed",
        "codesigned",
    ),
    "c_jsna": ("joint strategic needs assessment", "jsna"),
    "c_monthly": ("every month", "once a month", "monthly"),
    "c_weekly": ("every week", "once a week", "weekly"),
    "c_quarterly": ("every quarter", "once a quarter", "quarterly", "every three months"),
}

_CONCEPT_OF = {phrase: concept for concept, phrases in EQUIVALENTS.items() for phrase in phrases}
_PHRASES = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(re.escape(p) for p in sorted(_CONCEPT_OF, key=len, reverse=True))
    + r")(?![\w'])",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def with_concepts(text: str) -> str:
    """`text` with each phrase of a group replaced by its concept's one word (the rest keeps its
    case: "MASH" and "mash" still differ)."""
    straight = text.replace("\u2019", "'")
    return _PHRASES.sub(lambda m: f" {_CONCEPT_OF[m.group(0).lower()]} ", straight)
