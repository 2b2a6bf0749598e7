/* libFuzzer target: the wasm reader over arbitrary bytes, walking every
 * accessor so that a bad entry cannot hide behind an unread field. */
#include <stddef.h>
#include <stdint.h>

#include <wasmpolicy/wasmpolicy.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
touch(const wp_wasm_entry *e, volatile size_t *sink)
{
    size_t len = 0;
    const char *n = wp_wasm_entry_name(e, &len);

    *sink += len + (n ? (size_t)n[0] : 0);
    for (int p = WP_IFACE_NAMESPACE; p <= WP_IFACE_VERSION; p++) {
        const char *s = wp_wasm_entry_iface(e, (enum wp_iface_part)p);
        *sink += s ? (size_t)s[0] : 0;
    }
    *sink += (size_t)wp_wasm_entry_capabilities(e) + wp_wasm_entry_kind(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    volatile size_t sink = 0;
    struct wp_diag diag = WP_DIAG_INIT;
    wp_context *ctx;
    wp_wasm *w;

    if (wp_context_new(&ctx, NULL) != WP_OK)
        return 0;
    /* tight limits so the fuzzer explores limit paths too */
    wp_context_set_limit(ctx, WP_LIMIT_NAME_LENGTH, 4096);
    wp_context_set_limit(ctx, WP_LIMIT_WASM_ENTRIES, 10000);
    if (wp_wasm_inspect(&w, ctx, data, size, "fuzz.wasm", &diag) == WP_OK) {
        for (size_t i = 0; i < wp_wasm_import_count(w); i++)
            touch(wp_wasm_import(w, i), &sink);
        for (size_t i = 0; i < wp_wasm_export_count(w); i++)
            touch(wp_wasm_export(w, i), &sink);
        for (size_t i = 0; i < wp_wasm_custom_count(w); i++)
            sink += (size_t)wp_wasm_custom_name(w, i)[0];
        wp_wasm_free(w);
    } else if (diag.message[0] == '\0') {
        __builtin_trap(); /* every failure must say why */
    }
    wp_context_free(ctx);
    return 0;
}
