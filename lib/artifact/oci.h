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

struct wp__oci_blob {
    char digest[72];         /* "sha256:<64 hex>" */
    char media_type[128];
    char path[4096];         /* the verified blob file inside the layout */
    uint64_t size;
};

struct wp__oci_image {
    char manifest_digest[72];
    enum wp__oci_kind kind;
    struct wp__oci_blob wasm;          /* the wasm layer (artifact, wasm layer) */
    int has_wasm;
    struct wp__oci_blob locked_app;    /* Spin: the locked-app JSON layer */
    int has_locked_app;
    struct wp__oci_blob layers[WP__OCI_MAX_LAYERS];  /* Spin: component layers */
    size_t nlayers;
    char os[16];                       /* CNCF config os: wasip1 / wasip2 */
    int is_signed;                     /* cosign .sig tag or an OCI 1.1 referrer */
};

/*
 * Open the layout at @dir: read and check oci-layout (imageLayoutVersion
 * 1.x) and index.json. Errors name the file (and line:column for JSON
 * syntax). Returns 0, WP_EIO, WP_EMALFORMED, WP_ELIMIT or WP_ENOMEM.
 */
int wp__oci_open(struct wp__oci **out, const wp_context *ctx, const char *dir,
                 struct wp_diag *diag);
void wp__oci_close(struct wp__oci *oci);

/*
 * Find the image for @ref: "sha256:<hex>" (a manifest or index digest),
 * or a reference matched against the index's
 * org.opencontainers.image.ref.name (full reference, or the tag alone) and
 * io.containerd.image.name annotations. Image indexes are followed (bounded
 * depth) to the entry whose platform.architecture is "wasm" (preferring
 * os "wasip2"), else the only entry. Every blob read is verified (digest
 * syntax, size, SHA-256); a mismatch is WP_EMALFORMED with the blob named.
 * Returns 0, WP_ENOTFOUND, WP_EMALFORMED, WP_EIO, WP_ELIMIT or WP_ENOMEM.
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
/* Lower-case hex of SHA-256(@data): 64 chars + NUL. */
void wp__sha256_hex(const void *data, size_t len, char out[65]);

#endif
