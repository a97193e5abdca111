"""Jurisdictions: the profiles load, the company's place is found, unknown codes, warnings, clocks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from letters.casefile.model import Case
from letters.plan.jurisdiction import (
    GENERIC,
    Profile,
    clocks,
    filing_warnings,
    infer_jurisdiction,
    known_codes,
    profiles,
    working_days_after,
)
from tests.builders import case_dict, write_case

PROFILE_DIR = Path(__file__).resolve().parents[2] / "letters" / "plan" / "jurisdictions"
FILED = [
    {"date": "2026-09-01", "kind": "complaint", "channel": "email"},
    {"date": "2026-09-05", "kind": "follow-up"},
    {"date": "2026-09-10", "kind": "escalation"},
]


def case(lang: str = "zh", sector: str | None = "crypto", **changes: Any) -> Case:
    """The builders' case; its company a crypto wallet (``sector``), so no warning asks for one."""
    data = case_dict(lang, **changes)
    if sector is not None and "company" not in changes:
        data["company"]["sector"] = sector
    return Case.model_validate(data)


# --- the profiles ------------------------------------------------------------------------------


def test_every_jurisdiction_the_issue_names_has_a_profile_and_a_filing_body() -> None:
    assert known_codes() == ["AU", "CA", "CN", "GB", "HK", "IE", "SG", "US"]
    for code in known_codes():
        body = profiles()[code].filing_body
        assert body is not None and body.name.zh and body.name.en and body.website.startswith("https://"), code
    assert profiles()[GENERIC].filing_body is None


@pytest.mark.parametrize("path", sorted(PROFILE_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_a_profile_file_missing_a_field_fails_here_not_for_a_user(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    Profile.model_validate(data)  # the shipped file is complete
    for required in ("code", "name", "bodies", "law", "warnings", "address_markers"):
        broken = {k: v for k, v in data.items() if k != required}
        with pytest.raises(ValidationError):
            Profile.model_validate(broken)
    if data["bodies"]:
        nameless = {**data, "bodies": [{k: v for k, v in data["bodies"][0].items() if k != "name"}]}
        with pytest.raises(ValidationError):
            Profile.model_validate(nameless)


def test_every_profile_fact_sits_beside_a_comment_naming_its_source() -> None:
    for path in PROFILE_DIR.glob("*.yaml"):
        head = path.read_text(encoding="utf-8").splitlines()[:4]
        assert any(line.startswith("#") for line in head), path.name


def test_nothing_marked_unverified_is_printed_the_new_regulator_order_is_not_cited_by_article() -> None:
    cn = (PROFILE_DIR / "CN.yaml").read_text(encoding="utf-8")
    data_lines = [line for line in cn.splitlines() if not line.lstrip().startswith("#")]
    # the new order (办法, 2026) is never cited by article; the 2019 暂行办法 only in a source note
    # (《电信用户申诉处理办法》, the telecoms appeal rules, is another instrument, quoted with its source)
    assert not any("投诉举报处理办法" in line and "第" in line and "条" in line for line in data_lines if "source:" not in line)
    assert not any(
        "办法" in line and "第" in line and "条" in line
        for line in data_lines
        if "source:" not in line and "电信用户申诉处理办法" not in line
    )
    assert "12315 全国消费者投诉举报平台" not in cn and "全国12315平台" in cn


# --- where the company is -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, code",
    [
        ("深圳市南山区科技园 1 号", "CN"),
        ("上海市浦东新区世纪大道 100 号", "CN"),
        ("中国香港九龙尖沙咀", "HK"),
        ("Unit 5, 1 Queen's Road, Hong Kong, China", "HK"),
        ("新加坡淡马锡林荫道 8 号", "SG"),
        ("8 Temasek Boulevard, Singapore 038988", "SG"),
        ("9 Quay Road, Leeds", "GB"),
        ("1 Main St, Austin, TX 78701, USA", "US"),
        ("台湾台北市信义路 1 号", "TW"),
        ("1 Harbour Street, Dublin D02, Ireland", "IE"),
        ("2 Donegall Square, Belfast, Northern Ireland", "GB"),
        ("Dublin, OH 43017, USA", "US"),  # a Dublin is not Ireland without the country
        ("5 Sydney Street, London SW3", "GB"),
        ("1 King St W, Toronto, ON, Canada", "CA"),
        ("Tverskaya 1, Moscow, Russia", None),  # "us" inside a word is not the United States
        ("", None),
        (None, None),
    ],
)
def test_the_company_address_gives_its_jurisdiction_only_when_it_is_clear(address: str | None, code: str | None) -> None:
    assert infer_jurisdiction(address) == code


def test_validate_says_which_jurisdiction_it_inferred(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, case_dict("zh"))

    result = cli("validate", path, "--on", "2026-11-30")

    assert result.exit_code == 0
    assert f"{path}: ok (T-ZH-1, zh; jurisdiction CN, inferred from company.address; next:" in result.stdout


def test_a_code_that_is_not_iso_3166_is_an_error_on_its_line(cli: Any, tmp_path: Path) -> None:
    data = case_dict("en")
    data = {
        "version": 1,
        "case_id": data["case_id"],
        "language": "en",
        "jurisdiction": "UK",
        **{k: v for k, v in data.items() if k not in ("version", "case_id", "language")},
    }
    path = write_case(tmp_path, data)

    result = cli("validate", path)

    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}:4: jurisdiction: unknown code 'UK' (did you mean GB? known: AU, CA, CN, GB, HK, IE, SG, US; "
        "other ISO 3166-1 codes get the generic profile, whose filing leaves the consumer body blank)\n"
    )


def test_a_real_code_without_a_profile_gets_the_generic_profile_and_a_warning(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, case_dict("en", jurisdiction="FR", contacts=FILED))

    result = cli("validate", path, "--on", "2026-11-30")

    assert result.exit_code == 0
    assert "jurisdiction FR;" in result.stdout
    assert (
        f"Warning: {path}: stage consumer-association: no consumer body is known in FR: the filing leaves the addressee blank"
        in result.stderr
    )


# --- warnings -----------------------------------------------------------------------------------

USDT_LOSS = [{"description": "转账手续费", "amount": "1.2", "currency": "USDT"}]


def test_a_crypto_loss_filed_on_the_mainland_warns_of_a_likely_refusal() -> None:
    (warning,) = filing_warnings(case("zh", losses=USDT_LOSS))
    assert warning.startswith("the case involves virtual currency: under the PBoC notice 银发〔2021〕237号")
    assert filing_warnings(case("zh")) == []  # a fee in CNY: nothing to warn of


def test_a_crypto_case_to_the_ombudsman_warns_that_crypto_firms_may_be_outside_it() -> None:
    (warning,) = filing_warnings(case("en", losses=[{"description": "fee", "amount": "1", "currency": "BTC"}]))
    assert "not covered by the Financial Ombudsman Service today" in warning


def test_a_company_outside_the_body_territory_is_warned_of() -> None:
    hong_kong = {**case_dict("zh")["company"], "address": "香港九龙弥敦道 1 号", "sector": "crypto"}
    told = filing_warnings(case("zh", company=hong_kong, jurisdiction="CN"))
    assert told == [
        "the company's address is in Hong Kong, outside the remit of Market regulation department (市场监督管理部门): "
        "file with a body where the company is, or check `jurisdiction`"
    ]
    # The case's own authority, a mainland body, for a company in Singapore.
    singapore = {**case_dict("zh")["company"], "address": "新加坡淡马锡林荫道 8 号"}
    old_default = {"name": "12315 全国消费者投诉举报平台", "website": "https://www.12315.cn"}
    (warning,) = filing_warnings(case("zh", company=singapore, authority=old_default), lang="zh")
    assert warning.startswith("被投诉公司的地址在新加坡，不在市场监督管理部门的管辖范围内")
    beijing = {"name": "北京市消费者协会"}
    (warning,) = filing_warnings(case("zh", company=singapore, authority=beijing))
    assert warning.startswith("the company's address is in Singapore, outside the remit of Consumers' association (消费者协会)")
    hong_kong_council = {"name": "香港消费者委员会"}
    (warning,) = filing_warnings(case("zh", company=singapore, authority=hong_kong_council))
    assert "outside the remit of Consumer Council" in warning


def test_no_body_known_warns_that_the_addressee_is_left_blank() -> None:
    nowhere = {"name": "某公司"}
    assert filing_warnings(case("zh", company=nowhere), lang="zh") == [
        "不知道被投诉公司所在地（案件文件未写 jurisdiction，公司地址也看不出）可以受理投诉的机构："
        "投诉书的收件机构留空，请自行填写，或在案件文件中写明 authority（name、address、website）"
    ]
    assert filing_warnings(case("zh", company=nowhere, authority={"name": "某市消费者协会"})) == []


# --- clocks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, due, why",
    [
        # 2025: National Day and Mid-Autumn off 1-8 October; Sunday 28 September and Saturday 11 October worked.
        ("2025-09-26", "2025-10-13", "Sun 28 Sep (make-up) 29 30, Thu 9 Oct 10, Sat 11 (make-up), Mon 13"),
        # 2026: Mid-Autumn on Fri 25 September, National Day off 1-7 October; Sun 20 Sep and Sat 10 Oct worked.
        ("2026-09-25", "2026-10-12", "Mon 28 29 30, Thu 8 Oct 9, Sat 10 (make-up), Mon 12"),
        ("2026-09-18", "2026-09-29", "Sun 20 (make-up) 21 22 23 24, not Fri 25 (Mid-Autumn), 28 29"),
        ("2026-09-30", "2026-10-15", "the receiving day is not counted: Thu 8 Oct 9, Sat 10, 12 13 14 15"),
    ],
)
def test_china_counts_seven_working_days_with_the_make_up_days(start: str, due: str, why: str) -> None:
    day, unpublished = working_days_after("CN", dt.date.fromisoformat(start), 7)
    assert (day.isoformat(), unpublished) == (due, []), why


def test_a_year_without_a_published_holiday_notice_makes_the_china_clock_an_estimate(cli: Any, tmp_path: Path) -> None:
    contacts = [*FILED, {"date": "2026-12-28", "kind": "filing", "channel": "全国12315平台"}]
    (clock,) = clocks(case("zh", contacts=contacts))
    assert (clock.start, clock.due) == (dt.date(2026, 12, 28), dt.date(2027, 1, 7))
    assert clock.estimate == "no published holiday notice for 2027 yet: counted with the usual holidays"


def test_a_filing_to_a_body_the_case_names_and_letters_does_not_know_runs_no_mainland_clock() -> None:
    contacts = [*FILED, {"date": "2026-11-02", "kind": "filing", "channel": "post"}]
    own = case("zh", contacts=contacts, authority={"name": "Acme Arbitration Panel"})
    assert clocks(own) == []  # the letter went to Acme, not to the market regulation department
    assert len(clocks(case("zh", contacts=contacts))) == 1


def test_status_shows_the_mainland_clock_after_a_filing(cli: Any, tmp_path: Path) -> None:
    contacts = [*FILED, {"date": "2026-09-25", "kind": "filing", "channel": "全国12315平台"}]
    path = write_case(tmp_path, case_dict("zh", contacts=contacts))

    text = cli("status", path, "--on", "2026-10-09")
    data = json.loads(cli("status", path, "--on", "2026-10-09", "--json").stdout)[0]

    assert text.exit_code == 0
    assert text.stdout.endswith(
        "  clocks:\n"
        "    2026-10-12  the market regulation department decides whether to accept the complaint and tells you (Article 46, 7 working days) "
        "(from the filing of 2026-09-25; 3 days left)\n"
    )
    assert data["jurisdiction"] == "CN" and data["jurisdiction_inferred"] is True
    assert data["clocks"] == [
        {
            "what": "the market regulation department decides whether to accept the complaint and tells you (Article 46, 7 working days)",
            "after": "filing",
            "from": "2026-09-25",
            "due": "2026-10-12",
            "estimate": False,
            "estimate_reason": "",
            "days_left": 3,
        }
    ]


def test_status_shows_the_cfpb_15_and_60_days(cli: Any, tmp_path: Path) -> None:
    company = {**case_dict("en")["company"], "address": "1 Main St, Austin, TX 78701, USA"}
    contacts = [*FILED, {"date": "2026-11-20", "kind": "filing", "channel": "online"}]
    path = write_case(tmp_path, case_dict("en", company=company, contacts=contacts))

    data = json.loads(cli("status", path, "--on", "2026-12-06", "--json").stdout)[0]

    assert [(c["due"], c["days_left"], c["estimate"]) for c in data["clocks"]] == [("2026-12-05", -1, True), ("2027-01-19", 44, True)]
    text = cli("status", path, "--on", "2026-12-06").stdout
    assert (
        "2026-12-05  the company responds through the CFPB (15 days) (from the filing of 2026-11-20; passed 1 day ago; an estimate:" in text
    )


def test_the_uk_ombudsman_clock_runs_from_the_complaint() -> None:
    contacts = [
        {"date": "2026-10-05", "kind": "complaint", "channel": "email"},
        {"date": "2026-11-03", "kind": "reply", "satisfactory": False},
    ]
    got = [(c.after, c.start.isoformat(), c.due.isoformat()) for c in clocks(case("en", "financial", contacts=contacts))]
    assert got == [("complaint", "2026-10-05", "2026-11-30")]
    assert clocks(case("en", "financial")) == []  # nothing logged, no clock


def test_filing_with_the_uk_ombudsman_before_8_weeks_without_a_final_response_is_warned_of() -> None:
    early = case("en", "financial", contacts=FILED)
    assert filing_warnings(early, on=dt.date(2026, 10, 26)) == [
        "Financial Ombudsman Service takes a complaint only after the firm's final response, or 8 weeks after the complaint "
        "to the firm (yours: 2026-09-01): with no final response logged, file on or after 2026-10-27"
    ]
    assert filing_warnings(early, on=dt.date(2026, 10, 27)) == []
    final = case("en", "financial", contacts=[*FILED, {"date": "2026-09-20", "kind": "reply", "satisfactory": False, "final": True}])
    assert filing_warnings(final, on=dt.date(2026, 9, 21)) == []  # the final response opens the gate at once
