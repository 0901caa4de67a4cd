"""Moving one whole assessment between databases as a JSON file, without loss.

A file to import is read as untrusted: one sentence naming the field refuses anything the store
could not hold faithfully (a repeated key, a NUL, a time without a zone, a huge text, a
participant named twice, a target for a domain nobody here knows).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection, Iterator, Sequence
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
from pydantic_core import ErrorDetails, PydanticCustomError

from assessor.person_names import looks_like_key, name_problem, person_key
from assessor.store.errors import StoreError
from assessor.store.records import (
    IMPORTING,
    Answer,
    Assessment,
    Participant,
    RevisedAnswer,
    Target,
)
from assessor.store.store import Store, iso_text

FORMAT: Final = "assessor-assessment"
FORMAT_VERSION: Final = 2
ASSESSMENT_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
# A 30-person workshop's export is about 1 MB; a file many times that is refused unparsed.
FILE_LIMIT_MB = 32
FILE_LIMIT = FILE_LIMIT_MB * 1024 * 1024  # bytes
# Any one text (a note, the words of an answer, a name): some 15,000 words, far beyond any
# evidence note, and small enough for every report to show.
TEXT_LIMIT = 100_000  # characters
DOMAINS = "domains"  # validation context: the domain ids known here, for the export's targets
Place = tuple[str | int, ...]  # where a value is in a parsed JSON file: keys and indexes


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.-]{1,40}")


def _where(path: Place) -> str:
    """A field's place as a reader would write it: answers[3].answered_at (a key from the file
    that is not plain is quoted, its control characters escaped: questions['a\\x1b'])."""
    text = ""
    for part in path:
        if isinstance(part, int) or not _PLAIN_KEY.fullmatch(part):
            text += f"[{part if isinstance(part, int) else repr(part[:40])}]"
        else:
            text += f".{part}" if text else part
    return text or "the file"


def _refuse(path: Place, message: str) -> PydanticCustomError:
    """An import refused at one field, with a message that follows its name."""
    sentence = f"{_where(path)} {message}"  # a template with no fields: user text kept literal
    return PydanticCustomError("import_refused", "{sentence}", {"sentence": sentence})


def _walk(data: Any) -> Iterator[tuple[Place, Any]]:
    """Every value in parsed JSON with its place, in the file's order (no recursion: a file
    cannot nest its way past Python's stack)."""
    pending: list[tuple[Place, Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        yield path, value
        if isinstance(value, dict):
            pending.extend(reversed([((*path, k), v) for k, v in value.items()]))
        elif isinstance(value, list):
            pending.extend(reversed([((*path, n), v) for n, v in enumerate(value)]))


# A NUL (SQLite and C tools cut text at one) or half a surrogate pair (a JSON "\ud800" escape:
# not a character, and not storable as UTF-8).
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def _check_texts(data: Any) -> None:
    """Every text and key in the file: nothing that is not text, and none longer than
    TEXT_LIMIT."""
    for path, value in _walk(data):
        if isinstance(value, dict):
            for key in value:
                if _NOT_TEXT.search(key) or len(key) > TEXT_LIMIT:
                    raise _refuse(
                        path,
                        f"has a key with a NUL, half a surrogate pair or over {TEXT_LIMIT:,} "
                        f"characters ({key[:40]!r})",
                    )
        elif isinstance(value, str) and (bad := _NOT_TEXT.search(value)):
            what = "a NUL character" if bad.group() == "\x00" else "half a surrogate pair"
            raise _refuse(path, f"has {what} in it (at character {bad.start() + 1})")
        elif isinstance(value, str) and len(value) > TEXT_LIMIT:
            raise _refuse(
                path, f"is {len(value):,} characters long; a text is at most {TEXT_LIMIT:,}"
            )


class ExportFile(BaseModel):
    """The export format, version 2: everything recorded about one assessment.

    Version 2 carries each answer's facts (`parked`, `prefilled_from`, `on_device`); a file of
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
            _check_texts(data)
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
                raise _refuse(("participants", n, "name"), f"is {person.name[:40]!r}: {problem}")
            first = seen.setdefault(person_key(person.name), n)
            if first != n:
                raise _refuse(
                    ("participants", n, "name"),
                    f"is {person.name[:40]!r}, already the name of participants[{first}]; "
                    "two people in one assessment need different names or initials",
                )
            like = looks.setdefault(looks_like_key(person.name), n)
            if like != n:
                other = self.participants[like].name
                raise _refuse(
                    ("participants", n, "name"),
                    f"looks like participants[{like}]'s ({person.name[:40]!r} and "
                    f"{other[:40]!r}); two people in one assessment need names that can be "
                    "told apart",
                )
        _check_facts("answers", self.answers)
        _check_facts("history", self.history)
        known = (info.context or {}).get(DOMAINS)
        if known is not None:
            domains = sorted({*known, *(b.bank_id for b in self.assessment.banks)})
            for n, target in enumerate(self.targets):
                if target.domain_id not in domains:
                    raise _refuse(
                        ("targets", n, "domain_id"),
                        f"is '{target.domain_id}', which is not a domain here; the domains are "
                        f"{', '.join(domains)}",
                    )
        return self


# The facts only a participant's rating has, and what each says of it.
_RATINGS_ONLY: Final = {
    "prefilled_from": "copied from a self-assessment",
    "on_device": "given on their own device",
}


def _check_facts(part: str, answers: Sequence[Answer]) -> None:
    """An answer's facts as the store could have written them: a copy names an assessment id
    (one that need not be here: a programme receives workshops without the self-assessments
    they started from), and only a participant's rating is copied or given on a device."""
    for n, answer in enumerate(answers):
        copied = answer.prefilled_from
        if copied is not None and not ASSESSMENT_ID.fullmatch(copied):
            raise _refuse(
                (part, n, "prefilled_from"),
                f"is {copied[:40]!r}, which is not an assessment id (lower-case letters, "
                "digits, '-' and '_', at most 40 characters)",
            )
        if answer.participant_id is not None:
            continue
        for fact, why in _RATINGS_ONLY.items():
            if getattr(answer, fact) not in (None, False):
                raise _refuse(
                    (part, n, fact),
                    "is set on the agreed answer (it has no participant_id); only a "
                    f"participant's rating is {why}",
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


class _Object(dict):
    """A JSON object as read, remembering the first key it was given twice."""

    repeated: str | None = None


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    found = _Object(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                found.repeated = key
                break
            seen.add(key)
    return found


def _repeated_key(data: Any) -> str | None:
    """Where the first object with a key given twice is, and which key; None if none is."""
    for path, value in _walk(data):
        if isinstance(value, _Object) and value.repeated is not None:
            where = _where((*path, value.repeated))
            return f"{where} is given twice, so the file is ambiguous; give it once"
    return None


# What a value of the wrong JSON type must be instead (the records' fields are strict).
_MUST_BE: Final = {"int_type": "a whole number", "bool_type": "true or false"}


def _problem(error: ErrorDetails) -> str:
    """One validation error as a phrase: where, then what."""
    if error["type"] == "import_refused":
        return error["msg"]
    where = _where(tuple(error["loc"]))
    message = error["msg"].removeprefix("Value error, ").replace("Input should be ", "must be ")
    if error["type"] in _MUST_BE:
        given = json.dumps(error["input"])
        given = given if len(given) <= 40 else f"{given[:40]}..."
        message = f"must be {_MUST_BE[error['type']]}, not {given}"
    if error["type"] == "import_naive_time":
        return f"{where} {message}"
    return f"{where}: {message}"


def parse_export(text: str, source: str, domains: Collection[str] | None = None) -> ExportFile:
    """Read an export file; one sentence naming the file and the first problem otherwise.

    `domains`: the domain ids known here; a target for any other (and not one of the
    assessment's own banks) is refused. None: targets are not checked against any.
    """
    try:
        data = json.loads(text, object_pairs_hook=_object)
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
    if repeated := _repeated_key(data):
        raise StoreError(f"{source} cannot be imported: {repeated}")
    context = {IMPORTING: True, DOMAINS: domains}
    try:
        return ExportFile.model_validate(data, context=context)
    except ValidationError as error:
        first = error.errors()[0]
        refused = first["type"].startswith("import_")
        verdict = "cannot be imported" if refused else "is not an assessor export"
        raise StoreError(f"{source} {verdict}: {_problem(first)}") from None


def export_assessment(store: Store, assessment_id: str) -> ExportFile:
    return ExportFile(
        assessment=store.assessment(assessment_id),
        participants=store.participants(assessment_id, include_removed=True),
        answers=store.answers(assessment_id, voices=True),
        history=store.history(assessment_id),
        questions=store.questions_of([assessment_id])[assessment_id],
        targets=store.targets(store.assessment(assessment_id).partnership),
        shares_scores=store.shares_scores(store.assessment(assessment_id).partnership),
    )


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


def import_assessment(store: Store, exported: ExportFile) -> Assessment:
    """Add an exported assessment, keeping its id, times, roster, answers and history.

    All or nothing, in one transaction. The partnership is matched by name in any case; an
    existing partnership's name and area are kept (an empty area takes the export's), and so
    are its targets (a domain with none takes the export's) and its agreement to share its
    scores (a partnership the import creates takes the export's).
    """
    check_export(exported)
    record = exported.assessment
    try:
        with store.transaction() as db:
            _insert(store, db, exported)
    except StoreError as error:
        if isinstance(error.__context__, _integrity_errors(store)):
            raise StoreError(
                f"the export contradicts itself and was not imported ({error.__context__})"
            ) from None
        raise
    return store.assessment(record.id)


def _integrity_errors(store: Store) -> tuple[type[Exception], ...]:
    """The driver's error for a row a constraint refuses (sqlite3's or psycopg's)."""
    if store.on_server:
        from assessor.store.postgres import driver

        return (driver().IntegrityError,)
    return (sqlite3.IntegrityError,)


def _insert(store: Store, db: Any, exported: ExportFile) -> None:
    """Every row of an export, inside the caller's transaction."""
    record = exported.assessment
    if db.execute("SELECT 1 FROM assessments WHERE id = ?", (record.id,)).fetchone():
        raise StoreError(f"assessment '{record.id}' is already in {store.path}")
    name = " ".join(record.partnership.split())
    new = db.execute("SELECT 1 FROM partnerships WHERE name = ?", (name,)).fetchone() is None
    owner = store.partnership_in(db, record.partnership, record.area)
    if new and exported.shares_scores:
        db.execute("UPDATE partnerships SET shares_scores = 1 WHERE id = ?", (owner.id,))
    db.execute(
        "INSERT INTO assessments(id, partnership_id, mode, status, lead, started_at, "
        "finished_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            record.id,
            owner.id,
            record.mode,
            record.status,
            record.lead,
            iso_text(record.started_at),
            iso_text(record.finished_at) if record.finished_at else None,
        ),
    )
    db.executemany(
        "INSERT INTO assessment_banks(assessment_id, bank_id, bank_version, position) "
        "VALUES (?, ?, ?, ?)",
        [(record.id, b.bank_id, b.version, i) for i, b in enumerate(record.banks)],
    )
    new_ids: dict[int, int] = {}
    for person in exported.participants:
        cursor = db.execute(
            "INSERT INTO participants(assessment_id, name, organisation, role, sector, added_at, "
            "removed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                person.name,
                person.organisation,
                person.role,
                person.sector,
                iso_text(person.added_at),
                iso_text(person.removed_at) if person.removed_at else None,
            ),
        )
        assert cursor.lastrowid is not None  # an INSERT sets it
        new_ids[person.id] = cursor.lastrowid

    def voice(old: int | None) -> int | None:
        return None if old is None else new_ids[old]  # every id checked in check_export

    kept = [*exported.answers, *exported.history]
    question = store.question_keys_in(db, (a.question_id for a in kept))
    writer = store.writer_keys_in(db, (a.changed_by for a in kept))
    for a in exported.answers:
        db.execute(
            "INSERT INTO answers(assessment_id, question_key, participant_id, value, special, "
            "words, note, answered_at, writer_key, in_bank, rationale, parked, prefilled_from, "
            "on_device) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                record.id,
                question[a.question_id],
                voice(a.participant_id),
                a.value,
                a.special.value if a.special else None,
                a.words,
                a.note,
                iso_text(a.answered_at),
                writer[a.changed_by],
                int(a.in_bank),
                a.rationale,
                int(a.parked),
                a.prefilled_from,
                int(a.on_device),
            ),
        )
    for h in exported.history:
        db.execute(
            "INSERT INTO answer_history(assessment_id, question_key, participant_id, value, "
            "special, words, note, answered_at, replaced_at, writer_key, rationale, parked, "
            "prefilled_from, on_device) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                record.id,
                question[h.question_id],
                voice(h.participant_id),
                h.value,
                h.special.value if h.special else None,
                h.words,
                h.note,
                iso_text(h.answered_at),
                iso_text(h.replaced_at),
                writer[h.changed_by],
                h.rationale,
                int(h.parked),
                h.prefilled_from,
                int(h.on_device),
            ),
        )
    store.put_questions_in(db, record.id, exported.questions.items())
    for target in exported.targets:
        store.put_target_in(db, owner.id, target, replace=False)


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
