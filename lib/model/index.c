/* An open-addressing hash of subjects by (kind, namespace, name). */
#include <string.h>

#include <wasmpolicy/common.h>

#include "core/context.h"
#include "model/index.h"

static uint64_t
mix(uint64_t h, const char *s)
{
    /* FNV-1a; the 0xff separator keeps ("ab","c") apart from ("a","bc"). */
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return (h ^ 0xff) * 0x100000001b3ull;
}

static uint64_t
key_hash(unsigned kind, const char *ns, const char *name)
{
    uint64_t h = 0xcbf29ce484222325ull ^ kind;
    return mix(mix(h, ns), name);
}

static int
same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int
wp__index_build(struct wp__index *ix, struct wp_model *m)
{
    size_t cap = 16;

    memset(ix, 0, sizeof(*ix));
    ix->ctx = m->ctx;
    ix->m = m;
    while (cap < m->nsubjects * 2)
        cap *= 2;
    if (!(ix->slots = wp__calloc(m->ctx, cap, sizeof(*ix->slots))))
        return WP_ENOMEM;
    ix->mask = cap - 1;
    for (size_t i = 0; i < m->nsubjects; i++) {
        const struct wp_subject *s = m->subjects[i];
        size_t at;

        const struct wp_subject *first;

        if (!s->name)
            continue;
        if ((first = wp__index_find(ix, (enum wp_subject_kind)s->kind, s->ns, s->name))) {
            /* kubectl apply would keep the last; either way one of the two
             * is not what the cluster runs, so say which one is joined. */
            if (s->kind != WP_SUBJECT_COMPONENT && s->kind != WP_SUBJECT_APPLICATION &&
                wp__model_warn_subject(m, s, "%s is also defined at %s:%u:%u; joins use that one",
                                       s->id, first->file, first->start.line,
                                       first->start.column))
                return WP_ENOMEM;
            continue;
        }
        at = key_hash(s->kind, s->ns, s->name) & ix->mask;
        while (ix->slots[at])
            at = (at + 1) & ix->mask;
        ix->slots[at] = (uint32_t)i + 1;
    }
    return WP_OK;
}

void
wp__index_release(struct wp__index *ix)
{
    wp__free(ix->ctx, ix->slots);
    ix->slots = NULL;
}

struct wp_subject *
wp__index_find(const struct wp__index *ix, enum wp_subject_kind kind, const char *ns,
               const char *name)
{
    size_t at = key_hash(kind, ns, name) & ix->mask;

    for (; ix->slots[at]; at = (at + 1) & ix->mask) {
        struct wp_subject *s = ix->m->subjects[ix->slots[at] - 1];
        if (s->kind == kind && same(s->ns, ns) && same(s->name, name))
            return s;
    }
    return NULL;
}
