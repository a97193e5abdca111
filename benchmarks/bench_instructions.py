"""What one letter of a batch costs in machine instructions, against a baseline tree.

Usage::

    python benchmarks/bench_instructions.py --baseline ../letters-before
    python benchmarks/bench_instructions.py                    # this tree only

Timings on a shared 2-core machine swing by ±20% from one minute to the next, which hides
any change smaller than that. An instruction count does not swing: each tree's batch runs
under valgrind's callgrind (``valgrind`` must be installed; it is about 50× slower than
running natively), once over ``--cases`` N1 and once over N2 case files, and the difference
divided by N2 − N1 is what one more letter costs: start-up, the ten warm-up letters and
everything else a process does once cancel out. A letter is what ``bench_batch.py`` makes:
the shipped zh and en examples under new ids, a first complaint as .docx and .txt, written
by ``run_batch`` with one job into a folder on ``/dev/shm`` when there is one. Each tree
runs once natively first, so its on-disk caches (prepared templates, template checks) are
warm, as they are for a user's second run. Instructions are not time (a cache miss or a
system call costs more than its count), so ``bench_batch.py`` stays the measure of speed;
this one shows, without noise, whether a change made the work smaller and by how much.

Both trees render the installed built-in templates (as ``bench_steps.py``): compare trees
whose templates are the same.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Why the child measures with the garbage collector off: a letter's objects are freed as it is
# made (reference counts), so a batch makes almost no garbage, but the collector still runs a full
# collection now and then, triggered by how many objects were made since the last one (listing a
# folder of cases makes one). Whether that one collection (about 24 ms, 80 M instructions) falls
# inside the larger run and not the smaller one decides itself by how many objects each tree's
# code happens to make, and moved the figure by up to 1.5 M instructions a letter (20%) between
# runs of the same tree. Off, the count is the letters' own work, the same run after run; the
# collector's share of a real batch is timed instead (``bench_batch.py``). Hash randomisation is
# fixed too (``PYTHONHASHSEED``), so sets and dictionaries are laid out the same in every run.
CHILD = r"""
import datetime as dt, gc, re, shutil, sys
from pathlib import Path
from letters.batch import BatchOptions, run_batch
from letters.casefile.example import example_text

count, work = int(sys.argv[1]), Path(sys.argv[2])
texts = {lang: example_text(lang) for lang in ("zh", "en")}
for folder, n in (("warm", 10), ("cases", count)):
    (work / folder).mkdir(parents=True)
    for i in range(n):
        text = re.sub(r"(?m)^case_id: \S+", f"case_id: {folder.upper()}-{i:06d}", texts[("zh", "en")[i % 2]], count=1)
        (work / folder / f"case-{i:06d}.yaml").write_text(text, encoding="utf-8")
on = dt.date(2026, 11, 25)
run_batch([work / "warm"], BatchOptions(stage="first-complaint", on=on, out=str(work / "warm-out")), jobs=1)
gc.collect()
gc.disable()  # why: the comment above CHILD in bench_instructions.py
summary = run_batch([work / "cases"], BatchOptions(stage="first-complaint", on=on, out=str(work / "out")), jobs=1)
gc.enable()
if summary.failed or summary.letters != 2 * count:
    sys.exit(summary.line())
shutil.rmtree(work)
"""


def instructions(tree: Path, count: int, scratch: Path, *, valgrind: bool) -> int:
    """Instructions of one child process over ``count`` cases (0 when run natively)."""
    work = Path(tempfile.mkdtemp(dir=scratch))
    shutil.rmtree(work)  # the child makes it
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-c", CHILD, str(count), str(work)]
    if valgrind:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command]
    # run from the scratch folder: ``python -c`` puts the working folder first on the path, so
    # run from a checkout it would import that checkout whatever PYTHONPATH says
    done = subprocess.run(command, env=env, cwd=scratch, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{tree}: the batch failed:\n{done.stdout}{done.stderr}")
    if not valgrind:
        return 0
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit(f"{tree}: callgrind printed no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_letter(tree: Path, small: int, large: int, scratch: Path) -> float:
    instructions(tree, 2, scratch, valgrind=False)  # the on-disk caches, as a second run finds them
    return (instructions(tree, large, scratch, valgrind=True) - instructions(tree, small, scratch, valgrind=True)) / (large - small)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="another checkout of letters to compare with")
    parser.add_argument("--cases", type=int, nargs=2, default=[20, 80], metavar=("N1", "N2"))
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    small, large = args.cases
    if not 0 < small < large:
        sys.exit("--cases needs 0 < N1 < N2")
    scratch = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    trees = [("baseline", args.baseline.resolve())] if args.baseline else []
    trees.append(("this tree", ROOT))
    print(f"python {sys.version.split()[0]}; instructions a letter (first complaint, .docx and .txt), ({large} - {small} cases)")
    counts = {}
    for label, tree in trees:
        counts[label] = per_letter(tree, small, large, scratch)
        print(f"{label:10} {counts[label] / 1e6:8.3f} M   ({tree})", flush=True)
    if args.baseline:
        print(f"ratio      {counts['baseline'] / counts['this tree']:8.3f}x  (baseline / this tree)")


if __name__ == "__main__":
    main()
