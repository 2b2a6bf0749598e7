#!/usr/bin/env python3
"""Every built-in rule's cases, as TAP.

testdata/rules/<rule-id>/<case>/ holds the inputs of one lint run (files
of any supported kind; args in an optional `args` file, one per line, are
added before the inputs). testdata/rules/<rule-id>/<case>.expected lists
the findings of that rule the run must produce, one per line:

    file:line:col-endline:endcol severity outcome message

Cases whose name starts with `fail` must produce at least one finding of
the rule, cases starting with `pass` none. A rule without both kinds of
case fails the test, so a new built-in rule cannot land without cases.
WASMLINT_UPDATE_GOLDEN=1 rewrites the .expected files (review the diff).
"""
import json
import os
import subprocess
import sys


def findings(exe, root, rule, case):
    cdir = os.path.join(root, rule, case)
    args = []
    argf = os.path.join(cdir, "args")
    if os.path.exists(argf):
        args = [a.strip() for a in open(argf) if a.strip()]
    inputs = sorted(f for f in os.listdir(cdir) if f != "args")
    p = subprocess.run([exe, "lint", "--format", "json", "--fail-on", "none"] + args + inputs,
                       cwd=cdir, capture_output=True, timeout=120)
    out = json.loads(p.stdout.decode() or "{}")
    lines = []
    for f in out.get("findings", []):
        if f["rule_id"] != rule:
            continue
        lines.append("%s:%d:%d-%d:%d %s %s %s" % (f["file"], f["line"], f["column"],
                                                  f["end_line"], f["end_column"], f["severity"],
                                                  f["outcome"], f["message"]))
    return lines, out.get("errors", []), p.returncode


def main():
    exe, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    update = os.environ.get("WASMLINT_UPDATE_GOLDEN") == "1"
    listed = json.loads(subprocess.run([exe, "rules", "--format", "json"],
                                       capture_output=True, check=True).stdout)
    rules = sorted(r["id"] for r in listed)
    print("1..%d" % len(rules))
    failed = 0
    for n, rule in enumerate(rules, 1):
        problems = []
        rdir = os.path.join(root, rule)
        cases = sorted(d for d in os.listdir(rdir)
                       if os.path.isdir(os.path.join(rdir, d))) if os.path.isdir(rdir) else []
        if not any(c.startswith("fail") for c in cases):
            problems.append("# no failing case (testdata/rules/%s/fail*/)" % rule)
        if not any(c.startswith("pass") for c in cases):
            problems.append("# no passing case (testdata/rules/%s/pass*/)" % rule)
        for case in cases:
            got, errors, status = findings(exe, root, rule, case)
            exp = os.path.join(rdir, case + ".expected")
            if update:
                with open(exp, "w") as f:
                    f.write("".join(line + "\n" for line in got))
            want = open(exp).read().splitlines() if os.path.exists(exp) else None
            if want is None:
                problems.append("# %s: missing %s.expected" % (case, case))
            elif want != got:
                problems.append("# %s: expected" % case)
                problems.extend("#   " + w for w in want)
                problems.append("# %s: got" % case)
                problems.extend("#   " + g for g in got)
            if case.startswith("fail") and not got:
                problems.append("# %s: the rule did not fire" % case)
            if case.startswith("pass") and got:
                problems.append("# %s: the rule fired on a passing case" % case)
            if errors and not case.startswith(("fail-error", "pass-error")):
                problems.append("# %s: input errors: %s" % (case, errors))
        if problems:
            failed += 1
            print("not ok %d - %s" % (n, rule))
            print("\n".join(problems))
        else:
            print("ok %d - %s (%d cases)" % (n, rule, len(cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
