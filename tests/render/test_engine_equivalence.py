"""The compiled .docx engine reads the same as docxtpl, part by part (canonical XML).

A small corpus exercises each docxtpl feature letters relies on; every built-in template
is rendered with a real view model for each stage. Both engines render the same
context and every part of the two packages must canonicalise (C14N) to the same XML.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree
from markupsafe import Markup

from letters.errors import TemplateError
from letters.plan.stages import STAGES
from letters.render.docx import render_docx
from letters.render.engine import compile_docx, fallback_reason, render_with_fallback
from tests.builders import case_dict, docx_text, write_case

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(remove_blank_text=True)


def canonical(name: str, data: bytes) -> Any:
    """C14N of a part; package bookkeeping (content types, relationships) as an unordered set."""
    if not name.endswith((".xml", ".rels")):
        return data
    root = etree.fromstring(data, _PARSER)
    if name == "[Content_Types].xml" or name.endswith(".rels"):
        return sorted((child.tag, sorted(child.attrib.items())) for child in root)
    return etree.tostring(root, method="c14n")


def assert_same_package(reference: bytes, compiled: bytes) -> None:
    ref, out = zipfile.ZipFile(io.BytesIO(reference)), zipfile.ZipFile(io.BytesIO(compiled))
    assert out.testzip() is None
    assert sorted(ref.namelist()) == sorted(out.namelist())
    for name in ref.namelist():
        assert canonical(name, out.read(name)) == canonical(name, ref.read(name)), name


def both(path: Path, context: dict[str, Any]) -> tuple[bytes, bytes]:
    return render_docx(path, context), render_with_fallback(path, context, render_docx)


# --- the corpus --------------------------------------------------------------------------------


def _east_asian(paragraph: Any, font: str = "SimSun") -> None:
    for run in paragraph.runs:
        fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(f"{W}eastAsia", font)


def _tpl_text(doc: Any) -> None:
    p = doc.add_paragraph("致 {{ name }}，关于 {{ company }}：")
    _east_asian(p)
    doc.add_paragraph("Escaped: {{ tricky }} and literal code {{ code }}")
    run_split = doc.add_paragraph("Split ")
    run_split.add_run("{{ na")
    run_split.add_run("me }}").bold = True
    doc.add_paragraph("Before {%- if flag -%} merged {%- endif -%} after")


def _tpl_paragraphs(doc: Any) -> None:
    doc.add_paragraph("{%p if flag %}")
    doc.add_paragraph("Shown only when flag: {{ name }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for item in items %}")
    doc.add_paragraph("• {{ item.label }} — {{ item.amount }}")
    doc.add_paragraph("{%p endfor %}")


def _tpl_rows(doc: Any) -> None:
    table = doc.add_table(rows=4, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Item", "Amount"
    table.cell(1, 0).text = "{%tr for item in items %}"
    table.cell(2, 0).text, table.cell(2, 1).text = "{{ item.label }}", "{{ item.amount }}"
    table.cell(3, 0).text = "{%tr endfor %}"
    empty = doc.add_table(rows=3, cols=3)
    empty.cell(0, 0).text = "{%tr for x in nothing %}"
    empty.cell(1, 0).text = "{{ x }}"
    empty.cell(2, 0).text = "{%tr endfor %}"


def _tpl_columns(doc: Any) -> None:
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Head"
    table.cell(0, 1).text = "{%tc for c in columns %}"
    table.cell(0, 2).text = "{{ c }}{%tc endfor %}"
    table.cell(1, 0).text = "Row"
    table.cell(1, 1).text = "{%tc for c in columns %}"
    table.cell(1, 2).text = "{{ c|upper }}{%tc endfor %}"


def _tpl_rich(doc: Any) -> None:
    doc.add_paragraph("Rich: {{r rich }} end")
    doc.add_paragraph("Listing: {{ listing }}")
    doc.add_paragraph("Multi-line text: {{ lines }}")


def _tpl_headers(doc: Any) -> None:
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Case {{ case_id }} — {{ name }}"
    _east_asian(section.header.paragraphs[0], "Microsoft YaHei")
    section.footer.paragraphs[0].text = "{{ company }} · page footer"
    doc.add_paragraph("Body for {{ name }}")
    doc.core_properties.title = "Letter to {{ company }}"
    doc.core_properties.subject = "{{ case_id }}"


def _tpl_captured_paragraphs(doc: Any) -> None:
    # docxtpl breaks its source before each paragraph and joins the output again: a
    # captured block (or a string literal holding "<w:p>") would see the breaks.
    doc.add_paragraph("{% set captured %}")
    doc.add_paragraph("captured {{ name }}")
    doc.add_paragraph("{% endset %}")
    doc.add_paragraph("Captured {{ captured|length }} characters; literal {{ '<w:p>'|length }}")


def _tpl_value_before_paragraph(doc: Any) -> None:
    doc.add_paragraph("Raw: {{ raw_paragraph }}")
    doc.add_paragraph("After {{ name }}")


CORPUS: dict[str, Callable[[Any], None]] = {
    "text-escaping-east-asian": _tpl_text,
    "p-loops-and-conditions": _tpl_paragraphs,
    "tr-rows-and-emptied-table": _tpl_rows,
    "tc-columns": _tpl_columns,
    "richtext-listing": _tpl_rich,
    "headers-footers-properties": _tpl_headers,
    "captured-paragraphs": _tpl_captured_paragraphs,
    "value-ending-before-a-paragraph": _tpl_value_before_paragraph,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import docx

    folder = tmp_path_factory.mktemp("corpus")
    for name, build in CORPUS.items():
        doc = docx.Document()
        build(doc)
        doc.save(str(folder / f"{name}.docx"))
    return folder


def corpus_context(**changes: Any) -> dict[str, Any]:
    from docxtpl import Listing, RichText
    from markupsafe import Markup

    rich = RichText("bold red ", bold=True, color="#FF0000")
    rich.add("宋体", font="eastAsia:SimSun")
    context = {
        "name": "王小明 & Co",
        "company": "比特派 (Bitpie) <support>",
        "case_id": "BP-2026-0042",
        "tricky": "<w:t>\"quotes\" & 'apostrophes' </w:t>",
        "code": "{{ 7 * 7 }} {% if true %}x{% endif %}",
        "flag": True,
        "items": [{"label": "手续费", "amount": "¥12.00"}, {"label": "Fee <b>", "amount": "£10.00"}],
        "nothing": [],
        "columns": ["a", "b", "c"],
        "rich": rich,
        "listing": Listing("line one\nline two\aparagraph two\tafter tab"),
        "lines": "first\nsecond",
        "raw_paragraph": Markup("</w:t></w:r></w:p>\n<w:p><w:r><w:t>made by a value"),
    }
    context.update(changes)
    return context


@pytest.mark.parametrize("name", sorted(CORPUS))
@pytest.mark.parametrize("flag", [True, False])
def test_compiled_engine_matches_docxtpl_part_by_part(corpus: Path, name: str, flag: bool) -> None:
    path = corpus / f"{name}.docx"
    reference, compiled = both(path, corpus_context(flag=flag))
    assert fallback_reason(path) is None
    assert_same_package(reference, compiled)


def test_case_text_that_looks_like_template_code_comes_out_literally(corpus: Path, tmp_path: Path) -> None:
    _, compiled = both(corpus / "text-escaping-east-asian.docx", corpus_context())
    (tmp_path / "out.docx").write_bytes(compiled)
    text = docx_text(tmp_path / "out.docx")
    assert "literal code {{ 7 * 7 }} {% if true %}x{% endif %}" in text
    assert "Escaped: <w:t>\"quotes\" & 'apostrophes' </w:t>" in text


def test_a_template_error_reads_the_same_from_both_engines(corpus: Path) -> None:
    path = corpus / "headers-footers-properties.docx"
    errors = []
    for render in (render_docx, lambda p, c: render_with_fallback(p, c, render_docx)):
        with pytest.raises(TemplateError) as info:
            render(path, {"name": "x"})
        errors.append(str(info.value))
    assert errors[0] == errors[1]
    assert "uses something the view model does not have: 'case_id' is undefined" in errors[0]


def test_templates_with_images_fall_back_to_docxtpl(tmp_path: Path) -> None:
    import docx

    png = _tiny_png()
    (tmp_path / "dot.png").write_bytes(png)
    doc = docx.Document()
    doc.add_paragraph("Hello {{ name }}")
    doc.add_picture(str(tmp_path / "dot.png"))
    doc.save(str(tmp_path / "image.docx"))
    path = tmp_path / "image.docx"
    reference, auto = both(path, {"name": "Kim"})
    assert "drawings or images" in (fallback_reason(path) or "")
    assert compile_docx(path) is None
    assert_same_package(reference, auto)


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


# --- the built-in templates, with real view models -----------------------------------------------


@pytest.fixture(scope="module")
def view_models(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Any]]:
    from letters.casefile.load import load_case
    from letters.viewmodel.build import build_context

    folder = tmp_path_factory.mktemp("cases")
    history = [
        {"kind": "complaint", "date": "2026-10-05", "channel": "email", "reference": "T-1", "summary": "第一次投诉\n附聊天记录 & <截图>"},
        {"kind": "follow-up", "date": "2026-10-20", "channel": "email"},
        {"kind": "reply", "date": "2026-10-22", "satisfactory": False, "summary": "Form reply"},
        {"kind": "escalation", "date": "2026-10-25", "channel": "email"},
    ]
    models = {}
    for lang in ("zh", "zh-Hant", "en"):
        case_file = load_case(write_case(folder, case_dict(lang, contacts=history), f"{lang}.yaml"))
        for stage in STAGES:
            models[(stage, lang)] = build_context(case_file, stage, dt.date(2026, 11, 25))
    return models


def _builtin_templates() -> list[Path]:
    from letters.templating.search import builtin_dir

    return sorted(builtin_dir().glob("*.docx"))


@pytest.mark.parametrize("path", _builtin_templates(), ids=lambda p: p.name)
def test_builtin_template_renders_the_same_with_both_engines(path: Path, view_models: dict) -> None:
    stage, lang, _ = path.name.split(".")
    reference, compiled = both(path, view_models[(stage, lang)])
    assert fallback_reason(path) is None
    assert_same_package(reference, compiled)


def test_a_template_prepared_by_an_earlier_process_renders_identically(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letters.render import engine

    monkeypatch.setenv("LETTERS_CACHE_DIR", str(tmp_path / "cache"))
    path = corpus / "headers-footers-properties.docx"
    engine._compiled.cache_clear()
    fresh = render_with_fallback(path, corpus_context(), render_docx)
    engine._compiled.cache_clear()
    assert len(list((tmp_path / "cache").rglob("*.pickle"))) == 1
    assert render_with_fallback(path, corpus_context(), render_docx) == fresh


def test_broken_xml_from_a_template_is_recovered_as_docxtpl_does(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("Before {{ '</w:t></w:r><w:r><w:t>' | safe }}{{ name }} <unclosed")
    doc.add_paragraph("{{ '<w:p><w:r><w:t>dangling' | safe }}")
    doc.save(str(tmp_path / "broken.docx"))
    reference, compiled = both(tmp_path / "broken.docx", {"name": "Kim"})
    assert_same_package(reference, compiled)


# --- when the rendered body may skip docxtpl's re-parse ------------------------------------------

_BODY = '<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{}</w:body>'
_P = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"


def _table(rows: str, columns: int = 2) -> str:
    return "<w:tbl><w:tblGrid>" + "<w:gridCol/>" * columns + "</w:tblGrid>" + rows + "</w:tbl>"


def _row(cells: int = 2) -> str:
    return "<w:tr>" + "<w:tc>" + _P.format("c") + "</w:tc>" * 1 + ("<w:tc>" + _P.format("c") + "</w:tc>") * (cells - 1) + "</w:tr>"


def _stable(inner: str) -> bool:
    from letters.render.env import docx_env
    from letters.render.stable import body_is_stable

    return body_is_stable(_BODY.format(inner), docx_env())


@pytest.mark.parametrize(
    "inner",
    [
        _P.format("Dear {{ name }}"),
        _P.format("{% if a %}x{% elif b %}y{% else %}z{% endif %}"),
        _P.format('a{% if a %}</w:t><w:br/><w:t xml:space="preserve">b{% endif %}c'),
        _P.format("{% if a %}</w:t></w:r></w:p><w:p><w:r><w:t>{% endif %}"),  # a paragraph split in one branch
        "{% for i in items %}" + _P.format("{{ i }}") + "{% endfor %}",
        "{% set x = 1 %}" + _P.format("{{ x }}"),
        _table(_row() + "{% for i in items %}" + _row() + "{% endfor %}"),
        "{% if rows %}" + _table(_row()) + "{% endif %}",
    ],
)
def test_a_body_whose_shape_no_context_can_change_skips_the_reparse(inner: str) -> None:
    assert _stable(inner)


@pytest.mark.parametrize(
    "inner",
    [
        _P.format("{{ '<w:br/>' | safe }}"),  # folded into the template at compile time
        _P.format("{% if a %}</w:t></w:r>{% endif %}"),
        _P.format("{% if a %}</w:t></w:r></w:p>{% endif %}"),
        "<w:p {{ attr }}/>",
        _table("{% for i in items %}" + _row() + "{% endfor %}"),  # no row when the list is empty
        _table("<w:tr>{% for c in cells %}<w:tc>" + _P.format("c") + "</w:tc>{% endfor %}</w:tr>"),  # {%tc %} loop
        _table(_row(1)),  # the grid does not match the row: fix_tables changes it
        _table('<w:tr><w:tc><w:tcPr><w:gridSpan w:val="{{ n }}"/></w:tcPr>' + _P.format("c") + "</w:tc></w:tr>"),
        "{% macro m() %}x{% endmacro %}" + _P.format("{{ m() }}"),
        "{% for i in items recursive %}" + _P.format("{{ i }}") + "{% endfor %}",
        _P.format("<!-- {{ x }} -->"),
    ],
)
def test_a_body_that_a_context_could_break_or_regrid_is_reparsed(inner: str) -> None:
    assert not _stable(inner)


def test_builtin_bodies_are_stable_and_markup_values_still_reparse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx
    from docxtpl import RichText

    from letters.render import engine

    monkeypatch.setenv("LETTERS_CACHE_DIR", str(tmp_path / "cache"))
    engine._compiled.cache_clear()
    for path in _builtin_templates():
        assert all(part.stable for part in compile_docx(path).parts if part.fix_tables), path.name
    doc = docx.Document()
    doc.add_paragraph("Hello {{ name }}")
    doc.save(str(tmp_path / "plain.docx"))
    assert all(part.stable for part in compile_docx(tmp_path / "plain.docx").parts if part.fix_tables)
    for value in (RichText("bold", bold=True), "tab\tand\nline", "bell\x07 and \x01"):
        reference, compiled = both(tmp_path / "plain.docx", {"name": value})
        assert_same_package(reference, compiled)


def test_builtin_bodies_render_without_the_paragraph_breaks_and_captures_keep_them(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letters.render import engine

    monkeypatch.setenv("LETTERS_CACHE_DIR", str(tmp_path / "cache"))
    engine._compiled.cache_clear()
    for path in _builtin_templates():
        assert all(part.flat is not None for part in compile_docx(path).parts if part.fix_tables), path.name
    assert all(part.flat is None for part in compile_docx(corpus / "captured-paragraphs.docx").parts if part.fix_tables)
    assert any(part.flat is not None for part in compile_docx(corpus / "value-ending-before-a-paragraph.docx").parts)


def test_a_value_ending_in_a_line_break_before_a_paragraph_is_joined_as_docxtpl_joins_it(corpus: Path) -> None:
    import re

    from letters.render import engine

    part = next(p for p in compile_docx(corpus / "value-ending-before-a-paragraph.docx").parts if p.fix_tables)
    context = corpus_context()
    joined = re.sub(r"\n<w:p([ >])", r"<w:p\1", part.template.render(context))  # docxtpl's render_xml_part
    rendered = engine._render_part(part, context, "value.docx")
    assert part.flat is not None
    assert "</w:p><w:p><w:r><w:t>made by a value" in joined
    assert rendered == part.head + joined.encode("utf-8") + part.tail


_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _with_footnotes(doc: Any, path: Path, note: str) -> Path:
    """Save ``doc`` with a footnotes part holding ``note`` (python-docx cannot add one itself)."""
    buffer = io.BytesIO()
    doc.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{_FOOTNOTES_CT}"/></Types>'.encode()
                )
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdNotes" Type="{_FOOTNOTES_REL}" Target="footnotes.xml"/></Relationships>'.encode(),
                )
            package.writestr(info, data)
        package.writestr("word/footnotes.xml", footnotes)
    return path


def test_footnotes_render_the_same_with_both_engines(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("Body for {{ name }}")
    path = _with_footnotes(doc, tmp_path / "notes.docx", "Note for {{ name }}{% if flag %} of {{ company }}{% endif %}")

    reference, compiled = both(path, corpus_context())

    assert fallback_reason(path) is None
    assert "word/footnotes.xml" in [part.name for part in compile_docx(path).parts]
    assert_same_package(reference, compiled)
    notes = zipfile.ZipFile(io.BytesIO(compiled)).read("word/footnotes.xml").decode("utf-8")
    assert "Note for 王小明 &amp; Co of 比特派 (Bitpie) &lt;support&gt;" in notes


def test_footnotes_in_a_document_of_several_sections_fall_back_to_docxtpl(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("First section {{ name }}")
    doc.add_section()
    doc.add_paragraph("Second section")
    path = _with_footnotes(doc, tmp_path / "sections.docx", "Note {{ name }}")

    reference, auto = both(path, corpus_context())

    assert "footnotes in a document of several sections" in (fallback_reason(path) or "")
    assert_same_package(reference, auto)


_DOCX_VALUES = [
    "plain",
    "Tom & Jerry <ltd> \"quoted\" 'single'",
    "on 9 September 2026 and September 21, 2026",
    "snake_case_{value}_ and %_x",
    "_leading and trailing_",
    "",
    42,
    3.5,
    None,
    ["a", "b"],
]


@pytest.mark.parametrize("value", _DOCX_VALUES, ids=repr)
def test_a_docx_value_is_written_as_escape_of_finalize_wherever_it_is_output(value: Any) -> None:
    """The .docx generator's one call per ``{{ value }}`` (``letters_xml``) writes what Jinja's
    ``escape(environment.finalize(value))`` writes: at the top level, in a loop, in a macro and in
    a ``set`` block; and inside ``{% autoescape false %}`` Jinja's own ``str(finalize(value))``."""
    from markupsafe import Markup, escape

    from letters.render.env import _docx_finalize, docx_env

    env = docx_env()
    expected = str(escape(_docx_finalize(value)))
    source = (
        "{% macro m(v) %}[{{ v }}]{% endmacro %}{% set block %}<{{ value }}>{% endset %}"
        "{{ value }}|{% for v in [value] %}{{ v }}{% endfor %}|{{ m(value) }}|{{ block }}|"
        "{% autoescape false %}{{ value }}{% endautoescape %}"
    )
    assert "letters_xml" in env.compile(source, raw=True)
    rendered = env.from_string(source).render(value=value)
    assert rendered == f"{expected}|{expected}|[{expected}]|<{expected}>|{_docx_finalize(value)}"
    assert env.from_string("{{ value }}").render(value=Markup("<w:br/>")) == "<w:br/>"  # a value with its own markup


_REPLACE_TEXT = st.text(alphabet="ab-_<&'\"\u2060 ", max_size=12)


@given(
    value=_REPLACE_TEXT | _REPLACE_TEXT.map(Markup) | st.integers(-5, 5),
    old=_REPLACE_TEXT | _REPLACE_TEXT.map(Markup),
    new=_REPLACE_TEXT | _REPLACE_TEXT.map(Markup),
    count=st.none() | st.integers(-1, 3),
    autoescape=st.booleans(),
)
@example(value="YP-2026-0042", old="-", new="-\u2060", count=None, autoescape=True)
@example(value="a<b-c", old="-", new=Markup("<w:br/>"), count=None, autoescape=True)
def test_the_sandboxs_replace_is_jinjas_replace(value: Any, old: Any, new: Any, count: int | None, autoescape: bool) -> None:
    """The fast path for plain texts returns what Jinja's own filter returns, escaped or not, with any count."""
    import jinja2.filters
    from jinja2.nodes import EvalContext

    from letters.render.env import docx_env, text_env

    env = docx_env() if autoescape else text_env()
    context = EvalContext(env)
    args = (context, value, old, new) if count is None else (context, value, old, new, count)
    ours, theirs = env.filters["replace"](*args), jinja2.filters.do_replace(*args)
    assert (type(ours), ours) == (type(theirs), theirs)


class _Attribute:
    name = "from an attribute"


@pytest.mark.parametrize(
    ("value", "attr"),
    [
        ({"name": "Li Wei"}, "name"),
        ({"name": None}, "name"),
        ({"items": "a key named like a method"}, "items"),
        ({"mro": 1}, "mro"),
        ({}, "name"),
        ({"_private": 1}, "_private"),
        (type("Sub", (dict,), {})(name="a dict subclass"), "name"),
        ("text", "upper"),
        (_Attribute(), "name"),
        (_Attribute(), "missing"),
        ([1, 2], "name"),
        ("text", "__class__"),
        ({"a": {"b": {"c": "deep"}}}, "a"),
    ],
)
@pytest.mark.parametrize("for_text", [True, False])
def test_a_dotted_name_in_a_template_reads_what_the_sandboxs_getattr_reads(value: Any, attr: str, for_text: bool) -> None:
    """The code generator reads ``x.name`` of a plain dict in place; everything else still goes
    through the sandbox's getattr: the same text, the same error."""
    from jinja2.exceptions import SecurityError, UndefinedError

    from letters.render.env import make_env

    env = make_env(for_text=for_text)

    def outcome(render: Callable[[], Any]) -> tuple[str, str]:
        try:
            return ("text", str(render()))
        except (UndefinedError, SecurityError) as exc:
            return (type(exc).__name__, "")

    inline = outcome(lambda: env.from_string(f"{{{{ x.{attr} }}}}").render(x=value))
    through = outcome(lambda: env.from_string("{{ get(x, name) }}").render(x=value, name=attr, get=env.getattr))
    assert inline == through
    if isinstance(value, dict) and attr == "a":
        assert env.from_string("{{ x.a.b.c }}").render(x=value) == "deep"


#: The English-date pattern as it was before its look ahead (letters.render.env._ENGLISH_DATE).
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_BEFORE = re.compile(rf"\b\d{{1,2}} (?:{_MONTH_NAMES})\b(?: \d{{4}}\b)?|\b(?:{_MONTH_NAMES}) \d{{1,2}}\b(?:, \d{{4}}\b)?")


@given(
    st.lists(
        st.sampled_from(
            ["9", "21", "123", "٣", "１", " ", ", ", "September", "May", "Mayday", "2026", "x", "_", "年", "é", "\n", "A", "0"]
        ),
        max_size=12,
    ).map("".join)
)
@example("on 9 September 2026 and September 21, 2026; 123 May 20267")
@example("٣ September 2026, １ May")  # digits of other scripts: \d reads them
def test_english_dates_are_kept_on_one_line_as_before(text: str) -> None:
    from letters.render.env import _dates_kept, _keep_together

    expected = _DATE_BEFORE.sub(_keep_together, text)
    assert (_dates_kept(text) if " " in text else text) == expected
