"""Case values as template data."""

from __future__ import annotations

from typing import Any

from letters import rx

__all__ = ["text"]

# Characters XML 1.0 cannot hold: a .docx with one of them does not open.
_XML_INVALID = rx.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text(value: Any) -> str:
    """Case text as template data: never None, never a character XML rejects."""
    if value is None:
        return ""
    value = str(value)
    # every character XML rejects is a control, a non-character or a surrogate, none printable:
    # printable text (nearly all of it) cannot hold one, so it skips the regex
    return value if value.isprintable() else _XML_INVALID.sub("", value)
