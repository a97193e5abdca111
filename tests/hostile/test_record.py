"""What is logged: a case file is never written with a contact dated after today, whatever
``--on`` says, so no later command refuses the file the tool itself wrote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from tests.builders import case_dict, write_case
from tests.hostile.support import Row, error_lines, one_error, run

TODAY = dt.date.today()
LATER = TODAY + dt.timedelta(days=30)

ROWS = [
    Row(
        "record-future-on",
        "`generate --record --on <a date after today>`",
        "`--record would log the letter as sent on …, after today (…); …` (exit 2 as a usage error); no letter, the case file unchanged",
    ),
    Row(
        "log-future-on",
        "`log --date <after today> --on <later still>`",
        "`contacts[N].date: … is after today … ; nothing was written`; the case file unchanged",
    ),
    Row(
        "generate-future-on",
        "`generate --on <a date after today>` without --record",
        "accepted: a letter may be dated ahead; nothing is logged",
    ),
]


def test_record_with_a_future_letter_date_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    before = case.read_bytes()
    result = run("generate", case, "--stage", "first-complaint", "--out", tmp_path / "out", "--on", LATER.isoformat(), "--record")
    assert result.exit_code != 0
    assert f"--record would log the letter as sent on {LATER.isoformat()}, after today ({TODAY.isoformat()})" in result.stderr
    assert case.read_bytes() == before and not (tmp_path / "out").exists()
    assert run("validate", case).exit_code == 0


def test_log_with_a_future_on_cannot_write_a_future_contact(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    before = case.read_bytes()
    later_still = LATER + dt.timedelta(days=5)
    result = run("log", case, "--kind", "note", "--date", LATER.isoformat(), "--on", later_still.isoformat(), "--summary", "x")
    line = one_error(result)
    assert f"{LATER.isoformat()} is after today {TODAY.isoformat()}" in line and line.endswith("; nothing was written")
    assert case.read_bytes() == before


def test_a_letter_may_be_dated_ahead_without_recording(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    result = run("generate", case, "--stage", "first-complaint", "--out", tmp_path / "out", "--on", LATER.isoformat(), "--format", "txt")
    assert result.exit_code == 0, result.output


@given(ahead=st.integers(min_value=-400, max_value=400), on_ahead=st.integers(min_value=0, max_value=400))
@example(ahead=1, on_ahead=30)
def test_fuzz_whatever_was_logged_loads_again_without_on(ahead: int, on_ahead: int) -> None:
    """log --date D --on O: either refused (file unchanged) or the file still validates with no --on."""
    import tempfile

    date = TODAY + dt.timedelta(days=ahead)
    on = max(date, TODAY) + dt.timedelta(days=on_ahead)
    with tempfile.TemporaryDirectory() as folder:
        case = write_case(Path(folder), case_dict("en"))
        before = case.read_bytes()
        result = run("log", case, "--kind", "note", "--date", date.isoformat(), "--on", on.isoformat(), "--summary", "x")
        if result.exit_code == 0:
            assert run("validate", case).exit_code == 0
        else:
            error_lines(result)
            assert case.read_bytes() == before
