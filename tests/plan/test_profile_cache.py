"""The shipped jurisdiction profiles are read back from the on-disk cache by the next process,
and parsed again whenever a profile file, our code, pydantic's version or PyYAML's install differs."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pydantic
import pytest

from letters import cache as letters_cache
from letters.plan import jurisdiction


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LETTERS_CACHE_DIR", str(folder))
    jurisdiction.shipped_profiles.cache_clear()
    yield folder
    jurisdiction.shipped_profiles.cache_clear()


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped profiles, read in their place."""
    folder = tmp_path / "plan"
    shutil.copytree(Path(str(resources.files("letters.plan").joinpath("jurisdictions"))), folder / "jurisdictions")
    monkeypatch.setattr(resources, "files", lambda _package: folder)  # the module the loader calls
    return folder / "jurisdictions"


def _next_process(monkeypatch: pytest.MonkeyPatch, *, parses: bool) -> list[int]:
    """What a new process has: no profiles in memory; the returned list counts the parses."""
    jurisdiction.shipped_profiles.cache_clear()
    parse, calls = jurisdiction._parse_profiles, []

    def counted(texts: list[tuple[str, bytes]]) -> dict[str, jurisdiction.Profile]:
        if not parses:
            pytest.fail("parsed again")
        calls.append(1)
        return parse(texts)

    monkeypatch.setattr(jurisdiction, "_parse_profiles", counted)
    return calls


def test_the_next_process_reads_the_profiles_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = jurisdiction.shipped_profiles()
    assert list((cache / "jurisdictions").glob("*.pickle"))
    _next_process(monkeypatch, parses=False)
    again = jurisdiction.shipped_profiles()
    assert again == first and again is not first
    assert again["GB"].body_for("financial") == first["GB"].body_for("financial")


def test_an_edited_profile_is_parsed_again(cache: Path, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert jurisdiction.shipped_profiles()["GB"].name.en == "the United Kingdom"
    gb = shipped / "GB.yaml"
    gb.write_text(gb.read_text(encoding="utf-8").replace("en: the United Kingdom}", "en: Great Britain}", 1), encoding="utf-8")
    calls = _next_process(monkeypatch, parses=True)
    assert jurisdiction.shipped_profiles()["GB"].name.en == "Great Britain" and calls == [1]


def test_a_new_profile_file_is_parsed_again(cache: Path, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "NZ" not in jurisdiction.shipped_profiles()
    (shipped / "NZ.yaml").write_text((shipped / "AU.yaml").read_text(encoding="utf-8").replace("code: AU", "code: NZ", 1), encoding="utf-8")
    _next_process(monkeypatch, parses=True)
    assert "NZ" in jurisdiction.shipped_profiles()


def test_another_version_of_pydantic_parses_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pydantic makes the pickled objects: another version of it parses again."""
    jurisdiction.shipped_profiles()
    calls = _next_process(monkeypatch, parses=True)
    monkeypatch.setattr(pydantic, "VERSION", "0.0.0")
    jurisdiction.shipped_profiles()
    assert calls == [1]


def test_another_install_of_pyyaml_parses_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML reads the files: another install of it (known by its files, without importing it) parses again."""
    jurisdiction.shipped_profiles()
    calls = _next_process(monkeypatch, parses=True)
    jurisdiction.shipped_profiles()
    assert calls == []  # the same install: read back
    real = letters_cache.module_version
    monkeypatch.setattr(letters_cache, "module_version", lambda name: real(name) + " upgraded" if name == "yaml" else real(name))
    jurisdiction.shipped_profiles.cache_clear()
    jurisdiction.shipped_profiles()
    assert calls == [1]


def test_a_modules_version_is_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What keys the cache by PyYAML: found without importing the module, changed by another install."""
    package = tmp_path / "letters_probe_module"
    package.mkdir()
    (package / "__init__.py").write_text("raise ImportError('never imported')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = letters_cache.module_version("letters_probe_module")
    assert first.startswith("(" + repr(str(package / "__init__.py")))
    assert letters_cache.module_version("letters_probe_module") == first
    (package / "__init__.py").write_text("raise ImportError('a new version, never imported')\n", encoding="utf-8")
    assert letters_cache.module_version("letters_probe_module") != first
    assert letters_cache.module_version("letters_no_such_module") == ""
    assert "letters_probe_module" not in sys.modules


def test_other_code_parses_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jurisdiction.shipped_profiles()
    calls = _next_process(monkeypatch, parses=True)
    monkeypatch.setattr(letters_cache, "_fingerprint", lambda: b"another version of letters")
    jurisdiction.shipped_profiles()
    assert calls == [1]


def test_a_damaged_entry_is_parsed_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = jurisdiction.shipped_profiles()
    stored = next((cache / "jurisdictions").glob("*.pickle"))
    stored.write_bytes(stored.read_bytes()[:100])
    calls = _next_process(monkeypatch, parses=True)
    assert jurisdiction.shipped_profiles() == first and calls == [1]
