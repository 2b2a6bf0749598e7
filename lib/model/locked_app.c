/*
 * Spin applications published to a registry (formats.md §14): the OCI
 * image holds the locked application as JSON, whose components name their
 * wasm layers by digest and carry their grants in metadata. A SpinApp whose
 * image is found in an OCI layout gets one component subject per locked
 * component, with the binary of its layer, so the grant rules and
 * http-outgoing-without-allowlist apply to what is actually deployed.
 * Positions are the SpinApp's image field: the blob has none a user edits.
 */
#include <string.h>

#include <jansson.h>

#include "artifact/oci.h"
#include "model/link.h"

static void
strings(struct wp_model *m, struct wp__mv *parent, const char *key, json_t *arr,
        const struct wp__mv *at)
{
    struct wp__mv *l = wp__mv_list_at(&m->mvb, parent, key, at);
    size_t i;
    json_t *v;

    json_array_foreach(arr, i, v)
        if (json_is_string(v))
            wp__mv_str_at(&m->mvb, l, NULL, json_string_value(v), at);
}

/* One locked component: its grants, and its layer. Returns the layer's
 * blob path, or NULL. */
static const char *
component(struct wp_model *m, const struct wp_subject *app, json_t *c,
          const struct wp__oci_image *img, const struct wp__mv *at, struct wp_subject **out)
{
    struct wp__mvb *b = &m->mvb;
    const char *id = json_string_value(json_object_get(c, "id"));
    json_t *meta = json_object_get(c, "metadata"), *env = json_object_get(c, "env");
    json_t *hosts = json_object_get(meta, "allowed_outbound_hosts");
    const char *digest = json_string_value(json_object_get(json_object_get(c, "source"), "digest"));
    struct wp__mv *e, *ex, *net, *o, *d, *stores, *files;
    const char *mode = "none", *k;
    struct wp_subject *s;
    json_t *v;
    size_t i;

    *out = NULL;
    if (!id || !(s = wp__component_of(m, (struct wp_subject *)app, wp__mv_key(&m->mvb, id,
                                                                           strlen(id)), at)))
        return NULL;
    *out = s;
    wp__mv_lit_at(b, s->v, "platform", "spin", at);
    wp__mv_str_at(&m->mvb, s->v, "name", id, at);
    wp__mv_str_at(&m->mvb, s->v, "application", app->id, at);
    wp__mv_str_at(&m->mvb, s->v, "source", "locked app (OCI layout)", at);
    e = wp__mv_map_at(b, s->v, "env", at);
    ex = wp__mv_map_at(b, e, "explicit", at);
    json_object_foreach(env, k, v)
        if (json_is_string(v))
            wp__mv_str_at(&m->mvb, ex, wp__mv_key(b, k, strlen(k)), json_string_value(v), at);
    wp__mv_bool_at(b, e, "inheritAll", 0, at);
    files = wp__mv_list_at(b, s->v, "files", at);
    json_array_foreach(json_object_get(c, "files"), i, v) {
        const char *path = json_string_value(json_object_get(v, "path"));
        struct wp__mv *f;
        if (!path)
            continue;
        f = wp__mv_map_at(b, files, NULL, at);
        wp__mv_str_at(&m->mvb, f, "guest", path, at);
        wp__mv_bool_at(b, f, "writable", 0, at);
        wp__mv_lit_at(b, f, "origin", "spin files", at);
    }
    net = wp__mv_map_at(b, s->v, "net", at);
    o = wp__mv_map_at(b, net, "outbound", at);
    if (json_is_array(hosts)) {
        strings(m, o, "hosts", hosts, at);
        json_array_foreach(hosts, i, v) {
            const char *h = json_string_value(v);
            if (h && strcmp(h, "*://*:*") == 0)
                mode = "all";
            else if (h && strcmp(mode, "all") != 0)
                mode = "list";
        }
    }
    wp__mv_lit_at(b, o, "mode", mode, at);
    d = wp__mv_map_at(b, net, "dns", at);
    wp__mv_lit_at(b, d, "mode", mode, at);
    wp__mv_bool_at(b, net, "bind", 0, at);
    stores = wp__mv_map_at(b, s->v, "stores", at);
    if (json_is_array(json_object_get(meta, "key_value_stores")))
        strings(m, stores, "keyValue", json_object_get(meta, "key_value_stores"), at);
    if (json_is_array(json_object_get(meta, "sqlite_databases")))
        strings(m, stores, "sqlite", json_object_get(meta, "sqlite_databases"), at);
    for (i = 0; digest && i < img->nlayers; i++)
        if (strcmp(img->layers[i].digest, digest) == 0)
            return img->layers[i].path;
    return NULL;
}

int
wp__model_locked_app(struct wp_model *m, const struct wp_subject *app,
                     const struct wp__oci_image *img, const struct wp__mv *at,
                     wp__locked_component_fn fn, void *payload, struct wp_diag *diag)
{
    json_error_t err;
    json_t *root = json_load_file(img->locked_app.path, JSON_REJECT_DUPLICATES, &err);
    json_t *c;
    size_t i;
    int rc = 0;

    if (!root || !json_is_object(root)) {
        wp__fmt(diag->source, sizeof(diag->source), "%s", img->locked_app.path);
        diag->code = WP_EMALFORMED;
        diag->line = root ? 0 : (unsigned)err.line;
        diag->column = root ? 0 : (unsigned)err.column;
        wp__fmt(diag->message, sizeof(diag->message), "the Spin locked app of %s: %s", app->id,
                root ? "not an object" : err.text);
        json_decref(root);
        return WP_EMALFORMED;
    }
    json_array_foreach(json_object_get(root, "components"), i, c) {
        struct wp_subject *s;
        const char *layer = component(m, app, c, img, at, &s);
        if (s && (rc = fn(s, layer, payload)))
            break;
    }
    json_decref(root);
    return rc ? rc : m->mvb.err;
}
