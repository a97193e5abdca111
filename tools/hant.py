#!/usr/bin/env python3
"""Traditional Chinese with Hong Kong usage (``zh-Hant``): the letters' own Hong Kong table, and conversion for the rest.

    python tools/hant.py            # rewrite letters/phrasebook/zh_hant.py from the Simplified tables
    python tools/hant.py --check    # exit 1 when the file is not what this makes

The letters' phrases are Hong Kong writing of their own (:data:`HK`, written and reviewed
here, not converted); the built-in Hong Kong templates are written in
tools/template_build/wording_zh_hant.py. Conversion is for the command line's messages,
``letters new``'s questions and the notes it writes, and stands in for a letter phrase only
until :data:`HK` has it. Never a case's words: they reach a letter through the frames'
``{fields}``, as the user wrote them.

The characters come from OpenCC (``s2t``, phrase-aware); the words a Hong Kong reader
expects (電郵, 網上, 跟進, 轉駁, 個案編號…) from :data:`GLOSSARY`, applied to the Simplified
text first so OpenCC never touches them; quotation marks become 「」 and 『』. Where Hong
Kong letters are built differently (敬啟者： for every salutation), :data:`HK` has it as written.
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

TARGET = ROOT / "letters" / "phrasebook" / "zh_hant.py"

#: Simplified → Hong Kong wording, longest first where one contains another. Each entry is a
#: word a Hong Kong reader would find foreign in a plain character conversion.
GLOSSARY: dict[str, str] = {
    "统一社会信用代码或注册号": "商業登記號碼或公司註冊編號",
    "统一社会信用代码": "註冊編號",
    "有关消费者组织或市场监督管理部门": "有關消費者組織或監管機構",
    "客服热线或在线客服": "客戶服務熱線或網上客服",
    "电子邮箱地址": "電郵地址",  # not 電郵地址地址
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
    "账户号": "帳戶號碼",
    "账户": "帳戶",
    "账单": "帳單",  # Hong Kong writes 帳 (帳戶, 帳單), as its telecoms and utilities do
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
    "邮箱地址": "電郵地址",
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
    # what Hong Kong calls broadband, town gas and a document (the Chromium walk)
    "声明了": "聲明了",  # not OpenCC's 聲明瞭 (明瞭, "clear", read across the word boundary)
    "宽带": "寬頻",
    "燃气": "煤氣",
    "文档": "文件",
    # Hong Kong counts computers and machines with 部, and calls a complaint a 個案, not a 案件
    # (a court's or the police's word there)
    "这台电脑": "這部電腦",
    "台机器": "部機器",
    "案件": "個案",
}

#: The letters' phrases as Hong Kong writes them, reviewed phrase by phrase: written here, not
#: converted from the mainland table (閣下 after 敬啟者, 覆核, 確認收到本函, 處理時間表, 文件 /
#: 資料, 貴會 to the Consumer Council, HK$ for Hong Kong dollars). The same groups, keys and
#: {fields} as PHRASES["zh"] (tests/viewmodel/test_zh_hant.py checks it); a key missing here
#: falls back to the conversion and is named on stderr until someone writes it.
HK: dict[str, dict[str, str]] = {
    "stage": {
        "first-complaint": "投訴信",
        "follow-up": "投訴跟進信",
        "escalation": "致管理層投訴信",
        "consumer-association": "消費投訴書",
    },
    "problem": {
        "rude": "態度欠佳",
        "slow": "處理延誤",
        "wrong-advice": "提供錯誤的處理建議",
        "refused-supervisor": "拒絕為本人轉駁主管",
        "unjustified-fee": "要求本人支付理據不明的費用",
        "no-response": "未有回應本人的查詢",
        "other": "其他問題",
    },
    "demand": {
        "apology": "向本人作出書面道歉",
        "explanation": "書面解釋上述問題的原因及處理經過",
        "correction": "更正錯誤的處理結果",
        "compensation": "賠償本人因此蒙受的損失",
        "refund": "退還有關款項",
        "staff-action": "跟進涉事職員的表現並告知結果",
        "other": "處理本信所述的其他事項",
    },
    "demand_sentence": {
        "apology": "就上述事件向本人作出書面道歉。",
        "explanation": "書面解釋上述問題的原因及處理經過。",
        "correction": "更正錯誤的處理結果。",
        "compensation": "賠償本人因此蒙受的損失。",
        "refund": "退還有關款項。",
        "staff-action": "跟進涉事職員的表現，並將跟進結果告知本人。",
        "other": "處理本信所述的其他事項。",
    },
    "demand_short": {
        "apology": "作出書面道歉",
        "explanation": "書面解釋原因",
        "correction": "更正錯誤的處理結果",
        "compensation": "賠償損失",
        "refund": "退還有關款項",
        "staff-action": "跟進涉事職員的表現",
        "other": "處理本信所述的其他事項",
    },
    "demand_short_sum": {"compensation": "賠償{sum}", "refund": "退還{sum}"},
    "demand_noun": {
        "apology": "書面道歉",
        "explanation": "就事件原因及處理經過的書面解釋",
        "correction": "更正錯誤的處理結果",
        "compensation": "賠償損失",
        "refund": "退還有關款項",
        "staff-action": "跟進涉事職員的表現並告知結果",
        "other": "處理本人所述的其他事項",
    },
    "demand_noun_sum": {"compensation": "賠償{sum}", "refund": "退還{sum}"},
    "demand_sentence_sum": {"compensation": "賠償本人{sum}。", "refund": "退還本人{sum}。"},
    "evidence": {
        "chat-log": "對話紀錄",
        "email": "電郵",
        "call-recording": "通話錄音",
        "screenshot": "截圖",
        "document": "文件",
        "transaction": "交易紀錄",
        "other": "其他資料",
    },
    "contact": {
        "complaint": "提出投訴",
        "follow-up": "跟進",
        "escalation": "向管理層投訴",
        "filing": "向消費者組織投訴",
        "reply": "公司回覆",
        "call": "致電",
        "chat": "網上查詢",
        "note": "備註",
    },
    "outcome": {
        "unanswered": "未獲回覆",
        "answered": "已獲回覆",
        "satisfactory": "回覆滿意",
        "unsatisfactory": "回覆不滿意",
        "reply": "收到回覆",
    },
    "misc": {
        "recipient": "客戶服務部",
        "management_title": "客戶服務主管",
        "staff_id": "員工編號",
        "staff": "職員",
        "list_sep": "、",
        "email_channel": "電郵",
        "other_channel": "客戶服務熱線或網上客服",
        "fee_charged": "收取了理據不明的費用",
        "rude_staff": "職員態度欠佳",
        "record_chat": "{dates}的網上客服對話紀錄",
        "record_call": "{dates}的通話錄音",
        "letter_complaint": "投訴信",
        "letter_follow-up": "投訴跟進信",
        "letter_escalation": "致管理層投訴信",
        "letter_filing": "消費投訴書",
        "attempt_complaint": "投訴",
        "attempt_follow-up": "跟進",
        "attempt_escalation": "向管理層投訴",
        "bytes": "{n}位元組",
        "cny": "人民幣{amount}元",
        "hkd": "HK${amount}",
        "hkd_words": "港幣{amount}元",
    },
    "register": {
        "you_card": "貴行",
        "it_card": "該行",
        "customer_card": "持卡人",
        "you_bank": "貴行",
        "it_bank": "該行",
        "customer_bank": "客戶",
        "you_shop": "貴公司",
        "it_shop": "該公司",
        "customer_shop": "顧客",
        "you_passenger": "貴公司",
        "it_passenger": "該公司",
        "customer_passenger": "乘客",
        "you_user": "貴公司",
        "it_user": "該公司",
        "customer_user": "用戶",
        "you_customer": "貴公司",
        "it_customer": "該公司",
        "customer_customer": "客戶",
        "body_council": "貴會",
        "body_centre": "貴中心",
        "body_bureau": "貴局",
        "body_other": "貴機構",
    },
    "text": {
        "you": "貴公司",
        "it": "該公司",
        "paren": "（{text}）",
        "service_staff": "{company}{label}於{when}為本人提供的服務",
        "service_some": "{company}職員於{when}為本人提供的服務（其中{days}為{label}）",
        "service": "{company}職員於{when}為本人提供的服務",
        "staff_id": "{who}（員工編號：{id}）",
        "staff_id_inline": "{who}，員工編號：{id}",
        # 敬啟者： opens a formal letter to a firm, an officer or a body; a manager whose name and
        # rank the case gives is addressed by them, as a Hong Kong letter does (梁經理台鑒：)
        "dear_company": "敬啟者：",
        "dear_person": "敬啟者：",
        "dear_rank": "{surname}{rank}台鑒：",
        "dear_title": "敬啟者：",
        "dear_body": "敬啟者：",
        "dear_staff": "敬啟者：",
        "and_sums": "及",
        "and_records": "以及",
        "and_then": "，並",
        "sum_is": "，金額為{amount}",
        "sum_of": "金額為{total}（{what}）。",
        "sum_made_up": "金額合共{total}，包括：{items}。",
        "loss_item": "{what}（{amount}）",
        "item_sep": "；",
        "pay_to": "請將款項存入：{to}。",
        "ref_yours_bare": "{you}編號：{ref}",  # 貴行編號 to a bank, as the letter addresses it
        "ref_bare": "編號：{ref}",
        "reply_voiced": "{said}（{how}）。",
        "reply_voiced_plain": "{said}。",
        "final_voiced": "此為{firm}的最終回覆。",
        "by": "透過{channel}",
        "reply_rejected": "本人認為有關回覆未能解決問題。",
        "reply_rejected_again": "有關回覆仍未能解決問題。",
        "reply_rejected_still": "本人對有關回覆同樣不能接受。",
        "reply_accepted": "本人接受有關回覆。",
        "contact_complaint": "本人{by}向{firm}提出投訴{ref}",
        "contact_follow-up": "本人{by}向{firm}跟進投訴{ref}",
        "contact_escalation": "本人{by}向{firm}管理層投訴{ref}",
        "contact_filing": "本人{by}向消費者組織投訴{ref}",
        "contact_reply": "{firm}{by}回覆{ref}",
        "contact_call": "本人{by}致電{firm}{ref}",
        "contact_chat": "本人{by}向{firm}查詢{ref}",
        "contact_said": "{head}，{said}。{verdict}",
        "contact_plain": "{head}。{verdict}",
        "channel_head": "{channel}：",
        "staff_involved": "經手職員：{label}。",
        "deadline_passed": "本人{date}{letter}所定的回覆期限（{deadline}）已過，仍未獲回覆。",
        "chase": "於{date}{by}{verb}{ref}",
        "chase_follow-up": "跟進",
        "chase_call": "致電查詢",
        "chase_chat": "網上查詢",
        "attempt": "於{date}{what}",
        "attempt_then": "，並",
        "channel_email": "{channel}（{email}）",
        "law_always": "根據{cite}，{says}。",
        "law_fits": "本人認為，{firm}{listed}，不符合{cite}關於{says}的規定。",
        "law_fits_more": "{firm}{listed}，不符合{cite}關於{says}的規定。",
        "form_consent": "（請在表格上自行勾選）",
        "form_missing": "（個案檔案未有提供，請自行填寫）",
        "form_title": "{title}：網上投訴表格各欄，按表格次序排列，可逐欄複製貼上。",
        "respondent_brand": "{legal}（{brand}）",
        "respondent_reg": "（商業登記號碼或公司註冊編號：{reg}）",
        "product": "{company}客戶服務",
        "tx_network": "網絡",
        "tx_txid": "交易編號",
        "tx_from": "付款地址",
        "tx_to": "收款地址",
        "tx_explorer": "區塊鏈瀏覽器",
        "label": "{label}：{value}",
        "sep": "，",
        "facts_head": "{date}，{channel}：",
        "facts_head_date": "{date}：",
        "facts_contact": "{date}，{what}",
        "ref_plain": "編號 {ref}",
        "demand_pay_to": "，存入：{to}",
        "evidence_line": "{id} {kind}：{description}",
        "eml_subject": "{title}：{company}（本人編號：{case_id}）",
        "order_no": "訂單編號：{order}",
        "ref_no": "編號：{order}",
        "service_no": "編號：{order}",
        "policy_no": "保單號碼：{order}",
        "subject_order": "{product}（{order}）",
        "subject_incident": "{date}{channel}{what}",
        "subject_loss": "{what}（{amount}）",
        "subject_transaction": "{date}{amount}{network}交易及相關客戶服務",
        "subject_service": "{date}{channel}的服務",
        "staff_unnamed": "{who}（未能得知其姓名）",
        "staff_unnamed_after": "{who}；未能得知其姓名{close}",
        "staff_on": "{days}為{label}",
        "service_many": "{company}職員於{when}為本人提供的服務（其中{parts}）",
        "promised": "{firm}承諾：「{promise}」。",
        "promised_by": "{firm}承諾：「{promise}」，期限為{by}。",
        "contact_final": "{firm}{by}作出最終回覆{ref}",
        "promise_broken": "{firm}{date}回覆中承諾的期限（{by}）已過，有關承諾仍未履行。",
        "see_enclosure": "（見附件{ids}）",
        "held_by": "（{what}由{firm}保存）",
        "about_order": "訂單{ref}",
        "about_booking": "預訂{ref}",
        "about_policy": "保單{ref}",
        "about_account": "帳戶{ref}",
        "about_product": "（{product}）",
        "next_management": "向管理層反映此事",
        "next_body": "向{body}投訴",
        "next_body_unknown": "消費者組織或有關監管機構",
        "noun_pay_to": "（存入：{to}）",
        "grievance_sum": "涉及款項{sum}",
    },
}

#: OpenCC's standard forms that Hong Kong prints otherwise (為 in every Hong Kong text; 核查, not 覈查;
#: 啟動, 才, 台: 啓, 纔 and 臺 are the forms Taiwan's standard keeps).
_VARIANTS = {"爲": "為", "覈": "核", "啓": "啟", "纔": "才", "臺": "台"}
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
    """PHRASES["zh-Hant"]: every group and key of PHRASES["zh"], in the Hong Kong wording of :data:`HK`.

    A key :data:`HK` does not have yet is converted from the mainland text and named on stderr.
    """
    from letters.phrasebook import PHRASES

    unknown = {(group, key) for group, words in HK.items() for key in words} - {
        (group, key) for group, words in PHRASES["zh"].items() for key in words
    }
    if unknown:
        raise SystemExit(f"HK names keys PHRASES['zh'] does not have: {sorted(unknown)}")
    table: dict[str, dict[str, str]] = {}
    for group, words in PHRASES["zh"].items():
        table[group] = {}
        for key, value in words.items():
            if key in HK.get(group, {}):
                table[group][key] = HK[group][key]
            else:
                print(f"tools/hant.py: PHRASES['zh'][{group!r}][{key!r}] has no Hong Kong wording in HK: converted", file=sys.stderr)
                table[group][key] = to_hant(value)
    return table


def unwritten() -> list[tuple[str, str]]:
    """The keys of PHRASES["zh"] that :data:`HK` has no Hong Kong wording for."""
    from letters.phrasebook import PHRASES

    return [(group, key) for group, words in PHRASES["zh"].items() for key in words if key not in HK.get(group, {})]


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
    parser.add_argument("--check", action="store_true", help="exit 1 when letters/phrasebook/zh_hant.py is out of date")
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
