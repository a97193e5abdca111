"""``--format eml``: a draft e-mail per letter, addressed to the stage's recipient, never sent."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from letters.casefile.load import load_case
from letters.render.eml import DOCX_TYPE, EmlError, build_eml, recipient
from letters.viewmodel.build import build_context
from tests.builders import case_dict, case_with_files, write_case, write_templates

ON = "2026-10-08"
ESCALATION_CONTACTS = [
    {"kind": "complaint", "date": "2026-10-03", "channel": "email"},
    {"kind": "reply", "date": "2026-10-05", "satisfactory": False},
    {"kind": "escalation", "date": "2026-10-06", "channel": "email"},
]

TITLES_EN = {
    "follow-up": "Follow-up to my complaint",
    "escalation": "Escalation of my complaint",
    "consumer-association": "Consumer complaint filing",
}


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = write_templates(tmp_path / "tpl")
    for stage in ("follow-up", "escalation", "consumer-association"):
        write_templates(folder, stage)
    return folder


def draft(cli, case: Path, templates: Path, out: Path, stage: str = "first-complaint") -> EmailMessage:
    result = cli("generate", case, "--stage", stage, "--format", "eml", "--out", out, "--templates", templates, "--on", ON)
    assert result.exit_code == 0, result.output
    eml = next(out.glob(f"*/{stage}.eml"))
    return BytesParser(policy=policy.default).parsebytes(eml.read_bytes())


def test_draft_is_addressed_from_complainant_to_company_support(cli, tmp_path: Path, templates: Path) -> None:
    case = case_with_files(tmp_path / "case")

    message = draft(cli, case, templates, tmp_path / "out")

    assert message["To"] == "help@wallet.example"
    assert message["From"] == "李雷 <lilei@example.com>"
    assert message["Subject"] == "投诉函：示例钱包公司（本人编号：T-ZH-1）"  # the user's own id is 本人编号 (LETTER-CRAFT §4)
    assert message["X-Unsent"] == "1"
    assert message["X-Letters-Note"] is None


def test_chinese_body_decodes_to_the_text_letter(cli, tmp_path: Path, templates: Path) -> None:
    case = case_with_files(tmp_path / "case")
    out = tmp_path / "out"

    message = draft(cli, case, templates, out)

    body = message.get_body(("plain",))
    assert body.get_content_charset() == "utf-8"
    assert body.get_content().splitlines() == ["投诉函", "示例钱包公司 客户服务部", "李雷", "客服挂断了我的电话"]


def test_docx_and_evidence_are_attached_with_names_and_types(cli, tmp_path: Path, templates: Path) -> None:
    files = {"evidence/chat.png": b"\x89PNG\r\n\x1a\nfake", "notes.txt": "录音笔记".encode()}
    case = case_with_files(tmp_path / "case", files=files)

    message = draft(cli, case, templates, tmp_path / "out")

    attached = {part.get_filename(): (part.get_content_type(), part.get_content()) for part in message.iter_attachments()}
    assert sorted(attached) == ["E1-chat.png", "E2-notes.txt", "T-ZH-1-first-complaint.docx"]
    assert attached["T-ZH-1-first-complaint.docx"][0] == DOCX_TYPE
    assert attached["T-ZH-1-first-complaint.docx"][1][:2] == b"PK"
    assert attached["E1-chat.png"] == ("image/png", files["evidence/chat.png"])
    assert attached["E2-notes.txt"][0] == "text/plain"


@pytest.mark.parametrize(
    ("stage", "changes", "expected"),
    [
        ("follow-up", {"contacts": ESCALATION_CONTACTS[:1]}, "support@wallet.example"),
        ("escalation", {"contacts": ESCALATION_CONTACTS[:2]}, "boss@wallet.example"),
        ("consumer-association", {"contacts": ESCALATION_CONTACTS}, "ts@cca.example"),
    ],
)
def test_each_stage_goes_to_its_own_recipient(cli, tmp_path: Path, templates: Path, stage: str, changes: dict, expected: str) -> None:
    company = {**case_dict("en")["company"], "management": {"title": "Head of Support", "email": "boss@wallet.example"}}
    case = write_case(tmp_path / "case", case_dict("en", company=company, authority={"name": "CCA", "email": "ts@cca.example"}, **changes))

    message = draft(cli, case, templates, tmp_path / "out", stage)

    assert message["To"] == expected
    assert message["From"] == "Tom Reader <tom@example.com>"
    assert message["Subject"] == f"{TITLES_EN[stage]} (case T-EN-1, Example Wallet plc)"


def test_unknown_recipient_leaves_to_empty_with_a_note(cli, tmp_path: Path, templates: Path) -> None:
    case = write_case(tmp_path / "case", case_dict("zh", contacts=ESCALATION_CONTACTS))

    message = draft(cli, case, templates, tmp_path / "out", "consumer-association")

    assert message["To"] is None
    assert message["X-Letters-Note"] == (
        "No recipient address: authority.email is not in the case file; fill in To yourself or add it to the case file. "
        "Many consumer bodies take complaints on their website (https://www.12315.cn): attach the PDF there."
    )
    assert "No recipient" not in message.get_body(("plain",)).get_content()


def test_evidence_outside_the_case_folder_is_refused(cli, tmp_path: Path, templates: Path) -> None:
    (tmp_path / "secret.txt").write_text("private", encoding="utf-8")
    case = case_with_files(tmp_path / "case", evidence=[{"kind": "other", "description": "x", "file": "../secret.txt"}])

    result = cli("generate", case, "--stage", "first-complaint", "--format", "eml", "--out", tmp_path / "out", "--templates", templates)

    assert result.exit_code == 1
    assert "evidence[0].file: '../secret.txt' points outside the case file's folder" in result.output
    assert not (tmp_path / "out").exists()


def test_attachments_over_the_cap_are_refused_with_the_sizes(tmp_path: Path, templates: Path) -> None:
    case = case_with_files(tmp_path / "case", files={"big.bin": b"\0" * 3000})
    case_file = load_case(case)
    context = build_context(case_file, "first-complaint", dt.date(2026, 10, 8))
    files = {"txt": "信".encode(), "docx": b"PK" + b"x" * 100}

    with pytest.raises(EmlError) as caught:
        build_eml(case_file, context, files, max_bytes=2048)

    assert str(caught.value) == (
        f"{case}: evidence: the letter and its evidence files come to 3 KB, over the 2 KB an e-mail can safely carry; "
        "send the largest files another way (a download link, a second e-mail) or leave out --format eml"
    )


def test_missing_complainant_email_leaves_from_to_the_mail_client(tmp_path: Path) -> None:
    complainant = {k: v for k, v in case_dict("en")["complainant"].items() if k != "email"}
    case_file = load_case(write_case(tmp_path, case_dict("en", complainant=complainant)))
    context = build_context(case_file, "first-complaint", dt.date(2026, 10, 8))

    message = BytesParser(policy=policy.default).parsebytes(build_eml(case_file, context, {"txt": b"Hi", "docx": b"PK"}))

    assert message["From"] is None
    assert message["X-Letters-Note"] == "No sender address: complainant.email is not in the case file."
    assert recipient(context) == ("support@wallet.example", "")
