/* LabelSelectors as the model keeps them: matchLabels and matchExpressions. */
#include <string.h>

#include "model/handlers.h"

static const char *const operators[] = { "In", "NotIn", "Exists", "DoesNotExist" };

void
wp__model_selector(struct wp__mctx *c, struct wp_subject *s, struct wp__mv *dst,
                   const char *key, const struct wp__node *sel, const struct wp__node *at,
                   const char *path)
{
    struct wp__mvb *b = &c->m->mvb;
    const struct wp__node *exprs;
    struct wp__mv *v, *list;
    char sub[128];

    /* Absent means empty: it selects everything (formats §4, rule 3). */
    v = wp__mv_map(b, dst, key, sel ? sel : at, sel ? 0 : WP__MV_DERIVED);
    if (!sel)
        return;
    wp__fmt(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
    wp__field_strmap(c, s, v, sel, "matchLabels", NULL, sub);
    if (!(exprs = wp__field_seq(c, s, sel, "matchExpressions", sub)))
        return;
    list = wp__mv_list(b, v, "matchExpressions", exprs, 0);
    for (size_t i = 0; i < exprs->c.seq.n; i++) {
        const struct wp__node *e = exprs->c.seq.v[i], *op;
        struct wp__mv *ev;
        char epath[160];
        size_t k;

        wp__fmt(epath, sizeof(epath), "%s.matchExpressions[%zu]", sub, i);
        if (e->kind != WP__NODE_MAPPING) {
            wp__model_error(c, e, "a match expression must be a mapping");
            wp__field_invalid(c, s, epath);
            continue;
        }
        ev = wp__mv_map(b, list, NULL, e, 0);
        wp__field_str(c, s, ev, e, "key", epath);
        op = wp__field_str(c, s, ev, e, "operator", epath);
        for (k = 0; op && k < sizeof(operators) / sizeof(*operators); k++)
            if (strcmp(op->c.s.text, operators[k]) == 0)
                break;
        if (op && k == sizeof(operators) / sizeof(*operators)) {
            /* The API server rejects it; a policy that cannot be read must
             * not be taken to select nothing. */
            wp__model_error(c, op, "unknown selector operator \"%s\"", op->c.s.text);
            wp__field_invalid(c, s, epath);
        }
        wp__field_strlist(c, s, ev, e, "values", epath);
    }
}
