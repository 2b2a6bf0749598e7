#!/usr/bin/env python3
"""Golden CLI tests: one directory per case, reported as TAP.

A case directory holds:
  args     the arguments, one per line (the command name first)
  stdin    optional, fed to standard input
  stdout   expected standard output
  stderr   expected standard error
  status   expected exit status
The command runs with the case directory as working directory, so paths in
outputs are relative and stable. WASMLINT_UPDATE_GOLDEN=1 rewrites the
expectations from the actual output (review the diff before committing).
"""
import difflib
import os
import subprocess
import sys


def run_case(exe, case):
    with open(os.path.join(case, "args"), encoding="utf-8") as f:
        args = [line.rstrip("\n") for line in f if line.strip()]
    stdin_path = os.path.join(case, "stdin")
    stdin = open(stdin_path, "rb").read() if os.path.exists(stdin_path) else b""
    p = subprocess.run([exe] + args, cwd=case, input=stdin, capture_output=True, timeout=60)
    return {"stdout": p.stdout, "stderr": p.stderr, "status": b"%d\n" % p.returncode}


def main():
    exe, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    update = os.environ.get("WASMLINT_UPDATE_GOLDEN") == "1"
    cases = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    print("1..%d" % len(cases))
    failed = 0
    for i, name in enumerate(cases, 1):
        case = os.path.join(root, name)
        actual = run_case(exe, case)
        problems = []
        for key in ("stdout", "stderr", "status"):
            path = os.path.join(case, key)
            if update:
                with open(path, "wb") as f:
                    f.write(actual[key])
                continue
            want = open(path, "rb").read() if os.path.exists(path) else None
            if want is None:
                problems.append("# missing expectation file %s" % key)
            elif want != actual[key]:
                diff = difflib.unified_diff(
                    want.decode("utf-8", "replace").splitlines(),
                    actual[key].decode("utf-8", "replace").splitlines(),
                    "expected/" + key, "actual/" + key, lineterm="")
                problems.extend("# " + line for line in diff)
        if problems:
            failed += 1
            print("not ok %d - %s" % (i, name))
            print("\n".join(problems))
        else:
            print("ok %d - %s" % (i, name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
