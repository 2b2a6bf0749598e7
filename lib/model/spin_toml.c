/*
 * Spin application manifests, spin.toml v1 and v2 (formats.md §13): an
 * application subject and one component subject per component, with the
 * grants Spin derives, including v1's conversions (allowed_http_hosts to
 * http:// and https:// entries, and the database wildcards a v1 component
 * without allowed_outbound_hosts is given; spin crates/manifest compat.rs).
 */
#include <string.h>

#include "model/grant.h"

static void
add_host(struct wp__mvb *b, struct wp__mv *hosts, const char *h, const struct wp__node *at,
         unsigned flags, const char **mode)
{
    wp__mv_str(b, hosts, NULL, h, strlen(h), at, flags);
    if (strcmp(h, "*://*:*") == 0)
        *mode = "all";
    else if (strcmp(*mode, "all") != 0)
        *mode = "list";
}

/* v1: allowed_http_hosts entries become http:// and https:// entries. */
static void
v1_http_hosts(struct wp__mvb *b, struct wp__mv *hosts, const struct wp__node *list,
              const char **mode)
{
    for (size_t i = 0; list && list->kind == WP__NODE_SEQUENCE && i < list->c.seq.n; i++) {
        const struct wp__node *n = list->c.seq.v[i];
        const char *h = wp__scalar_text(n);
        char buf[512];
        size_t len;

        if (!h)
            continue;
        if (strcmp(h, "insecure:allow-all") == 0) {
            add_host(b, hosts, "http://*:*", n, WP__MV_DERIVED, mode);
            add_host(b, hosts, "https://*:*", n, WP__MV_DERIVED, mode);
            add_host(b, hosts, "http://self", n, WP__MV_DERIVED, mode);
            continue;
        }
        if (strncmp(h, "http://", 7) == 0)
            h += 7;
        else if (strncmp(h, "https://", 8) == 0)
            h += 8;
        len = strcspn(h, "/");
        wp__fmt(buf, sizeof(buf), "http://%.*s", (int)len, h);
        add_host(b, hosts, buf, n, WP__MV_DERIVED, mode);
        wp__fmt(buf, sizeof(buf), "https://%.*s", (int)len, h);
        add_host(b, hosts, buf, n, WP__MV_DERIVED, mode);
    }
}

static void
outbound(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *comp, int v1)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *aoh = wp__field(comp, "allowed_outbound_hosts");
    const struct wp__node *ahh = wp__field(comp, "allowed_http_hosts");
    const struct wp__node *at = aoh ? aoh : comp;
    struct wp__mv *o = wp__mv_map(b, g->net, "outbound", at, aoh ? 0 : WP__MV_DERIVED);
    struct wp__mv *hosts = wp__mv_list(b, o, "hosts", at, aoh ? 0 : WP__MV_DERIVED);
    const char *mode = "none";

    if (aoh && aoh->kind != WP__NODE_SEQUENCE) {
        wp__model_error(c, aoh, "allowed_outbound_hosts must be a list of strings");
        wp__field_invalid(c, g->s, "net.outbound");
    }
    for (size_t i = 0; aoh && aoh->kind == WP__NODE_SEQUENCE && i < aoh->c.seq.n; i++) {
        const struct wp__node *n = aoh->c.seq.v[i];
        if (n->kind == WP__NODE_STRING)
            add_host(b, hosts, n->c.s.text, n, 0, &mode);
    }
    /* Deprecated in v2 but still read, with the v1 meaning. */
    v1_http_hosts(b, hosts, ahh, &mode);
    if (v1 && !aoh) {
        /* "as this was the default before allowed_outbound_hosts" */
        add_host(b, hosts, "redis://*:*", comp, WP__MV_DERIVED, &mode);
        add_host(b, hosts, "mysql://*:*", comp, WP__MV_DERIVED, &mode);
        add_host(b, hosts, "postgres://*:*", comp, WP__MV_DERIVED, &mode);
    }
    wp__mv_lit(b, o, "mode", mode, at, WP__MV_DERIVED);
    /* Name lookups belong to the same capability set: no separate switch. */
    {
        struct wp__mv *dns = wp__mv_map_at(b, g->net, "dns", o);
        wp__mv_lit_at(b, dns, "mode", mode, o);
    }
    /* TCP bind is always refused (factor-outbound-networking lib.rs). */
    wp__grant_flag(c, g, "bind", 0, comp, WP__MV_DERIVED);
}

static void
files(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *comp)
{
    const struct wp__node *fl = wp__field(comp, "files");

    for (size_t i = 0; fl && fl->kind == WP__NODE_SEQUENCE && i < fl->c.seq.n; i++) {
        const struct wp__node *f = fl->c.seq.v[i];
        struct wp__grant_file_in in = { 0 };

        in.at = f;
        in.origin = "spin files";
        /* Copied at start-up, read-only unless the trigger allows
         * transient writes (formats §13.1). */
        in.writable = 0;
        if (f->kind == WP__NODE_STRING) {
            in.host = f->c.s.text;  /* a glob under the app directory, */
            in.host_at = f;         /* placed at the same path under / */
        } else if (f->kind == WP__NODE_MAPPING) {
            in.host_at = wp__field(f, "source");
            in.guest_at = wp__field(f, "destination");
            in.host = wp__scalar_text(in.host_at);
            in.guest = wp__scalar_text(in.guest_at);
        } else {
            continue;
        }
        wp__grant_file(c, g, &in);
    }
}

static void
stores(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *comp)
{
    static const struct { const char *toml, *key; } map[] = {
        { "key_value_stores", "keyValue" },
        { "sqlite_databases", "sqlite" },
        { "ai_models", "aiModels" },
    };

    for (size_t k = 0; k < sizeof(map) / sizeof(*map); k++) {
        const struct wp__node *l = wp__field(comp, map[k].toml);
        for (size_t i = 0; l && l->kind == WP__NODE_SEQUENCE && i < l->c.seq.n; i++)
            wp__grant_store(c, g, map[k].key, l->c.seq.v[i]);
    }
}

/* [component.x.dependencies]: which imports are satisfied by other
 * components, and which of the parent's capability sets each inherits
 * (true: all of them; a list: the named sets). */
static void
dependencies(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *comp)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *deps = wp__field(comp, "dependencies");
    struct wp__mv *list;

    if (!deps || deps->kind != WP__NODE_MAPPING)
        return;
    list = wp__mv_list(b, s->v, "dependencies", deps, 0);
    for (size_t i = 0; i < deps->c.map.n; i++) {
        const struct wp__entry *e = &deps->c.map.v[i];
        const struct wp__node *inh = wp__field(e->value, "inherit_configuration");
        struct wp__mv *d;

        if (!wp__scalar_text(e->key))
            continue;
        d = wp__mv_map(b, list, NULL, e->key, 0);
        wp__mv_str(b, d, "import", e->key->c.s.text, e->key->c.s.len, e->key, 0);
        if (inh && inh->kind == WP__NODE_BOOL)
            wp__mv_bool(b, d, "inheritConfiguration", inh->v.b, inh, 0);
        else if (inh && inh->kind == WP__NODE_SEQUENCE)
            wp__field_strlist(c, s, d, e->value, "inherit_configuration", "dependencies");
    }
}

static void
component(struct wp__mctx *c, const struct wp_subject *app, const struct wp__node *comp,
          const struct wp__node *id, const char *idtext, int v1)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *src, *env, *vars;
    struct wp__grant g;
    struct wp_subject *s;

    if (comp->kind != WP__NODE_MAPPING ||
        !(s = wp__grant_new(c, &g, comp, "spin", app, idtext, id)))
        return;
    wp__mv_int(b, s->v, "manifestVersion", v1 ? 1 : 2, comp, WP__MV_DERIVED);
    if ((src = wp__field(comp, "source")))
        wp__mv_copy(b, s->v, "source", src);
    if ((env = wp__field(comp, "environment")) && env->kind == WP__NODE_MAPPING)
        for (size_t i = 0; i < env->c.map.n; i++) {
            const struct wp__entry *e = &env->c.map.v[i];
            if (wp__scalar_text(e->key))
                wp__grant_env(c, &g, e->key->c.s.text, e->key->c.s.len, e->value, e->value);
        }
    files(c, &g, comp);
    outbound(c, &g, comp, v1);
    stores(c, &g, comp);
    vars = wp__field(comp, v1 ? "config" : "variables");
    if (vars && vars->kind == WP__NODE_MAPPING)
        wp__field_strmap(c, s, s->v, comp, v1 ? "config" : "variables", "config", "");
    dependencies(c, s, comp);
    if (wp__field(comp, "dependencies_inherit_configuration"))
        wp__field_bool(c, s, s->v, comp, "dependencies_inherit_configuration", "");
}

int
wp__model_spin_toml(struct wp__mctx *c, const struct wp__node *root)
{
    struct wp_model *m = c->m;
    struct wp__mvb *b = &m->mvb;
    const struct wp__node *ver = wp__field(root, "spin_manifest_version");
    const struct wp__node *comps, *name;
    struct wp_subject *app;
    int v1;

    if (!ver)
        ver = wp__field(root, "spin_version");  /* the oldest v1 spelling */
    /* v2 says 2 (an integer); v1 says "1" (a string). */
    v1 = !(ver && ver->kind == WP__NODE_INT && ver->v.i == 2);
    if (!(app = wp__subject_new(c, WP_SUBJECT_APPLICATION, root)))
        return b->err;
    wp__mv_lit(b, app->v, "platform", "spin", root, WP__MV_DERIVED);
    wp__mv_lit(b, app->v, "kind", "SpinApplication", root, WP__MV_DERIVED);
    wp__mv_int(b, app->v, "manifestVersion", v1 ? 1 : 2, ver ? ver : root, WP__MV_DERIVED);
    name = v1 ? wp__field(root, "name") : wp__node_path(root, "application.name");
    app->name = wp__model_text(m, name);
    if (app->name)
        wp__mv_str(b, app->v, "name", app->name, strlen(app->name), name, 0);
    app->id = wp__model_id(m, "spin-app", NULL, app->name ? app->name : c->src->name);
    if (v1) {
        comps = wp__field(root, "component");
        for (size_t i = 0; comps && comps->kind == WP__NODE_SEQUENCE && i < comps->c.seq.n; i++) {
            const struct wp__node *id = wp__field(comps->c.seq.v[i], "id");
            component(c, app, comps->c.seq.v[i], id, NULL, 1);
        }
    } else if ((comps = wp__field(root, "component")) && comps->kind == WP__NODE_MAPPING) {
        for (size_t i = 0; i < comps->c.map.n; i++) {
            const struct wp__entry *e = &comps->c.map.v[i];
            component(c, app, e->value, e->key, NULL, 0);
        }
    }
    return b->err;
}
