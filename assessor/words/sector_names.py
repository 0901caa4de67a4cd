"""Sector abbreviations spelt out, and names whose words include a stage, read as one."""

from __future__ import annotations

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
