"""What reaches the terminal: one line per problem, every key, value and file name shown
as text (control characters escaped, never acted on), and every key named as itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from letters.errors import Problem, field_path, visible
from tests.builders import case_dict, write_case
from tests.hostile.support import ON, Row, error_lines, run

ROWS = [
    Row(
        "status-unmarked-reply",
        "`letters status` with a reply whose `satisfactory` is not given",
        "`… reply  email  not yet marked satisfactory or not`, never `reply  reply`",
    ),
    Row(
        "status-zh-words",
        "`letters status` under LETTERS_LANG=zh (or zh-Hant)",
        "the contact kinds and outcomes in Chinese (`投诉`, `未获答复`, `不满意`), not `complaint`, `unanswered`, `unsatisfactory`",
    ),
    Row(
        "osc52-in-key",
        "an unknown key holding `ESC ] 52 ; c ; … BEL` (a clipboard write) under `complainant`",
        "`complainant['\\x1b]52;c;…\\x07']: unknown key …`: the escape shown, not sent to the terminal",
    ),
    Row("csi-in-value", "`ESC [ 2 J` (clear screen) in a value that is refused", "shown as `\\x1b[2J` inside the quoted value"),
    Row("c1-in-key", "a key holding the 8-bit CSI (U+009B) or U+2028", "shown as `\\x9b`, `\\u2028`; still one line"),
    Row(
        "escape-in-file-name",
        "a case file named `a\\x1b[31m.yaml` that does not validate",
        "the name shown with `\\x1b` in every `Error:` line",
    ),
    Row(
        "key-with-bracket",
        '`"name[": x` under `complainant`',
        "`complainant['name[']: unknown key (did you mean \"name\"?)`, never `complainant`",
    ),
    Row("key-like-an-index", '`"role[0]": x` under `staff`', "`staff['role[0]']: unknown key …`"),
    Row("key-with-dot", '`"name.first": x` under `complainant`', "`complainant['name.first']: unknown key …`"),
    Row(
        "batch-several-problems",
        "`letters batch` over a case with three problems",
        "three `Error:` lines, one per problem, each naming the file (not one line joined with `; `)",
    ),
]


def _bad(tmp_path: Path, where: str, key: str, name: str = "case.yaml") -> Path:
    data = case_dict("en")
    data[where][key] = "x"
    return write_case(tmp_path, data, name=name)


def test_osc52_in_a_key_is_shown_not_sent(tmp_path: Path) -> None:
    case = _bad(tmp_path, "complainant", "\x1b]52;c;aGVsbG8=\x07")
    (line,) = error_lines(run("validate", case, "--on", ON))
    assert "\x1b" not in line and "\x07" not in line
    assert line.endswith(r"complainant['\x1b]52;c;aGVsbG8=\x07']: unknown key (allowed: name, email, phone, address, account_id)")


def test_csi_in_a_refused_value_is_shown_not_sent(tmp_path: Path) -> None:
    data = case_dict("en")
    data["response_days"] = "\x1b[2J"
    case = write_case(tmp_path, data)
    lines = error_lines(run("validate", case, "--on", ON))
    assert all("\x1b" not in line for line in lines)
    assert any(r"\x1b[2J" in line for line in lines), lines


@pytest.mark.parametrize("key", ["a\x9b31mb", "a\u2028b"], ids=["c1-csi", "line-separator"])
def test_c1_controls_and_separators_in_a_key_stay_on_one_line(tmp_path: Path, key: str) -> None:
    case = _bad(tmp_path, "complainant", key)
    result = run("validate", case, "--on", ON)
    (line,) = error_lines(result)
    assert visible(key) in line and key not in line


def test_an_escape_in_a_file_name_is_shown_not_sent(tmp_path: Path) -> None:
    case = _bad(tmp_path, "complainant", "nmae", name="a\x1b[31m.yaml")
    (line,) = error_lines(run("validate", case, "--on", ON))
    assert "\x1b" not in line and r"a\x1b[31m.yaml" in line


@pytest.mark.parametrize(
    ("row_id", "where", "key", "suggestion"),
    [
        ("key-with-bracket", "complainant", "name[", ' (did you mean "name"?)'),
        ("key-like-an-index", "staff", "role[0]", ' (did you mean "role"?)'),
        ("key-with-dot", "complainant", "name.first", " (allowed: name, email, phone, address, account_id)"),
    ],
    ids=["key-with-bracket", "key-like-an-index", "key-with-dot"],
)
def test_an_unknown_key_is_named_as_itself(tmp_path: Path, row_id: str, where: str, key: str, suggestion: str) -> None:
    data = case_dict("en")
    if isinstance(data[where], list):  # staff as a list (case format v2)
        data[where][0][key] = "x"
        field = f"{where}[0][{key!r}]"
    else:
        data[where][key] = "x"
        field = f"{where}[{key!r}]"
    case = write_case(tmp_path, data)
    (line,) = error_lines(run("validate", case, "--on", ON))
    assert line.endswith(f"{field}: unknown key{suggestion}"), line


def test_a_batch_prints_each_problem_of_a_case_on_its_own_line(tmp_path: Path) -> None:
    data = case_dict("en")
    data["complainant"]["nmae"] = "x"
    data["company"]["emial"] = "x"
    data["response_days"] = "soon"
    case = write_case(tmp_path / "cases", data)
    result = run("batch", tmp_path / "cases", "--stage", "first-complaint", "--on", ON, "--out", tmp_path / "out", "--jobs", "1")
    lines = error_lines(result)
    assert len(lines) == 3, lines
    assert all(line.startswith(f"Error: {case}:") and "; " not in line.partition("):")[0] for line in lines), lines


KEYS = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(["\x1b", "\x07", "\x9b", "\u2028", "[", "]", ".", "'", '"', "\n", "\r"]),
    ),
    min_size=1,
    max_size=12,
)


@given(keys=st.lists(st.one_of(KEYS, st.integers(0, 99)), min_size=1, max_size=4), message=KEYS, path=KEYS)
@example(keys=["complainant", "\x1b]52;c;aGVsbG8=\x07"], message="x", path="case.yaml")
@example(keys=["staff", "role[0]"], message="x", path="a\x1b[31m.yaml")
def test_fuzz_a_problem_is_one_printable_line_that_names_its_key(keys: list[str | int], message: str, path: str) -> None:
    """Any key path, message and file name: one line, no control character, and a path that
    reads back as the same keys (a key never looks like another key or an index)."""
    line = str(Problem(path, 3, field_path(tuple(keys)), message))
    assert len(line.splitlines()) == 1
    assert not any((ord(c) < 32 and c != "\t") or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in line)  # a tab only moves on
    assert _read_path(field_path(tuple(keys))) == keys


def _read_path(text: str) -> list[str | int]:
    """The keys of a field path, read back (the inverse of field_path for the test)."""
    import ast
    import re

    out: list[str | int] = []
    pos = 0
    token = re.compile(r"\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]|\.?([^.\[\]]+)")
    while pos < len(text):
        m = token.match(text, pos)
        assert m, (text, pos)
        if m.group(1) is not None:
            out.append(int(m.group(1)))
        elif m.group(2) is not None:
            out.append(ast.literal_eval(m.group(2)))
        else:
            out.append(m.group(3))
        pos = m.end()
    return out


CONTACTS = [
    {"date": "2026-10-05", "kind": "complaint", "channel": "email"},
    {"date": "2026-10-08", "kind": "reply", "channel": "email"},
    {"date": "2026-10-20", "kind": "follow-up", "channel": "email"},
    {"date": "2026-10-22", "kind": "reply", "channel": "email", "satisfactory": False},
    {"date": "2026-10-25", "kind": "escalation", "channel": "email"},
]


def _chronology(tmp_path: Path) -> list[str]:
    case = write_case(tmp_path, case_dict("en", contacts=CONTACTS))
    result = run("status", case, "--on", ON)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    return lines[lines.index(next(line for line in lines if line.startswith("    2026-10-05"))) :][:5]


def test_status_says_a_reply_is_not_yet_marked_instead_of_reply_reply(tmp_path: Path) -> None:
    lines = _chronology(tmp_path)
    assert lines[1] == "    2026-10-08  reply  email  not yet marked satisfactory or not"
    assert not any("reply  reply" in line for line in lines)


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", ["投诉", "答复", "未获答复", "不满意", "升级投诉", "尚未标明是否满意"]), ("zh-Hant", ["投訴", "答覆"])]
)
def test_status_words_follow_the_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, words: list[str]) -> None:
    monkeypatch.setenv("LETTERS_LANG", lang)
    text = "\n".join(_chronology(tmp_path))
    for word in ("complaint", "unanswered", "unsatisfactory", "escalation", "reply"):
        assert f"  {word}" not in text, text
    for word in words:
        assert word in text, text


def test_a_command_s_own_output_shows_an_escape_in_a_file_name(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"), name="a\x1b]0;pwned\x07.yaml")
    checked = run("validate", case, "--on", ON)
    made = run("generate", case, "--stage", "first-complaint", "--out", tmp_path / "out", "--on", ON, "--format", "txt")
    for result in (checked, made):
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert checked.stdout.startswith(str(tmp_path / "a\\x1b]0;pwned\\x07.yaml") + ": ok")
