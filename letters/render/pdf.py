"""PDF letters: the rendered .docx converted by LibreOffice, many letters per process.

Starting LibreOffice costs seconds, so every .docx of a run goes to ONE ``soffice
--convert-to pdf`` call. It runs with a fresh throw-away profile
(``-env:UserInstallation``), so it works while the user has LibreOffice open and never
touches their settings. The conversion works in memory terms (bytes in, bytes out); the
caller writes the PDFs with :func:`letters.output.write_atomic` like every other format.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from letters.errors import LibreOfficeMissingError, PdfError

__all__ = ["find_soffice", "docx_to_pdf", "PdfError", "LibreOfficeMissingError", "SOFFICE_ENV", "INSTALL_HINT"]

#: Set to the soffice program when it is not on PATH (a portable install, a custom prefix).
SOFFICE_ENV = "LETTERS_SOFFICE"
#: Seconds for LibreOffice to start, plus seconds per letter; a hung conversion is stopped.
START_TIMEOUT = 120
PER_LETTER_TIMEOUT = 20

INSTALL_HINT = (
    "install LibreOffice Writer and a CJK font (Debian/Ubuntu: sudo apt-get install libreoffice-writer fonts-noto-cjk; "
    "macOS: brew install --cask libreoffice; others: https://www.libreoffice.org/download/), "
    f"or set {SOFFICE_ENV} to the soffice program"
)

#: Where the official installers put soffice when it is not on PATH.
_WELL_KNOWN = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """``$LETTERS_SOFFICE``, then ``soffice``/``libreoffice`` on PATH, then the installers' default places."""
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _WELL_KNOWN if os.access(p, os.X_OK)), None)


def require_soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        where = (
            f"{SOFFICE_ENV}={os.environ[SOFFICE_ENV]!r} is not an executable program"
            if os.environ.get(SOFFICE_ENV, "").strip()
            else "LibreOffice (soffice) was not found on PATH"
        )
        raise LibreOfficeMissingError(f"{where}; {INSTALL_HINT}")
    return soffice


def docx_to_pdf(documents: Sequence[bytes], *, timeout: float | None = None) -> list[bytes]:
    """Convert each .docx (as bytes) to PDF bytes, in the same order, with one LibreOffice run."""
    if not documents:
        return []
    soffice = require_soffice()
    timeout = timeout if timeout is not None else START_TIMEOUT + PER_LETTER_TIMEOUT * len(documents)
    with tempfile.TemporaryDirectory(prefix="letters-pdf-") as work:
        root = Path(work)
        profile, inbox, outbox = root / "profile", root / "in", root / "out"
        inbox.mkdir()
        outbox.mkdir()
        sources = []
        for index, data in enumerate(documents):
            source = inbox / f"letter-{index:05d}.docx"
            source.write_bytes(data)
            sources.append(source)
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outbox),
            *map(str, sources),
        ]
        output = _run(command, timeout, cwd=root)
        results: list[bytes] = []
        for source in sources:
            pdf = outbox / (source.stem + ".pdf")
            if not pdf.is_file() or pdf.stat().st_size == 0:
                detail = output.strip().splitlines()[-1] if output.strip() else "no output"
                raise PdfError(f"LibreOffice did not convert {len(documents) - len(results)} of {len(documents)} letter(s) ({detail})")
            results.append(pdf.read_bytes())
        return results


#: Fontconfig (Linux) otherwise replaces the Windows Chinese fonts a letter names (SimSun,
#: Microsoft YaHei…) with the first CJK font it finds, often the *Japanese* Noto variant,
#: whose glyphs differ from Chinese ones for many shared characters.
_CJK_ALIASES = {
    "serif": ("SimSun", "NSimSun", "宋体", "新宋体", "FangSong", "仿宋", "KaiTi", "楷体", "STSong", "STFangsong", "STKaiti"),
    "sans-serif": ("SimHei", "黑体", "Microsoft YaHei", "微软雅黑", "DengXian", "等线", "STHeiti", "PingFang SC"),
}
_CJK_PREFER = {
    "serif": ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN"),
    "sans-serif": ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei"),
}


def _fontconfig(folder: Path) -> Path:
    """The system's fontconfig plus aliases mapping Chinese font names to Simplified Chinese fonts."""
    from xml.sax.saxutils import escape

    rules = []
    for kind, names in _CJK_ALIASES.items():
        prefer = "".join(f"<family>{escape(f)}</family>" for f in _CJK_PREFER[kind])
        rules += [f'<alias binding="same"><family>{escape(n)}</family><prefer>{prefer}</prefer></alias>' for n in names]
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'<include ignore_missing="yes">{escape(system)}</include>\n' + "\n".join(rules) + "\n</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def _run(command: list[str], timeout: float, *, cwd: Path) -> str:
    """Run soffice in its own process group, so a timeout stops every process it started."""
    env = dict(os.environ, HOME=str(cwd), SAL_USE_VCLPLUGIN="svp")
    if os.name == "posix" and os.path.exists("/etc/fonts/fonts.conf"):
        env["FONTCONFIG_FILE"] = str(_fontconfig(cwd))
    try:
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=os.name == "posix",
        )
    except OSError as exc:
        raise LibreOfficeMissingError(f"cannot start {command[0]} ({exc.strerror or exc}); {INSTALL_HINT}") from None
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise PdfError(f"LibreOffice did not finish converting within {timeout:.0f} seconds; it was stopped") from None
    text = out.decode("utf-8", "replace")
    if proc.returncode != 0:
        last = text.strip().splitlines()[-1] if text.strip() else "no output"
        raise PdfError(f"LibreOffice failed with exit status {proc.returncode} ({last})")
    return text


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except OSError:
        pass
    proc.communicate()
