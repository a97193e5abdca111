"""Reference (docxtpl) and compiled engine side by side, as whole ``letters`` processes.

Usage::

    python benchmarks/bench_batch.py                       # 1,000 and 10,000 cases, --jobs 1 and 2
    python benchmarks/bench_batch.py --sizes 1000 --reference-sizes 1000 --jobs 1

For each size the same case files (the shipped zh/en examples under new ids) are
produced by ``letters batch --stage first-complaint`` with each engine; the script prints
whole-process time, per-letter time, letters per second, the reference/engine ratio, the
peak RSS of the largest process (what ``/usr/bin/time -v`` reports) and the peak RSS of
the whole process tree (parent + workers, sampled from /proc). It also times one
``letters generate`` against ``python -c "import docxtpl, pydantic, click, yaml"``.
The reference is slow (tens of ms per letter), so by default it runs only at 1,000 cases.

Each engine first renders ten cases untimed (what a first run after installing prepares
once: template checks, the engine's prepared templates). Then the engines take turns
(reference, engine, reference, …) so that both meet the same machine, and the median of
``--batch-repeat`` runs is shown with every run's time. Each run writes into an output
folder of its own, after a sync; all of them are deleted at the end (see :func:`batch`
for why not in between).
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

LETTERS = [sys.executable, "-m", "letters"]


@dataclass
class Run:
    seconds: float
    max_rss_mb: float  # largest single process (getrusage, as /usr/bin/time -v)
    tree_rss_mb: float  # parent + workers together, sampled
    returncode: int


def make_cases(folder: Path, count: int) -> None:
    """``count`` case files alternating Chinese and English, ids BENCH-000001…"""
    from letters.casefile.example import example_text

    texts = {lang: example_text(lang) for lang in ("zh", "en")}
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        lang = "zh" if i % 2 == 0 else "en"
        text = re.sub(r"(?m)^case_id: \S+", f"case_id: BENCH-{i:06d}", texts[lang], count=1)
        (folder / f"case-{i:06d}.yaml").write_text(text, encoding="utf-8")


def _tree_rss_kb(pid: int) -> int:
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run(args: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command, sampling the process tree's memory; maxrss from the kernel's accounting."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        peak = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code
        if code:
            errors.seek(0)
            sys.stderr.write(errors.read().decode(errors="replace")[-1000:])
    return Run(seconds, usage.ru_maxrss / 1024, peak / 1024, code)


def settle() -> None:
    """Let the file system finish the previous run's writes before the next run starts."""
    os.sync()
    time.sleep(SETTLE_SECONDS)


SETTLE_SECONDS = 1.0
LOW_DISK = 2 << 30
_OUTPUTS = itertools.count(1)


@dataclass(frozen=True)
class Variant:
    """What runs: an engine of this checkout, or (``source``) the engine of another source tree."""

    label: str
    engine: str
    source: Path | None = None

    def env(self) -> dict[str, str] | None:
        if self.source is None:
            return None
        return {**os.environ, "PYTHONPATH": str(self.source)}


def batch(cases: Path, work: Path, variant: Variant, jobs: int, formats: str) -> Run:
    """One timed batch into an output folder of its own.

    Earlier runs' letters are deleted only when every run is done: deleting thousands of
    folders keeps this machine's disk slow for several seconds after (the first runs
    after a deletion took 0.5-1 s longer in system time), and a two-second run pays
    for that far more than a minute-long one.
    """
    out = work / f"out-{next(_OUTPUTS)}"
    if shutil.disk_usage(work).free < LOW_DISK:  # a small disk: keep it from filling, at some cost in noise
        print(f"(less than {LOW_DISK >> 30} GiB free: deleting earlier runs' letters)", flush=True)
        remove_outputs(work)
    settle()
    return run(
        LETTERS
        + [
            "batch",
            str(cases),
            "--stage",
            "first-complaint",
            "--format",
            formats,
            "--jobs",
            str(jobs),
            "--engine",
            variant.engine,
            "--out",
            str(out),
            "--on",
            "2026-11-25",
        ],
        variant.env(),
    )


def remove_outputs(work: Path) -> None:
    """Delete the letters of every run so far (the case files stay)."""
    for old in work.glob("out-*"):
        shutil.rmtree(old, ignore_errors=True)


def median_times(commands: list[list[str]], repeat: int) -> list[float]:
    """Each command's median time, the commands taking turns so that both see the same machine."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for command, seen in zip(commands, times):
            seen.append(run(command).seconds)
    return [statistics.median(seen) for seen in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--reference-sizes", type=int, nargs="*", default=[1000], help="sizes at which docxtpl also runs")
    parser.add_argument("--formats", default="docx,txt")
    parser.add_argument("--repeat", type=int, default=15, help="runs of the generate/import timing (median)")
    parser.add_argument("--batch-repeat", type=int, default=3, help="runs of each batch; the median run is shown")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="a source tree of another version (e.g. a git worktree of the previous commit): its engine runs too, taking turns",
    )
    args = parser.parse_args()

    # An installed package runs from cached bytecode; compile ours so that a checkout measures the same
    # (this machine sets PYTHONDONTWRITEBYTECODE, which would otherwise recompile letters in every process).
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "letters"), quiet=1)
    if args.baseline:
        compileall.compile_dir(str(args.baseline / "letters"), quiet=1)

    work = args.work or Path(tempfile.mkdtemp(prefix="letters-bench-"))
    print(f"scratch: {work}; python {sys.version.split()[0]}; cores {os.cpu_count()}; formats {args.formats}")
    print(f"{'cases':>6} {'jobs':>4} {'engine':>8} {'total s':>8} {'ms/letter':>9} {'letters/s':>9} {'maxRSS MB':>9} {'tree MB':>8}  ratio")
    warm = work / "cases-warm-up"
    if not warm.exists():
        make_cases(warm, 10)
    for size in args.sizes:
        cases = work / f"cases-{size}"
        if not cases.exists():
            make_cases(cases, size)
        for jobs in args.jobs:
            variants = [Variant("docxtpl", "docxtpl")] if size in args.reference_sizes else []
            if args.baseline:
                variants.append(Variant("before", "auto", args.baseline))
            variants.append(Variant("auto", "auto"))
            for variant in variants:  # untimed: what a first run after installing prepares once (template checks, the engine's cache)
                batch(warm, work, variant, jobs, args.formats)
            runs: dict[str, list[Run]] = {v.label: [] for v in variants}
            for _ in range(args.batch_repeat):  # the variants take turns: all see the same machine
                for variant in variants:
                    runs[variant.label].append(batch(cases, work, variant, jobs, args.formats))
            results = {}
            for variant in variants:
                label = variant.label
                r = sorted(runs[label], key=lambda run_: run_.seconds)[len(runs[label]) // 2]  # the median run
                results[label] = r
                ratios = [
                    f"{results[base].seconds / r.seconds:.2f}x vs {base}"
                    for base in ("docxtpl", "before")
                    if base in results and base != label
                ]
                flag = "" if r.returncode == 0 else f"  (exit {r.returncode})"
                print(
                    f"{size:>6} {jobs:>4} {label:>8} {r.seconds:>8.2f} {r.seconds / size * 1000:>9.2f} "
                    f"{size / r.seconds:>9.0f} {r.max_rss_mb:>9.0f} {r.tree_rss_mb:>8.0f}  {', '.join(ratios)}{flag}"
                    f"  (runs: {' '.join(f'{x.seconds:.2f}' for x in runs[label])})",
                    flush=True,
                )

    one = work / "cases-1"
    make_cases(one, 1)
    case = next(one.glob("*.yaml"))
    out = work / "out-generate"
    generate = LETTERS + ["generate", str(case), "--stage", "first-complaint", "--out", str(out), "--force", "--on", "2026-11-25"]
    imports = [sys.executable, "-c", "import docxtpl, pydantic, click, yaml"]
    run(generate)  # warm the file cache
    g, i = median_times([generate, imports], args.repeat)
    print(f"generate (docx+txt) {g:.3f} s vs import docxtpl, pydantic, click, yaml {i:.3f} s: {g / i:.2f}x (median of {args.repeat})")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        remove_outputs(work)


if __name__ == "__main__":
    main()
