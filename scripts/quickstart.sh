#!/bin/sh
# Quick start: install what is needed, build, and run wasmlint on the
# bundled examples. Safe to re-run.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
set -x
./build/cli/wasmlint inspect testdata/examples/http-middleware.wasm testdata/examples/adapted-command.wasm testdata/examples/preview1-module.wasm
# lint exits 1 on findings and 2 on unreadable inputs: both are results here
./build/cli/wasmlint lint testdata/examples || true
# what the linter understood of a runwasi deployment, its ServiceAccount and NetworkPolicy
./build/cli/wasmlint lint --dump-model testdata/model/k8s-runwasi | head -60
