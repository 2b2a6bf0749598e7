/* Does a LabelSelector (as the model keeps it) select a set of labels? */
#include <string.h>

#include "model/join.h"

static const char *
label(const struct wp__mv *labels, const char *key)
{
    return wp__mv_text(wp__mv_get(labels, key));
}

static int
in_values(const struct wp__mv *values, const char *v)
{
    for (const struct wp__mv *x = values ? values->v.kids.first : NULL; x; x = x->next)
        if (x->kind == WP__MV_STRING && strcmp(x->v.s.p, v) == 0)
            return 1;
    return 0;
}

int
wp__selector_matches(const struct wp__mv *sel, const struct wp__mv *labels)
{
    const struct wp__mv *ml = wp__mv_get(sel, "matchLabels");
    const struct wp__mv *me = wp__mv_get(sel, "matchExpressions");

    for (const struct wp__mv *l = ml ? ml->v.kids.first : NULL; l; l = l->next) {
        const char *have = label(labels, l->key);
        if (!have || l->kind != WP__MV_STRING || strcmp(have, l->v.s.p) != 0)
            return 0;
    }
    for (const struct wp__mv *e = me ? me->v.kids.first : NULL; e; e = e->next) {
        const char *key = wp__mv_text(wp__mv_get(e, "key"));
        const char *op = wp__mv_text(wp__mv_get(e, "operator"));
        const struct wp__mv *values = wp__mv_get(e, "values");
        const char *have;

        if (!key || !op)
            return 0;
        have = label(labels, key);
        if (strcmp(op, "In") == 0) {
            if (!have || !in_values(values, have))
                return 0;
        } else if (strcmp(op, "NotIn") == 0) {
            if (have && in_values(values, have))   /* absent key satisfies */
                return 0;
        } else if (strcmp(op, "Exists") == 0) {
            if (!have)
                return 0;
        } else if (strcmp(op, "DoesNotExist") == 0) {
            if (have)
                return 0;
        } else {
            return 0;
        }
    }
    return 1;
}
