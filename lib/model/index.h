/* Finding subjects by kind, namespace and name, for the joins. */
#ifndef WP_MODEL_INDEX_H
#define WP_MODEL_INDEX_H

#include "model/model.h"

struct wp__index {
    const wp_context *ctx;
    uint32_t *slots;      /* 1 + subject index; 0 = empty */
    size_t mask;
    struct wp_model *m;
};

/* Index every named subject of @m. WP_ENOMEM on failure. */
int wp__index_build(struct wp__index *ix, struct wp_model *m);
void wp__index_release(struct wp__index *ix);
/* The first subject of @kind named @name in @ns (NULL: cluster-scoped). */
struct wp_subject *wp__index_find(const struct wp__index *ix, enum wp_subject_kind kind,
                                  const char *ns, const char *name);

#endif
