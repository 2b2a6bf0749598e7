/* Test helpers: see doc_test.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc/verify.h"
#include "doc_test.h"

int dt_verify = 1;

/* Find the node at @path, noting whether a merged entry was crossed. */
static const struct wp__node *
probe(const struct wp__node *root, const char *path, int *merged)
{
    const struct wp__node *n = wp__node_path(root, path);
    const char *dot = strrchr(path, '.');
    const struct wp__node *parent;
    char head[256];

    *merged = 0;
    if (!n || !dot || (size_t)(dot - path) >= sizeof(head))
        return n;
    memcpy(head, path, (size_t)(dot - path));
    head[dot - path] = '\0';
    parent = wp__node_path(root, head);
    if (parent && parent->kind == WP__NODE_MAPPING) {
        const struct wp__entry *e = wp__node_entry(parent, dot + 1, strlen(dot + 1));
        *merged = e && e->merged;
    }
    return n;
}

static void
record(struct dt_node *s, const struct wp__node *n, int merged)
{
    memset(s, 0, sizeof(*s));
    if (!n)
        return;
    s->found = 1;
    s->kind = n->kind;
    s->style = n->style;
    s->flags = n->flags;
    s->start = n->start;
    s->end = n->end;
    s->count = wp__node_count(n);
    s->merged = merged;
    if (wp__node_is_scalar(n)) {
        snprintf(s->text, sizeof(s->text), "%s", n->c.s.text);
        s->len = n->c.s.len;
        s->i = n->v.i;
        s->u = n->v.u;
        s->f = n->v.f;
        s->b = n->v.b;
    }
    if (n->alias_of) {
        s->aliased = 1;
        s->anchor = n->alias_of->start;
    }
}

static int
on_doc(const struct wp__doc *doc, void *payload)
{
    struct dt_run *r = payload;
    size_t d = r->ndocs++;
    int merged;

    if (dt_verify && !r->broken)
        r->broken = wp__doc_verify(doc, NULL);
    if (d >= DT_MAX_DOCS)
        return 0;
    r->index[d] = doc->index;
    r->item[d] = doc->item;
    r->is_item[d] = doc->list != NULL;
    for (size_t p = 0; r->paths && r->paths[p] && p < DT_MAX_PATHS; p++) {
        const struct wp__node *n = probe(doc->root, r->paths[p], &merged);
        record(&r->node[d][p], n, merged);
    }
    return 0;
}

static int
on_error(const struct wp_diag *diag, size_t index, void *payload)
{
    struct dt_run *r = payload;
    size_t e = r->nerrors++;

    if (e < DT_MAX_ERRORS) {
        wp_diag_format(r->error[e], sizeof(r->error[e]), diag);
        r->code[e] = diag->code;
        r->error_index[e] = index;
    }
    return 0;
}

int
dt_read(struct dt_run *r, wp_context *ctx, const char *name, const void *text, size_t len,
        const char *const *paths, int json, unsigned flags)
{
    struct wp__read_opts opts = { on_doc, on_error, r, flags };
    struct wp__src src;

    memset(r, 0, sizeof(*r));
    r->paths = paths;
    r->diag = (struct wp_diag)WP_DIAG_INIT;
    r->rc = wp__src_init(&src, ctx, name, text, len, &r->diag);
    if (r->rc)
        return r->rc;
    r->rc = json ? wp__json_read(&src, &opts, &r->diag) : wp__yaml_read(&src, &opts, &r->diag);
    wp__src_release(&src);
    if (r->broken)
        fail_msg("%s: %s", name, r->broken);
    return r->rc;
}

int
dt_yaml(struct dt_run *r, wp_context *ctx, const char *text, const char *const *paths)
{
    return dt_read(r, ctx, "t.yaml", text, strlen(text), paths, 0, 0);
}

int
dt_json(struct dt_run *r, wp_context *ctx, const char *text, const char *const *paths)
{
    return dt_read(r, ctx, "t.json", text, strlen(text), paths, 1, 0);
}

int
dt_file(struct dt_run *r, wp_context *ctx, const char *file, const char *const *paths, int json)
{
    const char *dir = getenv("WP_DOC_TESTDATA");
    char path[1024];
    unsigned char *buf;
    size_t len;
    FILE *f;
    int rc;

    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "testdata/doc", file);
    f = fopen(path, "rb");
    assert_non_null(f);
    buf = malloc(1 << 20);
    assert_non_null(buf);
    len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    rc = dt_read(r, ctx, file, buf, len, paths, json, 0);
    free(buf);
    return rc;
}
