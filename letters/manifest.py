"""Batch manifests: one row per case file, as CSV, JSON or JSON lines; shards and their merge.

A manifest is written only to a new name or over a manifest ``letters`` wrote (never over
a case file or anything else of the user's); CSV cells are neutralised against formula
injection, JSON keeps every value exactly. ``letters manifest merge`` joins the manifests
of the shards of one batch (``letters batch --shard I/N``) into the manifest a single run
would have written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from letters.errors import OutputError, UsageError
from letters.locale import _

__all__ = [
    "MANIFEST_COLUMNS",
    "check_manifest_target",
    "csv_line",
    "json_line",
    "manifest_kind",
    "merge_into",
    "merge_manifests",
    "neutralise_cell",
    "parse_shard",
    "read_manifest",
    "restore_cell",
    "shard_of",
    "write_manifest",
    "written_case_id",
]

MANIFEST_COLUMNS = ("file", "case_id", "stage", "status", "outputs", "error", "note", "warnings")

#: Columns whose JSON value is a list (joined in a CSV cell: outputs by ";", warnings one a line).
LIST_COLUMNS = {"outputs": ";", "warnings": "\n"}

# --- shards ---------------------------------------------------------------------------------------


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` → ``(I, N)``: shard I of N, where I counts from 0 (as a Kubernetes indexed Job's
    ``JOB_COMPLETION_INDEX``), so ``0 <= I < N``. Anything else is a :class:`UsageError`."""
    match = re.fullmatch(r"\s*(\d{1,9})\s*/\s*(\d{1,9})\s*", text)
    if match is None:
        raise UsageError(_("--shard takes I/N, e.g. 0/4 (shard I of N, counted from 0), not {value!r}").format(value=text))
    index, count = int(match[1]), int(match[2])
    if count < 1 or index >= count:
        raise UsageError(
            _("--shard {value}: I counts from 0 and must be below N (the shards of 4 are 0/4, 1/4, 2/4 and 3/4)").format(value=text)
        )
    return index, count


def shard_of(key: str, count: int) -> int:
    """The shard (0 … count-1) a case belongs to: the first 8 bytes of SHA-256 of its key
    (its ``case_id``), read big-endian, modulo ``count``. The same on every machine and run."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()[:8], "big") % count


_KEY_END = re.compile(rb"[\"']?[ \t]*:")
_ID_LINE = re.compile(
    rb"case_id:[ \t]*"
    rb"(?:\"([^\"\\\r\n]*)\"|'([^'\r\n]*)'|([^\s\"'#&*!|>%@`{\[][^\r\n]*?))"
    rb"[ \t]*(?:[ \t]#[^\r\n]*)?\r?$"
    rb"(?!\n[ \t]+[^\s#])",  # an indented next line may continue a plain value: parse instead
    re.M,
)
#: What may stand before a top-level ``case_id`` key on its line: nothing, a byte-order mark, a quote.
_KEY_STARTS = (b"", b"\xef\xbb\xbf", b'"', b"'", b'\xef\xbb\xbf"', b"\xef\xbb\xbf'")


def written_case_id(raw: bytes) -> str | None:
    """The ``case_id`` as written on the file's one top-level ``case_id:`` line, without parsing
    the YAML; ``None`` when there is not exactly one such line or its value is not a plain
    or quoted scalar on that line (the caller then parses the file).

    Found with ``bytes.find`` (a regular expression tried at every line start cost a shard
    twice as much per file of the other shards)."""
    lines = []
    at = raw.find(b"case_id")
    while at >= 0:
        start = raw.rfind(b"\n", 0, at) + 1
        if raw[start:at] in _KEY_STARTS and _KEY_END.match(raw, at + 7):
            lines.append((start, at))
        at = raw.find(b"case_id", at + 7)
    if len(lines) != 1:
        return None
    match = _ID_LINE.match(raw, lines[0][1])
    if match is None:
        return None
    value = next(group for group in match.groups() if group is not None)
    try:
        return value.decode("utf-8") or None
    except UnicodeDecodeError:
        return None


# --- what may be replaced -------------------------------------------------------------------------

#: The first bytes of each kind of manifest letters writes.
_CSV_HEADER = ",".join(MANIFEST_COLUMNS)
_HEADS = (
    ("csv", (_CSV_HEADER + "\r\n").encode(), ('"' + '","'.join(MANIFEST_COLUMNS) + '"\r\n').encode()),
    ("json", b'[\n  {"file": ', b"[\n]\n"),
    (
        "jsonl",
        b'{"file": ',
    ),
)


def manifest_kind(name: str | Path) -> str:
    """``csv``, ``json`` or ``jsonl`` (``.jsonl``/``.ndjson``, and ``-``: standard output) from the name."""
    text = str(name)
    if text == "-":
        return "jsonl"
    suffix = Path(text).suffix.lower()
    return {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(suffix, "csv")


def check_manifest_target(path: Path, *, role: str = "--manifest") -> None:
    """Refuse, before anything is made, a manifest name that could destroy the user's data.

    A ``.yaml``/``.yml`` name is a case file's (``--manifest cases/*.yaml`` in a shell puts a
    case file there); an existing file is replaced only when it is a manifest letters wrote
    (recognised by its first bytes) or empty. Anything else (not a regular file) is refused too.
    """
    if path.suffix.lower() in (".yaml", ".yml"):
        raise OutputError(
            path, _("{role} names a case file (.yaml/.yml); a manifest is .csv, .json or .jsonl (choose another name)").format(role=role)
        )
    try:
        info = os.stat(path)
    except OSError:
        return  # nothing there (or nothing we can see): the write itself reports a problem
    if not stat.S_ISREG(info.st_mode) or (info.st_size and not _is_manifest(path)):
        raise OutputError(
            path,
            _("{role} exists and is not a manifest letters wrote; not replaced (choose another name, or move it away first)").format(
                role=role
            ),
        )


def _is_manifest(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        head = os.read(fd, 4096)
    except OSError:
        return False
    finally:
        os.close(fd)
    return any(head.startswith(prefix) for _kind, *prefixes in _HEADS for prefix in prefixes)


# --- writing rows ---------------------------------------------------------------------------------

#: OWASP's rule against formula injection (https://owasp.org/www-community/attacks/CSV_Injection):
#: a cell beginning with =, +, -, @, TAB or CR gets a leading single quote, every cell is
#: quoted and its quotes doubled; ASVS 1.2.10 adds NUL. A cell already beginning with ' gets
#: one more, so that reading a manifest back (``restore_cell``) gives exactly what was written.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0", "'")


def neutralise_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def restore_cell(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def _cells(row: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for column in MANIFEST_COLUMNS:
        value = row.get(column, "")
        if column in LIST_COLUMNS and isinstance(value, list):
            value = LIST_COLUMNS[column].join(value)
        out[column] = str(value)
    return out


def csv_line(row: Mapping[str, Any] | None) -> str:
    """One CSV line (the header for ``None``), every cell neutralised and quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    if row is None:
        writer.writerow(MANIFEST_COLUMNS)
    else:
        writer.writerow([neutralise_cell(value) for value in _cells(row).values()])
    return buffer.getvalue()


def _json_row(row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in MANIFEST_COLUMNS:
        value = row.get(column, [] if column in LIST_COLUMNS else "")
        if column in LIST_COLUMNS and isinstance(value, str):
            value = value.split(LIST_COLUMNS[column]) if value else []
        out[column] = value
    return out


def json_line(row: Mapping[str, Any]) -> str:
    """One row as a JSON object on one line, values exactly as they are (lists as lists)."""
    return json.dumps(_json_row(row), ensure_ascii=False)


class ManifestWriter:
    """Rows of one manifest, as text, in the kind ``kind``: call :meth:`head`, :meth:`row` for each, :meth:`tail`."""

    def __init__(self, kind: str):
        self.kind = kind
        self.count = 0

    def head(self) -> str:
        return {"csv": csv_line(None), "json": "["}.get(self.kind, "")

    def row(self, row: Mapping[str, Any]) -> str:
        self.count += 1
        if self.kind == "csv":
            return csv_line(row)
        if self.kind == "json":
            return ("," if self.count > 1 else "") + "\n  " + json_line(row)
        return json_line(row) + "\n"

    def tail(self) -> str:
        return "\n]\n" if self.kind == "json" else ""


# --- reading and merging --------------------------------------------------------------------------


def read_manifest(name: str, stream: IO[str]) -> list[dict[str, Any]]:
    """The rows of a manifest letters wrote (CSV, JSON or JSON lines, told apart by their
    first character), each with every column, lists as lists. ``name`` is for messages."""
    text = stream.read()
    start = text.lstrip()[:1]
    try:
        if start == "[":
            rows = json.loads(text)
            if not isinstance(rows, list):
                raise ValueError
        elif start == "{":
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        elif not start:
            rows = []
        else:
            reader = csv.reader(io.StringIO(text, newline=""))
            header = next(reader, None)
            if header is None or tuple(header) != MANIFEST_COLUMNS:
                raise ValueError
            rows = []
            for cells in reader:
                if len(cells) != len(MANIFEST_COLUMNS):
                    raise ValueError
                rows.append(_json_row(dict(zip(MANIFEST_COLUMNS, (restore_cell(c) for c in cells)))))
    except (ValueError, csv.Error) as exc:
        raise OutputError(
            name,
            _("is not a manifest letters wrote (CSV, JSON or JSON lines with the columns {columns})").format(
                columns=", ".join(MANIFEST_COLUMNS)
            ),
        ) from exc
    for row in rows:
        if not isinstance(row, dict) or set(row) != set(MANIFEST_COLUMNS):
            raise OutputError(
                name,
                _("is not a manifest letters wrote (CSV, JSON or JSON lines with the columns {columns})").format(
                    columns=", ".join(MANIFEST_COLUMNS)
                ),
            )
    return [_json_row(row) for row in rows]


def _order(row: Mapping[str, Any]) -> tuple[str, ...]:
    """A batch's order over a folder: its files by their path, part by part (``_cases_in``)."""
    return Path(str(row["file"])).parts


def merge_manifests(sources: Sequence[tuple[str, Sequence[Mapping[str, Any]]]]) -> list[dict[str, Any]]:
    """The rows of the shards' manifests as one run over the same folder would list them.

    ``sources`` are ``(name, rows)``. A case file listed by two manifests is refused: the
    shards of one batch never share a file (two runs of one shard are merged by running it again).
    """
    seen: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for name, found in sources:
        for row in found:
            file = str(row["file"])
            if file in seen:
                raise OutputError(
                    name,
                    _(
                        "{file} is in {other} too; the shards of one batch never share a case file (merge each shard's manifest once)"
                    ).format(file=file, other=seen[file]),
                )
            seen[file] = name
            rows.append(_json_row(row))
    rows.sort(key=_order)
    return rows


def write_manifest(rows: Iterable[Mapping[str, Any]], kind: str) -> Iterator[str]:
    """The text of a manifest of ``kind`` holding ``rows``, in pieces."""
    writer = ManifestWriter(kind)
    yield writer.head()
    for row in rows:
        yield writer.row(row)
    yield writer.tail()


def merge_into(names: Sequence[str], output: str, *, stdin: IO[str], stdout: IO[str]) -> int:
    """``letters manifest merge``: read every manifest (``-``: ``stdin``), write the merged one
    to ``output`` (``-``: JSON lines on ``stdout``); returns the number of rows."""
    from letters.fsio import AtomicFile
    from letters.paths import ESCAPE

    if output != "-":
        check_manifest_target(Path(output), role="-o")
    sources = []
    for name in names:
        if name == "-":
            sources.append((name, read_manifest(name, stdin)))
            continue
        try:
            with open(name, encoding="utf-8", newline="") as stream:
                sources.append((name, read_manifest(name, stream)))
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise OutputError(name, _("cannot be read ({reason})").format(reason=reason)) from None
    rows = merge_manifests(sources)
    if output == "-":
        for piece in write_manifest(rows, "jsonl"):
            stdout.write(piece)
        return len(rows)
    target = AtomicFile(Path(output), errors=ESCAPE)
    try:
        for piece in write_manifest(rows, manifest_kind(output)):
            target.write(piece)
    except BaseException:
        target.abandon()
        raise
    target.commit()
    return len(rows)
