#!/usr/bin/env python3
"""Build the OCI image layouts under testdata/oci/ from committed wasm fixtures.

Usage: python3 testdata/oci/make-layouts.py   (from anywhere; Python 3.8+,
standard library only). Every layout directory next to this script is
deleted and written again; the output is byte-reproducible (fixed
timestamps, compact JSON with sorted keys where the producers sort them).

The media types, annotations and config shapes are those the real
producers write (formats.md §8, §14, §18.3): rust-oci-wasm / wkg for the
CNCF wasm artifact, `spin registry push` for Spin apps, runwasi's
oci-tar-builder, skopeo/oras `ref.name` tags, `cosign save` kind
annotations, cosign `sha256-<hex>.sig` tags and OCI 1.1 referrers. See
README.md for what each layout is for.
"""

import hashlib
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
WASM = os.path.join(HERE, "..", "wasm")
CREATED = "2024-05-01T12:00:00Z"

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_EMPTY = "application/vnd.oci.empty.v1+json"
TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
WASM_CONFIG = "application/vnd.wasm.config.v0+json"
WASM_LAYER = "application/wasm"
SPIN_APP = "application/vnd.fermyon.spin.application.v1+config"
SPIN_WASM = "application/vnd.wasm.content.layer.v1+wasm"
SPIN_DATA = "application/vnd.wasm.content.layer.v1+data"
RUNWASI = "application/vnd.bytecodealliance.wasm.component.layer.v0+wasm"
COSIGN_SIMPLESIGNING = "application/vnd.dev.cosign.simplesigning.v1+json"
SIGSTORE_BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json"
REF_NAME = "org.opencontainers.image.ref.name"
IMAGE_NAME = "io.containerd.image.name"


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()


def wasm(name):
    with open(os.path.join(WASM, name), "rb") as f:
        return f.read()


def oracle(name):
    """imports and exports of a component fixture, from its oracle listing."""
    imports, exports = [], []
    with open(os.path.join(WASM, name + ".oracle.txt")) as f:
        for line in f:
            kind, _, rest = line.rstrip("\n").partition(" ")
            (imports if kind == "import" else exports).append(rest)
    return imports, exports


class Layout:
    def __init__(self, name, version="1.0.0"):
        self.dir = os.path.join(HERE, name)
        if os.path.lexists(self.dir):
            shutil.rmtree(self.dir)
        os.makedirs(os.path.join(self.dir, "blobs", "sha256"))
        self.manifests = []
        with open(os.path.join(self.dir, "oci-layout"), "wb") as f:
            f.write(compact({"imageLayoutVersion": version}))

    def blob(self, data, media_type, **extra):
        """Store data; return its descriptor."""
        hexd = hashlib.sha256(data).hexdigest()
        with open(os.path.join(self.dir, "blobs", "sha256", hexd), "wb") as f:
            f.write(data)
        desc = {"mediaType": media_type, "digest": "sha256:" + hexd, "size": len(data)}
        desc.update(extra)
        return desc

    def manifest(self, config, layers, **extra):
        body = {"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config,
                "layers": layers}
        body.update(extra)
        return self.blob(compact(body), OCI_MANIFEST)

    def index_blob(self, manifests):
        return self.blob(compact({"schemaVersion": 2, "mediaType": OCI_INDEX,
                                  "manifests": manifests}), OCI_INDEX)

    def add(self, desc, **annotations):
        """List desc in index.json with these annotations."""
        desc = dict(desc)
        if annotations:
            desc["annotations"] = dict(annotations)
        self.manifests.append(desc)

    def write_index(self):
        with open(os.path.join(self.dir, "index.json"), "wb") as f:
            f.write(compact({"schemaVersion": 2, "mediaType": OCI_INDEX,
                             "manifests": self.manifests}))


def cncf_artifact(lay, wasm_name, os_name):
    """rust-oci-wasm (wkg push): config application/vnd.wasm.config.v0+json."""
    data = wasm(wasm_name)
    layer = lay.blob(data, WASM_LAYER)
    config = {"created": CREATED, "author": "Jane <jane@example.com>",
              "architecture": "wasm", "os": os_name, "layerDigests": [layer["digest"]]}
    if os_name == "wasip2":
        imports, exports = oracle(wasm_name[:-5])
        config["component"] = {"imports": imports, "exports": exports, "target": None}
    cfg = lay.blob(compact(config), WASM_CONFIG)
    return lay.manifest(cfg, [layer], annotations={"org.opencontainers.image.created": CREATED})


def container_image(lay, arch):
    """An ordinary linux image: an OCI image config and one tar+gzip layer."""
    layer = lay.blob(b"\x1f\x8b\x08\x00" + arch.encode() + b" rootfs (not a real tar)",
                     TAR_GZIP)
    cfg = lay.blob(compact({"architecture": arch, "os": "linux", "created": CREATED,
                            "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}),
                   OCI_CONFIG)
    return lay.manifest(cfg, [layer])


def wasm_artifact():
    lay = Layout("wasm-artifact")
    lay.add(cncf_artifact(lay, "comp-iface-small.wasm", "wasip2"), **{REF_NAME: "0.1.0"})
    lay.write_index()


def spin_app(name="spin-app", api_hosts=("https://{{ api_host }}",)):
    """spin registry push: wasm layers, a data layer, the locked app last."""
    lay = Layout(name)
    api = lay.blob(wasm("comp-iface-small.wasm"), SPIN_WASM)
    worker = lay.blob(wasm("core-c-hello.wasm"), SPIN_WASM)
    page = lay.blob(b"<h1>shop</h1>\n", SPIN_DATA)
    locked = {
        "spin_lock_version": 1,
        "metadata": {"name": "shop", "version": "1.0.0", "trigger": {"type": "http"}},
        "variables": {"api_host": {"default": "api.example.com"}},
        "triggers": [
            {"id": "trigger-api", "trigger_type": "http",
             "trigger_config": {"route": "/api/...", "component": "api"}},
            {"id": "trigger-worker", "trigger_type": "http",
             "trigger_config": {"route": "/work", "component": "worker"}},
        ],
        "components": [
            {"id": "api",
             "metadata": dict({"key_value_stores": ["default"]},
                              **({"allowed_outbound_hosts": list(api_hosts)} if api_hosts
                                 else {})),
             "source": {"content_type": "application/wasm", "digest": api["digest"]},
             "env": {"LOG_LEVEL": "info"},
             "files": [{"digest": page["digest"], "path": "/static/index.html"}],
             "config": {"endpoint": "https://{{ api_host }}/v1"}},
            {"id": "worker", "metadata": {"allowed_outbound_hosts": []},
             "source": {"content_type": "application/wasm", "digest": worker["digest"]}},
        ],
    }
    app = lay.blob(compact(locked), SPIN_APP)
    cfg = lay.blob(compact({"architecture": "wasm", "os": "wasip1",
                            "config": {"Labels": {"com.fermyon.spin.lockedAppDigest":
                                                  app["digest"]}},
                            "rootfs": {"type": "layers", "diff_ids": []}}), OCI_CONFIG)
    lay.add(lay.manifest(cfg, [api, worker, page, app]),
            **{REF_NAME: "ghcr.io/example/shop:1.0.0"})
    lay.write_index()


def spin_app_open():
    """The same app, its HTTP client component without allowed_outbound_hosts
    (wasmlint's rule cases: http-outgoing-without-allowlist)."""
    spin_app("spin-app-open", api_hosts=())


def multi_platform():
    lay = Layout("multi-platform")
    amd64 = container_image(lay, "amd64")
    arm64 = container_image(lay, "arm64")
    wasip2 = cncf_artifact(lay, "comp-c-hello-command.wasm", "wasip2")
    wasip1 = cncf_artifact(lay, "core-p1-command.wasm", "wasip1")
    # buildx's attestation manifest: not a platform (its blob is not needed).
    attestation = {"mediaType": OCI_MANIFEST, "digest": "sha256:" + "ab" * 32, "size": 840,
                   "platform": {"architecture": "unknown", "os": "unknown"},
                   "annotations": {"vnd.docker.reference.type": "attestation-manifest",
                                   "vnd.docker.reference.digest": amd64["digest"]}}
    index = lay.index_blob([
        dict(amd64, platform={"architecture": "amd64", "os": "linux"}),
        dict(wasip1, platform={"architecture": "wasm", "os": "wasip1"}),
        dict(wasip2, platform={"architecture": "wasm", "os": "wasip2"}),
        attestation,
    ])
    linux = lay.index_blob([
        dict(amd64, platform={"architecture": "amd64", "os": "linux"}),
        dict(arm64, platform={"architecture": "arm64", "os": "linux", "variant": "v8"}),
    ])
    lay.add(index, **{REF_NAME: "latest"})
    lay.add(linux, **{REF_NAME: "linux"})
    lay.add(amd64, **{REF_NAME: "amd64-only"})
    lay.add({"mediaType": OCI_MANIFEST, "digest": "sha512:" + "0f" * 64, "size": 10},
            **{REF_NAME: "sha512"})
    lay.add({"mediaType": "application/vnd.example.unknown+json",
             "digest": "sha256:" + "cd" * 32, "size": 3}, **{REF_NAME: "unknown-type"})
    lay.write_index()


def cosign_signature(lay, subject_digest):
    """A cosign signature image (tag-based scheme): one simplesigning layer."""
    payload = compact({"critical": {"identity": {"docker-reference": "ghcr.io/example/app"},
                                    "image": {"docker-manifest-digest": subject_digest},
                                    "type": "cosign container image signature"},
                       "optional": None})
    layer = lay.blob(payload, COSIGN_SIMPLESIGNING,
                     annotations={"dev.cosignproject.cosign/signature": "MEUCIQ==fixture"})
    cfg = lay.blob(compact({"architecture": "", "os": "", "created": CREATED,
                            "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}),
                   OCI_CONFIG)
    return lay.manifest(cfg, [layer])


def signed():
    lay = Layout("signed")
    image = cncf_artifact(lay, "comp-iface-small.wasm", "wasip2")
    other = cncf_artifact(lay, "comp-exports.wasm", "wasip2")
    lay.add(image, **{REF_NAME: "ghcr.io/example/app:1.0"})
    lay.add(other, **{REF_NAME: "ghcr.io/example/app:unsigned"})
    tag = image["digest"].replace(":", "-") + ".sig"
    lay.add(cosign_signature(lay, image["digest"]), **{REF_NAME: "ghcr.io/example/app:" + tag})
    lay.write_index()


def cosign_save():
    """cosign save: the image and its signatures, told apart by `kind`."""
    lay = Layout("cosign-save")
    image = cncf_artifact(lay, "comp-iface-small.wasm", "wasip2")
    lay.add(image, kind="dev.cosignproject.cosign/image")
    lay.add(cosign_signature(lay, image["digest"]), kind="dev.cosignproject.cosign/sigs")
    lay.write_index()


def referrer():
    """OCI 1.1 referrers: a sigstore bundle for one image, an SBOM for the other."""
    lay = Layout("referrer")
    image = cncf_artifact(lay, "comp-iface-small.wasm", "wasip2")
    other = cncf_artifact(lay, "comp-exports.wasm", "wasip2")
    empty = lay.blob(b"{}", OCI_EMPTY)
    bundle = lay.blob(compact({"mediaType": SIGSTORE_BUNDLE, "verificationMaterial": {},
                               "messageSignature": {"signature": "fixture"}}), SIGSTORE_BUNDLE)
    sig = lay.manifest(empty, [bundle], artifactType=SIGSTORE_BUNDLE,
                       subject={"mediaType": OCI_MANIFEST, "digest": image["digest"],
                                "size": image["size"]})
    sbom = lay.blob(compact({"spdxVersion": "SPDX-2.3"}), "application/spdx+json")
    sbom_m = lay.manifest(empty, [sbom], artifactType="application/spdx+json",
                          subject={"mediaType": OCI_MANIFEST, "digest": other["digest"],
                                   "size": other["size"]})
    lay.add(image, **{REF_NAME: "signed"})
    lay.add(other, **{REF_NAME: "sbom-only"})
    lay.add(dict(sig, artifactType=SIGSTORE_BUNDLE))
    lay.add(dict(sbom_m, artifactType="application/spdx+json"))
    lay.write_index()


def runwasi():
    """runwasi oci-tar-builder: OCI image config, the runwasi wasm layer type."""
    lay = Layout("runwasi")
    layer = lay.blob(wasm("core-p1-command.wasm"), RUNWASI)
    cfg = lay.blob(compact({"architecture": "wasm", "os": "wasip1", "created": CREATED,
                            "config": {"Entrypoint": ["/core-p1-command.wasm"]},
                            "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}),
                   OCI_CONFIG)
    lay.add(dict(lay.manifest(cfg, [layer]), platform={"architecture": "wasm", "os": "wasip1"}),
            **{IMAGE_NAME: "ghcr.io/containerd/runwasi/wasi-demo-app:latest",
               REF_NAME: "latest"})
    lay.write_index()


def bad_index_json():
    lay = Layout("bad-index-json")
    with open(os.path.join(lay.dir, "index.json"), "wb") as f:
        f.write(b'{\n  "schemaVersion": 2,\n  "manifests": [,]\n}\n')


def bad_hash():
    lay = Layout("bad-hash")
    m = cncf_artifact(lay, "comp-iface-small.wasm", "wasip2")
    lay.add(m, **{REF_NAME: "1.0"})
    lay.write_index()
    layer = hashlib.sha256(wasm("comp-iface-small.wasm")).hexdigest()
    path = os.path.join(lay.dir, "blobs", "sha256", layer)
    data = bytearray(wasm("comp-iface-small.wasm"))
    data[-1] ^= 0x01  # same size, other content
    with open(path, "wb") as f:
        f.write(bytes(data))


def missing_blob():
    lay = Layout("missing-blob")
    lay.add(cncf_artifact(lay, "comp-iface-small.wasm", "wasip2"), **{REF_NAME: "1.0"})
    lay.write_index()
    os.unlink(os.path.join(lay.dir, "blobs", "sha256",
                           hashlib.sha256(wasm("comp-iface-small.wasm")).hexdigest()))


def bad_digest():
    """A layer digest that would climb out of blobs/sha256 if used as a path."""
    lay = Layout("bad-digest")
    cfg = lay.blob(compact({"architecture": "wasm", "os": "wasip1"}), WASM_CONFIG)
    layer = {"mediaType": WASM_LAYER, "digest": "sha256:../../../../etc/passwd", "size": 10}
    lay.add(lay.manifest(cfg, [layer]), **{REF_NAME: "1.0"})
    lay.write_index()


def symlink_blob():
    lay = Layout("symlink-blob")
    lay.add(cncf_artifact(lay, "comp-iface-small.wasm", "wasip2"), **{REF_NAME: "1.0"})
    lay.write_index()
    hexd = hashlib.sha256(wasm("comp-iface-small.wasm")).hexdigest()
    path = os.path.join(lay.dir, "blobs", "sha256", hexd)
    os.rename(path, os.path.join(lay.dir, "payload.wasm"))
    os.symlink("../../payload.wasm", path)  # right content, but a link


def index_loop():
    """An index listing itself: its blob cannot hash to its own name."""
    lay = Layout("index-loop")
    fake = "sha256:" + hashlib.sha256(b"index-loop").hexdigest()
    body = compact({"schemaVersion": 2, "mediaType": OCI_INDEX,
                    "manifests": [{"mediaType": OCI_INDEX, "digest": fake, "size": 0}]})
    with open(os.path.join(lay.dir, "blobs", "sha256", fake[7:]), "wb") as f:
        f.write(body)
    lay.add({"mediaType": OCI_INDEX, "digest": fake, "size": len(body)},
            **{REF_NAME: "loop"})
    lay.write_index()


def index_deep():
    """Nine image indexes, each listing the next: one more than the bound."""
    lay = Layout("index-deep")
    desc = cncf_artifact(lay, "comp-iface-small.wasm", "wasip2")
    for _ in range(9):
        desc = lay.index_blob([dict(desc, platform={"architecture": "wasm", "os": "wasip2"})])
    lay.add(desc, **{REF_NAME: "deep"})
    lay.write_index()


def bad_version():
    lay = Layout("bad-version", version="2.0.0")
    lay.write_index()


def main():
    for make in (wasm_artifact, spin_app, spin_app_open, multi_platform, signed, cosign_save, referrer,
                 runwasi, bad_index_json, bad_hash, missing_blob, bad_digest, symlink_blob,
                 index_loop, index_deep, bad_version):
        make()


if __name__ == "__main__":
    main()
