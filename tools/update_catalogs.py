"""Make the message catalogs from the sources with Babel: extract, update the .po, compile the .mo.

    python tools/update_catalogs.py    # after changing or adding a message

New messages arrive in ``letters/locale/zh/LC_MESSAGES/letters.po`` with an empty
``msgstr``: translate them there, then run this again to compile the ``.mo``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "letters" / "locale"
POT = LOCALE / "letters.pot"
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2", "--no-default-keywords"]


def pybabel(command: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", command, *args], check=True, cwd=ROOT)


def _without_dates(text: bytes) -> bytes:
    return b"\n".join(line for line in text.split(b"\n") if b"-Date:" not in line)


def main() -> int:
    po = LOCALE / "zh" / "LC_MESSAGES" / "letters.po"
    before = {path: path.read_bytes() for path in (po, po.with_suffix(".mo")) if path.exists()}
    pybabel("extract", *KEYWORDS, "--no-location", "--sort-output", "--omit-header", "-o", str(POT), "letters")
    if not po.exists():
        pybabel("init", "-i", str(POT), "-d", str(LOCALE), "-D", "letters", "-l", "zh")
    pybabel("update", "-i", str(POT), "-d", str(LOCALE), "-D", "letters", "--no-fuzzy-matching", "--ignore-obsolete")
    POT.unlink()
    if before.get(po) is not None and _without_dates(po.read_bytes()) == _without_dates(before[po]):
        po.write_bytes(before[po])  # nothing but a timestamp changed: keep the .po as it was
    # Compiled from the .po as it now is: translations just filled in reach the .mo even
    # when the extraction found nothing new.
    pybabel("compile", "-d", str(LOCALE), "-D", "letters", "--use-fuzzy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
