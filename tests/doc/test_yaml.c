/*
 * The YAML reader: exact start/end positions (multi-document files, flow
 * and block styles, block scalars, anchors, merge keys, CRLF, BOM, non-ASCII
 * text), List expansion, every error with its message and position, and
 * recovery after a bad document.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc_test.h"

static wp_context *ctx;
static struct dt_run run;

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
test_multi_document_file(void **state)
{
    static const char *const paths[] = {
        "kind",                                           /* 0 */
        "metadata.labels",                                /* 1 */
        "spec.selector.matchLabels",                      /* 2 */
        "spec.template.spec.containers[0]",               /* 3 */
        "spec.template.spec.containers[1].image",         /* 4 */
        "spec.template.spec.containers[1].name",          /* 5 */
        "spec.template.spec.automountServiceAccountToken",/* 6 */
        "spec.ports[0].targetPort",                       /* 7 */
        "data.script",                                    /* 8 */
        "data.folded",                                    /* 9 */
        "data.empty",                                     /* 10 */
        "data.mode",                                      /* 11 */
        "",                                               /* 12: the root */
        "spec.template.spec.containers",                  /* 13 */
        NULL,
    };
    struct dt_node *d0 = run.node[0], *d1 = run.node[1], *d3 = run.node[2];

    (void)state;
    assert_int_equal(dt_file(&run, ctx, "multi.yaml", paths, 0), 0);
    assert_int_equal(run.ndocs, 3); /* the comment-only document is skipped */
    assert_int_equal(run.index[0], 0);
    assert_int_equal(run.index[1], 1);
    assert_int_equal(run.index[2], 3);
    assert_span(&d0[12], 3, 1, 27, 28);
    assert_int_equal(d0[12].start.offset, 149);
    assert_span(&d0[0], 4, 7, 4, 17);
    assert_string_equal(d0[0].text, "Deployment");
    /* the anchored flow mapping, and an alias of it */
    assert_span(&d0[1], 7, 11, 7, 47);
    assert_int_equal(d0[1].style, WP__STYLE_FLOW);
    assert_span(&d0[2], 11, 18, 11, 25);
    assert_true(d0[2].aliased);
    assert_int_equal(d0[2].anchor.line, 7);
    assert_int_equal(d0[2].anchor.column, 11);
    assert_int_equal(d0[2].count, 2);
    /* a block mapping ends with its last value, not at the next token */
    assert_span(&d0[3], 19, 11, 24, 40);
    assert_span(&d0[13], 19, 9, 27, 28);
    /* merged entries keep the positions of the anchored mapping */
    assert_span(&d0[4], 21, 18, 21, 54);
    assert_true(d0[4].merged);
    assert_span(&d0[5], 26, 17, 26, 27);
    assert_false(d0[5].merged);
    assert_string_equal(d0[5].text, "demo-debug");
    assert_int_equal(d0[6].kind, WP__NODE_BOOL);
    assert_int_equal(d0[6].b, 0);
    assert_span(&d1[7], 36, 19, 36, 25);
    assert_int_equal(d1[7].i, 8080);
    /* block scalars end after their last character (columns are bytes) */
    assert_span(&d3[8], 44, 11, 46, 18);
    assert_string_equal(d3[8].text, "#!/bin/sh\necho \"h\xc3\xa9llo\"\n");
    assert_span(&d3[9], 48, 11, 50, 8);
    assert_string_equal(d3[9].text, "one two");
    assert_span(&d3[10], 51, 9, 51, 9);
    assert_int_equal(d3[10].kind, WP__NODE_NULL);
    assert_true(d3[10].flags & WP__NODE_IMPLICIT);
    assert_span(&d3[11], 52, 9, 52, 15);
    assert_int_equal(d3[11].kind, WP__NODE_STRING);
    assert_int_equal(d3[11].style, WP__STYLE_SINGLE_QUOTED);
}

static void
test_flow_style(void **state)
{
    static const char *const paths[] = { "a", "a.b", "a.b[1]", "a.b[2].c", "a.e", "f", NULL };
    const char *y = "a: {b: [1, \"two\", {c: d}], e: 'x'}\n"
                    "f: [ ]\n";
    struct dt_node *n = run.node[0];

    (void)state;
    assert_int_equal(dt_yaml(&run, ctx, y, paths), 0);
    assert_span(&n[0], 1, 4, 1, 35);
    assert_span(&n[1], 1, 8, 1, 26);
    assert_int_equal(n[1].count, 3);
    assert_span(&n[2], 1, 12, 1, 17);
    assert_int_equal(n[2].style, WP__STYLE_DOUBLE_QUOTED);
    assert_span(&n[3], 1, 23, 1, 24);
    assert_span(&n[4], 1, 31, 1, 34);
    assert_span(&n[5], 2, 4, 2, 7);
    assert_int_equal(n[5].count, 0);
}

static void
test_block_scalars(void **state)
{
    static const char *const paths[] = { "keep", "strip", "fold", "next", NULL };
    const char *y = "keep: |+\n"
                    "  a\n"
                    "\n"
                    "strip: |-\n"
                    "    b\n"
                    "     c\n"
                    "fold: >\n"
                    "  d\n"
                    "  e\n"
                    "\n"
                    "# trailing comment\n"
                    "next: 1\n";
    struct dt_node *n = run.node[0];

    (void)state;
    assert_int_equal(dt_yaml(&run, ctx, y, paths), 0);
    assert_span(&n[0], 1, 7, 2, 4);
    assert_string_equal(n[0].text, "a\n\n");
    assert_int_equal(n[0].style, WP__STYLE_LITERAL);
    assert_span(&n[1], 4, 8, 6, 7);
    assert_string_equal(n[1].text, "b\n c");
    assert_span(&n[2], 7, 7, 9, 4);
    assert_string_equal(n[2].text, "d e\n");
    assert_int_equal(n[2].style, WP__STYLE_FOLDED);
    assert_span(&n[3], 12, 7, 12, 8);
}

static void
test_crlf_bom_and_bytes(void **state)
{
    static const char *const paths[] = { "a", "b", "b[1]", "c", "d", "\xc3\xa9", NULL };
    /* BOM, CRLF endings, a lone CR, and two-byte characters before a node */
    const char y[] = "\xef\xbb\xbf"
                     "a: 1\r\n"
                     "b:\r\n"
                     "  - x\r\n"
                     "  - \"y\"\r\n"
                     "c: |\r\n"
                     "  t\r\n"
                     "\r\n"
                     "d: \xc3\xa9\xc3\xa9 z\r"
                     "\xc3\xa9: [\xc3\xa9, k]\n";
    struct dt_node *n = run.node[0];

    (void)state;
    assert_int_equal(dt_read(&run, ctx, "crlf.yaml", y, sizeof(y) - 1, paths, 0, 0), 0);
    assert_span(&n[0], 1, 4, 1, 5);
    assert_int_equal(n[0].start.offset, 6);
    assert_span(&n[1], 3, 3, 4, 8);
    assert_span(&n[2], 4, 5, 4, 8);
    assert_int_equal(n[2].start.offset, 24);
    assert_span(&n[3], 5, 4, 6, 4);
    assert_string_equal(n[3].text, "t\n"); /* CRLF folds to LF */
    assert_span(&n[4], 8, 4, 8, 10);
    assert_int_equal(n[4].start.offset, 45);
    assert_span(&n[5], 9, 5, 9, 12);
    assert_int_equal(n[5].start.offset, 56);
}

static void
test_nel_and_line_separator(void **state)
{
    static const char *const paths[] = { "a", "b", NULL };
    /* libyaml (YAML 1.1) breaks lines at NEL and LS too; so do positions */
    const char *y = "a: 1\xc2\x85"
                    "b: \"p\xe2\x80\xa8q\"\n";
    struct dt_node *n = run.node[0];

    (void)state;
    assert_int_equal(dt_yaml(&run, ctx, y, paths), 0);
    assert_span(&n[0], 1, 4, 1, 5);
    assert_span(&n[1], 2, 4, 3, 3);
    assert_string_equal(n[1].text, "p\xe2\x80\xa8q"); /* LS is kept, not folded */
}

static void
test_anchors_and_merge_keys(void **state)
{
    static const char *const paths[] = { "m.a", "m.b", "m.c", "m.d", "s[0]", "s[1]", "k",
                                         "i.x", "i.y", NULL };
    const char *y = "one: &one {a: 1, b: 1}\n"
                    "two: &two {b: 2, c: 2, d: 2}\n"
                    "m:\n"
                    "  d: explicit\n"
                    "  <<: [*one, *two]\n"
                    "  a: explicit\n"
                    "s: [&x xv, *x]\n"
                    "*x : aliased-key\n"
                    "k: *one\n"
                    "i:\n"
                    "  <<: {x: 1}\n"
                    "  y: 2\n";
    struct dt_node *n = run.node[0];

    (void)state;
    assert_int_equal(dt_yaml(&run, ctx, y, paths), 0);
    /* explicit keys win wherever they stand, then the earlier merge */
    assert_string_equal(n[0].text, "explicit");
    assert_false(n[0].merged);
    assert_int_equal(n[1].i, 1);
    assert_true(n[1].merged);
    assert_span(&n[1], 1, 21, 1, 22);
    assert_int_equal(n[2].i, 2);
    assert_string_equal(n[3].text, "explicit");
    assert_span(&n[4], 7, 5, 7, 10);
    assert_span(&n[5], 7, 12, 7, 14);
    assert_true(n[5].aliased);
    assert_string_equal(n[5].text, "xv");
    assert_int_equal(n[5].anchor.column, 5);
    assert_int_equal(n[6].count, 2);
    assert_true(n[6].aliased);
    assert_int_equal(n[7].i, 1);
    assert_true(n[7].merged);
    assert_int_equal(n[8].i, 2);
}

static void
test_list_expansion(void **state)
{
    static const char *const paths[] = { "kind", "metadata.name", NULL };

    (void)state;
    assert_int_equal(dt_file(&run, ctx, "list.yaml", paths, 0), 0);
    assert_int_equal(run.ndocs, 2);
    assert_true(run.is_item[0] && run.is_item[1]);
    assert_int_equal(run.index[1], 0);
    assert_int_equal(run.item[1], 1);
    assert_string_equal(run.node[0][0].text, "Pod");
    assert_span(&run.node[0][0], 7, 9, 7, 12);
    assert_span(&run.node[1][1], 18, 11, 18, 15);

    /* whole with the flag; an empty List yields nothing; typed lists too */
    assert_int_equal(dt_read(&run, ctx, "l.yaml", "kind: List\nitems: [{a: 1}]\n", 27, paths, 0,
                             WP__READ_KEEP_LISTS), 0);
    assert_int_equal(run.ndocs, 1);
    assert_string_equal(run.node[0][0].text, "List");
    assert_int_equal(dt_yaml(&run, ctx, "apiVersion: v1\nkind: List\nitems: []\n", paths), 0);
    assert_int_equal(run.ndocs, 0);
    assert_int_equal(dt_yaml(&run, ctx, "kind: PodList\nitems:\n- kind: Pod\n", paths), 0);
    assert_int_equal(run.ndocs, 1);
    assert_string_equal(run.node[0][0].text, "Pod");
    assert_int_equal(dt_yaml(&run, ctx,
                             "kind: List\nitems:\n- kind: List\n  items: [{kind: A}, {kind: B}]\n"
                             "- {kind: C}\n", paths), 0);
    assert_int_equal(run.ndocs, 3);
    assert_string_equal(run.node[2][0].text, "C");
    /* a kind ending in List without items is an ordinary document */
    assert_int_equal(dt_yaml(&run, ctx, "kind: AllowList\nspec: {}\n", paths), 0);
    assert_int_equal(run.ndocs, 1);
}

/* At the end of input libyaml moves its marks to a line that does not
 * exist; positions there are the end of the input (found by fuzzing). */
static void
test_no_final_newline(void **state)
{
    static const char *const paths[] = { "", "spec", NULL };
    struct dt_node *n = run.node[0];

    (void)state;
    assert_int_equal(dt_yaml(&run, ctx, "a: 1", paths), 0);
    assert_span(&n[0], 1, 1, 1, 5);
    assert_int_equal(dt_yaml(&run, ctx, "spec:\n  ? rk", paths), 0);
    assert_span(&n[1], 2, 3, 2, 7);
    assert_int_equal(n[1].count, 1);
    assert_int_equal(dt_yaml(&run, ctx, "k: |\n  text", paths), 0);
    assert_span(&n[0], 1, 1, 2, 7);
}

static void
test_empty_documents(void **state)
{
    (void)state;
    assert_int_equal(dt_yaml(&run, ctx, "", NULL), 0);
    assert_int_equal(run.ndocs, 0);
    assert_int_equal(dt_yaml(&run, ctx, "# only a comment\n", NULL), 0);
    assert_int_equal(run.ndocs, 0);
    assert_int_equal(dt_yaml(&run, ctx, "---\n---\n# c\n---\n", NULL), 0);
    assert_int_equal(run.ndocs, 0);
    assert_int_equal(dt_yaml(&run, ctx, "--- ~\n", NULL), 0);
    assert_int_equal(run.ndocs, 1); /* an explicit null is not empty */
}

struct err_case {
    const char *yaml;
    const char *error;      /* as the CLI prints it, minus "error: " */
    int code;
};

static const struct err_case errors[] = {
    { "a: b: c\n", "t.yaml:1:5: mapping values are not allowed in this context", WP_EMALFORMED },
    { "a:\n  - x\n y: 1\n",
      "t.yaml:3:2: did not find expected key (while parsing a block mapping at line 1, column 1)",
      WP_EMALFORMED },
    { "a:\n\tb: 1\n",
      "t.yaml:2:1: found character that cannot start any token (while scanning for the next "
      "token at line 2, column 1)",
      WP_EMALFORMED },
    { "a: \"abc\n---\n",
      "t.yaml:2:1: found unexpected document indicator (while scanning a quoted scalar at line 1, "
      "column 4)",
      WP_EMALFORMED },
    { "a: [1, 2\n",
      "t.yaml:2:1: did not find expected ',' or ']' (while parsing a flow sequence at line 1, "
      "column 4)",
      WP_EMALFORMED },
    { "a: 1\nb: \xff\n", "t.yaml:2:4: invalid leading utf-8 octet (0xff)", WP_EMALFORMED },
    { "a: \x01\n", "t.yaml:1:4: control characters are not allowed (0x1)", WP_EMALFORMED },
    { "\x7f" "ELF\x02\x01", "t.yaml:1:1: control characters are not allowed (0x7f)",
      WP_EMALFORMED },
    { "a: \xc3\n", "t.yaml:1:5: invalid trailing utf-8 octet (0xa)", WP_EMALFORMED },
    { "a: *nope\n", "t.yaml:1:4: undefined alias \"nope\"", WP_EMALFORMED },
    { "a: &x [1, *x]\n", "t.yaml:1:11: anchor \"x\" value contains itself", WP_EMALFORMED },
    { "a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key \"a\" (first defined at line 1, column 1)",
      WP_EMALFORMED },
    { "on: 1\n\"x\": 2\ntrue: 3\n",
      "t.yaml:3:1: duplicate key \"true\" (first defined at line 1, column 1)", WP_EMALFORMED },
    { "a: {0x10: x, 16: y}\n",
      "t.yaml:1:14: duplicate key \"16\" (first defined at line 1, column 5)", WP_EMALFORMED },
    { "a:\n  <<: [1]\n",
      "t.yaml:2:8: map merge requires map or sequence of maps as the value", WP_EMALFORMED },
    { "a:\n  <<: {x: 1}\n  <<: {y: 1}\n", "t.yaml:3:3: duplicate key \"<<\"", WP_EMALFORMED },
    { "\xff\xfe" "a\0:\0", "t.yaml:1:1: utf-16 input is not supported: convert it to utf-8",
      WP_EUNSUPPORTED },
};

static void
test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
        const struct err_case *c = &errors[i];
        size_t len = c->code == WP_EUNSUPPORTED ? 6 : strlen(c->yaml);

        assert_int_equal(dt_read(&run, ctx, "t.yaml", c->yaml, len, NULL, 0, 0), c->code);
        assert_int_equal(run.nerrors, 1);
        assert_string_equal(run.error[0], c->error);
        assert_int_equal(run.code[0], c->code);
        assert_int_equal(run.diag.code, c->code); /* the first error, in the caller's diag */
        assert_int_equal(run.ndocs, 0);
    }
}

static void
test_recovery(void **state)
{
    static const char *const paths[] = { "metadata.name", NULL };

    (void)state;
    assert_int_equal(dt_file(&run, ctx, "bad-middle.yaml", paths, 0), WP_EMALFORMED);
    assert_int_equal(run.ndocs, 2);
    assert_string_equal(run.node[0][0].text, "first");
    assert_string_equal(run.node[1][0].text, "last");
    assert_span(&run.node[1][0], 23, 9, 23, 13);
    assert_int_equal(run.index[1], 3);
    assert_int_equal(run.nerrors, 2);
    assert_string_equal(run.error[0],
                        "bad-middle.yaml:10:14: mapping values are not allowed in this context");
    assert_int_equal(run.error_index[0], 1);
    assert_string_equal(run.error[1], "bad-middle.yaml:19:1: did not find expected ',' or ']' "
                                      "(while parsing a flow sequence at line 18, column 15)");
    assert_int_equal(run.error_index[1], 2);

    /* libyaml decodes ahead: a bad byte in document 3 must not fail 1 and 2,
     * and documents after it are still read */
    assert_int_equal(dt_yaml(&run, ctx, "a: 1\n---\nb: 2\n---\nc: \x80\n---\nd: 4\n...\ne: 5\n",
                             paths), WP_EMALFORMED);
    assert_int_equal(run.ndocs, 3);
    assert_int_equal(run.index[2], 3);
    assert_string_equal(run.error[0], "t.yaml:5:4: invalid leading utf-8 octet (0x80)");
    assert_int_equal(run.error_index[0], 2);
    assert_string_equal(run.error[1], "t.yaml:9:1: did not find expected <document start>");
}

static int
stop_after_first(const struct wp__doc *doc, void *payload)
{
    (void)doc;
    ++*(int *)payload;
    return 42;
}

static void
test_callbacks(void **state)
{
    const char *y = "a: 1\n---\nb: [\n---\nc: 3\n";
    struct wp__read_opts opts = { stop_after_first, NULL, NULL, 0 };
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__src src;
    int calls = 0;

    (void)state;
    opts.payload = &calls;
    assert_int_equal(wp__src_init(&src, ctx, "s.yaml", y, strlen(y), &d), 0);
    assert_int_equal(wp__yaml_read(&src, &opts, &d), 42);
    assert_int_equal(calls, 1);
    /* without an error callback, the first error stops the stream */
    opts.on_doc = NULL;
    assert_int_equal(wp__yaml_read(&src, &opts, &d), WP_EMALFORMED);
    assert_int_equal(d.line, 4);
    assert_int_equal(wp__yaml_read(&src, NULL, NULL), WP_EMALFORMED);
    wp__src_release(&src);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multi_document_file),
        cmocka_unit_test(test_flow_style),
        cmocka_unit_test(test_block_scalars),
        cmocka_unit_test(test_crlf_bom_and_bytes),
        cmocka_unit_test(test_nel_and_line_separator),
        cmocka_unit_test(test_anchors_and_merge_keys),
        cmocka_unit_test(test_list_expansion),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_empty_documents),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_recovery),
        cmocka_unit_test(test_callbacks),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
