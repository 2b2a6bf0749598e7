/*
 * Model values: the normalised fields of a subject, as a small tree.
 *
 * The model copies out of a document only what it means (a pod's service
 * account, its volumes, a component's grants) so that the document tree
 * can be dropped as soon as it is read; a 20,000-document stream never
 * holds more than one tree. Each value keeps the source span of the node
 * it came from. A value the model inferred (a defaulted namespace, the
 * "default" service account) has no node of its own: it is marked DERIVED
 * and carries the span of the node it was inferred at, which is where a
 * finding about it must point.
 *
 * Children are kept as a singly linked list, so joins can add fields to a
 * subject after all inputs are read. Keys of the model's own fields are
 * string literals and are not copied; keys that come from the input
 * (label names, env names) are copied into the model arena.
 */
#ifndef WP_MODEL_VALUE_H
#define WP_MODEL_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "doc/tree.h"

enum wp__mv_kind {
    WP__MV_NULL,
    WP__MV_BOOL,
    WP__MV_INT,
    WP__MV_STRING,
    WP__MV_LIST,
    WP__MV_MAP
};

#define WP__MV_DERIVED 0x1u  /* inferred: the span is where it was inferred */
#define WP__MV_NOPOS   0x2u  /* no position at all (joined summaries) */

struct wp__mv {
    uint8_t kind;             /* enum wp__mv_kind */
    uint8_t flags;            /* WP__MV_* */
    uint32_t count;           /* children of a list or map */
    struct wp__pos start, end;
    const char *key;          /* in a map: the key, NUL-terminated */
    union {                   /* by kind: a model holds tens of thousands
                               * of values, so lists and maps keep their
                               * children where scalars keep their value */
        int b;
        int64_t i;
        struct { const char *p; size_t len; } s;   /* NUL-terminated */
        struct { struct wp__mv *first, *last; } kids;
    } v;
    struct wp__mv *next;      /* next sibling */
};

/* Where values are allocated; the model's arena. */
struct wp__mvb {
    struct wp__arena *arena;
    int err;                  /* WP_ENOMEM once an allocation failed; the
                               * builders then return NULL and stay quiet,
                               * so callers check once at the end */
};

/* A value spanning @n (or derived at it when @derived). */
struct wp__mv *wp__mv_new(struct wp__mvb *b, enum wp__mv_kind kind,
                          const struct wp__node *n, unsigned flags);
/* Append @child to list/map @parent under @key (maps; NULL for lists).
 * Returns @child; NULL children and parents are ignored. */
struct wp__mv *wp__mv_add(struct wp__mv *parent, const char *key, struct wp__mv *child);

/* Give @v the span of @at, marked DERIVED (for values joins infer from
 * other values once the document trees are gone). Returns @v. */
struct wp__mv *wp__mv_place(struct wp__mv *v, const struct wp__mv *at);

/* Values joins and linking infer from other values once the trees are
 * gone: created, appended and placed (DERIVED) at @at in one step. */
struct wp__mv *wp__mv_str_at(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                             const char *s, const struct wp__mv *at);
struct wp__mv *wp__mv_lit_at(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                             const char *lit, const struct wp__mv *at);
struct wp__mv *wp__mv_bool_at(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                              int v, const struct wp__mv *at);
struct wp__mv *wp__mv_map_at(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                             const struct wp__mv *at);
struct wp__mv *wp__mv_list_at(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                              const struct wp__mv *at);

/* Shorthands that create and append in one step. @at gives the span. */
struct wp__mv *wp__mv_str(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                          const char *s, size_t len, const struct wp__node *at,
                          unsigned flags);
/* A string value that is a literal of the library (a mode, a role, a
 * platform name): not copied, so it must outlive the model. */
struct wp__mv *wp__mv_lit(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                          const char *lit, const struct wp__node *at, unsigned flags);
struct wp__mv *wp__mv_bool(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                           int v, const struct wp__node *at, unsigned flags);
struct wp__mv *wp__mv_int(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                          int64_t v, const struct wp__node *at, unsigned flags);
struct wp__mv *wp__mv_map(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                          const struct wp__node *at, unsigned flags);
struct wp__mv *wp__mv_list(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                           const struct wp__node *at, unsigned flags);
/* Copy a scalar node as it is typed (string, bool, int; floats and nulls
 * as their text / null). Collections are not copied: NULL. */
struct wp__mv *wp__mv_scalar(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                             const struct wp__node *n);
/* Copy a whole node (bounded by the document's own limits, no recursion). */
struct wp__mv *wp__mv_copy(struct wp__mvb *b, struct wp__mv *parent, const char *key,
                           const struct wp__node *n);
/* Copy @key into the arena (for keys that come from the input). */
const char *wp__mv_key(struct wp__mvb *b, const char *s, size_t len);

/* Lookups. */
const struct wp__mv *wp__mv_get(const struct wp__mv *map, const char *key);
/* Dotted path of map keys and [N] list indexes: "pod.volumes[0].hostPath.path". */
const struct wp__mv *wp__mv_path(const struct wp__mv *root, const char *path);
/* String text or NULL; boolean value or -1 when not a boolean. */
const char *wp__mv_text(const struct wp__mv *v);
int wp__mv_truth(const struct wp__mv *v);

#endif
