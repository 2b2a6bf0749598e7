/*
 * Choosing inside an index: which index.json entry a reference names
 * (formats.md §18.2 step 4, both sides normalised by artifact/ref.c),
 * and which platform entry of a nested index is the wasm one (§18.3
 * step 2). Pure functions over parsed documents.
 */
#include <string.h>

#include "artifact/oci_impl.h"
#include "artifact/ref.h"
#include "core/diag.h"

#define REF_MAX 1024

static int
same_ref(const char *annotation, const char *ref, const char *nref)
{
    char n[REF_MAX];

    if (!annotation)
        return 0;
    if (!strcmp(annotation, ref))
        return 1;
    /* A name with a digest matches by digest, never by name. */
    return nref[0] && !strchr(annotation, '@') &&
           !wp__ref_normalize(annotation, n, sizeof(n)) && !strcmp(n, nref);
}

/* The tag of a normalised reference, "" when it has none. */
static void
ref_tag(char *tag, size_t size, const char *nref)
{
    const char *slash = strrchr(nref, '/'), *colon, *at;
    size_t n;

    tag[0] = '\0';
    if (!slash || !(colon = strchr(slash, ':')))
        return;
    at = strchr(colon, '@');
    n = at ? (size_t)(at - colon - 1) : strlen(colon + 1);
    if (n < size) {
        memcpy(tag, colon + 1, n);
        tag[n] = '\0';
    }
}

int
wp__oci_index_lookup(size_t *which, const struct wp__oci_doc *index, const char *ref,
                     const char *source, struct wp_diag *diag)
{
    char nref[REF_MAX] = "", tag[160], q[96];
    size_t best_i = 0, count = 0;
    int best = 0;

    if (strchr(ref, '@') || wp__ref_normalize(ref, nref, sizeof(nref)))
        nref[0] = '\0';
    ref_tag(tag, sizeof(tag), nref);
    for (size_t i = 0; i < index->ndescs; i++) {
        const struct wp__oci_desc *d = &index->descs[i];
        int m = same_ref(d->ref_name, ref, nref) || same_ref(d->image_name, ref, nref) ? 2
                : tag[0] && d->ref_name && !strcmp(d->ref_name, tag)                 ? 1
                                                                                     : 0;
        if (!m || m < best)
            continue;
        if (m > best) {
            best = m;
            best_i = i;
            count = 1;
        } else if (strcmp(d->raw_digest, index->descs[best_i].raw_digest) != 0) {
            count++;
        }
    }
    wp__oci_quote(q, sizeof(q), ref);
    if (!best)
        return wp__diag_set(diag, WP_ENOTFOUND, source, "no image named \"%s\"", q);
    if (count > 1)
        return wp__diag_set(diag, WP_EMALFORMED, source,
                            "\"%s\" names images with different digests", q);
    *which = best_i;
    return WP_OK;
}

int
wp__oci_pick_platform(size_t *which, const struct wp__oci_doc *index, const char *source,
                      struct wp_diag *diag)
{
    size_t wasm = SIZE_MAX, only = SIZE_MAX, candidates = 0;

    for (size_t i = 0; i < index->ndescs; i++) {
        const struct wp__oci_desc *d = &index->descs[i];
        if (d->attestation)
            continue;
        candidates++;
        only = i;
        if (!d->arch || strcmp(d->arch, "wasm") != 0)
            continue;
        if (wasm == SIZE_MAX || (d->os && !strcmp(d->os, "wasip2") &&
                                 !(index->descs[wasm].os &&
                                   !strcmp(index->descs[wasm].os, "wasip2"))))
            wasm = i;
    }
    if (wasm != SIZE_MAX || candidates == 1) {
        *which = wasm != SIZE_MAX ? wasm : only;
        return WP_OK;
    }
    return wp__diag_set(diag, WP_EUNSUPPORTED, source,
                        "image index has no wasm platform among %zu manifests", candidates);
}

int
wp__oci_signature_type(const char *t)
{
    static const char bundle[] = "application/vnd.dev.sigstore.bundle";

    return !strcmp(t, "application/vnd.dev.cosign.artifact.sig.v1+json") ||
           !strncmp(t, bundle, sizeof(bundle) - 1) ||
           !strcmp(t, "application/vnd.cncf.notary.signature");
}
