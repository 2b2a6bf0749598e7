#!/usr/bin/env python3
"""Golden model dumps: `wasmlint lint --dump-model CASE` for every case.

testdata/model/<case>/ holds the inputs of one run (linted together, so
joins across files are exercised); testdata/model/expected/<case>.json,
.stderr and .status hold what the run must print. The command runs in
testdata/model so file names in the output are relative and stable.
WASMLINT_UPDATE_GOLDEN=1 rewrites the expectations (review the diff).
"""
import difflib
import os
import subprocess
import sys


def main():
    exe, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    update = os.environ.get("WASMLINT_UPDATE_GOLDEN") == "1"
    expected = os.path.join(root, "expected")
    cases = sorted(d for d in os.listdir(root)
                   if os.path.isdir(os.path.join(root, d)) and d != "expected")
    print("1..%d" % len(cases))
    failed = 0
    for i, case in enumerate(cases, 1):
        p = subprocess.run([exe, "lint", "--dump-model", case], cwd=root,
                           capture_output=True, timeout=120)
        actual = {".json": p.stdout, ".stderr": p.stderr,
                  ".status": b"%d\n" % p.returncode}
        problems = []
        for ext, got in actual.items():
            path = os.path.join(expected, case + ext)
            if update:
                os.makedirs(expected, exist_ok=True)
                with open(path, "wb") as f:
                    f.write(got)
                continue
            if not os.path.exists(path):
                problems.append("# missing %s" % path)
                continue
            want = open(path, "rb").read()
            if want != got:
                diff = difflib.unified_diff(
                    want.decode("utf-8", "replace").splitlines(),
                    got.decode("utf-8", "replace").splitlines(),
                    "expected/" + case + ext, "actual", lineterm="", n=2)
                problems.extend("# " + line for line in list(diff)[:80])
        if problems:
            failed += 1
            print("not ok %d - %s" % (i, case))
            print("\n".join(problems))
        else:
            print("ok %d - %s" % (i, case))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
