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
    for _, _, message, _, _ in extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS):
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
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_GB.UTF-8"}, "zh"),
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
    assert nothing_due.stderr == f"错误：{case}：2026-10-10 没有应发的信：下一封是 follow-up，2026-10-19 到期（投诉没有得到答复）\n"
    assert checked.stderr.startswith(f"警告：{case}:")
    assert "incidents[0].summary: 辱骂性措辞“idiot”" in checked.stderr
    assert "下一步：follow-up，2026-10-19 到期（投诉没有得到答复）" in status.stdout
    assert "沟通经过：" in status.stdout and "已寄出：first-complaint 2026-10-05" in status.stdout
    assert unknown.returncode == 1
    assert ': complainat: 未知的键（是不是想写 "complainant"？）' in unknown.stderr  # keys stay as in the file
