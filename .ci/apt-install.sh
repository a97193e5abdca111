#!/usr/bin/env bash
# apt_install WHAT PACKAGE…: install the packages with apt-get (through sudo unless root). Without
# apt-get it says so and returns 0, leaving WHAT's tests to skip. Sourced by pdf-deps.sh and
# browser-deps.sh.
apt_install() {
    local what=$1
    shift
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$what-deps: missing $* and no apt-get here; the $what tests will be skipped" >&2
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "$what-deps: installing $*"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "$@"
}
