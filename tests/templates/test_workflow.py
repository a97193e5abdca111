"""The template author's path: export the built-ins, edit them, add a letter, generate with them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.builders import case_dict, docx_text, write_case

LETTERHEAD = "Northside Advice Centre · 1 Main Street, Leeds"
REFUND = """{{ complainant.name }}
{{ letter_date }}

To {{ company.name }}: please refund {{ loss_totals|map(attribute='amount_text')|join(' and ') }} by {{ deadline }}.
{% for e in evidence %}
- {{ e.id }}: {{ e.description }}
{% endfor %}
"""


def test_export_edit_add_and_generate_with_own_templates(cli, tmp_path: Path, builtins: Path) -> None:
    import docx

    mine = tmp_path / "mine"
    exported = cli("templates", "export", mine)
    assert exported.exit_code == 0
    assert exported.output == f"Wrote {mine / 'first-complaint.en.docx'}\nWrote {mine / 'first-complaint.en.txt'}\n"

    document = docx.Document(str(mine / "first-complaint.en.docx"))
    document.paragraphs[0].insert_paragraph_before(LETTERHEAD)
    document.save(str(mine / "first-complaint.en.docx"))
    txt = mine / "first-complaint.en.txt"
    txt.write_text("NORTHSIDE ADVICE CENTRE\n" + txt.read_text(encoding="utf-8"), encoding="utf-8")
    (mine / "refund-demand.en.txt").write_text(REFUND, encoding="utf-8")
    assert cli("templates", "check", mine).exit_code == 0

    case = write_case(tmp_path, case_dict("en"))
    out = tmp_path / "out"
    first = cli("generate", case, "--stage", "first-complaint", "--templates", mine, "--out", out, "--on", "2026-11-01")
    refund = cli("generate", case, "--template", "refund-demand", "--templates", mine, "--out", out, "--on", "2026-11-01")

    assert (first.exit_code, refund.exit_code) == (0, 0)
    assert refund.output == f"Wrote {out / 'T-EN-1' / 'refund-demand.txt'}\n"
    assert docx_text(out / "T-EN-1" / "first-complaint.docx").splitlines()[:2] == [LETTERHEAD, "Tom Reader"]
    assert (out / "T-EN-1" / "first-complaint.txt").read_text(encoding="utf-8").startswith("NORTHSIDE ADVICE CENTRE\nTom Reader\n")
    assert (out / "T-EN-1" / "refund-demand.txt").read_text(encoding="utf-8") == (
        "Tom Reader\n1 November 2026\n\nTo Example Wallet plc: please refund £10.00 by 15 November 2026.\n- E1: Chat transcript\n"
    )


def test_generate_refuses_a_template_with_a_typo_and_writes_nothing(cli, tmp_path: Path, builtins: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "first-complaint.en.txt").write_text("{% for e in evidence %}\n{{ e.descripton }}\n{% endfor %}\n", encoding="utf-8")
    case = write_case(tmp_path, case_dict("en"))
    result = cli("generate", case, "--stage", "first-complaint", "--templates", mine, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {mine / 'first-complaint.en.txt'}:2: evidence[].descripton: not in the view model; did you mean evidence[].description?\n"
    )
    assert not (tmp_path / "out").exists()


def test_own_template_without_any_file_lists_every_folder_searched(cli, tmp_path: Path, builtins: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    result = cli("generate", case, "--template", "refund-demand", "--templates", tmp_path / "a", "--out", tmp_path / "out")
    assert result.exit_code == 1
    config = tmp_path / "config" / "letters" / "templates"
    assert result.stderr == f"Error: refund-demand.en.docx: template not found; searched: {tmp_path / 'a'}, {config}, {builtins}\n"


def test_search_order_is_cli_then_environment_then_config_then_built_in(cli, tmp_path: Path, builtins: Path, monkeypatch) -> None:
    first, env = tmp_path / "first", tmp_path / "env"
    config = tmp_path / "config" / "letters" / "templates"
    for folder in (first, env, config):
        folder.mkdir(parents=True)
        (folder / "first-complaint.en.txt").write_text(f"{folder.name}\n", encoding="utf-8")
    monkeypatch.setenv("LETTERS_TEMPLATES", str(env))
    result = cli("templates", "list", "--templates", first)
    lines = [line.split() for line in result.output.splitlines() if line.startswith("first-complaint.en.txt")]
    assert lines == [
        ["first-complaint.en.txt", str(first), "(overrides", f"{env},", f"{config},", "built-in)"],
        ["first-complaint.en.txt", str(env), "(hidden", "by", f"{first})"],
        ["first-complaint.en.txt", str(config), "(hidden", "by", f"{first})"],
        ["first-complaint.en.txt", "built-in", "(hidden", "by", f"{first})"],
    ]
    assert result.output.splitlines()[-1] == f"Searched: {first}, {env}, {config}, built-in"


def test_list_marks_new_templates(cli, tmp_path: Path, builtins: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "refund-demand.en.txt").write_text("x\n", encoding="utf-8")
    result = cli("templates", "list", "-t", mine)
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["refund-demand.en.txt", str(mine), "(new)"] in lines
    assert ["first-complaint.en.docx", "built-in"] in lines


def test_export_never_overwrites_without_force(cli, tmp_path: Path, builtins: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "first-complaint.en.txt").write_text("my edits\n", encoding="utf-8")
    refused = cli("templates", "export", mine, "first-complaint")
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: {mine / 'first-complaint.en.txt'}: already exists; not overwritten (use --force to replace it)\n"
    assert sorted(p.name for p in mine.iterdir()) == ["first-complaint.en.txt"]
    assert (mine / "first-complaint.en.txt").read_text(encoding="utf-8") == "my edits\n"
    forced = cli("templates", "export", mine, "first-complaint.en.txt", "--force")
    assert forced.exit_code == 0
    assert (mine / "first-complaint.en.txt").read_text(encoding="utf-8") == (builtins / "first-complaint.en.txt").read_text(
        encoding="utf-8"
    )


def test_export_of_an_unknown_name_lists_the_built_ins(cli, tmp_path: Path, builtins: Path) -> None:
    result = cli("templates", "export", tmp_path / "mine", "first-complain")
    assert (result.exit_code, result.stderr) == (1, "Error: first-complain: no such built-in template; choose from first-complaint\n")


def test_check_reports_every_problem_and_exits_1(cli, tmp_path: Path, builtins: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "good.en.txt").write_text("{{ complainant.name }}\n", encoding="utf-8")
    (mine / "bad.en.txt").write_text("{{ complainant.nmae }}\n", encoding="utf-8")
    (mine / "Letter.txt").write_text("x\n", encoding="utf-8")
    result = cli("templates", "check", mine)
    assert result.exit_code == 1
    assert result.stdout == f"ok {mine / 'good.en.txt'}\n"
    assert result.stderr.splitlines() == [
        f"Error: {mine / 'bad.en.txt'}:1: complainant.nmae: not in the view model; did you mean complainant.name?",
        f"Error: {mine / 'Letter.txt'}: is not named <name>.<lang>.<docx|txt> (e.g. refund-demand.en.txt), so it is never used",
    ]


def test_context_shows_what_a_template_receives(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    flat = cli("templates", "context", case, "--stage", "follow-up", "--on", "2026-11-01")
    as_json = cli("templates", "context", case, "--template", "refund-demand", "--json", "--on", "2026-11-01")
    assert flat.exit_code == 0 and as_json.exit_code == 0
    assert "complainant.name = Tom Reader" in flat.output.splitlines()
    assert "evidence[0].id = E1" in flat.output.splitlines()
    assert "first_complaint = null" in flat.output.splitlines()
    data = json.loads(as_json.output)
    assert (data["stage"], data["deadline"], data["demands"][1]["detail"]) == ("refund-demand", "15 November 2026", "refund the 10 GBP fee")


def test_context_needs_exactly_one_of_stage_or_template(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    result = cli("templates", "context", case)
    assert result.exit_code == 2
    assert "give exactly one of --stage or --template" in result.stderr


def test_every_templates_command_has_an_example(cli) -> None:
    for command in ("list", "export", "check", "context"):
        assert "Example:" in cli("templates", command, "--help").output
