"""The mechanism that writes the built-in templates: a small block language, written twice.

Each stage and language is one list of blocks (``wording_zh.py``, ``wording_en.py``). The
same list is written as a docxtpl Word template and as a plain-text Jinja template, so the
two formats always say the same thing. The output is deterministic (fixed core properties
and zip timestamps): rebuilding without changes gives byte-identical files.

Inline marks inside a line: ``⟦text⟧`` is bold in Word, ``⟪text⟫`` is a monospace run
that never breaks (hashes); both are plain in text. ``|nb`` after a value makes its
hyphens non-breaking in Word (IDs, references) and is dropped in text; ``|ml`` marks a
value that may span several lines (indented under a text list item, dropped in Word).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

__all__ = [
    "Col",
    "For",
    "H",
    "If",
    "Layout",
    "P",
    "Table",
    "Together",
    "body",
    "build_docx",
    "build_txt",
    "entry",
    "item",
    "keep_ending",
    "lead",
    "p",
]

FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0, tzinfo=dt.timezone.utc)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

Line = str | tuple[str, str]


@dataclass
class P:
    lines: list[Line]
    style: str = "Plain"


@dataclass
class H:  # section heading; numbered 一、二、三… in Chinese (only the ones present)
    text: str


@dataclass
class For:
    head: str  # "d in demands"
    body: list
    #: Lines of the same list that follow the loop's when a condition holds (a copy of the final
    #: response after copies of the user's letters): in text, the list's blank line comes after them.
    then: If | None = None


@dataclass
class If:
    cond: str
    body: list
    orelse: list = field(default_factory=list)


@dataclass
class Col:
    header: str
    width_cm: float
    lines: list[Line]


@dataclass
class Table:  # header row + one body row repeated by {%tr for %}; in text a list of items
    head: str
    cols: list[Col]
    txt: list[Line]


@dataclass
class Together:  # blocks that never part across a page: a borderless one-cell table whose row cannot split
    body: list


@dataclass(frozen=True)
class Layout:
    """What a language's letters look like on the page."""

    lang: str
    latin: str  # font of Latin text
    east_asia: str  # font of CJK text
    mono: str  # font of hashes
    size: float
    cell: float
    title: float
    line: float
    after: float  # space after a body paragraph, points
    justify: bool
    indent_chars: int  # first-line indent of body paragraphs, in characters
    lang_tag: str
    header: str  # the continuation header's text (Jinja), before "page x of y"
    page_words: tuple[str, str, str]  # "page ", " of ", "" / "第", "页 共", "页"
    #: What ``|nb`` writes for a hyphen in Word: U+2011 in English; in Chinese a hyphen and a
    #: word joiner (U+2060), because LibreOffice breaks a line *inside* an ID that holds U+2011
    #: in Chinese text ("CS-77812" / "0）"), and keeps "CS-⁠778120）" whole.
    nb_hyphen: str = "\u2011"


def p(*lines: Line, style: str = "Plain") -> P:
    return P(list(lines), style)


def body(*lines: Line) -> P:
    return P(list(lines), "Body")


def lead(*lines: Line) -> P:  # a body paragraph that introduces a list: kept with it
    return P(list(lines), "Lead")


def item(*lines: Line) -> P:  # one-line list item; consecutive items without a gap
    return P(list(lines), "Item")


def entry(*lines: Line) -> P:  # multi-line list item; a gap after each
    return P(list(lines), "Entry")


# ---------------------------------------------------------------------------------------
# Plain-text writer
# ---------------------------------------------------------------------------------------

TXT_STYLE = {  # style: (first-line prefix, continuation prefix, terminator)
    "Title": ("", "", "\n\n"),
    "Subject": ("", "", "\n\n"),
    "Plain": ("", "", "\n\n"),
    "Right": ("", "", "\n\n"),
    "Body": ("", "", "\n\n"),
    "Lead": ("", "", "\n\n"),
    "Last": ("", "", "\n\n"),
    "Loose": ("", "", "\n\n"),
    "Heading": ("", "", "\n"),
    "Item": ("", "   ", "\n"),
    "Entry": ("", "   ", "\n\n"),
    "Signature": ("", "", "\n\n"),
    "Closing": ("", "", "\n\n"),
    "Enclosure": ("", "   ", "\n"),
    "Label": ("", "", "\n\n"),
}
INDENTED = ("Body", "Lead", "Last", "Loose", "Closing")
ZH_INDENT = "\u3000\u3000"  # two ideographic spaces: the first-line indent of Chinese prose
_MARKS = re.compile("[⟦⟧⟪⟫]")


def _txt_text(text: str, multiline_indent: bool) -> str:
    text = _MARKS.sub("", text).replace("|nb", "")
    text = text.replace("|ml", "|indent(3)" if multiline_indent else "")
    # trim_blocks would eat the newline after a block tag that ends a line: "+%}" keeps it
    if text.endswith("%}"):
        text = text[:-2] + "+%}"
    return text


def txt_blocks(blocks: list, lang: str) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, P):
            first, cont, end = TXT_STYLE[b.style]
            if lang.startswith("zh") and b.style in INDENTED:
                # lstrip_blocks would eat an indent before a block tag: write it as a value then
                first = '{{ "' + ZH_INDENT + '" }}' if str(b.lines[0]).startswith("{%") else ZH_INDENT
            indent = bool(cont)
            head = b.lines[0]
            assert isinstance(head, str), "the first line of a paragraph must be unconditional"
            out.append(first + _txt_text(head, indent) + "\n")
            for line in b.lines[1:]:
                if isinstance(line, tuple):
                    cond, text = line
                    out.append("{% if " + cond + " %}\n" + cont + _txt_text(text, indent) + "\n{% endif %}\n")
                else:
                    out.append(cont + _txt_text(line, indent) + "\n")
            if end == "\n\n":
                out.append("\n")
        elif isinstance(b, H):
            out.append(_heading_text(b.text, lang) + "\n")
        elif isinstance(b, For):
            out.append(_txt_for(b, lang))
        elif isinstance(b, If):
            out.append("{% if " + b.cond + " %}\n" + txt_blocks(b.body, lang))
            if b.orelse:
                out.append("{% else %}\n" + txt_blocks(b.orelse, lang))
            out.append("{% endif %}\n")
        elif isinstance(b, Table):
            out.append(txt_blocks([For(b.head, [entry(*b.txt)])], lang))
        elif isinstance(b, Together):
            out.append(txt_blocks(b.body, lang))
        else:
            raise TypeError(b)
    return "".join(out)


def _txt_for(b: For, lang: str) -> str:
    out = ["{% for " + b.head + " %}\n" + txt_blocks(b.body, lang)]
    listed = isinstance(b.body[-1], P) and TXT_STYLE[b.body[-1].style][2] == "\n"
    if listed and b.then is None:
        out.append("{% if loop.last %}\n\n{% endif %}\n")  # one blank line after the list
    out.append("{% endfor %}\n")
    if b.then is not None:
        out.append(txt_blocks([b.then], lang))
        if listed:  # the blank line after the loop's lines and the ones that follow them
            items = b.head.split(" in ", 1)[1]
            out.append("{% if (" + items + ") or (" + b.then.cond + ") %}\n\n{% endif %}\n")
    return "".join(out)


def build_txt(blocks: list, lang: str) -> str:
    text = txt_blocks(blocks, lang)
    if lang.startswith("zh"):
        text = "{% set ns = namespace(n=0) %}\n" + text
    return text.rstrip("\n") + "\n"


ZH_NUMERALS = "一二三四五六七八九十"


def _heading_text(text: str, lang: str) -> str:
    if lang.startswith("zh"):
        return '{% set ns.n = ns.n + 1 %}{{ "' + ZH_NUMERALS + '"[ns.n - 1] }}、' + text
    return text


# ---------------------------------------------------------------------------------------
# Word writer
# ---------------------------------------------------------------------------------------

# rPr / pPr children that must come after the ones we add (OOXML schema order)
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_CONTEXTUAL = (
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def east_asia_tag(lang: str) -> str:
    """The language Word and LibreOffice pick CJK glyphs by: Hong Kong for zh-Hant, else the mainland."""
    return "zh-HK" if lang == "zh-Hant" else "zh-CN"


def set_fonts(rPr, layout: Layout, latin: str | None = None) -> None:
    """rFonts with the East-Asian font and w:lang with the East-Asian language (zh-CN, zh-HK), on any rPr."""
    fonts = rPr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    latin = latin or layout.latin
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), layout.east_asia)
    fonts.set(qn("w:cs"), latin)
    if layout.lang.startswith("zh"):
        fonts.set(qn("w:hint"), "eastAsia")
    for old in rPr.findall(qn("w:lang")):
        rPr.remove(old)
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), layout.lang_tag)
    tag.set(qn("w:eastAsia"), east_asia_tag(layout.lang))
    rPr.insert_element_before(tag, *_AFTER_LANG)


def add_style(
    doc,
    name: str,
    layout: Layout,
    *,
    size=None,
    bold=False,
    align=None,
    before=0,
    after=None,
    first_indent=None,
    left_indent=None,
    keep_next=False,
    keep_lines=False,
    contextual=False,
    line=None,
):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.next_paragraph_style = style
    style.quick_style = True
    font = style.font
    font.size = Pt(size or layout.size)
    font.bold = bold
    pf = style.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(layout.after if after is None else after)
    if line is not None:
        pf.line_spacing = line
    if align is not None:
        pf.alignment = align
    if left_indent is not None:
        pf.left_indent = Cm(left_indent)
    if first_indent is not None:
        pf.first_line_indent = first_indent
    pf.keep_with_next = keep_next
    pf.keep_together = keep_lines
    if contextual:
        pPr = style.element.get_or_add_pPr()
        pPr.insert_element_before(OxmlElement("w:contextualSpacing"), *_AFTER_CONTEXTUAL)
    set_fonts(style.element.get_or_add_rPr(), layout)
    return style


def _field(par, instr: str, layout: Layout) -> None:
    field_ = OxmlElement("w:fldSimple")
    field_.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    rPr = OxmlElement("w:rPr")
    run.append(rPr)
    set_fonts(rPr, layout)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_.append(run)
    par._p.append(field_)


def setup_document(layout: Layout, title: str):
    doc = Document()
    lang = layout.lang
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(defaults, layout)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(layout.size)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(layout.after)
    normal.paragraph_format.line_spacing = layout.line
    normal.paragraph_format.widow_control = True
    set_fonts(normal.element.get_or_add_rPr(), layout)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY if layout.justify else None
    size = layout.size
    indent = Pt(layout.indent_chars * size) if layout.indent_chars else None
    add_style(doc, "Letter Title", layout, size=layout.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=10, keep_next=True)
    add_style(doc, "Letter Subject", layout, bold=True, before=4, after=8, keep_next=True, keep_lines=True)
    add_style(doc, "Letter Address", layout, keep_lines=True)  # an address block never splits
    add_style(doc, "Letter Right", layout, align=WD_ALIGN_PARAGRAPH.RIGHT, keep_lines=True)
    add_style(doc, "Letter Body", layout, align=justify, first_indent=indent)
    add_style(doc, "Letter Lead", layout, align=justify, first_indent=indent, keep_next=True)
    # emails and links do not break: a justified line before one would be stretched, so these are ragged
    add_style(doc, "Letter Loose", layout, first_indent=indent)
    add_style(doc, "Letter Last", layout, first_indent=indent, keep_next=True, keep_lines=True)
    add_style(doc, "Letter Heading", layout, bold=True, before=6, after=2, keep_next=True, keep_lines=True)
    add_style(doc, "Letter Item", layout, left_indent=0.75, first_indent=Cm(-0.75), after=3, contextual=True, keep_lines=True)
    # never justified: a label with a long unbreakable value (a txid) would be stretched across the line
    add_style(doc, "Letter Entry", layout, left_indent=0.75, first_indent=Cm(-0.75), keep_lines=False)
    add_style(doc, "Letter Label", layout, before=12, after=3, keep_next=True, keep_lines=True)
    # the enclosures list stays in one piece (after its label)
    add_style(
        doc,
        "Letter Enclosure",
        layout,
        size=layout.cell + 0.5,
        left_indent=0.9,
        first_indent=Cm(-0.9),
        after=3,
        keep_lines=True,
        keep_next=True,
    )
    add_style(
        doc,
        "Letter Signature",
        layout,
        before=6 if lang.startswith("zh") else 30,
        keep_lines=True,
        align=WD_ALIGN_PARAGRAPH.RIGHT if lang.startswith("zh") else None,
    )
    add_style(doc, "Letter Cell", layout, size=layout.cell, after=0, line=1.0)
    add_style(doc, "Letter Cell Head", layout, size=layout.cell, bold=True, after=0, line=1.0, keep_next=True)
    add_style(doc, "Letter Tag", layout, after=0)  # holds {%p … %}; removed when rendered
    add_style(
        doc, "Letter Closing", layout, first_indent=indent, keep_next=True, keep_lines=True, before=4, after=layout.after
    )  # 此致 indented, 敬礼！ at the margin; never justified
    add_style(doc, "Letter Header", layout, size=layout.cell, after=0, line=1.0)

    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    # a justified line ending in a line break must not be stretched (Word and LibreOffice)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))
    font_lang = settings.find(qn("w:themeFontLang"))
    font_lang.set(qn("w:val"), layout.lang_tag)
    font_lang.set(qn("w:eastAsia"), east_asia_tag(lang))

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    # page 1 plain; continuation pages: "name · letter          page 2 of 3"
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = doc.styles["Letter Header"]
    header.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    before, middle, after = layout.page_words
    _fill(header, layout.header + "\t" + before, layout)
    _field(header, "PAGE", layout)
    _fill(header, middle, layout)
    _field(header, "NUMPAGES", layout)
    if after:
        _fill(header, after, layout)

    core = doc.core_properties
    core.title = title
    core.subject = core.author = core.comments = core.keywords = ""
    core.category = core.last_modified_by = core.identifier = ""
    core.language = {"zh": "zh-CN", "zh-Hant": "zh-HK"}.get(lang, "en-GB")
    core.created = core.modified = FIXED_TIME
    core.revision = 1
    return doc


STYLE_NAMES = {
    "Title": "Letter Title",
    "Subject": "Letter Subject",
    "Plain": "Letter Address",
    "Right": "Letter Right",
    "Body": "Letter Body",
    "Lead": "Letter Lead",
    "Last": "Letter Last",
    "Loose": "Letter Loose",
    "Heading": "Letter Heading",
    "Item": "Letter Item",
    "Entry": "Letter Entry",
    "Signature": "Letter Signature",
    "Closing": "Letter Closing",
    "Enclosure": "Letter Enclosure",
    "Label": "Letter Label",
}


def _docx_text(lines: list[Line], layout: Layout) -> str:
    head = lines[0]
    assert isinstance(head, str), "the first line of a paragraph must be unconditional"
    text = head
    for line in lines[1:]:
        if isinstance(line, tuple):  # "{% if c %}<br/>text{% endif %}": balanced either way
            text += "{% if " + line[0] + " %}\n" + line[1] + "{% endif %}"
        else:
            text += "\n" + line
    return text.replace("|ml", "").replace("|nb", '|replace("-", "' + layout.nb_hyphen + '")')


_PIECES = re.compile("(⟦[^⟧]*⟧|⟪[^⟫]*⟫)")


def _fill(par, text: str, layout: Layout, bold: bool = False) -> None:
    """Runs for ``text``: ⟦bold⟧ and ⟪mono⟫ pieces get their own run (python-docx turns "\\n" into <w:br/>)."""
    for piece in _PIECES.split(text):
        if not piece:
            continue
        mark = piece[0]
        run = par.add_run(piece[1:-1] if mark in "⟦⟪" else piece)
        if bold or mark == "⟦":
            run.bold = True
        rPr = run._r.get_or_add_rPr()
        set_fonts(rPr, layout, latin=layout.mono if mark == "⟪" else None)
        if mark == "⟪":
            run.font.size = Pt(9)  # a 64-character hash fits one line of the enclosures list


def _tag(container, stmt: str, layout: Layout) -> None:
    par = container.add_paragraph(style="Letter Tag")
    _fill(par, "{%p " + stmt + " %}", layout)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _table(doc, t: Table, layout: Layout) -> None:
    table = doc.add_table(rows=4, cols=len(t.cols))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, col in enumerate(t.cols):
        table.columns[i].width = Cm(col.width_cm)
        for row in table.rows:
            row.cells[i].width = Cm(col.width_cm)
    header, loop_start, body_row, loop_end = table.rows
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat the header row on each page
    for row in (header, body_row):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
    for i, col in enumerate(t.cols):
        cell = header.cells[i]
        cell.paragraphs[0].style = doc.styles["Letter Cell Head"]
        _fill(cell.paragraphs[0], col.header, layout)
        _shade(cell, "E7E6E6")
        par = body_row.cells[i].paragraphs[0]
        par.style = doc.styles["Letter Cell"]
        _fill(par, _docx_text(col.lines, layout), layout)
        for r in (loop_start, loop_end):
            r.cells[i].paragraphs[0].style = doc.styles["Letter Cell"]
    _fill(loop_start.cells[0].paragraphs[0], "{%tr for " + t.head + " %}", layout)
    _fill(loop_end.cells[0].paragraphs[0], "{%tr endfor %}", layout)
    doc.add_paragraph(style="Letter Tag")  # a table is followed by a paragraph; an empty one keeps a gap


def docx_blocks(doc, blocks: list, layout: Layout) -> None:
    for b in blocks:
        if isinstance(b, P):
            par = doc.add_paragraph(style=STYLE_NAMES[b.style])
            _fill(par, _docx_text(b.lines, layout), layout)
        elif isinstance(b, H):
            par = doc.add_paragraph(style="Letter Heading")
            _fill(par, _heading_text(b.text, layout.lang), layout)
        elif isinstance(b, For):
            _tag(doc, "for " + b.head, layout)
            docx_blocks(doc, b.body, layout)
            _tag(doc, "endfor", layout)
            if b.then is not None:
                docx_blocks(doc, [b.then], layout)
        elif isinstance(b, If):
            _tag(doc, "if " + b.cond, layout)
            docx_blocks(doc, b.body, layout)
            if b.orelse:
                _tag(doc, "else", layout)
                docx_blocks(doc, b.orelse, layout)
            _tag(doc, "endif", layout)
        elif isinstance(b, Table):
            _table(doc, b, layout)
        elif isinstance(b, Together):
            _together(doc, b, layout)
        else:
            raise TypeError(b)


def keep_ending(blocks: list) -> list:
    """The last body paragraph, the closing, the signature and the enclosures list as one block
    that never parts: the 附件 / Enclosures list never stands alone on a last page."""
    last = next(n for n, b in enumerate(blocks) if isinstance(b, P) and b.style == "Last")
    return [*blocks[:last], Together(blocks[last:])]


def _together(doc, b: Together, layout: Layout) -> None:
    """Keep-with-next is not enough in LibreOffice (a long chain is let go at a page end); a row that cannot split is kept."""
    table = doc.add_table(rows=1, cols=1)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = row.cells[0]
    cell.width = table.columns[0].width = Cm(16)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)
    docx_blocks(cell, b.body, layout)
    cell._tc.remove(cell.paragraphs[0]._p)  # the empty paragraph every new cell starts with


def build_docx(blocks: list, layout: Layout, title: str) -> bytes:
    doc = setup_document(layout, title)
    if layout.lang.startswith("zh"):
        _tag(doc, "set ns = namespace(n=0)", layout)
    docx_blocks(doc, blocks, layout)
    raw = io.BytesIO()
    doc.save(raw)
    # rewrite the zip with fixed timestamps so a rebuild is byte-identical
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    parts = slim_package({info.filename: src.read(info.filename) for info in src.infolist()})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            fixed = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


#: Parts of python-docx's default package no letter needs: Word 2010's second copy of the
#: styles and a thumbnail of an empty page.
_DROPPED_PARTS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")


def slim_package(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The package with only the styles the letter uses (and what they are based on), without
    the parts no letter needs: LibreOffice reads every style of a package for each letter, and
    python-docx's default carries 175 of them (benchmarks/README.md)."""
    from lxml import etree

    kept = {name: data for name, data in parts.items() if name not in _DROPPED_PARTS}
    dropped = [name for name in _DROPPED_PARTS if name in parts]
    for rels in ("_rels/.rels", "word/_rels/document.xml.rels"):
        tree = etree.fromstring(kept[rels])
        for rel in list(tree):
            target = rel.get("Target", "")
            if any(target.endswith(name.rsplit("/", 1)[-1]) for name in dropped):
                tree.remove(rel)
        kept[rels] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(kept["[Content_Types].xml"])
    extensions = {name.rsplit(".", 1)[-1] for name in kept}
    for entry in list(types):
        if entry.get("PartName", "").lstrip("/") in dropped or entry.get("Extension", "rels") not in extensions:
            types.remove(entry)
    kept["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    kept["word/styles.xml"] = _used_styles(kept)
    return kept


def _used_styles(parts: dict[str, bytes]) -> bytes:
    from lxml import etree

    styles = etree.fromstring(parts["word/styles.xml"])
    used: set[str] = set()
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            used.update(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', data))
    by_id = {s.get(qn("w:styleId")).encode(): s for s in styles.iter(qn("w:style"))}
    used.update(sid for sid, s in by_id.items() if s.get(qn("w:default")) == "1")
    todo = list(used)
    while todo:  # what the used styles are based on, linked to, or followed by
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")).encode() not in used:
                used.add(ref.get(qn("w:val")).encode())
                todo.append(ref.get(qn("w:val")).encode())
    for sid, style in by_id.items():
        if sid not in used:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    return etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
