"""Wall time of the commands that need no screen: `assessor --version` and `assessor banks list`.

Each run is a fresh process; also checks that neither imported Textual. Target: < 0.25 s.
Run: python bench/cli_start.py [--quick]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time

CHECK = (
    "import runpy, sys\n"
    "sys.argv = ['assessor', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('assessor', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "assert 'textual' not in sys.modules, 'textual was imported'\n"
)


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assessor", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one run each (CI smoke run)")
    runs = 1 if parser.parse_args().quick else 9
    print(f"Python {platform.python_version()}, {runs} run(s) each, fresh process per run")
    print(f"{'command':34} {'median s':>9} {'target':>8}")
    for args in (["--version"], ["banks", "list"]):
        subprocess.run([sys.executable, "-c", CHECK, *args], check=True, capture_output=True)
        median = statistics.median(timed(args) for _ in range(runs))
        print(f"{'assessor ' + ' '.join(args):34} {median:>9.3f} {'< 0.250':>8}")


if __name__ == "__main__":
    main()
