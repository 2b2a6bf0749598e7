/*
 * Inside the OCI layout reader: parsed documents (index, manifest) with
 * validated descriptors, the pure selection steps (reference lookup,
 * platform choice) and the blob reader. The JSON part takes buffers, so
 * fuzz/fuzz_oci.c drives it without a layout on disk.
 */
#ifndef WP_ARTIFACT_OCI_IMPL_H
#define WP_ARTIFACT_OCI_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "artifact/oci.h"

#define WP__MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define WP__MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define WP__MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define WP__MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define WP__MT_WASM_CONFIG "application/vnd.wasm.config.v0+json"
#define WP__MT_WASM "application/wasm"
#define WP__MT_SPIN_APP "application/vnd.fermyon.spin.application.v1+config"
#define WP__MT_SPIN_WASM "application/vnd.wasm.content.layer.v1+wasm"
#define WP__MT_RUNWASI "application/vnd.bytecodealliance.wasm.component.layer.v0+wasm"
#define WP__MT_WASMCLOUD "application/vnd.module.wasm.content.layer.v1+wasm"

#define WP__ANN_REF_NAME "org.opencontainers.image.ref.name"
#define WP__ANN_IMAGE_NAME "io.containerd.image.name"
#define WP__ANN_COSIGN_KIND "kind"
#define WP__COSIGN_IMAGE "dev.cosignproject.cosign/image"
#define WP__COSIGN_IMAGE_INDEX "dev.cosignproject.cosign/imageIndex"
#define WP__COSIGN_SIGS "dev.cosignproject.cosign/sigs"
#define WP__SPIN_LOCKED_DIGEST "com.fermyon.spin.lockedAppDigest"

/* A descriptor. Strings are borrowed from the document's JSON tree. */
struct wp__oci_desc {
    const char *media_type;     /* "" when absent */
    const char *artifact_type;  /* "" when absent */
    const char *raw_digest;     /* as written */
    char digest[72];            /* "sha256:<64 hex>"; "" when unsupported */
    int unsupported;            /* well-formed digest of another algorithm */
    uint64_t size;
    const char *ref_name;       /* annotations, NULL when absent */
    const char *image_name;
    const char *cosign_kind;
    int attestation;            /* vnd.docker.reference.type: not a platform image */
    const char *arch, *os;      /* platform, NULL when absent */
};

enum wp__oci_doc_kind { WP__OCI_DOC_ANY, WP__OCI_DOC_INDEX, WP__OCI_DOC_MANIFEST };

/* An image index (index.json included) or an image manifest. */
struct wp__oci_doc {
    json_t *root;
    int is_index;
    const char *media_type;     /* of the document itself, "" when absent */
    const char *artifact_type;
    struct wp__oci_desc *descs; /* index: manifests[]; manifest: layers[] */
    size_t ndescs;
    struct wp__oci_desc config; /* manifest only */
    int has_subject;
    char subject[72];           /* manifest subject digest (sha256 only) */
};

/* Parse @buf (named @source in errors) as JSON with duplicate keys
 * rejected; syntax errors carry jansson's line and a byte column. The
 * caller owns the tree. */
int wp__oci_json_load(json_t **out, const void *buf, size_t len, const char *source,
                      struct wp_diag *diag);

/* Parse an index or manifest; every descriptor is checked (digest syntax,
 * size, string types). @max_descs bounds the descriptor count (ELIMIT). */
int wp__oci_doc_parse(struct wp__oci_doc *out, const wp_context *ctx, const void *buf,
                      size_t len, enum wp__oci_doc_kind expect, size_t max_descs,
                      const char *source, struct wp_diag *diag);
void wp__oci_doc_release(struct wp__oci_doc *doc, const wp_context *ctx);

/* "sha256:<64 lower hex>" → 0; another well-formed algorithm →
 * WP_EUNSUPPORTED; anything else (empty, "../", upper case) →
 * WP_EMALFORMED. No diag: callers say where the digest was. */
int wp__oci_digest_check(const char *digest);

/* The document kind a descriptor's media type announces: INDEX, MANIFEST,
 * ANY (no media type), or -1 (something else). */
int wp__oci_media_kind(const char *media_type);

/* oci-layout: 0, WP_EMALFORMED or WP_EUNSUPPORTED. */
int wp__oci_layout_check(const void *buf, size_t len, const char *source,
                         struct wp_diag *diag);

/* Index entry for @ref (not a digest): *which, or WP_ENOTFOUND, or
 * WP_EMALFORMED when two entries with different digests match equally.
 * Names holding '@' (a digest) only match annotations equal to them. */
int wp__oci_index_lookup(size_t *which, const struct wp__oci_doc *index, const char *ref,
                         const char *source, struct wp_diag *diag);

/* The platform entry of a nested index (formats.md §18.3 step 2):
 * 0 and *which, or WP_EUNSUPPORTED. */
int wp__oci_pick_platform(size_t *which, const struct wp__oci_doc *index, const char *source,
                          struct wp_diag *diag);

/* Is @artifact_type one of a signature's (cosign, sigstore bundle, notary)? */
int wp__oci_signature_type(const char *artifact_type);

/* Quote untrusted text for a message: at most 80 bytes, non-printable
 * bytes as '?'. */
void wp__oci_quote(char *dst, size_t size, const char *src);

/* A layout on disk. */
struct wp__oci {
    const wp_context *ctx;
    char dir[4096];
    char index_path[4096];
    int dir_fd;
    int blobs_fd;               /* blobs/sha256, -1 when absent */
    struct wp__oci_doc index;
};

/* Read the blob @digest: refuse symbolic links and non-regular files,
 * compare the size with @expect_size (UINT64_MAX: unknown) and the input
 * limit, hash the content. With @keep, *data (allocated with the
 * context, freed by the caller) holds the content. @info (may be NULL)
 * gets the digest, path, size and preamble. */
int wp__oci_blob_read(struct wp__oci *oci, const char *digest, uint64_t expect_size,
                      unsigned char **data, size_t *len, struct wp__oci_blob *info,
                      struct wp_diag *diag);

/* Read a layout file (oci-layout, index.json) whole, same refusals. */
int wp__oci_file_read(struct wp__oci *oci, const char *name, const char *path,
                      unsigned char **data, size_t *len, struct wp_diag *diag);

/* Fill @out from the manifest @m (its blob at @source). */
int wp__oci_image_fill(struct wp__oci *oci, const struct wp__oci_doc *m, const char *source,
                       struct wp__oci_image *out, struct wp_diag *diag);

/* Signature presence for the image reached through @path (index and
 * manifest digests, outermost first) from the index.json entry @top
 * (NULL when the reference was a digest not listed there). */
int wp__oci_is_signed(struct wp__oci *oci, const char (*path)[72], size_t npath,
                      const struct wp__oci_desc *top);

#endif
