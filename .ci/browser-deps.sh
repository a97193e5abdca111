#!/usr/bin/env bash
# What the browser tests of letters serve (tests/serve/test_browser.py) need from the system:
# Debian's Chromium, which Playwright drives (Playwright's own browser download is not used).
# A no-op when /usr/bin/chromium is there; without apt-get it says so and the tests skip.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "browser-deps: chromium is present"
    exit 0
fi
# shellcheck source=.ci/apt-install.sh
. "$(dirname "$0")/apt-install.sh"
apt_install browser chromium
