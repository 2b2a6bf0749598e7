/*
 * The JSON reader: positions of every kind of value, List and top-level
 * array expansion, each strictness error with its message and position,
 * and agreement with jansson (the strict reference) on what is JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

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
test_positions(void **state)
{
    static const char *const paths[] = {
        "",                                                    /* 0 */
        "metadata.name",                                       /* 1 */
        "metadata.annotations[\"example.com/a.b\"]",           /* 2 */
        "spec.replicas",                                       /* 3 */
        "spec.template.spec.containers[0]",                    /* 4 */
        "spec.template.spec.containers[0].ports[0].containerPort", /* 5 */
        "spec.template.spec.volumes",                          /* 6 */
        NULL,
    };
    struct dt_node *n = run.node[0];

    (void)state;
    assert_int_equal(dt_file(&run, ctx, "deployment.json", paths, 1), 0);
    assert_int_equal(run.ndocs, 1);
    assert_span(&n[0], 1, 1, 19, 2);
    assert_int_equal(n[0].style, WP__STYLE_FLOW);
    assert_span(&n[1], 5, 13, 5, 24);
    assert_string_equal(n[1].text, "wasi-demo");
    assert_int_equal(n[1].style, WP__STYLE_DOUBLE_QUOTED);
    assert_span(&n[2], 6, 40, 6, 43);
    assert_span(&n[3], 9, 17, 9, 18);
    assert_int_equal(n[3].kind, WP__NODE_INT);
    assert_int_equal(n[3].i, 3);
    assert_span(&n[4], 13, 11, 13, 112);
    assert_span(&n[5], 13, 105, 13, 109);
    assert_int_equal(n[5].i, 8080);
    assert_span(&n[6], 15, 20, 15, 22);
    assert_int_equal(n[6].kind, WP__NODE_SEQUENCE);
}

static void
test_scalars(void **state)
{
    static const char *const paths[] = { "[0]", "[1]", "[2]", "[3]", "[4]", "[5]", "[6]",
                                         "[7]", "[8]", "[9]", NULL };
    const char *j = "[\"\\u00e9\\ud83d\\ude00\\n\\/\", -0, 12, -9223372036854775808, "
                    "18446744073709551615, 18446744073709551616, 1.5e3, true, null, "
                    "\"a\\u0000b\"]";
    struct dt_node *n = run.node[0];

    (void)state;
    assert_int_equal(dt_json(&run, ctx, j, paths), 0);
    assert_string_equal(n[0].text, "\xc3\xa9\xf0\x9f\x98\x80\n/");
    assert_span(&n[0], 1, 2, 1, 26);
    assert_int_equal(n[1].kind, WP__NODE_INT);
    assert_int_equal(n[2].i, 12);
    assert_true(n[3].i == INT64_MIN);
    assert_true((n[4].flags & WP__NODE_UNSIGNED) && n[4].u == UINT64_MAX);
    assert_int_equal(n[5].kind, WP__NODE_FLOAT);
    assert_true(n[6].f == 1500.0);
    assert_int_equal(n[7].kind, WP__NODE_BOOL);
    assert_int_equal(n[8].kind, WP__NODE_NULL);
    assert_int_equal(n[9].len, 3); /* \u0000 is kept, length and all */
}

static void
test_lists(void **state)
{
    static const char *const paths[] = { "kind", "metadata.labels.app", "spec.hostNetwork",
                                         NULL };

    (void)state;
    assert_int_equal(dt_file(&run, ctx, "list.json", paths, 1), 0);
    assert_int_equal(run.ndocs, 2);
    assert_true(run.is_item[0]);
    assert_span(&run.node[0][0], 7, 15, 7, 20);
    assert_string_equal(run.node[0][1].text, "w\xc3\xa9" "b");
    assert_span(&run.node[0][1], 8, 58, 8, 68);
    assert_int_equal(run.node[0][2].kind, WP__NODE_BOOL);
    assert_int_equal(run.item[1], 1);
    assert_span(&run.node[1][0], 11, 34, 11, 50);

    /* a top-level array of objects is a list; of anything else, a document */
    assert_int_equal(dt_json(&run, ctx, "[{\"kind\": \"A\"},\n {\"kind\": \"B\"}]", paths), 0);
    assert_int_equal(run.ndocs, 2);
    assert_span(&run.node[1][0], 2, 11, 2, 14);
    assert_int_equal(dt_json(&run, ctx, "[{\"kind\": \"A\"}, 1]", paths), 0);
    assert_int_equal(run.ndocs, 1);
    assert_int_equal(dt_json(&run, ctx, "[]", paths), 0);
    assert_int_equal(run.ndocs, 1);
}

static void
test_bom_crlf(void **state)
{
    static const char *const paths[] = { "a", "b", NULL };
    const char j[] = "\xef\xbb\xbf{\r\n  \"a\": 1,\r\n  \"b\": \"\xc3\xa9\"\r\n}\r\n";

    (void)state;
    assert_int_equal(dt_read(&run, ctx, "b.json", j, sizeof(j) - 1, paths, 1, 0), 0);
    assert_span(&run.node[0][0], 2, 8, 2, 9);
    assert_int_equal(run.node[0][0].start.offset, 13);
    assert_span(&run.node[0][1], 3, 8, 3, 12);
}

struct err_case {
    const char *json;
    const char *error;
};

static const struct err_case errors[] = {
    { "{\"a\": 1} x", "t.json:1:10: unexpected content after the JSON value" },
    { "{\"a\": 1}\n// c", "t.json:2:1: comments are not allowed in JSON" },
    { "{\"a\": /* c */ 1}", "t.json:1:7: comments are not allowed in JSON" },
    { "{\n  # c\n}", "t.json:2:3: comments are not allowed in JSON" },
    { "{'a': 1}", "t.json:1:2: single-quoted strings are not allowed in JSON" },
    { "{\"a\": 'x'}", "t.json:1:7: single-quoted strings are not allowed in JSON" },
    { "{a: 1}", "t.json:1:2: object keys must be double-quoted strings" },
    { "{1: 1}", "t.json:1:2: unexpected character '1': expected a key or '}'" },
    { "{\"a\": 1,}", "t.json:1:9: trailing comma before '}'" },
    { "[1,]", "t.json:1:4: trailing comma before ']'" },
    { "{\"a\" 1}", "t.json:1:6: unexpected character '1': expected ':' after an object key" },
    { "[1 2]", "t.json:1:4: unexpected character '2': expected ',' or ']' after an array element" },
    { "{\"a\": 1 \"b\": 2}",
      "t.json:1:9: unexpected character '\"': expected ',' or '}' after an object member" },
    { "{\"a\": 1,\n \"b\": 2,\n \"a\": 3}",
      "t.json:3:2: duplicate key \"a\" (first defined at line 1, column 2)" },
    { "", "t.json:1:1: unexpected end of input: expected a value" },
    { "{\"a\": [1,\n 2",
      "t.json:2:3: unexpected end of input: expected ',' or ']' after an array element (the "
      "array opened at line 1, column 7 is not closed)" },
    { "\"abc", "t.json:1:1: unterminated string" },
    { "[\"a\nb\"]", "t.json:1:4: control character 0x0a in string" },
    { "[\"\\x\"]", "t.json:1:3: invalid escape '\\x' in string" },
    { "[\"\\u12G4\"]", "t.json:1:3: invalid \\u escape in string" },
    { "[\"\\ud800x\"]", "t.json:1:3: unpaired surrogate \\ud800 in string" },
    { "[\"\\udc00\"]", "t.json:1:3: unpaired surrogate \\udc00 in string" },
    { "[\"\xc3\"]", "t.json:1:3: invalid UTF-8 in string" },
    { "[\"\xed\xa0\x80\"]", "t.json:1:3: invalid UTF-8 in string" },
    { "[\xff]", "t.json:1:2: unexpected byte 0xff: expected a value" },
    { "[01]", "t.json:1:2: invalid number: leading zero" },
    { "[-]", "t.json:1:2: invalid number" },
    { "[1.]", "t.json:1:2: invalid number" },
    { "[1e+]", "t.json:1:2: invalid number" },
    { "[.5]", "t.json:1:2: unexpected character '.': expected a value" },
    { "[+1]", "t.json:1:2: unexpected character '+': expected a value" },
    { "[1e400]", "t.json:1:2: number out of range" },
    { "[True]", "t.json:1:2: invalid literal 'True'" },
    { "[NaN]", "t.json:1:2: invalid literal 'NaN'" },
    { "[nul]", "t.json:1:2: invalid literal 'nul'" },
    { "[truex]", "t.json:1:2: invalid literal 'truex'" },
};

static void
test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
        assert_int_equal(dt_json(&run, ctx, errors[i].json, NULL), WP_EMALFORMED);
        assert_int_equal(run.nerrors, 1);
        assert_string_equal(run.error[0], errors[i].error);
        assert_int_equal(run.ndocs, 0);
    }
}

/* Cases where both readers must agree on "is this JSON?". */
static const char *const agreement[] = {
    "{}", "[]", "0", "-0.0e-0", "\"\"", " \t\r\n{ \"a\" : [ ] } \n", "{\"a\"\n:1}",
    "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\uD83D\\uDE00\"]", "[\"\x7f\xc2\x80\xe2\x80\xa8\"]",
    "[1,2", "[1,,2]", "{\"a\":1,,}", "{,}", "[,1]", "{\"a\"}", "{\"a\":}", "[\"\\a\"]",
    "[0x1]", "[Infinity]", "[-Infinity]", "[1 2]", "[\"a\" \"b\"]", "\"\\ud800\"",
    "[\"\xf4\x90\x80\x80\"]", "[\"\xc0\xaf\"]", "[\"\t\"]", "{\"a\":1}{}", "[1]]",
    "{\"a\":1, \"a\":2}", "[1e5, 1E-5, -1.25e+2]", "[00]", "[-01]", "[1.e1]", "nulll", "tru",
};

static void
test_agrees_with_jansson(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(agreement) / sizeof(agreement[0]); i++) {
        const char *s = agreement[i];
        json_error_t jerr;
        json_t *v = json_loadb(s, strlen(s), JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
        int ours = dt_json(&run, ctx, s, NULL);

        if ((v != NULL) != (ours == 0))
            fail_msg("%s: jansson %s, wp__json_read %s", s, v ? "accepts" : jerr.text,
                     ours ? run.error[0] : "accepts");
        json_decref(v);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_agrees_with_jansson),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
