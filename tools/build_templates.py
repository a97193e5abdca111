#!/usr/bin/env python3
"""Build the built-in letter templates: templates/<stage>.<lang>.docx and .txt.

The mechanism is ``tools/template_build/build.py`` (one block list written as Word and as
text, so the two cannot drift); the wording is ``wording_zh.py`` and ``wording_en.py``,
one list of blocks per stage, and ``wording_zh_hant.py`` makes the Traditional (Hong Kong)
letters from the Simplified ones. Edit those, not the generated files, and run:

    python tools/build_templates.py

The output is deterministic: rebuilding without changes gives byte-identical files.
Template variables: see docs/view-model.md. Nothing else is used.
"""

from __future__ import annotations

import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))
sys.path.insert(1, str(TOOLS.parent))

from template_build.build import build_docx, build_txt, keep_ending  # noqa: E402
from template_build.wording_en import EN  # noqa: E402
from template_build.wording_en import LAYOUT as EN_LAYOUT  # noqa: E402
from template_build.wording_zh import LAYOUT as ZH_LAYOUT  # noqa: E402
from template_build.wording_zh import ZH  # noqa: E402
from template_build.wording_zh_hant import LAYOUT as ZH_HANT_LAYOUT  # noqa: E402
from template_build.wording_zh_hant import ZH_HANT  # noqa: E402

from letters.casefile.model import STAGES  # noqa: E402
from letters.phrasebook import PHRASES  # noqa: E402

OUT = TOOLS.parent / "templates"
LETTERS = {
    lang: {stage: keep_ending(blocks) for stage, blocks in letters.items()}
    for lang, letters in {"zh": ZH, "zh-Hant": ZH_HANT, "en": EN}.items()
}
LAYOUTS = {"zh": ZH_LAYOUT, "zh-Hant": ZH_HANT_LAYOUT, "en": EN_LAYOUT}
TITLES = {lang: PHRASES[lang]["stage"] for lang in LETTERS}  # core-properties title, as the letters name the stage

__all__ = ["LAYOUTS", "LETTERS", "STAGES", "TITLES", "main", "template_files"]


def template_files() -> dict[str, bytes]:
    """Every built-in template's file name and bytes."""
    files: dict[str, bytes] = {}
    for lang, letters in LETTERS.items():
        for stage in STAGES:
            files[f"{stage}.{lang}.txt"] = build_txt(letters[stage], lang).encode("utf-8")
            files[f"{stage}.{lang}.docx"] = build_docx(letters[stage], LAYOUTS[lang], TITLES[lang][stage])
    return files


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for name, data in template_files().items():
        (OUT / name).write_bytes(data)
        print(f"wrote templates/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
