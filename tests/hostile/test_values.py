"""Hostile values in a well-formed case: refused with the field and line, or written
into the letters exactly as the user typed them (never as template code or XML)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from letters.casefile.model import MAX_TEXT
from tests.builders import case_dict, docx_text, write_case
from tests.hostile.support import ON, Row, generate, one_error, run, snapshot

ROWS = [
    Row("impossible-date", "`date: 2026-02-30` on an incident", "`incidents[0].date: …` at its line"),
    Row(
        "year-0001",
        "`date: 0001-01-01`",
        "`incidents[0].date: 0001-01-01 is not a plausible date (use one between 1900-01-01 and 2999-12-31)`",
    ),
    Row("year-9999-contact", "a contact dated 9999-12-31", "`contacts[0].date: … is not a plausible date …`"),
    Row("on-9999", "`--on 9999-12-31` (deadline would overflow)", "usage error, exit 2: `… is not a plausible date …`"),
    Row(
        "incident-after-letter",
        "an incident dated after `--on`",
        "`incidents[0].date: 2026-12-01 is after the letter date 2026-11-01 (check the date, or pass --on)`",
    ),
    Row("contact-after-letter", "a contact dated after `--on`", "`contacts[0].date: … is after the letter date …`"),
    Row(
        "contact-before-incident",
        "a complaint logged before the first incident",
        "accepted (people ask before things go wrong); the chronology is in date order",
    ),
    Row("infinite-amount", "`amount: Infinity`", "`losses[0].amount: Input should be a finite number`"),
    Row("negative-amount", "`amount: -0.01`", "`losses[0].amount: must be greater than 0`"),
    Row("absurd-amount", "`amount: 1e13`", "`losses[0].amount: is implausibly large (the limit is 1,000,000,000,000)`"),
    Row("too-many-decimals", "`amount: 0.0000000000000000001`", "`losses[0].amount: has more than 18 decimal places`"),
    Row(
        "hex-amount",
        "`amount: 0x10`",
        '`losses[0].amount: write the amount as a plain number, e.g. 39.00 or "35.50": no currency sign, code or thousands separator …`',
    ),
    Row("dollar-amount", "`amount: $39.00`", "the same, `(got '$39.00')`"),
    Row("thousands-amount", '`amount: "1,299.00"`', "the same, `(got '1,299.00')`"),
    Row(
        "case-id-space",
        '`case_id: "my case"`',
        "`case_id: use only letters, digits, dots, dashes and underscores, … e.g. BP-2026-0042 (got 'my case')`",
    ),
    Row("response-days-words", "`response_days: ten`", "`response_days: write a whole number of days, e.g. 14 (got 'ten')`"),
    Row("unknown-currency", "`currency: BTCX`", "`losses[0].currency: unknown currency 'BTCX' …`"),
    Row("unknown-demand", "`type: revenge`", "`demands[0].type: Input should be 'apology', …`"),
    Row("unknown-contact-kind", "`kind: letter`", "`contacts[0].kind: Input should be …`"),
    Row("response-days-huge", "`response_days: 100000000000000000000`", "`response_days: Input should be less than or equal to 365`"),
    Row(
        "text-too-long",
        f"a summary of {MAX_TEXT + 1:,} characters",
        f"`incidents[0].summary: String should have at most {MAX_TEXT} characters`",
    ),
    Row("text-at-limit", f"a summary of exactly {MAX_TEXT:,} characters", "accepted; the whole text is in both letters"),
    Row(
        "xml-control-chars",
        "a summary with \\x01, \\x07 (bell), \\x0b, \\x0c (form feed), \\ufffe",
        "accepted; those characters are dropped (XML cannot hold them) and the .docx opens",
    ),
    Row("emoji-rtl-combining", "emoji, Hebrew/Arabic text, combining accents, a ZWJ family emoji", "kept exactly in .txt and .docx"),
    Row("jinja-lookalike", "`{{ complainant.name }}`, `{% for %}`, `{# #}` in a summary", "kept literally"),
    Row("docxtpl-markers", "`{_{ x }_}` and `{_% y %_}` in a summary", "kept literally (docxtpl would turn them into `{{ }}`; fixed)"),
    Row("xml-lookalike", "`<w:t>x</w:t> & ]]> &amp;` in a summary", "kept literally"),
    Row("tabs-newlines", "a summary with a tab and a line break", "kept: a tab and a line break in both letters"),
]


def _case(**section: Any) -> dict[str, Any]:
    return case_dict("en", **section)


def _incident(**fields: Any) -> list[dict[str, Any]]:
    return [{"date": "2026-10-02", "summary": "The agent closed my ticket.", **fields}]


REFUSED = [
    ("impossible-date", _case(incidents=_incident(date="2026-02-30")), "incidents[0].date: Input should be a valid date"),
    (
        "year-0001",
        _case(incidents=_incident(date="0001-01-01")),
        "incidents[0].date: 0001-01-01 is not a plausible date (use one between 1900-01-01 and 2999-12-31)",
    ),
    (
        "year-9999-contact",
        _case(contacts=[{"date": "9999-12-31", "kind": "complaint"}]),
        "contacts[0].date: 9999-12-31 is not a plausible date",
    ),
    (
        "incident-after-letter",
        _case(incidents=_incident(date="2026-12-01")),
        "incidents[0].date: 2026-12-01 is after the letter date 2026-11-01 (check the date, or pass --on)",
    ),
    (
        "contact-after-letter",
        _case(contacts=[{"date": "2026-11-02", "kind": "complaint"}]),
        "contacts[0].date: 2026-11-02 is after the letter date 2026-11-01",
    ),
    (
        "infinite-amount",
        _case(losses=[{"description": "x", "amount": "Infinity", "currency": "USD"}]),
        "losses[0].amount: Input should be a finite number",
    ),
    (
        "negative-amount",
        _case(losses=[{"description": "x", "amount": "-0.01", "currency": "USD"}]),
        "losses[0].amount: must be greater than 0",
    ),
    (
        "absurd-amount",
        _case(losses=[{"description": "x", "amount": "1e13", "currency": "USD"}]),
        "losses[0].amount: is implausibly large (the limit is 1,000,000,000,000)",
    ),
    (
        "too-many-decimals",
        _case(losses=[{"description": "x", "amount": "0.0000000000000000001", "currency": "BTC"}]),
        "losses[0].amount: has more than 18 decimal places",
    ),
    (
        "hex-amount",
        _case(losses=[{"description": "x", "amount": "0x10", "currency": "USD"}]),
        "losses[0].amount: write the amount as a plain number, e.g. 39.00",
    ),
    (
        "dollar-amount",
        _case(losses=[{"description": "x", "amount": "$39.00", "currency": "USD"}]),
        'losses[0].amount: write the amount as a plain number, e.g. 39.00 or "35.50": no currency sign, code or thousands separator '
        "(the currency goes in currency:) (got '$39.00')",
    ),
    (
        "thousands-amount",
        _case(losses=[{"description": "x", "amount": "1,299.00", "currency": "USD"}]),
        "(got '1,299.00')",
    ),
    ("case-id-space", _case(case_id="my case"), "case_id: use only letters, digits, dots, dashes and underscores, starting with a letter"),
    ("response-days-words", _case(response_days="ten"), "response_days: write a whole number of days, e.g. 14 (got 'ten')"),
    (
        "unknown-currency",
        _case(losses=[{"description": "x", "amount": "1", "currency": "BTCX"}]),
        "losses[0].currency: unknown currency 'BTCX'",
    ),
    ("unknown-demand", _case(demands=[{"type": "revenge"}]), "demands[0].type: Input should be 'apology'"),
    ("unknown-contact-kind", _case(contacts=[{"date": "2026-10-05", "kind": "letter"}]), "contacts[0].kind: Input should be 'complaint'"),
    ("response-days-huge", _case(response_days=10**20), "response_days: Input should be less than or equal to 365"),
    (
        "text-too-long",
        _case(incidents=_incident(summary="x" * (MAX_TEXT + 1))),
        f"incidents[0].summary: String should have at most {MAX_TEXT} characters",
    ),
]


@pytest.mark.parametrize(("row_id", "data", "expected"), REFUSED, ids=[r for r, _, _ in REFUSED])
def test_hostile_value_is_one_error_naming_line_and_field(tmp_path: Path, row_id: str, data: dict, expected: str) -> None:
    case = write_case(tmp_path, data)
    before = snapshot(tmp_path)
    line = one_error(generate(case, tmp_path / "out", stage="follow-up" if data.get("contacts") else "first-complaint"))
    assert line.startswith(f"Error: {case}:")
    assert expected in line
    assert one_error(run("validate", case, "--on", ON)) == line
    assert snapshot(tmp_path) == before


def test_on_date_beyond_the_calendar_is_a_usage_error(tmp_path: Path) -> None:
    result = generate(write_case(tmp_path, _case()), tmp_path / "out", "--on", "9999-12-31")
    assert result.exit_code == 2
    assert "9999-12-31 is not a plausible date (use one between 1900-01-01 and 2999-12-31)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_contact_before_first_incident_is_accepted_in_date_order(tmp_path: Path) -> None:
    data = _case(contacts=[{"date": "2026-09-01", "kind": "complaint", "reference": "EARLY-1"}])
    result = generate(write_case(tmp_path, data), tmp_path / "out", stage="follow-up")
    assert result.exit_code == 0, result.output
    assert "EARLY-1" in docx_text(tmp_path / "out" / "T-EN-1" / "follow-up.docx")


KEPT = [
    ("text-at-limit", "y" * (MAX_TEXT - 1) + "Z"),
    ("emoji-rtl-combining", "😀 👨‍👩‍👧 שלום עולם مرحبا e\u0301 n\u0303 \u202eRLO\u202c Ω"),
    ("jinja-lookalike", "{{ complainant.name }} {% for x in y %} {# note #} {{ 7*7 }}"),
    ("docxtpl-markers", "{_{ x }_} and {_% y %_} and a_b and _edge_"),
    ("xml-lookalike", "<w:t>x</w:t> & ]]> &amp; <![CDATA[ y ]]> \"q\" 'a'"),
]


def _letters(tmp_path: Path, summary: str) -> tuple[str, str]:
    result = generate(write_case(tmp_path, _case(incidents=_incident(summary=summary))), tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "T-EN-1"
    return (folder / "first-complaint.txt").read_text(encoding="utf-8"), docx_text(folder / "first-complaint.docx")


@pytest.mark.parametrize(("row_id", "summary"), KEPT, ids=[r for r, _ in KEPT])
def test_case_text_comes_out_exactly_as_written(tmp_path: Path, row_id: str, summary: str) -> None:
    txt, seen = _letters(tmp_path, summary)
    assert summary in txt
    assert summary in seen


@pytest.mark.parametrize("engine", ["auto", "docxtpl"])
def test_docxtpl_markers_survive_both_engines(tmp_path: Path, engine: str) -> None:
    summary = "{_{ x }_} {_% y %_}"
    result = generate(write_case(tmp_path, _case(incidents=_incident(summary=summary))), tmp_path / "out", "--engine", engine)
    assert result.exit_code == 0, result.output
    assert summary in docx_text(tmp_path / "out" / "T-EN-1" / "first-complaint.docx")


def test_xml_control_characters_are_dropped_and_the_letter_opens(tmp_path: Path) -> None:
    txt, seen = _letters(tmp_path, "bell\x07 vt\x0b ff\x0c one\x01 nonchar\ufffe end")
    for text in (txt, seen):
        assert "bell vt ff one nonchar end" in text


def test_tabs_and_line_breaks_are_kept(tmp_path: Path) -> None:
    txt, seen = _letters(tmp_path, "first\tsecond\nthird line")
    assert "first\tsecond\nthird line" in txt  # an incident is a paragraph: its lines stay as written
    assert "first\tsecond\nthird line" in seen


def test_every_row_has_a_test() -> None:
    tested = (
        {r for r, _, _ in REFUSED} | {r for r, _ in KEPT} | {"on-9999", "contact-before-incident", "xml-control-chars", "tabs-newlines"}
    )
    assert tested == {row.id for row in ROWS}
