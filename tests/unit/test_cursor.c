/* LEB128, UTF-8 and name reading: values, limits, and the cursor staying put on error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"
#include "wasm/cursor.h"

struct fx {
    wp_context *ctx;
    struct wp__wr r;
    struct wp_diag diag;
};

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    assert_int_equal(wp_context_new(&f->ctx, NULL), WP_OK);
    f->diag = (struct wp_diag)WP_DIAG_INIT;
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    wp_context_free(f->ctx);
    free(f);
    return 0;
}

static struct wp__cur
cur(struct fx *f, const uint8_t *p, size_t n)
{
    f->r = (struct wp__wr){ f->ctx, p, "t.wasm", &f->diag, 0 };
    wp_diag_clear(&f->diag);
    return (struct wp__cur){ p, p + n };
}

static void
test_u32_values(void **state)
{
    static const struct { uint8_t in[6]; size_t n; uint32_t want; } ok[] = {
        { { 0x00 }, 1, 0 },
        { { 0x7f }, 1, 127 },
        { { 0x80, 0x01 }, 2, 128 },
        { { 0x80, 0x00 }, 2, 0 },                    /* non-minimal but valid */
        { { 0xff, 0xff, 0xff, 0xff, 0x0f }, 5, 0xffffffffu },
        { { 0x80, 0x80, 0x80, 0x80, 0x00 }, 5, 0 },
    };
    struct fx *f = *state;

    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        struct wp__cur c = cur(f, ok[i].in, ok[i].n);
        uint32_t v = 1234;
        assert_int_equal(wp__rd_u32(&f->r, &c, &v), 0);
        assert_int_equal(v, ok[i].want);
        assert_ptr_equal(c.p, ok[i].in + ok[i].n);
    }
}

static void
expect_u32_error(struct fx *f, const uint8_t *in, size_t n, const char *msg, uint64_t off)
{
    struct wp__cur c = cur(f, in, n);
    uint32_t v = 77;

    assert_int_equal(wp__rd_u32(&f->r, &c, &v), WP_EMALFORMED);
    assert_ptr_equal(c.p, in);          /* did not move */
    assert_int_equal(v, 77);            /* did not write */
    assert_string_equal(f->diag.message, msg);
    assert_int_equal(f->diag.offset, off);
    assert_true(f->diag.has_offset);
}

static void
test_u32_errors(void **state)
{
    struct fx *f = *state;
    static const uint8_t too_long[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 };
    static const uint8_t too_large[] = { 0xff, 0xff, 0xff, 0xff, 0x1f };
    static const uint8_t eof[] = { 0x80, 0x80 };

    expect_u32_error(f, too_long, sizeof(too_long),
                     "invalid var_u32: integer representation too long", 4);
    expect_u32_error(f, too_large, sizeof(too_large), "invalid var_u32: integer too large", 4);
    expect_u32_error(f, eof, sizeof(eof), "unexpected end-of-file", 2);
    expect_u32_error(f, eof, 0, "unexpected end-of-file", 0);
}

static void
test_u64_and_s33(void **state)
{
    struct fx *f = *state;
    static const uint8_t u64max[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
    static const uint8_t u64big[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02 };
    static const uint8_t neg1[] = { 0x7f };
    static const uint8_t s33min[] = { 0x80, 0x80, 0x80, 0x80, 0x70 };
    static const uint8_t s33bad[] = { 0x80, 0x80, 0x80, 0x80, 0x30 };
    struct wp__cur c;
    uint64_t u;
    int64_t s;

    c = cur(f, u64max, sizeof(u64max));
    assert_int_equal(wp__rd_u64(&f->r, &c, &u), 0);
    assert_true(u == UINT64_MAX);
    c = cur(f, u64big, sizeof(u64big));
    assert_int_equal(wp__rd_u64(&f->r, &c, &u), WP_EMALFORMED);
    assert_string_equal(f->diag.message, "invalid var_u64: integer too large");
    c = cur(f, neg1, 1);
    assert_int_equal(wp__rd_s33(&f->r, &c, &s), 0);
    assert_int_equal(s, -1);
    c = cur(f, s33min, sizeof(s33min));
    assert_int_equal(wp__rd_s33(&f->r, &c, &s), 0);
    assert_true(s == -((int64_t)1 << 32));
    c = cur(f, s33bad, sizeof(s33bad));
    assert_int_equal(wp__rd_s33(&f->r, &c, &s), WP_EMALFORMED);
    assert_string_equal(f->diag.message, "invalid var_s33: integer too large");
}

static void
test_utf8(void **state)
{
    static const struct { const char *s; int ok; } cases[] = {
        { "plain", 1 },
        { "caf\xc3\xa9", 1 },
        { "\xe2\x82\xac", 1 },
        { "\xf0\x9f\x98\x80", 1 },
        { "\xc0\xaf", 0 },             /* overlong '/' */
        { "\xe0\x80\xaf", 0 },         /* overlong */
        { "\xed\xa0\x80", 0 },         /* surrogate */
        { "\xf4\x90\x80\x80", 0 },     /* above U+10FFFF */
        { "\xc3", 0 },                 /* truncated */
        { "\x80", 0 },                 /* stray continuation */
        { "\xff", 0 },
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(wp__utf8_valid((const uint8_t *)cases[i].s, strlen(cases[i].s)),
                         cases[i].ok);
}

static void
test_name_limits(void **state)
{
    struct fx *f = *state;
    uint8_t buf[16] = { 5, 'h', 'e', 'l', 'l', 'o' };
    const uint8_t *s;
    uint32_t len;
    struct wp__cur c;

    c = cur(f, buf, 6);
    assert_int_equal(wp__rd_name(&f->r, &c, "import name", &s, &len), 0);
    assert_int_equal(len, 5);
    assert_memory_equal(s, "hello", 5);

    c = cur(f, buf, 4); /* length past the end */
    assert_int_equal(wp__rd_name(&f->r, &c, "import name", &s, &len), WP_EMALFORMED);
    assert_ptr_equal(c.p, buf);
    assert_string_equal(f->diag.message, "import name: length 5 goes past the end of its section");

    assert_int_equal(wp_context_set_limit(f->ctx, WP_LIMIT_NAME_LENGTH, 4), WP_OK);
    c = cur(f, buf, 6);
    assert_int_equal(wp__rd_name(&f->r, &c, "import name", &s, &len), WP_ELIMIT);
    assert_string_equal(f->diag.message, "import name: length 5 exceeds the name limit of 4");
    assert_int_equal(wp_context_set_limit(f->ctx, WP_LIMIT_NAME_LENGTH, 100000), WP_OK);

    buf[2] = 0xff;
    c = cur(f, buf, 6);
    assert_int_equal(wp__rd_name(&f->r, &c, "export name", &s, &len), WP_EMALFORMED);
    assert_string_equal(f->diag.message, "export name: malformed UTF-8 encoding");
    assert_int_equal(f->diag.offset, 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_u32_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_u32_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_u64_and_s33, setup, teardown),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test_setup_teardown(test_name_limits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
