/*
 * Containers that run a wasm runtime's CLI (formats.md §15): the command
 * line is parsed as the runtime would (argv.h) and becomes a component
 * subject whose grants are what the flags give: environment (including
 * -S inherit-env, the seed rule env-inherit-all), preopened directories,
 * network switches. Each value points at the argument, or the part of a
 * comma list, that decided it.
 */
#include <string.h>

#include <wasmpolicy/common.h>

#include "core/context.h"
#include "model/argv.h"
#include "model/grant.h"

struct argvsrc {
    const struct wp__node **nodes;   /* the command/args items */
    struct wp__argv_in *in;
    size_t n;
};

/*
 * A node spanning bytes [off, off + len) of argument @r.arg. Exact for
 * plain and escape-free quoted scalars on one line; anything else (escapes
 * shift columns) points at the whole argument.
 */
static struct wp__node
span(const struct argvsrc *a, struct wp__argv_ref r)
{
    const struct wp__node *n = a->nodes[r.arg < a->n ? r.arg : 0];
    struct wp__node t = *n;
    uint32_t quote = wp__node_is_quoted(n) ? 1 : 0;
    uint32_t width = n->end.offset - n->start.offset;

    if (n->start.line == n->end.line && width == n->c.s.len + 2 * quote &&
        (uint64_t)r.off + r.len <= n->c.s.len) {
        t.start.column += quote + r.off;
        t.start.offset += quote + r.off;
        t.end = t.start;
        t.end.column += r.len;
        t.end.offset += r.len;
    }
    return t;
}

static void
flag(struct wp__mctx *c, struct wp__grant *g, const struct argvsrc *a, const char *key,
     const struct wp__argv_flag *f, const struct wp__node *at)
{
    struct wp__node t;

    if (f->value < 0) {
        wp__grant_flag(c, g, key, 0, at, WP__MV_DERIVED);
        return;
    }
    t = span(a, f->at);
    wp__grant_flag(c, g, key, f->value, &t, 0);
}

static void
env(struct wp__mctx *c, struct wp__grant *g, const struct argvsrc *a, const struct wp__argv *v)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *inh = (struct wp__mv *)wp__mv_get(g->env, "inheritAll");

    for (size_t i = 0; i < v->nenv; i++) {
        const struct wp__argv_env *e = &v->env[i];
        struct wp__node t = span(a, e->at);

        if (e->has_value) {
            wp__mv_str(b, g->explicit_env, wp__mv_key(b, e->name, e->name_len), e->value,
                       e->value_len, &t, 0);
        } else {
            /* `--env NAME` copies that one variable from the launcher. */
            struct wp__node nm = t;
            if (!g->inherit_names)
                g->inherit_names = wp__mv_list(b, g->env, "inheritNames", &t, WP__MV_DERIVED);
            wp__mv_str(b, g->inherit_names, NULL, e->name, e->name_len, &nm, 0);
        }
    }
    if (inh && v->inherit_env.value >= 0) {
        struct wp__node t = span(a, v->inherit_env.at);
        inh->v.b = v->inherit_env.value == 1;
        inh->start = t.start;
        inh->end = t.end;
        inh->flags = 0;
    }
}

static void
dirs(struct wp__mctx *c, struct wp__grant *g, const struct argvsrc *a, const struct wp__argv *v)
{
    struct wp__mvb *b = &c->m->mvb;

    for (size_t i = 0; i < v->ndirs; i++) {
        const struct wp__argv_dir *d = &v->dirs[i];
        struct wp__node t = span(a, d->at);
        struct wp__mv *f = wp__mv_map(b, g->files, NULL, &t, 0);

        wp__mv_str(b, f, "host", d->host, d->host_len, &t, WP__MV_DERIVED);
        wp__mv_str(b, f, "guest", d->guest, d->guest_len, &t, WP__MV_DERIVED);
        wp__mv_bool(b, f, "writable", d->writable, &t, WP__MV_DERIVED);
        wp__mv_lit(b, f, "origin", "--dir", &t, WP__MV_DERIVED);
    }
}

/* Outbound and DNS as the flags leave them: wasmtime has no destination
 * control for HTTP, and inherit-network allows every socket address. */
static void
net(struct wp__mctx *c, struct wp__grant *g, const struct argvsrc *a, const struct wp__argv *v,
    const struct wp__node *at)
{
    struct wp__mvb *b = &c->m->mvb;
    int all = v->inherit_network.value == 1 || v->http.value == 1;
    const struct wp__argv_flag *why = v->inherit_network.value == 1 ? &v->inherit_network
                                                                    : &v->http;
    struct wp__node t = all ? span(a, why->at) : *at;
    struct wp__mv *o = wp__mv_map(b, g->net, "outbound", &t, WP__MV_DERIVED);
    struct wp__mv *d;

    wp__mv_str(b, o, "mode", all ? "all" : "none", all ? 3 : 4, &t, WP__MV_DERIVED);
    t = v->ip_name_lookup.value == 1 ? span(a, v->ip_name_lookup.at) : *at;
    d = wp__mv_map(b, g->net, "dns", &t, WP__MV_DERIVED);
    wp__mv_str(b, d, "mode", v->ip_name_lookup.value == 1 ? "all" : "none",
               v->ip_name_lookup.value == 1 ? 3 : 4, &t, WP__MV_DERIVED);
    flag(c, g, a, "inheritNetwork", &v->inherit_network, at);
    flag(c, g, a, "tcp", &v->tcp, at);
    flag(c, g, a, "udp", &v->udp, at);
    flag(c, g, a, "http", &v->http, at);
}

/* Execution limits (-W, last occurrence wins): what bounds one instance's
 * memory and CPU (rules: runtime-limits-missing). */
static void
limits(struct wp__mctx *c, struct wp_subject *s, const struct argvsrc *a,
       const struct wp__argv *v)
{
    static const struct { const char *key, *as; } keys[] = {
        { "max-memory-size", "maxMemorySize" }, { "fuel", "fuel" },
        { "epoch-interruption", "epochInterruption" }, { "timeout", "timeout" },
        { "max-instances", "maxInstances" }, { "max-wasm-stack", "maxWasmStack" },
    };
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *lim = wp__mv_map(b, s->v, "limits", a->nodes[0], WP__MV_DERIVED);

    for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
        const struct wp__argv_opt *last = NULL;
        size_t n = strlen(keys[k].key);

        for (size_t i = 0; i < v->nopts; i++)
            if (v->opts[i].group == 'W' && v->opts[i].key_len == n &&
                memcmp(v->opts[i].key, keys[k].key, n) == 0)
                last = &v->opts[i];
        if (last) {
            struct wp__node t = span(a, last->at);
            /* A bare -W key is "on"; values stay as written (64MiB, 10s). */
            wp__mv_str(b, lim, keys[k].as, last->value_len ? last->value : "true",
                       last->value_len ? last->value_len : 4, &t, 0);
        }
    }
}

static const char *const platforms[] = { NULL, "wasmtime-cli", "wasmedge-cli", "spin-cli" };

static void
component(struct wp__mctx *c, struct wp_subject *owner, const struct wp__node *ct,
          const struct argvsrc *a, const struct wp__argv *v, int partial)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp__grant g;
    struct wp_subject *s;
    struct wp__mv *notes;

    s = wp__grant_new(c, &g, ct, platforms[v->runtime], owner, NULL, wp__field(ct, "name"));
    if (!s)
        return;
    if (v->subcommand)
        wp__mv_str(b, s->v, "subcommand", v->subcommand, strlen(v->subcommand), a->nodes[0],
                   WP__MV_DERIVED);
    if (v->has_program) {
        struct wp__node t = span(a, v->program);
        wp__mv_str(b, s->v, "program", a->in[v->program.arg].s + v->program.off,
                   v->program.len, &t, 0);
    }
    /* Without `command` the image's entrypoint comes first, which a
     * manifest linter cannot see: the argv may be incomplete. */
    wp__mv_bool(b, s->v, "argvPartial", partial, a->nodes[0], WP__MV_DERIVED);
    wp__mv_bool(b, s->v, "refused", v->refused, a->nodes[0], WP__MV_DERIVED);
    env(c, &g, a, v);
    dirs(c, &g, a, v);
    if (v->runtime == WP__ARGV_SPIN) {
        /* Host changes visible to the guest; copied files made writable. */
        struct wp__node t = v->direct_mounts.value >= 0 ? span(a, v->direct_mounts.at) : *a->nodes[0];
        wp__mv_bool(b, s->v, "directMounts", v->direct_mounts.value == 1, &t,
                    v->direct_mounts.value >= 0 ? 0 : WP__MV_DERIVED);
        t = v->transient_write.value >= 0 ? span(a, v->transient_write.at) : *a->nodes[0];
        wp__mv_bool(b, s->v, "transientWrite", v->transient_write.value == 1, &t,
                    v->transient_write.value >= 0 ? 0 : WP__MV_DERIVED);
    }
    net(c, &g, a, v, a->nodes[0]);
    if (v->has_config_file) {
        struct wp__node t = span(a, v->config_file);
        wp__mv_str(b, s->v, "configFile", a->in[v->config_file.arg].s + v->config_file.off,
                   v->config_file.len, &t, 0);
    }
    if (v->has_listen) {
        struct wp__node t = span(a, v->listen);
        wp__mv_str(b, g.net, "listen", a->in[v->listen.arg].s + v->listen.off, v->listen.len,
                   &t, 0);
    }
    limits(c, s, a, v);
    if (v->nnotes) {
        notes = wp__mv_list(b, s->v, "notes", a->nodes[0], WP__MV_DERIVED);
        for (size_t i = 0; i < v->nnotes; i++) {
            struct wp__node t = span(a, v->notes[i].at);
            wp__mv_str(b, notes, NULL, v->notes[i].message, strlen(v->notes[i].message), &t, 0);
        }
    }
}

void
wp__model_runtime_argv(struct wp__mctx *c, struct wp_subject *owner, const struct wp__node *ct,
                       const struct wp__node *cmd, const struct wp__node *args)
{
    const wp_context *ctx = c->m->ctx;
    const struct wp__node *first;
    size_t ncmd, nargs = args ? args->c.seq.n : 0;
    struct argvsrc a = { NULL, NULL, 0 };
    struct wp__arena scratch;
    struct wp__argv v;

    if (cmd && cmd->c.seq.n == 0)
        cmd = NULL;  /* an empty command is no command */
    first = cmd ? cmd->c.seq.v[0] : args && args->c.seq.n ? args->c.seq.v[0] : NULL;
    ncmd = cmd ? cmd->c.seq.n : 0;
    if (!first || first->kind != WP__NODE_STRING ||
        wp__argv_runtime_of(first->c.s.text, first->c.s.len) == WP__ARGV_NONE)
        return;
    if (!(a.nodes = wp__calloc(ctx, ncmd + nargs, sizeof(*a.nodes))) ||
        !(a.in = wp__calloc(ctx, ncmd + nargs, sizeof(*a.in)))) {
        c->m->mvb.err = WP_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < ncmd + nargs; i++) {
        const struct wp__node *n = i < ncmd ? cmd->c.seq.v[i] : args->c.seq.v[i - ncmd];

        if (!wp__node_is_scalar(n) || n->kind == WP__NODE_NULL)
            continue;  /* mistyped items were reported with the container */
        a.nodes[a.n] = n;
        a.in[a.n].s = n->c.s.text;
        a.in[a.n].len = n->c.s.len;
        a.n++;
    }
    wp__arena_init(&scratch, ctx);
    if (wp__argv_parse(a.in, a.n, &scratch, &v))
        c->m->mvb.err = WP_ENOMEM;
    else
        component(c, owner, ct, &a, &v, cmd == NULL);
    wp__arena_release(&scratch);
out:
    wp__free(ctx, a.nodes);
    wp__free(ctx, a.in);
}
