/*
 * What runwasi shims grant a wasm container, whatever the manifest says
 * (formats.md §16): the shims accept no WASI flags, so the grants are the
 * fixed ones of their wasi_builder(): every variable of the container's
 * environment, the container root filesystem (every volume mount included)
 * preopened read-write as `/`, and unrestricted network and DNS. Each wasm
 * container of a pod on a runwasi handler becomes a component subject
 * with that record, so the grant rules apply to it like to any other.
 * The Spin shim is not runwasi: its grants come from the Spin app.
 */
#include <string.h>

#include "model/join.h"

static const char *const shims[] = { "wasmtime", "wasmedge", "wasmer", "wasm" };

static int
is_runwasi(const char *handler)
{
    for (size_t i = 0; i < sizeof(shims) / sizeof(*shims); i++)
        if (strcmp(handler, shims[i]) == 0)
            return 1;
    return 0;
}

/* The handler the pod runs under: its RuntimeClass's, or the class name
 * itself when it is a handler name (formats §6). */
static const char *
handler_of(const struct wp_subject *pod)
{
    const char *h = wp__mv_text(wp__mv_path(pod->v, "joins.runtimeClass.handler"));
    const char *rcn = wp__mv_text(wp__mv_path(pod->v, "pod.runtimeClassName"));

    if (h)
        return h;
    if (rcn) {
        /* Spin and the deislabs shims come first: wasmtime-spin-v2 is the
         * Spin shim, not runwasi's wasmtime. */
        static const char *const others[] = { "spin", "slight", "wws", "lunatic" };
        for (size_t i = 0; i < sizeof(others) / sizeof(*others); i++)
            if (wp__dash_part(rcn, others[i]))
                return others[i];
        /* wasmtime, wasmtime-v1, runwasi-wasmtime ... */
        for (size_t i = 0; i < sizeof(shims) / sizeof(*shims); i++)
            if (wp__dash_part(rcn, shims[i]))
                return shims[i];
    }
    return NULL;
}

/* The container's env: literal values as explicit, single keys of Secrets
 * as secretKeyRefs. Whole-store envFrom imports are the pod's, reported
 * on the workload (env-bulk-import), so they are not repeated here. */
static void
environment(struct wp_model *m, struct wp__mv *env, const struct wp__mv *ct)
{
    struct wp__mvb *b = &m->mvb;
    const struct wp__mv *list = wp__mv_get(ct, "env");
    struct wp__mv *explicit_env = wp__mv_map_at(b, env, "explicit", ct);
    struct wp__mv *keys = NULL;

    for (const struct wp__mv *e = list ? list->v.kids.first : NULL; e; e = e->next) {
        const char *name = wp__mv_text(wp__mv_get(e, "name"));
        const struct wp__mv *value = wp__mv_get(e, "value");
        const struct wp__mv *vf = wp__mv_get(e, "valueFrom");

        if (!name)
            continue;
        if (value && value->kind == WP__MV_STRING)
            wp__mv_str_at(&m->mvb, explicit_env, wp__mv_key(b, name, strlen(name)), value->v.s.p, value);
        if (vf && wp__mv_text(wp__mv_get(vf, "name"))) {
            const char *src = wp__mv_text(wp__mv_get(vf, "source"));
            if (!src || strcmp(src, "secretKeyRef") != 0)
                continue;
            if (!keys)
                keys = wp__mv_list_at(b, env, "secretKeyRefs", vf);
            wp__mv_str_at(&m->mvb, keys, NULL, wp__mv_text(wp__mv_get(vf, "name")), vf);
        }
    }
}

/* The guest's `/` is the container's root filesystem: every mount shows
 * through it, writable unless mounted read-only. */
static void
files(struct wp_model *m, struct wp__mv *list, const struct wp_subject *pod,
      const struct wp__mv *ct)
{
    struct wp__mvb *b = &m->mvb;
    const struct wp__mv *mounts = wp__mv_get(ct, "volumeMounts");
    const struct wp__mv *vols = wp__mv_path(pod->v, "pod.volumes");
    struct wp__mv *f = wp__mv_map_at(b, list, NULL, ct);

    wp__mv_lit_at(&m->mvb, f, "host", "(container root filesystem)", ct);
    wp__mv_lit_at(&m->mvb, f, "guest", "/", ct);
    wp__mv_bool_at(&m->mvb, f, "writable", 1, ct);
    wp__mv_lit_at(&m->mvb, f, "origin", "runwasi rootfs", ct);
    for (const struct wp__mv *mt = mounts ? mounts->v.kids.first : NULL; mt; mt = mt->next) {
        const char *name = wp__mv_text(wp__mv_get(mt, "name"));
        const char *path = wp__mv_text(wp__mv_get(mt, "mountPath"));
        const char *host = NULL;

        for (const struct wp__mv *v = vols ? vols->v.kids.first : NULL; name && v; v = v->next)
            if (wp__mv_text(wp__mv_get(v, "name")) &&
                strcmp(wp__mv_text(wp__mv_get(v, "name")), name) == 0)
                host = wp__mv_text(wp__mv_path(v, "hostPath.path"));
        if (!path)
            continue;
        f = wp__mv_map_at(b, list, NULL, mt);
        wp__mv_str_at(&m->mvb, f, "host", host ? host : name ? name : "", mt);
        wp__mv_str_at(&m->mvb, f, "guest", path, wp__mv_get(mt, "mountPath"));
        wp__mv_bool_at(&m->mvb, f, "writable", wp__mv_truth(wp__mv_get(mt, "readOnly")) != 1, mt);
        wp__mv_lit_at(&m->mvb, f, "origin", host ? "hostPath volume through runwasi rootfs"
                                 : "volume through runwasi rootfs", mt);
    }
}

static void
component(struct wp_model *m, struct wp_subject *pod, const struct wp__mv *ct,
          const char *handler)
{
    struct wp__mvb *b = &m->mvb;
    const char *name = wp__mv_text(wp__mv_get(ct, "name"));
    const struct wp__mv *image = wp__mv_get(ct, "image");
    const struct wp__mv *entry = wp__mv_get(ct, "command");
    struct wp_subject *s;
    struct wp__mv *env, *net, *out, *dns;

    if (!(s = wp__component_of(m, pod, name, ct)))
        return;
    s->v->flags &= (uint8_t)~WP__MV_DERIVED;  /* the container itself */
    wp__mv_lit_at(&m->mvb, s->v, "platform", "runwasi", ct);
    wp__mv_lit_at(&m->mvb, s->v, "shim", handler, ct);
    if (name)
        wp__mv_str_at(&m->mvb, s->v, "name", name, wp__mv_get(ct, "name"));
    wp__mv_str_at(&m->mvb, s->v, "application", pod->id, ct);
    if (wp__mv_text(image))
        wp__mv_str_at(&m->mvb, s->v, "image", wp__mv_text(image), image);
    if (!entry || !entry->count)
        entry = wp__mv_get(ct, "args");
    if (entry && entry->count && wp__mv_text(entry->v.kids.first))
        wp__mv_str_at(&m->mvb, s->v, "program", wp__mv_text(entry->v.kids.first), entry->v.kids.first);
    env = wp__mv_map_at(b, s->v, "env", ct);
    environment(m, env, ct);
    /* The container's environment, declared in the pod, all of it. */
    wp__mv_bool_at(&m->mvb, env, "inheritAll", 0, ct);
    wp__mv_bool_at(&m->mvb, env, "containerEnvironment", 1, ct);
    files(m, wp__mv_list_at(b, s->v, "files", ct), pod, ct);
    net = wp__mv_map_at(b, s->v, "net", ct);
    out = wp__mv_map_at(b, net, "outbound", ct);
    wp__mv_lit_at(&m->mvb, out, "mode", "all", ct);
    dns = wp__mv_map_at(b, net, "dns", ct);
    wp__mv_lit_at(&m->mvb, dns, "mode", "all", ct);
    wp__mv_bool_at(&m->mvb, net, "tcp", 1, ct);
    wp__mv_bool_at(&m->mvb, net, "udp", 1, ct);
    wp__mv_bool_at(&m->mvb, net, "bind", 1, ct);
    /* What bounds it instead: the pod's NetworkPolicies. */
    wp__mv_bool_at(&m->mvb, net, "egressIsolatedByNetworkPolicy",
         wp__mv_truth(wp__mv_path(pod->v, "joins.networkPolicies.egressIsolated")) == 1, ct);
    wp__mv_map_at(b, s->v, "stores", ct);
}

void
wp__model_runwasi(struct wp_model *m, struct wp_subject *pod)
{
    const struct wp__mv *cts = wp__mv_path(pod->v, "pod.containers");
    const char *handler;

    if (wp__mv_truth(wp__mv_path(pod->v, "wasm.wasm")) != 1 || !(handler = handler_of(pod)) ||
        !is_runwasi(handler))
        return;
    for (const struct wp__mv *ct = cts ? cts->v.kids.first : NULL; ct; ct = ct->next) {
        const char *entry = wp__mv_text(wp__mv_path(ct, "wasm.entry"));
        if (entry && strcmp(entry, "wasm") == 0)
            component(m, pod, ct, handler);
    }
}
