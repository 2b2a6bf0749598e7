#!/bin/sh
# Install into a temporary destdir, then build testdata/consumer/example.c
# against it using only pkg-config, dynamically and statically, and run it.
# Fails if the .pc file, the installed headers or Requires.private are wrong.
set -eu
build_root=$1 src_root=$2 cc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meson install -C "$build_root" --no-rebuild --quiet --destdir "$tmp/root" >/dev/null
pcdir=$(dirname "$(find "$tmp/root" -name wasmpolicy.pc | head -n 1)")
[ -f "$pcdir/wasmpolicy.pc" ] || { echo "not ok - wasmpolicy.pc not installed"; exit 1; }
grep -q '^Requires.private:.*yaml-0.1' "$pcdir/wasmpolicy.pc"
export PKG_CONFIG_PATH="$pcdir" PKG_CONFIG_SYSROOT_DIR="$tmp/root"
fixture="$src_root/testdata/consumer/hello.wasm"
echo "1..2"
# shellcheck disable=SC2046
$cc -o "$tmp/dyn" "$src_root/testdata/consumer/example.c" $(pkg-config --cflags --libs wasmpolicy)
# pkgconf prefixes variables with the sysroot too
libdir=$(pkg-config --variable=libdir wasmpolicy)
out=$(LD_LIBRARY_PATH="$libdir" "$tmp/dyn" "$fixture")
expected=$(cat "$src_root/testdata/consumer/expected.txt")
[ "$out" = "$expected" ] && echo "ok 1 - dynamic consumer" || { echo "not ok 1 - dynamic consumer"; echo "$out" | sed 's/^/# /'; exit 1; }
# shellcheck disable=SC2046
$cc -o "$tmp/static" "$src_root/testdata/consumer/example.c" \
    $(pkg-config --cflags wasmpolicy) "$libdir/libwasmpolicy.a" $(pkg-config --libs-only-l --static wasmpolicy | sed 's/-lwasmpolicy//')
out=$("$tmp/static" "$fixture")
[ "$out" = "$expected" ] && echo "ok 2 - static consumer" || { echo "not ok 2 - static consumer"; exit 1; }
