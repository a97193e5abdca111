"""Writing a case as a commented YAML file in the DESIGN.md key order (used by ``letters new``).

Written by hand rather than dumped so that each section carries a note saying what it is
for, like the examples ``letters init`` copies; every string is quoted only when YAML would
otherwise read it back as something else.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from letters import rx
from letters.phrasebook.zh_hant import YAML_NOTES_ZH_HANT

__all__ = ["YAML_NOTES", "case_yaml"]

#: Comments written into the case file, per top-level key (and a header), per language.
YAML_NOTES: dict[str, dict[str, str]] = {
    "en": {
        "header": "A letters case file (format version 2), written by `letters new`; lines starting with # are notes.\n"
        "Edit it whenever you like. Check it:  letters validate {file}\n"
        "First letter:  letters generate {file} --stage first-complaint --out letters-out",
        "case_id": "letters, digits, dot, dash, underscore; also names the output folder",
        "language": "the letters' language: en, zh (Simplified Chinese) or zh-Hant (Traditional, Hong Kong)",
        "complainant": "you",
        "company": "the company you complain to",
        "company.management": "who receives an escalation",
        "purchase": "what you bought: the consumer bodies' forms ask for it",
        "staff": "the staff involved (name, id or role); incidents name them by key",
        "incidents": "what happened, factually; at least one",
        "evidence": "numbered E1, E2… in this order",
        "policies": "the company's own terms that were not followed",
        "losses": "amounts are quoted; ISO currency codes or USDT, BTC, ETH…",
        "demands": "at least one",
        "response_days": "days the company has to reply",
        "contacts": "record what you send: letters log {file} --kind complaint --date YYYY-MM-DD",
        "footer": "authority:                   # the consumer body for the last stage (optional)\n  name: …\n  website: …",
    },
    "zh": {
        "header": "letters 案件文件（格式版本 2），由 `letters new` 生成；以 # 开头的行是说明。\n"
        "可以随时修改。检查：letters validate {file}\n"
        "生成第一封投诉函：letters generate {file} --stage first-complaint --out letters-out",
        "case_id": "案件编号：字母、数字、点、横线、下划线；也是输出文件夹的名字",
        "language": "信件语言：zh 简体中文 / zh-Hant 繁体中文（香港）/ en 英文",
        "complainant": "投诉人（你自己）",
        "company": "被投诉的公司",
        "company.management": "升级投诉的收件人",
        "purchase": "购买的商品或服务：消费者组织的表单会问到",
        "staff": "涉事工作人员（姓名、工号或岗位）；各事件用编号 key 指明涉及谁",
        "incidents": "发生了什么：至少一条，只写事实",
        "evidence": "证据：按顺序编号 E1、E2…",
        "policies": "对方没有遵守的本公司条款",
        "losses": "损失：金额加引号，币种用 ISO 代码或 USDT、BTC、ETH 等",
        "demands": "你的诉求：至少一项",
        "response_days": "要求对方答复的期限（天）",
        "contacts": "往来记录：寄出投诉后用 letters log {file} --kind complaint --date 年-月-日 记录",
        "footer": "authority:                   # 受理投诉的机构（可省略：按公司所在地选定）\n"
        "  name: 全国12315平台\n  website: https://www.12315.cn",
    },
}

# Characters YAML cannot hold literally (or would fold as line breaks): written as escapes.
_NEEDS_ESCAPE = rx.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN_START = rx.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
#: Numbers, booleans and nulls of YAML 1.1 *and* 1.2, which other tools (and ruamel) would not read as text.
_YAML_SPECIAL = rx.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:e[-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-f]+|[-+]?\.inf|\.nan"
    r"|true|false|null|~|yes|no|on|off|y|n)$",
    re.IGNORECASE,
)
_NOTE_COLUMN = 31


def _quote(text: str) -> str:
    """A string as YAML reads it back unchanged: plain when safe, else double-quoted."""
    import yaml

    plain = (
        _PLAIN_START.match(text) is not None
        and not _NEEDS_ESCAPE.search(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and not _YAML_SPECIAL.match(text)
    )
    if plain:
        try:
            plain = yaml.safe_load(text) == text
        except yaml.YAMLError:
            plain = False
    if plain:
        return text

    def escape(match: re.Match[str]) -> str:
        code = ord(match[0])
        return {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}.get(code) or (f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")

    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _NEEDS_ESCAPE.sub(escape, body) + '"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if isinstance(value, int) else value.isoformat()
    if isinstance(value, Decimal):
        return f'"{format(value, "f")}"'  # amounts are always quoted: never read as floats
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return _quote(str(value))


def _with_note(line: str, note: str | None) -> str:
    return f"{line.ljust(_NOTE_COLUMN - 1)} # {note}" if note else line


def _node(key: str, value: Any, indent: int, path: str, notes: dict[str, str]) -> list[str]:
    pad = " " * indent
    note = notes.get(path)
    if isinstance(value, dict):
        lines = [_with_note(f"{pad}{key}:", note)]
        for k, v in value.items():
            lines += _node(k, v, indent + 2, f"{path}.{k}", notes)
        return lines
    if isinstance(value, list) and value and isinstance(value[0], dict):
        lines = [_with_note(f"{pad}{key}:", note)]
        for item in value:
            item_lines: list[str] = []
            for k, v in item.items():
                item_lines += _node(k, v, indent + 4, f"{path}[].{k}", notes)
            item_lines[0] = f"{pad}  - {item_lines[0][indent + 4 :]}"
            lines += item_lines
        return lines
    return [_with_note(f"{pad}{key}: {_scalar(value)}", note)]


def case_yaml(data: dict[str, Any], lang: str, filename: str) -> str:
    """The case as a commented YAML file like the examples ``letters init`` writes."""
    filename = re.sub(r"[\x00-\x1f\x7f]", "?", filename)  # a note must stay on its line
    notes = {key: text.format(file=filename) for key, text in YAML_NOTES[lang].items()}
    lines = [f"# {line}" for line in notes["header"].splitlines()]
    for key, value in data.items():
        if isinstance(value, (dict, list)) or key == "response_days":
            lines.append("")
        lines += _node(key, value, 0, key, notes)
    lines.append("")
    lines += [f"# {line}" for line in notes["footer"].splitlines()]
    return "\n".join(lines) + "\n"


# Traditional Chinese (zh-Hant): made from the zh notes by tools/hant.py.
YAML_NOTES["zh-Hant"] = YAML_NOTES_ZH_HANT
