"""``letters status``: the chronology, what was sent, what is due next and when, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.builders import ROOT, case_dict, write_case

COMPLAINT = {"date": "2026-10-05", "kind": "complaint", "channel": "email", "reference": "TK-1"}
FOLLOW_UP = {"date": "2026-10-20", "kind": "follow-up", "channel": "post"}
ESCALATION = {"date": "2026-11-05", "kind": "escalation"}


def status_json(cli: Any, tmp_path: Path, contacts: list[dict[str, Any]], on: str) -> dict[str, Any]:
    data = case_dict("en", contacts=contacts)
    data["company"]["sector"] = "other"  # a body with no waiting period: the path table alone decides
    path = write_case(tmp_path, data)
    result = cli("status", path, "--on", on, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]


@pytest.mark.parametrize(
    "contacts, on, next_stage, due, overdue",
    [
        ([], "2026-10-08", "first-complaint", "2026-10-08", 0),
        ([COMPLAINT], "2026-10-18", "follow-up", "2026-10-19", 0),
        ([COMPLAINT], "2026-10-25", "follow-up", "2026-10-19", 6),
        # a follow-up sets a shorter deadline: 7 days (chase_days unset), so the escalation is due sooner
        ([COMPLAINT, FOLLOW_UP], "2026-10-26", "escalation", "2026-10-27", 0),
        ([COMPLAINT, FOLLOW_UP], "2026-10-28", "escalation", "2026-10-27", 1),
        ([COMPLAINT, {"date": "2026-10-09", "kind": "reply", "satisfactory": False}], "2026-10-12", "escalation", "2026-10-09", 3),
        ([COMPLAINT, FOLLOW_UP, ESCALATION], "2026-11-18", "consumer-association", "2026-11-19", 0),
        ([COMPLAINT, FOLLOW_UP, ESCALATION], "2026-11-29", "consumer-association", "2026-11-19", 10),
    ],
)
def test_status_json_names_the_next_stage_and_its_due_date(
    cli: Any, tmp_path: Path, contacts: list, on: str, next_stage: str, due: str, overdue: int
) -> None:
    report = status_json(cli, tmp_path, contacts, on)
    assert (report["next_stage"], report["due"], report["overdue_days"], report["closed"]) == (next_stage, due, overdue, False)
    assert report["is_due"] == (due <= on)


def test_status_json_holds_the_chronology_and_the_stages_sent(cli: Any, tmp_path: Path) -> None:
    report = status_json(cli, tmp_path, [FOLLOW_UP, COMPLAINT], "2026-10-30")  # logged out of order
    assert report["sent"] == {"first-complaint": "2026-10-05", "follow-up": "2026-10-20"}
    assert [(c["date"], c["kind"], c["reference"], c["outcome"]) for c in report["chronology"]] == [
        ("2026-10-05", "complaint", "TK-1", "unanswered"),
        ("2026-10-20", "follow-up", None, "unanswered"),
    ]


def test_status_json_marks_a_closed_case(cli: Any, tmp_path: Path) -> None:
    report = status_json(cli, tmp_path, [COMPLAINT, {"date": "2026-10-10", "kind": "reply", "satisfactory": True}], "2026-12-01")
    assert (report["closed"], report["next_stage"], report["due"], report["overdue_days"]) == (True, None, None, 0)


def test_status_text_reads_as_a_summary(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, case_dict("en", contacts=[COMPLAINT]))
    result = cli("status", path, "--on", "2026-10-25")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path} (T-EN-1, en) on 2026-10-25\n"
        "  chronology:\n"
        "    2026-10-05  complaint  email  ref TK-1  unanswered\n"
        "  sent: first-complaint 2026-10-05\n"
        "  next: follow-up was due 2026-10-19, overdue by 6 days (no reply to the complaint)\n"
        "  clocks:\n"
        "    2026-11-30  the firm's final response is due (8 weeks from the complaint) (from the complaint of 2026-10-05; 36 days left)\n"
    )


@pytest.mark.parametrize(
    "contacts, on, line",
    [
        ([], "2026-10-08", "  next: first-complaint due today (2026-10-08) (no complaint recorded yet)"),
        ([COMPLAINT], "2026-10-10", "  next: follow-up due 2026-10-19 (no reply to the complaint)"),
        (
            [COMPLAINT, {"date": "2026-10-10", "kind": "reply", "satisfactory": True}],
            "2026-10-11",
            "  closed (satisfactory reply on 2026-10-10)",
        ),
        (
            [COMPLAINT, {"date": "2026-10-10", "kind": "reply"}],
            "2026-10-11",
            "  nothing due: the company replied to the complaint; log whether the reply was satisfactory"
            " (letters log CASE --amend last --satisfactory or --unsatisfactory)",
        ),
    ],
)
def test_status_text_last_line(cli: Any, tmp_path: Path, contacts: list, on: str, line: str) -> None:
    path = write_case(tmp_path, case_dict("zh", contacts=contacts))
    assert cli("status", path, "--on", on).stdout.splitlines()[-1] == line


def test_status_reports_every_case_and_exits_1_when_one_is_broken(cli: Any, tmp_path: Path) -> None:
    good = write_case(tmp_path, case_dict("en", contacts=[COMPLAINT]), name="good.yaml")
    bad = write_case(tmp_path, "version: 1\n", name="bad.yaml")
    result = cli("status", bad, good, "--on", "2026-10-10", "--json")
    assert result.exit_code == 1
    assert [r["path"] for r in json.loads(result.stdout)] == [str(good)]
    assert result.stderr.startswith(f"Error: {bad}:")


def test_status_without_cases_is_a_usage_error(cli: Any) -> None:
    assert cli("status").exit_code == 2


PATH_EXAMPLES = sorted((ROOT / "examples" / "path").glob("*.yaml"))
EXPECTED = {
    "1-awaiting-reply": ("follow-up", "2026-11-24"),
    "2-follow-up-due": ("follow-up", "2026-10-19"),
    "3-escalation-due": ("escalation", "2026-10-27"),  # the follow-up's 7 days
    "3b-escalation-after-unsatisfactory-reply": ("escalation", "2026-10-25"),
    "4-filing-due": ("consumer-association", "2026-11-16"),
    "5-closed": (None, None),
}


@pytest.mark.parametrize("example", PATH_EXAMPLES, ids=lambda p: p.name)
def test_path_examples_stand_where_their_names_say(cli: Any, example: Path) -> None:
    assert len(PATH_EXAMPLES) == 2 * len(EXPECTED)
    result = cli("status", example, "--on", "2026-11-20", "--json")
    report = json.loads(result.stdout)[0]
    assert (report["next_stage"], report["due"]) == EXPECTED[example.stem.rsplit("-", 1)[0]]
    # Both companies are crypto wallets: no ombudsman's waiting period stands before the filing.
    assert cli("validate", example, "--on", "2026-11-20").stderr == ""
