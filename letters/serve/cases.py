"""What the pages show of the case files in the served folder, read through the same pipeline.

Nothing here keeps state: every page reads the case file again (a file edited in an
editor while the page is open shows its new content, or its errors, on the next load).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letters.batch.discover import CASE_SUFFIXES
from letters.casefile.load import CaseFile, load_case
from letters.errors import LettersError
from letters.locale import _, ngettext
from letters.paths import UnsafePathError, resolve_inside
from letters.phrasebook import PHRASES, format_date

__all__ = [
    "MAX_UPLOAD",
    "CaseRow",
    "UploadError",
    "case_path",
    "due_words",
    "list_cases",
    "preview",
    "save_upload",
    "stage_name",
]

#: The largest evidence file the page takes (a long screen recording is bigger: keep it beside the case by hand).
MAX_UPLOAD = 25 * 1024 * 1024
#: Uploaded evidence goes here, inside the served folder.
EVIDENCE_DIR = "evidence"
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


class NoSuchCase(LookupError):
    """The name is not a case file in the served folder."""


@dataclass
class CaseRow:
    """One case file as the list of cases shows it."""

    name: str
    case_file: CaseFile | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    due: str = ""
    overdue: bool = False


def case_path(folder: Path, name: str) -> Path:
    """The case file ``name`` (a file name, no folders) inside ``folder``; :class:`NoSuchCase` otherwise."""
    if "/" in name or "\\" in name or not name.lower().endswith(CASE_SUFFIXES) or name.startswith("."):
        raise NoSuchCase(name)
    try:
        path = resolve_inside(folder, name)
    except (UnsafePathError, OSError):
        raise NoSuchCase(name) from None
    if not path.is_file():
        raise NoSuchCase(name)
    return path


def case_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix.lower() in CASE_SUFFIXES and p.is_file() and not p.name.startswith("."))


def stage_name(stage: str | None, lang: str) -> str:
    return PHRASES[lang]["stage"].get(stage or "", stage or "")


def due_words(case_file: CaseFile, on: dt.date, lang: str) -> tuple[str, bool]:
    """What is due next and when, in words (``overdue by 3 days``), and whether it is overdue."""
    from letters.plan.stages import case_status

    status = case_status(case_file.case, on)
    if status.next_stage is None or status.due is None:
        return status.reason, False
    stage = stage_name(status.next_stage, lang)
    when = format_date(status.due, lang)
    if status.due > on:
        left = (status.due - on).days
        return _("{stage}: due on {date} (in {days})").format(
            stage=stage, date=when, days=ngettext("{n} day", "{n} days", left).format(n=left)
        ), False
    late = status.overdue_days
    if late == 0:
        return _("{stage}: due today").format(stage=stage), False
    return _("{stage}: due since {date}, overdue by {days}").format(
        stage=stage, date=when, days=ngettext("{n} day", "{n} days", late).format(n=late)
    ), True


def list_cases(folder: Path, on: dt.date, lang: str) -> list[CaseRow]:
    """Every case file in ``folder``: what is due, its warnings, or the errors that stop it."""
    from letters.pipeline import case_warnings, letter_warnings
    from letters.plan.jurisdiction import check_jurisdiction
    from letters.plan.stages import case_status

    rows = []
    for name in case_names(folder):
        row = CaseRow(name)
        try:
            case_file = load_case(folder / name, on=on)
            check_jurisdiction(case_file)
            row.case_file = case_file
            row.due, row.overdue = due_words(case_file, on, lang)
            row.warnings = case_warnings(case_file)
            status = case_status(case_file.case, on)
            if status.next_stage and status.is_due:
                row.warnings += letter_warnings(case_file, status.next_stage, on)
        except LettersError as exc:
            row.errors = [line for line in str(exc).splitlines() if line]
        rows.append(row)
    return rows


def preview(case_file: CaseFile, stage: str, on: dt.date) -> tuple[list[list[str]], list[str]]:
    """The stage's letter as paragraphs of lines (the plain-text letter, from the same view model), and its warnings."""
    from letters.pipeline import render_letters

    letter = render_letters(case_file, stage=stage, formats=("txt",), on=on)
    text = letter.files["txt"].decode("utf-8")
    paragraphs = [block.split("\n") for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    return paragraphs, letter.warnings


def letter_file(case_file: CaseFile, stage: str, fmt: str, on: dt.date) -> tuple[str, bytes]:
    """One format of the stage's letter, made in memory as ``letters generate`` makes it: (file name, bytes)."""
    from letters.output import check_file_name
    from letters.pipeline import add_derived, formats_to_render, render_letters

    letter = render_letters(case_file, stage=stage, formats=formats_to_render((fmt,)), on=on)
    problem = add_derived([(letter, case_file)], (fmt,))
    if problem is not None:
        raise problem
    name = check_file_name(".", stage, fmt)
    return f"{case_file.case.case_id}-{name}", letter.files[fmt]


class UploadError(ValueError):
    """An upload refused: too large, a name that cannot be kept, or one that cannot be written."""


def upload_name(raw: str) -> str:
    """The name an uploaded file is kept under, or :class:`UploadError` saying why it cannot be."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if not name or name in (".", ".."):
        raise UploadError(_("the file has no name"))
    if name.startswith("."):
        raise UploadError(_("a file name may not start with a dot"))
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name) or any(ch in name for ch in '<>:"|?*'):
        raise UploadError(_('the file name has characters that cannot be kept on every system (< > : " | ? * or control characters)'))
    if len(name.encode("utf-8")) > 200:
        raise UploadError(_("the file name is too long (at most 200 bytes)"))
    if _WINDOWS_RESERVED.match(name) or name.endswith((".", " ")):
        raise UploadError(_("{name} cannot name a file on every system; rename it").format(name=name))
    return name


def save_upload(folder: Path, raw_name: str, data: bytes) -> tuple[str, str]:
    """Keep ``data`` as ``evidence/<name>`` in ``folder`` (never over an existing file: ``name-2``…).

    Returns the path relative to the folder and the SHA-256 of the bytes.
    """
    from letters.errors import OutputExistsError
    from letters.fsio import write_atomic

    if len(data) > MAX_UPLOAD:
        raise UploadError(_("the file is larger than {limit} MB").format(limit=MAX_UPLOAD // (1024 * 1024)))
    if not data:
        raise UploadError(_("the file is empty"))
    name = upload_name(raw_name)
    stem, dot, suffix = name.rpartition(".")
    if not stem:
        stem, dot, suffix = name, "", ""
    for number in range(1, 100):
        candidate = name if number == 1 else f"{stem}-{number}{dot}{suffix}"
        relative = f"{EVIDENCE_DIR}/{candidate}"
        try:
            target = resolve_inside(folder, relative)
        except (UnsafePathError, OSError) as exc:
            raise UploadError(str(exc)) from None
        if target.exists() or target.is_symlink():
            continue
        target.parent.mkdir(exist_ok=True)
        try:
            write_atomic(target, data, force=False, mode=0o600)
        except OutputExistsError:
            continue
        except LettersError as exc:
            raise UploadError(str(exc)) from None
        return relative, hashlib.sha256(data).hexdigest()
    raise UploadError(_("too many files named {name} already").format(name=name))


def contact_rows(case_file: CaseFile, lang: str) -> list[dict[str, Any]]:
    """The log in the file's order (its numbers are ``letters log --amend N``), each with what came of it."""
    from letters.plan.stages import chronology, contact_outcome

    contacts = chronology(case_file.case)
    rows = []
    for number, contact in enumerate(case_file.case.contacts, 1):
        outcome = contact_outcome(contact, contacts)
        row: dict[str, Any] = {
            "number": number,
            "date": format_date(contact.date, lang),
            "iso": contact.date.isoformat(),
            "kind": PHRASES[lang]["contact"].get(contact.kind.value, contact.kind.value),
            "channel": contact.channel or "",
            "reference": contact.reference or "",
            "summary": contact.summary or "",
            "outcome": PHRASES[lang]["outcome"].get(outcome, outcome) if outcome else "",
        }
        for key in ("promise", "promise_by", "kept", "final"):
            value = getattr(contact, key, None)
            row[key] = format_date(value, lang) if isinstance(value, dt.date) else value
        rows.append(row)
    return rows
