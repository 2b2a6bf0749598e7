/* A bump allocator: many small objects, freed together with their owner. */
#ifndef WP_CORE_ARENA_H
#define WP_CORE_ARENA_H

#include <stddef.h>

#include "core/context.h"

struct wp__arena_chunk;

struct wp__arena {
    const wp_context *ctx;
    struct wp__arena_chunk *head;
    size_t used, cap;   /* of head */
    size_t total;       /* bytes handed out, for limits and measurements */
};

void wp__arena_init(struct wp__arena *a, const wp_context *ctx);
void wp__arena_release(struct wp__arena *a);
/* Forget everything allocated but keep the newest (largest) chunk, so an
 * owner that fills and empties the arena repeatedly stops calling malloc. */
void wp__arena_reset(struct wp__arena *a);
/* Aligned for any object; NULL on overflow or allocation failure. */
void *wp__arena_alloc(struct wp__arena *a, size_t size);
/* Copy n bytes and append a NUL. */
char *wp__arena_strndup(struct wp__arena *a, const char *s, size_t n);

#endif
