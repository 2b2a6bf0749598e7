/*
 * Completing a mapping: duplicate keys are errors (which value wins depends
 * on the decoder, so a second `automountServiceAccountToken:` could hide the
 * first), and `<<` merges bring in the entries of other mappings. Explicit
 * keys win over merged ones wherever they appear, and among merged mappings
 * the earlier wins, as in go-yaml. Merged entries point at the merged
 * mapping's nodes: nothing is copied but the entry itself.
 *
 * Keys are compared by resolved value, as the decoder sees them: `on` and
 * `true` are the same key, `"on"` is another. Small mappings are searched
 * linearly; bigger ones through a scratch hash, so a 100,000-key mapping
 * costs linear time, not quadratic.
 */
#include <string.h>

#include "core/overflow.h"
#include "doc/build.h"

#define LINEAR_MAX 8u

struct keys {
    struct wp__entry *e;     /* entries so far */
    size_t n;
    uint32_t *slots;         /* 1 + index into e[], or 0; NULL: linear */
    size_t mask;
};

static uint64_t
key_hash(const struct wp__node *k)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ k->kind;

    switch (k->kind) {
    case WP__NODE_NULL:
        break;
    case WP__NODE_BOOL:
        h ^= (uint64_t)k->v.b + 1;
        break;
    case WP__NODE_INT:
        h ^= k->v.u;
        break;
    case WP__NODE_FLOAT:
    case WP__NODE_STRING:
        for (size_t i = 0; i < k->c.s.len; i++)
            h = (h ^ (unsigned char)k->c.s.text[i]) * UINT64_C(0x100000001b3);
        break;
    default:
        h ^= (uint64_t)(uintptr_t)k;
    }
    return h * UINT64_C(0x9e3779b97f4a7c15);
}

static int
key_eq(const struct wp__node *a, const struct wp__node *b)
{
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case WP__NODE_STRING: /* nearly every key: look at one byte before memcmp */
        return a->c.s.len == b->c.s.len && (!a->c.s.len || a->c.s.text[0] == b->c.s.text[0]) &&
               !memcmp(a->c.s.text, b->c.s.text, a->c.s.len);
    case WP__NODE_NULL:
        return 1;
    case WP__NODE_BOOL:
        return a->v.b == b->v.b;
    case WP__NODE_INT:
        return a->v.u == b->v.u && (a->flags & WP__NODE_UNSIGNED) == (b->flags & WP__NODE_UNSIGNED);
    case WP__NODE_FLOAT:
        return a->c.s.len == b->c.s.len && !memcmp(a->c.s.text, b->c.s.text, a->c.s.len);
    }
    return a == b; /* collections as keys: only the same node */
}

static int
keys_init(struct wp__build *b, struct keys *ks, struct wp__entry *e, size_t upper)
{
    size_t cap = 16;

    memset(ks, 0, sizeof(*ks));
    ks->e = e;
    if (upper <= LINEAR_MAX)
        return 0;
    while (cap < upper * 2)
        if (wp__mul_overflow(cap, 2, &cap))
            return WP_ENOMEM;
    if (wp__reserve(b->ctx, (void **)&b->key_slots, &b->key_slots_cap, cap,
                          sizeof(*b->key_slots)))
        return WP_ENOMEM;
    memset(b->key_slots, 0, cap * sizeof(*b->key_slots));
    ks->slots = b->key_slots;
    ks->mask = cap - 1;
    return 0;
}

/* The entry whose key equals @k; with hashing, *@slot is where to add it. */
static const struct wp__entry *
keys_find(const struct keys *ks, const struct wp__node *k, uint32_t **slot)
{
    size_t i;

    if (!ks->slots) {
        for (i = 0; i < ks->n; i++)
            if (key_eq(ks->e[i].key, k))
                return &ks->e[i];
        return NULL;
    }
    for (i = (size_t)key_hash(k) & ks->mask;; i = (i + 1) & ks->mask) {
        *slot = &ks->slots[i];
        if (!**slot)
            return NULL;
        if (key_eq(ks->e[**slot - 1].key, k))
            return &ks->e[**slot - 1];
    }
}

/* Add the entry unless its key is present; returns the one already there. */
static const struct wp__entry *
keys_add(struct keys *ks, const struct wp__node *k, const struct wp__node *v, unsigned merged)
{
    uint32_t *slot = NULL;
    const struct wp__entry *old = keys_find(ks, k, &slot);

    if (old)
        return old;
    if (slot)
        *slot = (uint32_t)(ks->n + 1);
    ks->e[ks->n].key = k;
    ks->e[ks->n].value = v;
    ks->e[ks->n].merged = merged;
    ks->n++;
    return NULL;
}

static int
duplicate(struct wp__build *b, const struct wp__node *k, const struct wp__entry *first)
{
    char shown[64];

    if (!wp__node_is_scalar(k))
        return wp__build_fail(b, WP_EMALFORMED, k->start, "duplicate key");
    wp__build_shown(shown, sizeof(shown), k->c.s.text, k->c.s.len);
    return wp__build_fail(b, WP_EMALFORMED, k->start,
                          "duplicate key \"%s\" (first defined at line %u, column %u)", shown,
                          first->key->start.line, first->key->start.column);
}

/* Check that the `<<` value is a mapping or a sequence of mappings; count
 * the entries they bring into *@total. */
static int
check_sources(struct wp__build *b, const struct wp__node *const *src, size_t nsrc,
              size_t *total)
{
    *total = 0;
    for (size_t i = 0; i < nsrc; i++) {
        if (src[i]->kind != WP__NODE_MAPPING)
            return wp__build_fail(b, WP_EMALFORMED, src[i]->start,
                                  "map merge requires map or sequence of maps as the value");
        if (wp__add_overflow(*total, src[i]->c.map.n, total))
            return wp__build_fail(b, WP_ENOMEM, src[i]->start, "out of memory");
    }
    return 0;
}

static int
add_explicit(struct wp__build *b, struct wp__bframe *f, struct keys *ks)
{
    size_t npairs = (b->nkids - f->base) / 2;
    const struct wp__entry *old;

    for (size_t i = 0; i < npairs; i++) {
        const struct wp__node *k = b->kids[f->base + 2 * i], *v = b->kids[f->base + 2 * i + 1];
        if (i == f->merge)
            continue;
        if ((old = keys_add(ks, k, v, 0)))
            return duplicate(b, k, old);
    }
    return 0;
}

int
wp__build_mapping(struct wp__build *b, struct wp__bframe *f)
{
    const struct wp__node *mv = NULL, *const *src = &mv;
    size_t npairs = (b->nkids - f->base) / 2, nsrc = 0, merged = 0, upper, bytes;
    struct wp__entry *e = NULL;
    struct keys ks;
    int rc;

    if (f->merge != SIZE_MAX) {
        mv = b->kids[f->base + 2 * f->merge + 1];
        nsrc = 1;
        if (mv->kind == WP__NODE_SEQUENCE) {
            src = mv->c.seq.v;
            nsrc = mv->c.seq.n;
        }
        if ((rc = check_sources(b, src, nsrc, &merged)))
            return rc;
    }
    if (wp__add_overflow(npairs, merged, &upper) ||
        wp__mul_overflow(upper, sizeof(*e), &bytes) ||
        (upper && !(e = wp__arena_alloc(&b->arena, bytes))) || keys_init(b, &ks, e, upper))
        return wp__build_fail(b, WP_ENOMEM, f->node->start, "out of memory");
    if ((rc = add_explicit(b, f, &ks)))
        return rc;
    for (size_t i = 0; i < nsrc; i++)
        for (size_t j = 0; j < src[i]->c.map.n; j++)
            keys_add(&ks, src[i]->c.map.v[j].key, src[i]->c.map.v[j].value, 1);
    f->node->c.map.v = e;
    f->node->c.map.n = ks.n;
    return 0;
}
