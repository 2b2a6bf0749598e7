/*
 * Checking a TOML document tree, for tests and fuzz targets. TOML breaks one
 * promise wp__doc_verify checks, siblings in source order ([a] can be
 * reopened after [b]), so this checks what holds instead: every position
 * agrees with the line index and nothing ends before it starts; every key
 * and value lies inside the span of the table or array holding it; array
 * items are in source order; quoted scalars are quoted where they start and
 * end; and plain scalars (bare keys, integers, booleans) are exactly the
 * text they span.
 */
#include <string.h>

#include "doc/toml_impl.h"
#include "doc/verify.h"

static const char *
check_scalar(const struct wp__src *src, const struct wp__node *n)
{
    const unsigned char *s = src->data + n->start.offset;
    size_t span = n->end.offset - n->start.offset;

    if (!n->c.s.text || n->c.s.text[n->c.s.len] != '\0')
        return "scalar text is not NUL-terminated";
    if (n->style == WP__STYLE_PLAIN)
        return span == n->c.s.len && n->c.s.len && !memcmp(s, n->c.s.text, span)
                   ? NULL
                   : "plain scalar text differs from the source it spans";
    if (span < 2 || *s != s[span - 1] || *s != (n->style == WP__STYLE_DOUBLE_QUOTED ? '"' : '\''))
        return "quoted scalar does not span its quotes";
    return NULL;
}

static const char *
check_node(const struct wp__src *src, const struct wp__node *n, const struct wp__node *parent,
           const struct wp__node *prev)
{
    const char *err;

    if (!n)
        return "missing node";
    if ((err = wp__verify_pos(src, n->start)) || (err = wp__verify_pos(src, n->end)))
        return err;
    if (n->end.offset < n->start.offset)
        return "node ends before it starts";
    if (parent && (n->start.offset < parent->start.offset || n->end.offset > parent->end.offset))
        return "child outside its parent";
    if (prev && n->start.offset < prev->end.offset)
        return "array items out of source order";
    return wp__node_is_scalar(n) ? check_scalar(src, n) : NULL;
}

struct walk {
    const struct wp__node **v;   /* collections still to visit */
    size_t n, cap;
};

static const char *
visit(const struct wp__src *src, struct walk *w, const struct wp__node *c)
{
    size_t i;

    for (i = 0; c->kind == WP__NODE_SEQUENCE && i < c->c.seq.n; i++) {
        const struct wp__node *item = c->c.seq.v[i], *prev = i ? c->c.seq.v[i - 1] : NULL;
        const char *err = check_node(src, item, c, prev);
        if (err)
            return err;
        if (item->kind >= WP__NODE_MAPPING &&
            wp__reserve(src->ctx, (void **)&w->v, &w->cap, w->n + 1, sizeof(*w->v)))
            return "out of memory";
        if (item->kind >= WP__NODE_MAPPING)
            w->v[w->n++] = item;
    }
    for (i = 0; c->kind == WP__NODE_MAPPING && i < c->c.map.n; i++) {
        const struct wp__entry *e = &c->c.map.v[i];
        const char *err = check_node(src, e->key, c, NULL);
        if (err || (err = check_node(src, e->value, c, NULL)))
            return err;
        if (e->key->kind != WP__NODE_STRING || e->merged || e->value->alias_of)
            return "not a TOML entry";
        if (e->value->kind >= WP__NODE_MAPPING &&
            wp__reserve(src->ctx, (void **)&w->v, &w->cap, w->n + 1, sizeof(*w->v)))
            return "out of memory";
        if (e->value->kind >= WP__NODE_MAPPING)
            w->v[w->n++] = e->value;
    }
    return NULL;
}

const char *
wp__toml_verify(const struct wp__doc *doc)
{
    const struct wp__src *src = doc->src;
    struct walk w = { NULL, 0, 0 };
    const char *err = check_node(src, doc->root, NULL, NULL);

    if (!err && doc->root->kind != WP__NODE_MAPPING)
        err = "the root is not a table";
    if (!err)
        err = visit(src, &w, doc->root);
    while (!err && w.n)
        err = visit(src, &w, w.v[--w.n]);
    wp__free(src->ctx, w.v);
    return err;
}
