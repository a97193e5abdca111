from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

# Hypothesis profiles. Property tests set no budget of their own; the profile does.
# - ci (the default, so the README's test command passes the same way on every machine, and
#   what .ci/run asks for): derandomized — the same examples every run — with a fixed budget,
#   and no example database (nothing is read from or written to .hypothesis/).
# - dev (`pytest --hypothesis-profile=dev`): new random examples each run, failures remembered
#   in .hypothesis/ (not committed) and replayed first next time.
# - fuzz (`pytest --hypothesis-profile=fuzz tests/test_fuzz.py`): a long hunt, for a quiet hour.
# Every failure a random run finds is pinned with @example beside its test, so ci replays it.
# deadline and too_slow are timings, which a loaded machine breaks: never a reason to fail.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=30, derandomize=True, database=None, print_blob=True, **_COMMON)
# dev and fuzz draw new examples: under CI=true Hypothesis's own default is derandomized (and has
# no database), and a profile inherits it unless it says otherwise.
settings.register_profile("dev", max_examples=100, derandomize=False, print_blob=True, **_COMMON)
settings.register_profile("fuzz", max_examples=5_000, derandomize=False, print_blob=True, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))  # --hypothesis-profile, read later, wins

# Importing letters already writes to its on-disk cache (letters.rx keeps the compiled patterns
# there), and test modules import it while they are collected, before any fixture runs: the
# cache of a test run is a folder of its own from the start, never the user's.
if "LETTERS_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["LETTERS_CACHE_DIR"] = tempfile.mkdtemp(prefix="letters-test-cache-")
    atexit.register(shutil.rmtree, os.environ["LETTERS_CACHE_DIR"], ignore_errors=True)


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
    import letters.templating.search
    from tests.builders import make_builtins

    folder = make_builtins(tmp_path / "builtin")
    monkeypatch.setattr(letters.templating.search, "builtin_dir", lambda: folder)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("LETTERS_TEMPLATES", raising=False)
    return folder
