/*
 * Handing the finished TOML tree to the builder in one pass, with an
 * explicit stack. Entries keep the order in which their keys first
 * appeared, as in tomllib's dicts.
 *
 * Spans: the builder ends a block collection with its last child, which
 * suits YAML, whose collections are contiguous. A TOML table is not: [a]
 * may be reopened by [a.b] after [c]. So every table and array here spans
 * from where it was created to the furthest end among its keys and values,
 * and holds all of them; siblings may overlap.
 */
#include <string.h>

#include "doc/toml_impl.h"

static struct wp__pos
later(struct wp__pos a, struct wp__pos b)
{
    return b.offset > a.offset ? b : a;
}

static int
emit_key(struct wp__tr *t, const struct wp__tkey *k)
{
    struct wp__node n;

    memset(&n, 0, sizeof(n));
    n.kind = WP__NODE_STRING;
    n.style = k->style;
    n.start = k->start;
    n.end = k->end;
    n.c.s.text = k->text;
    n.c.s.len = k->len;
    return wp__build_scalar(&t->b, &n, NULL);
}

static int
emit_scalar(struct wp__tr *t, const struct wp__tval *v)
{
    struct wp__node n;

    memset(&n, 0, sizeof(n));
    n.kind = v->kind;
    n.style = v->style;
    n.start = v->start;
    n.end = v->end;
    n.c.s.text = v->u.s.text;
    n.c.s.len = v->u.s.len;
    if (v->kind == WP__NODE_INT)
        n.v.i = v->u.s.i;
    else if (v->kind == WP__NODE_BOOL)
        n.v.b = v->u.s.b;
    return wp__build_scalar(&t->b, &n, NULL);
}

static int
open_collection(struct wp__tr *t, struct wp__tval *v)
{
    struct wp__tframe *f;
    struct wp__node n;
    int rc;

    memset(&n, 0, sizeof(n));
    n.kind = v->kind;
    n.style = v->style;
    n.start = v->start;
    if ((rc = wp__build_open(&t->b, &n, NULL)))
        return rc;
    if (!(f = wp__tr_push(t, v)))
        return t->b.err;
    f->cur = v->kind == WP__NODE_MAPPING ? (const void *)v->u.tab.head
                                         : (const void *)v->u.arr.head;
    f->end = v->end;
    return 0;
}

static int
close_collection(struct wp__tr *t)
{
    struct wp__tframe *f = &t->stack[--t->depth];
    struct wp__node *n;
    int rc;

    if ((rc = wp__build_close(&t->b, f->end)))
        return rc;
    /* the node just closed is the newest child of its parent, or the root;
     * it was allocated writable: only the builder's view of it is const */
    n = (struct wp__node *)(t->b.depth ? t->b.kids[t->b.nkids - 1] : t->b.root);
    n->end = f->end;
    if (t->depth)
        t->stack[t->depth - 1].end = later(t->stack[t->depth - 1].end, f->end);
    return 0;
}

/* The next key and value of the innermost collection, or its end. */
static int
step(struct wp__tr *t)
{
    struct wp__tframe *f = &t->stack[t->depth - 1];
    struct wp__tval *v;
    int rc;

    if (!f->cur)
        return close_collection(t);
    if (f->v->kind == WP__NODE_MAPPING) {
        const struct wp__tent *e = f->cur;
        f->cur = e->next;
        f->end = later(f->end, e->key.end);
        if ((rc = emit_key(t, &e->key)))
            return rc;
        v = e->val;
    } else {
        v = (struct wp__tval *)f->cur;
        f->cur = v->next;
    }
    if (v->kind >= WP__NODE_MAPPING)
        return open_collection(t, v);
    f->end = later(f->end, v->end);
    return emit_scalar(t, v);
}

int
wp__tr_emit(struct wp__tr *t)
{
    int rc;

    t->depth = 0;
    if ((rc = open_collection(t, t->root)))
        return rc;
    while (t->depth)
        if ((rc = step(t)))
            return rc;
    return 0;
}
