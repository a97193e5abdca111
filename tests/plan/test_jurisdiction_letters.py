"""For each profile, the filing letter (.txt, built-in template) a case of that jurisdiction gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.builders import case_dict, write_case

CONTACTS = [
    {"date": "2026-10-05", "kind": "complaint", "channel": "email", "reference": "TK-1"},
    {"date": "2026-10-20", "kind": "follow-up", "channel": "email"},
    {"date": "2026-11-05", "kind": "escalation", "channel": "email"},
]


def filing_txt(cli: Any, tmp_path: Path, lang: str, address: str) -> str:
    data = case_dict(lang, contacts=CONTACTS)
    data["company"] = {**data["company"], "address": address}
    path = write_case(tmp_path, data)
    out = tmp_path / "out"
    result = cli("generate", path, "--stage", "consumer-association", "--format", "txt", "--out", out, "--on", "2026-11-30")
    assert result.exit_code == 0, result.output
    return (out / data["case_id"] / "consumer-association.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "lang, address, shown",
    [
        ("zh", "深圳市南山区科技园 1 号", ["市场监督管理部门", "https://www.12315.cn", "12315"]),
        ("zh", "香港九龙弥敦道 1 号", ["香港消费者委员会", "香港北角渣华道191号嘉华国际中心22楼", "https://www.consumer.org.hk"]),
        (
            "en",
            "9 Quay Road, Leeds",
            ["Financial Ombudsman Service", "Exchange Tower, London E14 9SR", "complaint.info@financial-ombudsman.org.uk"],
        ),
        ("en", "1 Main St, Austin, TX 78701, USA", ["Consumer Financial Protection Bureau", "PO Box 4503, Iowa City, IA 52244"]),
        ("en", "8 Temasek Boulevard, Singapore 038988", ["Consumers Association of Singapore (CASE)", "https://www.case.org.sg"]),
    ],
    ids=["CN", "HK", "GB", "US", "SG"],
)
def test_the_filing_is_addressed_to_the_body_of_the_company_jurisdiction(
    cli: Any, tmp_path: Path, lang: str, address: str, shown: list[str]
) -> None:
    text = filing_txt(cli, tmp_path, lang, address)
    for value in shown:
        assert value in text, value
    assert "12315 全国消费者投诉举报平台" not in text and "Consumer protection authority" not in text


def test_a_filing_with_no_body_known_names_no_placeholder_body(cli: Any, tmp_path: Path) -> None:
    text = filing_txt(cli, tmp_path, "en", "1 Harbour Street, Dublin D02, Ireland")
    assert "Consumer protection authority" not in text and "Financial Ombudsman" not in text


@pytest.mark.parametrize(
    "lang, address, cited, not_cited",
    [
        # The zh base case's problems are rude and slow: Article 14 fits rude; nothing is cited for slow.
        ("zh", "深圳市南山区科技园 1 号", ["第十四条", "第三十九条、第四十六条"], ["第十条", "第十七条", "第二十条"]),
        ("en", "9 Quay Road, Leeds", ["section 49 of the Consumer Rights Act 2015"], []),
        ("zh", "香港九龙弥敦道 1 号", [], ["消费者权益保护法", "Consumer Rights Act"]),
        ("en", "1 Main St, Austin, TX 78701, USA", [], ["Consumer Rights Act", "消费者权益保护法"]),
        ("en", "8 Temasek Boulevard, Singapore 038988", [], ["Consumer Rights Act", "消费者权益保护法"]),
    ],
    ids=["CN", "GB", "HK", "US", "SG"],
)
def test_the_filing_grounds_cite_only_the_law_of_the_company_jurisdiction_that_the_problems_fit(
    cli: Any, tmp_path: Path, lang: str, address: str, cited: list[str], not_cited: list[str]
) -> None:
    text = filing_txt(cli, tmp_path, lang, address)
    for law in cited:
        assert law in text, law
    for law in not_cited:
        assert law not in text, law


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"jurisdiction": "GB"}, "the Financial Ombudsman Service"),
        ({"jurisdiction": "CN"}, "the market regulation department (市场监督管理部门)"),
        ({"jurisdiction": "GB", "authority": {"name": "Citizens Advice"}}, "Citizens Advice"),
    ],
    ids=["proper-name", "descriptive-name", "the-case-own-words"],
)
def test_an_english_letter_names_the_body_as_a_sentence_reads(changes: dict, expected: str) -> None:
    from letters.casefile.model import Case
    from letters.viewmodel.authority import authority_view
    from tests.builders import case_dict

    view = authority_view(Case.model_validate(case_dict("en", **changes)))
    assert view["name_in_sentence"] == expected
