"""The record must be one that can have happened: checked whenever a case file loads.

Each problem is one line ``file:line: contacts[i].date: message``, at the contact's own line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from letters.casefile.load import check_record, load_case
from letters.errors import CaseFileError
from tests.builders import case_dict

D = dt.date.fromisoformat
ON = D("2026-11-30")


def write_with_contacts(folder: Path, *contacts: tuple[str, str] | tuple[str, str, bool]) -> tuple[Path, list[int]]:
    """A valid case whose contacts are ``(date, kind[, satisfactory])``; returns the file and each contact's line."""
    lines = yaml.safe_dump(case_dict("en"), allow_unicode=True, sort_keys=False).splitlines()
    text_lines = [*lines, "contacts:"]
    at = []
    for contact in contacts:
        at.append(len(text_lines) + 1)
        text_lines.append(f"  - date: {contact[0]}")
        text_lines.append(f"    kind: {contact[1]}")
        if len(contact) > 2:
            text_lines.append(f"    satisfactory: {str(contact[2]).lower()}")
    text = "\n".join(text_lines) + "\n"
    path = folder / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path, at


def problems(path: Path, on: dt.date | None = ON) -> list[str]:
    with pytest.raises(CaseFileError) as info:
        load_case(path, on=on)
    return str(info.value).splitlines()


def test_a_reply_before_the_complaint_is_an_error_at_its_line(tmp_path: Path) -> None:
    path, at = write_with_contacts(tmp_path, ("2026-10-05", "complaint"), ("2026-10-01", "reply", False))
    assert problems(path) == [
        f"{path}:{at[1]}: contacts[1].date: the reply of 2026-10-01 is before the first complaint (2026-10-05, contacts[0]); check the date"
    ]


@pytest.mark.parametrize("kind", ["follow-up", "escalation", "filing"])
def test_no_letter_that_follows_a_complaint_comes_before_it(tmp_path: Path, kind: str) -> None:
    path, at = write_with_contacts(tmp_path, ("2026-10-02", kind), ("2026-10-05", "complaint"))
    assert problems(path) == [
        f"{path}:{at[0]}: contacts[0].date: the {kind} of 2026-10-02 is before the first complaint (2026-10-05, contacts[1]); check the date"
    ]


def test_a_follow_up_with_no_complaint_at_all_says_to_log_the_complaint(tmp_path: Path) -> None:
    path, at = write_with_contacts(tmp_path, ("2026-10-20", "follow-up"))
    assert problems(path) == [
        f"{path}:{at[0]}: contacts[0].date: the follow-up of 2026-10-20 has no complaint before it; "
        "log the first complaint (kind: complaint) before it, or check the kind"
    ]


def test_a_same_day_reply_logged_above_the_complaint_is_out_of_order(tmp_path: Path) -> None:
    path, at = write_with_contacts(tmp_path, ("2026-10-05", "reply"), ("2026-10-05", "complaint"))
    assert problems(path) == [
        f"{path}:{at[0]}: contacts[0].date: the reply of 2026-10-05 is listed before the complaint of the same day (contacts[1]); "
        "move it below the complaint"
    ]


def test_calls_chats_and_notes_may_come_before_the_complaint(tmp_path: Path) -> None:
    path, _ = write_with_contacts(
        tmp_path, ("2026-10-01", "call"), ("2026-10-02", "chat"), ("2026-10-03", "note"), ("2026-10-05", "complaint")
    )
    assert [c.kind.value for c in load_case(path, on=ON).case.contacts] == ["call", "chat", "note", "complaint"]


def test_an_escalation_before_any_follow_up_is_an_error(tmp_path: Path) -> None:
    path, at = write_with_contacts(tmp_path, ("2026-10-05", "complaint"), ("2026-10-25", "escalation"), ("2026-10-26", "follow-up"))
    assert problems(path) == [
        f"{path}:{at[1]}: contacts[1].date: the escalation of 2026-10-25 comes before any follow-up, and no reply before it is "
        "logged as satisfactory: false; log the follow-up (or the unsatisfactory reply) it came after, or check the date"
    ]


def test_an_escalation_after_a_reply_left_unmarked_is_still_an_error(tmp_path: Path) -> None:
    path, at = write_with_contacts(tmp_path, ("2026-10-05", "complaint"), ("2026-10-08", "reply"), ("2026-10-09", "escalation"))
    assert problems(path)[0].startswith(f"{path}:{at[2]}: contacts[2].date: the escalation of 2026-10-09 comes before any follow-up")


def test_an_escalation_after_an_unsatisfactory_reply_needs_no_follow_up(tmp_path: Path) -> None:
    path, _ = write_with_contacts(tmp_path, ("2026-10-05", "complaint"), ("2026-10-08", "reply", False), ("2026-10-09", "escalation"))
    assert len(load_case(path, on=ON).case.contacts) == 3


def test_an_escalation_after_a_follow_up_is_fine(tmp_path: Path) -> None:
    path, _ = write_with_contacts(tmp_path, ("2026-10-05", "complaint"), ("2026-10-20", "follow-up"), ("2026-11-04", "escalation"))
    assert len(load_case(path, on=ON).case.contacts) == 3


def test_every_problem_gets_its_own_line(tmp_path: Path) -> None:
    path, at = write_with_contacts(
        tmp_path, ("2026-10-01", "reply"), ("2026-10-05", "complaint"), ("2026-10-06", "escalation"), ("2026-12-01", "follow-up")
    )
    assert problems(path) == [
        f"{path}:{at[0]}: contacts[0].date: the reply of 2026-10-01 is before the first complaint (2026-10-05, contacts[1]); check the date",
        f"{path}:{at[2]}: contacts[2].date: the escalation of 2026-10-06 comes before any follow-up, and no reply before it is "
        "logged as satisfactory: false; log the follow-up (or the unsatisfactory reply) it came after, or check the date",
        f"{path}:{at[3]}: contacts[3].date: 2026-12-01 is after the letter date 2026-11-30 (check the date, or pass --on)",
    ]


def test_nothing_may_be_dated_after_today(tmp_path: Path) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    path, at = write_with_contacts(tmp_path, ("2026-10-05", "complaint"), (tomorrow.isoformat(), "reply"))
    assert problems(path, on=None) == [
        f"{path}:{at[1]}: contacts[1].date: {tomorrow.isoformat()} is after today {dt.date.today().isoformat()} (check the date, or pass --on)"
    ]


def test_with_on_the_letter_date_stands_in_for_today(tmp_path: Path) -> None:
    path, at = write_with_contacts(tmp_path, ("2026-10-05", "complaint"), ("2026-10-20", "reply"))
    assert problems(path, on=D("2026-10-19")) == [
        f"{path}:{at[1]}: contacts[1].date: 2026-10-20 is after the letter date 2026-10-19 (check the date, or pass --on)"
    ]
    assert len(load_case(path, on=D("2026-10-20")).case.contacts) == 2


def test_the_view_model_uses_the_same_check_for_an_earlier_letter_date(tmp_path: Path) -> None:
    from letters.viewmodel.build import build_context

    path, at = write_with_contacts(tmp_path, ("2026-10-05", "complaint"))
    case_file = load_case(path, on=ON)
    with pytest.raises(CaseFileError) as info:
        build_context(case_file, "follow-up", D("2026-10-04"))
    assert (
        str(info.value)
        == f"{path}:{at[0]}: contacts[0].date: 2026-10-05 is after the letter date 2026-10-04 (check the date, or pass --on)"
    )
    check_record(case_file, D("2026-10-05"))  # the day itself is fine


def test_incidents_and_evidence_after_the_letter_date_are_errors_too(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(case_dict("en"), sort_keys=False), encoding="utf-8")
    assert problems(path, on=D("2026-10-01")) == [
        f"{path}:{_line(path, '2026-10-02')}: incidents[0].date: 2026-10-02 is after the letter date 2026-10-01 (check the date, or pass --on)",
        f"{path}:{_line(path, '2026-10-02', 1)}: evidence[0].date: 2026-10-02 is after the letter date 2026-10-01 (check the date, or pass --on)",
    ]


def _line(path: Path, needle: str, skip: int = 0) -> int:
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return found[skip]


@pytest.mark.parametrize("example", sorted((Path(__file__).parents[2] / "examples").rglob("*.yaml")), ids=lambda p: p.name)
def test_every_example_has_a_record_that_can_have_happened(example: Path) -> None:
    assert load_case(example, on=ON).case.case_id
