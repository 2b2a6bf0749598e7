/*
 * Joins over every subject of a run (formats.md §3–5, rules.md §2.2): a
 * pod's ServiceAccount and effective token automount, the NetworkPolicies
 * that select it, its RuntimeClass (with the wasm classification), and the
 * PersistentVolumes behind its claims. They run once all inputs are in, so
 * the result never depends on the order files were given, except that of
 * two objects with the same kind, namespace and name the first read is the
 * one joined (a warning names the other).
 */
#include <stdio.h>
#include <string.h>

#include <wasmpolicy/common.h>

#include "core/context.h"
#include "model/join.h"

/* The subjects joins scan rather than look up by name. */
struct scan {
    struct wp_subject **nps, **pvs, **execs;
    size_t nnps, npvs, nexecs;
};

struct wp__mv *
wp__joins_of(struct wp_model *m, struct wp_subject *s)
{
    struct wp__mv *j = (struct wp__mv *)wp__mv_get(s->v, "joins");

    if (!j)
        j = wp__mv_map_at(&m->mvb, s->v, "joins", s->v);
    return j;
}

/* Was field @path of @s given with the wrong type? */
static int
invalid_field(const struct wp_subject *s, const char *path)
{
    const struct wp__mv *list = wp__mv_get(s->v, "invalid");

    for (const struct wp__mv *p = list ? list->v.kids.first : NULL; p; p = p->next)
        if (p->kind == WP__MV_STRING && strcmp(p->v.s.p, path) == 0)
            return 1;
    return 0;
}

/* rules.md §2.2: pod field, else the account's, else Kubernetes' true;
 * "unknown" when the account is not in the linted set. */
static void
service_account(struct wp_model *m, const struct wp__index *ix, struct wp_subject *s,
                struct wp__mv *joins)
{
    struct wp__mvb *b = &m->mvb;
    const struct wp__mv *pod = wp__mv_get(s->v, "pod");
    const struct wp__mv *name = wp__mv_get(pod, "serviceAccountName");
    const struct wp__mv *podval = wp__mv_get(pod, "automountServiceAccountToken");
    const char *sa = wp__mv_text(name);
    struct wp_subject *obj;
    struct wp__mv *j, *a;
    const struct wp__mv *saval = NULL;

    if (!sa || !*sa)
        sa = "default";
    obj = wp__index_find(ix, WP_SUBJECT_SERVICE_ACCOUNT, s->ns, sa);
    j = wp__mv_add(joins, "serviceAccount", wp__mv_map_at(b, NULL, NULL, name ? name : pod));
    wp__mv_str_at(&m->mvb, j, "name", sa, name ? name : pod);
    if (s->ns)
        wp__mv_str_at(&m->mvb, j, "namespace", s->ns, wp__mv_get(s->v, "namespace"));
    wp__mv_bool_at(b, j, "found", obj != NULL, name ? name : pod);
    if (obj) {
        wp__mv_str(b, j, "id", obj->id, strlen(obj->id), NULL, 0);
        saval = wp__mv_get(obj->v, "automountServiceAccountToken");
    }

    a = wp__mv_add(joins, "automountServiceAccountToken",
                   wp__mv_map_at(b, NULL, NULL, podval ? podval : pod));
    if (invalid_field(s, "pod.automountServiceAccountToken")) {
        wp__mv_lit_at(&m->mvb, a, "value", "invalid", pod);
        wp__mv_lit_at(&m->mvb, a, "from", "pod", pod);
        return;
    }
    if (podval) {
        wp__mv_lit_at(&m->mvb, a, "value", podval->v.b ? "true" : "false", podval);
        wp__mv_lit_at(&m->mvb, a, "from", "pod", podval);
    } else if (!obj) {
        wp__mv_lit_at(&m->mvb, a, "value", "unknown", pod);
        wp__mv_lit_at(&m->mvb, a, "from", "service-account-not-linted", pod);
    } else if (saval) {
        wp__mv_lit_at(&m->mvb, a, "value", saval->v.b ? "true" : "false", pod);
        wp__mv_lit_at(&m->mvb, a, "from", "service-account", pod);
    } else if (invalid_field(obj, "automountServiceAccountToken")) {
        wp__mv_lit_at(&m->mvb, a, "value", "invalid", pod);
        wp__mv_lit_at(&m->mvb, a, "from", "service-account", pod);
    } else {
        wp__mv_lit_at(&m->mvb, a, "value", "true", pod);
        wp__mv_lit_at(&m->mvb, a, "from", "kubernetes-default", pod);
    }
}

/* The other direction: a policy lists the pods it selects, and whether
 * any of them is a wasm pod, so policy rules can be limited to those. */
static void
selects(struct wp_model *m, struct wp_subject *np, const struct wp_subject *pod)
{
    struct wp__mvb *b = &m->mvb;
    struct wp__mv *joins = wp__joins_of(m, np);
    struct wp__mv *list = (struct wp__mv *)wp__mv_get(joins, "selects");
    struct wp__mv *wasm = (struct wp__mv *)wp__mv_get(joins, "selectsWasmPods");

    if (!list) {
        list = wp__mv_list_at(b, joins, "selects", np->v);
        wasm = wp__mv_bool_at(b, joins, "selectsWasmPods", 0, np->v);
    }
    wp__mv_str(b, list, NULL, pod->id, strlen(pod->id), NULL, 0);
    if (wasm && wp__mv_truth(wp__mv_path(pod->v, "wasm.wasm")) == 1)
        wasm->v.b = 1;
}

/* formats.md §4: the policies of the pod's namespace whose podSelector
 * matches its template labels; a pod is isolated in a direction when any
 * of them isolates it. */
static void
network_policies(struct wp_model *m, const struct scan *sc, struct wp_subject *s,
                 struct wp__mv *joins)
{
    struct wp__mvb *b = &m->mvb;
    const struct wp__mv *labels = wp__mv_get(s->v, "podLabels");
    const struct wp__mv *at = wp__mv_get(s->v, "pod");
    struct wp__mv *j = wp__mv_map_at(b, NULL, NULL, at);
    struct wp__mv *list = wp__mv_list(b, j, "selectedBy", NULL, 0);
    int in = 0, out = 0, deny = 0;

    wp__mv_add(joins, "networkPolicies", j);
    for (size_t i = 0; i < sc->nnps; i++) {
        const struct wp_subject *np = sc->nps[i];

        if (!np->ns || !s->ns ||
            strcmp(np->ns, s->ns) != 0 ||
            !wp__selector_matches(wp__mv_get(np->v, "podSelector"), labels))
            continue;
        wp__mv_str(b, list, NULL, np->id, strlen(np->id), NULL, 0);
        in |= wp__mv_truth(wp__mv_get(np->v, "isolatesIngress")) == 1;
        out |= wp__mv_truth(wp__mv_get(np->v, "isolatesEgress")) == 1;
        deny |= wp__mv_truth(wp__mv_get(np->v, "defaultDeny")) == 1;
        selects(m, (struct wp_subject *)np, s);
    }
    wp__mv_bool_at(b, j, "ingressIsolated", in, at);
    wp__mv_bool_at(b, j, "egressIsolated", out, at);
    wp__mv_bool_at(b, j, "defaultDeny", deny, at);
}

/* formats.md §5: the PV a claim binds: explicitly by volumeName or a PV's
 * claimRef, else the PVs of the same storage class (one is as good as
 * bound, several are "one of these"). */
static void
bind_claim(struct wp_model *m, const struct wp__index *ix, const struct scan *sc,
           const struct wp_subject *pvc,
           struct wp__mv *dst, const struct wp__mv *at)
{
    struct wp__mvb *b = &m->mvb;
    const char *vol = wp__mv_text(wp__mv_get(pvc->v, "volumeName"));
    const char *cls = wp__mv_text(wp__mv_get(pvc->v, "storageClassName"));
    struct wp__mv *list = wp__mv_list(b, dst, "volumes", NULL, 0);
    const char *how = "none";

    wp__mv_place(list, at);
    if (vol) {
        struct wp_subject *pv = wp__index_find(ix, WP_SUBJECT_PERSISTENT_VOLUME, NULL, vol);
        how = "volumeName";
        if (pv)
            wp__mv_str(b, list, NULL, pv->id, strlen(pv->id), NULL, 0);
    } else {
        /* A PV whose claimRef names the claim is bound to it, whatever
         * else matches; only without one do class candidates count. */
        for (size_t i = 0; i < sc->npvs && strcmp(how, "claimRef") != 0; i++) {
            const struct wp_subject *pv = sc->pvs[i];
            const struct wp__mv *ref = wp__mv_get(pv->v, "claimRef");
            const char *rn = wp__mv_text(wp__mv_get(ref, "name"));
            const char *rns = wp__mv_text(wp__mv_get(ref, "namespace"));

            if (rn && pvc->name && strcmp(rn, pvc->name) == 0 &&
                (!rns || (pvc->ns && strcmp(rns, pvc->ns) == 0))) {
                how = "claimRef";
                wp__mv_str(b, list, NULL, pv->id, strlen(pv->id), NULL, 0);
            }
        }
        for (size_t i = 0; i < sc->npvs && strcmp(how, "claimRef") != 0; i++) {
            const struct wp_subject *pv = sc->pvs[i];
            const char *pcls = wp__mv_text(wp__mv_get(pv->v, "storageClassName"));

            if (!wp__mv_get(pv->v, "claimRef") && cls && pcls && strcmp(cls, pcls) == 0) {
                how = "storageClassName";
                wp__mv_str(b, list, NULL, pv->id, strlen(pv->id), NULL, 0);
            }
        }
    }
    wp__mv_lit_at(&m->mvb, dst, "binding", how, at);
    /* What the claim reaches on the node: the first bound volume backed by
     * a node path (formats §5: a hostPath PV is a hostPath mount). */
    for (const struct wp__mv *id = list ? list->v.kids.first : NULL; id; id = id->next) {
        const char *pvname = strchr(id->v.s.p, ' ');
        struct wp_subject *pv = pvname ? wp__index_find(ix, WP_SUBJECT_PERSISTENT_VOLUME, NULL,
                                                        pvname + 1) : NULL;
        const char *hp = pv ? wp__mv_text(wp__mv_path(pv->v, "hostPath.path")) : NULL;
        const char *lp = pv ? wp__mv_text(wp__mv_path(pv->v, "local.path")) : NULL;

        if (hp && !wp__mv_get(dst, "hostPath"))
            wp__mv_str_at(&m->mvb, dst, "hostPath", hp, at);
        if (lp && !wp__mv_get(dst, "local"))
            wp__mv_str_at(&m->mvb, dst, "local", lp, at);
    }
}

static void
claims(struct wp_model *m, const struct wp__index *ix, const struct scan *sc,
       struct wp_subject *s, struct wp__mv *joins)
{
    struct wp__mvb *b = &m->mvb;
    const struct wp__mv *vols = wp__mv_path(s->v, "pod.volumes");
    struct wp__mv *list = NULL;

    for (const struct wp__mv *v = vols ? vols->v.kids.first : NULL; v; v = v->next) {
        const struct wp__mv *cn = wp__mv_path(v, "persistentVolumeClaim.claimName");
        struct wp_subject *pvc;
        struct wp__mv *j;

        if (!wp__mv_text(cn))
            continue;
        if (!list)
            list = wp__mv_list_at(b, joins, "claims", vols);
        pvc = wp__index_find(ix, WP_SUBJECT_PERSISTENT_VOLUME_CLAIM, s->ns, cn->v.s.p);
        j = wp__mv_map_at(b, list, NULL, cn);
        wp__mv_str_at(&m->mvb, j, "claim", cn->v.s.p, cn);
        wp__mv_bool_at(b, j, "found", pvc != NULL, cn);
        if (pvc) {
            wp__mv_str(b, j, "id", pvc->id, strlen(pvc->id), NULL, 0);
            bind_claim(m, ix, sc, pvc, j, cn);
        }
    }
}

static int
is_executor(const struct wp_subject *s)
{
    const char *k = wp__mv_text(wp__mv_get(s->v, "kind"));
    return s->kind == WP_SUBJECT_APPLICATION && k && strcmp(k, "SpinAppExecutor") == 0;
}

/* formats.md §12: the SpinAppExecutor a SpinApp names (default: the first
 * available, alphabetically) decides the RuntimeClass of its pods. */
static void
executor(struct wp_model *m, const struct scan *sc, struct wp_subject *s, struct wp__mv *joins)
{
    struct wp__mvb *b = &m->mvb;
    const struct wp_subject *app = s->owner, *found = NULL;
    const struct wp__mv *name = app ? wp__mv_get(app->v, "executor") : NULL;
    const char *want = wp__mv_text(name);
    const struct wp__mv *at = wp__mv_get(s->v, "pod");
    struct wp__mv *j;

    for (size_t i = 0; i < sc->nexecs; i++) {
        const struct wp_subject *e = sc->execs[i];
        if (!e->ns || !s->ns || strcmp(e->ns, s->ns) != 0 || !e->name)
            continue;
        if (want ? strcmp(e->name, want) == 0 : (!found || strcmp(e->name, found->name) < 0))
            found = e;
    }
    j = wp__mv_add(joins, "executor", wp__mv_map_at(b, NULL, NULL, name ? name : at));
    if (want)
        wp__mv_str_at(&m->mvb, j, "name", want, name);
    wp__mv_bool_at(b, j, "found", found != NULL, name ? name : at);
    if (found) {
        const char *rc = wp__mv_text(wp__mv_get(found->v, "runtimeClassName"));
        const char *img = wp__mv_text(wp__mv_get(found->v, "spinImage"));

        wp__mv_str(b, j, "id", found->id, strlen(found->id), NULL, 0);
        if (rc)
            wp__mv_str_at(&m->mvb, j, "runtimeClassName", rc, name ? name : at);
        if (img)
            wp__mv_str_at(&m->mvb, j, "spinImage", img, name ? name : at);
    }
}

static int
collect(struct wp_model *m, struct scan *sc)
{
    size_t capn = 0, capp = 0, cape = 0;

    for (size_t i = 0; i < m->nsubjects; i++) {
        struct wp_subject *s = m->subjects[i];

        if (s->kind == WP_SUBJECT_NETWORK_POLICY) {
            if (wp__reserve(m->ctx, (void **)&sc->nps, &capn, sc->nnps + 1, sizeof(*sc->nps)))
                return WP_ENOMEM;
            sc->nps[sc->nnps++] = s;
        } else if (is_executor(s)) {
            if (wp__reserve(m->ctx, (void **)&sc->execs, &cape, sc->nexecs + 1,
                            sizeof(*sc->execs)))
                return WP_ENOMEM;
            sc->execs[sc->nexecs++] = s;
        } else if (s->kind == WP_SUBJECT_PERSISTENT_VOLUME) {
            if (wp__reserve(m->ctx, (void **)&sc->pvs, &capp, sc->npvs + 1, sizeof(*sc->pvs)))
                return WP_ENOMEM;
            sc->pvs[sc->npvs++] = s;
        }
    }
    return WP_OK;
}

int
wp__model_join(struct wp_model *m)
{
    struct wp__index ix;
    struct scan sc = { NULL, NULL, NULL, 0, 0, 0 };
    int rc;

    if (m->joined)
        return WP_OK;
    m->joined = 1;
    if ((rc = collect(m, &sc)) || (rc = wp__index_build(&ix, m))) {
        wp__free(m->ctx, sc.nps);
        wp__free(m->ctx, sc.pvs);
        wp__free(m->ctx, sc.execs);
        return rc;
    }
    for (size_t i = 0; i < m->nsubjects && !m->mvb.err; i++) {
        struct wp_subject *s = m->subjects[i];
        struct wp__mv *joins;

        if (s->kind == WP_SUBJECT_PERSISTENT_VOLUME_CLAIM) {
            bind_claim(m, &ix, &sc, s, wp__joins_of(m, s), s->v);
            continue;
        }
        if (s->kind != WP_SUBJECT_WORKLOAD || !wp__mv_get(s->v, "pod"))
            continue;
        joins = wp__joins_of(m, s);
        if (wp__mv_get(s->v, "generatedFrom"))
            executor(m, &sc, s, joins);
        wp__classify_pod(m, &ix, s, joins);
        service_account(m, &ix, s, joins);
        network_policies(m, &sc, s, joins);
        claims(m, &ix, &sc, s, joins);
        wp__model_runwasi(m, s);
    }
    wp__index_release(&ix);
    wp__free(m->ctx, sc.nps);
    wp__free(m->ctx, sc.pvs);
    wp__free(m->ctx, sc.execs);
    return m->mvb.err;
}
