/*
 * The TOML reader: kinds, styles and exact spans of keys and values, TOML's
 * table rules, every error with its line:column, every limit of the
 * context, and allocation failure at each allocation. Agreement with
 * Python's tomllib on real spin.toml files is check_toml.py's job.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../chaos.h"

#include "doc/toml_impl.h"
#include "doc_test.h"

#define MAX_PATHS 24
#define MAX_ERRORS 4

struct tnode {               /* one node as seen during on_doc */
    struct dt_node n;
    int keyed;               /* the last step of its path was a key */
    struct wp__pos kstart, kend;
    int kstyle;
    char key[64];
};

struct trun {
    const char *const *paths;
    struct tnode node[MAX_PATHS];
    size_t ndocs, nerrors, nodes;
    char error[MAX_ERRORS][320];
    int rc;
    struct wp_diag diag;
};

static wp_context *ctx;
static struct trun run;
static int verify = 1; /* off for allocation failures: verifying allocates */

static void
record(struct dt_node *s, const struct wp__node *n)
{
    memset(s, 0, sizeof(*s));
    if (!n)
        return;
    s->found = 1;
    s->kind = n->kind;
    s->style = n->style;
    s->start = n->start;
    s->end = n->end;
    s->count = wp__node_count(n);
    if (wp__node_is_scalar(n)) {
        snprintf(s->text, sizeof(s->text), "%s", n->c.s.text);
        s->len = n->c.s.len;
        s->i = n->v.i;
        s->b = n->v.b;
    }
}

/* The entry a path's last step names: "a.b" -> (a, "b"), 'a["x.y"]' ->
 * (a, "x.y"); NULL when the last step is an index. */
static const struct wp__entry *
last_entry(const struct wp__node *root, const char *path)
{
    char head[256], key[128];
    const char *dot = strrchr(path, '.'), *br = strrchr(path, '[');
    const struct wp__node *parent;
    size_t h;

    if (br && br[1] == '"') {
        h = (size_t)(br - path);
        snprintf(key, sizeof(key), "%.*s", (int)(strlen(br) - 4), br + 2);
    } else if (path[strlen(path) - 1] == ']') {
        return NULL;
    } else {
        h = dot ? (size_t)(dot - path) : 0;
        snprintf(key, sizeof(key), "%s", dot ? dot + 1 : path);
    }
    snprintf(head, sizeof(head), "%.*s", (int)h, path);
    parent = h ? wp__node_path(root, head) : root;
    return parent ? wp__node_entry(parent, key, strlen(key)) : NULL;
}

static int
on_doc(const struct wp__doc *doc, void *payload)
{
    struct trun *r = payload;
    const char *bad = verify ? wp__toml_verify(doc) : NULL;

    if (bad)
        fail_msg("broken tree: %s", bad);
    r->ndocs++;
    r->nodes = doc->nodes;
    for (size_t p = 0; r->paths && r->paths[p] && p < MAX_PATHS; p++) {
        struct tnode *t = &r->node[p];
        const struct wp__entry *e = *r->paths[p] ? last_entry(doc->root, r->paths[p]) : NULL;
        record(&t->n, *r->paths[p] ? wp__node_path(doc->root, r->paths[p]) : doc->root);
        t->keyed = e != NULL;
        if (e) {
            t->kstart = e->key->start;
            t->kend = e->key->end;
            t->kstyle = e->key->style;
            snprintf(t->key, sizeof(t->key), "%s", e->key->c.s.text);
        }
    }
    return 0;
}

static int
on_error(const struct wp_diag *diag, size_t index, void *payload)
{
    struct trun *r = payload;

    assert_int_equal(index, 0);
    if (r->nerrors < MAX_ERRORS)
        wp_diag_format(r->error[r->nerrors], sizeof(r->error[0]), diag);
    r->nerrors++;
    return 0;
}

static int
read_buf(struct trun *r, wp_context *c, const void *text, size_t len, const char *const *paths)
{
    struct wp__read_opts opts = { on_doc, on_error, r, 0 };
    struct wp__src src;

    memset(r, 0, sizeof(*r));
    r->paths = paths;
    r->diag = (struct wp_diag)WP_DIAG_INIT;
    if ((r->rc = wp__src_init(&src, c, "t.toml", text, len, &r->diag)))
        return r->rc;
    r->rc = wp__toml_read(&src, &opts, &r->diag);
    wp__src_release(&src);
    return r->rc;
}

static int
read_str(const char *text, const char *const *paths)
{
    return read_buf(&run, ctx, text, strlen(text), paths);
}

/* Assert the span of a key, 1-based lines and columns. */
#define assert_key(t, name, sl, sc, el, ec)                                                     \
    do {                                                                                       \
        assert_true((t)->keyed);                                                               \
        assert_string_equal((t)->key, (name));                                                 \
        assert_int_equal((t)->kstart.line, (sl));                                              \
        assert_int_equal((t)->kstart.column, (sc));                                            \
        assert_int_equal((t)->kend.line, (el));                                                \
        assert_int_equal((t)->kend.column, (ec));                                              \
    } while (0)

static int
setup(void **state)
{
    (void)state;
    return wp_context_new(&ctx, NULL);
}

static int
teardown(void **state)
{
    (void)state;
    wp_context_free(ctx);
    return 0;
}

static const char spin[] =
    "spin_manifest_version = 2\n"                               /* 1 */
    "\n"                                                        /* 2 */
    "[application]\n"                                           /* 3 */
    "name = \"shop\"  # the app\n"                              /* 4 */
    "authors = [\"Ann <a@x>\", 'Bob']\n"                        /* 5 */
    "\n"                                                        /* 6 */
    "[[trigger.http]]\n"                                        /* 7 */
    "route = \"/api/...\"\n"                                    /* 8 */
    "component = \"api\"\n"                                     /* 9 */
    "\n"                                                        /* 10 */
    "[component.api]\n"                                         /* 11 */
    "source = { url = \"https://x/a.wasm\", digest = \"sha256:0\" }\n" /* 12 */
    "allowed_outbound_hosts = [\n"                              /* 13 */
    "    \"https://example.com\",  # why\n"                     /* 14 */
    "    \"redis://cache:6379\",\n"                             /* 15 */
    "]\n"                                                       /* 16 */
    "\n"                                                        /* 17 */
    "[component.api.dependencies]\n"                            /* 18 */
    "\"a:b/c\" = { path = \"dep.wasm\" }\n"                     /* 19 */
    "build.command = \"cargo build\"\n";                        /* 20 */

static void
test_spin_positions(void **state)
{
    static const char *const paths[] = {
        "",                                           /* 0 */
        "spin_manifest_version",                      /* 1 */
        "application",                                /* 2 */
        "application.name",                           /* 3 */
        "application.authors",                        /* 4 */
        "application.authors[1]",                     /* 5 */
        "trigger",                                    /* 6 */
        "trigger.http",                               /* 7 */
        "trigger.http[0]",                            /* 8 */
        "trigger.http[0].route",                      /* 9 */
        "component",                                  /* 10 */
        "component.api",                              /* 11 */
        "component.api.source",                       /* 12 */
        "component.api.source.digest",                /* 13 */
        "component.api.allowed_outbound_hosts",       /* 14 */
        "component.api.allowed_outbound_hosts[1]",    /* 15 */
        "component.api.dependencies[\"a:b/c\"]",      /* 16 */
        "component.api.dependencies.build",           /* 17 */
        "component.api.dependencies.build.command",   /* 18 */
        NULL,
    };
    struct tnode *t = run.node;

    (void)state;
    assert_int_equal(read_str(spin, paths), 0);
    assert_int_equal(run.ndocs, 1);
    assert_span(&t[0].n, 1, 1, 20, 30);
    assert_int_equal(t[0].n.kind, WP__NODE_MAPPING);
    assert_int_equal(t[0].n.style, WP__STYLE_BLOCK);
    assert_int_equal(t[0].n.count, 4);
    assert_int_equal(t[1].n.kind, WP__NODE_INT);
    assert_int_equal(t[1].n.i, 2);
    assert_span(&t[1].n, 1, 25, 1, 26);
    assert_key(&t[1], "spin_manifest_version", 1, 1, 1, 22);
    assert_int_equal(t[1].kstyle, WP__STYLE_PLAIN);
    /* a [header] table starts at its '[' and ends with its last value */
    assert_span(&t[2].n, 3, 1, 5, 31);
    assert_int_equal(t[2].n.style, WP__STYLE_BLOCK);
    assert_key(&t[2], "application", 3, 2, 3, 13);
    assert_span(&t[3].n, 4, 8, 4, 14);
    assert_string_equal(t[3].n.text, "shop");
    assert_int_equal(t[3].n.style, WP__STYLE_DOUBLE_QUOTED);
    assert_span(&t[4].n, 5, 11, 5, 31);
    assert_int_equal(t[4].n.kind, WP__NODE_SEQUENCE);
    assert_int_equal(t[4].n.style, WP__STYLE_FLOW);
    assert_span(&t[5].n, 5, 25, 5, 30);
    assert_int_equal(t[5].n.style, WP__STYLE_SINGLE_QUOTED);
    /* implicit tables of [[trigger.http]] start at the header too */
    assert_span(&t[6].n, 7, 1, 9, 18);
    assert_key(&t[6], "trigger", 7, 3, 7, 10);
    assert_span(&t[7].n, 7, 1, 9, 18);
    assert_int_equal(t[7].n.kind, WP__NODE_SEQUENCE);
    assert_int_equal(t[7].n.style, WP__STYLE_BLOCK);
    assert_key(&t[7], "http", 7, 11, 7, 15);
    assert_span(&t[8].n, 7, 1, 9, 18);
    assert_span(&t[9].n, 8, 9, 8, 19);
    /* component.api holds its sub-table [component.api.dependencies] */
    assert_span(&t[10].n, 11, 1, 20, 30);
    assert_span(&t[11].n, 11, 1, 20, 30);
    assert_key(&t[11], "api", 11, 12, 11, 15);
    assert_span(&t[12].n, 12, 10, 12, 59);
    assert_int_equal(t[12].n.style, WP__STYLE_FLOW);
    assert_span(&t[13].n, 12, 47, 12, 57);
    assert_key(&t[13], "digest", 12, 38, 12, 44);
    assert_span(&t[14].n, 13, 26, 16, 2);
    assert_int_equal(t[14].n.count, 2);
    assert_span(&t[15].n, 15, 5, 15, 25);
    assert_string_equal(t[15].n.text, "redis://cache:6379");
    assert_span(&t[16].n, 19, 11, 19, 32);
    assert_key(&t[16], "a:b/c", 19, 1, 19, 8);
    assert_int_equal(t[16].kstyle, WP__STYLE_DOUBLE_QUOTED);
    /* a table made by a dotted key starts at its own key */
    assert_span(&t[17].n, 20, 1, 20, 30);
    assert_int_equal(t[17].n.style, WP__STYLE_BLOCK);
    assert_key(&t[17], "build", 20, 1, 20, 6);
    assert_key(&t[18], "command", 20, 7, 20, 14);
    assert_span(&t[18].n, 20, 17, 20, 30);
}

static void
test_strings(void **state)
{
    static const char *const paths[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
                                         "k", "l", "m", "n", NULL };
    const char *toml = "a = \"\\b\\t\\n\\f\\r\\\"\\\\\"\n"                    /* 1 */
                       "b = \"\\u00e9\\U0001F600\\u0041\"\n"               /* 2 */
                       "c = 'C:\\path\\'\n"                                 /* 3 */
                       "d = \"\"\n"                                         /* 4 */
                       "e = \"\"\"\nline 1\nline 2\"\"\"\n"                 /* 5-7 */
                       "f = \"\"\"one \\\n     two\"\"\"\n"                 /* 8-9 */
                       "g = '''\n raw \\n '''\n"                            /* 10-11 */
                       "h = \"\"\"\"quoted\"\"\"\"\n"                       /* 12 */
                       "i = ''''x'''''\n"                                   /* 13 */
                       "j = \"tab\there \xc3\xa9 \xe2\x80\xa8 ok\"\n"       /* 14 */
                       "k = \"\"\"a\r\nb\"\"\"\r\n"                         /* 15-16 */
                       "l = \"# not a comment\" # but this is\n"            /* 17 */
                       "m = \"\"\"a\"\"b\"\"\"\n"                           /* 18 */
                       "n = \"\\u0000\"\n";                                 /* 19 */
    struct tnode *t = run.node;

    (void)state;
    assert_int_equal(read_str(toml, paths), 0);
    assert_string_equal(t[0].n.text, "\b\t\n\f\r\"\\");
    assert_span(&t[0].n, 1, 5, 1, 21);
    assert_string_equal(t[1].n.text, "\xc3\xa9\xf0\x9f\x98\x80" "A");
    assert_string_equal(t[2].n.text, "C:\\path\\");
    assert_int_equal(t[2].n.style, WP__STYLE_SINGLE_QUOTED);
    assert_int_equal(t[3].n.len, 0);
    assert_span(&t[3].n, 4, 5, 4, 7);
    assert_string_equal(t[4].n.text, "line 1\nline 2"); /* first line break trimmed */
    assert_span(&t[4].n, 5, 5, 7, 10);
    assert_int_equal(t[4].n.style, WP__STYLE_DOUBLE_QUOTED);
    assert_string_equal(t[5].n.text, "one two");
    assert_string_equal(t[6].n.text, " raw \\n ");
    assert_int_equal(t[6].n.style, WP__STYLE_SINGLE_QUOTED);
    assert_string_equal(t[7].n.text, "\"quoted\"");
    assert_span(&t[7].n, 12, 5, 12, 19);
    assert_string_equal(t[8].n.text, "'x''");
    assert_string_equal(t[9].n.text, "tab\there \xc3\xa9 \xe2\x80\xa8 ok");
    assert_string_equal(t[10].n.text, "a\nb"); /* CRLF in the value becomes LF */
    assert_string_equal(t[11].n.text, "# not a comment");
    assert_string_equal(t[12].n.text, "a\"\"b");
    assert_int_equal(t[13].n.len, 1);
    /* U+2028 in line 14 counts as a line break in the source index */
    assert_span(&t[11].n, 18, 5, 18, 22);
}

static void
test_integers_booleans(void **state)
{
    const char *toml = "x = [0, +17, -17, 1_000, 0xDEAD_beef, 0o755, 0b1101, -0,\n"
                       "     9223372036854775807, -9223372036854775808, true, false]\n";
    const char *const wrapped[] = { "x[0]", "x[1]", "x[2]", "x[3]", "x[4]", "x[5]", "x[6]",
                                    "x[7]", "x[8]", "x[9]", "x[10]", "x[11]", NULL };
    struct tnode *t = run.node;

    (void)state;
    assert_int_equal(read_str(toml, wrapped), 0);
    assert_int_equal(t[0].n.kind, WP__NODE_INT);
    assert_int_equal(t[0].n.i, 0);
    assert_int_equal(t[1].n.i, 17);
    assert_string_equal(t[1].n.text, "+17");
    assert_int_equal(t[1].n.style, WP__STYLE_PLAIN);
    assert_int_equal(t[2].n.i, -17);
    assert_int_equal(t[3].n.i, 1000);
    assert_span(&t[3].n, 1, 19, 1, 24);
    assert_int_equal(t[4].n.i, 0xdeadbeef);
    assert_int_equal(t[5].n.i, 0755);
    assert_int_equal(t[6].n.i, 13);
    assert_int_equal(t[7].n.i, 0);
    assert_true(t[8].n.i == INT64_MAX);
    assert_true(t[9].n.i == INT64_MIN);
    assert_int_equal(t[10].n.kind, WP__NODE_BOOL);
    assert_int_equal(t[10].n.b, 1);
    assert_span(&t[10].n, 2, 49, 2, 53);
    assert_int_equal(t[11].n.b, 0);
}

/* Reopened tables, implicit ones defined later, nested arrays of tables,
 * quoted header parts, and where each table ends. */
static void
test_tables(void **state)
{
    static const char *const paths[] = {
        "a",                       /* 0 */
        "a.x",                     /* 1 */
        "a.b",                     /* 2 */
        "a.b.y",                   /* 3 */
        "c",                       /* 4 */
        "fruits",                  /* 5 */
        "fruits[0].physical.color",/* 6 */
        "fruits[0].varieties[1].name", /* 7 */
        "fruits[1].varieties[0]",  /* 8 */
        "q[\"d.e\"].f",            /* 9 */
        "q[\"d.e\"]",              /* 10 */
        "empty",                   /* 11 */
        "in.t.u",                  /* 12 */
        "in.t",                    /* 13 */
        NULL,
    };
    const char *toml = "[a.b]\n"                       /* 1 */
                       "y = 1\n"                       /* 2 */
                       "[c]\n"                         /* 3 */
                       "z = 2\n"                       /* 4 */
                       "[a]\n"                         /* 5: defines the implicit a */
                       "x = 3\n"                       /* 6 */
                       "[[fruits]]\n"                  /* 7 */
                       "[fruits.physical]\n"           /* 8 */
                       "color = 'red'\n"               /* 9 */
                       "[[fruits.varieties]]\n"        /* 10 */
                       "[[fruits.varieties]]\n"        /* 11 */
                       "name = \"granny\"\n"           /* 12 */
                       "[[fruits]]\n"                  /* 13 */
                       "[[fruits.varieties]]\n"        /* 14 */
                       "[ q . \"d.e\" ]\n"             /* 15 */
                       "f = true\n"                    /* 16 */
                       "[empty]\n"                     /* 17 */
                       "[in]\n"                        /* 18 */
                       "t = { u.v = 1, w = 2 }\n";     /* 19 */
    struct tnode *t = run.node;

    (void)state;
    assert_int_equal(read_str(toml, paths), 0);
    /* a: created at line 1, spans everything defined in it, [c] included */
    assert_span(&t[0].n, 1, 1, 6, 6);
    assert_int_equal(t[0].n.count, 2);
    assert_key(&t[0], "a", 1, 2, 1, 3);
    assert_span(&t[1].n, 6, 5, 6, 6);
    assert_span(&t[2].n, 1, 1, 2, 6);
    assert_int_equal(t[3].n.i, 1);
    assert_span(&t[4].n, 3, 1, 4, 6);
    assert_int_equal(t[5].n.count, 2);
    assert_span(&t[5].n, 7, 1, 14, 21);
    assert_string_equal(t[6].n.text, "red");
    assert_string_equal(t[7].n.text, "granny");
    assert_span(&t[8].n, 14, 1, 14, 21); /* an empty table spans its header */
    assert_int_equal(t[8].n.count, 0);
    assert_int_equal(t[9].n.b, 1);
    assert_key(&t[10], "d.e", 15, 7, 15, 12);
    assert_span(&t[10].n, 15, 1, 16, 9);
    assert_span(&t[11].n, 17, 1, 17, 8);
    assert_int_equal(t[11].n.count, 0);
    assert_int_equal(t[12].n.kind, WP__NODE_MAPPING);
    assert_int_equal(t[12].n.style, WP__STYLE_BLOCK); /* braces alone make FLOW */
    assert_span(&t[12].n, 19, 7, 19, 14);
    assert_span(&t[13].n, 19, 5, 19, 23);
    assert_int_equal(t[13].n.style, WP__STYLE_FLOW);
}

static void
test_empty_and_comments(void **state)
{
    static const char *const paths[] = { "", NULL };

    (void)state;
    assert_int_equal(read_str("", paths), 0);
    assert_int_equal(run.ndocs, 1);
    assert_int_equal(run.node[0].n.count, 0);
    assert_span(&run.node[0].n, 1, 1, 1, 1);
    assert_int_equal(read_str("# only\n\n   # comments \xc3\xa9\t\n", paths), 0);
    assert_int_equal(run.node[0].n.count, 0);
    /* "kind = ...List" is nothing special in TOML */
    assert_int_equal(read_str("kind = \"List\"\nitems = [{a = 1}, {a = 2}]\n", paths), 0);
    assert_int_equal(run.ndocs, 1);
    assert_int_equal(run.node[0].n.count, 2);
}

static void
test_bom_crlf(void **state)
{
    static const char *const paths[] = { "a", "t.b", "t.c", NULL };
    const char toml[] = "\xef\xbb\xbf" "a = 1\r\n[t]\r\nb = [\r\n  1, # x\r\n]\r\nc = 'z'";

    (void)state;
    assert_int_equal(read_buf(&run, ctx, toml, sizeof(toml) - 1, paths), 0);
    assert_span(&run.node[0].n, 1, 5, 1, 6);
    assert_int_equal(run.node[0].n.start.offset, 7);
    assert_span(&run.node[1].n, 3, 5, 5, 2);
    assert_span(&run.node[2].n, 6, 5, 6, 8);
}

struct err_case {
    const char *toml;
    const char *error;
    int code;
};

#define BAD WP_EMALFORMED
#define UNSUP WP_EUNSUPPORTED

static const struct err_case errors[] = {
    /* duplicate keys and redefined tables */
    { "a = 1\na = 2", "t.toml:2:1: duplicate key \"a\" (first defined at line 1, column 1)", BAD },
    { "a.b = 1\na.b = 2", "t.toml:2:3: duplicate key \"b\" (first defined at line 1, column 3)",
      BAD },
    { "a = {x = 1, x = 2}", "t.toml:1:13: duplicate key \"x\" (first defined at line 1, column 6)",
      BAD },
    { "[a]\n[a]", "t.toml:2:2: redefinition of table \"a\" (defined at line 1, column 2)", BAD },
    { "[a.b]\nc = 1\n[a]\n[a]", "t.toml:4:2: redefinition of table \"a\" (defined at line 3, column 2)",
      BAD },
    { "a.b = 1\n[a]",
      "t.toml:2:2: redefinition of table \"a\" made by dotted keys (defined at line 1, column 1)",
      BAD },
    { "[[x]]\n[x]",
      "t.toml:2:2: redefinition of array of tables \"x\" as a table (defined at line 1, column 3)",
      BAD },
    { "a = 1\n[a]", "t.toml:2:2: key \"a\" is already an integer (defined at line 1, column 1)",
      BAD },
    /* [[x]] over a non-array */
    { "[x]\n[[x]]",
      "t.toml:2:3: cannot append to \"x\": it is a table, not an array of tables (defined at "
      "line 1, column 2)",
      BAD },
    { "x = [1]\n[[x]]",
      "t.toml:2:3: cannot append to \"x\": it is an array, not an array of tables (defined at "
      "line 1, column 1)",
      BAD },
    /* inline tables and arrays are closed */
    { "x = {a = 1}\nx.b = 2",
      "t.toml:2:1: inline table \"x\" cannot be extended (defined at line 1, column 1)", BAD },
    { "x = {a = 1}\n[x.y]",
      "t.toml:2:2: inline table \"x\" cannot be extended (defined at line 1, column 1)", BAD },
    { "x = {}\n[x]", "t.toml:2:2: inline table \"x\" cannot be extended (defined at line 1, column 1)",
      BAD },
    { "x = {a = {b = 1}, a.c = 2}",
      "t.toml:1:19: inline table \"a\" cannot be extended (defined at line 1, column 6)", BAD },
    { "x = [{}]\n[x.y]", "t.toml:2:2: array \"x\" cannot be extended (defined at line 1, column 1)",
      BAD },
    /* dotted keys into what a header or another section made */
    { "[a.b]\n[a]\nb.c = 1",
      "t.toml:3:1: dotted keys cannot extend table \"b\" (defined at line 1, column 4)", BAD },
    { "[[a.b]]\n[a]\nb.c = 1",
      "t.toml:3:1: dotted keys cannot extend array of tables \"b\" (defined at line 1, column 5)",
      BAD },
    { "a = 1\na.b = 2", "t.toml:2:1: key \"a\" is already an integer (defined at line 1, column 1)",
      BAD },
    { "a = 's'\n[a.b]", "t.toml:2:2: key \"a\" is already a string (defined at line 1, column 1)",
      BAD },
    /* encoding and control characters */
    { "a = \"\xc3\"", "t.toml:1:6: invalid UTF-8 in string", BAD },
    { "a = '\xed\xa0\x80'", "t.toml:1:6: invalid UTF-8 in string", BAD },
    { "# \xff\n", "t.toml:1:3: invalid UTF-8 in comment", BAD },
    { "a = 1 \xc3\x28", "t.toml:1:7: invalid UTF-8", BAD },
    { "\xc3\xa9 = 1", "t.toml:1:1: unexpected character U+00E9: expected a key", BAD },
    { "a = \"\x01\"", "t.toml:1:6: control character 0x01 in string", BAD },
    { "a = \"\"\"\x7f\"\"\"", "t.toml:1:8: control character 0x7f in string", BAD },
    { "# \x7f", "t.toml:1:3: control character 0x7f in comment", BAD },
    { "a = \x0c" "1", "t.toml:1:5: unexpected control character 0x0c: expected a value", BAD },
    /* escapes */
    { "a = \"\\x\"", "t.toml:1:6: invalid escape '\\x' in string", BAD },
    { "a = \"\\e\"", "t.toml:1:6: invalid escape '\\e' in string", BAD },
    { "a = \"\\u12G4\"", "t.toml:1:6: invalid \\u escape: expected 4 hex digits", BAD },
    { "a = \"\\U0001F60\"", "t.toml:1:6: invalid \\U escape: expected 8 hex digits", BAD },
    { "a = \"\\uD800\"", "t.toml:1:6: \\uD800 is not a Unicode scalar value", BAD },
    { "a = \"\\U00110000\"", "t.toml:1:6: \\U00110000 is not a Unicode scalar value", BAD },
    { "a = \"\"\"\\ x\"\"\"",
      "t.toml:1:8: invalid escape: a '\\' followed by whitespace must end its line", BAD },
    { "a = \"\\ \n\"", "t.toml:1:6: invalid escape '\\ ' in string", BAD },
    /* unterminated strings */
    { "a = \"abc", "t.toml:1:5: unterminated string", BAD },
    { "a = \"abc\nb = 1", "t.toml:1:5: unterminated string", BAD },
    { "a = 'abc\r\n", "t.toml:1:5: unterminated string", BAD },
    { "a = \"\\", "t.toml:1:5: unterminated string", BAD },
    { "a = '''x\n", "t.toml:1:5: unterminated multi-line string", BAD },
    { "a = \"\"\"x\"\"", "t.toml:1:5: unterminated multi-line string", BAD },
    /* keys without '=' or without a value, garbage after values */
    { "a 1", "t.toml:1:3: unexpected character '1': expected '=' after a key", BAD },
    { "a\n", "t.toml:1:2: unexpected line break: expected '=' after a key", BAD },
    { "a.\n", "t.toml:1:3: unexpected line break: expected a key", BAD },
    { "= 1", "t.toml:1:1: unexpected character '=': expected a key", BAD },
    { "a =\nb = 1", "t.toml:1:4: unexpected line break: expected a value", BAD },
    { "a = # c", "t.toml:1:5: unexpected comment: expected a value", BAD },
    { "a =", "t.toml:1:4: unexpected end of input: expected a value", BAD },
    { "a = 1 2",
      "t.toml:1:7: unexpected character '2': expected a line break or a comment after a value",
      BAD },
    { "a = \"x\"y",
      "t.toml:1:8: unexpected character 'y': expected a line break or a comment after a value",
      BAD },
    { "a = \"\"\"x\"\"\"\"\"\"",
      "t.toml:1:14: unexpected character '\"': expected a line break or a comment after a "
      "value",
      BAD },
    { "[a] b",
      "t.toml:1:5: unexpected character 'b': expected a line break or a comment after a table "
      "header",
      BAD },
    { "\"\"\"a\"\"\" = 1", "t.toml:1:1: a key cannot be a multi-line string", BAD },
    /* CR without LF */
    { "a = 1\r", "t.toml:1:6: carriage return without line feed", BAD },
    { "a = 1\rb = 2", "t.toml:1:6: carriage return without line feed", BAD },
    { "# c\r\n\r", "t.toml:2:1: carriage return without line feed", BAD },
    { "# c\rd", "t.toml:1:4: carriage return without line feed", BAD },
    { "a = \"x\ry\"", "t.toml:1:7: carriage return without line feed", BAD },
    { "a = [\r1]", "t.toml:1:6: carriage return without line feed", BAD },
    /* headers */
    { "[a", "t.toml:1:3: unexpected end of input: expected '.' or ']' after a key", BAD },
    { "[a.]", "t.toml:1:4: unexpected character ']': expected a key", BAD },
    { "[]", "t.toml:1:2: unexpected character ']': expected a key", BAD },
    { "[[a]\n", "t.toml:1:4: expected ']]' at the end of an array-of-tables header", BAD },
    { "[[a] ]", "t.toml:1:4: expected ']]' at the end of an array-of-tables header", BAD },
    { "[ [a]]", "t.toml:1:3: unexpected character '[': expected a key", BAD },
    /* arrays and inline tables */
    { "a = [1, 2",
      "t.toml:1:10: unexpected end of input: expected ',' or ']' after an array item (the "
      "array opened at line 1, column 5 is not closed)",
      BAD },
    { "a = [\n1,\n",
      "t.toml:3:1: unexpected end of input: expected a value or ']' (the array opened at line "
      "1, column 5 is not closed)",
      BAD },
    { "a = [1 2]", "t.toml:1:8: unexpected character '2': expected ',' or ']' after an array item",
      BAD },
    { "a = [,]", "t.toml:1:6: unexpected character ',': expected a value", BAD },
    { "a = [1,,2]", "t.toml:1:8: unexpected character ',': expected a value", BAD },
    { "a = {b = 1,}", "t.toml:1:12: trailing comma in inline table", BAD },
    { "a = {b = 1\n}", "t.toml:1:11: line breaks are not allowed in inline tables", BAD },
    { "a = {\n}", "t.toml:1:6: line breaks are not allowed in inline tables", BAD },
    { "a = {b = 1",
      "t.toml:1:11: unexpected end of input: expected ',' or '}' after an inline table entry "
      "(the inline table opened at line 1, column 5 is not closed)",
      BAD },
    { "a = {b = 1 c = 2}",
      "t.toml:1:12: unexpected character 'c': expected ',' or '}' after an inline table entry",
      BAD },
    { "a = {b = 1 # c\n}",
      "t.toml:1:12: unexpected comment: expected ',' or '}' after an inline table entry", BAD },
    /* integers */
    { "a = 9223372036854775808", "t.toml:1:5: integer out of range (TOML integers are 64-bit)",
      BAD },
    { "a = -9223372036854775809", "t.toml:1:5: integer out of range (TOML integers are 64-bit)",
      BAD },
    { "a = 0x1_0000_0000_0000_0000",
      "t.toml:1:5: integer out of range (TOML integers are 64-bit)", BAD },
    { "a = 01", "t.toml:1:5: invalid value '01'", BAD },
    { "a = 1__0", "t.toml:1:5: invalid value '1__0'", BAD },
    { "a = _1", "t.toml:1:5: invalid value '_1'", BAD },
    { "a = 1_", "t.toml:1:5: invalid value '1_'", BAD },
    { "a = +0x1", "t.toml:1:5: invalid value '+0x1'", BAD },
    { "a = 0x", "t.toml:1:5: invalid value '0x'", BAD },
    { "a = 0b102", "t.toml:1:5: invalid value '0b102'", BAD },
    { "a = truex", "t.toml:1:5: invalid value 'truex'", BAD },
    { "a = True", "t.toml:1:5: invalid value 'True'", BAD },
    { "a = [1.]", "t.toml:1:6: invalid value '1.'", BAD },
    /* what spin.toml does not use: refused by name, never misread */
    { "a = 1.5", "t.toml:1:5: unsupported TOML construct: float", UNSUP },
    { "a = [1, -2e-3]", "t.toml:1:9: unsupported TOML construct: float", UNSUP },
    { "a = 1_000.000_1", "t.toml:1:5: unsupported TOML construct: float", UNSUP },
    { "a = 1E3", "t.toml:1:5: unsupported TOML construct: float", UNSUP },
    { "a = inf", "t.toml:1:5: unsupported TOML construct: float", UNSUP },
    { "a = {b = -nan}", "t.toml:1:10: unsupported TOML construct: float", UNSUP },
    { "a = 1979-05-27", "t.toml:1:5: unsupported TOML construct: date", UNSUP },
    { "a = 07:32:00", "t.toml:1:5: unsupported TOML construct: time", UNSUP },
    { "a = 1979-05-27T07:32:00Z", "t.toml:1:5: unsupported TOML construct: date-time", UNSUP },
    { "a = 1979-05-27 07:32:00", "t.toml:1:5: unsupported TOML construct: date-time", UNSUP },
};

static void
test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
        if (read_str(errors[i].toml, NULL) != errors[i].code || run.nerrors != 1 ||
            strcmp(run.error[0], errors[i].error))
            fail_msg("%s: got %d: %s", errors[i].toml, run.rc, run.error[0]);
        assert_int_equal(run.ndocs, 0);
        assert_int_equal(run.diag.code, errors[i].code);
    }
}

/* TOML that is valid although it looks close to the errors above. */
static const char *const valid[] = {
    "[a.b.c]\n[a]\nb.d = 1",              /* implicit tables take dotted keys... */
    "[a.b.c]\n[a.b]",                     /* ...and may be defined once */
    "a.b.c = 1\na.b.d = 2\n[a.b.e]",      /* headers go through dotted tables */
    "[[a]]\n[a.b]\n[[a]]\n[a.b]",         /* each element has its own sub-tables */
    "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]",
    "x = {a.b = 1, a.c = 2}",
    "'' . \"\" = 2\n[\"\".x]",                /* empty keys */
    "'a.b' = 1\n\"a\".b = 2",
    "a = [[1], [\"x\", {y = []}], ]",
    "a = [\n  # c\n\n  1 # d\n  , 2,\n]",
    "1 = 2\n3.4 = 5\ntrue = false\ninf = 1",
    "a = \"\"\"\\\n\n  \\\n\"\"\"",
    "a = '''''''\n",
    "a = \"\"\"\r\n\"\"\"",
    "a=1#c\n[b]#c\n[[c]]#c",
    "\t a \t = \t 1 \t",
    "a = \"\\u0000\"",
};

static void
test_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
        if (read_str(valid[i], NULL))
            fail_msg("%s: %s", valid[i], run.error[0]);
}

static wp_context *
limited(enum wp_limit limit, uint64_t value)
{
    wp_context *c;

    assert_int_equal(wp_context_new(&c, NULL), 0);
    assert_int_equal(wp_context_set_limit(c, limit, value), 0);
    return c;
}

static char *
repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t lh = strlen(head), lu = strlen(unit), lt = strlen(tail);
    char *s = malloc(lh + n * lu + lt + 1), *p = s;

    assert_non_null(s);
    memcpy(p, head, lh);
    p += lh;
    for (size_t i = 0; i < n; i++, p += lu)
        memcpy(p, unit, lu);
    memcpy(p, tail, lt + 1);
    return s;
}

static void
expect(wp_context *c, const char *toml, int code, const char *error)
{
    assert_int_equal(read_buf(&run, c, toml, strlen(toml), NULL), code);
    assert_string_equal(run.error[0], error);
}

static void
test_limits(void **state)
{
    wp_context *c;
    char *s;

    (void)state;
    c = limited(WP_LIMIT_INPUT_BYTES, 10);
    assert_int_equal(read_buf(&run, c, "a = 12345678", 12, NULL), WP_ELIMIT);
    assert_string_equal(run.diag.message, "input size 12 exceeds WP_LIMIT_INPUT_BYTES (10)");
    wp_context_free(c);

    /* the root, then two nodes per entry and one per array item */
    c = limited(WP_LIMIT_NODES, 7);
    assert_int_equal(read_buf(&run, c, "a = [1, 2]\nb = 3", 16, NULL), 0);
    assert_int_equal(run.nodes, 7);
    expect(c, "a = [1, 2, 3, 4, 5]", WP_ELIMIT,
           "t.toml:1:18: node count exceeds WP_LIMIT_NODES (7)");
    expect(c, "[a.b.c.d]", WP_ELIMIT, "t.toml:1:8: node count exceeds WP_LIMIT_NODES (7)");
    expect(c, "[[a]]\n[[a]]\n[[a]]\n[[a]]\n[[a]]", WP_ELIMIT,
           "t.toml:5:1: node count exceeds WP_LIMIT_NODES (7)");
    wp_context_free(c);

    c = limited(WP_LIMIT_KEY_LENGTH, 4);
    assert_int_equal(read_buf(&run, c, "abcd = 'long value'", 19, NULL), 0);
    expect(c, "abcde = 1", WP_ELIMIT, "t.toml:1:1: key exceeds WP_LIMIT_KEY_LENGTH (4)");
    expect(c, "[a.\"b\\u00e9cd\"]", WP_ELIMIT, "t.toml:1:4: key exceeds WP_LIMIT_KEY_LENGTH (4)");
    expect(c, "x = {'abcde' = 1}", WP_ELIMIT, "t.toml:1:6: key exceeds WP_LIMIT_KEY_LENGTH (4)");
    wp_context_free(c);

    c = limited(WP_LIMIT_SCALAR_LENGTH, 5);
    assert_int_equal(read_buf(&run, c, "a = \"\\u00e9\\t\\n\\r\"", 18, NULL), 0);
    expect(c, "a = \"\\u00e9\\t\\n\\r\\b\"", WP_ELIMIT,
           "t.toml:1:5: scalar exceeds WP_LIMIT_SCALAR_LENGTH (5)");
    expect(c, "a = 'abcdef'", WP_ELIMIT, "t.toml:1:5: scalar exceeds WP_LIMIT_SCALAR_LENGTH (5)");
    expect(c, "a = 123_456", WP_ELIMIT, "t.toml:1:5: scalar exceeds WP_LIMIT_SCALAR_LENGTH (5)");
    expect(c, "abcdef = 1", WP_ELIMIT, "t.toml:1:1: scalar exceeds WP_LIMIT_SCALAR_LENGTH (5)");
    wp_context_free(c);

    /* depth: the root is level 1, so a limit of 3 allows two more */
    c = limited(WP_LIMIT_NESTING_DEPTH, 3);
    assert_int_equal(read_buf(&run, c, "[a]\nb = [1]", 11, NULL), 0);
    expect(c, "[a]\nb = [[1]]", WP_ELIMIT,
           "t.toml:2:6: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (3)");
    expect(c, "[a.b.c]", WP_ELIMIT, "t.toml:1:1: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (3)");
    expect(c, "[[a.b]]", WP_ELIMIT, "t.toml:1:1: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (3)");
    expect(c, "a.b.c.d = 1", WP_ELIMIT,
           "t.toml:1:5: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (3)");
    expect(c, "a = {b = {c = {}}}", WP_ELIMIT,
           "t.toml:1:15: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (3)");
    wp_context_free(c);

    /* default limits, deep input: one refusal, no stack overflow */
    s = repeat("a = ", "[", 100000, "");
    expect(ctx, s, WP_ELIMIT, "t.toml:1:260: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (256)");
    free(s);
    s = repeat("a = ", "{b = ", 100000, "");
    expect(ctx, s, WP_ELIMIT,
           "t.toml:1:1280: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (256)");
    free(s);
    s = repeat("[a", ".a", 100000, "]");
    expect(ctx, s, WP_ELIMIT, "t.toml:1:1: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (256)");
    free(s);
    s = repeat("a", ".a", 100000, " = 1");
    expect(ctx, s, WP_ELIMIT,
           "t.toml:1:511: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (256)");
    free(s);
}

/* Many keys in one table, many tables: linear, not quadratic. */
static void
test_wide(void **state)
{
    static const char *const paths[] = { "t.k49999", "u49999.v", NULL };
    size_t n = 50000, cap = n * 48;
    char *s = malloc(cap), *p = s;

    (void)state;
    assert_non_null(s);
    p += sprintf(p, "[t]\n");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "k%zu = %zu\n", i, i);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "[u%zu]\nv = 'x'\n", i);
    assert_int_equal(read_buf(&run, ctx, s, (size_t)(p - s), paths), 0);
    assert_int_equal(run.node[0].n.i, 49999);
    assert_string_equal(run.node[1].n.text, "x");
    free(s);
}

/* Fail each allocation in turn until the read succeeds: every failing run
 * returns WP_ENOMEM and gives every block back. */
static long
torture(const char *text)
{
    struct chaos ch = { 0, -1, 0, 0 };
    struct wp_allocator a = { WP_ALLOCATOR_VERSION, c_malloc, c_realloc, c_free, &ch };
    wp_context *c;
    long n;

    assert_int_equal(wp_context_new(&c, &a), 0);
    assert_int_equal(read_buf(&run, c, text, strlen(text), NULL), 0);
    for (n = 0;; n++) {
        ch.calls = ch.failed = 0;
        ch.fail_at = n;
        int rc = read_buf(&run, c, text, strlen(text), NULL);
        if (!ch.failed) {
            assert_int_equal(rc, 0);
            break;
        }
        if (rc != WP_ENOMEM)
            fail_msg("allocation %ld failed, result %d: %s", n, rc, run.error[0]);
        assert_int_equal(run.diag.code, WP_ENOMEM);
        assert_int_equal(ch.live, 1); /* only the context itself */
    }
    wp_context_free(c);
    assert_int_equal(ch.live, 0);
    return n;
}

static void
test_chaos(void **state)
{
    char *keys = malloc(200 * 16);
    size_t n = 0;

    (void)state;
    verify = 0;
    assert_non_null(keys);
    for (int i = 0; i < 200; i++) /* grows the key hash and the arena */
        n += (size_t)sprintf(keys + n, "k%d = \"\\t%d\"\n", i, i);
    print_message("# spin: %ld allocations, each failed once\n", torture(spin));
    print_message("# keys: %ld allocations, each failed once\n", torture(keys));
    torture("a = [[[{b = [{c = 'x'}]}]]]\n[[d.e]]\n[[d.e]]\nf = \"\"\"\\u00e9\r\n\"\"\"");
    free(keys);
    verify = 1;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spin_positions),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_integers_booleans),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_empty_and_comments),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_wide),
        cmocka_unit_test(test_chaos),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
