/* A program outside the project, built against the installed library
 * through pkg-config: lists the imports of each binary given. */
#include <stdio.h>

#include <wasmpolicy/wasmpolicy.h>

int
main(int argc, char **argv)
{
    wp_context *ctx;
    int status = 0;

    if (!WP_VERSION_CHECK(0, 1, 0) || wp_context_new(&ctx, NULL) != WP_OK)
        return 99;
    fprintf(stderr, "libwasmpolicy %s\n", wp_version());
    for (int i = 1; i < argc; i++) {
        struct wp_diag diag = WP_DIAG_INIT;
        wp_wasm *w;
        if (wp_wasm_inspect_file(&w, ctx, argv[i], &diag) != WP_OK) {
            char line[512];
            wp_diag_format(line, sizeof(line), &diag);
            fprintf(stderr, "%s\n", line);
            status = 2;
            continue;
        }
        for (size_t k = 0; k < wp_wasm_import_count(w); k++)
            printf("%s\n", wp_wasm_entry_name(wp_wasm_import(w, k), NULL));
        wp_wasm_free(w);
    }
    wp_context_free(ctx);
    return status;
}
