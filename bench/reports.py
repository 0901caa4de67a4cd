"""Rendering the reports of a complete 60-question assessment: Markdown, HTML and JSON.

The 60 questions are the shipped banks' plus generated ones, every one answered (with notes).
Target: all three formats together under 0.2 s. Also a fresh `assessor report` process (HTML, an
assessment of the shipped banks) with its templates compiled, against one whose templates are
kept compiled in the cache folder (runs alternating; the banks' cache filled in both), in CPU
seconds.
Run: python bench/reports.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jinja2

from assessor.answers import AnswerValue, Special
from assessor.banks import load_bank_set, load_builtin
from assessor.continuum import Stage
from assessor.files.resources import builtin_bank_paths
from assessor.report import render, report_for
from assessor.report.environment import template_environment
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
        os.environ["ASSESSOR_CACHE_DIR"] = str(folder / "cache")  # not the user's own
        bank_set, keep = sixty_questions(folder)
        with Store(folder / "r.db") as store:
            assessment = begin(store, "Benchshire", bank_set)
            for number, question in enumerate(q for q in bank_set.questions if q.id in keep):
                value = AnswerValue.of(Stage.from_number(number % 5 + 1))
                if number % 13 == 6:
                    value = AnswerValue.of(Special.DONT_KNOW)
                store.record_answer(assessment.id, question.id, value, "3", f"note {number}")
            store.set_status(assessment.id, complete=True)
            fresh = begin(store, "Freshshire", load_builtin())
            for number, question in enumerate(load_builtin().questions):
                value = AnswerValue.of(Stage.from_number(number % 5 + 1))
                store.record_answer(fresh.id, question.id, value, "3", f"note {number}")
            timings, compiled = [], []
            for _ in range(runs):
                for kept, found in ((True, timings), (False, compiled)):
                    if not kept:  # the templates compiled, in memory and in the cache
                        template_environment.cache_clear()
                        for path in (folder / "cache").glob("template-*"):
                            path.unlink()
                    start = time.perf_counter()
                    report = report_for(store, assessment.id, bank_set)
                    for fmt in ("md", "html", "json"):
                        render(report, fmt)
                    found.append(time.perf_counter() - start)
        answered = len(keep)
        cold, warm = fresh_processes(folder, fresh.id, runs)
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
    print(f"{'fresh `assessor report`, compiling, CPU s':44} {cold:>9.3f}")
    print(f"{'  its templates kept compiled, CPU s':44} {warm:>9.3f}")


def fresh_processes(folder: Path, assessment_id: str, runs: int) -> tuple[float, float]:
    """Medians of fresh `assessor report` runs with the templates compiled, and kept."""
    cache = folder / "cache"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "assessor", "--db", str(folder / "r.db"), "report"]
    command += [assessment_id, "-o", str(folder / "r.html"), "--force"]

    def timed() -> float:
        """CPU seconds of one process (user + system): steadier than the wall clock on a
        shared machine."""
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed")
        return usage.ru_utime + usage.ru_stime

    timed()  # bytecode and the banks' cache, untimed
    cold, warm = [], []
    for _ in range(max(runs, 3) if runs > 1 else 1):
        for path in cache.glob("template-*"):
            path.unlink()
        cold.append(timed())
        warm.append(timed())
    return statistics.median(cold), statistics.median(warm)


if __name__ == "__main__":
    main()
