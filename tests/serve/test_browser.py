"""letters serve in a real browser: Debian's Chromium driven by Playwright against the real server.

One server (``letters serve --no-browser``, started as a user would) and one browser for the
module; each test gets a fresh tab that shares the session the one-time link opened. Every
kind of page is checked with axe-core for WCAG 2.x A/AA violations.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from letters.casefile.load import load_case
from tests.builders import docx_text
from tests.serve.webwalk import EN_CASE

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 7)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)"),
    pytest.mark.slow,  # a server and a browser
]

ZH_CASE: dict[str, Any] = {
    **EN_CASE,
    "complainant.name": "王小明",
    "complainant.email": "xiaoming@example.com",
    "company.name": "比特派 (Bitpie)",
    "staff.name": "小林",
    "staff.role": "在线客服",
    "incident.channel": "在线客服",
    "incident.summary": "我询问提币为何四天未到账，客服说“别浪费我的时间”，随后关闭了对话。",
    "loss.description": "无依据收取的加急费",
    "loss.amount": "35.50",
    "loss.currency": "CNY",
    "case.case_id": "BP-WEB-1",
}
HANT_CASE: dict[str, Any] = {
    **ZH_CASE,
    "complainant.name": "陳大文",
    "company.name": "快付錢包",
    "staff.role": "網上客服",  # the Hong Kong case in Hong Kong words, not the mainland case's
    "incident.channel": "網上客服",
    "incident.summary": "我查詢提款為何四日未到賬，客服話「唔好浪費我時間」，之後關閉了對話。",
    "loss.description": "無理收取的手續費",
    "loss.currency": "HKD",
    "case.case_id": "QP-WEB-1",
}
CASES = {"en": EN_CASE, "zh": ZH_CASE, "zh-Hant": HANT_CASE}
#: Words each letter's language must show in its first complaint.
LETTER_WORDS = {"en": "Dear Sir or Madam", "zh": "投诉", "zh-Hant": "投訴"}
#: The interface's words for the buttons and headings the tests look for.
UI = {
    "en": {"start": "Start a new case", "save": "Save the case file", "later": "Save and come back later", "check": "Check your answers"},
    "zh": {"start": "新建案件", "save": "保存案件文件", "later": "保存，稍后再来", "check": "核对你的回答"},
    "zh-Hant": {"start": "新建個案", "save": "儲存個案檔案", "later": "儲存，稍後再來", "check": "核對你的回答"},
}
ACCEPT = {"en": "en-GB,en;q=0.9", "zh": "zh-CN,zh;q=0.9", "zh-Hant": "zh-HK,zh;q=0.9"}


# --- the server and the browser, once per module ---------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("served")
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        shutil.copy(example, folder / example.name)
    env = {**os.environ, "LETTERS_LANG": "en", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "letters", "serve", str(folder), "--no-browser", "--on", TODAY.isoformat()]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if "http://127.0.0.1:" in line:
            break
    link = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", "".join(lines))
    assert link, "".join(lines)
    base = link[0].split("/?")[0]
    yield {"folder": folder, "link": link[0], "base": base}
    process.send_signal(signal.SIGINT)  # Ctrl-C stops it cleanly
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Stopped." in out
    assert "Traceback" not in err


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def session(server: dict[str, Any], browser: Any) -> Any:
    """The cookie the one-time link gives, shared by every tab of this module."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server["link"])
    assert "token=" not in page.url
    state = context.storage_state()
    context.close()
    return state


def open_tab(browser: Any, session: Any, lang: str, **options: Any) -> Any:
    context = browser.new_context(
        storage_state=session, extra_http_headers={"Accept-Language": ACCEPT[lang]}, accept_downloads=True, **options
    )
    context.set_default_timeout(15000)
    # Nothing may be fetched from anywhere but this server.
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: pytest.fail(f"external request: {route.request.url}"))
    return context.new_page()


@pytest.fixture
def tab(browser: Any, session: Any) -> Iterator[Any]:
    pages: list[Any] = []

    def make(lang: str = "en", **options: Any) -> Any:
        page = open_tab(browser, session, lang, **options)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()


# --- axe-core ---------------------------------------------------------------------------------

_checked: set[tuple[str, str]] = set()


def check_axe(page: Any, kind: str, lang: str | None = None) -> None:
    """No WCAG 2.x A/AA violation on this page (each kind of page once per interface language)."""
    from axe_playwright_python.sync_playwright import Axe

    lang = lang or page.locator("html").get_attribute("lang")
    if (kind, lang) in _checked:
        return
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{kind} ({lang}) {page.url}:\n{results.generate_report()}"
    _checked.add((kind, lang))


# --- answering the interview in the browser ---------------------------------------------------


def submit(page: Any, control: Any) -> None:
    """Click a control that sends a form (or follows a link) and wait for the next page."""
    with page.expect_navigation():
        control.click()


def question(page: Any) -> tuple[str, str]:
    form = page.locator("form[data-kind]")
    return form.get_attribute("data-kind"), form.get_attribute("data-question")


#: What a question page shows, read in one round trip to the browser (each locator call is one):
#: its form's kind and question, the interface's language, an error summary, the choices ticked.
_PAGE_STATE = """() => {
  const form = document.querySelector("form[data-kind]");
  const error = document.querySelector(".error-summary");
  return {
    kind: form && form.dataset.kind, key: form && form.dataset.question,
    lang: document.documentElement.lang, error: error && error.innerText,
    boxes: [...document.querySelectorAll("input[name=answer]")].map(b => [b.value, b.checked]),
  };
}"""


def page_state(page: Any) -> dict[str, Any]:
    state: dict[str, Any] = page.evaluate(_PAGE_STATE)
    return state


def answer_page(page: Any, answers: dict[str, Any], lang: str, *, axe: bool = True, state: dict[str, Any] | None = None) -> str:
    """Answer the question on the page (or save the review) and submit; returns the question's key or kind."""
    state = state or page_state(page)
    kind: str = state["kind"]
    key: str = state["key"]
    if axe:
        check_axe(page, f"question-{kind}", state["lang"])
    if kind == "review":
        submit(page, page.get_by_role("button", name=UI[lang]["save"]))
        return "review"
    value = answers.get(key)
    if kind in ("text", "long") and value is not None:
        page.fill("#answer", value)
    elif kind == "yes_no":
        page.check(f'input[name=answer][value="{value or "n"}"]')
    elif kind in ("one", "many") and value is not None:
        for number, checked in state["boxes"]:  # click only the boxes to change, as a person would
            if checked != (number in value) and (kind == "many" or not checked):
                page.set_checked(f'input[name=answer][value="{number}"]', not checked)
    submit(page, page.locator("form[data-kind] button.button:not(.secondary)"))
    return key or kind


def new_case(page: Any, server: dict[str, Any], answers: dict[str, Any], lang: str, *, axe: bool = True) -> list[str]:
    page.goto(server["base"] + "/")
    if axe:
        check_axe(page, "home")
    submit(page, page.get_by_role("button", name=UI[lang]["start"]))
    asked = []
    while (state := page_state(page))["kind"]:
        assert not state["error"], state["error"]
        asked.append(answer_page(page, answers, lang, axe=axe, state=state))
        assert len(asked) < 80, asked
    assert not state["error"], state["error"]
    return asked


def download(page: Any, stage: str, fmt: str) -> Path:
    """Click the download link; the file the browser saved."""
    with page.expect_download() as info:
        page.locator(f'a[href$="/letter/{stage}.{fmt}"]').click()
    assert info.value.suggested_filename.endswith(f"-{stage}.{fmt}")
    return Path(info.value.path())


# --- the journeys ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_a_new_case_from_the_first_question_to_a_downloaded_docx(tab: Any, server: dict[str, Any], lang: str) -> None:
    page = tab(lang)
    answers = CASES[lang]
    asked = new_case(page, server, answers, lang)
    assert asked[0] == "complainant.name" and "review" in asked
    case_id = answers["case.case_id"]
    assert page.url.endswith(f"/case/{case_id}.yaml?new=1")
    check_axe(page, "case")
    assert page.locator("html").get_attribute("lang") == lang
    case = load_case(server["folder"] / f"{case_id}.yaml").case
    assert case.language == lang  # the letter's language defaults to the interface's
    assert case.complainant.name == answers["complainant.name"]
    text = docx_text(download(page, "first-complaint", "docx"))
    assert answers["complainant.name"] in text
    assert answers["incident.summary"] in text  # the user's words, exactly
    assert LETTER_WORDS[lang] in text


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_a_follow_up_then_an_unsatisfactory_reply_makes_the_escalation(tab: Any, server: dict[str, Any], lang: str) -> None:
    name = {"en": "wallet-en.yaml", "zh": "bitpie-zh.yaml", "zh-Hant": "quickpay-zh-hant.yaml"}[lang]
    page = tab(lang)
    page.goto(f"{server['base']}/case/{name}")
    page.select_option("#stage", "first-complaint")
    page.fill("#sent_on", "2026-11-02")
    page.fill("#sent_channel", "email")
    submit(page, page.locator("#sent-title ~ form button"))
    assert page.locator("[role=status]").count()
    check_axe(page, "case-after-post")
    assert page.locator('.stages a[aria-current="page"]').get_attribute("href").endswith("stage=follow-up#letter-title")
    follow_up = docx_text(download(page, "follow-up", "docx"))
    assert "2026" in follow_up and len(follow_up) > 200
    page.fill("#reply_on", "2026-11-20")
    page.fill("#reply_summary", "Refused any refund" if lang == "en" else "拒绝退款")
    page.check("#verdict-no")
    submit(page, page.locator("#reply-title ~ form button.button"))
    assert page.locator('.stages a[aria-current="page"]').get_attribute("href").endswith("stage=escalation#letter-title")
    escalation = docx_text(download(page, "escalation", "docx"))
    assert ("Refused any refund" if lang == "en" else "拒绝退款") in escalation
    contacts = load_case(server["folder"] / name).case.contacts
    assert [(c.kind.value, c.satisfactory) for c in contacts[-2:]] == [("complaint", None), ("reply", False)]


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_a_broken_promise(tab: Any, server: dict[str, Any], lang: str) -> None:
    from letters.serve.app import _has_v2

    if not _has_v2():
        pytest.skip("this version of the case model has no promises (case format v2)")
    name = {"en": "wallet-en.yaml", "zh": "bitpie-zh.yaml", "zh-Hant": "quickpay-zh-hant.yaml"}[lang]
    path = server["folder"] / f"promise-{name}"
    shutil.copy(ROOT / "examples" / name, path)
    page = tab(lang)
    page.goto(f"{server['base']}/case/{path.name}")
    page.fill("#sent_on", "2026-10-20")
    submit(page, page.locator("#sent-title ~ form button"))
    promise = "Refund 25.00 EUR within 14 days" if lang == "en" else "14个工作日内退还手续费"
    page.fill("#reply_on", "2026-10-25")
    page.check("#verdict-yes")
    page.fill("#promise", promise)
    page.fill("#promise_by", "2026-11-08")
    submit(page, page.locator("#reply-title ~ form button.button"))
    assert not page.locator(".error-summary").count(), page.locator(".error-summary").inner_text()
    assert promise in page.locator("#promise-title ~ ul").inner_text()
    check_axe(page, "case-promise")
    # 8 November passed without the promise kept: the case reopens, the follow-up is due from the 9th
    why = page.locator("#due-title ~ p").nth(1).inner_text()  # the reason, in the interface's language
    assert promise in why and "2026-11-08" in why
    assert page.locator('.stages a[aria-current="page"]').get_attribute("href").endswith("stage=follow-up#letter-title")
    follow_up = docx_text(download(page, "follow-up", "docx"))
    assert "2026" in follow_up and len(follow_up) > 200
    submit(page, page.locator("#promise-title ~ ul form button").first)
    assert load_case(path).case.contacts[-1].kept is True
    assert not page.locator("#promise-title").count()  # kept: no longer listed
    assert "follow-up" not in (page.locator('.stages a[aria-current="page"]').get_attribute("href") or "")


def test_keyboard_only(tab: Any, server: dict[str, Any]) -> None:
    """A new case with the keyboard alone: Tab to each control, type, Space to choose, Enter to send."""
    page = tab("en")
    answers = {**EN_CASE, "case.case_id": "KB-1"}
    page.goto(server["base"] + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # the skip link comes first
    focus_on(page, "button.button")  # Start a new case
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(80):
        state = page_state(page)
        assert not state["error"], state["error"]
        if not state["kind"]:
            break
        kind, key = state["kind"], state["key"]
        ticked = [number for number, checked in state["boxes"] if checked]
        if kind == "review":
            focus_on(page, "form[data-kind] button.button")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            continue
        value = answers.get(key)
        if kind in ("text", "long"):
            focus_on(page, "#answer")
            assert_focus_visible(page)
            if value is not None:
                page.keyboard.press("Control+A")
                page.keyboard.type(value)
        elif kind == "yes_no":
            # Tab enters a radio group at its chosen button; the arrow keys move the choice
            focus_on(page, "input[name=answer]:checked" if ticked else "input[name=answer]")
            for _ in range(3):
                if page.locator(f'input[name=answer][value="{value or "n"}"]').is_checked():
                    break
                page.keyboard.press("ArrowDown")
        else:
            wanted = value if value is not None else ticked
            if kind == "one":
                focus_on(page, "input[name=answer]:checked" if ticked else "input[name=answer]")
                for _ in range(len(state["boxes"])):
                    if page.locator(f'input[name=answer][value="{wanted[0]}"]').is_checked():
                        break
                    page.keyboard.press("ArrowDown")
            else:
                for number, checked in state["boxes"]:
                    if checked != (number in wanted):
                        focus_on(page, f'input[name=answer][value="{number}"]')
                        page.keyboard.press("Space")
        focus_on(page, "form[data-kind] button.button:not(.secondary)")
        assert_focus_visible(page)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert page.url.endswith("/case/KB-1.yaml?new=1")
    focus_on(page, 'a[href$="/letter/first-complaint.docx"]')
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert "Jane Doe" in docx_text(Path(info.value.path()))


def focus_on(page: Any, selector: str, limit: int = 120) -> None:
    """Press Tab until ``selector`` has the focus (no mouse, no script focusing it)."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def assert_focus_visible(page: Any) -> None:
    style = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }")
    assert style[0] != "none" and style[1] != "0px", style


def test_without_javascript(tab: Any, server: dict[str, Any]) -> None:
    page = tab("zh-Hant", java_script_enabled=False)
    answers = {**HANT_CASE, "case.case_id": "NOJS-1"}
    new_case(page, server, answers, "zh-Hant", axe=False)  # axe-core itself needs scripts; the same pages are checked above
    assert page.url.endswith("/case/NOJS-1.yaml?new=1")
    assert page.locator("script").count() == 0
    text = docx_text(download(page, "first-complaint", "docx"))
    assert "陳大文" in text


def test_the_browsers_back_button_mid_interview(tab: Any, server: dict[str, Any]) -> None:
    page = tab("en")
    page.goto(server["base"] + "/")
    submit(page, page.get_by_role("button", name=UI["en"]["start"]))
    for key in ("complainant.name", "complainant.email", "complainant.phone"):
        assert question(page)[1] == key
        answer_page(page, {**EN_CASE, "complainant.phone": "+44 20 7946 0000"}, "en", axe=False)
    assert question(page)[1] == "complainant.address"
    page.go_back()  # the browser's own Back
    assert question(page)[1] == "complainant.phone"
    assert page.input_value("#answer") == "+44 20 7946 0000"
    page.go_back()
    assert question(page)[1] == "complainant.email"
    page.fill("#answer", "jane@example.org")
    submit(page, page.locator("form[data-kind] button.button:not(.secondary)"))
    assert question(page)[1] == "complainant.phone"
    assert page.input_value("#answer") == "+44 20 7946 0000"  # the later answer is offered again
    submit(page, page.get_by_role("link", name="Back"))  # and the page's own Back link
    assert page.input_value("#answer") == "jane@example.org"


def test_save_close_and_resume(browser: Any, session: Any, server: dict[str, Any]) -> None:
    page = open_tab(browser, session, "zh")
    page.goto(server["base"] + "/")
    submit(page, page.get_by_role("button", name=UI["zh"]["start"]))
    answer_page(page, ZH_CASE, "zh", axe=False)
    draft = page.url.split("/new/")[1].split("/")[0]  # this draft's, among those other tests left
    page.fill("#answer", "xiaoming@example.com")
    submit(page, page.get_by_role("button", name=UI["zh"]["later"]))
    check_axe(page, "home-with-draft")
    page.context.close()  # the tab is closed

    page = open_tab(browser, session, "zh")
    page.goto(server["base"] + "/")
    submit(page, page.locator(f'ul.drafts a[href*="/new/{draft}"]'))
    kind, key = question(page)
    assert key == "complainant.email"  # the answer before "save" was kept, this one was not sent
    page.go_back()
    submit(page, page.locator(f'ul.drafts form[action*="/new/{draft}"] button'))  # and the unfinished case can be deleted
    page.context.close()


def test_errors_on_the_page_with_a_summary_and_the_answer_kept(tab: Any, server: dict[str, Any]) -> None:
    page = tab("zh")
    page.goto(server["base"] + "/")
    submit(page, page.get_by_role("button", name=UI["zh"]["start"]))
    answer_page(page, ZH_CASE, "zh", axe=False)
    page.fill("#answer", "not-an-email")
    submit(page, page.locator("form[data-kind] button.button:not(.secondary)"))
    summary = page.locator(".error-summary")
    assert "看起来不是电子邮箱地址" in summary.inner_text()
    # the page opens on its summary: a keyboard or screen-reader user starts from what went wrong
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert page.title().startswith("错误：")
    assert page.input_value("#answer") == "not-an-email"
    check_axe(page, "question-error")
    summary.locator("a").click()
    assert page.evaluate("document.activeElement.id") == "answer"


def test_a_refused_request_page_is_accessible_too(tab: Any, server: dict[str, Any]) -> None:
    page = tab("en")
    response = page.goto(server["base"] + "/case/nothing-here.yaml")
    assert response.status == 404
    check_axe(page, "problem")
    other = page.context.browser.new_context().new_page()
    response = other.goto(server["base"] + "/")
    assert response.status == 403
    check_axe(other, "forbidden")
    other.context.close()
