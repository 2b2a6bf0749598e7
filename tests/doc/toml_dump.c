/*
 * toml_dump FILE: the tree wp__toml_read makes of FILE, as one line of JSON
 * on stdout, for tests/doc/check_toml.py to hold against Python's tomllib.
 * Every node is an object: "t" its kind (table, array, string, int, bool),
 * "y" its style, "s" and "e" its start and end as [line, column, offset],
 * then "v" (a scalar's value), "m" (a table's [key, value] pairs) or "a"
 * (an array's items). A read error goes to stderr as the CLI would print it
 * ("spin.toml:3:9: message") and exits 1; a tree that breaks
 * wp__toml_verify exits 3.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/file.h"
#include "doc/read.h"
#include "doc/toml_impl.h"

static const char *const kinds[] = { "null", "bool", "int", "float", "string", "table", "array" };
static const char *const styles[] = { "plain", "single", "double", "literal",
                                      "folded", "block", "flow" };

struct frame {
    const struct wp__node *n;
    size_t i;
    int pair;   /* the value of a [key, value] pair: close the pair too */
};

static void
put_string(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void
put_head(const struct wp__node *n)
{
    printf("{\"t\":\"%s\",\"y\":\"%s\",\"s\":[%u,%u,%u],\"e\":[%u,%u,%u]", kinds[n->kind],
           styles[n->style], n->start.line, n->start.column, n->start.offset, n->end.line,
           n->end.column, n->end.offset);
}

static void
put_scalar(const struct wp__node *n)
{
    put_head(n);
    printf(",\"v\":");
    if (n->kind == WP__NODE_INT)
        printf("%" PRId64, n->v.i);
    else if (n->kind == WP__NODE_BOOL)
        fputs(n->v.b ? "true" : "false", stdout);
    else
        put_string(n->c.s.text, n->c.s.len);
    putchar('}');
}

/* Print @n; a collection is opened and pushed, for the loop to finish. */
static int
put_node(struct frame **st, size_t *depth, size_t *cap, const struct wp__node *n, int pair)
{
    if (wp__node_is_scalar(n)) {
        put_scalar(n);
        if (pair)
            putchar(']');
        return 0;
    }
    if (*depth == *cap) {
        struct frame *v = realloc(*st, (*cap = *cap ? *cap * 2 : 64) * sizeof(*v));
        if (!v)
            return -1;
        *st = v;
    }
    put_head(n);
    fputs(n->kind == WP__NODE_MAPPING ? ",\"m\":[" : ",\"a\":[", stdout);
    (*st)[(*depth)++] = (struct frame){ n, 0, pair };
    return 0;
}

static int
dump(const struct wp__node *root)
{
    struct frame *st = NULL;
    size_t depth = 0, cap = 0;
    int rc = put_node(&st, &depth, &cap, root, 0);

    while (!rc && depth) {
        struct frame *f = &st[depth - 1];
        const struct wp__node *n = f->n;
        size_t i = f->i++;
        if (i >= wp__node_count(n)) {
            fputs(f->pair ? "]}]" : "]}", stdout);
            depth--;
            continue;
        }
        if (i)
            putchar(',');
        if (n->kind == WP__NODE_SEQUENCE) {
            rc = put_node(&st, &depth, &cap, n->c.seq.v[i], 0);
        } else {
            putchar('[');
            put_scalar(n->c.map.v[i].key);
            putchar(',');
            rc = put_node(&st, &depth, &cap, n->c.map.v[i].value, 1);
        }
    }
    putchar('\n');
    free(st);
    return rc;
}

static int
on_doc(const struct wp__doc *doc, void *payload)
{
    const char *bad = wp__toml_verify(doc);

    (void)payload;
    if (bad) {
        fprintf(stderr, "%s: broken tree: %s\n", doc->src->name, bad);
        return 3;
    }
    return dump(doc->root) ? WP_ENOMEM : 0;
}

int
main(int argc, char **argv)
{
    struct wp__read_opts opts = { on_doc, NULL, NULL, 0 };
    struct wp_diag diag = WP_DIAG_INIT;
    struct wp__file file;
    struct wp__src src;
    wp_context *ctx;
    char line[600];
    int rc;

    if (argc != 2) {
        fprintf(stderr, "usage: toml_dump FILE\n");
        return 2;
    }
    if (wp_context_new(&ctx, NULL))
        return 2;
    rc = wp__file_open(&file, ctx, argv[1], &diag);
    if (!rc) {
        rc = wp__src_init(&src, ctx, argv[1], file.data, file.size, &diag);
        if (!rc) {
            rc = wp__toml_read(&src, &opts, &diag);
            wp__src_release(&src);
        }
        wp__file_close(&file, ctx);
    }
    wp_context_free(ctx);
    if (rc == 3)
        return 3;
    if (rc) {
        wp_diag_format(line, sizeof(line), &diag);
        fprintf(stderr, "%s\n", line);
        return 1;
    }
    return 0;
}
