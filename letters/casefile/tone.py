"""The tone check: abusive or threatening words in a case's own text.

Letters that stay calm and factual get answered; insults give a company a reason to stop
reading, and threats can turn a complaint against its author. ``validate`` prints these
as warnings, never as errors: the user decides. The lists are short on purpose: whole
words in English, and in Chinese only phrases that cannot occur inside ordinary words
(``妈的`` is left out because ``我妈妈的账户`` contains it, ``垃圾`` alone because of
``垃圾邮件``, ``scammers`` because crypto cases name real ones).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from letters.casefile.load import CaseFile
from letters.errors import Problem, field_path

__all__ = ["tone_warnings", "ToneWarning", "ABUSIVE", "THREATENING"]

#: ToneWarning prints as ``path:line: field: message``, like every other problem.
ToneWarning = Problem

ABUSIVE_EN = (
    r"idiots?",
    r"morons?",
    r"imbeciles?",
    r"stupid",
    r"dumb",
    r"retards?",
    r"retarded",
    r"scum",
    r"scumbags?",
    r"bastards?",
    r"assholes?",
    r"arseholes?",
    r"fuck\w*",
    r"f\*+k\w*",
    r"motherfuck\w*",
    r"shit(?:ty|head)?",
    r"bullshit",
    r"bitch(?:es)?",
    r"cunts?",
    r"liars?",
    r"go to hell",
    r"screw you",
)
THREATENING_EN = (
    r"kill (?:you|him|her|them|yourself|your \w+)",
    r"(?:i'?ll|i will|i'm going to|im going to|gonna) "
    r"(?:kill|hurt|destroy|ruin|find|get|beat|smash) (?:you|him|her|them|your \w+)",
    r"watch your back",
    r"you(?:'ll| will) regret",
    r"you(?:'ll| will) pay for",
    r"make you pay",
    r"burn (?:it|you|your \w+) down",
    r"know where you live",
    r"find (?:out )?where you live",
    r"beat (?:you|him|her|them) up",
    r"blow (?:you|it|your \w+) up",
    r"bomb (?:you|your \w+|the \w+)",
    r"shoot (?:you|him|her|them)",
)
ABUSIVE_ZH = (
    "傻逼",
    "傻b",
    "煞笔",
    "白痴",
    "弱智",
    "蠢货",
    "蠢猪",
    "脑残",
    "混蛋",
    "王八蛋",
    "王八羔子",
    "他妈的",
    "操你妈",
    "草泥马",
    "狗东西",
    "狗娘养",
    "畜生",
    "畜牲",
    "人渣",
    "贱人",
    "滚蛋",
    "去死",
    "垃圾公司",
    "垃圾客服",
    "骗子公司",
    "废物客服",
    "一群废物",
)
THREATENING_ZH = (
    "弄死",
    "杀了你",
    "砍死",
    "打死你",
    "捅死",
    "让你好看",
    "走着瞧",
    "你给我等着",
    "饶不了你",
    "不会放过你",
    "收拾你",
    "找人收拾",
    "炸了你",
    "炸掉你",
    "烧了你",
    "人肉你",
    "找到你家",
    "知道你家住",
)

ABUSIVE = "abusive"
THREATENING = "threatening"

#: Fields that are identifiers, not prose: a transaction hash may spell anything.
_SKIP_FIELDS = frozenset(
    {"case_id", "language", "email", "phone", "file", "reference", "id", "account_id", "website", "currency", "kind", "type"}
)

_ADVICE = {
    ABUSIVE: "letters that stay calm and factual get answered; describe what happened instead",
    THREATENING: "a threat can turn the complaint against you; remove it and state what you will do lawfully",
}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    def english(words: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(r"(?<![\w*])(?:" + "|".join(words) + r")(?![\w*])", re.IGNORECASE)

    def chinese(words: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)

    return [
        (THREATENING, english(THREATENING_EN)),
        (THREATENING, chinese(THREATENING_ZH)),
        (ABUSIVE, english(ABUSIVE_EN)),
        (ABUSIVE, chinese(ABUSIVE_ZH)),
    ]


def tone_warnings(case_file: CaseFile) -> list[ToneWarning]:
    """One warning per abusive or threatening phrase in the case's free text, with its line."""
    raw_lines: list[str] | None = None  # the file is read again only if a phrase is found
    warnings: list[ToneWarning] = []
    for loc, text in _texts(case_file.case.model_dump(mode="python"), ()):
        seen: set[str] = set()
        found = sorted((m.start(), kind, m.group(0)) for kind, pattern in _patterns() for m in pattern.finditer(text))
        for _, kind, phrase in found:
            if phrase.lower() not in seen:
                seen.add(phrase.lower())
                if raw_lines is None:
                    raw_lines = _file_lines(case_file)
                line = _line_of_phrase(raw_lines, case_file.line_of(loc), phrase)
                message = f'{kind} wording "{phrase}": {_ADVICE[kind]}'
                warnings.append(ToneWarning(str(case_file.path), line, field_path(loc), message))
    return warnings


def _texts(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _SKIP_FIELDS:
                yield from _texts(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, loc + (index,))
    elif isinstance(value, str):
        yield loc, value


def _file_lines(case_file: CaseFile) -> list[str]:
    try:
        return case_file.path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _line_of_phrase(lines: list[str], key_line: int | None, phrase: str) -> int | None:
    """The line a phrase is on: a folded summary spans lines below its key."""
    if key_line is None:
        return None
    needle = phrase.lower()
    for number in range(key_line, min(len(lines), key_line + 200) + 1):
        if needle in lines[number - 1].lower():
            return number
    return key_line
