/*
 * The objects a pod is joined with: ServiceAccount (§3), NetworkPolicy
 * (§4), RuntimeClass (§6), PersistentVolume and PersistentVolumeClaim (§5).
 */
#include <stdio.h>
#include <string.h>

#include "model/handlers.h"

int
wp__model_service_account(struct wp__mctx *c, const struct wp__node *root, const char *kind)
{
    struct wp_subject *s = wp__k8s_subject(c, WP_SUBJECT_SERVICE_ACCOUNT, root, kind, 1, 1);
    const struct wp__node *spec;

    if (!s)
        return c->m->mvb.err;
    wp__field_bool(c, s, s->v, root, "automountServiceAccountToken", "");
    /* A common mistake: the field is top-level; under spec it does nothing. */
    spec = wp__field(root, "spec");
    if (spec && wp__field(spec, "automountServiceAccountToken"))
        wp__model_warn(c, wp__field(spec, "automountServiceAccountToken"),
                       "spec.automountServiceAccountToken has no effect on a ServiceAccount; "
                       "the field belongs at the top level");
    return c->m->mvb.err;
}

/* Effective policyTypes: absent or empty means Ingress, plus Egress when
 * the policy has egress rules (kubernetes pkg/apis/networking/v1/defaults.go). */
static void
policy_types(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *spec,
             const struct wp__node *at)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *types = wp__field_strlist(c, s, s->v, spec, "policyTypes", "");
    const struct wp__node *egress = wp__field(spec, "egress");
    int in = 0, out = 0;

    if (types && types->c.seq.n) {
        for (size_t i = 0; i < types->c.seq.n; i++) {
            const char *t = wp__scalar_text(types->c.seq.v[i]);
            if (t && strcmp(t, "Ingress") == 0)
                in = 1;
            else if (t && strcmp(t, "Egress") == 0)
                out = 1;
            else
                wp__model_error(c, types->c.seq.v[i], "unknown policy type \"%s\"", t ? t : "");
        }
        wp__mv_bool(b, s->v, "isolatesIngress", in, types, WP__MV_DERIVED);
        wp__mv_bool(b, s->v, "isolatesEgress", out, types, WP__MV_DERIVED);
        return;
    }
    out = egress && egress->kind == WP__NODE_SEQUENCE && egress->c.seq.n > 0;
    wp__mv_bool(b, s->v, "isolatesIngress", 1, at, WP__MV_DERIVED);
    wp__mv_bool(b, s->v, "isolatesEgress", out, out ? egress : at, WP__MV_DERIVED);
}

static void
peers(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *rule, const struct wp__node *r,
      const char *key, const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *seq = wp__field_seq(c, s, r, key, path);
    struct wp__mv *list;
    char sub[160];

    if (!seq)
        return;
    list = wp__mv_list(b, rule, key, seq, 0);
    for (size_t i = 0; i < seq->c.seq.n; i++) {
        const struct wp__node *p = seq->c.seq.v[i], *ip;
        struct wp__mv *pv;

        if (p->kind != WP__NODE_MAPPING)
            continue;
        wp__fmt(sub, sizeof(sub), "%s.%s[%zu]", path, key, i);
        pv = wp__mv_map(b, list, NULL, p, 0);
        if (wp__field(p, "podSelector"))
            wp__model_selector(c, s, pv, "podSelector", wp__field_map(c, s, p, "podSelector", sub),
                               p, sub);
        if (wp__field(p, "namespaceSelector"))
            wp__model_selector(c, s, pv, "namespaceSelector",
                               wp__field_map(c, s, p, "namespaceSelector", sub), p, sub);
        if ((ip = wp__field_map(c, s, p, "ipBlock", sub))) {
            struct wp__mv *iv = wp__mv_map(b, pv, "ipBlock", ip, 0);
            wp__field_str(c, s, iv, ip, "cidr", sub);
            wp__field_strlist(c, s, iv, ip, "except", sub);
        }
    }
}

static void
rules(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *spec,
      const char *key, const char *peer)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *seq = wp__field_seq(c, s, spec, key, "");
    struct wp__mv *list;
    char path[64];

    if (!seq)
        return;
    list = wp__mv_list(b, s->v, key, seq, 0);
    for (size_t i = 0; i < seq->c.seq.n; i++) {
        const struct wp__node *r = seq->c.seq.v[i], *ports;
        struct wp__mv *rv, *pl;

        if (r->kind != WP__NODE_MAPPING)
            continue;
        wp__fmt(path, sizeof(path), "%s[%zu]", key, i);
        rv = wp__mv_map(b, list, NULL, r, 0);
        peers(c, s, rv, r, peer, path);
        if (!(ports = wp__field_seq(c, s, r, "ports", path)))
            continue;
        pl = wp__mv_list(b, rv, "ports", ports, 0);
        for (size_t k = 0; k < ports->c.seq.n; k++) {
            const struct wp__node *p = ports->c.seq.v[k], *port;
            struct wp__mv *pv;

            if (p->kind != WP__NODE_MAPPING)
                continue;
            pv = wp__mv_map(b, pl, NULL, p, 0);
            if (!wp__field_str(c, s, pv, p, "protocol", path))
                wp__mv_lit(b, pv, "protocol", "TCP", p, WP__MV_DERIVED);
            port = wp__field(p, "port");
            if (port && port->kind == WP__NODE_INT)  /* number or name */
                wp__field_int(c, s, pv, p, "port", path);
            else
                wp__field_str(c, s, pv, p, "port", path);
            wp__field_int(c, s, pv, p, "endPort", path);
        }
    }
}

int
wp__model_network_policy(struct wp__mctx *c, const struct wp__node *root, const char *kind)
{
    struct wp_subject *s = wp__k8s_subject(c, WP_SUBJECT_NETWORK_POLICY, root, kind, 1, 0);
    const struct wp__node *spec;

    if (!s)
        return c->m->mvb.err;
    spec = wp__field_map(c, s, root, "spec", "");
    wp__model_selector(c, s, s->v, "podSelector", wp__field_map(c, s, spec, "podSelector", ""),
                       spec ? spec : root, "");
    policy_types(c, s, spec, spec ? spec : root);
    rules(c, s, spec, "ingress", "from");
    rules(c, s, spec, "egress", "to");
    {
        /* Default deny (formats §4): every pod of the namespace, both
         * directions isolated, nothing allowed. */
        const struct wp__mv *sel = wp__mv_get(s->v, "podSelector");
        const struct wp__mv *in = wp__mv_get(s->v, "ingress"), *eg = wp__mv_get(s->v, "egress");
        int deny = sel && sel->count == 0 &&
                   wp__mv_truth(wp__mv_get(s->v, "isolatesIngress")) == 1 &&
                   wp__mv_truth(wp__mv_get(s->v, "isolatesEgress")) == 1 &&
                   (!in || in->count == 0) && (!eg || eg->count == 0);
        wp__mv_bool(&c->m->mvb, s->v, "defaultDeny", deny, spec ? spec : root, WP__MV_DERIVED);
    }
    return c->m->mvb.err;
}

int
wp__model_runtime_class(struct wp__mctx *c, const struct wp__node *root, const char *kind)
{
    struct wp_subject *s = wp__k8s_subject(c, WP_SUBJECT_RUNTIME_CLASS, root, kind, 0, 1);
    const struct wp__node *sched;

    if (!s)
        return c->m->mvb.err;
    c->m->nruntime_classes++;
    if (!wp__field_str(c, s, s->v, root, "handler", "") && !wp__field(root, "handler"))
        wp__model_error(c, root, "RuntimeClass %s has no handler", s->name ? s->name : "");
    if ((sched = wp__field_map(c, s, root, "scheduling", "")))
        wp__field_strmap(c, s, s->v, sched, "nodeSelector", NULL, "scheduling");
    return c->m->mvb.err;
}

static void
path_source(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *spec,
            const char *key)
{
    const struct wp__node *n = wp__field_map(c, s, spec, key, "");
    struct wp__mv *v;

    if (!n)
        return;
    v = wp__mv_map(&c->m->mvb, s->v, key, n, 0);
    wp__field_str(c, s, v, n, "path", key);
    wp__field_str(c, s, v, n, "type", key);
}

int
wp__model_pv(struct wp__mctx *c, const struct wp__node *root, const char *kind)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp_subject *s = wp__k8s_subject(c, WP_SUBJECT_PERSISTENT_VOLUME, root, kind, 0, 1);
    const struct wp__node *spec, *ref;

    if (!s)
        return b->err;
    spec = wp__field_map(c, s, root, "spec", "");
    wp__field_str(c, s, s->v, spec, "storageClassName", "");
    path_source(c, s, spec, "hostPath");
    path_source(c, s, spec, "local");
    if ((ref = wp__field_map(c, s, spec, "claimRef", ""))) {
        struct wp__mv *v = wp__mv_map(b, s->v, "claimRef", ref, 0);
        wp__field_str(c, s, v, ref, "namespace", "claimRef");
        wp__field_str(c, s, v, ref, "name", "claimRef");
    }
    return b->err;
}

int
wp__model_pvc(struct wp__mctx *c, const struct wp__node *root, const char *kind)
{
    struct wp_subject *s = wp__k8s_subject(c, WP_SUBJECT_PERSISTENT_VOLUME_CLAIM, root, kind, 1, 1);
    const struct wp__node *spec;

    if (!s)
        return c->m->mvb.err;
    spec = wp__field_map(c, s, root, "spec", "");
    wp__field_str(c, s, s->v, spec, "volumeName", "");
    wp__field_str(c, s, s->v, spec, "storageClassName", "");
    if (wp__field(spec, "selector"))
        wp__model_selector(c, s, s->v, "selector", wp__field_map(c, s, spec, "selector", ""),
                           spec, "");
    return c->m->mvb.err;
}
