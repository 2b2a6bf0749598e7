#!/usr/bin/env python3
"""The TOML reader against Python's tomllib, over every testdata/toml/*.toml.

usage: check_toml.py TOML_DUMP TESTDATA_DIR   (TAP on stdout)

For each file, toml_dump prints the tree wp__toml_read made of it. That tree
must hold the same values as tomllib reads (types included: True is not 1),
and its positions must point at the text they describe: each scalar's span,
read again by tomllib as a value, gives the same value; each key's span is
that key; each inline table and array's span reads back as the same value;
header tables start at their '[' and arrays of tables at their '[['; every
line:column agrees with the offset; every child lies inside its parent.

A file NAME.toml with a NAME.err next to it must fail instead, with exactly
the line NAME.err holds. If that line names an unsupported construct, tomllib
must accept the file (it is valid TOML we refuse); otherwise tomllib must
reject it too.
"""
import json
import os
import subprocess
import sys
import tomllib


def tag(v):
    """A tomllib value with its type made explicit (bool is not int)."""
    if isinstance(v, dict):
        return ("table", {k: tag(x) for k, x in v.items()})
    if isinstance(v, list):
        return ("array", [tag(x) for x in v])
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, int):
        return ("int", v)
    if isinstance(v, str):
        return ("string", v)
    return (type(v).__name__, v)


def value(n):
    """The dumped node as tag() would give it."""
    if n["t"] == "table":
        return ("table", {k["v"]: value(v) for k, v in n["m"]})
    if n["t"] == "array":
        return ("array", [value(x) for x in n["a"]])
    return (n["t"], n["v"])


class Checker:
    def __init__(self, raw):
        self.raw = raw
        self.lines = [0] + [i + 1 for i, b in enumerate(raw) if b == 0x0A]

    def pos(self, p, what):
        line, col, off = p
        if not (1 <= line <= len(self.lines)) or self.lines[line - 1] + col - 1 != off:
            raise AssertionError(f"{what}: {p} disagrees with the line starts")

    def text(self, n):
        return self.raw[n["s"][2]:n["e"][2]].decode("utf-8")

    def load(self, text, n):
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise AssertionError(f"span {self.text(n)!r} at {n['s']}: {e}") from None

    def reads_as(self, n, want):
        got = tag(self.load("v = " + self.text(n), n)["v"])
        if got != want:
            raise AssertionError(f"span {self.text(n)!r} at {n['s']} reads as {got}, not {want}")

    def key(self, k):
        src = self.text(k)
        if k["y"] == "plain" and src != k["v"]:
            raise AssertionError(f"bare key {k['v']!r} spans {src!r}")
        if list(self.load(src + " = 0", k)) != [k["v"]]:
            raise AssertionError(f"key {k['v']!r} spans {src!r}")

    def node(self, n, parent):
        for p in (n["s"], n["e"]):
            self.pos(p, n["t"])
        if n["e"][2] < n["s"][2]:
            raise AssertionError(f"{n['t']} at {n['s']} ends before it starts")
        if parent and not (parent["s"][2] <= n["s"][2] and n["e"][2] <= parent["e"][2]):
            raise AssertionError(f"{n['t']} at {n['s']} lies outside its parent")
        head = self.raw[n["s"][2]:n["s"][2] + 2]
        if n["t"] not in ("table", "array") or n["y"] == "flow":
            self.reads_as(n, value(n))
        elif n["t"] == "array" and head != b"[[":
            raise AssertionError(f"array of tables at {n['s']} does not start at '[['")

    def tree(self, root):
        todo = [(root, None)]
        while todo:
            n, parent = todo.pop()
            self.node(n, parent)
            if n["t"] == "table":
                for k, v in n["m"]:
                    self.pos(k["s"], "key")
                    self.key(k)
                    todo.append((v, n))
                    if v["t"] == "table" and v["y"] == "block":
                        start = self.raw[v["s"][2]:v["s"][2] + 1]
                        if start != b"[" and v["s"] != k["s"]:
                            raise AssertionError(f"table {k['v']!r} starts at neither a "
                                                 "header nor its dotted key")
            elif n["t"] == "array":
                todo.extend((x, n) for x in n["a"])


def check(dump, name):
    raw = open(name, "rb").read()
    run = subprocess.run([dump, name], capture_output=True)
    err = run.stderr.decode().strip()
    if os.path.exists(name[:-5] + ".err"):
        want = open(name[:-5] + ".err", encoding="utf-8").read().strip()
        if run.returncode != 1 or err != want:
            return f"expected {want!r}, got exit {run.returncode}: {err!r}"
        try:
            tomllib.loads(raw.decode("utf-8"))
            valid = True
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            valid = False
        if valid != ("unsupported TOML construct" in want):
            return f"tomllib {'accepts' if valid else 'rejects'} it too"
        return None
    if run.returncode:
        return f"exit {run.returncode}: {err}"
    tree = json.loads(run.stdout)
    want = tag(tomllib.loads(raw.decode("utf-8")))
    if value(tree) != want:
        return f"values differ from tomllib:\n# ours:    {value(tree)}\n# tomllib: {want}"
    try:
        Checker(raw).tree(tree)
    except AssertionError as e:
        return str(e)
    return None


def main():
    dump, data = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.chdir(data)  # so that messages name files as the .err files do
    names = sorted(f for f in os.listdir(".") if f.endswith(".toml"))
    print(f"1..{len(names)}")
    failed = 0
    for i, name in enumerate(names, 1):
        problem = check(dump, name)
        failed += problem is not None
        print(f"{'not ok' if problem else 'ok'} {i} - {name}")
        if problem:
            print("# " + problem.replace("\n", "\n# "))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
