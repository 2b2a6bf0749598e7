/*
 * Which documents the model understands: a table of {API group, kind} to
 * handler. The version part of apiVersion is not compared, so old
 * manifests (extensions/v1beta1 Deployments, batch/v1beta1 CronJobs) are
 * read with the same handler; fields are read by presence, not by version.
 */
#include <string.h>

#include "model/handlers.h"

struct kind_entry {
    const char *group;      /* "" for the core group ("v1") */
    const char *kind;
    wp__kind_fn fn;
};

static const struct kind_entry kinds[] = {
    { "", "Pod", wp__model_workload },
    { "", "ReplicationController", wp__model_workload },
    { "", "PodTemplate", wp__model_workload },
    { "apps", "Deployment", wp__model_workload },
    { "extensions", "Deployment", wp__model_workload },
    { "apps", "StatefulSet", wp__model_workload },
    { "apps", "DaemonSet", wp__model_workload },
    { "extensions", "DaemonSet", wp__model_workload },
    { "apps", "ReplicaSet", wp__model_workload },
    { "extensions", "ReplicaSet", wp__model_workload },
    { "batch", "Job", wp__model_workload },
    { "batch", "CronJob", wp__model_workload },
    { "apps.openshift.io", "DeploymentConfig", wp__model_workload },
    { "", "ServiceAccount", wp__model_service_account },
    { "networking.k8s.io", "NetworkPolicy", wp__model_network_policy },
    { "node.k8s.io", "RuntimeClass", wp__model_runtime_class },
    { "", "PersistentVolume", wp__model_pv },
    { "", "PersistentVolumeClaim", wp__model_pvc },
    { "runtime.wasmcloud.dev", "Workload", wp__model_wasmcloud },
    { "runtime.wasmcloud.dev", "WorkloadReplicaSet", wp__model_wasmcloud },
    { "runtime.wasmcloud.dev", "WorkloadDeployment", wp__model_wasmcloud },
    { "runtime.wasmcloud.dev", "Artifact", wp__model_wasmcloud },
    { "core.oam.dev", "Application", wp__model_wadm },
    { "core.spinkube.dev", "SpinApp", wp__model_spinapp },
    { "core.spinkube.dev", "SpinAppExecutor", wp__model_spinapp },
};

wp__kind_fn
wp__kind_handler(const char *av, size_t av_len, const char *kind)
{
    const char *slash = memchr(av, '/', av_len);
    size_t glen = slash ? (size_t)(slash - av) : 0;

    for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
        const struct kind_entry *k = &kinds[i];

        if (strcmp(k->kind, kind) == 0 && strlen(k->group) == glen &&
            memcmp(k->group, av, glen) == 0)
            return k->fn;
    }
    return NULL;
}

/* Any document as written, for rules about kinds the model does not know
 * (an organisation's own CRDs). Copying every tree costs memory, so it is
 * done only when a loaded rule reads documents. */
static void
document(struct wp__mctx *c, const struct wp__node *root)
{
    struct wp_model *m = c->m;
    struct wp_subject *s = wp__subject_new(c, WP_SUBJECT_DOCUMENT, root);
    const struct wp__node *kind = wp__node_get(root, "kind");
    const struct wp__node *name = wp__node_path(root, "metadata.name");
    char id[512];

    if (!s)
        return;
    if (!(s->v = wp__mv_copy(&m->mvb, NULL, NULL, root)))
        return;
    wp__fmt(id, sizeof(id), "%s #%zu%s%s%s%s", c->src->name, c->doc->index + 1,
            kind && kind->kind == WP__NODE_STRING ? " " : "",
            kind && kind->kind == WP__NODE_STRING ? kind->c.s.text : "",
            name && name->kind == WP__NODE_STRING ? " " : "",
            name && name->kind == WP__NODE_STRING ? name->c.s.text : "");
    s->id = wp__model_id(m, "document", NULL, id);
}

int
wp__model_doc(struct wp_model *m, uint32_t source, enum wp__model_format fmt,
              const struct wp__doc *doc, wp__model_error_fn on_error, void *payload)
{
    struct wp__mctx c = { m, doc, doc->src, source, on_error, payload };
    const struct wp__node *root = doc->root, *av, *kind;
    const char *kt;
    char typed[128];
    wp__kind_fn fn;

    if (m->keep_documents && root)
        document(&c, root);
    if (!root || root->kind != WP__NODE_MAPPING)
        return m->mvb.err;  /* not an object: nothing the model reads */
    if (fmt == WP__FORMAT_WASH)
        return wp__model_wash(&c, root), m->mvb.err;
    if (fmt == WP__FORMAT_SPIN_TOML)
        return wp__model_spin_toml(&c, root), m->mvb.err;
    av = wp__node_get(root, "apiVersion");
    kind = wp__node_get(root, "kind");
    if (doc->list && (!av || !kind)) {
        /* Items of a typed list (DeploymentList) as the API server returns
         * them carry no apiVersion/kind: they are the list's. */
        const struct wp__node *lk = wp__node_get(doc->list, "kind");
        size_t n = lk && lk->kind == WP__NODE_STRING ? lk->c.s.len : 0;

        if (!av)
            av = wp__node_get(doc->list, "apiVersion");
        if (!kind && n > 4 && n - 4 < sizeof(typed) &&
            strcmp(lk->c.s.text + n - 4, "List") == 0) {
            memcpy(typed, lk->c.s.text, n - 4);
            typed[n - 4] = '\0';
            kind = lk;
            kt = typed;
            goto known;
        }
    }
    if (!kind || kind->kind != WP__NODE_STRING)
        return m->mvb.err;
    kt = kind->c.s.text;
known:
    if (!av || av->kind != WP__NODE_STRING)
        return m->mvb.err;
    if ((fn = wp__kind_handler(av->c.s.text, av->c.s.len, kt)))
        fn(&c, root, kt);
    return m->mvb.err;
}
