"""Letters state exactly the record (issue #29, item 4), for random valid version 2 cases.

Three properties, in every language, in the .txt and the .docx text of the first complaint
and the filing: no staff member's name in the paragraph of an incident that does not list
them; the sums the demands ask for add up to at most the losses plus the explicit amounts,
no loss claimed twice; every string the user wrote (summaries, details, issue, promise) is
printed exactly as written.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from letters.casefile.load import load_case, parse_case_text
from letters.pipeline import render_letters
from letters.templating.search import TemplateSearchPath
from letters.viewmodel.build import build_context
from tests.builders import docx_text, write_case

ON = dt.date(2026, 11, 25)
pytestmark = pytest.mark.slow  # property tests that write letters (their budget is the hypothesis profile: tests/conftest.py)
#: Names no other text of a case contains (the summaries are drawn without capitals).
NAMES = ["Zorbalt", "Quintessa", "Vexmoor", "Jiranthe"]
#: What users type: lower-case starts, spaces inside Chinese, ASCII quotes, their own full stops.
WORDS = (
    st.lists(
        st.sampled_from(["a", "x", "z", " ", "0", "8.", '"', "选", " 网络", "退款", "元", ",", ";", "ERC20", "eBay", "iPhone"]),
        min_size=1,
        max_size=8,
    )
    .map(lambda parts: "".join(parts).strip())
    .filter(lambda s: bool(s) and s[0] not in ".,;")
)


@st.composite
def v2_cases(draw: st.DrawFn) -> dict[str, Any]:
    lang = draw(st.sampled_from(["en", "zh", "zh-Hant"]))
    staff = []
    for n in range(draw(st.integers(0, 3))):
        member: dict[str, Any] = {"key": f"S{n + 1}", "role": "agent"}
        if draw(st.booleans()):
            member["name"] = NAMES[n]
        if draw(st.booleans()):
            member["id"] = f"ID-{n + 1}0{n + 1}"
        staff.append(member)
    keys = [m["key"] for m in staff]
    incidents = []
    for n in range(draw(st.integers(1, 3))):
        listed = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys))) if keys else []
        incidents.append({"date": f"2026-09-1{n}", "channel": "chat", "staff": listed, "summary": f"s{n}q {draw(WORDS)}"})
    losses = [
        {
            "id": f"L{n + 1}",
            "description": f"loss {n + 1}",
            "amount": f"{draw(st.integers(1, 999))}.{draw(st.integers(10, 99))}",
            "currency": "EUR",
        }
        for n in range(draw(st.integers(0, 3)))
    ]
    free = [loss["id"] for loss in losses]
    demands = []
    for n in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["refund", "compensation", "apology", "explanation"]))
        demand: dict[str, Any] = {"type": kind}
        if draw(st.booleans()):
            demand["detail"] = f"d{n}q {draw(WORDS)}"
        if kind in ("refund", "compensation"):
            choice = draw(st.sampled_from(["amount", "losses", "none"]))
            if choice == "amount":
                demand |= {"amount": f"{draw(st.integers(1, 500))}.00", "currency": "EUR"}
            elif choice == "losses" and free:
                mine = draw(st.lists(st.sampled_from(free), unique=True, min_size=1))
                free = [f for f in free if f not in mine]
                demand["losses"] = mine
        demands.append(demand)
    data: dict[str, Any] = {
        "version": 2,
        "case_id": "V2-PROP",
        "language": lang,
        "jurisdiction": draw(st.sampled_from(["GB", "US", "CN", "HK"])),
        "complainant": {"name": "Pat Doe", "email": "pat@example.com"},
        "company": {"name": "Acme", "sector": draw(st.sampled_from(["crypto", "retail", "financial", "telecoms"]))},
        "staff": staff,
        "incidents": incidents,
        "losses": losses,
        "demands": demands,
        "contacts": [
            {"date": "2026-10-01", "kind": "complaint", "channel": "email"},
            {
                "date": "2026-10-05",
                "kind": "reply",
                "channel": "email",
                "summary": f"r1q {draw(WORDS)}",
                "satisfactory": False,
                "final": True,
            },
        ],
    }
    if draw(st.booleans()):
        data["issue"] = f"iq {draw(WORDS)}"
    return data


def _letters(data: dict[str, Any]) -> dict[str, str]:
    """The first complaint and the filing, .txt and .docx text."""
    search = TemplateSearchPath.build(use_env=False, use_config=False)
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        case_file = load_case(write_case(Path(folder), data), on=ON)
        for stage in ("first-complaint", "consumer-association"):
            letter = render_letters(case_file, stage=stage, formats=("txt", "docx"), search=search, on=ON)
            out[f"{stage}.txt"] = letter.files["txt"].decode("utf-8")
            docx = Path(folder) / f"{stage}.docx"
            docx.write_bytes(letter.files["docx"])
            out[f"{stage}.docx"] = docx_text(docx)
    return out


def _paragraphs(text: str, marker: str) -> list[str]:
    return [line for line in text.splitlines() if marker in line]


@given(data=v2_cases())
def test_an_incident_names_only_the_staff_it_lists(data: dict[str, Any]) -> None:
    names = {m["key"]: m.get("name") for m in data["staff"]}
    for name, text in _letters(data).items():
        for n, incident in enumerate(data["incidents"]):
            paragraphs = _paragraphs(text, f"s{n}q ")
            assert paragraphs, (name, n)
            for paragraph in paragraphs:
                for key, staff_name in names.items():
                    if staff_name and key not in incident["staff"]:
                        assert staff_name not in paragraph, (name, n, paragraph)


@given(data=v2_cases())
def test_demanded_sums_never_exceed_losses_plus_explicit_amounts_and_no_loss_is_claimed_twice(data: dict[str, Any]) -> None:
    case_file = parse_case_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "<v2 case>", on=ON)
    context = build_context(case_file, "first-complaint", ON)
    claimed = [loss_id for d in context["demands"] for loss_id in d["loss_ids"]]
    assert len(claimed) == len(set(claimed))
    amounts = {loss["id"]: Decimal(loss["amount"]) for loss in data["losses"]}
    explicit = sum((Decimal(d["amount"]) for d in data["demands"] if "amount" in d), Decimal(0))
    demanded = explicit + sum((amounts[i] for i in claimed), Decimal(0))
    assert demanded <= explicit + sum(amounts.values(), Decimal(0))
    for demand, view in zip(data["demands"], context["demands"]):
        if demand["type"] not in ("refund", "compensation"):
            assert view["amount_text"] == "" and view["loss_ids"] == []  # no sum on a non-money demand


@given(data=v2_cases())
def test_every_user_string_is_printed_exactly_as_written(data: dict[str, Any]) -> None:
    words = [i["summary"] for i in data["incidents"]] + [d["detail"] for d in data["demands"] if "detail" in d]
    words += [data["issue"]] if "issue" in data else []
    for name, text in _letters(data).items():
        for said in words:
            assert said in text, (name, said)
