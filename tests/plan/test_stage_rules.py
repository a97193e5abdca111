"""Stage rules that respect the record: closed cases, chases before their deadline, stages already sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from letters.casefile.model import Case
from letters.errors import StageError
from letters.plan.stages import case_status, check_stage, stage_sent_on, stage_warnings
from tests.builders import case_dict

D = dt.date.fromisoformat


def case_with(*contacts: dict[str, Any], **changes: Any) -> Case:
    return Case.model_validate(case_dict("en", contacts=list(contacts), **changes))


def c(day: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"date": day, "kind": kind, **extra}


CLOSED = (c("2026-10-05", "complaint"), c("2026-10-12", "reply", satisfactory=True))


# --- a closed case gets no chase, escalation or filing ----------------------------------


@pytest.mark.parametrize("stage", ["follow-up", "escalation", "consumer-association"])
def test_a_closed_case_refuses_the_later_stages_and_says_what_reopens_it(stage: str) -> None:
    with pytest.raises(StageError) as info:
        check_stage(case_with(*CLOSED), stage, "case.yaml")
    assert str(info.value) == (
        f"case.yaml: stage {stage}: the case is closed: the reply of 2026-10-12 is logged as satisfactory, and a {stage} "
        "would say the matter is unresolved; if it is not settled after all, log that first: letters log case.yaml --kind reply "
        "--date YYYY-MM-DD --unsatisfactory --summary …"
    )


def test_a_closed_case_may_still_reprint_its_first_complaint() -> None:
    check_stage(case_with(*CLOSED), "first-complaint", "case.yaml")


def test_a_later_unsatisfactory_reply_reopens_the_case() -> None:
    case = case_with(*CLOSED, c("2026-10-20", "reply", satisfactory=False))
    check_stage(case, "escalation", "case.yaml")
    status = case_status(case, D("2026-10-21"))
    assert (status.closed, status.next_stage, status.due) == (False, "escalation", D("2026-10-20"))


def test_a_later_reply_without_a_verdict_leaves_the_case_closed() -> None:
    case = case_with(*CLOSED, c("2026-10-20", "reply"))
    assert case_status(case, D("2026-10-21")).closed
    with pytest.raises(StageError):
        check_stage(case, "follow-up", "case.yaml")


# --- a chase, escalation or filing before the deadline it follows ------------------------


def test_a_follow_up_one_day_after_the_complaint_warns_naming_the_deadline() -> None:
    case = case_with(c("2026-10-05", "complaint"))
    assert stage_warnings(case, "follow-up", D("2026-10-06")) == [
        "the reply deadline 2026-10-19 set by the complaint of 2026-10-05 has not passed: the letter date 2026-10-06 is 13 days "
        "before it; wait until 2026-10-19 (or pass --on), or send it knowing the company still has time to answer"
    ]


def test_no_warning_once_the_deadline_has_come() -> None:
    case = case_with(c("2026-10-05", "complaint"))
    assert stage_warnings(case, "follow-up", D("2026-10-19")) == []
    assert case_status(case, D("2026-10-19")).is_due  # the same day status calls it due


def test_an_escalation_before_the_follow_ups_deadline_warns_with_chase_days() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-20", "follow-up"), chase_days=7)
    assert stage_warnings(case, "escalation", D("2026-10-26")) == [
        "the reply deadline 2026-10-27 set by the follow-up of 2026-10-20 has not passed: the letter date 2026-10-26 is 1 day "
        "before it; wait until 2026-10-27 (or pass --on), or send it knowing the company still has time to answer"
    ]
    assert stage_warnings(case, "escalation", D("2026-10-27")) == []
    assert case_status(case, D("2026-10-27")).due == D("2026-10-27")


def test_an_escalation_after_an_unsatisfactory_reply_has_nothing_to_wait_for() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-06", "reply", satisfactory=False))
    assert stage_warnings(case, "escalation", D("2026-10-06")) == []


def test_a_filing_before_the_escalations_deadline_warns() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-20", "follow-up"), c("2026-11-04", "escalation"))
    warning, *body_rules = stage_warnings(case, "consumer-association", D("2026-11-10"))  # then the body's own (plan/jurisdiction.py)
    assert all("reply deadline" not in w for w in body_rules)
    assert warning.startswith("the reply deadline 2026-11-18 set by the escalation of 2026-11-04 has not passed")


# --- a stage already sent -------------------------------------------------------------------


def test_stage_sent_on_is_the_logged_date_of_that_stages_letter() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-07", "complaint"), c("2026-10-20", "follow-up"), c("2026-10-28", "follow-up"))
    assert stage_sent_on(case, "first-complaint") == D("2026-10-05")  # the first complaint
    assert stage_sent_on(case, "follow-up") == D("2026-10-28")  # the latest chase
    assert stage_sent_on(case, "escalation") is None


def test_a_stage_already_sent_warns_that_this_is_a_reprint_with_its_date() -> None:
    case = case_with(c("2026-10-05", "complaint"), c("2026-10-06", "follow-up"))
    assert stage_warnings(case, "follow-up", D("2026-11-01")) == [
        "already sent on 2026-10-06 (it is logged in contacts): this is a reprint of that letter, not a new one; "
        "`letters status` shows the stage due next"
    ]
    assert stage_warnings(case, "first-complaint", D("2026-11-01"))[0].startswith("already sent on 2026-10-05")


def test_a_stage_due_on_time_has_no_warning() -> None:
    assert stage_warnings(case_with(), "first-complaint", D("2026-10-03")) == []
    assert stage_warnings(case_with(c("2026-10-05", "complaint")), "follow-up", D("2026-10-25")) == []


def test_the_filing_stage_collects_the_bodys_own_warnings_too() -> None:
    from letters.plan.jurisdiction import filing_warnings

    case = case_with(c("2026-10-05", "complaint"), c("2026-10-20", "follow-up"), c("2026-11-04", "escalation"), jurisdiction="FR")
    found = stage_warnings(case, "consumer-association", D("2026-11-30"))
    assert found == filing_warnings(case, on=D("2026-11-30")) and found
