"""The plain-YAML reader answers exactly what PyYAML's loader builds, or leaves the file to it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yaml import ScalarNode

from letters.casefile.example import EXAMPLES, example_text
from letters.casefile.fullyaml import _Loader, _Tags
from letters.casefile.fullyaml import load_yaml as _load_yaml
from letters.casefile.load import parse_case_text
from letters.casefile.plainyaml import _ODD, _POSSESSIVE_OK, _ROW, _ROW_PATTERN, RULED_FIRST, plain_tag, read_plain
from letters.errors import CaseFileError


def _same_as_loader(text: str) -> bool:
    """Whether the reader read ``text`` (``False``: it left it to the loader); either way it agrees with the loader."""
    plain = read_plain(text, plain_tag, RULED_FIRST)
    if plain is None:
        return False
    assert repr(plain) == repr(_load_yaml(text, Path("case.yaml"))[0])  # repr: True is not 1, "1" is not 1
    return True


@pytest.mark.parametrize("lang", sorted(EXAMPLES))
def test_the_shipped_examples_are_read_without_the_loader(lang: str) -> None:
    assert _same_as_loader(example_text(lang))
    assert _same_as_loader(example_text(lang, "my case.yaml"))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: 007\nc: yes\nd: ~\ne: On\nf: 1.5\ng: 2026-01-02\nh: 0x1f\n",
        'a: "quoted # not a comment"  # a comment\nb: \'single\'\nc: ""\n',
        "a: plain # comment\nb: Ticket#88\nc: a [b] {c}, d\nd: x:y\ne: 中文：值\n",
        "a:\n- x\n- y: 1\n  z: [S1, L2]\nb: []\nc: [ ]\n",
        "a:\n  b:\n    - c: >-\n        one\n        two\n      d: |\n        three\n        four\n",
        "a: >\n  folded\n  text\nb: last\n",
        "a: |-\n  no final break",
        "a: >\n  no final break",
        "a:\n\n# note\n  b: 1\n",
        "# only comments above\n\na: 1\n",
    ],
)
def test_what_it_reads_is_what_the_loader_builds(text: str) -> None:
    assert _same_as_loader(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key
        "a: &x 1\nb: *x\n",  # anchors
        "a: !!str 1\n",  # a tag
        'a: "esc\\n"\n',  # an escape
        "a: 'it''s'\n",
        "a: one\n  two\n",  # a value running onto the next line
        "a: b: c\n",
        "a:\tb\n",
        "a: 1\r\nb: 2\r\n",
        "\ufeffa: 1\n",
        "- a\n- b\n",
        "  a: 1\n",
        "a: >\n  one\n\n  two\n",  # a paragraph break
        "a: >\n  one\n    more\n",  # a more indented line
        "a: >+\n  kept\n\n",
        "a: [x, 'y']\n",
        "a: [1, 2]\n",
        "true: 1\n",
        "a: " + "9" * 5000 + "\n",  # an integer too long for int()
        "a: 1\n" * 1 + "b:\n" + "- x\n" * 30_000,  # above the size where the loader's limits matter
        "? a\n: 1\n",
        "a: {b: 1}\n",
        "---\na: 1\n",
        "a: 1\n...\n",
    ],
)
def test_what_it_does_not_read_goes_to_the_loader(text: str) -> None:
    assert not _same_as_loader(text)


_KEYS = st.sampled_from(["a", "b", "name", "on", "yes", "null", "x_y", "k-1", "1", "true", "from"])
_VALUES = st.sampled_from(
    ["v", "hello world", "1", "007", "0", "yes", "No", "~", "", "1.5", "2026-01-02", "a:b", "a #c", "a#c", '"q"', '"q" #c', '"q"#c']
    + ["'s'", "'s' # c", "[S1, L2]", "[]", "[a,]", "[1]", "[a b]", "a,b", "a]b", "a{b}", "中文：值", "x\\y", "a  b", "=", "+1", "a:", "-1"]
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """Case-file-like YAML: nested mappings and lists, plain, quoted and folded values, comments, now and then a misplaced line."""

    def mapping(indent: int, depth: int, first: str | None = None) -> list[str]:
        rows = []
        for n in range(draw(st.integers(1, 4))):
            lead = first if n == 0 and first is not None else " " * indent
            key, kind = draw(_KEYS), draw(st.integers(0, 9 if depth < 3 else 4))
            if kind <= 2:
                rows.append(f"{lead}{key}:{draw(st.sampled_from([' ', '  ']))}{draw(_VALUES)}")
            elif kind <= 4:
                header = draw(st.sampled_from([">", ">-", "|", "|-", ">- # c", "|+", ">2"]))
                width = indent + draw(st.sampled_from([1, 2, 4]))
                lines = draw(
                    st.lists(st.sampled_from(["one", "two # x", "- a", "k: v", "#x", "中文", "end ", "  more", ""]), min_size=1, max_size=3)
                )
                rows += [f"{lead}{key}: {header}", *(" " * width + line if line else "" for line in lines)]
            elif kind <= 6:
                rows += [
                    f"{lead}{key}:" + draw(st.sampled_from(["", " # c"])),
                    *mapping(indent + draw(st.sampled_from([1, 2, 4])), depth + 1),
                ]
            else:
                rows += [f"{lead}{key}:", *sequence(indent + draw(st.sampled_from([0, 2, 3])), depth + 1)]
            if draw(st.integers(0, 9)) == 0:
                rows.append(" " * draw(st.integers(0, 8)) + draw(st.sampled_from(["# note", "", "  ", "stray"])))
        return rows

    def sequence(indent: int, depth: int) -> list[str]:
        rows = []
        for _ in range(draw(st.integers(1, 3))):
            if depth < 3 and draw(st.booleans()):
                rows += mapping(indent + 2, depth + 1, first=" " * indent + "- ")
            else:
                rows.append(" " * indent + "- " + draw(_VALUES))
        return rows

    return "\n".join(mapping(0, 0)) + draw(st.sampled_from(["", "\n", "\n\n"]))


@given(_documents())
def test_it_agrees_with_the_loader_on_case_file_like_yaml(text: str) -> None:
    try:
        _same_as_loader(text)
    except CaseFileError:
        assert read_plain(text, plain_tag, RULED_FIRST) is None  # the loader refuses it: the reader must not have read it


_PLAIN_ROW = re.compile(_ROW_PATTERN.replace("*+", "*"))


@pytest.mark.skipif(not _POSSESSIVE_OK, reason="before Python 3.11.5 the reader uses the plain pattern itself")
@given(st.one_of(_documents(), st.text(alphabet=" -#:\nab_1'\"[]>|中\t", max_size=120)))
def test_the_possessive_row_pattern_reads_every_text_as_the_plain_one(text: str) -> None:
    assert _ROW.pattern == _ROW_PATTERN
    assert _ROW.findall(text) == _PLAIN_ROW.findall(text)


def test_a_case_read_without_the_loader_has_the_loaders_lines() -> None:
    text = example_text("en")
    case_file = parse_case_text(text, "case.yaml", on=dt.date(2026, 11, 1))
    assert dict(case_file.lines) == _load_yaml(text, Path("case.yaml"))[1]
    summaries = [n for n, row in enumerate(text.splitlines(), start=1) if row == "    summary: >-"]
    assert case_file.line_of(("incidents", 1, "summary")) == summaries[1]


def test_an_invalid_case_read_without_the_loader_is_refused_at_its_line() -> None:
    text = example_text("en").replace("response_days: 14", "response_days: 400")
    with pytest.raises(CaseFileError) as caught:
        parse_case_text(text, "case.yaml", on=dt.date(2026, 11, 1))
    line = text.splitlines().index("response_days: 400") + 1
    assert str(caught.value).startswith(f"case.yaml:{line}: response_days: ")


@pytest.mark.parametrize(
    "value, tag",
    [("yes", "bool"), ("Off", "bool"), ("yess", "str"), ("1", "int"), ("007", "str"), ("0x1f", "str"), ("~", "null"), ("1.5", "str")],
)
def test_the_remembered_tags_are_the_loaders(value: str, tag: str) -> None:
    assert plain_tag(value) == f"tag:yaml.org,2002:{tag}"
    assert _Tags().resolve(ScalarNode, value, (True, False)) == f"tag:yaml.org,2002:{tag}"


def test_the_readers_tag_rules_are_the_loaders() -> None:
    """plainyaml writes the loader's rules out (to read a plain file without PyYAML): the same
    first characters, and for each the same answer to every value the rules tell apart."""
    assert frozenset(_Loader.yaml_implicit_resolvers) == RULED_FIRST
    words = ["", "~", "null", "Null", "NULL", "nULL", "<<", "<", "=", "==", "!", "&", "*", "0", "00", "007", "10", "1_0", "-1", "+1"]
    words += [w for b in ("yes", "no", "true", "false", "on", "off") for w in (b, b.title(), b.upper(), b + "s", b[:-1] or "n")]
    for value in words + [w + " " for w in words] + [w + "\n" for w in words]:
        assert plain_tag(value) == _Tags().resolve(ScalarNode, value, (True, False)), value


@given(st.text(alphabet="0189-+.~<=!&*nNyYtTfFoOulesrax _:", max_size=7))
def test_any_value_gets_the_loaders_tag(value: str) -> None:
    assert plain_tag(value) == _Tags().resolve(ScalarNode, value, (True, False))


def test_a_value_whose_first_character_no_rule_reads_is_text() -> None:
    for code in range(0x20, 0x3100):
        if chr(code) not in RULED_FIRST:
            for value in (chr(code), chr(code) + "1", chr(code) + "es"):
                assert _Tags().resolve(ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str", value


def test_nesting_deeper_than_the_stack_goes_to_the_loader() -> None:
    import sys

    text = "".join(" " * depth + "k:\n" for depth in range(400))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        assert read_plain(text, plain_tag, RULED_FIRST) is None
    finally:
        sys.setrecursionlimit(limit)


def test_the_odd_characters_are_every_one_outside_what_yaml_prints() -> None:
    """_ODD lists its characters (quick to compile); they are exactly those outside YAML's printable set less tab and CR."""
    printable = ((0x0A, 0x0A), (0x20, 0x7E), (0xA0, 0x2027), (0x202A, 0xD7FF), (0xE000, 0xFEFE), (0xFF00, 0xFFFD), (0x10000, 0x10FFFF))
    inside = {c for lo, hi in printable for c in range(lo, hi + 1)}
    every = "".join(map(chr, range(0x110000)))  # every character, each tried once by the pattern (in C)
    found = {ord(m.group()) for m in _ODD.finditer(every)}
    assert found == set(range(0x110000)) - inside


def test_reading_a_plain_case_file_does_not_import_pyyaml() -> None:
    """PyYAML's import is a tenth of a process's start-up: a batch of plain files never needs it."""
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt\n"
        "import letters.pipeline, letters.batch\n"
        "from letters.casefile.example import EXAMPLES, example_text\n"
        "from letters.casefile.load import parse_case_text\n"
        "for lang in EXAMPLES: parse_case_text(example_text(lang), 'case.yaml', on=dt.date(2026, 11, 1))\n"
        "print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith('yaml.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
