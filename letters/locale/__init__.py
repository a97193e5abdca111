"""Messages in the user's language: gettext catalogs (``letters/locale/<lang>/LC_MESSAGES/letters.po``).

The language is ``LETTERS_LANG`` if set, else the first of ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES`` and ``LANG`` that is set (as gettext reads them): Chinese for ``zh…``
(Traditional for zh_TW, zh_HK, zh_MO and zh-Hant), English otherwise; :func:`speaking` sets it for a block of code (a caller that asks for
a language). Text that is fixed when a module is imported (click's help texts) is marked
with :func:`N_` and translated where it is shown. The catalogs are made from the sources with Babel (``python
tools/update_catalogs.py`` extracts, updates and compiles); the compiled ``.mo`` ships
beside its ``.po``, and a test keeps the two the same.

This module imports nothing of ``letters``, so every step, errors included, can use it.
"""

from __future__ import annotations

import gettext as _gettext
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

__all__ = ["DOMAIN", "LOCALE_DIR", "N_", "_", "language", "ngettext", "speaking", "translate_click"]

LOCALE_DIR = Path(__file__).parent
DOMAIN = "letters"


#: The language :func:`speaking` set for the code running in this context (``None``: the environment's).
_spoken: ContextVar[str | None] = ContextVar("letters_language", default=None)


#: Locales that write Chinese in Traditional characters: Taiwan, Hong Kong, Macao, and ``zh-Hant`` itself.
_TRADITIONAL = ("hant", "tw", "hk", "mo")


def _named(value: str) -> str:
    """``zh-Hant`` for zh_TW, zh_HK, zh_MO or zh-Hant; ``zh`` for any other zh…; ``en`` otherwise."""
    value = value.lower()
    if not value.startswith("zh"):
        return "en"
    region = value[2:].split(".")[0].split("@")[0].replace("_", "-").strip("-")
    return "zh-Hant" if region.split("-")[0] in _TRADITIONAL else "zh"


def language() -> str:
    """``zh``, ``zh-Hant`` or ``en``, from the environment, read on every call (tests change it)."""
    spoken = _spoken.get()
    if spoken is not None:
        return spoken
    explicit = os.environ.get("LETTERS_LANG", "").strip()
    if explicit:
        return _named(explicit)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            return _named(value.split(":")[0])
    return "en"


@contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Messages in ``lang`` (``zh…`` or anything else for English) inside the ``with`` block;
    ``None`` leaves the user's language as it is."""
    if lang is None:
        yield
        return
    token = _spoken.set(_named(lang))
    try:
        yield
    finally:
        _spoken.reset(token)


@lru_cache(maxsize=4)
def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()  # the sources are English
    # zh-Hant's catalog (zh_Hant/) is made from zh's by tools/update_catalogs.py
    return _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang.replace("-", "_")], fallback=True)


def _(message: str) -> str:
    """``message`` in the user's language (itself when there is no translation)."""
    return _catalog(language()).gettext(message)


def N_(message: str) -> str:
    """``message`` itself, marked for the catalog: for text fixed at import, translated with ``_()`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(language()).ngettext(singular, plural, n)


def translate_click() -> None:
    """Click's own words (Usage:, Options, Error: …) through our catalog.

    Click's modules call ``gettext.gettext`` under the name ``_``; they are pointed at ours,
    which looks the language up on each call (English is the message itself).
    """
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is _gettext.gettext:
                module._ = _  # type: ignore[attr-defined]
            if getattr(module, "ngettext", None) is _gettext.ngettext:
                module.ngettext = ngettext  # type: ignore[attr-defined]
