"""`letters log --amend`: change an entry already in the log, in place, keeping every comment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from letters.casefile.load import load_case

CASE = """\
# my complaint, kept in git
version: 1
case_id: X-1          # names the folder
language: en
complainant: {name: Ann Lee}
company:
  name: Acme Wallet   # the brand
staff:
  name: Sam
incidents:
- date: 2026-10-01
  summary: >
    The agent closed
    my ticket.
demands:
  - type: apology
contacts:
  - date: 2026-10-05   # sent by email
    kind: complaint
    channel: email
  # they answered a week later
  - date: 2026-10-12
    kind: reply
    summary: "They refused"   # their words
# end of the log
"""


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    return path


def test_amend_last_marks_the_reply_unsatisfactory_keeping_comments(cli, case: Path) -> None:
    result = cli("log", case, "--amend", "last", "--unsatisfactory", "--reference", "T-88")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Amended entry 2 (reply of 2026-10-12) in {case} (next: escalation due 2026-10-12)")
    assert case.read_text(encoding="utf-8") == CASE.replace(
        '    summary: "They refused"   # their words\n',
        '    summary: "They refused"   # their words\n    reference: T-88\n    satisfactory: false\n',
    )
    assert load_case(case).case.contacts[1].satisfactory is False


def test_amend_by_number_replaces_a_value_where_it_is_written(cli, case: Path) -> None:
    result = cli("log", case, "--amend", "2", "--summary", "They refused a refund", "--channel", "email")

    assert result.exit_code == 0, result.output
    assert case.read_text(encoding="utf-8") == CASE.replace(
        '    summary: "They refused"   # their words\n',
        "    summary: They refused a refund   # their words\n    channel: email\n",
    )


def test_amend_of_a_multi_line_summary_falls_back_to_a_round_trip_that_keeps_comments(cli, case: Path) -> None:
    result = cli("log", case, "--amend", "1", "--summary", "First line\nSecond line")

    assert result.exit_code == 0, result.output
    text = case.read_text(encoding="utf-8")
    for comment in (
        "# my complaint, kept in git",
        "# names the folder",
        "# sent by email",
        "# they answered a week later",
        "# end of the log",
    ):
        assert comment in text
    assert load_case(case).case.contacts[0].summary == "First line\nSecond line"


def test_satisfactory_on_an_entry_that_is_not_a_reply_is_refused_and_nothing_changes(cli, case: Path) -> None:
    result = cli("log", case, "--amend", "1", "--satisfactory")

    assert result.exit_code == 1
    assert result.stderr == f"Error: {case}: contacts[0]: satisfactory is only for contacts of kind 'reply'; nothing was written\n"
    assert case.read_text(encoding="utf-8") == CASE


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--amend", "3", "-m", "x"], 1, "contacts: there is no entry 3; the log has 2 (1 to 2, or last)"),
        (["--amend", "last"], 2, "--amend needs something to change"),
        (["--amend", "first", "-m", "x"], 2, "'first' is not an entry number; give 1, 2, … or last"),
        (["--amend", "1", "--kind", "reply", "-m", "x"], 2, "not its kind"),
        (["--summary", "x"], 2, "a new entry needs --kind and --date (or use --amend N to change one)"),
    ],
)
def test_wrong_amend_requests_are_refused(cli, case: Path, args: list[str], code: int, message: str) -> None:
    result = cli("log", case, *args)

    assert result.exit_code == code
    assert message in result.stderr
    assert case.read_text(encoding="utf-8") == CASE


def test_status_then_shows_the_case_moving_on(cli, case: Path) -> None:
    cli("log", case, "--amend", "last", "--satisfactory")

    result = cli("status", case, "--on", "2026-10-20")

    assert "  closed (satisfactory reply on 2026-10-12)" in result.stdout.splitlines()


def test_on_stands_in_for_today_when_amending_and_when_showing_the_context(cli, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    # A log entry is never dated after today (#28 item 13), so --on stands in for a day before it.
    assert cli("log", case, "--kind", "reply", "--date", "2026-11-05", "--on", "2026-11-10").exit_code == 0

    amended = cli("log", case, "--amend", "last", "--reference", "T-1", "--on", "2026-11-10")
    context = cli("templates", "context", case, "--stage", "follow-up", "--on", "2027-02-01")

    assert amended.exit_code == 0, amended.output
    assert load_case(case, on=dt.date(2026, 11, 10)).case.contacts[-1].reference == "T-1"
    assert context.exit_code == 0 and "letter_date = 1 February 2027" in context.output, context.output
    # an --on later than today never lets an entry dated after today into the file (#28 item 13)
    later = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    refused = cli("log", case, "--kind", "note", "--date", later, "--on", later)
    assert refused.exit_code == 1 and "is after today" in refused.stderr
