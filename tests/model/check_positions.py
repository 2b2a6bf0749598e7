#!/usr/bin/env python3
"""An independent oracle for the positions in `wasmlint lint --dump-model`.

testdata/model/positions.txt lists, one per line,

    <case> <subject id> <model path> <source path>

(the subject id may hold spaces; the two paths may not). For each line the
script runs `wasmlint lint --dump-model <case>` in testdata/model, finds the
subject by its id, and takes the span the dump gives for <model path> (a key
of the subject's "positions", exactly as printed there). It then reads the
subject's file with PyYAML, picks the document that holds the subject's span
start line, finds the subject's own node in it (the collection that starts
exactly where the span starts: the document root, or a `kind: List` item, or
a component inside an application), follows <source path> from that node and
compares the node's start and end with the dump's, both 1-based with an
exclusive end. Only scalars are compared: the library ends a block
collection at its last character, PyYAML at the next token.

Source paths: keys separated by ".", `[N]` for list items and `["key"]` for
keys that contain dots (annotation and label keys). `<<` merge keys are
followed the way YAML 1.1 merges them (the mapping's own keys first, then
each merged mapping in order), so values reached through an anchor get the
anchor's position, as in the library.

Columns: the dump counts bytes, PyYAML counts characters, so PyYAML's column
is turned into a byte column from the line's text. A UTF-8 byte order mark
is not counted by either side; see bom_columns() for how that is checked
rather than assumed. JSON inputs are read by PyYAML too (JSON is YAML).

The last TAP test checks that every case directory with YAML or JSON inputs
has at least one line in positions.txt. Usage:

    check_positions.py WASMLINT TESTDATA_MODEL_DIR
"""
import json
import os
import re
import subprocess
import sys

import yaml

MERGE_TAG = "tag:yaml.org,2002:merge"
BOM = "\ufeff"
# Line breaks PyYAML knows beyond CR/LF; a file holding one would be
# numbered differently by the library, so it is refused, not guessed at.
EXOTIC_BREAKS = ("\x85", "\u2028", "\u2029")


def bom_columns():
    """How many columns PyYAML gives a leading BOM on line 1 (0 or 1).

    PyYAML's Reader keeps U+FEFF in its buffer, and Reader.forward() skips
    it without advancing the column (yaml/reader.py), so today this is 0;
    the library likewise starts counting after the BOM (the dump puts
    `apiVersion: v1` right after a BOM at column 13, not 16). Should a
    PyYAML version count it, the probe sees it and the conversion below
    takes it out again."""
    node = yaml.compose(BOM + "a: b\n")
    return node.value[0][1].start_mark.column - 3


class Source:
    """One input file: its PyYAML documents and its lines (for columns)."""

    def __init__(self, path):
        raw = open(path, "rb").read()
        text = raw.decode("utf-8")
        for ch in EXOTIC_BREAKS:
            if ch in text:
                raise ValueError("%s: has line break U+%04X" % (path, ord(ch)))
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.bom = text.startswith(BOM)
        self.docs = []
        self.error = None
        try:
            for doc in yaml.compose_all(text):
                if doc is not None:
                    self.docs.append(doc)
        except (yaml.YAMLError, RecursionError) as e:
            # Keep the documents before the broken one (errors/ case).
            self.error = str(e).splitlines()[0]

    def byte_column(self, line, column):
        """1-based byte column of PyYAML's 0-based (line, char column)."""
        text = self.lines[line]
        if line == 0 and self.bom:
            text = text[1:]
            column -= BOM_COLUMNS
        return len(text[:column].encode("utf-8")) + 1

    def mark(self, m):
        return (m.line + 1, self.byte_column(m.line, m.column))


SEGMENT = re.compile(r'\["([^"]*)"\]|\[(\d+)\]|([^.\[\]"]+)')


def parse_source_path(path):
    """"spec.containers[0].name" -> ["spec", "containers", 0, "name"]."""
    parts, pos = [], 0
    while pos < len(path):
        if parts and path[pos] == "." and not path.startswith(".[", pos):
            pos += 1
        m = SEGMENT.match(path, pos)
        if not m:
            raise ValueError("bad source path %r at %d" % (path, pos))
        if m.group(1) is not None:
            parts.append(m.group(1))
        elif m.group(2) is not None:
            parts.append(int(m.group(2)))
        else:
            parts.append(m.group(3))
        pos = m.end()
    return parts


def map_get(node, key, depth=0):
    """YAML 1.1 lookup with `<<` merges: own keys win, then merged maps."""
    if not isinstance(node, yaml.MappingNode) or depth > 32:
        return None
    merges = []
    for k, v in node.value:
        if k.tag == MERGE_TAG:
            merges.extend(v.value if isinstance(v, yaml.SequenceNode) else [v])
        elif isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    for m in merges:
        found = map_get(m, key, depth + 1)
        if found is not None:
            return found
    return None


def follow(node, parts):
    for p in parts:
        if isinstance(p, int):
            if not isinstance(node, yaml.SequenceNode) or p >= len(node.value):
                return None
            node = node.value[p]
        else:
            node = map_get(node, p)
            if node is None:
                return None
    return node


def subject_node(src, line, col):
    """The collection of a document that starts at (line, col), outermost
    first; the document is the one whose lines hold the start."""
    for doc in src.docs:
        if not (doc.start_mark.line + 1 <= line <= doc.end_mark.line + 1):
            continue
        queue = [doc]
        seen = set()
        while queue:
            n = queue.pop(0)
            if id(n) in seen:
                continue
            seen.add(id(n))
            if isinstance(n, yaml.ScalarNode):
                continue
            if src.mark(n.start_mark) == (line, col):
                return n
            if isinstance(n, yaml.MappingNode):
                queue.extend(v for _, v in n.value)
            else:
                queue.extend(n.value)
    return None


def parse_span(text):
    m = re.match(r"(\d+):(\d+)-(\d+):(\d+)", text)
    if not m:
        raise ValueError("bad span %r" % text)
    a, b, c, d = map(int, m.groups())
    return (a, b), (c, d)


def read_entries(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            tok = line.split()
            if len(tok) < 5:
                raise ValueError("%s:%d: want <case> <subject id> <model path> <source path>"
                                 % (path, n))
            entries.append((n, tok[0], " ".join(tok[1:-2]), tok[-2], tok[-1]))
    return entries


def case_dirs(root):
    """Case directories holding YAML or JSON inputs (at any depth)."""
    out = []
    for d in sorted(os.listdir(root)):
        full = os.path.join(root, d)
        if not os.path.isdir(full) or d == "expected":
            continue
        for _, _, files in os.walk(full):
            if any(f.endswith((".yaml", ".yml", ".json")) for f in files):
                out.append(d)
                break
    return out


def check(entry, dumps, sources, root, exe):
    n, case, sid, mpath, spath = entry
    if case not in dumps:
        p = subprocess.run([exe, "lint", "--dump-model", case], cwd=root,
                           capture_output=True, timeout=120)
        try:
            dumps[case] = json.loads(p.stdout)
        except ValueError:
            dumps[case] = None
            return ["wasmlint --dump-model %s exited %d without JSON: %s"
                    % (case, p.returncode, p.stderr.decode("utf-8", "replace")[:300])]
    dump = dumps[case]
    if dump is None:
        return ["no dump for %s" % case]
    subjects = [s for s in dump["subjects"] if s["id"] == sid]
    if len(subjects) != 1:
        return ["%d subjects with id %r in %s" % (len(subjects), sid, case)]
    subj = subjects[0]
    if mpath not in subj["positions"]:
        return ["no position for %s in %r" % (mpath, sid)]
    got_start, got_end = parse_span(subj["positions"][mpath])
    file = subj["file"]
    if file not in sources:
        sources[file] = Source(os.path.join(root, file))
    src = sources[file]
    span_start, _ = parse_span(subj["span"])
    top = subject_node(src, *span_start)
    if top is None:
        why = " (PyYAML: %s)" % src.error if src.error else ""
        return ["no collection starts at %s:%d:%d, the subject's span start%s"
                % (file, span_start[0], span_start[1], why)]
    node = follow(top, parse_source_path(spath))
    if node is None:
        return ["%s: no node at %s under the subject at %d:%d"
                % (file, spath, span_start[0], span_start[1])]
    if not isinstance(node, yaml.ScalarNode):
        return ["%s: %s is a %s, only scalars are compared"
                % (file, spath, type(node).__name__)]
    want_start, want_end = src.mark(node.start_mark), src.mark(node.end_mark)
    if (got_start, got_end) != (want_start, want_end):
        return ["%s: %s at %d:%d-%d:%d in the dump, %s (%r) at %d:%d-%d:%d in PyYAML"
                % (file, mpath, got_start[0], got_start[1], got_end[0], got_end[1],
                   spath, node.value, want_start[0], want_start[1], want_end[0],
                   want_end[1])]
    return []


BOM_COLUMNS = bom_columns()


def main():
    exe, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    listing = os.path.join(root, "positions.txt")
    entries = read_entries(listing)
    print("1..%d" % (len(entries) + 1))
    dumps, sources = {}, {}
    failed = 0
    for i, entry in enumerate(entries, 1):
        try:
            problems = check(entry, dumps, sources, root, exe)
        except Exception as e:  # a bad line must fail, not stop the run
            problems = ["%s: %s" % (type(e).__name__, e)]
        label = "%s %s %s" % (entry[1], entry[2], entry[3])
        if problems:
            failed += 1
            print("not ok %d - %s" % (i, label))
            for p in problems:
                print("# positions.txt:%d: %s" % (entry[0], p))
        else:
            print("ok %d - %s" % (i, label))
    listed = {e[1] for e in entries}
    missing = [c for c in case_dirs(root) if c not in listed]
    if missing:
        failed += 1
        print("not ok %d - every case with YAML/JSON inputs is listed" % (len(entries) + 1))
        print("# not in positions.txt: %s" % ", ".join(missing))
    else:
        print("ok %d - every case with YAML/JSON inputs is listed" % (len(entries) + 1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
