/*
 * Objects with a pod template (formats.md §2.1): where each kind keeps it,
 * and the workload subject built from it.
 */
#include <string.h>

#include "model/handlers.h"

struct template_path {
    const char *kind;
    const char *spec;       /* the pod spec */
    const char *meta;       /* the pod's metadata */
};

static const struct template_path paths[] = {
    { "Pod", "spec", "metadata" },
    { "PodTemplate", "template.spec", "template.metadata" },
    { "CronJob", "spec.jobTemplate.spec.template.spec", "spec.jobTemplate.spec.template.metadata" },
    { NULL, "spec.template.spec", "spec.template.metadata" },
};

static const struct template_path *
template_of(const char *kind)
{
    const struct template_path *t = paths;

    while (t->kind && strcmp(t->kind, kind) != 0)
        t++;
    return t;
}

int
wp__model_workload(struct wp__mctx *c, const struct wp__node *root, const char *kind)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct template_path *t = template_of(kind);
    const struct wp__node *spec = wp__node_path(root, t->spec);
    const struct wp__node *meta = wp__node_path(root, t->meta);
    struct wp_subject *s = wp__k8s_subject(c, WP_SUBJECT_WORKLOAD, root, kind, 1, 0);

    if (!s)
        return b->err;
    wp__mv_lit(b, s->v, "podSpecPath", t->spec, spec ? spec : root, WP__MV_DERIVED);
    if (meta && meta->kind == WP__NODE_MAPPING) {
        wp__field_strmap(c, s, s->v, meta, "labels", "podLabels", "");
        wp__field_strmap(c, s, s->v, meta, "annotations", "podAnnotations", "");
    }
    if (!spec || spec->kind != WP__NODE_MAPPING) {
        wp__model_error(c, spec ? spec : root, "%s has no pod spec at %s", kind, t->spec);
        wp__field_invalid(c, s, "pod");
        return b->err;
    }
    wp__model_podspec(c, s, spec, meta);
    {
        /* Absent pod fields are reported at the `spec:` key (rules.md §0),
         * so the pod's span starts there. */
        const char *dot = strrchr(t->spec, '.');
        char parent[64];
        const struct wp__node *holder = root;
        const struct wp__entry *e;
        struct wp__mv *pod = (struct wp__mv *)wp__mv_get(s->v, "pod");

        if (dot) {
            memcpy(parent, t->spec, (size_t)(dot - t->spec));
            parent[dot - t->spec] = '\0';
            holder = wp__node_path(root, parent);
        }
        e = holder ? wp__node_entry(holder, "spec", 4) : NULL;
        if (pod && e && e->value == spec)
            pod->start = e->key->start;
    }
    if (strcmp(kind, "StatefulSet") == 0) {
        const struct wp__node *vct = wp__field_seq(c, s, wp__field(root, "spec"),
                                                   "volumeClaimTemplates", "");
        struct wp__mv *l = vct ? wp__mv_list(b, s->v, "volumeClaimTemplates", vct, 0) : NULL;

        for (size_t i = 0; vct && i < vct->c.seq.n; i++) {
            const struct wp__node *n = wp__node_path(vct->c.seq.v[i], "metadata.name");
            if (n && n->kind == WP__NODE_STRING)
                wp__mv_str(b, l, NULL, n->c.s.text, n->c.s.len, n, 0);
        }
    }
    return b->err;
}
