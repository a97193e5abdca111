from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli():
    """Invoke ``letters`` in-process: ``cli("generate", path, "--stage", …)`` → click Result."""
    from tests.builders import run_cli

    return run_cli


@pytest.fixture(autouse=True, scope="session")
def _english_messages():
    """Tests compare messages in English, whatever the locale of the shell that runs them
    (tests of the Chinese messages set their own language)."""
    import os

    previous = os.environ.get("LETTERS_LANG")
    os.environ["LETTERS_LANG"] = "en"
    yield
    if previous is None:
        os.environ.pop("LETTERS_LANG", None)
    else:
        os.environ["LETTERS_LANG"] = previous


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


@pytest.fixture
def builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The search path without the user's real config or environment, with stand-in built-ins."""
    import letters.templates.search
    from tests.builders import make_builtins

    folder = make_builtins(tmp_path / "builtin")
    monkeypatch.setattr(letters.templates.search, "builtin_dir", lambda: folder)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("LETTERS_TEMPLATES", raising=False)
    return folder
