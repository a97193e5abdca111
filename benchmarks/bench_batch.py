"""Reference (docxtpl) and compiled engine side by side, as whole ``letters`` processes.

Usage::

    python benchmarks/bench_batch.py                       # 1,000 and 10,000 cases, --jobs 1 and 2
    python benchmarks/bench_batch.py --sizes 1000 --reference-sizes 1000 --jobs 1
    python benchmarks/bench_batch.py --sizes 4000 --reference-sizes --jobs 2 --shards 4   # one shard of 4

For each size the same case files (the shipped zh/en examples under new ids) are produced by
``letters batch --stage first-complaint`` with each engine; the script prints whole-process
time, per-letter time, CPU time (user + system, the process and its workers) per letter and
the system part of it (the kernel's: mostly the file system), letters per second, the peak
RSS of the largest process (what ``/usr/bin/time -v`` reports) and of the whole process tree
(parent + workers, sampled from /proc), and every figure's ratio to its baseline run in this
same run: docxtpl (``--engine docxtpl``) for the engine. The reference is slow (tens of ms
per letter), so by default it runs only at 1,000 cases; a size without it is compared with
docxtpl's time per letter at the largest size it ran at with the same ``--jobs`` (``vs
docxtpl/letter@1000``). ``--shards N`` also runs shard 0 of N of the largest size (``--shard
0/N``: what one of N machines does) against the whole batch. Last, one ``letters generate``
against its floor, ``python -c "import docxtpl, pydantic, click, yaml"`` (time and peak
RSS).

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
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

LETTERS = [sys.executable, "-m", "letters"]
#: This checkout.
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    seconds: float
    max_rss_mb: float  # largest single process (getrusage, as /usr/bin/time -v)
    tree_rss_mb: float  # parent + workers together, sampled
    returncode: int
    cpu: float = 0.0  # user + system seconds of the process and every worker it waited for
    system: float = 0.0  # of which system (the kernel: most of it the file system)


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


def run(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run a command, sampling the process tree's memory; maxrss from the kernel's accounting."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=cwd)
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
    return Run(seconds, usage.ru_maxrss / 1024, peak / 1024, code, usage.ru_utime + usage.ru_stime, usage.ru_stime)


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

    def env(self) -> dict[str, str]:
        """``letters`` from this variant's tree, first on the path (the runs start in a scratch
        folder: ``python -m`` puts the folder it starts in first, so a run started inside a
        checkout would import that checkout whatever PYTHONPATH says)."""
        return {**os.environ, "PYTHONPATH": str(self.source or ROOT)}


def batch(cases: Path, work: Path, variant: Variant, jobs: int, formats: str, extra: tuple[str, ...] = ()) -> Run:
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
            *extra,
        ],
        variant.env(),
        cwd=work,
    )


def remove_outputs(work: Path) -> None:
    """Delete the letters of every run so far (the case files stay)."""
    for old in work.glob("out-*"):
        shutil.rmtree(old, ignore_errors=True)


def median_runs(commands: list[list[str]], repeat: int, work: Path) -> list[Run]:
    """Each command's median run, the commands taking turns so that both see the same machine
    (started in ``work``, with this checkout first on the path)."""
    runs: list[list[Run]] = [[] for _ in commands]
    for _ in range(repeat):
        for command, seen in zip(commands, runs):
            seen.append(run(command, Variant("auto", "auto").env(), cwd=work))
    return [sorted(seen, key=lambda r: r.seconds)[len(seen) // 2] for seen in runs]


def line(size: int, jobs: int, label: str, r: Run, runs: list[Run], ratios: list[str]) -> str:
    flag = "" if r.returncode == 0 else f"  (exit {r.returncode})"
    return (
        f"{size:>6} {jobs:>4} {label:>8} {r.seconds:>8.2f} {r.seconds / size * 1000:>9.2f} {r.cpu / size * 1000:>7.2f} "
        f"{r.system / size * 1000:>6.2f} "
        f"{size / r.seconds:>9.0f} {r.max_rss_mb:>9.0f} {r.tree_rss_mb:>8.0f}  {', '.join(ratios)}{flag}"
        f"  (runs: {' '.join(f'{x.seconds:.2f}' for x in runs)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--reference-sizes", type=int, nargs="*", default=[1000], help="sizes at which docxtpl also runs")
    parser.add_argument("--formats", default="docx,txt")
    parser.add_argument("--repeat", type=int, default=15, help="runs of the generate/import timing (median)")
    parser.add_argument("--batch-repeat", type=int, default=3, help="runs of each batch; the median run is shown")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--shards", type=int, default=0, help="also run shard 0 of N of the largest size (--shard 0/N)")
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
    print(
        f"{'cases':>6} {'jobs':>4} {'engine':>8} {'total s':>8} {'ms/letter':>9} {'cpu ms':>7} {'sys ms':>6} {'letters/s':>9} {'maxRSS MB':>9} "
        f"{'tree MB':>8}  ratio (time; cpu)"
    )
    reference: dict[int, tuple[int, Run]] = {}  # jobs → (size, docxtpl's median run) at the largest size it ran at
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
                if label == "docxtpl":
                    reference[jobs] = (size, r)
                ratios = [
                    f"{results[base].seconds / r.seconds:.2f}x; {results[base].cpu / max(r.cpu, 1e-9):.2f}x vs {base}"
                    for base in ("docxtpl", "before")
                    if base in results and base != label
                ]
                if "docxtpl" not in results and jobs in reference:  # docxtpl did not run at this size: per letter
                    at, base_run = reference[jobs]
                    ratios.insert(
                        0,
                        f"{base_run.seconds / at / (r.seconds / size):.2f}x; {base_run.cpu / at / max(r.cpu / size, 1e-9):.2f}x "
                        f"vs docxtpl/letter@{at}",
                    )
                print(line(size, jobs, label, r, runs[label], ratios), flush=True)
            if args.shards and size == max(args.sizes):
                whole = results["auto"]
                shard = [batch(cases, work, Variant("auto", "auto"), jobs, args.formats, ("--shard", f"0/{args.shards}"))]
                from letters.manifest import shard_of

                mine = sum(1 for i in range(size) if shard_of(f"BENCH-{i:06d}", args.shards) == 0)
                r = shard[0]
                label = f"0/{args.shards}"
                print(
                    line(
                        mine, jobs, label, r, shard, [f"{(whole.seconds / size) / (r.seconds / mine):.2f}x per letter vs the whole batch"]
                    ),
                    flush=True,
                )

    one = work / "cases-1"
    make_cases(one, 1)
    case = next(one.glob("*.yaml"))
    out = work / "out-generate"
    generate = LETTERS + ["generate", str(case), "--stage", "first-complaint", "--out", str(out), "--force", "--on", "2026-11-25"]
    imports = [sys.executable, "-c", "import docxtpl, pydantic, click, yaml"]
    run(generate, Variant("auto", "auto").env(), cwd=work)  # warm the file cache
    g, i = median_runs([generate, imports], args.repeat, work)
    print(
        f"generate (docx+txt) {g.seconds:.3f} s, {g.max_rss_mb:.0f} MB vs import docxtpl, pydantic, click, yaml "
        f"{i.seconds:.3f} s, {i.max_rss_mb:.0f} MB: {g.seconds / i.seconds:.2f}x the time, {g.max_rss_mb / i.max_rss_mb:.2f}x the memory "
        f"(median of {args.repeat})"
    )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        remove_outputs(work)


if __name__ == "__main__":
    main()
