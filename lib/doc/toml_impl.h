/*
 * State of one TOML read, shared by its parts: the scanner (toml_scan.c,
 * toml_string.c), the intermediate tree and TOML's table rules
 * (toml_table.c), nested values (toml_value.c) and emission to the tree
 * builder (toml_emit.c).
 *
 * Why an intermediate tree: a TOML table can be reopened from anywhere in
 * the file ([a.b] after [c], dotted keys into a table defined earlier), but
 * the builder takes each collection's children in one go. So the whole file
 * is parsed into this tree first, in an arena, and then handed to the
 * builder in one pass.
 */
#ifndef WP_DOC_TOML_IMPL_H
#define WP_DOC_TOML_IMPL_H

#include <stdint.h>

#include "core/arena.h"
#include "doc/build.h"
#include "doc/reader.h"

/* How a value came to be; for tables and arrays, what may extend them. */
enum wp__torigin {
    WP__T_SCALAR,
    WP__T_IMPLICIT,  /* a table named only as a prefix of a header: a in [a.b] */
    WP__T_HEADER,    /* a table defined by [a], an element of [[a]], the root */
    WP__T_DOTTED,    /* a table created or extended by dotted keys: a in a.b = 1 */
    WP__T_INLINE,    /* { ... }: closed once written */
    WP__T_ARRAY,     /* [ ... ]: closed once written */
    WP__T_AOT        /* the array that [[a]] appends to */
};

struct wp__tkey {
    const char *text;            /* decoded: in the source, or in the arena */
    size_t len;
    struct wp__pos start, end;
    uint8_t style;               /* PLAIN (bare), SINGLE_ or DOUBLE_QUOTED */
};

struct wp__tent;

struct wp__tval {
    uint8_t kind;                /* enum wp__node_kind */
    uint8_t style;               /* enum wp__style */
    uint8_t origin;              /* enum wp__torigin */
    uint32_t depth;              /* collections: nesting level, the root is 1 */
    uint32_t section;            /* DOTTED: the section whose keys made it so */
    struct wp__pos start, end;   /* end: its own; a table's span grows to
                                  * cover its entries when it is emitted */
    struct wp__pos def;          /* where it was defined, for messages */
    struct wp__tval *next;       /* next item of the array holding it */
    union {
        struct { const char *text; size_t len; int64_t i; int b; } s;
        struct { struct wp__tent *head, *tail; } tab;
        struct { struct wp__tval *head, *tail; } arr;
    } u;
};

struct wp__tent {
    struct wp__tent *next;       /* next entry of the same table */
    const struct wp__tval *owner;
    struct wp__tkey key;
    struct wp__tval *val;
};

struct wp__tframe {
    struct wp__tval *v;          /* an open array or table */
    const void *cur;             /* emitting: the next entry or item */
    struct wp__pos end;          /* emitting: the furthest end so far */
    int state;                   /* parsing: what may come next */
};

struct wp__tr {
    struct wp__reader rd;
    struct wp__build b;          /* limits, the first error, and the tree */
    const struct wp__src *src;
    const unsigned char *base, *p, *end;
    size_t line;                 /* 0-based line of the last position computed */
    struct wp__arena arena;      /* the intermediate tree */
    struct wp__tval *root, *cur; /* cur: the table of the current section */
    uint32_t section;            /* sections so far: 1 + headers */
    uint64_t nodes;              /* nodes the document will have */
    struct wp__tent **slots;     /* hash of (table, key) -> entry */
    size_t mask, nent;
    struct wp__tframe *stack;    /* open collections, parsing and emitting */
    size_t depth, stack_cap;
    char *buf;                   /* decoded text of the string being read */
    size_t buf_cap;
};

/* toml_scan.c */
/* Position of @at; positions asked for mostly grow, so this walks forward. */
struct wp__pos wp__tr_pos(struct wp__tr *t, const unsigned char *at);
/* Record an error at @at (the first one sticks); returns its code. */
int wp__tr_fail(struct wp__tr *t, const unsigned char *at, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int wp__tr_oom(struct wp__tr *t);
/* Refuse @len bytes of scalar (or of key, with @key) at @at. */
int wp__tr_check_len(struct wp__tr *t, size_t len, int key, struct wp__pos at);
/* Count @n more nodes, the first at @at. */
int wp__tr_count(struct wp__tr *t, unsigned n, struct wp__pos at);
/* What to say about the byte at t->p, which cannot start what was expected. */
int wp__tr_unexpected(struct wp__tr *t, const char *expected);
/* Control character or lone CR at @at inside @what ("string", "comment"). */
int wp__tr_control(struct wp__tr *t, const unsigned char *at, const char *what);
void wp__tr_ws(struct wp__tr *t);
/* Length of the line break at @p: LF or CRLF; 0 if none. */
size_t wp__tr_newline(const struct wp__tr *t, const unsigned char *p);
/* A comment from '#' to its line break, which is left in place. */
int wp__tr_comment(struct wp__tr *t);
/* Whitespace, an optional comment, then a line break or the end of input. */
int wp__tr_eol(struct wp__tr *t, const char *expected);
/* One key: bare, "basic" or 'literal'. */
int wp__tr_key(struct wp__tr *t, struct wp__tkey *k);
/* A boolean or an integer into @v; floats, dates and times are refused. */
int wp__tr_word(struct wp__tr *t, struct wp__tval *v);

/* toml_string.c: the string at t->p (on its opening quote). @key refuses
 * multi-line strings and applies the key length limit. */
int wp__tr_string(struct wp__tr *t, int key, const char **text, size_t *len, uint8_t *style);

/* toml_table.c */
struct wp__tval *wp__tr_new(struct wp__tr *t, int kind, int origin, struct wp__pos start);
/* A [table] or [[array of tables]] header; t->cur becomes its table. */
int wp__tr_header(struct wp__tr *t);
/* A dotted key and its '=' into @tab: *@e gets the new entry, whose value
 * is still to be read. Tables the key creates are BLOCK, even inside an
 * inline table: only braces make a FLOW table. */
int wp__tr_keyval(struct wp__tr *t, struct wp__tval *tab, struct wp__tent **e);
/* Push @v as an open collection; returns its frame, or NULL (error set). */
struct wp__tframe *wp__tr_push(struct wp__tr *t, struct wp__tval *v);

/* toml_value.c: the value of @e, nested arrays and inline tables included. */
int wp__tr_value(struct wp__tr *t, struct wp__tent *e);

/* toml_emit.c: the finished tree to the builder. */
int wp__tr_emit(struct wp__tr *t);

/*
 * toml_verify.c, for tests and fuzz targets: NULL when a TOML document keeps
 * its promises (see there), else what it breaks. wp__doc_verify does not
 * apply: it wants siblings in source order, and TOML tables can be reopened.
 */
const char *wp__toml_verify(const struct wp__doc *doc);

#endif
