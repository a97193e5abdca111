"""``letters log`` refuses an entry the record cannot have, with the load-time message, and changes no byte."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from letters.casefile.logbook import append_contact
from letters.errors import CaseFileError
from tests.builders import case_dict

D = dt.date.fromisoformat


def case_file(folder: Path, *contacts: dict[str, Any]) -> tuple[Path, bytes, int]:
    """A case with ``contacts``, its bytes, and the line of its ``contacts:`` key."""
    text = "# my notes stay\n" + yaml.safe_dump(case_dict("en", contacts=list(contacts)), allow_unicode=True, sort_keys=False)
    path = folder / "case.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("contacts:"))
    return path, path.read_bytes(), line


COMPLAINT = {"date": "2026-10-05", "kind": "complaint", "channel": "email"}


def refused(path: Path, **entry: Any) -> str:
    with pytest.raises(CaseFileError) as info:
        append_contact(path, on=D("2026-11-30"), **entry)
    return str(info.value)


def test_a_reply_before_the_complaint_is_refused_and_the_file_is_untouched(tmp_path: Path) -> None:
    path, before, line = case_file(tmp_path, COMPLAINT)
    message = refused(path, kind="reply", date=D("2026-10-01"), satisfactory=False)
    assert message == (
        f"{path}:{line}: contacts[1].date: the reply of 2026-10-01 is before the first complaint (2026-10-05, contacts[0]); "
        "check the date; nothing was written"
    )
    assert path.read_bytes() == before


def test_an_escalation_before_any_follow_up_is_refused(tmp_path: Path) -> None:
    path, before, line = case_file(tmp_path, COMPLAINT)
    message = refused(path, kind="escalation", date=D("2026-10-25"))
    assert message == (
        f"{path}:{line}: contacts[1].date: the escalation of 2026-10-25 comes before any follow-up, and no reply before it is "
        "logged as satisfactory: false; log the follow-up (or the unsatisfactory reply) it came after, or check the date; "
        "nothing was written"
    )
    assert path.read_bytes() == before


def test_a_follow_up_with_no_complaint_logged_is_refused(tmp_path: Path) -> None:
    path, before, _ = case_file(tmp_path)
    message = refused(path, kind="follow-up", date=D("2026-10-20"))
    assert message.endswith(
        "contacts[0].date: the follow-up of 2026-10-20 has no complaint before it; "
        "log the first complaint (kind: complaint) before it, or check the kind; nothing was written"
    )
    assert path.read_bytes() == before


def test_a_date_after_today_is_refused(tmp_path: Path) -> None:
    path, before, line = case_file(tmp_path, COMPLAINT)
    today = dt.date.today()
    with pytest.raises(CaseFileError) as info:
        append_contact(path, kind="reply", date=today + dt.timedelta(days=1))
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert str(info.value) == (
        f"{path}:{line}: contacts[1].date: {tomorrow} is after today {today.isoformat()} (check the date, or pass --on); nothing was written"
    )
    assert path.read_bytes() == before


def test_an_entry_that_fits_the_record_is_added(tmp_path: Path) -> None:
    path, _, _ = case_file(tmp_path, COMPLAINT)
    saved = append_contact(path, kind="reply", date=D("2026-10-12"), satisfactory=False, on=D("2026-11-30"))
    assert [(c.kind.value, c.date) for c in saved.case.contacts] == [("complaint", D("2026-10-05")), ("reply", D("2026-10-12"))]
    assert path.read_text(encoding="utf-8").startswith("# my notes stay\n")


def test_the_cli_refuses_with_the_same_line_and_exit_1(cli: Any, tmp_path: Path) -> None:
    path, before, line = case_file(tmp_path, COMPLAINT)
    result = cli("log", path, "--kind", "reply", "--date", "2026-10-01", "--unsatisfactory")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}:{line}: contacts[1].date: the reply of 2026-10-01 is before the first complaint (2026-10-05, contacts[0]); "
        "check the date; nothing was written\n"
    )
    assert path.read_bytes() == before


def test_the_cli_refuses_a_date_after_on(cli: Any, tmp_path: Path) -> None:
    path, before, line = case_file(tmp_path, COMPLAINT)
    result = cli("log", path, "--kind", "reply", "--date", "2026-10-21", "--on", "2026-10-20")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}:{line}: contacts[1].date: 2026-10-21 is after today 2026-10-20 (check the date, or pass --on); "
        "nothing was written\n"
    )
    assert path.read_bytes() == before


def test_an_amendment_that_breaks_the_record_is_refused_at_the_entry_it_breaks(tmp_path: Path) -> None:
    from letters.casefile.load import load_case
    from letters.casefile.logbook import amend_contact

    path, before, _ = case_file(tmp_path, COMPLAINT, {"date": "2026-10-12", "kind": "reply"})
    reply_line = load_case(path).line_of(("contacts", 1, "date"))
    with pytest.raises(CaseFileError) as info:
        amend_contact(path, 1, {"date": D("2026-10-20")})
    assert str(info.value) == (
        f"{path}:{reply_line}: contacts[1].date: the reply of 2026-10-12 is before the first complaint (2026-10-20, contacts[0]); "
        "check the date; nothing was written"
    )
    assert path.read_bytes() == before
