"""What the store holds, as pydantic models (they are also the export file's parts)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from assessor.answers import AnswerValue, Special
from assessor.continuum import Stage

Mode = Literal["individual", "workshop"]
Status = Literal["in-progress", "complete"]


# Validation context key: the records are being read from a file to import, not from the store.
IMPORTING = "importing"


def _with_offset(moment: datetime, info: ValidationInfo) -> datetime:
    """A time that can be compared with any other: it carries its UTC offset.

    assessor always writes times with one. A file to import must say it too (a guessed zone
    could silently reorder answers and assessments); a time already stored without one (put
    there by an earlier import) is read as UTC, the zone assessor writes in, rather than made
    unreadable.
    """
    if moment.utcoffset() is not None:
        return moment
    if info.context and info.context.get(IMPORTING):
        raise PydanticCustomError(
            "import_naive_time",
            "has no timezone; give one, e.g. 2026-03-01T09:00:00Z for UTC or "
            "2026-03-01T10:00:00+01:00",
        )
    return moment.replace(tzinfo=UTC)


# A time as assessor writes it (ISO 8601): date, "T", time to the minute, second or microsecond,
# then "Z" or an offset of hours and minutes. `datetime.fromisoformat` then says whether it is a
# real date and time (no 30 February, no 24:00).
_ISO_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?", re.ASCII
)
# The years a time in a file to import may fall in: a file of this century's assessments; a time
# outside them is a mistake or a forgery, and one near year 1 or 9999 cannot be compared or
# shown in every zone.
IMPORT_YEARS = range(2000, 2100)
_EXAMPLE = "e.g. 2026-03-01T09:00:00Z for UTC or 2026-03-01T10:00:00+01:00"


def _time_refused(value: object, why: str) -> PydanticCustomError:
    shown = repr(value[:40]) if isinstance(value, str) else repr(value)
    return PydanticCustomError("import_time", "{sentence}", {"sentence": f"is {shown}, {why}"})


def _written_as_text(value: object, info: ValidationInfo) -> object:
    """A time in a file to import is ISO 8601 text, as assessor writes it: a number (which
    pydantic would read as seconds since 1970), another form of date, an impossible date or
    one outside `IMPORT_YEARS` is refused, not converted."""
    if not (info.context and info.context.get(IMPORTING)):
        return value
    number = not isinstance(value, str)
    if isinstance(value, str):
        try:
            float(value)
            number = True
        except ValueError:
            pass
    if number:
        raise PydanticCustomError(
            "time_as_number",
            "must be a time written as text, e.g. 2026-03-01T09:00:00Z, not a number",
        )
    assert isinstance(value, str)
    if not _ISO_TIME.fullmatch(value):
        raise _time_refused(
            value, f"which is not a time written as assessor writes one, {_EXAMPLE}"
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _time_refused(value, "which is not a real date and time") from None
    if moment.year not in IMPORT_YEARS:
        first, last = IMPORT_YEARS[0], IMPORT_YEARS[-1]
        raise _time_refused(value, f"which is not a time of {first} to {last}")
    return value


Moment = Annotated[datetime, BeforeValidator(_written_as_text), AfterValidator(_with_offset)]


def moment_from_text(text: str) -> datetime:
    """A time as the store holds it (ISO 8601), with UTC where it was stored without a zone."""
    moment = datetime.fromisoformat(text)
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


class _Record(BaseModel):
    """A record's integers and true/false values are strict (StrictInt, StrictBool): a file to
    import that says `"value": true` or `"parked": "yes"` is refused, not converted; the store
    reads its columns into the types themselves."""

    # Built at first validation, not when the class is made: the app's start reads only rows
    # the store wrote (built without validating), so it builds none of them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Partnership(_Record):
    id: int
    name: str
    area: str = ""


class BankUse(_Record):
    """A bank an assessment uses, at the version it was last asked from."""

    bank_id: str
    version: str


class Assessment(_Record):
    id: str
    partnership: str
    area: str = ""
    mode: Mode
    status: Status
    lead: str = ""
    banks: list[BankUse]
    started_at: Moment
    finished_at: Moment | None = None
    # Raised by every change to the assessment or its answers; local to one database, so it is
    # left out of exports.
    revision: StrictInt = Field(default=0, exclude=True)


class Participant(_Record):
    id: StrictInt
    name: str
    organisation: str = ""
    role: str = ""
    sector: str = ""  # chosen when joining a room (see assessor.room.sectors); else ''
    added_at: Moment
    removed_at: Moment | None = None


class RoomKeys(_Record):
    """What opens a workshop's room: the secret in its address, the short code people type, and
    the key each participant's token is signed with. Kept, so that a room reopened after the
    facilitator's process stopped knows everyone again."""

    assessment_id: str
    secret: str = Field(repr=False)
    code: str
    signing_key: str = Field(repr=False)
    opened_at: Moment


class AnswerFacts(_Record):
    """How an answer came to be, kept as typed fields beside its words: the words and note stay
    what people said, and nothing is ever read back from them."""

    # A workshop's agreed answer that parks its question without consensus (recorded as
    # skipped; the plan asks the partnership to agree a shared view).
    parked: StrictBool = False
    # A participant's rating copied from their own self-assessment (its id), unchanged since.
    prefilled_from: str | None = None
    # A participant's rating given on their own device in a workshop's room.
    on_device: StrictBool = False
    # A participant's rating given after the question's spread was shown to the room: it
    # replaced the rating the room first saw (kept in the history).
    after_spread: StrictBool = False


NO_FACTS = AnswerFacts.model_construct()  # the defaults: nothing to validate


class Answer(_Record):
    """One voice's answer to one question: a stage value 1-5 or a special answer.

    `participant_id` is None for the assessment's own answer (the lead's, or a workshop's
    agreed answer). `parked`, `prefilled_from`, `on_device` and `after_spread` are its
    `AnswerFacts`.
    """

    question_id: str
    value: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    special: Special | None = None
    words: str = ""
    note: str = ""
    participant_id: StrictInt | None = None
    answered_at: Moment
    changed_by: str = ""
    in_bank: StrictBool = True
    rationale: str = ""  # why a workshop agreed this stage (the agreed answer only)
    parked: StrictBool = False
    prefilled_from: str | None = None
    on_device: StrictBool = False
    after_spread: StrictBool = False
    # Raised by every change to this answer; a write says the revision it was based on. Local to
    # one database, so it is left out of exports.
    revision: StrictInt = Field(default=1, exclude=True)

    @model_validator(mode="after")
    def _one_kind(self) -> Answer:
        if (self.value is None) == (self.special is None):
            raise ValueError("an answer has either a value or a special answer")
        if self.parked and (self.special is not Special.SKIPPED or self.participant_id is not None):
            raise ValueError("only a workshop's agreed answer, recorded as skipped, is parked")
        return self

    @property
    def facts(self) -> AnswerFacts:
        return AnswerFacts(
            parked=self.parked,
            prefilled_from=self.prefilled_from,
            on_device=self.on_device,
            after_spread=self.after_spread,
        )

    @property
    def stage(self) -> Stage | None:
        return Stage.from_number(self.value) if self.value is not None else None

    @property
    def answer_value(self) -> AnswerValue:
        return AnswerValue(stage=self.stage, special=self.special)


class RevisedAnswer(Answer):
    """An earlier version of an answer, kept when it was changed."""

    replaced_at: Moment


def answer_map(answers: list[Answer]) -> dict[str, AnswerValue]:
    """Question id -> answer value, for the answers that are still in the banks."""
    return {a.question_id: a.answer_value for a in answers if a.in_bank}


# A domain is a bank: its id has a bank id's form (assessor.banks.models.BANK_ID_PATTERN, not
# imported here, so that opening the store does not load the bank models).
DOMAIN_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
BY_LIMIT = 40  # characters in a target's "by": a date or a short phrase, not a sentence


def clean_by(text: str) -> str:
    """A target's "by" (e.g. 'March 2027', '2027-03-31'), spaces collapsed; ValueError if unfit."""
    cleaned = " ".join(text.split())
    if any(not character.isprintable() for character in cleaned):
        raise ValueError("a target's 'by' must be plain text, e.g. 'March 2027'")
    if len(cleaned) > BY_LIMIT:
        raise ValueError(
            f"a target's 'by' is at most {BY_LIMIT} characters, e.g. 'March 2027' "
            f"(this one has {len(cleaned)})"
        )
    return cleaned


class Target(_Record):
    """A partnership's target stage for one domain, by when (as it said it), and when set."""

    domain_id: str = Field(pattern=DOMAIN_ID_PATTERN)
    stage: Stage
    by: str = ""
    set_at: Moment

    @field_validator("by")
    @classmethod
    def _fit_by(cls, value: str) -> str:
        return clean_by(value)
