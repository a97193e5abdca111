"""``--format form``: ``<stage>.form.txt``, the body's online-form fields in its order, ready to paste."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from letters.plan.jurisdiction import profile
from tests.builders import case_dict, write_case


def LABELS(code: str, body_id: str, lang: str) -> list[str]:
    """The body's form labels in its profile's order (the form must follow them exactly)."""
    body = profile(code).body(body_id)
    assert body is not None
    return [f.label.of(lang) for f in body.form]


CONTACTS = [
    {"date": "2026-10-05", "kind": "complaint", "channel": "email", "reference": "TK-1"},
    {"date": "2026-10-20", "kind": "follow-up", "channel": "email"},
    {"date": "2026-11-05", "kind": "escalation", "channel": "email"},
]


def form_text(cli: Any, tmp_path: Path, lang: str, address: str, **changes: Any) -> str:
    data = case_dict(lang, contacts=CONTACTS, **changes)
    data["company"] = {**data["company"], "address": address}
    path = write_case(tmp_path, data)
    out = tmp_path / "out"
    result = cli("generate", path, "--stage", "consumer-association", "--format", "form", "--out", out, "--on", "2026-11-30")
    assert result.exit_code == 0, result.output
    return (out / data["case_id"] / "consumer-association.form.txt").read_text(encoding="utf-8")


def headings(text: str, opener: str, closer: str) -> list[str]:
    return [line[len(opener) : -len(closer)] for line in text.splitlines() if line.startswith(opener) and line.endswith(closer)]


def test_the_12315_form_lists_its_fields_in_order_with_the_text_for_each(cli: Any, tmp_path: Path) -> None:
    text = form_text(cli, tmp_path, "zh", "深圳市南山区科技园 1 号")

    assert text.startswith(
        "全国12315平台：在线投诉表格各栏，按表格顺序排列，可逐栏复制粘贴。\nhttps://www.12315.cn\n\n【投诉人姓名】\n李雷\n\n【联系电话】\n"
    )
    assert headings(text, "【", "】") == LABELS("CN", "market-regulation", "zh")
    assert "【订单号】\n（案件文件中没有：请添加 purchase.order）\n" in text  # no transaction in the case: a visible gap
    assert "【证据材料（上传）】\nE1 通话录音：通话录音\n" in text


def test_the_consumer_council_form_asks_for_consent_and_the_trader(cli: Any, tmp_path: Path) -> None:
    text = form_text(cli, tmp_path, "en", "Unit 5, 1 Queen's Road Central, Hong Kong")

    assert text.startswith(
        "Consumer Council: the online complaint form's fields, in its order, ready to paste.\nhttps://www.consumer.org.hk\n"
    )
    assert headings(text, "== ", " ==") == LABELS("HK", "consumer-council", "en")
    assert "== Trader's details ==\nExample Wallet plc\nUnit 5, 1 Queen's Road Central, Hong Kong\nsupport@wallet.example\n" in text
    assert text.endswith("== Consent to share the complaint with the trader ==\n(tick this on the form yourself)\n")


def test_the_cfpb_form_starts_with_what_happened(cli: Any, tmp_path: Path) -> None:
    text = form_text(cli, tmp_path, "en", "1 Main St, Austin, TX 78701, USA")

    assert headings(text, "== ", " ==") == LABELS("US", "cfpb", "en")
    assert (
        "== What happened ==\n2 October 2026, live chat: The agent closed my ticket without answering.\n5 October 2026: complaint sent (email, ref TK-1)\n"
        in text
    )


def test_a_body_with_no_known_form_skips_the_form_with_a_warning_and_writes_the_rest(cli: Any, tmp_path: Path) -> None:
    data = case_dict("en", contacts=CONTACTS)
    data["company"] = {**data["company"], "address": "9 Quay Road, Leeds", "sector": "other"}  # Citizens Advice: no form
    path = write_case(tmp_path, data)

    result = cli(
        "generate", path, "--stage", "consumer-association", "--format", "txt,form", "--out", tmp_path / "out", "--on", "2026-11-30"
    )

    assert result.exit_code == 0, result.output
    assert "Warning:" in result.stderr and "no online form is known for Citizens Advice consumer service" in result.stderr
    assert (tmp_path / "out" / "T-EN-1" / "consumer-association.txt").is_file()
    assert not (tmp_path / "out" / "T-EN-1" / "consumer-association.form.txt").exists()


def test_a_form_for_another_stage_is_refused_and_nothing_is_written(cli: Any, tmp_path: Path) -> None:
    data = case_dict("en", contacts=CONTACTS)
    data["company"] = {**data["company"], "address": "1 Main St, Austin, TX 78701, USA"}
    path = write_case(tmp_path, data)

    result = cli("generate", path, "--stage", "escalation", "--format", "txt,form", "--out", tmp_path / "out", "--on", "2026-11-30")

    assert result.exit_code == 1
    assert "--format form is only for the consumer-association stage" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out" / "T-EN-1").exists() or not any((tmp_path / "out" / "T-EN-1").iterdir())
