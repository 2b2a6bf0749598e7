/*
 * SpinKube (formats.md §12): a SpinApp is an application subject and,
 * because the operator turns it into a Deployment, a workload subject for
 * that Deployment's pods: service account (the operator writes "default"
 * when the SpinApp names none), no automount field, the SpinApp's volumes,
 * the labels the operator adds. The executor's RuntimeClass is joined
 * later. SpinAppExecutors are application subjects.
 */
#include <string.h>

#include "model/handlers.h"

static void
executor(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *root)
{
    const struct wp__node *spec = wp__field_map(c, s, root, "spec", "");
    const struct wp__node *dc = wp__field_map(c, s, spec, "deploymentConfig", "spec");

    wp__field_bool(c, s, s->v, spec, "createDeployment", "");
    wp__field_str(c, s, s->v, dc, "runtimeClassName", "");
    wp__field_str(c, s, s->v, dc, "spinImage", "");
}

/* The Deployment the operator would generate for @app. */
static void
generated_pod(struct wp__mctx *c, const struct wp_subject *app, const struct wp__node *root,
              const struct wp__node *spec)
{
    struct wp_model *m = c->m;
    struct wp__mvb *b = &m->mvb;
    struct wp_subject *s = wp__subject_new(c, WP_SUBJECT_WORKLOAD, root);
    const struct wp__node *vols, *img, *name = wp__node_path(root, "metadata.name");
    struct wp__mv *pod, *labels, *list, *ct;

    if (!s)
        return;
    s->name = app->name;
    s->ns = app->ns;
    s->owner = (struct wp_subject *)app;
    s->id = wp__model_id(m, "SpinApp-Deployment", s->ns, s->name);
    wp__mv_lit(b, s->v, "kind", "Deployment", root, WP__MV_DERIVED);
    if (app->name)
        wp__mv_str(b, s->v, "name", app->name, strlen(app->name), name ? name : root,
                   name ? 0 : WP__MV_DERIVED);
    wp__mv_str(b, s->v, "namespace", s->ns, strlen(s->ns), root, WP__MV_DERIVED);
    wp__mv_str(b, s->v, "generatedFrom", app->id, strlen(app->id), root, WP__MV_DERIVED);
    labels = wp__mv_map(b, s->v, "podLabels", root, WP__MV_DERIVED);
    if (app->name)
        wp__mv_str(b, labels, "core.spinkube.dev/app-name", app->name, strlen(app->name),
                   root, WP__MV_DERIVED);
    {
        const struct wp__node *pl = wp__field(spec, "podLabels");
        for (size_t i = 0; pl && pl->kind == WP__NODE_MAPPING && i < pl->c.map.n; i++) {
            const struct wp__entry *e = &pl->c.map.v[i];
            const char *k = wp__scalar_text(e->key), *v = wp__scalar_text(e->value);
            if (k && v)
                wp__mv_str(b, labels, wp__mv_key(b, k, e->key->c.s.len), v, e->value->c.s.len,
                           e->value, 0);
        }
    }
    wp__field_strmap(c, s, s->v, spec, "podAnnotations", NULL, "");
    /* Positions of the pod point into the SpinApp: its spec is what the
     * user must change. */
    pod = wp__mv_map(b, s->v, "pod", spec, WP__MV_DERIVED);
    {
        /* Absent pod fields are reported at the SpinApp's `spec:` key. */
        const struct wp__entry *e = wp__node_entry(root, "spec", 4);
        if (pod && e)
            pod->start = e->key->start;
    }
    wp__field_str(c, s, pod, spec, "serviceAccountName", "pod");
    vols = wp__field_seq(c, s, spec, "volumes", "pod");
    list = wp__mv_list(b, pod, "volumes", vols ? vols : spec, vols ? 0 : WP__MV_DERIVED);
    for (size_t i = 0; vols && i < vols->c.seq.n; i++) {
        const struct wp__node *v = vols->c.seq.v[i], *hp, *pvc;
        struct wp__mv *vv;

        if (v->kind != WP__NODE_MAPPING)
            continue;
        vv = wp__mv_map(b, list, NULL, v, 0);
        wp__field_str(c, s, vv, v, "name", "pod.volumes");
        if ((hp = wp__field(v, "hostPath"))) {
            struct wp__mv *h = wp__mv_map(b, vv, "hostPath", hp, 0);
            wp__mv_lit(b, vv, "source", "hostPath", hp, WP__MV_DERIVED);
            wp__field_str(c, s, h, hp, "path", "pod.volumes.hostPath");
        } else if ((pvc = wp__field(v, "persistentVolumeClaim"))) {
            struct wp__mv *h = wp__mv_map(b, vv, "persistentVolumeClaim", pvc, 0);
            wp__mv_lit(b, vv, "source", "persistentVolumeClaim", pvc, WP__MV_DERIVED);
            wp__field_str(c, s, h, pvc, "claimName", "pod.volumes.persistentVolumeClaim");
        }
    }
    list = wp__mv_list(b, pod, "containers", spec, WP__MV_DERIVED);
    ct = wp__mv_map(b, list, NULL, spec, WP__MV_DERIVED);
    if (app->name)
        wp__mv_str(b, ct, "name", app->name, strlen(app->name), root, WP__MV_DERIVED);
    wp__mv_lit(b, ct, "role", "container", spec, WP__MV_DERIVED);
    if ((img = wp__field(spec, "image")) && img->kind == WP__NODE_STRING)
        wp__mv_str(b, ct, "image", img->c.s.text, img->c.s.len, img, 0);
    /* The operator gives the one container the SpinApp's resources. */
    if (wp__field(spec, "resources") && wp__field(spec, "resources")->kind == WP__NODE_MAPPING)
        wp__mv_copy(b, ct, "resources", wp__field(spec, "resources"));
}

int
wp__model_spinapp(struct wp__mctx *c, const struct wp__node *root, const char *kind)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp_subject *app = wp__k8s_subject(c, WP_SUBJECT_APPLICATION, root, kind, 1, 1);
    const struct wp__node *spec;

    if (!app)
        return b->err;
    wp__mv_lit(b, app->v, "platform", "spinkube", root, WP__MV_DERIVED);
    if (strcmp(kind, "SpinAppExecutor") == 0) {
        executor(c, app, root);
        return b->err;
    }
    if (!(spec = wp__field_map(c, app, root, "spec", "")))
        return b->err;
    wp__field_str(c, app, app->v, spec, "image", "");
    wp__field_str(c, app, app->v, spec, "executor", "");
    wp__field_str(c, app, app->v, spec, "serviceAccountName", "");
    wp__field_strlist(c, app, app->v, spec, "components", "");
    wp__field_strmap(c, app, app->v, spec, "invocationLimits", NULL, "");
    generated_pod(c, app, root, spec);
    return b->err;
}
