"""Make the message catalogs from the sources with Babel: extract, update the .po, compile the .mo.

    python tools/update_catalogs.py    # after changing or adding a message

New messages arrive in ``letters/locale/zh/LC_MESSAGES/letters.po`` with an empty
``msgstr``: translate them there, then run this again to compile the ``.mo``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "letters" / "locale"
POT = LOCALE / "letters.pot"
#: The Traditional catalog's header dates: fixed, so making it again gives the same bytes.
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2", "--no-default-keywords"]


def pybabel(command: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", command, *args], check=True, cwd=ROOT)


def _without_dates(text: bytes) -> bytes:
    return b"\n".join(line for line in text.split(b"\n") if b"-Date:" not in line)


def main() -> int:
    po = LOCALE / "zh" / "LC_MESSAGES" / "letters.po"
    before = {path: path.read_bytes() for path in (po, po.with_suffix(".mo")) if path.exists()}
    # the Python sources and letters serve's page templates (tools/babel.cfg)
    pybabel(
        "extract",
        *KEYWORDS,
        "-F",
        str(ROOT / "tools" / "babel.cfg"),
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-o",
        str(POT),
        ".",
    )
    if not po.exists():
        pybabel("init", "-i", str(POT), "-d", str(LOCALE), "-D", "letters", "-l", "zh")
    pybabel("update", "-i", str(POT), "-d", str(LOCALE), "-D", "letters", "--no-fuzzy-matching", "--ignore-obsolete")
    POT.unlink()
    if before.get(po) is not None and _without_dates(po.read_bytes()) == _without_dates(before[po]):
        po.write_bytes(before[po])  # nothing but a timestamp changed: keep the .po as it was
    write_traditional(po)
    # Compiled from the .po as it now is: translations just filled in reach the .mo even
    # when the extraction found nothing new.
    pybabel("compile", "-d", str(LOCALE), "-D", "letters", "--use-fuzzy")
    return 0


#: The Traditional Chinese catalog (zh_TW, zh_HK, zh_MO and zh-Hant locales), made from the
#: Simplified one by tools/hant.py: translate in zh/, never here.
HANT_PO = LOCALE / "zh_Hant" / "LC_MESSAGES" / "letters.po"


def traditional_catalog(po: Path) -> bytes:
    """``po``'s catalog with every translation in Traditional Chinese (Hong Kong usage), as .po bytes."""
    import io

    from babel.messages.pofile import read_po, write_po

    sys.path.insert(0, str(ROOT / "tools"))
    from hant import message_to_hant

    with po.open("rb") as fh:
        catalog = read_po(fh)
    catalog.locale = "zh_Hant"  # type: ignore[assignment]
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, str):
            message.string = message_to_hant(message.string)
        else:
            message.string = tuple(message_to_hant(s) for s in message.string)
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    out = io.BytesIO()
    write_po(out, catalog, omit_header=False, sort_output=True, width=76)
    return out.getvalue()


def write_traditional(po: Path) -> None:
    HANT_PO.parent.mkdir(parents=True, exist_ok=True)
    HANT_PO.write_bytes(traditional_catalog(po))


if __name__ == "__main__":
    sys.exit(main())
