"""``letters batch``: due letters for many cases, a manifest, safe reruns."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from letters.batch import BatchOptions, iter_case_files, run_batch
from letters.casefile.load import load_case
from letters.errors import StageError
from letters.plan.stages import STAGES, check_stage
from tests.builders import case_dict, docx_text, make_docx, write_case

ON = "2026-11-25"


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A small template for every stage and language (the built-ins may not exist yet)."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    for stage in STAGES:
        for lang in ("zh", "zh-Hant", "en"):
            make_docx(folder / f"{stage}.{lang}.docx", [f"{stage}: {{{{ complainant.name }}}} v {{{{ company.name }}}}"])
            (folder / f"{stage}.{lang}.txt").write_text(f"{stage} {{{{ case_id }}}} {{{{ letter_date }}}}\n", encoding="utf-8")
    return folder


def contacts(*kinds_dates: tuple[str, str], satisfactory: bool | None = None) -> list[dict]:
    out = []
    for kind, date in kinds_dates:
        item = {"kind": kind, "date": date, "channel": "email"}
        if kind == "reply" and satisfactory is not None:
            item["satisfactory"] = satisfactory
        out.append(item)
    return out


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """Mixed cases: both languages, each situation of the complaint path, and broken files."""
    folder = tmp_path / "cases"
    write_case(folder, case_dict("zh", case_id="NEW-ZH"), "a-new-zh.yaml")
    write_case(folder, case_dict("en", case_id="NEW-EN"), "b-new-en.yml")
    write_case(folder, case_dict("en", case_id="WAITING", contacts=contacts(("complaint", "2026-11-20"))), "c-waiting.yaml")
    write_case(folder, case_dict("zh", case_id="CHASE", contacts=contacts(("complaint", "2026-11-01"))), "sub/d-chase.yaml")
    write_case(
        folder,
        case_dict("en", case_id="ESC", contacts=contacts(("complaint", "2026-10-01"), ("reply", "2026-10-10"), satisfactory=False)),
        "sub/e-escalate.yaml",
    )
    write_case(
        folder,
        case_dict("zh", case_id="DONE", contacts=contacts(("complaint", "2026-10-01"), ("reply", "2026-10-10"), satisfactory=True)),
        "f-closed.yaml",
    )
    write_case(folder, "version: 1\ncase_id: [unclosed\n", "g-bad-yaml.yaml")
    write_case(folder, case_dict("en", case_id="../escape"), "h-unsafe-id.yaml")
    (folder / "notes.md").write_text("not a case")
    return folder


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {Path(row["file"]).name: row for row in csv.DictReader(fh)}


def test_due_batch_writes_exactly_the_due_letters_and_a_manifest(cli, cases: Path, templates: Path, tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.csv"
    result = cli("batch", cases, "--due", "--on", ON, "--out", out, "--templates", templates, "--manifest", manifest, "--jobs", "1")
    rows = read_manifest(manifest)
    assert result.exit_code == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "CHASE/follow-up.docx",
        "CHASE/follow-up.txt",
        "ESC/escalation.docx",
        "ESC/escalation.txt",
        "NEW-EN/first-complaint.docx",
        "NEW-EN/first-complaint.txt",
        "NEW-ZH/first-complaint.docx",
        "NEW-ZH/first-complaint.txt",
    ]
    assert {name: row["status"] for name, row in rows.items()} == {
        "a-new-zh.yaml": "ok",
        "b-new-en.yml": "ok",
        "c-waiting.yaml": "skipped",
        "d-chase.yaml": "ok",
        "e-escalate.yaml": "ok",
        "f-closed.yaml": "skipped",
        "g-bad-yaml.yaml": "failed",
        "h-unsafe-id.yaml": "failed",
    }
    assert rows["c-waiting.yaml"]["note"] == "follow-up due on 2026-12-04 (no reply to the complaint)"
    assert rows["f-closed.yaml"]["note"].startswith("closed: satisfactory reply on 2026-10-10")
    assert "g-bad-yaml.yaml:3: YAML syntax error" in rows["g-bad-yaml.yaml"]["error"]
    assert "case_id" in rows["h-unsafe-id.yaml"]["error"]
    assert rows["d-chase.yaml"]["stage"] == "follow-up"
    assert "follow-up: 李雷 v 示例钱包公司" in docx_text(out / "CHASE" / "follow-up.docx")
    assert (out / "NEW-EN" / "first-complaint.txt").read_text(encoding="utf-8") == "first-complaint NEW-EN 25 November 2026\n"
    assert "Made 8 file(s) for 4 case(s), skipped 2, failed 2" in result.output
    assert "Error: " in result.output and "g-bad-yaml.yaml:3: YAML syntax error" in result.output


def test_rerun_rewrites_nothing_and_reports_existing_letters(cases: Path, templates: Path, tmp_path: Path) -> None:
    options = BatchOptions(due=True, on=dt.date(2026, 11, 25), out=str(tmp_path / "out"), template_dirs=(str(templates),))
    run_batch([cases], options, jobs=1)
    letter = tmp_path / "out" / "NEW-ZH" / "first-complaint.docx"
    before = letter.stat().st_mtime_ns
    summary = run_batch([cases], options, jobs=1, manifest=tmp_path / "again.json")
    rows = {Path(r["file"]).name: r for r in json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))}
    assert letter.stat().st_mtime_ns == before
    assert (summary.made, summary.letters, summary.failed) == (0, 0, 2)
    assert rows["a-new-zh.yaml"]["status"] == "skipped"
    assert rows["a-new-zh.yaml"]["note"] == "exists"
    assert rows["a-new-zh.yaml"]["outputs"] == []


def test_rerun_completes_a_partly_written_case(cases: Path, templates: Path, tmp_path: Path) -> None:
    options = BatchOptions(stage="first-complaint", on=dt.date(2026, 11, 25), out=str(tmp_path / "out"), template_dirs=(str(templates),))
    run_batch([cases / "a-new-zh.yaml"], options, jobs=1)
    (tmp_path / "out" / "NEW-ZH" / "first-complaint.txt").unlink()
    summary = run_batch([cases / "a-new-zh.yaml"], options, jobs=1)
    assert (summary.made, summary.letters) == (1, 1)
    assert (tmp_path / "out" / "NEW-ZH" / "first-complaint.txt").exists()


def test_force_replaces_existing_letters(cases: Path, templates: Path, tmp_path: Path) -> None:
    options = BatchOptions(stage="first-complaint", on=dt.date(2026, 11, 25), out=str(tmp_path / "out"), template_dirs=(str(templates),))
    run_batch([cases / "b-new-en.yml"], options, jobs=1)
    forced = BatchOptions(**{**options.__dict__, "force": True})
    summary = run_batch([cases / "b-new-en.yml"], forced, jobs=1)
    assert (summary.made, summary.letters) == (1, 2)


def test_stage_with_unmet_prerequisites_is_skipped_with_the_reason(cases: Path, templates: Path, tmp_path: Path) -> None:
    seen = []
    options = BatchOptions(
        stage="consumer-association", on=dt.date(2026, 11, 25), out=str(tmp_path / "out"), template_dirs=(str(templates),)
    )
    summary = run_batch([cases / "a-new-zh.yaml"], options, jobs=1, on_result=seen.append)
    assert (summary.skipped, summary.failed) == (1, 0)
    with pytest.raises(StageError) as expected:
        check_stage(load_case(cases / "a-new-zh.yaml").case, "consumer-association", str(cases / "a-new-zh.yaml"))
    assert seen[0].note == expected.value.reason
    assert seen[0].status == "skipped" and seen[0].stage == "consumer-association"


def test_output_is_identical_whatever_the_number_of_jobs(cases: Path, templates: Path, tmp_path: Path) -> None:
    def produce(jobs: int) -> tuple[dict[str, bytes], list[tuple]]:
        out = tmp_path / f"out{jobs}"
        options = BatchOptions(due=True, on=dt.date(2026, 11, 25), out=str(out), formats=("txt",), template_dirs=(str(templates),))
        seen: list = []
        run_batch([cases], options, jobs=jobs, on_result=seen.append)
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        rows = [(r.file, r.status, r.stage, [Path(o).relative_to(out).as_posix() for o in r.outputs], r.note) for r in seen]
        return files, rows

    assert produce(1) == produce(2)


def test_a_template_error_fails_only_its_cases(cases: Path, templates: Path, tmp_path: Path) -> None:
    (templates / "first-complaint.en.txt").write_text("{{ no_such_thing }}\n", encoding="utf-8")
    options = BatchOptions(
        stage="first-complaint", on=dt.date(2026, 11, 25), out=str(tmp_path / "out"), formats=("txt",), template_dirs=(str(templates),)
    )
    seen: list = []
    run_batch([cases / "a-new-zh.yaml", cases / "b-new-en.yml"], options, jobs=1, on_result=seen.append)
    assert [r.status for r in seen] == ["ok", "failed"]
    assert "no_such_thing" in seen[1].error


def test_case_files_are_found_recursively_in_a_stable_order(cases: Path) -> None:
    names = [p.relative_to(cases).as_posix() for p in iter_case_files([cases])]
    assert names == sorted(names, key=lambda n: n.split("/")) and "sub/d-chase.yaml" in names
    assert "notes.md" not in names


def test_missing_path_is_a_failed_row(cli, templates: Path, tmp_path: Path) -> None:
    result = cli("batch", tmp_path / "nope.yaml", "--stage", "first-complaint", "--out", tmp_path / "out", "--templates", templates)
    assert result.exit_code == 1
    assert "nope.yaml: no such file" in result.output


def test_batch_needs_exactly_one_of_stage_or_due(cli, cases: Path) -> None:
    result = cli("batch", cases)
    assert result.exit_code == 2
    assert "give exactly one of --stage S or --due" in result.output


@pytest.mark.slow
def test_an_interrupted_batch_leaves_no_partial_files_and_a_rerun_completes_it(cases: Path, templates: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = BatchOptions(due=True, on=dt.date(2026, 11, 25), out=str(out), template_dirs=(str(templates),))

    def interrupt(result: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([cases], options, jobs=2, manifest=tmp_path / "m.csv", on_result=interrupt)
    leftovers = [p.name for p in tmp_path.rglob("*.part")]
    summary = run_batch([cases], options, jobs=2)
    letters = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert leftovers == []
    assert not (tmp_path / "m.csv").exists()
    assert len(letters) == 8 and summary.failed == 2
    assert all(not name.endswith(".part") for name in letters)


def test_only_a_folder_the_batch_makes_itself_skips_the_checks(tmp_path: Path) -> None:
    from letters.errors import OutputError
    from letters.output import new_case_folder

    out = tmp_path / "out"
    out.mkdir()
    (out / "OLD").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "LINKED").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "a-file").write_text("x")

    made = new_case_folder(out, "NEW-1")
    refused = [
        new_case_folder(out, "OLD"),
        new_case_folder(out, "LINKED"),
        new_case_folder(tmp_path / "a-file", "X"),
        new_case_folder(tmp_path / "missing", "X"),
    ]
    with pytest.raises(OutputError) as bad_id:
        new_case_folder(out, "../escape")

    assert made == (out / "NEW-1").resolve() and made.is_dir() and not made.is_symlink()
    assert refused == [None, None, None, None]
    assert "cannot name an output folder" in str(bad_id.value)
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_case_folder_linked_out_of_the_output_is_refused_on_the_checked_way(cases: Path, templates: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    first = load_case(next(iter_case_files([cases]))).case.case_id
    (out / first).symlink_to(tmp_path / "elsewhere")
    options = BatchOptions(
        stage="first-complaint", on=dt.date.fromisoformat(ON), out=str(out), formats=("docx", "txt"), template_dirs=(str(templates),)
    )

    plain = run_batch([cases], BatchOptions(**{**options.__dict__, "out": str(tmp_path / "plain")}), jobs=1)

    rows = []
    summary = run_batch([cases], options, jobs=1, on_result=rows.append)

    linked = next(row for row in rows if row.case_id == first)
    assert linked.status == "failed" and "outside the output folder" in linked.error
    assert (summary.failed, summary.made) == (plain.failed + 1, plain.made - 1)
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_batch_flushes_the_file_system_of_its_output_folder_once_and_only_when_it_wrote(tmp_path, templates, monkeypatch):
    """One flush at the end, of the output folder's own file system (``syncfs`` on Linux), not
    an fsync per letter; a batch that wrote nothing flushes nothing."""
    import letters.batch.run
    from letters import fsio

    flushed: list[str] = []
    monkeypatch.setattr(letters.batch.run, "sync_filesystem", lambda folder: flushed.append(str(folder)))
    write_case(tmp_path / "cases" / "a.yaml", case_dict(case_id="A-1"))
    write_case(tmp_path / "cases" / "b.yaml", case_dict(case_id="B-1"))
    options = BatchOptions(
        stage="first-complaint", on=dt.date.fromisoformat(ON), out=str(tmp_path / "out"), template_dirs=(str(templates),)
    )
    assert run_batch([tmp_path / "cases"], options, jobs=1).letters == 4
    assert flushed == [str(tmp_path / "out")]
    assert run_batch([tmp_path / "cases"], options, jobs=1).letters == 0  # all exist: nothing new to flush
    assert flushed == [str(tmp_path / "out")]

    calls: list[int] = []
    if fsio._syncfs() is not None:  # Linux: syncfs gets a descriptor of that very folder
        real = fsio._syncfs()
        monkeypatch.setattr(fsio, "_syncfs", lambda: lambda fd: calls.append(os.fstat(fd).st_ino) or real(fd))
        fsio.sync_filesystem(tmp_path / "out")
        assert calls == [os.stat(tmp_path / "out").st_ino]
    monkeypatch.setattr(fsio, "_syncfs", lambda: None)  # elsewhere: sync() for every file system
    synced: list[bool] = []
    monkeypatch.setattr(os, "sync", lambda: synced.append(True), raising=False)
    fsio.sync_filesystem(tmp_path / "out")
    assert synced == [True]


def test_only_a_batch_without_pdfs_holds_the_render_cap_and_gives_the_limit_back(tmp_path, templates, monkeypatch):
    """One cap for every render of a --jobs 1 batch; none held when PDFs are made (the
    converters' LibreOffice, started from threads of this process, must not inherit it)."""
    import resource

    import letters.batch.pool as pool
    from letters.batch.case import CaseResult
    from letters.render import env

    held: list[bool] = []
    real = pool.process_case
    monkeypatch.setattr(
        pool, "process_case", lambda path, options, search=None: held.append(env._HELD_CAP[0]) or real(path, options, search)
    )
    caps: list[int] = []
    real_cap = env._cap_address_space
    monkeypatch.setattr(env, "_cap_address_space", lambda: caps.append(1) or real_cap())
    before = resource.getrlimit(resource.RLIMIT_AS)
    for name in ("a", "b", "c"):
        write_case(tmp_path / "cases" / f"{name}.yaml", case_dict(case_id=name.upper() + "-1"))
    options = BatchOptions(
        stage="first-complaint", on=dt.date.fromisoformat(ON), out=str(tmp_path / "out"), template_dirs=(str(templates),)
    )
    assert run_batch([tmp_path / "cases"], options, jobs=1).letters == 6
    assert held == [True, True, True] and len(caps) == 1
    assert resource.getrlimit(resource.RLIMIT_AS) == before and env._HELD_CAP == [False]

    held.clear()
    monkeypatch.setattr(pool, "process_case", lambda path, options, search=None: held.append(env._HELD_CAP[0]) or CaseResult(str(path)))
    with_pdf = BatchOptions(stage="first-complaint", formats=("pdf",), out=str(tmp_path / "pdf"), template_dirs=(str(templates),))
    assert len(list(pool.case_results(sorted((tmp_path / "cases").iterdir()), with_pdf, 1))) == 3
    assert held == [False, False, False]


def test_each_worker_of_a_pool_holds_the_render_cap_for_its_life(tmp_path, templates, monkeypatch):
    import letters.batch.pool as pool
    from letters.render import env

    real = pool.process_case

    def noting(path, options, search=None):
        result = real(path, options, search)
        result.note = f"held={env._HELD_CAP[0]}"
        return result

    monkeypatch.setattr(pool, "process_case", noting)  # the workers are forked from this process
    for name in ("a", "b", "c", "d"):
        write_case(tmp_path / "cases" / f"{name}.yaml", case_dict(case_id=name.upper() + "-1"))
    options = BatchOptions(
        stage="first-complaint", on=dt.date.fromisoformat(ON), out=str(tmp_path / "out"), template_dirs=(str(templates),)
    )
    notes: list[str] = []
    run_batch([tmp_path / "cases"], options, jobs=2, on_result=lambda result: notes.append(result.note))
    assert notes == ["held=True"] * 4
    assert env._HELD_CAP == [False]  # the parent holds none


def test_a_batch_sets_what_the_process_held_apart_from_the_collector_and_gives_it_back(
    cases: Path, templates: Path, tmp_path: Path
) -> None:
    """gc.freeze for the batch (full collections skip the modules and templates), undone at its end, also when it fails."""
    import gc

    before = gc.get_freeze_count()
    during: list[int] = []
    options = BatchOptions(stage="first-complaint", on=dt.date(2026, 11, 25), out=str(tmp_path / "out"), template_dirs=(str(templates),))
    summary = run_batch([cases], options, jobs=1, on_start=lambda _n: during.append(gc.get_freeze_count()))
    assert summary.made > 0 and during[0] > 1000
    assert gc.get_freeze_count() == before

    def stop(_n: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([cases], options, jobs=1, on_start=stop)
    assert gc.get_freeze_count() == before
