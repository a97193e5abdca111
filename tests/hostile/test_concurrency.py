"""Concurrent runs: two batches into the same --out finish without spurious failures and
every letter is whole; a run removes only temporary files no live process can be writing
(its own, those of ended processes of this machine, any older than a day)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.fsio import host_tag as _host
from letters.fsio import remove_stale_parts
from tests.builders import case_dict, docx_text, write_case
from tests.hostile.support import ON, Row, run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process ids and signals")

ROWS = [
    Row(
        "two-batches-same-out",
        "two `letters batch --force` runs of the same 40 cases into one --out at once, three times",
        "both exit 0; every letter opens and is whole",
    ),
    Row(
        "live-writer-part",
        "a `.first-complaint.docx.<host>-<pid>-0.part` of a process that is still running",
        "kept by a rerun (it may be writing it)",
    ),
    Row("dead-writer-part", "the same of a process that has ended", "removed by a rerun"),
    Row("other-host-part", "the same with another machine's host tag (a shared folder)", "kept unless older than a day"),
    Row("day-old-part", "a temporary file of any writer older than a day", "removed"),
    Row("legacy-part", "`.first-complaint.docx.abc123.part` (a name no live letters makes)", "removed"),
    Row(
        "log-other-cache",
        "`letters log` on one case file from runs with different HOME / XDG_CACHE_HOME (cron, sudo), eight at once",
        "they queue on one lock beside the case file; all eight entries are kept",
    ),
]


def _batch(cases: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "letters",
            "batch",
            str(cases),
            "--stage",
            "first-complaint",
            "--on",
            ON,
            "--out",
            str(out),
            "--force",
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_two_batches_into_one_output_folder(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    for n in range(40):
        write_case(cases, case_dict("en", case_id=f"C-{n:02d}"), name=f"c{n:02d}.yaml")
    out = tmp_path / "out"
    for _ in range(3):
        runs = [_batch(cases, out), _batch(cases, out)]
        for process in runs:
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0, err
    letters = sorted(out.rglob("*"))
    assert not [p for p in letters if p.name.endswith(".part")]
    for folder in (p for p in letters if p.is_dir()):
        assert "Tom Reader" in docx_text(folder / "first-complaint.docx")
        assert "Yours faithfully,\n\nTom Reader" in (folder / "first-complaint.txt").read_text(encoding="utf-8")


def _part(folder: Path, tag: str) -> Path:
    path = folder / f".first-complaint.docx.{tag}.part"
    path.write_bytes(b"PK half a letter")
    return path


def _ended_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_rerun_keeps_live_writers_files_and_removes_dead_ones(tmp_path: Path) -> None:
    write_case(tmp_path / "cases", case_dict("en"), name="a.yaml")
    folder = tmp_path / "out" / "T-EN-1"
    folder.mkdir(parents=True)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = _part(folder, f"{_host()}-{sleeper.pid}-0")
        dead = _part(folder, f"{_host()}-{_ended_pid()}-0")
        foreign = _part(folder, f"{'0' * 6 if _host() != '000000' else '111111'}-{sleeper.pid}-0")
        old = _part(folder, f"{_host()}-{sleeper.pid}-1")
        os.utime(old, (time.time() - 2 * 86400,) * 2)
        legacy = _part(folder, "abc123")
        result = run("batch", tmp_path / "cases", "--stage", "first-complaint", "--on", ON, "--out", tmp_path / "out", "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert (live.exists(), foreign.exists()) == (True, True)
        assert (dead.exists(), old.exists(), legacy.exists()) == (False, False, False)
    finally:
        sleeper.kill()
        sleeper.wait()


KIND = st.sampled_from(["live", "dead", "foreign", "foreign-old", "old", "legacy", "ours"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(KIND, min_size=1, max_size=7))
def test_fuzz_stale_parts_removed_exactly_when_no_live_writer_can_own_them(
    tmp_path_factory: pytest.TempPathFactory, kinds: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("parts")
    other = "0" * 6 if _host() != "000000" else "111111"
    dead = _ended_pid()
    made = []
    for n, kind in enumerate(kinds):
        tag = {
            "live": f"{_host()}-1-{n}",
            "dead": f"{_host()}-{dead}-{n}",
            "foreign": f"{other}-{dead}-{n}",
            "foreign-old": f"{other}-{dead}-{n}",
            "old": f"{_host()}-1-{n}",
            "legacy": f"x{n}",
            "ours": f"{_host()}-{os.getpid()}-{n}",
        }[kind]
        path = _part(folder, tag)
        if kind.endswith("old"):
            os.utime(path, (time.time() - 3 * 86400,) * 2)
        made.append((kind, path))
    remove_stale_parts(folder, "first-complaint")  # pid 1 (init) is alive on every machine
    for kind, path in made:
        assert path.exists() == (kind in ("live", "foreign")), (kind, path.name)


# --- letters log from runs that do not share a home or a cache folder -----------------------------


def _append_with_cache(case: str, cache: str, day: int, ready: Any, go: Any) -> None:
    os.environ["XDG_CACHE_HOME"] = cache
    os.environ["HOME"] = cache
    from letters.casefile.logbook import append_contact

    ready.put(day)
    go.wait()
    append_contact(case, kind="note", date=dt.date(2026, 10, day), summary=f"note {day}", on=dt.date(2026, 11, 1))


def test_log_runs_with_different_caches_wait_for_each_other(tmp_path: Path) -> None:
    from letters.casefile.logbook import _locked

    case = write_case(tmp_path, case_dict("en"))
    before = case.read_bytes()
    context = multiprocessing.get_context("spawn")  # a forked child would share the held lock
    ready, go = context.Queue(), context.Event()
    with _locked(case):  # this process's lock, taken with this process's cache folder
        child = context.Process(target=_append_with_cache, args=(str(case), str(tmp_path / "other-cache"), 20, ready, go))
        child.start()
        ready.get(timeout=60)
        go.set()
        child.join(1.0)
        assert case.read_bytes() == before  # the other run waits for the lock
    child.join(60)
    assert child.exitcode == 0
    assert "note 20" in case.read_text(encoding="utf-8")


def test_eight_log_runs_with_eight_caches_keep_all_eight_entries(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    context = multiprocessing.get_context("fork")
    ready, go = context.Queue(), context.Event()
    children = [
        context.Process(target=_append_with_cache, args=(str(case), str(tmp_path / f"cache-{n}"), 10 + n, ready, go)) for n in range(8)
    ]
    for child in children:
        child.start()
    for _ in children:
        ready.get(timeout=60)
    go.set()
    for child in children:
        child.join(120)
        assert child.exitcode == 0
    text = case.read_text(encoding="utf-8")
    assert [n for n in range(8) if f"note {10 + n}" in text] == list(range(8))
