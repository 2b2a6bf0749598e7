/* The model's lifetime, its subjects, warnings and options. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/diag.h"
#include "model/model.h"

/* formats.md §6: handler names of the wasm shims in use. */
static const char *const default_handlers[] = {
    "wasmtime", "wasmedge", "wasmer", "spin", "spin-v2", "wws", "slight",
    "lunatic", "wasm", "crun-wasm",
};

int
wp__model_init(struct wp_model *m, const wp_context *ctx)
{
    memset(m, 0, sizeof(*m));
    m->ctx = ctx;
    wp__arena_init(&m->arena, ctx);
    m->mvb.arena = &m->arena;
    m->default_ns = "default";
    for (size_t i = 0; i < sizeof(default_handlers) / sizeof(*default_handlers); i++)
        if (wp__model_add_handler(m, default_handlers[i]))
            return WP_ENOMEM;
    return WP_OK;
}

void
wp__model_release(struct wp_model *m)
{
    wp__free(m->ctx, m->subjects);
    wp__free(m->ctx, m->sources);
    wp__free(m->ctx, m->warnings);
    wp__free(m->ctx, m->handlers);
    wp__free(m->ctx, m->labels);
    wp__arena_release(&m->arena);
}

int
wp__model_add_handler(struct wp_model *m, const char *h)
{
    const char *copy;

    for (size_t i = 0; i < m->nhandlers; i++)
        if (strcmp(m->handlers[i], h) == 0)
            return WP_OK;
    if (wp__reserve(m->ctx, (void **)&m->handlers, &m->handlers_cap, m->nhandlers + 1,
                    sizeof(*m->handlers)) ||
        !(copy = wp__arena_strndup(&m->arena, h, strlen(h))))
        return WP_ENOMEM;
    m->handlers[m->nhandlers++] = copy;
    return WP_OK;
}

int
wp__model_add_label(struct wp_model *m, const char *key, const char *value)
{
    struct wp__label l;

    if (wp__reserve(m->ctx, (void **)&m->labels, &m->labels_cap, m->nlabels + 1,
                    sizeof(*m->labels)) ||
        !(l.key = wp__arena_strndup(&m->arena, key, strlen(key))) ||
        !(l.value = wp__arena_strndup(&m->arena, value, strlen(value))))
        return WP_ENOMEM;
    m->labels[m->nlabels++] = l;
    return WP_OK;
}

long
wp__model_source(struct wp_model *m, const char *name)
{
    const char *copy;

    if (wp__reserve(m->ctx, (void **)&m->sources, &m->sources_cap, m->nsources + 1,
                    sizeof(*m->sources)) ||
        !(copy = wp__arena_strndup(&m->arena, name, strlen(name))))
        return -1;
    m->sources[m->nsources] = copy;
    return (long)m->nsources++;
}

/* A zeroed subject of @kind in source @source, not yet listed. */
static struct wp_subject *
alloc_subject(struct wp_model *m, enum wp_subject_kind kind, uint32_t source)
{
    struct wp_subject *s;

    if (m->mvb.err)
        return NULL;
    if (wp__reserve(m->ctx, (void **)&m->subjects, &m->subjects_cap, m->nsubjects + 1,
                    sizeof(*m->subjects)) ||
        !(s = wp__arena_alloc(&m->arena, sizeof(*s)))) {
        m->mvb.err = WP_ENOMEM;
        return NULL;
    }
    memset(s, 0, sizeof(*s));
    s->kind = (uint8_t)kind;
    s->source = source;
    s->file = m->sources[source];
    return s;
}

struct wp_subject *
wp__subject_new(struct wp__mctx *c, enum wp_subject_kind kind, const struct wp__node *root)
{
    struct wp_model *m = c->m;
    struct wp_subject *s = alloc_subject(m, kind, c->source);

    if (!s)
        return NULL;
    s->start = root->start;
    s->end = root->end;
    if (!(s->v = wp__mv_new(&m->mvb, WP__MV_MAP, root, 0)))
        return NULL;
    m->subjects[m->nsubjects++] = s;
    return s;
}

struct wp_subject *
wp__component_of(struct wp_model *m, struct wp_subject *owner, const char *name,
                 const struct wp__mv *at)
{
    struct wp_subject *s = alloc_subject(m, WP_SUBJECT_COMPONENT, owner->source);
    char id[512];

    if (!s)
        return NULL;
    s->start = at->start;
    s->end = at->end;
    s->ns = owner->ns;
    s->owner = owner;
    s->name = name;
    wp__fmt(id, sizeof(id), "%s/%s", owner->id, name ? name : "(unnamed)");
    if (!(s->id = wp__model_id(m, "component", NULL, id)) ||
        !(s->v = wp__mv_map_at(&m->mvb, NULL, NULL, at)))
        return NULL;
    m->subjects[m->nsubjects++] = s;
    return s;
}

static size_t
put(char *buf, size_t size, size_t at, const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (at + 1 >= size)
        return at;
    if (n > size - 1 - at)
        n = size - 1 - at;
    memcpy(buf + at, s, n);
    return at + n;
}

const char *
wp__path(char *buf, size_t size, const char *a, const char *b, long index)
{
    size_t at = 0;

    if (!size)
        return buf;
    at = put(buf, size, at, a);
    if (a && *a && b && *b)
        at = put(buf, size, at, ".");
    at = put(buf, size, at, b);
    if (index >= 0) {
        char digits[24], *d = digits + sizeof(digits);

        *--d = '\0';
        *--d = ']';
        do
            *--d = (char)('0' + index % 10);
        while ((index /= 10) > 0);
        *--d = '[';
        at = put(buf, size, at, d);
    }
    buf[at] = '\0';
    return buf;
}

const char *
wp__model_id(struct wp_model *m, const char *kind, const char *ns, const char *name)
{
    char buf[512];
    size_t at;
    const char *id;

    if (!name)
        name = "(unnamed)";
    at = put(buf, sizeof(buf), 0, kind);
    at = put(buf, sizeof(buf), at, " ");
    if (ns) {
        at = put(buf, sizeof(buf), at, ns);
        at = put(buf, sizeof(buf), at, "/");
    }
    at = put(buf, sizeof(buf), at, name);
    buf[at] = '\0';
    if (!(id = wp__arena_strndup(&m->arena, buf, strlen(buf))))
        m->mvb.err = WP_ENOMEM;
    return id;
}

const char *
wp__model_text(struct wp_model *m, const struct wp__node *n)
{
    const char *t;

    if (!n || !wp__node_is_scalar(n) || n->kind == WP__NODE_NULL)
        return NULL;
    if (!(t = wp__arena_strndup(&m->arena, n->c.s.text, n->c.s.len)))
        m->mvb.err = WP_ENOMEM;
    return t;
}

static void
vdiag(struct wp__mctx *c, struct wp_diag *d, int code, const struct wp__node *at,
      const char *fmt, va_list ap)
{
    char msg[sizeof(d->message)];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    wp__diag_at_line(d, code, c->src->name, at ? at->start.line : 0,
                     at ? at->start.column : 0, "%s", msg);
}

int
wp__model_warn(struct wp__mctx *c, const struct wp__node *at, const char *fmt, ...)
{
    struct wp_model *m = c->m;
    va_list ap;

    if (wp__reserve(m->ctx, (void **)&m->warnings, &m->warnings_cap, m->nwarnings + 1,
                    sizeof(*m->warnings))) {
        m->mvb.err = WP_ENOMEM;
        return WP_ENOMEM;
    }
    m->warnings[m->nwarnings] = (struct wp_diag)WP_DIAG_INIT;
    va_start(ap, fmt);
    vdiag(c, &m->warnings[m->nwarnings++], WP_EMALFORMED, at, fmt, ap);
    va_end(ap);
    return WP_OK;
}

int
wp__model_warn_subject(struct wp_model *m, const struct wp_subject *s, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    if (wp__reserve(m->ctx, (void **)&m->warnings, &m->warnings_cap, m->nwarnings + 1,
                    sizeof(*m->warnings))) {
        m->mvb.err = WP_ENOMEM;
        return WP_ENOMEM;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    m->warnings[m->nwarnings] = (struct wp_diag)WP_DIAG_INIT;
    wp__diag_at_line(&m->warnings[m->nwarnings++], WP_EMALFORMED, s->file, s->start.line,
                     s->start.column, "%s", msg);
    return WP_OK;
}

int
wp__model_error(struct wp__mctx *c, const struct wp__node *at, const char *fmt, ...)
{
    struct wp_diag d = WP_DIAG_INIT;
    va_list ap;

    va_start(ap, fmt);
    vdiag(c, &d, WP_EMALFORMED, at, fmt, ap);
    va_end(ap);
    return c->on_error ? c->on_error(&d, c->payload) : WP_OK;
}

enum wp__model_format
wp__model_format_of(const char *name)
{
    size_t n = strlen(name);
    const char *base = strrchr(name, '/');

    base = base ? base + 1 : name;
    static const char wash[] = ".wash/config.yaml";
    const size_t w = sizeof(wash) - 1;

    if (n >= w && strcmp(name + n - w, wash) == 0 && (n == w || name[n - w - 1] == '/'))
        return WP__FORMAT_WASH;
    if (n >= 5 && strcmp(name + n - 5, ".toml") == 0 && strncmp(base, "spin", 4) == 0)
        return WP__FORMAT_SPIN_TOML;
    return WP__FORMAT_MANIFEST;
}
