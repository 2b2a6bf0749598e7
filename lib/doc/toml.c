/*
 * TOML into the positioned tree, for spin.toml: one document per file.
 *
 * Why our own reader: Debian 12 packages no C TOML library, and none would
 * give positions. This one reads the subset spin.toml uses (comments; bare,
 * quoted and dotted keys; [table] and [[array of tables]] headers; basic,
 * literal and multi-line strings; integers; booleans; arrays; inline
 * tables) with TOML 1.0's rules, as Python's tomllib applies them (the
 * oracle of tests/doc/check_toml.py), and refuses floats, dates and times
 * by name with WP_EUNSUPPORTED rather than misread them.
 *
 * Line and column come from the source's line index, like every other
 * reader's: a raw U+2028 inside a TOML string or comment counts as a line
 * break there, as it does for YAML.
 */
#include <string.h>

#include "doc/toml_impl.h"

static int
keyval_statement(struct wp__tr *t)
{
    struct wp__tent *e;
    int rc;

    if ((rc = wp__tr_keyval(t, t->cur, &e)))
        return rc;
    return wp__tr_value(t, e);
}

static int
parse(struct wp__tr *t)
{
    const char *expected = "";
    int rc;

    t->root = wp__tr_new(t, WP__NODE_MAPPING, WP__T_HEADER, wp__tr_pos(t, t->p));
    if (!t->root)
        return t->b.err;
    t->root->depth = 1;
    t->cur = t->root;
    t->section = 1;
    t->nodes = 1;
    while (t->p < t->end) {
        rc = 0;
        wp__tr_ws(t);
        if (t->p < t->end && *t->p == '[') {
            rc = wp__tr_header(t);
            expected = "expected a line break or a comment after a table header";
        } else if (t->p < t->end && *t->p != '#' && *t->p != '\n' && *t->p != '\r') {
            rc = keyval_statement(t);
            expected = "expected a line break or a comment after a value";
        }
        if (rc || (rc = wp__tr_eol(t, expected)))
            return rc;
    }
    return 0;
}

int
wp__toml_read(const struct wp__src *src, const struct wp__read_opts *opts,
              struct wp_diag *diag)
{
    struct wp__read_opts o = { NULL, NULL, NULL, 0 };
    struct wp__doc doc;
    struct wp__tr t;

    /* `kind: List` is a Kubernetes convention: a TOML table is one document */
    if (opts)
        o = *opts;
    o.flags |= WP__READ_KEEP_LISTS;
    memset(&t, 0, sizeof(t));
    wp__reader_init(&t.rd, src, &o, diag);
    wp__build_init(&t.b, src, 0);
    wp__arena_init(&t.arena, src->ctx);
    t.src = src;
    t.base = src->data;
    t.p = src->data + src->bom;
    t.end = src->data + src->size;
    wp__build_begin(&t.b);
    if (parse(&t) || wp__tr_emit(&t)) {
        wp__reader_error(&t.rd, &t.b.ediag, 0);
    } else {
        memset(&doc, 0, sizeof(doc));
        doc.src = src;
        doc.root = t.b.root;
        doc.nodes = t.b.nodes;
        doc.bytes = t.b.arena.total;
        wp__reader_doc(&t.rd, &doc, 0);
    }
    wp__free(src->ctx, t.buf);
    wp__free(src->ctx, t.slots);
    wp__free(src->ctx, t.stack);
    wp__arena_release(&t.arena);
    wp__build_release(&t.b);
    return wp__reader_result(&t.rd);
}
