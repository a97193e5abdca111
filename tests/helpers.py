"""Small builders shared by the tests: a valid case as a dict, written as YAML; docx reading."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

BASE_ZH: dict[str, Any] = {
    "version": 1,
    "case_id": "T-ZH-1",
    "language": "zh",
    "complainant": {"name": "李雷", "email": "lilei@example.com", "phone": "+86 139 1111 2222", "address": "上海市徐汇区漕溪北路 88 号", "account_id": "ACC-778"},
    "company": {"name": "示例钱包公司", "department": "客户服务部", "address": "深圳市南山区科技园 1 号", "email": "help@wallet.example"},
    "staff": {"name": "小张", "id": "KF-007", "role": "电话客服"},
    "incidents": [{"date": "2026-10-02", "channel": "客服热线", "summary": "客服挂断了我的电话", "problems": ["rude", "slow"]}],
    "evidence": [{"kind": "call-recording", "date": "2026-10-02", "description": "通话录音", "reference": "REC-1"}],
    "demands": [{"type": "apology"}, {"type": "refund", "detail": "退还手续费 12 元"}],
    "losses": [{"description": "手续费", "amount": "12.00", "currency": "CNY"}],
}

BASE_EN: dict[str, Any] = {
    "version": 1,
    "case_id": "T-EN-1",
    "language": "en",
    "complainant": {"name": "Tom Reader", "email": "tom@example.com", "phone": "+44 1632 960000", "address": "3 Mill Lane, York", "account_id": "U-55"},
    "company": {"name": "Example Wallet plc", "department": "Support", "address": "9 Quay Road, Leeds", "email": "support@wallet.example"},
    "staff": {"name": "Kim", "id": "S-42", "role": "chat agent"},
    "incidents": [{"date": "2026-10-02", "channel": "live chat", "summary": "The agent closed my ticket without answering.", "problems": ["no-response"]}],
    "evidence": [{"kind": "chat-log", "date": "2026-10-02", "description": "Chat transcript", "reference": "T-9"}],
    "demands": [{"type": "explanation"}, {"type": "compensation", "detail": "refund the 10 GBP fee"}],
    "losses": [{"description": "Fee", "amount": "10.00", "currency": "GBP"}],
}


def case_dict(lang: str = "zh", **changes: Any) -> dict[str, Any]:
    """A valid case; keyword arguments replace top-level sections (None removes one)."""
    data = copy.deepcopy(BASE_ZH if lang == "zh" else BASE_EN)
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
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)
