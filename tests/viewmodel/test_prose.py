"""Case prose as a Chinese letter writes it, and case text as template data: the quick paths
(a character test before each regex) give exactly what the regexes alone give."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from letters.viewmodel.values import text
from letters.viewmodel.words import hk_prose, zh_prose

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def regex_zh_prose(value: str) -> str:
    """zh_prose as it was: every pattern applied to every text."""
    if not value:
        return value
    value = re.sub(r'"([^"\n]*)"', r"“\1”", value)
    value = re.sub(r"[ \t]*\((?=[^()\n]*\))", "（", value)
    value = re.sub(r"（([^()（）\n]*)\)", r"（\1）", value)
    value = re.sub(rf"(?<=[{_HAN}])([,;:?!])(?!//)", lambda m: _PUNCT[m.group(1)], value)
    # the spaces between Han and a number go; beside a word with a Latin letter (S3, 5G) they stay
    value = re.sub(
        rf"(?<=[{_HAN}])[ \t]+(?=([0-9][0-9A-Za-z.,]*))", lambda m: m.group() if re.search("[A-Za-z]", m.group(1)) else "", value
    )
    return re.sub(
        rf"([0-9A-Za-z.,]*[0-9])([ \t]+)(?=[{_HAN}])", lambda m: m.group() if re.search("[A-Za-z]", m.group(1)) else m.group(1), value
    )


def regex_hk_prose(value: str) -> str:
    return regex_zh_prose(re.sub(r'"([^"\n]*)"', r"「\1」", value)) if value else value


#: The characters the patterns look at, and a few they do not.
PROSE = st.text(alphabet='"()（）,;:?!/. \t\n0123456789abS张三元。，“”「」\ufffe\x00\x0b', max_size=40)


@given(PROSE)
@example('客服"张三"说:请(稍后)再来 3次')
@example("（见附件)和(甲(乙)丙)")
@example("退款:https://x.cn 张三,3 元")
@example("张三,,李四:?!//3 \t 元 a 3 三\t\t7")  # marks in a row after Han, a link after one, spaces and tabs by digits
@example("3 a 元 3,张")
@example("声悦 S3 蓝牙，星联 5G 畅享 128 元，v2.0 版，a,3 张")  # a name with Latin letters keeps its spaces
def test_zh_prose_is_the_regexes_alone(value: str) -> None:
    assert zh_prose(value) == regex_zh_prose(value)
    assert hk_prose(value) == regex_hk_prose(value)


def test_a_number_joins_the_han_beside_it_and_a_name_keeps_its_spaces() -> None:
    """Native read: 「声悦 S3 蓝牙」 became 「声悦 S3蓝牙」, half the spaces of one name gone."""
    assert zh_prose("声悦 S3 蓝牙降噪耳机") == "声悦 S3 蓝牙降噪耳机"
    assert zh_prose("星联 5G 畅享 128 元套餐") == "星联 5G 畅享128元套餐"
    assert hk_prose("（24 個月，月費港幣 238.50 元）") == "（24個月，月費港幣238.50元）"


@given(st.text(max_size=40) | PROSE)
@example("a\x00b\ufffec\ud800d\te\nf")
def test_text_drops_exactly_what_xml_rejects(value: str) -> None:
    assert text(value) == re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", "", value)


def test_dates_keep_each_months_days_together() -> None:
    import datetime as dt

    from letters.phrasebook import US_ENGLISH
    from letters.viewmodel.words import dates_text

    days = [dt.date(2026, 8, 4), dt.date(2026, 8, 19), dt.date(2026, 9, 1)]
    assert dates_text(days, "en") == "4 and 19 August and 1 September 2026"  # not "4, 19 August and …"
    assert dates_text(days, US_ENGLISH) == "August 4 and 19 and September 1, 2026"
    assert dates_text(days, "zh") == "2026年8月4日、19日和9月1日"
    assert dates_text([dt.date(2025, 12, 30), dt.date(2026, 1, 2)], "en") == "30 December 2025 and 2 January 2026"


@pytest.mark.parametrize(
    ("lang", "role", "label"),
    [
        (
            "en",
            "Billing team adviser (phone, did not give a name)",
            "the Billing team adviser (phone, did not give a name; I do not know their name)",
        ),
        ("en", "Billing team adviser", "the Billing team adviser (whose name I do not know)"),
        ("zh", "热线客服（夜班）", "热线客服（夜班；未能得知其姓名）"),
        ("zh-Hant", "熱線職員（夜更）", "熱線職員（夜更；未能得知其姓名）"),
        ("zh", "热线客服", "热线客服（未能得知其姓名）"),
    ],
)
def test_an_unnamed_member_whose_role_has_an_aside_gets_one_bracket(lang: str, role: str, label: str) -> None:
    """Native read 5: "the Billing team adviser (phone, did not give a name) (whose name I do not know)"."""
    from letters.casefile.model import Staff
    from letters.viewmodel.words import member_label

    assert member_label(Staff(key="a", role=role), lang) == label
