"""Launch-to-first-question time of the app (headless) against a bare Textual app with one Label.

Each run is a fresh process, timed from launch until it signals on a pipe that the first question
has been drawn (the bare app: that its Label has); it then quits, untimed. The app starts the way
`assessor chat --partnership Bench` starts it at a terminal (the command line, the store check,
the banks), only headless. Runs of the two alternate, so that a busy machine slows both alike.
An untimed first run of each writes the bytecode an installed package already has and fills the
banks' cache (in a temporary folder); one more row times starts with an empty cache, as the
first start after installing or changing the banks is.

Prints the medians and their ratio: of the time to the first question, and of the CPU time
each process had used by then, which a busy machine moves less.
Run: python bench/app_start.py [--quick]
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

import pydantic
import textual

ASSESSOR = """
import os
import sys
import time

import assessor.commands.chat as chat_command
import assessor.tui as tui

reached = []
start_app = tui.run_app


def run_to_first_question(*args, **kwargs):
    import assessor.tui.app as app_module

    class FirstQuestion(app_module.AssessorApp):
        def run(self, *args, **kwargs):
            return super().run(headless=True)

        def on_ready(self) -> None:
            self.set_interval(0.002, self._check)

        def _check(self) -> None:
            if self.screen.query(".question") and not reached:
                reached.append(True)
                self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            os.write(int(sys.argv[2]), f"shown {time.process_time()}".encode())
            self.exit()

    app_module.AssessorApp = FirstQuestion  # what run_app starts
    return start_app(*args, **kwargs)


tui.run_app = run_to_first_question
chat_command._wants_app = lambda args: True  # as at a terminal
from assessor.cli import main

main(["--db", sys.argv[1], "chat", "--partnership", "Bench"])
sys.exit(0 if reached else 3)
"""

BARE = """
import os
import sys
import time

from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("Hello")

    def on_ready(self) -> None:
        os.write(int(sys.argv[1]), f"shown {time.process_time()}".encode())
        self.exit()

Bare().run(headless=True)
"""


def timed(code: str, env: dict[str, str], *args: str) -> tuple[float, float]:
    """Seconds from launching `code` until it writes to the pipe it is given, and the CPU
    seconds it had used by then (as it writes them: less moved by a busy machine)."""
    read, write = os.pipe()
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args, str(write)],
        env=env,
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write)
    with os.fdopen(read, "rb") as signal:
        shown = signal.read(1)
        elapsed = time.perf_counter() - start
        shown += signal.read()
    _, errors = child.communicate()
    if not shown.startswith(b"shown ") or child.returncode != 0:
        raise SystemExit(f"the app did not reach its first screen:\n{errors.decode()}")
    return elapsed, float(shown.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one run each (CI smoke run)")
    runs = 1 if parser.parse_args().quick else 7
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["ASSESSOR_CACHE_DIR"] = str(Path(folder) / "cache")
        env.pop("ASSESSOR_DB", None)
        timed(BARE, env)
        timed(ASSESSOR, env, db)
        bare, app, uncached = [], [], []
        for run in range(runs):
            bare.append(timed(BARE, env))
            app.append(timed(ASSESSOR, env, db))
            empty = {**env, "ASSESSOR_CACHE_DIR": str(Path(folder) / f"empty-{run}")}
            uncached.append(timed(ASSESSOR, empty, db))
    print(
        f"Python {platform.python_version()}, Textual {textual.__version__}, "
        f"pydantic {pydantic.VERSION}, {runs} run(s) each, load average "
        f"{os.getloadavg()[0]:.1f}"
    )

    def median(runs: list[tuple[float, float]], which: int) -> float:
        return statistics.median(run[which] for run in runs)

    print(f"{'case':48} {'median s':>9} {'CPU s':>7}")
    for name, runs_of in (
        ("bare Textual app, one Label", bare),
        ("assessor, launch to first question", app),
    ):
        print(f"{name:48} {median(runs_of, 0):>9.3f} {median(runs_of, 1):>7.3f}")
    ratios = [median(app, which) / median(bare, which) for which in (0, 1)]
    print(f"{'ratio (target < 1.5)':48} {ratios[0]:>9.2f} {ratios[1]:>7.2f}")
    first = "assessor, first start (banks not yet cached)"
    print(f"{first:48} {median(uncached, 0):>9.3f} {median(uncached, 1):>7.3f}")


if __name__ == "__main__":
    main()
