#!/usr/bin/env python3
"""The README's pictures of ``letters serve``, taken from the real pages in Debian's Chromium.

    python tools/serve_screenshots.py          # writes docs/serve-*.png

Starts ``letters serve`` on a copy of the examples (``--on 2026-12-07``, so the pages say the
same each time), opens the one-time link, walks to each page and photographs it.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
ACCEPT = {"en": "en-GB,en", "zh": "zh-CN,zh", "zh-Hant": "zh-HK,zh"}


def start(folder: Path) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "letters", "serve", str(folder), "--no-browser", "--on", "2026-12-07"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT, env={"LETTERS_LANG": "en", "PATH": "/usr/bin:/bin"})
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
        if found:
            return process, found[0]
    raise SystemExit("letters serve printed no link")


def main() -> int:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="letters-serve-pictures-")) / "my-complaints"
    folder.mkdir()
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        shutil.copy(example, folder / example.name)
    process, link = start(folder)
    base = link.split("/?")[0]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            first = browser.new_context()
            first.new_page().goto(link)
            session = first.storage_state()
            first.close()

            def tab(lang: str) -> object:
                context = browser.new_context(
                    storage_state=session, viewport={"width": 1000, "height": 760}, extra_http_headers={"Accept-Language": ACCEPT[lang]}
                )
                return context.new_page()

            def shot(page: object, name: str, *, full: bool = False) -> None:
                page.screenshot(path=str(DOCS / name), full_page=full)  # type: ignore[attr-defined]
                print(f"wrote docs/{name}")

            page = tab("en")
            page.goto(base + "/")  # type: ignore[attr-defined]
            shot(page, "serve-cases-en.png")

            page = tab("zh")
            page.goto(base + "/")  # type: ignore[attr-defined]
            page.get_by_role("button", name="新建案件").click()  # type: ignore[attr-defined]
            page.fill("#answer", "王小明")  # type: ignore[attr-defined]
            page.locator("form[data-kind] button.button:not(.secondary)").click()  # type: ignore[attr-defined]
            page.fill("#answer", "xiaoming@")  # type: ignore[attr-defined]
            page.locator("form[data-kind] button.button:not(.secondary)").click()  # type: ignore[attr-defined]
            shot(page, "serve-error-zh.png")

            page = tab("zh-Hant")
            page.goto(f"{base}/case/quickpay-zh-hant.yaml")  # type: ignore[attr-defined]
            shot(page, "serve-case-zh-Hant.png")

            page = tab("en")
            page.goto(f"{base}/case/wallet-en.yaml#letter-title")  # type: ignore[attr-defined]
            shot(page, "serve-letter-en.png")
            browser.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        shutil.rmtree(folder.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
