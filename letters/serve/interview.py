"""The interview of ``letters new`` as web pages: one question per page, the same questions.

The terminal interview is a function of its answers (going back a question replays all
but the last answer into the same questions). The web face uses exactly that: a draft is
the list of answers given so far, and a page is the question the interview asks next when
they are replayed. Each answer is checked by the interview's own checks (the case file's
models), so the page refuses what the terminal refuses, with the same reason; the case
file is written by the interview itself, once the whole case validates.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from letters.errors import LettersError
from letters.interview.ask import Prompter, run_interview

__all__ = ["DRAFT_SUFFIX", "Draft", "Outcome", "Question", "drafts_in", "replay"]

#: A draft sits beside the cases it will join: ``<id>.draft.json`` in the served folder.
DRAFT_SUFFIX = ".draft.json"
#: A draft holds at most this many answers (a review that edits and edits again adds two each time).
MAX_ANSWERS = 2000


@dataclass
class Question(Exception):
    """The question the interview waits on (raised where a terminal would read a line).

    ``kind``: ``text``, ``long`` (several lines), ``yes_no``, ``one`` or ``many`` (a menu of
    ``options``, as (value, label)), or ``review`` (``rows`` of every answer, each one
    changeable by its number).
    """

    kind: str
    text: str
    optional: bool = False
    default: str | list[str] | None = None
    hint: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    section: str = ""
    part: tuple[int, int] | None = None
    #: The question's name in the interview's text table (``complainant.name``), "" for composed ones.
    key: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass
class Outcome:
    """What replaying a draft's answers came to.

    ``question``: the one asked next (``None`` once the case file is written, at ``written``);
    ``refused``: the reason the last answer was not taken (the question is that answer's);
    ``notes``: notices about the answers (angry wording), kept for the page after them.
    """

    question: Question | None = None
    written: Path | None = None
    refused: str = ""
    notes: list[str] = field(default_factory=list)
    error: str = ""


class WebPrompter(Prompter):
    """A :class:`Prompter` that reads only the answers given, then stops at the next question."""

    def __init__(self, lang: str, answers: list[str]):
        super().__init__(lang, read=self._stop, interactive=True)
        self.replay = list(answers)
        self.asking = Question("text", "")
        self.refusals: list[tuple[int, str]] = []
        self.notes: list[tuple[int, str]] = []
        self._section = ""
        self._part: tuple[int, int] | None = None
        self._in_menu = False

    def _stop(self, _prompt: str) -> str:
        self.asking.section, self.asking.part = self._section, self._part
        self.asking.key = _keys(self.lang).get(self.asking.text, "")
        raise self.asking

    def say(self, text: str) -> None:
        """Nothing is printed: the page says what it needs."""

    def warn(self, reason: str) -> None:
        self.notes.append((len(self.history), reason))

    def refuse(self, reason: str) -> None:
        self.refusals.append((len(self.history), reason))

    def section(self, title: str, number: int | None = None, total: int | None = None) -> None:
        self._section = title
        self._part = (number, total) if number is not None and total is not None else None

    def review(self, rows: list[tuple[str, str, str]]) -> None:
        self.asking = Question("review", self.t("sec.review"), rows=rows)

    def _lines(self, prompt: str) -> str:
        return self._line(prompt)  # a text area's answer is one answer, whatever its lines

    def ask(self, question: str, parse: Callable[[str], Any] = str, **kw: Any) -> Any:
        if not self._in_menu:
            hint = kw.get("suffix") or ""
            hint = "" if hint in (self.t("optional"), self.t("default", default=kw.get("default"))) else hint.strip(" ()（）")
            kind = "long" if kw.get("long") else "text"
            self.asking = Question(kind, question, optional=bool(kw.get("optional")), default=kw.get("default"), hint=hint)
        return super().ask(question, parse, **kw)

    def t(self, key: str, **values: Any) -> str:
        return super().t(_WEB_WORDS.get(key, key), **values)

    def yes_no(self, question: str, *, default: bool | None = None, optional: bool = False) -> bool | None:  # noqa: ARG002
        # A page never ticks Yes or No for the user (the terminal's [y/N] is a key press saved, but a
        # ticked button on a page is easily sent unread): the answer is theirs, or the page asks again.
        self.asking = Question("yes_no", question, optional=optional)
        return super().yes_no(question, default=None, optional=optional)

    def choose(
        self, question: str, options: list[tuple[str, str]], *, many: bool = False, optional: bool = False, default: Any = None
    ) -> Any:
        wanted = default if isinstance(default, list) else [default] if default else []
        self.asking = Question("many" if many else "one", question, optional=optional, default=list(wanted), options=options)
        self._in_menu = True
        try:
            return super().choose(question, options, many=many, optional=optional, default=default)
        finally:
            self._in_menu = False


#: The terminal's words that a page says otherwise.
_WEB_WORDS = {"bad_yes_no": "web_yes_no", "again": "web_again"}


@cache
def _keys(lang: str) -> dict[str, str]:
    from letters.interview.text import TEXT

    return {text: key for key, text in TEXT[lang].items()}


def replay(answers: list[str], lang: str, folder: Path, *, today: dt.date | None = None) -> Outcome:
    """Give the interview ``answers``; see where it stops (it writes the case file only at its very end)."""
    p = WebPrompter(lang, answers)
    outcome = Outcome()
    try:
        outcome.written = run_interview(None, lang, prompter=p, today=today, folder=folder)
    except Question as question:
        outcome.question = question
    except LettersError as exc:  # the file could not be written (taken meanwhile, a full disk)
        outcome.error = str(exc)
        outcome.question = p.asking
    given = len(answers)
    outcome.refused = next((reason for at, reason in p.refusals if at == given), "")
    outcome.notes = [note for at, note in p.notes if at == given]
    return outcome


# --- drafts: the answers so far, in a file beside the cases -----------------------------------


@dataclass
class Draft:
    """A new case being answered; saved after every answer, resumed on the next visit."""

    path: Path
    lang: str
    answers: list[str] = field(default_factory=list)
    #: Answers given after a question that was answered again: offered when the same question comes back.
    ahead: list[tuple[str, str]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)  # the question each answer answered
    updated: str = ""

    @property
    def key(self) -> str:
        return self.path.name.removesuffix(DRAFT_SUFFIX)

    @classmethod
    def create(cls, folder: Path, lang: str) -> Draft:
        draft = cls(folder / f"new-case-{secrets.token_hex(4)}{DRAFT_SUFFIX}", lang)
        draft.save()
        return draft

    @classmethod
    def open(cls, folder: Path, key: str) -> Draft | None:
        """The draft named ``key`` in ``folder`` (``None`` if there is none, or it is not a draft)."""
        if not key.startswith("new-case-") or not key[9:].isalnum() or len(key) > 40:
            return None
        path = folder / f"{key}{DRAFT_SUFFIX}"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
            return None
        answers = [str(a) for a in data["answers"]][:MAX_ANSWERS]
        asked = [str(a) for a in data.get("asked", [])][: len(answers)]
        ahead = [(str(q), str(a)) for q, a in data.get("ahead", []) if isinstance(q, str)]
        lang = data.get("lang") if data.get("lang") in ("zh", "zh-Hant", "en") else "en"
        return cls(path, str(lang), answers, ahead, asked + [""] * (len(answers) - len(asked)), str(data.get("updated", "")))

    def save(self) -> None:
        from letters.fsio import write_atomic

        self.updated = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
        data = {"lang": self.lang, "answers": self.answers, "asked": self.asked, "ahead": self.ahead, "updated": self.updated}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        write_atomic(self.path.absolute(), text.encode("utf-8"), force=True, mode=0o600)

    def delete(self) -> None:
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def suggestion(self, step: int, question: str) -> str | None:
        """The answer given before to this question: kept, or set aside when an earlier one changed (Back)."""
        if step < len(self.answers):
            return self.answers[step]
        if step == len(self.answers) and self.ahead and self.ahead[0][0] == question:
            return self.ahead[0][1]
        return None

    def take(self, step: int, question: str, text: str) -> None:
        """Keep ``text`` as the answer at ``step``.

        Changing an earlier answer sets the answers after it aside: each is offered again
        when the same question comes back in the same place, never taken unseen.
        """
        if step < len(self.answers):
            if self.answers[step] == text:
                return
            self.ahead = list(zip(self.asked[step + 1 :], self.answers[step + 1 :]))
            self.answers, self.asked = self.answers[:step], self.asked[:step]
        elif self.ahead:
            self.ahead = self.ahead[1:] if self.ahead[0][0] == question else []
        self.answers.append(text)
        self.asked.append(question)


def drafts_in(folder: Path) -> list[Draft]:
    """The unfinished new cases in ``folder``, newest first."""
    found = []
    for path in folder.glob(f"new-case-*{DRAFT_SUFFIX}"):
        draft = Draft.open(folder, path.name.removesuffix(DRAFT_SUFFIX))
        if draft is not None:
            found.append(draft)
    # ``updated`` is to the second: two drafts saved in one second are told apart by their files' times
    return sorted(found, key=lambda d: (d.updated, _mtime_ns(d.path)), reverse=True)


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
