"""The JSON Schema of the case file, for editors (``letters schema``).

It refuses what the loader refuses wherever JSON Schema can say it (unknown keys, dates
that cannot be, amounts that are not positive decimals, version 1 without its staff
member); cross-references (a staff key an incident names, a loss two demands claim) are
the loader's alone. Each field's description is the comment beside it in the model, so
the schema and the model cannot drift apart.
"""

from __future__ import annotations

import inspect
import io
import json
import re
import tokenize
from functools import lru_cache
from typing import Any

from letters.casefile import model
from letters.casefile.model import Case

__all__ = ["case_schema", "case_schema_json"]


def case_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "letters case file, format version 2 (version 1 files are read too)"
    defs = schema.get("$defs", {})
    staff = {"$ref": "#/$defs/Staff"}
    # Version 1 wrote one staff member as a mapping, and needs it.
    schema["properties"]["staff"] = {"anyOf": [{"type": "array", "items": staff}, staff], "description": "who is complained about"}
    schema["if"] = {"properties": {"version": {"const": 1}}, "required": ["version"]}
    schema["then"] = {"required": ["staff"]}
    comments = _field_comments()
    for name, sub in [("Case", schema), *defs.items()]:
        for field, prop in sub.get("properties", {}).items():
            note = comments.get((name, field))
            if note and "description" not in prop:
                prop["description"] = note
            prop.pop("title", None)
    return schema


def case_schema_json() -> str:
    return json.dumps(case_schema(), ensure_ascii=False, indent=2)


@lru_cache(maxsize=1)
def _field_comments() -> dict[tuple[str, str], str]:
    """``(class, field) → the comment beside the field`` in :mod:`letters.casefile.model`."""
    source = inspect.getsource(model)
    found: dict[tuple[str, str], str] = {}
    current = ""
    field = re.compile(r"^    ([a-z_]+)\s*:")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            line = token.line
            if line.startswith("class "):
                current = line[6:].split("(")[0].split(":")[0].strip()
            continue
        match = field.match(token.line)
        if current and match:
            found[(current, match[1].rstrip("_"))] = token.string.lstrip("#").strip()
    return found
