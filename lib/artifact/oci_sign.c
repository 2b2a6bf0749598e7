/*
 * Signature presence (formats.md §18.3 step 6), for artifact-unsigned:
 * presence only, never verification. Three ways a layout shows one:
 * cosign's tag convention (sha256-<hex>.sig), the index `cosign save`
 * writes (kind annotations), and OCI 1.1 referrers whose subject is the
 * image. Any digest on the way from index.json to the manifest counts,
 * since signing an index signs what it lists.
 */
#include <string.h>

#include "artifact/oci_impl.h"

static int
on_chain(const char *digest, const char (*chain)[72], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(digest, chain[i]))
            return 1;
    return 0;
}

/* "sha256-<hex>.sig", alone or as the tag of a full reference. */
static int
sig_tag(const char *ref_name, const char (*chain)[72], size_t n)
{
    const char *slash = strrchr(ref_name, '/'), *base = slash ? slash + 1 : ref_name;
    const char *colon = strrchr(base, ':'), *tag = colon ? colon + 1 : base;
    char digest[72];

    if (strlen(tag) != 7 + 64 + 4 || strncmp(tag, "sha256-", 7) != 0 ||
        strcmp(tag + 71, ".sig") != 0)
        return 0;
    memcpy(digest, "sha256:", 7);
    memcpy(digest + 7, tag + 7, 64);
    digest[71] = '\0';
    return on_chain(digest, chain, n);
}

/* Does the manifest of @d, a referrer, sign something on the chain?
 * Blobs that cannot be read or parsed sign nothing. */
static int
referrer_signs(struct wp__oci *oci, const struct wp__oci_desc *d, const char (*chain)[72],
               size_t n)
{
    struct wp__oci_doc doc;
    unsigned char *buf;
    size_t len;
    int kind = wp__oci_media_kind(d->media_type), signs;

    if (d->unsupported || (kind != WP__OCI_DOC_MANIFEST && kind != WP__OCI_DOC_ANY) ||
        (d->artifact_type[0] && !wp__oci_signature_type(d->artifact_type)) ||
        on_chain(d->digest, chain, n))
        return 0;
    if (wp__oci_blob_read(oci, d->digest, d->size, &buf, &len, NULL, NULL))
        return 0;
    signs = !wp__oci_doc_parse(&doc, oci->ctx, buf, len, WP__OCI_DOC_MANIFEST, 4096, "", NULL);
    wp__free(oci->ctx, buf);
    if (!signs)
        return 0;
    signs = doc.has_subject && on_chain(doc.subject, chain, n) &&
            wp__oci_signature_type(doc.artifact_type[0] ? doc.artifact_type
                                                        : doc.config.media_type);
    wp__oci_doc_release(&doc, oci->ctx);
    return signs;
}

int
wp__oci_is_signed(struct wp__oci *oci, const char (*chain)[72], size_t n,
                  const struct wp__oci_desc *top)
{
    const struct wp__oci_doc *idx = &oci->index;
    int cosign_image = top && top->cosign_kind &&
                       (!strcmp(top->cosign_kind, WP__COSIGN_IMAGE) ||
                        !strcmp(top->cosign_kind, WP__COSIGN_IMAGE_INDEX));

    for (size_t i = 0; i < idx->ndescs; i++) {
        const struct wp__oci_desc *d = &idx->descs[i];
        if (d->ref_name && sig_tag(d->ref_name, chain, n))
            return 1;
        if (cosign_image && d->cosign_kind && !strcmp(d->cosign_kind, WP__COSIGN_SIGS))
            return 1;
    }
    for (size_t i = 0; i < idx->ndescs; i++)
        if (referrer_signs(oci, &idx->descs[i], chain, n))
            return 1;
    return 0;
}
