"""Time per utterance of the answer interpreter: median and 99th percentile.

Over the test corpus (tests/data/utterances.yaml) on the largest shipped bank's questions, and on
generated banks of 50 and 500 questions. Target: p99 under 2 ms per utterance.
Run: python bench/interpret.py [--quick]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

import rapidfuzz
import yaml

from assessor.banks import load_builtin
from assessor.banks.models import Question
from assessor.conversation.interpret import interpret

ROOT = Path(__file__).resolve().parent.parent


def corpus() -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "data" / "utterances.yaml").read_text("utf-8"))
    return [str(text) for rows in data.values() for text in rows]


def generated_questions(count: int) -> list[Question]:
    """`count` distinct questions made from the shipped ones, descriptors varied by number."""
    shipped = load_builtin().questions
    made = []
    for number in range(count):
        base = shipped[number % len(shipped)]
        data = base.model_dump()
        data["id"] = f"{base.id.split('.')[0]}.generated_{number}"
        for stage in data["levels"]:
            data["levels"][stage] = f"{data['levels'][stage]} (variant {number})"
        made.append(Question.model_validate(data))
    return made


def timings(questions: list[Question], utterances: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for question in questions:
            for text in utterances:
                start = time.perf_counter()
                interpret(text, question)
                samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one short round (CI smoke run)")
    args = parser.parse_args()
    utterances = corpus()
    installed = load_builtin()
    largest = max(installed.banks, key=lambda b: len(b.questions))
    rounds = 1 if args.quick else 5
    cases = [
        (
            f"largest shipped bank ({largest.id}, {len(largest.questions)} questions)",
            largest.questions,
        ),
        ("generated bank of 50 questions", generated_questions(50)),
        ("generated bank of 500 questions", generated_questions(500)),
    ]
    print(
        f"Python {platform.python_version()}, rapidfuzz {rapidfuzz.__version__}, "
        f"{len(utterances)} utterances x {rounds} round(s)"
    )
    print(f"{'case':55} {'utterances':>10} {'median ms':>10} {'p99 ms':>8}")
    for label, questions in cases:
        interpret("warm up", questions[0])
        samples = timings(list(questions), utterances, rounds)
        samples.sort()
        p99 = samples[int(len(samples) * 0.99) - 1]
        print(
            f"{label:55} {len(samples):>10} {statistics.median(samples) * 1000:>10.3f} "
            f"{p99 * 1000:>8.3f}"
        )


if __name__ == "__main__":
    main()
