/*
 * The failing allocator of the allocation-failure tests: it fails the
 * fail_at-th call (0-based; -1: none) and counts live blocks, so a test can
 * sweep every allocation of an operation and check that each failure is
 * answered with WP_ENOMEM and gives every block back.
 */
#ifndef WP_TESTS_CHAOS_H
#define WP_TESTS_CHAOS_H

#include <stdlib.h>

struct chaos {
    long calls;       /* allocator calls since armed */
    long fail_at;     /* the call that fails; -1: none */
    long failed;
    long live;        /* blocks currently allocated */
};

static void *
c_malloc(size_t size, void *user)
{
    struct chaos *c = user;
    void *p;

    if (c->calls++ == c->fail_at) {
        c->failed++;
        return NULL;
    }
    if ((p = malloc(size)))
        c->live++;
    return p;
}

static void *
c_realloc(void *ptr, size_t size, void *user)
{
    struct chaos *c = user;
    void *p;

    if (c->calls++ == c->fail_at) {
        c->failed++;
        return NULL;
    }
    if ((p = realloc(ptr, size)) && !ptr)
        c->live++;
    return p;
}

static void
c_free(void *ptr, void *user)
{
    struct chaos *c = user;

    if (ptr) {
        c->live--;
        free(ptr);
    }
}

#endif
