#!/usr/bin/env python3
"""Each public header compiles on its own, as C99 and as C++, warning-free."""
import os
import subprocess
import sys
import tempfile


def main():
    cc, cxx, src_inc, build_inc = sys.argv[1:5]
    headers = sorted(h for h in os.listdir(os.path.join(src_inc, "wasmpolicy")) if h.endswith(".h"))
    headers.append("version.h")
    jobs = [(h, cc, "c", ["-std=c99"]) for h in headers]
    if cxx != "none":
        jobs += [(h, cxx, "c++", ["-std=c++11"]) for h in headers]
    print("1..%d" % len(jobs))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (h, compiler, lang, std) in enumerate(jobs, 1):
            src = os.path.join(tmp, "t." + ("c" if lang == "c" else "cc"))
            with open(src, "w") as f:
                f.write("#include <wasmpolicy/%s>\nint wp_header_test_dummy;\n" % h)
            cmd = [compiler] + std + ["-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                                      "-I", src_inc, "-I", build_inc, src]
            p = subprocess.run(cmd, capture_output=True, text=True)
            status = "ok" if p.returncode == 0 else "not ok"
            print("%s %d - %s compiles alone as %s" % (status, i, h, lang))
            if p.returncode:
                failed += 1
                print("\n".join("# " + l for l in p.stderr.splitlines()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
