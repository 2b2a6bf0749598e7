/* apiVersion, kind, name, namespace and labels: what every object has. */
#include <string.h>

#include "model/handlers.h"

struct wp_subject *
wp__k8s_subject(struct wp__mctx *c, enum wp_subject_kind kind, const struct wp__node *root,
                const char *kindname, int namespaced, int labels)
{
    struct wp_model *m = c->m;
    struct wp__mvb *b = &m->mvb;
    struct wp_subject *s = wp__subject_new(c, kind, root);
    const struct wp__node *meta, *name, *ns;

    if (!s)
        return NULL;
    if (!wp__field_str(c, s, s->v, root, "apiVersion", "") && c->doc->list) {
        /* A typed list's item: its apiVersion and kind are the list's. */
        const struct wp__node *av = wp__node_get(c->doc->list, "apiVersion");
        if (av && av->kind == WP__NODE_STRING)
            wp__mv_str(b, s->v, "apiVersion", av->c.s.text, av->c.s.len, av, WP__MV_DERIVED);
    }
    if (!wp__field_str(c, s, s->v, root, "kind", ""))
        wp__mv_str(b, s->v, "kind", kindname, strlen(kindname),
                   c->doc->list ? wp__node_get(c->doc->list, "kind") : root, WP__MV_DERIVED);
    meta = wp__field_map(c, s, root, "metadata", "");
    if ((name = wp__field_str(c, s, s->v, meta, "name", "")))
        s->name = wp__model_text(m, name);
    if (namespaced) {
        /* An empty namespace is no namespace. A number is kept as written
         * (with a warning), anything else is an input error; both are
         * better than a silent default. */
        ns = wp__field(meta, "namespace");
        if (ns && ns->kind == WP__NODE_STRING && ns->c.s.len == 0)
            ns = NULL;
        if (ns && (ns = wp__field_str(c, s, s->v, meta, "namespace", ""))) {
            s->ns = wp__model_text(m, ns);
        } else {
            /* Lands in whatever namespace it is applied to (formats §1.1). */
            s->ns = m->default_ns;
            wp__mv_str(b, s->v, "namespace", s->ns, strlen(s->ns), meta ? meta : root,
                       WP__MV_DERIVED);
        }
    }
    if (labels) {
        wp__field_strmap(c, s, s->v, meta, "labels", NULL, "");
        wp__field_strmap(c, s, s->v, meta, "annotations", NULL, "");
    }
    s->id = wp__model_id(m, kindname, s->ns, s->name);
    return s;
}
