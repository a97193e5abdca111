"""The compiled .docx engine: prepare a template once per process, render many letters.

docxtpl reloads the package, re-runs its XML preprocessing, recompiles the Jinja source
and re-serialises every part for each letter. Here all of that happens once per
template (and again only if the file changes): the package is read into raw zip
members, docxtpl's own ``patch_xml`` prepares each templated part, Jinja compiles it
once, and parts that no letter changes are kept as their compressed bytes. Per letter
only the templated parts are rendered (then post-processed exactly as docxtpl's
``render_xml_part`` does) and the zip is assembled by copying the rest verbatim.

Templates this engine does not model — drawings/images (docxtpl renumbers their ids),
footnotes in multi-section documents, packages without core properties — return
``None`` from :func:`compile_docx` and the caller falls back to docxtpl for them.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from letters import cache as diskcache
from letters import rx
from letters.cache import per_file_version
from letters.errors import TemplateError
from letters.locale import _
from letters.render.env import MARKUP_OUTPUTS, docx_env
from letters.render.guard import run_template
from letters.render.names import names_in

__all__ = [
    "CORE_FIELDS",
    "CompiledDocx",
    "PackageError",
    "compile_docx",
    "fallback_reason",
    "one_paragraph_a_line",
    "package_directory",
    "package_problems",
    "render_compiled",
]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CORE_PROPS = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
#: docxtpl's ``render_properties``: (python-docx name, element) in the order it sets them.
CORE_FIELDS = (
    ("author", "{http://purl.org/dc/elements/1.1/}creator"),
    ("comments", "{http://purl.org/dc/elements/1.1/}description"),
    ("identifier", "{http://purl.org/dc/elements/1.1/}identifier"),
    ("language", "{http://purl.org/dc/elements/1.1/}language"),
    ("subject", "{http://purl.org/dc/elements/1.1/}subject"),
    ("title", "{http://purl.org/dc/elements/1.1/}title"),
)
#: Deflate level for rendered parts (why 1: benchmarks/README.md).
_LEVEL = 1
try:  # ISA-L's deflate: the same format as zlib's, faster
    from isal.isal_zlib import compress as _fast_deflate
except ImportError:  # pragma: no cover - platforms without an isal wheel
    _fast_deflate = None  # type: ignore[assignment]
_OFFSET = struct.Struct("<L")
_JINJA = rx.compile(r"\{[{%#]|[}%#]\}")
#: Control characters XML 1.0 cannot hold, as UTF-8 bytes: a body with one (or with
#: U+FFFE, U+FFFF or a lone surrogate, which cannot be encoded) needs the recovering parser.
_XML_INVALID_BYTES = bytes(range(0x20)).translate(None, b"\t\n\r")


# --- zip members, copied without recompression ------------------------------------------------


@dataclass(frozen=True)
class _Member:
    """One zip member as stored: compressed bytes and what the central directory needs."""

    name: bytes
    method: int
    crc: int
    size: int
    data: bytes  # compressed
    dostime: int
    dosdate: int
    flags: int

    @classmethod
    def deflate(cls, name: bytes, raw: bytes, dostime: int, dosdate: int) -> _Member:
        if _fast_deflate is not None:
            data = _fast_deflate(raw, _LEVEL, -15)
        else:
            packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
            data = packer.compress(raw) + packer.flush()
        return cls(name, 8, zlib.crc32(raw), len(raw), data, dostime, dosdate, 0x800 if not name.isascii() else 0)


def _read_members(path: Path) -> dict[str, _Member]:
    """Every member's compressed bytes, read straight from the local headers."""
    import zipfile

    members: dict[str, _Member] = {}
    with zipfile.ZipFile(path) as archive, open(path, "rb") as fh:
        for info in archive.infolist():
            if info.flag_bits & 0x1 or info.compress_type not in (0, 8):
                raise ValueError(f"{info.filename} is encrypted or uses an unusual compression")
            fh.seek(info.header_offset)
            header = fh.read(30)
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            data = fh.read(info.compress_size)
            y, mo, d, h, mi, s = info.date_time
            members[info.filename] = _Member(
                info.filename.encode("utf-8"),
                info.compress_type,
                info.CRC,
                info.file_size,
                data,
                (h << 11) | (mi << 5) | (s // 2),
                ((y - 1980) << 9) | (mo << 5) | d,
                0x800 if not info.filename.isascii() else 0,
            )
    return members


def _headers(m: _Member) -> tuple[bytes, bytes]:
    """The member's local header and its central-directory entry up to the offset field."""
    local = (
        struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, m.flags, m.method, m.dostime, m.dosdate, m.crc, len(m.data), m.size, len(m.name), 0)
        + m.name
    )
    central = struct.pack(
        "<4s6H3L5HL", b"PK\x01\x02", 20, 20, m.flags, m.method, m.dostime, m.dosdate, m.crc, len(m.data), m.size, len(m.name), 0, 0, 0, 0, 0
    )
    return local, central


#: A member ready to write: the member, its local header, its central entry up to the offset.
_Packed = tuple[_Member, bytes, bytes]


def _pack(m: _Member) -> _Packed:
    return (m, *_headers(m))


def _zip(members: list[_Packed]) -> bytes:
    """A zip archive of ready members (no data descriptors, no zip64: letters are small)."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m, local, head in members:
        central.append(head + _OFFSET.pack(offset) + m.name)
        chunks += (local, m.data)
        offset += len(local) + len(m.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(chunks) + directory + end


# --- what a package may be: sizes from its directory, nothing outside it ----------------------

#: What a .docx template may hold, read from the zip directory before anything is inflated:
#: a letter's package is well under a megabyte; pictures can make it a few dozen.
MAX_PACKAGE_MEMBERS = 1_000
MAX_PACKAGE_BYTES = 100 * 1024 * 1024  # every member, inflated
MAX_PART_BYTES = 50 * 1024 * 1024  # one member, inflated
#: Deflate packs a document's XML 5-20 times; a member packed more than this (and bigger
#: than a megabyte inflated) is a zip bomb, not a document.
MAX_RATIO = 200
#: The only external relationships a template may have: hyperlinks to a web or mail
#: address, which a reader follows by choice. Pictures, frames, OLE objects, attached
#: templates and sub-documents that point outside are fetched by LibreOffice on conversion.
_SAFE_LINKS = ("http://", "https://", "mailto:")
_URL_LIKE = rx.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)")
#: Field codes that make Word or LibreOffice read another file or address when the document
#: is opened or converted (INCLUDEPICTURE "http://…", INCLUDETEXT "C:\\…", LINK, DDE…).
_FETCHING_FIELDS = rx.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDEAUTO|DDE|IMPORT)\b", re.I)


class PackageError(ValueError):
    """A .docx package no template may be; the message says why, in words."""


def package_directory(path: Path) -> list[Any]:
    """The members (``zipfile.ZipInfo``) of a .docx package, refused when its directory
    promises more than a template can need; nothing is inflated to find out."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise PackageError(_("is not a Word .docx file ({error}); save it from Word as .docx").format(error=exc)) from None
    if len(infos) > MAX_PACKAGE_MEMBERS:
        raise PackageError(
            _("holds {count:,} files; a Word template holds a few dozen (the limit is {limit:,})").format(
                count=len(infos), limit=MAX_PACKAGE_MEMBERS
            )
        )
    names: set[str] = set()
    total = 0
    for info in infos:
        if not _clean_member_name(info.filename):
            raise PackageError(
                _("holds a file named {part!r}, which is not a plain path inside the package (.., an absolute path or a backslash)").format(
                    part=info.filename[:80]
                )
            )
        if info.filename in names:
            raise PackageError(_("holds {part} twice; Word and LibreOffice would each read a different one").format(part=info.filename))
        names.add(info.filename)
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise PackageError(
                _("{part} inflates to {size:,} bytes (the limit for one part is {limit:,})").format(
                    part=info.filename, size=info.file_size, limit=MAX_PART_BYTES
                )
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise PackageError(
                _("{part} inflates {ratio:,} times its packed size (a zip bomb, not a document)").format(part=info.filename, ratio=ratio)
            )
    if total > MAX_PACKAGE_BYTES:
        raise PackageError(_("inflates to {size:,} bytes (the limit is {limit:,})").format(size=total, limit=MAX_PACKAGE_BYTES))
    return infos


def _clean_member_name(name: str) -> bool:
    """A member name a package may hold: a relative POSIX path of plain names (no ``..``,
    ``.``, empty piece, drive, backslash or control character), so it can never be
    copied anywhere but inside the letter's own package."""
    if not name or name.startswith("/") or "\\" in name or ":" in name.split("/", 1)[0]:
        return False
    if any(ord(c) < 32 for c in name):
        return False
    pieces = name.rstrip("/").split("/")  # a folder entry ends with "/"
    return all(piece not in ("", ".", "..") for piece in pieces)


#: The namespaces of WordprocessingML, transitional and strict: fields are found by these
#: URIs, whatever prefix a part binds them to.
_W_ANY = (_W, "http://purl.oclc.org/ooxml/wordprocessingml/main")
#: A part Word imports into the document as it opens it (HTML, RTF, another .docx), with
#: whatever pictures that document links to.
_ALT_CHUNK = "aFChunk"
#: The elements a field's instruction is in, under either WordprocessingML namespace.
_FIELD_TAGS = tuple(f"{{{ns}}}{local}" for ns in _W_ANY for local in ("fldSimple", "fldChar", "instrText"))


def package_problems(path: Path) -> list[str]:
    """Everything that makes a .docx unsafe to render, in words (empty: nothing): a zip
    directory that promises too much, checked before anything is inflated, and links to
    anything outside the package that LibreOffice would fetch when it converts a letter
    (external or ``file:`` pictures, frames, OLE objects, attached templates, sub-documents;
    INCLUDEPICTURE, INCLUDETEXT, LINK and DDE fields)."""
    import zipfile

    try:
        infos = package_directory(path)
    except PackageError as exc:
        return [str(exc)]
    problems: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for info in infos:
            name = info.filename
            if not name.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                raw = archive.read(info)  # sizes checked above; zipfile stops at the size the directory gives
            except Exception as exc:
                problems.append(_("{part} cannot be read ({error})").format(part=name, error=exc))
                continue
            root = _parsed_part(name, raw, problems)
            if root is not None:
                problems += _relationship_problems(name, root) if name.endswith(".rels") else _field_problems(name, root)
    return problems


def _parsed_part(name: str, raw: bytes, problems: list[str]) -> Any:
    """The part's XML tree, or ``None`` with the reason added to ``problems``: a part that is
    not XML, or that declares a DTD (a DOCTYPE, entities: Word needs none, and an external
    entity would make a reader fetch a file or an address)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        problems.append(_("{part} is not valid XML ({error})").format(part=name, error=exc))
        return None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        problems.append(
            _("{part} declares a DOCTYPE (a DTD, entities); a Word document has none, and an external entity would be fetched").format(
                part=name
            )
        )
        return None
    return root


def _relationship_problems(name: str, root: Any) -> list[str]:
    problems = []
    for rel in root.iter(f"{{{_REL}}}Relationship"):
        target = rel.get("Target", "")
        kind = rel.get("Type", "").rsplit("/", 1)[-1] or "relationship"
        external = rel.get("TargetMode") == "External"
        if kind == _ALT_CHUNK:
            problems.append(
                _(
                    "{part}: the altChunk {id} ({target}) is another document Word imports when it opens the letter, "
                    "with any pictures it links to; paste its content into the template instead"
                ).format(part=name, id=rel.get("Id", ""), target=target[:80])
            )
            continue
        if external and kind == "hyperlink" and target.lower().startswith(_SAFE_LINKS):
            continue  # a link a reader may click; nothing is fetched to make the PDF
        if external or _URL_LIKE.match(target):
            problems.append(
                _(
                    "{part}: the {kind} {id} points outside the template ({target}); LibreOffice would "
                    "fetch it for every letter: embed the picture or object in the document instead"
                ).format(part=name, kind=kind, id=rel.get("Id", ""), target=target[:80])
            )
    return problems


def _field_problems(name: str, root: Any) -> list[str]:
    """Fields that read another file or address, found in the parsed part by namespace URI
    (any prefix, text in CDATA too): simple fields' ``instr`` and complex fields'
    instruction text between their ``begin`` and ``separate``/``end``."""
    problems = []
    pieces: list[str] | None = None
    for element in root.iter(*_FIELD_TAGS):  # in document order; lxml skips every other element in C
        local = element.tag.rpartition("}")[2]
        instructions: list[str] = []
        if local == "fldSimple":
            instructions = [v for k, v in element.attrib.items() if k in {f"{{{ns}}}instr" for ns in _W_ANY}]
        elif local == "fldChar":
            kind = next((v for k, v in element.attrib.items() if k in {f"{{{ns}}}fldCharType" for ns in _W_ANY}), "")
            if kind == "begin":
                pieces = []
            elif kind in ("separate", "end"):
                instructions = ["".join(pieces)] if pieces is not None else []
                pieces = None
        elif local == "instrText":
            if pieces is not None:
                pieces.append(element.text or "")
            else:
                instructions = [element.text or ""]
        for words in instructions:
            found = _FETCHING_FIELDS.match(words)
            if found:
                problems.append(
                    _(
                        "{part}: a {field} field ({code}) makes Word and LibreOffice read "
                        "another file or address; remove it (paste the picture or text itself)"
                    ).format(part=name, field=found.group(1).upper(), code=words.strip()[:60])
                )
    return problems


# --- preparing a template once -----------------------------------------------------------------


@dataclass
class _Part:
    """A templated XML part: compiled once; per letter rendered into ``head + xml + tail``."""

    name: str
    template: Any  # jinja2.Template, or None when ``build`` makes the part
    head: bytes = b""
    tail: bytes = b""
    fix_tables: bool = False  # the body: parsed back and fixed as docxtpl does
    stable: bool = False  # the body's shape cannot depend on the context (see _body_is_stable)
    code: bytes = b""  # the compiled Jinja code, marshalled, for the on-disk cache
    core_raw: bytes = b""  # core properties: the stored XML and its six compiled templates
    core_codes: tuple[bytes, ...] = ()
    build: Callable[[dict[str, Any]], bytes] | None = None
    source: str = ""  # the patched Jinja source (only while preparing)
    flat: Any = None  # the source without docxtpl's line breaks (see _flat_tree), or None
    flat_code: bytes = b""


@dataclass
class CompiledDocx:
    """A template ready to render: fixed members plus the parts each letter renders."""

    path: str
    order: list[str]
    fixed: dict[str, _Member]
    parts: list[_Part] = field(default_factory=list)
    stamp: tuple[int, int] = (0, 33)
    packed: dict[str, Any] = field(default_factory=dict, repr=False)  # fixed members with their headers
    names: frozenset[str] | None = None  # what its parts read from the context (letters.render.names)


class _Unsupported(Exception):
    """The template uses something only docxtpl itself handles."""


def _docxtpl() -> Any:
    """docxtpl's own preprocessing functions (they use nothing of the instance)."""
    from docxtpl.template import DocxTemplate

    return DocxTemplate


def _parser() -> Any:
    from lxml import etree

    # python-docx's parser: blank text between elements is dropped, entities not resolved.
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _rels(members: dict[str, _Member], source: str) -> list[tuple[str, str]]:
    """(type, part name) of a part's internal relationships."""
    from lxml import etree

    folder = PurePosixPath(source).parent
    rels_name = str(folder / "_rels" / (PurePosixPath(source).name + ".rels")).lstrip("/") if source else "_rels/.rels"
    member = members.get(rels_name)
    if member is None:
        return []
    root = etree.fromstring(_inflate(member), _parser())
    found = []
    for rel in root.iter(f"{{{_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else _normalise(folder / target)
        found.append((rel.get("Type", ""), name))
    return found


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for piece in path.parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


def _inflate(member: _Member) -> bytes:
    """A member's bytes, never more than the directory said it holds (checked before preparing)."""
    if member.method == 0:
        return member.data
    inflater = zlib.decompressobj(-15)
    raw = inflater.decompress(member.data, member.size + 1)
    if len(raw) != member.size:
        raise ValueError(f"{member.name.decode('utf-8', 'replace')} does not hold the {member.size:,} bytes its directory entry says")
    return raw


def _compile(env: Any, source: Any, path: str) -> tuple[Any, bytes]:
    """``env.from_string`` in two steps, so the code object can be kept on disk."""
    import marshal

    code = run_template(path, lambda: env.compile(source))
    return _from_code(env, code), marshal.dumps(code)


def _from_code(env: Any, code: Any) -> Any:
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def one_paragraph_a_line(patched: str) -> str:
    """docxtpl's ``render_xml_part`` up to compiling: one paragraph per line for error lines
    (``templates check`` reports lines of this same source)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)


def _prepare(path: Path) -> CompiledDocx:
    from lxml import etree

    problems = package_problems(path)  # templates check refuses these too: never rendered, never cached
    if problems:
        raise TemplateError(str(path), problems[0])
    members = _read_members(path)
    dt = _docxtpl()
    env = docx_env()
    top = dict(_rels(members, ""))
    main = top.get(_OFFICE_DOC)
    core = top.get(_CORE_PROPS)
    if not main or main not in members:
        raise _Unsupported("no main document part")
    if not core or core not in members:
        raise _Unsupported("no core properties part (python-docx would create one)")
    compiled = CompiledDocx(str(path), list(members), dict(members))
    sample = members[main]
    compiled.stamp = (sample.dostime, sample.dosdate)

    # Body: docxtpl renders the serialised <w:body> and puts the result back in the document.
    document = etree.fromstring(_inflate(members[main]), _parser())
    body = document.find(f"{{{_W}}}body")
    if body is None:
        raise _Unsupported("no document body")
    body_xml = etree.tostring(body, encoding="unicode")
    if "docPr" in body_xml:
        raise _Unsupported("drawings or images (docxtpl renumbers their ids)")
    footnotes = _footnote_parts(members)
    if footnotes and len(body.findall(f".//{{{_W}}}sectPr")) > 1:
        raise _Unsupported("footnotes in a document of several sections")
    marker = etree.SubElement(document, "{urn:letters}body")
    document.replace(body, marker)
    head, found, tail = etree.tostring(document, encoding="UTF-8", standalone=True).partition(b'<ns0:body xmlns:ns0="urn:letters"/>')
    if not found:
        raise _Unsupported("an unusual document element")
    # docxtpl always re-parses the body (recovering from broken XML) and runs fix_tables.
    _add_part(compiled, main, dt.patch_xml(None, body_xml), env, head, tail, fix_tables=True)
    from letters.render.stable import body_is_stable

    compiled.parts[-1].stable = body_is_stable(compiled.parts[-1].source, env)

    # Headers and footers: the main part's relationships, as docxtpl finds them.
    for kind, name in _rels(members, main):
        if kind in (_HEADER, _FOOTER) and name in members:
            raw = _inflate(members[name])
            if not raw:
                continue
            xml = etree.tostring(etree.fromstring(raw, _parser()), encoding="unicode")
            if "docPr" in xml:
                raise _Unsupported("drawings or images in a header or footer")
            _add_part(compiled, name, dt.patch_xml(None, xml), env, _DECLARATION, b"")
    # Footnotes: docxtpl renders the stored bytes as they are.
    for name in footnotes:
        _add_part(compiled, name, dt.patch_xml(None, _inflate(members[name]).decode("utf-8")), env, b"", b"")
    core_sources = _prepare_core(compiled, core, env)
    compiled.names = names_in(env, [*(p.source for p in compiled.parts if p.source), *core_sources])
    return compiled


def _footnote_parts(members: dict[str, _Member]) -> list[str]:
    from lxml import etree

    types = members.get("[Content_Types].xml")
    if types is None:
        return []
    root = etree.fromstring(_inflate(types), _parser())
    return [
        o.get("PartName", "").lstrip("/")
        for o in root.iter(f"{{{_CT}}}Override")
        if o.get("ContentType") == _FOOTNOTES_CT and o.get("PartName", "").lstrip("/") in members
    ]


def _add_part(compiled: CompiledDocx, name: str, patched: str, env: Any, head: bytes, tail: bytes, *, fix_tables: bool = False) -> None:
    """A part without Jinja renders the same for every letter: render it now, once."""
    template, code = _compile(env, one_paragraph_a_line(patched), compiled.path)
    part = _Part(name, template, head, tail, fix_tables, code=code, source=patched)
    if _JINJA.search(patched) or fix_tables:
        flat = _flat_tree(patched, env)
        if flat is not None:
            part.flat, part.flat_code = _compile(env, flat, compiled.path)
        compiled.parts.append(part)
        compiled.fixed.pop(name, None)
    else:
        compiled.fixed[name] = _Member.deflate(name.encode("utf-8"), _render_part(part, {}, compiled.path), *compiled.stamp)


_PARAGRAPH = rx.compile(r"<w:p[ >]")
#: Constructs that capture output as a value (a ``{% set %}`` block, a macro, a block
#: called as ``self.x()``…), where a line break docxtpl adds could be seen before it is
#: removed, and those that bring in another template's text.
_CAPTURES = ("AssignBlock", "Macro", "CallBlock", "FilterBlock", "Block", "Extends", "Include", "Import", "FromImport")


def _flat_tree(patched: str, env: Any) -> Any:
    """The parsed patched source when, rendered as it is, it gives docxtpl's text without
    docxtpl's step of breaking the source before each paragraph and joining the output
    again; ``None`` when that cannot be shown.

    docxtpl compiles ``one_paragraph_a_line(patched)`` (for error lines) and removes each
    ``\n<w:p`` from the output. When every ``<w:p`` is template text outside any capture,
    the breaks only ever reach the output right before those paragraphs and the removal
    takes them all away again, so the two renders agree unless the output has another
    ``\n<w:p`` (a value ending in a line break, say), which :func:`_render_part` checks.
    """
    from jinja2 import TemplateSyntaxError, nodes

    wanted = len(_PARAGRAPH.findall(patched))
    if not wanted:
        return None  # nothing to gain
    try:
        tree = env.parse(patched)
    except TemplateSyntaxError:
        return None
    captures = tuple(getattr(nodes, kind) for kind in _CAPTURES)
    if any(True for _ in tree.find_all(captures)):
        return None
    in_text = sum(len(_PARAGRAPH.findall(node.data)) for node in tree.find_all(nodes.TemplateData))
    return tree if in_text == wanted else None


def _prepare_core(compiled: CompiledDocx, name: str, env: Any) -> list[str]:
    """docxtpl renders six core properties as templates and sets each (creating it if absent); returns their sources."""
    from lxml import etree

    raw = _inflate(compiled.fixed[name])
    root = etree.fromstring(raw, _parser())
    sources = []
    for _prop, tag in CORE_FIELDS:
        element = root.find(tag)
        sources.append(element.text or "" if element is not None else "")
    compiled_sources = [_compile(env, source, compiled.path) for source in sources]
    render = _core_builder(raw, [template for template, _ in compiled_sources])
    if any(_JINJA.search(s) for s in sources):
        codes = tuple(code for _, code in compiled_sources)
        compiled.parts.append(_Part(name, None, core_raw=raw, core_codes=codes, build=render))
        compiled.fixed.pop(name, None)
    else:
        compiled.fixed[name] = _Member.deflate(name.encode("utf-8"), render({}), *compiled.stamp)
    return sources


def _core_builder(raw: bytes, templates: list[Any]) -> Callable[[dict[str, Any]], bytes]:
    """What docxtpl's ``render_properties`` and python-docx's setters do to core.xml."""
    from lxml import etree

    root = etree.fromstring(raw, _parser())

    def render(context: dict[str, Any]) -> bytes:
        for (prop, tag), template in zip(CORE_FIELDS, templates):
            value = str(template.render(context))
            if len(value) > 255:
                raise ValueError(f"core property {prop} exceeded the 255 character limit")
            element = root.find(tag)
            if element is None:
                element = etree.SubElement(root, tag)
            element.text = value
        data: bytes = etree.tostring(root, encoding="UTF-8", standalone=True)
        return data

    return render


# --- rendering one letter ----------------------------------------------------------------------


def _render_part(part: _Part, context: dict[str, Any], path: str) -> bytes:
    """docxtpl's ``render_xml_part`` after compiling, then what saving the part does."""
    if part.build is not None:
        build = part.build
        return run_template(path, lambda: build(context))
    markup = MARKUP_OUTPUTS[0]
    xml = None
    if part.flat is not None:
        try:
            xml = part.flat.render(context)
        except Exception:
            xml = None
        else:
            if "\n<w:p " in xml or "\n<w:p>" in xml:  # not only template text: render as docxtpl does
                xml = None
    if xml is None:
        xml = run_template(path, lambda: part.template.render(context))
        # docxtpl: re.sub(r"\n<w:p([ >])", r"<w:p\1", xml); two plain replaces give the same text.
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "_" in xml:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    listing = any(c in xml for c in "\t\a\n\f")
    if listing:  # resolve_listing only rewrites these characters
        xml = _docxtpl().resolve_listing(None, xml)
    if part.fix_tables and not (part.stable and markup == MARKUP_OUTPUTS[0] and not listing):
        xml = _fix_body(xml)
    elif part.fix_tables:
        data = _valid_utf8(xml)
        if data is not None:
            return part.head + data + part.tail
        xml = _fix_body(xml)
    return part.head + xml.encode("utf-8") + part.tail


def _valid_utf8(xml: str) -> bytes | None:
    """``xml`` as UTF-8, or ``None`` when it holds a character XML 1.0 cannot (byte
    tests: a regular expression over a letter's 17,000 characters costs ten times more)."""
    if "\ufffe" in xml or "\uffff" in xml:
        return None
    try:
        data = xml.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    return None if len(data.translate(None, _XML_INVALID_BYTES)) != len(data) else data


def _fix_body(xml: str) -> str:
    """docxtpl's ``fix_tables`` step: parse (recovering), adjust table grids, serialise.

    Most letters need neither recovery nor a grid change; then the rendered text is
    already what docxtpl's round trip would give, and docxtpl is not even imported.
    """
    from lxml import etree

    parser = _recovering_parser()
    tree = etree.fromstring(xml, parser)
    if _tables_settled(tree):
        return xml if len(parser.error_log) == 0 else etree.tostring(tree, encoding="unicode")
    fixed: str = etree.tostring(_docxtpl().fix_tables(None, xml), encoding="unicode")
    return fixed


@lru_cache(maxsize=1)
def _recovering_parser() -> Any:
    """docxtpl's parser for the rendered body (one per process; each parse resets its log)."""
    from lxml import etree

    return etree.XMLParser(recover=True)


def _tables_settled(tree: Any) -> bool:
    """True when ``fix_tables`` would change nothing: no row has more cells than the grid
    has columns and the widest row (counting spans) fills the grid."""
    w = f"{{{_W}}}"
    for table in tree.iter(f"{w}tbl"):
        grid = table.find(f"{w}tblGrid")
        if grid is None:
            return False
        columns = len(grid.findall(f"{w}gridCol"))
        widest = 0
        for row in table.iter(f"{w}tr"):
            cells = row.findall(f"{w}tc")
            if len(cells) > columns:
                return False
            span = 0
            for cell in cells:
                value = cell.find(f"{w}tcPr/{w}gridSpan")
                span += int(value.get(f"{w}val")) if value is not None else 1
            widest = max(widest, span)
        if widest < columns:
            return False
    return True


def render_compiled(compiled: CompiledDocx, context: dict[str, Any]) -> bytes:
    rendered = {p.name: _render_part(p, context, compiled.path) for p in compiled.parts}
    members = []
    packed = compiled.packed
    for name in compiled.order:
        if name in rendered:
            members.append(_pack(_Member.deflate(name.encode("utf-8"), rendered[name], *compiled.stamp)))
        else:
            if name not in packed:  # the same bytes in every letter: headers packed once
                packed[name] = _pack(compiled.fixed[name])
            members.append(packed[name])
    return _zip(members)


# --- the cache of prepared templates -----------------------------------------------------------

#: Bump when what is kept on disk changes shape or meaning.
_CACHE_FORMAT = "docx-engine-4"


def _save(compiled: CompiledDocx, target: Path | None) -> None:
    """Keep the prepared template (compiled code, fixed members) for the next process."""
    recipe = {
        "order": compiled.order,
        "fixed": compiled.fixed,
        "stamp": compiled.stamp,
        "names": compiled.names,
        "parts": [(p.name, p.code, p.head, p.tail, p.fix_tables, p.stable, p.core_raw, p.core_codes, p.flat_code) for p in compiled.parts],
    }
    diskcache.save(target, recipe)


def _load(path: Path, source: Path | None) -> CompiledDocx | None:
    import marshal

    recipe = diskcache.load(source)
    if recipe is None:
        return None
    try:
        env = docx_env()
        compiled = CompiledDocx(str(path), recipe["order"], recipe["fixed"], stamp=recipe["stamp"], names=recipe["names"])
        for name, code, head, tail, fix, stable, core_raw, core_codes, flat_code in recipe["parts"]:
            if core_codes:
                build = _core_builder(core_raw, [_from_code(env, marshal.loads(c)) for c in core_codes])
                compiled.parts.append(_Part(name, None, core_raw=core_raw, core_codes=core_codes, build=build))
            else:
                flat = _from_code(env, marshal.loads(flat_code)) if flat_code else None
                compiled.parts.append(
                    _Part(name, _from_code(env, marshal.loads(code)), head, tail, fix, stable, code=code, flat=flat, flat_code=flat_code)
                )
        return compiled
    except Exception:
        return None


def _cache_file(path: Path) -> Path | None:
    try:
        return diskcache.entry(_CACHE_FORMAT, path.read_bytes())
    except OSError:
        return None


@per_file_version(maxsize=32)
def _compiled(path: str) -> CompiledDocx | str:
    cache = _cache_file(Path(path))
    cached = _load(Path(path), cache)
    if cached is not None:
        return cached
    try:
        compiled = _prepare(Path(path))
        _save(compiled, cache)
        return compiled
    except _Unsupported as exc:
        return str(exc)
    except (ValueError, KeyError, OSError, zlib.error) as exc:
        return f"unreadable package ({exc})"
    except Exception as exc:
        if isinstance(exc, TemplateError):
            raise
        return f"{type(exc).__name__}: {exc}"


def compile_docx(path: Path) -> CompiledDocx | None:
    """The prepared template, or ``None`` when docxtpl itself must render it."""
    result = _lookup(path)
    return result if isinstance(result, CompiledDocx) else None


def fallback_reason(path: Path) -> str | None:
    """Why ``path`` is rendered by docxtpl (``None`` when the engine handles it)."""
    result = _lookup(path)
    return result if isinstance(result, str) else None


def _lookup(path: Path) -> CompiledDocx | str:
    try:
        return _compiled(path)
    except OSError as exc:
        raise TemplateError(str(path), _("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None


def render_with_fallback(path: Path, context: dict[str, Any], fallback: Callable[[Path, dict[str, Any]], bytes]) -> bytes:
    compiled = compile_docx(path)
    if compiled is None:
        return fallback(path, context)
    return render_compiled(compiled, context)
