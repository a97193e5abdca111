"""Hostile YAML: whatever a case file's bytes are, the user gets one `Error:` line naming
the file (and line), exit 1, no letter and no change to the file. test_caseio.py covers the
library messages; these go through the command line, end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from letters.casefile.load import MAX_CASE_BYTES
from tests.builders import case_dict, docx_text
from tests.hostile.support import Row, error_lines, generate, one_error, run, snapshot

VALID = yaml.safe_dump(case_dict("en"), allow_unicode=True, sort_keys=False)

ROWS = [
    Row("unclosed-quote", 'case_id: "T-1', "`YAML syntax error: …` at the line"),
    Row("bad-indent", "a key indented deeper than its siblings", "`YAML syntax error: …` at the line"),
    Row(
        "full-width-colon",
        "`name：Tom Reader` (a full-width colon, as a Chinese input method types it), with or without a space after it",
        '`"name：" has a full-width colon; after a key write the ASCII colon and a space ("name: …")` at that line, not the next',
    ),
    Row("full-width-colon-space", "`name： Tom Reader`", "the same"),
    Row(
        "colon-in-value",
        "`name: Tom Reader: the customer` (an unquoted value holding `: `)",
        '`a value holding a colon and a space (": ") must be in quotes, e.g. …` at the line',
    ),
    Row("tab-indent-in-list", "a list item indented with a tab", "`tab characters cannot indent YAML; use spaces`"),
    Row("whitespace-only", "a file of blank lines and spaces", "`is empty; run `letters init` …`"),
    Row("comments-only", "a file holding only `# comments`", "`holds no YAML document`"),
    Row("top-level-scalar", "the text `hello`", "`the top level must be a mapping …`"),
    Row("second-document", "`---` then a second document", "`YAML syntax error: expected a single document …`"),
    Row("nested-duplicate-key", "`name:` twice inside `complainant`", "`complainant.name: duplicate key (first given on line N)`"),
    Row("merge-key", "`<<: *base` in a mapping", "`merge keys (<<) are not supported in case files`"),
    Row("python-object-new", "`!!python/object/new:os.system`", "`the tag … is not allowed in a case file`"),
    Row("python-name", "`!!python/name:os.system`", "`the tag … is not allowed in a case file`"),
    Row("custom-tag", "`!include other.yaml`", "`the tag '!include' is not allowed …`"),
    Row("mapping-as-key", "`? [a, b]` (a list as a key)", "`a key must be plain text`"),
    Row("deep-nesting", "10,000 nested `[`", "`is nested too deeply to be a case file`"),
    Row("alias-bomb-cli", "nine levels of ten aliases each (10⁹ values)", "`expands to more than 100,000 values …`"),
    Row(
        "alias-text-bomb",
        "a 20 KB incident summary with an anchor, repeated by alias in 8,000 evidence descriptions (160 MB of text)",
        "`evidence[N].description: the case file expands to more than 10,000,000 characters of text here …` at the alias's line, "
        "at load: never a template's error",
    ),
    Row("over-2mib", f"a valid case padded with a comment to {MAX_CASE_BYTES + 1:,} bytes", "`is larger than 2 MiB …`"),
    Row("nul-byte", "a NUL byte on line 3", "`contains NUL bytes; it is not a text file` at line 3"),
    Row("utf16-le", "the case saved as UTF-16 LE (with BOM)", "`is UTF-16 text; save it as UTF-8`"),
    Row("utf16-be", "the case saved as UTF-16 BE (with BOM)", "`is UTF-16 text; save it as UTF-8`"),
    Row("gbk-cli", "a Chinese case saved as GBK", "`is not UTF-8 text (it looks like GBK/GB18030-encoded Chinese) …`, file untouched"),
    Row("latin1", "`é` as a Latin-1 byte", "`is not UTF-8 text; save it as UTF-8` at the line"),
    Row("bom-generate", "UTF-8 with a byte-order mark", "accepted: the letters are written"),
    Row("crlf", "Windows line endings", "accepted: the letters are written"),
    Row("hex-reference", "`reference: 0xdeadbeef` unquoted", "kept as `0xdeadbeef` (YAML 1.1 would make it 3735928559)"),
    Row("leading-zero-id", "`account_id: 007` unquoted", "kept as `007`"),
    Row("plus-phone", "`phone: +441632960000` unquoted", "kept with its `+`"),
    Row("bool-version", "`version: true`", "`version: must be 1 or 2 …`"),
    Row("bool-name", "`name: no` (YAML 1.1 boolean)", "`complainant.name: Input should be a valid string`"),
]
IDS = {row.id: row for row in ROWS}


def _broken(row_id: str) -> bytes:
    """The bytes of the hostile file for a row."""
    nested_dup = VALID.replace("complainant:\n  name: Tom Reader\n", "complainant:\n  name: Tom Reader\n  name: Tom Again\n")
    bomb = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    bomb += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    texts = {
        "unclosed-quote": 'version: 1\ncase_id: "T-1\nlanguage: en\n',
        "bad-indent": "version: 1\ncase_id: T-1\n   language: en\n",
        "tab-indent-in-list": "version: 1\nincidents:\n\t- date: 2026-10-01\n",
        "whitespace-only": "\n   \n\n",
        "comments-only": "# my case\n# to be written\n",
        "top-level-scalar": "hello\n",
        "second-document": VALID + "---\nversion: 1\n",
        "nested-duplicate-key": nested_dup,
        "merge-key": "base: &b {name: x}\ncomplainant:\n  <<: *b\n",
        "python-object-new": "version: !!python/object/new:os.system [echo hi]\n",
        "python-name": "version: !!python/name:os.system\n",
        "custom-tag": "version: 1\ncompany: !include other.yaml\n",
        "mapping-as-key": "version: 1\n? [a, b]\n: x\n",
        "deep-nesting": "a: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "alias-bomb-cli": "\n".join(bomb) + "\n",
        "full-width-colon": VALID.replace("complainant:\n  name: Tom Reader\n", "complainant:\n  name：Tom Reader\n"),
        "full-width-colon-space": VALID.replace("complainant:\n  name: Tom Reader\n", "complainant:\n  name： Tom Reader\n"),
        "colon-in-value": VALID.replace("complainant:\n  name: Tom Reader\n", "complainant:\n  name: Tom Reader: the customer\n"),
    }
    if row_id in texts:
        return texts[row_id].encode("utf-8")
    if row_id == "over-2mib":
        raw = VALID.encode("utf-8")
        return raw + b"#" + b"x" * (MAX_CASE_BYTES - len(raw)) + b"\n"
    if row_id == "nul-byte":
        return b"version: 1\ncase_id: T-1\nlanguage: \x00en\n"
    if row_id == "utf16-le":
        return VALID.encode("utf-16")
    if row_id == "utf16-be":
        return b"\xfe\xff" + VALID.encode("utf-16-be")
    if row_id == "gbk-cli":
        return yaml.safe_dump(case_dict("zh"), allow_unicode=True, sort_keys=False).encode("gbk")
    if row_id == "latin1":
        return VALID.replace("Tom Reader", "Tom Réader").encode("latin-1")
    raise KeyError(row_id)


REFUSED = [
    ("unclosed-quote", "YAML syntax error: "),
    ("bad-indent", "YAML syntax error: "),
    ("tab-indent-in-list", ":3: tab characters cannot indent YAML; use spaces"),
    ("whitespace-only", ": is empty; run `letters init` for an example case file"),
    ("comments-only", ":1: holds no YAML document"),
    ("top-level-scalar", ":1: the top level must be a mapping of keys (version, case_id, …)"),
    ("second-document", "YAML syntax error: expected a single document in the stream but found another document"),
    ("nested-duplicate-key", ":6: complainant.name: duplicate key (first given on line 5)"),
    ("merge-key", ":3: complainant: merge keys (<<) are not supported in case files"),
    (
        "python-object-new",
        ":1: the tag 'tag:yaml.org,2002:python/object/new:os.system' is not allowed in a case file (tags cannot build objects)",
    ),
    ("python-name", ":1: the tag 'tag:yaml.org,2002:python/name:os.system' is not allowed in a case file (tags cannot build objects)"),
    ("custom-tag", ":2: the tag '!include' is not allowed in a case file (tags cannot build objects)"),
    ("mapping-as-key", ":2: a key must be plain text"),
    ("deep-nesting", ": is nested too deeply to be a case file"),
    ("alias-bomb-cli", ": expands to more than 100,000 values (are anchors/aliases repeating data?)"),
    ("over-2mib", ": is larger than 2 MiB; a case file is a small text file"),
    ("nul-byte", ":3: contains NUL bytes; it is not a text file"),
    ("utf16-le", ": is UTF-16 text; save it as UTF-8"),
    ("utf16-be", ": is UTF-16 text; save it as UTF-8"),
    ("gbk-cli", "is not UTF-8 text (it looks like GBK/GB18030-encoded Chinese); save it as UTF-8"),
    ("latin1", ":5: is not UTF-8 text; save it as UTF-8"),
    ("full-width-colon", ':5: "name：" has a full-width colon; after a key write the ASCII colon and a space ("name: …")'),
    ("full-width-colon-space", ':5: "name：" has a full-width colon; after a key write the ASCII colon and a space ("name: …")'),
    ("colon-in-value", ':5: a value holding a colon and a space (": ") must be in quotes, e.g. summary: "Note: they closed the ticket"'),
]


@pytest.mark.parametrize(("row_id", "expected"), REFUSED, ids=[r for r, _ in REFUSED])
def test_hostile_yaml_gets_one_error_line_and_no_letter(tmp_path: Path, row_id: str, expected: str) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(_broken(row_id))
    before = snapshot(tmp_path)
    validated = one_error(run("validate", case))
    generated = one_error(generate(case, tmp_path / "out"))
    assert validated == generated
    assert validated.startswith(f"Error: {case}")
    assert expected in validated
    assert snapshot(tmp_path) == before, "the case file changed or something was written"


@pytest.mark.parametrize("row_id", ["bom-generate", "crlf"])
def test_byte_order_mark_and_windows_line_endings_are_accepted(tmp_path: Path, row_id: str) -> None:
    case = tmp_path / "case.yaml"
    raw = VALID.encode("utf-8")
    case.write_bytes(b"\xef\xbb\xbf" + raw if row_id == "bom-generate" else raw.replace(b"\n", b"\r\n"))
    result = generate(case, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Tom Reader" in docx_text(tmp_path / "out" / "T-EN-1" / "first-complaint.docx")


@pytest.mark.parametrize(
    ("row_id", "line", "replacement", "kept"),
    [
        ("hex-reference", "  reference: T-9\n", "  reference: 0xdeadbeef\n", "0xdeadbeef"),
        ("leading-zero-id", "  account_id: U-55\n", "  account_id: 007\n", "007"),
        ("plus-phone", "  phone: +44 1632 960000\n", "  phone: +441632960000\n", "+441632960000"),
    ],
    ids=["hex-reference", "leading-zero-id", "plus-phone"],
)
def test_unquoted_numbers_like_text_come_out_as_written(tmp_path: Path, row_id: str, line: str, replacement: str, kept: str) -> None:
    assert line in VALID
    case = tmp_path / "case.yaml"
    case.write_text(VALID.replace(line, replacement), encoding="utf-8")
    result = generate(case, tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "T-EN-1"
    assert kept in (folder / "first-complaint.txt").read_text(encoding="utf-8")
    assert kept in docx_text(folder / "first-complaint.docx")


@pytest.mark.parametrize(
    ("row_id", "old", "new", "expected"),
    [
        (
            "bool-version",
            "version: 1\n",
            "version: true\n",
            ":1: version: must be 1 or 2 (the case-file formats this version of letters reads)",
        ),
        ("bool-name", "  name: Tom Reader\n", "  name: no\n", ":5: complainant.name: Input should be a valid string"),
    ],
    ids=["bool-version", "bool-name"],
)
def test_yaml_booleans_where_text_or_numbers_belong_are_refused(tmp_path: Path, row_id: str, old: str, new: str, expected: str) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    (line,) = error_lines(run("validate", case, "--on", "2026-11-01"))
    assert line == f"Error: {case}{expected}"


def test_every_row_has_a_test() -> None:
    tested = {r for r, _ in REFUSED} | {
        "bom-generate",
        "alias-text-bomb",
        "crlf",
        "hex-reference",
        "leading-zero-id",
        "plus-phone",
        "bool-version",
        "bool-name",
    }
    assert tested == set(IDS)


_KEY_LINES = [n for n, line in enumerate(VALID.splitlines()) if re.match(r"^\s*(- )?[a-z_]+:( |$)", line)]


@given(index=st.sampled_from(_KEY_LINES), space=st.booleans())
@example(index=_KEY_LINES[4], space=False)
def test_fuzz_a_full_width_colon_is_named_at_its_own_line(index: int, space: bool) -> None:
    """Any key of a valid case typed with "：": the error is at that line and names that key."""
    import tempfile

    lines = VALID.splitlines()
    key = re.match(r"^\s*(?:- )?([a-z_]+):", lines[index]).group(1)  # type: ignore[union-attr]
    lines[index] = re.sub(r":( ?)", "：" + (" " if space else ""), lines[index], count=1)
    with tempfile.TemporaryDirectory() as folder:
        case = Path(folder) / "case.yaml"
        case.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = run("validate", case)
        line = error_lines(result)[0]
    assert f":{index + 1}: " in line and f'"{key}：" has a full-width colon' in line, line


def _alias_text_bomb() -> str:
    text = VALID.replace("  summary: The agent closed my ticket without answering.", '  summary: &long "' + "x" * 20_000 + '"', 1)
    assert "&long" in text
    items = "".join("- kind: other\n  description: *long\n" for _ in range(8_000))
    return text.replace("evidence:\n", "evidence:\n" + items, 1)


def test_aliases_repeating_a_long_text_are_refused_at_load_naming_the_key(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(_alias_text_bomb(), encoding="utf-8")
    line = one_error(generate(case, tmp_path / "out"))
    assert "the case file expands to more than 10,000,000 characters of text here" in line, line
    assert line.startswith(f"Error: {case}:") and "].description: " in line and "evidence[" in line
    assert not (tmp_path / "out").exists()
