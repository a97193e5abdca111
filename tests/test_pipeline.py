"""`letters generate`: the first-complaint letter, in both formats and languages, written safely."""

from __future__ import annotations

from pathlib import Path

import docx
import docx.text.paragraph
import pytest
from docx.oxml.ns import qn

from letters.viewmodel.words import prose_for
from tests.builders import case_dict, docx_text, write_case

ON = "2026-10-08"


def generate(cli, case: Path, out: Path, *extra: str):
    return cli("generate", case, "--stage", "first-complaint", "--out", out, "--on", ON, *extra)


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_letter_carries_every_fact_of_the_case(cli, tmp_path: Path, lang: str) -> None:
    data = case_dict(lang)
    data["policies"] = [{"title": "Terms of Service" if lang == "en" else "用户协议", "clause": "5.2", "summary": "reply within 24h"}]
    case = write_case(tmp_path, data)
    result = generate(cli, case, tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / data["case_id"]
    txt = (folder / "first-complaint.txt").read_text(encoding="utf-8")
    seen = docx_text(folder / "first-complaint.docx")
    c = data["complainant"]
    prose = prose_for(lang)  # a Chinese letter writes case prose with full-width marks
    facts = [
        c["name"],
        c["email"],
        c["phone"],
        prose(c["address"]),
        c["account_id"],
        data["company"]["name"],
        data["staff"]["name"],
        data["staff"]["id"],
        data["incidents"][0]["channel"],
        data["incidents"][0]["summary"],
        data["evidence"][0]["description"],
        data["evidence"][0]["reference"],
        "E1",
        data["demands"][1]["detail"],  # the user's words exactly as written
        data["policies"][0]["title"],
        "5.2",
    ]
    facts += (
        # zh-Hant: the case writes 港幣 50 元, so its letter does too (one currency style, the user's)
        ["2026年10月2日", "2026年10月8日", "2026年10月22日", {"zh": "人民币12.00元", "zh-Hant": "港幣50.00元"}[lang]]
        if lang != "en"
        else ["2 October 2026", "8 October 2026", "22 October 2026", "£10.00", data["case_id"]]  # zh: no 案件编号 on the user's own id
    )
    for fact in facts:
        assert fact in txt, f"{fact!r} missing from the text letter"
        assert fact in seen, f"{fact!r} missing from the Word letter"


def test_chinese_letter_follows_letter_conventions(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("zh"))
    assert generate(cli, case, tmp_path / "out").exit_code == 0
    document = docx.Document(str(tmp_path / "out" / "T-ZH-1" / "first-complaint.docx"))
    body = [docx.text.paragraph.Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]  # tables too
    lines = [line.strip() for p in body for line in p.text.split("\n")]
    paragraphs = [line for line in lines if line]
    assert paragraphs.index("此致") + 1 == paragraphs.index("敬礼！")
    assert any(p.startswith("尊敬的") and p.endswith("：") for p in paragraphs)
    assert any("投诉人" in p and "李雷" in p for p in paragraphs)
    closing = paragraphs.index("敬礼！")
    assert paragraphs[closing + 1 :].index("2026年10月8日") < paragraphs.index("附件：") - closing  # the date once, in the 落款
    assert [p for p in paragraphs if "2026年10月8日" in p] == ["2026年10月8日"]
    assert paragraphs[paragraphs.index("附件：") + 1].startswith("E1 "), "the evidence is listed as enclosures"
    fonts = document.styles["Normal"].element.xpath(".//w:rFonts/@w:eastAsia")
    assert fonts and fonts[0], "Chinese documents must declare an East-Asian font"


def test_english_letter_has_salutation_and_sign_off(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    assert generate(cli, case, tmp_path / "out").exit_code == 0
    txt = (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").read_text(encoding="utf-8")
    assert "Dear Sir or Madam," in txt and "Yours faithfully,\n\nTom Reader\n\nEnclosures\n" in txt
    assert txt.count("8 October 2026") == 1, "one date, at the top"


def test_case_text_that_looks_like_markup_comes_out_literally(cli, tmp_path: Path) -> None:
    data = case_dict("en")
    data["incidents"][0]["summary"] = "He wrote {{ complainant.name }} & <b>{% if x %}</b> \"quoted\" 'x'"
    case = write_case(tmp_path, data)
    assert generate(cli, case, tmp_path / "out").exit_code == 0
    literal = "He wrote {{ complainant.name }} & <b>{% if x %}</b> \"quoted\" 'x'"
    assert literal in docx_text(tmp_path / "out" / "T-EN-1" / "first-complaint.docx")
    assert literal in (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").read_text(encoding="utf-8")


def test_rerun_does_not_overwrite_without_force(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    out = tmp_path / "out"
    assert generate(cli, case, out).exit_code == 0
    letter = out / "T-EN-1" / "first-complaint.txt"
    letter.write_text("my own edits", encoding="utf-8")
    result = generate(cli, case, out)
    assert result.exit_code == 1
    assert f"Error: {letter.resolve()}: already exists; not overwritten (use --force to replace it)" in result.stderr
    assert letter.read_text(encoding="utf-8") == "my own edits"
    assert generate(cli, case, out, "--force").exit_code == 0
    assert "Tom Reader" in letter.read_text(encoding="utf-8")
    assert not [p for p in (out / "T-EN-1").iterdir() if p.name.startswith(".")], "no temporary files left"


def test_only_requested_formats_are_written(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    assert generate(cli, case, tmp_path / "out", "--format", "txt").exit_code == 0
    assert [p.name for p in (tmp_path / "out" / "T-EN-1").iterdir()] == ["first-complaint.txt"]


def test_unknown_format_and_bad_date_are_errors(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    result = generate(cli, case, tmp_path / "out", "--format", "odt")
    assert result.exit_code == 1 and result.stderr.startswith("Error: unknown format odt")
    result = cli("generate", case, "--stage", "first-complaint", "--on", "2026-13-01")
    assert result.exit_code == 2 and "'2026-13-01' is not a date; use YYYY-MM-DD" in result.stderr


def test_invalid_case_exits_1_with_file_line_and_no_traceback(cli, tmp_path: Path) -> None:
    data = case_dict("en")
    data["complainant"]["emial"] = "x@example.com"
    case = write_case(tmp_path, data)
    result = generate(cli, case, tmp_path / "out")
    assert result.exit_code == 1
    line = next(i for i, l in enumerate(case.read_text().splitlines(), 1) if "emial" in l)
    assert result.stderr == f'Error: {case}:{line}: complainant.emial: unknown key (did you mean "email"?)\n'
    assert not (tmp_path / "out").exists()


def test_output_folder_that_is_a_file_is_a_clear_error(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    (tmp_path / "out").write_text("not a folder")
    result = generate(cli, case, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'out'}: the output folder is a file; choose another --out\n"


def test_init_writes_a_case_that_validates_and_refuses_to_overwrite(cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    assert cli("init", target, "--lang", "en").exit_code == 0
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("# A letters case file")  # after the schema line
    assert cli("validate", target).exit_code == 0
    target.write_text("mine", encoding="utf-8")
    result = cli("init", target)
    assert result.exit_code == 1 and target.read_text(encoding="utf-8") == "mine"


def test_schema_is_json_schema_of_the_case(cli) -> None:
    import json

    result = cli("schema")
    schema = json.loads(result.output)
    assert set(schema["required"]) >= {"version", "case_id", "language", "complainant", "company", "incidents", "demands"}
    assert schema["then"] == {"required": ["staff"]}  # version 1 needs its staff member
    assert schema["additionalProperties"] is False


def test_record_with_a_users_own_template_is_a_usage_error(cli, tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    result = cli("generate", case, "--template", "refund-demand", "--record")
    assert result.exit_code == 2
    assert "--record goes with --stage" in result.stderr
