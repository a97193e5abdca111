"""``language: zh-Hant``: letters in Traditional Chinese with Hong Kong usage.

Only letters' own wording is Traditional (made by tools/hant.py at build time); the case's
words are printed as the user wrote them, even where a conversion would change them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from letters.casefile.load import load_case
from letters.casefile.model import STAGES
from letters.phrasebook import PHRASES, format_money
from letters.pipeline import render_letters
from letters.templating.search import TemplateSearchPath
from letters.viewmodel.build import build_context
from letters.viewmodel.words import hk_prose
from tests.builders import BASE_ZH_HANT, ROOT, case_dict, docx_text, write_case

ON = dt.date(2026, 11, 25)
HISTORY = [
    {"kind": "complaint", "date": "2026-10-05", "channel": "電郵", "reference": "CS-1"},
    {"kind": "reply", "date": "2026-10-12", "channel": "電郵", "summary": "公司表示會再跟进", "satisfactory": False},
    {"kind": "follow-up", "date": "2026-10-20", "channel": "電郵"},
    {"kind": "escalation", "date": "2026-10-28", "channel": "電郵"},
]
#: Who each stage's letter is to, as 此致 names them on the next line.
ADDRESSEE = {
    "first-complaint": "示例錢包有限公司客戶服務部",
    "follow-up": "示例錢包有限公司客戶服務部",
    "escalation": "示例錢包有限公司客戶服務主管",
    "consumer-association": "消費者委員會",
}


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Every stage of the Hong Kong case, as text and Word, with the built-in templates."""
    folder = tmp_path_factory.mktemp("hk")
    case_file = load_case(write_case(folder, case_dict("zh-Hant", contacts=HISTORY)))
    search = TemplateSearchPath.build(use_env=False, use_config=False)
    return {stage: render_letters(case_file, stage=stage, formats=("txt", "docx"), search=search, on=ON).files for stage in STAGES}


def words_of(files: dict[str, bytes], tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "letter.docx").write_bytes(files["docx"])
    return files["txt"].decode("utf-8"), docx_text(tmp_path / "letter.docx")


@pytest.mark.parametrize("stage", STAGES)
def test_the_case_words_are_printed_as_written(letters: dict, stage: str, tmp_path: Path) -> None:
    txt, seen = words_of(letters[stage], tmp_path)
    c = BASE_ZH_HANT
    # 范 (not 範), 里程碑 (not 裏程碑): a conversion of the case's text would have changed these
    written = [c["complainant"]["name"], c["staff"]["name"], c["company"]["name"]]
    written.append("客服于通话后发了一条短信，说问题“不归他们管”，之后挂断了电话")  # Simplified, as the user typed it
    for text in written:
        assert text in txt and text in seen, text
    assert "範志明" not in txt and "於通話後發了" not in txt and "說問題" not in txt
    assert "里程碑" in txt and "裏程碑" not in txt  # the evidence description


@pytest.mark.parametrize("stage", STAGES)
def test_a_hong_kong_letter_opens_with_jing_qi_zhe_and_closes_with_ci_zhi_and_the_addressee(
    letters: dict, stage: str, tmp_path: Path
) -> None:
    txt, seen = words_of(letters[stage], tmp_path)
    lines = [line.strip() for line in txt.splitlines()]
    assert "敬啟者：" in lines and "敬啟者：" in seen.splitlines()
    assert lines[lines.index("此致") + 1] == ADDRESSEE[stage]
    for mainland in ("您好！", "敬礼", "敬禮", "尊敬的"):
        assert mainland not in txt and mainland not in seen


def test_the_wording_is_traditional_with_hong_kong_words(letters: dict, tmp_path: Path) -> None:
    opencc = pytest.importorskip("opencc")
    to_traditional = opencc.OpenCC("s2t")
    case_words = _case_words(case_dict("zh-Hant", contacts=HISTORY))
    case_words |= {hk_prose(text) for text in case_words}  # as the letter writes case prose (皇后大道中99號)
    for stage, files in letters.items():
        txt = files["txt"].decode("utf-8")
        for text in sorted(case_words, key=len, reverse=True):
            txt = txt.replace(text, "")
        simplified = sorted({ch for ch in txt if "\u4e00" <= ch <= "\u9fff" and to_traditional.convert(ch) not in (ch, "爲", "覈")})
        assert simplified == [], f"{stage}: Simplified characters in the wording: {simplified}"
    first = letters["first-complaint"]["txt"].decode("utf-8")
    for hong_kong in ("電郵：", "聯絡電話：", "確認收到本函", "員工編號：", "通話錄音", "處理時間表", "主旨：", "謹啟"):
        assert hong_kong in first, hong_kong
    assert PHRASES["zh-Hant"]["problem"]["refused-supervisor"] == "拒絕為本人轉駁主管"
    for mainland in ("电子邮箱", "電子郵箱", "聯繫電話", "工號", "受理編號", "轉接"):
        assert mainland not in first, mainland
    assert "投訴跟進信" in letters["follow-up"]["txt"].decode("utf-8")


def _case_words(data: object) -> set[str]:
    if isinstance(data, dict):
        return set().union(*(_case_words(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(_case_words(v) for v in data)) if data else set()
    return {str(data)} if isinstance(data, str) else set()


def test_the_filing_goes_to_the_consumer_council_with_its_form_in_traditional(tmp_path: Path) -> None:
    case_file = load_case(write_case(tmp_path, case_dict("zh-Hant", contacts=HISTORY)))
    view = build_context(case_file, "consumer-association", ON)
    authority = view["authority"]
    assert (authority["name"], authority["address"], authority["website"]) == (
        "消費者委員會",
        "香港北角渣華道191號嘉華國際中心22樓",  # its Chinese address in a Chinese letter
        "https://www.consumer.org.hk",
    )
    labels = [f["label"] for f in authority["form_fields"]]
    assert labels == [
        "姓名",
        "通訊地址或電郵",
        "聯絡電話",
        "商戶資料",
        "商品或服務",
        "交易詳情",
        "涉及金額",
        "投訴內容",
        "要求",
        "證明文件（收據、合約、結單等副本）",
        "同意將投訴轉交商戶",
    ]
    assert authority["form_fields"][-1]["value"] == "（請在表格上自行勾選）"
    assert authority["grounds"] == []  # no Hong Kong statute is among the verified facts


def test_money_dates_and_sizes_are_written_as_hong_kong_writes_them(tmp_path: Path) -> None:
    from decimal import Decimal

    assert format_money(Decimal("500.00"), "HKD", "zh-Hant") == "HK$500.00"  # one style: HK$, never 港元 beside it
    assert format_money(Decimal("500"), "HKD", "zh") == "港币500.00元"
    assert format_money(Decimal("12"), "CNY", "zh-Hant") == "人民幣12.00元"
    case_file = load_case(write_case(tmp_path, case_dict("zh-Hant")))
    view = build_context(case_file, "first-complaint", dt.date(2026, 10, 8))
    assert view["letter_date"] == "2026年10月8日" and view["deadline"] == "2026年10月22日"
    assert view["loss_total_text"] == "港幣50.00元"  # the case's own words write 港幣 50 元: one style, theirs
    assert view["stage_title"] == "投訴信" and view["salutation"] == "敬啟者："


def test_the_word_letter_sets_hong_kong_fonts_and_language(letters: dict, tmp_path: Path) -> None:
    (tmp_path / "letter.docx").write_bytes(letters["first-complaint"]["docx"])
    document = docx.Document(str(tmp_path / "letter.docx"))
    rpr = document.styles["Normal"].element.rPr
    assert rpr.rFonts.get(qn("w:eastAsia")) == "Noto Serif CJK HK"
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-HK"
    assert document.core_properties.language == "zh-HK"


def test_every_phrase_has_its_traditional_twin() -> None:
    zh, hant = PHRASES["zh"], PHRASES["zh-Hant"]
    assert {g: set(w) for g, w in zh.items()} == {g: set(w) for g, w in hant.items()}
    for group, words in zh.items():
        for key, text in words.items():  # the same {fields}, so the same case words go in
            if key.startswith("dear_") and key != "dear_rank":  # 敬啟者： names nobody
                assert _fields(hant[group][key]) == [], key
            elif key == "ref_yours_bare":  # Hong Kong names the firm (貴行編號 to a bank); 贵方编号 fits any
                assert sorted(_fields(hant[group][key])) == sorted([*_fields(text), "you"]), key
            else:
                assert sorted(_fields(text)) == sorted(_fields(hant[group][key])), (group, key)


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def test_the_traditional_table_is_what_tools_hant_makes() -> None:
    pytest.importorskip("opencc")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "hant.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_converter_leaves_template_code_and_fills_the_glossary() -> None:
    pytest.importorskip("opencc")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from hant import to_hant
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert (
        to_hant("电子邮箱：{{ complainant.email }}{% if 发 %}“后”{% endif %}")
        == "電郵地址：{{ complainant.email }}{% if 发 %}「後」{% endif %}"
    )
    assert to_hant("根据银发〔2021〕237号") == "根據銀發〔2021〕237號"
    assert to_hant("为本人") == "為本人"


def test_every_place_that_lists_the_letter_languages_lists_the_same_three() -> None:
    from typing import get_args

    from letters.casefile.model import Case
    from letters.interview.ask import LETTER_LANGUAGES
    from letters.phrasebook import LANGUAGES, LOCALES

    assert LANGUAGES == ("zh", "zh-Hant", "en")
    assert get_args(Case.model_fields["language"].annotation) == LANGUAGES
    # en-US is not a language: the conventions of an English letter to a US company (same phrases, US spelling)
    assert tuple(code for code, _ in LETTER_LANGUAGES) == LANGUAGES == tuple(LOCALES)[:3] and set(PHRASES) == set(LOCALES)
    assert set(LOCALES) - set(LANGUAGES) == {"en-US"} and PHRASES["en-US"].keys() == PHRASES["en"].keys()


def test_every_letter_phrase_is_written_for_hong_kong_not_converted() -> None:
    """PHRASES["zh-Hant"] is tools/hant.py's own Hong Kong table, reviewed phrase by phrase: a
    frame added to the Simplified table needs its Hong Kong wording in HK (the conversion only stands in)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from hant import HK, unwritten
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert unwritten() == [], "add these to HK in tools/hant.py"
    assert PHRASES["zh-Hant"] == {group: dict(HK[group]) for group in PHRASES["zh"]}
    text = PHRASES["zh-Hant"]["text"]
    assert (
        text["dear_rank"] == "{surname}{rank}台鑒："
        and text["by"] == "透過{channel}"
        and PHRASES["zh-Hant"]["register"]["body_council"] == "貴會"
    )
    for mainland in ("確認收悉", "處理時限", "材料", "複核", "您", "依法受理", "港元"):
        assert not [k for group in PHRASES["zh-Hant"].values() for k, v in group.items() if mainland in v], mainland


def test_no_glossary_word_is_doubled_by_the_conversion() -> None:
    """A glossary entry that already ends with the word that follows it (邮箱 → 電郵地址, then 地址)
    must not leave it twice: 電郵地址地址 in an interview error and a CLI message before."""
    catalog = (ROOT / "letters" / "locale" / "zh_Hant" / "LC_MESSAGES" / "letters.po").read_text(encoding="utf-8")
    generated = (ROOT / "letters" / "phrasebook" / "zh_hant.py").read_text(encoding="utf-8")
    for doubled in ("地址地址", "電郵電郵", "編號編號", "資料資料"):
        assert doubled not in catalog and doubled not in generated, doubled


def test_hong_kong_dollars_are_written_as_the_users_own_words_write_them(tmp_path: Path) -> None:
    """LETTER-CRAFT §7: one currency style. The user writes 港幣…元: the letter's sums follow;
    a user who writes HK$ (or nothing) gets HK$."""
    for detail, style, other in (("退還手續費港幣 50 元", "港幣50.00元", "HK$"), ("退還手續費 HK$50", "HK$50.00", "港幣50.00元")):
        data = case_dict("zh-Hant", demands=[{"type": "apology"}, {"type": "refund", "detail": detail}])
        context = build_context(load_case(write_case(tmp_path / style, data), on=ON), "first-complaint", ON)
        assert context["losses"][0]["amount_text"] == style
        assert other not in context["losses"][0]["amount_text"]
    assert format_money(Decimal("50.00"), "HKD", "zh-Hant") == "HK$50.00"  # outside a letter: the default
