"""The question-bank file format (schema version 1), as pydantic v2 models.

Every model forbids unknown keys so that a typo in a bank is an error, not a silently ignored
field. Checks that need more than one question (duplicate ids, references, repeated
descriptors) live in `checks.py`, where they can be reported with a file position.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Protocol, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from assessor.continuum import Stage

SCHEMA_VERSION = 1

BANK_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
DOTTED_ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"

BankId = Annotated[str, StringConstraints(pattern=BANK_ID_PATTERN)]
DottedId = Annotated[str, StringConstraints(pattern=DOTTED_ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Timescale = Literal["0-3 months", "3-12 months", "12+ months"]
TIMESCALES: tuple[str, ...] = ("0-3 months", "3-12 months", "12+ months")


def _known_format(value: int) -> int:
    if value != SCHEMA_VERSION:
        raise ValueError(f"this assessor reads schema_version {SCHEMA_VERSION}, not {value}")
    return value


# The file format's version, for the banks and the glossary alike.
SchemaVersion = Annotated[
    int,
    Field(description="The file format's version.", json_schema_extra={"const": SCHEMA_VERSION}),
    AfterValidator(_known_format),
]


class _Strict(BaseModel):
    # Validators are built on first validation, not on import: banks read back from the cache
    # (`cache.py`) are used without ever validating, and the app starts sooner for it.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


_T_co = TypeVar("_T_co", covariant=True)


class _PerStage(Protocol[_T_co]):
    """A field for each stage of the continuum, as `Levels`, `Keywords` and `Examples` have."""

    @property
    def isolation(self) -> _T_co: ...
    @property
    def communication(self) -> _T_co: ...
    @property
    def coordination(self) -> _T_co: ...
    @property
    def collaboration(self) -> _T_co: ...
    @property
    def integration(self) -> _T_co: ...


def _at_stage(fields: _PerStage[_T_co], stage: Stage) -> _T_co:
    """The field of `fields` for `stage`."""
    in_order = (
        fields.isolation,
        fields.communication,
        fields.coordination,
        fields.collaboration,
        fields.integration,
    )
    return in_order[stage.value_number - 1]


class Levels(_Strict):
    """One concrete, observable descriptor per stage: what a visitor would see."""

    isolation: Text
    communication: Text
    coordination: Text
    collaboration: Text
    integration: Text

    def for_stage(self, stage: Stage) -> str:
        return _at_stage(self, stage)


class Keywords(_Strict):
    """Phrases people use for a stage of this question, for the answer interpreter."""

    isolation: list[Text] = Field(default_factory=list)
    communication: list[Text] = Field(default_factory=list)
    coordination: list[Text] = Field(default_factory=list)
    collaboration: list[Text] = Field(default_factory=list)
    integration: list[Text] = Field(default_factory=list)

    def for_stage(self, stage: Stage) -> list[str]:
        return _at_stage(self, stage)


# A short answer as a person would say it: long enough to mean something, short enough to be
# said in a room.
Example = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=240)]


class Examples(_Strict):
    """Answers people give at each stage of this question, in their own words and their
    sector's jargon rather than the descriptor's: what the interpreter compares an answer with."""

    isolation: list[Example] = Field(default_factory=list)
    communication: list[Example] = Field(default_factory=list)
    coordination: list[Example] = Field(default_factory=list)
    collaboration: list[Example] = Field(default_factory=list)
    integration: list[Example] = Field(default_factory=list)

    def for_stage(self, stage: Stage) -> list[str]:
        return _at_stage(self, stage)


class Action(_Strict):
    """A recommended step from one stage to the next."""

    id: DottedId
    text: Text
    owner: Text = Field(description="A role, e.g. 'Family hubs programme board'.")
    timescale: Timescale
    after: list[DottedId] = Field(
        default_factory=list,
        description="Ids of actions or questions that must come first.",
    )


class Actions(_Strict):
    """Actions to reach the next stage, keyed by the stage they start from."""

    isolation: list[Action] = Field(min_length=1)
    communication: list[Action] = Field(min_length=1)
    coordination: list[Action] = Field(min_length=1)
    collaboration: list[Action] = Field(min_length=1)

    def for_stage(self, stage: Stage) -> list[Action]:
        return [] if stage is Stage.INTEGRATION else getattr(self, stage.value)

    def all(self) -> list[Action]:
        return [a for s in Stage if s is not Stage.INTEGRATION for a in self.for_stage(s)]


class AskIf(_Strict):
    """Ask a question only when an earlier answer's stage lies in a range.

    The condition holds when `question` was answered with a stage (not n/a, don't know or
    skipped) that is at least `at_least` and at most `at_most` (each optional).
    """

    question: DottedId
    at_least: Stage | None = None
    at_most: Stage | None = None

    def holds(self, earlier: Stage | None) -> bool:
        if earlier is None:
            return False
        number = earlier.value_number
        if self.at_least is not None and number < self.at_least.value_number:
            return False
        return not (self.at_most is not None and number > self.at_most.value_number)


class Question(_Strict):
    id: DottedId = Field(description="Stable, namespaced by the bank id: 'governance.board'.")
    text: Text = Field(description="Asked conversationally, as a person would ask it.")
    help: Text = Field(description="Why it matters, from the guidance.")
    source: list[Text] = Field(min_length=1, description="Seed files this question comes from.")
    levels: Levels
    keywords: Keywords = Field(default_factory=Keywords)
    examples: Examples = Field(default_factory=Examples)
    weight: float = Field(default=1.0, gt=0, le=10)
    evidence: Text = Field(description="What would show it; asked for as a note.")
    ask_if: AskIf | None = None
    actions: Actions


class Bank(_Strict):
    schema_version: SchemaVersion
    id: BankId
    title: Text
    version: Text = Field(description="The content's version, e.g. '1.0'.")
    description: Text
    source: list[Text] = Field(min_length=1, description="Seed file names.")
    retired_ids: list[DottedId] = Field(
        default_factory=list,
        description="Ids no longer in use; never reused, so old assessments stay comparable.",
    )
    questions: list[Question] = Field(min_length=1)


def bank_json_schema() -> dict[str, Any]:
    """The JSON Schema of a bank file, for editors (yaml-language-server) and checks."""
    schema = Bank.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
