/*
 * Allocation failures: the context's allocator fails its N-th call, for
 * N = 0, 1, 2, ... until the read succeeds. Every failing run must return
 * WP_ENOMEM (whatever else went wrong first) and give back every block it
 * took. libyaml allocates with malloc, outside the context, so only the
 * library's own allocations are failed here; run under ASan or valgrind to
 * check libyaml's side does not leak either.
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

#include "doc_test.h"

static struct dt_run run;

/* Read @text with every allocation failing in turn; returns the number of
 * allocations a successful read makes. */
static long
torture(const char *name, const char *text, int json)
{
    struct chaos c = { 0, -1, 0, 0 };
    struct wp_allocator a = { WP_ALLOCATOR_VERSION, c_malloc, c_realloc, c_free, &c };
    size_t len = strlen(text);
    wp_context *ctx;
    int want;

    assert_int_equal(wp_context_new(&ctx, &a), 0);
    want = dt_read(&run, ctx, name, text, len, NULL, json, 0);
    for (long n = 0;; n++) {
        c.calls = 0;
        c.failed = 0;
        c.fail_at = n;
        int rc = dt_read(&run, ctx, name, text, len, NULL, json, 0);
        if (!c.failed) {
            assert_int_equal(rc, want);
            wp_context_free(ctx);
            assert_int_equal(c.live, 0);
            return n;
        }
        if (rc != WP_ENOMEM)
            fail_msg("%s: allocation %ld failed, result %d", name, n, rc);
        assert_int_equal(run.diag.code, run.nerrors ? run.code[0] : WP_ENOMEM);
        assert_int_equal(c.live, 1); /* only the context itself */
    }
}

static char *
slurp(const char *file)
{
    const char *dir = getenv("WP_DOC_TESTDATA");
    char path[1024], *buf = calloc(1, 1 << 16);
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "testdata/doc", file);
    assert_non_null(buf);
    assert_non_null(f = fopen(path, "rb"));
    assert_true(fread(buf, 1, (1 << 16) - 1, f) > 0);
    fclose(f);
    return buf;
}

static void
test_yaml_files(void **state)
{
    static const char *const files[] = { "multi.yaml", "bad-middle.yaml", "list.yaml", NULL };

    (void)state;
    for (size_t i = 0; files[i]; i++) {
        char *text = slurp(files[i]);
        long n = torture(files[i], text, 0);
        print_message("# %s: %ld allocations, each failed once\n", files[i], n);
        assert_true(n > 3);
        free(text);
    }
}

static void
test_json_files(void **state)
{
    static const char *const files[] = { "list.json", "deployment.json", NULL };

    (void)state;
    for (size_t i = 0; files[i]; i++) {
        char *text = slurp(files[i]);
        long n = torture(files[i], text, 1);
        print_message("# %s: %ld allocations, each failed once\n", files[i], n);
        free(text);
    }
}

/* Paths with their own allocations: anchor and key hash tables growing,
 * escaped JSON strings, and a failure inside a List expansion. */
static void
test_growth_paths(void **state)
{
    char *y = malloc(16 * 1024), *p = y;

    (void)state;
    assert_non_null(y);
    p += sprintf(p, "k0: &a0 [x]\n");
    for (int i = 1; i < 300; i++)
        p += sprintf(p, "k%d: &a%d [*a%d]\n", i, i, i - 1);
    torture("anchors.yaml", y, 0);
    torture("esc.json", "{\"a\\u00e9\": [\"\\n\\t\", {\"b\": \"\\ud83d\\ude00\"}], \"c\": 1, "
                        "\"d\": 2, \"e\": 3, \"f\": 4, \"g\": 5, \"h\": 6, \"i\": 7, \"j\": 8}",
            1);
    torture("merge.yaml", "b: &b {x: 1, y: 2, z: 3}\nm:\n  <<: [*b, {w: 0}]\n  x: 9\n", 0);
    free(y);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml_files),
        cmocka_unit_test(test_json_files),
        cmocka_unit_test(test_growth_paths),
    };

    dt_verify = 0;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
