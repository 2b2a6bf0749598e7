/* Building and reading model values. */
#include <stdlib.h>
#include <string.h>

#include <wasmpolicy/common.h>

#include "core/context.h"
#include "model/value.h"

struct wp__mv *
wp__mv_new(struct wp__mvb *b, enum wp__mv_kind kind, const struct wp__node *n,
           unsigned flags)
{
    struct wp__mv *v;

    if (b->err)
        return NULL;
    v = wp__arena_alloc(b->arena, sizeof(*v));
    if (!v) {
        b->err = WP_ENOMEM;
        return NULL;
    }
    memset(v, 0, sizeof(*v));
    v->kind = (uint8_t)kind;
    v->flags = (uint8_t)flags;
    if (n) {
        v->start = n->start;
        v->end = n->end;
    } else {
        v->flags |= WP__MV_NOPOS;
    }
    return v;
}

struct wp__mv *
wp__mv_add(struct wp__mv *parent, const char *key, struct wp__mv *child)
{
    if (!parent || !child || (parent->kind != WP__MV_LIST && parent->kind != WP__MV_MAP))
        return child;
    child->key = key;
    if (parent->v.kids.last)
        parent->v.kids.last->next = child;
    else
        parent->v.kids.first = child;
    parent->v.kids.last = child;
    parent->count++;
    return child;
}

struct wp__mv *
wp__mv_place(struct wp__mv *v, const struct wp__mv *at)
{
    if (!v || !at)
        return v;
    v->start = at->start;
    v->end = at->end;
    v->flags = (uint8_t)((v->flags & ~WP__MV_NOPOS) | WP__MV_DERIVED | (at->flags & WP__MV_NOPOS));
    return v;
}

struct wp__mv *
wp__mv_str(struct wp__mvb *b, struct wp__mv *parent, const char *key, const char *s,
           size_t len, const struct wp__node *at, unsigned flags)
{
    struct wp__mv *v = wp__mv_new(b, WP__MV_STRING, at, flags);
    char *p;

    if (!v)
        return NULL;
    if (!(p = wp__arena_strndup(b->arena, s ? s : "", s ? len : 0))) {
        b->err = WP_ENOMEM;
        return NULL;
    }
    v->v.s.p = p;
    v->v.s.len = s ? len : 0;
    return wp__mv_add(parent, key, v);
}

struct wp__mv *
wp__mv_lit(struct wp__mvb *b, struct wp__mv *parent, const char *key, const char *lit,
           const struct wp__node *at, unsigned flags)
{
    struct wp__mv *v = wp__mv_new(b, WP__MV_STRING, at, flags);

    if (!v)
        return NULL;
    v->v.s.p = lit;
    v->v.s.len = strlen(lit);
    return wp__mv_add(parent, key, v);
}

struct wp__mv *
wp__mv_bool(struct wp__mvb *b, struct wp__mv *parent, const char *key, int val,
            const struct wp__node *at, unsigned flags)
{
    struct wp__mv *v = wp__mv_new(b, WP__MV_BOOL, at, flags);

    if (v)
        v->v.b = val != 0;
    return wp__mv_add(parent, key, v);
}

struct wp__mv *
wp__mv_int(struct wp__mvb *b, struct wp__mv *parent, const char *key, int64_t val,
           const struct wp__node *at, unsigned flags)
{
    struct wp__mv *v = wp__mv_new(b, WP__MV_INT, at, flags);

    if (v)
        v->v.i = val;
    return wp__mv_add(parent, key, v);
}

struct wp__mv *
wp__mv_map(struct wp__mvb *b, struct wp__mv *parent, const char *key,
           const struct wp__node *at, unsigned flags)
{
    return wp__mv_add(parent, key, wp__mv_new(b, WP__MV_MAP, at, flags));
}

struct wp__mv *
wp__mv_list(struct wp__mvb *b, struct wp__mv *parent, const char *key,
            const struct wp__node *at, unsigned flags)
{
    return wp__mv_add(parent, key, wp__mv_new(b, WP__MV_LIST, at, flags));
}

const char *
wp__mv_key(struct wp__mvb *b, const char *s, size_t len)
{
    char *p;

    if (b->err)
        return NULL;
    if (!(p = wp__arena_strndup(b->arena, s, len)))
        b->err = WP_ENOMEM;
    return p;
}

/* A scalar without its parent link: the value wp__mv_scalar would add. */
static struct wp__mv *
scalar_value(struct wp__mvb *b, const struct wp__node *n)
{
    struct wp__mv *v;

    switch (n->kind) {
    case WP__NODE_BOOL:
        v = wp__mv_new(b, WP__MV_BOOL, n, 0);
        if (v)
            v->v.b = n->v.b;
        return v;
    case WP__NODE_INT:
        if (!(n->flags & WP__NODE_UNSIGNED)) {
            v = wp__mv_new(b, WP__MV_INT, n, 0);
            if (v)
                v->v.i = n->v.i;
            return v;
        }
        break;  /* above INT64_MAX: keep the text */
    case WP__NODE_NULL:
        return wp__mv_new(b, WP__MV_NULL, n, 0);
    case WP__NODE_FLOAT:
    case WP__NODE_STRING:
        break;
    default:
        return NULL;
    }
    return wp__mv_str(b, NULL, NULL, n->c.s.text, n->c.s.len, n, 0);
}

struct wp__mv *
wp__mv_scalar(struct wp__mvb *b, struct wp__mv *parent, const char *key,
              const struct wp__node *n)
{
    if (!n || !wp__node_is_scalar(n))
        return NULL;
    return wp__mv_add(parent, key, scalar_value(b, n));
}

struct copy_frame {
    const struct wp__node *src;
    struct wp__mv *dst;
    size_t next;
};

static const char *
copy_key(struct wp__mvb *b, const struct wp__node *k)
{
    if (!wp__node_is_scalar(k))
        return wp__mv_key(b, "?", 1);  /* complex keys have no model meaning */
    return wp__mv_key(b, k->c.s.text, k->c.s.len);
}

struct wp__mv *
wp__mv_copy(struct wp__mvb *b, struct wp__mv *parent, const char *key,
            const struct wp__node *n)
{
    const wp_context *ctx = b->arena->ctx;
    struct copy_frame *stack = NULL;
    size_t depth = 0, cap = 0;
    struct wp__mv *root;

    if (!n || b->err)
        return NULL;
    if (wp__node_is_scalar(n))
        return wp__mv_scalar(b, parent, key, n);
    root = wp__mv_new(b, n->kind == WP__NODE_MAPPING ? WP__MV_MAP : WP__MV_LIST, n, 0);
    if (!root)
        return NULL;
    if (wp__reserve(ctx, (void **)&stack, &cap, 1, sizeof(*stack))) {
        b->err = WP_ENOMEM;
        return NULL;
    }
    stack[depth++] = (struct copy_frame){ n, root, 0 };
    while (depth && !b->err) {
        struct copy_frame *f = &stack[depth - 1];
        const struct wp__node *child;
        const char *ckey = NULL;
        struct wp__mv *cv;

        if (f->next >= wp__node_count(f->src)) {
            depth--;
            continue;
        }
        if (f->src->kind == WP__NODE_MAPPING) {
            const struct wp__entry *e = &f->src->c.map.v[f->next];
            child = e->value;
            ckey = copy_key(b, e->key);
        } else {
            child = f->src->c.seq.v[f->next];
        }
        f->next++;
        if (wp__node_is_scalar(child)) {
            wp__mv_add(f->dst, ckey, scalar_value(b, child));
            continue;
        }
        cv = wp__mv_new(b, child->kind == WP__NODE_MAPPING ? WP__MV_MAP : WP__MV_LIST,
                        child, 0);
        if (!cv)
            break;
        wp__mv_add(f->dst, ckey, cv);
        if (wp__reserve(ctx, (void **)&stack, &cap, depth + 1, sizeof(*stack))) {
            b->err = WP_ENOMEM;
            break;
        }
        stack[depth++] = (struct copy_frame){ child, cv, 0 };
    }
    wp__free(ctx, stack);
    if (b->err)
        return NULL;
    return wp__mv_add(parent, key, root);
}

const struct wp__mv *
wp__mv_get(const struct wp__mv *map, const char *key)
{
    if (!map || map->kind != WP__MV_MAP)
        return NULL;
    for (const struct wp__mv *c = map->v.kids.first; c; c = c->next)
        if (c->key && strcmp(c->key, key) == 0)
            return c;
    return NULL;
}

const struct wp__mv *
wp__mv_path(const struct wp__mv *v, const char *path)
{
    char key[256];

    while (v && *path) {
        if (path[0] == '[' && path[1] == '"') {
            const char *end = strchr(path + 2, '"');
            size_t n = end ? (size_t)(end - path - 2) : 0;

            if (!end || end[1] != ']' || n >= sizeof(key))
                return NULL;
            memcpy(key, path + 2, n);
            key[n] = '\0';
            v = wp__mv_get(v, key);
            path = end + 2;
        } else if (*path == '[') {
            char *endp;
            unsigned long idx = strtoul(path + 1, &endp, 10);
            const struct wp__mv *c;

            if (endp == path + 1 || *endp != ']' || v->kind != WP__MV_LIST)
                return NULL;
            for (c = v->v.kids.first; c && idx; c = c->next)
                idx--;
            v = c;
            path = endp + 1;
        } else {
            size_t n = strcspn(path, ".[");

            if (n == 0 || n >= sizeof(key))
                return NULL;
            memcpy(key, path, n);
            key[n] = '\0';
            v = wp__mv_get(v, key);
            path += n;
        }
        /* ["run.oci.handler"]: a key holding dots or brackets. */
        while (v && path[0] == '[' && path[1] == '"') {
            const char *end = strchr(path + 2, '"');
            size_t n = end ? (size_t)(end - path - 2) : 0;

            if (!end || end[1] != ']' || n >= sizeof(key))
                return NULL;
            memcpy(key, path + 2, n);
            key[n] = '\0';
            v = wp__mv_get(v, key);
            path = end + 2;
        }
        if (*path == '.')
            path++;
    }
    return v;
}

const char *
wp__mv_text(const struct wp__mv *v)
{
    return v && v->kind == WP__MV_STRING ? v->v.s.p : NULL;
}

int
wp__mv_truth(const struct wp__mv *v)
{
    return v && v->kind == WP__MV_BOOL ? v->v.b : -1;
}

struct wp__mv *
wp__mv_str_at(struct wp__mvb *b, struct wp__mv *parent, const char *key, const char *s,
              const struct wp__mv *at)
{
    return wp__mv_place(wp__mv_str(b, parent, key, s, strlen(s), NULL, 0), at);
}

struct wp__mv *
wp__mv_lit_at(struct wp__mvb *b, struct wp__mv *parent, const char *key, const char *lit,
              const struct wp__mv *at)
{
    return wp__mv_place(wp__mv_lit(b, parent, key, lit, NULL, 0), at);
}

struct wp__mv *
wp__mv_bool_at(struct wp__mvb *b, struct wp__mv *parent, const char *key, int v,
               const struct wp__mv *at)
{
    return wp__mv_place(wp__mv_bool(b, parent, key, v, NULL, 0), at);
}

struct wp__mv *
wp__mv_map_at(struct wp__mvb *b, struct wp__mv *parent, const char *key, const struct wp__mv *at)
{
    return wp__mv_place(wp__mv_map(b, parent, key, NULL, 0), at);
}

struct wp__mv *
wp__mv_list_at(struct wp__mvb *b, struct wp__mv *parent, const char *key, const struct wp__mv *at)
{
    return wp__mv_place(wp__mv_list(b, parent, key, NULL, 0), at);
}
