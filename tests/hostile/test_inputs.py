"""Outputs never over inputs: a manifest, a letter or a PDF is never written over a case
file, an evidence file or a template, with or without --force (the refusal names both),
and two case files with one case_id in a batch are an error for the second file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import case_dict, write_case, write_templates
from tests.hostile.support import ON, Row, error_lines, generate, one_error, run, snapshot

ROWS = [
    Row(
        "manifest-over-case",
        "`batch … --manifest cases/a.yaml cases/b.yaml` (a shell's `--manifest cases/*.yaml`)",
        "`cases/a.yaml: --manifest is the case file cases/a.yaml; …`; nothing written, the case file unchanged",
    ),
    Row(
        "manifest-over-case-link",
        "`--manifest` a symbolic link to a case file of the batch",
        "refused the same way; the case file unchanged",
    ),
    Row(
        "manifest-over-case-hardlink",
        "`--manifest` a second (hard-linked) name of a case file",
        "refused the same way (same device and inode)",
    ),
    Row(
        "manifest-over-evidence",
        "`--manifest cases/chat.png` (an evidence file of a case in the batch)",
        "`--manifest exists and is not a manifest letters wrote; not replaced …`, before any letter is made; the evidence unchanged",
    ),
    Row("manifest-over-template", "`--manifest` naming a template in a `--templates` folder", "`… is the template …`; nothing written"),
    Row(
        "manifest-over-letter",
        "`--manifest OUT/<case_id>/first-complaint.txt`, a letter the batch writes",
        "`… is a letter this batch wrote …`; the letter kept",
    ),
    Row(
        "letter-over-case",
        "`generate OUT/T-EN-1/first-complaint.txt --out OUT --force` (the case file where its letter goes)",
        "`… is the case file …; an output is never written over an input`; the case file unchanged",
    ),
    Row(
        "letter-over-evidence",
        "an evidence file at `OUT/<case_id>/first-complaint.txt`, `--force`",
        "`… is the evidence file …`; the evidence unchanged",
    ),
    Row(
        "batch-letter-over-case",
        "`batch` with a case file named `first-complaint.txt` inside its own output folder, `--force`",
        "that case fails with `… is the case file …`; the other cases are written",
    ),
    Row(
        "batch-pdf-over-evidence",
        "`batch --format pdf --force` with an evidence file at `OUT/<case_id>/first-complaint.pdf`",
        "that case fails with `… is the evidence file …`, before LibreOffice runs; the evidence unchanged",
    ),
    Row(
        "duplicate-case-id",
        "two case files with the same `case_id` in one `batch`",
        "the second file fails: `case_id: T-EN-1 is also the case_id of …`; the first file's letters are written",
    ),
    Row("duplicate-case-id-force", "the same with `--force`", "the same: the second never replaces the first's letters"),
    Row(
        "duplicate-case-id-three",
        "three files sharing a `case_id` among other cases",
        "the second and third fail, each naming the first; the rest are written",
    ),
]

BATCH = ("--stage", "first-complaint", "--on", ON, "--jobs", "1")


def _two_cases(folder: Path) -> tuple[Path, Path]:
    a = write_case(folder, case_dict("en"), name="a.yaml")
    b = write_case(folder, case_dict("en", case_id="T-EN-2"), name="b.yaml")
    return a, b


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["manifest-over-case", "manifest-over-case-force"])
def test_a_manifest_is_never_written_over_a_case_file(tmp_path: Path, force: tuple[str, ...]) -> None:
    a, b = _two_cases(tmp_path / "cases")
    before = snapshot(tmp_path)
    line = one_error(run("batch", tmp_path / "cases", *BATCH, "--out", tmp_path / "out", "--manifest", a, b, *force))
    assert line == f"Error: {a}: --manifest is the case file {a}; an output is never written over an input (choose another name or folder)"
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", ["symlink", "hardlink"], ids=["manifest-over-case-link", "manifest-over-case-hardlink"])
def test_a_second_name_for_a_case_file_is_the_case_file(tmp_path: Path, kind: str) -> None:
    a, _ = _two_cases(tmp_path / "cases")
    other = tmp_path / "manifest.csv"
    if kind == "symlink":
        other.symlink_to(a)
    else:
        other.hardlink_to(a)
    before = a.read_bytes()
    lines = error_lines(run("batch", tmp_path / "cases", *BATCH, "--out", tmp_path / "out", "--manifest", other))
    assert lines == [
        f"Error: {other}: --manifest is the case file {a}; an output is never written over an input (choose another name or folder)"
    ]
    assert a.read_bytes() == before and not (tmp_path / "out").exists()


def test_a_manifest_is_never_written_over_evidence(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    (cases / "chat.png").parent.mkdir(parents=True)
    (cases / "chat.png").write_bytes(b"\x89PNG picture")
    data = case_dict("en")
    data["evidence"][0]["file"] = "chat.png"
    write_case(cases, data, name="a.yaml")
    result = run("batch", cases, *BATCH, "--out", tmp_path / "out", "--manifest", cases / "chat.png")
    assert error_lines(result) == [
        f"Error: {cases / 'chat.png'}: --manifest exists and is not a manifest letters wrote; not replaced "
        "(choose another name, or move it away first)"
    ]
    assert (cases / "chat.png").read_bytes() == b"\x89PNG picture"
    assert not (tmp_path / "out").exists()  # refused before any letter is made
    assert not [p for p in cases.iterdir() if p.name.endswith(".part")]


def test_a_manifest_is_never_written_over_a_template(tmp_path: Path) -> None:
    _two_cases(tmp_path / "cases")
    templates = write_templates(tmp_path / "tpl")
    target = templates / "first-complaint.en.txt"
    before = snapshot(tmp_path)
    line = one_error(run("batch", tmp_path / "cases", *BATCH, "--out", tmp_path / "out", "--templates", templates, "--manifest", target))
    assert (
        line
        == f"Error: {target}: --manifest is the template {target}; an output is never written over an input (choose another name or folder)"
    )
    assert snapshot(tmp_path) == before


def test_a_manifest_is_never_written_over_a_letter_of_the_batch(tmp_path: Path) -> None:
    _two_cases(tmp_path / "cases")
    letter = (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").resolve()
    result = run("batch", tmp_path / "cases", *BATCH, "--out", tmp_path / "out", "--manifest", letter)
    assert (
        error_lines(result)[-1] == f"Error: {letter}: --manifest is a letter this batch wrote; not replaced (choose another name or folder)"
    )
    assert "Yours faithfully,\n\nTom Reader" in letter.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["case", "evidence"], ids=["letter-over-case", "letter-over-evidence"])
def test_a_letter_is_never_written_over_an_input(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    folder = out / "T-EN-1"
    data = case_dict("en")
    if kind == "case":
        case = write_case(folder, data, name="first-complaint.txt")
        victim, what = case, "case file"
    else:
        (folder / "first-complaint.txt").parent.mkdir(parents=True)
        (folder / "first-complaint.txt").write_bytes(b"my evidence")
        data["evidence"][0]["file"] = "first-complaint.txt"
        case = write_case(folder, data, name="case.yaml")
        victim, what = folder / "first-complaint.txt", "evidence file"
    before = snapshot(tmp_path)
    line = one_error(generate(case, out, "--force", "--format", "txt"))
    assert (
        line
        == f"Error: {victim.resolve()}: is the {what} {victim}; an output is never written over an input (choose another name or folder)"
    )
    assert snapshot(tmp_path) == before


def test_a_batch_letter_over_a_case_file_fails_that_case_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inside = write_case(out / "T-EN-1", case_dict("en"), name="first-complaint.txt")
    other = write_case(tmp_path / "cases", case_dict("en", case_id="T-EN-2"), name="b.yaml")
    before = inside.read_bytes()
    result = run("batch", inside, other, *BATCH, "--out", out, "--force", "--format", "txt")
    assert error_lines(result) == [
        f"Error: {inside}: is the case file {inside}; an output is never written over an input (choose another name or folder)"
    ]
    assert inside.read_bytes() == before
    assert (out / "T-EN-2" / "first-complaint.txt").exists()


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["duplicate-case-id", "duplicate-case-id-force"])
def test_a_duplicate_case_id_is_an_error_for_the_second_file(tmp_path: Path, force: tuple[str, ...]) -> None:
    cases = tmp_path / "cases"
    first = write_case(cases, case_dict("en"), name="a.yaml")
    data = case_dict("en")
    data["incidents"][0]["summary"] = "A different story entirely."
    second = write_case(cases, data, name="b.yaml")
    result = run("batch", cases, *BATCH, "--out", tmp_path / "out", "--manifest", tmp_path / "m.csv", *force)
    assert error_lines(result) == [
        f"Error: {second}:2: case_id: T-EN-1 is also the case_id of {first}; every case file needs its own "
        "(its letters go to OUT/T-EN-1/), so this one was not made"
    ]
    letter = (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").read_text(encoding="utf-8")
    assert "closed my ticket" in letter and "different story" not in letter
    rows = list(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")))
    assert [(r["file"], r["status"]) for r in rows] == [(str(first), "ok"), (str(second), "failed")]


def test_three_files_sharing_a_case_id(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    names = []
    for n, case_id in enumerate(["D-1", "X-1", "D-1", "X-2", "D-1"]):
        names.append(write_case(cases, case_dict("en", case_id=case_id), name=f"c{n}.yaml"))
    result = run("batch", cases, *BATCH, "--out", tmp_path / "out", "--force")
    assert error_lines(result) == [
        f"Error: {names[n]}:2: case_id: D-1 is also the case_id of {names[0]}; every case file needs its own "
        "(its letters go to OUT/D-1/), so this one was not made"
        for n in (2, 4)
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["D-1", "X-1", "X-2"]


IDS = st.sampled_from(["A-1", "A-2", "B-1"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=st.lists(IDS, min_size=1, max_size=6), force=st.booleans())
def test_fuzz_case_ids_one_letter_per_id_from_its_first_file(tmp_path_factory: pytest.TempPathFactory, ids: list[str], force: bool) -> None:
    """Any mix of shared case ids: each id's letter says what its first file says; every later file fails."""
    folder = tmp_path_factory.mktemp("ids")
    for n, case_id in enumerate(ids):
        data = case_dict("en", case_id=case_id)
        data["incidents"][0]["summary"] = f"Story number {n}."
        write_case(folder / "cases", data, name=f"c{n}.yaml")
    result = run("batch", folder / "cases", *BATCH, "--out", folder / "out", "--format", "txt", *(("--force",) if force else ()))
    firsts = {case_id: ids.index(case_id) for case_id in ids}
    assert result.exit_code == (1 if len(firsts) < len(ids) else 0), result.output
    for case_id, n in firsts.items():
        assert f"Story number {n}." in (folder / "out" / case_id / "first-complaint.txt").read_text(encoding="utf-8")
    assert result.stderr.count("is also the case_id of") == len(ids) - len(firsts)
    assert yaml.safe_load((folder / "cases" / "c0.yaml").read_text(encoding="utf-8"))["case_id"] == ids[0]


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_batch_pdf_is_never_written_over_evidence(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "T-EN-1"
    folder.mkdir(parents=True)
    (folder / "first-complaint.pdf").write_bytes(b"%PDF-1.4 my scanned receipt %%EOF")
    data = case_dict("en")
    data["evidence"][0]["file"] = "first-complaint.pdf"
    write_case(folder, data, name="case.yaml")
    result = run("batch", folder / "case.yaml", *BATCH, "--out", tmp_path / "out", "--format", "pdf", "--force")
    pdf = folder / "first-complaint.pdf"
    assert error_lines(result) == [
        f"Error: {folder / 'case.yaml'}: {pdf}: is the evidence file {pdf}; an output is never written over an input (choose another name or folder)"
    ]
    assert pdf.read_bytes() == b"%PDF-1.4 my scanned receipt %%EOF"
