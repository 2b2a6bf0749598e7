/*
 * Applying rules to the model: for each rule, each subject of its kind that
 * passes the filter, each check and each focus item; a check whose
 * condition holds makes a finding with a message and the most specific
 * position its `at` path reaches.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"

struct sink {
    char *p;
    size_t n, cap;
};

static void
put(struct sink *k, const char *s, size_t n)
{
    if (k->n + 1 >= k->cap)
        return;
    if (n > k->cap - 1 - k->n)
        n = k->cap - 1 - k->n;
    memcpy(k->p + k->n, s, n);
    k->n += n;
    k->p[k->n] = '\0';
}

static void
put_value(struct sink *k, const struct wp__mv *v)
{
    char num[32];

    if (!v) {
        put(k, "(none)", 6);
        return;
    }
    switch (v->kind) {
    case WP__MV_STRING:
        put(k, v->v.s.p, v->v.s.len);
        break;
    case WP__MV_BOOL:
        put(k, v->v.b ? "true" : "false", v->v.b ? 4 : 5);
        break;
    case WP__MV_INT:
        snprintf(num, sizeof(num), "%" PRId64, v->v.i);
        put(k, num, strlen(num));
        break;
    case WP__MV_LIST:
    case WP__MV_MAP:
        for (const struct wp__mv *c = v->v.kids.first; c; c = c->next) {
            if (c != v->v.kids.first)
                put(k, ", ", 2);
            if (c->kind == WP__MV_LIST || c->kind == WP__MV_MAP)
                put(k, "...", 3);
            else
                put_value(k, c);
        }
        break;
    default:
        put(k, "null", 4);
    }
}

/* "{path}", "{/path}" and "{@id}" replaced; anything else copied. */
static const char *
render(struct wp__arena *a, const char *tmpl, const struct wp__mv *focus,
       const struct wp_subject *s)
{
    char buf[1024], path[256];
    struct sink k = { buf, 0, sizeof(buf) };

    buf[0] = '\0';
    for (const char *p = tmpl; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;

        if (!close || (size_t)(close - p - 1) >= sizeof(path)) {
            put(&k, p, 1);
            p++;
            continue;
        }
        memcpy(path, p + 1, (size_t)(close - p - 1));
        path[close - p - 1] = '\0';
        if (strcmp(path, "@id") == 0)
            put(&k, s->id, strlen(s->id));
        else if (strcmp(path, "@key") == 0)
            put(&k, focus && focus->key ? focus->key : "(none)",
                strlen(focus && focus->key ? focus->key : "(none)"));
        else
            put_value(&k, wp__rule_path(path, focus, s->v));
        p = close + 1;
    }
    return wp__arena_strndup(a, buf, k.n);
}

/* The deepest value along the compiled `at` path that exists and has a
 * position: for an absent field, the key of the mapping where it belongs. */
static const struct wp__mv *
locate(const struct wp__cpath *path, const struct wp__mv *focus, const struct wp__mv *subject)
{
    const struct wp__mv *v = path->from_subject ? subject : focus, *best;

    best = (v->flags & WP__MV_NOPOS) ? subject : v;
    for (size_t i = 0; v && i < path->n; i++) {
        struct wp__cpath step = { 0, 0, &path->segs[i], 1 };

        if ((v = wp__cpath_eval(&step, v, subject)) && !(v->flags & WP__MV_NOPOS))
            best = v;
    }
    return best;
}

static int
hit(const struct wp_rule *r, const struct wp__check *c,
    const struct wp_subject *s, const struct wp__mv *focus, struct wp__arena *msgs,
    wp__hit_fn on_hit, void *payload)
{
    const struct wp__mv *at = locate(&c->at_path, focus, s->v);
    struct wp__hit h;

    memset(&h, 0, sizeof(h));
    h.rule = r;
    h.severity = c->severity ? c->severity : r->severity;
    h.outcome = c->outcome;
    h.subject = s;
    if (!(h.message = render(msgs, c->message, focus, s)))
        return WP_ENOMEM;
    h.loc.file = s->file;
    h.loc.line = at->start.line;
    h.loc.column = at->start.column;
    h.loc.end_line = at->end.line;
    h.loc.end_column = at->end.column;
    h.loc.offset = at->start.offset;
    return on_hit(&h, payload);
}

static int
limit_error(const struct wp_rule *r, const struct wp_subject *s, wp__rules_error_fn on_error,
            void *payload)
{
    struct wp_diag d = WP_DIAG_INIT;

    d.code = WP_ELIMIT;
    snprintf(d.source, sizeof(d.source), "%s", s->file);
    d.line = s->start.line;
    d.column = s->start.column;
    snprintf(d.message, sizeof(d.message),
             "rule %s: a regular expression hit WP_LIMIT_REGEX_MATCH or WP_LIMIT_REGEX_DEPTH; "
             "the rule was not applied to %s", r->id, s->id);
    return on_error ? on_error(&d, payload) : 0;
}

static int
apply(struct wp__ruleset *rs, const struct wp_rule *r, const struct wp_subject *s,
      struct wp__arena *msgs, wp__hit_fn on_hit, wp__rules_error_fn on_error, void *payload)
{
    int rc, where = -1;  /* the rule's filter, evaluated once when needed */

    for (size_t i = 0; i < r->nchecks; i++) {
        const struct wp__check *c = &r->checks[i];
        const struct wp__mv *items, *focus;

        if ((c->subject ? c->subject : r->subject) != s->kind)
            continue;
        if (c->subject && c->subject != r->subject) {
            if (c->has_where && (rc = wp__cond_eval(rs, &c->where, s->v, s->v)) != 1) {
                if (rc < 0)
                    return limit_error(r, s, on_error, payload);
                continue;
            }
        } else {
            if (where < 0)
                where = r->has_where ? wp__cond_eval(rs, &r->where, s->v, s->v) : 1;
            if (where < 0)
                return limit_error(r, s, on_error, payload);
            if (!where)
                continue;
            if (c->has_where && (rc = wp__cond_eval(rs, &c->where, s->v, s->v)) != 1) {
                if (rc < 0)
                    return limit_error(r, s, on_error, payload);
                continue;
            }
        }
        items = c->for_each ? wp__cpath_eval(&c->each, s->v, s->v) : NULL;

        if (c->for_each && (!items || (items->kind != WP__MV_LIST && items->kind != WP__MV_MAP)))
            continue;
        focus = c->for_each ? items->v.kids.first : s->v;
        for (; focus; focus = c->for_each ? focus->next : NULL) {
            rc = wp__cond_eval(rs, &c->when, focus, s->v);
            if (rc < 0)
                return limit_error(r, s, on_error, payload);
            if (rc == 1 && (rc = hit(r, c, s, focus, msgs, on_hit, payload)))
                return rc;
        }
    }
    return 0;
}

int
wp__rules_eval(struct wp__ruleset *rs, const struct wp_model *m, struct wp__arena *msgs,
               wp__hit_fn on_hit, wp__rules_error_fn on_error, void *payload)
{
    int rc;

    for (size_t i = 0; i < rs->nrules; i++) {
        const struct wp_rule *r = rs->rules[i];

        if (!r->enabled)
            continue;
        for (size_t j = 0; j < m->nsubjects; j++)
            if ((rc = apply(rs, r, m->subjects[j], msgs, on_hit, on_error, payload)))
                return rc;
    }
    return WP_OK;
}
