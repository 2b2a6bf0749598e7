/* The joins computed once every input of a run is modelled. */
#ifndef WP_MODEL_JOIN_H
#define WP_MODEL_JOIN_H

#include "model/index.h"
#include "model/model.h"

/* match.c */
int wp__selector_matches(const struct wp__mv *selector, const struct wp__mv *labels);

/* classify.c: 1 when @part is a whole dash-separated part of @name
 * ("spin" in "wasmtime-spin-v2"), the way class names derive from
 * handler names. */
int wp__dash_part(const char *name, const char *part);

/* classify.c: add the "wasm" classification of workload @s (needs its
 * runtime class join). */
void wp__classify_pod(struct wp_model *m, const struct wp__index *ix, struct wp_subject *s,
                      struct wp__mv *joins);

/* runwasi.c: component subjects for the wasm containers of @pod when it
 * runs on a runwasi shim (after its classification and policies). */
void wp__model_runwasi(struct wp_model *m, struct wp_subject *pod);

/* The "joins" map of @s, created on first use. */
struct wp__mv *wp__joins_of(struct wp_model *m, struct wp_subject *s);

#endif
