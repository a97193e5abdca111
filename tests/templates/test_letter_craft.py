"""What native readers found in the built-in letters (issue #23, LETTER-CRAFT §7), as tests over
every golden letter (tests/golden/: every stage of every example and golden case, in the language
each is written in): none of the stock phrases they quoted, and no sentence said twice."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.builders import ROOT

GOLDEN = ROOT / "tests" / "golden"
LETTERS = sorted(p for p in GOLDEN.glob("*/*.txt") if p.parent.name != "cases")

#: Lines the readers quoted (issue #23), in the three languages.
STOCK = [
    "本人认为，此次服务存在以下问题",
    "本人認為，此次服務存在以下問題",
    "具体问题为",
    "具體問題為",
    "其他服务问题",
    "其他服務問題",
    "My complaint here",
    "other service problems",
    "I sent my complaint:",
    "：投诉函。",
    "：投訴函。",
    "I have since chased it: on",
    "The sum is",
    "What has happened so far",
    "客服服务问题的投诉",
    "尊敬的客服中心总经理",
    "確認收悉",
    "處理時限",
    "複核",
    "懇請貴機構依法受理",
    # English round 2: a promise without its reply's date, a summary that splices demands, a heading repeated
    "You promised: “",
    "In short: ",
    "I ask for the following: ",
    "What I ask you to do\n",
]
#: Orders to the company, which a filing's list of asks to a body must not carry (it asks for noun phrases).
ORDERS = [
    "Apologise to me in writing",
    "Apologize to me in writing",
    "Explain in writing",
    "Refund me ",
    # the stock orders as they continue "To put this right, please:" in the letters to the company
    "apologise to me in writing.",
    "apologize to me in writing.",
    "explain in writing what happened and why.",
]


def test_there_are_golden_letters_in_every_language_and_stage() -> None:
    text = {p: p.read_text(encoding="utf-8") for p in LETTERS}
    stages = {p.stem for p in LETTERS}
    assert stages == {"first-complaint", "follow-up", "escalation", "consumer-association"}
    assert any("Dear" in t for t in text.values()) and any("此致" in t and "敬礼" in t for t in text.values())
    assert any("敬啟者" in t for t in text.values())
    assert len({p.parent.name for p in LETTERS}) >= 12


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_stock_phrase_the_readers_quoted(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [s for s in STOCK if s in text] == []
    if path.stem == "consumer-association":
        assert [s for s in ORDERS if s in text] == []


#: A sentence ends at . ! ? 。！？ (not at a decimal point: £412.80).
_SENTENCE = re.compile(r"(?:[^.。!！?？\n]|(?<=\d)\.(?=\d))+[.。!！?？]")
#: A form line ("经办职员：…", "Email: …"): a label, not a sentence; addresses and links are not sentences.
_LABEL = re.compile(r"^[^\s:：]{1,8}[:：]|@|://")


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_sentence_is_said_twice(path) -> None:
    text = path.read_text(encoding="utf-8")
    sentences = [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) >= 20 and not _LABEL.search(s.strip())]
    assert [s for s, n in Counter(sentences).items() if n > 1] == []
