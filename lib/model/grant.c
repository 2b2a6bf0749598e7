/* Building grant records; see grant.h for the shape. */
#include <string.h>

#include "model/grant.h"

struct wp_subject *
wp__grant_new(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *at,
              const char *platform, const struct wp_subject *owner, const char *name,
              const struct wp__node *name_node)
{
    struct wp_model *m = c->m;
    struct wp__mvb *b = &m->mvb;
    struct wp_subject *s = wp__subject_new(c, WP_SUBJECT_COMPONENT, at);
    char id[256];

    memset(g, 0, sizeof(*g));
    if (!s)
        return NULL;
    g->s = s;
    if (name_node && wp__scalar_text(name_node))
        name = wp__model_text(m, name_node);
    s->name = name;
    s->ns = owner ? owner->ns : NULL;
    s->owner = (struct wp_subject *)owner;
    wp__fmt(id, sizeof(id), "%s/%s", owner && owner->id ? owner->id : platform,
            name ? name : "(unnamed)");
    s->id = wp__model_id(m, "component", NULL, id);
    wp__mv_lit(b, s->v, "platform", platform, at, WP__MV_DERIVED);
    if (name)
        wp__mv_str(b, s->v, "name", name, strlen(name), name_node ? name_node : at,
                   name_node ? 0 : WP__MV_DERIVED);
    if (owner && owner->id)
        wp__mv_str(b, s->v, "application", owner->id, strlen(owner->id), NULL, 0);
    g->env = wp__mv_map(b, s->v, "env", at, WP__MV_DERIVED);
    g->explicit_env = wp__mv_map(b, g->env, "explicit", at, WP__MV_DERIVED);
    wp__mv_bool(b, g->env, "inheritAll", 0, at, WP__MV_DERIVED);
    g->files = wp__mv_list(b, s->v, "files", at, WP__MV_DERIVED);
    g->net = wp__mv_map(b, s->v, "net", at, WP__MV_DERIVED);
    g->stores = wp__mv_map(b, s->v, "stores", at, WP__MV_DERIVED);
    return s;
}

static int
allows_all(const char *h)
{
    return strcmp(h, "*") == 0 || strcmp(h, "*://*:*") == 0;
}

void
wp__grant_outbound(struct wp__mctx *c, struct wp__grant *g, const char *key,
                   const struct wp__node *list, const struct wp__node *at, const char *absent,
                   const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *o = wp__mv_map(b, g->net, key, list ? list : at, list ? 0 : WP__MV_DERIVED);
    const char *items = strcmp(key, "dns") == 0 ? "names" : "hosts";
    struct wp__mv *hosts;
    const char *mode;

    if (list && list->kind != WP__NODE_SEQUENCE) {
        wp__model_error(c, list, "%s must be a list of strings", path);
        wp__field_invalid(c, g->s, path);
        list = NULL;
    }
    /* Absent means the platform default; an explicit [] denies. */
    mode = !list ? absent : list->c.seq.n ? "list" : "none";
    hosts = wp__mv_list(b, o, items, list ? list : at, list ? 0 : WP__MV_DERIVED);
    for (size_t i = 0; list && i < list->c.seq.n; i++) {
        const struct wp__node *h = list->c.seq.v[i];
        const char *t = wp__scalar_text(h);

        if (!t || h->kind != WP__NODE_STRING) {
            /* The CRD types the items as strings; [5432] is rejected. */
            wp__model_error(c, h, "%s entries must be strings", path);
            wp__field_invalid(c, g->s, path);
            continue;
        }
        wp__mv_str(b, hosts, NULL, t, h->c.s.len, h, 0);
        if (allows_all(t))
            mode = "all";
    }
    wp__mv_lit(b, o, "mode", mode, list ? list : at, WP__MV_DERIVED);
}

void
wp__grant_env(struct wp__mctx *c, struct wp__grant *g, const char *name, size_t nlen,
              const struct wp__node *value, const struct wp__node *at)
{
    struct wp__mvb *b = &c->m->mvb;
    const char *key = wp__mv_key(b, name, nlen);
    const char *v = wp__scalar_text(value);

    if (v)
        wp__mv_str(b, g->explicit_env, key, v, value->c.s.len, value, 0);
    else
        wp__mv_str(b, g->explicit_env, key, "", 0, at, WP__MV_DERIVED);
}

void
wp__grant_ref(struct wp__mctx *c, struct wp__grant *g, const char *which,
              const struct wp__node *name)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv **slot = strcmp(which, "secretRefs") == 0 ? &g->secret_refs
                         : strcmp(which, "bulkRefs") == 0 ? &g->bulk_refs
                         : &g->inherit_names;
    const char *t = wp__scalar_text(name);

    if (!t)
        return;
    if (!*slot)
        *slot = wp__mv_list(b, g->env, which, name, WP__MV_DERIVED);
    wp__mv_str(b, *slot, NULL, t, name->c.s.len, name, 0);
}

static void
text_at(struct wp__mvb *b, struct wp__mv *dst, const char *key, const char *t,
        const struct wp__node *n, const struct wp__node *at)
{
    if (t)
        wp__mv_str(b, dst, key, t, strlen(t), n ? n : at, n ? 0 : WP__MV_DERIVED);
}

void
wp__grant_file(struct wp__mctx *c, struct wp__grant *g, const struct wp__grant_file_in *in)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *f = wp__mv_map(b, g->files, NULL, in->at, 0);

    text_at(b, f, "host", in->host, in->host_at, in->at);
    text_at(b, f, "guest", in->guest, in->guest_at, in->at);
    wp__mv_bool(b, f, "writable", in->writable, in->writable_at ? in->writable_at : in->at,
                in->writable_at ? 0 : WP__MV_DERIVED);
    wp__mv_lit(b, f, "origin", in->origin, in->at, WP__MV_DERIVED);
}

void
wp__grant_store(struct wp__mctx *c, struct wp__grant *g, const char *key,
                const struct wp__node *value)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *list = (struct wp__mv *)wp__mv_get(g->stores, key);
    const char *t = wp__scalar_text(value);

    if (!t)
        return;
    if (!list)
        list = wp__mv_list(b, g->stores, key, value, WP__MV_DERIVED);
    wp__mv_str(b, list, NULL, t, value->c.s.len, value, 0);
}

void
wp__grant_flag(struct wp__mctx *c, struct wp__grant *g, const char *key, int on,
               const struct wp__node *at, unsigned flags)
{
    wp__mv_bool(&c->m->mvb, g->net, key, on, at, flags);
}
