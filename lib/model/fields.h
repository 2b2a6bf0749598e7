/*
 * Copying typed fields out of a document into model values, with the
 * checks Kubernetes' decoder would make. A field of the wrong type is an
 * input error at its position (the API server would reject the object) and
 * is listed under the subject's "invalid" field, so a rule can say it could
 * not decide instead of reading the field as absent. A string field whose
 * plain scalar YAML 1.1 turned into a bool or number is a warning: the
 * source text is kept, so `runtime: wasm` matches and `wasm: yes` is
 * flagged rather than silently read as "true".
 */
#ifndef WP_MODEL_FIELDS_H
#define WP_MODEL_FIELDS_H

#include "model/model.h"

/* The value under @key of mapping @map, or NULL. */
static inline const struct wp__node *
wp__field(const struct wp__node *map, const char *key)
{
    return map && map->kind == WP__NODE_MAPPING ? wp__node_get(map, key) : NULL;
}

/* Mark @path of subject @s invalid (input error already reported). */
void wp__field_invalid(struct wp__mctx *c, struct wp_subject *s, const char *path);

/*
 * Each copies @map[@key] to @dst[@key] if present and of the right type,
 * and returns the source node (or NULL when absent or invalid). @path is
 * the model path of @dst ("" at the subject's root, "pod.containers[1]"),
 * which names the field in messages and in the invalid list.
 */
const struct wp__node *wp__field_bool(struct wp__mctx *c, struct wp_subject *s,
                                      struct wp__mv *dst, const struct wp__node *map,
                                      const char *key, const char *path);
const struct wp__node *wp__field_str(struct wp__mctx *c, struct wp_subject *s,
                                     struct wp__mv *dst, const struct wp__node *map,
                                     const char *key, const char *path);
const struct wp__node *wp__field_int(struct wp__mctx *c, struct wp_subject *s,
                                     struct wp__mv *dst, const struct wp__node *map,
                                     const char *key, const char *path);
/* {string: string} maps: labels, annotations, nodeSelector, config. */
const struct wp__node *wp__field_strmap(struct wp__mctx *c, struct wp_subject *s,
                                        struct wp__mv *dst, const struct wp__node *map,
                                        const char *key, const char *as, const char *path);
/* [string] lists: command, args, allowedHosts. */
const struct wp__node *wp__field_strlist(struct wp__mctx *c, struct wp_subject *s,
                                         struct wp__mv *dst, const struct wp__node *map,
                                         const char *key, const char *path);
/* A mapping / sequence node, or NULL (with an input error if mistyped). */
const struct wp__node *wp__field_map(struct wp__mctx *c, struct wp_subject *s,
                                     const struct wp__node *map, const char *key,
                                     const char *path);
const struct wp__node *wp__field_seq(struct wp__mctx *c, struct wp_subject *s,
                                     const struct wp__node *map, const char *key,
                                     const char *path);

/* Text of a string-typed scalar as Kubernetes would see it (the source
 * text for plain scalars), or NULL. */
const char *wp__scalar_text(const struct wp__node *n);

#endif
