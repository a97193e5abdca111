#!/usr/bin/env bash
# What the browser tests of letters serve (tests/serve/test_browser.py) need from the system:
# Debian's Chromium, which Playwright drives (Playwright's own browser download is not used).
# A no-op when /usr/bin/chromium is there; without apt-get it says so and the tests skip.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "browser-deps: chromium is present"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser-deps: no /usr/bin/chromium and no apt-get here; the browser tests will be skipped" >&2
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "browser-deps: installing chromium"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium
