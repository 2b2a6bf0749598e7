/* Handing documents and errors to the caller; List expansion. */
#include <string.h>

#include "core/diag.h"
#include "doc/reader.h"

/* kubectl flattens nested Lists; deeper ones than this arrive whole. */
#define LIST_DEPTH_MAX 8

void
wp__reader_init(struct wp__reader *r, const struct wp__src *src,
                const struct wp__read_opts *opts, struct wp_diag *diag)
{
    static const struct wp__read_opts none = { NULL, NULL, NULL, 0 };

    memset(r, 0, sizeof(*r));
    r->src = src;
    r->opts = opts ? opts : &none;
    r->diag = diag;
    wp_diag_clear(diag);
}

int
wp__reader_error(struct wp__reader *r, const struct wp_diag *d, size_t index)
{
    int rc = d->code;

    if (!r->first) {
        r->first = d->code;
        wp__diag_copy(r->diag, d);
    }
    if (r->opts->on_error)
        rc = r->opts->on_error(d, index, r->opts->payload);
    if (rc || d->code == WP_ENOMEM)
        r->stop = rc ? rc : d->code;
    return r->stop != 0;
}

int
wp__reader_result(const struct wp__reader *r)
{
    return r->stop ? r->stop : r->first;
}

static int
call(struct wp__reader *r, const struct wp__doc *doc)
{
    int rc;

    if (!r->opts->on_doc)
        return 0;
    if ((rc = r->opts->on_doc(doc, r->opts->payload)))
        r->stop = rc;
    return rc != 0;
}

static int
all_mappings(const struct wp__node *seq)
{
    for (size_t i = 0; i < seq->c.seq.n; i++)
        if (seq->c.seq.v[i]->kind != WP__NODE_MAPPING)
            return 0;
    return seq->c.seq.n > 0;
}

/* The items to deliver instead of @root, or NULL to deliver @root itself;
 * *@empty is set for a List without items (nothing to deliver). */
static const struct wp__node *
list_items(const struct wp__node *root, int arrays, int *empty)
{
    const struct wp__node *kind, *items;

    *empty = 0;
    if (arrays && root->kind == WP__NODE_SEQUENCE && all_mappings(root))
        return root;
    kind = wp__node_get(root, "kind");
    if (!kind || kind->kind != WP__NODE_STRING || kind->c.s.len < 4 ||
        memcmp(kind->c.s.text + kind->c.s.len - 4, "List", 4))
        return NULL;
    items = wp__node_get(root, "items");
    if (items && items->kind == WP__NODE_SEQUENCE)
        return items;
    *empty = kind->c.s.len == 4 && (!items || items->kind == WP__NODE_NULL);
    return NULL;
}

static int
expand(struct wp__reader *r, const struct wp__doc *doc, const struct wp__node *items,
       int depth)
{
    const struct wp__node *nested;
    struct wp__doc d = *doc;
    int empty;

    d.list = doc->root;
    for (size_t i = 0; i < items->c.seq.n; i++) {
        d.root = items->c.seq.v[i];
        d.item = i;
        empty = 0;
        nested = depth < LIST_DEPTH_MAX ? list_items(d.root, 0, &empty) : NULL;
        if (nested ? expand(r, &d, nested, depth + 1) : !empty && call(r, &d))
            return 1;
    }
    return 0;
}

int
wp__reader_doc(struct wp__reader *r, const struct wp__doc *doc, int arrays)
{
    const struct wp__node *items = NULL;
    int empty = 0;

    if (!(r->opts->flags & WP__READ_KEEP_LISTS))
        items = list_items(doc->root, arrays, &empty);
    if (empty)
        return 0;
    return items ? expand(r, doc, items, 0) : call(r, doc);
}
