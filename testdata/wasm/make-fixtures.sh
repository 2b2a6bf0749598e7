#!/usr/bin/env bash
# make-fixtures.sh: regenerate the WebAssembly test fixtures in this directory
# from the sources in src/, with real toolchains, then regenerate the oracle
# listings (make-oracles.sh).
#
# The tests of wasmlint never run this script: the binaries and oracles are
# committed. Run it by hand after changing src/ or the pinned tools, review
# the diff, and commit.
#
# Prerequisites (Debian 12):
#   apt-get install -y wabt clang lld wasi-libc libclang-rt-14-dev-wasm32 nodejs npm xxd
#     wabt 1.0.32 (wat2wasm, wasm-objdump), clang 14 for --target=wasm32-wasi,
#     node 20 (for jco and for the node cross-check in make-oracles.sh).
#   Three jco versions from npm, each under its own prefix (never inside the
#   repo). Set INSTALL_TOOLS=1 to let this script run the npm installs:
#     npm install --prefix "$JCO_PREFIX"    @bytecodealliance/jco@1.35.0
#     npm install --prefix "$JCO15_PREFIX"  @bytecodealliance/jco@1.5.0
#     npm install --prefix "$JCO054_PREFIX" @bytecodealliance/jco@0.5.4
#   jco 1.35.0 resolved to: componentize-js 0.22.0, jco-transpile 0.15.0
#   (wasm-tools 0.259 / wit-component 0.259), preview2-shim 0.26.1.
#
# Environment:
#   JCO_PREFIX     (default /work/tools/jco)     jco 1.35.0: parse, new, embed, componentize, print, wit
#   JCO15_PREFIX   (default /work/tools/jco15)   jco 1.5.0: emits name prefix 0x01
#   JCO054_PREFIX  (default /work/tools/jco054)  jco 0.5.4: emits legacy 0x0c components
#   SKIP_JS=1      keep the committed js-http-client.wasm (componentize takes
#                  ~25 s and its output is not byte-reproducible)
#   INSTALL_TOOLS=1  npm-install missing jco versions into the prefixes above
#
# Usage: testdata/wasm/make-fixtures.sh   (from anywhere)
set -euo pipefail

JCO_VERSION=1.35.0
JCO15_VERSION=1.5.0
JCO054_VERSION=0.5.4
WABT_VERSION=1.0.32
CLANG_MAJOR=14

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$HERE/src
OUT=$HERE
export JCO_PREFIX=${JCO_PREFIX:-/work/tools/jco}
export JCO15_PREFIX=${JCO15_PREFIX:-/work/tools/jco15}
export JCO054_PREFIX=${JCO054_PREFIX:-/work/tools/jco054}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'make-fixtures: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tool checks
need_jco() { # prefix version
    local prefix=$1 version=$2 have
    if [[ ! -x $prefix/node_modules/.bin/jco ]]; then
        if [[ ${INSTALL_TOOLS:-0} == 1 ]]; then
            npm install --prefix "$prefix" "@bytecodealliance/jco@$version" >&2
        else
            die "jco $version missing under $prefix; run: npm install --prefix $prefix @bytecodealliance/jco@$version (or set INSTALL_TOOLS=1)"
        fi
    fi
    have=$("$prefix/node_modules/.bin/jco" --version 2>/dev/null | tail -n1)
    [[ $have == "$version" ]] || die "$prefix has jco $have, want $version"
}
need_jco "$JCO_PREFIX" "$JCO_VERSION"
need_jco "$JCO15_PREFIX" "$JCO15_VERSION"
need_jco "$JCO054_PREFIX" "$JCO054_VERSION"
for t in wat2wasm wasm-objdump clang node xxd; do
    command -v "$t" >/dev/null || die "$t not found (see prerequisites at the top)"
done
[[ $(wat2wasm --version) == "$WABT_VERSION" ]] \
    || say "warning: wabt $(wat2wasm --version), fixtures were made with $WABT_VERSION"
clang --version | head -n1 | grep -q "clang version $CLANG_MAJOR\." \
    || say "warning: $(clang --version | head -n1); fixtures were made with clang $CLANG_MAJOR"

# jco 1.35 through node, with the preopen workaround (src/preopen.mjs) that
# `embed --wit` and `componentize --wit` need; harmless for other commands.
jco()    { node --import "$SRC/preopen.mjs" "$JCO_PREFIX/node_modules/@bytecodealliance/jco/dist/jco.js" "$@"; }
jco15()  { "$JCO15_PREFIX/node_modules/.bin/jco" "$@"; }
jco054() { "$JCO054_PREFIX/node_modules/.bin/jco" "$@"; }
BUILTIN=$JCO_PREFIX/node_modules/@bytecodealliance/jco/lib/wit/builtin

# ------------------------------------------------------------ core modules
say "core modules (wat2wasm $WABT_VERSION)"
for n in p1-command all-kinds no-imports legacy-mangled memory64; do
    wat2wasm --enable-all "$SRC/core/$n.wat" -o "$OUT/core-$n.wasm"
done

say "core modules (clang --target=wasm32-wasi)"
clang --target=wasm32-wasi -O2 -s -o "$OUT/core-c-hello.wasm" "$SRC/c/hello.c"
clang --target=wasm32-wasi -O2 -s -mexec-model=reactor \
    -o "$OUT/core-c-reactor.wasm" "$SRC/c/reactor.c"

say "core module with component-type section (jco embed --dummy)"
jco embed --dummy --wit "$SRC/wit/embed-dummy" -n app -o "$OUT/core-embed-dummy.wasm" >&2

# ----------------------------------------------- components from core modules
say "components from core modules (jco new)"
jco new "$OUT/core-c-hello.wasm" --wasi-command -o "$OUT/comp-c-hello-command.wasm" >&2
jco embed "$OUT/core-c-reactor.wasm" --wit "$SRC/wit/c-reactor" -n reactor \
    -o "$TMP/c-reactor.embed.wasm" >&2
jco new "$TMP/c-reactor.embed.wasm" --wasi-reactor -o "$OUT/comp-c-reactor.wasm" >&2
jco new "$OUT/core-p1-command.wasm" --wasi-command -o "$OUT/comp-p1-command.wasm" >&2
jco new "$OUT/core-embed-dummy.wasm" -o "$OUT/comp-embed-new.wasm" >&2

say "WASI 0.3 middleware component (jco embed --dummy + jco new)"
mkdir -p "$TMP/p3/deps"
cp "$SRC/wit/p3-middleware/world.wit" "$TMP/p3/"
for p in cli clocks filesystem http random sockets; do
    cp -r "$BUILTIN/0.3.0/wasi-$p" "$TMP/p3/deps/"
done
jco embed --dummy --wit "$TMP/p3" -n middleware -o "$TMP/p3-dummy.wasm" >&2
jco new "$TMP/p3-dummy.wasm" -o "$OUT/comp-p3-middleware.wasm" >&2

# ------------------------------------------------ components from text (parse)
say "components from text (jco $JCO_VERSION parse)"
for n in iface-small nested inst-func versions many-imports resources plain-names \
         aliases exports implements versionsuffix wasi-p3 tcp-listener; do
    jco parse "$SRC/comp/$n.wat" -o "$OUT/comp-$n.wasm" >&2
done
say "same text with jco $JCO15_VERSION (0x01 prefix) and jco $JCO054_VERSION (0x0c)"
jco15 parse "$SRC/comp/iface-small.wat" -o "$OUT/comp-iface-small-jco15.wasm" >&2
jco054 parse "$SRC/comp/iface-small.wat" -o "$OUT/comp-iface-small-0c.wasm" >&2
jco054 parse "$SRC/comp/legacy-url.wat" -o "$OUT/comp-legacy-0c-url.wasm" >&2
say "the C command adapted by jco $JCO15_VERSION (its own adapter, wasi@0.2.0, 0x01 prefixes)"
jco15 new "$OUT/core-c-hello.wasm" --wasi-command -o "$OUT/comp-c-hello-jco15.wasm" >&2

# ------------------------------------------------ JS component (componentize)
if [[ ${SKIP_JS:-0} == 1 && -f $OUT/js-http-client.wasm ]]; then
    say "SKIP_JS=1: keeping committed js-http-client.wasm"
else
    say "JS wasi:http component (jco componentize; ~25 s)"
    # componentize-js 0.22 is built against wasi:http@0.2.10: assemble a
    # 0.2.10 package set from jco's 0.2.12 WIT plus its partial 0.2.10 set.
    W=$TMP/js-wit
    mkdir -p "$W/deps"
    cp "$SRC/js-http/wit/world.wit" "$W/"
    for p in cli filesystem http random clocks io; do
        cp -r "$BUILTIN/0.2.12/wasi-$p" "$W/deps/"
    done
    cp -r "$BUILTIN/0.2.10/wasi-sockets" "$W/deps/"
    sed -n '/^world imports {/,/^}/p' "$BUILTIN/0.2.12/wasi-sockets/package.wit" \
        >> "$W/deps/wasi-sockets/package.wit"
    sed -i 's/@0\.2\.12/@0.2.10/g' "$W"/deps/*/package.wit
    jco componentize "$SRC/js-http/app.js" --wit "$W" -n client \
        -o "$OUT/js-http-client.wasm" >&2
fi

# ------------------------------------------------------------ preamble check
chmod 644 "$OUT"/*.wasm
say "preamble check"
bad=0
for f in "$OUT"/*.wasm; do
    n=$(basename "$f")
    got=$(xxd -p -l 8 "$f")
    case $n in
        core-*)    want=0061736d01000000 ;;
        *-0c*)     want=0061736d0c000100 ;;
        *)         want=0061736d0d000100 ;;
    esac
    if [[ $got == "$want" ]]; then
        printf '  %-32s %s\n' "$n" "$got" >&2
    else
        printf '  %-32s %s  WANT %s\n' "$n" "$got" "$want" >&2
        bad=1
    fi
done
[[ $bad == 0 ]] || die "unexpected preamble(s)"

# ------------------------------------------------------------------ oracles
"$HERE/make-oracles.sh"
say "done"
