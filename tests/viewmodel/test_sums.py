"""A total per currency is one exact sum of its amounts in the money context: the same digits,
exponent included, as adding them up one at a time in a local 60-digit context (as before)."""

from __future__ import annotations

from decimal import Context, Decimal, localcontext

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from letters.viewmodel.words import sum_by_currency

AMOUNTS = st.decimals(min_value=0, max_value=10**12 - 1, places=None, allow_nan=False, allow_infinity=False).filter(
    lambda d: d.as_tuple().exponent >= -18  # type: ignore[operator]
)


def one_at_a_time(sums: list[tuple[Decimal, str]]) -> dict[str, Decimal]:
    """Each amount added to its currency's running total, in a 60-digit local context."""
    totals: dict[str, Decimal] = {}
    for amount, currency in sums:
        with localcontext(Context(prec=60)):
            totals[currency] = sum((totals.get(currency, Decimal(0)), amount), Decimal(0))
    return totals


@given(st.lists(st.tuples(AMOUNTS, st.sampled_from(["CNY", "USDT", "EUR"])), max_size=8))
@example([(Decimal("35.50"), "CNY"), (Decimal("1E+2"), "CNY"), (Decimal("0.000000000000000001"), "CNY")])
@example([(Decimal("999999999999.999999999999999999"), "USDT")] * 3)
def test_a_total_is_the_sum_added_one_at_a_time(sums: list[tuple[Decimal, str]]) -> None:
    expected = one_at_a_time(sums)
    got = sum_by_currency(sums)
    assert list(got) == list(expected)
    assert [str(v) for v in got.values()] == [str(v) for v in expected.values()]


@pytest.mark.parametrize(
    "lang, detail, sentence",
    [
        ("en", "refund the fee", "refund the fee (£35.00)."),  # inside the full stop the letter adds
        ("en", "refund the fee.", "refund the fee. (£35.00)"),  # the user's own full stop stays theirs
        ("en", "refund the fee!", "refund the fee! (£35.00)"),
        ("zh", "退还手续费", "退还手续费，金额为35.00英镑。"),
        ("zh", "a.", "a.，金额为35.00英镑"),  # an ASCII full stop in a Chinese letter is the user's: kept
    ],
)
def test_a_demands_sum_is_said_once_and_the_users_words_stay_as_written(lang: str, detail: str, sentence: str) -> None:
    from letters.casefile.model import Demand
    from letters.viewmodel.words import demand_view

    demand = Demand.model_validate({"type": "refund", "detail": detail})
    said = demand_view(demand, lang, [("fee", Decimal("35"), "GBP")], True)["sentence"]
    assert said == sentence and detail in said


def test_a_sum_from_some_of_several_losses_says_what_it_is_made_of_in_one_bracket() -> None:
    from letters.casefile.model import Demand
    from letters.viewmodel.words import demand_view

    demand = Demand.model_validate({"type": "refund", "detail": "refund the fees"})
    losses = [("the fee", Decimal("20"), "GBP"), ("the charge", Decimal("30"), "GBP")]
    said = demand_view(demand, "en", losses, False)["sentence"]
    assert said == "refund the fees (£50.00: the fee, £20.00; the charge, £30.00)."
