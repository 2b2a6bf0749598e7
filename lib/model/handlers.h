/* The document handlers, one per family of kinds, and what they share. */
#ifndef WP_MODEL_HANDLERS_H
#define WP_MODEL_HANDLERS_H

#include "model/fields.h"

/* Handle one object of a recognised kind; @root is its mapping. */
typedef int (*wp__kind_fn)(struct wp__mctx *c, const struct wp__node *root,
                           const char *kind);

/* kinds.c: the table of recognised {group, kind}. */
wp__kind_fn wp__kind_handler(const char *api_version, size_t av_len, const char *kind);

/*
 * meta.c: a subject for a Kubernetes-style object: apiVersion, kind, name
 * and namespace (defaulted and DERIVED when absent, NULL when
 * @namespaced is 0), metadata labels and annotations when @labels.
 */
struct wp_subject *wp__k8s_subject(struct wp__mctx *c, enum wp_subject_kind kind,
                                   const struct wp__node *root, const char *kindname,
                                   int namespaced, int labels);

/* workload.c / podspec.c */
int wp__model_workload(struct wp__mctx *c, const struct wp__node *root, const char *kind);
/* Copy a pod spec into @s's "pod" field; @labels_at the template metadata. */
void wp__model_podspec(struct wp__mctx *c, struct wp_subject *s,
                       const struct wp__node *spec, const struct wp__node *tmeta);
/* container.c: one container of the pod into @list. */
void wp__model_container(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *list,
                         const struct wp__node *n, const char *role, const char *path);

/* runtime.c: a component for a container running wasmtime, wasmedge or
 * spin, from its command and args (both sequences or NULL). */
void wp__model_runtime_argv(struct wp__mctx *c, struct wp_subject *owner,
                            const struct wp__node *ct, const struct wp__node *cmd,
                            const struct wp__node *args);

/* k8s_objects.c */
int wp__model_service_account(struct wp__mctx *c, const struct wp__node *root, const char *kind);
int wp__model_network_policy(struct wp__mctx *c, const struct wp__node *root, const char *kind);
int wp__model_runtime_class(struct wp__mctx *c, const struct wp__node *root, const char *kind);
int wp__model_pv(struct wp__mctx *c, const struct wp__node *root, const char *kind);
int wp__model_pvc(struct wp__mctx *c, const struct wp__node *root, const char *kind);
/* Wasm platforms: wasmcloud.c, wadm.c, spinkube.c, wash.c, spin_toml.c */
int wp__model_wasmcloud(struct wp__mctx *c, const struct wp__node *root, const char *kind);
int wp__model_wadm(struct wp__mctx *c, const struct wp__node *root, const char *kind);
int wp__model_spinapp(struct wp__mctx *c, const struct wp__node *root, const char *kind);
int wp__model_wash(struct wp__mctx *c, const struct wp__node *root);
int wp__model_spin_toml(struct wp__mctx *c, const struct wp__node *root);

/* selector.c: copy a LabelSelector into @dst[@key]. */
void wp__model_selector(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *dst,
                        const char *key, const struct wp__node *sel, const struct wp__node *at,
                        const char *path);

#endif
