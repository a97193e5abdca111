"""The JSON Schema of the case file, for editors (``letters schema``)."""

from __future__ import annotations

import json
from typing import Any

from letters.casefile.model import Case

__all__ = ["case_schema", "case_schema_json"]


def case_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "letters case file, format version 1"
    return schema


def case_schema_json() -> str:
    return json.dumps(case_schema(), ensure_ascii=False, indent=2)
