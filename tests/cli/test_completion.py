"""Shell completion: click's, for bash, zsh and fish; stage names, formats and case files complete."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.shell_completion import BashComplete

from letters.cli import cli
from tests.builders import ROOT


def completions(args: list[str], incomplete: str) -> list[str]:
    return [item.value for item in BashComplete(cli, {}, "letters", "_LETTERS_COMPLETE").get_completions(args, incomplete)]


def test_stage_names_complete() -> None:
    assert completions(["generate", "case.yaml", "--stage"], "") == ["first-complaint", "follow-up", "escalation", "consumer-association"]
    assert completions(["batch", "cases", "--stage"], "f") == ["first-complaint", "follow-up"]


def test_formats_complete_after_the_last_comma() -> None:
    assert completions(["generate", "case.yaml", "--format"], "") == ["docx", "txt", "pdf", "eml", "form"]
    assert completions(["generate", "case.yaml", "--format"], "docx,") == ["docx,txt", "docx,pdf", "docx,eml", "docx,form"]
    assert completions(["batch", "cases", "--format"], "docx,p") == ["docx,pdf"]


def test_case_files_and_folders_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cases").mkdir()
    for name in ("a.yaml", "b.yml", "notes.txt", "cases/c.yaml", ".hidden.yaml"):
        (tmp_path / name).write_text("", encoding="utf-8")

    assert completions(["generate"], "") == ["a.yaml", "b.yml", f"cases{os.sep}"]
    assert completions(["status"], "cases/") == [f"cases{os.sep}c.yaml"]
    assert completions(["log"], "b") == ["b.yml"]
    assert completions(["templates", "context"], "a") == ["a.yaml"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_its_script_and_the_readme_gives_the_line(shell: str) -> None:
    letters = shutil.which("letters")
    if letters is None:
        pytest.skip("the letters command is not installed on PATH")
    env = {**os.environ, "_LETTERS_COMPLETE": f"{shell}_source"}

    result = subprocess.run([letters], env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0
    assert "_LETTERS_COMPLETE" in result.stdout and "letters" in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = (
        f"_LETTERS_COMPLETE={shell}_source letters | source" if shell == "fish" else f'eval "$(_LETTERS_COMPLETE={shell}_source letters)"'
    )
    assert line in readme


def test_bash_completes_a_stage_through_the_real_script(tmp_path: Path) -> None:
    letters, bash = shutil.which("letters"), shutil.which("bash")
    if letters is None or bash is None:
        pytest.skip("needs the letters command and bash")
    script = (
        'eval "$(_LETTERS_COMPLETE=bash_source letters)"; '
        'COMP_WORDS=(letters generate case.yaml --stage fo); COMP_CWORD=4; _letters_completion letters; echo "${COMPREPLY[*]}"'
    )
    env = {**os.environ, "PATH": f"{Path(letters).parent}{os.pathsep}{os.environ.get('PATH', '')}"}

    result = subprocess.run([bash, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)

    assert result.stdout.strip() == "follow-up"
