#!/bin/sh
# Install the build and test dependencies on Debian 12 (or a derivative).
# Safe to re-run: packages already present are left as they are.
# Other systems: install meson (>= 1.0), ninja, pkg-config, a C compiler,
# and the development files of libyaml, jansson, pcre2 and cmocka; scdoc
# and groff for the man pages; python3 for the test runners; clang (with
# its runtime, for sanitizers and libFuzzer) for .ci/run; wabt optionally.
set -eu
packages="meson ninja-build pkg-config gcc g++ libyaml-dev libjansson-dev libpcre2-dev \
libcmocka-dev python3 scdoc groff-base mandoc"
if [ "${1:-}" = "--ci" ]; then
    packages="$packages clang libclang-rt-14-dev"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "scripts/deps.sh: not a Debian system; install by hand:$missing" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "scripts/deps.sh: installing:$missing" >&2
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
