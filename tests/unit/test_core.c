/* Context, limits, status text, diagnostics and the run object's contract. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <wasmpolicy/wasmpolicy.h>

static void
test_context_limits(void **state)
{
    wp_context *ctx;

    (void)state;
    assert_int_equal(wp_context_new(NULL, NULL), WP_EINVAL);
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    assert_true(wp_context_get_limit(ctx, WP_LIMIT_NAME_LENGTH) == 100000);
    assert_true(wp_context_get_limit(ctx, WP_LIMIT_INPUT_BYTES) == 256u << 20);
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_NESTING_DEPTH, 8), WP_OK);
    assert_true(wp_context_get_limit(ctx, WP_LIMIT_NESTING_DEPTH) == 8);
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_NESTING_DEPTH, 0), WP_EINVAL);
    assert_int_equal(wp_context_set_limit(ctx, (enum wp_limit)0, 1), WP_EINVAL);
    assert_int_equal(wp_context_set_limit(ctx, (enum wp_limit)99, 1), WP_EINVAL);
    assert_true(wp_context_get_limit(ctx, (enum wp_limit)99) == 0);
    wp_context_free(ctx);
    wp_context_free(NULL);
}

static void
test_allocator_validation(void **state)
{
    struct wp_allocator a = { WP_ALLOCATOR_VERSION + 1, NULL, NULL, NULL, NULL };
    wp_context *ctx = (wp_context *)1;

    (void)state;
    assert_int_equal(wp_context_new(&ctx, &a), WP_EINVAL);
    assert_null(ctx);
    a.version = WP_ALLOCATOR_VERSION;
    assert_int_equal(wp_context_new(&ctx, &a), WP_EINVAL); /* missing hooks */
}

static void
test_status_text(void **state)
{
    (void)state;
    assert_string_equal(wp_strerror(WP_OK), "success");
    assert_string_equal(wp_strerror(WP_EMALFORMED), "malformed input");
    assert_string_equal(wp_strerror(WP_ELIMIT), "resource limit exceeded");
    assert_string_equal(wp_strerror(-1000), "unknown error");
    assert_string_equal(wp_severity_name(WP_SEVERITY_WARNING), "warning");
    assert_null(wp_severity_name((enum wp_severity)0));
    assert_true(WP_VERSION_CHECK(0, 1, 0));
    assert_false(WP_VERSION_CHECK(99, 0, 0));
    assert_string_equal(wp_version(), WP_VERSION_STRING);
}

static void
test_diag_format(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;
    char buf[300];

    (void)state;
    strcpy(d.source, "deploy.yaml");
    strcpy(d.message, "mapping values are not allowed here");
    d.line = 12;
    d.column = 5;
    wp_diag_format(buf, sizeof(buf), &d);
    assert_string_equal(buf, "deploy.yaml:12:5: mapping values are not allowed here");
    d.line = d.column = 0;
    d.has_offset = 1;
    d.offset = 0x1f;
    strcpy(d.source, "app.wasm");
    strcpy(d.message, "unexpected end-of-file");
    wp_diag_format(buf, sizeof(buf), &d);
    assert_string_equal(buf, "app.wasm: offset 0x1f: unexpected end-of-file");
    d.has_offset = 0;
    wp_diag_format(buf, sizeof(buf), &d);
    assert_string_equal(buf, "app.wasm: unexpected end-of-file");
    wp_diag_clear(&d);
    assert_int_equal(d.version, WP_DIAG_VERSION);
    assert_string_equal(d.message, "");
    /* a diag of an unknown version is never written */
    d.version = 99;
    assert_int_equal(wp_wasm_inspect_file(&(wp_wasm *){ NULL }, NULL, "x", &d), WP_EINVAL);
    assert_int_equal(d.version, 99);
}

struct logged {
    int count;
    char last[256];
};

static void
log_cb(enum wp_severity sev, const struct wp_diag *d, void *payload)
{
    struct logged *l = payload;
    (void)sev;
    l->count++;
    strcpy(l->last, d->message);
}

static void
test_log_callback(void **state)
{
    static const unsigned char bin[] = {
        0, 'a', 's', 'm', 0x0d, 0, 1, 0,
        10, 12, 1, 0, 7, 'w', 'a', 's', 'i', ':', '/', 'x', 5, 0,
    };
    struct logged l = { 0 };
    wp_context *ctx;
    wp_wasm *w;

    (void)state;
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    wp_context_set_log(ctx, log_cb, WP_SEVERITY_WARNING, &l);
    assert_int_equal(wp_wasm_inspect(&w, ctx, bin, sizeof(bin), "t.wasm", NULL), WP_OK);
    assert_int_equal(l.count, 1);
    assert_string_equal(l.last, "name 'wasi:/x' looks like an interface name but does not "
                                "follow the grammar; treated as a plain name");
    wp_wasm_free(w);
    wp_context_set_log(ctx, log_cb, WP_SEVERITY_ERROR, &l);
    assert_int_equal(wp_wasm_inspect(&w, ctx, bin, sizeof(bin), "t.wasm", NULL), WP_OK);
    assert_int_equal(l.count, 1); /* below the threshold: not delivered */
    wp_wasm_free(w);
    wp_context_free(ctx);
}

static void
test_run_records_errors_and_goes_on(void **state)
{
    static const unsigned char module[] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };
    struct wp_diag d = WP_DIAG_INIT;
    wp_context *ctx;
    wp_run *run;
    size_t it = 0;

    (void)state;
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    assert_int_equal(wp_run_new(&run, ctx), WP_OK);
    assert_int_equal(wp_run_add_buffer(run, "bad.wasm", "\0asm\1\0", 6, &d), WP_EMALFORMED);
    assert_string_equal(d.source, "bad.wasm");
    assert_int_equal(wp_run_add_buffer(run, "ok.wasm", module, sizeof(module), NULL), WP_OK);
    assert_int_equal(wp_run_add_file(run, "/nonexistent.yaml", NULL), WP_EIO);
    assert_int_equal(wp_run_input_count(run), 1);
    assert_int_equal(wp_run_error_count(run), 2);
    assert_string_equal(wp_run_error(run, 0)->message, "unexpected end-of-file in the preamble");
    assert_string_equal(wp_run_error(run, 1)->source, "/nonexistent.yaml");
    assert_null(wp_run_error(run, 2));
    assert_int_equal(wp_run_evaluate(run, NULL), WP_OK);
    assert_int_equal(wp_run_evaluate(run, NULL), WP_EINVAL);
    assert_int_equal(wp_run_add_buffer(run, "late.wasm", module, sizeof(module), NULL),
                     WP_EINVAL);
    assert_null(wp_run_next_finding(run, &it));
    wp_run_free(run);
    wp_run_free(NULL);
    wp_context_free(ctx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_context_limits),
        cmocka_unit_test(test_allocator_validation),
        cmocka_unit_test(test_status_text),
        cmocka_unit_test(test_diag_format),
        cmocka_unit_test(test_log_callback),
        cmocka_unit_test(test_run_records_errors_and_goes_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
