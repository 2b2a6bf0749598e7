/*
 * Choosing inside an index: which index.json entry a reference names
 * (formats.md §18.2 step 4, with distribution/reference normalisation),
 * and which platform entry of a nested index is the wasm one (§18.3
 * step 2). Pure functions over parsed documents.
 */
#include <stdio.h>
#include <string.h>

#include "artifact/oci_impl.h"
#include "core/diag.h"

#define REF_MAX 512

static int
valid_path(const char *s, size_t n)
{
    if (!n || s[0] == '/' || s[n - 1] == '/')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
            c == '-')
            continue;
        if (c != '/' || s[i + 1] == '/')
            return 0;
    }
    return 1;
}

static int
valid_tag(const char *s, size_t n)
{
    if (!n || n > 128 || s[0] == '.' || s[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || strchr("_.-", s[i])))
            return 0;
    return 1;
}

static int
valid_domain(const char *s, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f || s[i] == '@')
            return 0;
    return 1;
}

/* Split "[domain/]path[:tag]": the domain only when the first component
 * looks like a host (distribution/reference splitDockerDomain). */
static void
split_domain(const char *name, size_t n, const char **dom, size_t *dlen)
{
    const char *slash = memchr(name, '/', n);
    size_t i;

    *dom = NULL;
    *dlen = 0;
    if (!slash)
        return;
    i = (size_t)(slash - name);
    for (size_t j = 0; j < i; j++)
        if (name[j] == '.' || name[j] == ':' || (name[j] >= 'A' && name[j] <= 'Z'))
            goto host;
    if (i == 9 && !memcmp(name, "localhost", 9))
        goto host;
    return;
host:
    *dom = name;
    *dlen = i;
}

int
wp__oci_ref_normalize(char *out, size_t size, const char *ref)
{
    const char *at = strchr(ref, '@'), *dom, *path, *tag = NULL, *colon;
    size_t n = at ? (size_t)(at - ref) : strlen(ref), dlen, plen, tlen = 0;
    int w;

    if (at && wp__oci_digest_check(at + 1) == WP_EMALFORMED)
        return WP_EMALFORMED;
    split_domain(ref, n, &dom, &dlen);
    path = dom ? ref + dlen + 1 : ref;
    plen = n - (size_t)(path - ref);
    colon = memchr(path, ':', plen);
    if (colon) {
        tag = colon + 1;
        tlen = plen - (size_t)(tag - path);
        plen = (size_t)(colon - path);
        if (!valid_tag(tag, tlen))
            return WP_EMALFORMED;
    }
    if (!valid_path(path, plen) || (dom && !valid_domain(dom, dlen)))
        return WP_EMALFORMED;
    if (!dom || (dlen == 15 && !memcmp(dom, "index.docker.io", 15))) {
        dom = "docker.io";
        dlen = 9;
    }
    w = snprintf(out, size, "%.*s/%s%.*s%s%.*s%s%s", (int)dlen, dom,
                 dlen == 9 && !memcmp(dom, "docker.io", 9) && !memchr(path, '/', plen)
                     ? "library/" : "",
                 (int)plen, path, tag ? ":" : "", (int)tlen, tag ? tag : "",
                 !tag && !at ? ":latest" : "", at ? at : "");
    return w < 0 || (size_t)w >= size ? WP_ELIMIT : WP_OK;
}

static int
same_ref(const char *annotation, const char *ref, const char *nref)
{
    char n[REF_MAX];

    if (!annotation)
        return 0;
    if (!strcmp(annotation, ref))
        return 1;
    return nref[0] && !wp__oci_ref_normalize(n, sizeof(n), annotation) && !strcmp(n, nref);
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

    if (wp__oci_ref_normalize(nref, sizeof(nref), ref))
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
