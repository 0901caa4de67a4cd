"""Peak resident memory of the app running a whole assessment headless (every shipped question).

A fresh process starts the app straight into a new assessment, answers each question through the
input line as a person would, opens the results, and reports its peak RSS. Target: < 150 MB.
Run: python bench/memory.py [--quick]
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile

import textual

CHILD = """
import asyncio, resource, sys
from pathlib import Path
from textual.widgets import Input
from assessor.banks import load_builtin
from assessor.tui.app import AssessorApp

LIMIT = int(sys.argv[2])

async def run():
    app = AssessorApp(Path(sys.argv[1]), load_builtin(), new_partnership="Memoryshire", blink=False)
    async with app.run_test(size=(100, 32)) as pilot:
        async def settle():
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
        await settle()
        answered = 0
        while app.screen.query("#answer") and answered < LIMIT:
            conversation = app.screen.conversation
            if conversation is None or conversation.current is None:
                break
            field = app.screen.query_one("#answer", Input)
            field.value = str(answered % 5 + 1)
            await pilot.press("enter")
            await settle()
            answered += 1
        await pilot.press("f8")
        await settle()
    print(answered, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

asyncio.run(run())
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="five questions only (CI smoke run)")
    limit = 5 if parser.parse_args().quick else 10_000
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, f"{folder}/memory.db", str(limit)],
            check=True,
            capture_output=True,
            text=True,
        )
    answered, peak_kb = (int(x) for x in result.stdout.split()[-2:])
    print(f"Python {platform.python_version()}, Textual {textual.__version__}")
    print(f"{'case':52} {'peak MB':>8} {'target':>7}")
    print(
        f"{f'app, {answered} questions answered, then the results':52} "
        f"{peak_kb / 1024:>8.1f} {'< 150':>7}"
    )


if __name__ == "__main__":
    main()
