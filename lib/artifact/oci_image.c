/*
 * What an image manifest holds (formats.md §18.3 step 4): a CNCF wasm
 * artifact, a Spin app (locked-app layer plus component layers), other
 * wasm layer types, or nothing this linter can read. Only the blobs that
 * matter are read, and each of them is verified.
 */
#include <stdio.h>
#include <string.h>

#include "artifact/oci_impl.h"
#include "core/diag.h"

static void
copy_media_type(char *dst, size_t size, const char *mt)
{
    size_t n = strlen(mt);

    if (n >= size)
        n = size - 1;
    memcpy(dst, mt, n);
    dst[n] = '\0';
}

static int
is_wasm_layer(const char *mt)
{
    return !strcmp(mt, WP__MT_WASM) || !strcmp(mt, WP__MT_SPIN_WASM) ||
           !strcmp(mt, WP__MT_RUNWASI) || !strcmp(mt, WP__MT_WASMCLOUD);
}

/* A JSON config we know how to read for its os. */
static int
is_json_config(const char *mt)
{
    return !strcmp(mt, WP__MT_WASM_CONFIG) ||
           !strcmp(mt, "application/vnd.oci.image.config.v1+json") ||
           !strcmp(mt, "application/vnd.docker.container.image.v1+json");
}

/* Verify the blob of @d (named @what in the manifest at @source). */
static int
verify(struct wp__oci *oci, const struct wp__oci_desc *d, const char *what, const char *source,
       struct wp__oci_blob *info, unsigned char **data, size_t *len, struct wp_diag *diag)
{
    char q[96];
    int rc;

    if (d->unsupported) {
        wp__oci_quote(q, sizeof(q), d->raw_digest);
        return wp__diag_set(diag, WP_EUNSUPPORTED, source,
                            "%s: unsupported digest algorithm: \"%s\"", what, q);
    }
    if ((rc = wp__oci_blob_read(oci, d->digest, d->size, data, len, info, diag)))
        return rc;
    copy_media_type(info->media_type, sizeof(info->media_type), d->media_type);
    return WP_OK;
}

/* Read a JSON blob of the manifest: the tree is the caller's. */
static int
verify_json(struct wp__oci *oci, const struct wp__oci_desc *d, const char *what,
            const char *source, struct wp__oci_blob *info, json_t **root, struct wp_diag *diag)
{
    unsigned char *buf;
    size_t len;
    int rc;

    if ((rc = verify(oci, d, what, source, info, &buf, &len, diag)))
        return rc;
    info->binary = WP__OCI_BIN_UNCHECKED;
    rc = wp__oci_json_load(root, buf, len, info->path, diag);
    wp__free(oci->ctx, buf);
    if (!rc && !json_is_object(*root)) {
        json_decref(*root);
        rc = wp__diag_set(diag, WP_EMALFORMED, info->path, "not a JSON object");
    }
    return rc;
}

/* The config, when it is JSON we know: its os. @root (may be NULL) keeps
 * the tree for the caller. */
static int
read_config(struct wp__oci *oci, const struct wp__oci_doc *m, const char *source,
            struct wp__oci_image *out, json_t **root, struct wp_diag *diag)
{
    const char *os;
    json_t *cfg;
    char q[96];
    int rc;

    if (!is_json_config(m->config.media_type))
        return WP_OK;
    if ((rc = verify_json(oci, &m->config, "config", source, &out->config, &cfg, diag)))
        return rc;
    out->has_config = 1;
    os = json_string_value(json_object_get(cfg, "os"));
    if (os && strlen(os) >= sizeof(out->os)) {
        wp__oci_quote(q, sizeof(q), os);
        rc = wp__diag_set(diag, WP_EMALFORMED, out->config.path, "os \"%s\" is too long", q);
    } else if (os) {
        memcpy(out->os, os, strlen(os) + 1);
    }
    if (rc || !root)
        json_decref(cfg);
    else
        *root = cfg;
    return rc;
}

static int
add_layer(struct wp__oci *oci, const struct wp__oci_doc *m, size_t i, const char *source,
          struct wp__oci_image *out, struct wp_diag *diag)
{
    char what[40];

    if (out->nlayers == WP__OCI_MAX_LAYERS)
        return wp__diag_set(diag, WP_ELIMIT, source, "more than %d wasm layers",
                            WP__OCI_MAX_LAYERS);
    snprintf(what, sizeof(what), "layers[%zu]", i);
    return verify(oci, &m->descs[i], what, source, &out->layers[out->nlayers++], NULL, NULL,
                  diag);
}

static int
fill_cncf(struct wp__oci *oci, const struct wp__oci_doc *m, const char *source,
          struct wp__oci_image *out, struct wp_diag *diag)
{
    size_t count = 0, at = 0;
    char what[40];
    int rc;

    out->kind = WP__OCI_WASM_ARTIFACT;
    if ((rc = read_config(oci, m, source, out, NULL, diag)))
        return rc;
    for (size_t i = 0; i < m->ndescs; i++)
        if (!strcmp(m->descs[i].media_type, WP__MT_WASM) && !count++)
            at = i;
    if (count != 1)
        return wp__diag_set(diag, WP_EMALFORMED, source,
                            "a wasm artifact has one application/wasm layer, this one has %zu",
                            count);
    snprintf(what, sizeof(what), "layers[%zu]", at);
    if ((rc = verify(oci, &m->descs[at], what, source, &out->wasm, NULL, NULL, diag)))
        return rc;
    out->has_wasm = 1;
    return WP_OK;
}

static int
fill_wasm_layers(struct wp__oci *oci, const struct wp__oci_doc *m, const char *source,
                 struct wp__oci_image *out, struct wp_diag *diag)
{
    int rc;

    out->kind = WP__OCI_WASM_LAYER;
    if ((rc = read_config(oci, m, source, out, NULL, diag)))
        return rc;
    for (size_t i = 0; i < m->ndescs; i++)
        if (is_wasm_layer(m->descs[i].media_type) && (rc = add_layer(oci, m, i, source, out, diag)))
            return rc;
    out->wasm = out->layers[0];
    out->has_wasm = 1;
    return WP_OK;
}

/* Spin's config label names the locked-app layer; when present it must
 * agree with the layer actually there. */
static int
check_label(const struct wp__oci_image *out, json_t *cfg, struct wp_diag *diag)
{
    json_t *labels = json_object_get(json_object_get(cfg, "config"), "Labels");
    const char *v = json_string_value(json_object_get(labels, WP__SPIN_LOCKED_DIGEST));
    char q[96];

    if (!v || !strcmp(v, out->locked_app.digest))
        return WP_OK;
    wp__oci_quote(q, sizeof(q), v);
    return wp__diag_set(diag, WP_EMALFORMED, out->config.path,
                        "label " WP__SPIN_LOCKED_DIGEST " is \"%s\", not the locked-app layer %s",
                        q, out->locked_app.digest);
}

static int
has_layer(const struct wp__oci_image *out, const char *digest)
{
    for (size_t i = 0; i < out->nlayers; i++)
        if (!strcmp(out->layers[i].digest, digest))
            return 1;
    return 0;
}

/* Each component's source.digest must name one of the wasm layers. */
static int
check_components(const struct wp__oci_image *out, json_t *app, struct wp_diag *diag)
{
    json_t *comps = json_object_get(app, "components"), *c;
    const char *src = out->locked_app.path;
    char q[96], id[96];
    size_t i;

    if (comps && !json_is_array(comps))
        return wp__diag_set(diag, WP_EMALFORMED, src, "components is not an array");
    json_array_foreach(comps, i, c) {
        const char *digest = json_string_value(json_object_get(json_object_get(c, "source"),
                                                               "digest"));
        const char *cid = json_string_value(json_object_get(c, "id"));
        if (!digest)
            continue;
        wp__oci_quote(q, sizeof(q), digest);
        wp__oci_quote(id, sizeof(id), cid ? cid : "");
        if (wp__oci_digest_check(digest) != WP_OK || !has_layer(out, digest))
            return wp__diag_set(diag, WP_EMALFORMED, src,
                                "component \"%s\": source digest \"%s\" is not a wasm layer of "
                                "the manifest", id, q);
    }
    return WP_OK;
}

static int
fill_spin(struct wp__oci *oci, const struct wp__oci_doc *m, size_t app_at, const char *source,
          struct wp__oci_image *out, struct wp_diag *diag)
{
    json_t *app = NULL, *cfg = NULL;
    char what[40];
    int rc;

    out->kind = WP__OCI_SPIN_APP;
    snprintf(what, sizeof(what), "layers[%zu]", app_at);
    if ((rc = verify_json(oci, &m->descs[app_at], what, source, &out->locked_app, &app, diag)))
        return rc;
    out->has_locked_app = 1;
    if (!(rc = read_config(oci, m, source, out, &cfg, diag)) && cfg)
        rc = check_label(out, cfg, diag);
    for (size_t i = 0; !rc && i < m->ndescs; i++)
        if (!strcmp(m->descs[i].media_type, WP__MT_SPIN_WASM) ||
            !strcmp(m->descs[i].media_type, WP__MT_WASM))
            rc = add_layer(oci, m, i, source, out, diag);
    if (!rc)
        rc = check_components(out, app, diag);
    json_decref(cfg);
    json_decref(app);
    return rc;
}

int
wp__oci_image_fill(struct wp__oci *oci, const struct wp__oci_doc *m, const char *source,
                   struct wp__oci_image *out, struct wp_diag *diag)
{
    size_t spin = 0, nspin = 0, nwasm = 0;

    for (size_t i = 0; i < m->ndescs; i++) {
        if (!strcmp(m->descs[i].media_type, WP__MT_SPIN_APP) && !nspin++)
            spin = i;
        nwasm += is_wasm_layer(m->descs[i].media_type) != 0;
    }
    if (!strcmp(m->config.media_type, WP__MT_WASM_CONFIG))
        return fill_cncf(oci, m, source, out, diag);
    if (nspin > 1)
        return wp__diag_set(diag, WP_EMALFORMED, source, "%zu Spin application layers, not one",
                            nspin);
    if (nspin)
        return fill_spin(oci, m, spin, source, out, diag);
    if (nwasm)
        return fill_wasm_layers(oci, m, source, out, diag);
    out->kind = WP__OCI_UNSUPPORTED;
    return WP_OK;
}
