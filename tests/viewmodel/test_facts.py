"""The facts a case's own words tell: the quick test for a needed word before each pattern
never hides a match the pattern alone would find."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from letters.viewmodel.authority import FACT_NEEDS, FACT_WORDS, says


def test_every_pattern_has_its_needed_words() -> None:
    assert FACT_NEEDS.keys() == FACT_WORDS.keys()
    assert all(need == need.lower() and not {"i", "s"} & set(need) for needs in FACT_NEEDS.values() for need in needs)


@pytest.mark.parametrize("fact", sorted(FACT_WORDS))
def test_a_match_always_holds_a_needed_word(fact: str) -> None:
    @given(st.from_regex(FACT_WORDS[fact]) | st.text(alphabet="航班取消 cancelIEDflightRtwı7天日无理由return", max_size=30))
    @example("I was charged ſeveral twıce")
    @example("SEVEN-DAY RETURN")
    def check(words: str) -> None:
        assert says(fact, words, words.lower()) == (FACT_WORDS[fact].search(words) is not None)

    check()


def test_ignorecase_matches_no_other_character_for_the_needed_letters() -> None:
    letters = {c for needs in FACT_NEEDS.values() for need in needs for c in need if c.isascii() and c.isalpha()}
    odd = [(p, c) for p in letters for c in map(chr, range(0x80, 0x3000)) if re.fullmatch(p, c, re.I) and p not in c.lower()]
    assert odd == []


@pytest.mark.parametrize(
    "words",
    ["the denial of my billing-error dispute", "a sofa that was never delivered", "the goods have not been delivered", "a Billing Error"],
)
def test_a_billing_error_is_told_as_a_card_holder_writes_it(words: str) -> None:
    """Native read: "billing-error dispute" and "never delivered" (a billing error in the Fair Credit
    Billing Act's own list) did not count, so the Act went uncited."""
    assert says("billing_error", words, words.lower())
