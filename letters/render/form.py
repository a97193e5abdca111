"""``--format form``: the fields of the consumer body's online form, in its order, ready to paste.

The fields and their text are the view model's ``authority.form_fields`` (built in
letters/viewmodel/authority.py from the body's profile), so the form says what the filing says.
"""

from __future__ import annotations

from typing import Any

from letters.casefile.terms import Stage
from letters.errors import FormError
from letters.locale import _
from letters.phrasebook import PHRASES, chinese

__all__ = ["FORM_STAGE", "no_form_reason", "render_form"]

#: The one stage whose letter goes to a consumer body.
FORM_STAGE = Stage.CONSUMER_ASSOCIATION.value


def no_form_reason(context: dict[str, Any]) -> str:
    """Why no form can be written for this filing ("" when one can): the form is then skipped
    with this as a ``Warning:``, and the other formats are written."""
    authority = context["authority"]
    if context["stage"] != FORM_STAGE or authority["form_fields"]:
        return ""
    body = authority["name"] or _("the consumer body (none is known for this case)")
    return _(
        "--format form: no online form is known for {body}, so no form file is written "
        "(letters knows the forms of 全国12315平台, the Hong Kong Consumer Council, the CFPB and the Financial Ombudsman Service)"
    ).format(body=body)


def render_form(context: dict[str, Any]) -> bytes:
    """The ``<stage>.form.txt`` text (UTF-8) of the filing whose view model is ``context``."""
    authority = context["authority"]
    lang = str(context["lang"])
    zh = chinese(lang)
    if context["stage"] != FORM_STAGE:
        raise FormError(
            _("{case_id}: --format form is only for the {stage} stage (the consumer body's online form)").format(
                case_id=context["case_id"], stage=FORM_STAGE
            )
        )
    fields = authority["form_fields"]
    title = authority["channel"] or authority["name"]
    blank = PHRASES[lang]["text"]["form_missing"] if zh else "(not in the case file: fill this in yourself)"
    lines = [
        PHRASES[lang]["text"]["form_title"].format(title=title)
        if zh
        else f"{title}: the online complaint form's fields, in its order, ready to paste."
    ]
    if authority["website"]:
        lines.append(authority["website"])
    for field in fields:
        lines += ["", f"【{field['label']}】" if zh else f"== {field['label']} ==", field["value"] or _missing(field, blank, lang)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _missing(field: dict[str, Any], blank: str, lang: str) -> str:
    """The blank a field with no value gets, naming the case-file key that would fill it."""
    key = field.get("missing", "")
    if not key:
        return blank
    return {
        "zh": "（案件文件中没有：请添加 {key}）",
        "zh-Hant": "（個案檔案中沒有：請加入 {key}）",
    }.get(lang, "(not in the case file: add {key})").format(key=key)
