/*
 * libFuzzer target: the TOML reader over arbitrary bytes, with tight
 * limits, every tree checked by wp__toml_verify and every error required to
 * carry a code, a message and a line:column. tomllib, the reference for
 * what is TOML, is Python: tests/doc/check_toml.py holds the two together.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/context.h"
#include "doc/read.h"
#include "doc/toml_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
on_doc(const struct wp__doc *doc, void *payload)
{
    const char *bad = wp__toml_verify(doc);

    if (bad || doc->index || doc->root->kind != WP__NODE_MAPPING) {
        fprintf(stderr, "toml: %s\n", bad ? bad : "not one table");
        __builtin_trap();
    }
    ++*(volatile size_t *)payload;
    return 0;
}

static int
on_error(const struct wp_diag *d, size_t index, void *payload)
{
    (void)payload;
    if (d->code >= 0 || !d->message[0] || !d->line || !d->column || index)
        __builtin_trap();
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    volatile size_t docs = 0;
    struct wp__read_opts opts = { on_doc, on_error, (void *)&docs, 0 };
    struct wp_diag diag = WP_DIAG_INIT;
    struct wp__src src;
    wp_context *ctx;
    int rc;

    if (wp_context_new(&ctx, NULL) != WP_OK)
        return 0;
    wp_context_set_limit(ctx, WP_LIMIT_INPUT_BYTES, 1u << 20);
    wp_context_set_limit(ctx, WP_LIMIT_NODES, 4096);
    wp_context_set_limit(ctx, WP_LIMIT_NESTING_DEPTH, 48);
    wp_context_set_limit(ctx, WP_LIMIT_KEY_LENGTH, 512);
    wp_context_set_limit(ctx, WP_LIMIT_SCALAR_LENGTH, 8192);
    if (wp__src_init(&src, ctx, "fuzz.toml", data, size, &diag) == WP_OK) {
        rc = wp__toml_read(&src, &opts, &diag);
        /* one document or one error, never both, never neither */
        if ((rc == WP_OK) != (docs == 1) || (rc != WP_OK && !diag.message[0]))
            __builtin_trap();
        wp__src_release(&src);
    }
    wp_context_free(ctx);
    return 0;
}
