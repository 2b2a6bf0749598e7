/* The document tree builder: explicit stack, limits, anchors and aliases. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/diag.h"
#include "core/overflow.h"
#include "doc/build.h"

#define NONE SIZE_MAX

void
wp__build_init(struct wp__build *b, const struct wp__src *src, int merge_keys)
{
    memset(b, 0, sizeof(*b));
    b->src = src;
    b->ctx = src->ctx;
    b->merge_keys = merge_keys;
    b->ediag.version = WP_DIAG_VERSION;
    b->max_depth = wp_context_get_limit(b->ctx, WP_LIMIT_NESTING_DEPTH);
    b->max_nodes = wp_context_get_limit(b->ctx, WP_LIMIT_NODES);
    b->max_alias = wp_context_get_limit(b->ctx, WP_LIMIT_ALIAS_EXPANSION);
    b->max_key = wp_context_get_limit(b->ctx, WP_LIMIT_KEY_LENGTH);
    b->max_scalar = wp_context_get_limit(b->ctx, WP_LIMIT_SCALAR_LENGTH);
    wp__arena_init(&b->arena, b->ctx);
}

void
wp__build_release(struct wp__build *b)
{
    wp__arena_release(&b->arena);
    wp__free(b->ctx, b->frames);
    wp__free(b->ctx, b->kids);
    wp__free(b->ctx, b->anchors);
    wp__free(b->ctx, b->anchor_slots);
    wp__free(b->ctx, b->key_slots);
    memset(b, 0, sizeof(*b));
}

void
wp__build_begin(struct wp__build *b)
{
    wp__build_end(b);
}

void
wp__build_end(struct wp__build *b)
{
    /* Reset, not release: releasing after every document made each pay two
     * large mallocs, which glibc serves only after consolidating every small
     * block libyaml freed meanwhile (cachegrind on tests/doc/bench_doc).
     * The kept chunk bounds memory by the largest document. */
    wp__arena_reset(&b->arena);
    if (b->nanchors)
        memset(b->anchor_slots, 0, (b->anchor_mask + 1) * sizeof(*b->anchor_slots));
    b->depth = b->nkids = b->nanchors = b->nodes = 0;
    b->alias_nodes = 0;
    b->root = NULL;
    b->err = 0;
}

int
wp__build_fail(struct wp__build *b, int code, struct wp__pos at, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = wp__build_vfail(b, code, at, fmt, ap);
    va_end(ap);
    return rc;
}

int
wp__build_vfail(struct wp__build *b, int code, struct wp__pos at, const char *fmt, va_list ap)
{
    if (b->err)
        return b->err;
    b->err = code;
    wp__diag_vat_line(&b->ediag, code, b->src->name, at.line, at.column, fmt, ap);
    return code;
}

static int
oom(struct wp__build *b, struct wp__pos at)
{
    return wp__build_fail(b, WP_ENOMEM, at, "out of memory");
}

int
wp__build_top(const struct wp__build *b)
{
    return b->depth ? b->frames[b->depth - 1].node->kind : -1;
}

int
wp__build_wants_key(const struct wp__build *b)
{
    const struct wp__bframe *f = b->depth ? &b->frames[b->depth - 1] : NULL;

    return f && f->node->kind == WP__NODE_MAPPING && (b->nkids - f->base) % 2 == 0;
}

int
wp__build_check_len(struct wp__build *b, size_t len, struct wp__pos at)
{
    if (b->err)
        return b->err;
    if (len > b->max_scalar)
        return wp__build_fail(b, WP_ELIMIT, at, "scalar exceeds WP_LIMIT_SCALAR_LENGTH (%llu)",
                              (unsigned long long)b->max_scalar);
    if (len > b->max_key && wp__build_wants_key(b))
        return wp__build_fail(b, WP_ELIMIT, at, "key exceeds WP_LIMIT_KEY_LENGTH (%llu)",
                              (unsigned long long)b->max_key);
    return 0;
}

/* A node copied from @proto with @extra bytes after it, counted. */
static struct wp__node *
new_node(struct wp__build *b, const struct wp__node *proto, size_t extra, struct wp__pos at)
{
    struct wp__node *n;
    size_t bytes;

    if (++b->nodes > b->max_nodes) {
        wp__build_fail(b, WP_ELIMIT, at, "node count exceeds WP_LIMIT_NODES (%llu)",
                       (unsigned long long)b->max_nodes);
        return NULL;
    }
    if (wp__add_overflow(sizeof(*n), extra, &bytes) ||
        !(n = wp__arena_alloc(&b->arena, bytes))) {
        oom(b, at);
        return NULL;
    }
    *n = *proto;
    return n;
}

static uint64_t
hash_bytes(const char *s, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);

    while (n--)
        h = (h ^ (unsigned char)*s++) * UINT64_C(0x100000001b3);
    return h;
}

/* Slot of anchor @name in the hash: its entry, or the empty slot to use. */
static uint32_t *
anchor_slot(struct wp__build *b, const char *name, size_t len)
{
    size_t i = (size_t)hash_bytes(name, len) & b->anchor_mask;

    for (;; i = (i + 1) & b->anchor_mask) {
        uint32_t *s = &b->anchor_slots[i];
        const struct wp__anchor *a = *s ? &b->anchors[*s - 1] : NULL;
        if (!a || (a->len == len && !memcmp(a->name, name, len)))
            return s;
    }
}

static int
grow_anchor_slots(struct wp__build *b)
{
    size_t cap = b->anchor_slots ? (b->anchor_mask + 1) * 2 : 64;
    uint32_t *slots = wp__calloc(b->ctx, cap, sizeof(*slots));

    if (!slots)
        return WP_ENOMEM;
    wp__free(b->ctx, b->anchor_slots);
    b->anchor_slots = slots;
    b->anchor_mask = cap - 1;
    /* Re-insert oldest first, so a redefined name ends on its newest node. */
    for (size_t i = 0; i < b->nanchors; i++)
        *anchor_slot(b, b->anchors[i].name, b->anchors[i].len) = (uint32_t)(i + 1);
    return 0;
}

/* Define anchor @name for @n (NULL while @n is open) as anchors[*idx]. */
static int
define_anchor(struct wp__build *b, const char *name, const struct wp__node *n, size_t *idx)
{
    size_t len = strlen(name);
    struct wp__anchor *a;

    if ((b->nanchors + 1) * 2 > (b->anchor_slots ? b->anchor_mask + 1 : 0) &&
        grow_anchor_slots(b))
        return WP_ENOMEM;
    if (wp__reserve(b->ctx, (void **)&b->anchors, &b->anchors_cap, b->nanchors + 1,
                          sizeof(*a)))
        return WP_ENOMEM;
    a = &b->anchors[b->nanchors];
    if (!(a->name = wp__arena_strndup(&b->arena, name, len)))
        return WP_ENOMEM;
    a->len = len;
    a->node = n;
    a->weight = 1;
    *anchor_slot(b, name, len) = (uint32_t)++b->nanchors;
    *idx = b->nanchors - 1;
    return 0;
}

/* Copy tag and anchor into @n and define the anchor; *@anchor gets its
 * index (left alone without one). Callers skip the call when there are no
 * properties, as for nearly every node. */
static int
set_props(struct wp__build *b, struct wp__node *n, const struct wp__props *props,
          int complete, size_t *anchor)
{
    if (props->tag) {
        if (!(n->tag = wp__arena_strndup(&b->arena, props->tag, strlen(props->tag))))
            return oom(b, n->start);
        n->flags |= WP__NODE_TAGGED;
    }
    if (!props->anchor)
        return 0;
    if (define_anchor(b, props->anchor, complete ? n : NULL, anchor))
        return oom(b, n->start);
    n->anchor = b->anchors[*anchor].name;
    return 0;
}

/* Key checks, then append @n (of @weight expanded nodes) to the open
 * collection, or make it the root. */
static int
attach(struct wp__build *b, const struct wp__node *n, uint64_t weight)
{
    struct wp__bframe *f;

    if (!b->depth) {
        b->root = n;
        return 0;
    }
    f = &b->frames[b->depth - 1];
    if (f->node->kind == WP__NODE_MAPPING && !((b->nkids - f->base) & 1)) { /* a key */
        if (wp__node_is_scalar(n) && n->c.s.len > b->max_key)
            return wp__build_fail(b, WP_ELIMIT, n->start,
                                  "key exceeds WP_LIMIT_KEY_LENGTH (%llu)",
                                  (unsigned long long)b->max_key);
        if ((n->flags & WP__NODE_MERGE_KEY) && b->merge_keys) {
            if (f->merge != NONE)
                return wp__build_fail(b, WP_EMALFORMED, n->start, "duplicate key \"<<\"");
            f->merge = (b->nkids - f->base) / 2;
        }
    }
    if (b->nkids == b->kids_cap &&
        wp__reserve(b->ctx, (void **)&b->kids, &b->kids_cap, b->nkids + 1, sizeof(*b->kids)))
        return oom(b, n->start);
    b->kids[b->nkids++] = n;
    f->weight = wp__sat_add(f->weight, weight);
    return 0;
}

int
wp__build_scalar(struct wp__build *b, const struct wp__node *proto,
                 const struct wp__props *props)
{
    struct wp__node *n;
    size_t anchor = NONE;
    char *text;
    int rc;

    if ((rc = wp__build_check_len(b, proto->c.s.len, proto->start)))
        return rc;
    if (!(n = new_node(b, proto, proto->c.s.len + 1, proto->start)))
        return b->err;
    text = (char *)(n + 1);
    if (proto->c.s.len)
        memcpy(text, proto->c.s.text, proto->c.s.len);
    text[proto->c.s.len] = '\0';
    n->c.s.text = text;
    if (props && (props->tag || props->anchor) && (rc = set_props(b, n, props, 1, &anchor)))
        return rc;
    return attach(b, n, 1);
}

int
wp__build_open(struct wp__build *b, const struct wp__node *proto,
               const struct wp__props *props)
{
    struct wp__bframe *f;
    struct wp__node *n;

    if (b->err)
        return b->err;
    if (b->depth >= b->max_depth)
        return wp__build_fail(b, WP_ELIMIT, proto->start,
                              "nesting depth exceeds WP_LIMIT_NESTING_DEPTH (%llu)",
                              (unsigned long long)b->max_depth);
    if (!(n = new_node(b, proto, 0, proto->start)))
        return b->err;
    if (wp__reserve(b->ctx, (void **)&b->frames, &b->frames_cap, b->depth + 1,
                          sizeof(*b->frames)))
        return oom(b, proto->start);
    f = &b->frames[b->depth++];
    f->node = n;
    f->base = b->nkids;
    f->weight = 1;
    f->merge = NONE;
    f->anchor = NONE;
    return props && (props->tag || props->anchor) ? set_props(b, n, props, 0, &f->anchor) : 0;
}

static int
finish_sequence(struct wp__build *b, struct wp__bframe *f)
{
    size_t n = b->nkids - f->base, bytes;
    const struct wp__node **v = NULL;

    if (n) {
        if (wp__mul_overflow(n, sizeof(*v), &bytes) ||
            !(v = wp__arena_alloc(&b->arena, bytes)))
            return oom(b, f->node->start);
        memcpy(v, b->kids + f->base, bytes);
    }
    f->node->c.seq.v = v;
    f->node->c.seq.n = n;
    return 0;
}

int
wp__build_close(struct wp__build *b, struct wp__pos end)
{
    struct wp__bframe *f;
    struct wp__node *n;
    int rc;

    if (b->err)
        return b->err;
    f = &b->frames[b->depth - 1];
    n = f->node;
    rc = n->kind == WP__NODE_MAPPING ? wp__build_mapping(b, f) : finish_sequence(b, f);
    if (rc)
        return rc;
    /* A block collection ends with its last child, not at the next token. */
    n->end = n->style == WP__STYLE_BLOCK && b->nkids > f->base ? b->kids[b->nkids - 1]->end
                                                                : end;
    if (f->anchor != NONE) {
        b->anchors[f->anchor].node = n;
        b->anchors[f->anchor].weight = f->weight;
    }
    b->nkids = f->base;
    b->depth--;
    return attach(b, n, f->weight);
}

void
wp__build_shown(char *dst, size_t size, const char *s, size_t n)
{
    size_t i, max = size - 4;

    for (i = 0; i < n && i < max; i++)
        dst[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    if (i < n)
        memcpy(dst + i, "...", 4);
    else
        dst[i] = '\0';
}

int
wp__build_alias(struct wp__build *b, struct wp__pos start, struct wp__pos end,
                const char *name)
{
    size_t len = strlen(name);
    uint32_t slot = b->anchor_slots ? *anchor_slot(b, name, len) : 0;
    const struct wp__anchor *a = slot ? &b->anchors[slot - 1] : NULL;
    struct wp__node *n;
    char shown[64];

    if (b->err)
        return b->err;
    wp__build_shown(shown, sizeof(shown), name, len);
    if (!a)
        return wp__build_fail(b, WP_EMALFORMED, start, "undefined alias \"%s\"", shown);
    if (!a->node)
        return wp__build_fail(b, WP_EMALFORMED, start,
                              "anchor \"%s\" value contains itself", shown);
    b->alias_nodes = wp__sat_add(b->alias_nodes, a->weight);
    if (b->alias_nodes > b->max_alias)
        return wp__build_fail(b, WP_ELIMIT, start,
                              "alias expansion exceeds WP_LIMIT_ALIAS_EXPANSION (%llu)",
                              (unsigned long long)b->max_alias);
    if (!(n = new_node(b, a->node, 0, start)))
        return b->err;
    n->start = start;
    n->end = end;
    n->flags |= WP__NODE_ALIAS;
    n->anchor = NULL;
    n->alias_of = a->node;
    return attach(b, n, a->weight);
}
