#!/usr/bin/env python3
"""ABI checks: the shared library exports exactly the names of the version
script, and every global symbol defined in the static archive carries the
wp_ prefix (visibility does not protect a static archive)."""
import re
import subprocess
import sys


def nm(args):
    return subprocess.run(["nm"] + args, capture_output=True, text=True, check=True).stdout


def main():
    shared, static, mapfile = sys.argv[1:4]
    mapped = set(re.findall(r"^\s+(wp_\w+);", open(mapfile).read(), re.M))
    exported = set()
    for line in nm(["-D", "--defined-only", shared]).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDRBW" and not parts[2].startswith("WASMPOLICY_"):
            exported.add(parts[2].split("@")[0])
    ok = True
    print("1..3")
    extra, missing = exported - mapped, mapped - exported
    print(("ok" if not extra else "not ok") + " 1 - no symbol exported beyond the version script")
    for s in sorted(extra):
        print("# leaked: " + s)
    print(("ok" if not missing else "not ok") + " 2 - every version-script name is defined")
    for s in sorted(missing):
        print("# missing: " + s)
    bad = []
    for line in nm(["--defined-only", "-g", static]).splitlines():
        parts = line.split()
        if len(parts) == 3 and not parts[2].startswith("wp_"):
            bad.append(parts[2])
    print(("ok" if not bad else "not ok") + " 3 - every global symbol of the static archive starts with wp_")
    for s in bad:
        print("# unprefixed: " + s)
    ok = not (extra or missing or bad)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
