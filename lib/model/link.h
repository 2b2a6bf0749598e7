/*
 * Linking components to their binaries (formats.md §18): each component
 * subject's reference is resolved, in a fixed order, to a local file whose
 * imports are then read, so rules can compare what a component asks for
 * with what its platform grants. No network, ever.
 */
#ifndef WP_MODEL_LINK_H
#define WP_MODEL_LINK_H

#include "model/model.h"

struct wp__artifact_map {
    const char *ref;        /* normalised reference, or a prefix */
    const char *path;       /* a file, or with {name} {tag} {digest} for prefixes */
    int prefix;
};

struct wp__link_opts {
    wp_context *ctx;
    const struct wp__artifact_map *maps;
    size_t nmaps;
    const char *const *layouts;   /* OCI layout directories */
    size_t nlayouts;
    int require;                  /* unresolved is an error of the run */
    wp__model_error_fn on_error;
    void *payload;
};

struct wp__oci_image;
/* locked_app.c: called for each component made from a Spin locked app,
 * with the blob path of its wasm layer (NULL when the layout lacks it). */
typedef int (*wp__locked_component_fn)(struct wp_subject *s, const char *layer, void *payload);
int wp__model_locked_app(struct wp_model *m, const struct wp_subject *app,
                         const struct wp__oci_image *img, const struct wp__mv *at,
                         wp__locked_component_fn fn, void *payload, struct wp_diag *diag);

/* Resolve every component of @m; adds "binary" (how, path, ref, status)
 * and, when read, "imports", "exports" and "capabilities". */
int wp__model_link(struct wp_model *m, const struct wp__link_opts *opts);

#endif
