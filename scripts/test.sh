#!/bin/sh
# Install what is needed, build, and run every test suite. Safe to re-run.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build
meson test -C build --print-errorlogs "$@"
