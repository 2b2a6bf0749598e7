/*
 * libFuzzer target: the JSON reader over arbitrary bytes, with tight limits,
 * every tree checked by wp__doc_verify, and jansson as an oracle: apart
 * from the known differences (our limits, a UTF-8 BOM we skip, integers
 * jansson finds too big, NUL in keys), both must agree on what is JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/context.h"
#include "doc/read.h"
#include "doc/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
on_doc(const struct wp__doc *doc, void *payload)
{
    const char *bad;
    size_t visited;

    if ((bad = wp__doc_verify(doc, &visited))) {
        fprintf(stderr, "json: %s\n", bad);
        __builtin_trap();
    }
    *(volatile size_t *)payload += visited;
    return 0;
}

static int
on_error(const struct wp_diag *d, size_t index, void *payload)
{
    (void)index;
    (void)payload;
    if (d->code >= 0 || !d->message[0] || !d->line || !d->column)
        __builtin_trap();
    return 0;
}

/* Differences that are choices or jansson quirks, not bugs (numbers at
 * the edge of double range round differently through strtod and
 * wp__decimal_to_double). */
static int
excused(const uint8_t *data, size_t size, int ours, const char *our_error,
        const char *jansson_error)
{
    if (ours == WP_ELIMIT || (size >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) ||
        !strcmp(our_error, "number out of range"))
        return 1;
    if (!jansson_error && memchr(data, '\0', size))
        return 1; /* jansson 2.14 takes "4\0" for 4: a NUL ends its number */
    return jansson_error && (strstr(jansson_error, "too big") ||
                             strstr(jansson_error, "overflow") || strstr(jansson_error, "NUL"));
}

static void
compare_with_jansson(const uint8_t *data, size_t size, int ours, const char *our_error)
{
    json_error_t jerr;
    json_t *v = json_loadb((const char *)data, size,
                           JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);

    if ((v != NULL) != (ours == WP_OK) &&
        !excused(data, size, ours, our_error, v ? NULL : jerr.text)) {
        fprintf(stderr, "jansson %s, wp__json_read %d\n", v ? "accepts" : jerr.text, ours);
        __builtin_trap();
    }
    json_decref(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    volatile size_t sink = 0;
    struct wp__read_opts opts = { on_doc, on_error, (void *)&sink, 0 };
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
    if (wp__src_init(&src, ctx, "fuzz.json", data, size, &diag) == WP_OK) {
        rc = wp__json_read(&src, &opts, &diag);
        if (rc != WP_OK && !diag.message[0])
            __builtin_trap();
        compare_with_jansson(data, size, rc, diag.message);
        opts.flags = WP__READ_KEEP_LISTS;
        (void)wp__json_read(&src, &opts, NULL);
        wp__src_release(&src);
    }
    wp_context_free(ctx);
    return 0;
}
