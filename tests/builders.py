"""The builders every test shares: valid cases as dicts and YAML files, Word documents from
paragraphs, small template trees, and reading a .docx back as a reader would."""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

#: The repository (examples/, docs/, README.md).
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

BASE_ZH: dict[str, Any] = {
    "version": 1,
    "case_id": "T-ZH-1",
    "language": "zh",
    "complainant": {
        "name": "李雷",
        "email": "lilei@example.com",
        "phone": "+86 139 1111 2222",
        "address": "上海市徐汇区漕溪北路 88 号",
        "account_id": "ACC-778",
    },
    "company": {"name": "示例钱包公司", "department": "客户服务部", "address": "深圳市南山区科技园 1 号", "email": "help@wallet.example"},
    "staff": {"name": "小张", "id": "KF-007", "role": "电话客服"},
    "incidents": [{"date": "2026-10-02", "channel": "客服热线", "summary": "客服挂断了我的电话", "problems": ["rude", "slow"]}],
    "evidence": [{"kind": "call-recording", "date": "2026-10-02", "description": "通话录音", "reference": "REC-1"}],
    "demands": [{"type": "apology"}, {"type": "refund", "detail": "退还手续费 12 元"}],
    "losses": [{"description": "手续费", "amount": "12.00", "currency": "CNY"}],
}

#: A Hong Kong case in Traditional Chinese. Its words include characters a Simplified →
#: Traditional conversion would change (范, 于, 后, 发, 里): a letter must print them as written.
BASE_ZH_HANT: dict[str, Any] = {
    "version": 1,
    "case_id": "T-HK-1",
    "language": "zh-Hant",
    "complainant": {
        "name": "范志明",
        "email": "fan@example.hk",
        "phone": "+852 5123 4567",
        "address": "香港九龍旺角彌敦道 600 號 12 樓",
        "account_id": "HK-3301",
    },
    "company": {
        "name": "示例錢包有限公司",
        "department": "客戶服務部",
        "address": "香港中環皇后大道中 99 號",
        "email": "cs@wallet.example.hk",
    },
    "staff": {"name": "陳小姐", "id": "CS-018", "role": "電話客服"},
    "incidents": [
        {
            "date": "2026-10-02",
            "channel": "客服熱線",
            "summary": "客服于通话后发了一条短信，说问题“不归他们管”，之后挂断了电话",
            "problems": ["rude", "slow"],
        }
    ],
    "evidence": [{"kind": "call-recording", "date": "2026-10-02", "description": "通話錄音（里程碑計劃查詢）", "reference": "REC-8"}],
    "demands": [{"type": "apology"}, {"type": "refund", "detail": "退還手續費港幣 50 元"}],
    "losses": [{"description": "手續費", "amount": "50.00", "currency": "HKD"}],
}

BASE_EN: dict[str, Any] = {
    "version": 1,
    "case_id": "T-EN-1",
    "language": "en",
    "complainant": {
        "name": "Tom Reader",
        "email": "tom@example.com",
        "phone": "+44 1632 960000",
        "address": "3 Mill Lane, York",
        "account_id": "U-55",
    },
    "company": {"name": "Example Wallet plc", "department": "Support", "address": "9 Quay Road, Leeds", "email": "support@wallet.example"},
    "staff": {"name": "Kim", "id": "S-42", "role": "chat agent"},
    "incidents": [
        {
            "date": "2026-10-02",
            "channel": "live chat",
            "summary": "The agent closed my ticket without answering.",
            "problems": ["no-response"],
        }
    ],
    "evidence": [{"kind": "chat-log", "date": "2026-10-02", "description": "Chat transcript", "reference": "T-9"}],
    "demands": [{"type": "explanation"}, {"type": "compensation", "detail": "refund the 10 GBP fee"}],
    "losses": [{"description": "Fee", "amount": "10.00", "currency": "GBP"}],
}


def case_dict(lang: str = "zh", **changes: Any) -> dict[str, Any]:
    """A valid case; keyword arguments replace top-level sections (None removes one)."""
    data = copy.deepcopy({"zh": BASE_ZH, "zh-Hant": BASE_ZH_HANT}.get(lang, BASE_EN))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write_case(folder: Path, data: dict[str, Any] | str, name: str = "case.yaml") -> Path:
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def docx_text(path: Path | str) -> str:
    """What a reader sees: every paragraph, then every table cell, one per line (headers/footers too)."""
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return reader_text("\n".join(lines))


def reader_text(text: str) -> str:
    """Text as a reader sees it: IDs keep their hyphens unbroken in Word (U+2011, or a hyphen
    and a word joiner in Chinese letters), English dates their spaces (U+00A0); a reader sees
    "-" and " "."""
    return text.replace(NB_HYPHEN, "-").replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ")


#: The non-breaking hyphen the built-in Word templates put in IDs and references.
NB_HYPHEN = "\u2011"
#: The zero-width word joiner a Chinese letter puts after the hyphen of an ID.
WORD_JOINER = "\u2060"
#: The no-break space that keeps an English date on one line in Word.
NO_BREAK_SPACE = "\u00a0"


def docx_bytes(paragraphs: Sequence[str], *, header: str | None = None, title: str | None = None) -> bytes:
    """A Word document with these paragraphs (and header text / title property)."""
    import docx

    document = docx.Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if title is not None:
        document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_docx(path: Path, paragraphs: Sequence[str], *, header: str | None = None, title: str | None = None) -> Path:
    """Write :func:`docx_bytes` to ``path`` (its folder made as needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(docx_bytes(paragraphs, header=header, title=title))
    return path


#: A template printing the stage title, the parties and the first incident (PDF and e-mail tests).
LINES = ("{{ stage_title }}", "{{ company.name }} {{ company.recipient }}", "{{ complainant.name }}", "{{ incidents[0].summary }}")


def write_templates(folder: Path, name: str = "first-complaint") -> Path:
    """``<name>.<zh|en>.<docx|txt>`` printing :data:`LINES`."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        (folder / f"{name}.{lang}.docx").write_bytes(docx_bytes(LINES))
        (folder / f"{name}.{lang}.txt").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return folder


def case_with_files(folder: Path, lang: str = "zh", files: dict[str, bytes] | None = None, **changes: Any) -> Path:
    """A case file in ``folder`` whose evidence points at ``files`` (written beside it)."""
    files = files or {}
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    evidence = [{"kind": "screenshot", "description": f"file {i}", "file": rel} for i, rel in enumerate(files, 1)]
    if evidence:
        changes.setdefault("evidence", evidence)
    return write_case(folder, case_dict(lang, **changes))


FIRST_TXT = """{{ complainant.name }}
{{ letter_date }}

Dear {{ company.recipient }},
{% for e in evidence %}
{{ e.id }}: {{ e.description }}
{% endfor %}
Yours faithfully,
{{ complainant.name }}
"""


def make_builtins(folder: Path) -> Path:
    """Stand-in built-ins: the first complaint in English, as .txt and .docx."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "first-complaint.en.txt").write_text(FIRST_TXT, encoding="utf-8")
    make_docx(
        folder / "first-complaint.en.docx",
        [
            "{{ complainant.name }}",
            "Dear {{ company.recipient }},",
            "{%p for e in evidence %}",
            "{{ e.id }}: {{ e.description }}",
            "{%p endfor %}",
        ],
        header="{{ case_id }}",
    )
    return folder


def run_cli(*args: object, input: str | None = None, catch_exceptions: bool = False) -> Result:
    """``letters …`` in-process, as a user would type it; the one way every test runs the CLI."""
    from letters.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=catch_exceptions)
