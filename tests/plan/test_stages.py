"""The complaint-path table: each row, due and not yet due, and each stage's prerequisites."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letters.casefile.model import Case
from letters.errors import StageError
from letters.plan.stages import case_status, check_stage
from tests.builders import case_dict


def case_with(*contacts: dict[str, Any], days: int = 14, lang: str = "en") -> Case:
    """A case whose body sets no waiting period of its own (sector ``other``): the path table alone decides."""
    data = case_dict(lang, contacts=list(contacts), response_days=days)
    data["company"]["sector"] = "other"
    return Case.model_validate(data)


def c(day: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"date": day, "kind": kind, **extra}


D = dt.date.fromisoformat


# --- first-complaint: due now when no complaint is logged ------------------------------


def test_first_complaint_due_now_without_contacts() -> None:
    status = case_status(case_with(), D("2026-10-08"))
    assert (status.next_stage, status.due, status.is_due, status.closed) == ("first-complaint", D("2026-10-08"), True, False)


def test_first_complaint_not_due_once_a_complaint_is_logged() -> None:
    status = case_status(case_with(c("2026-10-05", "complaint")), D("2026-10-08"))
    assert status.next_stage != "first-complaint"


def test_first_complaint_still_due_when_only_notes_and_calls_are_logged() -> None:
    status = case_status(case_with(c("2026-10-03", "call"), c("2026-10-04", "note")), D("2026-10-08"))
    assert (status.next_stage, status.due) == ("first-complaint", D("2026-10-08"))


# --- follow-up: complaint date + response_days with no reply since ---------------------


def test_follow_up_due_response_days_after_the_complaint() -> None:
    status = case_status(case_with(c("2026-10-05", "complaint"), days=10), D("2026-10-15"))
    assert (status.next_stage, status.due, status.is_due, status.overdue_days) == ("follow-up", D("2026-10-15"), True, 0)


def test_follow_up_not_yet_due_the_day_before() -> None:
    status = case_status(case_with(c("2026-10-05", "complaint"), days=10), D("2026-10-14"))
    assert (status.next_stage, status.due, status.is_due) == ("follow-up", D("2026-10-15"), False)


def test_follow_up_overdue_days_counted_from_due_date() -> None:
    status = case_status(case_with(c("2026-10-05", "complaint")), D("2026-10-25"))
    assert (status.due, status.overdue_days) == (D("2026-10-19"), 6)


def test_follow_up_not_due_when_the_company_replied_since() -> None:
    status = case_status(case_with(c("2026-10-05", "complaint"), c("2026-10-07", "reply")), D("2026-11-30"))
    assert (status.next_stage, status.due) == (None, None)
    assert "replied to the complaint" in status.reason


def test_same_day_reply_logged_after_the_complaint_answers_it() -> None:
    status = case_status(case_with(c("2026-10-05", "complaint"), c("2026-10-05", "reply")), D("2026-11-30"))
    assert status.next_stage is None


def test_reply_before_the_complaint_does_not_answer_it() -> None:
    status = case_status(case_with(c("2026-10-01", "reply"), c("2026-10-05", "complaint")), D("2026-11-30"))
    assert (status.next_stage, status.due) == ("follow-up", D("2026-10-19"))


# --- escalation: follow-up + response_days, or at once after an unsatisfactory reply ---


def test_escalation_due_seven_days_after_the_follow_up() -> None:
    # a follow-up sets a shorter deadline than the complaint: chase_days, else 7 days (LETTER-CRAFT §7)
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-20", "follow-up"))
    status = case_status(case, D("2026-10-27"))
    assert (status.next_stage, status.due, status.is_due) == ("escalation", D("2026-10-27"), True)


def test_escalation_not_yet_due_before_the_follow_up_deadline() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-20", "follow-up"))
    status = case_status(case, D("2026-10-26"))
    assert (status.next_stage, status.due, status.is_due) == ("escalation", D("2026-10-27"), False)


def test_escalation_not_due_when_the_follow_up_was_answered() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-20", "follow-up"), c("2026-10-22", "reply"))
    status = case_status(case, D("2026-12-01"))
    assert (status.next_stage, status.closed) == (None, False)
    assert "replied to the follow-up" in status.reason


def test_escalation_due_at_once_after_an_unsatisfactory_reply() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-07", "reply", satisfactory=False))
    status = case_status(case, D("2026-10-07"))
    assert (status.next_stage, status.due, status.is_due) == ("escalation", D("2026-10-07"), True)


def test_escalation_not_due_after_a_reply_left_unmarked() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-07", "reply"))
    assert case_status(case, D("2026-10-07")).next_stage is None


# --- consumer-association: escalation + response_days with no satisfactory reply -------


def test_filing_due_response_days_after_the_escalation() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-20", "follow-up"), c("2026-11-05", "escalation"), days=7)
    status = case_status(case, D("2026-11-12"))
    assert (status.next_stage, status.due, status.is_due) == ("consumer-association", D("2026-11-12"), True)


def test_filing_not_yet_due_before_the_escalation_deadline() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-20", "follow-up"), c("2026-11-05", "escalation"), days=7)
    status = case_status(case, D("2026-11-11"))
    assert (status.next_stage, status.due, status.is_due) == ("consumer-association", D("2026-11-12"), False)


def test_filing_still_due_after_an_unsatisfactory_reply_to_the_escalation() -> None:
    case = case_with(
        c("2026-10-05", "complaint"),
        c("2026-10-07", "reply", satisfactory=False),
        c("2026-10-08", "escalation"),
        c("2026-10-10", "reply", satisfactory=False),
    )
    status = case_status(case, D("2026-10-30"))
    assert (status.next_stage, status.due, status.overdue_days) == ("consumer-association", D("2026-10-22"), 8)


def test_nothing_due_after_the_filing() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-08", "escalation"), c("2026-10-30", "filing"))
    status = case_status(case, D("2026-12-30"))
    assert (status.next_stage, status.closed) == (None, False)
    assert status.sent == {"first-complaint": D("2026-10-05"), "escalation": D("2026-10-08"), "consumer-association": D("2026-10-30")}


# --- a satisfactory reply closes the case ----------------------------------------------


@pytest.mark.parametrize("before", [[], [c("2026-10-20", "follow-up")], [c("2026-10-20", "follow-up"), c("2026-11-05", "escalation")]])
def test_satisfactory_reply_closes_the_case_at_any_stage(before: list[dict[str, Any]]) -> None:
    case = case_with(c("2026-10-05", "complaint"), *before, c("2026-11-10", "reply", satisfactory=True))
    status = case_status(case, D("2027-01-01"))
    assert (status.closed, status.next_stage, status.due, status.overdue_days) == (True, None, None, 0)
    assert status.reason == "closed: satisfactory reply on 2026-11-10"


def test_writing_again_after_a_satisfactory_reply_reopens_the_case() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-07", "reply", satisfactory=True), c("2026-10-09", "escalation"))
    status = case_status(case, D("2026-10-10"))
    assert (status.closed, status.next_stage, status.due) == (False, "consumer-association", D("2026-10-23"))


# --- prerequisites ---------------------------------------------------------------------


def stage_error(case: Case, stage: str) -> str:
    with pytest.raises(StageError) as info:
        check_stage(case, stage, "case.yaml")
    return str(info.value)


def test_follow_up_needs_a_complaint_and_says_how_to_log_it() -> None:
    message = stage_error(case_with(), "follow-up")
    assert message.startswith("case.yaml: stage follow-up: needs the first complaint in contacts (kind: complaint); ")
    assert "letters log case.yaml --kind complaint --date YYYY-MM-DD" in message


def test_escalation_needs_a_follow_up_and_names_it() -> None:
    message = stage_error(case_with(c("2026-10-05", "complaint")), "escalation")
    assert "(missing: follow-up), or a reply marked satisfactory: false" in message
    assert "letters log case.yaml --kind follow-up" in message


def test_escalation_without_anything_asks_for_the_complaint_first() -> None:
    message = stage_error(case_with(), "escalation")
    assert "(missing: complaint, follow-up)" in message and "--kind complaint" in message


def test_escalation_allowed_after_an_unsatisfactory_reply_alone() -> None:
    check_stage(case_with(c("2026-10-05", "complaint"), c("2026-10-06", "reply", satisfactory=False)), "escalation")


def test_escalation_allowed_after_complaint_and_follow_up() -> None:
    check_stage(case_with(c("2026-10-05", "complaint"), c("2026-10-19", "follow-up")), "escalation")


def test_consumer_association_needs_an_escalation() -> None:
    message = stage_error(case_with(c("2026-10-05", "complaint"), c("2026-10-19", "follow-up")), "consumer-association")
    assert "needs the escalation in contacts (kind: escalation)" in message and "--kind escalation" in message


def test_first_complaint_has_no_contact_prerequisite() -> None:
    check_stage(case_with(), "first-complaint")


KINDS = ["complaint", "follow-up", "escalation", "filing", "reply", "call", "note"]


@given(
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from(KINDS), st.sampled_from([None, True, False])), max_size=6),
    st.integers(0, 120),
)
def test_the_stage_status_calls_due_is_always_one_generate_accepts(log: list[tuple[int, str, Any]], offset: int) -> None:
    start = D("2026-10-01")
    contacts = [
        c((start + dt.timedelta(days=d)).isoformat(), kind, **({"satisfactory": s} if kind == "reply" and s is not None else {}))
        for d, kind, s in log
    ]
    status = case_status(case_with(*contacts), start + dt.timedelta(days=offset))
    if status.next_stage:
        check_stage(case_with(*contacts), status.next_stage)
        assert status.due is not None and not status.closed
