"""Regenerate the README pictures: the first page of each example's first complaint, as PNG.

Run from the repository root (needs LibreOffice and poppler-utils; see .ci/pdf-deps.sh):

    python tools/readme_pictures.py

Both letters go through one LibreOffice run; ``pdftoppm`` draws page 1 at 70 dpi.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from letters.casefile.load import load_case  # noqa: E402
from letters.fsio import write_atomic  # noqa: E402
from letters.pipeline import render_letters  # noqa: E402
from letters.render.pdf import docx_to_pdf  # noqa: E402
from letters.templating.search import TemplateSearchPath  # noqa: E402

#: example case file → picture, rendered as if today were ON.
PICTURES = {"examples/bitpie-zh.yaml": "docs/letter-zh.png", "examples/wallet-en.yaml": "docs/letter-en.png"}
STAGE = "first-complaint"
ON = dt.date(2026, 10, 8)
DPI = 70


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: install poppler-utils (bash .ci/pdf-deps.sh)", file=sys.stderr)
        return 1
    search = TemplateSearchPath.build(use_env=False, use_config=False)
    letters = [render_letters(load_case(ROOT / case), stage=STAGE, formats=("docx",), search=search, on=ON) for case in PICTURES]
    pdfs = docx_to_pdf([letter.files["docx"] for letter in letters])
    with tempfile.TemporaryDirectory(prefix="letters-pictures-") as work:
        for (case, picture), pdf in zip(PICTURES.items(), pdfs):
            source = Path(work) / "letter.pdf"
            source.write_bytes(pdf)
            stem = Path(work) / "page"
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(source), str(stem)], check=True)
            write_atomic(ROOT / picture, stem.with_suffix(".png").read_bytes(), force=True)
            print(f"Wrote {picture} (from {case}, {STAGE}, on {ON.isoformat()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
