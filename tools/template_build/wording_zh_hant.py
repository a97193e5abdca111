"""The Traditional Chinese letters (``zh-Hant``, Hong Kong usage), made from ``wording_zh.py``.

The wording is the Simplified letters' through :func:`hant.to_hant` (OpenCC and the Hong
Kong glossary in tools/hant.py), so the two say the same thing and cannot drift. Where a Hong
Kong letter is built differently, it is changed here:

- the salutation is 敬啟者： (the view model's ``salutation``), with no 您好！ under it;
- the letter closes 此致 and, on the next line, the addressee, not 敬礼！;
- CJK text is set in Noto Serif CJK HK and tagged zh-HK, so Word and LibreOffice pick Hong
  Kong glyphs.
"""

from __future__ import annotations

from dataclasses import replace

from hant import to_hant

from template_build.build import Col, For, H, If, P, Table, Together
from template_build.wording_zh import BLANK, HELLO, ZH
from template_build.wording_zh import LAYOUT as ZH_LAYOUT

LAYOUT = replace(
    ZH_LAYOUT,
    lang="zh-Hant",
    east_asia="Noto Serif CJK HK",
    page_words=tuple(to_hant(word) for word in ZH_LAYOUT.page_words),  # type: ignore[arg-type]
)

#: Who the letter is to, under 此致 (the 致： line's addressee, without its address).
ADDRESSEE = {
    "first-complaint": "{{ company.name }}{{ company.recipient }}",
    "follow-up": "{{ company.name }}{{ company.recipient }}",
    "escalation": "{{ company.name }}{{ management.title }}{% if management.name %}{{ management.name }}{% endif %}",
    "consumer-association": "{% if authority.known %}{{ authority.name }}{% else %}" + BLANK + "{% endif %}",
}


def _line(line):
    """A paragraph line: text, or (condition, text) — the condition is code and stays as it is."""
    if isinstance(line, tuple):
        return (line[0], to_hant(line[1]))
    return to_hant(line)


def _blocks(blocks: list, stage: str) -> list:
    out = []
    for b in blocks:
        if b is HELLO:
            continue  # 敬啟者： stands alone
        if isinstance(b, P):
            if b.style == "Closing":
                out.append(P(["此致", ADDRESSEE[stage]], "Closing"))
            else:
                out.append(P([_line(line) for line in b.lines], b.style))
        elif isinstance(b, H):
            out.append(H(to_hant(b.text)))
        elif isinstance(b, For):
            out.append(For(b.head, _blocks(b.body, stage)))
        elif isinstance(b, If):
            out.append(If(b.cond, _blocks(b.body, stage), _blocks(b.orelse, stage)))
        elif isinstance(b, Table):
            cols = [Col(to_hant(c.header), c.width_cm, [_line(line) for line in c.lines]) for c in b.cols]
            out.append(Table(b.head, cols, [_line(line) for line in b.txt]))
        elif isinstance(b, Together):
            out.append(Together(_blocks(b.body, stage)))
        else:
            raise TypeError(b)
    return out


ZH_HANT: dict[str, list] = {stage: _blocks(blocks, stage) for stage, blocks in ZH.items()}
