"""Warnings end to end: ``Warning:`` lines on stderr with exit 0, ``--strict`` makes them errors, the manifest column.

Also the stage rules as the command line shows them: a closed case exits 1, ``--record`` never
records a letter twice, and the README's walk-through runs as written.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from letters.casefile.load import load_case
from tests.builders import ROOT, case_dict, write_case

EARLY = (
    "stage follow-up: the reply deadline 2026-10-19 set by the complaint of 2026-10-05 has not passed: the letter date "
    "2026-10-06 is 13 days before it; wait until 2026-10-19 (or pass --on), or send it knowing the company still has time to answer"
)
STRICT = " (a warning; --strict makes it an error)"


def complained(folder: Path, *more: dict[str, Any], name: str = "case.yaml") -> Path:
    contacts = [{"date": "2026-10-05", "kind": "complaint", "channel": "email"}, *more]
    return write_case(folder, case_dict("en", contacts=contacts), name)


def test_generate_warns_about_a_chase_before_the_deadline_and_still_writes(cli: Any, tmp_path: Path) -> None:
    case = complained(tmp_path)
    result = cli("generate", case, "--stage", "follow-up", "--on", "2026-10-06", "--out", tmp_path / "out", "--format", "txt")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Warning: {case}: {EARLY}\n"
    assert (tmp_path / "out" / "T-EN-1" / "follow-up.txt").is_file()


def test_generate_strict_turns_the_warning_into_an_error_and_writes_nothing(cli: Any, tmp_path: Path) -> None:
    case = complained(tmp_path)
    result = cli("generate", case, "--stage", "follow-up", "--on", "2026-10-06", "--out", tmp_path / "out", "--strict")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {case}: {EARLY}{STRICT}\n"
    assert not (tmp_path / "out").exists()


def test_generate_on_time_has_no_warning(cli: Any, tmp_path: Path) -> None:
    case = complained(tmp_path)
    result = cli("generate", case, "--stage", "follow-up", "--on", "2026-10-19", "--out", tmp_path / "out", "--format", "txt", "--strict")
    assert result.exit_code == 0 and result.stderr == ""


FINAL = (
    "the reply of 2026-10-20 is the company's final response (final: true): you can file with the consumer body now "
    "(consumer-association) instead of writing to the company again"
)


def test_a_follow_up_or_escalation_after_a_final_response_is_warned_and_the_filing_is_not(cli: Any, tmp_path: Path) -> None:
    case = complained(tmp_path, {"date": "2026-10-20", "kind": "reply", "channel": "email", "satisfactory": False, "final": True})
    for stage in ("follow-up", "escalation", "consumer-association"):
        result = cli("generate", case, "--stage", stage, "--on", "2026-10-27", "--out", tmp_path / "out", "--format", "txt")
        assert result.exit_code == 0, result.output
        warned = f"Warning: {case}: stage {stage}: {FINAL}\n" in result.stderr
        assert warned == (stage != "consumer-association"), (stage, result.stderr)


TO_THE_COMPANY = (
    "stage consumer-association: `issue` speaks to the company (your), and the filing quotes it as written to the consumer body: "
    'write it about the company ("Acme Ltd has not refunded…") before you send the filing'
)


def test_an_issue_written_to_the_company_is_warned_of_in_the_filing_only(cli: Any, tmp_path: Path) -> None:
    case = complained(tmp_path, {"date": "2026-10-20", "kind": "reply", "channel": "email", "satisfactory": False, "final": True})
    data = load_case(case).case.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["company"]["name"] = "Acme Ltd"
    for issue, warned in (("your agent promised a refund that never came", True), ("Acme's agent promised a refund", False)):
        data["issue"] = issue
        write_case(tmp_path, data)
        for stage in ("first-complaint", "consumer-association"):
            result = cli("generate", case, "--stage", stage, "--on", "2026-10-27", "--out", tmp_path / "out", "--format", "txt", "--force")
            assert result.exit_code == 0, result.output
            assert (TO_THE_COMPANY in result.stderr) == (warned and stage == "consumer-association"), (issue, stage, result.stderr)


def test_a_closed_case_gets_no_follow_up(cli: Any, tmp_path: Path) -> None:
    case = complained(tmp_path, {"date": "2026-10-12", "kind": "reply", "satisfactory": True})
    result = cli("generate", case, "--stage", "follow-up", "--on", "2026-10-20", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {case}: stage follow-up: the case is closed: the reply of 2026-10-12 is logged as satisfactory, and a follow-up "
        f"would say the matter is unresolved; if it is not settled after all, log that first: letters log {case} --kind reply "
        "--date YYYY-MM-DD --unsatisfactory --summary …\n"
    )
    assert not (tmp_path / "out").exists()
    reopened = cli("log", case, "--kind", "reply", "--date", "2026-10-15", "--unsatisfactory", "--on", "2026-10-20")
    assert reopened.exit_code == 0, reopened.output
    again = cli("generate", case, "--stage", "escalation", "--on", "2026-10-20", "--out", tmp_path / "out", "--format", "txt")
    assert again.exit_code == 0, again.output


def test_record_force_never_records_the_same_letter_twice(cli: Any, tmp_path: Path) -> None:
    case = complained(tmp_path)
    args = ("generate", case, "--stage", "follow-up", "--on", "2026-10-20", "--out", tmp_path / "out", "--format", "txt", "--record")
    first = cli(*args)
    assert first.exit_code == 0, first.output
    assert first.stdout.endswith(f"Recorded the follow-up as sent in {case}\n")
    recorded = case.read_bytes()
    for on in ("2026-10-20", "2026-10-25"):
        again = cli(*args[:4], "--on", on, *args[6:], "--force")
        assert again.exit_code == 0, again.output
        assert again.stdout.endswith(f"Not recorded again: the follow-up is already recorded as sent on 2026-10-20 in {case}\n")
        assert case.read_bytes() == recorded
    assert again.stderr.startswith(f"Warning: {case}: stage follow-up: already sent on 2026-10-20 (it is logged in contacts)")
    assert [c.kind.value for c in load_case(case).case.contacts] == ["complaint", "follow-up"]


def test_validate_with_a_stage_warns_and_strict_fails(cli: Any, tmp_path: Path) -> None:
    case = complained(tmp_path)
    result = cli("validate", case, "--stage", "follow-up", "--on", "2026-10-06")
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {case}: {EARLY}\n"
    strict = cli("validate", case, "--stage", "follow-up", "--on", "2026-10-06", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr == f"Error: {case}: {EARLY}{STRICT}\n"
    assert strict.stdout == ""


def test_tone_warnings_go_through_the_same_mechanism(cli: Any, tmp_path: Path) -> None:
    data = case_dict("en")
    data["incidents"][0]["summary"] = "The agent was an idiot."
    case = write_case(tmp_path, data)
    result = cli("validate", case, "--on", "2026-10-06")
    assert result.exit_code == 0 and result.stderr.startswith("Warning: ") and "idiot" in result.stderr
    strict = cli("validate", case, "--on", "2026-10-06", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr == result.stderr.replace("Warning: ", "Error: ").replace("\n", STRICT + "\n")


def test_validate_reports_a_record_that_cannot_have_happened(cli: Any, tmp_path: Path) -> None:
    case = complained(tmp_path, {"date": "2026-10-01", "kind": "reply"})
    result = cli("validate", case, "--on", "2026-10-06")
    line = next(n for n, row in enumerate(case.read_text(encoding="utf-8").splitlines(), 1) if "2026-10-01" in row)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {case}:{line}: contacts[1].date: the reply of 2026-10-01 is before the first complaint (2026-10-05, contacts[0]); check the date\n"
    )


def test_batch_manifest_has_a_warnings_column_and_strict_fails_the_case(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    early = complained(folder, name="early.yaml")
    data = case_dict("en", case_id="T-EN-2", contacts=[{"date": "2026-09-01", "kind": "complaint"}])
    calm = write_case(folder, data, "calm.yaml")
    base = ("batch", folder, "--stage", "follow-up", "--on", "2026-10-06", "--format", "txt", "--jobs", "1")
    result = cli(*base, "--out", tmp_path / "out", "--manifest", tmp_path / "m.csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Warning: {early}: {EARLY}\n"
    with open(tmp_path / "m.csv", encoding="utf-8", newline="") as fh:
        rows = {Path(r["file"]).name: r for r in csv.DictReader(fh)}
    assert rows["early.yaml"]["warnings"] == f"{early}: {EARLY}" and rows["early.yaml"]["status"] == "ok"
    assert rows["calm.yaml"]["warnings"] == "" and rows["calm.yaml"]["status"] == "ok"
    as_json = cli(*base, "--out", tmp_path / "out2", "--manifest", tmp_path / "m.json")
    assert as_json.exit_code == 0
    by_name = {Path(r["file"]).name: r for r in json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))}
    assert by_name["early.yaml"]["warnings"] == [f"{early}: {EARLY}"] and by_name["calm.yaml"]["warnings"] == []
    strict = cli(*base, "--out", tmp_path / "out3", "--strict", "--manifest", tmp_path / "s.csv")
    assert strict.exit_code == 1
    assert strict.stderr == f"Error: {early}: {EARLY}{STRICT}\n"
    assert not (tmp_path / "out3" / "T-EN-1").exists() and (tmp_path / "out3" / "T-EN-2" / "follow-up.txt").is_file()
    assert calm.is_file()


def test_the_readme_walk_through_runs_as_written(cli: Any, tmp_path: Path, monkeypatch: Any) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## A case, start to finish", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]
    monkeypatch.chdir(tmp_path)
    outputs = []
    for command in commands:
        words = re.findall(r'"[^"]*"|\S+', command)
        words = [w.strip('"') for w in words]
        if words[1] in ("new", "schema"):  # the interview needs a person; schema's `>` is the shell's
            continue
        result = cli(*words[1:])
        assert result.exit_code == 0, (command, result.output)
        assert "Warning:" not in result.stderr, (command, result.stderr)
        outputs.append(result.stdout)
    status = next(out for out in outputs if "next:" in out and "chronology" in out and "promise" in out)
    assert "next: follow-up was due 2026-10-24, overdue by 2 days (the promise of 2026-10-09" in status
    assert "was not kept" in status
    contacts = load_case(tmp_path / "my-case.yaml").case.contacts
    kinds = [(c.kind.value, c.date.isoformat()) for c in contacts]
    assert kinds == [
        ("complaint", "2026-10-06"),
        ("reply", "2026-10-09"),
        ("follow-up", "2026-10-26"),
        ("reply", "2026-11-02"),
        ("escalation", "2026-11-03"),
        ("reply", "2026-11-20"),
    ]
    assert contacts[1].promise_by is not None and contacts[1].kept is True and contacts[5].final is True
    assert (tmp_path / "letters-out" / "BP-2026-0042" / "consumer-association.docx").is_file()


def test_docs_show_every_warning_as_the_code_prints_it() -> None:
    """docs/warnings.md quotes each warning; the quotes are the messages the tests above pin."""
    docs = (ROOT / "docs" / "warnings.md").read_text(encoding="utf-8")
    assert f"Warning: case.yaml: {EARLY}" in docs
    assert (
        "Warning: case.yaml: stage follow-up: already sent on 2026-10-20 (it is logged in contacts): this is a reprint of that "
        "letter, not a new one; `letters status` shows the stage due next"
    ) in docs
    assert "Not recorded again: the follow-up is already recorded as sent on 2026-10-20 in case.yaml" in docs
    assert f"Warning: case.yaml: stage follow-up: {FINAL}" in docs
    assert f"Warning: case.yaml: {TO_THE_COMPANY}" in docs
    assert STRICT.strip(" ()") in docs
    assert "abusive wording" in docs
