/*
 * TOML values: scalars, and arrays and inline tables nested to any depth.
 * Nesting is followed with an explicit stack (t->stack), so `a = [[[[...`
 * costs one refusal at the depth limit, not a stack overflow.
 */
#include "doc/toml_impl.h"

enum { FIRST, NEXT, AFTER }; /* after the opening bracket, after ',', after a value */

/* The value at t->p, a child of a collection at @depth. Scalars are read
 * whole; arrays and inline tables are opened, for the loop to fill. */
static int
start_value(struct wp__tr *t, uint32_t depth, struct wp__tval **out)
{
    const unsigned char *s = t->p;
    unsigned char c = s < t->end ? *s : 0;
    struct wp__pos at = wp__tr_pos(t, s);
    struct wp__tval *v;
    int rc;

    if (s < t->end && (c == '[' || c == '{')) {
        if (depth >= t->b.max_depth)
            return wp__build_fail(&t->b, WP_ELIMIT, at,
                                  "nesting depth exceeds WP_LIMIT_NESTING_DEPTH (%llu)",
                                  (unsigned long long)t->b.max_depth);
        if (!(*out = v = wp__tr_new(t, c == '[' ? WP__NODE_SEQUENCE : WP__NODE_MAPPING,
                                    c == '[' ? WP__T_ARRAY : WP__T_INLINE, at)) ||
            !wp__tr_push(t, v))
            return t->b.err;
        v->depth = depth + 1;
        t->p++;
        return 0;
    }
    if (!(*out = v = wp__tr_new(t, WP__NODE_STRING, WP__T_SCALAR, at)))
        return t->b.err;
    if (s < t->end && (c == '"' || c == '\''))
        rc = wp__tr_string(t, 0, &v->u.s.text, &v->u.s.len, &v->style);
    else
        rc = wp__tr_word(t, v);
    v->end = wp__tr_pos(t, t->p);
    return rc;
}

static int
close_top(struct wp__tr *t)
{
    struct wp__tval *v = t->stack[--t->depth].v;

    t->p++;
    v->end = wp__tr_pos(t, t->p);
    return 0;
}

static int
unclosed(struct wp__tr *t, const struct wp__tval *v, const char *expected)
{
    if (t->p < t->end)
        return wp__tr_unexpected(t, expected);
    return wp__tr_fail(t, t->p, WP_EMALFORMED,
                       "unexpected end of input: %s (the %s opened at line %u, column %u is "
                       "not closed)",
                       expected, v->kind == WP__NODE_SEQUENCE ? "array" : "inline table",
                       v->start.line, v->start.column);
}

/* Whitespace, comments and line breaks: all may come between array items. */
static int
array_ws(struct wp__tr *t)
{
    size_t n;
    int rc;

    for (;;) {
        wp__tr_ws(t);
        if (t->p < t->end && *t->p == '#' && (rc = wp__tr_comment(t)))
            return rc;
        if (!(n = wp__tr_newline(t, t->p)))
            return 0;
        t->p += n;
    }
}

static int
array_step(struct wp__tr *t, struct wp__tframe *f)
{
    struct wp__tval *a = f->v, *item;
    int rc;

    if ((rc = array_ws(t)))
        return rc;
    if (t->p < t->end && *t->p == ']') /* a trailing comma is allowed */
        return close_top(t);
    if (f->state == AFTER) {
        if (t->p < t->end && *t->p == ',') {
            t->p++;
            f->state = NEXT;
            return 0;
        }
        return unclosed(t, a, "expected ',' or ']' after an array item");
    }
    if (t->p >= t->end)
        return unclosed(t, a, "expected a value or ']'");
    f->state = AFTER; /* before start_value, which may move the stack */
    if ((rc = wp__tr_count(t, 1, wp__tr_pos(t, t->p))) || (rc = start_value(t, a->depth, &item)))
        return rc;
    *(a->u.arr.head ? &a->u.arr.tail->next : &a->u.arr.head) = item;
    a->u.arr.tail = item;
    return 0;
}

static int
inline_step(struct wp__tr *t, struct wp__tframe *f)
{
    struct wp__tval *tab = f->v;
    int more = f->state != FIRST, rc;
    struct wp__tent *e;

    wp__tr_ws(t);
    if (wp__tr_newline(t, t->p)) /* TOML 1.0: an inline table is one line */
        return wp__tr_fail(t, t->p, WP_EMALFORMED, "line breaks are not allowed in inline tables");
    if (f->state == AFTER) {
        if (t->p < t->end && (*t->p == ',' || *t->p == '}')) {
            f->state = NEXT;
            return *t->p == ',' ? (t->p++, 0) : close_top(t);
        }
        return unclosed(t, tab, "expected ',' or '}' after an inline table entry");
    }
    if (t->p < t->end && *t->p == '}')
        return more ? wp__tr_fail(t, t->p, WP_EMALFORMED, "trailing comma in inline table")
                    : close_top(t);
    if (t->p >= t->end)
        return unclosed(t, tab, more ? "expected a key" : "expected a key or '}'");
    f->state = AFTER;
    if ((rc = wp__tr_keyval(t, tab, &e)))
        return rc;
    return start_value(t, e->owner->depth, &e->val);
}

int
wp__tr_value(struct wp__tr *t, struct wp__tent *e)
{
    int rc = start_value(t, e->owner->depth, &e->val);

    while (!rc && t->depth) {
        struct wp__tframe *f = &t->stack[t->depth - 1];
        rc = f->v->kind == WP__NODE_SEQUENCE ? array_step(t, f) : inline_step(t, f);
    }
    return rc;
}
