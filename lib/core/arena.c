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

void *
wp__arena_alloc(struct wp__arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size_t need, cap, bytes;
    struct wp__arena_chunk *c;

    if (wp__add_overflow(size, align - 1, &need))
        return NULL;
    need &= ~(align - 1);
    if (!need)
        need = align;
    if (a->head && a->cap - a->used >= need) {
        void *p = a->head->data + a->used;
        a->used += need;
        a->total += need;
        return p;
    }
    cap = a->cap ? a->cap * 2 : ARENA_MIN_CHUNK;
    if (cap < need)
        cap = need;
    if (wp__add_overflow(cap, sizeof(*c), &bytes))
        return NULL;
    c = wp__malloc(a->ctx, bytes);
    if (!c)
        return NULL;
    c->next = a->head;
    a->head = c;
    a->cap = cap;
    a->used = need;
    a->total += need;
    return c->data;
}

char *
wp__arena_strndup(struct wp__arena *a, const char *s, size_t n)
{
    size_t bytes;
    char *p;

    if (wp__add_overflow(n, 1, &bytes))
        return NULL;
    p = wp__arena_alloc(a, bytes);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
