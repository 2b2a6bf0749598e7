/*
 * Sources and trees: the line index (every kind of line break), "text of
 * line N" for comment suppressions, offset to position, and lookups by key
 * and by path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc/source.h"
#include "doc_test.h"

static wp_context *ctx;

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

static void
expect_line(const struct wp__src *src, uint32_t line, const char *text)
{
    const char *p;
    size_t len;

    assert_int_equal(wp__src_line(src, line, &p, &len), 0);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(p, text, len);
}

static void
test_line_index(void **state)
{
    /* BOM, LF, CRLF, CR, NEL, LS, PS, then a last line without a break */
    const char s[] = "\xef\xbb\xbf" "a\nb\r\nc\rd\xc2\x85" "e\xe2\x80\xa8" "f\xe2\x80\xa9g";
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__src src;
    struct wp__pos pos;

    (void)state;
    assert_int_equal(wp__src_init(&src, ctx, "lines.yaml", s, sizeof(s) - 1, &d), 0);
    assert_int_equal(src.nlines, 7);
    assert_int_equal(src.bom, 3);
    assert_false(src.ascii);
    expect_line(&src, 1, "a");
    expect_line(&src, 2, "b");
    expect_line(&src, 3, "c");
    expect_line(&src, 4, "d");
    expect_line(&src, 5, "e");
    expect_line(&src, 6, "f");
    expect_line(&src, 7, "g");
    assert_int_equal(wp__src_line(&src, 0, &(const char *){ 0 }, &(size_t){ 0 }), WP_ENOTFOUND);
    assert_int_equal(wp__src_line(&src, 8, &(const char *){ 0 }, &(size_t){ 0 }), WP_ENOTFOUND);
    pos = wp__src_pos(&src, 0); /* inside the BOM: clamped to line 1 */
    assert_int_equal(pos.line, 1);
    assert_int_equal(pos.column, 1);
    pos = wp__src_pos(&src, 8); /* 'c' */
    assert_int_equal(pos.line, 3);
    assert_int_equal(pos.column, 1);
    pos = wp__src_pos(&src, 1000);
    assert_int_equal(pos.line, 7);
    assert_int_equal(pos.offset, sizeof(s) - 1);
    wp__src_release(&src);
    wp__src_release(&src); /* released twice: harmless */
}

static void
test_line_index_edges(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__src src;

    (void)state;
    assert_int_equal(wp__src_init(&src, ctx, NULL, "", 0, &d), 0);
    assert_int_equal(src.nlines, 1);
    assert_string_equal(src.name, "<input>");
    expect_line(&src, 1, "");
    wp__src_release(&src);
    assert_int_equal(wp__src_init(&src, ctx, "x", "a\n\n", 3, &d), 0);
    assert_int_equal(src.nlines, 3);
    assert_true(src.ascii);
    expect_line(&src, 2, "");
    expect_line(&src, 3, "");
    wp__src_release(&src);
    /* "\r" then "\n" in two lines would be one CRLF break */
    assert_int_equal(wp__src_init(&src, ctx, "x", "a\r\n\r", 4, &d), 0);
    assert_int_equal(src.nlines, 3);
    expect_line(&src, 1, "a");
    wp__src_release(&src);
}

/* A suppression comment on the line before a node, found from the tree. */
static int
find_ignore(const struct wp__doc *doc, void *payload)
{
    const struct wp__node *n = wp__node_path(doc->root, "spec.hostNetwork");
    const char *text;
    size_t len;

    assert_non_null(n);
    assert_int_equal(wp__src_line(doc->src, n->start.line - 1, &text, &len), 0);
    *(int *)payload = len > 10 && strstr(text, "# wasmlint-ignore") != NULL;
    return 0;
}

static void
test_comment_lookup(void **state)
{
    const char *y = "spec:\r\n  # wasmlint-ignore WL001\r\n  hostNetwork: true\r\n";
    struct wp_diag d = WP_DIAG_INIT;
    int found = 0;
    struct wp__read_opts opts = { find_ignore, NULL, &found, 0 };
    struct wp__src src;

    (void)state;
    assert_int_equal(wp__src_init(&src, ctx, "c.yaml", y, strlen(y), &d), 0);
    assert_int_equal(wp__yaml_read(&src, &opts, &d), 0);
    assert_true(found);
    wp__src_release(&src);
}

static void
test_paths(void **state)
{
    static const char *const paths[] = {
        "a.b[1].c",            /* 0 */
        "a[\"x.y\"]",          /* 1 */
        "a['x.y']",            /* 2 */
        "a.b[2]",              /* 3: out of range */
        "a.b[x]",              /* 4: malformed */
        "a..b",                /* 5 */
        "a.",                  /* 6 */
        "a.b[1",               /* 7 */
        "a[\"x.y]",            /* 8 */
        "a.b[0].missing",      /* 9 */
        "[0]",                 /* 10: root is not a sequence */
        "a.b[99999999999999999999999]", /* 11 */
        "a.on",                /* 12: found by text, resolved to a bool key */
        "a.1",                 /* 13: an int key */
        NULL,
    };
    const char *y = "a:\n  b: [0, {c: deep}]\n  x.y: dotted\n  on: yes\n  1: one\n";
    struct dt_run *run = calloc(1, sizeof(*run));
    struct dt_node *n;

    (void)state;
    assert_non_null(run);
    n = run->node[0];
    assert_int_equal(dt_yaml(run, ctx, y, paths), 0);
    assert_string_equal(n[0].text, "deep");
    assert_string_equal(n[1].text, "dotted");
    assert_string_equal(n[2].text, "dotted");
    for (int i = 3; i <= 11; i++)
        assert_false(n[i].found);
    assert_int_equal(n[12].kind, WP__NODE_BOOL);
    assert_string_equal(n[13].text, "one");
    free(run);
}

static void
test_accessors(void **state)
{
    (void)state;
    assert_int_equal(wp__node_count(NULL), 0);
    assert_null(wp__node_item(NULL, 0));
    assert_null(wp__node_get(NULL, "a"));
    assert_null(wp__node_text(NULL, NULL));
    assert_null(wp__node_path(NULL, "a"));
    assert_string_equal(wp__node_kind_name(WP__NODE_MAPPING), "mapping");
    assert_string_equal(wp__node_kind_name((enum wp__node_kind)99), "unknown");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_index),
        cmocka_unit_test(test_line_index_edges),
        cmocka_unit_test(test_comment_lookup),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_accessors),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
