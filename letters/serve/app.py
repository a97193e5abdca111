"""The web app of ``letters serve``: pages over a folder of case files.

Every page reads the case files again; every change goes through the library the command
line uses (the interview for a new case, the logbook for the contacts log), so a browser
can do nothing the command line would refuse. Plain HTML forms; no JavaScript.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from letters.errors import LettersError
from letters.locale import _, speaking
from letters.serve import cases
from letters.serve.interview import Draft, Outcome, Question, drafts_in, replay
from letters.serve.security import HEADERS, Keys, check_csrf, check_request

__all__ = ["UI_LANGUAGES", "create_app", "ui_language"]

#: The interface's languages, as the switch on every page names them (each in its own script).
UI_LANGUAGES = (("zh", "简体中文"), ("zh-Hant", "繁體中文"), ("en", "English"))
LANG_COOKIE = "letters_lang"
#: The formats a page offers to download, in this order (pdf only where LibreOffice is installed).
DOWNLOADS = ("docx", "pdf", "txt", "eml", "form")
_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "eml": "message/rfc822",
    "form": "text/plain; charset=utf-8",
}
Handler = Callable[[Request], Awaitable[Response]]


def ui_language(request: Request) -> str:
    """The switch's choice (a cookie), else the browser's Accept-Language, else English."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in dict(UI_LANGUAGES):
        return str(chosen)
    return accept_language(request.headers.get("accept-language", ""))


def accept_language(header: str) -> str:
    """``zh-TW,zh;q=0.9`` → ``zh-Hant``; ``zh-CN`` → ``zh``; the first language we speak, by weight."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        ranked.append((-weight, position, tag.strip().lower()))
    for _weight, _position, tag in sorted(ranked):
        if tag.startswith("zh"):
            region = tag[2:].strip("-_").split("-")
            return "zh-Hant" if region[0] in ("hant", "tw", "hk", "mo") else "zh"
        if tag.startswith("en") or tag == "*":
            return "en"
    return "en"


class Pages:
    """The routes' handlers, over one folder."""

    def __init__(self, folder: Path, today: Callable[[], dt.date]):
        import jinja2

        self.folder = folder
        self.today = today
        #: What the last change to each case did, shown once on its page after the redirect.
        self.flash: dict[str, str] = {}
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("letters.serve", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(_=_, UI_LANGUAGES=UI_LANGUAGES, quote=lambda s: quote(s, safe=""))

    # --- rendering ------------------------------------------------------------------------

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = request.state.lang
        html = self.env.get_template(template).render(
            lang=lang,
            csrf=request.app.state.keys.csrf,
            here=request.url.path,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def refuse(self, request: Request, status: int, message: str) -> HTMLResponse:
        titles = {403: _("Not allowed"), 404: _("Not found"), 400: _("Not accepted"), 413: _("Too large")}
        return self.page(request, "problem.html", status, title=titles.get(status, _("Problem")), message=message)

    def expired(self, request: Request) -> HTMLResponse:
        """A POST whose CSRF token is missing or wrong: nothing was done."""
        return self.refuse(request, 403, _("This form has expired; go back, reload the page and send it again."))

    def no_case(self, request: Request) -> HTMLResponse:
        """A case name that is not a case file of this folder."""
        return self.refuse(request, 404, _("There is no case file by that name in this folder."))

    async def form(self, request: Request, **limits: int) -> Any:
        """The POSTed form, once its CSRF token is checked (``None`` when it is missing or wrong)."""
        form = await request.form(**limits)
        if not check_csrf(request, form.get("csrf")):
            return None
        return form

    async def case_form(self, request: Request) -> tuple[Any, Path] | Response:
        """The form POSTed about a case and its case file, or the page that refuses it
        (an expired form, a name that is no case of this folder)."""
        form = await self.form(request)
        if form is None:
            return self.expired(request)
        path = self._case(request)
        if path is None:
            return self.no_case(request)
        return form, path

    # --- the list of cases ----------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        on = self.today()
        rows = cases.list_cases(self.folder, on, request.state.lang)
        return self.page(
            request,
            "home.html",
            title=_("Your cases"),
            rows=rows,
            drafts=drafts_in(self.folder),
            folder=str(self.folder),
            stage_name=cases.stage_name,
        )

    async def switch_language(self, request: Request) -> Response:
        code = request.path_params["code"]
        target = request.query_params.get("next", "/")
        if not target.startswith("/") or target.startswith("//") or "\\" in target:
            target = "/"
        response = RedirectResponse(target, status_code=303)
        if code in dict(UI_LANGUAGES):
            response.set_cookie(LANG_COOKIE, code, httponly=True, samesite="strict", path="/", max_age=365 * 86400)
        return response

    # --- a new case, one question per page --------------------------------------------------

    async def new_case(self, request: Request) -> Response:
        if await self.form(request) is None:
            return self.expired(request)
        draft = Draft.create(self.folder, request.state.lang)
        return RedirectResponse(f"/new/{draft.key}/0", status_code=303)

    def _draft(self, request: Request) -> Draft | None:
        return Draft.open(self.folder, request.path_params["key"])

    async def draft_start(self, request: Request) -> Response:
        draft = self._draft(request)
        if draft is None:
            return self.refuse(request, 404, _("There is no unfinished case by that name here."))
        return RedirectResponse(f"/new/{draft.key}/{len(draft.answers)}", status_code=303)

    def _replay(self, request: Request, answers: list[str]) -> Outcome:
        """The interview in the page's language: answers are kept language-free (numbers, y/n, values)."""
        return replay(answers, request.state.lang, self.folder, today=self.today())

    def _question_at(self, request: Request, draft: Draft, step: int) -> Question | None:
        return self._replay(request, draft.answers[:step]).question

    def _question_page(
        self, request: Request, draft: Draft, step: int, question: Question, *, value: Any = None, error: str = "", status: int = 200
    ) -> Response:
        notes = self._replay(request, draft.answers[:step]).notes if step and not error else []
        if value is None:
            value = draft.suggestion(step, question.text)
            if value is None:
                value = question.default
        extra = _("(optional)") if question.optional else ""  # the brackets are the language's own: （可选）
        title = question.text if question.kind != "review" else _("Check your answers")
        if error:
            title = _("Error: {title}").format(title=title)
        return self.page(
            request,
            "question.html",
            status,
            title=title,
            draft=draft,
            step=step,
            q=question,
            value=value,
            selected=_selected(question, value),
            error=error,
            notes=notes,
            optional_word=extra,
            back=f"/new/{draft.key}/{step - 1}" if step > 0 else "/",
        )

    async def draft_step(self, request: Request) -> Response:
        draft = self._draft(request)
        step = request.path_params["step"]
        if draft is None or step > len(draft.answers):
            return self.refuse(request, 404, _("There is no such question in this case; it may have been finished or deleted."))
        question = self._question_at(request, draft, step)
        if question is None:
            return self.refuse(request, 404, _("There is no such question in this case; it may have been finished or deleted."))
        return self._question_page(request, draft, step, question)

    async def draft_answer(self, request: Request) -> Response:
        form = await self.form(request)
        if form is None:
            return self.expired(request)
        draft = self._draft(request)
        step = request.path_params["step"]
        if draft is None or step > len(draft.answers):
            return self.refuse(request, 404, _("There is no such question in this case; it may have been finished or deleted."))
        question = self._question_at(request, draft, step)
        if question is None:
            return self.refuse(request, 404, _("There is no such question in this case; it may have been finished or deleted."))
        if form.get("action") == "save-later":
            return RedirectResponse("/?saved=" + quote(draft.key), status_code=303)
        text = _answer_text(question, form)
        return self._take(request, draft, step, question, [text], shown=form.getlist("answer") if question.kind == "many" else text)

    def _take(self, request: Request, draft: Draft, step: int, question: Question, texts: list[str], *, shown: Any) -> Response:
        """Answers given at ``step``: kept if the interview takes them, else the page again with the reason."""
        candidate = Draft(draft.path, draft.lang, list(draft.answers), list(draft.ahead), list(draft.asked))
        at = step
        for text in texts:
            asked = question.text if at == step else f"{question.text}#{at}"
            candidate.take(at, asked, text)
            at += 1
        outcome = self._replay(request, candidate.answers)
        if outcome.refused or outcome.error:
            shown_question = question if len(texts) == 1 else (self._question_at(request, candidate, step + 1) or question)
            return self._question_page(
                request, draft, step, shown_question, value=shown, error=outcome.refused or outcome.error, status=400
            )
        if outcome.written is not None:
            draft.delete()
            name = outcome.written.name
            return RedirectResponse(f"/case/{quote(name, safe='')}?new=1", status_code=303)
        candidate.save()
        return RedirectResponse(f"/new/{draft.key}/{at}", status_code=303)

    async def draft_change(self, request: Request) -> Response:
        """A change link on the check-your-answers page: that answer's question, filled in."""
        draft = self._draft(request)
        step, number = request.path_params["step"], request.path_params["number"]
        if draft is None or step > len(draft.answers):
            return self.refuse(request, 404, _("There is no such question in this case; it may have been finished or deleted."))
        review = self._question_at(request, draft, step)
        if review is None or review.kind != "review" or not 1 <= number <= len(review.rows):
            return self.refuse(request, 404, _("There is no such answer to change."))
        outcome = self._replay(request, [*draft.answers[:step], str(number)])
        assert outcome.question is not None
        if request.method == "POST":
            form = await self.form(request)
            if form is None:
                return self.expired(request)
            text = _answer_text(outcome.question, form)
            candidate = Draft(draft.path, draft.lang, [*draft.answers[:step], str(number), text], [], [])
            result = self._replay(request, candidate.answers)
            if result.refused or result.error:
                return self._change_page(request, draft, step, number, outcome.question, value=text, error=result.refused or result.error)
            draft.answers = candidate.answers
            draft.asked = [*draft.asked[:step], review.text, outcome.question.text]
            draft.ahead = []
            draft.save()
            return RedirectResponse(f"/new/{draft.key}/{len(draft.answers)}", status_code=303)
        return self._change_page(request, draft, step, number, outcome.question)

    def _change_page(
        self, request: Request, draft: Draft, step: int, number: int, question: Question, *, value: Any = None, error: str = ""
    ) -> Response:
        if value is None:
            value = question.default
        extra = _("(optional)") if question.optional else ""  # the brackets are the language's own: （可选）
        title = question.text if not error else _("Error: {title}").format(title=question.text)
        return self.page(
            request,
            "question.html",
            400 if error else 200,
            title=title,
            draft=draft,
            step=step,
            q=question,
            value=value,
            selected=_selected(question, value),
            error=error,
            notes=[],
            optional_word=extra,
            back=f"/new/{draft.key}/{step}",
            action=f"/new/{draft.key}/{step}/change/{number}",
        )

    async def draft_delete(self, request: Request) -> Response:
        if await self.form(request) is None:
            return self.expired(request)
        draft = self._draft(request)
        if draft is not None:
            draft.delete()
        return RedirectResponse("/", status_code=303)

    # --- one case -------------------------------------------------------------------------

    def _case(self, request: Request) -> Path | None:
        try:
            return cases.case_path(self.folder, request.path_params["name"])
        except cases.NoSuchCase:
            return None

    async def case(
        self, request: Request, *, message: str = "", errors: list[str] | None = None, status: int = 200, filled: Any = None
    ) -> Response:
        from letters.casefile.load import load_case
        from letters.casefile.terms import EvidenceKind
        from letters.phrasebook import PHRASES
        from letters.pipeline import case_warnings
        from letters.plan.jurisdiction import check_jurisdiction
        from letters.plan.stages import STAGES
        from letters.plan.status import status_report
        from letters.render.pdf import find_soffice

        path = self._case(request)
        if path is None:
            return self.no_case(request)
        lang, on = request.state.lang, self.today()
        name = path.name
        if request.method == "GET":
            message = message or self.flash.pop(name, "")
        try:
            case_file = load_case(path, on=on)
            check_jurisdiction(case_file)
            report = status_report(case_file, on)
        except LettersError as exc:
            return self.page(
                request,
                "case_broken.html",
                max(status, 200) if errors else 200,
                title=_("{name} cannot be read").format(name=name),
                name=name,
                problems=[line for line in str(exc).splitlines() if line],
                errors=errors or [],
            )
        sent = list(report["sent"])
        wanted = request.query_params.get("stage")
        stage = wanted if wanted in STAGES else report["next_stage"] or (sent[-1] if sent else "first-complaint")
        try:
            paragraphs, letter_warnings = cases.preview(case_file, stage, on)
            preview_error: list[str] = []
        except LettersError as exc:
            paragraphs, letter_warnings, preview_error = [], [], [line for line in str(exc).splitlines() if line]
        due, overdue = cases.due_words(case_file, on, lang)
        # the form's fields are the consumer body's; a PDF needs LibreOffice
        formats = [f for f in DOWNLOADS if (f != "pdf" or find_soffice()) and (f != "form" or stage == "consumer-association")]
        contacts = cases.contact_rows(case_file, lang)
        promises = [row for row in contacts if row.get("promise") and not row.get("kept")]
        return self.page(
            request,
            "case.html",
            status,
            title=_("Case {case_id}").format(case_id=case_file.case.case_id),
            name=name,
            case=case_file.case,
            report=report,
            due=due,
            overdue=overdue,
            stage=stage,
            stages=STAGES,
            stage_name=cases.stage_name,
            paragraphs=paragraphs,
            preview_error=preview_error,
            warnings=[*case_warnings(case_file), *letter_warnings],
            formats=formats,
            contacts=contacts,
            promises=promises,
            today=on.isoformat(),
            message=message or (_("The case file was written: {name}.").format(name=name) if request.query_params.get("new") else ""),
            errors=errors or [],
            filled=defaultdict(str, filled or {}),
            max_upload_mb=cases.MAX_UPLOAD // (1024 * 1024),
            evidence_kinds=[(k.value, PHRASES[lang]["evidence"].get(k.value, k.value)) for k in EvidenceKind],
            v2=_has_v2(),
            clocks=report["clocks"],
        )

    async def download(self, request: Request) -> Response:
        from letters.casefile.load import load_case
        from letters.plan.stages import STAGES

        path = self._case(request)
        stage, fmt = request.path_params["stage"], request.path_params["fmt"]
        if path is None or stage not in STAGES or fmt not in DOWNLOADS:
            return self.refuse(request, 404, _("There is no such letter to download."))
        try:
            case_file = load_case(path, on=self.today())
            file_name, data = cases.letter_file(case_file, stage, fmt, self.today())
        except LettersError as exc:
            return self.page(
                request,
                "problem.html",
                400,
                title=_("The letter cannot be made"),
                message="",
                problems=[line for line in str(exc).splitlines() if line],
                back=f"/case/{quote(path.name, safe='')}",
            )
        disposition = f"attachment; filename=\"{_ascii_name(file_name)}\"; filename*=UTF-8''{quote(file_name)}"
        return Response(data, media_type=_MEDIA[fmt], headers={"content-disposition": disposition})

    async def record_sent(self, request: Request) -> Response:
        from letters.casefile.logbook import record_stage_sent
        from letters.plan.stages import STAGES

        sent = await self.case_form(request)
        if isinstance(sent, Response):
            return sent
        form, path = sent
        stage = str(form.get("stage", ""))
        filled = {k: str(form.get(k, "")) for k in ("stage", "sent_on", "sent_channel", "sent_reference")}
        errors = []
        if stage not in STAGES:
            errors.append(_("choose which letter was sent"))
        on, problem = _date(filled["sent_on"], self.today())
        if problem:
            errors.append(problem)
        if errors:
            return await self.case(request, errors=errors, status=400, filled=filled)
        assert on is not None
        try:
            done = record_stage_sent(
                path, stage, on, channel=filled["sent_channel"].strip() or None, reference=filled["sent_reference"].strip() or None
            )
        except LettersError as exc:
            return await self.case(request, errors=str(exc).splitlines(), status=400, filled=filled)
        message = _("Recorded: {stage} sent on {date}.") if done else _("{stage} was already recorded as sent on {date}.")
        return await self._after(request, message.format(stage=cases.stage_name(stage, request.state.lang), date=on.isoformat()))

    async def log_reply(self, request: Request) -> Response:
        from letters.casefile.logbook import append_contact

        sent = await self.case_form(request)
        if isinstance(sent, Response):
            return sent
        form, path = sent
        keys = ("reply_on", "reply_channel", "reply_reference", "reply_summary", "verdict", "promise", "promise_by", "final")
        filled = {k: str(form.get(k, "")) for k in keys}
        errors = []
        on, problem = _date(filled["reply_on"], self.today())
        if problem:
            errors.append(problem)
        extra: dict[str, Any] = {}
        if filled["promise"].strip() or filled["promise_by"].strip():
            if not _has_v2():
                errors.append(_("this version of letters cannot record a promise yet"))
            else:
                by, problem = _date(filled["promise_by"], None, field=_("the date it was promised by"))
                if problem:
                    errors.append(problem)
                extra.update(promise=filled["promise"].strip() or None, promise_by=by)
        if filled["final"] and _has_v2():
            extra["final"] = True
        if errors:
            return await self.case(request, errors=errors, status=400, filled=filled)
        assert on is not None
        verdict = {"yes": True, "no": False}.get(filled["verdict"])
        try:
            append_contact(
                path,
                kind="reply",
                date=on,
                channel=filled["reply_channel"].strip() or None,
                reference=filled["reply_reference"].strip() or None,
                summary=filled["reply_summary"].strip() or None,
                satisfactory=verdict,
                on=self.today(),
                **extra,
            )
        except (LettersError, TypeError) as exc:
            return await self.case(request, errors=str(exc).splitlines(), status=400, filled=filled)
        return await self._after(request, _("Logged the reply of {date}.").format(date=on.isoformat()))

    async def mark_kept(self, request: Request) -> Response:
        from letters.casefile.logbook import amend_contact

        sent = await self.case_form(request)
        if isinstance(sent, Response):
            return sent
        form, path = sent
        number = str(form.get("entry", ""))
        if not number.isdigit():
            return await self.case(request, errors=[_("choose the promise that was kept")], status=400)
        try:
            amend_contact(path, int(number), {"kept": True}, on=self.today())
        except LettersError as exc:
            return await self.case(request, errors=str(exc).splitlines(), status=400)
        return await self._after(request, _("Marked the promise in entry {number} as kept.").format(number=number))

    async def upload(self, request: Request) -> Response:
        from letters.casefile.logbook import add_evidence

        path = self._case(request)
        if path is None:
            return self.no_case(request)
        limit = cases.MAX_UPLOAD
        length = request.headers.get("content-length")
        too_large = _("The file is larger than {limit} MB; nothing was saved.").format(limit=limit // (1024 * 1024))
        if length is None or not length.isdigit() or int(length) > limit + 64 * 1024:
            return await self.case(request, errors=[too_large], status=413)
        form = await self.form(request, max_files=1, max_fields=10, max_part_size=64 * 1024)
        if form is None:
            return self.expired(request)
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return await self.case(request, errors=[_("choose a file to upload")], status=400)
        data = await upload.read(limit + 1)
        filled = {k: str(form.get(k, "")) for k in ("evidence_kind", "evidence_description", "evidence_date")}
        day, problem = _date(filled["evidence_date"], None) if filled["evidence_date"].strip() else (None, "")
        if problem or not filled["evidence_description"].strip():
            reason = problem or _("describe the evidence in one line (it is listed in the letter)")
            return await self.case(request, errors=[reason], status=400, filled=filled)
        try:
            relative, digest = cases.save_upload(self.folder, upload.filename, data)
        except cases.UploadError as exc:
            status = 413 if len(data) > limit else 400
            return await self.case(
                request, errors=[_("{name}: {reason}").format(name=upload.filename, reason=exc)], status=status, filled=filled
            )
        try:
            saved = add_evidence(
                path,
                kind=filled["evidence_kind"],
                description=filled["evidence_description"].strip(),
                file=relative,
                date=day,
                on=self.today(),
            )
        except LettersError as exc:
            (self.folder / relative).unlink(missing_ok=True)  # the file goes with the entry that could not be made
            return await self.case(request, errors=str(exc).splitlines(), status=400, filled=filled)
        message = _("Saved {file} ({size} bytes), SHA-256 {sha256}, and listed it in the case as evidence {id}.").format(
            file=relative, size=len(data), sha256=digest, id=saved.case.evidence_ids()[-1]
        )
        return await self._after(request, message)

    async def _after(self, request: Request, message: str) -> Response:
        """Done: back to the case page by a redirect (reloading it sends nothing again), saying what was done."""
        name = request.path_params["name"]
        self.flash[name] = message
        return RedirectResponse(f"/case/{quote(name, safe='')}", status_code=303)


def _has_v2() -> bool:
    """Whether the case model knows replies' promises (case format version 2)."""
    from letters.casefile.model import Contact

    return "promise" in Contact.model_fields


def _ascii_name(name: str) -> str:
    return "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in name)


def _date(text: str, default: dt.date | None, *, field: str | None = None) -> tuple[dt.date | None, str]:
    """A date from a form (the loose spellings the case file accepts), or why it is not one."""
    from letters.casefile.model import loose_date

    text = text.strip()
    if not text:
        if default is not None:
            return default, ""
        return None, _("{field}: give a date").format(field=field or _("date"))
    try:
        return dt.date.fromisoformat(str(loose_date(text))), ""
    except ValueError:
        return None, _("{field}: {value!r} is not a date; write it as YYYY-MM-DD").format(field=field or _("date"), value=text)


def _answer_text(question: Question, form: Any) -> str:
    """The answer as the interview reads a line: menu choices as their numbers, yes/no as y or n."""
    if question.kind == "many":
        return " ".join(str(v) for v in form.getlist("answer"))
    if question.kind == "review":
        return ""
    value = form.get("answer", "")
    text = value if isinstance(value, str) else ""
    # as a terminal line is read: without the spaces around it (each line of a long answer too)
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def _selected(question: Question, value: Any) -> list[str]:
    """Which menu items are chosen, as the values the form sends (their numbers)."""
    if question.kind not in ("one", "many"):
        return []
    chosen = value if isinstance(value, list) else str(value or "").replace(",", " ").split()
    numbers = []
    for item in chosen:
        for number, (option, _label) in enumerate(question.options, 1):
            if item in (option, str(number)):
                numbers.append(str(number))
    return numbers


def _guarded(pages: Pages, handler: Handler) -> Handler:
    async def endpoint(request: Request) -> Response:
        request.state.lang = ui_language(request)
        with speaking(request.state.lang):
            verdict = check_request(request)
            if isinstance(verdict, Response):
                response = verdict
            elif verdict is not None:
                response = pages.refuse(request, 403, _refusal(verdict))
            else:
                try:
                    response = await handler(request)
                except Exception as exc:  # multipart limits and other refusals of the request itself
                    from starlette.exceptions import HTTPException

                    if isinstance(exc, HTTPException) and exc.status_code < 500:
                        response = pages.refuse(request, exc.status_code, str(exc.detail))
                    else:
                        raise
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        response.headers["content-language"] = request.state.lang
        return response

    return endpoint


def _refusal(reason: str) -> str:
    return {
        "token": _(
            "This link has already been used. Open the page in the browser where you first opened it, or stop letters serve and start it again for a new link."
        ),
        "cookie": _("Open this app with the link that letters serve printed when it started (it holds a one-time key)."),
        "host": _("This server answers only to its own address on this computer."),
        "origin": _("This request came from another site; it was refused."),
    }[reason]


def create_app(folder: str | Path, *, keys: Keys | None = None, today: Callable[[], dt.date] | None = None) -> Starlette:
    """The app serving ``folder``; ``keys`` holds its one-time token and session (a new one by default)."""

    root = Path(folder).resolve()
    pages = Pages(root, today or dt.date.today)

    def route(path: str, handler: Handler, methods: tuple[str, ...] = ("GET",)) -> Route:
        return Route(path, _guarded(pages, handler), methods=list(methods))

    static = Path(__file__).parent / "static"
    routes = [
        route("/", pages.home),
        route("/lang/{code}", pages.switch_language),
        route("/new", pages.new_case, ("POST",)),
        route("/new/{key}", pages.draft_start),
        route("/new/{key}/delete", pages.draft_delete, ("POST",)),
        route("/new/{key}/{step:int}", pages.draft_step),
        route("/new/{key}/{step:int}", pages.draft_answer, ("POST",)),
        route("/new/{key}/{step:int}/change/{number:int}", pages.draft_change, ("GET", "POST")),
        route("/case/{name}", pages.case),
        route("/case/{name}/letter/{stage}.{fmt}", pages.download),
        route("/case/{name}/sent", pages.record_sent, ("POST",)),
        route("/case/{name}/reply", pages.log_reply, ("POST",)),
        route("/case/{name}/kept", pages.mark_kept, ("POST",)),
        route("/case/{name}/evidence", pages.upload, ("POST",)),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.keys = keys or Keys()
    return app
