/*
 * Is a pod a wasm pod? Kubernetes has no such field, so the model tries an
 * ordered list of signals (formats.md §7) and records the one that matched
 * and where, so a finding can say why the pod was treated as wasm.
 */
#include <stdio.h>
#include <string.h>

#include "model/fields.h"
#include "model/join.h"

static int
is_handler(const struct wp_model *m, const char *h)
{
    for (size_t i = 0; i < m->nhandlers; i++)
        if (strcmp(m->handlers[i], h) == 0)
            return 1;
    return 0;
}

int
wp__dash_part(const char *name, const char *part)
{
    size_t n = strlen(name), k = strlen(part);

    for (const char *p = name; (p = strstr(p, part)) != NULL; p++) {
        size_t at = (size_t)(p - name);
        if ((at == 0 || name[at - 1] == '-') && (at + k == n || name[at + k] == '-'))
            return 1;
    }
    return 0;
}

/* Class names derived from a handler: `spin`, `wasmtime-spin-v2`,
 * `spin-v2-class`. */
static int
derived_name(const struct wp_model *m, const char *name)
{
    for (size_t i = 0; i < m->nhandlers; i++)
        if (wp__dash_part(name, m->handlers[i]))
            return 1;
    return 0;
}

static const char *
annotation_signal(const struct wp__mv *ann, const struct wp__mv **at)
{
    static const struct { const char *key, *v1, *v2; } crun[] = {
        { "module.wasm.image/variant", "compat", "compat-smart" },
        { "run.oci.handler", "wasm", "wasm-smart" },
    };

    for (size_t i = 0; i < sizeof(crun) / sizeof(*crun); i++) {
        const struct wp__mv *v = wp__mv_get(ann, crun[i].key);
        const char *t = wp__mv_text(v);
        if (t && (strcmp(t, crun[i].v1) == 0 || strcmp(t, crun[i].v2) == 0)) {
            *at = v;
            return crun[i].key;
        }
    }
    return NULL;
}

static void
result(struct wp_model *m, struct wp_subject *s, int wasm, const char *signal,
       const char *detail, const struct wp__mv *at)
{
    struct wp__mvb *b = &m->mvb;
    struct wp__mv *w = wp__mv_map_at(b, NULL, NULL, at);

    wp__mv_add(s->v, "wasm", w);
    wp__mv_bool_at(b, w, "wasm", wasm, at);
    if (signal)
        wp__mv_lit_at(b, w, "signal", signal, at);
    if (detail)
        wp__mv_str_at(b, w, "reason", detail, at);
}

void
wp__classify_pod(struct wp_model *m, const struct wp__index *ix, struct wp_subject *s,
                 struct wp__mv *joins)
{
    struct wp__mvb *b = &m->mvb;
    const struct wp__mv *pod = wp__mv_get(s->v, "pod");
    const struct wp__mv *rcn = wp__mv_get(pod, "runtimeClassName");
    const struct wp__mv *labels = wp__mv_get(s->v, "podLabels"), *at = NULL;
    const char *sig;
    char why[320];

    if (rcn && rcn->kind == WP__MV_STRING) {
        struct wp_subject *rc = wp__index_find(ix, WP_SUBJECT_RUNTIME_CLASS, NULL, rcn->v.s.p);
        struct wp__mv *j = wp__mv_map_at(b, NULL, NULL, rcn);

        wp__mv_add(joins, "runtimeClass", j);
        wp__mv_bool_at(b, j, "found", rc != NULL, rcn);
        /* Whether the run has RuntimeClasses at all: only then does a
         * missing one say something (wasm-pod-runtimeclass-unknown). */
        wp__mv_bool_at(b, j, "anyLinted", m->nruntime_classes > 0, rcn);
        if (rc) {
            const char *h = wp__mv_text(wp__mv_get(rc->v, "handler"));
            wp__mv_str(b, j, "id", rc->id, strlen(rc->id), NULL, 0);
            if (h)
                wp__mv_str_at(b, j, "handler", h, rcn);
            if (h && is_handler(m, h)) {
                wp__fmt(why, sizeof(why), "RuntimeClass %s has the wasm handler %s",
                         rcn->v.s.p, h);
                result(m, s, 1, "runtime-class-handler", why, rcn);
                return;
            }
        } else if (derived_name(m, rcn->v.s.p)) {
            wp__fmt(why, sizeof(why),
                     "runtimeClassName %s names a wasm handler (RuntimeClass not in the linted set)",
                     rcn->v.s.p);
            result(m, s, 1, "runtime-class-name", why, rcn);
            return;
        }
    }
    if ((sig = annotation_signal(wp__mv_get(s->v, "podAnnotations"), &at))) {
        wp__fmt(why, sizeof(why), "annotation %s: %s runs the container as wasm (crun)", sig,
                 at->v.s.p);
        result(m, s, 1, "annotation", why, at);
        return;
    }
    if ((at = wp__mv_get(wp__mv_get(pod, "nodeSelector"), "kwasm.sh/kwasm-provisioned"))) {
        result(m, s, 1, "node-selector",
               "nodeSelector targets kwasm.sh/kwasm-provisioned nodes", at);
        return;
    }
    for (size_t i = 0; i < m->nlabels; i++) {
        const char *v = wp__mv_text(at = wp__mv_get(labels, m->labels[i].key));
        if (v && strcmp(v, m->labels[i].value) == 0) {
            wp__fmt(why, sizeof(why), "pod label %s: %s is configured as a wasm marker",
                     m->labels[i].key, v);
            result(m, s, 1, "label", why, at);
            return;
        }
    }
    {
        const char *v = wp__mv_text(at = wp__mv_get(labels, "wasmcloud.com/name"));
        if (v && strcmp(v, "hostgroup") == 0) {
            result(m, s, 1, "wasmcloud-host-group",
                   "wasmCloud host-group pod: its wash process is the wasm sandbox", at);
            return;
        }
    }
    if ((at = wp__mv_get(s->v, "generatedFrom"))) {
        result(m, s, 1, "spinapp", "pods the Spin operator runs for a SpinApp", at);
        return;
    }
    if (m->all_wasm) {
        result(m, s, 1, "all-pods", "every pod is treated as wasm (configured)", pod);
        return;
    }
    result(m, s, 0, NULL, NULL, pod ? pod : s->v);
}
