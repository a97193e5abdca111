#!/usr/bin/env python3
"""Traditional Chinese with Hong Kong usage (``zh-Hant``), made from the Simplified wording.

    python tools/hant.py            # rewrite letters/i18n/zh_hant.py from the Simplified tables
    python tools/hant.py --check    # exit 1 when the file is not what this makes

Only ``letters``' own wording is converted, never a case's words: the phrase table here,
and the built-in templates (tools/build_templates.py calls :func:`to_hant`). The case's
text reaches a letter through the frames' ``{fields}``, as the user wrote it.

The characters come from OpenCC (``s2t``, phrase-aware); the words a Hong Kong reader
expects (電郵, 網上, 跟進, 轉駁, 個案編號…) from :data:`GLOSSARY`, applied to the Simplified
text first so OpenCC never touches them; quotation marks become 「」 and 『』. Where Hong
Kong letters are built differently (敬啟者： for every salutation), :data:`OVERRIDES` has the
frame as written.
"""

from __future__ import annotations

import argparse
import pprint
import re
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = ROOT / "letters" / "i18n" / "zh_hant.py"

#: Simplified → Hong Kong wording, longest first where one contains another. Each entry is a
#: word a Hong Kong reader would find foreign in a plain character conversion.
GLOSSARY: dict[str, str] = {
    "统一社会信用代码或注册号": "商業登記號碼或公司註冊編號",
    "统一社会信用代码": "註冊編號",
    "有关消费者组织或市场监督管理部门": "有關消費者組織或監管機構",
    "客服热线或在线客服": "客戶服務熱線或網上客服",
    "电子邮箱": "電郵地址",
    "电子邮件": "電郵",
    "联系电话": "聯絡電話",
    "在线聊天记录": "網上對話記錄",
    "在线沟通": "網上溝通",
    "在线投诉表格": "網上投訴表格",
    "投诉催办函": "投訴跟進函",
    "催办": "跟進",
    "受理编号": "個案編號",
    "区块浏览器链接": "區塊鏈瀏覽器連結",
    "区块浏览器": "區塊鏈瀏覽器",
    "转接": "轉駁",
    "账户号": "賬戶號碼",
    "账户": "賬戶",
    "工号": "員工編號",
    "投诉人信息": "投訴人資料",
    "被投诉方信息": "被投訴方資料",
    "交易信息": "交易資料",
    "贵单位": "貴機構",
    "字节": "位元組",
    "客户服务负责人": "客戶服務主管",
    "链接": "連結",
    "在线客服": "網上客服",
    "个人信息": "個人資料",
    "是贵公司用户": "是貴公司的客戶",
    "案件文件": "個案檔案",
    "案件编号": "個案編號",
    "复制粘贴": "複製貼上",
    "记录": "紀錄",
    "客服服务": "客戶服務",
    "银发〔": "銀發〔",  # the central bank's document number (发 = issued), not 銀髮
    "平台": "平台",  # Hong Kong writes 平台, not OpenCC's 平臺
    "8周": "8個星期",
}

#: More words for the command line's messages (letters/locale/zh_Hant), where 文件 is a file on
#: disk (檔案), not a document as in a letter.
MESSAGE_GLOSSARY: dict[str, str] = {
    **GLOSSARY,
    "文件夹": "資料夾",
    "文件名": "檔案名稱",
    "文件": "檔案",
    "默认": "預設",
    "程序": "程式",
    "运行": "執行",
    "模板": "範本",
    "字符": "字元",
    "支持": "支援",
    "设置": "設定",
    "帮助": "說明",
    "创建": "建立",
    "保存": "儲存",
    "命令": "指令",
    "日志": "日誌",
    "信息": "資料",  # 你的信息: the person's details
    "通信地址": "通訊地址",
    "邮箱": "電郵地址",
    "回音": "回音",
    "回车": "按 Enter ",
    "岗位": "職位",
    "币种": "貨幣",
    "打开": "開啟",
    "菜单": "選單",
    "数据": "資料",
    "屏幕": "螢幕",
    "终端": "終端機",
    "内存": "記憶體",
    "磁盘": "磁碟",
    "软件": "軟件",
    "链接": "連結",
    "网络": "網絡",
    "邮件": "郵件",
    "纯文本": "純文字",
    "示例": "範例",
}

#: Frames a Hong Kong letter writes its own way, as written (keys of PHRASES["zh"]).
OVERRIDES: dict[str, dict[str, str]] = {
    "text": {
        # 敬啟者： opens a formal letter to a firm, an officer or a body alike
        "dear_company": "敬啟者：",
        "dear_person": "敬啟者：",
        "dear_title": "敬啟者：",
        "dear_body": "敬啟者：",
        "dear_staff": "敬啟者：",
    },
}

#: OpenCC's standard forms that Hong Kong prints otherwise (為 in every Hong Kong text; 核查, not 覈查).
_VARIANTS = {"爲": "為", "覈": "核"}
_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』", **_VARIANTS})
_TOKEN = re.compile("\ue000(\\d+)\ue001")
_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)


@cache
def _opencc():
    import opencc  # the build tools' dependency only (the [test] extra); letters never imports it

    return opencc.OpenCC("s2t")


def _convert(text: str, glossary: dict[str, str]) -> str:
    if not re.search("[\u3400-\u9fff]", text):
        return text.translate(_QUOTES)
    chosen: list[str] = []
    for simplified in sorted(glossary, key=len, reverse=True):
        if simplified in text:
            chosen.append(glossary[simplified])
            text = text.replace(simplified, f"\ue000{len(chosen) - 1}\ue001")
    text = _opencc().convert(text)
    text = _TOKEN.sub(lambda m: chosen[int(m.group(1))], text)
    return text.translate(_QUOTES)


def to_hant(text: str, glossary: dict[str, str] = GLOSSARY) -> str:
    """``text`` (Simplified wording, Jinja tags allowed) in Traditional Chinese, Hong Kong usage.

    What is inside ``{{ }}``, ``{% %}`` and ``{# #}`` is left as it is: it is code, or the case's words.
    """
    parts = _JINJA.split(text)
    return "".join(part if index % 2 else _convert(part, glossary) for index, part in enumerate(parts))


def message_to_hant(text: str) -> str:
    """A command-line message (letters/locale/zh) in Traditional Chinese: its {placeholders} stay as they are."""
    return to_hant(text, MESSAGE_GLOSSARY)


def phrases() -> dict[str, dict[str, str]]:
    """PHRASES["zh-Hant"]: every group and key of PHRASES["zh"], converted, with the overrides."""
    from letters.i18n import PHRASES

    table = {group: {key: to_hant(value) for key, value in words.items()} for group, words in PHRASES["zh"].items()}
    for group, words in OVERRIDES.items():
        unknown = set(words) - set(table[group])
        if unknown:
            raise SystemExit(f"OVERRIDES[{group!r}] names keys PHRASES['zh'] does not have: {sorted(unknown)}")
        table[group].update(words)
    return table


def interview() -> dict[str, object]:
    """``letters new`` in Traditional Chinese: its questions and its reasons for asking again."""
    from letters.interview import text

    return {
        "TEXT": {key: message_to_hant(value) for key, value in text.TEXT["zh"].items()},
        "DATE_DETAIL": {key: message_to_hant(value) for key, value in text.ZH_DATE_DETAIL.items()},
        "VALUE_ERRORS": {key: message_to_hant(value) for key, value in text.ZH_VALUE_ERRORS.items()},
        "PATH_DETAIL": message_to_hant(text.ZH_PATH_DETAIL),
    }


def yaml_notes() -> dict[str, str]:
    """The notes ``letters new`` writes into a case file, in Traditional Chinese."""
    from letters.casefile.writer import YAML_NOTES

    return {key: message_to_hant(value) for key, value in YAML_NOTES["zh"].items()}


def source() -> str:
    def dump(value: object) -> str:
        return pprint.pformat(value, width=120, sort_dicts=False)

    return (
        '"""Traditional Chinese, Hong Kong usage: the letters\' phrases, ``letters new``\'s questions and the\n'
        'notes it writes into a case file. Made by tools/hant.py from the Simplified tables; do not edit."""\n\n'
        "from typing import Any\n\n"
        f"PHRASES_ZH_HANT: dict[str, dict[str, str]] = {dump(phrases())}\n\n"
        f"INTERVIEW_ZH_HANT: dict[str, Any] = {dump(interview())}\n\n"
        f"YAML_NOTES_ZH_HANT: dict[str, str] = {dump(yaml_notes())}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when letters/i18n/zh_hant.py is out of date")
    args = parser.parse_args(argv)
    text = source()
    if args.check:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run python tools/hant.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
