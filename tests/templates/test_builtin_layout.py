"""The built-in letters on the page (LETTER-CRAFT.md §6), read as Word and as the PDF a reader gets.

Nothing stranded (headings, list leads, the closing and the signature keep with what follows),
nothing broken (IDs with non-breaking hyphens, hashes in one monospace run), a continuation
header with page x of y, fonts that exist and are embedded, one or two pages for a letter about
one incident.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import docx
import docx.text.paragraph
import pytest
from docx.oxml.ns import qn

from letters.casefile.load import load_case
from letters.casefile.model import STAGES
from letters.errors import LettersError
from letters.pipeline import render_letters
from letters.templating.search import TemplateSearchPath
from tests.builders import ROOT

pytestmark = pytest.mark.slow  # every example letter, as Word and as PDF

ON = dt.date(2026, 11, 25)
CASES = sorted([*ROOT.glob("examples/path/*.yaml"), *ROOT.glob("tests/golden/cases/*.yaml")])
NB_HYPHEN = "\u2011"


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, int, str]]:
    """name → (.docx, .txt, number of incidents, the letters' language) for every stage each example case allows."""
    folder = tmp_path_factory.mktemp("layout")
    search = TemplateSearchPath.build(use_env=False, use_config=False)
    made = {}
    for path in CASES:
        case_file = load_case(path)
        for stage in STAGES:
            try:
                letter = render_letters(case_file, stage=stage, formats=("docx", "txt"), search=search, on=ON)
            except LettersError:
                continue
            name = f"{case_file.case.case_id}.{stage}"
            (folder / f"{name}.docx").write_bytes(letter.files["docx"])
            (folder / f"{name}.txt").write_bytes(letter.files["txt"])
            made[name] = (folder / f"{name}.docx", folder / f"{name}.txt", len(case_file.case.incidents), case_file.case.language)
    return made


KEPT_WITH_NEXT = ("Letter Title", "Letter Subject", "Letter Heading", "Letter Lead", "Letter Label", "Letter Last", "Letter Closing")


def _all_paragraphs(document) -> list:
    """Body paragraphs and those in tables, in document order."""
    return [docx.text.paragraph.Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]


def test_headings_list_leads_and_the_closing_keep_with_what_follows(letters: dict) -> None:
    for name, (path, _, _, _) in letters.items():
        document = docx.Document(str(path))
        for paragraph in _all_paragraphs(document):
            style = paragraph.style.name
            if style in KEPT_WITH_NEXT:
                assert paragraph.style.paragraph_format.keep_with_next, (name, style)
            if style in ("Letter Signature", "Letter Address", "Letter Item", "Letter Enclosure", "Letter Last"):
                assert paragraph.style.paragraph_format.keep_together, (name, style)
        # the last body paragraph, the closing, the signature and the enclosures share one row that cannot split
        ending = [t for t in document.tables if len(t.columns) == 1]
        assert len(ending) == 1, name
        row = ending[0].rows[0]
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None, name
        styles = [p.style.name for p in row.cells[0].paragraphs if p.text.strip()]
        assert styles[0] == "Letter Last" and "Letter Closing" in styles and "Letter Signature" in styles, (name, styles)
        # the enclosures list shares the row: it never stands alone on a last page (issue #23)
        after = styles[len(styles) - styles[::-1].index("Letter Signature") :]
        assert set(after) <= {"Letter Label", "Letter Enclosure"}, (name, styles)


def test_continuation_pages_carry_name_letter_and_page_x_of_y(letters: dict) -> None:
    for name, (path, _, _, _) in letters.items():
        section = docx.Document(str(path)).sections[0]
        assert section.different_first_page_header_footer, name
        assert not "".join(p.text for p in section.first_page_header.paragraphs).strip(), name  # page 1 is plain
        fields = section.header._element.xpath(".//w:fldSimple/@w:instr")
        assert fields == ["PAGE", "NUMPAGES"], name
        assert section.header.paragraphs[0].text.split("\t")[0].strip(), name


def test_ids_and_references_do_not_break_in_word_and_read_plainly_in_text(letters: dict) -> None:
    for name, (path, txt, _, _) in letters.items():
        if not name.startswith(("CW-2026-117-G.follow-up", "BP-2026-0042-G.follow-up")):
            continue
        xml = "".join(t.text or "" for t in docx.Document(str(path)).element.iter(qn("w:t")))
        unbroken = f"CS{NB_HYPHEN}778120" if name.startswith("CW-") else "CS-\u2060778120"  # see Layout.nb_hyphen
        assert unbroken in xml and "CS-778120" not in xml, name
        text = txt.read_text(encoding="utf-8")
        assert "CS-778120" in text and NB_HYPHEN not in text, name


def test_a_hash_is_one_monospace_run(letters: dict) -> None:
    path = letters["CW-2026-117-G.escalation"][0]
    document = docx.Document(str(path))  # the enclosures sit in the table that keeps the ending together
    runs = [r for p in _all_paragraphs(document) for r in p.runs if re.fullmatch(r"[0-9a-f]{64}", r.text)]
    assert len(runs) == 1
    fonts = runs[0]._r.rPr.rFonts
    assert fonts.get(qn("w:ascii")) == "Courier New" and runs[0].font.size.pt <= 9


def test_tables_are_sized_to_the_text_width_with_a_date_column_that_fits_a_date(letters: dict) -> None:
    for name, (path, _, _, _) in letters.items():
        for table in docx.Document(str(path)).tables:
            widths = [column.width.cm for column in table.columns]
            if len(widths) == 1:  # the ending kept together
                continue
            assert len(widths) == 2 and abs(sum(widths) - 16.0) < 0.05, (name, widths)
            assert widths[0] >= 3.3, (name, widths)  # "20 September 2026" / "2026年10月20日" on one line


def test_fonts_are_named_for_each_language(letters: dict) -> None:
    for name, (path, _, _, lang) in letters.items():
        fonts = docx.Document(str(path)).styles["Normal"].element.rPr.rFonts
        hant = lang == "zh-Hant"  # the Hong Kong cases: Traditional, Hong Kong glyphs
        zh = lang in ("zh", "zh-Hant")  # the case's own language, not its id's
        assert fonts.get(qn("w:eastAsia")) == ("Noto Serif CJK HK" if hant else "Noto Serif CJK SC"), name
        assert fonts.get(qn("w:ascii")) == ("Times New Roman" if zh else "Calibri"), name


# --- the PDF a reader gets ------------------------------------------------------------------

needs_pdf = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdffonts")), reason="needs LibreOffice and poppler")


@pytest.fixture(scope="module")
def pdfs(letters: dict, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from letters.render.pdf import docx_to_pdf

    folder = tmp_path_factory.mktemp("layout-pdf")
    names = sorted(letters)
    made = docx_to_pdf([letters[n][0].read_bytes() for n in names])
    out = {}
    for name, data in zip(names, made):
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(data)
    return out


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.replace(NB_HYPHEN, "-").split("\f")[:-1]


@needs_pdf
def test_a_letter_about_one_incident_is_one_or_two_pages(letters: dict, pdfs: dict) -> None:
    counts = {name: len(_pages(pdf)) for name, pdf in pdfs.items()}
    assert {n: c for n, c in counts.items() if letters[n][2] == 1 and c > 2} == {}
    # at most three pages; a filing's fourth may hold its ending alone (the declaration, the signature
    # and the enclosures never part: tools/template_build/build.py keep_ending), as the native
    # readers' 7-day return with its seven enclosures needs
    assert {n: c for n, c in counts.items() if c > (4 if n.endswith(".consumer-association") else 3)} == {}, counts
    for name in (n for n, c in counts.items() if c == 4):
        last_page = [line.strip() for line in _pages(pdfs[name])[-1].splitlines() if line.strip()]
        assert last_page[1].endswith(("声明", "聲明", "Declaration")), (name, last_page[:3])  # after the running header


@needs_pdf
def test_the_closing_never_stands_alone_and_no_page_ends_on_a_heading(letters: dict, pdfs: dict) -> None:
    for name, pdf in pdfs.items():
        document = docx.Document(str(letters[name][0]))
        paragraphs = _all_paragraphs(document)
        headings = {p.text.strip() for p in paragraphs if p.style.name in ("Letter Heading", "Letter Label")}
        last = next(p.text for p in paragraphs if p.style.name == "Letter Last")
        closing = next(p.text.split("\n")[0] for p in paragraphs if p.style.name == "Letter Closing")
        pages = _pages(pdf)
        for page in pages[:-1]:
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            assert lines[-1] not in headings, (name, lines[-1])
        with_closing = next(page for page in pages if closing in page)
        assert re.sub(r"\s+", "", last)[-12:] in re.sub(r"\s+", "", with_closing), name


@needs_pdf
def test_fonts_in_the_pdf_exist_and_are_embedded(letters: dict, pdfs: dict) -> None:
    for name, pdf in pdfs.items():
        listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
        fonts = {line.split()[0].split("+")[-1]: line.split()[-5] == "yes" for line in listing}
        assert all(fonts.values()), (name, fonts)
        families = {re.sub(r"-.*", "", f) for f in fonts}
        if letters[name][3] in ("zh", "zh-Hant"):
            assert any(f.startswith("NotoSerifCJK") for f in families) and families <= {
                "NotoSerifCJKjp",  # the collection's one PostScript name for every region (SC, HK…)
                "NotoSerifCJKsc",
                "NotoSerifCJKhk",
                "LiberationSerif",
                "LiberationMono",
            }, (name, families)
        else:
            assert families <= {"Carlito", "LiberationMono"}, (name, families)


@needs_pdf
def test_an_id_or_reference_never_breaks_across_lines(pdfs: dict) -> None:
    """LibreOffice broke "CS‑778120" inside its digits in Chinese text when the hyphen was U+2011."""
    import yaml

    ids = set()
    for case in CASES:
        data = yaml.safe_load(case.read_text(encoding="utf-8"))
        ids |= {c["reference"] for c in data.get("contacts", []) if "-" in str(c.get("reference", ""))}
        ids |= {str(data["complainant"].get("account_id", ""))} - {""}
    ids = {i for i in ids if re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)+", i)}
    assert "CS-778120" in ids
    for name, pdf in pdfs.items():
        text = "\n".join(_pages(pdf))
        flat = re.sub(r"\s+", "", text)
        lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
        for ident in ids:  # every time the letter prints it, it is on one line
            assert flat.count(ident) == sum(line.count(ident) for line in lines), (name, ident)
