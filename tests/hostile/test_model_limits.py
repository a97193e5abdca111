"""Values at the documented limits: every amount the model accepts (up to 12 integer digits
with 18 decimals) formats, and sums, without error or rounding; `letters log` records any
text the model accepts, NEL and the Unicode separators included, exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from letters.casefile.load import load_case
from letters.phrasebook import MONEY_CONTEXT, add_amounts, format_money
from tests.builders import case_dict, docx_text, write_case
from tests.hostile.support import ON, Row, generate, run

LARGEST = "999999999999.999999999999999999"
SMALLEST = "0.000000000000000001"

ROWS = [
    Row(
        "amount-30-digits-cny",
        f'`amount: "{LARGEST}"` in CNY, twice, zh and en',
        "`CN¥999,999,999,999.999999999999999999` each and the exact total `…1,999,999,999,999.999999999999999998`",
    ),
    Row("amount-30-digits-usdt", "the same in USDT", "`999,999,999,999.999999999999999999 USDT`, total exact"),
    Row("amount-limit-exactly", '`amount: "1000000000000"` (the limit itself) in USD', "`US$1,000,000,000,000.00`"),
    Row(
        "amount-smallest",
        f'`amount: "{SMALLEST}"` in BTC and in JPY',
        "every digit kept: `0.000000000000000001 BTC`, `JP¥0.000000000000000001`",
    ),
    Row("amount-exponent", '`amount: "1E+12"` and `"1e-18"`', "formatted as plain numbers"),
    Row("amount-letters-all-formats", "the 30-digit amount through .txt, .docx and .eml", "the same text in each"),
    Row(
        "log-nel",
        "`letters log --summary $'a\\u0085b'` (NEL, a YAML line break)",
        "recorded exactly (written `\\N` in double quotes); the case validates",
    ),
    Row("log-separators", "`--summary` holding U+2028, U+2029, CR, VT, FF, FS", "recorded exactly"),
    Row("log-nel-and-newline", "`--summary` holding NEL next to a newline", "recorded exactly"),
]


def _amount_case(folder: Path, lang: str, amount: str, currency: str) -> Path:
    data = case_dict(
        lang,
        losses=[{"description": "x", "amount": amount, "currency": currency}, {"description": "y", "amount": amount, "currency": currency}],
    )
    return write_case(folder, data)


@pytest.mark.parametrize(
    ("row_id", "lang", "amount", "currency", "each", "total"),
    [
        ("amount-30-digits-cny", "en", LARGEST, "CNY", "CN¥999,999,999,999.999999999999999999", "CN¥1,999,999,999,999.999999999999999998"),
        (
            "amount-30-digits-cny",
            "zh",
            LARGEST,
            "CNY",
            "人民币999,999,999,999.999999999999999999元",
            "人民币1,999,999,999,999.999999999999999998元",
        ),
        (
            "amount-30-digits-usdt",
            "en",
            LARGEST,
            "USDT",
            "999,999,999,999.999999999999999999 USDT",
            "1,999,999,999,999.999999999999999998 USDT",
        ),
        ("amount-limit-exactly", "en", "1000000000000", "USD", "US$1,000,000,000,000.00", "US$2,000,000,000,000.00"),
        ("amount-smallest", "en", SMALLEST, "BTC", "0.000000000000000001 BTC", "0.000000000000000002 BTC"),
        ("amount-smallest", "en", SMALLEST, "JPY", "JP¥0.000000000000000001", "JP¥0.000000000000000002"),
        ("amount-exponent", "en", "1E+12", "GBP", "£1,000,000,000,000.00", "£2,000,000,000,000.00"),
        ("amount-exponent", "en", "1e-18", "ETH", "0.000000000000000001 ETH", "0.000000000000000002 ETH"),
    ],
    ids=["cny-en", "cny-zh", "usdt", "limit", "btc", "jpy", "exp-12", "exp-18"],
)
def test_amounts_at_the_limits_format_exactly(
    tmp_path: Path, row_id: str, lang: str, amount: str, currency: str, each: str, total: str
) -> None:
    case = _amount_case(tmp_path, lang, amount, currency)
    result = generate(case, tmp_path / "out", "--format", "docx,txt,eml")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / case_dict(lang)["case_id"]
    txt = (folder / "first-complaint.txt").read_text(encoding="utf-8")
    assert txt.count(each) >= 2 and total in txt
    assert each in docx_text(folder / "first-complaint.docx") and total in docx_text(folder / "first-complaint.docx")
    assert (folder / "first-complaint.eml").exists()
    assert run("status", case, "--on", ON).exit_code == 0


@pytest.mark.parametrize(
    ("row_id", "text"),
    [("log-nel", "a\x85b"), ("log-separators", "a\u2028b\u2029c\rd\x0be\x0cf\x1cg"), ("log-nel-and-newline", "x\x85\ny")],
    ids=["log-nel", "log-separators", "log-nel-and-newline"],
)
def test_log_records_any_text_the_model_accepts(tmp_path: Path, row_id: str, text: str) -> None:
    case = write_case(tmp_path, case_dict("en"))
    result = run("log", case, "--kind", "note", "--date", "2026-10-05", "--summary", text)
    assert result.exit_code == 0, result.output
    assert load_case(case).case.contacts[-1].summary == text.strip()
    assert yaml.safe_load(case.read_text(encoding="utf-8"))["contacts"][-1]["summary"] == text


# Every amount the model accepts: 0 to 18 decimal places (drawn per example, not filtered, so
# a derandomized run does not spend its budget on amounts the model refuses).
AMOUNTS = st.integers(0, 18).flatmap(
    lambda places: st.decimals(
        min_value=Decimal(SMALLEST), max_value=Decimal("1000000000000"), places=places, allow_nan=False, allow_infinity=False
    )
)


# 30 significant digits: the default decimal context (28) rounded the sum and the check.
@example(amount=Decimal("999999999999.999999999999999999"), currency="BTC", lang="en")
@given(
    amount=AMOUNTS,
    currency=st.sampled_from(["CNY", "USD", "JPY", "GBP", "KWD", "USDT", "BTC", "ETH"]),
    lang=st.sampled_from(["zh", "zh-Hant", "en"]),
)
def test_fuzz_every_amount_the_model_accepts_formats_with_every_digit(amount: Decimal, currency: str, lang: str) -> None:
    text = format_money(amount, currency, lang)
    digits = "".join(c for c in text if c.isdigit())
    plain = format(amount, "f").replace(".", "")
    assert plain.lstrip("0").rstrip("0") in digits.lstrip("0")  # nothing rounded away
    assert add_amounts([amount, amount]) == MONEY_CONTEXT.multiply(amount, 2)  # exact, not rounded to 28 digits


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), min_size=1, max_size=30).filter(
    lambda t: t.strip()
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
# NEL, LINE and PARAGRAPH SEPARATOR inside a line: PyYAML folded them when log wrote them plain.
@example(text="a\x85b")
@example(text="a\u2028b")
@example(text="a\u2029b")
@given(text=TEXT)
def test_fuzz_log_records_or_refuses_with_the_real_reason(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """Any text: recorded as the model reads it, or refused naming the summary (never 'the file's layout')."""
    folder = tmp_path_factory.mktemp("log")
    case = write_case(folder, case_dict("en"))
    before = case.read_bytes()
    result = run("log", case, "--kind", "note", "--date", "2026-10-05", "--summary", text)
    if result.exit_code == 0:
        assert (load_case(case).case.contacts[-1].summary or "").strip() == text.strip()
    else:
        assert "layout" not in result.stderr, result.stderr
        assert result.stderr.startswith("Error: ") and case.read_bytes() == before
