#!/usr/bin/env python3
"""Man pages: each rendered page passes `mandoc -Tlint` (or groff -ww);
every long option in any `wasmlint ... --help` appears in wasmlint.1; and
every row of the capability table in lib/wasm/captable.c is documented in
libwasmpolicy.3 with the same classes."""
import re
import shutil
import subprocess
import sys


def main():
    wasmlint, src_root, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
    results = []
    for page in pages:
        # groff with every warning; mandoc only at error level, since scdoc
        # emits empty .PP macros that mandoc's style warnings flag
        checks = [["groff", "-man", "-ww", "-z", page]]
        if shutil.which("mandoc"):
            checks.append(["mandoc", "-Tlint", "-W", "error", page])
        out, rc = "", 0
        for cmd in checks:
            p = subprocess.run(cmd, capture_output=True, text=True)
            out += (p.stdout + p.stderr).strip()
            rc |= p.returncode
        results.append((rc == 0 and not out, "%s lints clean" % page.split("/")[-1], out))
    man1 = open(src_root + "/man/wasmlint.1.scd", encoding="utf-8").read()
    opts = set()
    for cmd in ([], ["lint"], ["inspect"], ["rules"], ["explain"], ["version"]):
        out = subprocess.run([wasmlint] + cmd + ["--help"], capture_output=True, text=True).stdout
        opts |= set(re.findall(r"(--[a-z][a-z-]+)", out))
    missing = sorted(o for o in opts if "*%s*" % o not in man1)
    results.append((not missing, "every --help option is in wasmlint.1", "missing: " + ", ".join(missing)))
    table = open(src_root + "/lib/wasm/captable.c", encoding="utf-8").read()
    man3 = open(src_root + "/man/libwasmpolicy.3.scd", encoding="utf-8").read()
    bad = []
    for kind, pat, caps in re.findall(r'\{ WP__CAP_(\w+), "([^"]+)", ([^}]+)\}', table):
        classes = ", ".join(c.lower().replace("_", "-").replace("keyvalue", "key-value")
                            for c in re.findall(r"WP_CAP_(\w+)", caps))
        shown = pat + ("\\*" if kind == "P1_PREFIX" else "")
        row = re.search(r"^\|\[ %s\n:\[ [^\n]*\n:\[ ([^\n]*)$" % re.escape(shown), man3, re.M)
        if not row or row.group(1) != classes:
            bad.append("%s -> %s" % (pat, classes))
    results.append((not bad, "capability table documented in libwasmpolicy.3", "; ".join(bad)))
    print("1..%d" % len(results))
    for i, (ok, name, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            print("\n".join("# " + l for l in detail.splitlines()))
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
