"""Messages in the user's language: every message has a Chinese translation, and a Chinese locale gets it."""

from __future__ import annotations

import ast
import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import letters
from letters.locale import LOCALE_DIR, language
from tests.builders import ROOT, case_dict, write_case

PACKAGE = Path(letters.__file__).parent
PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "letters.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extracted() -> set[str | tuple[str, ...]]:
    """Every message the sources mark, as Babel's extraction finds them."""
    found: set[str | tuple[str, ...]] = set()
    method_map = [("**.py", "python"), ("serve/templates/**.html", "jinja2")]
    for _, _, message, _, _ in extract_from_dir(str(PACKAGE), method_map=method_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalog() -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    with PO.open("rb") as fh:
        return {(m.id if isinstance(m.id, str) else tuple(m.id)): m.string for m in read_po(fh) if m.id}


def test_every_message_in_the_sources_has_a_chinese_translation() -> None:
    messages, translations = extracted(), catalog()

    missing = sorted(str(m) for m in messages if m not in translations)
    untranslated = sorted(str(m) for m, s in translations.items() if not (s if isinstance(s, str) else all(s)))
    stale = sorted(str(m) for m in translations if m not in messages)
    assert (missing, untranslated, stale) == ([], [], []), "run python tools/update_catalogs.py and translate"
    assert len(messages) > 200


def test_translations_keep_every_placeholder() -> None:
    def fields(text: str) -> set[str]:
        return set(re.findall(r"\{(\w*)[^{}]*\}", text)) | set(re.findall(r"%\((\w+)\)s", text))

    wrong = []
    for message, translation in catalog().items():
        ids = [message] if isinstance(message, str) else list(message)
        texts = [translation] if isinstance(translation, str) else list(translation)
        allowed = set().union(*(fields(i) for i in ids))
        if any(not fields(t) <= allowed for t in texts) or (isinstance(message, str) and fields(texts[0]) != allowed):
            wrong.append(message)
    assert wrong == []


def test_the_shipped_mo_is_the_compiled_po() -> None:
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)

    for message, translation in catalog().items():
        if isinstance(message, str):
            assert compiled.gettext(message) == translation, message
        else:
            assert compiled.ngettext(message[0], message[1], 2) == translation[0], message


def test_no_function_shadows_the_translation_function() -> None:
    """``for _, x in …`` in a function that also calls ``_()`` would call a tuple."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))]:
            stack, nodes = list(ast.iter_child_nodes(scope)), []
            while stack:
                node = stack.pop()
                nodes.append(node)
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                    stack.extend(ast.iter_child_nodes(node))
            binds = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in nodes)
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in nodes)
            if binds and calls:
                offenders.append(f"{path.relative_to(PACKAGE)}:{getattr(scope, 'lineno', 0)}")
    assert offenders == []


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_GB.UTF-8"}, "zh-Hant"),
        ({"LANG": "zh_HK.UTF-8"}, "zh-Hant"),
        ({"LANGUAGE": "zh_Hant_HK:en"}, "zh-Hant"),
        ({"LETTERS_LANG": "zh-Hant"}, "zh-Hant"),
        ({"LANG": "zh_SG.UTF-8"}, "zh"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "C.UTF-8"}, "zh"),
        ({"LETTERS_LANG": "zh", "LANG": "C.UTF-8"}, "zh"),
        ({"LETTERS_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    for name in ("LETTERS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert language() == expected


def run(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LETTERS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "letters", *args],
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_is_chinese_under_a_chinese_locale() -> None:
    result = run({"LANG": "zh_CN.UTF-8"}, "generate", "--help")

    assert result.returncode == 0
    assert result.stdout.startswith("用法: letters generate [OPTIONS] CASE")
    assert "为案件的某一阶段写信，写入 OUT/<case_id>/<stage>.<format>。" in result.stdout
    assert "选项:" in result.stdout and "显示本帮助并退出。" in result.stdout
    assert "--stage" in result.stdout and "--record" in result.stdout  # options keep their names


def test_letters_lang_overrides_the_locale_both_ways() -> None:
    chinese = run({"LETTERS_LANG": "zh", "LANG": "C.UTF-8"}, "--help")
    english = run({"LETTERS_LANG": "en", "LANG": "zh_CN.UTF-8"}, "--help")

    assert "为投诉公司客服起草一步步跟进的信件。" in chinese.stdout
    assert english.stdout.startswith("Usage: letters [OPTIONS] COMMAND [ARGS]...")
    assert "Draft the letters that pursue a complaint" in english.stdout


def test_usage_errors_are_chinese() -> None:
    result = run({"LANG": "zh_CN.UTF-8"}, "generate", "case.yaml", "--stage", "bogus")

    assert result.returncode == 2
    assert "错误：'--stage' / '-s' 的值无效：'bogus' 不是" in result.stderr
    assert "运行 'letters generate --help' 查看帮助。" in result.stderr


def test_errors_warnings_and_status_are_chinese_with_field_names_kept(tmp_path: Path) -> None:
    data = case_dict("en", contacts=[{"date": "2026-10-05", "kind": "complaint"}])
    data["incidents"][0]["summary"] = "The agent was an idiot."
    case = write_case(tmp_path, data)
    broken = write_case(tmp_path, {**case_dict("en"), "complainat": {"name": "x"}}, name="broken.yaml")
    zh = {"LANG": "zh_CN.UTF-8"}

    nothing_due = run(zh, "generate", str(case), "--on", "2026-10-10", "--out", str(tmp_path / "out"))
    checked = run(zh, "validate", str(case), "--on", "2026-10-10")
    status = run(zh, "status", str(case), "--on", "2026-10-10")
    unknown = run(zh, "validate", str(broken))

    assert nothing_due.returncode == 1
    assert nothing_due.stderr == f"错误：{case}: 2026-10-10 没有应发的信：下一封是 follow-up，2026-10-19 到期（投诉没有得到答复）\n"
    assert checked.stderr.startswith(f"警告：{case}:")
    assert "incidents[0].summary: 辱骂性措辞“idiot”" in checked.stderr
    assert "下一步：follow-up，2026-10-19 到期（投诉没有得到答复）" in status.stdout
    assert "沟通经过：" in status.stdout and "已寄出：first-complaint 2026-10-05" in status.stdout
    assert unknown.returncode == 1
    assert ': complainat: 未知的键（是不是想写 "complainant"？）' in unknown.stderr  # keys stay as in the file


# --- no English message outside the catalog -------------------------------------------------

#: Not CLI messages, or not ours to word: left out of the scan.
NOT_SCANNED = (
    "viewmodel/",  # letter text, in the letter's language (letters/phrasebook PHRASES)
    "phrasebook/",  # the letter languages' words
    "interview/text.py",  # the interview's own tables, in the language of --lang
    "casefile/writer.py",  # the comments of a case file, in the case's language
)
#: English that must stay English, each with why: (file, the start of the text).
STAYS_ENGLISH = {
    # Python's own wording for a missing module attribute, as every module says it.
    ("__init__.py", "module 'letters' has no attribute "),
    # Why the compiled .docx engine hands a template to docxtpl: internal, never shown
    # (fallback_reason is for tests and benchmarks), and python-docx's own wording for the
    # 255-character core property, which docxtpl's path reports the same way.
    ("render/engine.py", " is encrypted or uses an unusual compression"),
    ("render/engine.py", " does not hold the "),
    ("render/engine.py", " bytes its directory entry says"),
    ("render/engine.py", "no main document part"),
    ("render/engine.py", "no core properties part (python-docx would create one)"),
    ("render/engine.py", "no document body"),
    ("render/engine.py", "drawings or images (docxtpl renumbers their ids)"),
    ("render/engine.py", "footnotes in a document of several sections"),
    ("render/engine.py", "an unusual document element"),
    ("render/engine.py", "drawings or images in a header or footer"),
    ("render/engine.py", "core property "),
    ("render/engine.py", " exceeded the 255 character limit"),
    # The TypeErrors of str.format_map itself, as Python words them for every other call.
    ("render/env.py", "format_map() takes no keyword arguments"),
    ("render/env.py", "format_map() takes exactly one argument ("),
    # The manifest's notes are values scripts compare ("exists"), not messages.
    ("batch/case.py", "kept existing: "),
    ("batch/pdfs.py", "kept existing: "),
    ("batch/pdfs.py", "kept the other formats, which existed"),
    # The X-Letters-Note header is part of the e-mail draft, an output file like the letter.
    ("render/eml.py", "No recipient address: "),
    ("render/eml.py", " is not in the case file; fill in To yourself or add it to the case file."),
    ("render/eml.py", " Many consumer bodies take complaints on their website ("),
    ("render/eml.py", "): attach the PDF there."),
    ("render/eml.py", "No sender address: complainant.email is not in the case file."),
    # pydantic's prefix, removed from its message (not shown).
    ("interview/ask.py", "Value error, "),
}
_WORDS = re.compile(r"[A-Za-z]{2,}[\s,;:]+[A-Za-z]{2,}")
_MARKERS = {"_", "N_", "ngettext"}
#: Calls whose arguments reach the user: printing, warnings, errors and problems.
_SINKS = {"echo", "secho", "print", "warning", "error", "fail", "warn", "Problem", "RecordProblem", "single", "problem", "report"}
_MESSAGE_NAMES = {"message", "reason", "note", "detail", "why", "hint", "estimate", "where", "when"}


def _called(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _is_sink(call: ast.Call) -> bool:
    name = _called(call.func)
    if name in _SINKS or name.endswith(("Error", "Exception")) or name in {"RunawayTemplate", "InterviewStopped", "_Unsupported"}:
        return True
    if name == "append" and isinstance(call.func, ast.Attribute):  # problems.append("…"), warnings.append(…)
        return any(w in ast.unparse(call.func.value).lower() for w in ("problem", "warning", "lines"))
    return False


def _english(expr: ast.expr) -> list[str]:
    """String constants with English words in ``expr``, outside ``_()``/``N_()``/``ngettext()``
    (and outside the arguments-free template of ``_("…").format(…)``)."""
    found: list[str] = []
    stack: list[ast.AST] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call) and _called(node.func) in _MARKERS:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _WORDS.search(node.value):
            found.append(node.value)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def test_no_user_facing_english_literal_escapes_the_catalog() -> None:
    """Every message printed, raised or reported is marked for the catalog: a literal with
    English words passed to ``click.echo``, a warning or error, an exception or a problem (or
    assigned to a ``message``/``reason``… variable) must be inside ``_()``; f-strings too, as
    Babel cannot extract them."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(NOT_SCANNED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            values: list[ast.expr] = []
            if isinstance(node, ast.Call) and _is_sink(node):
                values = [*node.args, *(k.value for k in node.keywords)]
            elif isinstance(node, ast.Call):
                values = [k.value for k in node.keywords if k.arg in ("help", "message", "reason", "label", "prompt")]
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if {_called(t) if isinstance(t, ast.Attribute) else getattr(t, "id", "") for t in targets} & _MESSAGE_NAMES:
                    values = [node.value]
            found |= {(rel, text) for value in values for text in _english(value)}

    assert sorted(found - STAYS_ENGLISH) == []
    assert sorted(STAYS_ENGLISH - found) == []  # the list keeps up with the code


def test_the_scan_finds_an_unmarked_message() -> None:
    source = 'raise StageError(path, stage, f"needs the {kind} in contacts")\nclick.echo("Wrote the file")\nok = _("Wrote {path}")'
    tree = ast.parse(source)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _is_sink(n)]

    assert sorted(t for c in calls for a in c.args for t in _english(a)) == [" in contacts", "Wrote the file", "needs the "]


HANT_PO = LOCALE_DIR / "zh_Hant" / "LC_MESSAGES" / "letters.po"


def test_the_traditional_catalog_is_the_simplified_one_converted() -> None:
    pytest.importorskip("opencc")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from update_catalogs import traditional_catalog
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert HANT_PO.read_bytes() == traditional_catalog(PO), "run python tools/update_catalogs.py (zh_Hant is made from zh)"
    with HANT_PO.open("rb") as fh:
        hant = {m.id: m.string for m in read_po(fh) if m.id}
    assert hant.keys() == catalog().keys() and all(hant.values())
    with HANT_PO.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for message, translation in hant.items():
        if isinstance(message, str):
            assert compiled.gettext(message) == translation, message


def test_the_traditional_messages_are_written_the_hong_kong_way() -> None:
    """Hong Kong prints 啟, 才 and 台 (Taiwan's standard keeps 啓, 纔, 臺), counts a computer with
    部, and calls a complaint a 個案 (案件 is a court's or the police's word there): in the
    catalog, and in ``letters new``'s questions and the notes it writes into a case file."""
    from letters.phrasebook.zh_hant import INTERVIEW_ZH_HANT, YAML_NOTES_ZH_HANT

    texts = [HANT_PO.read_text(encoding="utf-8"), repr(INTERVIEW_ZH_HANT), repr(YAML_NOTES_ZH_HANT)]
    for text in texts:
        assert not re.findall("[啓纔臺]|案件|這台電腦|寬帶|燃氣|文檔|聲明瞭", text)
    assert "只在這部電腦上" in texts[0] and "新建個案" in texts[0]


def test_a_hong_kong_or_taiwan_locale_gets_traditional_messages(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("zh", staff={}))
    result = run({"LANG": "zh_HK.UTF-8"}, "validate", str(case))
    assert result.returncode == 1
    assert "staff" in result.stderr and ("至少" in result.stderr or "須" in result.stderr or "需" in result.stderr), result.stderr
    simplified = set("个须简体检查")  # characters a Traditional message never has
    assert not (set(result.stderr) & simplified), result.stderr
    help_text = run({"LC_ALL": "zh_TW.UTF-8"}, "init", "--help").stdout
    assert "如果 PATH 處的個案檔案已存在，則替換它。" in help_text
