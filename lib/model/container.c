/*
 * One container of a pod: what it runs, what it is given (env, mounts),
 * how it is confined, and whether it is a wasm entry point (formats §7).
 */
#include <stdio.h>
#include <string.h>

#include "model/handlers.h"

static const char *const sc_bools[] = {
    "privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "runAsNonRoot",
};

static int
ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* runwasi's entry point: `path.wasm#func`, or `/` (Spin, slight, wws). */
static int
is_wasm_entry(const char *s, size_t n)
{
    const char *hash = memchr(s, '#', n);

    if (n == 1 && s[0] == '/')
        return 1;
    if (hash)
        n = (size_t)(hash - s);
    return ends_with(s, n, ".wasm") || ends_with(s, n, ".wat");
}

static void
env_list(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *ct,
         const struct wp__node *n, const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    char sub[96];
    const struct wp__node *seq = wp__field_seq(c, s, n, "env", path);
    struct wp__mv *list;

    if (!seq)
        return;
    list = wp__mv_list(b, ct, "env", seq, 0);
    for (size_t i = 0; i < seq->c.seq.n; i++) {
        const struct wp__node *e = seq->c.seq.v[i], *vf;
        struct wp__mv *ev;

        wp__path(sub, sizeof(sub), path, "env", (long)i);
        if (e->kind != WP__NODE_MAPPING)
            continue;
        ev = wp__mv_map(b, list, NULL, e, 0);
        wp__field_str(c, s, ev, e, "name", sub);
        wp__field_str(c, s, ev, e, "value", sub);
        if ((vf = wp__field_map(c, s, e, "valueFrom", sub)) && vf->c.map.n) {
            const struct wp__entry *src = &vf->c.map.v[0];
            struct wp__mv *fv = wp__mv_map(b, ev, "valueFrom", vf, 0);

            if (src->key->kind == WP__NODE_STRING)
                wp__mv_str(b, fv, "source", src->key->c.s.text, src->key->c.s.len, src->key, 0);
            wp__field_str(c, s, fv, src->value, "name", sub);
            wp__field_str(c, s, fv, src->value, "key", sub);
        }
    }
}

static void
env_from(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *ct,
         const struct wp__node *n, const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *seq = wp__field_seq(c, s, n, "envFrom", path);
    struct wp__mv *list;

    if (!seq)
        return;
    list = wp__mv_list(b, ct, "envFrom", seq, 0);
    for (size_t i = 0; i < seq->c.seq.n; i++) {
        const struct wp__node *e = seq->c.seq.v[i];
        struct wp__mv *ev;

        if (e->kind != WP__NODE_MAPPING)
            continue;
        ev = wp__mv_map(b, list, NULL, e, 0);
        wp__field_str(c, s, ev, e, "prefix", path);
        for (size_t k = 0; k < e->c.map.n; k++) {
            const struct wp__entry *src = &e->c.map.v[k];
            if (src->key->kind != WP__NODE_STRING || strcmp(src->key->c.s.text, "prefix") == 0)
                continue;
            wp__mv_str(b, ev, "source", src->key->c.s.text, src->key->c.s.len, src->key, 0);
            wp__field_str(c, s, ev, src->value, "name", path);
            wp__field_bool(c, s, ev, src->value, "optional", path);
        }
    }
}

static void
mounts(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *ct,
       const struct wp__node *n, const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *seq = wp__field_seq(c, s, n, "volumeMounts", path);
    struct wp__mv *list;

    if (!seq)
        return;
    list = wp__mv_list(b, ct, "volumeMounts", seq, 0);
    for (size_t i = 0; i < seq->c.seq.n; i++) {
        const struct wp__node *e = seq->c.seq.v[i];
        struct wp__mv *mv;

        if (e->kind != WP__NODE_MAPPING)
            continue;
        mv = wp__mv_map(b, list, NULL, e, 0);
        wp__field_str(c, s, mv, e, "name", path);
        wp__field_str(c, s, mv, e, "mountPath", path);
        wp__field_bool(c, s, mv, e, "readOnly", path);
        wp__field_str(c, s, mv, e, "subPath", path);
    }
}

static void
security(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *ct,
         const struct wp__node *n, const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    char sub[96];
    const struct wp__node *sc, *caps;
    struct wp__mv *v;

    wp__path(sub, sizeof(sub), path, "securityContext", -1);
    if (!(sc = wp__field_map(c, s, n, "securityContext", sub)))
        return;
    v = wp__mv_map(b, ct, "securityContext", sc, 0);
    for (size_t i = 0; i < sizeof(sc_bools) / sizeof(*sc_bools); i++)
        wp__field_bool(c, s, v, sc, sc_bools[i], sub);
    wp__field_int(c, s, v, sc, "runAsUser", sub);
    if ((caps = wp__field_map(c, s, sc, "capabilities", sub))) {
        struct wp__mv *cv = wp__mv_map(b, v, "capabilities", caps, 0);
        wp__field_strlist(c, s, cv, caps, "add", sub);
        wp__field_strlist(c, s, cv, caps, "drop", sub);
    }
}

/* resources.limits and requests, kept as written (100m, 128Mi). */
static void
resources(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *ct,
          const struct wp__node *n, const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *r = wp__field_map(c, s, n, "resources", path);
    struct wp__mv *rv;
    char sub[96];

    if (!r)
        return;
    wp__path(sub, sizeof(sub), path, "resources", -1);
    rv = wp__mv_map(b, ct, "resources", r, 0);
    for (int k = 0; k < 2; k++) {
        const char *key = k ? "requests" : "limits";
        const struct wp__node *l = wp__field_map(c, s, r, key, sub);
        struct wp__mv *lv;

        if (!l)
            continue;
        lv = wp__mv_map(b, rv, key, l, 0);
        for (size_t i = 0; i < l->c.map.n; i++) {
            const struct wp__entry *e = &l->c.map.v[i];
            const char *name = wp__scalar_text(e->key), *v = wp__scalar_text(e->value);
            if (name && v)
                wp__mv_str(b, lv, wp__mv_key(b, name, e->key->c.s.len), v, e->value->c.s.len,
                           e->value, 0);
        }
    }
}

/* Whether the container's process is a wasm module, and why. */
static void
classify(struct wp__mctx *c, struct wp__mv *ct, const struct wp__node *cmd,
         const struct wp__node *args)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *first = NULL;
    const char *from = NULL;

    /* An empty command is no command: the image entrypoint runs. */
    if (cmd && cmd->c.seq.n) {
        first = cmd->c.seq.v[0];
        from = "command[0]";
    } else if (args && args->c.seq.n) {
        first = args->c.seq.v[0];
        from = "args[0]";
    }
    if (first && first->kind == WP__NODE_STRING && is_wasm_entry(first->c.s.text, first->c.s.len)) {
        struct wp__mv *w = wp__mv_map(b, ct, "wasm", first, 0);
        wp__mv_lit(b, w, "entry", "wasm", first, WP__MV_DERIVED);
        wp__mv_lit(b, w, "signal", from, first, WP__MV_DERIVED);
    } else {
        /* runwasi decides at run time by sniffing the entry point; a
         * linter cannot, so the container may be native (formats §7). */
        struct wp__mv *w = wp__mv_map(b, ct, "wasm", NULL, 0);
        wp__mv_lit(b, w, "entry", "unknown", NULL, 0);
    }
}

void
wp__model_container(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *list,
                    const struct wp__node *n, const char *role, const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *cmd, *args, *rp;
    struct wp__mv *ct;

    if (n->kind != WP__NODE_MAPPING) {
        wp__model_error(c, n, "a container must be a mapping");
        wp__field_invalid(c, s, path);
        return;
    }
    ct = wp__mv_map(b, list, NULL, n, 0);
    wp__field_str(c, s, ct, n, "name", path);
    /* An init container that always restarts is a long-running sidecar. */
    rp = wp__field(n, "restartPolicy");
    if (strcmp(role, "init") == 0 && rp && rp->kind == WP__NODE_STRING &&
        strcmp(rp->c.s.text, "Always") == 0)
        wp__mv_lit(b, ct, "role", "sidecar", rp, WP__MV_DERIVED);
    else
        wp__mv_lit(b, ct, "role", role, n, WP__MV_DERIVED);
    wp__field_str(c, s, ct, n, "image", path);
    cmd = wp__field_strlist(c, s, ct, n, "command", path);
    args = wp__field_strlist(c, s, ct, n, "args", path);
    env_list(c, s, ct, n, path);
    env_from(c, s, ct, n, path);
    mounts(c, s, ct, n, path);
    security(c, s, ct, n, path);
    resources(c, s, ct, n, path);
    classify(c, ct, cmd, args);
    wp__model_runtime_argv(c, s, n, cmd, args);
}
