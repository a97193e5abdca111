#!/usr/bin/env python3
"""Dev check for the built-in templates (not a test): render every templates/<stage>.<lang>
.txt and .docx with hand-written view-model contexts and look for problems.

    python tools/check_templates.py            # check, print a summary
    python tools/check_templates.py --show     # also print every rendered text letter
    python tools/check_templates.py --out DIR  # also keep the rendered .docx/.txt in DIR

Contexts follow docs/view-model-draft.md: a rich one (every optional field, 2 incidents,
3 evidence items, losses in CNY and USDT, 3 contacts), a minimal one (required fields only,
empty lists, no contacts) and a hostile one (values containing &, <, {{ x }} …).
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import tempfile
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STAGES = ("first-complaint", "follow-up", "escalation", "consumer-association")
STAGE_TITLES = {
    "zh": {"first-complaint": "投诉函", "follow-up": "投诉催办函",
           "escalation": "投诉升级函", "consumer-association": "消费投诉书"},
    "en": {"first-complaint": "Formal complaint", "follow-up": "Follow-up to my complaint",
           "escalation": "Escalation of my complaint", "consumer-association": "Consumer complaint filing"},
}
SHA = "3f2a9c0d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7"


def txt_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                                lstrip_blocks=True, keep_trailing_newline=True)


def contact(date, date_iso, kind, kind_text, channel, reference, summary, satisfactory, outcome):
    return {"date": date, "date_iso": date_iso, "kind": kind, "kind_text": kind_text,
            "channel": channel, "reference": reference, "summary": summary,
            "satisfactory": satisfactory, "outcome_text": outcome}


def as_event(c: dict, days_since: int) -> dict:
    return {"date": c["date"], "date_iso": c["date_iso"], "channel": c["channel"],
            "reference": c["reference"], "summary": c["summary"], "days_since": days_since}


def rich_zh() -> dict:
    contacts = [
        contact("2026年10月5日", "2026-10-05", "complaint", "提交投诉", "电子邮件", "TICKET-5521",
                "通过电子邮件提交书面投诉，附聊天记录截图。", None, "未获答复"),
        contact("2026年10月20日", "2026-10-20", "follow-up", "催办", "客服热线", "",
                "致电客服热线询问处理进度，被告知等待。", None, "未获答复"),
        contact("2026年11月2日", "2026-11-02", "reply", "公司答复", "电子邮件", "TICKET-5521",
                "客服回复称已记录，未回应具体诉求。", False, "答复不满意"),
    ]
    return {
        "lang": "zh", "stage": "first-complaint", "stage_title": "投诉函", "case_id": "BP-2026-0042",
        "letter_date": "2026年11月25日", "letter_date_iso": "2026-11-25",
        "complainant": {"name": "王小明", "email": "xiaoming@example.com", "phone": "+86 138 0000 0000",
                        "address": "北京市朝阳区建国路 1 号", "account_id": "BP-UID-889120"},
        "company": {"name": "比特派 (Bitpie)", "department": "客户服务部", "address": "新加坡某某路 8 号",
                    "email": "support@example.com", "recipient": "客户服务部"},
        "management": {"name": "张伟", "title": "客户服务总监", "email": "cs-director@example.com",
                       "salutation": "尊敬的张伟总监："},
        "staff": {"name": "Alice", "id": "CS-1024", "role": "在线客服",
                  "label": "在线客服 Alice（工号：CS-1024）"},
        "incidents": [
            {"date": "2026年10月3日", "date_iso": "2026-10-03", "channel": "App 内在线客服",
             "summary": "本人咨询提币失败的原因，客服在四十分钟内仅回复两次，语气生硬，并建议本人重新提交提币申请。",
             "problems": ["服务态度恶劣", "处理拖延、响应缓慢", "提供了错误的处理建议"],
             "problems_text": "服务态度恶劣、处理拖延、响应缓慢、提供了错误的处理建议"},
            {"date": "2026年10月4日", "date_iso": "2026-10-04", "channel": "电子邮件",
             "summary": "本人要求转接上级主管，客服拒绝并关闭了工单。\n此后再未收到任何回复。",
             "problems": ["拒绝为我转接上级主管"], "problems_text": "拒绝为我转接上级主管"},
        ],
        "evidence": [
            {"id": "E1", "kind": "chat-log", "kind_text": "聊天记录", "date": "2026年10月3日",
             "description": "App 内在线客服完整聊天记录（导出截图）", "file": "evidence/chat.png",
             "reference": "", "sha256": SHA, "size_text": "245.3 KB"},
            {"id": "E2", "kind": "email", "kind_text": "电子邮件", "date": "2026年10月4日",
             "description": "工单关闭通知邮件", "file": "", "reference": "TICKET-5521",
             "sha256": "", "size_text": ""},
            {"id": "E3", "kind": "transaction", "kind_text": "交易记录", "date": "",
             "description": "重新提交提币申请产生的手续费记录", "file": "evidence/tx.pdf",
             "reference": "0x9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6", "sha256": SHA[::-1],
             "size_text": "88.0 KB"},
        ],
        "policies": [{"title": "用户服务协议", "clause": "第 5.2 条",
                      "summary": "客服应在 24 小时内回复用户的书面咨询"}],
        "losses": [
            {"description": "重复提币产生的手续费", "amount_text": "¥35.50", "currency": "CNY"},
            {"description": "提币延误造成的差价损失", "amount_text": "120.5 USDT", "currency": "USDT"},
            {"description": "另一笔手续费", "amount_text": "¥10.00", "currency": "CNY"},
        ],
        "loss_totals": [{"currency": "CNY", "amount_text": "¥45.50"},
                        {"currency": "USDT", "amount_text": "120.5 USDT"}],
        "demands": [
            {"type": "apology", "text": "就上述服务问题向我作出正式道歉", "detail": ""},
            {"type": "refund", "text": "退还不应收取的费用", "detail": "即重复提币产生的 35.50 元手续费"},
            {"type": "staff-action", "text": "对涉事客服人员的服务情况进行核查，并告知处理结果", "detail": ""},
        ],
        "response_days": 14, "deadline": "2026年12月9日", "deadline_iso": "2026-12-09",
        "contacts": contacts,
        "first_complaint": as_event(contacts[0], 51),
        "last_follow_up": as_event(contacts[1], 36),
        "last_escalation": None,
        "last_reply": as_event(contacts[2], 23),
        "other_channel": "电子邮件（support@example.com）",
        "authority": {"name": "北京市消费者协会", "address": "北京市西城区某某街 1 号",
                      "website": "https://www.12315.cn", "email": "ts@example.org", "phone": "12315"},
    }


def rich_en() -> dict:
    contacts = [
        contact("5 October 2026", "2026-10-05", "complaint", "complaint sent", "email", "TICKET-5521",
                "Sent a written complaint with chat screenshots.", None, "no reply"),
        contact("20 October 2026", "2026-10-20", "follow-up", "follow-up sent", "phone", "",
                "Called the helpline to ask for progress; told to wait.", None, "no reply"),
        contact("2 November 2026", "2026-11-02", "reply", "reply from the company", "email", "TICKET-5521",
                "Support said the complaint was logged but did not address my requests.", False,
                "unsatisfactory reply"),
    ]
    return {
        "lang": "en", "stage": "first-complaint", "stage_title": "Formal complaint", "case_id": "BP-2026-0042",
        "letter_date": "25 November 2026", "letter_date_iso": "2026-11-25",
        "complainant": {"name": "Jane Smith", "email": "jane@example.com", "phone": "+44 20 7946 0000",
                        "address": "1 High Street, London SW1A 1AA", "account_id": "BP-UID-889120"},
        "company": {"name": "Bitpie", "department": "Customer Support", "address": "8 Example Road, Singapore",
                    "email": "support@example.com", "recipient": "Customer Support"},
        "management": {"name": "Wei Zhang", "title": "Head of Customer Service",
                       "email": "cs-director@example.com", "salutation": "Dear Wei Zhang"},
        "staff": {"name": "Alice", "id": "CS-1024", "role": "in-app chat agent",
                  "label": "Alice (staff ID CS-1024, in-app chat agent)"},
        "incidents": [
            {"date": "3 October 2026", "date_iso": "2026-10-03", "channel": "in-app chat",
             "summary": "I asked why my withdrawal had failed. The agent replied twice in forty minutes, "
                        "was curt, and told me to resubmit the withdrawal.",
             "problems": ["rude and disrespectful treatment", "unreasonable delay in handling my request",
                          "incorrect advice"],
             "problems_text": "rude and disrespectful treatment, unreasonable delay in handling my request, "
                              "incorrect advice"},
            {"date": "4 October 2026", "date_iso": "2026-10-04", "channel": "email",
             "summary": "I asked to speak to a supervisor; the agent refused and closed the ticket.\n"
                        "I heard nothing further.",
             "problems": ["a refusal to refer me to a supervisor"],
             "problems_text": "a refusal to refer me to a supervisor"},
        ],
        "evidence": [
            {"id": "E1", "kind": "chat-log", "kind_text": "chat log", "date": "3 October 2026",
             "description": "Full in-app chat transcript (screenshots)", "file": "evidence/chat.png",
             "reference": "", "sha256": SHA, "size_text": "245.3 KB"},
            {"id": "E2", "kind": "email", "kind_text": "email", "date": "4 October 2026",
             "description": "Ticket closure notice", "file": "", "reference": "TICKET-5521",
             "sha256": "", "size_text": ""},
            {"id": "E3", "kind": "transaction", "kind_text": "transaction record", "date": "",
             "description": "Fee charged for the resubmitted withdrawal", "file": "evidence/tx.pdf",
             "reference": "0x9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6", "sha256": SHA[::-1],
             "size_text": "88.0 KB"},
        ],
        "policies": [{"title": "Terms of Service", "clause": "clause 5.2",
                      "summary": "support replies to written questions within 24 hours"}],
        "losses": [
            {"description": "Fee for the repeated withdrawal", "amount_text": "CN¥35.50", "currency": "CNY"},
            {"description": "Price difference caused by the delay", "amount_text": "120.5 USDT", "currency": "USDT"},
        ],
        "loss_totals": [{"currency": "CNY", "amount_text": "CN¥35.50"},
                        {"currency": "USDT", "amount_text": "120.5 USDT"}],
        "demands": [
            {"type": "apology", "text": "a formal apology for the way I was treated", "detail": ""},
            {"type": "refund", "text": "a refund of the amount charged without justification",
             "detail": "the CN¥35.50 withdrawal fee"},
            {"type": "staff-action", "text": "a review of the staff member's conduct and the outcome of that review",
             "detail": ""},
        ],
        "response_days": 14, "deadline": "9 December 2026", "deadline_iso": "2026-12-09",
        "contacts": contacts,
        "first_complaint": as_event(contacts[0], 51),
        "last_follow_up": as_event(contacts[1], 36),
        "last_escalation": None,
        "last_reply": as_event(contacts[2], 23),
        "other_channel": "email (support@example.com)",
        "authority": {"name": "Citizens Advice consumer service", "address": "PO Box 1, London",
                      "website": "https://www.citizensadvice.org.uk", "email": "", "phone": "0808 223 1133"},
    }


def minimal(rich: dict) -> dict:
    """Only what the case format requires; everything optional empty or None."""
    zh = rich["lang"] == "zh"
    ctx = copy.deepcopy(rich)
    ctx["complainant"] = {k: "" for k in rich["complainant"]} | {"name": rich["complainant"]["name"]}
    ctx["company"] = {"name": rich["company"]["name"], "department": "", "address": "", "email": "",
                      "recipient": "客户服务部" if zh else "Customer Service Department"}
    title = "客户服务负责人" if zh else "Head of Customer Service"
    ctx["management"] = {"name": "", "title": title, "email": "",
                         "salutation": f"尊敬的{title}：" if zh else f"Dear {title}"}
    ctx["staff"] = {"name": "", "id": "CS-1024", "role": "",
                    "label": "工号为 CS-1024 的客服人员" if zh else "staff member CS-1024"}
    inc = dict(rich["incidents"][0], channel="", problems=[], problems_text="")
    ctx["incidents"] = [inc]
    ctx["evidence"], ctx["policies"], ctx["losses"], ctx["loss_totals"] = [], [], [], []
    ctx["demands"] = [dict(rich["demands"][0])]
    ctx["contacts"] = []
    ctx["first_complaint"] = ctx["last_follow_up"] = ctx["last_escalation"] = ctx["last_reply"] = None
    ctx["other_channel"] = "客服热线或在线客服" if zh else "your customer-service telephone line or online chat"
    ctx["authority"] = {"name": "12315 全国消费者投诉举报平台" if zh else "Consumer protection authority",
                        "address": "", "website": "https://www.12315.cn" if zh else "", "email": "", "phone": ""}
    return ctx


HOSTILE = "A&B <i>x</i> {{ x }} {% if 1 %}y{% endif %} ${HOME}"


def hostile(rich: dict) -> dict:
    """Every string of the rich context gets template-looking and XML-special text."""
    def poison(value, key=""):
        if isinstance(value, dict):
            return {k: poison(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [poison(v) for v in value]
        if isinstance(value, str) and value and key not in ("sha256", "lang", "stage"):
            return value + " " + HOSTILE
        return value
    ctx = poison(rich)
    if ctx["first_complaint"]:
        ctx["first_complaint"]["days_since"] = 1  # and the singular
    return ctx


# ---------------------------------------------------------------------------------------


def docx_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def check_txt_layout(text: str) -> list[str]:
    problems = []
    if "\n\n\n" in text:
        problems.append("three or more newlines in a row")
    if text.startswith("\n") or not text.endswith("\n") or text.endswith("\n\n"):
        problems.append("bad start/end newlines")
    for n, line in enumerate(text.split("\n"), 1):
        if line != line.rstrip():
            problems.append(f"line {n}: trailing whitespace: {line!r}")
    return problems


def expected_strings(ctx: dict, stage: str) -> list[str]:
    """Values that must appear in the letter."""
    want = [ctx["case_id"], ctx["complainant"]["name"], ctx["staff"]["label"]]
    want += [d["text"] for d in ctx["demands"]] + [d["detail"] for d in ctx["demands"] if d["detail"]]
    want += [e["id"] for e in ctx["evidence"]] + [e["sha256"] for e in ctx["evidence"] if e["sha256"]]
    want += [t["amount_text"] for t in ctx["loss_totals"]]
    if stage != "consumer-association":
        want.append(ctx["deadline"])
    if stage in ("escalation", "consumer-association"):
        want += [c["summary"].splitlines()[0] for c in ctx["contacts"] if c["summary"]]
        want += [c["outcome_text"] for c in ctx["contacts"] if c["outcome_text"]]
    if stage in ("first-complaint", "escalation", "consumer-association"):
        want += [i["summary"].splitlines()[0] for i in ctx["incidents"]]
        want += [i["problems_text"] for i in ctx["incidents"] if i["problems_text"]]
    if stage == "follow-up":
        want.append(ctx["other_channel"])
        if ctx["first_complaint"]:
            want.append(ctx["first_complaint"]["date"])
    if stage == "escalation":
        want += [ctx["management"]["salutation"], ctx["authority"]["name"]]
    if stage == "consumer-association":
        want.append(ctx["authority"]["name"])
    return want


def norm(s: str) -> str:
    return s.strip().strip("\u3000").strip()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="letters-check-"))
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    contexts = {}
    for lang, rich in (("zh", rich_zh()), ("en", rich_en())):
        contexts[(lang, "rich")] = rich
        contexts[(lang, "minimal")] = minimal(rich)
        contexts[(lang, "no-reply")] = dict(rich, last_reply=None)
        contexts[(lang, "hostile")] = hostile(rich)
        contexts[(lang, "hostile-minimal")] = hostile(minimal(rich))
    for (lang, kind), base in contexts.items():
        for stage in STAGES:
            ctx = dict(base, stage=stage, stage_title=STAGE_TITLES[lang][stage])
            name = f"{stage}.{lang}"
            problems: list[str] = []
            # ---- text
            source = (TEMPLATES / f"{name}.txt").read_text(encoding="utf-8")
            text = txt_env().from_string(source).render(ctx)
            (out / f"{name}.{kind}.txt").write_text(text, encoding="utf-8")
            problems += ["txt: " + p for p in check_txt_layout(text)]
            # ---- docx
            tpl = DocxTemplate(str(TEMPLATES / f"{name}.docx"))
            tpl.render(ctx, jinja_env=SandboxedEnvironment(undefined=StrictUndefined), autoescape=True)
            target = out / f"{name}.{kind}.docx"
            tpl.save(str(target))
            paragraphs, tables = docx_text(target)
            flat = "\n".join(paragraphs + [c for t in tables for r in t for c in r])
            for label, rendered in (("txt", text), ("docx", flat)):
                for want in expected_strings(ctx, stage):
                    if want not in rendered:
                        problems.append(f"{label}: missing {want!r}")
                leftovers = rendered.replace(HOSTILE, "")
                if re.search(r"\{\{|\{%|\}\}|%\}", leftovers):
                    problems.append(f"{label}: template syntax left in the output")
                if kind.startswith("hostile") and HOSTILE not in rendered:
                    problems.append(f"{label}: hostile value not reproduced literally")
            # the docx paragraphs say what the text says (tables are lists in text)
            txt_lines = {norm(line) for line in text.splitlines()}
            for para in paragraphs:
                for line in para.split("\n"):
                    if norm(line) and norm(line) not in txt_lines:
                        problems.append(f"docx line not in txt: {line!r}")
            if paragraphs and not paragraphs[-1].strip():
                problems.append("docx ends with an empty paragraph")
            if any(not p.strip() for p in paragraphs):
                problems.append("docx has an empty paragraph")
            if ctx["evidence"] and not any(t[0][0] in ("编号", "No.") for t in tables):
                problems.append("docx: no evidence table")
            if stage in ("escalation", "consumer-association") and ctx["contacts"]:
                rows = [t for t in tables if t[0][0] in ("日期", "Date")]
                if not rows or len(rows[0]) != len(ctx["contacts"]) + 1:
                    problems.append("docx: chronology table rows wrong")
            status = "ok" if not problems else "FAIL"
            print(f"{status:4} {name:28} {kind:16} {len(text):6} chars, {len(paragraphs)} paragraphs, "
                  f"{len(tables)} tables")
            for prob in problems:
                print("     -", prob)
            failures += bool(problems)
            if args.show:
                print(text)
                print("-" * 78)
    print(f"rendered output in {out}")
    print("all good" if not failures else f"{failures} failing renders")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
