"""``letters batch --shard I/N``, ``--manifest -`` and ``letters manifest merge``: the shards of a
folder partition it, and their merged manifests are the manifest of one run over it."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.batch import ELSEWHERE, BatchOptions, run_batch
from letters.manifest import merge_manifests, parse_shard, read_manifest, shard_of, written_case_id
from tests.builders import case_dict, run_cli, write_case, write_templates

ON = "2026-11-25"

#: Case files a folder may hold: valid ones with ids written every way YAML allows, and broken ones.
KINDS = st.sampled_from(["plain", "quoted", "single", "comment", "flow", "broken-yaml", "invalid", "empty", "no-id"])


def _case_text(kind: str, n: int) -> str:
    data = case_dict("en", case_id=f"C-{n}")
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    line = f"case_id: C-{n}\n"
    if kind == "quoted":
        return text.replace(line, f'case_id: "C-{n}"\n')
    if kind == "single":
        return text.replace(line, f"case_id: 'C-{n}'\n")
    if kind == "comment":
        return text.replace(line, f"case_id: C-{n}   # the id\n")
    if kind == "flow":  # no case_id: line at all: the shard is decided by the parsed case
        return json.dumps(data, ensure_ascii=False)
    if kind == "broken-yaml":
        return f"version: 1\ncase_id: C-{n}\nincidents: [unclosed\n"
    if kind == "invalid":
        return text.replace("version: 1\n", "version: 1\nbogus_key: 1\n", 1)
    if kind == "empty":
        return ""
    if kind == "no-id":
        return "version: 1\nlanguage: en\n"
    return text


def _folder(root: Path, kinds: list[str]) -> Path:
    cases = root / "cases"
    for n, kind in enumerate(kinds):
        write_case(cases / ("sub" if n % 3 == 2 else ""), _case_text(kind, n), name=f"c{n:02d}-{kind}.yaml")
    return cases


def _run(cases: Path, out: Path, templates: Path, shard: tuple[int, int] | None) -> list[dict]:
    stream = io.StringIO()
    options = BatchOptions(
        stage="first-complaint", on=dt.date(2026, 11, 25), out=str(out), formats=("txt",), template_dirs=(str(templates),), shard=shard
    )
    run_batch([cases], options, jobs=1, manifest=stream)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(KINDS, min_size=1, max_size=9), count=st.integers(min_value=1, max_value=6))
def test_shards_partition_a_folder_and_merge_into_one_runs_manifest(
    tmp_path_factory: pytest.TempPathFactory, kinds: list[str], count: int
) -> None:
    root = tmp_path_factory.mktemp("shards")
    cases, templates, out = _folder(root, kinds), write_templates(root / "tpl"), root / "out"
    single = _run(cases, out, templates, None)
    shutil.rmtree(out, ignore_errors=True)
    shards = [_run(cases, out, templates, (index, count)) for index in range(count)]
    files = [row["file"] for rows in shards for row in rows]
    assert sorted(files) == sorted(row["file"] for row in single)  # every case file in exactly one shard
    assert len(files) == len(set(files))
    assert merge_manifests([(f"shard-{i}", rows) for i, rows in enumerate(shards)]) == single
    assert [row["status"] for row in single].count("ok") == kinds.count("plain") + sum(
        kinds.count(k) for k in ("quoted", "single", "comment", "flow")
    )


def test_two_files_with_one_case_id_land_in_the_same_shard_however_it_is_written(tmp_path: Path) -> None:
    """So the duplicate check of one shard still sees both (the second file fails, as in one run)."""
    cases = tmp_path / "cases"
    write_case(cases, _case_text("plain", 7), name="a.yaml")
    write_case(cases, _case_text("flow", 7), name="b.yaml")
    templates = write_templates(tmp_path / "tpl")
    for index in range(3):
        rows = _run(cases, tmp_path / f"out{index}", templates, (index, 3))
        assert len(rows) in (0, 2)
        if rows:
            assert [r["status"] for r in rows] == ["ok", "failed"] and "also the case_id of" in rows[1]["error"]


def test_a_case_of_another_shard_is_reported_as_elsewhere_and_in_no_count(tmp_path: Path) -> None:
    cases = _folder(tmp_path, ["plain"] * 6)
    templates = write_templates(tmp_path / "tpl")
    seen: list[str] = []
    options = BatchOptions(stage="first-complaint", on=dt.date(2026, 11, 25), out=str(tmp_path / "out"), formats=("txt",))
    options = BatchOptions(**{**options.__dict__, "template_dirs": (str(templates),), "shard": (0, 2)})
    summary = run_batch([cases], options, jobs=1, on_result=lambda r: seen.append(r.status))
    mine = sum(1 for n in range(6) if shard_of(f"C-{n}", 2) == 0)
    assert (summary.made, seen.count(ELSEWHERE), len(seen)) == (mine, 6 - mine, 6)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"C-{n}" for n in range(6) if shard_of(f"C-{n}", 2) == 0)


def test_the_shard_hash_is_stable_and_documented() -> None:
    """SHA-256 of the UTF-8 case_id, first 8 bytes big-endian, modulo N: the same on any machine."""
    import hashlib

    assert shard_of("BP-2026-0042", 1) == 0
    assert shard_of("BP-2026-0042", 7) == int.from_bytes(hashlib.sha256(b"BP-2026-0042").digest()[:8], "big") % 7
    assert [shard_of(f"C-{n}", 4) for n in range(8)] == [shard_of(f"C-{n}", 4) for n in range(8)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"version: 1\ncase_id: BP-1\n", "BP-1"),
        (b'case_id: "BP-1"  # mine\n', "BP-1"),
        (b"\xef\xbb\xbfcase_id: 'BP-1'\r\n", "BP-1"),
        (b"case_id: BP-1\n  continued\n", None),  # a plain value over two lines: parsed instead
        (b"case_id: &a BP-1\n", None),
        (b"a:\n  case_id: X\ncase_id: Y\n", "Y"),
        (b'case_id: Y\n"case_id": Z\n', None),
        (b"{case_id: X}\n", None),
    ],
)
def test_the_case_id_is_read_from_its_line_only_when_that_line_says_it_alone(text: bytes, expected: str | None) -> None:
    assert written_case_id(text) == expected


@pytest.mark.parametrize("value", ["0/1", "0/4", "3/4", " 2 / 3 "])
def test_a_shard_counts_from_zero(value: str) -> None:
    index, count = parse_shard(value)
    assert 0 <= index < count


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("4/4", "Error: Invalid value for '--shard': --shard 4/4: I counts from 0 and must be below N"),
        ("1/0", "Error: Invalid value for '--shard': --shard 1/0: I counts from 0 and must be below N"),
        ("1", "Error: Invalid value for '--shard': --shard takes I/N, e.g. 0/4 (shard I of N, counted from 0), not '1'"),
        ("-1/4", "Error: Invalid value for '--shard': --shard takes I/N"),
    ],
)
def test_a_bad_shard_is_a_usage_error_before_anything_is_made(tmp_path: Path, value: str, message: str) -> None:
    write_case(tmp_path / "cases", case_dict("en"))
    result = run_cli("batch", tmp_path / "cases", "--stage", "first-complaint", "--out", tmp_path / "out", "--shard", value)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_shards_on_the_command_line_merge_into_the_single_runs_csv(tmp_path: Path) -> None:
    """``--manifest -`` writes JSON lines to standard output (the summary goes to standard error)."""
    cases = _folder(tmp_path, ["plain", "quoted", "broken-yaml", "plain", "invalid", "plain", "flow"])
    common = ("--stage", "first-complaint", "--on", ON, "--format", "txt", "--jobs", "1", "--out", tmp_path / "out")
    single = run_cli("batch", cases, *common, "--manifest", tmp_path / "single.csv")
    assert single.exit_code == 1
    shutil.rmtree(tmp_path / "out")
    names = []
    for index in range(3):
        result = run_cli("batch", cases, *common, "--shard", f"{index}/3", "--manifest", "-")
        assert "Made " in result.stderr and "Made " not in result.stdout
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert all(set(row) == {"file", "case_id", "stage", "status", "outputs", "error", "note", "warnings"} for row in lines)
        names.append(tmp_path / f"shard-{index}.jsonl")
        names[-1].write_text(result.stdout, encoding="utf-8")
    merged = run_cli("manifest", "merge", *names, "-o", tmp_path / "merged.csv")
    assert merged.exit_code == 0, merged.output
    assert (tmp_path / "merged.csv").read_bytes() == (tmp_path / "single.csv").read_bytes()
    again = run_cli("manifest", "merge", tmp_path / "single.csv", "-o", "-")
    assert [json.loads(line) for line in again.stdout.splitlines()] == read_manifest("x", (tmp_path / "single.csv").open(encoding="utf-8"))


def test_merge_refuses_a_case_file_in_two_manifests(tmp_path: Path) -> None:
    cases = _folder(tmp_path, ["plain", "plain"])
    run_cli("batch", cases, "--stage", "first-complaint", "--on", ON, "--out", tmp_path / "out", "--manifest", tmp_path / "a.json")
    result = run_cli("manifest", "merge", tmp_path / "a.json", tmp_path / "a.json", "-o", tmp_path / "m.csv")
    assert result.exit_code == 1
    first = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))[0]["file"]
    assert result.stderr == (
        f"Error: {tmp_path / 'a.json'}: {first} is in {tmp_path / 'a.json'} too; the shards of one batch never share a case file "
        "(merge each shard's manifest once)\n"
    )
    assert not (tmp_path / "m.csv").exists()


def test_merge_refuses_what_is_not_a_manifest_and_never_writes_over_a_case_file(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    before = case.read_bytes()
    result = run_cli("manifest", "merge", case, "-o", tmp_path / "m.csv")
    assert result.exit_code == 1 and f"Error: {case}: is not a manifest letters wrote" in result.stderr
    (tmp_path / "m.jsonl").write_text("", encoding="utf-8")
    result = run_cli("manifest", "merge", tmp_path / "m.jsonl", "-o", case)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {case}: -o names a case file (.yaml/.yml); a manifest is .csv, .json or .jsonl (choose another name)\n"
    )
    assert case.read_bytes() == before
