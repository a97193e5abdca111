"""A letter reads each template's version once (``letters.cache.one_look``), and still sees
a template saved between two letters."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from letters import cache
from letters.cache import file_version, one_look, per_file_version
from letters.templating.gate import check_template


@pytest.fixture
def stats(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every ``os.stat`` the cache makes, by path."""
    seen: list[str] = []
    real = os.stat

    def counted(path: str, *args: object, **kwargs: object) -> os.stat_result:
        seen.append(str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counted)
    return seen


def _reader() -> object:
    @per_file_version(maxsize=8)
    def read(path: str) -> str:
        return Path(path).read_text(encoding="utf-8")

    return read


def test_inside_one_look_each_file_is_looked_at_once(tmp_path: Path, stats: list[str]) -> None:
    path = tmp_path / "letter.en.txt"
    path.write_text("one", encoding="utf-8")
    read, other = _reader(), _reader()
    with one_look():
        assert [read(path), other(path), read(str(path))] == ["one", "one", "one"]  # type: ignore[operator]
    assert stats == [str(path)]
    assert read(path) == other(path) == "one"  # type: ignore[operator]
    assert stats == [str(path)] * 3  # outside a block: every lookup looks


def test_a_file_saved_during_a_letter_is_seen_by_the_next_letter(tmp_path: Path) -> None:
    path = tmp_path / "letter.en.txt"
    path.write_text("first version", encoding="utf-8")
    read = _reader()
    with one_look():
        assert read(path) == "first version"  # type: ignore[operator]
        path.write_text("the second, longer version", encoding="utf-8")
        assert read(path) == "first version"  # type: ignore[operator]  # one letter, one version
    with one_look():
        assert read(path) == "the second, longer version"  # type: ignore[operator]


def test_a_missing_file_is_not_remembered_as_missing(tmp_path: Path) -> None:
    path = tmp_path / "later.en.txt"
    with one_look():
        with pytest.raises(FileNotFoundError):
            file_version(str(path))
        path.write_text("here now", encoding="utf-8")
        assert file_version(str(path))[1] == len("here now")


def test_blocks_nest_and_end_cleanly(tmp_path: Path, stats: list[str]) -> None:
    path = tmp_path / "letter.en.txt"
    path.write_text("x", encoding="utf-8")
    with one_look():
        file_version(str(path))
        with one_look():
            file_version(str(path))
        file_version(str(path))
    assert stats == [str(path)] * 2  # the inner block looks again; the outer one still remembers
    assert cache._LOOKED.get() is None


def test_a_template_that_was_clean_and_is_now_broken_is_reported_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.en.txt"
    path.write_text("Dear {{ complainant.name }},\n", encoding="utf-8")
    assert check_template(path) == []
    path.write_text("Dear {{ complainant.nmae }},\n", encoding="utf-8")
    assert [str(p) for p in check_template(path)] == [f"{path}:1: complainant.nmae: not in the view model; did you mean complainant.name?"]
    monkeypatch.setenv("LETTERS_LANG", "zh")
    assert [str(p) for p in check_template(path)] == [f"{path}:1: complainant.nmae: 不在视图模型中；是不是想写 complainant.name？"]
    path.write_text("Dear {{ complainant.name }}, again\n", encoding="utf-8")
    assert check_template(path) == []
