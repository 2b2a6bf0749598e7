/*
 * The intermediate tree's tables, and TOML's rules on who may define or
 * extend them (as tomllib applies TOML 1.0):
 *
 * - [a.b] walks through a, creating it if needed (implicitly: [a] may still
 *   define it later), and defines b: once, and never a table that dotted
 *   keys made. [[a.b]] appends a table to the array of tables a.b.
 * - a.b.c = 1 creates or extends a and a.b, but only tables that no header
 *   defined and no other section's dotted keys made.
 * - Inline tables and arrays are closed once written: nothing extends them.
 *
 * Every entry of every table sits in one hash keyed by (table, key), so a
 * 100,000-key table costs linear time, not quadratic.
 */
#include <stdio.h>
#include <string.h>

#include "doc/toml_impl.h"

struct wp__tval *
wp__tr_new(struct wp__tr *t, int kind, int origin, struct wp__pos start)
{
    struct wp__tval *v = wp__arena_alloc(&t->arena, sizeof(*v));

    if (!v) {
        wp__tr_oom(t);
        return NULL;
    }
    memset(v, 0, sizeof(*v));
    v->kind = (uint8_t)kind;
    v->origin = (uint8_t)origin;
    v->style = origin == WP__T_SCALAR ? WP__STYLE_PLAIN
               : origin == WP__T_INLINE || origin == WP__T_ARRAY ? WP__STYLE_FLOW
                                                                 : WP__STYLE_BLOCK;
    v->start = v->end = v->def = start;
    return v;
}

struct wp__tframe *
wp__tr_push(struct wp__tr *t, struct wp__tval *v)
{
    struct wp__tframe *f;

    if (wp__reserve(t->b.ctx, (void **)&t->stack, &t->stack_cap, t->depth + 1, sizeof(*f))) {
        wp__tr_oom(t);
        return NULL;
    }
    f = &t->stack[t->depth++];
    memset(f, 0, sizeof(*f));
    f->v = v;
    return f;
}

static size_t
slot_of(const struct wp__tr *t, const struct wp__tval *tab, const char *s, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ (uint64_t)(uintptr_t)tab;

    while (n--)
        h = (h ^ (unsigned char)*s++) * UINT64_C(0x100000001b3);
    return (size_t)(h ^ h >> 32) & t->mask;
}

/* Index of the entry (@tab, @s) in the hash, or of the empty slot it
 * would take. */
static size_t
probe(const struct wp__tr *t, const struct wp__tval *tab, const char *s, size_t n)
{
    size_t i;

    for (i = slot_of(t, tab, s, n);; i = (i + 1) & t->mask) {
        const struct wp__tent *e = t->slots[i];
        if (!e || (e->owner == tab && e->key.len == n && (!n || !memcmp(e->key.text, s, n))))
            return i;
    }
}

static struct wp__tent *
find(const struct wp__tr *t, const struct wp__tval *tab, const struct wp__tkey *k)
{
    return t->slots ? t->slots[probe(t, tab, k->text, k->len)] : NULL;
}

static int
grow(struct wp__tr *t)
{
    size_t cap = t->slots ? (t->mask + 1) * 2 : 64, old = t->slots ? t->mask + 1 : 0;
    struct wp__tent **slots = wp__calloc(t->b.ctx, cap, sizeof(*slots)), **prev = t->slots;

    if (!slots)
        return wp__tr_oom(t);
    t->slots = slots;
    t->mask = cap - 1;
    for (size_t i = 0; i < old; i++) {
        if (prev[i])
            slots[probe(t, prev[i]->owner, prev[i]->key.text, prev[i]->key.len)] = prev[i];
    }
    wp__free(t->b.ctx, prev);
    return 0;
}

static const char *
describe(const struct wp__tval *v)
{
    switch (v->origin) {
    case WP__T_INLINE: return "an inline table";
    case WP__T_ARRAY: return "an array";
    case WP__T_AOT: return "an array of tables";
    case WP__T_SCALAR: break;
    default: return "a table";
    }
    return v->kind == WP__NODE_STRING ? "a string" : v->kind == WP__NODE_INT ? "an integer"
                                                                          : "a boolean";
}

/* "first defined at": where a table was defined, else its key. */
static struct wp__pos
defined_at(const struct wp__tent *e)
{
    const struct wp__tval *v = e->val;

    return v->kind == WP__NODE_MAPPING && v->origin != WP__T_INLINE ? v->def : e->key.start;
}

static int
conflict(struct wp__tr *t, const struct wp__tkey *k, const struct wp__tent *e, const char *fmt)
{
    struct wp__pos at = defined_at(e);
    char shown[64], what[160];

    wp__build_shown(shown, sizeof(shown), k->text, k->len);
    snprintf(what, sizeof(what), fmt, shown, describe(e->val));
    return wp__build_fail(&t->b, WP_EMALFORMED, k->start, "%s (defined at line %u, column %u)",
                          what, at.line, at.column);
}

/* Key @k names a value nothing may extend. */
static int
closed(struct wp__tr *t, const struct wp__tkey *k, const struct wp__tent *e)
{
    if (e->val->origin == WP__T_INLINE)
        return conflict(t, k, e, "inline table \"%s\" cannot be extended");
    if (e->val->origin == WP__T_ARRAY)
        return conflict(t, k, e, "array \"%s\" cannot be extended");
    return conflict(t, k, e, "key \"%s\" is already %s");
}

/* A new entry @k in @tab, its value still to come. */
static struct wp__tent *
add(struct wp__tr *t, struct wp__tval *tab, const struct wp__tkey *k, struct wp__tval *v)
{
    struct wp__tent *e = find(t, tab, k);
    char shown[64];

    if (e) {
        wp__build_shown(shown, sizeof(shown), k->text, k->len);
        wp__build_fail(&t->b, WP_EMALFORMED, k->start,
                       "duplicate key \"%s\" (first defined at line %u, column %u)", shown,
                       e->key.start.line, e->key.start.column);
        return NULL;
    }
    if (wp__tr_count(t, 2, k->start) || ((t->nent + 1) * 2 > t->mask + 1 && grow(t)) ||
        !(e = wp__arena_alloc(&t->arena, sizeof(*e)))) {
        wp__tr_oom(t); /* no-op after a limit error: the first error sticks */
        return NULL;
    }
    e->next = NULL;
    e->owner = tab;
    e->key = *k;
    e->val = v;
    *(tab->u.tab.head ? &tab->u.tab.tail->next : &tab->u.tab.head) = e;
    tab->u.tab.tail = e;
    t->slots[probe(t, tab, k->text, k->len)] = e;
    t->nent++;
    return e;
}

/* A new table or array of tables as the value of @k in @tab. */
static struct wp__tval *
new_child(struct wp__tr *t, struct wp__tval *tab, const struct wp__tkey *k, int kind,
          int origin, struct wp__pos start)
{
    struct wp__tval *v;

    if (tab->depth >= t->b.max_depth) {
        wp__build_fail(&t->b, WP_ELIMIT, start,
                       "nesting depth exceeds WP_LIMIT_NESTING_DEPTH (%llu)",
                       (unsigned long long)t->b.max_depth);
        return NULL;
    }
    if (!(v = wp__tr_new(t, kind, origin, start)) || !add(t, tab, k, v))
        return NULL;
    v->depth = tab->depth + 1;
    v->def = k->start;
    return v;
}

/* A new table at the end of the array of tables @aot. */
static struct wp__tval *
append_table(struct wp__tr *t, struct wp__tval *aot, struct wp__pos start, struct wp__pos def)
{
    struct wp__tval *v;

    if (aot->depth >= t->b.max_depth) {
        wp__build_fail(&t->b, WP_ELIMIT, start,
                       "nesting depth exceeds WP_LIMIT_NESTING_DEPTH (%llu)",
                       (unsigned long long)t->b.max_depth);
        return NULL;
    }
    if (wp__tr_count(t, 1, start) || !(v = wp__tr_new(t, WP__NODE_MAPPING, WP__T_HEADER, start)))
        return NULL;
    v->depth = aot->depth + 1;
    v->def = def;
    *(aot->u.arr.head ? &aot->u.arr.tail->next : &aot->u.arr.head) = v;
    aot->u.arr.tail = v;
    return v;
}

/* Through key @k of @tab on the way to the table of a header. */
static struct wp__tval *
header_step(struct wp__tr *t, struct wp__tval *tab, const struct wp__tkey *k,
            struct wp__pos hstart)
{
    struct wp__tent *e = find(t, tab, k);

    if (!e)
        return new_child(t, tab, k, WP__NODE_MAPPING, WP__T_IMPLICIT, hstart);
    switch (e->val->origin) {
    case WP__T_IMPLICIT:
    case WP__T_HEADER:
    case WP__T_DOTTED:
        return e->val;
    case WP__T_AOT:
        return e->val->u.arr.tail;
    }
    closed(t, k, e);
    return NULL;
}

static void
extend_end(struct wp__tval *v, struct wp__pos end)
{
    if (end.offset > v->end.offset)
        v->end = end;
}

/* [..k]: define the table @k of @tab. */
static struct wp__tval *
define(struct wp__tr *t, struct wp__tval *tab, const struct wp__tkey *k, struct wp__pos hstart,
       struct wp__pos hend)
{
    struct wp__tent *e = find(t, tab, k);
    struct wp__tval *v;

    if (!e) {
        if ((v = new_child(t, tab, k, WP__NODE_MAPPING, WP__T_HEADER, hstart)))
            v->end = hend;
        return v;
    }
    v = e->val;
    if (v->origin == WP__T_IMPLICIT) {
        v->origin = WP__T_HEADER;
        v->def = k->start;
        extend_end(v, hend);
        return v;
    }
    if (v->origin == WP__T_HEADER)
        conflict(t, k, e, "redefinition of table \"%s\"");
    else if (v->origin == WP__T_DOTTED)
        conflict(t, k, e, "redefinition of table \"%s\" made by dotted keys");
    else if (v->origin == WP__T_AOT)
        conflict(t, k, e, "redefinition of array of tables \"%s\" as a table");
    else
        closed(t, k, e);
    return NULL;
}

/* [[..k]]: append a table to the array of tables @k of @tab. */
static struct wp__tval *
append(struct wp__tr *t, struct wp__tval *tab, const struct wp__tkey *k, struct wp__pos hstart,
       struct wp__pos hend)
{
    struct wp__tent *e = find(t, tab, k);
    struct wp__tval *aot, *v;

    if (e && e->val->origin != WP__T_AOT) {
        conflict(t, k, e, "cannot append to \"%s\": it is %s, not an array of tables");
        return NULL;
    }
    if (!(aot = e ? e->val : new_child(t, tab, k, WP__NODE_SEQUENCE, WP__T_AOT, hstart)))
        return NULL;
    extend_end(aot, hend);
    if ((v = append_table(t, aot, hstart, k->start)))
        v->end = hend;
    return v;
}

int
wp__tr_header(struct wp__tr *t)
{
    const unsigned char *h = t->p;
    int aot = t->end - h >= 2 && h[1] == '[', rc;
    struct wp__pos hstart = wp__tr_pos(t, h), hend;
    struct wp__tval *tab = t->root;
    struct wp__tkey k;

    t->section++; /* dotted keys of earlier sections may no longer extend their tables */
    t->p += aot ? 2 : 1;
    for (;;) {
        wp__tr_ws(t);
        if ((rc = wp__tr_key(t, &k)))
            return rc;
        wp__tr_ws(t);
        if (t->p >= t->end || *t->p != '.')
            break;
        t->p++;
        if (!(tab = header_step(t, tab, &k, hstart)))
            return t->b.err;
    }
    if (aot && t->end - t->p >= 1 && *t->p == ']' && (t->end - t->p < 2 || t->p[1] != ']'))
        return wp__tr_fail(t, t->p, WP_EMALFORMED,
                           "expected ']]' at the end of an array-of-tables header");
    if (t->p >= t->end || *t->p != ']')
        return wp__tr_unexpected(t, aot ? "expected '.' or ']]' after a key"
                                        : "expected '.' or ']' after a key");
    t->p += aot ? 2 : 1;
    hend = wp__tr_pos(t, t->p);
    tab = aot ? append(t, tab, &k, hstart, hend) : define(t, tab, &k, hstart, hend);
    if (!tab)
        return t->b.err;
    t->cur = tab;
    return 0;
}

/* Through key @k of @tab on the way to the table of a dotted key. */
static struct wp__tval *
dotted_step(struct wp__tr *t, struct wp__tval *tab, const struct wp__tkey *k)
{
    struct wp__tent *e = find(t, tab, k);
    struct wp__tval *v;

    if (!e) {
        if (!(v = new_child(t, tab, k, WP__NODE_MAPPING, WP__T_DOTTED, k->start)))
            return NULL;
        v->end = k->end;
        v->section = t->section;
        return v;
    }
    v = e->val;
    if (v->origin == WP__T_IMPLICIT) {
        v->origin = WP__T_DOTTED;
        v->section = t->section;
        v->def = k->start;
    }
    if (v->origin == WP__T_DOTTED && v->section == t->section)
        return v;
    if (v->origin == WP__T_HEADER || v->origin == WP__T_DOTTED)
        conflict(t, k, e, "dotted keys cannot extend table \"%s\"");
    else if (v->origin == WP__T_AOT)
        conflict(t, k, e, "dotted keys cannot extend array of tables \"%s\"");
    else
        closed(t, k, e);
    return NULL;
}

int
wp__tr_keyval(struct wp__tr *t, struct wp__tval *tab, struct wp__tent **e)
{
    struct wp__tkey k;
    int rc;

    for (;;) {
        if ((rc = wp__tr_key(t, &k)))
            return rc;
        wp__tr_ws(t);
        if (t->p >= t->end || *t->p != '.')
            break;
        t->p++;
        wp__tr_ws(t);
        if (!(tab = dotted_step(t, tab, &k)))
            return t->b.err;
    }
    if (t->p >= t->end || *t->p != '=')
        return wp__tr_unexpected(t, "expected '=' after a key");
    t->p++;
    wp__tr_ws(t);
    return (*e = add(t, tab, &k, NULL)) ? 0 : t->b.err;
}
