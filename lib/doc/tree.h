/*
 * The positioned document tree: the one type the YAML and JSON readers
 * produce and every later layer (model, rules, reports) reads.
 *
 * Positions are 1-based lines and 1-based columns counted in BYTES from the
 * start of the line (a UTF-8 "é" is two columns), plus 0-based byte offsets
 * into the source. An end position is exclusive: it is the first byte after
 * the node. Line breaks are those of YAML 1.1 (LF, CRLF, CR, NEL, LS, PS), as
 * libyaml counts them; a UTF-8 BOM at the start of the input belongs to no
 * line, so the first character after it is line 1, column 1.
 *
 * Every node of a document lives in the document's arena and is freed with
 * it: pointers into a tree are valid only while its document is.
 */
#ifndef WP_DOC_TREE_H
#define WP_DOC_TREE_H

#include <stddef.h>
#include <stdint.h>

struct wp__src;

enum wp__node_kind {
    WP__NODE_NULL,
    WP__NODE_BOOL,
    WP__NODE_INT,
    WP__NODE_FLOAT,
    WP__NODE_STRING,
    WP__NODE_MAPPING,
    WP__NODE_SEQUENCE
};

/* How the node was written. Only plain scalars are typed by YAML 1.1
 * resolution; every other scalar style is a string. */
enum wp__style {
    WP__STYLE_PLAIN,
    WP__STYLE_SINGLE_QUOTED,
    WP__STYLE_DOUBLE_QUOTED,  /* also every JSON string */
    WP__STYLE_LITERAL,        /* | */
    WP__STYLE_FOLDED,         /* > */
    WP__STYLE_BLOCK,          /* collections in block style */
    WP__STYLE_FLOW            /* [..] {..}, and every JSON collection */
};

/* Node flags. */
#define WP__NODE_ALIAS     0x01u /* an alias occurrence: see alias_of */
#define WP__NODE_TAGGED    0x02u /* carries an explicit tag (see tag) */
#define WP__NODE_IMPLICIT  0x04u /* empty scalar with no text at all (`a:`) */
#define WP__NODE_UNSIGNED  0x08u /* INT above INT64_MAX: the value is in v.u */
#define WP__NODE_TIMESTAMP 0x10u /* plain string YAML 1.1 resolves as a
                                  * timestamp (2024-01-02); kept as a string */
#define WP__NODE_MERGE_KEY 0x20u /* the plain scalar `<<`; as a key it merges
                                  * and its entry is not kept */

struct wp__pos {
    uint32_t line;    /* 1-based */
    uint32_t column;  /* 1-based, in bytes */
    uint32_t offset;  /* 0-based byte offset into the source */
};

struct wp__entry;

struct wp__node {
    uint8_t kind;                   /* enum wp__node_kind */
    uint8_t style;                  /* enum wp__style */
    uint16_t flags;                 /* WP__NODE_* */
    struct wp__pos start, end;      /* end is exclusive */
    union {
        struct { const char *text; size_t len; } s;   /* scalars: the value as
                                                       * written, unescaped,
                                                       * NUL-terminated */
        struct { const struct wp__entry *v; size_t n; } map;
        struct { const struct wp__node *const *v; size_t n; } seq;
    } c;
    union {                         /* the typed value of a scalar */
        int b;
        int64_t i;
        uint64_t u;                 /* INT with WP__NODE_UNSIGNED */
        double f;
    } v;
    const char *tag;                /* explicit tag (libyaml's resolved form,
                                     * "tag:yaml.org,2002:str"), else NULL */
    const char *anchor;             /* name of `&anchor` on this node, or NULL */
    const struct wp__node *alias_of;/* alias occurrences: the anchored node. The
                                     * occurrence shares the anchored node's
                                     * content and children, so positions
                                     * below it point into the anchor. */
};

/* A mapping entry. Entries keep source order; entries brought in by a `<<`
 * merge come after the explicit ones, with merged set, and their key and
 * value positions point into the merged mapping. The `<<` entry itself is
 * not kept: keys an explicit entry already has are not merged again. */
struct wp__entry {
    const struct wp__node *key, *value;
    unsigned merged;
};

/* One document as delivered to a reader's callback. */
struct wp__doc {
    const struct wp__src *src;
    const struct wp__node *root;
    size_t index;                 /* 0-based position of the document in the
                                   * stream; errors carry the same index */
    const struct wp__node *list;  /* List items: the List document's root */
    size_t item;                  /* List items: index in items[] */
    size_t nodes;                 /* nodes built for the whole document */
    size_t bytes;                 /* arena bytes used by the document */
};

static inline int
wp__node_is_scalar(const struct wp__node *n)
{
    return n && n->kind < WP__NODE_MAPPING;
}

static inline int
wp__node_is_quoted(const struct wp__node *n)
{
    return n->style == WP__STYLE_SINGLE_QUOTED || n->style == WP__STYLE_DOUBLE_QUOTED;
}

/* Entries of a mapping / items of a sequence; 0 for anything else. */
size_t wp__node_count(const struct wp__node *n);
/* Item @i of a sequence, or NULL (out of range, not a sequence). */
const struct wp__node *wp__node_item(const struct wp__node *seq, size_t i);
/* Value for the scalar key whose text is @key, or NULL. The match is on the
 * key's text as written, whatever the key resolved to (`on:` is found by
 * "on"); explicit entries are searched before merged ones. */
const struct wp__node *wp__node_get(const struct wp__node *map, const char *key);
const struct wp__node *wp__node_getn(const struct wp__node *map, const char *key,
                                     size_t len);
/* The entry itself (for the key's position), or NULL. */
const struct wp__entry *wp__node_entry(const struct wp__node *map, const char *key,
                                       size_t len);
/*
 * Follow @path from @root: keys separated by '.', sequence indexes as [N],
 * and keys holding dots or brackets as ["k.e/y"] or ['k']. Examples:
 *   spec.template.spec.volumes[2].hostPath
 *   metadata.annotations["kubernetes.io/ingress.class"]
 * Returns NULL when any step is missing or the path is malformed.
 */
const struct wp__node *wp__node_path(const struct wp__node *root, const char *path);
/* Scalar text, or NULL for collections; @len may be NULL. */
const char *wp__node_text(const struct wp__node *n, size_t *len);
/* "null", "bool", "int", "float", "string", "mapping", "sequence". */
const char *wp__node_kind_name(enum wp__node_kind kind);

#endif
