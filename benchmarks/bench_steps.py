"""What one letter costs, step by step, against a baseline tree side by side.

Usage::

    python benchmarks/bench_steps.py --baseline ../letters-before      # this tree against another version
    python benchmarks/bench_steps.py                                    # this tree only

Each tree runs in a process of its own (the trees take turns, ``--rounds`` times), which
loads ``--cases`` case files (the shipped zh and en examples under new ids, in memory: no
file is read or written) and times, in CPU time per case, each step of a batch's letter:
``parse`` (text → a checked ``CaseFile``), ``warnings`` (the case's own warnings),
``build`` (the view model of the first complaint), ``docx`` and ``txt`` (rendering the
built-in templates). Each step runs twice over all the cases and the second pass counts, so
what every process prepares once (compiled patterns, the templates, locale data) is not in
it; start-up and writing are measured by ``bench_batch.py``. The median of the rounds is
printed for each tree, and each step's ratio baseline / this tree (above 1: this tree is
faster). Both trees render the installed built-in templates (``letters.builtin_templates``
is mapped by the installation, not by the tree): compare trees whose templates are the same.

Last, the floor no version of ``letters`` (nor docxtpl) can go below: the file system's own
cost of one case's output, a new folder and two new files of a letter's sizes made as
``letters`` makes them (a temporary name, then a link), in CPU time per case (the kernel's
part of a batch), on the file system of ``--work`` (default: the temporary folder) and on
``/dev/shm`` (memory) when there is one. On some disks a new file or folder costs the kernel
far more than anything else a letter does.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = ("parse", "warnings", "build", "docx", "txt")

CHILD = r"""
import datetime as dt, json, re, sys, time
from pathlib import Path
from letters.casefile.example import example_text
from letters.casefile.load import parse_case_text
from letters.pipeline import case_warnings
from letters.render import renderer_for
from letters.templating.search import TemplateSearchPath
from letters.viewmodel.build import build_context

count = int(sys.argv[1])
on = dt.date(2026, 11, 1)
texts = [
    re.sub(r"(?m)^case_id: \S+", f"case_id: BENCH-{i:06d}", example_text(("zh", "en")[i % 2]), count=1).encode("utf-8")
    for i in range(count)
]
search = TemplateSearchPath.build()
templates = {lang: search.find_formats("first-complaint", lang, ["docx", "txt"]) for lang in ("zh", "en")}
docx, txt = renderer_for("docx", "auto"), renderer_for("txt", "auto")


def per_case(fn, items):
    start = time.process_time()
    out = [fn(item) for item in items]
    return out, (time.process_time() - start) / len(items) * 1000


figures = {}
for _ in range(2):  # the second pass counts: what a process prepares once is done in the first
    files, figures["parse"] = per_case(lambda raw: parse_case_text(raw, Path("case.yaml"), on=on), texts)
    _, figures["warnings"] = per_case(case_warnings, files)
    contexts, figures["build"] = per_case(lambda f: dict(build_context(f, "first-complaint", on)), files)
    pairs = [(templates[f.case.language], c) for f, c in zip(files, contexts)]
    _, figures["docx"] = per_case(lambda p: docx(p[0]["docx"], p[1]), pairs)
    _, figures["txt"] = per_case(lambda p: txt(p[0]["txt"], p[1]), pairs)
print(json.dumps(figures))
"""


def run(tree: Path, cases: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", CHILD, str(cases)], env=env, cwd=tree, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{tree}: {done.stderr.strip()}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def file_floor(where: Path, cases: int) -> float:
    """CPU ms a case to make a case folder and its two letters (13 kB, 3 kB) in ``where``."""
    scratch = Path(tempfile.mkdtemp(prefix="letters-floor-", dir=where))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    try:
        start = time.process_time()
        for i in range(cases):
            folder = os.path.join(scratch, f"BENCH-{i:06d}")
            os.mkdir(folder)
            dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            for name, size in (("first-complaint.docx", 13_000), ("first-complaint.txt", 3_000)):
                temp = f".{name}.part"
                fd = os.open(temp, flags, 0o644, dir_fd=dir_fd)
                os.write(fd, b"x" * size)
                os.close(fd)
                os.link(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
                os.unlink(temp, dir_fd=dir_fd)
            os.close(dir_fd)
        return (time.process_time() - start) / cases * 1000
    finally:
        shutil.rmtree(scratch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="another version's source tree (e.g. a git worktree of an older commit)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the trees take turns in each (the median is shown)")
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()), help="where the file-system floor is measured")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent.parent
    trees = ([args.baseline.resolve()] if args.baseline else []) + [here]
    for tree in trees:  # as installed: from bytecode (this machine may set PYTHONDONTWRITEBYTECODE)
        compileall.compile_dir(str(tree / "letters"), quiet=1)
    rounds: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    for _ in range(args.rounds):
        for tree in trees:
            rounds[tree].append(run(tree, args.cases))
    print(f"python {sys.version.split()[0]}; cores {os.cpu_count()}; {args.cases} cases; CPU ms a case, median of {args.rounds} rounds")
    print(f"{'tree':<12}" + "".join(f"{step:>10}" for step in STEPS) + f"{'total':>10}")
    medians = {tree: {step: statistics.median(r[step] for r in rounds[tree]) for step in STEPS} for tree in trees}
    for tree, label in zip(trees, (["baseline"] if args.baseline else []) + ["this tree"]):
        figures = medians[tree]
        print(f"{label:<12}" + "".join(f"{figures[s]:10.3f}" for s in STEPS) + f"{sum(figures.values()):10.3f}")
    if args.baseline:
        before, after = medians[trees[0]], medians[here]
        ratios = "".join(f"{before[s] / after[s]:9.2f}x" for s in STEPS)
        print(f"{'ratio':<12}{ratios}{sum(before.values()) / sum(after.values()):9.2f}x   (baseline / this tree)")
    for tree in trees:
        print(f"{'runs':<12}" + " ".join(f"{sum(r.values()):.3f}" for r in rounds[tree]) + f"   ({tree})")
    places = [args.work] + ([Path("/dev/shm")] if os.access("/dev/shm", os.W_OK) else [])
    for place in places:
        floors = [file_floor(place, args.cases) for _ in range(args.rounds)]
        print(
            f"floor: a case's folder and two files on {place}: {statistics.median(floors):.3f} ms CPU a case "
            f"(runs {' '.join(f'{f:.3f}' for f in floors)}), for any engine"
        )


if __name__ == "__main__":
    main()
