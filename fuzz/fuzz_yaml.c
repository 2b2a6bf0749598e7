/*
 * libFuzzer target: the YAML reader over arbitrary bytes, with tight limits
 * so the fuzzer reaches them. Every delivered tree is walked whole by
 * wp__doc_verify (positions agree with the line index, children inside
 * their parents, plain scalars equal to their source text), and every error
 * must carry a position and a message. Each input is read twice, with and
 * without List expansion.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/context.h"
#include "doc/read.h"
#include "doc/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
on_doc(const struct wp__doc *doc, void *payload)
{
    const char *bad, *text;
    size_t visited, len;

    if ((bad = wp__doc_verify(doc, &visited))) {
        fprintf(stderr, "document %zu: %s\n", doc->index, bad);
        __builtin_trap();
    }
    if (wp__src_line(doc->src, doc->root->start.line, &text, &len))
        __builtin_trap();
    *(volatile size_t *)payload += visited + len;
    return 0;
}

static int
on_error(const struct wp_diag *d, size_t index, void *payload)
{
    (void)index;
    (void)payload;
    if (d->code >= 0 || !d->message[0] || !d->line || !d->column)
        __builtin_trap(); /* every error says what and where */
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    volatile size_t sink = 0;
    struct wp__read_opts opts = { on_doc, on_error, (void *)&sink, 0 };
    struct wp_diag diag = WP_DIAG_INIT;
    struct wp__src src;
    wp_context *ctx;

    if (wp_context_new(&ctx, NULL) != WP_OK)
        return 0;
    wp_context_set_limit(ctx, WP_LIMIT_INPUT_BYTES, 1u << 20);
    wp_context_set_limit(ctx, WP_LIMIT_DOCUMENTS, 64);
    wp_context_set_limit(ctx, WP_LIMIT_NODES, 4096);
    wp_context_set_limit(ctx, WP_LIMIT_NESTING_DEPTH, 48);
    wp_context_set_limit(ctx, WP_LIMIT_ALIAS_EXPANSION, 4096);
    wp_context_set_limit(ctx, WP_LIMIT_KEY_LENGTH, 512);
    wp_context_set_limit(ctx, WP_LIMIT_SCALAR_LENGTH, 8192);
    if (wp__src_init(&src, ctx, "fuzz.yaml", data, size, &diag) == WP_OK) {
        if (wp__yaml_read(&src, &opts, &diag) != WP_OK && !diag.message[0])
            __builtin_trap();
        opts.flags = WP__READ_KEEP_LISTS;
        (void)wp__yaml_read(&src, &opts, NULL);
        wp__src_release(&src);
    }
    wp_context_free(ctx);
    return 0;
}
