/* The public view of the model (wasmpolicy/model.h). */
#include <string.h>

#include "model/model.h"

/* wp_value is the public name of a model value. */
#define MV(v) ((const struct wp__mv *)(const void *)(v))
#define PV(v) ((const wp_value *)(const void *)(v))

size_t
wp_model_subject_count(const wp_model *model)
{
    return model ? model->nsubjects : 0;
}

const wp_subject *
wp_model_subject(const wp_model *model, size_t i)
{
    return model && i < model->nsubjects ? model->subjects[i] : NULL;
}

size_t
wp_model_warning_count(const wp_model *model)
{
    return model ? model->nwarnings : 0;
}

const struct wp_diag *
wp_model_warning(const wp_model *model, size_t i)
{
    return model && i < model->nwarnings ? &model->warnings[i] : NULL;
}

enum wp_subject_kind
wp_subject_kind(const wp_subject *s)
{
    return s ? (enum wp_subject_kind)s->kind : (enum wp_subject_kind)0;
}

const char *
wp_subject_kind_name(enum wp_subject_kind kind)
{
    static const char *const names[] = {
        NULL, "workload", "service-account", "network-policy", "runtime-class",
        "persistent-volume", "persistent-volume-claim", "application", "component",
        "document",
    };

    if ((unsigned)kind < sizeof(names) / sizeof(*names) && names[kind])
        return names[kind];
    return "unknown";
}

const char *
wp_subject_id(const wp_subject *s)
{
    return s ? s->id : NULL;
}

const wp_value *
wp_subject_fields(const wp_subject *s)
{
    return s ? PV(s->v) : NULL;
}

enum wp_value_kind
wp_value_kind(const wp_value *v)
{
    return v ? (enum wp_value_kind)MV(v)->kind : WP_VALUE_NULL;
}

unsigned
wp_value_flags(const wp_value *v)
{
    /* WP__MV_* and WP_VALUE_* share their bits. */
    return v ? MV(v)->flags : 0;
}

const char *
wp_value_string(const wp_value *v, size_t *len)
{
    const struct wp__mv *m = MV(v);

    if (!m || m->kind != WP__MV_STRING)
        return NULL;
    if (len)
        *len = m->v.s.len;
    return m->v.s.p;
}

int
wp_value_bool(const wp_value *v)
{
    return wp__mv_truth(MV(v));
}

int64_t
wp_value_int(const wp_value *v)
{
    return v && MV(v)->kind == WP__MV_INT ? MV(v)->v.i : 0;
}

size_t
wp_value_count(const wp_value *v)
{
    return v ? MV(v)->count : 0;
}

const wp_value *
wp_value_next(const wp_value *parent, const wp_value *prev, const char **key)
{
    const struct wp__mv *p = MV(parent), *c;

    if (!p || (p->kind != WP__MV_LIST && p->kind != WP__MV_MAP))
        return NULL;
    c = prev ? MV(prev)->next : p->v.kids.first;
    if (key)
        *key = c ? c->key : NULL;
    return PV(c);
}

const wp_value *
wp_value_get(const wp_value *map, const char *key)
{
    return key ? PV(wp__mv_get(MV(map), key)) : NULL;
}

const wp_value *
wp_value_path(const wp_value *root, const char *path)
{
    return path ? PV(wp__mv_path(MV(root), path)) : NULL;
}

static void
fill(struct wp_location *loc, const char *file, struct wp__pos start, struct wp__pos end)
{
    loc->file = file;
    loc->line = start.line;
    loc->column = start.column;
    loc->end_line = end.line;
    loc->end_column = end.column;
    loc->offset = start.offset;
}

void
wp_subject_location(const wp_subject *s, struct wp_location *loc)
{
    if (!loc)
        return;
    memset(loc, 0, sizeof(*loc));
    if (s)
        fill(loc, s->file, s->start, s->end);
}

int
wp_value_location(const wp_subject *s, const wp_value *v, struct wp_location *loc)
{
    const struct wp__mv *m = MV(v);

    if (!loc)
        return WP_EINVAL;
    memset(loc, 0, sizeof(*loc));
    if (!s || !m)
        return WP_EINVAL;
    loc->file = s->file;
    if (m->flags & WP__MV_NOPOS)
        return WP_ENOTFOUND;
    fill(loc, s->file, m->start, m->end);
    return WP_OK;
}
