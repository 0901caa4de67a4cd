"""Launch-to-first-question time of the app (headless) against a bare Textual app with one Label.

Each run is a fresh process, timed from launch until it exits, which it does as soon as the
first question is on screen (for the bare app: as soon as its Label is). Prints the medians and
their ratio. Run: python bench/app_start.py [--quick]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import textual

ASSESSOR = """
import sys
from pathlib import Path
from assessor.banks import load_builtin
from assessor.tui.app import AssessorApp

class FirstQuestion(AssessorApp):
    def on_ready(self) -> None:
        self.set_interval(0.002, self._check)

    def _check(self) -> None:
        if self.screen.query(".question"):
            self.exit()

FirstQuestion(Path(sys.argv[1]), load_builtin(), new_partnership="Bench").run(headless=True)
"""

BARE = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("Hello")

    def on_ready(self) -> None:
        self.exit()

Bare().run(headless=True)
"""


def timed(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one run each (CI smoke run)")
    runs = 1 if parser.parse_args().quick else 7
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        bare = [timed(BARE) for _ in range(runs)]
        app = [timed(ASSESSOR, db) for _ in range(runs)]
    print(f"Python {platform.python_version()}, Textual {textual.__version__}, {runs} run(s) each")
    print(f"{'case':42} {'median s':>9}")
    print(f"{'bare Textual app, one Label':42} {statistics.median(bare):>9.3f}")
    print(f"{'assessor, launch to first question':42} {statistics.median(app):>9.3f}")
    print(f"{'ratio (target < 1.5)':42} {statistics.median(app) / statistics.median(bare):>9.2f}")


if __name__ == "__main__":
    main()
