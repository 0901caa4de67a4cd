"""A custom template rendered in a process of its own, so that one that loops for ever, builds a
huge string or writes without end is stopped, with one sentence, and the command goes on.

The sandbox keeps a template from Python's internals but not from using time and memory: a loop
over `range(99999)` inside another is ten billion steps that no hook sees, and `'x' * 10**10`
is one C call. Only the operating system can stop those, so the template runs in a child
process with a wall-clock timeout (killed when it ends), a CPU limit and an address-space limit
(`RLIMIT_AS`), and a cap on the characters it writes. Our own templates are trusted and render
in the calling process.

The child gets the report model as JSON on stdin (rebuilt and validated there) and answers on
stdout: `ok` and the text, or `error` and the sentence.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from assessor.report.comparison import ComparisonReport
from assessor.report.errors import ReportError
from assessor.report.model import Report

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)


@dataclass(frozen=True)
class Limits:
    """What a custom template may use. Ours render a 60-question report in well under a
    second, in tens of megabytes, in about a hundred thousand characters."""

    seconds: float = 10.0
    memory_bytes: int = 1 << 30  # beyond what the child needs to hold the report itself
    base_chars: int = 20_000_000
    chars_per_model_char: int = 8  # a template may show every piece of user text a few times

    def max_chars(self, model_chars: int) -> int:
        return self.base_chars + self.chars_per_model_char * model_chars


LIMITS = Limits()


def render_isolated(
    model: Report | ComparisonReport,
    fmt: str,
    custom: Path,
    name: str,
    limits: Limits | None = None,
) -> str:
    """`model` rendered in `fmt` with the templates of `custom`, in a child process."""
    limits = limits or LIMITS
    data = model.model_dump_json()
    header = {
        "kind": "report" if isinstance(model, Report) else "comparison",
        "format": fmt,
        "templates": str(custom),
        "memory": limits.memory_bytes,
        "seconds": limits.seconds,
        "chars": limits.max_chars(len(data)),
    }
    code = (
        f"import sys; sys.path.insert(0, {_PACKAGE_PARENT!r}); "
        "from assessor.report.isolated import main; sys.exit(main())"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", code],
            input=(json.dumps(header) + "\n" + data).encode("utf-8", "surrogatepass"),
            capture_output=True,
            timeout=limits.seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ReportError(_too_long(name, limits)) from None
    except OSError as error:  # no Python to start (an embedded interpreter, a full process table)
        reason = error.strerror or error
        raise ReportError(f"the report template {name} could not be rendered: {reason}") from None
    status, _, text = done.stdout.partition(b"\n")
    if done.returncode == 0 and status in (b"ok", b"error"):
        said = text.decode("utf-8", "surrogatepass")
        if status == b"error":
            raise ReportError(said)
        return said
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise ReportError(_too_long(name, limits))
    last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no reason given"])[-1]
    raise ReportError(f"the report template {name} could not be rendered: {last[:200]}")


def _too_long(name: str, limits: Limits) -> str:
    seconds = f"{limits.seconds:g} seconds"
    return f"the report template {name} ran for more than {seconds} and was stopped"


def main() -> int:
    """The child: read the request, limit this process, render, answer."""
    from assessor.report.render import render_here

    header = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read()
    _limit(header["memory"], header["seconds"])
    out = sys.stdout.buffer
    try:
        model_type = Report if header["kind"] == "report" else ComparisonReport
        model = model_type.model_validate_json(data)
        del data
        text = render_here(model, header["format"], Path(header["templates"]), header["chars"])
    except ReportError as error:
        out.write(b"error\n" + str(error).encode("utf-8", "surrogatepass"))
        return 0
    except MemoryError:
        out.write(b"error\nthe report needed more memory than a report may use and was stopped")
        return 0
    out.write(b"ok\n" + text.encode("utf-8", "surrogatepass"))
    return 0


def _limit(memory: int, seconds: float) -> None:
    """Address space: what the child holds now plus `memory`; CPU: a little over the parent's
    timeout, so the child ends even if its parent is gone."""
    in_use = _address_space()
    if in_use is not None:
        cap = in_use + memory
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    cpu = int(seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _address_space() -> int | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None  # not Linux: the time and size limits still hold
    return pages * os.sysconf("SC_PAGE_SIZE")
