/* Evaluating conditions over model values (wasmlint-rules(5), CONDITIONS). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "rules/rules.h"

const struct wp__mv *
wp__rule_path(const char *path, const struct wp__mv *focus, const struct wp__mv *subject)
{
    if (!path || !*path || strcmp(path, ".") == 0)
        return focus;
    if (path[0] == '/')
        return path[1] ? wp__mv_path(subject, path + 1) : subject;
    return wp__mv_path(focus, path);
}

static int
lit_equals(const struct wp__lit *l, const struct wp__mv *v)
{
    if (!v || v->kind != l->kind)
        return 0;
    switch (v->kind) {
    case WP__MV_BOOL:
        return v->v.b == l->b;
    case WP__MV_INT:
        return v->v.i == l->i;
    case WP__MV_STRING:
        return strcmp(v->v.s.p, l->s) == 0;
    default:
        return 0;
    }
}

static int
matches(struct wp__ruleset *rs, const struct wp__cond *c, const struct wp__mv *v)
{
    int rc;

    if (!v || v->kind != WP__MV_STRING)
        return 0;
    rc = pcre2_match((const pcre2_code *)c->re, (PCRE2_SPTR)v->v.s.p, v->v.s.len, 0, 0,
                     (pcre2_match_data *)rs->mdata, (pcre2_match_context *)rs->mctx);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return WP_ELIMIT;  /* match or depth limit: never a silent "no match" */
}

static int
compare(const struct wp__cond *c, int64_t x)
{
    switch (c->op) {
    case WP__OP_GT: case WP__OP_COUNT_GT: return x > c->lit.i;
    case WP__OP_GE: case WP__OP_COUNT_GE: return x >= c->lit.i;
    case WP__OP_LT: case WP__OP_COUNT_LT: return x < c->lit.i;
    case WP__OP_LE: case WP__OP_COUNT_LE: return x <= c->lit.i;
    default: return x == c->lit.i;  /* count */
    }
}

static int
is_collection(const struct wp__mv *v)
{
    return v && (v->kind == WP__MV_LIST || v->kind == WP__MV_MAP);
}

static int leaf(struct wp__ruleset *rs, const struct wp__cond *c, const struct wp__mv *v,
                const struct wp__mv *subject);

/* Conditions nest at most WP__COND_DEPTH deep (the loader refuses more), so
 * this recursion is bounded whatever the input. */
int
wp__cond_eval(struct wp__ruleset *rs, const struct wp__cond *c, const struct wp__mv *focus,
              const struct wp__mv *subject)
{
    int r;

    switch (c->op) {
    case WP__OP_ALL_OF:
        for (size_t i = 0; i < c->nkids; i++)
            if ((r = wp__cond_eval(rs, &c->kids[i], focus, subject)) != 1)
                return r;
        return 1;
    case WP__OP_ANY_OF:
        for (size_t i = 0; i < c->nkids; i++)
            if ((r = wp__cond_eval(rs, &c->kids[i], focus, subject)) != 0)
                return r;
        return 0;
    case WP__OP_NOT:
        r = wp__cond_eval(rs, &c->kids[0], focus, subject);
        return r < 0 ? r : !r;
    default:
        break;
    }
    if (c->cpath.is_key) {
        /* The focus's own key (a for-each over a map): a string value
         * made on the spot, so every test applies to it. */
        struct wp__mv key;

        if (!focus || !focus->key)
            return c->op == WP__OP_EXISTS ? !c->lit.b : 0;
        memset(&key, 0, sizeof(key));
        key.kind = WP__MV_STRING;
        key.v.s.p = focus->key;
        key.v.s.len = strlen(focus->key);
        return leaf(rs, c, &key, subject);
    }
    return leaf(rs, c, wp__cpath_eval(&c->cpath, focus, subject), subject);
}

static int
leaf(struct wp__ruleset *rs, const struct wp__cond *c, const struct wp__mv *v,
     const struct wp__mv *subject)
{
    int r;

    switch (c->op) {
    case WP__OP_EXISTS:
        return (v != NULL) == (c->lit.b != 0);
    case WP__OP_IS:
        return lit_equals(&c->lit, v);
    case WP__OP_IN:
        for (size_t i = 0; i < c->nset; i++)
            if (lit_equals(&c->set[i], v))
                return 1;
        return 0;
    case WP__OP_MATCHES:
        return matches(rs, c, v);
    case WP__OP_CIDR_CONTAINS:
        return v && v->kind == WP__MV_STRING && wp__cidr_contains(v->v.s.p, c->lit.s);
    case WP__OP_GT: case WP__OP_GE: case WP__OP_LT: case WP__OP_LE:
        return v && v->kind == WP__MV_INT && compare(c, v->v.i);
    case WP__OP_COUNT: case WP__OP_COUNT_GT: case WP__OP_COUNT_GE:
    case WP__OP_COUNT_LT: case WP__OP_COUNT_LE:
        return is_collection(v) && compare(c, (int64_t)v->count);
    case WP__OP_CONTAINS:
        for (const struct wp__mv *x = is_collection(v) ? v->v.kids.first : NULL; x; x = x->next)
            if (lit_equals(&c->lit, x))
                return 1;
        return 0;
    case WP__OP_SOME:
        for (const struct wp__mv *x = is_collection(v) ? v->v.kids.first : NULL; x; x = x->next)
            if ((r = wp__cond_eval(rs, &c->kids[0], x, subject)) != 0)
                return r;
        return 0;
    case WP__OP_EVERY:
        for (const struct wp__mv *x = is_collection(v) ? v->v.kids.first : NULL; x; x = x->next)
            if ((r = wp__cond_eval(rs, &c->kids[0], x, subject)) != 1)
                return r;
        return 1;
    default:
        return 0;
    }
}
