"""Time to first page: ``letters serve`` started until its first page is served, against a baseline.

Usage::

    python benchmarks/bench_serve.py             # 5 runs each, medians and their ratio
    python benchmarks/bench_serve.py --runs 9

Each run starts ``letters serve FOLDER --no-browser`` (a copy of the examples) as a new
process, reads the one-time link it prints, opens it (the token exchanged for the session
cookie, the redirect followed) and stops when the page listing the cases has arrived, then
stops the server with Ctrl-C. The baseline, run in turn with it so both meet the same
machine, is ``letters --version`` (a process that starts Python, imports the command line
and exits): the ratio says what the server and its first page add to any ``letters`` command.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTERS = [sys.executable, "-m", "letters"]


def first_page(folder: Path) -> tuple[float, float]:
    """Seconds from starting ``letters serve`` to the link printed, and to the first page read."""
    started = time.perf_counter()
    process = subprocess.Popen([*LETTERS, "serve", str(folder), "--no-browser"], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    link = None
    for line in process.stdout:
        found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
        if found:
            link = found[0]
            break
    printed = time.perf_counter() - started
    assert link, "letters serve printed no link"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(link, timeout=30) as response:
        page = response.read().decode("utf-8")
    served = time.perf_counter() - started
    assert 'class="card' in page, page[:500]
    process.send_signal(signal.SIGINT)
    process.wait(timeout=20)
    return printed, served


def baseline() -> float:
    started = time.perf_counter()
    subprocess.run([*LETTERS, "--version"], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="letters-bench-serve-"))
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        shutil.copy(example, folder / example.name)
    try:
        first_page(folder), baseline()  # warm the file cache and .pyc files, untimed
        served, printed, base = [], [], []
        for _ in range(args.runs):  # in turn, so both meet the same machine
            base.append(baseline())
            link_at, page_at = first_page(folder)
            printed.append(link_at)
            served.append(page_at)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    b, p, s = statistics.median(base), statistics.median(printed), statistics.median(served)
    print(f"letters --version (baseline)      median {b:.3f} s   runs: {', '.join(f'{x:.3f}' for x in base)}")
    print(f"letters serve: link printed        median {p:.3f} s   x{p / b:.2f} the baseline")
    print(
        f"letters serve: first page served   median {s:.3f} s   x{s / b:.2f} the baseline   runs: {', '.join(f'{x:.3f}' for x in served)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
