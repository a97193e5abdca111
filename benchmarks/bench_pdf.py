"""PDF letters: a plain ``soffice`` over the same .docx files against ``letters batch --format pdf``.

Usage::

    python benchmarks/bench_pdf.py                      # 48 and 480 letters; 480 runs once per variant
    python benchmarks/bench_pdf.py --sizes 48 --repeat 3

For each size the same case files (the shipped zh/en examples under new ids) are first made
into .docx letters (untimed). Then, taking turns so that every variant meets the same
machine, three whole processes are timed:

* ``soffice --headless --convert-to pdf --outdir OUT *.docx``: what one would do by hand,
  one LibreOffice process for every file (for every 240: LibreOffice ignores command-line
  arguments after the 256th), with a profile of its own that has been used once before
  (so it is not created during the timed run);
* ``letters batch --stage first-complaint --format pdf --jobs 1`` and ``--jobs 2`` on the
  case files (this renders the .docx too, and writes the PDFs into place).

Each line shows whole-process time, the ratio to the plain soffice run (higher is
faster), the CPU seconds (user + system) of the whole process tree, and its peak RSS
(every LibreOffice included), sampled from /proc. The median run is shown, with every
run's time. On a machine others are using, the CPU seconds are the steadier figure: the
wall-clock gain of two converters needs two cores free.

It also times one letter: ``letters generate --format pdf`` against a plain ``soffice``
converting that letter's .docx (the goal: no more than 10% slower).

The machine is shared: the 480 size runs ``--big-repeat`` times (default 1).
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import LETTERS, Run, make_cases, run, settle

_OUTPUTS = itertools.count(1)
BIG = 480


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        sys.exit("LibreOffice (soffice) is not installed; run .ci/pdf-deps.sh")
    return found


#: Files per plain soffice call: LibreOffice reads only its first 256 command-line arguments and
#: silently ignores the rest (480 files given, 247 converted, exit status 0).
PLAIN_GROUP = 240


def plain_command(profile: Path, out: Path, documents: list[Path]) -> list[str]:
    """``soffice --headless --convert-to pdf`` over ``documents``, one call per 240 files, one after the other."""
    calls = [
        [soffice(), "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf", "--outdir", str(out)]
        + [str(d) for d in documents[start : start + PLAIN_GROUP]]
        for start in range(0, len(documents), PLAIN_GROUP)
    ]
    return calls[0] if len(calls) == 1 else ["sh", "-c", " && ".join(shlex.join(call) for call in calls)]


def make_docx(cases: Path, work: Path, size: int) -> list[Path]:
    """The .docx of every case, made once (untimed) and gathered in one folder."""
    folder = work / f"docx-{size}"
    if not folder.exists():
        made = work / f"made-{size}"
        subprocess.run(
            LETTERS
            + [
                "batch",
                str(cases),
                "--stage",
                "first-complaint",
                "--format",
                "docx",
                "--out",
                str(made),
                "--on",
                "2026-11-25",
                "--jobs",
                "2",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        folder.mkdir()
        for letter in sorted(made.glob("*/first-complaint.docx")):
            shutil.copyfile(letter, folder / f"{letter.parent.name}.docx")
        shutil.rmtree(made)
    return sorted(folder.glob("*.docx"))


def warm_up(work: Path, profile: Path, documents: list[Path]) -> None:
    """Untimed: the plain run's profile is made, LibreOffice and letters are in the file cache."""
    out = work / "out-warm"
    subprocess.run(plain_command(profile, out, documents), check=True, capture_output=True)
    cases = work / "cases-warm"
    if not cases.exists():
        make_cases(cases, 4)
    subprocess.run(
        LETTERS
        + ["batch", str(cases), "--stage", "first-complaint", "--format", "pdf", "--out", str(out), "--on", "2026-11-25", "--jobs", "2"],
        check=False,
        capture_output=True,
    )
    shutil.rmtree(out, ignore_errors=True)


def count_pdfs(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.pdf"))


@dataclass
class Timed:
    run: Run
    pdfs: int  # PDFs found in the output folder afterwards
    cpu: float  # user + system seconds of the whole process tree


def timed(command: list[str], out: Path) -> Timed:
    settle()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run(command)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    made = count_pdfs(out)
    shutil.rmtree(out, ignore_errors=True)
    return Timed(result, made, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def show(label: str, measured: list[Timed], expected: int, base: float | None) -> float:
    runs = [(t.run, t.pdfs) for t in measured]
    ordered = sorted(measured, key=lambda t: t.run.seconds)
    middle, cpu = ordered[len(ordered) // 2].run, ordered[len(ordered) // 2].cpu
    ratio = f"{base / middle.seconds:5.2f}x" if base else "  1.00x"
    flags = (
        ""
        if all(r.returncode == 0 and m == expected for r, m in runs)
        else f"  (exit {', '.join(str(r.returncode) for r, _ in runs)}; PDFs {', '.join(str(m) for _, m in runs)} of {expected})"
    )
    print(
        f"{expected:>6} {label:<28} {middle.seconds:>8.2f} {middle.seconds / expected * 1000:>9.0f} {ratio} "
        f"{cpu:>6.1f} {middle.tree_rss_mb:>8.0f}  (runs: {' '.join(f'{r.seconds:.2f}' for r, _ in runs)}){flags}",
        flush=True,
    )
    return middle.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[48, BIG])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each variant below 480 letters (median shown)")
    parser.add_argument("--big-repeat", type=int, default=1, help=f"runs of each variant at {BIG} letters or more")
    parser.add_argument("--generate-repeat", type=int, default=5, help="runs of the one-letter comparison")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "letters"), quiet=1)

    work = args.work or Path(tempfile.mkdtemp(prefix="letters-bench-pdf-"))
    profile = work / "soffice-profile"
    print(f"scratch: {work}; python {sys.version.split()[0]}; soffice {soffice()}")
    print(f"{'letters':>6} {'run':<28} {'total s':>8} {'ms/letter':>9} {'ratio':>6} {'cpu s':>6} {'tree MB':>8}")
    for size in args.sizes:
        cases = work / f"cases-{size}"
        if not cases.exists():
            make_cases(cases, size)
        documents = make_docx(cases, work, size)
        warm_up(work, profile, documents[:1])
        variants: dict[str, list[Timed]] = {"plain soffice": []}
        variants.update({f"letters batch --jobs {j}": [] for j in args.jobs})
        for _ in range(args.big_repeat if size >= BIG else args.repeat):
            out = work / f"out-{next(_OUTPUTS)}"
            variants["plain soffice"].append(timed(plain_command(profile, out, documents), out))
            for jobs in args.jobs:
                out = work / f"out-{next(_OUTPUTS)}"
                command = LETTERS + [
                    "batch",
                    str(cases),
                    "--stage",
                    "first-complaint",
                    "--format",
                    "pdf",
                    "--jobs",
                    str(jobs),
                    "--out",
                    str(out),
                    "--on",
                    "2026-11-25",
                ]
                variants[f"letters batch --jobs {jobs}"].append(timed(command, out))
        base = show("plain soffice", variants.pop("plain soffice"), size, None)
        for label, runs in variants.items():
            show(label, runs, size, base)

    one = work / "cases-1"
    if not one.exists():
        make_cases(one, 1)
    case = next(one.glob("*.yaml"))
    document = make_docx(one, work, 1)[0]
    plain_runs: list[Timed] = []
    generate_runs: list[Timed] = []
    for _ in range(args.generate_repeat):
        out = work / f"out-{next(_OUTPUTS)}"
        plain_runs.append(timed(plain_command(profile, out, [document]), out))
        out = work / f"out-{next(_OUTPUTS)}"
        command = LETTERS + [
            "generate",
            str(case),
            "--stage",
            "first-complaint",
            "--format",
            "pdf",
            "--out",
            str(out),
            "--on",
            "2026-11-25",
        ]
        generate_runs.append(timed(command, out))
    plain_times, generate_times = [t.run.seconds for t in plain_runs], [t.run.seconds for t in generate_runs]
    p, g = statistics.median(plain_times), statistics.median(generate_times)
    pm = statistics.median(t.run.tree_rss_mb for t in plain_runs)
    gm = statistics.median(t.run.tree_rss_mb for t in generate_runs)
    print(
        f"one letter: letters generate --format pdf {g:.2f} s, {gm:.0f} MB vs plain soffice {p:.2f} s, {pm:.0f} MB: "
        f"{g / p:.2f}x the time, {gm / pm:.2f}x the memory "
        f"(goal <= 1.10x; median of {args.generate_repeat}; generate {' '.join(f'{t:.2f}' for t in generate_times)}, "
        f"soffice {' '.join(f'{t:.2f}' for t in plain_times)})"
    )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
