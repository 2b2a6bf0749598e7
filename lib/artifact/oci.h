/*
 * Reading OCI image layouts (formats.md §18.3): a directory with
 * oci-layout, index.json and blobs/<alg>/<hex>, as `oras`, `skopeo`,
 * `cosign save` or runwasi's oci-tar-builder write them. No network, and
 * nothing is read outside the layout: digests are validated before they
 * become paths, and every blob used is checked against its SHA-256 and
 * its descriptor's size.
 */
#ifndef WP_ARTIFACT_OCI_H
#define WP_ARTIFACT_OCI_H

#include <stddef.h>
#include <stdint.h>

#include <wasmpolicy/common.h>

#include "core/context.h"

struct wp__oci;   /* an opened layout */

/* What a manifest found in the layout holds. */
enum wp__oci_kind {
    WP__OCI_WASM_ARTIFACT,   /* CNCF wasm artifact: config application/vnd.wasm.config.v0+json */
    WP__OCI_SPIN_APP,        /* a layer application/vnd.fermyon.spin.application.v1+config */
    WP__OCI_WASM_LAYER,      /* another wasm layer type (runwasi, legacy wasmCloud) */
    WP__OCI_UNSUPPORTED      /* only tar+gzip layers, or nothing wasm */
};

#define WP__OCI_MAX_LAYERS 64
#define WP__OCI_MAX_DEPTH 8      /* image indexes followed from one reference */

/* What the first 8 bytes of a wasm layer say (formats.md §18.3 step 5). */
enum wp__oci_binary {
    WP__OCI_BIN_UNCHECKED = 0,  /* not a wasm layer (config, locked app) */
    WP__OCI_BIN_MODULE,         /* 00 61 73 6d 01 00 00 00 */
    WP__OCI_BIN_COMPONENT,      /* 00 61 73 6d 0d 00 01 00 */
    WP__OCI_BIN_OTHER           /* anything else: not wasm, or another version */
};

struct wp__oci_blob {
    char digest[72];         /* "sha256:<64 hex>" */
    char media_type[128];    /* truncated if longer (only known types are compared) */
    char path[4096];         /* the verified blob file inside the layout */
    uint64_t size;
    enum wp__oci_binary binary;
};

/*
 * About 280 KB (the layers array): allocate it rather than putting it on a
 * small stack.
 */
struct wp__oci_image {
    char manifest_digest[72];
    enum wp__oci_kind kind;
    struct wp__oci_blob wasm;          /* the wasm layer (artifact, wasm layer: the first) */
    int has_wasm;
    struct wp__oci_blob locked_app;    /* Spin: the locked-app JSON layer */
    int has_locked_app;
    /* Spin: every application/vnd.wasm.content.layer.v1+wasm or
     * application/wasm layer, in manifest order (the locked app's
     * components[].source.digest name them); WP__OCI_WASM_LAYER: every
     * wasm layer, wasm being the first. */
    struct wp__oci_blob layers[WP__OCI_MAX_LAYERS];
    size_t nlayers;
    struct wp__oci_blob config;        /* the manifest's config, verified when read */
    int has_config;                    /* read: CNCF artifact, Spin app, wasm layer kinds */
    char os[16];                       /* config os: wasip1 / wasip2 ("" if none) */
    int is_signed;                     /* cosign .sig tag or sigs entry, or a referrer */
};

/*
 * Open the layout at @dir: read and check oci-layout (imageLayoutVersion
 * 1.x) and index.json (every descriptor: digest syntax, size, types).
 * Errors name the file (and line:column for JSON syntax). Returns 0,
 * WP_EIO, WP_EMALFORMED, WP_EUNSUPPORTED (imageLayoutVersion not 1.x),
 * WP_ELIMIT or WP_ENOMEM. The layout files and blobs may not be symbolic
 * links; @ctx must outlive the layout.
 */
int wp__oci_open(struct wp__oci **out, const wp_context *ctx, const char *dir,
                 struct wp_diag *diag);
void wp__oci_close(struct wp__oci *oci);

/*
 * Find the image for @ref: "sha256:<hex>" (a manifest or index digest;
 * also "name@sha256:<hex>", where the digest decides), or a reference
 * matched against the index's org.opencontainers.image.ref.name (full
 * reference, or the tag alone) and io.containerd.image.name annotations,
 * both sides normalised (wp__ref_normalize, artifact/ref.h); a full match
 * beats a tag match, and two matches with different digests are
 * WP_EMALFORMED. Image
 * indexes are followed (at most WP__OCI_MAX_DEPTH) to the entry whose
 * platform.architecture is "wasm" (preferring os "wasip2"), else the only
 * entry (attestation manifests aside); an index with neither is
 * WP_EUNSUPPORTED. Every blob read is verified (digest syntax, size,
 * SHA-256); a mismatch is WP_EMALFORMED with the blob named. A blob that
 * is absent is WP_ENOTFOUND with the blob named (diag.source); an absent
 * reference is WP_ENOTFOUND with index.json named. A digest of another
 * algorithm is WP_EUNSUPPORTED. Layers that are not used (data, tar+gzip)
 * are not read. Returns 0, WP_ENOTFOUND, WP_EMALFORMED, WP_EUNSUPPORTED,
 * WP_EIO, WP_ELIMIT or WP_ENOMEM; @out is zeroed first.
 */
int wp__oci_find(struct wp__oci *oci, const char *ref, struct wp__oci_image *out,
                 struct wp_diag *diag);

/* sha256.c: FIPS 180-4 SHA-256. */
struct wp__sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t n;
};
void wp__sha256_init(struct wp__sha256 *s);
void wp__sha256_update(struct wp__sha256 *s, const void *data, size_t len);
void wp__sha256_final(struct wp__sha256 *s, unsigned char out[32]);
void wp__sha256_final_hex(struct wp__sha256 *s, char out[65]);
/* Lower-case hex of SHA-256(@data): 64 chars + NUL. */
void wp__sha256_hex(const void *data, size_t len, char out[65]);

#endif
