"""`assessor banks try`: how the bot reads an answer to a question, clause by clause."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assessor.errors import UserError
from assessor.terminal_text import visible

if TYPE_CHECKING:
    from assessor.continuum import Stage
    from assessor.conversation.interpret import ClauseReading, Reading


def _banks_try(args: argparse.Namespace) -> int:
    import json

    from assessor.banks import load_bank_set, load_builtin
    from assessor.conversation.interpret import explain, interpret, overall_evidence
    from assessor.suggest import did_you_mean

    installed = load_builtin()
    # a custom bank may refer to the installed ones, and its folder's glossary adds to theirs
    bank_set = load_bank_set(args.bank, context=installed) if args.bank else installed
    ids = [q.id for q in bank_set.questions]
    if args.question_id not in ids:
        raise UserError(
            f"there is no question '{args.question_id}'{did_you_mean(args.question_id, ids)}"
        )
    question = bank_set.question(args.question_id)
    # read as the chat reads an answer to the question just asked, its stages listed numbered
    reading = interpret(args.answer, question, glossary=bank_set.glossary, scale_shown=True)
    clauses = explain(args.answer, question)
    if args.json:
        overall = {s.value: round(v, 2) for s, v in overall_evidence(args.answer, question)}
        shown = reading.as_json() | {
            "clauses": [c.as_json() for c in clauses],
            "evidence": overall,
        }
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    _print_reading(reading)
    if reading.command is None and clauses:
        _print_clauses(clauses, overall_evidence(args.answer, question))
    return 0


def _print_reading(reading: Reading) -> None:
    """The reading's decision, stage, confidence and what it was drawn from, a line each."""
    from assessor.conversation.interpret import ACCEPT_AT

    print(f"decision:   {reading.decision.value}")
    if reading.special:
        print(f"special:    {reading.special.label}")
    print(f"stage:      {reading.stage.value if reading.stage else '-'}")
    print(f"confidence: {reading.confidence:.2f}  (0-1; {ACCEPT_AT:.2f} or more is taken as said)")
    if reading.candidates:
        listed = ", ".join(f"{s.value} {v:.2f}" for s, v in reading.candidates)
        print(f"candidates: {listed}  (same 0-1 scale)")
    if reading.split:
        print("split:      two views given; one overall rating is asked for")
    if reading.off_topic:
        print("off topic:  a remark aside or a question back; nudged back to the question")
    if reading.ruled_out:
        print(f"ruled out:  {', '.join(s.value for s in reading.ruled_out)}")
    print(f"matched:    {', '.join(reading.matched) or '-'}")
    if reading.note:
        print(f"note:       {reading.note}")
    if reading.command:
        print(f"command:    {reading.command.command.value}")
    if reading.because:
        print(f"because:    {', '.join(_quoted(q) for q in reading.because)}")


def _print_clauses(
    clauses: Sequence[ClauseReading], weighed: Sequence[tuple[Stage, float]]
) -> None:
    """Each clause with its marks and the evidence it gives, then the answer's as a whole."""
    print("clauses:")
    for clause in clauses:
        marks = [clause.time.value] + ["negated"] * clause.negated + ["hedged"] * clause.hedged
        if clause.extent is not None:
            marks.append(f"extent {clause.extent.value}")
        # quoted as 'because' is: a control character shows as its escape, never acts
        print(f"  {_quoted(clause.text)}  ({', '.join(marks)}; {clause.counted})")
        evidence = ", ".join(f"{s.value} {v:+.2f}" for s, v in clause.scores)
        print(f"    evidence: {evidence or '-'}")
    print(f"evidence:   {', '.join(f'{s.value} {v:+.2f}' for s, v in weighed) or '-'}")


def _quoted(said: str) -> str:
    """Words someone typed, in quotes, each control character shown as its escape (as every
    face shows them: `terminal_text.visible`)."""
    return f"'{visible(said)}'"


def register_try(bank_commands: argparse._SubParsersAction) -> None:
    trying = bank_commands.add_parser("try", help="show how the bot reads an answer to a question")
    trying.add_argument(
        "question_id",
        metavar="QUESTION_ID",
        help="the question's id, e.g. integration.lead_partners",
    )
    trying.add_argument("answer", metavar="ANSWER", help="the answer as someone would say it")
    trying.add_argument("--json", action="store_true", help="one JSON object")
    trying.add_argument(
        "--bank",
        action="append",
        metavar="PATH",
        help="read the question from this bank file (repeatable; default: the built-in banks)",
    )
    trying.set_defaults(run=_banks_try)
