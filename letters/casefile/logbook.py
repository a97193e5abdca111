"""Appending to a case's ``contacts`` log without disturbing anything else in the file.

The user's file is theirs: comments, key order, quoting and indentation stay exactly as
written. So the new entry is spliced in as text at the end of the ``contacts`` list (in
the list's own indentation) rather than re-serialising the whole document; only when the
file's layout leaves no clear place for it (a flow-style mapping, an alias…) is the
document round-tripped through ruamel.yaml instead. Either way the new text must
validate, and must hold exactly the old case plus the new contact, before it replaces the
file; otherwise the file is left byte for byte as it was. A lock makes concurrent
``letters log`` runs queue instead of losing each other's entries.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from letters.casefile.load import CaseFile, parse_case_text, read_case_bytes
from letters.casefile.model import Case, Contact
from letters.casefile.pydantic_text import error_message
from letters.errors import CaseFileError, FileBusyError, LogError, OutputError, Problem, field_path
from letters.fsio import locked, write_atomic
from letters.locale import _

__all__ = ["AMENDABLE", "LOCK_TIMEOUT", "Upgrade", "add_evidence", "amend_contact", "append_contact", "record_stage_sent", "upgrade_case"]

#: Seconds to wait for another ``letters log`` on the same file before giving up.
LOCK_TIMEOUT = 60.0


def append_contact(
    case_path: str | Path,
    *,
    kind: str,
    date: dt.date,
    channel: str | None = None,
    reference: str | None = None,
    summary: str | None = None,
    satisfactory: bool | None = None,
    promise: str | None = None,
    promise_by: dt.date | None = None,
    final: bool | None = None,
    on: dt.date | None = None,
) -> CaseFile:
    """Add one contact to the case file's log; returns the case as now saved.

    ``on`` stands in for today: an entry dated later, or one the record cannot have
    (:mod:`letters.casefile.record`), is refused and the file is left as it was.
    """
    entry: dict[str, Any] = {"date": date, "kind": kind}
    optional: dict[str, object] = {"channel": channel, "reference": reference, "summary": summary, "satisfactory": satisfactory}
    optional |= {"promise": promise, "promise_by": promise_by, "final": final or None}
    entry |= {key: value for key, value in optional.items() if value is not None}
    saved = _append(Path(case_path), lambda _case: entry, on)
    assert saved is not None
    return saved


def record_stage_sent(case_path: str | Path, stage: str, on: dt.date, *, channel: str | None = None, reference: str | None = None) -> bool:
    """Log a stage's letter as sent on ``on``; ``False`` when that is already logged."""
    from letters.casefile.model import STAGE_CONTACT_KIND
    from letters.phrasebook import PHRASES

    kind = STAGE_CONTACT_KIND[stage]

    def entry_for(case: Case) -> dict[str, Any] | None:
        if any(c.kind is kind and c.date == on for c in case.contacts):
            return None
        entry: dict[str, Any] = {"date": on, "kind": kind.value}
        entry.update({k: v for k, v in (("channel", channel), ("reference", reference)) if v})
        entry["summary"] = PHRASES[case.language]["stage"][stage]
        return entry

    return _append(Path(case_path), entry_for, on) is not None


def _append(path: Path, entry_for: Callable[[Case], dict[str, Any] | None], on: dt.date | None = None) -> CaseFile | None:
    """Under the lock: read and check the file once, ask ``entry_for`` what to add (``None``:
    nothing), and replace the file with the checked result."""
    with _locked(path):
        raw = read_case_bytes(path)
        old = parse_case_text(raw, path, on=on)  # a broken file is refused before anything is touched
        entry = entry_for(old.case)
        if entry is None:
            return None
        new_contact = _validated_entry(entry, path, len(old.case.contacts))
        _check_in_record(old, new_contact, on)
        text = raw.decode("utf-8-sig")
        new_text, saved = _appended(text, entry, old, new_contact, on)
        if raw.startswith(b"\xef\xbb\xbf"):
            new_text = "\ufeff" + new_text
        _replace_keeping_mode(path, new_text.encode("utf-8"))
    return saved


def _validated_entry(entry: dict[str, Any], path: Path, index: int) -> Contact:
    from pydantic import ValidationError

    try:
        return Contact.model_validate({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in entry.items()})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = field_path(("contacts", index, *err["loc"]))
            problems.append(Problem(str(path), None, field, error_message(err) + _("; nothing was written")))
        raise CaseFileError(problems) from None


def _check_in_record(old: CaseFile, contact: Contact, on: dt.date | None) -> None:
    """The record with the entry must still be one that can have happened (the load-time check)."""
    _check_changed_record(old, old.case.model_copy(update={"contacts": [*old.case.contacts, contact]}), on)


def _check_changed_record(old: CaseFile, case: Case, on: dt.date | None) -> None:
    """Refuse ``case`` (``old`` with its log changed) if its record cannot have happened; nothing is written."""
    from letters.casefile.record import record_problems

    # --on stands in for today, but never later than today: a contact logged in the future
    # would make every later command without --on refuse the file.
    found = record_problems(case, min(on or dt.date.today(), dt.date.today()), today_is="today")
    if found:
        known = len(old.case.contacts)
        new = {("contacts", index, "date") for index in range(known, len(case.contacts))}  # not in the file yet
        lines = [old.lines.get(("contacts",)) if p.loc in new else old.line_of(p.loc) for p in found]
        raise CaseFileError(
            [Problem(str(old.path), line, field_path(p.loc), p.message + _("; nothing was written")) for p, line in zip(found, lines)]
        )


# --- where the entry goes -------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Columns of the list's dash and of the item keys, e.g. ``  - date:`` → (2, 4)."""

    dash: int
    key: int


def _appended(text: str, entry: dict[str, Any], old: CaseFile, contact: Contact, on: dt.date | None) -> tuple[str, CaseFile]:
    """The file's text with the entry added, and the case it holds: exactly old case + contact."""
    expected = old.case.model_copy(update={"contacts": [*old.case.contacts, contact]})
    for build in (_spliced, _round_tripped):
        try:
            candidate = build(text, entry)
        except (yaml.YAMLError, ValueError, LookupError):
            continue
        if candidate is None:
            continue
        try:
            saved = parse_case_text(candidate, old.path, on=on)
        except CaseFileError:
            continue
        if saved.case == expected:
            return candidate, saved
    raise LogError(
        _(
            "{path}: contacts: cannot add the entry safely to this file's layout; nothing was written. Add it by hand under contacts:"
        ).format(path=old.path)
        + "\n"
        + _item_text(entry, _Layout(2, 4), flow=False, newline=chr(10))
    )


def _spliced(text: str, entry: dict[str, Any], list_key: str = "contacts") -> str | None:
    from letters.casefile.fullyaml import yaml_tree

    root = yaml_tree(text)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    found = [(k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == list_key]
    if not found:
        layout = _layout_of(text, _sequences(root)) or _Layout(root.start_mark.column + 2, root.start_mark.column + 4)
        key = " " * root.start_mark.column + list_key + ":" + newline
        return _insert(text, len(text), key + _item_text(entry, layout, flow=False, newline=newline), newline)
    key_node, value = found[0]
    if isinstance(value, yaml.SequenceNode) and value.value:
        if value.flow_style:
            close = value.end_mark.index - 1
            if text[close] != "]":
                return None
            return text[:close] + ", " + _item_text(entry, None, flow=True, newline=newline) + text[close:]
        block = _layout_of(text, [value])
        if block is None:
            return None
        end = _deepest_end(value.value[-1])
        at = _line_end_after(text, len(text[:end].rstrip()))  # a block scalar's end swallows blank lines
        return _insert(text, at, _item_text(entry, block, flow=False, newline=newline), newline)
    if isinstance(value, yaml.SequenceNode):  # ``contacts: []``: drop the brackets, keep the comment
        if value.start_mark.line == key_node.start_mark.line:  # blank it out so a comment keeps its column
            start, end = value.start_mark.index, value.end_mark.index
            text = _tidy_key_line(text[:start] + " " * (end - start) + text[end:], key_node.start_mark.line)
        layout = _layout_of(text, _sequences(root)) or _Layout(key_node.start_mark.column + 2, key_node.start_mark.column + 4)
        at = _after_key_comments(text, key_node.start_mark.line, key_node.start_mark.column)
        return _insert(text, at, _item_text(entry, layout, flow=False, newline=newline), newline)
    return None


def _insert(text: str, at: int, lines: str, newline: str) -> str:
    """Insert whole lines at ``at``, starting a new line first if ``at`` ends an unterminated one."""
    if at > 0 and text[at - 1] != "\n":
        lines = newline + lines
    return text[:at] + lines + text[at:]


def _round_tripped(text: str, entry: dict[str, Any], list_key: str = "contacts") -> str:
    """Fallback: let ruamel.yaml rewrite the document (comments kept, layout normalised)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def append(data: Any) -> None:
        contacts = data.get(list_key)
        if not isinstance(contacts, list):
            contacts = CommentedSeq()
            data[list_key] = contacts
        item = CommentedMap()
        for key, value in entry.items():
            item[key] = value.isoformat() if isinstance(value, dt.date) else value
        contacts.append(item)

    return _round_trip(text, append)


def _round_trip(text: str, edit: Callable[[Any], None]) -> str:
    """``text`` loaded by ruamel.yaml with its own indentation, changed by ``edit``, dumped again."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, block_seq_indent = load_yaml_guess_indent(text)
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=indent or 2, sequence=(indent or 2) + (block_seq_indent or 0), offset=block_seq_indent or 0)
    data = rt.load(text)
    edit(data)
    buffer = io.StringIO()
    rt.dump(data, buffer)
    return buffer.getvalue()


class _Dumper(yaml.SafeDumper):
    """Multi-line text as a ``|`` block, the way people write it by hand."""


#: Line breaks YAML knows besides LF (NEL, LINE and PARAGRAPH SEPARATOR): PyYAML would write
#: them raw, folded into a space when read back, so text holding one is double-quoted
#: (written ``\N``, ``\L``, ``\P``) and reads back exactly.
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")


def _style(value: str) -> str | None:
    if any(brk in value for brk in _YAML_BREAKS):
        return '"'
    return "|" if "\n" in value else None


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style=_style(value)))


def _item_text(entry: dict[str, Any], layout: _Layout | None, *, flow: bool, newline: str) -> str:
    """The entry as YAML the case loader reads back exactly (PyYAML quotes ``'007'``, ``'yes'``)."""
    if flow:
        return yaml.dump(entry, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=True, width=1 << 20).strip()
    assert layout is not None
    dumped = yaml.dump([entry], Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1 << 20)
    lines = dumped.rstrip("\n").split("\n")  # YAML's own lines (str.splitlines also breaks at NEL)
    first = " " * layout.dash + "-" + " " * (layout.key - layout.dash - 1) + lines[0][2:]
    rest = [" " * (layout.key - 2) + line if line.strip() else line for line in lines[1:]]
    return newline.join([first, *rest]) + newline


def _sequences(node: yaml.Node) -> list[yaml.SequenceNode]:
    """Every block sequence in the document, to copy the user's list indentation."""
    found: list[yaml.SequenceNode] = []
    if isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            found += _sequences(value)
    elif isinstance(node, yaml.SequenceNode):
        if not node.flow_style and node.value:
            found.append(node)
        for item in node.value:
            found += _sequences(item)
    return found


def _layout_of(text: str, sequences: list[yaml.SequenceNode]) -> _Layout | None:
    for seq in sequences:
        item = seq.value[0]
        if not isinstance(item, yaml.MappingNode) or item.flow_style or not item.value:
            continue
        key = item.value[0][0].start_mark
        line = text.splitlines()[key.line]
        dash = line.rfind("-", 0, key.column)
        if dash >= 0 and not line[:dash].strip():
            return _Layout(dash, key.column)
    return None


def _deepest_end(node: yaml.Node) -> int:
    """Where the last value written in ``node`` ends (block collections end after comments)."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _deepest_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _deepest_end(node.value[-1])
    return node.end_mark.index


def _line_end_after(text: str, index: int) -> int:
    """Start of the line after the one ``index`` is on."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _tidy_key_line(text: str, line_no: int) -> str:
    """``contacts:   # note`` stays; ``contacts: `` loses its trailing space."""
    lines = text.splitlines(keepends=True)
    body = lines[line_no].rstrip("\r\n")
    if "#" not in body:
        lines[line_no] = body.rstrip() + lines[line_no][len(body) :]
    return "".join(lines)


def _after_key_comments(text: str, line_no: int, column: int) -> int:
    """After the key's line and the comment lines indented under it (they explain the key)."""
    lines = text.splitlines(keepends=True)
    if line_no >= len(lines):
        return len(text)
    end = line_no + 1
    while end < len(lines):
        stripped = lines[end].lstrip(" ")
        indent = len(lines[end]) - len(stripped)
        if not (stripped.startswith("#") and indent > column):
            break
        end += 1
    return sum(len(line) for line in lines[:end])


# --- reading, locking, writing --------------------------------------------------------


def _locked(path: Path) -> Any:
    """An inter-process lock for this case file: on the folder that holds it (links followed).

    Beside the file, not in the user's cache: two runs under different homes or cache
    folders (cron, sudo, another account) must take the same lock. The folder, not the
    file, because each write replaces the file by a rename (a new inode) and leaves no
    lock file behind in the user's folder.
    """
    return _busy_is_an_error(Path(os.path.realpath(path)).parent, path)


@contextlib.contextmanager
def _busy_is_an_error(lock: Path, path: Path) -> Iterator[None]:
    """:func:`letters.fsio.locked`, its timeout a user-facing error."""
    try:
        with locked(lock, timeout=LOCK_TIMEOUT):
            yield
    except TimeoutError:
        raise FileBusyError(
            _("{path}: another letters command has been writing this file for {seconds:.0f} s; try again").format(
                path=path, seconds=LOCK_TIMEOUT
            )
        ) from None


def _replace_keeping_mode(path: Path, data: bytes) -> None:
    """Replace the case file (links followed) in one rename, keeping its permission bits."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError as exc:
        raise OutputError(path, _("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None
    try:
        write_atomic(target, data, force=True, mode=mode)
    except OutputError as exc:
        raise OutputError(path, _("{reason}; the file was not changed").format(reason=exc.reason)) from None


# --- amending an entry already in the log ----------------------------------------------

#: What ``letters log --amend`` may change in an entry.
AMENDABLE = ("date", "channel", "reference", "summary", "satisfactory", "promise", "promise_by", "kept", "final")


def amend_contact(case_path: str | Path, which: int | str, changes: dict[str, Any], *, on: dt.date | None = None) -> tuple[CaseFile, int]:
    """Change fields of one entry of the log in place (``which``: its number from 1, or ``"last"``).

    Values are replaced where they are written and missing keys are added under the
    entry, so comments and layout stay; the result must hold exactly the old case with
    that entry changed, or the file is left as it was. Returns the saved case and the
    entry's index. ``on`` stands in for today (``--on``), as when the entry was logged.
    """
    path = Path(case_path)
    changes = {k: v for k, v in changes.items() if v is not None}
    unknown = sorted(set(changes) - set(AMENDABLE))
    if unknown or not changes:
        raise LogError(_("{path}: contacts: give what to change ({fields})").format(path=path, fields=", ".join(AMENDABLE)))
    with _locked(path):
        raw = read_case_bytes(path)
        old = parse_case_text(raw, path, on=on)
        index = _entry_index(path, which, len(old.case.contacts))
        current = old.case.contacts[index].model_dump(mode="python", exclude_none=True)
        entry = {**current, **changes}
        amended = _validated_entry(entry, path, index)
        expected = old.case.model_copy(update={"contacts": [*old.case.contacts[:index], amended, *old.case.contacts[index + 1 :]]})
        _check_changed_record(old, expected, on)
        text = raw.decode("utf-8-sig")
        found = _first_exact(text, index, changes, expected, path, on)
        if found is None:
            raise LogError(
                _("{path}: contacts[{index}]: cannot change this entry safely in this file's layout; nothing was written").format(
                    path=path, index=index
                )
            )
        candidate, saved = found
        if raw.startswith(b"\xef\xbb\xbf"):
            candidate = "\ufeff" + candidate
        _replace_keeping_mode(path, candidate.encode("utf-8"))
    return saved, index


def _first_exact(
    text: str, index: int, changes: dict[str, Any], expected: Case, path: Path, on: dt.date | None
) -> tuple[str, CaseFile] | None:
    """The edited text (in place first, else round-tripped) that holds exactly ``expected``."""
    for build in (_amended_in_place, _amended_round_trip):
        try:
            candidate = build(text, index, changes)
            if candidate is None:
                continue
            saved = parse_case_text(candidate, path, on=on)
        except (yaml.YAMLError, ValueError, LookupError, CaseFileError):
            continue
        if saved.case == expected:
            return candidate, saved
    return None


def _entry_index(path: Path, which: int | str, count: int) -> int:
    if count == 0:
        raise LogError(_("{path}: contacts: the log is empty; add an entry with letters log {path} --kind K --date D").format(path=path))
    if str(which).lower() == "last":
        return count - 1
    number = int(which)
    if not 1 <= number <= count:
        raise LogError(
            _("{path}: contacts: there is no entry {number}; the log has {count} (1 to {count}, or last)").format(
                path=path, number=number, count=count
            )
        )
    return number - 1


def _scalar_text(value: Any) -> str | None:
    """One value as a single-line YAML scalar the loader reads back exactly; ``None`` if it needs more lines."""
    if isinstance(value, dt.date):
        value = value.isoformat()
    dumped = yaml.dump({"k": value}, Dumper=_Dumper, allow_unicode=True, default_flow_style=False, width=1 << 20)
    body = dumped[len("k: ") :].rstrip("\n")
    return None if "\n" in body else body


def _amended_in_place(text: str, index: int, changes: dict[str, Any]) -> str | None:
    """Each changed value replaced where it is written; new keys added as lines under the entry."""
    from letters.casefile.fullyaml import yaml_tree

    root = yaml_tree(text)
    if not isinstance(root, yaml.MappingNode):
        return None
    seq = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "contacts"), None)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
        return None
    item = seq.value[index]
    if not isinstance(item, yaml.MappingNode) or item.flow_style or not item.value:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, int, str]] = []
    added: list[str] = []
    column = item.value[0][0].start_mark.column
    written = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
    for key, value in changes.items():
        node = written.get(key)
        scalar = _scalar_text(value)
        if node is not None:
            one_line = (
                isinstance(node, yaml.ScalarNode)
                and (node.style or None) in (None, "'", '"')
                and node.start_mark.line == node.end_mark.line
            )
            if scalar is None or not one_line:
                return None
            edits.append((node.start_mark.index, node.end_mark.index, scalar))
        else:
            lines = yaml.dump(
                {key: value.isoformat() if isinstance(value, dt.date) else value},
                Dumper=_Dumper,
                allow_unicode=True,
                default_flow_style=False,
                width=1 << 20,
            ).splitlines()
            added.append(newline.join(" " * column + line if line.strip() else line for line in lines) + newline)
    if added:
        end = _deepest_end(item)
        at = _line_end_after(text, len(text[:end].rstrip()))
        edits.append((at, at, ("" if text[at - 1 : at] == "\n" else newline) + "".join(added)))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _amended_round_trip(text: str, index: int, changes: dict[str, Any]) -> str:
    """Fallback: ruamel.yaml rewrites the document (comments kept, layout normalised)."""

    def amend(data: Any) -> None:
        item = data["contacts"][index]
        for key, value in changes.items():
            item[key] = value.isoformat() if isinstance(value, dt.date) else value

    return _round_trip(text, amend)


# --- version 1 → version 2 ------------------------------------------------------------


@dataclass(frozen=True)
class Upgrade:
    """What ``letters upgrade`` changed (or, with ``check``, would change) in one case file."""

    path: Path
    changes: list[str]
    written: bool


def upgrade_case(case_path: str | Path, *, check: bool = False) -> Upgrade:
    """Rewrite a version 1 case file as version 2 in place, every implied default made explicit.

    The one staff member becomes the list's entry ``S1``; each incident lists the staff it
    involved (``staff: [S1]``, or ``staff: []`` where it said ``staff_involved: false``); losses
    get their ids and the demand whose sum they made lists them. Comments and key order are
    kept; the result must load as version 2 and mean exactly what the old file meant, or
    nothing is written. A version 2 file is left alone, so running it twice changes nothing.
    ``check`` lists the changes without writing.
    """
    path = Path(case_path)
    with _locked(path):
        raw = read_case_bytes(path)
        old = parse_case_text(raw, path, on=dt.date.max)
        if old.case.version >= 2:
            return Upgrade(path, [], written=False)
        text = raw.decode("utf-8-sig")
        edited = _upgraded_in_place(text, old.case)
        if edited is None:  # a layout text edits cannot follow (flow style…): ruamel rewrites it
            changes: list[str] = []
            new_text = _round_trip(text, lambda data: changes.extend(_to_version_2(data, old.case)))
        else:
            new_text, changes = edited
        try:
            new = parse_case_text(new_text, path, on=dt.date.max)
        except CaseFileError:
            new = None
        if new is None or _meaning(new.case) != _meaning(old.case):
            raise LogError(_("{path}: cannot be upgraded without changing what it says; nothing was written").format(path=path))
        if not check:
            if raw.startswith(b"\xef\xbb\xbf"):
                new_text = "\ufeff" + new_text
            _replace_keeping_mode(path, new_text.encode("utf-8"))
    return Upgrade(path, changes, written=not check)


def _upgraded_in_place(text: str, case: Case) -> tuple[str, list[str]] | None:
    """The version 2 text as edits of the user's own lines (layout and comments untouched), or
    ``None`` where a part is written in a style the edits cannot follow."""
    from letters.casefile.fullyaml import yaml_tree

    root = yaml_tree(text)
    if not isinstance(root, yaml.MappingNode):
        return None
    top = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    version = top.get("version")
    if not isinstance(version, yaml.ScalarNode):
        return None
    edits = _LineEdits(text, case)
    edits.edits.append((version.start_mark.index, version.end_mark.index, "2"))
    incidents, losses, demands = (_block_items(top.get(name)) for name in ("incidents", "losses", "demands"))
    if incidents is None or losses is None or demands is None or not edits.staff(top.get("staff")):
        return None
    edits.incidents(incidents)
    edits.losses(losses)
    edits.demands(demands)
    for start, end, replacement in sorted(edits.edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, edits.changes


def _block_items(node: yaml.Node | None) -> list[yaml.MappingNode] | None:
    """The entries of a block list of block mappings (``[]`` when absent); ``None`` for any other style."""
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or node.flow_style:
        return None
    items = [item for item in node.value if isinstance(item, yaml.MappingNode) and not item.flow_style and item.value]
    return items if len(items) == len(node.value) else None


class _LineEdits:
    """The edits that make a version 1 text version 2, each ``(start, end, replacement)``
    in the text, and the changes they make, worded for the user."""

    def __init__(self, text: str, case: Case):
        self.text, self.case = text, case
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[tuple[int, int, str]] = []
        self.changes = [_("version: 1 → 2")]
        self.key = case.staff_keys()[0] if case.staff else "S1"

    def add_line(self, item: yaml.MappingNode, line: str) -> None:
        """``line`` as the last key of the block mapping ``item``, at its indentation."""
        text = self.text
        at = _line_end_after(text, len(text[: _deepest_end(item)].rstrip()))
        column = item.value[0][0].start_mark.column
        self.edits.append((at, at, ("" if text[at - 1 : at] == "\n" else self.newline) + " " * column + line + self.newline))

    def staff(self, staff: yaml.Node | None) -> bool:
        """The staff mapping as the first entry of a list; ``False`` when written in flow style or empty."""
        if not isinstance(staff, yaml.MappingNode):
            return True
        if staff.flow_style or not staff.value:
            return False
        first = staff.value[0][0].start_mark
        start = first.index - first.column
        end = _line_end_after(self.text, len(self.text[: _deepest_end(staff)].rstrip()))
        body = "".join("  " + line if line.strip() else line for line in self.text[start:end].splitlines(keepends=True))
        self.edits.append((start, end, " " * first.column + "- key: " + self.key + self.newline + body))
        self.changes.append(_("staff: the staff member is now the first entry of a list, key {key}").format(key=self.key))
        return True

    def incidents(self, incidents: list[yaml.MappingNode]) -> None:
        """``staff: [S1]`` (or ``[]`` for ``staff_involved: false``) on each incident without one."""
        for index, item in enumerate(incidents):
            written = {k.value: (k, v) for k, v in item.value if isinstance(k, yaml.ScalarNode)}
            if "staff" in written:
                continue
            involved = self.case.incidents[index].staff_involved is not False
            listed = f"[{self.key}]" if involved else "[]"
            if "staff_involved" in written:
                k, v = written["staff_involved"]
                self.edits.append((k.start_mark.index, v.end_mark.index, "staff: " + listed))
            else:
                self.add_line(item, "staff: " + listed)
            if involved:
                self.changes.append(_("incidents[{index}].staff: {staff} (the staff member was implied)").format(index=index, staff=listed))
            else:
                self.changes.append(_("incidents[{index}].staff: {staff} (was staff_involved: false)").format(index=index, staff=listed))

    def losses(self, losses: list[yaml.MappingNode]) -> None:
        """An ``id`` first in each loss without one."""
        ids = self.case.loss_ids()
        for index, item in enumerate(losses):
            if any(k.value == "id" for k, _v in item.value):
                continue
            first = item.value[0][0].start_mark
            self.edits.append((first.index, first.index, "id: " + ids[index] + self.newline + " " * first.column))
            self.changes.append(_("losses[{index}].id: {id}").format(index=index, id=ids[index]))

    def demands(self, demands: list[yaml.MappingNode]) -> None:
        """``losses: [...]`` on the demand version 1 gave them to, unless it says its own."""
        ids = self.case.loss_ids()
        for index, claimed in enumerate(self.case.demand_losses()):
            item = demands[index]
            if claimed and not any(k.value in ("losses", "amount") for k, _v in item.value):
                listed_ids = ", ".join(ids[i] for i in claimed)
                self.add_line(item, f"losses: [{listed_ids}]")
                self.changes.append(
                    _("demands[{index}].losses: [{ids}] (the losses version 1 gave it)").format(index=index, ids=listed_ids)
                )


def _to_version_2(data: Any, case: Case) -> list[str]:
    """Edit the round-tripped document ``data`` (ruamel) in place; the changes, worded for the user."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def keys(values: list[str]) -> CommentedSeq:
        seq = CommentedSeq(values)
        seq.fa.set_flow_style()
        return seq

    changes = [_("version: 1 → 2")]
    data["version"] = 2
    key = case.staff_keys()[0] if case.staff else "S1"
    staff = data.get("staff")
    if isinstance(staff, CommentedMap):
        staff.insert(0, "key", key)
        data["staff"] = CommentedSeq([staff])
        changes.append(_("staff: the staff member is now the first entry of a list, key {key}").format(key=key))
    for index, incident in enumerate(data.get("incidents") or []):
        if not isinstance(incident, CommentedMap) or "staff" in incident:
            continue
        involved = incident.get("staff_involved") is not False
        listed = keys([key] if involved else [])
        if "staff_involved" in incident:
            incident.insert(list(incident).index("staff_involved"), "staff", listed)
            del incident["staff_involved"]
        else:
            incident["staff"] = listed
        said = "[" + ", ".join(listed) + "]"
        if involved:
            changes.append(_("incidents[{index}].staff: {staff} (the staff member was implied)").format(index=index, staff=said))
        else:
            changes.append(_("incidents[{index}].staff: {staff} (was staff_involved: false)").format(index=index, staff=said))
    ids = case.loss_ids()
    for index, loss in enumerate(data.get("losses") or []):
        if isinstance(loss, CommentedMap) and "id" not in loss:
            loss.insert(0, "id", ids[index])
            changes.append(_("losses[{index}].id: {id}").format(index=index, id=ids[index]))
    for index, claimed in enumerate(case.demand_losses()):
        demand = (data.get("demands") or [])[index]
        if claimed and isinstance(demand, CommentedMap) and "losses" not in demand and "amount" not in demand:
            demand["losses"] = keys([ids[i] for i in claimed])
            listed_ids = ", ".join(ids[i] for i in claimed)
            changes.append(_("demands[{index}].losses: [{ids}] (the losses version 1 gave it)").format(index=index, ids=listed_ids))
    return changes


def _meaning(case: Case) -> Any:
    """What a case says, whatever its version: who took part in each incident, what each demand claims, the rest as data."""
    people = [[(s.name, s.id, s.role) for s in case.incident_staff(i)] for i in range(len(case.incidents))]
    rest = case.model_dump(
        exclude={
            "version": True,
            "staff": {"__all__": {"key"}},
            "incidents": {"__all__": {"staff", "staff_involved"}},
            "losses": {"__all__": {"id"}},
            "demands": {"__all__": {"losses"}},
        }
    )
    return people, case.demand_losses(), case.loss_ids(), rest


# --- adding to the evidence list ---------------------------------------------------------


def add_evidence(
    case_path: str | Path,
    *,
    kind: str,
    description: str,
    file: str | None = None,
    date: dt.date | None = None,
    reference: str | None = None,
    on: dt.date | None = None,
) -> CaseFile:
    """Add one item to the case file's evidence list (a file kept beside it, say), as :func:`append_contact`
    adds to the log: spliced in with the list's own layout, comments kept, written only when the
    file then holds exactly the old case plus this item; otherwise left as it was."""
    from pydantic import ValidationError

    from letters.casefile.model import Evidence

    path = Path(case_path)
    entry = {k: v for k, v in (("kind", kind), ("date", date), ("description", description), ("file", file), ("reference", reference)) if v}
    with _locked(path):
        raw = read_case_bytes(path)
        old = parse_case_text(raw, path, on=on)
        try:
            item = Evidence.model_validate({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in entry.items()})
        except ValidationError as exc:
            at = ("evidence", len(old.case.evidence))
            problems = [
                Problem(str(path), None, field_path((*at, *e["loc"])), error_message(e) + _("; nothing was written")) for e in exc.errors()
            ]
            raise CaseFileError(problems) from None
        expected = old.case.model_copy(update={"evidence": [*old.case.evidence, item]})
        text = raw.decode("utf-8-sig")
        for build in (_spliced, _round_tripped):
            try:
                candidate = build(text, entry, "evidence")
                saved = parse_case_text(candidate, path, on=on) if candidate is not None else None
            except (yaml.YAMLError, ValueError, LookupError, CaseFileError):
                continue
            if candidate is not None and saved is not None and saved.case == expected:
                _replace_keeping_mode(path, (("\ufeff" if raw.startswith(b"\xef\xbb\xbf") else "") + candidate).encode("utf-8"))
                return saved
    raise LogError(_("{path}: evidence: cannot add the item safely to this file's layout; nothing was written").format(path=path))
