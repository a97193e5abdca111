"""The body a filing goes to (a consumer association or regulator), as the view model's ``authority``."""

from __future__ import annotations

from typing import Any

from letters.casefile.model import Case
from letters.i18n import PHRASES
from letters.viewmodel.values import text

__all__ = ["authority_view"]


def authority_view(case: Case) -> dict[str, Any]:
    """``authority`` for the templates: the case's own body, else the language's default.

    ``known`` says whether a body was found; ``kind`` is what it does (conciliate, regulate,
    ombudsman, or "" when not known); ``grounds`` are the sentences citing the law the facts
    fit; ``form_fields`` the fields of the body's online form, as ``{label, value}``.
    """
    misc = PHRASES[case.language]["misc"]
    authority = case.authority
    named = bool(authority and authority.name)
    return {
        "name": text(authority.name if authority else None) or misc["authority"],
        "address": text(authority.address if authority else None),
        "website": text(authority.website if authority else None) or (misc["authority_website"] if not named else ""),
        "email": text(authority.email if authority else None),
        "phone": text(authority.phone if authority else None),
        "known": named or bool(misc["authority_website"]),
        "kind": "",
        "grounds": [],
        "form_fields": [],
    }
