"""`letters new` when the person answering changes their mind: `<` always goes to the question
before, however many answers were refused on the way, never shows again an error that a
later answer put right, and the interview ends by naming a letter only when one is due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from letters.casefile.load import load_case
from letters.interview.ask import Prompter, run_interview
from tests.hostile.support import Row
from tests.interview.test_new import EN, script

ROWS = [
    Row(
        "back-after-blank",
        "a blank answer at a required question (refused), then `<`",
        "back to the question before (not the same question again); the answers that follow land where they belong",
    ),
    Row(
        "back-no-stale-error",
        "a refused date, then a good one, then `<` at the next question",
        "the date is asked again without its old error",
    ),
    Row(
        "new-not-due",
        "`letters new` whose contacts say the complaint was sent today",
        "ends with `No letter is due yet: the follow-up letter is due on …` and `letters status FILE`, not `generate --stage follow-up`",
    ),
]


def _run(tmp_path: Path, answers: list[str]) -> Path:
    queue = list(answers)

    def read(prompt: str) -> str:
        return queue.pop(0)

    return run_interview(tmp_path / "case.yaml", "en", prompter=Prompter("en", read=read, interactive=True))


def _lines(**replace: list[str]) -> list[str]:
    return script(EN, **replace).splitlines()


def test_back_after_a_refused_blank_answer_goes_to_the_question_before(tmp_path: Path) -> None:
    *complainant, account = EN["complainant"]
    company = ["", "<", "CW-NEW", *EN["company"]]  # blank company name (required), back, a new account id
    case = load_case(_run(tmp_path, _lines(complainant=[*complainant, account], company=company))).case
    assert (case.complainant.account_id, case.company.name) == ("CW-NEW", "CoinVault Ltd")


def test_going_back_never_shows_the_error_of_an_answer_already_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    date, channel, *rest = EN["incidents"]
    incidents = ["2026-02-30", date, "<", date, channel, *rest]
    case = load_case(_run(tmp_path, _lines(incidents=incidents))).case
    out = capsys.readouterr().out
    assert out.count("2026-02-30") == 1, out  # the refusal, said once when it happened
    assert case.incidents[0].date == dt.date(2026, 9, 14)


def test_new_names_no_letter_that_is_not_due_yet(cli, tmp_path: Path) -> None:
    today = dt.date.today()
    contacts = ["y", today.isoformat(), "1", "email", "T-1", "", "n"]
    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, contacts=contacts))
    assert result.exit_code == 0, result.output
    due = (today + dt.timedelta(days=10)).isoformat()  # EN's deadline answer: 10 days
    assert f"No letter is due yet: the follow-up letter is due on {due}. See where the case stands with:" in result.output
    assert f"letters status {tmp_path / 'case.yaml'}" in result.output
    assert "--stage follow-up" not in result.output


REFUSED_NAMES = st.lists(st.sampled_from(["", " ", "\t"]), min_size=0, max_size=3)


@given(blanks=REFUSED_NAMES)
@example(blanks=[""])
@example(blanks=["", " "])
def test_fuzz_any_number_of_refused_answers_then_back_goes_one_question_back(blanks: list[str]) -> None:
    import tempfile

    *complainant, _account = EN["complainant"]
    company = [*blanks, "<", "CW-NEW", *EN["company"]]
    with tempfile.TemporaryDirectory() as folder:
        case = load_case(_run(Path(folder), _lines(complainant=[*complainant, "CW-OLD"], company=company))).case
    assert (case.complainant.account_id, case.company.name) == ("CW-NEW", "CoinVault Ltd")
