"""The LibreOffice converter pool, driven with a fake ``soffice`` on PATH (tests/render/fake_soffice.py).

A converter that hangs, one that exits without writing, one that writes something that is
not a PDF, one letter that hangs among good ones, a batch killed half-way and its rerun,
the e-mail drafts that attach the PDF, and where the profiles live. None of these needs
LibreOffice; tests/render/test_pdf.py checks the real one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from letters.batch import BatchOptions, CaseResult, run_batch
from letters.errors import PdfError
from letters.render.pdf import SOFFICE_ENV, TIMEOUT_ENV, ConverterPool
from tests.builders import case_dict, case_with_files, docx_bytes, write_case, write_templates
from tests.render.fake_soffice import PDF

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="the fake soffice is a shell script"), pytest.mark.slow]  # converter processes

FAKE = Path(__file__).with_name("fake_soffice.py")


class Fake:
    """The fake soffice's settings and what it logged."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch):
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        self.log = root / "soffice.log"
        self.tmp = root / "tmp"  # the system's temporary folder, for this test
        self.tmp.mkdir()
        program = self.bin / "soffice"
        program.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" "$@"\n', encoding="utf-8")
        program.chmod(0o755)
        self.monkeypatch = monkeypatch
        monkeypatch.setenv("PATH", f"{self.bin}{os.pathsep}{os.environ['PATH']}")
        monkeypatch.delenv(SOFFICE_ENV, raising=False)
        monkeypatch.setenv("FAKE_SOFFICE_LOG", str(self.log))
        monkeypatch.setenv(TIMEOUT_ENV, "30")  # tests of a hang set 1 or 2 (a loaded machine can start the fake slowly)
        monkeypatch.setenv("TMPDIR", str(self.tmp))
        monkeypatch.setattr(tempfile, "tempdir", str(self.tmp))
        self.mode("ok")

    def mode(self, mode: str, delay: float = 0, timeout: float | None = None) -> None:
        if timeout is not None:
            self.monkeypatch.setenv(TIMEOUT_ENV, str(timeout))
        self.monkeypatch.setenv("FAKE_SOFFICE_MODE", mode)
        self.monkeypatch.setenv("FAKE_SOFFICE_DELAY", str(delay))

    def events(self, kind: str | None = None) -> list[dict]:
        if not self.log.exists():
            return []
        events = [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]
        return [e for e in events if kind is None or e["event"] == kind]

    def run_folders(self) -> list[str]:
        """The converters' temporary folders left in the temporary folder."""
        return sorted(p.name for p in self.tmp.iterdir() if p.is_dir() and p.name.startswith("letters-pdf-"))

    def alive(self) -> list[int]:
        """Fake soffice processes still running."""
        running = []
        for pid in {e["pid"] for e in self.events()}:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                continue
            running.append(pid)
        return running


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fake:
    return Fake(tmp_path / "fake", monkeypatch)


def generate_pdf(cli, tmp_path: Path) -> tuple[object, Path]:
    case = case_with_files(tmp_path / "case", lang="en")
    out = tmp_path / "out"
    result = cli(
        "generate",
        case,
        "--stage",
        "first-complaint",
        "--format",
        "docx,pdf",
        "--out",
        out,
        "--templates",
        write_templates(tmp_path / "tpl"),
    )
    return result, out / "T-EN-1"


# --- one letter: each way a converter can fail --------------------------------------------------


def test_a_hanging_converter_is_killed_and_the_letter_tried_once_more_in_a_fresh_one(cli, tmp_path: Path, fake: Fake) -> None:
    fake.mode("hang", timeout=1)

    result, folder = generate_pdf(cli, tmp_path)

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: pdf: LibreOffice stopped responding (nothing for 1 s) and was stopped (tried 2 times)",
        f"Error: the other formats were written: {folder / 'first-complaint.docx'}",
    ]
    starts = fake.events("start")
    assert len(starts) == 2 and starts[0]["profile"] != starts[1]["profile"]  # the second try: a fresh converter
    assert fake.alive() == []
    assert sorted(p.name for p in folder.iterdir()) == ["first-complaint.docx"]
    assert fake.run_folders() == []


def test_a_converter_that_exits_without_writing_is_a_pdf_error(cli, tmp_path: Path, fake: Fake) -> None:
    fake.mode("nothing")

    result, folder = generate_pdf(cli, tmp_path)

    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "Error: pdf: LibreOffice did not write the PDF (tried 2 times)"
    assert len(fake.events("start")) == 2
    assert sorted(p.name for p in folder.iterdir()) == ["first-complaint.docx"]
    assert fake.run_folders() == []


def test_a_converter_that_writes_garbage_is_a_pdf_error_and_nothing_is_written_as_pdf(cli, tmp_path: Path, fake: Fake) -> None:
    fake.mode("garbage")

    result, folder = generate_pdf(cli, tmp_path)

    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "Error: pdf: LibreOffice's output is not a PDF (it starts with 'not a pdf', not %PDF-) (tried 2 times)"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["first-complaint.docx"]


def test_generate_writes_the_pdf_the_converter_made(cli, tmp_path: Path, fake: Fake) -> None:
    result, folder = generate_pdf(cli, tmp_path)

    assert result.exit_code == 0, result.output
    assert (folder / "first-complaint.pdf").read_bytes() == PDF
    assert [e["letters"] for e in fake.events("start")] == [["letter-000001.docx"]]
    assert fake.events("init") == []  # one converter: its profile is filled in by its own first run


# --- batches -------------------------------------------------------------------------------------


def write_cases(folder: Path, count: int, hang: int | None = None) -> Path:
    for n in range(count):
        data = case_dict("en", case_id=f"C-{n}")
        if n == hang:
            data["incidents"][0]["summary"] = "HANG: a letter LibreOffice cannot finish"
        write_case(folder, data, f"c{n}.yaml")
    return folder


def batch(tmp_path: Path, formats: tuple[str, ...], jobs: int, force: bool = False) -> list[CaseResult]:
    options = BatchOptions(
        stage="first-complaint",
        on=dt.date(2026, 10, 8),
        out=str(tmp_path / "out"),
        formats=formats,
        force=force,
        template_dirs=(str(write_templates(tmp_path / "tpl")),),
    )
    rows: list[CaseResult] = []
    run_batch([tmp_path / "cases"], options, jobs=jobs, on_result=rows.append)
    return rows


def test_a_letter_that_hangs_fails_its_own_case_only_and_the_others_finish(tmp_path: Path, fake: Fake) -> None:
    write_cases(tmp_path / "cases", 5, hang=2)
    fake.mode("ok", timeout=2)

    rows = batch(tmp_path, ("txt", "pdf"), jobs=2)

    out = tmp_path / "out"
    assert [(r.case_id, r.status) for r in rows] == [("C-0", "ok"), ("C-1", "ok"), ("C-2", "failed"), ("C-3", "ok"), ("C-4", "ok")]
    assert rows[2].error == "pdf: LibreOffice stopped responding (nothing for 2 s) and was stopped (tried 2 times)"
    assert rows[2].outputs == [str(out / "C-2" / "first-complaint.txt")]
    assert not (out / "C-2" / "first-complaint.pdf").exists()
    for n in (0, 1, 3, 4):
        assert (out / f"C-{n}" / "first-complaint.pdf").read_bytes() == PDF
    [hung] = {e["letter"] for e in fake.events("hang")}
    first, second = [e for e in fake.events("start") if hung in e["letters"]]
    assert len(first["letters"]) > 1 and second["letters"] == [hung]  # the second try ran alone...
    assert second["profile"] not in {e["profile"] for e in fake.events("start") if e["time"] < second["time"]}  # ...in a fresh profile
    assert fake.alive() == []
    assert fake.run_folders() == []


def test_every_converter_has_its_own_profile_made_once_outside_the_users_folders(tmp_path: Path, fake: Fake) -> None:
    write_cases(tmp_path / "cases", 6)
    fake.mode("ok", delay=0.3)

    rows = batch(tmp_path, ("pdf",), jobs=2)

    assert [r.status for r in rows] == ["ok"] * 6
    [init] = fake.events("init")  # the run's one profile, filled in once, before any converter starts
    starts = fake.events("start")
    profiles = {e["profile"] for e in starts}
    assert len(profiles) == 2 and init["profile"] not in profiles  # the converters work on copies
    run_folder = Path(init["profile"].removeprefix("file://")).parent
    assert run_folder.parent == fake.tmp and run_folder.name.startswith(f"letters-pdf-{os.getpid()}-")
    assert all(Path(p.removeprefix("file://")).parent == run_folder for p in profiles)
    assert all(e["prepared"] and e["home"] == str(run_folder) for e in starts + [init])
    converted = {}
    for event in fake.events("converted"):
        converted.setdefault(event["pid"], []).append(event["time"])
    first, second = sorted(converted.values())
    assert first[0] < second[-1] and second[0] < first[-1]  # the two converters worked at the same time
    assert fake.run_folders() == []  # removed at the end


def test_two_runs_never_fill_in_a_profile_at_the_same_moment(tmp_path: Path, fake: Fake, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_INIT_DELAY", "0.5")
    document = docx_bytes(["one letter"])
    results: list[bytes] = []

    def convert() -> None:
        with ConverterPool(2, expected=1) as pool:
            job = pool.submit(document)
            pool.close()
            results.append(job.result())

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [PDF, PDF]
    inits = sorted((e["time"], e["end"]) for e in fake.events("init"))
    assert len(inits) == 2 and inits[0][1] <= inits[1][0]


def test_batch_drafts_attach_the_pdf_and_a_rerun_converts_only_what_is_missing(tmp_path: Path, fake: Fake) -> None:
    write_cases(tmp_path / "cases", 3)

    rows = batch(tmp_path, ("pdf", "eml"), jobs=2)

    out = tmp_path / "out"
    assert [r.status for r in rows] == ["ok"] * 3
    for n in range(3):
        draft = BytesParser(policy=policy.default).parsebytes((out / f"C-{n}" / "first-complaint.eml").read_bytes())
        attached = {part.get_filename(): part.get_content() for part in draft.iter_attachments()}
        assert sorted(attached) == [f"C-{n}-first-complaint.docx", f"C-{n}-first-complaint.pdf"]
        assert attached[f"C-{n}-first-complaint.pdf"] == (out / f"C-{n}" / "first-complaint.pdf").read_bytes()

    (out / "C-1" / "first-complaint.pdf").unlink()
    (out / "C-2" / "first-complaint.eml").unlink()
    fake.log.unlink()
    rows = batch(tmp_path, ("pdf", "eml"), jobs=2)

    assert [e["letters"] for e in fake.events("start")] == [["letter-000001.docx"]]  # only C-1's PDF
    assert [(r.status, r.note) for r in rows] == [
        ("skipped", "exists"),
        ("ok", "kept existing: first-complaint.eml"),
        ("ok", "kept existing: first-complaint.pdf"),
    ]
    assert rows[1].outputs == [str(out / "C-1" / "first-complaint.pdf")]
    assert rows[2].outputs == [str(out / "C-2" / "first-complaint.eml")]
    draft = BytesParser(policy=policy.default).parsebytes((out / "C-2" / "first-complaint.eml").read_bytes())
    assert [part.get_filename() for part in draft.iter_attachments()] == ["C-2-first-complaint.docx", "C-2-first-complaint.pdf"]


def test_a_batch_whose_pdfs_fail_writes_no_draft_without_them(tmp_path: Path, fake: Fake) -> None:
    write_cases(tmp_path / "cases", 2)
    fake.mode("garbage")

    rows = batch(tmp_path, ("docx", "pdf", "eml"), jobs=1)

    out = tmp_path / "out"
    assert [r.status for r in rows] == ["failed", "failed"]
    assert rows[0].error.startswith("pdf: LibreOffice's output is not a PDF")
    assert sorted(p.name for p in (out / "C-0").iterdir()) == ["first-complaint.docx"]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_batch_leaves_no_half_pdf_and_its_rerun_converts_only_the_missing(tmp_path: Path, fake: Fake, how: int) -> None:
    cases = write_cases(tmp_path / "cases", 8)
    out = tmp_path / "out"
    fake.mode("ok", delay=0.3)
    command = [sys.executable, "-m", "letters", "batch", str(cases), "--stage", "first-complaint", "--format", "pdf", "--jobs", "2"]
    command += ["--out", str(out), "--on", "2026-10-08", "--templates", str(write_templates(tmp_path / "tpl"))]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(out.glob("*/first-complaint.pdf")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(how)
    _, errors = process.communicate(timeout=30)

    assert process.returncode == -how if how == signal.SIGKILL else process.returncode == 128 + how, errors
    done = sorted(p.parent.name for p in out.glob("*/first-complaint.pdf"))
    assert 1 <= len(done) < 8
    assert [p for p in out.rglob("*") if p.is_file() and p.name != "first-complaint.pdf"] == []  # no .part file left
    assert all(p.read_bytes() == PDF for p in out.glob("*/first-complaint.pdf"))  # each one whole
    if how == signal.SIGTERM:  # stopped cleanly: its converters and its temporary folder are gone
        assert fake.alive() == []
        assert fake.run_folders() == []

    for _ in range(100):  # a SIGKILL'ed run's converters finish their letters on their own
        if not fake.alive():
            break
        time.sleep(0.1)
    fake.log.unlink()
    fake.mode("ok")
    rows = batch(tmp_path, ("pdf",), jobs=2)

    converted = sum(len(e["letters"]) for e in fake.events("start"))
    assert converted == 8 - len(done)
    assert [r.case_id for r in rows if r.note == "exists"] == done
    assert all(r.status in ("ok", "skipped") for r in rows)
    assert len(list(out.glob("*/first-complaint.pdf"))) == 8
    assert fake.run_folders() == []  # the killed run's folder too (its process is gone)


def test_a_converter_that_fails_unexpectedly_fails_the_letters_instead_of_leaving_them_waiting(fake: Fake, monkeypatch) -> None:
    def broken(self: ConverterPool, index: int, profile: Path, chunk: list) -> bool:
        raise RuntimeError("boom")

    monkeypatch.setattr(ConverterPool, "_run", broken)
    errors = []

    with ConverterPool(1, expected=1) as pool:
        jobs = [pool.submit(docx_bytes([f"letter {n}"])) for n in range(3)]
        pool.close()
        for job in jobs:
            with pytest.raises(PdfError) as caught:
                job.result()
            errors.append(str(caught.value))

    assert errors == ["pdf: the converter stopped unexpectedly (RuntimeError: boom)"] * 3
    assert fake.run_folders() == []


def test_a_long_batch_keeps_only_a_bounded_number_of_letters_waiting_for_their_pdf(
    tmp_path: Path, fake: Fake, monkeypatch: pytest.MonkeyPatch
) -> None:
    import letters.batch.pdfs

    monkeypatch.setattr(letters.batch.pdfs, "PDF_AHEAD", 2)  # per converter: 4 letters ahead of the manifest with --jobs 2
    write_cases(tmp_path / "cases", 16)
    fake.mode("ok", delay=0.05)

    rows = batch(tmp_path, ("pdf",), jobs=2)

    assert [r.status for r in rows] == ["ok"] * 16
    waiting = [e["waiting"] for e in fake.events("start")]
    assert len(waiting) >= 4 and max(waiting) <= 2 * 2 + 1  # rendering waited for the converters, not the other way round
