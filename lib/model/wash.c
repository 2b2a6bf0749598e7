/*
 * wash project config, .wash/config.yaml (formats.md §10): the
 * development twin of localResources. The project's own component gets
 * the `workload` grants; dev.components are the others wash dev runs.
 * Defaults flip against the CRD: an omitted allowedHosts here means
 * allow-all, an explicit [] denies.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/grant.h"

/* "<dir>/.wash/config.yaml" -> "<dir>"'s last component. */
static const char *
project_name(struct wp__mctx *c)
{
    const char *name = c->src->name, *end = strstr(name, ".wash/config.yaml"), *start;
    char buf[256];
    size_t n;

    if (end == name) {
        /* ".wash/config.yaml" as given: the project is the directory the
         * path is relative to, whose name only the file system knows. */
        char real[4096];
        const char *base;

        if (!realpath(".", real) || !(base = strrchr(real, '/')) || !base[1])
            return "project";
        return wp__mv_key(&c->m->mvb, base + 1, strlen(base + 1));
    }
    if (!end)
        return "project";
    end--;                      /* the '/' before .wash */
    start = end;
    while (start > name && start[-1] != '/')
        start--;
    n = (size_t)(end - start);
    if (n == 0 || n >= sizeof(buf) || (n == 1 && *start == '.'))
        return "project";
    memcpy(buf, start, n);
    buf[n] = '\0';
    return wp__mv_key(&c->m->mvb, buf, n);
}

/* @at: where what @w leaves out is reported. */
static void
grants(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *w,
       const struct wp__node *at, const char *path)
{
    wp__wasmcloud_env(c, g, wp__field(w, "environment"));
    wp__grant_outbound(c, g, "outbound", wp__field(w, "allowedHosts"), at, "all", path);
    wp__grant_outbound(c, g, "dns", wp__field(w, "allowedIpNameLookups"), at, "none", path);
    if (wp__field(w, "allowedHostLoopbackPorts"))
        wp__field_strlist(c, g->s, g->net, w, "allowedHostLoopbackPorts", "net");
    wp__field_strmap(c, g->s, g->s->v, w, "config", NULL, "");
}

/* fromEnv copies named variables of the developer's shell (explicit, but
 * their values are not in the reviewed file). */
static void
from_env(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *root)
{
    static const char *const catalogs[] = { "configs", "secrets" };

    for (size_t k = 0; k < 2; k++) {
        const struct wp__node *cat = wp__field(root, catalogs[k]);
        for (size_t i = 0; cat && cat->kind == WP__NODE_MAPPING && i < cat->c.map.n; i++) {
            const struct wp__node *fe = wp__field(cat->c.map.v[i].value, "fromEnv");
            for (size_t j = 0; fe && fe->kind == WP__NODE_SEQUENCE && j < fe->c.seq.n; j++)
                wp__grant_ref(c, g, "inheritNames", fe->c.seq.v[j]);
        }
    }
}

static void
dev_volumes(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *dev)
{
    const struct wp__node *vols = wp__field(dev, "volumes");

    for (size_t i = 0; vols && vols->kind == WP__NODE_SEQUENCE && i < vols->c.seq.n; i++) {
        const struct wp__node *v = vols->c.seq.v[i];
        const struct wp__node *h = wp__field(v, "host_path"), *gp = wp__field(v, "guest_path");
        struct wp__grant_file_in f = { 0 };

        f.host = wp__scalar_text(h);
        f.host_at = h;
        f.guest = wp__scalar_text(gp);
        f.guest_at = gp;
        f.writable = 1;  /* wash mounts dev volumes read-write */
        f.origin = "wash dev volume";
        f.at = v;
        wp__grant_file(c, g, &f);
    }
}

int
wp__model_wash(struct wp__mctx *c, const struct wp__node *root)
{
    struct wp_model *m = c->m;
    struct wp__mvb *b = &m->mvb;
    struct wp_subject *app = wp__subject_new(c, WP_SUBJECT_APPLICATION, root), *s;
    const struct wp__node *w, *dev, *comps, *cp;
    struct wp__node wsec;
    const char *name = project_name(c);
    struct wp__grant g;

    if (!app)
        return b->err;
    app->name = name;
    app->id = wp__model_id(m, "wash-project", NULL, name);
    wp__mv_lit(b, app->v, "platform", "wash", root, WP__MV_DERIVED);
    wp__mv_lit(b, app->v, "kind", "WashProject", root, WP__MV_DERIVED);
    wp__mv_str(b, app->v, "name", name, strlen(name), root, WP__MV_DERIVED);
    if (wp__field(root, "dev"))
        wp__field_bool(c, app, app->v, wp__field(root, "dev"), "allow_insecure_registries",
                       "dev");
    w = wp__field(root, "workload");
    dev = wp__field(root, "dev");
    if (w) {
        /* What the section leaves out is reported at its `workload:` key,
         * not at its first field. */
        const struct wp__entry *e = wp__node_entry(root, "workload", 8);
        wsec = *w;
        if (e)
            wsec.start = e->key->start;
    }
    if (!(s = wp__grant_new(c, &g, w ? w : root, "wash", app, name, NULL)))
        return b->err;
    if ((cp = wp__node_path(root, "build.component_path")) && cp->kind == WP__NODE_STRING) {
        wp__mv_str(b, s->v, "file", cp->c.s.text, cp->c.s.len, cp, 0);
    } else {
        /* "If not specified, defaults to <project-dir>.wasm" */
        char def[280];
        wp__fmt(def, sizeof(def), "%s.wasm", name);
        wp__mv_str(b, s->v, "file", def, strlen(def), root, WP__MV_DERIVED);
    }
    grants(c, &g, w, w ? &wsec : root, "workload.allowedHosts");
    from_env(c, &g, root);
    dev_volumes(c, &g, dev);
    comps = wp__field(dev, "components");
    for (size_t i = 0; comps && comps->kind == WP__NODE_SEQUENCE && i < comps->c.seq.n; i++) {
        const struct wp__node *dc = comps->c.seq.v[i];

        if (dc->kind != WP__NODE_MAPPING ||
            !(s = wp__grant_new(c, &g, dc, "wash", app, NULL, wp__field(dc, "name"))))
            continue;
        wp__field_str(c, s, s->v, dc, "file", "");
        wp__field_str(c, s, s->v, dc, "image", "");
        grants(c, &g, dc, dc, "dev.components.allowedHosts");
        dev_volumes(c, &g, dev);
    }
    return b->err;
}
