/*
 * libFuzzer target: manifests end to end through the public API. The
 * input is read as YAML (or, when its first byte is '{' or '[', as JSON),
 * modelled, joined, and every value of the model is walked and located:
 * what any tool linking the library would do with hostile input. Every
 * error must carry a position; every located value must lie inside the
 * input.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <wasmpolicy/wasmpolicy.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Walk without recursion: a parent stack bounded by the depth limit. */
static void
walk(const wp_subject *s, size_t size, unsigned lines)
{
    const wp_value *stack[64], *cur = wp_subject_fields(s), *child = NULL;
    size_t depth = 0;

    for (;;) {
        struct wp_location loc;

        child = wp_value_next(cur, child, NULL);
        if (!child) {
            if (!depth)
                return;
            child = cur;
            cur = stack[--depth];
            continue;
        }
        if (wp_value_location(s, child, &loc) == WP_OK &&
            (loc.offset > size || loc.line == 0 || loc.line > lines || loc.column == 0 ||
             loc.end_line < loc.line))
            __builtin_trap();
        (void)wp_value_string(child, NULL);
        if ((wp_value_kind(child) == WP_VALUE_MAP || wp_value_kind(child) == WP_VALUE_LIST) &&
            depth < sizeof(stack) / sizeof(*stack)) {
            stack[depth++] = cur;
            cur = child;
            child = NULL;
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *name = size && (data[0] == '{' || data[0] == '[') ? "fuzz.json" : "fuzz.yaml";
    wp_context *ctx;
    wp_run *run;
    const wp_model *m;
    /* Every YAML line break (LF, CR, NEL, LS, PS) takes a byte at least. */
    unsigned lines = size < 0xfffffffeu ? (unsigned)size + 1 : 0xffffffffu;
    if (wp_context_new(&ctx, NULL))
        return 0;
    wp_context_set_limit(ctx, WP_LIMIT_NODES, 20000);
    wp_context_set_limit(ctx, WP_LIMIT_ALIAS_EXPANSION, 20000);
    wp_context_set_limit(ctx, WP_LIMIT_NESTING_DEPTH, 48);
    if (wp_run_new(&run, ctx)) {
        wp_context_free(ctx);
        return 0;
    }
    wp_run_add_buffer(run, name, data, size, NULL);
    wp_run_evaluate(run, NULL);
    for (size_t i = 0; i < wp_run_error_count(run); i++) {
        const struct wp_diag *d = wp_run_error(run, i);
        if (d->code >= 0 || !d->message[0] || strcmp(d->source, name) != 0)
            __builtin_trap();
    }
    m = wp_run_model(run);
    for (size_t i = 0; i < wp_model_subject_count(m); i++)
        walk(wp_model_subject(m, i), size, lines);
    wp_run_free(run);
    wp_context_free(ctx);
    return 0;
}
