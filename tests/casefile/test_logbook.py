"""``letters log``: the entry lands in the file's own layout, nothing else moves, bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from letters.casefile.load import load_case
from letters.casefile.logbook import append_contact
from letters.errors import CaseFileError
from tests.builders import ROOT, case_dict, write_case

EXAMPLE = ROOT / "examples" / "bitpie-zh.yaml"

HEAD = """\
# my complaint — keep this comment
version: 1
case_id: LOG-1        # the folder name
language: en
complainant: {name: Tom}
company:
    name: ACME     # four-space mapping indent, on purpose
staff:
  id: S-1
incidents:
    -   date: 2026-10-02
        summary: >-
          The agent closed my ticket
          without answering.
demands:
  - type: apology
"""


def entry(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"kind": "complaint", "date": dt.date(2026, 10, 8), "channel": "email", "reference": "TK-1"}
    values.update(overrides)
    return values


def test_log_into_the_commented_example_keeps_every_other_line(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    append_contact(path, **entry())
    before, after = EXAMPLE.read_text(encoding="utf-8").splitlines(), path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in before if line not in after]
    assert changed == [line for line in before if line.startswith("contacts: []")]
    assert [line for line in after if line not in before] == [
        "contacts:                      # 往来记录：寄出投诉后用 letters log 记录，例如",
        "  - date: 2026-10-08",
        "    kind: complaint",
        "    channel: email",
        "    reference: TK-1",
    ]


def test_log_then_validate_round_trips_without_losing_a_comment(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    assert (
        cli("log", path, "--kind", "complaint", "--date", "2026-10-08", "--channel", "电子邮件", "--reference", "TICKET-5521").exit_code
        == 0
    )
    result = cli("log", path, "--kind", "reply", "--date", "2026-10-12", "--unsatisfactory", "--summary", "拒绝退款")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Logged reply of 2026-10-12 in {path} (next: escalation due 2026-10-12)")
    comments = [line.split("#", 1)[1] for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if "#" in line]
    text = path.read_text(encoding="utf-8")
    assert all(comment in text for comment in comments)
    checked = cli("validate", path, "--stage", "escalation")
    assert checked.exit_code == 0, checked.output
    contacts = load_case(path).case.contacts
    assert [(c.kind.value, c.reference, c.summary, c.satisfactory) for c in contacts] == [
        ("complaint", "TICKET-5521", None, None),
        ("reply", None, "拒绝退款", False),
    ]


def test_log_appends_after_existing_entries_in_their_indentation(tmp_path: Path) -> None:
    text = (
        HEAD
        + "contacts:\n    -   date: 2026-10-05   # first\n        kind: complaint\n        summary: |\n          line one\n\n# trailing comment\n"
    )
    path = write_case(tmp_path, text)
    append_contact(path, **entry(kind="reply", satisfactory=True, channel=None, reference=None, summary="two\nlines"))
    assert path.read_text(encoding="utf-8") == HEAD + (
        "contacts:\n    -   date: 2026-10-05   # first\n        kind: complaint\n        summary: |\n          line one\n"
        "    -   date: 2026-10-08\n        kind: reply\n        summary: |-\n          two\n          lines\n        satisfactory: true\n"
        "\n# trailing comment\n"
    )
    assert load_case(path).case.contacts[0].summary == "line one"


def test_log_adds_a_contacts_list_when_the_file_has_none(tmp_path: Path) -> None:
    path = write_case(tmp_path, HEAD.rstrip("\n"))  # no final newline either
    append_contact(path, **entry())
    assert (
        path.read_text(encoding="utf-8")
        == HEAD + "contacts:\n    -   date: 2026-10-08\n        kind: complaint\n        channel: email\n        reference: TK-1\n"
    )


@pytest.mark.parametrize("empty", ["contacts: []", "contacts: []   # none yet"])
def test_log_fills_an_empty_contacts_list_keeping_its_comment(tmp_path: Path, empty: str) -> None:
    path = write_case(tmp_path, HEAD + empty + "\nresponse_days: 10\n")
    append_contact(path, **entry())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[len(HEAD.splitlines()) :] == [
        "contacts:" + ("      # none yet" if "#" in empty else ""),  # the comment keeps its column
        "    -   date: 2026-10-08",  # the layout of the file's other lists
        "        kind: complaint",
        "        channel: email",
        "        reference: TK-1",
        "response_days: 10",
    ]


def test_log_extends_a_flow_style_list(tmp_path: Path) -> None:
    path = write_case(tmp_path, HEAD + "contacts: [{date: 2026-10-01, kind: note}]  # flow\n")
    append_contact(path, **entry())
    assert path.read_text(encoding="utf-8").endswith(
        "contacts: [{date: 2026-10-01, kind: note}, {date: 2026-10-08, kind: complaint, channel: email, reference: TK-1}]  # flow\n"
    )


def test_log_quotes_text_that_yaml_would_read_as_something_else(tmp_path: Path) -> None:
    path = write_case(tmp_path, case_dict("en"))
    append_contact(path, **entry(reference="007", channel="yes", summary="#1: a: b"))
    contact = load_case(path).case.contacts[-1]
    assert (contact.reference, contact.channel, contact.summary) == ("007", "yes", "#1: a: b")


def test_log_keeps_windows_line_endings_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + "contacts: []\n").replace("\n", "\r\n").encode("utf-8"))
    append_contact(path, **entry())
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    assert load_case(path).case.contacts[0].reference == "TK-1"


def test_log_keeps_the_file_mode_and_follows_a_symlink(tmp_path: Path) -> None:
    real = write_case(tmp_path, case_dict("en"), name="real.yaml")
    os.chmod(real, 0o600)
    link = tmp_path / "case.yaml"
    link.symlink_to(real)
    append_contact(link, **entry())
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o600
    assert len(load_case(real).case.contacts) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_log_refuses_an_invalid_entry_and_leaves_the_file_byte_for_byte(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, HEAD)
    before = path.read_bytes()
    result = cli("log", path, "--kind", "complaint", "--date", "2026-10-08", "--satisfactory")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: contacts[0]: satisfactory is only for contacts of kind 'reply'; nothing was written\n"
    assert path.read_bytes() == before


def test_log_refuses_a_broken_file_and_leaves_it_byte_for_byte(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, HEAD.replace("case_id: LOG-1", "case_id: LOG-1\ncase_idd: typo"))
    before = path.read_bytes()
    result = cli("log", path, "--kind", "complaint", "--date", "2026-10-08")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:4: case_idd: unknown key")
    assert path.read_bytes() == before


def test_log_refuses_a_bad_date_or_kind_as_a_usage_error(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, HEAD)
    assert cli("log", path, "--kind", "complaint", "--date", "2026-02-30").exit_code == 2
    assert cli("log", path, "--kind", "letter", "--date", "2026-02-03").exit_code == 2
    assert path.read_text(encoding="utf-8") == HEAD


def test_log_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError) as info:
        append_contact(tmp_path / "nope.yaml", **entry())
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}: no such file"


def test_concurrent_logs_lose_nothing(tmp_path: Path) -> None:
    path = write_case(tmp_path, case_dict("en"))
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(5):
                append_contact(path, **entry(kind="note", reference=f"W{n}-{i}", channel=None))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(c.reference or "" for c in load_case(path).case.contacts)
    assert references == sorted(f"W{n}-{i}" for n in range(4) for i in range(5))


def test_log_into_a_json_style_file_round_trips_through_ruamel(tmp_path: Path) -> None:
    import json

    path = write_case(tmp_path, "# written by a script\n" + json.dumps(case_dict("en")) + "\n")
    append_contact(path, **entry(reference="007"))
    assert path.read_text(encoding="utf-8").startswith("# written by a script\n{")
    assert [c.reference for c in load_case(path).case.contacts] == ["007"]
    assert load_case(path).case.demands == load_case(write_case(tmp_path / "b", case_dict("en"))).case.demands
