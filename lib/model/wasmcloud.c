/*
 * wasmCloud v2 custom resources (formats.md §9): Workload,
 * WorkloadReplicaSet and WorkloadDeployment all carry one WorkloadSpec;
 * each becomes an application subject (volumes, host interfaces) and one
 * component subject per component and for the service, with its grants.
 * Artifact objects are kept for artifact:// references.
 */
#include <string.h>

#include "model/grant.h"

/* localResources.environment: inline values, ConfigMaps, Secrets. Entries
 * of configFrom/secretFrom are {name} here and plain strings in wash. */
void
wp__wasmcloud_env(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *env)
{
    const struct wp__node *cfg = wp__field(env, "config");
    static const struct { const char *key, *which; } refs[] = {
        { "configFrom", "bulkRefs" }, { "secretFrom", "secretRefs" },
    };

    for (size_t i = 0; cfg && cfg->kind == WP__NODE_MAPPING && i < cfg->c.map.n; i++) {
        const struct wp__entry *e = &cfg->c.map.v[i];
        if (wp__scalar_text(e->key))
            wp__grant_env(c, g, e->key->c.s.text, e->key->c.s.len, e->value, e->value);
    }
    for (size_t r = 0; r < sizeof(refs) / sizeof(*refs); r++) {
        const struct wp__node *seq = wp__field(env, refs[r].key);

        for (size_t i = 0; seq && seq->kind == WP__NODE_SEQUENCE && i < seq->c.seq.n; i++) {
            const struct wp__node *it = seq->c.seq.v[i];
            wp__grant_ref(c, g, refs[r].which,
                          it->kind == WP__NODE_MAPPING ? wp__field(it, "name") : it);
        }
    }
}

/* A volumeMount joined to the WorkloadSpec volume it names. */
static void
mount(struct wp__mctx *c, struct wp__grant *g, const struct wp__node *vm,
      const struct wp__node *volumes)
{
    const struct wp__node *name = wp__field(vm, "name"), *ro = wp__field(vm, "readOnly");
    const struct wp__node *path = wp__field(vm, "mountPath"), *hp = NULL, *vol = NULL;
    struct wp__grant_file_in f = { 0 };
    const char *n = wp__scalar_text(name);

    for (size_t i = 0; n && volumes && volumes->kind == WP__NODE_SEQUENCE &&
                       i < volumes->c.seq.n; i++) {
        const char *vn = wp__scalar_text(wp__field(volumes->c.seq.v[i], "name"));
        if (vn && strcmp(vn, n) == 0) {
            vol = volumes->c.seq.v[i];
            break;
        }
    }
    if (vol)
        hp = wp__node_path(vol, "hostPath.path");
    if (n && !vol)
        wp__model_error(c, name, "volumeMount %s names no volume of the workload", n);
    f.host = wp__scalar_text(hp);
    f.host_at = hp;
    f.guest = wp__scalar_text(path);
    f.guest_at = path;
    /* readOnly defaults to false: a mount is writable unless it says so. */
    f.writable = !(ro && ro->kind == WP__NODE_BOOL && ro->v.b);
    f.writable_at = ro && ro->kind == WP__NODE_BOOL ? ro : NULL;
    f.origin = hp ? "hostPath volume" : vol && wp__field(vol, "ephemeral") ? "ephemeral volume"
                                                                          : "volume";
    f.at = vm;
    wp__grant_file(c, g, &f);
}

static void
component(struct wp__mctx *c, const struct wp_subject *app, const struct wp__node *spec,
          const struct wp__node *comp, int service)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *lr = wp__field(comp, "localResources"), *vms, *ifs;
    struct wp__grant g;
    struct wp_subject *s;

    if (comp->kind != WP__NODE_MAPPING)
        return;
    s = wp__grant_new(c, &g, comp, "wasmcloud", app, service ? "service" : NULL,
                      service ? NULL : wp__field(comp, "name"));
    if (!s)
        return;
    wp__mv_str(b, s->v, "role", service ? "service" : "component", service ? 7 : 9, comp,
               WP__MV_DERIVED);
    wp__field_str(c, s, s->v, comp, "image", "");
    wp__wasmcloud_env(c, &g, wp__field(lr, "environment"));
    if ((vms = wp__field(lr, "volumeMounts")) && vms->kind == WP__NODE_SEQUENCE)
        for (size_t i = 0; i < vms->c.seq.n; i++)
            mount(c, &g, vms->c.seq.v[i], wp__field(spec, "volumes"));
    /* Empty or absent lists deny (fail-closed), formats §9.3. */
    wp__grant_outbound(c, &g, "outbound", wp__field(lr, "allowedHosts"), lr ? lr : comp, "none",
                       "localResources.allowedHosts");
    wp__grant_outbound(c, &g, "dns", wp__field(lr, "allowedIpNameLookups"), lr ? lr : comp,
                       "none", "localResources.allowedIpNameLookups");
    if (wp__field(lr, "allowedHostLoopbackPorts"))
        wp__field_strlist(c, s, g.net, lr, "allowedHostLoopbackPorts", "net");
    /* Components never listen; the service may, inside the workload's
     * virtual network (wash-runtime sockets/policy.rs). */
    wp__grant_flag(c, &g, "bind", service, comp, WP__MV_DERIVED);
    wp__field_strmap(c, s, s->v, lr, "config", NULL, "");
    if ((ifs = wp__field(spec, "hostInterfaces")) && ifs->kind == WP__NODE_SEQUENCE)
        for (size_t i = 0; i < ifs->c.seq.n; i++) {
            const struct wp__node *hi = ifs->c.seq.v[i];
            const struct wp__node *ns = wp__field(hi, "namespace"), *pkg = wp__field(hi, "package");
            const struct wp__node *names = wp__field(hi, "interfaces");

            for (size_t k = 0; names && names->kind == WP__NODE_SEQUENCE && k < names->c.seq.n; k++) {
                const char *a = wp__scalar_text(ns), *p = wp__scalar_text(pkg);
                const char *n = wp__scalar_text(names->c.seq.v[k]);
                struct wp__mv *list = (struct wp__mv *)wp__mv_get(g.stores, "hostInterfaces");
                char iface[256];

                if (!a || !p || !n)
                    continue;
                wp__fmt(iface, sizeof(iface), "%s:%s/%s", a, p, n);
                if (!list)
                    list = wp__mv_list(b, g.stores, "hostInterfaces", ifs, 0);
                wp__mv_str(b, list, NULL, iface, strlen(iface), names->c.seq.v[k], 0);
            }
        }
}

static const char *
spec_path(const char *kind)
{
    return strcmp(kind, "Workload") == 0 ? "spec" : "spec.template.spec";
}

int
wp__model_wasmcloud(struct wp__mctx *c, const struct wp__node *root, const char *kind)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp_subject *app;
    const struct wp__node *spec, *comps, *vols, *svc;

    if (strcmp(kind, "Host") == 0)
        return b->err;  /* status of running hosts, not authored (§9.1) */
    if (!(app = wp__k8s_subject(c, WP_SUBJECT_APPLICATION, root, kind, 1, 1)))
        return b->err;
    wp__mv_lit(b, app->v, "platform", "wasmcloud", root, WP__MV_DERIVED);
    if (strcmp(kind, "Artifact") == 0) {
        const struct wp__node *as = wp__field_map(c, app, root, "spec", "");
        wp__field_str(c, app, app->v, as, "image", "");
        return b->err;
    }
    spec = wp__node_path(root, spec_path(kind));
    if (!spec || spec->kind != WP__NODE_MAPPING) {
        wp__model_error(c, root, "%s has no WorkloadSpec at %s", kind, spec_path(kind));
        wp__field_invalid(c, app, "spec");
        return b->err;
    }
    wp__field_strmap(c, app, app->v, spec, "hostSelector", NULL, "");
    if ((vols = wp__field_seq(c, app, spec, "volumes", ""))) {
        struct wp__mv *list = wp__mv_list(b, app->v, "volumes", vols, 0);
        for (size_t i = 0; i < vols->c.seq.n; i++) {
            const struct wp__node *v = vols->c.seq.v[i], *hp;
            struct wp__mv *vv;

            if (v->kind != WP__NODE_MAPPING)
                continue;
            vv = wp__mv_map(b, list, NULL, v, 0);
            wp__field_str(c, app, vv, v, "name", "volumes");
            if ((hp = wp__field(v, "hostPath"))) {
                struct wp__mv *h = wp__mv_map(b, vv, "hostPath", hp, 0);
                wp__field_str(c, app, h, hp, "path", "volumes.hostPath");
            }
            if (wp__field(v, "ephemeral"))
                wp__mv_bool(b, vv, "ephemeral", 1, wp__field(v, "ephemeral"), 0);
        }
    }
    if ((comps = wp__field_seq(c, app, spec, "components", "")))
        for (size_t i = 0; i < comps->c.seq.n; i++)
            component(c, app, spec, comps->c.seq.v[i], 0);
    if ((svc = wp__field_map(c, app, spec, "service", "")))
        component(c, app, spec, svc, 1);
    return b->err;
}
