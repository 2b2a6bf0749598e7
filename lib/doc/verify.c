/*
 * Checking a document tree against the promises tree.h makes: positions
 * agree with the line index, ends never precede starts, children sit inside
 * their parents in source order, and a one-line plain scalar is exactly the
 * source text it spans. The fuzz targets and unit tests run this on every
 * document they are handed, so a position bug shows up as a failure rather
 * than as a report pointing at the wrong place.
 */
#include <string.h>

#include "doc/verify.h"

struct frame {
    const struct wp__node *n;
    size_t next;          /* next child to visit */
    int shared;           /* inside an alias or a merged entry: positions
                           * belong to another part of the file */
};

const char *
wp__verify_pos(const struct wp__src *src, struct wp__pos p)
{
    if (p.line < 1 || p.line > src->nlines || p.column < 1 || p.offset > src->size)
        return "position outside the source";
    if (src->lines[p.line - 1] + (size_t)p.column - 1 != p.offset)
        return "line and column disagree with the offset";
    if (p.line < src->nlines && p.offset >= src->lines[p.line])
        return "column runs past the end of its line";
    return NULL;
}

static const char *
check_node(const struct wp__src *src, const struct wp__node *n)
{
    const char *err;

    if ((err = wp__verify_pos(src, n->start)) || (err = wp__verify_pos(src, n->end)))
        return err;
    if (n->end.offset < n->start.offset)
        return "node ends before it starts";
    if (!wp__node_is_scalar(n))
        return NULL;
    if (!n->c.s.text || n->c.s.text[n->c.s.len] != '\0')
        return "scalar text is not NUL-terminated";
    if (n->style != WP__STYLE_PLAIN || n->anchor || n->tag || (n->flags & WP__NODE_ALIAS) ||
        n->start.line != n->end.line || !n->c.s.len)
        return NULL;
    if (n->end.offset - n->start.offset != n->c.s.len ||
        memcmp(src->data + n->start.offset, n->c.s.text, n->c.s.len))
        return "plain scalar text differs from the source it spans";
    return NULL;
}

/* Child @i of @n, and whether it came through a merge. */
static const struct wp__node *
child(const struct wp__node *n, size_t i, int *merged)
{
    *merged = 0;
    if (n->kind == WP__NODE_SEQUENCE)
        return n->c.seq.v[i];
    *merged = (int)n->c.map.v[i / 2].merged;
    return i % 2 ? n->c.map.v[i / 2].value : n->c.map.v[i / 2].key;
}

static const char *
check_child(const struct frame *f, const struct wp__node *c, const struct wp__node *prev,
            int merged)
{
    if (!c)
        return "missing child";
    if (f->shared || merged)
        return NULL; /* positions that belong to another part of the file */
    if (c->start.offset < f->n->start.offset || c->end.offset > f->n->end.offset)
        return "child outside its parent";
    if (prev && c->start.offset < prev->end.offset)
        return "children out of source order";
    return NULL;
}

#define LOCAL_FRAMES 64

struct walk {
    const struct wp__doc *doc;
    struct frame *st;             /* local[] until a deeper tree needs more */
    size_t depth, cap;
    size_t visited;
    const char *err;
    struct frame local[LOCAL_FRAMES];
};

static void
push(struct walk *w, const struct wp__node *n, int shared)
{
    if (w->depth == w->cap) {
        size_t ncap = w->cap * 2;
        struct frame *v = w->st == w->local ? NULL : w->st;
        if (!(v = wp__realloc(w->doc->src->ctx, v, ncap * sizeof(*v)))) {
            w->err = "out of memory";
            return;
        }
        if (w->st == w->local)
            memcpy(v, w->local, sizeof(w->local));
        w->st = v;
        w->cap = ncap;
    }
    w->st[w->depth].n = n;
    w->st[w->depth].next = 0;
    w->st[w->depth++].shared = shared || (n->flags & WP__NODE_ALIAS);
}

/* Visit the next child of the innermost collection, or leave it. */
static void
step(struct walk *w)
{
    struct frame *f = &w->st[w->depth - 1];
    size_t nkids = f->n->kind == WP__NODE_MAPPING ? 2 * f->n->c.map.n : f->n->c.seq.n;
    const struct wp__node *c, *prev = NULL;
    int merged, shared;

    if (f->next >= nkids) {
        w->depth--;
        return;
    }
    c = child(f->n, f->next, &merged);
    if (f->next && !merged)
        prev = child(f->n, f->next - 1, &(int){ 0 });
    f->next++;
    w->visited++;
    shared = f->shared || merged;
    if ((w->err = check_child(f, c, prev, merged)))
        return;
    if (!shared && (w->err = check_node(w->doc->src, c)))
        return;
    if (c->kind >= WP__NODE_MAPPING)
        push(w, c, shared);
}

const char *
wp__doc_verify(const struct wp__doc *doc, size_t *visited)
{
    struct walk w;

    w.doc = doc;
    w.st = w.local;
    w.depth = 0;
    w.cap = LOCAL_FRAMES;
    w.visited = 1;
    w.err = check_node(doc->src, doc->root);
    if (!w.err && doc->root->kind >= WP__NODE_MAPPING)
        push(&w, doc->root, 0);
    while (!w.err && w.depth)
        step(&w);
    if (w.st != w.local)
        wp__free(doc->src->ctx, w.st);
    if (visited)
        *visited = w.visited;
    return w.err;
}
