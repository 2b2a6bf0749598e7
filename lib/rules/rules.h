/*
 * Rule packs (rules/README.md, wasmlint-rules(5)): what a loaded pack is,
 * how it is loaded, and how it is evaluated over the model. The language
 * has no rule-specific C: a rule is a subject kind, an optional filter, and
 * checks made of declarative conditions over the subject's fields.
 */
#ifndef WP_RULES_RULES_H
#define WP_RULES_RULES_H

#include <stddef.h>
#include <stdint.h>

#include <wasmpolicy/common.h>
#include <wasmpolicy/finding.h>

#include "core/arena.h"
#include "model/model.h"

enum wp__op {
    WP__OP_EXISTS, WP__OP_IS, WP__OP_IN, WP__OP_MATCHES,
    WP__OP_GT, WP__OP_GE, WP__OP_LT, WP__OP_LE,
    WP__OP_CONTAINS, WP__OP_SOME, WP__OP_EVERY,
    WP__OP_COUNT, WP__OP_COUNT_GT, WP__OP_COUNT_GE, WP__OP_COUNT_LT, WP__OP_COUNT_LE,
    WP__OP_CIDR_CONTAINS,
    WP__OP_ALL_OF, WP__OP_ANY_OF, WP__OP_NOT
};

/* A scalar a condition compares with. */
struct wp__lit {
    uint8_t kind;               /* WP__MV_BOOL, WP__MV_INT, WP__MV_STRING */
    int b;
    int64_t i;
    const char *s;
};

/* A path compiled at load time (path.c). */
struct wp__seg {
    const char *key;            /* a map key, or NULL for a list index */
    long index;
};
struct wp__cpath {
    uint8_t from_subject;       /* written with a leading '/' */
    uint8_t is_key;             /* "@key": the focus's own key */
    struct wp__seg *segs;
    size_t n;                   /* 0: the focus (or subject) itself */
};

struct wp__cond {
    uint8_t op;                 /* enum wp__op */
    const char *path;           /* "." when absent */
    struct wp__cpath cpath;
    struct wp__lit lit;         /* is, contains, exists (b), comparisons (i) */
    struct wp__lit *set;        /* in */
    size_t nset;
    void *re;                   /* matches: pcre2_code_8 * */
    struct wp__cond *kids;      /* all-of / any-of; some / every / not: 1 */
    size_t nkids;
};

enum wp__outcome { WP__OUTCOME_FAIL, WP__OUTCOME_CANNOT_PROVE, WP__OUTCOME_UNRESOLVED };

struct wp__check {
    uint8_t subject;            /* 0: the rule's; else its own kind, and
                                 * the rule's where does not apply */
    int has_where;
    struct wp__cond where;      /* this check's own filter */
    const char *for_each;       /* NULL: the subject is the focus */
    struct wp__cpath each;
    struct wp__cond when;
    const char *at;             /* NULL: the focus */
    struct wp__cpath at_path;
    const char *message;
    int severity;               /* 0: the rule's */
    uint8_t outcome;
};

struct wp_rule {
    const char *id, *pack, *title, *tier, *help;
    const char *description, *rationale, *remediation, *example;
    const char **tags;
    size_t ntags;
    int severity;               /* enum wp_severity */
    int enabled;
    uint8_t subject;            /* enum wp_subject_kind */
    int has_where;
    struct wp__cond where;
    struct wp__check *checks;
    size_t nchecks;
    const char *file;           /* the pack it came from */
    unsigned line, column;
};

struct wp__ruleset {
    const wp_context *ctx;
    struct wp__arena arena;     /* rules, strings, conditions */
    struct wp_rule **rules;
    size_t nrules, rules_cap;
    void **codes;               /* compiled regexes, freed with the set */
    size_t ncodes, codes_cap;
    void *mctx;                 /* pcre2_match_context_8 * with the limits */
    void *mdata;                /* pcre2_match_data_8 * */
};

typedef int (*wp__rules_error_fn)(const struct wp_diag *d, void *payload);

int wp__ruleset_init(struct wp__ruleset *rs, const wp_context *ctx);
void wp__ruleset_release(struct wp__ruleset *rs);

/* Load the packs in @data (YAML, named @name for positions). Every problem
 * goes to @on_error with its position; a pack with problems adds no rules.
 * Returns 0, the first error code, or WP_ENOMEM. */
int wp__rules_load(struct wp__ruleset *rs, const char *name, const void *data, size_t size,
                   wp__rules_error_fn on_error, void *payload);

/* The packs compiled into the library (builtin.c, generated). */
struct wp__builtin_pack { const char *name; const char *text; size_t size; };
extern const struct wp__builtin_pack wp__builtin_packs[];
extern const size_t wp__builtin_pack_count;

/* One finding as the engine makes it; the run copies it. */
struct wp__hit {
    const struct wp_rule *rule;
    int severity;
    uint8_t outcome;
    const char *message;        /* in the run's arena */
    const struct wp_subject *subject;
    struct wp_location loc;
};
typedef int (*wp__hit_fn)(const struct wp__hit *hit, void *payload);

/* Evaluate every enabled rule over @m. A regex that hits its match limit
 * is reported through @on_error (the rule is then not applied to that
 * subject). @msg_arena holds the messages. */
int wp__rules_eval(struct wp__ruleset *rs, const struct wp_model *m, struct wp__arena *msg_arena,
                   wp__hit_fn on_hit, wp__rules_error_fn on_error, void *payload);

/* cidr.c: 1 when the CIDR (or address) @cidr contains the address
 * @address (IPv4 or IPv6, same family); 0 otherwise or when unparsable. */
int wp__cidr_contains(const char *cidr, const char *address);

/* path.c: 0, WP_EMALFORMED (bad syntax) or WP_ENOMEM. */
int wp__cpath_compile(struct wp__arena *a, const char *text, struct wp__cpath *out);
const struct wp__mv *wp__cpath_eval(const struct wp__cpath *path, const struct wp__mv *focus,
                                    const struct wp__mv *subject);

/* cond.c */
/* 1 holds, 0 does not, negative: an error (regex limit) */
int wp__cond_eval(struct wp__ruleset *rs, const struct wp__cond *c, const struct wp__mv *focus,
                  const struct wp__mv *subject);
/* Resolve @path from @focus (or the subject for "/..."); "." is the focus. */
const struct wp__mv *wp__rule_path(const char *path, const struct wp__mv *focus,
                                   const struct wp__mv *subject);

#endif
