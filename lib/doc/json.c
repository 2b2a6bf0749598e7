/*
 * Strict JSON (RFC 8259) into the same positioned tree as YAML.
 *
 * Why not jansson: it keeps no position for values (only for its errors)
 * and allocates through a process-global allocator, outside the context's.
 * Why not libyaml, although JSON is nearly a YAML flow document: measured on
 * libyaml 0.2.5, it rejects valid JSON (keys longer than 1024 characters; a
 * line break between a key and its ':'; a tab before the top-level value;
 * DEL and C1 characters inside strings) and silently changes other input (a
 * raw U+0085 inside a string is folded to a space; it and U+2028 count as
 * line breaks, shifting every later line number). So this is a small state
 * machine over bytes, driving the tree builder like the YAML reader does:
 * same limits, same explicit stack, exact byte positions, and duplicate keys
 * caught by the builder. jansson stays the reference for what is JSON: the
 * unit tests and the fuzz target check that both accept the same inputs.
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "core/diag.h"
#include "doc/json_impl.h"
#include "doc/scalar.h"

enum state { VALUE, FIRST_KEY, KEY, COLON, FIRST_ITEM, ITEM, AFTER };

struct wp__pos
wp__jr_pos(struct wp__jr *j, const unsigned char *at)
{
    const struct wp__src *s = j->src;
    size_t off = (size_t)(at - j->base);
    struct wp__pos pos;

    if (off < s->lines[j->line])
        return wp__src_pos(s, off);
    while (j->line + 1 < s->nlines && s->lines[j->line + 1] <= off)
        j->line++;
    pos.line = (uint32_t)j->line + 1;
    pos.column = (uint32_t)(off - s->lines[j->line]) + 1;
    pos.offset = (uint32_t)off;
    return pos;
}

int
wp__jr_fail(struct wp__jr *j, const unsigned char *at, int code, const char *fmt, ...)
{
    struct wp__pos pos = wp__jr_pos(j, at);
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = wp__build_vfail(&j->b, code, pos, fmt, ap);
    va_end(ap);
    return rc;
}

static void
skip_ws(struct wp__jr *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
        j->p++;
}

/* What to say about a byte that cannot start what was expected. */
static int
unexpected(struct wp__jr *j, const char *expected)
{
    unsigned char c;

    if (j->p >= j->end && !j->b.depth)
        return wp__jr_fail(j, j->p, WP_EMALFORMED, "unexpected end of input: %s", expected);
    if (j->p >= j->end) {
        struct wp__pos o = j->b.frames[j->b.depth - 1].node->start;
        return wp__jr_fail(j, j->p, WP_EMALFORMED,
                           "unexpected end of input: %s (the %s opened at line %u, column %u "
                           "is not closed)",
                           expected, wp__build_top(&j->b) == WP__NODE_MAPPING ? "object" : "array",
                           o.line, o.column);
    }
    c = *j->p;
    if (c == '/' || c == '#')
        return wp__jr_fail(j, j->p, WP_EMALFORMED, "comments are not allowed in JSON");
    if (c == '\'')
        return wp__jr_fail(j, j->p, WP_EMALFORMED,
                           "single-quoted strings are not allowed in JSON");
    if (c >= 0x20 && c < 0x7f)
        return wp__jr_fail(j, j->p, WP_EMALFORMED, "unexpected character '%c': %s", c,
                           expected);
    return wp__jr_fail(j, j->p, WP_EMALFORMED, "unexpected byte 0x%02x: %s", c, expected);
}

static int
is_word(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '$';
}

static int
literal(struct wp__jr *j)
{
    const unsigned char *s = j->p;
    struct wp__node n;
    size_t len = 0;

    while (s + len < j->end && is_word(s[len]))
        len++;
    memset(&n, 0, sizeof(n));
    if (len == 4 && !memcmp(s, "true", 4)) {
        n.kind = WP__NODE_BOOL;
        n.v.b = 1;
    } else if (len == 5 && !memcmp(s, "false", 5)) {
        n.kind = WP__NODE_BOOL;
    } else if (len == 4 && !memcmp(s, "null", 4)) {
        n.kind = WP__NODE_NULL;
    } else {
        return wp__jr_fail(j, s, WP_EMALFORMED, "invalid literal '%.*s'",
                           len > 32 ? 32 : (int)len, (const char *)s);
    }
    n.start = wp__jr_pos(j, s);
    n.end = wp__jr_pos(j, s + len);
    n.c.s.text = (const char *)s;
    n.c.s.len = len;
    j->p = s + len;
    return wp__build_scalar(&j->b, &n, NULL);
}

static const unsigned char *
skip_digits(const unsigned char *p, const unsigned char *end)
{
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    return p;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)?; NULL if malformed. */
static const unsigned char *
number_end(struct wp__jr *j, int *integer)
{
    const unsigned char *p = j->p, *end = j->end, *d;

    *integer = 1;
    if (*p == '-')
        p++;
    if (p < end && *p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9')
        return NULL;
    if ((d = skip_digits(p, end)) == p)
        return NULL;
    p = d;
    if (p < end && *p == '.') {
        *integer = 0;
        if ((d = skip_digits(p + 1, end)) == p + 1)
            return NULL;
        p = d;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        *integer = 0;
        p += p + 1 < end && (p[1] == '+' || p[1] == '-') ? 2 : 1;
        if ((d = skip_digits(p, end)) == p)
            return NULL;
        p = d;
    }
    return p;
}

/* Integers that fit int64 (or uint64) are INT, everything else FLOAT, as
 * Kubernetes' JSON decoder into interface{} would see them. */
static int
type_number(struct wp__node *n, const char *s, size_t len, int integer)
{
    uint64_t v = 0;
    int neg = s[0] == '-', ovf = 0;

    for (size_t i = (size_t)neg; integer && i < len && !ovf; i++) {
        uint64_t d = (uint64_t)(s[i] - '0');
        ovf = v > UINT64_MAX / 10 || v * 10 > UINT64_MAX - d;
        v = v * 10 + d;
    }
    n->kind = WP__NODE_INT;
    if (integer && !ovf && !neg && v > INT64_MAX) {
        n->v.u = v;
        n->flags |= WP__NODE_UNSIGNED;
    } else if (integer && !ovf && (neg ? v <= (uint64_t)INT64_MAX + 1 : v <= INT64_MAX)) {
        n->v.i = neg ? (int64_t)(0 - v) : (int64_t)v;
    } else {
        n->kind = WP__NODE_FLOAT;
        return wp__decimal_to_double(s, len, &n->v.f);
    }
    return 0;
}

static int
number(struct wp__jr *j)
{
    const unsigned char *s = j->p, *e;
    struct wp__node n;
    int integer, rc;

    if (!(e = number_end(j, &integer))) {
        const unsigned char *z = s + (*s == '-');
        if (z + 1 < j->end && z[0] == '0' && z[1] >= '0' && z[1] <= '9')
            return wp__jr_fail(j, s, WP_EMALFORMED, "invalid number: leading zero");
        return wp__jr_fail(j, s, WP_EMALFORMED, "invalid number");
    }
    memset(&n, 0, sizeof(n));
    n.start = wp__jr_pos(j, s);
    if ((rc = wp__build_check_len(&j->b, (size_t)(e - s), n.start)))
        return rc;
    if (type_number(&n, (const char *)s, (size_t)(e - s), integer))
        return wp__jr_fail(j, s, WP_EMALFORMED, "number out of range");
    n.end = wp__jr_pos(j, e);
    n.c.s.text = (const char *)s;
    n.c.s.len = (size_t)(e - s);
    j->p = e;
    return wp__build_scalar(&j->b, &n, NULL);
}

static int
open_collection(struct wp__jr *j, enum wp__node_kind kind)
{
    struct wp__node n;

    memset(&n, 0, sizeof(n));
    n.kind = (uint8_t)kind;
    n.style = WP__STYLE_FLOW;
    n.start = wp__jr_pos(j, j->p);
    j->p++;
    return wp__build_open(&j->b, &n, NULL);
}

static int
value(struct wp__jr *j, enum state *st)
{
    unsigned char c = j->p < j->end ? *j->p : 0;

    *st = AFTER;
    if (c == '{') {
        *st = FIRST_KEY;
        return open_collection(j, WP__NODE_MAPPING);
    }
    if (c == '[') {
        *st = FIRST_ITEM;
        return open_collection(j, WP__NODE_SEQUENCE);
    }
    if (c == '"')
        return wp__jr_string(j);
    if (c == '-' || (c >= '0' && c <= '9'))
        return number(j);
    if (j->p < j->end && isalpha(c))
        return literal(j);
    return unexpected(j, "expected a value");
}

static int
close_collection(struct wp__jr *j, enum state *st)
{
    j->p++;
    *st = AFTER;
    return wp__build_close(&j->b, wp__jr_pos(j, j->p));
}

static int
key(struct wp__jr *j, enum state *st, int first)
{
    unsigned char c = j->p < j->end ? *j->p : 0;

    if (c == '"') {
        *st = COLON;
        return wp__jr_string(j);
    }
    if (c == '}' && first)
        return close_collection(j, st);
    if (c == '}')
        return wp__jr_fail(j, j->p, WP_EMALFORMED, "trailing comma before '}'");
    if (j->p < j->end && (isalpha(c) || c == '_' || c == '$'))
        return wp__jr_fail(j, j->p, WP_EMALFORMED, "object keys must be double-quoted strings");
    return unexpected(j, first ? "expected a key or '}'" : "expected a key");
}

static int
item(struct wp__jr *j, enum state *st, int first)
{
    if (j->p < j->end && *j->p == ']') {
        if (first)
            return close_collection(j, st);
        return wp__jr_fail(j, j->p, WP_EMALFORMED, "trailing comma before ']'");
    }
    return value(j, st);
}

static int
after(struct wp__jr *j, enum state *st)
{
    int map = wp__build_top(&j->b) == WP__NODE_MAPPING;
    unsigned char c = j->p < j->end ? *j->p : 0;

    if (j->p < j->end && c == ',') {
        j->p++;
        *st = map ? KEY : ITEM;
        return 0;
    }
    if (j->p < j->end && c == (map ? '}' : ']'))
        return close_collection(j, st);
    return unexpected(j, map ? "expected ',' or '}' after an object member"
                             : "expected ',' or ']' after an array element");
}

static int
colon(struct wp__jr *j, enum state *st)
{
    if (j->p < j->end && *j->p == ':') {
        j->p++;
        *st = VALUE;
        return 0;
    }
    return unexpected(j, "expected ':' after an object key");
}

static int
step(struct wp__jr *j, enum state *st)
{
    switch (*st) {
    case VALUE: return value(j, st);
    case FIRST_KEY: return key(j, st, 1);
    case KEY: return key(j, st, 0);
    case COLON: return colon(j, st);
    case FIRST_ITEM: return item(j, st, 1);
    case ITEM: return item(j, st, 0);
    case AFTER: return after(j, st);
    }
    return WP_ERROR;
}

static int
parse(struct wp__jr *j)
{
    enum state st = VALUE;
    int rc;

    for (;;) {
        skip_ws(j);
        if (st == AFTER && !j->b.depth)
            break;
        if ((rc = step(j, &st)))
            return rc;
    }
    if (j->p < j->end)
        return j->p[0] == '/' || j->p[0] == '#' ? unexpected(j, "")
               : wp__jr_fail(j, j->p, WP_EMALFORMED, "unexpected content after the JSON value");
    return 0;
}

int
wp__json_read(const struct wp__src *src, const struct wp__read_opts *opts,
              struct wp_diag *diag)
{
    struct wp__doc doc;
    struct wp__jr j;

    memset(&j, 0, sizeof(j));
    wp__reader_init(&j.rd, src, opts, diag);
    wp__build_init(&j.b, src, 0);
    j.src = src;
    j.base = src->data;
    j.p = src->data + src->bom;
    j.end = src->data + src->size;
    wp__build_begin(&j.b);
    if (parse(&j)) {
        wp__reader_error(&j.rd, &j.b.ediag, 0);
    } else {
        memset(&doc, 0, sizeof(doc));
        doc.src = src;
        doc.root = j.b.root;
        doc.nodes = j.b.nodes;
        doc.bytes = j.b.arena.total;
        wp__reader_doc(&j.rd, &doc, 1);
    }
    wp__free(src->ctx, j.buf);
    wp__build_release(&j.b);
    return wp__reader_result(&j.rd);
}
