/*
 * Building one document tree from node events (scalar, open, close, alias),
 * the way both readers see their input. An explicit stack replaces
 * recursion, so a 100,000-deep `[[[[` costs one refusal at the depth limit
 * instead of a stack overflow. Children wait in one shared vector until
 * their collection closes and are then copied into the arena at their final
 * size: no per-node malloc, no realloc of tree arrays.
 *
 * The builder enforces the per-document limits of the context (nodes,
 * nesting depth, alias expansion, key and scalar length). The first error of
 * a document sticks: later calls return it until wp__build_end().
 */
#ifndef WP_DOC_BUILD_H
#define WP_DOC_BUILD_H

#include <stdarg.h>
#include <stdint.h>

#include "core/arena.h"
#include "doc/source.h"
#include "doc/tree.h"

struct wp__bframe {
    struct wp__node *node;   /* the open collection */
    size_t base;             /* its first child in kids[] */
    uint64_t weight;         /* nodes below it, aliases expanded */
    size_t anchor;           /* index in anchors[] to complete, or SIZE_MAX */
    size_t merge;            /* pair index of its `<<` key, or SIZE_MAX */
};

struct wp__anchor {
    const char *name;              /* arena copy */
    size_t len;
    const struct wp__node *node;   /* NULL while the anchored node is open */
    uint64_t weight;               /* nodes reachable from it, aliases expanded */
};

struct wp__build {
    const struct wp__src *src;
    const wp_context *ctx;
    struct wp__arena arena;        /* the current document's nodes; reset
                                    * between documents */
    struct wp__bframe *frames;
    size_t depth, frames_cap;
    const struct wp__node **kids;  /* children of the open collections */
    size_t nkids, kids_cap;
    struct wp__anchor *anchors;    /* in definition order */
    size_t nanchors, anchors_cap;
    uint32_t *anchor_slots;        /* hash: 1 + index of the newest anchor */
    size_t anchor_mask;
    uint32_t *key_slots;           /* scratch hash for mapping keys */
    size_t key_slots_cap;
    const struct wp__node *root;
    size_t nodes;
    uint64_t alias_nodes;          /* nodes reached through aliases so far */
    uint64_t max_depth, max_nodes, max_alias, max_key, max_scalar;
    int merge_keys;                /* honour `<<` (YAML, not JSON) */
    int err;                       /* first error of the document */
    struct wp_diag ediag;          /* its details */
};

/* Node properties that need copying into the arena. */
struct wp__props {
    const char *tag;               /* NUL-terminated, or NULL */
    const char *anchor;            /* NUL-terminated, or NULL */
};

void wp__build_init(struct wp__build *b, const struct wp__src *src, int merge_keys);
/* Frees the scratch stacks and any document still being built. */
void wp__build_release(struct wp__build *b);

/* Start a document / drop it. Its nodes must not be used after _end. */
void wp__build_begin(struct wp__build *b);
void wp__build_end(struct wp__build *b);

/*
 * Add a scalar: @proto carries kind, style, flags, value, positions and in
 * c.s the text to copy. Returns 0 or the document's error code.
 */
int wp__build_scalar(struct wp__build *b, const struct wp__node *proto,
                     const struct wp__props *props);
/* Open a collection (@proto: kind, style, flags, start). */
int wp__build_open(struct wp__build *b, const struct wp__node *proto,
                   const struct wp__props *props);
/* Close the innermost collection; @end ends a flow collection (block
 * collections end where their last child does). */
int wp__build_close(struct wp__build *b, struct wp__pos end);
int wp__build_alias(struct wp__build *b, struct wp__pos start, struct wp__pos end,
                    const char *name);

/* Refuse early a scalar of @len bytes about to be built at @at. */
int wp__build_check_len(struct wp__build *b, size_t len, struct wp__pos at);

/* Kind of the innermost open collection, or -1 at the top level. */
int wp__build_top(const struct wp__build *b);
/* Nonzero when the next node would be a mapping key. */
int wp__build_wants_key(const struct wp__build *b);

/* Record an error at @at (the first one sticks) and return its code. */
int wp__build_fail(struct wp__build *b, int code, struct wp__pos at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int wp__build_vfail(struct wp__build *b, int code, struct wp__pos at, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* @s as it may appear in a message: printable ASCII, truncated with "...". */
void wp__build_shown(char *dst, size_t size, const char *s, size_t n);

/* Complete the mapping of frame @f: duplicate keys and `<<` merges. */
int wp__build_mapping(struct wp__build *b, struct wp__bframe *f);

static inline uint64_t
wp__sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

#endif
