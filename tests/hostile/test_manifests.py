"""Batch manifests: never written over a case file or anything that is not a manifest, no
formula reaches a spreadsheet from a CSV cell (JSON stays exact), every row names its case,
and the warnings `generate` prints are in the batch's too."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.manifest import read_manifest
from tests.builders import case_dict, write_case
from tests.hostile.support import ON, Row, error_lines, generate, one_error, run, snapshot

ROWS = [
    Row(
        "manifest-yaml-name",
        "`batch --stage first-complaint --manifest cases/a.yaml cases/b.yaml` (a shell's `--manifest cases/*.yaml`; a.yaml not in the batch)",
        "`cases/a.yaml: --manifest names a case file (.yaml/.yml); a manifest is .csv, .json or .jsonl …`, exit 1, before any letter; a.yaml unchanged",
    ),
    Row("manifest-yml-new", "`--manifest new.YML` (no such file yet)", "refused the same way: a .yaml/.yml name is a case file's"),
    Row(
        "manifest-over-other-file",
        "`--manifest notes.csv`, an existing file letters did not write (a spreadsheet, notes)",
        "`notes.csv: --manifest exists and is not a manifest letters wrote; not replaced …`, before any letter; the file unchanged",
    ),
    Row("manifest-over-fifo", "`--manifest` naming a FIFO", "refused the same way, at once (the FIFO is never opened for writing)"),
    Row(
        "manifest-over-own-manifest",
        "a rerun with the same `--manifest` (CSV, JSON, JSON lines) or an empty file of that name",
        "replaced: a manifest letters wrote is the one file a manifest may replace",
    ),
    Row(
        "manifest-formula-cells",
        "case files named `=HYPERLINK(…).yaml`, `@SUM(A1).yaml`, `+1.yaml`, `-2.yaml` (cells starting with a formula character)",
        "every CSV cell that starts with `=`, `+`, `-`, `@`, TAB, CR, NUL or `'` gets a leading `'` (OWASP); the JSON manifest keeps the names exactly",
    ),
    Row(
        "manifest-batch-warnings",
        "`batch` without `--strict` over a case with abusive wording and a value cut at `#`",
        "the same `Warning:` lines as `generate`, on stderr and in the manifest's `warnings` column; exit 0",
    ),
    Row(
        "manifest-failed-case-id",
        "a case that fails to validate (an unknown key) in a batch",
        "its failed row has the `case_id` its `case_id:` line writes (it was empty)",
    ),
]

BATCH = ("--stage", "first-complaint", "--on", ON, "--jobs", "1")


def _cases(folder: Path) -> tuple[Path, Path]:
    a = write_case(folder, case_dict("en"), name="a.yaml")
    b = write_case(folder, case_dict("en", case_id="T-EN-2"), name="b.yaml")
    return a, b


@pytest.mark.parametrize("name", ["a.yaml", "new.YML"], ids=["manifest-yaml-name", "manifest-yml-new"])
def test_a_yaml_manifest_name_is_refused_before_any_letter(tmp_path: Path, name: str) -> None:
    a, b = _cases(tmp_path / "cases")
    target = tmp_path / "cases" / name
    before = snapshot(tmp_path)
    line = one_error(run("batch", *BATCH, "--out", tmp_path / "out", "--manifest", target, b))
    assert line == (
        f"Error: {target}: --manifest names a case file (.yaml/.yml); a manifest is .csv, .json or .jsonl (choose another name)"
    )
    assert snapshot(tmp_path) == before and not (tmp_path / "out").exists()


def test_a_file_that_is_not_a_manifest_is_never_replaced(tmp_path: Path) -> None:
    _a, b = _cases(tmp_path / "cases")
    notes = tmp_path / "notes.csv"
    notes.write_text("name,amount\nmy own,=1+1\n", encoding="utf-8")
    before = snapshot(tmp_path)
    line = one_error(run("batch", b, *BATCH, "--out", tmp_path / "out", "--manifest", notes, "--force"))
    assert line == (
        f"Error: {notes}: --manifest exists and is not a manifest letters wrote; not replaced (choose another name, or move it away first)"
    )
    assert snapshot(tmp_path) == before and not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_manifest_is_refused_without_blocking(tmp_path: Path) -> None:
    _a, b = _cases(tmp_path / "cases")
    fifo = tmp_path / "m.csv"
    os.mkfifo(fifo)
    line = one_error(run("batch", b, *BATCH, "--out", tmp_path / "out", "--manifest", fifo))
    assert line.endswith("--manifest exists and is not a manifest letters wrote; not replaced (choose another name, or move it away first)")


@pytest.mark.parametrize("name", ["m.csv", "m.json", "m.jsonl", "empty.csv"])
def test_a_manifest_letters_wrote_is_replaced_on_a_rerun(tmp_path: Path, name: str) -> None:
    _a, b = _cases(tmp_path / "cases")
    target = tmp_path / name
    if name.startswith("empty"):
        target.write_bytes(b"")
    else:
        assert run("batch", b, *BATCH, "--out", tmp_path / "out", "--manifest", target).exit_code == 0
    again = run("batch", b, *BATCH, "--out", tmp_path / "out", "--manifest", target)
    assert again.exit_code == 0, again.output
    (row,) = read_manifest(name, target.open(encoding="utf-8", newline=""))
    assert row["case_id"] == "T-EN-2" and row["note"] in ("exists", "")


FORMULA_NAMES = ['=HYPERLINK("x.example","y").yaml', "@SUM(A1).yaml", "+1.yaml", "-2.yaml", "'q.yaml"]


def test_formula_cells_are_neutralised_in_csv_and_exact_in_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for n, name in enumerate(FORMULA_NAMES):
        write_case(tmp_path, case_dict("en", case_id=f"F-{n}"), name=name)
    names = [Path(name) for name in FORMULA_NAMES]
    assert run("batch", *BATCH, "--out", "out", "--format", "txt", "--manifest", "m.csv", "--", *names).exit_code == 0
    assert run("batch", *BATCH, "--out", "out2", "--format", "txt", "--manifest", "m.json", "--", *names).exit_code == 0
    cells = [row[0] for row in csv.reader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8")))][1:]
    assert cells == ["'" + name for name in FORMULA_NAMES]
    assert [row["file"] for row in json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))] == FORMULA_NAMES
    assert [row["file"] for row in read_manifest("m.csv", (tmp_path / "m.csv").open(encoding="utf-8", newline=""))] == FORMULA_NAMES


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\0", "'", "a", "1", ",", '"', "\n", ";", "中", " "]), max_size=12))
def test_fuzz_no_csv_cell_starts_a_formula_and_every_value_comes_back(value: str) -> None:
    from letters.manifest import csv_line

    row = {"file": value, "case_id": "X", "stage": "", "status": "failed", "outputs": [], "error": value, "note": value, "warnings": []}
    line = csv_line(row)
    cells = next(csv.reader(io.StringIO(line, newline="")))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\0")) for cell in cells)
    text = csv_line(None) + line
    (back,) = read_manifest("m.csv", io.StringIO(text, newline=""))
    assert (back["file"], back["error"], back["note"]) == (value, value, value)


def test_batch_shows_the_text_warnings_generate_shows(tmp_path: Path) -> None:
    data = case_dict("en")
    data["incidents"][0]["summary"] = "The agent was a complete idiot and closed my ticket."
    case = write_case(tmp_path / "cases", data)
    case.write_text(case.read_text(encoding="utf-8").replace("reference: T-9", "reference: Ticket #88211"), encoding="utf-8")
    alone = generate(case, tmp_path / "one", "--format", "txt")
    warnings = [line for line in alone.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == 2 and alone.exit_code == 0
    result = run("batch", case, *BATCH, "--out", tmp_path / "out", "--format", "txt", "--manifest", tmp_path / "m.json")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if line.startswith("Warning: ")] == warnings
    (row,) = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert ["Warning: " + w for w in row["warnings"]] == warnings


def test_a_failed_row_names_its_case_id(tmp_path: Path) -> None:
    case = write_case(tmp_path / "cases", case_dict("en", case_id="BROKEN-7"))
    case.write_text(case.read_text(encoding="utf-8").replace("version: 1\n", "version: 1\nbogus: 1\n"), encoding="utf-8")
    result = run("batch", case, *BATCH, "--out", tmp_path / "out", "--manifest", tmp_path / "m.json")
    assert error_lines(result)
    (row,) = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert (row["status"], row["case_id"]) == ("failed", "BROKEN-7")
