"""Case format version 2: the record a real complaint has, and version 1 files that keep their meaning."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from letters.casefile.load import load_case
from letters.casefile.logbook import upgrade_case
from letters.errors import CaseFileError
from letters.plan.stages import case_status, check_stage
from tests.builders import EXAMPLES, case_dict, write_case

ON = dt.date(2026, 12, 31)


def v2(**changes: Any) -> dict[str, Any]:
    """An English version 2 case: two agents, the second unnamed; two losses, each claimed once."""
    data = case_dict("en")
    data.update(
        version=2,
        issue="a 25 EUR fee I was told to pay, and a refund promised and never paid",
        staff=[{"key": "A", "name": "Mark", "id": "AG-1", "role": "chat agent"}, {"role": "hotline agent"}],
        incidents=[
            {"date": "2026-09-14", "channel": "live chat", "summary": "Mark told me to pay a 25 EUR fee.", "staff": ["A"]},
            {"date": "2026-09-16", "channel": "hotline", "summary": "The hotline agent hung up.", "staff": ["S1"]},
            {"date": "2026-09-17", "channel": "email", "summary": "An automatic reply closed my ticket."},
        ],
        losses=[
            {"description": "the fee", "amount": "25.00", "currency": "EUR"},
            {"id": "taxi", "description": "a taxi to the branch", "amount": "12.00", "currency": "EUR"},
        ],
        demands=[
            {"type": "refund", "detail": "refund the fee", "losses": ["L1"]},
            {"type": "compensation", "detail": "pay for the taxi", "losses": ["taxi"]},
            {"type": "apology"},
        ],
    )
    data["evidence"] = [{**item, "date": "2026-09-14"} for item in data.get("evidence", [])]
    data.update(changes)
    return data


def problems(tmp_path: Path, data: dict[str, Any] | str) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        load_case(write_case(tmp_path, data), on=ON)
    return [line.split("case.yaml:", 1)[1] for line in str(caught.value).splitlines()]


# --- the model -------------------------------------------------------------------------


def test_each_incident_involves_only_the_staff_it_lists(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, v2()), on=ON).case
    assert case.staff_keys() == ["A", "S1"]
    people = [[s.name or s.role for s in case.incident_staff(i)] for i in range(3)]
    assert people == [["Mark"], ["hotline agent"], []]


def test_a_version_2_case_may_name_nobody(tmp_path: Path) -> None:
    data = v2(staff=[])
    for incident in data["incidents"]:
        incident.pop("staff", None)
    case = load_case(write_case(tmp_path, data), on=ON).case
    assert case.staff == [] and all(case.incident_staff(i) == [] for i in range(3))


def test_a_version_1_staff_member_took_part_unless_marked_otherwise(tmp_path: Path) -> None:
    data = case_dict("en")
    data["incidents"] = [*data["incidents"], {**data["incidents"][0], "staff_involved": False}]
    case = load_case(write_case(tmp_path, data), on=ON).case
    assert [len(case.incident_staff(i)) for i in range(len(case.incidents))] == [1] * (len(case.incidents) - 1) + [0]


def test_each_loss_is_claimed_by_the_demand_that_lists_it(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, v2()), on=ON).case
    assert case.loss_ids() == ["L1", "taxi"]
    assert case.demand_losses() == [[0], [1], []]


def test_the_one_money_demand_takes_only_the_losses_no_other_claims(tmp_path: Path) -> None:
    data = v2(demands=[{"type": "refund", "detail": "refund the fee"}, {"type": "apology"}, {"type": "other", "losses": ["taxi"]}])
    assert load_case(write_case(tmp_path, data), on=ON).case.demand_losses() == [[0], [], [1]]


def test_two_money_demands_without_losses_claim_nothing_and_an_own_amount_claims_nothing(tmp_path: Path) -> None:
    data = v2(demands=[{"type": "refund"}, {"type": "compensation", "amount": "5.00", "currency": "EUR"}])
    assert load_case(write_case(tmp_path, data), on=ON).case.demand_losses() == [[], []]
    data = v2(demands=[{"type": "refund"}, {"type": "compensation"}])
    assert load_case(write_case(tmp_path, data), on=ON).case.demand_losses() == [[], []]


def test_version_1_keeps_its_meaning_the_first_refund_takes_every_loss(tmp_path: Path) -> None:
    data = case_dict("en", demands=[{"type": "refund"}, {"type": "compensation"}])
    data["losses"] = [{"description": "a", "amount": "1.00", "currency": "EUR"}, {"description": "b", "amount": "2.00", "currency": "EUR"}]
    assert load_case(write_case(tmp_path, data), on=ON).case.demand_losses() == [[0, 1], []]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"demands": [{"type": "refund", "losses": ["L1"]}, {"type": "compensation", "losses": ["L1"]}]},
            "demands[1].losses[0]: loss L1 is already claimed by demands[0]; a loss is claimed by one demand at most",
        ),
        ({"demands": [{"type": "refund", "losses": ["L9"]}]}, "demands[0].losses[0]: no loss has the id L9 (known: L1, taxi)"),
        (
            {"incidents": [{"date": "2026-09-14", "summary": "x", "staff": ["B"]}]},
            "incidents[0].staff[0]: no staff member has the key B (known: A, S1)",
        ),
        (
            {"incidents": [{"date": "2026-09-14", "summary": "x", "evidence": ["E7"]}]},
            "incidents[0].evidence[0]: no evidence has the id E7 (known: ",
        ),
        (
            {"incidents": [{"date": "2026-09-14", "summary": "x", "staff_involved": False}]},
            "incidents[0].staff_involved: is the version 1 way; in version 2 list who was involved",
        ),
        ({"staff": [{"key": "A", "name": "x"}, {"key": "A", "name": "y"}]}, "staff[1].key: staff key A is used twice"),
        ({"staff": [{"key": "A"}]}, "staff[0]: describe the staff member: a name, an id or a role (at least one)"),
        ({"company": {"name": "X", "sector": "banking"}}, "company.sector: Input should be 'financial', 'payments'"),
        (
            {"evidence": [{"kind": "email", "description": "x", "held_by": "them"}]},
            "evidence[0].held_by: Input should be 'me' or 'company'",
        ),
        ({"purchase": {"product": "x", "amount": "5.00"}}, "purchase: give amount and currency together"),
    ],
)
def test_wrong_cross_references_are_refused_at_their_line(tmp_path: Path, change: dict[str, Any], expected: str) -> None:
    found = problems(tmp_path, v2(**change))
    line, rest = found[0].split(": ", 1)
    assert int(line) > 1 and rest.startswith(expected), found


@pytest.mark.parametrize(
    ("contact", "expected"),
    [
        ({"kind": "complaint", "promise": "x"}, "promise is only for contacts of kind 'reply'"),
        ({"kind": "complaint", "final": True}, "final is only for contacts of kind 'reply'"),
        ({"kind": "reply", "promise_by": "2026-10-20"}, "promise_by needs the promise itself"),
        ({"kind": "reply", "kept": True}, "kept is only for a reply that made a promise"),
        ({"kind": "reply", "promise": "x", "promise_by": "2026-10-01"}, "promise_by 2026-10-01 is before the reply of 2026-10-10"),
    ],
)
def test_promise_and_final_belong_to_replies(tmp_path: Path, contact: dict[str, Any], expected: str) -> None:
    data = v2(contacts=[{"date": "2026-10-05", "kind": "complaint"}, {"date": "2026-10-10", **contact}])
    assert any(expected in line for line in problems(tmp_path, data))


def test_a_version_1_file_with_two_staff_or_none_is_refused_at_staff(tmp_path: Path) -> None:
    data = case_dict("en", staff=[{"name": "a"}, {"name": "b"}])
    assert problems(tmp_path, data)[0].endswith(
        "staff: a version 1 case file has one staff member; for several, set version: 2 (letters upgrade does it)"
    )
    data = case_dict("en")
    del data["staff"]
    assert any(line.endswith(": staff: is required but missing") for line in problems(tmp_path, data))


def test_version_3_is_not_read(tmp_path: Path) -> None:
    assert problems(tmp_path, v2(version=3))[0].endswith("version: must be 1 or 2 (the case-file formats this version of letters reads)")


# --- planning follows the record --------------------------------------------------------

COMPLAINT = {"date": "2026-09-01", "kind": "complaint", "channel": "email"}
PROMISE = {
    "date": "2026-09-02",
    "kind": "reply",
    "satisfactory": True,
    "promise": "a refund of HK$2,380 within 14 working days",
    "promise_by": "2026-09-22",
}


def test_a_promise_not_yet_due_keeps_the_case_open_with_the_follow_up_dated_after_it(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, v2(contacts=[COMPLAINT, PROMISE])), on=ON).case
    status = case_status(case, dt.date(2026, 9, 10))
    assert (status.closed, status.next_stage, status.due, status.is_due) == (False, "follow-up", dt.date(2026, 9, 23), False)


def test_a_promise_broken_reopens_the_case_and_a_follow_up_is_due_the_next_day(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, v2(contacts=[COMPLAINT, PROMISE])), on=ON).case
    status = case_status(case, dt.date(2026, 9, 25))
    assert (status.next_stage, status.due, status.is_due) == ("follow-up", dt.date(2026, 9, 23), True)
    assert status.reason == "the promise of 2026-09-02 (a refund of HK$2,380 within 14 working days, by 2026-09-22) was not kept"
    check_stage(case, "follow-up", on=dt.date(2026, 9, 25))  # not refused as closed


def test_a_promise_kept_closes_the_case(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, v2(contacts=[COMPLAINT, {**PROMISE, "kept": True}])), on=ON).case
    assert case_status(case, dt.date(2026, 9, 25)).closed


def test_a_final_response_opens_the_filing_at_once_without_an_escalation(tmp_path: Path) -> None:
    final = {"date": "2026-10-12", "kind": "reply", "final": True, "summary": "complaint not upheld"}
    case = load_case(write_case(tmp_path, v2(contacts=[COMPLAINT, final])), on=ON).case
    status = case_status(case, dt.date(2026, 10, 13))
    assert (status.next_stage, status.due) == ("consumer-association", dt.date(2026, 10, 12))
    check_stage(case, "consumer-association", on=dt.date(2026, 10, 13))


def test_without_escalation_or_final_response_the_filing_is_refused(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, v2(contacts=[COMPLAINT])), on=ON).case
    with pytest.raises(Exception) as caught:
        check_stage(case, "consumer-association", on=ON)
    assert "or a reply marked final: true" in str(caught.value)


# --- letters log ------------------------------------------------------------------------


def test_log_records_a_promise_a_final_response_and_a_kept_promise(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, v2(contacts=[COMPLAINT]))
    result = cli(
        "log",
        path,
        "--kind",
        "reply",
        "--date",
        "2026-09-02",
        "--satisfactory",
        "--promise",
        "a refund",
        "--promise-by",
        "2026-09-22",
        "--on",
        "2026-09-25",
    )
    assert result.exit_code == 0, result.output
    assert "next: follow-up due 2026-09-23" in result.stdout
    result = cli("log", path, "--amend", "2", "--kept", "--on", "2026-09-25")
    assert result.exit_code == 0 and "closed" in result.stdout
    saved = load_case(path, on=ON).case.contacts[1]
    assert (saved.promise, saved.promise_by, saved.kept) == ("a refund", dt.date(2026, 9, 22), True)
    result = cli("log", path, "--kind", "reply", "--date", "2026-10-01", "--final", "--on", "2026-10-01")
    assert result.exit_code == 0 and load_case(path, on=ON).case.contacts[2].final is True


def test_kept_without_amend_is_a_usage_error(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, v2(contacts=[COMPLAINT]))
    before = path.read_bytes()
    result = cli("log", path, "--kind", "reply", "--date", "2026-09-02", "--kept")
    assert result.exit_code == 2 and "--kept marks an earlier reply's promise: use it with --amend N" in result.stderr
    assert path.read_bytes() == before


# --- letters upgrade --------------------------------------------------------------------

V1_TEXT = """\
# my complaint
version: 1
case_id: UP-1
language: en
complainant:
  name: Ann   # me
company:
  name: Shop
staff:          # the cashier
  role: cashier
  id: T-4
incidents:
  - date: 2026-09-01
    summary: The cashier refused the return.
  - date: 2026-09-03
    summary: Nobody answered the hotline.
    staff_involved: false   # nobody in particular
losses:
  - description: the price
    amount: "899.00"
    currency: CNY
demands:
  - type: apology
  - type: refund     # the price back
    detail: 退还货款
"""


def test_upgrade_writes_every_implied_default_keeping_comments_and_order(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, V1_TEXT)
    os.chmod(path, 0o640)
    result = cli("upgrade", path)
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text == V1_TEXT.replace("version: 1", "version: 2").replace(
        "staff:          # the cashier\n  role: cashier\n  id: T-4\n",
        "staff:          # the cashier\n  - key: S1\n    role: cashier\n    id: T-4\n",
    ).replace("    summary: The cashier refused the return.\n", "    summary: The cashier refused the return.\n    staff: [S1]\n").replace(
        "    staff_involved: false   # nobody in particular", "    staff: []   # nobody in particular"
    ).replace("  - description: the price", "  - id: L1\n    description: the price").replace(
        "    detail: 退还货款\n", "    detail: 退还货款\n    losses: [L1]\n"
    )
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert "incidents[1].staff: [] (was staff_involved: false)" in result.stdout
    assert "demands[1].losses: [L1] (the losses version 1 gave it)" in result.stdout
    again = cli("upgrade", path)
    assert again.exit_code == 0 and "already version 2; nothing to change" in again.stdout and path.read_text(encoding="utf-8") == text


def test_upgrade_check_writes_nothing_and_exits_1(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, V1_TEXT)
    result = cli("upgrade", path, "--check")
    assert result.exit_code == 1 and "would change to version 2:" in result.stdout and "  - version: 1 → 2" in result.stdout
    assert path.read_text(encoding="utf-8") == V1_TEXT


def test_upgrade_of_a_flow_style_file_means_the_same(tmp_path: Path) -> None:
    text = "version: 1\ncase_id: F-1\nlanguage: en\ncomplainant: {name: A}\ncompany: {name: B}\nstaff: {name: C}\n"
    text += (
        "incidents: [{date: 2026-01-02, summary: x, staff_involved: false}, {date: 2026-01-03, summary: y}]\ndemands: [{type: apology}]\n"
    )
    path = write_case(tmp_path, text)
    before = load_case(path, on=ON).case
    assert upgrade_case(path).written
    after = load_case(path, on=ON).case
    assert after.version == 2 and [len(after.incident_staff(i)) for i in range(2)] == [0, 1]
    assert [[s.name for s in before.incident_staff(i)] for i in range(2)] == [[s.name for s in after.incident_staff(i)] for i in range(2)]


def test_upgrade_of_a_broken_file_is_refused_and_leaves_it(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, V1_TEXT.replace("case_id: UP-1", "case_id: UP/1"))
    before = path.read_bytes()
    result = cli("upgrade", path)
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "case_id" in result.stderr
    assert path.read_bytes() == before


def test_the_examples_are_version_2(tmp_path: Path) -> None:
    for example in EXAMPLES.glob("*.yaml"):
        assert load_case(example, on=ON).case.version == 2, example


# --- the published schema refuses what the loader refuses -------------------------------


def _schema() -> Any:
    from letters.casefile.schema import case_schema

    return case_schema()


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator(_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_every_example_and_golden_case_validates_against_the_schema() -> None:
    validator = _validator()
    files = [*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("path/*.yaml")]
    assert len(files) >= 3
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as the text they were
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (path, errors)


INVALID = [
    ("a negative amount as text", ("losses", 0, "amount"), "-5"),
    ("a zero amount", ("losses", 0, "amount"), "0.00"),
    ("a negative amount as a number", ("losses", 0, "amount"), -5),
    ("an amount with letters", ("losses", 0, "amount"), "$39.00"),
    ("month 13", ("incidents", 0, "date"), "2026-13-45"),
    ("day 32", ("incidents", 0, "date"), "2026-01-32"),
    ("year 0001", ("incidents", 0, "date"), "0001-01-01"),
    ("an unknown key", ("company", "sectr"), "crypto"),
    ("an unknown sector", ("company", "sector"), "banking"),
    ("version 3", ("version",), 3),
]


@pytest.mark.parametrize(("what", "loc", "value"), INVALID, ids=[row[0] for row in INVALID])
def test_the_schema_and_the_loader_both_refuse(tmp_path: Path, what: str, loc: tuple[Any, ...], value: Any) -> None:
    data = v2()
    holder: Any = data
    for part in loc[:-1]:
        holder = holder[part]
    holder[loc[-1]] = value
    assert list(_validator().iter_errors(data)), what
    assert problems(tmp_path, data), what


def test_the_schema_needs_staff_in_version_1_only() -> None:
    validator = _validator()
    data = case_dict("en")
    assert not list(validator.iter_errors(data))
    del data["staff"]
    assert list(validator.iter_errors(data))
    data["version"] = 2
    assert not list(validator.iter_errors(data))


def test_the_schema_describes_the_fields() -> None:
    schema = _schema()
    contact = schema["$defs"]["Contact"]["properties"]
    assert "final response" in contact["final"]["description"]
    assert schema["$defs"]["Evidence"]["properties"]["held_by"]["description"].startswith("company: asked to be preserved")


def test_a_money_demand_with_nothing_to_claim_and_an_unclaimed_loss_are_warnings(cli: Any, tmp_path: Path) -> None:
    data = v2(demands=[{"type": "refund", "losses": ["L1"]}, {"type": "compensation"}])
    path = write_case(tmp_path, data)
    result = cli("validate", path, "--on", "2026-12-31")
    assert result.exit_code == 0
    lines = [line.split("case.yaml:", 1)[1] for line in result.stderr.splitlines()]
    assert [line.split(": ", 1)[1] for line in lines] == [
        "demands[1]: asks for money but has no amount and claims no loss, so the letters give no sum; add amount and currency, or losses: [ids]",
        "losses[1]: loss taxi is claimed by no demand: the letters list it but ask for it nowhere; add it to a demand's losses",
    ]
    assert cli("validate", path, "--on", "2026-12-31", "--strict").exit_code == 1
