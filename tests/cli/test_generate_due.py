"""`letters generate CASE` without --stage: the letter due now, or why none is; --record's entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from tests.builders import case_dict, docx_text, write_case


def test_without_stage_makes_the_letter_due_now_and_says_which(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))

    result = cli("generate", case, "--on", "2026-10-20", "--out", tmp_path / "out")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Due now: the first-complaint (no complaint recorded yet)"
    letter = tmp_path / "out" / "T-EN-1" / "first-complaint.docx"
    assert "Example Wallet plc" in docx_text(letter)


def test_without_stage_after_the_deadline_makes_the_follow_up(cli, tmp_path: Path) -> None:
    contacts = [{"date": "2026-10-05", "kind": "complaint", "channel": "email"}]
    case = write_case(tmp_path, case_dict("en", contacts=contacts))

    result = cli("generate", case, "--on", "2026-10-20", "--out", tmp_path / "out", "--format", "txt")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Due now: the follow-up (no reply to the complaint)"
    assert (tmp_path / "out" / "T-EN-1" / "follow-up.txt").is_file()


def test_nothing_due_exits_1_saying_what_is_next_and_when(cli, tmp_path: Path) -> None:
    contacts = [{"date": "2026-10-05", "kind": "complaint"}]
    case = write_case(tmp_path, case_dict("en", contacts=contacts))

    result = cli("generate", case, "--on", "2026-10-10", "--out", tmp_path / "out")

    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {case}: no letter is due on 2026-10-10: next is the follow-up on 2026-10-19 (no reply to the complaint)\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_closed_case_has_nothing_due(cli, tmp_path: Path) -> None:
    contacts = [{"date": "2026-10-05", "kind": "complaint"}, {"date": "2026-10-08", "kind": "reply", "satisfactory": True}]
    case = write_case(tmp_path, case_dict("en", contacts=contacts))

    result = cli("generate", case, "--on", "2026-10-10", "--out", tmp_path / "out")

    assert result.exit_code == 1
    assert result.stderr == f"Error: {case}: no letter is due on 2026-10-10: closed: satisfactory reply on 2026-10-08\n"


def test_record_writes_channel_and_reference_into_the_entry(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))

    result = cli(
        "generate",
        case,
        "--stage",
        "first-complaint",
        "--on",
        "2026-10-20",
        "--out",
        tmp_path / "out",
        "--record",
        "--channel",
        "email",
        "--reference",
        "TICKET-5521",
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"Recorded the first-complaint as sent in {case}"
    entry = yaml.safe_load(case.read_text(encoding="utf-8"))["contacts"][-1]
    assert entry == {
        "date": dt.date(2026, 10, 20),
        "kind": "complaint",
        "channel": "email",
        "reference": "TICKET-5521",
        "summary": "Formal complaint",
    }


def test_record_without_stage_records_the_stage_it_chose(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("zh"))

    result = cli("generate", case, "--on", "2026-10-20", "--out", tmp_path / "out", "--record", "-c", "电子邮件")

    assert result.exit_code == 0, result.output
    entry = yaml.safe_load(case.read_text(encoding="utf-8"))["contacts"][-1]
    assert (entry["kind"], entry["channel"]) == ("complaint", "电子邮件")


def test_channel_without_record_is_a_usage_error(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    before = case.read_bytes()

    result = cli("generate", case, "--stage", "first-complaint", "--reference", "T-1", "--out", tmp_path / "out")

    assert result.exit_code == 2
    assert "Error: --channel and --reference describe the entry --record writes; add --record" in result.stderr
    assert case.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_stage_and_template_together_is_a_usage_error(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))

    result = cli("generate", case, "--stage", "first-complaint", "--template", "mine", "--out", tmp_path / "out")

    assert result.exit_code == 2
    assert "give one of --stage or --template, not both" in result.stderr


def test_generate_warns_about_angry_wording_and_still_writes(cli, tmp_path: Path) -> None:
    data = case_dict("en")
    data["incidents"][0]["summary"] = "The agent was STUPID and I WILL SUE YOU!!!"
    case = write_case(tmp_path, data)

    result = cli("generate", case, "--stage", "first-complaint", "--on", "2026-10-20", "--out", tmp_path / "out", "--format", "txt")

    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert all(line.startswith(f"Warning: {case}:") for line in warnings)
    assert any('abusive wording "STUPID"' in line for line in warnings)
    assert any('a threat to sue or go public, "I WILL SUE"' in line for line in warnings)
    assert any('shouting, "!!!"' in line for line in warnings)
    assert (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").is_file()
