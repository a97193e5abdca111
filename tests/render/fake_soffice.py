"""A stand-in for LibreOffice's ``soffice``, put on PATH by the converter tests.

It behaves as ``$FAKE_SOFFICE_MODE`` says and logs one JSON line per event to
``$FAKE_SOFFICE_LOG``:

* ``ok``: prints soffice's ``convert A -> B using filter : writer_pdf_Export`` line per
  letter and writes a small but whole PDF (``$FAKE_SOFFICE_DELAY`` seconds per letter);
  a letter whose text contains ``HANG`` makes it hang there, as LibreOffice does on a
  document it cannot lay out;
* ``hang``: never answers;
* ``nothing``: exits 0 without writing anything;
* ``garbage``: says it converted each letter and writes a file that is not a PDF.

``--version`` answers like LibreOffice 7.4; ``--terminate_after_init`` (filling in a
profile) records the profile and exits.
"""

from __future__ import annotations

import json
import os
import sys
import time
import zipfile
from pathlib import Path

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def log(**event: object) -> None:
    with open(os.environ["FAKE_SOFFICE_LOG"], "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"pid": os.getpid(), "time": time.time(), **event}) + "\n")


def main(args: list[str]) -> None:
    if "--version" in args:
        print("LibreOffice 7.4.7.2 40(Build:2)")
        return
    profile = next((a.split("=", 1)[1] for a in args if a.startswith("-env:UserInstallation=")), "")
    settings = Path(profile.removeprefix("file://")) / "user" / "registrymodifications.xcu"
    prepared = settings.is_file() and "ooSetupLastVersion" in settings.read_text(encoding="utf-8")
    if "--terminate_after_init" in args:
        start = time.time()
        time.sleep(float(os.environ.get("FAKE_SOFFICE_INIT_DELAY", "0")))
        log(event="init", profile=profile, prepared=prepared, home=os.environ.get("HOME"), time=start, end=time.time())
        return
    outdir = Path(args[args.index("--outdir") + 1])
    letters = [Path(a) for a in args if a.endswith(".docx")]
    waiting = len(list(letters[0].parent.glob("*.docx"))) if letters else 0  # letters queued in the run's folder
    log(event="start", profile=profile, prepared=prepared, letters=[p.name for p in letters], home=os.environ.get("HOME"), waiting=waiting)
    mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
    if mode == "hang":
        time.sleep(600)
    if mode == "nothing":
        return
    for letter in letters:
        target = outdir / (letter.stem + ".pdf")
        print(f"convert {letter} -> {target} using filter : writer_pdf_Export", flush=True)
        if mode == "garbage":
            target.write_bytes(b"not a pdf\n")
            continue
        with zipfile.ZipFile(letter) as package:
            if b"HANG" in package.read("word/document.xml"):
                log(event="hang", letter=letter.name)
                time.sleep(600)
        time.sleep(float(os.environ.get("FAKE_SOFFICE_DELAY", "0")))
        target.write_bytes(PDF)
        log(event="converted", letter=letter.name)


if __name__ == "__main__":
    main(sys.argv[1:])
