/* The pod spec fields the rules read (formats.md §2.2), and its volumes. */
#include <stdio.h>
#include <string.h>

#include "model/handlers.h"

static const char *const pod_bools[] = {
    "automountServiceAccountToken", "hostNetwork", "hostPID", "hostIPC",
    "shareProcessNamespace",
};

/* Volume sources, in the order Kubernetes' API lists them; the first key
 * of a volume other than `name` names its source. */
static void
volume(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *list,
       const struct wp__node *n, const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *v;
    const struct wp__node *src = NULL, *srckey = NULL;
    char sub[96];

    if (n->kind != WP__NODE_MAPPING) {
        wp__model_error(c, n, "a volume must be a mapping");
        wp__field_invalid(c, s, path);
        return;
    }
    v = wp__mv_map(b, list, NULL, n, 0);
    wp__field_str(c, s, v, n, "name", path);
    for (size_t i = 0; i < n->c.map.n; i++) {
        const struct wp__entry *e = &n->c.map.v[i];
        if (e->key->kind == WP__NODE_STRING && strcmp(e->key->c.s.text, "name") != 0) {
            srckey = e->key;
            src = e->value;
            break;
        }
    }
    if (!src)
        return;
    wp__mv_str(b, v, "source", srckey->c.s.text, srckey->c.s.len, srckey, 0);
    wp__path(sub, sizeof(sub), path, srckey->c.s.text, -1);
    if (strcmp(srckey->c.s.text, "hostPath") == 0) {
        struct wp__mv *h = wp__mv_map(b, v, "hostPath", src, 0);
        if (!wp__field_str(c, s, h, src, "path", sub) && !wp__field(src, "path")) {
            wp__model_error(c, src, "hostPath needs a path");
            wp__field_invalid(c, s, sub);
        }
        wp__field_str(c, s, h, src, "type", sub);
    } else if (strcmp(srckey->c.s.text, "persistentVolumeClaim") == 0) {
        struct wp__mv *h = wp__mv_map(b, v, "persistentVolumeClaim", src, 0);
        wp__field_str(c, s, h, src, "claimName", sub);
        wp__field_bool(c, s, h, src, "readOnly", sub);
    } else if (strcmp(srckey->c.s.text, "projected") == 0) {
        /* An explicit token source mounts an API token even when
         * automount is off (formats §2.2). */
        const struct wp__node *srcs = wp__field_seq(c, s, src, "sources", sub);
        struct wp__mv *tokens = NULL;

        for (size_t i = 0; srcs && i < srcs->c.seq.n; i++) {
            const struct wp__node *t = wp__field(srcs->c.seq.v[i], "serviceAccountToken");
            struct wp__mv *tv;

            if (!t || t->kind != WP__NODE_MAPPING)
                continue;
            if (!tokens)
                tokens = wp__mv_list(b, v, "serviceAccountTokens", srcs, 0);
            tv = wp__mv_map(b, tokens, NULL, t, 0);
            wp__field_str(c, s, tv, t, "path", sub);
            wp__field_str(c, s, tv, t, "audience", sub);
            wp__field_int(c, s, tv, t, "expirationSeconds", sub);
        }
    } else if (strcmp(srckey->c.s.text, "secret") == 0) {
        struct wp__mv *h = wp__mv_map(b, v, "secret", src, 0);
        wp__field_str(c, s, h, src, "secretName", sub);
    } else if (strcmp(srckey->c.s.text, "configMap") == 0) {
        struct wp__mv *h = wp__mv_map(b, v, "configMap", src, 0);
        wp__field_str(c, s, h, src, "name", sub);
    }
}

static void
containers(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *list,
           const struct wp__node *spec, const char *key, const char *role)
{
    const struct wp__node *seq;
    char path[64];

    seq = wp__field_seq(c, s, spec, key, "pod");
    for (size_t i = 0; seq && i < seq->c.seq.n; i++) {
        /* The model keeps one list of every container, roles marked. */
        wp__path(path, sizeof(path), "pod", "containers", list ? (long)list->count : 0);
        wp__model_container(c, s, list, seq->c.seq.v[i], role, path);
    }
}

void
wp__model_podspec(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *spec,
                  const struct wp__node *tmeta)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *pod = wp__mv_map(b, s->v, "pod", spec, 0);
    const struct wp__node *n, *vols;
    struct wp__mv *list;
    char path[64];

    (void)tmeta;
    /* The deprecated alias counts when the real field is absent or empty,
     * as in Kubernetes' conversion (pkg/apis/core/v1/conversion.go). */
    n = wp__field(spec, "serviceAccountName");
    if (!n || (n->kind == WP__NODE_STRING && n->c.s.len == 0) || n->kind == WP__NODE_NULL) {
        const struct wp__node *alias = wp__field(spec, "serviceAccount");
        if (alias && alias->kind == WP__NODE_STRING && alias->c.s.len)
            n = alias;
        if (n && n->kind == WP__NODE_STRING)
            wp__mv_str(b, pod, "serviceAccountName", n->c.s.text, n->c.s.len, n, 0);
    } else {
        wp__field_str(c, s, pod, spec, "serviceAccountName", "pod");
    }
    for (size_t i = 0; i < sizeof(pod_bools) / sizeof(*pod_bools); i++) {
        wp__field_bool(c, s, pod, spec, pod_bools[i], "pod");
    }
    wp__field_str(c, s, pod, spec, "runtimeClassName", "pod");
    wp__field_strmap(c, s, pod, spec, "nodeSelector", NULL, "pod");
    if ((n = wp__field_map(c, s, spec, "securityContext", "pod")))
        wp__mv_copy(b, pod, "securityContext", n);
    if ((n = wp__field(spec, "affinity")) && n->kind == WP__NODE_MAPPING)
        wp__mv_copy(b, pod, "affinity", n);

    vols = wp__field_seq(c, s, spec, "volumes", "pod");
    list = wp__mv_list(b, pod, "volumes", vols ? vols : spec, vols ? 0 : WP__MV_DERIVED);
    for (size_t i = 0; vols && i < vols->c.seq.n; i++) {
        wp__path(path, sizeof(path), "pod", "volumes", (long)i);
        volume(c, s, list, vols->c.seq.v[i], path);
    }
    list = wp__mv_list(b, pod, "containers", spec, WP__MV_DERIVED);
    containers(c, s, list, spec, "initContainers", "init");
    containers(c, s, list, spec, "containers", "container");
    containers(c, s, list, spec, "ephemeralContainers", "ephemeral");
}
