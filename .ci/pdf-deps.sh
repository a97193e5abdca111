#!/usr/bin/env bash
# What the PDF tests need from the system: LibreOffice Writer (the .docx → .pdf converter),
# a CJK font (so Chinese letters show Chinese glyphs, not boxes), Carlito and Liberation
# (the fonts Word letters name, metric-compatible) and poppler-utils
# (pdfinfo, pdftotext, pdffonts, pdftoppm). Installs only what is missing; a no-op when
# everything is there. Without apt-get it says so and leaves the PDF tests to skip.
set -euo pipefail

missing=()
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-writer)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; then
    missing+=(fonts-noto-cjk)
fi
# Metric-compatible stand-ins for Calibri and Times New Roman, so pages break as in Word.
fc-list 2>/dev/null | grep -q "Carlito" || missing+=(fonts-crosextra-carlito)
fc-list 2>/dev/null | grep -q "Liberation Serif" || missing+=(fonts-liberation2)
for tool in pdfinfo pdftotext pdffonts pdftoppm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        missing+=(poppler-utils)
        break
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "pdf-deps: LibreOffice, a CJK font and poppler-utils are present"
    exit 0
fi
# shellcheck source=.ci/apt-install.sh
. "$(dirname "$0")/apt-install.sh"
apt_install pdf "${missing[@]}"
