"""pydantic's validation messages in the user's language, for the ``file:line: field: message`` line.

In English the message is pydantic's own (``Input should be a valid string``), unchanged.
In another language each error ``type`` a case file can meet has its sentence here, filled
from the error's ``ctx``; a type not listed keeps pydantic's text. A ``value_error`` is one of
our own validators' messages, already in the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from letters.locale import _, language, ngettext

__all__ = ["MESSAGES", "error_message"]

Context = Mapping[str, Any]


def error_message(err: Mapping[str, Any]) -> str:
    """The message of one pydantic error (an item of ``ValidationError.errors()``)."""
    message = str(err["msg"])
    kind = err["type"]
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if language() == "en":
        return message
    make = MESSAGES.get(kind)
    if make is None:
        return message
    try:
        return make(err.get("ctx") or {})
    except (KeyError, IndexError, ValueError):  # a ctx this version of pydantic does not give
        return message


def _choices(ctx: Context) -> str:
    """``'zh' or 'en'`` (pydantic's ``expected``) as a list: ``'zh'、'en'`` in Chinese."""
    expected = str(ctx["expected"])
    options = re.findall(r"'[^']*'|-?\d+", expected) or [expected]
    if len(options) == 1:
        return _("Input should be {expected}").format(expected=options[0])
    separator = _(", ")  # between the options of a list: "、" in Chinese
    return _("Input should be one of {expected}").format(expected=separator.join(options))


def _date_detail(ctx: Context) -> str:
    """What was wrong with the date (pydantic's ``error``, from its date parser), in the user's language."""
    detail = str(ctx.get("error", ""))
    known = {
        "input is too short": _("input is too short"),
        "input is too long": _("input is too long"),
        "invalid character in year": _("invalid character in year"),
        "invalid character in month": _("invalid character in month"),
        "invalid character in day": _("invalid character in day"),
        "invalid date separator, expected `-`": _("invalid date separator, expected `-`"),
        "invalid datetime separator, expected `T`, `t`, `_` or space": _("there is more after the date"),
        "unexpected extra characters at the end of the input": _("there is more after the date"),
        "month value is outside expected range of 1-12": _("month value is outside expected range of 1-12"),
        "day value is outside expected range": _("day value is outside expected range"),
    }
    return known.get(detail, detail)


def _date(ctx: Context) -> str:
    return _("Input should be a valid date in the format YYYY-MM-DD, {error}").format(error=_date_detail(ctx))


#: pydantic error type → its message in the user's language (called when the error is reported).
MESSAGES: dict[str, Callable[[Context], str]] = {
    "missing": lambda _ctx: _("Field required"),
    "extra_forbidden": lambda _ctx: _("Extra inputs are not permitted"),
    "string_type": lambda _ctx: _("Input should be a valid string"),
    "string_too_short": lambda ctx: (
        _("String should not be empty")
        if ctx["min_length"] == 1
        else ngettext(
            "String should have at least {min_length} character", "String should have at least {min_length} characters", ctx["min_length"]
        ).format(min_length=ctx["min_length"])
    ),
    "string_too_long": lambda ctx: ngettext(
        "String should have at most {max_length} character", "String should have at most {max_length} characters", ctx["max_length"]
    ).format(max_length=ctx["max_length"]),
    "string_pattern_mismatch": lambda ctx: _("String should match pattern '{pattern}'").format(pattern=ctx["pattern"]),
    "literal_error": _choices,
    "enum": _choices,
    "int_type": lambda _ctx: _("Input should be a valid integer"),
    "int_parsing": lambda _ctx: _("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": lambda _ctx: _("Input should be a valid integer, got a number with a fractional part"),
    "greater_than": lambda ctx: _("Input should be greater than {gt}").format(gt=ctx["gt"]),
    "greater_than_equal": lambda ctx: _("Input should be greater than or equal to {ge}").format(ge=ctx["ge"]),
    "less_than": lambda ctx: _("Input should be less than {lt}").format(lt=ctx["lt"]),
    "less_than_equal": lambda ctx: _("Input should be less than or equal to {le}").format(le=ctx["le"]),
    "finite_number": lambda _ctx: _("Input should be a finite number"),
    "decimal_type": lambda _ctx: _("Decimal input should be an integer, float, string or Decimal object"),
    "decimal_parsing": lambda _ctx: _("Input should be a valid decimal"),
    "bool_type": lambda _ctx: _("Input should be a valid boolean"),
    "bool_parsing": lambda _ctx: _("Input should be a valid boolean, unable to interpret input"),
    "list_type": lambda _ctx: _("Input should be a valid list"),
    "dict_type": lambda _ctx: _("Input should be a valid dictionary"),
    "model_type": lambda _ctx: _("Input should be a valid dictionary (keys and values)"),
    "model_attributes_type": lambda _ctx: _("Input should be a valid dictionary (keys and values)"),
    "too_short": lambda ctx: ngettext(
        "List should have at least {min_length} item after validation, not {actual_length}",
        "List should have at least {min_length} items after validation, not {actual_length}",
        ctx["min_length"],
    ).format(min_length=ctx["min_length"], actual_length=ctx["actual_length"]),
    "too_long": lambda ctx: ngettext(
        "List should have at most {max_length} item after validation, not {actual_length}",
        "List should have at most {max_length} items after validation, not {actual_length}",
        ctx["max_length"],
    ).format(max_length=ctx["max_length"], actual_length=ctx["actual_length"]),
    "date_type": lambda _ctx: _("Input should be a valid date"),
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": lambda _ctx: _("Input should be a date (YYYY-MM-DD) without a time"),
}
