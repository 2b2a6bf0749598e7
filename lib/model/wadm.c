/*
 * wasmCloud v1 wadm OAM Applications (formats.md §11). Components of type
 * component (or its alias actor) become component subjects; capability
 * providers are listed on the application. v1 has no outbound allowlist:
 * a component reaches the network through a link to a provider, so a link
 * with interfaces [outgoing-handler] is itself evidence of outbound HTTP
 * and the component's outbound mode is "all" as far as the manifest goes.
 */
#include <string.h>

#include "model/grant.h"

/* link traits of @comp: the interfaces the component imports through them. */
static void
links(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *comp)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *traits = wp__field(comp, "traits");
    struct wp__mv *list = NULL;

    for (size_t i = 0; traits && traits->kind == WP__NODE_SEQUENCE && i < traits->c.seq.n; i++) {
        const struct wp__node *t = traits->c.seq.v[i], *p, *ifs;
        const char *type = wp__scalar_text(wp__field(t, "type"));
        const char *ns, *pkg;

        if (!type || strcmp(type, "link") != 0)
            continue;
        p = wp__field(t, "properties");
        ns = wp__scalar_text(wp__field(p, "namespace"));
        pkg = wp__scalar_text(wp__field(p, "package"));
        ifs = wp__field(p, "interfaces");
        for (size_t k = 0; ns && pkg && ifs && ifs->kind == WP__NODE_SEQUENCE && k < ifs->c.seq.n; k++) {
            const char *n = wp__scalar_text(ifs->c.seq.v[k]);
            char iface[256];

            if (!n)
                continue;
            wp__fmt(iface, sizeof(iface), "%s:%s/%s", ns, pkg, n);
            if (!list)
                list = wp__mv_list(b, g->s->v, "declaredImports", traits, 0);
            wp__mv_str(b, list, NULL, iface, strlen(iface), ifs->c.seq.v[k], 0);
        }
    }
}

int
wp__model_wadm(struct wp__mctx *c, const struct wp__node *root, const char *kind)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp_subject *app = wp__k8s_subject(c, WP_SUBJECT_APPLICATION, root, kind, 0, 1);
    const struct wp__node *comps;
    struct wp__mv *providers = NULL;

    if (!app)
        return b->err;
    wp__mv_lit(b, app->v, "platform", "wadm", root, WP__MV_DERIVED);
    comps = wp__field_seq(c, app, wp__field(root, "spec"), "components", "spec");
    for (size_t i = 0; comps && i < comps->c.seq.n; i++) {
        const struct wp__node *comp = comps->c.seq.v[i], *props, *type;
        const char *t;
        struct wp__grant g;
        struct wp_subject *s;

        if (comp->kind != WP__NODE_MAPPING)
            continue;
        type = wp__field(comp, "type");
        t = wp__scalar_text(type);
        props = wp__field(comp, "properties");
        if (t && strcmp(t, "capability") == 0) {
            struct wp__mv *p;

            if (!providers)
                providers = wp__mv_list(b, app->v, "providers", comps, 0);
            p = wp__mv_map(b, providers, NULL, comp, 0);
            wp__field_str(c, app, p, comp, "name", "providers");
            wp__field_str(c, app, p, props, "image", "providers");
            continue;
        }
        if (!t || (strcmp(t, "component") != 0 && strcmp(t, "actor") != 0))
            continue;
        if (!(s = wp__grant_new(c, &g, comp, "wadm", app, NULL, wp__field(comp, "name"))))
            break;
        wp__field_str(c, s, s->v, props, "image", "");
        links(c, &g, comp);
        {
            /* No allowlist exists in v1: whatever its links reach. */
            struct wp__mv *o = wp__mv_map(b, g.net, "outbound", comp, WP__MV_DERIVED);
            wp__mv_lit(b, o, "mode", "all", comp, WP__MV_DERIVED);
        }
    }
    return b->err;
}
