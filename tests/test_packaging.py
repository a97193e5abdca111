"""A non-editable install carries its templates and examples: build the wheel and use it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.builders import ROOT

pytestmark = pytest.mark.slow  # builds and installs a wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    source = out / "src"  # a clean copy: a stale build/ folder in the checkout must not leak into the wheel
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns("build", "dist", "*.egg-info", ".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("letters-*.whl")
    return built


def test_wheel_ships_templates_examples_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for stage in ("first-complaint", "follow-up", "escalation", "consumer-association"):
        for lang in ("zh", "zh-Hant", "en"):
            assert f"letters/builtin_templates/{stage}.{lang}.docx" in names
            assert f"letters/builtin_templates/{stage}.{lang}.txt" in names
    assert {"letters/examples/bitpie-zh.yaml", "letters/examples/wallet-en.yaml", "letters/py.typed"} <= names


def test_installed_wheel_generates_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = lambda *args: subprocess.run(
        [sys.executable, "-m", "letters", *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run("init", "case.yaml", "--lang", "zh").returncode == 0
    result = run("generate", "case.yaml", "--stage", "first-complaint", "--out", "out", "--on", "2026-10-08")
    assert result.returncode == 0, result.stderr
    assert (work / "out" / "BP-2026-0042" / "first-complaint.docx").stat().st_size > 0
    where = subprocess.run(
        [sys.executable, "-c", "import letters.builtin_templates as t; print(t.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(site))
