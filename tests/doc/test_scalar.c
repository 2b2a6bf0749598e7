/*
 * Scalar typing as Kubernetes' YAML decoder does it (go-yaml v2, YAML 1.1;
 * formats.md section 1.2): the resolution table for plain scalars, and the
 * rule that quoted, block and `!!str` scalars are always strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "doc/scalar.h"
#include "doc_test.h"

struct typing {
    const char *plain;
    int kind;
    int64_t i;    /* INT; BOOL: 0/1 */
    double f;     /* FLOAT (NAN compares as "is nan") */
};

static const struct typing table[] = {
    /* booleans: every YAML 1.1 spelling, and nothing else */
    { "y", WP__NODE_BOOL, 1, 0 },      { "Y", WP__NODE_BOOL, 1, 0 },
    { "yes", WP__NODE_BOOL, 1, 0 },    { "Yes", WP__NODE_BOOL, 1, 0 },
    { "YES", WP__NODE_BOOL, 1, 0 },    { "true", WP__NODE_BOOL, 1, 0 },
    { "True", WP__NODE_BOOL, 1, 0 },   { "TRUE", WP__NODE_BOOL, 1, 0 },
    { "on", WP__NODE_BOOL, 1, 0 },     { "On", WP__NODE_BOOL, 1, 0 },
    { "ON", WP__NODE_BOOL, 1, 0 },     { "n", WP__NODE_BOOL, 0, 0 },
    { "N", WP__NODE_BOOL, 0, 0 },      { "no", WP__NODE_BOOL, 0, 0 },
    { "No", WP__NODE_BOOL, 0, 0 },     { "NO", WP__NODE_BOOL, 0, 0 },
    { "false", WP__NODE_BOOL, 0, 0 },  { "False", WP__NODE_BOOL, 0, 0 },
    { "FALSE", WP__NODE_BOOL, 0, 0 },  { "off", WP__NODE_BOOL, 0, 0 },
    { "Off", WP__NODE_BOOL, 0, 0 },    { "OFF", WP__NODE_BOOL, 0, 0 },
    { "yEs", WP__NODE_STRING, 0, 0 },  { "tRUE", WP__NODE_STRING, 0, 0 },
    { "oN", WP__NODE_STRING, 0, 0 },   { "nope", WP__NODE_STRING, 0, 0 },
    { "nginx", WP__NODE_STRING, 0, 0 },
    /* null */
    { "", WP__NODE_NULL, 0, 0 },       { "~", WP__NODE_NULL, 0, 0 },
    { "null", WP__NODE_NULL, 0, 0 },   { "Null", WP__NODE_NULL, 0, 0 },
    { "NULL", WP__NODE_NULL, 0, 0 },   { "nULL", WP__NODE_STRING, 0, 0 },
    /* integers: Go's ParseInt(s, 0, 64) after removing every '_' */
    { "42", WP__NODE_INT, 42, 0 },     { "-7", WP__NODE_INT, -7, 0 },
    { "+7", WP__NODE_INT, 7, 0 },      { "0", WP__NODE_INT, 0, 0 },
    { "0x1F", WP__NODE_INT, 31, 0 },   { "0X1f", WP__NODE_INT, 31, 0 },
    { "-0x10", WP__NODE_INT, -16, 0 }, { "0o17", WP__NODE_INT, 15, 0 },
    { "017", WP__NODE_INT, 15, 0 },    { "0644", WP__NODE_INT, 420, 0 },
    { "0b101", WP__NODE_INT, 5, 0 },   { "-0b11", WP__NODE_INT, -3, 0 },
    { "1_000", WP__NODE_INT, 1000, 0 }, { "1__0_0", WP__NODE_INT, 100, 0 },
    { "0x_1F", WP__NODE_INT, 31, 0 },
    { "9223372036854775807", WP__NODE_INT, INT64_MAX, 0 },
    { "-9223372036854775808", WP__NODE_INT, INT64_MIN, 0 },
    /* not integers: bad digits fall through to the float pattern */
    { "08", WP__NODE_FLOAT, 0, 8.0 },  { "0o8", WP__NODE_STRING, 0, 0 },
    { "0x", WP__NODE_STRING, 0, 0 },   { "0xG", WP__NODE_STRING, 0, 0 },
    { "12:30", WP__NODE_STRING, 0, 0 }, /* no sexagesimal in go-yaml */
    { "1.2.3", WP__NODE_STRING, 0, 0 }, { "+", WP__NODE_STRING, 0, 0 },
    { "-", WP__NODE_STRING, 0, 0 },    { "_1", WP__NODE_STRING, 0, 0 },
    { "1 000", WP__NODE_STRING, 0, 0 }, { "v1", WP__NODE_STRING, 0, 0 },
    { "100Mi", WP__NODE_STRING, 0, 0 }, { "0.5Gi", WP__NODE_STRING, 0, 0 },
    /* floats */
    { "1.5", WP__NODE_FLOAT, 0, 1.5 }, { "-1.5", WP__NODE_FLOAT, 0, -1.5 },
    { "1e3", WP__NODE_FLOAT, 0, 1000 }, { "1E+3", WP__NODE_FLOAT, 0, 1000 },
    { "2.5e-3", WP__NODE_FLOAT, 0, 0.0025 }, { ".5", WP__NODE_FLOAT, 0, 0.5 },
    { "-.5", WP__NODE_FLOAT, 0, -0.5 }, { "1.", WP__NODE_FLOAT, 0, 1.0 },
    { "1_0.5", WP__NODE_FLOAT, 0, 10.5 }, { "99999999999999999999", WP__NODE_FLOAT, 0, 1e20 },
    { ".inf", WP__NODE_FLOAT, 0, INFINITY }, { ".Inf", WP__NODE_FLOAT, 0, INFINITY },
    { ".INF", WP__NODE_FLOAT, 0, INFINITY }, { "+.inf", WP__NODE_FLOAT, 0, INFINITY },
    { "-.Inf", WP__NODE_FLOAT, 0, -INFINITY }, { "-.INF", WP__NODE_FLOAT, 0, -INFINITY },
    { ".nan", WP__NODE_FLOAT, 0, NAN }, { ".NaN", WP__NODE_FLOAT, 0, NAN },
    { ".NAN", WP__NODE_FLOAT, 0, NAN }, { ".Nan", WP__NODE_STRING, 0, 0 },
    { "-.nan", WP__NODE_STRING, 0, 0 }, { ".5_0", WP__NODE_STRING, 0, 0 },
    { ".", WP__NODE_STRING, 0, 0 },    { "1e", WP__NODE_STRING, 0, 0 },
    { "1e400", WP__NODE_STRING, 0, 0 }, /* ParseFloat overflows: stays a string */
    { "1e-400", WP__NODE_FLOAT, 0, 0.0 },
    /* timestamps stay strings (flagged) */
    { "2024-01-02", WP__NODE_STRING, 0, 0 },
};

static void
check(const struct typing *t)
{
    struct wp__node n;

    memset(&n, 0, sizeof(n));
    wp__resolve_plain(&n, t->plain, strlen(t->plain));
    if (n.kind != t->kind)
        fail_msg("\"%s\": kind %s, want %s", t->plain, wp__node_kind_name(n.kind),
                 wp__node_kind_name(t->kind));
    if (t->kind == WP__NODE_BOOL)
        assert_int_equal(n.v.b, t->i);
    if (t->kind == WP__NODE_INT && n.v.i != t->i)
        fail_msg("\"%s\": %lld, want %lld", t->plain, (long long)n.v.i, (long long)t->i);
    if (t->kind == WP__NODE_FLOAT && isnan(t->f))
        assert_true(isnan(n.v.f));
    else if (t->kind == WP__NODE_FLOAT && n.v.f != t->f)
        fail_msg("\"%s\": %.17g, want %.17g", t->plain, n.v.f, t->f);
}

static void
test_resolution_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        check(&table[i]);
}

static void
test_special_values(void **state)
{
    struct wp__node n;

    (void)state;
    memset(&n, 0, sizeof(n));
    wp__resolve_plain(&n, "18446744073709551615", 20); /* ParseUint */
    assert_int_equal(n.kind, WP__NODE_INT);
    assert_true(n.flags & WP__NODE_UNSIGNED);
    assert_true(n.v.u == UINT64_MAX);
    memset(&n, 0, sizeof(n));
    wp__resolve_plain(&n, "+18446744073709551615", 21); /* ParseUint takes no sign */
    assert_int_equal(n.kind, WP__NODE_FLOAT);
    memset(&n, 0, sizeof(n));
    wp__resolve_plain(&n, "<<", 2);
    assert_int_equal(n.kind, WP__NODE_STRING);
    assert_true(n.flags & WP__NODE_MERGE_KEY);
    static const char *const stamps[] = { "2024-01-02", "2024-1-2", "2001-12-14t21:59:43.10Z",
                                          "2001-12-14T21:59:43-05:00", "2001-12-14 21:59:43.10",
                                          NULL };
    static const char *const not_stamps[] = { "2024-13-01", "2023-02-29", "24-01-02",
                                              "2024-01-02T25:00:00Z", "2024-01-02T10:00:00",
                                              "2024-01-02x", NULL };
    for (size_t i = 0; stamps[i]; i++) {
        memset(&n, 0, sizeof(n));
        wp__resolve_plain(&n, stamps[i], strlen(stamps[i]));
        assert_int_equal(n.kind, WP__NODE_STRING);
        assert_true(n.flags & WP__NODE_TIMESTAMP);
    }
    for (size_t i = 0; not_stamps[i]; i++) {
        memset(&n, 0, sizeof(n));
        wp__resolve_plain(&n, not_stamps[i], strlen(not_stamps[i]));
        assert_false(n.flags & WP__NODE_TIMESTAMP);
    }
}

static void
test_decimal_precision(void **state)
{
    double d;

    (void)state;
    assert_int_equal(wp__decimal_to_double("0.1", 3, &d), 0);
    assert_true(d == 0.1);
    assert_int_equal(wp__decimal_to_double("1.7976931348623157e308", 22, &d), 0);
    assert_true(d == 1.7976931348623157e308);
    assert_int_equal(wp__decimal_to_double("2.2250738585072014e-308", 23, &d), 0);
    assert_true(d == 2.2250738585072014e-308);
    assert_int_equal(wp__decimal_to_double("123456789012345678901234567890", 30, &d), 0);
    assert_true(fabs(d - 1.2345678901234568e29) <= 1.2345678901234568e29 * 1e-15);
    assert_int_equal(wp__decimal_to_double("1e309", 5, &d), -1);
    /* the edge of the double range: rounds down to DBL_MAX, or up to inf */
    assert_int_equal(wp__decimal_to_double("1.797693134862315799e308", 24, &d), 0);
    assert_true(d == 1.7976931348623157e308);
    assert_int_equal(wp__decimal_to_double("1.7976931348623159e308", 22, &d), -1);
    assert_int_equal(wp__decimal_to_double("-1e-400", 7, &d), 0);
    assert_true(d == 0.0);
}

/* Through the reader: only plain scalars are typed. */
static void
test_styles_and_tags(void **state)
{
    static const char *const paths[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "on", NULL };
    const char *y = "a: yes\n"
                    "b: 'yes'\n"
                    "c: \"0644\"\n"
                    "d: !!str 0644\n"
                    "e: |\n  true\n"
                    "f: !!int \"42\"\n"
                    "g: ! on\n"
                    "h: !custom 12\n"
                    "i: 2024-01-02\n"
                    "on: key\n";
    struct dt_node *n;
    wp_context *ctx;
    struct dt_run *run = calloc(1, sizeof(*run));

    (void)state;
    assert_non_null(run);
    n = run->node[0];
    assert_int_equal(wp_context_new(&ctx, NULL), 0);
    assert_int_equal(dt_yaml(run, ctx, y, paths), 0);
    assert_int_equal(n[0].kind, WP__NODE_BOOL);
    assert_int_equal(n[1].kind, WP__NODE_STRING);
    assert_int_equal(n[2].kind, WP__NODE_STRING);
    assert_int_equal(n[3].kind, WP__NODE_STRING);
    assert_true(n[3].flags & WP__NODE_TAGGED);
    assert_int_equal(n[4].kind, WP__NODE_STRING);
    assert_int_equal(n[5].kind, WP__NODE_INT);
    assert_int_equal(n[5].i, 42);
    assert_int_equal(n[6].kind, WP__NODE_STRING);
    assert_int_equal(n[7].kind, WP__NODE_INT);
    assert_true(n[8].flags & WP__NODE_TIMESTAMP);
    /* `on:` is the key true, found by its text */
    assert_string_equal(n[9].text, "key");
    wp_context_free(ctx);
    free(run);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolution_table),
        cmocka_unit_test(test_special_values),
        cmocka_unit_test(test_decimal_precision),
        cmocka_unit_test(test_styles_and_tags),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
