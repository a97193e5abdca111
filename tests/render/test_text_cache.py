"""A .txt template's compiled code is kept by Jinja's FileSystemBytecodeCache for the next process."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2.sandbox
import pytest

from letters.render import text

CONTEXT = {"name": "Tom"}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LETTERS_CACHE_DIR", str(folder))
    text._compile.cache_clear()  # type: ignore[attr-defined]
    yield folder
    text._compile.cache_clear()  # type: ignore[attr-defined]


def _template(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "letter.en.txt"
    path.write_text(body, encoding="utf-8")
    return path


def _next_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process has: no template in memory, and a compiler that must not be needed."""
    text._compile.cache_clear()  # type: ignore[attr-defined]
    monkeypatch.setattr(type(text._env()), "compile", lambda *a, **k: pytest.fail("compiled again"))


def test_the_next_process_renders_from_jinjas_bytecode_cache(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _template(tmp_path, "Dear {{ name }},\n")
    assert text.render_text(path, CONTEXT) == b"Dear Tom,\n"
    stored = next(cache.rglob("__jinja2_*.cache"))  # Jinja's file, in a folder named after our code's fingerprint
    assert stored.parent.parent == cache / "jinja-text" and not list(cache.rglob("*.pickle"))
    _next_process(monkeypatch)
    assert text.render_text(path, CONTEXT) == b"Dear Tom,\n"


def test_an_edited_template_is_compiled_again(tmp_path: Path, cache: Path) -> None:
    path = _template(tmp_path, "Dear {{ name }},\n")
    text.render_text(path, CONTEXT)
    path.write_text("Hello {{ name }}, longer now\n", encoding="utf-8")
    text._compile.cache_clear()  # type: ignore[attr-defined]
    assert text.render_text(path, CONTEXT) == b"Hello Tom, longer now\n"


def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path, cache: Path) -> None:
    path = _template(tmp_path, "Dear {{ name }},\n")
    text.render_text(path, CONTEXT)
    stored = next(cache.rglob("__jinja2_*.cache"))
    stored.write_bytes(stored.read_bytes()[:40])
    text._compile.cache_clear()  # type: ignore[attr-defined]
    assert text.render_text(path, CONTEXT) == b"Dear Tom,\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_cache_folder_that_cannot_be_written_is_no_cache_not_an_error(tmp_path: Path, cache: Path) -> None:
    cache.mkdir()
    cache.chmod(0o500)
    try:
        path = _template(tmp_path, "Dear {{ name }},\n")
        assert text.render_text(path, CONTEXT) == b"Dear Tom,\n"
    finally:
        cache.chmod(0o700)


def test_a_cache_path_that_is_a_file_is_no_cache_not_an_error(tmp_path: Path, cache: Path) -> None:
    cache.write_text("not a folder")
    path = _template(tmp_path, "Dear {{ name }},\n")
    assert text.render_text(path, CONTEXT) == b"Dear Tom,\n"
    assert cache.read_text() == "not a folder"


def test_the_sandbox_still_applies_to_cached_code(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from letters.errors import TemplateError

    path = _template(tmp_path, "{{ name.__class__ }}\n")
    with pytest.raises(TemplateError) as first:
        text.render_text(path, CONTEXT)
    _next_process(monkeypatch)
    with pytest.raises(TemplateError) as second:
        text.render_text(path, CONTEXT)
    assert str(first.value) == str(second.value)
    assert isinstance(text._env(), jinja2.sandbox.SandboxedEnvironment)


def test_a_template_loaded_by_path_has_the_sandboxs_globals(tmp_path: Path, cache: Path) -> None:
    path = _template(tmp_path, "{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}\n")
    assert text.render_text(path, CONTEXT) == b"3\n"
