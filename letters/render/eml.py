"""E-mail drafts: one RFC 5322 message per letter, for the user to open, check and send.

The draft carries ``X-Unsent: 1``, so Outlook and Thunderbird open it as a message to
edit rather than as a received mail. Nothing here ever sends anything.

When the case file has no address for the stage's recipient, the ``To`` header is left
out (a mail client then shows an empty To field to fill in) and an ``X-Letters-Note``
header says what is missing. The note is deliberately *not* put into the body: the body
is the letter itself, and a reminder there could too easily be sent to the company.
"""

from __future__ import annotations

import mimetypes
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from letters import rx
from letters.casefile.load import CaseFile
from letters.casefile.terms import STAGE_RECIPIENT, STAGES
from letters.errors import CaseFileError, EmlError
from letters.locale import _, language
from letters.paths import WINDOWS_RESERVED, escaped
from letters.phrasebook import PHRASES, chinese, format_size

__all__ = ["DOCX_TYPE", "MAX_ATTACHMENT_BYTES", "EmlError", "attachment_name", "build_eml", "header_text", "recipient"]

#: Most mail servers refuse messages over 20-25 MB; base64 adds a third, so the cap is on the raw files.
MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def recipient(context: dict[str, Any]) -> tuple[str, str]:
    """``(address, note)``: the stage's recipient address, or ``""`` and what to do about it."""
    section, field = STAGE_RECIPIENT.get(context["stage"], STAGE_RECIPIENT[STAGES[0]])
    address = context[section]["email"]
    if address:
        return address, ""
    note = f"No recipient address: {field} is not in the case file; fill in To yourself or add it to the case file."
    if section == "authority" and context["authority"]["website"]:
        note += f" Many consumer bodies take complaints on their website ({context['authority']['website']}): attach the PDF there."
    return "", note


def build_eml(case_file: CaseFile, context: dict[str, Any], files: dict[str, bytes], *, max_bytes: int = MAX_ATTACHMENT_BYTES) -> bytes:
    """The draft for one letter: the .txt as body, the .docx (and .pdf when made) and the evidence attached."""
    case_id, name = context["case_id"], context["stage"]
    message = EmailMessage(policy=policy.SMTP)
    to, note = recipient(context)
    if to:
        message["To"] = _address(case_file, "", to)
    sender = context["complainant"]
    if sender["email"]:
        message["From"] = _address(case_file, sender["name"], sender["email"])
    else:
        note = (note + " " if note else "") + "No sender address: complainant.email is not in the case file."
    message["Subject"] = _no_encoded_words(header_text(_subject(context)))
    message["X-Unsent"] = "1"
    if note:
        message["X-Letters-Note"] = header_text(note)
    message.set_content(files["txt"].decode("utf-8"), charset="utf-8")

    attachments = [(f"{case_id}-{name}.docx", files["docx"], DOCX_TYPE)]
    if "pdf" in files:
        attachments.append((f"{case_id}-{name}.pdf", files["pdf"], "application/pdf"))
    evidence = _evidence_files(case_file)
    total = sum(len(a[1]) for a in attachments) + sum(size for _name, _path, size in evidence)
    if total > max_bytes:
        lang = language()
        raise EmlError(
            _(
                "{path}: evidence: the letter and its evidence files come to {size}, over the {limit} an e-mail can safely carry; "
                "send the largest files another way (a download link, a second e-mail) or leave out --format eml"
            ).format(path=case_file.path, size=format_size(total, lang), limit=format_size(max_bytes, lang))
        )
    attachments += [(filename, _read(case_file, path), _mime(filename)) for filename, path, _size in evidence]
    for filename, data, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=attachment_name(filename))
    built = message.as_bytes()
    _check_addresses(case_file, built, {"To": to, "From": sender["email"]})
    return built


def _check_addresses(case_file: CaseFile, built: bytes, expected: dict[str, str]) -> None:
    """Read the draft back as a mail client would: each address header must name exactly the
    one address the case file gives, whatever its display name holds."""
    from email import message_from_bytes

    parsed = message_from_bytes(built, policy=policy.default)
    for header, addr in expected.items():
        if not addr:
            continue
        try:
            found = [a.addr_spec for a in parsed[header].addresses]
        except (AttributeError, TypeError, ValueError, IndexError, HeaderParseError):
            found = []
        if found != [header_text(addr)]:
            raise EmlError(
                _("{path}: the {header} header of the e-mail draft would not name {address!r} alone; no draft was made").format(
                    path=case_file.path, header=header, address=addr
                )
            )


def _subject(context: dict[str, Any]) -> str:
    title, case_id, company = context["stage_title"], context["case_id"], context["company"]["name"]
    if chinese(context["lang"]):
        return PHRASES[context["lang"]]["text"]["eml_subject"].format(title=title, case_id=case_id, company=company)
    return f"{title} (case {case_id}, {company})"


def _address(case_file: CaseFile, name: str, addr: str) -> Address:
    """A header address; one the e-mail package cannot parse is a case-file problem, not a crash."""
    try:
        return Address(display_name=_no_encoded_words(header_text(name)), addr_spec=header_text(addr))
    except (ValueError, IndexError, HeaderParseError) as exc:
        raise EmlError(
            _("{path}: {address!r} is not an e-mail address the draft can use ({error})").format(
                path=case_file.path, address=addr, error=exc
            )
        ) from None


#: Everything that must not reach a header as it is: every line break ``str.splitlines``
#: knows (CR, LF, VT, FF, FS, GS, RS, NEL U+0085, LINE SEPARATOR U+2028, PARAGRAPH
#: SEPARATOR U+2029), the other C0/C1 controls, and the invisible format characters that
#: reorder or hide text (bidi overrides such as U+202E make "gnp.exe" look like "exe.png").
_NOT_IN_HEADERS = rx.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+")
#: Characters a file name cannot hold on Windows (and "/" nowhere).
_NOT_IN_NAMES = rx.compile(r'[\\/:*?"<>|]')


def header_text(text: str) -> str:
    """``text`` on one header line: every line break, control and format character folded
    into a space, runs of spaces into one; a name that is not UTF-8 escaped the agreed way."""
    return escaped(" ".join(_NOT_IN_HEADERS.sub(" ", text).split()))


def _no_encoded_words(text: str) -> str:
    """``text`` with no RFC 2047 encoded word in it: a name written ``=?utf-8?q?CEO_=3Cceo=40…?=``
    would be decoded by the reader's mail client into another sender. A zero-width space
    after each ``=`` of ``=?`` (invisible, and not ASCII, so the e-mail package encodes the
    whole name) keeps the text as written on screen and ends the encoded word."""
    return text.replace("=?", "=\u200b?")


def attachment_name(name: str) -> str:
    """A file name every mail client and file system takes: one line, no path separators or
    characters Windows refuses, no leading dot, not a reserved device name, at most 150 characters."""
    clean = _NOT_IN_NAMES.sub("_", header_text(name))
    stem, dot, ext = clean.rpartition(".")
    if not dot or not ext.strip() or " " in ext:
        stem, ext = clean, ""
    stem = stem.strip(" .") or "attachment"  # no hidden file, no name that is only dots
    if stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = "_" + stem
    ext = ext.strip()[:16]
    stem = stem[: 150 - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def _evidence_files(case_file: CaseFile) -> list[tuple[str, Path, int]]:
    """``(attachment name, path, size)`` of every evidence file, refusing any outside the case folder."""
    case = case_file.case
    found = []
    for index, (item, ident) in enumerate(zip(case.evidence, case.evidence_ids())):
        if not item.file:
            continue
        target = case_file.evidence_path(index)
        try:
            size = target.stat().st_size
        except OSError as exc:
            raise case_file.problem(
                ("evidence", index, "file"), _("{file!r} cannot be read ({reason})").format(file=item.file, reason=exc.strerror or exc)
            ) from None
        found.append((f"{ident}-{target.name}", target, size))
    return found


def _read(case_file: CaseFile, path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CaseFileError.single(
            case_file.path, _("{file} cannot be read ({reason})").format(file=path, reason=exc.strerror or exc), field="evidence"
        ) from None


def _mime(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
