#!/usr/bin/env python3
"""Benchmark the model layer against libyaml's bare event parse, same run.

Generates a 20,000-document stream (Deployments, StatefulSets, CronJobs,
ServiceAccounts, NetworkPolicies and RuntimeClasses spread over 100
namespaces, shaped like real wasm workloads), then measures on that file:

  - yaml_events: libyaml's event parse only (the floor),
  - model_run:   libwasmpolicy's read + model + joins via the public API,
                 then the same with every built-in rule pack applied,
  - wasmlint lint --dump-model > /dev/null and wasmlint lint (whole CLI),

and reports median CPU times (user + system: on a shared machine wall
time mostly measures the neighbours), documents per second, the ratio of
each to the libyaml floor, and peak RSS. When valgrind is installed it
also counts instructions (callgrind) for the first two on a 2,000-document
corpus: a ratio that does not move with the machine's load.

usage: bench/model.py BUILD_DIR [ROUNDS] [DOCS]   (use a release build)
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

NAMESPACES = 100


def deployment(i, ns, kind="Deployment"):
    spec = """    metadata:
      labels: {app: app-%(i)d, runtime: wasm, tier: %(tier)s}
      annotations: {prometheus.io/scrape: "true"}
    spec:
      runtimeClassName: wasmtime-spin-v2
      serviceAccountName: sa-%(ns)d
      containers:
        - name: app
          image: registry.example.com/team-%(ns)d/app-%(i)d:1.%(i)d.0
          command: ["/"]
          env:
            - {name: LOG_LEVEL, value: info}
            - name: API_TOKEN
              valueFrom: {secretKeyRef: {name: app-%(i)d, key: token}}
          envFrom: [{configMapRef: {name: app-%(i)d-config}}]
          ports: [{containerPort: 80}]
          resources: {limits: {cpu: 100m, memory: 128Mi}}
          volumeMounts: [{name: cache, mountPath: /cache}]
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
      volumes:
        - {name: cache, emptyDir: {}}
""" % {"i": i, "ns": ns, "tier": "api" if i % 2 else "worker"}
    head = """---
apiVersion: %s
kind: %s
metadata:
  name: app-%d
  namespace: team-%d
  labels: {app: app-%d}
spec:
""" % ("batch/v1" if kind == "CronJob" else "apps/v1", kind, i, ns, i)
    if kind == "CronJob":
        body = "  schedule: '0 * * * *'\n  jobTemplate:\n    spec:\n      template:\n" + \
            "".join("    " + line + "\n" if line else "\n" for line in spec.splitlines())
    else:
        body = "  replicas: 2\n  selector: {matchLabels: {app: app-%d}}\n  template:\n%s" % (i, spec)
    return head + body


def generate(path, docs):
    n = 0
    with open(path, "w") as f:
        f.write("---\napiVersion: node.k8s.io/v1\nkind: RuntimeClass\n"
                "metadata: {name: wasmtime-spin-v2}\nhandler: spin\n")
        n += 1
        i = 0
        while n < docs:
            ns = i % NAMESPACES
            if i < NAMESPACES:
                f.write("---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa-%d, "
                        "namespace: team-%d}\nautomountServiceAccountToken: false\n" % (ns, ns))
                f.write("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                        "metadata: {name: wasm-egress, namespace: team-%d}\nspec:\n"
                        "  podSelector: {matchLabels: {runtime: wasm}}\n"
                        "  policyTypes: [Egress]\n  egress:\n"
                        "    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n" % ns)
                n += 2
            kind = ("Deployment", "Deployment", "StatefulSet", "CronJob")[i % 4]
            f.write(deployment(i, ns, kind))
            n += 1
            i += 1
    return n


def run(cmd, rounds):
    """Median CPU time of @rounds runs and the peak RSS (KiB) seen."""
    times, rss, out = [], 0, b""
    for _ in range(rounds):
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        out = p.stdout.read()
        _, status, usage = os.wait4(p.pid, 0)
        times.append(usage.ru_utime + usage.ru_stime)
        rss = max(rss, usage.ru_maxrss)
    return statistics.median(times), rss, out


def instructions(cmd):
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                       capture_output=True, text=True)
    m = re.search(r"refs:\s+([\d,]+)", p.stderr)
    return int(m.group(1).replace(",", "")) if m else None


def main():
    build = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    docs = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "corpus.yaml")
        n = generate(path, docs)
        size = os.path.getsize(path)
        ev = json.loads(run([os.path.join(build, "bench/yaml_events"), path, str(rounds)], 1)[2])
        mo = json.loads(run([os.path.join(build, "bench/model_run"), path, str(rounds)], 1)[2])
        ru = json.loads(run([os.path.join(build, "bench/model_run"), "--rules", path, str(rounds)],
                            1)[2])
        _, ev_rss, _ = run([os.path.join(build, "bench/yaml_events"), path, "1"], 1)
        _, mo_rss, _ = run([os.path.join(build, "bench/model_run"), path, "1"], 1)
        wl = os.path.join(build, "cli/wasmlint")
        lint_t, lint_rss, _ = run([wl, "lint", path], rounds)
        dump_t, dump_rss, _ = run([wl, "lint", "--dump-model", path], rounds)
        base = ev["seconds"]
        print("corpus: %d documents, %.1f MB, %d subjects modelled, %d errors"
              % (n, size / 1e6, mo["subjects"], mo["errors"]))
        print("%-44s %10s %12s %8s %10s" % ("", "CPU s", "docs/s", "ratio", "peak RSS"))
        rows = [
            ("libyaml event parse (baseline, in-process)", base, ev_rss),
            ("model: read + model + joins (in-process)", mo["seconds"], mo_rss),
            ("model + all built-in rules (in-process)", ru["seconds"], mo_rss),
            ("wasmlint lint (whole process)", lint_t, lint_rss),
            ("wasmlint lint --dump-model > pipe", dump_t, dump_rss),
        ]
        for name, t, rss in rows:
            print("%-44s %10.4f %12.0f %7.2fx %7.1f MB" % (name, t, n / t, t / base, rss / 1024))
        print("rules: %d findings; lint with all packs / model alone: %.2fx"
              % (ru["findings"], ru["seconds"] / mo["seconds"]))
        if shutil.which("valgrind"):
            small = os.path.join(tmp, "small.yaml")
            generate(small, 2000)
            ie = instructions([os.path.join(build, "bench/yaml_events"), small, "1"])
            im = instructions([os.path.join(build, "bench/model_run"), small, "1"])
            ir = instructions([os.path.join(build, "bench/model_run"), "--rules", small, "1"])
            if ie and im and ir:
                print("instructions, 2,000 documents (callgrind): libyaml %d, model %d (%.2fx), "
                      "model + rules %d (%.2fx; rules / model alone %.2fx)"
                      % (ie, im, im / ie, ir, ir / ie, ir / im))


if __name__ == "__main__":
    main()
