#!/usr/bin/env python3
"""The folder layout is the architecture: no layer includes a header from a
layer above it (README, Layout). Checks every #include "x/..." in lib/ and
that cli/ sees only the public headers, as TAP.

usage: check_layers.py SOURCE_ROOT
"""
import os
import re
import sys

# Each layer and the layers it may include (itself always allowed).
ALLOWED = {
    "core": set(),
    "wasm": {"core"},
    "doc": {"core"},
    "artifact": {"core"},
    "model": {"core", "doc", "wasm", "artifact"},
    "rules": {"core", "doc", "model"},
    "run": {"core", "doc", "wasm", "artifact", "model", "rules"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z]+)/', re.M)


def main():
    root = sys.argv[1]
    problems = []
    for layer, allowed in sorted(ALLOWED.items()):
        d = os.path.join(root, "lib", layer)
        for name in sorted(os.listdir(d)):
            if not name.endswith((".c", ".h")):
                continue
            text = open(os.path.join(d, name), encoding="utf-8").read()
            for dep in INCLUDE.findall(text):
                if dep != layer and dep not in allowed:
                    problems.append("lib/%s/%s includes %s/" % (layer, name, dep))
    for name in sorted(os.listdir(os.path.join(root, "cli"))):
        if name.endswith((".c", ".h")):
            text = open(os.path.join(root, "cli", name), encoding="utf-8").read()
            for dep in INCLUDE.findall(text):
                problems.append("cli/%s includes a library internal: %s/" % (name, dep))
    print("1..1")
    if problems:
        print("not ok 1 - layering")
        print("\n".join("# " + p for p in problems))
        return 1
    print("ok 1 - layering: readers -> model -> rules -> run -> cli")
    return 0


if __name__ == "__main__":
    sys.exit(main())
