"""The shape of the view model, read from its declaration (:mod:`letters.viewmodel.types`).

``templates check`` and the generated reference (``docs/view-model.md``) both need to
know which names a template may use, of which type, and which objects can be ``None``:
:func:`view_model_shape` turns the declared types into a :class:`Shape` tree, and
:func:`mismatches` says where a real view model differs from the declaration (a test runs
it over sample cases, so ``build_context`` and the declaration cannot drift apart).
The samples also give the reference its example values.
"""

from __future__ import annotations

import copy
import datetime as dt
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any

__all__ = [
    "SAMPLE_ON",
    "Shape",
    "descriptions",
    "mismatches",
    "rich_sample",
    "sample_context",
    "sample_contexts",
    "shape_of_type",
    "view_model_shape",
    "walk",
]

#: The letter date used for the samples (any date works; this one keeps the docs stable).
SAMPLE_ON = dt.date(2026, 11, 25)


@dataclass(frozen=True)
class Shape:
    """One node of the view model: ``kind`` is ``object``, ``list`` or ``scalar``.

    ``types`` names the Python types seen (``str``, ``int``, ``bool``, ``None``); an
    object or list that was sometimes ``None`` has ``"None"`` in ``types`` too.
    """

    kind: str
    types: frozenset[str] = frozenset()
    fields: Mapping[str, Shape] = field(default_factory=dict)
    item: Shape | None = None

    @property
    def nullable(self) -> bool:
        return "None" in self.types

    def type_text(self) -> str:
        """``text``, ``list of objects``, ``object or None``… for the reference."""
        if self.kind == "object":
            base = "object"
        elif self.kind == "list":
            inner = self.item.type_text() if self.item else "values"
            base = "list of " + {"object": "objects", "text": "texts"}.get(inner, inner)
        else:
            names = [_TYPE_WORDS[t] for t in ("str", "int", "bool", "Decimal") if t in self.types]
            base = " or ".join(names) or "None"
        return f"{base} or None" if self.nullable and base != "None" else base


_TYPE_WORDS = {"str": "text", "int": "integer", "bool": "true/false", "Decimal": "number"}


def merge(a: Shape | None, b: Shape | None) -> Shape | None:
    """What either value could be: keys and item keys are united, ``None`` makes it nullable."""
    if a is None or b is None:
        return a or b
    if a.kind == "scalar" and a.types == {"None"} and b.kind != "scalar":
        a, b = b, a
    if b.kind == "scalar" and b.types == {"None"}:
        return Shape(a.kind, a.types | b.types, a.fields, a.item)
    if a.kind != b.kind:
        return Shape("scalar", a.types | b.types)
    fields = dict(a.fields)
    for key, value in b.fields.items():
        fields[key] = merge(fields.get(key), value)  # type: ignore[assignment]
    return Shape(a.kind, a.types | b.types, fields, merge(a.item, b.item))


def walk(shape: Shape, prefix: str = "") -> Iterator[tuple[str, Shape]]:
    """Every path in the shape, depth first: ``complainant``, ``complainant.name``, ``evidence[].id``…"""
    for key, child in shape.fields.items():
        path = f"{prefix}.{key}" if prefix else key
        yield path, child
        if child.kind == "object":
            yield from walk(child, path)
        elif child.kind == "list" and child.item is not None and child.item.kind == "object":
            yield from walk(child.item, f"{path}[]")


#: Every optional section of the case file, filled in, so each key of the view model appears.
RICH_EXTRAS: dict[str, Any] = {
    "company": {
        "management": {"name": "Sam Patel", "title": "Head of Customer Experience", "email": "sam.patel@example.com"},
        "legal_name": "CoinVault Limited",
        "registration_id": "IE-123456",
        "phone": "+353 1 000 0000",
        "website": "https://coinvault.example",
        "app": "CoinVault app",
    },
    "transactions": [
        {
            "date": "2026-09-16",
            "amount": "25.00",
            "currency": "EUR",
            "network": "card",
            "txid": "PAY-55102",
            "from": "card ending 4242",
            "to": "CoinVault Ltd",
            "explorer": "https://explorer.example/tx/PAY-55102",
        }
    ],
    "policies": [{"title": "Terms of Service", "clause": "section 5.2", "summary": "tickets are answered within 24 hours"}],
    "losses": [{"description": "Fee charged on wrong advice", "amount": "25.00", "currency": "EUR"}],
    "contacts": [
        {"date": "2026-10-05", "kind": "complaint", "channel": "email", "reference": "TICKET-5521", "summary": "First complaint sent"},
        {"date": "2026-10-20", "kind": "follow-up", "channel": "email", "reference": "TICKET-5521", "summary": "Chased the complaint"},
        {"date": "2026-10-22", "kind": "reply", "channel": "email", "summary": "A form reply", "satisfactory": False},
        {"date": "2026-10-25", "kind": "call", "channel": "phone", "summary": "Called the hotline"},
        {"date": "2026-10-26", "kind": "escalation", "channel": "email", "reference": "ESC-1", "summary": "Escalated to management"},
        {"date": "2026-10-27", "kind": "note", "summary": "Kept copies of everything"},
    ],
    "authority": {
        "name": "Consumer Council",
        "address": "1 Main Street",
        "website": "https://consumer.example",
        "email": "help@consumer.example",
        "phone": "+44 20 0000 0000",
    },
}

#: Always one of the samples (the shape does not hang on which examples are installed) and
#: the source of the reference's example values; a trimmed copy of examples/wallet-en.yaml.
FALLBACK_CASE: dict[str, Any] = {
    "version": 1,
    "case_id": "CW-2026-117",
    "language": "en",
    "complainant": {
        "name": "Jane Doe",
        "email": "jane.doe@example.com",
        "phone": "+44 20 7946 0000",
        "address": "12 Acacia Avenue, London N1 7AA",
        "account_id": "CW-7781-22",
    },
    "company": {
        "name": "CoinVault Ltd",
        "department": "Customer Support",
        "address": "1 Harbour Street, Dublin",
        "email": "support@coinvault.example",
    },
    "staff": {"name": "Mark", "id": "AG-3310", "role": "live-chat agent"},
    "incidents": [
        {
            "date": "2026-09-14",
            "channel": "live chat",
            "summary": "The agent was rude and closed the chat.",
            "problems": ["rude", "no-response"],
        }
    ],
    "evidence": [{"kind": "chat-log", "date": "2026-09-14", "description": "Transcript of the live chat", "reference": "Chat 88-1902"}],
    "demands": [{"type": "apology"}, {"type": "refund", "detail": "refund the 25 EUR fee"}],
}


def _minimal(data: dict[str, Any]) -> dict[str, Any]:
    """Only what the case format requires: shows which objects can be ``None``."""
    keep = ("version", "case_id", "language", "complainant", "company", "staff", "incidents", "demands")
    bare = {k: copy.deepcopy(data[k]) for k in keep}
    bare["company"] = {"name": data["company"]["name"]}
    bare["demands"] = [{k: v for k, v in d.items() if k != "losses"} for d in bare["demands"]]  # the losses are gone
    return bare


def _enriched(data: dict[str, Any]) -> dict[str, Any]:
    rich = copy.deepcopy(data)
    for key, value in RICH_EXTRAS.items():
        if key == "company":
            rich["company"] = {**value, **rich["company"]}
        elif not rich.get(key):
            rich[key] = copy.deepcopy(value)
    return rich


def _sample_cases() -> list[dict[str, Any]]:
    import yaml

    from letters.paths import shipped_dir

    examples = sorted(shipped_dir("examples", "examples").glob("*.yaml"))
    datas = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in examples]
    return [FALLBACK_CASE] + [d for d in datas if isinstance(d, dict)]


def sample_context(data: dict[str, Any], stage: str = "first-complaint", on: dt.date = SAMPLE_ON) -> dict[str, Any]:
    """The view model of one sample case, read through the real case parser."""
    import yaml

    from letters.casefile.load import parse_case_text
    from letters.viewmodel.build import build_context

    case_file = parse_case_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "<sample case>")
    return dict(build_context(case_file, stage, on))


def rich_sample(lang: str, stage: str = "consumer-association") -> dict[str, Any]:
    """The view model of the built-in sample with every optional section filled in, in ``lang``."""
    return sample_context({**_enriched(FALLBACK_CASE), "language": lang}, stage)


def sample_contexts(stage: str | None = None, on: dt.date = SAMPLE_ON) -> list[dict[str, Any]]:
    """View models of every sample: rich and minimal, in each example's language, for ``stage`` or every stage.

    (A letter already sent tells only of what came before it, so one stage alone does not
    show every key: a first complaint reprinted has no replies to tell of.)
    """
    from letters.casefile.model import STAGES

    stages = (stage,) if stage else STAGES
    return [
        sample_context(variant, name, on) for data in _sample_cases() for variant in (_enriched(data), _minimal(data)) for name in stages
    ]


_SCALARS = {str: "str", int: "int", bool: "bool", Decimal: "Decimal", type(None): "None"}


def shape_of_type(tp: Any) -> Shape:
    """The :class:`Shape` of a declared type: a TypedDict, ``list[…]``, a scalar, or ``… | None``."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return shape_of_type(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        parts = [shape_of_type(arg) for arg in typing.get_args(tp)]
        result: Shape | None = None
        for part in parts:
            result = merge(result, part)
        assert result is not None
        return result
    if origin is list:
        return Shape("list", frozenset({"list"}), item=shape_of_type(typing.get_args(tp)[0]))
    if typing.is_typeddict(tp):
        hints = typing.get_type_hints(tp, include_extras=True)
        return Shape("object", frozenset({"object"}), {key: shape_of_type(hint) for key, hint in hints.items()})
    return Shape("scalar", frozenset({_SCALARS[tp]}))


def descriptions(tp: Any = None, prefix: str = "") -> dict[str, str]:
    """``path → what it means`` for every declared path (``evidence[].id``…)."""
    from letters.viewmodel.types import Doc, ViewModel

    out: dict[str, str] = {}
    for key, hint in typing.get_type_hints(tp or ViewModel, include_extras=True).items():
        path = f"{prefix}.{key}" if prefix else key
        docs = [m.text for m in getattr(hint, "__metadata__", ()) if isinstance(m, Doc)]
        out[path] = docs[0] if docs else ""
        inner = _unwrap(hint)
        if typing.get_origin(inner) is list:
            inner, path = typing.get_args(inner)[0], path + "[]"
        if typing.is_typeddict(inner):
            out.update(descriptions(inner, path))
    return out


def _unwrap(hint: Any) -> Any:
    """The declared type without ``Annotated`` and without ``| None``."""
    if typing.get_origin(hint) is Annotated:
        hint = typing.get_args(hint)[0]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    return hint


def mismatches(value: Any, shape: Shape, path: str = "") -> list[str]:
    """Where ``value`` (a real view model) differs from ``shape`` (the declared one)."""
    where = path or "the view model"
    if value is None:
        return [] if shape.nullable else [f"{where}: None, but not declared `| None`"]
    if shape.kind == "object":
        if not isinstance(value, Mapping):
            return [f"{where}: {type(value).__name__}, declared an object"]
        found = [f"{path}.{k}".lstrip(".") + ": not declared" for k in value if k not in shape.fields]
        found += [f"{path}.{k}".lstrip(".") + ": declared but missing" for k in shape.fields if k not in value]
        for key, child in shape.fields.items():
            if key in value:
                found += mismatches(value[key], child, f"{path}.{key}" if path else key)
        return found
    if shape.kind == "list":
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, declared a list"]
        return [problem for item in value[:3] for problem in mismatches(item, shape.item, f"{path}[]")] if shape.item else []
    kind = type(value).__name__
    return [] if kind in shape.types else [f"{where}: {kind}, declared {' or '.join(sorted(shape.types))}"]


@lru_cache(maxsize=1)
def view_model_shape() -> Shape:
    """The shape of the declared view model (computed once per process)."""
    from letters.viewmodel.types import ViewModel

    return shape_of_type(ViewModel)
