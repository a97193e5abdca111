"""Names that are not UTF-8 (a case or evidence file named in GBK, as a Chinese Windows
archive unzips): everything letters prints or writes escapes each undecodable byte the
one agreed way, ``\\udcXX`` (letters.paths.ESCAPE), so stdout, stderr, CSV and JSON
manifests and ``status --json`` stay valid UTF-8, and JSON reads back as the real name."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.paths import ESCAPE, escaped
from tests.builders import case_dict, write_case
from tests.hostile.support import ON, Row

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes as a name")

GBK = "投诉".encode("gbk")  # b"\xcd\xb6\xcb\xdf": valid UTF-8 by chance for the first two bytes
BAD = "坏案".encode("gbk")  # b"\xbb\xb5\xb0\xb8": no UTF-8 at all

ROWS = [
    Row(
        "gbk-batch-csv",
        "a batch folder holding `坏案.yaml` saved with a GBK name, `--manifest m.csv`",
        "the manifest is valid UTF-8; the name written `\\udcbb\\udcb5\\udcb0\\udcb8.yaml`; no traceback",
    ),
    Row(
        "gbk-batch-json",
        "the same with `--manifest m.json`",
        "valid JSON in UTF-8; `json.load` then `os.fsencode` gives back the GBK bytes",
    ),
    Row("gbk-folder", "a GBK-named folder of cases", "the same escaping in every row and `Error:` line"),
    Row("gbk-status-json", "`letters status <GBK name> --json`", "valid UTF-8 JSON; the path reads back as the file's bytes"),
    Row(
        "gbk-validate",
        "`letters validate <GBK name>` (ok, and broken)",
        "`…\\udcbb\\udcb5\\udcb0\\udcb8.yaml: ok (…)` / `Error: …\\udcbb…:1: …` on stdout and stderr",
    ),
    Row("gbk-generate", "`letters generate <GBK name>`", "`Wrote …` lines; the letters written as always"),
    Row(
        "gbk-attachment",
        "an evidence file reached through a link whose target has a GBK name, `--format eml`",
        "attached as `E1-_udcbb_udcb5….png` (the escape, then `\\` made `_`)",
    ),
]


def _letters(*args: object, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "letters", *map(os.fsencode, map(str, args))],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def _gbk_cases(tmp_path: Path) -> tuple[Path, Path]:
    """``cases/<BAD>.yaml`` (valid) and ``cases/<GBK>/<BAD>-broken.yaml`` (version 2)."""
    cases = tmp_path / "cases"
    good = Path(os.fsdecode(bytes(cases) + b"/" + BAD + b".yaml"))
    write_case(good.parent, case_dict("en"), name=good.name)
    broken = Path(os.fsdecode(bytes(cases) + b"/" + GBK + b"/" + BAD + b"-broken.yaml"))
    broken.parent.mkdir(parents=True)
    broken.write_text("version: 3\n", encoding="utf-8")
    return good, broken


def test_a_csv_manifest_of_gbk_names_is_utf8(tmp_path: Path) -> None:
    good, broken = _gbk_cases(tmp_path)
    done = _letters(
        "batch", "cases", "--stage", "first-complaint", "--on", ON, "--out", "out", "--manifest", "m.csv", "--jobs", "1", cwd=tmp_path
    )
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    text = (tmp_path / "m.csv").read_bytes().decode("utf-8")  # valid UTF-8, or this raises
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["file"] for r in rows] == [escaped(str(broken.relative_to(tmp_path))), escaped(str(good.relative_to(tmp_path)))]
    assert rows[1]["file"] == "cases/\\udcbb\\udcb5\\udcb0\\udcb8.yaml" and rows[1]["status"] == "ok"
    stderr = done.stderr.decode("utf-8")
    assert stderr.startswith(
        f"Error: cases/{escaped(os.fsdecode(GBK))}/\\udcbb\\udcb5\\udcb0\\udcb8-broken.yaml:1: version: must be 1 or 2"
    )


def test_a_json_manifest_reads_back_as_the_real_names(tmp_path: Path) -> None:
    good, broken = _gbk_cases(tmp_path)
    done = _letters("batch", "cases", "--stage", "first-complaint", "--on", ON, "--out", "out", "--manifest", "m.json", cwd=tmp_path)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    rows = json.loads((tmp_path / "m.json").read_bytes().decode("utf-8"))
    assert [os.fsencode(r["file"]) for r in rows] == [bytes(broken.relative_to(tmp_path)), bytes(good.relative_to(tmp_path))]


def test_status_json_and_validate_and_generate_print_the_agreed_escape(tmp_path: Path) -> None:
    good, _ = _gbk_cases(tmp_path)
    relative = good.relative_to(tmp_path)
    status = _letters("status", relative, "--json", "--on", ON, cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert os.fsencode(json.loads(status.stdout.decode("utf-8"))[0]["path"]) == bytes(relative)
    validate = _letters("validate", relative, "--on", ON, cwd=tmp_path)
    assert validate.stdout.decode("utf-8").startswith("cases/\\udcbb\\udcb5\\udcb0\\udcb8.yaml: ok (T-EN-1, en;")
    generate = _letters("generate", relative, "--stage", "first-complaint", "--on", ON, "--out", "out", cwd=tmp_path)
    assert generate.returncode == 0 and generate.stdout.decode("utf-8").startswith("Wrote ")


def test_an_evidence_attachment_with_a_gbk_name(tmp_path: Path) -> None:
    real = Path(os.fsdecode(bytes(tmp_path) + b"/" + BAD + b".png"))
    real.write_bytes(b"picture")
    (tmp_path / "chat.png").symlink_to(real.name)
    data = case_dict("en")
    data["evidence"][0]["file"] = "chat.png"
    write_case(tmp_path, data)
    done = _letters("generate", "case.yaml", "--stage", "first-complaint", "--on", ON, "--out", "out", "--format", "eml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    import email
    from email import policy

    message = email.message_from_bytes((tmp_path / "out" / "T-EN-1" / "first-complaint.eml").read_bytes(), policy=policy.default)
    assert [part.get_filename() for part in message.iter_attachments()][-1] == "E1-_udcbb_udcb5_udcb0_udcb8.png"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(min_size=1, max_size=24).filter(lambda b: b"/" not in b and b"\x00" not in b))
def test_fuzz_any_bytes_name_escapes_to_utf8_and_reads_back_from_json(raw: bytes) -> None:
    """Any bytes a file name can hold: the printed text is valid UTF-8 (and ASCII when asked),
    and as a JSON string it decodes back to exactly those bytes."""
    name = os.fsdecode(raw)
    shown = escaped(name)
    shown.encode("utf-8")  # never raises
    assert "\n" not in shown.replace(name, "") if name.isprintable() else True
    as_json = json.dumps({"file": name}, ensure_ascii=False).encode("utf-8", ESCAPE)
    assert os.fsencode(json.loads(as_json.decode("utf-8"))["file"]) == raw
    ascii_json = json.dumps({"file": name}, ensure_ascii=False).encode("ascii", ESCAPE)
    assert os.fsencode(json.loads(ascii_json)["file"]) == raw
