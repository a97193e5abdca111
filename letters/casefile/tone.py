"""The tone check: abusive, threatening or shouting words in a case's own text.

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

from pydantic import BaseModel

from letters import rx
from letters.casefile.load import CaseFile
from letters.errors import Problem, field_path
from letters.locale import _, speaking

__all__ = ["ABUSIVE", "PRESSURE", "SHOUTING", "THREATENING", "ToneWarning", "find_tone", "text_tone_warnings", "tone_warnings"]

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

#: Threats to sue or to go public: lawful, but they read as pressure, not facts.
PRESSURE_EN = (
    r"(?:i'?ll|i will|i'm going to|im going to|gonna|i shall|we will|we'll) (?:sue|take (?:you|this|it|them) to court|"
    r"take legal action|go to the (?:press|media|newspapers)|go public|expose (?:you|them|your \w+)|"
    r"post (?:this|it|everything|about (?:this|you|it))(?: \w+)*? (?:online|on (?:social media|twitter|x|facebook|reddit|weibo|the internet))|"
    r"tell (?:everyone|the world)|name and shame)",
    r"sue (?:you|your \w+|the company)",
    r"see you in court",
    r"my lawyers? will",
    r"name and shame you",
)
PRESSURE_ZH = (
    "起诉你们",
    "起诉你",
    "告你们",
    "告死你",
    "法庭上见",
    "法院见",
    "让律师",
    "发律师函",
    "曝光你们",
    "媒体曝光",
    "找媒体",
    "发到网上",
    "发到微博",
    "发微博",
    "发朋友圈",
    "发抖音",
    "网上曝光",
    "上热搜",
    "让所有人都知道",
    "挂到网上",
)
#: Three or more capitalised words, at least two of four letters or more (acronyms and
#: asset symbols stay quiet), or a string of three exclamation marks.
SHOUTING_CAPS = rx.compile(r"(?<![\w'])[A-Z]{2,}(?:[\s,'’-]+[A-Z]{2,}){2,}(?![\w'])")
SHOUTING_MARKS = rx.compile(r"[!！]{3,}")

ABUSIVE = "abusive"
THREATENING = "threatening"
PRESSURE = "pressure"
SHOUTING = "shouting"

#: Fields that are identifiers, not prose: a transaction hash may spell anything.
_SKIP_FIELDS = frozenset(
    {"case_id", "language", "email", "phone", "file", "reference", "id", "account_id", "website", "currency", "kind", "type"}
)


def _advice(kind: str) -> str:
    """What to do about a phrase of ``kind``, in the current language (``{phrase}`` to fill)."""
    if kind == ABUSIVE:
        return _('abusive wording "{phrase}": letters that stay calm and factual get answered; describe what happened instead')
    if kind == THREATENING:
        return _(
            'threatening wording "{phrase}": a threat can turn the complaint against you; remove it and state what you will do lawfully'
        )
    if kind == PRESSURE:
        return _(
            'a threat to sue or go public, "{phrase}": it reads as pressure, not facts; '
            "say which lawful step comes next (the consumer-association filing) and when"
        )
    return _('shouting, "{phrase}": capitals and strings of "!" read as anger; write it in ordinary sentences')


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    def english(words: tuple[str, ...]) -> re.Pattern[str]:
        return rx.compile(r"(?<![\w*])(?:" + "|".join(words) + r")(?![\w*])", re.IGNORECASE)

    def chinese(words: tuple[str, ...]) -> re.Pattern[str]:
        return rx.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)

    return [
        (THREATENING, english(THREATENING_EN)),
        (THREATENING, chinese(THREATENING_ZH)),
        (PRESSURE, english(PRESSURE_EN)),
        (PRESSURE, chinese(PRESSURE_ZH)),
        (ABUSIVE, english(ABUSIVE_EN)),
        (ABUSIVE, chinese(ABUSIVE_ZH)),
        (SHOUTING, SHOUTING_MARKS),
    ]


@lru_cache(maxsize=1)
def _quick_looks() -> list[re.Pattern[str]]:
    """Every list's phrases behind a plain word boundary, case-sensitive, for lower-cased text:
    where neither matches, :func:`find_tone` finds nothing (a match may still be nothing).
    re.IGNORECASE, the lookbehinds and one pattern per list cost three times as much; the
    letter is checked before the word boundary, which costs a fifth less than the other way round."""
    english = "|".join((*THREATENING_EN, *PRESSURE_EN, *ABUSIVE_EN))  # each starts with a letter
    chinese = "|".join(re.escape(w.lower()) for w in (*THREATENING_ZH, *PRESSURE_ZH, *ABUSIVE_ZH))
    return [rx.compile(rf"(?=[a-z])\b(?:{english})"), rx.compile(chinese)]  # one more branch: ten times slower


#: The letters re.IGNORECASE matches to a-z that str.lower() does not map there.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


#: :data:`SHOUTING_CAPS` without its lookarounds: it finds all that finds and more, at a third
#: of the cost (starting with one plain class lets the search skip to the next capital).
_CAPS_QUICK = rx.compile(r"[A-Z][A-Z]+(?:[\s,'’-]+[A-Z]{2,}){2,}")


def _might_have_tone(text: str) -> bool:
    """A quick no for text with nothing :func:`find_tone` could find (most case files)."""
    if _CAPS_QUICK.search(text) is not None or (("!" in text or "！" in text) and SHOUTING_MARKS.search(text) is not None):
        return True
    folded = (text.translate(_FOLD) if "İ" in text or "ı" in text or "ſ" in text else text).lower()
    return any(pattern.search(folded) is not None for pattern in _quick_looks())


def _shouting(text: str) -> Iterator[re.Match[str]]:
    for match in SHOUTING_CAPS.finditer(text):
        if sum(1 for word in re.findall(r"[A-Z]+", match.group(0)) if len(word) >= 4) >= 2:
            yield match


def find_tone(text: str) -> list[tuple[str, str]]:
    """``(kind, phrase)`` for each abusive, threatening, pressing or shouting phrase, in order, once each."""
    matches = [(m.start(), kind, m.group(0)) for kind, pattern in _patterns() for m in pattern.finditer(text)]
    matches += [(m.start(), SHOUTING, m.group(0)) for m in _shouting(text)]
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _start, kind, phrase in sorted(matches):
        if phrase.lower() not in seen:
            seen.add(phrase.lower())
            found.append((kind, phrase))
    return found


def tone_message(kind: str, phrase: str, lang: str | None = None) -> str:
    """The warning in ``lang`` (default: the user's language, as every message)."""
    with speaking(lang):
        return _advice(kind).format(phrase=phrase)


def text_tone_warnings(text: str, lang: str = "en") -> list[str]:
    """The warnings for one answer (``letters new``), in ``lang``."""
    return [tone_message(kind, phrase, lang) for kind, phrase in find_tone(text)]


def tone_warnings(case_file: CaseFile) -> list[ToneWarning]:
    """One warning per abusive, threatening, pressing or shouting phrase in the case's free text, with its line."""
    raw_lines: list[str] | None = None  # the file is read again only if a phrase is found
    warnings: list[ToneWarning] = []
    found: list[str] = []
    _strings(case_file.case, found)
    # one quick look at every text at once (NUL keeps a phrase from running across two)
    if not _might_have_tone("\n\0\n".join(found)):
        return warnings
    for loc, text in _texts(case_file.case.model_dump(mode="python"), ()):
        for kind, phrase in find_tone(text):
            if raw_lines is None:
                raw_lines = _file_lines(case_file)
            line = _line_of_phrase(raw_lines, case_file.line_of(loc), phrase)
            warnings.append(ToneWarning(str(case_file.path), line, field_path(loc), tone_message(kind, phrase)))
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


def _strings(model: BaseModel, found: list[str]) -> None:
    """The texts :func:`_texts` yields from the case's dump, without where they are (the quick
    look needs only them), read from the models themselves: dumping the case costs as much."""
    for key, item in model.__dict__.items():
        if item is None or key in _SKIP_FIELDS:
            continue
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, BaseModel):
            _strings(item, found)
        elif isinstance(item, list):  # of texts or of models
            for element in item:
                if isinstance(element, str):
                    found.append(element)
                elif isinstance(element, BaseModel):
                    _strings(element, found)


def _file_lines(case_file: CaseFile) -> list[str]:
    return case_file.text.splitlines()


def _line_of_phrase(lines: list[str], key_line: int | None, phrase: str) -> int | None:
    """The line a phrase is on: a folded summary spans lines below its key."""
    if key_line is None:
        return None
    needle = phrase.lower()
    for number in range(key_line, min(len(lines), key_line + 200) + 1):
        if needle in lines[number - 1].lower():
            return number
    return key_line
