"""The board summary: one page a partnership takes to its board, drawn from the report model.

What the board needs and nothing else: who, when and who took part; the overall stage and one
labelled bar per domain; three messages from the answers; the top five actions with owner and
timescale; what moved since the last comparable assessment; and what the board is asked to do.
Long user text is cut at a word with an ellipsis, so the page stays one page whatever was said.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from assessor.analysis.planning import question_label
from assessor.analysis.scoring import none_stands_out
from assessor.report.model import Report
from assessor.report.model.plan import PlanAction
from assessor.report.model.results import DomainResult, QuestionResult

# How much of a piece of user or bank text the page shows (characters): enough to recognise it.
QUOTE_CHARS = 100
QUESTION_CHARS = 90
ACTION_CHARS = 115
NAME_CHARS = 90
TOOK_PART_CHARS = 320
BOARD_ASK = "agree the targets and the owners."


def shortened(text: str, limit: int) -> str:
    """`text` on one line, cut at a word to at most `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


@dataclass(frozen=True)
class BoardBar:
    title: str
    stage: str | None  # the stage's id, for its colour; None when not scored
    label: str  # "coordination 3.2" or "not scored": the bar's words, never colour alone
    percent: float  # the bar's length, 0-100
    target: str
    low_coverage: bool


@dataclass(frozen=True)
class BoardAction:
    text: str
    owner: str
    timescale: str
    priority: str


@dataclass(frozen=True)
class BoardMove:
    title: str
    change: str  # "+0.5", "no change" or "not compared"
    direction: str  # "up", "down" or ""


@dataclass(frozen=True)
class BoardMoved:
    basis: str  # which assessment, and over what, in words
    domains: list[BoardMove]


def board_context(report: Report) -> dict:
    """What the board templates are given."""
    a = report.assessment
    when = a.finished_at or a.started_at
    return {
        "report": report,
        "partnership": shortened(a.partnership, NAME_CHARS),
        "area": shortened(a.area, NAME_CHARS),
        "date": when.strftime("%d %B %Y").lstrip("0"),
        "took_part": took_part(report),
        "bars": [_bar(d) for d in report.domains],
        "messages": key_messages(report),
        "actions": [
            BoardAction(
                shortened(x.text, ACTION_CHARS),
                shortened(x.owner, NAME_CHARS),
                x.timescale,
                x.priority_band,
            )
            for x in top_five(report)
        ],
        "moved": moved(report),
        "ask": BOARD_ASK,
    }


def top_five(report: Report) -> list[PlanAction]:
    """The plan's top priorities: its five most urgent actions (see `Plan.top_priorities`)."""
    by_order = {x.order: x for x in report.plan.actions}
    return [by_order[n] for n in report.plan.top_priorities]


def took_part(report: Report) -> str:
    """Who took part, by organisation and role (never an id): "Council: Head of early help,
    Family support worker x2; NHS trust: Health visitor"."""
    a = report.assessment
    if not report.participants:
        return (
            f"{shortened(a.lead, NAME_CHARS)}, answering alone"
            if a.lead
            else "One lead (no name given)"
        )
    by_org: dict[str, Counter[str]] = {}
    for p in report.participants:
        org = " ".join(p.organisation.split()) or "No organisation given"
        by_org.setdefault(org, Counter())[" ".join(p.role.split()) or "participant"] += 1
    parts = [
        f"{org}: " + ", ".join(role if n == 1 else f"{role} x{n}" for role, n in roles.items())
        for org, roles in by_org.items()
    ]
    count = len(report.participants)
    led = f"Led by {a.lead}; " if a.lead else ""
    return shortened(f"{led}{count} people: " + "; ".join(parts), TOOK_PART_CHARS)


def _bar(d: DomainResult) -> BoardBar:
    label = f"{d.stage} {d.score:.1f}" if d.stage and d.score is not None else "not scored"
    return BoardBar(
        title=shortened(d.title, NAME_CHARS),
        stage=d.stage,
        label=label,
        percent=round(100 * (d.score or 0) / 5, 1),
        target=d.target or "one stage up",
        low_coverage=d.low_coverage,
    )


def _evidence(question: QuestionResult | None, rationale: str = "") -> str:
    """The evidence in people's own words: the note, else a workshop's reason for agreeing (its
    words are the facilitator's command), else what the person said."""
    if question is None:
        return ""
    said = question.note or rationale or question.words
    return shortened(said, QUOTE_CHARS) if len(said.split()) > 2 else ""


def _ends(domain: DomainResult, highest: bool, rationales: dict[str, str]) -> QuestionResult | None:
    """The domain's question at its highest (or lowest) stage; one with words first."""
    staged = [q for q in domain.questions if q.value is not None]
    if not staged:
        return None
    end = max(q.value or 0 for q in staged) if highest else min(q.value or 0 for q in staged)
    at_end = [q for q in staged if q.value == end]
    return next((q for q in at_end if _evidence(q, rationales.get(q.id, ""))), at_end[0])


def key_messages(report: Report) -> list[str]:
    """Three messages from the answers: the strongest domain, the weakest, and where partners
    disagreed most (a workshop) or coverage was lowest; two when no domain stands out (their
    scores are under half a stage apart), the first saying so in place of the other two."""
    scored = [d for d in report.domains if d.score is not None]
    workshop = report.workshop
    rationales = {q.question_id: q.rationale for q in workshop.questions} if workshop else {}
    messages = []
    scores = [d.score for d in scored if d.score is not None]
    if close := none_stands_out(scores, len(report.domains) - len(scored)):
        messages.append(close)
    elif scored:
        strongest = max(scored, key=lambda d: d.score or 0)
        weakest = min(scored, key=lambda d: d.score or 0)
        ends = [("Strongest", strongest, True), ("Weakest", weakest, False)]
        if len(scored) == 1:  # nothing to compare it with: neither strongest nor weakest
            ends = [("The only domain with a score so far", weakest, False)]
        for word, domain, highest in ends:
            question = _ends(domain, highest, rationales)
            text = f"{word}: {shortened(domain.title, NAME_CHARS)}, at {domain.stage} "
            text += f"({domain.score:.1f} of 5)."
            if question is not None:
                which = "highest" if highest else "lowest"
                text += f" Its {which} answer, {question.answer}: "
                text += shortened(question_label(question.text), QUESTION_CHARS)
                quote = _evidence(question, rationales.get(question.id, ""))
                text += f" “{quote}”" if quote else ""
            messages.append(text)
    else:
        messages.append("No domain has a score yet: no question was answered with a stage.")
    messages.append(_third_message(report))
    return messages


def _third_message(report: Report) -> str:
    workshop = report.workshop
    if workshop is not None and workshop.widest:
        widest = next(q for q in workshop.questions if q.question_id == workshop.widest[0])
        text = (
            f"Partners disagreed most on: {shortened(question_label(widest.text), QUESTION_CHARS)} "
        )
        first = widest.first  # the widest are ranked by the ratings the room first saw
        text += f"Ratings ran from stage {first.low} to {first.high}"
        if first.split is not None:
            text += f", {shortened(first.split.organisation, NAME_CHARS)} apart from the rest"
        if widest.no_consensus:
            return text + "; no consensus was reached."
        agreed = widest.agreed or "not yet agreed"
        return text + f"; agreed at {agreed}."
    asked = [d for d in report.domains if d.asked]
    if not asked:
        return "No question was asked."
    lowest = min(asked, key=lambda d: d.coverage)
    if lowest.coverage >= 1:
        return "Coverage was complete: every question asked was answered with a stage."
    open_ = lowest.dont_know + lowest.skipped + lowest.no_consensus + lowest.unanswered
    text = f"Coverage was lowest in {shortened(lowest.title, NAME_CHARS)}: {lowest.answered} of "
    text += f"{lowest.asked} questions answered with a stage"
    text += f", {open_} still open" if open_ else ""
    if lowest.low_coverage and lowest.score is not None:
        text += "; treat its score as provisional"
    return text + "."


def moved(report: Report) -> BoardMoved:
    """What moved since the last comparable assessment, or that there is none."""
    m = report.moved_since
    if m is None:
        return BoardMoved(
            "There is no comparable earlier assessment: no earlier complete assessment of this "
            "partnership has questions in common with this one.",
            [],
        )
    when = m.previous_started_at.strftime("%d %B %Y").lstrip("0")
    lead = f", led by {m.previous_lead}" if m.previous_lead else ""
    basis = (
        f"Compared with the assessment of {when}{lead}: each domain's change in score, over "
        "the questions (in brackets) both answered with a stage."
    )
    moves = []
    for d in m.domains:
        if d.change is None:
            moves.append(BoardMove(shortened(d.title, NAME_CHARS), "not compared", ""))
            continue
        direction = "up" if d.change > 0 else "down" if d.change < 0 else ""
        words = f"{d.change:+.1f}" if direction else "no change"
        moves.append(
            BoardMove(
                shortened(d.title, NAME_CHARS),
                f"{words} ({d.compared} question{'' if d.compared == 1 else 's'})",
                direction,
            )
        )
    return BoardMoved(basis, moves)
