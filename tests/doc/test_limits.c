/*
 * Every limit of the context, on YAML and JSON: a clear error naming the
 * limit at the position where it was passed, quickly, without a crash or a
 * large allocation, and (for YAML) the next document still read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <cmocka.h>

#include "doc_test.h"

static struct dt_run run;

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static wp_context *
context(enum wp_limit limit, uint64_t value)
{
    wp_context *ctx;

    assert_int_equal(wp_context_new(&ctx, NULL), 0);
    if (limit)
        assert_int_equal(wp_context_set_limit(ctx, limit, value), 0);
    return ctx;
}

static void
test_input_size(void **state)
{
    wp_context *ctx = context(WP_LIMIT_INPUT_BYTES, 100);
    char buf[101] = { 0 };

    (void)state;
    assert_int_equal(dt_read(&run, ctx, "big.yaml", buf, sizeof(buf), NULL, 0, 0), WP_ELIMIT);
    assert_string_equal(run.diag.message, "input size 101 exceeds WP_LIMIT_INPUT_BYTES (100)");
    assert_int_equal(dt_read(&run, ctx, "ok.yaml", "a: 1", 4, NULL, 0, 0), 0);
    wp_context_free(ctx);
}

static void
test_document_count(void **state)
{
    wp_context *ctx = context(WP_LIMIT_DOCUMENTS, 3);

    (void)state;
    assert_int_equal(dt_yaml(&run, ctx, "a: 1\n---\nb: 2\n---\nc: 3\n---\nd: 4\n---\ne: 5\n",
                             NULL), WP_ELIMIT);
    assert_int_equal(run.ndocs, 3);
    assert_int_equal(run.nerrors, 1); /* and reading stopped there */
    assert_string_equal(run.error[0], "t.yaml:6:1: document count exceeds WP_LIMIT_DOCUMENTS (3)");
    assert_int_equal(run.error_index[0], 3);
    wp_context_free(ctx);
}

static void
test_node_count(void **state)
{
    wp_context *ctx = context(WP_LIMIT_NODES, 7);
    const char *y = "a: [1, 2]\nb: 3\n---\nc: [1, 2, 3, 4, 5]\n---\nd: 1\n";

    (void)state;
    assert_int_equal(dt_yaml(&run, ctx, y, NULL), WP_ELIMIT);
    assert_int_equal(run.ndocs, 2);
    assert_string_equal(run.error[0], "t.yaml:4:17: node count exceeds WP_LIMIT_NODES (7)");
    assert_int_equal(dt_json(&run, ctx, "{\"a\": [1, 2, 3, 4, 5]}", NULL), WP_ELIMIT);
    assert_string_equal(run.error[0], "t.json:1:20: node count exceeds WP_LIMIT_NODES (7)");
    wp_context_free(ctx);
}

static char *
repeat(const char *head, const char *a, size_t n, const char *b, const char *tail)
{
    size_t la = strlen(a), lb = strlen(b), lh = strlen(head), lt = strlen(tail);
    char *s = malloc(lh + n * (la + lb) + lt + 1), *p = s;

    assert_non_null(s);
    memcpy(p, head, lh);
    p += lh;
    for (size_t i = 0; i < n; i++, p += la)
        memcpy(p, a, la);
    for (size_t i = 0; i < n; i++, p += lb)
        memcpy(p, b, lb);
    memcpy(p, tail, lt + 1);
    return s;
}

static void
test_nesting_depth(void **state)
{
    wp_context *ctx = context(0, 0);
    char *y = repeat("a: 1\n---\n", "[", 100000, "]", "\n---\nok: 1\n");
    char *j = repeat("", "[", 100000, "]", "");
    char *m = repeat("", "{\"a\":", 100000, "}", "");
    double t0 = now();

    (void)state;
    assert_int_equal(dt_yaml(&run, ctx, y, NULL), WP_ELIMIT);
    assert_string_equal(run.error[0],
                        "t.yaml:3:257: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (256)");
    assert_int_equal(run.ndocs, 2); /* the documents around it are read */
    assert_int_equal(dt_json(&run, ctx, j, NULL), WP_ELIMIT);
    assert_string_equal(run.error[0],
                        "t.json:1:257: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (256)");
    assert_int_equal(dt_json(&run, ctx, m, NULL), WP_ELIMIT);
    assert_string_equal(run.error[0],
                        "t.json:1:1281: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (256)");
    assert_true(now() - t0 < 1.0);
    /* block nesting, at a limit set lower */
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_NESTING_DEPTH, 2), 0);
    assert_int_equal(dt_yaml(&run, ctx, "a:\n  b:\n    c: 1\n", NULL), WP_ELIMIT);
    assert_string_equal(run.error[0],
                        "t.yaml:3:5: nesting depth exceeds WP_LIMIT_NESTING_DEPTH (2)");
    assert_int_equal(dt_yaml(&run, ctx, "a:\n  b: 1\n", NULL), 0);
    free(y);
    free(j);
    free(m);
    wp_context_free(ctx);
}

/* "Billion laughs": 9 levels of 9 aliases each, 9^9 nodes if expanded. */
static void
test_alias_bomb(void **state)
{
    wp_context *ctx = context(0, 0);
    char y[2048], *p = y;
    double t0;

    (void)state;
    p += sprintf(p, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'i'; c++) {
        p += sprintf(p, "%c: &%c [", c, c);
        for (int k = 0; k < 9; k++)
            p += sprintf(p, "%s*%c", k ? ", " : "", c - 1);
        p += sprintf(p, "]\n");
    }
    sprintf(p, "---\nafter: 1\n");
    t0 = now();
    assert_int_equal(dt_yaml(&run, ctx, y, NULL), WP_ELIMIT);
    assert_true(now() - t0 < 0.5);
    assert_string_equal(run.error[0],
                        "t.yaml:6:8: alias expansion exceeds WP_LIMIT_ALIAS_EXPANSION (100000)");
    assert_int_equal(run.ndocs, 1);

    /* the same shape, small enough, is accepted: aliases share nodes */
    assert_int_equal(dt_yaml(&run, ctx, "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", NULL), 0);
    /* many aliases of one big anchor add up too */
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_ALIAS_EXPANSION, 19), 0);
    assert_int_equal(dt_yaml(&run, ctx, "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a]\n", NULL),
                     WP_ELIMIT);
    assert_string_equal(run.error[0],
                        "t.yaml:2:9: alias expansion exceeds WP_LIMIT_ALIAS_EXPANSION (19)");
    wp_context_free(ctx);
}

static void
test_key_and_scalar_length(void **state)
{
    wp_context *ctx = context(WP_LIMIT_KEY_LENGTH, 8);

    (void)state;
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_SCALAR_LENGTH, 16), 0);
    assert_int_equal(dt_yaml(&run, ctx, "short: x\nlongerkey: x\n", NULL), WP_ELIMIT);
    assert_string_equal(run.error[0], "t.yaml:2:1: key exceeds WP_LIMIT_KEY_LENGTH (8)");
    assert_int_equal(dt_yaml(&run, ctx, "k: &a longerkey\n*a : v\n", NULL), WP_ELIMIT);
    assert_string_equal(run.error[0], "t.yaml:2:1: key exceeds WP_LIMIT_KEY_LENGTH (8)");
    assert_int_equal(dt_yaml(&run, ctx, "k: 12345678901234567\n", NULL), WP_ELIMIT);
    assert_string_equal(run.error[0], "t.yaml:1:4: scalar exceeds WP_LIMIT_SCALAR_LENGTH (16)");
    assert_int_equal(dt_yaml(&run, ctx, "k: 1234567890123456\n", NULL), 0);
    assert_int_equal(dt_json(&run, ctx, "{\"longerkey\": 1}", NULL), WP_ELIMIT);
    assert_string_equal(run.error[0], "t.json:1:2: key exceeds WP_LIMIT_KEY_LENGTH (8)");
    assert_int_equal(dt_json(&run, ctx, "[\"\\u00e9234567890123456\"]", NULL), WP_ELIMIT);
    assert_string_equal(run.error[0], "t.json:1:2: scalar exceeds WP_LIMIT_SCALAR_LENGTH (16)");
    assert_int_equal(dt_json(&run, ctx, "[12345678901234567]", NULL), WP_ELIMIT);
    wp_context_free(ctx);
}

static long
max_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A 100 MB scalar against a 1 MB limit: refused after reading a few MB,
 * without the 100 MB (or more) a full read would allocate. */
static void
test_huge_scalar(void **state)
{
    const size_t size = 100u << 20;
    wp_context *ctx = context(WP_LIMIT_SCALAR_LENGTH, 1u << 20);
    char *y = malloc(size), *j = malloc(size);
    long rss;
    double t0;

    (void)state;
    assert_non_null(y);
    assert_non_null(j);
    memset(y, 'y', size);
    memcpy(y, "a: 1\n---\nx: ", 12);
    memcpy(y + size - 11, "\n---\nok: 1\n", 11);
    memset(j, 'j', size);
    memcpy(j, "[\"", 2);
    memcpy(j + size - 2, "\"]", 2);
    rss = max_rss_kb();
    t0 = now();
    assert_int_equal(dt_read(&run, ctx, "huge.yaml", y, size, NULL, 0, 0), WP_ELIMIT);
    assert_string_equal(run.error[0],
                        "huge.yaml:3:4: scalar exceeds WP_LIMIT_SCALAR_LENGTH (1048576)");
    assert_int_equal(run.ndocs, 2);
    assert_int_equal(dt_read(&run, ctx, "huge.json", j, size, NULL, 1, 0), WP_ELIMIT);
    assert_string_equal(run.error[0],
                        "huge.json:1:2: scalar exceeds WP_LIMIT_SCALAR_LENGTH (1048576)");
    assert_true(max_rss_kb() - rss < 48 * 1024);
    print_message("# huge scalars refused in %.3f s, peak RSS grew by %ld KiB\n", now() - t0,
                  max_rss_kb() - rss);
    free(y);
    free(j);
    wp_context_free(ctx);
}

static char *
wide_mapping(size_t n)
{
    char *y = malloc(n * 32 + 32), *p = y;

    assert_non_null(y);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "k%zu: &a%zu %zu\n", i, i, i);
    strcpy(p, "k7: dup\n");
    return y;
}

/* Duplicate-key checks (and anchors) stay linear on wide mappings: ten
 * times the keys may not cost thirty times the time (quadratic would be a
 * hundred), however slow the machine or the sanitizer. */
static void
test_wide_mapping(void **state)
{
    wp_context *ctx = context(0, 0);
    char *small = wide_mapping(10000), *big = wide_mapping(100000);
    double t0, t_small, t_big;

    (void)state;
    t0 = now();
    assert_int_equal(dt_yaml(&run, ctx, small, NULL), WP_EMALFORMED);
    t_small = now() - t0;
    t0 = now();
    assert_int_equal(dt_yaml(&run, ctx, big, NULL), WP_EMALFORMED);
    t_big = now() - t0;
    assert_true(t_big < 30 * t_small + 0.2);
    assert_string_equal(run.error[0], "t.yaml:100001:1: duplicate key \"k7\" (first defined at "
                                      "line 8, column 1)");
    *strstr(big, "k7: dup") = '\0';
    assert_int_equal(dt_yaml(&run, ctx, big, NULL), 0);
    free(small);
    free(big);
    wp_context_free(ctx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_size),
        cmocka_unit_test(test_document_count),
        cmocka_unit_test(test_node_count),
        cmocka_unit_test(test_nesting_depth),
        cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_key_and_scalar_length),
        cmocka_unit_test(test_huge_scalar),
        cmocka_unit_test(test_wide_mapping),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
