/*
 * libFuzzer target: rule packs are input too (users add their own with
 * --rules). The input is loaded as a pack and, when it loads, evaluated
 * over a small manifest with joins, so conditions, regexes, templates and
 * locations all run on hostile packs. Every load error must carry a
 * position; a regex must never run past the context's match limits.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <wasmpolicy/wasmpolicy.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char manifest[] =
    "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: shop}\n"
    "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n"
    "spec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n"
    "      runtimeClassName: wasmtime\n      volumes: [{name: d, hostPath: {path: /etc}}]\n"
    "      containers:\n        - name: a\n          image: ghcr.io/x/a:latest\n"
    "          command: [wasmtime, run, -S, inherit-env, --dir, '/::/', a.wasm]\n"
    "          env: [{name: API_TOKEN, value: s3cret}]\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wp_context *ctx;
    wp_run *run;

    if (wp_context_new(&ctx, NULL))
        return 0;
    wp_context_set_limit(ctx, WP_LIMIT_REGEX_MATCH, 10000);
    wp_context_set_limit(ctx, WP_LIMIT_REGEX_DEPTH, 1000);
    wp_context_set_limit(ctx, WP_LIMIT_NODES, 20000);
    if (wp_run_new(&run, ctx)) {
        wp_context_free(ctx);
        return 0;
    }
    wp_run_use_builtin_rules(run, 0);
    if (wp_run_add_rules_buffer(run, "fuzz.yaml", data, size, NULL) != WP_OK) {
        for (size_t i = 0; i < wp_run_error_count(run); i++) {
            const struct wp_diag *d = wp_run_error(run, i);
            if (d->code >= 0 || !d->message[0] || strcmp(d->source, "fuzz.yaml") != 0)
                __builtin_trap();
        }
    } else {
        const wp_finding *f;
        size_t it = 0;

        wp_run_add_buffer(run, "m.yaml", manifest, sizeof(manifest) - 1, NULL);
        wp_run_evaluate(run, NULL);
        while ((f = wp_run_next_finding(run, &it)))
            if (!wp_finding_message(f) || !wp_finding_location(f)->file)
                __builtin_trap();
    }
    wp_run_free(run);
    wp_context_free(ctx);
    return 0;
}
