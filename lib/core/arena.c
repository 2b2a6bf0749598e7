/* Bump allocator with geometric chunk growth. */
#include <stdalign.h>
#include <string.h>

#include "core/arena.h"
#include "core/overflow.h"

struct wp__arena_chunk {
    struct wp__arena_chunk *next;
    alignas(max_align_t) unsigned char data[];
};

#define ARENA_MIN_CHUNK 4096u

void
wp__arena_init(struct wp__arena *a, const wp_context *ctx)
{
    memset(a, 0, sizeof(*a));
    a->ctx = ctx;
}

void
wp__arena_release(struct wp__arena *a)
{
    struct wp__arena_chunk *c = a->head, *next;

    for (; c; c = next) {
        next = c->next;
        wp__free(a->ctx, c);
    }
    a->head = NULL;
    a->used = a->cap = a->total = 0;
}

void
wp__arena_reset(struct wp__arena *a)
{
    struct wp__arena_chunk *c, *next;

    if (!a->head)
        return;
    for (c = a->head->next; c; c = next) {
        next = c->next;
        wp__free(a->ctx, c);
    }
    a->head->next = NULL;
    a->used = 0;
    a->total = 0;
}

/* @align is a power of two no larger than max_align_t's alignment, which
 * chunk data has: offsets aligned in a chunk are aligned in memory. */
static void *
alloc_aligned(struct wp__arena *a, size_t size, size_t align)
{
    size_t at, cap, bytes;
    struct wp__arena_chunk *c;

    if (!size)
        size = 1;
    if (a->head) {
        at = (a->used + align - 1) & ~(align - 1);
        if (at <= a->cap && a->cap - at >= size) {
            a->used = at + size;
            a->total += size;
            return a->head->data + at;
        }
    }
    cap = a->cap ? a->cap * 2 : ARENA_MIN_CHUNK;
    if (cap < size)
        cap = size;
    if (wp__add_overflow(cap, sizeof(*c), &bytes))
        return NULL;
    c = wp__malloc(a->ctx, bytes);
    if (!c)
        return NULL;
    c->next = a->head;
    a->head = c;
    a->cap = cap;
    a->used = size;
    a->total += size;
    return c->data;
}

void *
wp__arena_alloc(struct wp__arena *a, size_t size)
{
    return alloc_aligned(a, size, alignof(max_align_t));
}

char *
wp__arena_strndup(struct wp__arena *a, const char *s, size_t n)
{
    size_t bytes;
    char *p;

    if (wp__add_overflow(n, 1, &bytes))
        return NULL;
    /* Strings need no alignment: packing them saves a third of a model's
     * string bytes. */
    p = alloc_aligned(a, bytes, 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
