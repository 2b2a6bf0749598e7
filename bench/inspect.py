#!/usr/bin/env python3
"""Benchmark `wasmlint inspect` against baselines measured in the same run.

Reports median wall times over repeated runs and ratios against:
  - `cat FILE > /dev/null` (reading every byte of the file once),
  - `wasm-objdump -x -j Import` for core modules (wabt), when installed,
  - `jco wit` for components, when installed (JCO=path/to/jco or on PATH),
and shows that the cost follows the import/export sections, not the file:
the 14 MB JS component, the same component with its code (nested core
module sections) doubled, and a 125-byte component take about as long.

usage: bench/inspect.py BUILD_DIR [RUNS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def leb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_leb(data, i):
    v = shift = 0
    while True:
        b = data[i]
        v |= (b & 0x7F) << shift
        i += 1
        shift += 7
        if not b & 0x80:
            return v, i


def doubled_code(data):
    """Append a second copy of every nested core module section (id 1):
    twice the code, the same imports and exports."""
    i, extra = 8, bytearray()
    while i < len(data):
        sid = data[i]
        size, body = read_leb(data, i + 1)
        if sid == 1:
            extra += data[i:body + size]
        i = body + size
    return data + bytes(extra)


def big_module(data, pad):
    """A core module with a large custom section, skipped by size."""
    name = b"bench-padding"
    payload = leb(len(name)) + name + b"\0" * pad
    return data + b"\0" + leb(len(payload)) + payload


def timeit(cmd, runs, stdout=subprocess.DEVNULL):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=stdout, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    wasmlint = os.path.join(build, "cli", "wasmlint")
    wasm = os.path.join(ROOT, "testdata", "wasm")
    tmp = tempfile.mkdtemp()
    js = os.path.join(wasm, "js-http-client.wasm")
    js2 = os.path.join(tmp, "js-http-client-code-doubled.wasm")
    open(js2, "wb").write(doubled_code(open(js, "rb").read()))
    small = os.path.join(wasm, "comp-iface-small.wasm")
    mod = os.path.join(tmp, "core-c-reactor-10mb.wasm")
    open(mod, "wb").write(big_module(open(os.path.join(wasm, "core-c-reactor.wasm"), "rb").read(),
                                     10 << 20))
    jco = os.environ.get("JCO") or shutil.which("jco")
    objdump = shutil.which("wasm-objdump")

    rows = []
    for label, path in (("JS component", js), ("JS component, code doubled", js2),
                        ("125-byte component", small), ("core module + 10 MB custom", mod)):
        size = os.path.getsize(path)
        t_inspect = timeit([wasmlint, "inspect", path], runs)
        t_json = timeit([wasmlint, "inspect", "--format", "json", path], runs)
        t_cat = timeit(["cat", path], runs)
        base = []
        if path == mod and objdump:
            base.append(("wasm-objdump -x -j Import", timeit([objdump, "-x", "-j", "Import", path], runs)))
        if path != mod and jco:
            base.append(("jco wit", timeit([jco, "wit", path], max(3, runs // 5))))
        rows.append((label, size, t_inspect, t_json, t_cat, base))

    print("wasmlint inspect, median of %d runs (wall time, includes process start)" % runs)
    print()
    print("| input | size | inspect | inspect --format json | cat (read all bytes) | inspect / cat | other baseline |")
    print("|---|---|---|---|---|---|---|")
    for label, size, ti, tj, tc, base in rows:
        other = "; ".join("%s %.1f ms (%.0fx slower than inspect)" % (n, t * 1e3, t / ti) for n, t in base) or "-"
        print("| %s | %.1f MB | %.2f ms | %.2f ms | %.2f ms | %.2f | %s |" %
              (label, size / 1e6, ti * 1e3, tj * 1e3, tc * 1e3, ti / tc, other))
    js_row, js2_row, small_row = rows[0], rows[1], rows[2]
    print()
    print("code doubled / original: %.2f; 14 MB component / 125-byte component: %.2f"
          % (js2_row[2] / js_row[2], js_row[2] / small_row[2]))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
