"""letters.rx: a pattern from the on-disk table is the pattern ``re.compile`` makes."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from letters import rx

pytestmark = pytest.mark.skipif(not rx._ENGINE, reason="no table on this Python: rx.compile is re.compile")

#: Patterns of the kinds our code writes: large Chinese classes, lookarounds, named groups,
#: possessive and lazy repeats, alternations of phrases, flags set inline.
SAMPLES = [
    (r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[ \t]+(?=[0-9])", 0),
    ("[\u3400-\u9fff]", 0),
    (r"^(?P<p>[^\s，,]+?(?:省|自治区))?(?P<c>[^\s，,]+?市)?", 0),
    ("弄死|杀了你|(?<!\\w)United\\ Kingdom(?!\\w)", re.IGNORECASE),
    (r"((?:[ ]*+(?:#[^\n]*+)?\n)*+)( *+)", 0),
    (r"(?x) \d+ # digits", 0),
    ("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", 0),
    (r"(a)|(?P<b>b)(?(1)c|d)", re.S | re.M),
]


@pytest.fixture
def table_in(tmp_path, monkeypatch):
    """A cache folder of its own, and the table read afresh from it."""
    monkeypatch.setenv("LETTERS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(rx, "_table", None)
    return tmp_path


def _from_disk(pattern: str, flags: int) -> re.Pattern[str]:
    rx._table = None  # a new process: the table is read from the file
    return rx.compile(pattern, flags)


@pytest.mark.parametrize(("pattern", "flags"), SAMPLES)
def test_a_kept_pattern_is_the_one_re_makes(table_in, pattern, flags):
    made = rx.compile(pattern, flags)
    assert (pattern, flags) in pickle.loads(next(table_in.glob("patterns/*.pickle")).read_bytes())
    kept = _from_disk(pattern, flags)
    # equal patterns: the same text, flags and engine code (CPython compares all three)
    assert made == kept == re.compile(pattern, flags)
    assert kept.groupindex == re.compile(pattern, flags).groupindex
    assert kept.groups == re.compile(pattern, flags).groups


def test_every_pattern_of_ours_is_the_one_re_makes(table_in):
    """A process that loads the whole pipeline keeps our patterns (the view model's, the tone
    check's, the jurisdictions', the loader's…); each one, read back from the file, is what
    ``re.compile`` makes of the same text."""
    modules = "letters.pipeline, letters.batch, letters.render.engine, letters.casefile.tone, letters.plan.jurisdiction"
    subprocess.run([sys.executable, "-c", f"import {modules}"], check=True, env={**os.environ, "LETTERS_CACHE_DIR": str(table_in)})
    kept = pickle.loads(next(table_in.glob("patterns/*.pickle")).read_bytes())
    assert len(kept) > 50
    assert ("[\u3400-\u9fff]", 0) in kept  # (the view model's test for Chinese text)
    for pattern, flags in kept:
        assert _from_disk(pattern, flags) == re.compile(pattern, flags), pattern


def test_a_damaged_table_is_no_table(table_in):
    rx.compile("a+b", 0)
    (where,) = table_in.glob("patterns/*.pickle")
    where.write_bytes(b"not a pickle")
    assert _from_disk("a+b", 0) == re.compile("a+b")
    assert _from_disk("a+b", 0).fullmatch("aab")


def test_an_entry_the_engine_refuses_is_compiled_again(table_in):
    rx.compile("[0-9]+x", 0)
    (where,) = table_in.glob("patterns/*.pickle")
    table = pickle.loads(where.read_bytes())
    flags, code, *rest = table[("[0-9]+x", 0)]
    table[("[0-9]+x", 0)] = (flags, [99999, *code[1:]], *rest)  # code no engine would run
    where.write_bytes(pickle.dumps(table))
    found = _from_disk("[0-9]+x", 0)
    assert found == re.compile("[0-9]+x")
    assert found.fullmatch("12x") and not found.fullmatch("x")


def test_a_bad_pattern_is_re_s_own_error(table_in):
    with pytest.raises(re.error, match="missing \\), unterminated subpattern at position 0"):
        rx.compile("(ab", 0)
    assert not list(table_in.glob("patterns/*.pickle"))


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("LETTERS_CACHE_DIR", str(blocked))
    monkeypatch.setattr(rx, "_table", None)
    assert rx.compile("x[yz]", 0) == re.compile("x[yz]")
    assert rx._table is not None and ("x[yz]", 0) in rx._table


def test_the_table_keeps_at_most_max_kept(table_in, monkeypatch):
    monkeypatch.setattr(rx, "MAX_KEPT", 2)
    for word in ("one", "two", "three"):
        assert rx.compile(word, 0).fullmatch(word)
    assert set(pickle.loads(next(table_in.glob("patterns/*.pickle")).read_bytes())) == {("one", 0), ("two", 0)}


_PIECES = st.sampled_from(
    [
        "a",
        "[\u4e00-\u9fff]",
        "[^\\s，]",
        "(?P<n>x)",
        "(y)",
        "\\d{1,3}",
        "(?<=[0-9])",
        "(?!z)",
        "b*+",
        "c+?",
        "\\b",
        "|",
        "é",
        "(?:電郵|电邮)",
        "$",
        "^",
    ]
)


@given(st.lists(_PIECES, min_size=1, max_size=8).map("".join), st.sampled_from([0, re.I, re.M | re.S, re.X]))
@example("(?<=[0-9])|(?P<n>x)", 0)
def test_any_pattern_read_back_is_the_one_re_makes(pattern, flags):
    try:
        expected = re.compile(pattern, flags)
    except re.error:
        with pytest.raises(re.error):
            rx.compile(pattern, flags)
        return
    assert rx.compile(pattern, flags) == expected
    assert _from_disk(pattern, flags) == expected
