/* Typed field copies with Kubernetes' type checks. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <wasmpolicy/common.h>

#include "doc/build.h"
#include "model/fields.h"

void
wp__fmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

void
wp__field_invalid(struct wp__mctx *c, struct wp_subject *s, const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *list = (struct wp__mv *)wp__mv_get(s->v, "invalid");

    if (!list)
        list = wp__mv_list(b, s->v, "invalid", NULL, 0);
    wp__mv_str(b, list, NULL, path, strlen(path), NULL, 0);
}

static const char *
type_word(const struct wp__node *n)
{
    switch (n->kind) {
    case WP__NODE_STRING:
        return wp__node_is_quoted(n) ? "a quoted string" : "a string";
    case WP__NODE_BOOL:
        return "a boolean";
    case WP__NODE_INT:
        return "an integer";
    case WP__NODE_FLOAT:
        return "a number";
    case WP__NODE_NULL:
        return "null";
    case WP__NODE_MAPPING:
        return "a mapping";
    default:
        return "a list";
    }
}

static void
mistyped(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *n,
         const char *path, const char *want)
{
    char shown[48];
    const char *t = wp__node_text(n, NULL);

    const char *field = strrchr(path, '.');

    field = field ? field + 1 : path;
    wp__build_shown(shown, sizeof(shown), t ? t : "", t ? strlen(t) : 0);
    if (t)
        wp__model_error(c, n, "%s must be %s, got %s \"%s\"", field, want, type_word(n), shown);
    else
        wp__model_error(c, n, "%s must be %s, got %s", field, want, type_word(n));
    wp__field_invalid(c, s, path);
}

const char *
wp__scalar_text(const struct wp__node *n)
{
    if (!n || !wp__node_is_scalar(n) || n->kind == WP__NODE_NULL)
        return NULL;
    return n->c.s.text;
}

const struct wp__node *
wp__field_bool(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *dst,
               const struct wp__node *map, const char *key, const char *path)
{
    const struct wp__node *n = wp__field(map, key);
    char full[160];

    if (!n || n->kind == WP__NODE_NULL)
        return NULL;
    if (n->kind != WP__NODE_BOOL) {
        mistyped(c, s, n, wp__path(full, sizeof(full), path, key, -1), "a boolean");
        return NULL;
    }
    wp__mv_bool(&c->m->mvb, dst, key, n->v.b, n, 0);
    return n;
}

const struct wp__node *
wp__field_int(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *dst,
              const struct wp__node *map, const char *key, const char *path)
{
    const struct wp__node *n = wp__field(map, key);
    char full[160];

    if (!n || n->kind == WP__NODE_NULL)
        return NULL;
    if (n->kind != WP__NODE_INT || (n->flags & WP__NODE_UNSIGNED)) {
        mistyped(c, s, n, wp__path(full, sizeof(full), path, key, -1), "an integer");
        return NULL;
    }
    wp__mv_int(&c->m->mvb, dst, key, n->v.i, n, 0);
    return n;
}

/* Where a field is, named only when something must be said about it:
 * "path.key", then ".sub" or "[index]" (index < 0: none). */
struct where {
    const char *path, *key, *sub;
    long index;
};

static const char *
where_name(char *buf, size_t size, const struct where *w)
{
    char tail[64] = "";

    if (w->sub)
        wp__fmt(tail, sizeof(tail), ".%s", w->sub);
    else if (w->index >= 0)
        wp__fmt(tail, sizeof(tail), "[%ld]", w->index);
    wp__fmt(buf, size, "%s%s%s%s", w->path, *w->path ? "." : "", w->key, tail);
    return buf;
}

/* A string-typed scalar: strings as they are, other plain scalars with a
 * warning (their text is kept), collections an error. */
static const struct wp__node *
string_node(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *n,
            const struct where *w)
{
    char name[200];

    if (n->kind == WP__NODE_STRING)
        return n;
    if (n->kind == WP__NODE_NULL)
        return NULL;
    where_name(name, sizeof(name), w);
    if (n->kind == WP__NODE_MAPPING || n->kind == WP__NODE_SEQUENCE) {
        mistyped(c, s, n, name, "a string");
        return NULL;
    }
    wp__model_warn(c, n, "%s: YAML 1.1 reads %s as %s, not a string; quote it", name,
                   n->c.s.text, n->kind == WP__NODE_BOOL ? "a boolean" :
                   n->kind == WP__NODE_INT ? "an integer" : "a number");
    return n;
}

const struct wp__node *
wp__field_str(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *dst,
              const struct wp__node *map, const char *key, const char *path)
{
    const struct wp__node *n = wp__field(map, key);
    struct where w = { path, key, NULL, -1 };

    if (!n || !(n = string_node(c, s, n, &w)))
        return NULL;
    wp__mv_str(&c->m->mvb, dst, key, n->c.s.text, n->c.s.len, n, 0);
    return n;
}

const struct wp__node *
wp__field_map(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *map,
              const char *key, const char *path)
{
    const struct wp__node *n = wp__field(map, key);
    char full[160];

    if (!n || n->kind == WP__NODE_NULL)
        return NULL;
    if (n->kind != WP__NODE_MAPPING) {
        mistyped(c, s, n, wp__path(full, sizeof(full), path, key, -1), "a mapping");
        return NULL;
    }
    return n;
}

const struct wp__node *
wp__field_seq(struct wp__mctx *c, struct wp_subject *s, const struct wp__node *map,
              const char *key, const char *path)
{
    const struct wp__node *n = wp__field(map, key);
    char full[160];

    if (!n || n->kind == WP__NODE_NULL)
        return NULL;
    if (n->kind != WP__NODE_SEQUENCE) {
        mistyped(c, s, n, wp__path(full, sizeof(full), path, key, -1), "a list");
        return NULL;
    }
    return n;
}

const struct wp__node *
wp__field_strmap(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *dst,
                 const struct wp__node *map, const char *key, const char *as,
                 const char *path)
{
    const struct wp__node *n = wp__field_map(c, s, map, key, path);
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *out;
    struct where w = { path, as ? as : key, NULL, -1 };

    if (!n)
        return NULL;
    out = wp__mv_map(b, dst, as ? as : key, n, 0);
    for (size_t i = 0; i < n->c.map.n; i++) {
        const struct wp__entry *e = &n->c.map.v[i];
        const char *k = wp__scalar_text(e->key);
        const struct wp__node *v;

        if (!k)
            continue;
        w.sub = k;
        if (!(v = string_node(c, s, e->value, &w)))
            continue;
        wp__mv_str(b, out, wp__mv_key(b, k, e->key->c.s.len), v->c.s.text, v->c.s.len, v, 0);
    }
    return n;
}

const struct wp__node *
wp__field_strlist(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *dst,
                  const struct wp__node *map, const char *key, const char *path)
{
    const struct wp__node *n = wp__field_seq(c, s, map, key, path);
    struct wp__mvb *b = &c->m->mvb;
    struct wp__mv *out;
    struct where w = { path, key, NULL, -1 };

    if (!n)
        return NULL;
    out = wp__mv_list(b, dst, key, n, 0);
    for (size_t i = 0; i < n->c.seq.n; i++) {
        const struct wp__node *v = n->c.seq.v[i];

        w.index = (long)i;
        if (!(v = string_node(c, s, v, &w)))
            continue;
        wp__mv_str(b, out, NULL, v->c.s.text, v->c.s.len, v, 0);
    }
    return n;
}
