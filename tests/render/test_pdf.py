"""``--format pdf`` through LibreOffice: text, Chinese glyphs, embedded fonts, page counts.

These tests need LibreOffice and poppler-utils (``.ci/pdf-deps.sh`` installs them); where
they are absent the whole module is skipped with the reason shown by ``pytest -ra``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from letters.render.pdf import docx_to_pdf, find_soffice
from tests.builders import (
    case_dict,
    case_with_files,
    docx_bytes,
    docx_text,
    reader_text,
    write_case,
    write_templates,
)

_MISSING = [tool for tool in ("pdfinfo", "pdftotext", "pdffonts") if shutil.which(tool) is None]
pytestmark = [
    pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed; run .ci/pdf-deps.sh"),
    pytest.mark.skipif(bool(_MISSING), reason=f"poppler-utils ({', '.join(_MISSING)}) not installed; run .ci/pdf-deps.sh"),
    pytest.mark.slow,  # LibreOffice
]

STAGES_CONTACTS = [
    {"kind": "complaint", "date": "2026-10-03", "channel": "email", "reference": "TICKET-5521"},
    {"kind": "reply", "date": "2026-10-05", "satisfactory": False, "summary": "boilerplate"},
    {"kind": "escalation", "date": "2026-10-06", "channel": "email"},
]
#: A font that can draw Chinese: what a PDF with Chinese glyphs (not boxes) must embed.
CJK_FONT = re.compile(r"CJK|Han|Song|Hei|Ming|Kai|Fang|WenQuanYi|SC|TC", re.I)


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return reader_text(text)  # the non-breaking hyphens of IDs read as hyphens


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def fonts_embedded(pdf: Path) -> dict[str, bool]:
    """Font name → embedded, read from the ``emb`` column of ``pdffonts``."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
    start = out[0].index("emb")
    return {line.split()[0]: line[start : start + 3] == "yes" for line in out[2:]}


def test_chinese_letter_pdf_shows_chinese_text_in_an_embedded_cjk_font(cli, tmp_path: Path) -> None:
    case = case_with_files(tmp_path / "case")
    out = tmp_path / "out"

    result = cli(
        "generate",
        case,
        "--stage",
        "first-complaint",
        "--format",
        "docx,pdf",
        "--out",
        out,
        "--templates",
        write_templates(tmp_path / "tpl"),
    )

    pdf = out / "T-ZH-1" / "first-complaint.pdf"
    assert result.exit_code == 0, result.output
    assert f"Wrote {pdf}" in result.output
    assert pdf_pages(pdf) == 1
    assert [line.strip() for line in pdf_text(pdf).splitlines() if line.strip()] == [
        "投诉函",
        "示例钱包公司 客户服务部",
        "李雷",
        "客服挂断了我的电话",
    ]
    fonts = fonts_embedded(pdf)
    assert all(fonts.values()), fonts
    assert any(CJK_FONT.search(name) for name in fonts), fonts


def test_many_letters_convert_in_one_run_in_order(tmp_path: Path) -> None:
    documents = [docx_bytes((f"第 {n} 封信", f"Letter {n}")) for n in range(3)]

    pdfs = docx_to_pdf(documents)

    texts = []
    for n, data in enumerate(pdfs):
        (tmp_path / f"{n}.pdf").write_bytes(data)
        texts.append(pdf_text(tmp_path / f"{n}.pdf").split())
    assert texts == [["第", "0", "封信", "Letter", "0"], ["第", "1", "封信", "Letter", "1"], ["第", "2", "封信", "Letter", "2"]]


def test_existing_pdf_is_not_overwritten_without_force(cli, tmp_path: Path) -> None:
    case = case_with_files(tmp_path / "case")
    pdf = tmp_path / "out" / "T-ZH-1" / "first-complaint.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"mine")

    result = cli(
        "generate",
        case,
        "--stage",
        "first-complaint",
        "--format",
        "pdf",
        "--out",
        tmp_path / "out",
        "--templates",
        write_templates(tmp_path / "tpl"),
    )

    assert result.exit_code == 1
    assert result.output == f"Error: {pdf}: already exists; not overwritten (use --force to replace it)\n"
    assert pdf.read_bytes() == b"mine"


# --- every built-in template, both languages ---------------------------------------------------


@pytest.fixture(scope="module")
def builtin_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, Path]]:
    """Every built-in stage letter in both languages, converted by two converters."""
    import datetime as dt

    from letters.casefile.load import load_case
    from letters.pipeline import render_letters
    from letters.plan.stages import STAGES
    from letters.templating.search import TemplateSearchPath, builtin_dir

    if not list(builtin_dir().glob("*.docx")):
        pytest.skip(f"no built-in .docx templates in {builtin_dir()} yet")
    folder = tmp_path_factory.mktemp("builtin")
    search = TemplateSearchPath.build(use_env=False, use_config=False)
    letters = {}
    for lang in ("zh", "zh-Hant", "en"):
        case_file = load_case(write_case(folder, case_dict(lang, contacts=STAGES_CONTACTS), f"{lang}.yaml"))
        for stage in STAGES:
            letter = render_letters(case_file, stage=stage, formats=("docx", "txt"), search=search, on=dt.date(2026, 10, 8))
            letters[(stage, lang)] = letter
    pdfs = docx_to_pdf([letter.files["docx"] for letter in letters.values()], jobs=2)
    paths = {}
    for key, data in zip(letters, pdfs):
        paths[key] = (folder / f"{key[0]}.{key[1]}.pdf", folder / f"{key[0]}.{key[1]}.docx")
        paths[key][0].write_bytes(data)
        paths[key][1].write_bytes(letters[key].files["docx"])
    return paths


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
@pytest.mark.parametrize("stage", ["first-complaint", "follow-up", "escalation", "consumer-association"])
def test_builtin_letter_pdf_text_is_the_text_of_its_docx(builtin_pdfs: dict, stage: str, lang: str) -> None:
    pdf, docx = builtin_pdfs[(stage, lang)]

    text = squeeze(pdf_text(pdf))

    pages = pdf_pages(pdf)
    assert 1 <= pages <= 3
    running = [line for line in docx_text(docx).splitlines() if "\t" in line]  # the continuation header
    lines = {squeeze(line) for line in docx_text(docx).replace(" | ", "\n").splitlines() if line.strip() and line not in running}
    assert [line for line in lines if line not in text] == []  # every line of the .docx is in the PDF...
    rest = text
    head = squeeze(running[0].split("\t")[0])  # page 2 onwards: who, which letter, page x of y
    for page in range(2, pages + 1):
        words = {"zh": f"第{page}页共{pages}页", "zh-Hant": f"第{page}頁共{pages}頁"}.get(lang, f"page{page}of{pages}")
        rest = rest.replace(head, "", 1).replace(words, "", 1)
    for line in sorted(lines, key=len, reverse=True):
        rest = rest.replace(line, "")
    assert rest == ""  # ...and nothing else but the continuation headers
    assert squeeze(case_dict(lang)["complainant"]["name"]) in text
    fonts = fonts_embedded(pdf)
    assert all(fonts.values()), fonts
    if lang == "zh":
        assert "李雷" in text and "示例钱包公司" in text
    if lang == "zh-Hant":
        assert "范志明" in text and "示例錢包有限公司" in text and "敬啟者：" in text
    if lang != "en":
        assert any(CJK_FONT.search(name) for name in fonts), fonts


def squeeze(text: str) -> str:
    """Text without white space or hyphens: lines break differently in Word and in a PDF, and
    pdftotext joins a word hyphenated at a line end (``ACC-`` / ``778`` → ``ACC778``)."""
    return re.sub(r"[\s-]+", "", text)


def test_batch_with_two_converters_writes_every_pdf_and_attaches_it_to_the_draft(tmp_path: Path) -> None:
    import datetime as dt
    from email import policy
    from email.parser import BytesParser

    from letters.batch import BatchOptions, run_batch

    for n in range(4):
        write_case(tmp_path / "cases", case_dict("zh" if n % 2 else "en", case_id=f"C-{n}"), f"c{n}.yaml")
    options = BatchOptions(
        stage="first-complaint",
        on=dt.date(2026, 10, 8),
        out=str(tmp_path / "out"),
        formats=("txt", "pdf", "eml"),
        template_dirs=(str(write_templates(tmp_path / "tpl")),),
    )

    summary = run_batch([tmp_path / "cases"], options, jobs=2, manifest=tmp_path / "manifest.csv")

    assert (summary.made, summary.failed, summary.letters) == (4, 0, 12)
    for n in range(4):
        folder = tmp_path / "out" / f"C-{n}"
        assert sorted(p.name for p in folder.iterdir()) == ["first-complaint.eml", "first-complaint.pdf", "first-complaint.txt"]
        lines = [line.strip() for line in pdf_text(folder / "first-complaint.pdf").splitlines() if line.strip()]
        assert lines[2] == ("李雷" if n % 2 else "Tom Reader")
        draft = BytesParser(policy=policy.default).parsebytes((folder / "first-complaint.eml").read_bytes())
        attached = {part.get_filename(): part.get_content() for part in draft.iter_attachments()}
        assert attached[f"C-{n}-first-complaint.pdf"] == (folder / "first-complaint.pdf").read_bytes()
    assert "first-complaint.pdf" in (tmp_path / "manifest.csv").read_text(encoding="utf-8")
