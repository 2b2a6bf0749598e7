#!/usr/bin/env python3
"""For every fixture NAME.wasm under testdata/wasm:
  1. `wasmlint inspect --format json NAME.wasm` equals the golden NAME.json;
  2. the golden's import and export names (and kinds, for core modules)
     agree with NAME.oracle.txt, which independent tools (jco print,
     wasm-objdump) produced when the fixture was made.
Fixtures whose name starts with "bad-" are expected to fail to decode; the
golden then holds the error object. WASMLINT_UPDATE_GOLDEN=1 rewrites
NAME.json (never the oracles)."""
import json
import os
import subprocess
import sys


def oracle_lines(doc):
    lines = []
    for e in doc.get("imports", []):
        if doc["kind"] == "module":
            lines.append("import %s %s %s" % (e["module"], e["name"], e["kind"]))
        else:
            lines.append("import %s" % e["name"])
    for e in doc.get("exports", []):
        if doc["kind"] == "module":
            lines.append("export %s %s" % (e["name"], e["kind"]))
        else:
            lines.append("export %s" % e["name"])
    return lines


def main():
    exe, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    update = os.environ.get("WASMLINT_UPDATE_GOLDEN") == "1"
    names = sorted(f[:-5] for f in os.listdir(root) if f.endswith(".wasm"))
    print("1..%d" % (2 * len(names)))
    failed, n = 0, 0
    for name in names:
        p = subprocess.run([exe, "inspect", "--format", "json", name + ".wasm"], cwd=root,
                           capture_output=True, timeout=120)
        golden = os.path.join(root, name + ".json")
        n += 1
        expect_fail = name.startswith("bad-")
        status_ok = (p.returncode == 2) if expect_fail else (p.returncode == 0)
        if update and status_ok:
            open(golden, "wb").write(p.stdout)
        want = open(golden, "rb").read() if os.path.exists(golden) else None
        if want == p.stdout and status_ok:
            print("ok %d - %s: inspect output equals its golden" % (n, name))
        else:
            failed += 1
            print("not ok %d - %s: inspect output differs from %s.json (exit %d)"
                  % (n, name, name, p.returncode))
            for line in p.stderr.decode("utf-8", "replace").splitlines():
                print("# " + line)
        n += 1
        oracle = os.path.join(root, name + ".oracle.txt")
        if expect_fail:
            print("ok %d - %s: no oracle for an undecodable fixture # SKIP" % (n, name))
            continue
        if not os.path.exists(oracle):
            failed += 1
            print("not ok %d - %s: no oracle listing %s.oracle.txt" % (n, name, name))
            continue
        # compared as sorted lists: the oracle tools do not keep binary order,
        # which the golden above already pins
        ours = sorted(oracle_lines(json.loads(p.stdout)[0]))
        theirs = sorted(l.rstrip("\n") for l in open(oracle, encoding="utf-8") if l.strip())
        if ours == theirs:
            print("ok %d - %s: names agree with the independent oracle" % (n, name))
        else:
            failed += 1
            print("not ok %d - %s: names differ from the oracle" % (n, name))
            for a, b in zip(ours + [""] * len(theirs), theirs + [""] * len(ours)):
                if a != b:
                    print("#  ours: %r\n#  oracle: %r" % (a, b))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
