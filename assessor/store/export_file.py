"""The export file: one whole assessment as JSON (`ExportFile`), read from a file to import as
untrusted (`parse_export`, `check_export`), and what two exports record (`recorded`).

One sentence naming the field refuses anything the store could not hold faithfully (a repeated
key, a NUL, a time without a zone or not a real one, a huge text, a participant named twice, an
answer to a question of none of its banks, a target for a domain nobody here knows).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from assessor.person_names import looks_like_key, name_problem, person_key
from assessor.store.errors import StoreError
from assessor.store.export_text import (
    Place,
    check_texts,
    problem_phrase,
    read_object,
    refuse,
    repeated_key,
)
from assessor.store.records import IMPORTING, Answer, Assessment, Participant, RevisedAnswer, Target

FORMAT: Final = "assessor-assessment"
FORMAT_VERSION: Final = 2
ASSESSMENT_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
# A 30-person workshop's export is about 1 MB; a file many times that is refused unparsed.
FILE_LIMIT_MB = 32
FILE_LIMIT = FILE_LIMIT_MB * 1024 * 1024  # bytes
DOMAINS = "domains"  # validation context: the domain ids known here, for the export's targets
# Distinct questions one assessment answers or was asked: the shipped banks hold 66, and a bank
# set of a thousand would take days to answer. A file past it is refused, not cut short.
QUESTION_LIMIT = 1_000


class ExportFile(BaseModel):
    """The export format, version 2: everything recorded about one assessment.

    Version 2 carries each answer's facts (`parked`, `prefilled_from`, `on_device`, and
    `after_spread` where a rating was changed after its spread was shown); a file of
    version 1 says them only in its answers' words, and is read as migration 13 reads a store.
    """

    model_config = ConfigDict(extra="forbid")

    format: Literal["assessor-assessment"] = FORMAT
    format_version: Literal[1, 2] = FORMAT_VERSION  # not true, which Python counts as 1
    assessment: Assessment
    participants: list[Participant]
    answers: list[Answer]
    history: list[RevisedAnswer]
    questions: dict[str, str] = {}  # question id -> the wording it was asked in
    targets: list[Target] = []  # the partnership's target stages when it was exported
    # Whether the partnership had agreed to share its scores with the programme when it was
    # exported (None: an export from before this was carried). An import takes it only for a
    # partnership it creates: one already in the database keeps the agreement recorded there.
    shares_scores: StrictBool | None = None

    @field_validator("format_version", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError("literal_error", "Input should be 1 or 2")
        return value

    @model_validator(mode="before")
    @classmethod
    def _plain_texts(cls, data: Any, info: ValidationInfo) -> Any:
        if info.context and info.context.get(IMPORTING):  # a file's values, not the store's
            check_texts(data)
        return data

    @model_validator(mode="before")
    @classmethod
    def _facts_of_version_1(cls, data: Any) -> Any:
        """A version 1 file's answers, with the facts their words said then."""
        if not isinstance(data, dict) or data.get("format_version") != 1:
            return data
        upgraded = dict(data)
        for part in ("answers", "history"):
            rows = data.get(part)
            if isinstance(rows, list):
                upgraded[part] = [facts_from_words(r) if isinstance(r, dict) else r for r in rows]
        return upgraded

    @model_validator(mode="after")
    def _names_and_domains(self, info: ValidationInfo) -> ExportFile:
        if not (info.context and info.context.get(IMPORTING)):
            return self  # the store's own records, being exported: written whatever they hold
        # Names compared as a workshop compares them when someone is added to the room.
        seen: dict[str, int] = {}
        looks: dict[str, int] = {}  # as the room refuses a name that looks like another's
        for n, person in enumerate(self.participants):
            if problem := name_problem(person.name):
                raise refuse(("participants", n, "name"), f"is {person.name[:40]!r}: {problem}")
            first = seen.setdefault(person_key(person.name), n)
            if first != n:
                raise refuse(
                    ("participants", n, "name"),
                    f"is {person.name[:40]!r}, already the name of participants[{first}]; "
                    "two people in one assessment need different names or initials",
                )
            like = looks.setdefault(looks_like_key(person.name), n)
            if like != n:
                other = self.participants[like].name
                raise refuse(
                    ("participants", n, "name"),
                    f"looks like participants[{like}]'s ({person.name[:40]!r} and "
                    f"{other[:40]!r}); two people in one assessment need names that can be "
                    "told apart",
                )
        _check_facts("answers", self.answers)
        _check_facts("history", self.history)
        _check_questions(self)
        known = (info.context or {}).get(DOMAINS)
        if known is not None:
            domains = sorted({*known, *(b.bank_id for b in self.assessment.banks)})
            for n, target in enumerate(self.targets):
                if target.domain_id not in domains:
                    raise refuse(
                        ("targets", n, "domain_id"),
                        f"is '{target.domain_id}', which is not a domain here; the domains are "
                        f"{', '.join(domains)}",
                    )
        return self


# The facts only a participant's rating has, and what each says of it.
_RATINGS_ONLY: Final = {
    "prefilled_from": "copied from a self-assessment",
    "on_device": "given on their own device",
    "after_spread": "given after the spread was shown",
}


def _check_facts(part: str, answers: Sequence[Answer]) -> None:
    """An answer's facts as the store could have written them: a copy names an assessment id
    (one that need not be here: a programme receives workshops without the self-assessments
    they started from), and only a participant's rating is copied or given on a device."""
    for n, answer in enumerate(answers):
        copied = answer.prefilled_from
        if copied is not None and not ASSESSMENT_ID.fullmatch(copied):
            raise refuse(
                (part, n, "prefilled_from"),
                f"is {copied[:40]!r}, which is not an assessment id (lower-case letters, "
                "digits, '-' and '_', at most 40 characters)",
            )
        if answer.participant_id is not None:
            continue
        for fact, why in _RATINGS_ONLY.items():
            if getattr(answer, fact) not in (None, False):
                raise refuse(
                    (part, n, fact),
                    "is set on the agreed answer (it has no participant_id); only a "
                    f"participant's rating is {why}",
                )


def _check_questions(exported: ExportFile) -> None:
    """Every question answered, or asked, is one of the assessment's own banks' (its id starts
    with the bank's id), and there are at most QUESTION_LIMIT of them.

    Refused rather than left out: an analyst importing a return would rather be told the file is
    not what assessor wrote, and ask for it again, than hold a partnership's answers with some
    silently missing."""
    banks = sorted({b.bank_id for b in exported.assessment.banks})
    named = f"its banks are {', '.join(banks)}" if banks else "it has no banks"
    seen: set[str] = set()
    places: list[tuple[Place, str]] = [
        *(
            ((part, n, "question_id"), a.question_id)
            for part, rows in (("answers", exported.answers), ("history", exported.history))
            for n, a in enumerate(rows)
        ),
        *((("questions", q), q) for q in exported.questions),
    ]
    for place, question_id in places:
        if question_id in seen:
            continue
        if question_id.split(".", 1)[0] not in banks or "." not in question_id:
            raise refuse(
                place,
                f"is {question_id[:40]!r}, which is not a question of the assessment's banks "
                f"({named})",
            )
        seen.add(question_id)
        if len(seen) > QUESTION_LIMIT:
            raise refuse(
                place,
                f"is one question more than an assessment can hold: it answers or asks at most "
                f"{QUESTION_LIMIT:,} different questions (the shipped banks hold fewer than 100)",
            )


# What a version 1 file's words said of how an answer came to be (see migration 13).
_NO_CONSENSUS_WORDS = "no consensus"
_PREFILLED_WORDS = re.compile(r"self-assessment (\S+)")
_ON_DEVICE_WORDS = "rated on own device: "


def facts_from_words(row: dict[str, Any]) -> dict[str, Any]:
    """An answer of a version 1 file with its facts, read from its words as they were written
    then (the same reading as migration 13's)."""
    words, voice = row.get("words"), row.get("participant_id")
    if not isinstance(words, str) or any(k in row for k in ("parked", "prefilled_from")):
        return row
    facts: dict[str, Any] = {}
    if voice is None and row.get("special") == "skipped" and words == _NO_CONSENSUS_WORDS:
        facts["parked"] = True
    elif voice is not None and (found := _PREFILLED_WORDS.fullmatch(words)):
        facts["prefilled_from"] = found.group(1)
    elif voice is not None and words.startswith(_ON_DEVICE_WORDS):
        facts["on_device"] = True
    return {**row, **facts}


def parse_export(text: str, source: str, domains: Collection[str] | None = None) -> ExportFile:
    """Read an export file; one sentence naming the file and the first problem otherwise.

    `domains`: the domain ids known here; a target for any other (and not one of the
    assessment's own banks) is refused. None: targets are not checked against any.
    """
    try:
        data = json.loads(text, object_pairs_hook=read_object)
    except json.JSONDecodeError as error:
        raise StoreError(
            f"{source} is not JSON: line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise StoreError(f"{source} cannot be read as JSON: it nests too deeply") from None
    except ValueError:  # an integer of thousands of digits
        raise StoreError(
            f"{source} cannot be read as JSON: it has a number too long to read"
        ) from None
    if repeated := repeated_key(data):
        raise StoreError(f"{source} cannot be imported: {repeated}")
    context = {IMPORTING: True, DOMAINS: domains}
    try:
        return ExportFile.model_validate(data, context=context)
    except ValidationError as error:
        first = error.errors()[0]
        refused = first["type"].startswith("import_")
        verdict = "cannot be imported" if refused else "is not an assessor export"
        raise StoreError(f"{source} {verdict}: {problem_phrase(first)}") from None


def check_export(exported: ExportFile) -> None:
    """Refuse, before any database is touched, an export that could not be imported whole."""
    record = exported.assessment
    if not ASSESSMENT_ID.fullmatch(record.id):
        raise StoreError(f"the export's assessment id '{record.id[:40]}' is not a valid id")
    if not " ".join(record.partnership.split()):
        raise StoreError("the export's partnership has no name")
    domains = [t.domain_id for t in exported.targets]
    if len(set(domains)) != len(domains):
        raise StoreError("the export contradicts itself: two targets for one domain")
    roster = [p.id for p in exported.participants]
    if len(set(roster)) != len(roster):
        raise StoreError("the export contradicts itself: two participants share one id")
    voices: set[tuple[str, int | None]] = set()
    for answer in [*exported.answers, *exported.history]:
        if answer.participant_id is not None and answer.participant_id not in roster:
            raise StoreError(
                f"the export names participant {answer.participant_id}, who is not in its roster"
            )
    for answer in exported.answers:
        voice = (answer.question_id, answer.participant_id)
        if voice in voices:
            raise StoreError(
                f"the export contradicts itself: two current answers to '{answer.question_id}' "
                "from one voice"
            )
        voices.add(voice)


def _instant(value: Any) -> Any:
    """A time as one text whatever offset it was written with; anything else as it is."""
    return value.astimezone(UTC).isoformat() if isinstance(value, datetime) else value


def recorded(exported: ExportFile) -> str:
    """What an export records of its assessment, as one text two exports can be compared by:
    its mode, status, lead, times, banks, roster, answers, history and wording, in any order.

    Left out: the partnership's name, area and targets (a database keeps its own) and the
    participants' ids (an import numbers them afresh).
    """
    roster = {p.id: n for n, p in enumerate(exported.participants)}

    def rows(records: Sequence[BaseModel]) -> list[str]:
        found = []
        for record in records:
            values = {k: _instant(v) for k, v in record.model_dump().items()}
            if "participant_id" in values and values["participant_id"] is not None:
                values["participant_id"] = roster.get(values["participant_id"], -1)
            values.pop("id", None)
            found.append(json.dumps(values, sort_keys=True, default=str))
        return sorted(found)

    record = exported.assessment.model_dump(exclude={"id", "partnership", "area"})
    return json.dumps(
        {
            "assessment": {k: _instant(v) for k, v in record.items()},
            "participants": rows(exported.participants),
            "answers": rows(exported.answers),
            "history": rows(exported.history),
            "questions": exported.questions,
        },
        sort_keys=True,
        default=str,
    )
