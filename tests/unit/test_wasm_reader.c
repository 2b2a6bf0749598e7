/*
 * The wasm reader through the public API: what it lists, and how it refuses
 * malformed and hostile binaries (built byte by byte here, so each case
 * tests one thing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <wasmpolicy/wasmpolicy.h>

#include "bytes.h"

static wp_context *ctx;
static struct wp_diag diag;

static int
setup(void **state)
{
    (void)state;
    diag = (struct wp_diag)WP_DIAG_INIT;
    return wp_context_new(&ctx, NULL);
}

static int
teardown(void **state)
{
    (void)state;
    wp_context_free(ctx);
    return 0;
}

static wp_wasm *
inspect_ok(const struct bytes *b)
{
    wp_wasm *w = NULL;
    int rc = wp_wasm_inspect(&w, ctx, b->p, b->n, "t.wasm", &diag);
    if (rc)
        fprintf(stderr, "# unexpected error: %s\n", diag.message);
    assert_int_equal(rc, WP_OK);
    return w;
}

static void
expect_error(const struct bytes *b, int code, const char *msg, uint64_t offset)
{
    wp_wasm *w = (wp_wasm *)1;

    wp_diag_clear(&diag);
    assert_int_equal(wp_wasm_inspect(&w, ctx, b->p, b->n, "t.wasm", &diag), code);
    assert_null(w);
    assert_string_equal(diag.message, msg);
    assert_string_equal(diag.source, "t.wasm");
    assert_int_equal(diag.code, code);
    assert_true(diag.has_offset);
    assert_int_equal(diag.offset, offset);
}

/* A component with one import section holding @n entries of prefix @form. */
static void
component_with_import(struct bytes *out, uint8_t form, const char *name)
{
    struct bytes sec = { 0 };

    b_component_preamble(out);
    b_leb(&sec, 1);
    b_u8(&sec, form);
    b_str(&sec, name);
    if (form == 0x02)
        b_leb(&sec, 0);
    b_u8(&sec, 0x05); /* instance */
    b_leb(&sec, 0);
    b_section(out, 10, &sec);
    b_free(&sec);
}

static void
test_component_interface_import(void **state)
{
    struct bytes b = { 0 };
    const wp_wasm_entry *e;
    wp_wasm *w;

    (void)state;
    for (uint8_t form = 0; form <= 2; form++) {
        b_free(&b);
        component_with_import(&b, form, "wasi:http/outgoing-handler@0.2.0");
        w = inspect_ok(&b);
        assert_int_equal(wp_wasm_get_kind(w), WP_WASM_COMPONENT);
        assert_int_equal(wp_wasm_get_version(w), 0x0d);
        assert_int_equal(wp_wasm_import_count(w), 1);
        e = wp_wasm_import(w, 0);
        assert_string_equal(wp_wasm_entry_name(e, NULL), "wasi:http/outgoing-handler@0.2.0");
        assert_int_equal(wp_wasm_entry_kind(e), WP_EXTERN_INSTANCE);
        assert_string_equal(wp_wasm_entry_iface(e, WP_IFACE_NAMESPACE), "wasi");
        assert_string_equal(wp_wasm_entry_iface(e, WP_IFACE_PACKAGE), "http");
        assert_string_equal(wp_wasm_entry_iface(e, WP_IFACE_INTERFACE), "outgoing-handler");
        assert_string_equal(wp_wasm_entry_iface(e, WP_IFACE_VERSION), "0.2.0");
        assert_int_equal(wp_wasm_entry_offset(e), 11); /* preamble 8 + id + size + count */
        assert_true(wp_wasm_entry_capabilities(e) == (1u << WP_CAP_HTTP_OUTBOUND));
        assert_true(wp_wasm_capabilities(w) == (1u << WP_CAP_HTTP_OUTBOUND));
        assert_null(wp_wasm_import(w, 1));
        wp_wasm_free(w);
    }
    b_free(&b);
}

static void
test_implements_attribute(void **state)
{
    struct bytes b = { 0 }, sec = { 0 };
    const wp_wasm_entry *e;
    wp_wasm *w;

    (void)state;
    b_component_preamble(&b);
    b_leb(&sec, 1);
    b_u8(&sec, 0x02);
    b_str(&sec, "primary");
    b_leb(&sec, 2);
    b_u8(&sec, 0x00);
    b_str(&sec, "wasi:keyvalue/store");
    b_u8(&sec, 0x01);
    b_str(&sec, ".1.0");
    b_u8(&sec, 0x05);
    b_leb(&sec, 0);
    b_section(&b, 10, &sec);
    w = inspect_ok(&b);
    e = wp_wasm_import(w, 0);
    assert_string_equal(wp_wasm_entry_name(e, NULL), "primary");
    assert_null(wp_wasm_entry_iface(e, WP_IFACE_PACKAGE));
    assert_string_equal(wp_wasm_entry_implements(e), "wasi:keyvalue/store");
    assert_true(wp_wasm_entry_capabilities(e) == (1u << WP_CAP_KEYVALUE));
    wp_wasm_free(w);
    b_free(&b);
    b_free(&sec);
}

static void
test_plain_and_odd_names(void **state)
{
    static const struct { const char *name; int iface; } cases[] = {
        { "log", 0 },
        { "[method]fields.get", 0 },
        { "wasi:http/types", 1 },                 /* unversioned */
        { "a:b:c/d/e@1.0.0-rc.1+build", 1 },      /* nested namespace and interface */
        { "Wasi:http/x@1", 0 },                   /* namespace must be lower case */
        { "wasi:http/", 0 },
        { "wasi:/x", 0 },
        { "wasi:http/x@", 0 },
        { "unlocked-dep=<a:b@*>", 0 },
    };
    struct bytes b = { 0 };
    wp_wasm *w;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        b_free(&b);
        component_with_import(&b, 0x00, cases[i].name);
        w = inspect_ok(&b);
        assert_string_equal(wp_wasm_entry_name(wp_wasm_import(w, 0), NULL), cases[i].name);
        assert_int_equal(wp_wasm_entry_iface(wp_wasm_import(w, 0), WP_IFACE_PACKAGE) != NULL,
                         cases[i].iface);
        wp_wasm_free(w);
    }
    b_free(&b);
    component_with_import(&b, 0x00, "a:b:c/d/e@1.0.0-rc.1+build");
    w = inspect_ok(&b);
    assert_string_equal(wp_wasm_entry_iface(wp_wasm_import(w, 0), WP_IFACE_NAMESPACE), "a:b");
    assert_string_equal(wp_wasm_entry_iface(wp_wasm_import(w, 0), WP_IFACE_PACKAGE), "c");
    assert_string_equal(wp_wasm_entry_iface(wp_wasm_import(w, 0), WP_IFACE_INTERFACE), "d/e");
    wp_wasm_free(w);
    b_free(&b);
}

static void
test_capability_table(void **state)
{
    static const struct { const char *name; enum wp_capability cap; } cases[] = {
        { "wasi:http/outgoing-handler@0.2.10", WP_CAP_HTTP_OUTBOUND },
        { "wasi:http/client@0.3.0", WP_CAP_HTTP_OUTBOUND },
        { "wasi:http/handler@0.3.0", WP_CAP_HTTP_OUTBOUND },
        { "fermyon:spin/http", WP_CAP_HTTP_OUTBOUND },
        { "wasi:sockets/tcp@0.2.0", WP_CAP_SOCKETS },
        { "wasi:sockets/ip-name-lookup@0.2.0", WP_CAP_DNS },
        { "wasi:cli/environment@0.2.12", WP_CAP_ENVIRONMENT },
        { "wasi:filesystem/preopens@0.2.0", WP_CAP_FILESYSTEM },
        { "wasi:keyvalue/store@0.2.0-draft", WP_CAP_KEYVALUE },
        { "wasi:config/store@0.2.0-draft", WP_CAP_CONFIG },
        { "spin:postgres/postgres@3.0.0", WP_CAP_SQL },
        { "fermyon:spin/variables@2.0.0", WP_CAP_CONFIG },
        { "wasi:cli/stdout@0.2.0", WP_CAP_STDIO },
    };
    struct bytes b = { 0 };
    wp_wasm *w;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        b_free(&b);
        component_with_import(&b, 0x00, cases[i].name);
        w = inspect_ok(&b);
        assert_true(wp_wasm_entry_capabilities(wp_wasm_import(w, 0)) ==
                    ((uint64_t)1 << cases[i].cap));
        wp_wasm_free(w);
    }
    b_free(&b);
    component_with_import(&b, 0x00, "wasi:io/streams@0.2.0");
    w = inspect_ok(&b);
    assert_true(wp_wasm_entry_capabilities(wp_wasm_import(w, 0)) == 0);
    wp_wasm_free(w);
    b_free(&b);
}

static void
test_preamble_errors(void **state)
{
    struct bytes b = { 0 };

    (void)state;
    expect_error(&b, WP_EMALFORMED, "empty file: not a WebAssembly binary", 0);
    b_put(&b, "hello world", 11);
    expect_error(&b, WP_EMALFORMED, "magic header not detected: not a WebAssembly binary", 0);
    b_free(&b);
    b_put(&b, "\0asm\1\0", 6);
    expect_error(&b, WP_EMALFORMED, "unexpected end-of-file in the preamble", 6);
    b_free(&b);
    b_put(&b, "\0asm\x0a\0\1\0", 8);
    expect_error(&b, WP_EUNSUPPORTED,
                 "legacy component encoding 0x0a (2022) is not supported; rebuild with a "
                 "current toolchain", 4);
    b_free(&b);
    b_put(&b, "\0asm\x0e\0\1\0", 8);
    expect_error(&b, WP_EUNSUPPORTED,
                 "unknown component encoding version 0xe; this reader knows 0x0d (and legacy "
                 "0x0b, 0x0c)", 4);
    b_free(&b);
    b_put(&b, "\0asm\2\0\0\0", 8);
    expect_error(&b, WP_EUNSUPPORTED, "unknown binary version: 0x2 (layer 0)", 4);
    b_free(&b);
}

static void
test_framing_errors(void **state)
{
    struct bytes b = { 0 }, sec = { 0 };

    (void)state;
    b_module_preamble(&b);
    b_u8(&b, 2);
    b_leb(&b, 100); /* size past EOF */
    b_u8(&b, 0);
    expect_error(&b, WP_EMALFORMED,
                 "section too large: 100 bytes go past the end of the file at 0xb", 8);
    b_free(&b);

    b_module_preamble(&b);
    b_u8(&b, 0x81);
    b_leb(&b, 0);
    expect_error(&b, WP_EMALFORMED, "malformed section id: 0x81", 8);
    b_free(&b);

    b_module_preamble(&b);
    b_module_preamble(&b);
    expect_error(&b, WP_EMALFORMED, "expected section, got wasm magic number", 8);
    b_free(&b);

    /* a count of 0xffffffff with an empty body: fails at end, allocates nothing big */
    b_module_preamble(&b);
    b_leb(&sec, 0xffffffffu);
    b_section(&b, 2, &sec);
    expect_error(&b, WP_EMALFORMED, "unexpected end-of-file", 15);
    b_free(&b);
    b_free(&sec);

    /* leftover bytes after the last entry */
    b_module_preamble(&b);
    b_leb(&sec, 0);
    b_u8(&sec, 0xaa);
    b_section(&b, 7, &sec);
    expect_error(&b, WP_EMALFORMED,
                 "export section: section size mismatch: unexpected data at the end of the "
                 "section", 11);
    b_free(&b);
    b_free(&sec);

    /* repeated import section in a core module */
    b_module_preamble(&b);
    b_leb(&sec, 0);
    b_section(&b, 2, &sec);
    b_section(&b, 2, &sec);
    expect_error(&b, WP_EMALFORMED, "section out of order or repeated (id 2)", 11);
    b_free(&b);
    b_free(&sec);

    b_component_preamble(&b);
    b_section(&b, 13, &sec);
    expect_error(&b, WP_EMALFORMED, "malformed section id: 13", 8);
    b_free(&b);
}

static void
test_bad_leading_bytes(void **state)
{
    struct bytes b = { 0 }, sec = { 0 };

    (void)state;
    b_component_preamble(&b);
    b_leb(&sec, 1);
    b_u8(&sec, 0x03); /* unknown name form */
    b_str(&sec, "x");
    b_section(&b, 10, &sec);
    expect_error(&b, WP_EMALFORMED, "invalid leading byte (0x03) for component name", 11);
    b_free(&b);
    b_free(&sec);

    b_component_preamble(&b);
    b_leb(&sec, 1);
    b_u8(&sec, 0x00);
    b_str(&sec, "x");
    b_u8(&sec, 0x09); /* unknown extern kind */
    b_section(&b, 10, &sec);
    expect_error(&b, WP_EMALFORMED, "invalid leading byte (0x09) for component external kind",
                 14);
    b_free(&b);
    b_free(&sec);

    b_module_preamble(&b);
    b_leb(&sec, 1);
    b_str(&sec, "m");
    b_str(&sec, "f");
    b_u8(&sec, 0x07);
    b_section(&b, 2, &sec);
    expect_error(&b, WP_EMALFORMED, "invalid leading byte (0x07) for external kind", 15);
    b_free(&b);
    b_free(&sec);
}

static void
test_core_import_kinds(void **state)
{
    struct bytes b = { 0 }, sec = { 0 };
    static const enum wp_extern_kind want[] = { WP_EXTERN_FUNC, WP_EXTERN_TABLE,
                                                WP_EXTERN_MEMORY, WP_EXTERN_GLOBAL,
                                                WP_EXTERN_TAG, WP_EXTERN_MEMORY,
                                                WP_EXTERN_GLOBAL };
    wp_wasm *w;

    (void)state;
    b_module_preamble(&b);
    b_leb(&sec, 7);
    b_str(&sec, "wasi_snapshot_preview1"); b_str(&sec, "sock_accept");
    b_u8(&sec, 0x00); b_leb(&sec, 3);
    b_str(&sec, "env"); b_str(&sec, "t");
    b_u8(&sec, 0x01); b_u8(&sec, 0x64); b_u8(&sec, 0x70); b_u8(&sec, 0x01); b_leb(&sec, 1); b_leb(&sec, 2);
    b_str(&sec, "env"); b_str(&sec, "m");
    b_u8(&sec, 0x02); b_u8(&sec, 0x0d); b_leb(&sec, 1); b_leb(&sec, 9); b_leb(&sec, 16);
    b_str(&sec, "env"); b_str(&sec, "g");
    b_u8(&sec, 0x03); b_u8(&sec, 0x7e); b_u8(&sec, 0x01);
    b_str(&sec, "env"); b_str(&sec, "e");
    b_u8(&sec, 0x04); b_u8(&sec, 0x00); b_leb(&sec, 0);
    b_str(&sec, "env"); b_str(&sec, "m64");
    b_u8(&sec, 0x02); b_u8(&sec, 0x04); b_leb(&sec, (uint64_t)1 << 40);
    b_str(&sec, "env"); b_str(&sec, "gref");
    b_u8(&sec, 0x03); b_u8(&sec, 0x63); b_u8(&sec, 0x65); b_u8(&sec, 0x6e); b_u8(&sec, 0x00);
    b_section(&b, 2, &sec);
    w = inspect_ok(&b);
    assert_int_equal(wp_wasm_import_count(w), 7);
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(wp_wasm_entry_kind(wp_wasm_import(w, i)), want[i]);
    assert_string_equal(wp_wasm_entry_module(wp_wasm_import(w, 0)), "wasi_snapshot_preview1");
    assert_true(wp_wasm_entry_capabilities(wp_wasm_import(w, 0)) == (1u << WP_CAP_SOCKETS));
    assert_string_equal(wp_wasm_entry_name(wp_wasm_import(w, 5), NULL), "m64");
    wp_wasm_free(w);
    b_free(&b);
    b_free(&sec);
}

static void
test_compact_imports(void **state)
{
    struct bytes b = { 0 }, sec = { 0 };
    wp_wasm *w;

    (void)state;
    b_module_preamble(&b);
    b_leb(&sec, 2);
    b_str(&sec, "wasi_snapshot_preview1"); b_str(&sec, ""); b_u8(&sec, 0x7f);
    b_leb(&sec, 2);
    b_str(&sec, "fd_write"); b_u8(&sec, 0x00); b_leb(&sec, 0);
    b_str(&sec, "random_get"); b_u8(&sec, 0x00); b_leb(&sec, 1);
    b_str(&sec, "env"); b_str(&sec, ""); b_u8(&sec, 0x7e);
    b_u8(&sec, 0x00); b_leb(&sec, 0);
    b_leb(&sec, 3); b_str(&sec, "a"); b_str(&sec, "b"); b_str(&sec, "c");
    b_section(&b, 2, &sec);
    w = inspect_ok(&b);
    assert_int_equal(wp_wasm_import_count(w), 5);
    assert_string_equal(wp_wasm_entry_name(wp_wasm_import(w, 1), NULL), "random_get");
    assert_true(wp_wasm_entry_capabilities(wp_wasm_import(w, 1)) == (1u << WP_CAP_RANDOM));
    assert_string_equal(wp_wasm_entry_name(wp_wasm_import(w, 4), NULL), "c");
    assert_string_equal(wp_wasm_entry_module(wp_wasm_import(w, 4)), "env");
    wp_wasm_free(w);
    b_free(&b);
    b_free(&sec);
}

/* Nested components are skipped by size: a binary nested far deeper than
 * any depth limit is listed in time proportional to its top level. */
static void
test_deep_nesting_is_not_descended(void **state)
{
    struct bytes inner = { 0 }, outer = { 0 };
    wp_wasm *w;

    (void)state;
    b_component_preamble(&inner);
    for (int i = 0; i < 2000; i++) {
        b_free(&outer);
        b_component_preamble(&outer);
        b_section(&outer, 4, &inner);
        b_free(&inner);
        inner = outer;
        outer = (struct bytes){ 0 };
    }
    w = inspect_ok(&inner);
    assert_int_equal(wp_wasm_nested_count(w, WP_NESTED_COMPONENTS), 1);
    assert_int_equal(wp_wasm_import_count(w), 0);
    wp_wasm_free(w);
    b_free(&inner);
}

static void
test_many_entries_and_limit(void **state)
{
    struct bytes b = { 0 }, sec = { 0 };
    char name[32];
    wp_wasm *w;

    (void)state;
    b_component_preamble(&b);
    for (int s = 0; s < 300; s++) { /* hundreds of import sections */
        b_free(&sec);
        b_leb(&sec, 20);
        for (int i = 0; i < 20; i++) {
            snprintf(name, sizeof(name), "imp-%d-%d", s, i);
            b_u8(&sec, 0x00);
            b_str(&sec, name);
            b_u8(&sec, 0x01);
            b_leb(&sec, 0);
        }
        b_section(&b, 10, &sec);
    }
    w = inspect_ok(&b);
    assert_int_equal(wp_wasm_import_count(w), 6000);
    assert_string_equal(wp_wasm_entry_name(wp_wasm_import(w, 5999), NULL), "imp-299-19");
    wp_wasm_free(w);
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_WASM_ENTRIES, 100), WP_OK);
    assert_int_equal(wp_wasm_inspect(&w, ctx, b.p, b.n, "t.wasm", &diag), WP_ELIMIT);
    assert_string_equal(diag.message, "more than 100 imports, exports and custom sections");
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_WASM_ENTRIES, 1000000), WP_OK);
    b_free(&b);
    b_free(&sec);
}

static void
test_custom_sections(void **state)
{
    struct bytes b = { 0 }, sec = { 0 };
    wp_wasm *w;

    (void)state;
    b_module_preamble(&b);
    b_str(&sec, "component-type:bindings");
    b_put(&sec, "\0asm\x0d\0\1\0", 8);
    b_section(&b, 0, &sec);
    b_free(&sec);
    b_leb(&sec, 3);
    b_put(&sec, "\xff\xfe\xfd", 3); /* bad name: ignored, never fails the binary */
    b_section(&b, 0, &sec);
    w = inspect_ok(&b);
    assert_int_equal(wp_wasm_custom_count(w), 1);
    assert_string_equal(wp_wasm_custom_name(w, 0), "component-type:bindings");
    wp_wasm_free(w);
    b_free(&b);
    b_free(&sec);
}

static void
test_legacy_0c(void **state)
{
    struct bytes b = { 0 }, sec = { 0 };
    wp_wasm *w;

    (void)state;
    b_put(&b, "\0asm\x0c\0\1\0", 8);
    b_leb(&sec, 1);
    b_str(&sec, "wasi:http/outgoing-handler");
    b_str(&sec, "");
    b_u8(&sec, 0x05);
    b_leb(&sec, 0);
    b_section(&b, 10, &sec);
    b_free(&sec);
    b_leb(&sec, 1);
    b_str(&sec, "run");
    b_str(&sec, "");
    b_u8(&sec, 0x01);
    b_leb(&sec, 0);
    b_u8(&sec, 0x00);
    b_section(&b, 11, &sec);
    w = inspect_ok(&b);
    assert_int_equal(wp_wasm_get_version(w), 0x0c);
    assert_string_equal(wp_wasm_entry_name(wp_wasm_import(w, 0), NULL),
                        "wasi:http/outgoing-handler");
    assert_true(wp_wasm_capabilities(w) == (1u << WP_CAP_HTTP_OUTBOUND));
    assert_string_equal(wp_wasm_entry_name(wp_wasm_export(w, 0), NULL), "run");
    wp_wasm_free(w);
    b_free(&b);
    b_free(&sec);
}

static void
test_null_arguments(void **state)
{
    wp_wasm *w;

    (void)state;
    assert_int_equal(wp_wasm_inspect(NULL, ctx, "", 0, NULL, NULL), WP_EINVAL);
    assert_int_equal(wp_wasm_inspect(&w, NULL, "", 0, NULL, NULL), WP_EINVAL);
    assert_int_equal(wp_wasm_inspect(&w, ctx, NULL, 5, NULL, NULL), WP_EINVAL);
    assert_int_equal(wp_wasm_inspect(&w, ctx, NULL, 0, NULL, NULL), WP_EMALFORMED);
    assert_int_equal(wp_wasm_inspect_file(&w, ctx, "/nonexistent/x.wasm", &diag), WP_EIO);
    assert_string_equal(diag.message, "cannot open: No such file or directory");
    wp_wasm_free(NULL);
    assert_int_equal(wp_wasm_import_count(NULL), 0);
    assert_null(wp_wasm_entry_name(NULL, NULL));
    assert_null(wp_extern_kind_name(0));
    assert_string_equal(wp_extern_kind_name(WP_EXTERN_INSTANCE), "instance");
    assert_null(wp_capability_name(WP_CAP_COUNT));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_component_interface_import),
        cmocka_unit_test(test_implements_attribute),
        cmocka_unit_test(test_plain_and_odd_names),
        cmocka_unit_test(test_capability_table),
        cmocka_unit_test(test_preamble_errors),
        cmocka_unit_test(test_framing_errors),
        cmocka_unit_test(test_bad_leading_bytes),
        cmocka_unit_test(test_core_import_kinds),
        cmocka_unit_test(test_compact_imports),
        cmocka_unit_test(test_deep_nesting_is_not_descended),
        cmocka_unit_test(test_many_entries_and_limit),
        cmocka_unit_test(test_custom_sections),
        cmocka_unit_test(test_legacy_0c),
        cmocka_unit_test(test_null_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
