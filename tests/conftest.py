from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli():
    """Invoke ``letters`` in-process: ``cli("generate", path, "--stage", …)`` → click Result."""
    from letters.cli import cli as letters_cli

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(letters_cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory):
    """Prepared templates and template checks are cached on disk; tests keep theirs apart."""
    import os

    previous = os.environ.get("LETTERS_CACHE_DIR")
    os.environ["LETTERS_CACHE_DIR"] = str(tmp_path_factory.mktemp("letters-cache"))
    yield
    if previous is None:
        os.environ.pop("LETTERS_CACHE_DIR", None)
    else:
        os.environ["LETTERS_CACHE_DIR"] = previous
