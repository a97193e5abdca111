#!/usr/bin/env python3
"""Build the built-in letter templates: templates/<stage>.<lang>.docx and .txt.

Each stage/language is one list of blocks (the small DSL below). The same list is
written twice -- as a docxtpl Word template and as a plain-text Jinja template -- so the
two formats always say the same thing. Run from anywhere:

    python tools/build_templates.py

The output is deterministic (fixed core properties and zip timestamps), so rebuilding
without changes gives byte-identical files. Edit the blocks here, not the generated files.

Template variables: see docs/view-model.md (generated from the code). Nothing else is used.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docx.shared import Cm, Pt

from letters.i18n import PHRASES

OUT = Path(__file__).resolve().parent.parent / "templates"
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0, tzinfo=dt.timezone.utc)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------------------------------
# The block DSL
#
# A paragraph is a list of lines: the first is always written, the others may be
# ("condition", "text") pairs, written only when the Jinja condition holds. In Word
# the lines of one paragraph are separated by line breaks; in text by newlines.
# "|ml" marks a value that may span several lines: in text list items it becomes
# "|indent(3)" so continuation lines stay under the item; in Word it is dropped.
# ---------------------------------------------------------------------------------------

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


def p(*lines: Line, style: str = "Plain") -> P:
    return P(list(lines), style)


def body(*lines: Line) -> P:
    return P(list(lines), "Body")


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
    "Body": ("", "", "\n\n"),
    "Heading": ("", "", "\n"),
    "Item": ("", "   ", "\n"),
    "Entry": ("", "   ", "\n\n"),
    "Signature": ("", "", "\n\n"),
    "Closing": ("", "", "\n\n"),
}
ZH_INDENT = "\u3000\u3000"  # two ideographic spaces: the first-line indent of Chinese prose


def _txt_text(text: str, multiline_indent: bool) -> str:
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
            if lang == "zh" and b.style in ("Body", "Closing"):
                first = ZH_INDENT
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
            inner = txt_blocks(b.body, lang)
            out.append("{% for " + b.head + " %}\n" + inner)
            if isinstance(b.body[-1], P) and TXT_STYLE[b.body[-1].style][2] == "\n":
                out.append("{% if loop.last %}\n\n{% endif %}\n")  # one blank line after the list
            out.append("{% endfor %}\n")
        elif isinstance(b, If):
            out.append("{% if " + b.cond + " %}\n" + txt_blocks(b.body, lang))
            if b.orelse:
                out.append("{% else %}\n" + txt_blocks(b.orelse, lang))
            out.append("{% endif %}\n")
        elif isinstance(b, Table):
            out.append(txt_blocks([For(b.head, [entry(*b.txt)])], lang))
        else:
            raise TypeError(b)
    return "".join(out)


def build_txt(blocks: list, lang: str) -> str:
    text = txt_blocks(blocks, lang)
    if lang == "zh":
        text = "{% set ns = namespace(n=0) %}\n" + text
    return text.rstrip("\n") + "\n"


ZH_NUMERALS = "一二三四五六七八九十"


def _heading_text(text: str, lang: str) -> str:
    if lang == "zh":
        return '{% set ns.n = ns.n + 1 %}{{ "' + ZH_NUMERALS + '"[ns.n - 1] }}、' + text
    return text


# ---------------------------------------------------------------------------------------
# Word writer
# ---------------------------------------------------------------------------------------

FONTS = {
    "zh": {"latin": "Times New Roman", "size": 12, "cell": 10.5, "title": 16, "line": 1.3},
    "en": {"latin": "Calibri", "size": 11, "cell": 9.5, "title": 14, "line": 1.15},
}
EAST_ASIA = "SimSun"
LANG_TAG = {"zh": "en-US", "en": "en-GB"}

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


def set_fonts(rPr, lang: str) -> None:
    """rFonts with the East-Asian font and w:lang with zh-CN, on any rPr."""
    fonts = rPr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    latin = FONTS[lang]["latin"]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), EAST_ASIA)
    fonts.set(qn("w:cs"), latin)
    if lang == "zh":
        fonts.set(qn("w:hint"), "eastAsia")
    for old in rPr.findall(qn("w:lang")):
        rPr.remove(old)
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), LANG_TAG[lang])
    tag.set(qn("w:eastAsia"), "zh-CN")
    rPr.insert_element_before(tag, *_AFTER_LANG)


def add_style(
    doc,
    name: str,
    lang: str,
    *,
    size=None,
    bold=False,
    align=None,
    before=0,
    after=6,
    first_indent=None,
    left_indent=None,
    keep_next=False,
    contextual=False,
    line=None,
):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.next_paragraph_style = style
    style.quick_style = True
    font = style.font
    font.size = Pt(size or FONTS[lang]["size"])
    font.bold = bold
    pf = style.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing = line
    if align is not None:
        pf.alignment = align
    if left_indent is not None:
        pf.left_indent = Cm(left_indent)
    if first_indent is not None:
        pf.first_line_indent = first_indent
    pf.keep_with_next = keep_next
    if contextual:
        pPr = style.element.get_or_add_pPr()
        pPr.insert_element_before(OxmlElement("w:contextualSpacing"), *_AFTER_CONTEXTUAL)
    set_fonts(style.element.get_or_add_rPr(), lang)
    return style


def setup_document(lang: str, title: str):
    doc = Document()
    f = FONTS[lang]
    # document defaults and Normal: explicit fonts instead of theme fonts
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(defaults, lang)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(f["size"])
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = f["line"]
    normal.paragraph_format.widow_control = True
    set_fonts(normal.element.get_or_add_rPr(), lang)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY if lang == "zh" else None
    size = f["size"]
    add_style(doc, "Letter Title", lang, size=f["title"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12, keep_next=True)
    add_style(doc, "Letter Subject", lang, bold=True, before=6, after=12, keep_next=True)
    add_style(doc, "Letter Body", lang, align=justify, first_indent=Pt(2 * size) if lang == "zh" else None)
    add_style(doc, "Letter Heading", lang, bold=True, before=10, after=4, keep_next=True)
    add_style(doc, "Letter Item", lang, left_indent=0.75, first_indent=Cm(-0.75), after=6, contextual=True)
    add_style(doc, "Letter Entry", lang, left_indent=0.75, first_indent=Cm(-0.75), after=6)
    add_style(doc, "Letter Signature", lang, before=12 if lang == "zh" else 24, align=WD_ALIGN_PARAGRAPH.RIGHT if lang == "zh" else None)
    add_style(doc, "Letter Cell", lang, size=f["cell"], after=0, line=1.0)
    add_style(doc, "Letter Cell Head", lang, size=f["cell"], bold=True, after=0, line=1.0)
    add_style(doc, "Letter Tag", lang, after=0)  # holds {%p … %}; removed when rendered

    add_style(
        doc,
        "Letter Closing",
        lang,  # 此致 indented, 敬礼！ at the margin; never justified
        first_indent=Pt(2 * size) if lang == "zh" else None,
    )

    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    # a justified line ending in a line break must not be stretched (Word and LibreOffice)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))
    font_lang = settings.find(qn("w:themeFontLang"))
    font_lang.set(qn("w:val"), LANG_TAG[lang])
    font_lang.set(qn("w:eastAsia"), "zh-CN")

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left", "right", "top", "bottom"):
        setattr(section, f"{side}_margin", Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rPr = OxmlElement("w:rPr")
    run.append(rPr)
    set_fonts(rPr, lang)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)

    core = doc.core_properties
    core.title = title
    core.subject = core.author = core.comments = core.keywords = ""
    core.category = core.last_modified_by = core.identifier = ""
    core.language = "zh-CN" if lang == "zh" else "en-GB"
    core.created = core.modified = FIXED_TIME
    core.revision = 1
    return doc


STYLE_NAMES = {
    "Title": "Letter Title",
    "Subject": "Letter Subject",
    "Plain": "Normal",
    "Body": "Letter Body",
    "Heading": "Letter Heading",
    "Item": "Letter Item",
    "Entry": "Letter Entry",
    "Signature": "Letter Signature",
    "Closing": "Letter Closing",
}


def _docx_text(lines: list[Line]) -> str:
    head = lines[0]
    assert isinstance(head, str), "the first line of a paragraph must be unconditional"
    text = head
    for line in lines[1:]:
        if isinstance(line, tuple):  # "{% if c %}<br/>text{% endif %}": balanced either way
            text += "{% if " + line[0] + " %}\n" + line[1] + "{% endif %}"
        else:
            text += "\n" + line
    return text.replace("|ml", "")


def _fill(par, text: str, lang: str, bold: bool = False) -> None:
    run = par.add_run(text)  # python-docx turns "\n" into <w:br/>
    if bold:
        run.bold = True
    set_fonts(run._r.get_or_add_rPr(), lang)


def _tag(container, stmt: str, lang: str) -> None:
    par = container.add_paragraph(style="Letter Tag")
    _fill(par, "{%p " + stmt + " %}", lang)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _table(doc, t: Table, lang: str) -> None:
    table = doc.add_table(rows=4, cols=len(t.cols))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, col in enumerate(t.cols):
        table.columns[i].width = Cm(col.width_cm)
        for row in table.rows:
            row.cells[i].width = Cm(col.width_cm)
    header, loop_start, body_row, loop_end = table.rows
    trPr = header._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:tblHeader"))  # repeat the header row on each page
    for i, col in enumerate(t.cols):
        cell = header.cells[i]
        cell.paragraphs[0].style = doc.styles["Letter Cell Head"]
        _fill(cell.paragraphs[0], col.header, lang)
        _shade(cell, "E7E6E6")
        par = body_row.cells[i].paragraphs[0]
        par.style = doc.styles["Letter Cell"]
        _fill(par, _docx_text(col.lines), lang)
        for r in (loop_start, loop_end):
            r.cells[i].paragraphs[0].style = doc.styles["Letter Cell"]
    _fill(loop_start.cells[0].paragraphs[0], "{%tr for " + t.head + " %}", lang)
    _fill(loop_end.cells[0].paragraphs[0], "{%tr endfor %}", lang)


def docx_blocks(doc, blocks: list, lang: str) -> None:
    for b in blocks:
        if isinstance(b, P):
            par = doc.add_paragraph(style=STYLE_NAMES[b.style])
            _fill(par, _docx_text(b.lines), lang)
        elif isinstance(b, H):
            par = doc.add_paragraph(style="Letter Heading")
            _fill(par, _heading_text(b.text, lang), lang)
        elif isinstance(b, For):
            _tag(doc, "for " + b.head, lang)
            docx_blocks(doc, b.body, lang)
            _tag(doc, "endfor", lang)
        elif isinstance(b, If):
            _tag(doc, "if " + b.cond, lang)
            docx_blocks(doc, b.body, lang)
            if b.orelse:
                _tag(doc, "else", lang)
                docx_blocks(doc, b.orelse, lang)
            _tag(doc, "endif", lang)
        elif isinstance(b, Table):
            _table(doc, b, lang)
        else:
            raise TypeError(b)


def build_docx(blocks: list, lang: str, title: str) -> bytes:
    doc = setup_document(lang, title)
    if lang == "zh":
        _tag(doc, "set ns = namespace(n=0)", lang)
    docx_blocks(doc, blocks, lang)
    raw = io.BytesIO()
    doc.save(raw)
    # rewrite the zip with fixed timestamps so a rebuild is byte-identical
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# The letters -- Chinese
# ---------------------------------------------------------------------------------------

ZH_ACCOUNT = "{% if complainant.account_id %}（账户号：{{ complainant.account_id }}）{% endif %}"
ZH_REF = "（案件编号：{{ case_id }}{% if complainant.account_id %}；账户号：{{ complainant.account_id }}{% endif %}）"
ZH_TOTALS = "{{ loss_totals|map(attribute='amount_text')|join('；') }}"
ZH_DEADLINE = "于{{ deadline }}前（即本函发出之日起{{ response_days }}日内）"

ZH_SENDER = p(
    "投诉人：{{ complainant.name }}",
    ("complainant.address", "地址：{{ complainant.address }}"),
    ("complainant.phone", "电话：{{ complainant.phone }}"),
    ("complainant.email", "电子邮箱：{{ complainant.email }}"),
    ("complainant.account_id", "账户号：{{ complainant.account_id }}"),
    "日期：{{ letter_date }}",
)
ZH_TO_COMPANY = p(
    "收件方：{{ company.name }}{{ company.recipient }}",
    ("company.address", "地址：{{ company.address }}"),
    ("company.email", "电子邮箱：{{ company.email }}"),
)
ZH_DEAR_COMPANY = p("尊敬的{{ company.name }}{{ company.recipient }}：")
ZH_CLOSING = [p("此致", "敬礼！", style="Closing"), p("投诉人：{{ complainant.name }}", "{{ letter_date }}", style="Signature")]

ZH_INCIDENTS = For(
    "i in incidents",
    [
        entry(
            "{{ loop.index }}. 时间：{{ i.date }}{% if i.channel %}；渠道：{{ i.channel }}{% endif %}",
            "经过：{{ i.summary|ml }}",
            ("i.problems", "存在的问题：{{ i.problems_text }}"),
        )
    ],
)
ZH_INCIDENTS_BRIEF = For(
    "i in incidents",
    [
        item(
            "{{ loop.index }}. {{ i.date }}{% if i.channel %}（{{ i.channel }}）{% endif %}："
            "{% if i.problems %}{{ i.problems_text }}{% else %}{{ i.summary|ml }}{% endif %}"
        )
    ],
)
ZH_DEMANDS = For("d in demands", [item("{{ loop.index }}. {{ d.text }}{% if d.detail %}：{{ d.detail|ml }}{% endif %}")])
ZH_LOSSES = [For("l in losses", [item("{{ loop.index }}. {{ l.description|ml }}：{{ l.amount_text }}")]), body("合计：" + ZH_TOTALS)]
ZH_LOSS_TOTAL = If("loss_totals", [body("上述问题给本人造成的经济损失合计：" + ZH_TOTALS + "。")])


def zh_policies(owner: str) -> list:
    return [
        body(f"上述处理方式与{owner}自身公布的以下规定不符："),
        For("p in policies", [item("{{ loop.index }}. 《{{ p.title }}》{{ p.clause }}{% if p.summary %}：{{ p.summary|ml }}{% endif %}")]),
    ]


ZH_EVIDENCE_TABLE = Table(
    "e in evidence",
    [
        Col("编号", 1.3, ["{{ e.id }}"]),
        Col("类型", 2.2, ["{{ e.kind_text }}"]),
        Col("日期", 3.7, ["{{ e.date }}"]),
        Col(
            "说明",
            8.8,
            [
                "{{ e.description }}",
                ("e.reference", "参考号：{{ e.reference }}"),
                ("e.file", "文件：{{ e.file }}{% if e.size_text %}（{{ e.size_text }}）{% endif %}"),
                ("e.sha256", "SHA-256：{{ e.sha256 }}"),
            ],
        ),
    ],
    txt=[
        "{{ e.id }} {{ e.kind_text }}{% if e.date %}，{{ e.date }}{% endif %}",
        "说明：{{ e.description|ml }}",
        ("e.reference", "参考号：{{ e.reference }}"),
        ("e.file", "文件：{{ e.file }}{% if e.size_text %}（{{ e.size_text }}）{% endif %}"),
        ("e.sha256", "SHA-256：{{ e.sha256 }}"),
    ],
)

ZH_CONTACTS_TABLE = Table(
    "c in contacts",
    [
        Col("日期", 3.7, ["{{ c.date }}"]),
        Col("事项", 2.2, ["{{ c.kind_text }}"]),
        Col("渠道", 2.0, ["{{ c.channel }}"]),
        Col("参考号", 3.0, ["{{ c.reference }}"]),
        Col("内容", 2.8, ["{{ c.summary }}"]),
        Col("结果", 2.3, ["{{ c.outcome_text }}"]),
    ],
    txt=[
        "{{ loop.index }}. {{ c.date }}，{{ c.kind_text }}",
        ("c.channel", "渠道：{{ c.channel }}"),
        ("c.reference", "参考号：{{ c.reference }}"),
        ("c.summary", "内容：{{ c.summary|ml }}"),
        ("c.outcome_text", "结果：{{ c.outcome_text }}"),
    ],
)


def zh_evidence_section(lead: str) -> If:
    return If("evidence", [H("证据材料"), body(lead), ZH_EVIDENCE_TABLE])


ZH = {}

ZH["first-complaint"] = [
    p("{{ stage_title }}", style="Title"),
    ZH_SENDER,
    ZH_TO_COMPANY,
    p("事由：关于贵公司客服人员服务问题的投诉" + ZH_REF, style="Subject"),
    ZH_DEAR_COMPANY,
    body(
        "本人{{ complainant.name }}是贵公司的用户" + ZH_ACCOUNT + "。现就贵公司{{ staff.label }}"
        "在为本人提供服务过程中存在的问题，向贵公司正式提出投诉。具体情况如下："
    ),
    H("事情经过"),
    ZH_INCIDENTS,
    If("policies", [H("与贵公司服务规定不符之处"), *zh_policies("贵公司")]),
    zh_evidence_section("本人保存有以下证据材料，可应贵公司要求提供："),
    If("losses", [H("经济损失"), body("上述问题给本人造成了以下损失："), *ZH_LOSSES]),
    H("本人的诉求"),
    body("为妥善解决此事，本人请求贵公司："),
    ZH_DEMANDS,
    H("答复要求"),
    body("请贵公司" + ZH_DEADLINE + "以书面形式（电子邮件或信函）答复本人，并告知本次投诉的受理编号，以便日后查询。"),
    body("感谢贵公司对此事的重视，期待您的答复。"),
    *ZH_CLOSING,
]

ZH["follow-up"] = [
    p("{{ stage_title }}", style="Title"),
    ZH_SENDER,
    ZH_TO_COMPANY,
    p("事由：关于本人投诉尚未解决的催办" + ZH_REF, style="Subject"),
    ZH_DEAR_COMPANY,
    If(
        "first_complaint",
        [
            body(
                "本人{{ complainant.name }}" + ZH_ACCOUNT + "已于{{ first_complaint.date }}"
                "{% if first_complaint.channel %}通过{{ first_complaint.channel }}{% endif %}向贵公司提交投诉"
                "{% if first_complaint.reference %}（参考号：{{ first_complaint.reference }}）{% endif %}，"
                "反映贵公司{{ staff.label }}在服务过程中存在的问题。自该投诉提交至今已过去"
                "{{ first_complaint.days_since }}天，{% if last_reply %}贵公司于{{ last_reply.date }}作出的答复"
                "未能解决本人反映的问题。{% else %}本人仍未收到贵公司的任何答复。{% endif %}"
            )
        ],
        [
            body(
                "本人{{ complainant.name }}" + ZH_ACCOUNT + "此前已就贵公司{{ staff.label }}"
                "在服务过程中存在的问题向贵公司提交投诉，但至今仍未收到贵公司的任何答复。"
            )
        ],
    ),
    body("现将投诉要点重述如下，恳请贵公司尽快处理。"),
    H("投诉要点"),
    ZH_INCIDENTS_BRIEF,
    H("本人的诉求"),
    ZH_DEMANDS,
    ZH_LOSS_TOTAL,
    zh_evidence_section("相关证据材料清单如下，可应贵公司要求提供："),
    H("答复要求"),
    body(
        "请贵公司" + ZH_DEADLINE + "以书面形式答复本人，并再次请贵公司告知本次投诉的受理编号。"
        "为确保贵公司及时收到本函，本人同时通过{{ other_channel }}向贵公司反映此事。"
    ),
    body("感谢您的关注，期待贵公司的答复。"),
    *ZH_CLOSING,
]

ZH["escalation"] = [
    p("{{ stage_title }}", style="Title"),
    ZH_SENDER,
    p(
        "收件人：{% if management.name %}{{ management.name }}，{% endif %}{{ company.name }}{{ management.title }}",
        ("company.address", "地址：{{ company.address }}"),
        ("management.email", "电子邮箱：{{ management.email }}"),
    ),
    p("事由：客服投诉未获解决，恳请管理层介入处理" + ZH_REF, style="Subject"),
    p("{{ management.salutation }}"),
    body(
        "本人{{ complainant.name }}是贵公司的用户" + ZH_ACCOUNT + "。本人已就贵公司{{ staff.label }}"
        "在服务过程中存在的问题，通过客户服务渠道向贵公司提出投诉，但问题至今未能得到解决。"
        "为此，本人特致函您，恳请您亲自关注并督促处理此事。"
    ),
    H("沟通经过"),
    If("contacts", [body("本人就此事与贵公司的沟通记录如下（按时间顺序）："), ZH_CONTACTS_TABLE], [body("（暂无沟通记录）")]),
    H("事情经过"),
    ZH_INCIDENTS,
    H("本人的诉求"),
    body("本人请求贵公司："),
    ZH_DEMANDS,
    ZH_LOSS_TOTAL,
    zh_evidence_section("本人保存有以下证据材料，可应贵公司要求提供："),
    H("最后答复期限"),
    body(
        "请您" + ZH_DEADLINE + "以书面形式答复本人。本人仍希望与贵公司直接协商，妥善解决此事；"
        "如届时未能获得满意的答复，本人将向{{ authority.name }}反映此事，寻求协助解决。"
    ),
    body("感谢您在百忙之中阅读本函。"),
    *ZH_CLOSING,
]

ZH_NOT_GIVEN = "（未提供）"
ZH["consumer-association"] = [
    p("{{ stage_title }}", style="Title"),
    p(
        "收件单位：{{ authority.name }}",
        ("authority.address", "地址：{{ authority.address }}"),
        ("authority.website", "网址：{{ authority.website }}"),
        ("authority.email", "电子邮箱：{{ authority.email }}"),
        ("authority.phone", "电话：{{ authority.phone }}"),
        "日期：{{ letter_date }}",
    ),
    p("事由：关于{{ company.name }}客服人员服务问题的消费投诉（案件编号：{{ case_id }}）", style="Subject"),
    p("{{ authority.name }}："),
    body(
        "本人{{ complainant.name }}是{{ company.name }}的用户" + ZH_ACCOUNT + "。该公司{{ staff.label }}"
        "在为本人提供服务的过程中存在问题{% if contacts %}，本人已与该公司沟通协商，但问题至今未能解决{% endif %}。"
        "现向贵单位提出投诉，恳请予以受理并协助调解。具体情况如下："
    ),
    H("投诉人信息"),
    p(
        "姓名：{{ complainant.name }}",
        "联系电话：{{ complainant.phone or '" + ZH_NOT_GIVEN + "' }}",
        "通讯地址：{{ complainant.address or '" + ZH_NOT_GIVEN + "' }}",
        "电子邮箱：{{ complainant.email or '" + ZH_NOT_GIVEN + "' }}",
        ("complainant.account_id", "账户号：{{ complainant.account_id }}"),
    ),
    H("被投诉方信息"),
    p(
        "名称：{{ company.name }}",
        "地址：{{ company.address or '" + ZH_NOT_GIVEN + "' }}",
        ("company.email", "电子邮箱：{{ company.email }}"),
        "涉事人员：{{ staff.label }}",
    ),
    H("投诉事由及事实经过"),
    body("本人就{{ company.name }}{{ staff.label }}的服务问题提出投诉，事实经过如下："),
    For(
        "i in incidents",
        [
            entry(
                "{{ loop.index }}. 时间：{{ i.date }}",
                "地点（渠道）：{{ i.channel or '" + ZH_NOT_GIVEN + "' }}",
                "涉事人员：{{ staff.label }}",
                "经过：{{ i.summary|ml }}",
                ("i.problems", "存在的问题：{{ i.problems_text }}"),
            )
        ],
    ),
    If("policies", zh_policies("该公司")),
    H("投诉请求"),
    body("恳请贵单位协调{{ company.name }}："),
    ZH_DEMANDS,
    If("losses", [body("本人因此遭受的经济损失如下："), *ZH_LOSSES]),
    H("证据清单"),
    If("evidence", [body("本人可提供以下证据材料："), ZH_EVIDENCE_TABLE], [body("（暂无）")]),
    H("协商经过"),
    If("contacts", [body("本人此前已就此事与该公司进行了以下沟通（按时间顺序）："), ZH_CONTACTS_TABLE], [body("（暂无记录）")]),
    H("声明"),
    body("本人承诺，以上所述情况真实，所提供的证据材料真实有效；本投诉书仅涉及上述一项争议事项。"),
    *ZH_CLOSING,
]

# ---------------------------------------------------------------------------------------
# The letters -- English
# ---------------------------------------------------------------------------------------

EN_REF = "(my reference: {{ case_id }}{% if complainant.account_id %}; account ID: {{ complainant.account_id }}{% endif %})"
EN_TOTALS = "{{ loss_totals|map(attribute='amount_text')|join('; ') }}"
EN_DEADLINE = "by {{ deadline }}, which is {{ response_days }} days from the date of this letter"
EN_CUSTOMER = (
    "My name is {{ complainant.name }} and I am a customer of {{ company.name }}"
    "{% if complainant.account_id %} (account ID {{ complainant.account_id }}){% endif %}."
)

EN_SENDER = [
    p(
        "{{ complainant.name }}",
        ("complainant.address", "{{ complainant.address }}"),
        ("complainant.phone", "Phone: {{ complainant.phone }}"),
        ("complainant.email", "Email: {{ complainant.email }}"),
        ("complainant.account_id", "Account ID: {{ complainant.account_id }}"),
    ),
    p("{{ letter_date }}"),
]
EN_TO_COMPANY = p(
    "{{ company.recipient }}",
    "{{ company.name }}",
    ("company.address", "{{ company.address }}"),
    ("company.email", "Email: {{ company.email }}"),
)
EN_DEAR_COMPANY = p("Dear {{ company.recipient }},")
EN_CLOSING = [p("Yours faithfully,", style="Closing"), p("{{ complainant.name }}", "{{ letter_date }}", style="Signature")]

EN_INCIDENTS = For(
    "i in incidents",
    [
        entry(
            "{{ loop.index }}. Date: {{ i.date }}{% if i.channel %}; channel: {{ i.channel }}{% endif %}",
            "What happened: {{ i.summary|ml }}",
            ("i.problems", "Problems: {{ i.problems_text }}"),
        )
    ],
)
EN_INCIDENTS_BRIEF = For(
    "i in incidents",
    [
        item(
            "{{ loop.index }}. {{ i.date }}{% if i.channel %} ({{ i.channel }}){% endif %}: "
            "{% if i.problems %}{{ i.problems_text }}{% else %}{{ i.summary|ml }}{% endif %}"
        )
    ],
)
EN_DEMANDS = For("d in demands", [item("{{ loop.index }}. {{ d.text }}{% if d.detail %}: {{ d.detail|ml }}{% endif %}")])
EN_LOSSES = [For("l in losses", [item("{{ loop.index }}. {{ l.description|ml }}: {{ l.amount_text }}")]), body("Total: " + EN_TOTALS)]
EN_LOSS_TOTAL = If("loss_totals", [body("The total losses these problems caused me are: " + EN_TOTALS + ".")])


def en_policies(lead: str) -> list:
    return [
        body(lead),
        For(
            "p in policies",
            [
                item(
                    "{{ loop.index }}. {{ p.title }}{% if p.clause %}, {{ p.clause }}{% endif %}"
                    "{% if p.summary %}: {{ p.summary|ml }}{% endif %}"
                )
            ],
        ),
    ]


EN_EVIDENCE_TABLE = Table(
    "e in evidence",
    [
        Col("No.", 1.4, ["{{ e.id }}"]),
        Col("Type", 2.4, ["{{ e.kind_text }}"]),
        Col("Date", 3.6, ["{{ e.date }}"]),
        Col(
            "Description",
            8.6,
            [
                "{{ e.description }}",
                ("e.reference", "Reference: {{ e.reference }}"),
                ("e.file", "File: {{ e.file }}{% if e.size_text %} ({{ e.size_text }}){% endif %}"),
                ("e.sha256", "SHA-256: {{ e.sha256 }}"),
            ],
        ),
    ],
    txt=[
        "{{ e.id }} {{ e.kind_text }}{% if e.date %}, {{ e.date }}{% endif %}",
        "Description: {{ e.description|ml }}",
        ("e.reference", "Reference: {{ e.reference }}"),
        ("e.file", "File: {{ e.file }}{% if e.size_text %} ({{ e.size_text }}){% endif %}"),
        ("e.sha256", "SHA-256: {{ e.sha256 }}"),
    ],
)

EN_CONTACTS_TABLE = Table(
    "c in contacts",
    [
        Col("Date", 3.6, ["{{ c.date }}"]),
        Col("Contact", 2.4, ["{{ c.kind_text }}"]),
        Col("Channel", 1.9, ["{{ c.channel }}"]),
        Col("Reference", 2.9, ["{{ c.reference }}"]),
        Col("Summary", 2.8, ["{{ c.summary }}"]),
        Col("Outcome", 2.4, ["{{ c.outcome_text }}"]),
    ],
    txt=[
        "{{ loop.index }}. {{ c.date }}, {{ c.kind_text }}",
        ("c.channel", "Channel: {{ c.channel }}"),
        ("c.reference", "Reference: {{ c.reference }}"),
        ("c.summary", "Summary: {{ c.summary|ml }}"),
        ("c.outcome_text", "Outcome: {{ c.outcome_text }}"),
    ],
)


def en_evidence_section(lead: str) -> If:
    return If("evidence", [H("Evidence"), body(lead), EN_EVIDENCE_TABLE])


EN = {}

EN["first-complaint"] = [
    *EN_SENDER,
    EN_TO_COMPANY,
    p("Subject: Formal complaint about your customer-service staff " + EN_REF, style="Subject"),
    EN_DEAR_COMPANY,
    body(
        EN_CUSTOMER + " I am writing to make a formal complaint about the service I received from "
        "{{ staff.label }}, a member of your customer-service staff. The details are set out below."
    ),
    H("What happened"),
    EN_INCIDENTS,
    If(
        "policies",
        [
            H("Where your own terms were not followed"),
            *en_policies("The way my request was handled did not follow these provisions of your own terms:"),
        ],
    ),
    en_evidence_section("I hold the following evidence and can provide copies on request:"),
    If("losses", [H("Losses"), body("These problems caused me the following losses:"), *EN_LOSSES]),
    H("What I am asking for"),
    body("To resolve this complaint, I ask for:"),
    EN_DEMANDS,
    H("Your reply"),
    body(
        "Please reply to me in writing (by email or letter) " + EN_DEADLINE + ", and give me a "
        "reference number for this complaint so that we can both refer to it."
    ),
    body("Thank you for looking into this matter. I look forward to hearing from you."),
    *EN_CLOSING,
]

EN_DAYS = "{{ first_complaint.days_since }} day{% if first_complaint.days_since != 1 %}s{% endif %}"
EN["follow-up"] = [
    *EN_SENDER,
    EN_TO_COMPANY,
    p("Subject: Follow-up to my unresolved complaint " + EN_REF, style="Subject"),
    EN_DEAR_COMPANY,
    If(
        "first_complaint",
        [
            body(
                "I am writing about the complaint I sent you on {{ first_complaint.date }}"
                "{% if first_complaint.channel %} via {{ first_complaint.channel }}{% endif %}"
                "{% if first_complaint.reference %} (reference {{ first_complaint.reference }}){% endif %}"
                " about the service I received from {{ staff.label }}, a member of your customer-service staff. "
                "It is now " + EN_DAYS + " since then, and {% if last_reply %}the reply you sent on "
                "{{ last_reply.date }} did not resolve the matter.{% else %}I have not received any reply.{% endif %}"
            )
        ],
        [
            body(
                "I am writing about the complaint I sent you earlier about the service I received from "
                "{{ staff.label }}, a member of your customer-service staff. I have not received any reply."
            )
        ],
    ),
    body("I set out the main points of my complaint again below and would be grateful if you would deal with it promptly."),
    H("My complaint in brief"),
    EN_INCIDENTS_BRIEF,
    H("What I am asking for"),
    EN_DEMANDS,
    EN_LOSS_TOTAL,
    en_evidence_section("The evidence I hold is listed below; I can provide copies on request:"),
    H("Your reply"),
    body(
        "Please reply to me in writing " + EN_DEADLINE + ", and, as I asked before, give me a "
        "reference number for this complaint. To make sure this letter reaches you, I am also "
        "contacting you about this matter through {{ other_channel }}."
    ),
    body("Thank you for your attention. I look forward to your reply."),
    *EN_CLOSING,
]

EN["escalation"] = [
    *EN_SENDER,
    p(
        "{% if management.name %}{{ management.name }}, {% endif %}{{ management.title }}",
        "{{ company.name }}",
        ("company.address", "{{ company.address }}"),
        ("management.email", "Email: {{ management.email }}"),
    ),
    p("Subject: Unresolved complaint about your customer-service staff: request for management review " + EN_REF, style="Subject"),
    p("{{ management.salutation }},"),
    body(
        EN_CUSTOMER + " I complained to your customer-service department about the service I "
        "received from {{ staff.label }}, but the matter has not been resolved. I am therefore "
        "writing to you and would be grateful if you would look into it personally."
    ),
    H("History of my contacts with your company"),
    If(
        "contacts",
        [body("My contacts with your company about this matter, in date order:"), EN_CONTACTS_TABLE],
        [body("(no contacts recorded)")],
    ),
    H("What happened"),
    EN_INCIDENTS,
    H("What I am asking for"),
    body("I ask for:"),
    EN_DEMANDS,
    EN_LOSS_TOTAL,
    en_evidence_section("I hold the following evidence and can provide copies on request:"),
    H("Final deadline"),
    body(
        "Please reply to me in writing " + EN_DEADLINE + ". I would still prefer to settle this "
        "matter directly with your company. If I have not received a satisfactory answer by that "
        "date, I intend to refer the matter to the relevant consumer protection body "
        "({{ authority.name }}) and ask for its help in resolving it."
    ),
    body("Thank you for taking the time to read this letter."),
    *EN_CLOSING,
]

EN_NOT_GIVEN = "(not provided)"
EN["consumer-association"] = [
    p(
        "To: {{ authority.name }}",
        ("authority.address", "{{ authority.address }}"),
        ("authority.website", "Website: {{ authority.website }}"),
        ("authority.email", "Email: {{ authority.email }}"),
        ("authority.phone", "Phone: {{ authority.phone }}"),
        "Date: {{ letter_date }}",
    ),
    p(
        "Subject: Consumer complaint against {{ company.name }} about its customer-service staff (my reference: {{ case_id }})",
        style="Subject",
    ),
    p("Dear Sir or Madam,"),
    body(
        EN_CUSTOMER + " I wish to make a complaint about the service I received from one of the "
        "company's customer-service staff, {{ staff.label }}.{% if contacts %} I have tried to "
        "settle the matter with the company, but it has not been resolved.{% endif %} I would be "
        "grateful if you would accept this complaint and help to resolve it. The details are set "
        "out below."
    ),
    H("1. Complainant"),
    p(
        "Name: {{ complainant.name }}",
        "Phone: {{ complainant.phone or '" + EN_NOT_GIVEN + "' }}",
        "Address: {{ complainant.address or '" + EN_NOT_GIVEN + "' }}",
        "Email: {{ complainant.email or '" + EN_NOT_GIVEN + "' }}",
        ("complainant.account_id", "Account ID: {{ complainant.account_id }}"),
    ),
    H("2. Company complained about"),
    p(
        "Name: {{ company.name }}",
        "Address: {{ company.address or '" + EN_NOT_GIVEN + "' }}",
        ("company.email", "Email: {{ company.email }}"),
        "Staff member: {{ staff.label }}",
    ),
    H("3. Facts"),
    body("The facts of my complaint are as follows:"),
    For(
        "i in incidents",
        [
            entry(
                "{{ loop.index }}. Date: {{ i.date }}",
                "Where (channel): {{ i.channel or '" + EN_NOT_GIVEN + "' }}",
                "Staff member: {{ staff.label }}",
                "What happened: {{ i.summary|ml }}",
                ("i.problems", "Problems: {{ i.problems_text }}"),
            )
        ],
    ),
    If("policies", en_policies("The company's conduct did not follow these provisions of its own terms:")),
    H("4. What I am asking for"),
    body("I ask you to help me obtain from {{ company.name }}:"),
    EN_DEMANDS,
    If("losses", [body("The losses I suffered as a result are:"), *EN_LOSSES]),
    H("5. Evidence"),
    If("evidence", [body("I can provide the following evidence:"), EN_EVIDENCE_TABLE], [body("(none)")]),
    H("6. Attempts to resolve the matter with the company"),
    If(
        "contacts",
        [body("I have already contacted the company about this matter as follows, in date order:"), EN_CONTACTS_TABLE],
        [body("(none recorded)")],
    ),
    H("7. Declaration"),
    body(
        "I declare that the facts stated in this complaint are true and that the evidence listed "
        "is genuine. This complaint concerns a single matter."
    ),
    *EN_CLOSING,
]

LETTERS = {"zh": ZH, "en": EN}
TITLES = {lang: PHRASES[lang]["stage"] for lang in LETTERS}  # core-properties title, as the letters name the stage
STAGES = ("first-complaint", "follow-up", "escalation", "consumer-association")


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for lang in ("zh", "en"):
        for stage in STAGES:
            blocks = LETTERS[lang][stage]
            (OUT / f"{stage}.{lang}.txt").write_text(build_txt(blocks, lang), encoding="utf-8")
            (OUT / f"{stage}.{lang}.docx").write_bytes(build_docx(blocks, lang, TITLES[lang][stage]))
            print(f"wrote templates/{stage}.{lang}.docx and .txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
