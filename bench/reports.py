"""Rendering the reports of a complete 60-question assessment: Markdown, HTML and JSON.

The 60 questions are the shipped banks' plus generated ones, every one answered (with notes).
Target: all three formats together under 0.2 s. Run: python bench/reports.py [--quick]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

import jinja2

from assessor.answers import AnswerValue, Special
from assessor.banks import load_bank_set, load_builtin
from assessor.continuum import Stage
from assessor.report import render, report_for
from assessor.report.environment import template_environment
from assessor.resources import builtin_bank_paths
from assessor.sessions import begin
from assessor.store import Store

EXTRA = 60


def sixty_questions(folder: Path):
    """The shipped banks plus renamed copies of the integration bank, to reach 60 questions."""
    shipped = load_builtin()
    source = builtin_bank_paths()[0].read_text("utf-8")
    paths, copies = list(builtin_bank_paths()), 0
    while len(shipped.questions) + 8 * copies < EXTRA:
        copies += 1
        bank_id = f"extra{copies}"
        copy = source.replace("id: integration", f"id: {bank_id}")
        copy = copy.replace("integration.", f"{bank_id}.")
        copy = copy.replace("Integration and relational practice", f"Extra domain {copies}")
        for stage in ("isolation", "communication", "coordination", "collaboration", "integration"):
            copy = copy.replace(
                f"      {stage}: >-\n        ", f"      {stage}: >-\n        ({bank_id}) "
            )
        path = folder / f"9{copies}_{bank_id}.yaml"
        path.write_text(copy, encoding="utf-8")
        paths.append(path)
    bank_set = load_bank_set(paths)
    keep = {q.id for q in bank_set.questions[:EXTRA]}
    return bank_set, keep


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one run (CI smoke run)")
    runs = 1 if parser.parse_args().quick else 9
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        bank_set, keep = sixty_questions(folder)
        with Store(folder / "r.db") as store:
            assessment = begin(store, "Benchshire", bank_set)
            for number, question in enumerate(q for q in bank_set.questions if q.id in keep):
                value = AnswerValue.of(Stage.from_number(number % 5 + 1))
                if number % 13 == 6:
                    value = AnswerValue.of(Special.DONT_KNOW)
                store.record_answer(assessment.id, question.id, value, "3", f"note {number}")
            store.set_status(assessment.id, complete=True)
            timings, compiled = [], []
            for _ in range(runs):
                for kept, found in ((True, timings), (False, compiled)):
                    if not kept:  # as in a fresh `assessor report`: the templates compiled
                        template_environment.cache_clear()
                    start = time.perf_counter()
                    report = report_for(store, assessment.id, bank_set)
                    for fmt in ("md", "html", "json"):
                        render(report, fmt)
                    found.append(time.perf_counter() - start)
        answered = len(keep)
    print(
        f"Python {platform.python_version()}, jinja2 {jinja2.__version__}, "
        f"{answered} questions answered, {runs} run(s)"
    )
    print(f"{'case':44} {'median s':>9} {'target':>8}")
    print(
        f"{'report model + Markdown + HTML + JSON':44} {statistics.median(compiled):>9.3f} "
        f"{'< 0.200':>8}"
    )
    print(f"{'  again in the same process (templates kept)':44} {statistics.median(timings):>9.3f}")


if __name__ == "__main__":
    main()
