"""`assessor import`: exports, or folders of them, into one database, each file on its own.

Each file is read, checked and imported in its own transaction, so one refused file stops
nothing else. A file whose assessment is already here with the same record is said and not
imported again; one whose assessment is here with a different record is refused (never merged
or replaced). Given one file, the command says what it did in a sentence; given more, or a
folder, it ends with a summary line per file. Every line it prints stays one line: the control
characters of a file's name (or of a name in the file), new lines and tabs too, are shown as
`\\uXXXX` (`terminal_text.one_line`).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from assessor.commands.data import _installed, open_store, remove_if_empty
from assessor.commands.return_files import gather, read_export_text
from assessor.errors import UserError
from assessor.store.errors import NotFound, StoreError
from assessor.terminal_text import one_line

if TYPE_CHECKING:
    from assessor.store import Store
    from assessor.store.location import Location
    from assessor.store.records import Assessment, Partnership, Target
    from assessor.store.transfer import ExportFile

Kind = Literal["imported", "joined", "already", "twice", "refused"]


@dataclass(frozen=True)
class Outcome:
    """What became of one file: its kind and the summary line's words, which name the file."""

    kind: Kind
    said: str
    alone: str = ""  # the sentence when this file was the only one given (default: `said`)
    notes: tuple[str, ...] = ()  # what the import kept or took over, for an existing partnership


class _Target:
    """The database imported into, opened when the first file is ready for it (so a run whose
    every file is refused creates no database)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.store: Store | None = None
        self.path: Location | None = None
        self.created = False
        self.imported = 0

    def open(self) -> Store:
        if self.store is None:
            from assessor.store import resolve_path

            self.path = resolve_path(self.args.db)
            self.created = not self.path.exists()
            self.store = open_store(self.args)
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            if self.created and not self.imported and self.path is not None:
                remove_if_empty(self.path)


def run(args: argparse.Namespace) -> int:
    single = len(args.files) == 1 and not Path(args.files[0]).is_dir()
    gathered = gather(args.files)
    if (nothing := gathered.nothing_to_import()) is not None:
        for line in gathered.left_alone:
            print(one_line(line))
        raise UserError(one_line(nothing))
    domains = [bank.id for bank in _installed().banks]
    target = _Target(args)
    outcomes: list[Outcome] = []
    seen: dict[tuple[int, int], Path] = {}
    try:
        for path, refusal in gathered.files:
            outcome = (
                Outcome("refused", refusal)
                if refusal is not None
                else _one(path, target, domains, seen)
            )
            outcomes.append(outcome)
            if single:
                break
            for note in outcome.notes:
                print(one_line(f"{path}: {note}"))
    finally:
        target.close()
    if single:
        return _said_alone(outcomes[0])
    return _summary(outcomes, gathered.left_alone)


def _said_alone(outcome: Outcome) -> int:
    """One file given: its outcome as a sentence (a refusal as the command's one error)."""
    if outcome.kind == "refused":
        raise UserError(one_line(outcome.said))
    print(one_line(outcome.alone or outcome.said))
    for note in outcome.notes:
        print(one_line(note))
    return 0


def _summary(outcomes: list[Outcome], left_alone: list[str]) -> int:
    count = {kind: sum(o.kind == kind for o in outcomes) for kind in get_args(Kind)}
    imported = count["imported"] + count["joined"]
    parts = [f"{imported} imported"]
    if count["joined"]:
        parts[0] += f" ({count['joined']} into a partnership already here)"
    for kind, words in (
        ("already", "already here"),
        ("twice", "given twice"),
        ("refused", "refused"),
    ):
        if count[kind]:
            parts.append(f"{count[kind]} {words}")
    files = len(outcomes)
    print(f"Summary of {files} file{'' if files == 1 else 's'}: {', '.join(parts)}.")
    for outcome in outcomes:
        print(f"  {outcome.kind:<9}  {one_line(outcome.said)}")
    for line in left_alone:
        print(one_line(line))
    if count["refused"]:
        print(
            f"assessor: {count['refused']} of {files} file{'' if files == 1 else 's'} refused; "
            "the summary says why",
            file=sys.stderr,
        )
        return 1
    return 0


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _naming(path: Path, message: str) -> str:
    """A refusal as one sentence that names the file."""
    return message if message.startswith(str(path)) else f"{path} cannot be imported: {message}"


def _one(
    path: Path, target: _Target, domains: list[str], seen: dict[tuple[int, int], Path]
) -> Outcome:
    from assessor.store.transfer import FILE_LIMIT, FILE_LIMIT_MB, check_export, parse_export

    identity = _identity(path)
    if identity is not None:
        first = seen.setdefault(identity, path)
        if first is not path:
            before = "given twice" if first == path else f"the same file as {first}, given before"
            return Outcome("twice", f"{path} is {before}; it is read once")
    try:
        text = read_export_text(path, FILE_LIMIT, FILE_LIMIT_MB)
        exported = parse_export(text, str(path), domains)
        check_export(exported)  # before a database file is created or opened
    except (UserError, StoreError) as error:
        return Outcome("refused", _naming(path, str(error)))
    store = target.open()  # a database that cannot be opened stops the command
    try:
        return _into(store, path, exported, target)
    except StoreError as error:
        return Outcome("refused", _naming(path, str(error)))


def _into(store: Store, path: Path, exported: ExportFile, target: _Target) -> Outcome:
    """Import one checked export, unless its assessment is here already."""
    from assessor.store.transfer import export_assessment, import_assessment, recorded

    wanted = exported.assessment.id
    try:
        here = store.assessment(wanted)
    except NotFound:
        here = None
    if here is not None:
        if recorded(export_assessment(store, wanted)) == recorded(exported):
            again = "imported before with the same answers; it is not imported again"
            return Outcome(
                "already",
                f"{path}: assessment {wanted} of {here.partnership} is here already, {again}",
                f"Assessment {wanted} of {here.partnership} is here already, {again}.",
            )
        return Outcome(
            "refused",
            f"{path} holds assessment {wanted} of {exported.assessment.partnership[:60]}, which "
            "is here already with different answers, people or status; it was not imported "
            f"(to replace the one here: assessor delete {wanted}, then import the file)",
        )
    before = store.find_partnership(exported.assessment.partnership)
    targets_here = store.targets(before.name) if before else []
    sharing_here = store.shares_scores(before.name) if before else None
    imported = import_assessment(store, exported)
    target.imported += 1
    alone = f"Imported assessment {imported.id} of {imported.partnership}."
    if before is None:
        said = f"{path}: assessment {imported.id} of {imported.partnership}, new here"
        agreed = ("It shares its scores with the programme, as its export says.",)
        return Outcome("imported", said, alone, agreed if exported.shares_scores else ())
    notes = [
        *_partnership_differences(exported.assessment, before),
        *_target_differences(exported.targets, targets_here, before.name),
        *_sharing_difference(exported.shares_scores, bool(sharing_here), before.name),
    ]
    said = f"{path}: assessment {imported.id}, into {before.name}, a partnership already here"
    return Outcome("joined", said, alone, tuple(notes))


def _target_differences(exported: list[Target], here: list[Target], name: str) -> list[str]:
    """What the export's targets add to a partnership already here, or differ from its own."""
    mine = {t.domain_id: t for t in here}
    lines = []
    for theirs in exported:
        said = theirs.stage.value + (f" by {theirs.by}" if theirs.by else "")
        kept = mine.get(theirs.domain_id)
        if kept is None:
            lines.append(f"Its target for {theirs.domain_id}, {said}, came with the export.")
        elif (kept.stage, kept.by) != (theirs.stage, theirs.by):
            ours = kept.stage.value + (f" by {kept.by}" if kept.by else "")
            command = f"assessor targets {shlex.quote(name)} {theirs.domain_id}={theirs.stage}"
            command += f" --by {shlex.quote(theirs.by)}" if theirs.by else ""
            lines.append(
                f"The export's target for {theirs.domain_id} is {said}; the target here, {ours}, "
                f"is kept (to change it: {command})."
            )
    return lines


def _sharing_difference(exported: bool | None, here: bool, name: str) -> list[str]:
    """The export's agreement to share scores, where it differs from the one recorded here
    (which is kept: it is the partnership's consent as the programme recorded it, and an
    export does not say when its own was given)."""
    if exported is None or exported == here:
        return []

    def shares(agreed: bool) -> str:
        return "shares" if agreed else "does not share"

    command = f"assessor partnership {shlex.quote(name)} --share {'on' if exported else 'off'}"
    return [
        f"The export says it {shares(exported)} its scores with the programme; here it "
        f"{shares(here)}, which is kept (to change it: {command})."
    ]


def _partnership_differences(exported: Assessment, existing: Partnership) -> list[str]:
    """What the export says about a partnership already here, where it differs."""
    lines = []
    if " ".join(exported.partnership.split()) != existing.name:
        lines.append(
            f"The export calls it '{exported.partnership}'; the name here, "
            f"'{existing.name}', is kept."
        )
    wanted = " ".join(exported.area.split())
    if wanted and not existing.area:
        lines.append(f"Its area was not set here; it is now '{wanted}', from the export.")
    elif wanted and wanted != existing.area:
        command = f"assessor partnership {shlex.quote(existing.name)} --area {shlex.quote(wanted)}"
        lines.append(
            f"The export gives its area as '{wanted}'; the area here, '{existing.area}', is "
            f"kept (to change it: {command})."
        )
    return lines
