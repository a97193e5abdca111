"""The process environment: standard output or input closed, a reader that stops early
(broken pipe), a strict umask. Never a traceback; every file letters writes, manifests
included, takes its permissions from the umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import case_dict, write_case
from tests.hostile.support import ON, Row

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors and umask")

ROWS = [
    Row(
        "stdout-closed-status",
        "`letters status case.yaml --json >&-` (standard output closed)",
        "`Error: standard output is closed; what letters had to print was lost`, exit 1",
    ),
    Row(
        "stdout-closed-generate", "`letters generate … >&-`", "the letters are written (nothing lands in them); the same error line, exit 1"
    ),
    Row("stdout-stderr-closed", "`letters validate case.yaml >&- 2>&-`", "exit 1, no crash"),
    Row(
        "stdin-closed-new",
        "`letters new x.yaml <&-` (standard input closed)",
        "`Error: …` (the interview ended before it was complete), exit 1; nothing written",
    ),
    Row("broken-pipe", "`letters schema` into a reader that closes at once", "exit 1, no traceback"),
    Row("broken-pipe-status", "`letters status` of 30 cases piped into `head -c 1`", "exit 1, no traceback"),
    Row(
        "umask-077",
        "`umask 077`, then generate, batch with CSV and JSON manifests, init, templates export, log",
        "every file written is 0600 (manifests included), the case file keeps its own mode",
    ),
    Row("umask-022", "the same with `umask 022`", "every file written is 0644"),
]


def _sh(script: str, cwd: Path, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    """``script`` in a shell where ``L`` runs this letters."""
    env = {**os.environ, "L": f"{sys.executable} -m letters"}
    return subprocess.run(
        ["sh", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def test_closed_stdout_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    write_case(tmp_path, case_dict("en"))
    done = _sh(f"$L status case.yaml --json --on {ON} >&-", tmp_path)
    assert (done.returncode, done.stderr) == (1, "Error: standard output is closed; what letters had to print was lost\n")


def test_closed_stdout_never_reaches_a_letter(tmp_path: Path) -> None:
    write_case(tmp_path, case_dict("en"))
    done = _sh(f"$L generate case.yaml --stage first-complaint --on {ON} --out out >&-", tmp_path)
    assert (done.returncode, done.stderr) == (1, "Error: standard output is closed; what letters had to print was lost\n")
    letter = (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").read_text(encoding="utf-8")
    assert "Wrote" not in letter and "Yours faithfully,\n\nTom Reader" in letter


def test_closed_stdout_and_stderr(tmp_path: Path) -> None:
    write_case(tmp_path, case_dict("en"))
    done = _sh(f"$L validate case.yaml --on {ON} >&- 2>&-; echo $? >&2", tmp_path)
    assert done.stderr.strip() == "1"


def test_closed_stdin_ends_the_interview_cleanly(tmp_path: Path) -> None:
    done = _sh("$L new x.yaml <&-", tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.strip()][-1].startswith("Error: ")
    assert not (tmp_path / "x.yaml").exists()


def test_a_broken_pipe_is_no_traceback(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "letters", "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    code = process.wait(timeout=60)
    assert code == 1 and b"Traceback" not in process.stderr.read()


def test_a_reader_that_stops_early(tmp_path: Path) -> None:
    for n in range(30):
        write_case(tmp_path, case_dict("en", case_id=f"P-{n}"), name=f"c{n}.yaml")
    done = _sh(f"$L status c*.yaml --json --on {ON} | head -c 1 >/dev/null; exit 0", tmp_path)
    assert "Traceback" not in done.stderr


def _written_modes(tmp_path: Path, umask: int) -> dict[str, int]:
    case = write_case(tmp_path, case_dict("en"))
    case.chmod(0o640)
    script = " && ".join(
        [
            f"$L generate case.yaml --stage first-complaint --on {ON} --out out",
            f"$L batch case.yaml --stage first-complaint --on {ON} --out out2 --manifest m.csv",
            f"$L batch case.yaml --stage first-complaint --on {ON} --out out3 --manifest m.json",
            "$L init new.yaml --lang en",
            "$L templates export tpl",
            "$L log case.yaml --kind note --date 2026-10-05",
        ]
    )
    done = _sh(script, tmp_path, umask=umask)
    assert done.returncode == 0, done.stderr
    return {str(p.relative_to(tmp_path)): stat.S_IMODE(p.stat().st_mode) for p in tmp_path.rglob("*") if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644)], ids=["umask-077", "umask-022"])
def test_every_written_file_follows_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    modes = _written_modes(tmp_path, umask)
    assert modes.pop("case.yaml") == 0o640  # rewritten by log: keeps its own mode
    assert {"m.csv", "m.json", "new.yaml", "out/T-EN-1/first-complaint.docx", "tpl/first-complaint.en.docx"} <= set(modes)
    assert {name: m for name, m in modes.items() if m != mode} == {}


@pytest.mark.slow
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(umask=st.sampled_from([0o002, 0o007, 0o027, 0o037, 0o066, 0o077, 0o222, 0o277]))
def test_fuzz_umask_any_value(tmp_path_factory: pytest.TempPathFactory, umask: int) -> None:
    """Any umask: each file written is 0644 less the umask, manifests included."""
    folder = tmp_path_factory.mktemp("umask")
    write_case(folder, case_dict("en"))
    done = _sh(f"$L batch case.yaml --stage first-complaint --on {ON} --out out --manifest m.csv", folder, umask=umask)
    assert done.returncode == 0, done.stderr
    for path in [folder / "m.csv", *sorted((folder / "out").rglob("*.*"))]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644 & ~umask, path
