/*
 * The JSON side of an OCI layout: image indexes (index.json included) and
 * image manifests become descriptor arrays, every descriptor checked before
 * anything uses it. jansson parses (it rejects duplicate keys and NUL in
 * strings for us); nothing here recurses over the input, and its own
 * parser stops at a fixed depth.
 */
#include <stdio.h>
#include <string.h>

#include "artifact/oci_impl.h"
#include "core/diag.h"

/* jansson counts columns in characters; wp_diag wants bytes, which its
 * byte position gives: the distance from the last line break before it. */
static unsigned
byte_column(const unsigned char *buf, size_t len, const json_error_t *e)
{
    size_t pos = e->position > 0 ? (size_t)e->position : 0, start;

    if (pos > len)
        return e->column > 0 ? (unsigned)e->column : 1;
    for (start = pos; start > 0 && buf[start - 1] != '\n'; start--)
        ;
    return pos > start && pos - start < 0xffffffffu ? (unsigned)(pos - start) : 1;
}

int
wp__oci_json_load(json_t **out, const void *buf, size_t len, const char *source,
                  struct wp_diag *diag)
{
    json_error_t e;

    *out = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &e);
    if (*out)
        return WP_OK;
    return wp__diag_at_line(diag, WP_EMALFORMED, source, e.line > 0 ? (unsigned)e.line : 1,
                            byte_column(buf, len, &e), "invalid JSON: %s", e.text);
}

void
wp__oci_quote(char *dst, size_t size, const char *src)
{
    size_t i = 0, max = size > 84 ? 80 : size - 4;

    for (; src[i] && i < max; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[i] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
    }
    if (src[i]) {
        memcpy(dst + i, "...", 3);
        i += 3;
    }
    dst[i] = '\0';
}

static int
is_lower_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int
is_lower_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[n] == '\0';
}

/* The image-spec digest grammar: algorithm ":" encoded, where algorithm is
 * [a-z0-9]+ joined by [+._-] and encoded is [a-zA-Z0-9=_-]+. Only sha256 is
 * ever turned into a path, and only after its 64 lower-case hex digits. */
int
wp__oci_digest_check(const char *d)
{
    const char *colon = strchr(d, ':'), *p;
    int after_sep = 1;

    if (!colon || colon == d || !colon[1])
        return WP_EMALFORMED;
    for (p = d; p < colon; p++) {
        if (is_lower_alnum(*p))
            after_sep = 0;
        else if (strchr("+._-", *p) && !after_sep)
            after_sep = 1;
        else
            return WP_EMALFORMED;
    }
    if (after_sep)
        return WP_EMALFORMED;
    for (p = colon + 1; *p; p++)
        if (!is_lower_alnum(*p) && !(*p >= 'A' && *p <= 'Z') && !strchr("=_-", *p))
            return WP_EMALFORMED;
    if (colon - d == 6 && !memcmp(d, "sha256", 6))
        return is_lower_hex(colon + 1, 64) ? WP_OK : WP_EMALFORMED;
    if (colon - d == 6 && !memcmp(d, "sha512", 6) && !is_lower_hex(colon + 1, 128))
        return WP_EMALFORMED;
    return WP_EUNSUPPORTED;
}

int
wp__oci_media_kind(const char *mt)
{
    if (!mt[0])
        return WP__OCI_DOC_ANY;
    if (!strcmp(mt, WP__MT_OCI_INDEX) || !strcmp(mt, WP__MT_DOCKER_LIST))
        return WP__OCI_DOC_INDEX;
    if (!strcmp(mt, WP__MT_OCI_MANIFEST) || !strcmp(mt, WP__MT_DOCKER_MANIFEST))
        return WP__OCI_DOC_MANIFEST;
    return -1;
}

/* An optional string member: *out = its value, or @dflt when absent. */
static int
opt_string(const char **out, json_t *o, const char *key, const char *dflt)
{
    json_t *v = json_object_get(o, key);

    if (!v) {
        *out = dflt;
        return 1;
    }
    *out = json_string_value(v);
    return *out != NULL;
}

static int
desc_annotations(struct wp__oci_desc *d, json_t *ann, const char *what, const char *source,
                 struct wp_diag *diag)
{
    const char *key;
    json_t *v;

    if (!json_is_object(ann))
        return wp__diag_set(diag, WP_EMALFORMED, source, "%s: annotations is not an object",
                            what);
    json_object_foreach(ann, key, v) {
        if (!json_is_string(v))
            return wp__diag_set(diag, WP_EMALFORMED, source,
                                "%s: annotation values must be strings", what);
    }
    opt_string(&d->ref_name, ann, WP__ANN_REF_NAME, NULL);
    opt_string(&d->image_name, ann, WP__ANN_IMAGE_NAME, NULL);
    opt_string(&d->cosign_kind, ann, WP__ANN_COSIGN_KIND, NULL);
    d->attestation = json_object_get(ann, "vnd.docker.reference.type") != NULL;
    return WP_OK;
}

static int
desc_platform(struct wp__oci_desc *d, json_t *pf, const char *what, const char *source,
              struct wp_diag *diag)
{
    if (!json_is_object(pf) || !opt_string(&d->arch, pf, "architecture", NULL) ||
        !opt_string(&d->os, pf, "os", NULL))
        return wp__diag_set(diag, WP_EMALFORMED, source,
                            "%s: platform is not an object of strings", what);
    return WP_OK;
}

static int
desc_digest(struct wp__oci_desc *d, json_t *o, const char *what, const char *source,
            struct wp_diag *diag)
{
    char q[96];
    int rc;

    d->raw_digest = json_string_value(json_object_get(o, "digest"));
    if (!d->raw_digest)
        return wp__diag_set(diag, WP_EMALFORMED, source, "%s: no digest", what);
    rc = wp__oci_digest_check(d->raw_digest);
    if (rc == WP_EMALFORMED) {
        wp__oci_quote(q, sizeof(q), d->raw_digest);
        return wp__diag_set(diag, WP_EMALFORMED, source, "%s: invalid digest \"%s\"", what, q);
    }
    d->unsupported = rc == WP_EUNSUPPORTED;
    if (!d->unsupported)
        memcpy(d->digest, d->raw_digest, 72);
    return WP_OK;
}

static int
desc_parse(struct wp__oci_desc *d, json_t *o, const char *what, const char *source,
           struct wp_diag *diag)
{
    json_t *size, *v;
    int rc;

    memset(d, 0, sizeof(*d));
    if (!json_is_object(o))
        return wp__diag_set(diag, WP_EMALFORMED, source, "%s is not an object", what);
    if (!opt_string(&d->media_type, o, "mediaType", "") ||
        !opt_string(&d->artifact_type, o, "artifactType", ""))
        return wp__diag_set(diag, WP_EMALFORMED, source,
                            "%s: mediaType and artifactType must be strings", what);
    if ((rc = desc_digest(d, o, what, source, diag)))
        return rc;
    size = json_object_get(o, "size");
    if (!json_is_integer(size) || json_integer_value(size) < 0)
        return wp__diag_set(diag, WP_EMALFORMED, source,
                            "%s: size is not a non-negative integer", what);
    d->size = (uint64_t)json_integer_value(size);
    if ((v = json_object_get(o, "annotations")) &&
        (rc = desc_annotations(d, v, what, source, diag)))
        return rc;
    if ((v = json_object_get(o, "platform")) && (rc = desc_platform(d, v, what, source, diag)))
        return rc;
    return WP_OK;
}

static int
descs_parse(struct wp__oci_doc *doc, const wp_context *ctx, json_t *arr, const char *name,
            size_t max, const char *source, struct wp_diag *diag)
{
    size_t n = json_array_size(arr);
    char what[48];
    int rc;

    if (!json_is_array(arr))
        return wp__diag_set(diag, WP_EMALFORMED, source, "%s is not an array", name);
    if (n > max)
        return wp__diag_set(diag, WP_ELIMIT, source,
                            "%s has %zu entries, more than the limit of %zu", name, n, max);
    if (!n)
        return WP_OK;
    doc->descs = wp__calloc(ctx, n, sizeof(*doc->descs));
    if (!doc->descs)
        return wp__diag_set(diag, WP_ENOMEM, source, "out of memory");
    for (size_t i = 0; i < n; i++) {
        snprintf(what, sizeof(what), "%s[%zu]", name, i);
        if ((rc = desc_parse(&doc->descs[i], json_array_get(arr, i), what, source, diag)))
            return rc;
        doc->ndescs = i + 1;
    }
    return WP_OK;
}

/* schemaVersion, mediaType and artifactType of the document itself. */
static int
doc_header(struct wp__oci_doc *doc, const char *source, struct wp_diag *diag)
{
    json_t *sv = json_object_get(doc->root, "schemaVersion");
    char q[96];

    if (sv && (!json_is_integer(sv) || json_integer_value(sv) != 2))
        return wp__diag_set(diag, WP_EMALFORMED, source, "schemaVersion is not 2");
    if (!opt_string(&doc->media_type, doc->root, "mediaType", "") ||
        !opt_string(&doc->artifact_type, doc->root, "artifactType", ""))
        return wp__diag_set(diag, WP_EMALFORMED, source,
                            "mediaType and artifactType must be strings");
    if (wp__oci_media_kind(doc->media_type) < 0) {
        wp__oci_quote(q, sizeof(q), doc->media_type);
        return wp__diag_set(diag, WP_EUNSUPPORTED, source, "unsupported media type \"%s\"", q);
    }
    return WP_OK;
}

static int
doc_kind(struct wp__oci_doc *doc, enum wp__oci_doc_kind expect, const char *source,
         struct wp_diag *diag)
{
    json_t *r = doc->root;
    int index = json_object_get(r, "manifests") != NULL;
    int manifest = json_object_get(r, "config") || json_object_get(r, "layers");
    int declared = wp__oci_media_kind(doc->media_type);

    if (index == manifest)
        return wp__diag_set(diag, WP_EMALFORMED, source,
                            index ? "has both manifests and layers"
                                  : "neither an image index nor an image manifest");
    doc->is_index = index;
    if (declared != WP__OCI_DOC_ANY &&
        declared != (index ? WP__OCI_DOC_INDEX : WP__OCI_DOC_MANIFEST))
        return wp__diag_set(diag, WP_EMALFORMED, source, "mediaType %s does not match content",
                            doc->media_type);
    if (expect != WP__OCI_DOC_ANY && expect != (index ? WP__OCI_DOC_INDEX : WP__OCI_DOC_MANIFEST))
        return wp__diag_set(diag, WP_EMALFORMED, source, "expected an image %s, found an image %s",
                            index ? "manifest" : "index", index ? "index" : "manifest");
    return WP_OK;
}

static int
manifest_parse(struct wp__oci_doc *doc, const wp_context *ctx, size_t max, const char *source,
               struct wp_diag *diag)
{
    struct wp__oci_desc subject;
    json_t *v;
    int rc;

    if (!(v = json_object_get(doc->root, "config")))
        return wp__diag_set(diag, WP_EMALFORMED, source, "manifest has no config");
    if ((rc = desc_parse(&doc->config, v, "config", source, diag)))
        return rc;
    if (!(v = json_object_get(doc->root, "layers")))
        return wp__diag_set(diag, WP_EMALFORMED, source, "manifest has no layers");
    if ((rc = descs_parse(doc, ctx, v, "layers", max, source, diag)))
        return rc;
    if ((v = json_object_get(doc->root, "subject"))) {
        if ((rc = desc_parse(&subject, v, "subject", source, diag)))
            return rc;
        doc->has_subject = !subject.unsupported;
        memcpy(doc->subject, subject.digest, sizeof(doc->subject));
    }
    return WP_OK;
}

int
wp__oci_doc_parse(struct wp__oci_doc *out, const wp_context *ctx, const void *buf, size_t len,
                  enum wp__oci_doc_kind expect, size_t max_descs, const char *source,
                  struct wp_diag *diag)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = wp__oci_json_load(&out->root, buf, len, source, diag)))
        return rc;
    if (!json_is_object(out->root))
        rc = wp__diag_set(diag, WP_EMALFORMED, source, "not a JSON object");
    else if (!(rc = doc_header(out, source, diag)) && !(rc = doc_kind(out, expect, source, diag)))
        rc = out->is_index ? descs_parse(out, ctx, json_object_get(out->root, "manifests"),
                                         "manifests", max_descs, source, diag)
                           : manifest_parse(out, ctx, max_descs, source, diag);
    if (rc)
        wp__oci_doc_release(out, ctx);
    return rc;
}

void
wp__oci_doc_release(struct wp__oci_doc *doc, const wp_context *ctx)
{
    json_decref(doc->root);
    wp__free(ctx, doc->descs);
    memset(doc, 0, sizeof(*doc));
}

int
wp__oci_layout_check(const void *buf, size_t len, const char *source, struct wp_diag *diag)
{
    const char *v;
    char q[96];
    json_t *root;
    int rc;

    if ((rc = wp__oci_json_load(&root, buf, len, source, diag)))
        return rc;
    v = json_string_value(json_object_get(root, "imageLayoutVersion"));
    if (!json_is_object(root) || !v)
        rc = wp__diag_set(diag, WP_EMALFORMED, source, "no imageLayoutVersion string");
    else if (strncmp(v, "1.", 2) != 0 || v[2] < '0' || v[2] > '9') {
        wp__oci_quote(q, sizeof(q), v);
        rc = wp__diag_set(diag, WP_EUNSUPPORTED, source,
                          "unsupported imageLayoutVersion \"%s\" (expected 1.x)", q);
    }
    json_decref(root);
    return rc;
}
