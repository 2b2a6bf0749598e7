#!/usr/bin/env bash
# make-oracles.sh: write independent expected listings for every *.wasm here.
# Called by make-fixtures.sh; can be run alone (same environment variables).
#
#   NAME.oracle.txt  sorted in binary order (LC_ALL=C):
#     core module:  "import <module> <field> <kind>" and "export <name> <kind>",
#                   kind = func|table|memory|global|tag.
#                   From wabt (wasm-objdump -x -j Import / -j Export, separate
#                   runs) cross-checked against V8 (node's
#                   WebAssembly.Module.imports/exports). wasm-objdump prints
#                   imports as "module.field", which is ambiguous when the
#                   module name contains a dot (wasi:http/types@0.2.0), so
#                   the module/field split is taken from node after checking
#                   that both tools list exactly the same "kind module.field".
#     component:    "import <name>" / "export <name>" from the top-level lines
#                   (indented by exactly two spaces) of `jco print`. For the
#                   0x02 name form only the name is kept, not its
#                   (implements ...)/(versionsuffix ...) attributes.
#                   Legacy 0x0c files (*-0c*) are printed with jco 0.5.4,
#                   everything else with jco 1.35.0.
#   NAME.wit.txt     `jco wit` output, components only, where jco wit works
#                    (it refuses components exporting core modules,
#                    components or types).
# No code of wasmlint is involved.
set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$HERE/src
export JCO_PREFIX=${JCO_PREFIX:-/work/tools/jco}
JCO054_PREFIX=${JCO054_PREFIX:-/work/tools/jco054}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

jco()    { node --import "$SRC/preopen.mjs" "$JCO_PREFIX/node_modules/@bytecodealliance/jco/dist/jco.js" "$@"; }
jco054() { "$JCO054_PREFIX/node_modules/.bin/jco" "$@"; }

NODE_FLAGS=()
if node --v8-options | grep -q -- '--experimental-wasm-memory64 '; then
    NODE_FLAGS+=(--experimental-wasm-memory64)
fi

objdump_section() { # section file -> stdout
    local out rc=0
    out=$(wasm-objdump -x -j "$1" "$2" 2> "$TMP/objdump.err") || rc=$?
    if [[ $rc != 0 ]]; then
        grep -qx "Section not found: $1" "$TMP/objdump.err" && return 0
        cat "$TMP/objdump.err" >&2; return 1
    fi
    printf '%s\n' "$out"
}

core_oracle() { # file -> stdout
    local f=$1
    # wabt (a module without the section makes wasm-objdump fail with
    # "Section not found: Import": that is an empty list, anything else an error)
    objdump_section Import "$f" \
        | sed -n 's/^ - \([a-z]*\)\[[0-9]*\] .* <- \(.*\)$/\1 \2/p' | sort > "$TMP/wabt-imp"
    objdump_section Export "$f" \
        | sed -n 's/^ - \([a-z]*\)\[[0-9]*\] .*-> "\(.*\)"$/\1 \2/p' | sort > "$TMP/wabt-exp"
    # V8
    node "${NODE_FLAGS[@]}" - "$f" > "$TMP/v8" <<'EOF'
const fs = require('fs');
const kind = (k) => (k === 'function' ? 'func' : k);
const m = new WebAssembly.Module(fs.readFileSync(process.argv[2]));
for (const i of WebAssembly.Module.imports(m))
  console.log(['import', i.module, i.name, kind(i.kind)].join('\t'));
for (const e of WebAssembly.Module.exports(m))
  console.log(['export', e.name, kind(e.kind)].join('\t'));
EOF
    awk -F'\t' '$1=="import" {print $4" "$2"."$3}' "$TMP/v8" | sort > "$TMP/v8-imp"
    awk -F'\t' '$1=="export" {print $3" "$2}' "$TMP/v8" | sort > "$TMP/v8-exp"
    if ! cmp -s "$TMP/wabt-imp" "$TMP/v8-imp" || ! cmp -s "$TMP/wabt-exp" "$TMP/v8-exp"; then
        echo "make-oracles: wabt and node disagree on $f" >&2
        diff "$TMP/wabt-imp" "$TMP/v8-imp" >&2 || true
        diff "$TMP/wabt-exp" "$TMP/v8-exp" >&2 || true
        return 1
    fi
    {
        awk -F'\t' '$1=="import" {print "import "$2" "$3" "$4}' "$TMP/v8"
        sed 's/^\([a-z]*\) \(.*\)$/export \2 \1/' "$TMP/wabt-exp"
    } | sort
}

component_oracle() { # printed-wat -> stdout
    perl -ne '
        next unless /^  \((import|export) /;
        if (/^  \(import "((?:[^"\\]|\\.)*)"/) { print "import $1\n"; next }
        if (/^  \(export (?:\$"(?:[^"\\]|\\.)*"\s+|\$\S+\s+)?(?:\(\@name "(?:[^"\\]|\\.)*"\)\s+)?(?:\(;\d+;\)\s+)?"((?:[^"\\]|\\.)*)"/) {
            print "export $1\n"; next }
        die "make-oracles: cannot read top-level line: $_";
    ' "$1" | sort
}

for f in "$HERE"/*.wasm; do
    n=$(basename "$f" .wasm)
    case $(xxd -p -s 4 -l 4 "$f") in
        01000000)
            core_oracle "$f" > "$HERE/$n.oracle.txt"
            rm -f "$HERE/$n.wit.txt"
            printf '  %-30s core      %3d lines\n' "$n" "$(wc -l < "$HERE/$n.oracle.txt")" >&2
            ;;
        0?000100)
            if [[ $n == *-0c* ]]; then p=jco054; else p=jco; fi
            "$p" print "$f" -o "$TMP/print.wat" > /dev/null
            component_oracle "$TMP/print.wat" > "$HERE/$n.oracle.txt"
            if "$p" wit "$f" > "$TMP/wit.txt" 2> "$TMP/wit.err"; then
                mv "$TMP/wit.txt" "$HERE/$n.wit.txt"; wit=wit
            else
                rm -f "$HERE/$n.wit.txt"
                wit="no wit: $(grep -v '^ *at \|^(jco\|Failed to decode wit component' "$TMP/wit.err" | head -n1)"
            fi
            printf '  %-30s component %3d lines (%s; %s)\n' "$n" \
                "$(wc -l < "$HERE/$n.oracle.txt")" "$p" "$wit" >&2
            ;;
        *)
            echo "make-oracles: $f: unknown preamble" >&2; exit 1 ;;
    esac
done
