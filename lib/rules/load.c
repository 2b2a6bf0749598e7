/*
 * Loading rule packs: YAML documents through the document layer, checked
 * key by key so every mistake is reported at its line:column, with PCRE2's
 * own message and offset for a bad regex. A pack with any error adds no
 * rules: half a pack would make findings depend on where the typo is.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <string.h>

#include "core/context.h"
#include "core/diag.h"
#include "doc/read.h"
#include "rules/rules.h"

#define WP__COND_DEPTH 32

struct loader {
    struct wp__ruleset *rs;
    const struct wp__src *src;
    wp__rules_error_fn on_error;
    void *payload;
    int first;                  /* first error code of the whole input */
    int bad;                    /* errors in the current pack */
    struct wp_rule **pending;   /* rules of the current pack */
    size_t npending, pending_cap;
    const char *pack;
    const char *file;           /* the input's name, kept with the rules */
};

static void
fail(struct loader *L, const struct wp__node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct loader *L, const struct wp__node *at, const char *fmt, ...)
{
    struct wp_diag d = WP_DIAG_INIT;
    va_list ap;

    va_start(ap, fmt);
    wp__diag_vat_line(&d, WP_EMALFORMED, L->src->name, at ? at->start.line : 0,
                      at ? at->start.column : 0, fmt, ap);
    va_end(ap);
    L->bad++;
    if (!L->first)
        L->first = WP_EMALFORMED;
    if (L->on_error)
        L->on_error(&d, L->payload);
}

static const char *
copy(struct loader *L, const struct wp__node *n)
{
    const char *s = wp__arena_strndup(&L->rs->arena, n->c.s.text, n->c.s.len);

    if (!s)
        L->first = WP_ENOMEM;
    return s;
}

/* A string-valued key: a scalar that is a string (quoted or not). */
static const char *
string(struct loader *L, const struct wp__node *n, const char *key)
{
    if (n->kind != WP__NODE_STRING) {
        fail(L, n, "%s must be a string", key);
        return NULL;
    }
    return copy(L, n);
}

static int
lit(struct loader *L, const struct wp__node *n, struct wp__lit *out, const char *key)
{
    memset(out, 0, sizeof(*out));
    switch (n->kind) {
    case WP__NODE_BOOL:
        out->kind = WP__MV_BOOL;
        out->b = n->v.b;
        return 0;
    case WP__NODE_INT:
        if (n->flags & WP__NODE_UNSIGNED)
            break;
        out->kind = WP__MV_INT;
        out->i = n->v.i;
        return 0;
    case WP__NODE_STRING:
        out->kind = WP__MV_STRING;
        return (out->s = copy(L, n)) ? 0 : -1;
    default:
        break;
    }
    fail(L, n, "%s wants a string, boolean or integer", key);
    return -1;
}

static int
integer(struct loader *L, const struct wp__node *n, const char *key, int64_t *out)
{
    if (n->kind != WP__NODE_INT || (n->flags & WP__NODE_UNSIGNED)) {
        fail(L, n, "%s wants an integer", key);
        return -1;
    }
    *out = n->v.i;
    return 0;
}

static const struct { const char *name; enum wp__op op; } ops[] = {
    { "exists", WP__OP_EXISTS }, { "is", WP__OP_IS }, { "in", WP__OP_IN },
    { "matches", WP__OP_MATCHES }, { "gt", WP__OP_GT }, { "ge", WP__OP_GE },
    { "lt", WP__OP_LT }, { "le", WP__OP_LE }, { "contains", WP__OP_CONTAINS },
    { "some", WP__OP_SOME }, { "every", WP__OP_EVERY }, { "count", WP__OP_COUNT },
    { "count-gt", WP__OP_COUNT_GT }, { "count-ge", WP__OP_COUNT_GE },
    { "count-lt", WP__OP_COUNT_LT }, { "count-le", WP__OP_COUNT_LE },
    { "cidr-contains", WP__OP_CIDR_CONTAINS },
    { "all-of", WP__OP_ALL_OF }, { "any-of", WP__OP_ANY_OF }, { "not", WP__OP_NOT },
};

static int cond(struct loader *L, const struct wp__node *n, int depth, struct wp__cond *out);

static int
compile_path(struct loader *L, const struct wp__node *at, const char *text, struct wp__cpath *out)
{
    int rc = wp__cpath_compile(&L->rs->arena, strcmp(text, ".") == 0 ? "" : text, out);

    if (rc == WP_ENOMEM)
        L->first = WP_ENOMEM;
    else if (rc)
        fail(L, at, "malformed path '%s' (keys.joined.by.dots, [N], [\"dotted.key\"])", text);
    return rc;
}

static int
regex(struct loader *L, const struct wp__node *n, struct wp__cond *out)
{
    struct wp__ruleset *rs = L->rs;
    PCRE2_UCHAR msg[160];
    PCRE2_SIZE off;
    int code;
    pcre2_code *re;

    if (n->kind != WP__NODE_STRING) {
        fail(L, n, "matches wants a regular expression (a string)");
        return -1;
    }
    re = pcre2_compile((PCRE2_SPTR)n->c.s.text, n->c.s.len, PCRE2_UTF, &code, &off, NULL);
    if (!re) {
        pcre2_get_error_message(code, msg, sizeof(msg));
        fail(L, n, "bad regular expression at offset %zu: %s", (size_t)off, (const char *)msg);
        return -1;
    }
    if (wp__reserve(rs->ctx, (void **)&rs->codes, &rs->codes_cap, rs->ncodes + 1,
                    sizeof(*rs->codes))) {
        pcre2_code_free(re);
        L->first = WP_ENOMEM;
        return -1;
    }
    rs->codes[rs->ncodes++] = re;
    /* JIT when the platform has it: it honours the match limit, and a
     * JIT stack overflow is a limit error like any other. Without JIT the
     * interpreter runs the same pattern. */
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    out->re = re;
    return 0;
}

static int
operand(struct loader *L, const struct wp__node *v, int depth, struct wp__cond *out,
        const char *name)
{
    struct wp__arena *a = &L->rs->arena;

    switch (out->op) {
    case WP__OP_EXISTS:
        if (v->kind != WP__NODE_BOOL) {
            fail(L, v, "exists wants true or false");
            return -1;
        }
        out->lit.b = v->v.b;
        return 0;
    case WP__OP_IS: case WP__OP_CONTAINS:
        return lit(L, v, &out->lit, name);
    case WP__OP_CIDR_CONTAINS:
        if (v->kind != WP__NODE_STRING || !wp__cidr_contains(v->c.s.text, v->c.s.text)) {
            fail(L, v, "cidr-contains wants an IPv4 or IPv6 address");
            return -1;
        }
        return lit(L, v, &out->lit, name);
    case WP__OP_IN:
        if (v->kind != WP__NODE_SEQUENCE || !v->c.seq.n) {
            fail(L, v, "in wants a non-empty list of values");
            return -1;
        }
        if (!(out->set = wp__arena_alloc(a, v->c.seq.n * sizeof(*out->set))))
            return L->first = WP_ENOMEM, -1;
        out->nset = v->c.seq.n;
        for (size_t i = 0; i < v->c.seq.n; i++)
            if (lit(L, v->c.seq.v[i], &out->set[i], "in"))
                return -1;
        return 0;
    case WP__OP_MATCHES:
        return regex(L, v, out);
    case WP__OP_ALL_OF: case WP__OP_ANY_OF:
        if (v->kind != WP__NODE_SEQUENCE || !v->c.seq.n) {
            fail(L, v, "%s wants a non-empty list of conditions", name);
            return -1;
        }
        if (!(out->kids = wp__arena_alloc(a, v->c.seq.n * sizeof(*out->kids))))
            return L->first = WP_ENOMEM, -1;
        out->nkids = v->c.seq.n;
        for (size_t i = 0; i < v->c.seq.n; i++)
            if (cond(L, v->c.seq.v[i], depth + 1, &out->kids[i]))
                return -1;
        return 0;
    case WP__OP_NOT: case WP__OP_SOME: case WP__OP_EVERY:
        if (!(out->kids = wp__arena_alloc(a, sizeof(*out->kids))))
            return L->first = WP_ENOMEM, -1;
        out->nkids = 1;
        return cond(L, v, depth + 1, out->kids);
    default:
        return integer(L, v, name, &out->lit.i);
    }
}

/* Nesting is bounded (WP__COND_DEPTH), so this recursion is too. */
static int
cond(struct loader *L, const struct wp__node *n, int depth, struct wp__cond *out)
{
    const struct wp__node *opnode = NULL, *path = NULL;
    const char *opname = NULL;

    memset(out, 0, sizeof(*out));
    out->path = ".";
    if (depth > WP__COND_DEPTH) {
        fail(L, n, "conditions nest deeper than %d levels", WP__COND_DEPTH);
        return -1;
    }
    if (n->kind != WP__NODE_MAPPING) {
        fail(L, n, "a condition is a mapping such as {path: a.b, exists: true}");
        return -1;
    }
    for (size_t i = 0; i < n->c.map.n; i++) {
        const struct wp__entry *e = &n->c.map.v[i];
        const char *k = e->key->kind == WP__NODE_STRING ? e->key->c.s.text : "";
        size_t j;

        if (strcmp(k, "path") == 0) {
            path = e->value;
            continue;
        }
        for (j = 0; j < sizeof(ops) / sizeof(*ops) && strcmp(ops[j].name, k) != 0; j++)
            ;
        if (j == sizeof(ops) / sizeof(*ops)) {
            fail(L, e->key, "unknown key '%s' in a condition", k);
            return -1;
        }
        if (opnode) {
            fail(L, e->key, "a condition has one test; '%s' follows '%s'", k, opname);
            return -1;
        }
        opnode = e->value;
        opname = ops[j].name;
        out->op = (uint8_t)ops[j].op;
    }
    if (!opnode) {
        fail(L, n, "a condition needs a test (exists, is, in, matches, some, ...)");
        return -1;
    }
    if (path) {
        if (out->op == WP__OP_ALL_OF || out->op == WP__OP_ANY_OF || out->op == WP__OP_NOT) {
            fail(L, path, "%s combines conditions and takes no path", opname);
            return -1;
        }
        if (!(out->path = string(L, path, "path")))
            return -1;
    }
    if (compile_path(L, path ? path : n, out->path, &out->cpath))
        return -1;
    return operand(L, opnode, depth, out, opname);
}

static int
severity(struct loader *L, const struct wp__node *n)
{
    static const char *const names[] = { NULL, "info", "warning", "error" };

    for (int i = 1; i <= 3; i++)
        if (n->kind == WP__NODE_STRING && strcmp(n->c.s.text, names[i]) == 0)
            return i;
    fail(L, n, "severity must be error, warning or info");
    return 0;
}

static int
subject(struct loader *L, const struct wp__node *n)
{
    for (int k = WP_SUBJECT_WORKLOAD; k <= WP_SUBJECT_DOCUMENT; k++)
        if (n->kind == WP__NODE_STRING &&
            strcmp(n->c.s.text, wp_subject_kind_name((enum wp_subject_kind)k)) == 0)
            return k;
    fail(L, n, "unknown subject (workload, service-account, network-policy, runtime-class, "
               "persistent-volume, persistent-volume-claim, application, component, document)");
    return 0;
}

static int
kebab(const char *s)
{
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++) {
        int alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (!alnum && !(*p == '-' && p != s && p[1] && p[-1] != '-'))
            return 0;
    }
    return 1;
}

/* The keys a check may have; a rule with one check may carry them itself. */
static const char *const check_keys[] = { "for-each", "when", "at", "message", "outcome" };
static int subject(struct loader *L, const struct wp__node *n);

static int
is_check_key(const char *k)
{
    for (size_t i = 0; i < sizeof(check_keys) / sizeof(*check_keys); i++)
        if (strcmp(check_keys[i], k) == 0)
            return 1;
    return 0;
}

static int
check(struct loader *L, const struct wp__node *n, struct wp__check *out, int in_rule)
{
    int have_when = 0;

    memset(out, 0, sizeof(*out));
    if (n->kind != WP__NODE_MAPPING) {
        fail(L, n, "a check is a mapping with when, message and at");
        return -1;
    }
    for (size_t i = 0; i < n->c.map.n; i++) {
        const struct wp__entry *e = &n->c.map.v[i];
        const char *k = e->key->kind == WP__NODE_STRING ? e->key->c.s.text : "";
        const struct wp__node *v = e->value;

        if (strcmp(k, "for-each") == 0) {
            if ((out->for_each = string(L, v, k)))
                compile_path(L, v, out->for_each, &out->each);
        } else if (strcmp(k, "when") == 0) {
            have_when = 1;
            if (cond(L, v, 0, &out->when))
                return -1;
        } else if (strcmp(k, "at") == 0) {
            if ((out->at = string(L, v, k)))
                compile_path(L, v, out->at, &out->at_path);
        } else if (strcmp(k, "message") == 0) {
            out->message = string(L, v, k);
        } else if (strcmp(k, "outcome") == 0) {
            const char *o = v->kind == WP__NODE_STRING ? v->c.s.text : "";
            if (strcmp(o, "fail") == 0)
                out->outcome = WP__OUTCOME_FAIL;
            else if (strcmp(o, "cannot-prove") == 0)
                out->outcome = WP__OUTCOME_CANNOT_PROVE;
            else if (strcmp(o, "unresolved") == 0)
                out->outcome = WP__OUTCOME_UNRESOLVED;
            else
                fail(L, v, "outcome must be fail, cannot-prove or unresolved");
        } else if (strcmp(k, "severity") == 0 && !in_rule) {
            out->severity = severity(L, v);
        } else if (strcmp(k, "subject") == 0 && !in_rule) {
            out->subject = (uint8_t)subject(L, v);
        } else if (strcmp(k, "where") == 0 && !in_rule) {
            out->has_where = cond(L, v, 0, &out->where) == 0;
        } else if (!in_rule) {
            fail(L, e->key, "unknown key '%s' in a check", k);
        }
    }
    if (!have_when) {
        fail(L, n, "a check needs when");
        return -1;
    }
    if (!out->message)
        fail(L, n, "a check needs a message");
    return 0;
}

static const char *const rule_keys[] = {
    "id", "title", "severity", "tier", "tags", "help", "description", "rationale",
    "remediation", "example", "subject", "where", "checks",
};

static void
rule(struct loader *L, const struct wp__node *n)
{
    struct wp__arena *a = &L->rs->arena;
    struct wp_rule *r;
    const struct wp__node *checks = NULL;
    int single = 0;

    if (n->kind != WP__NODE_MAPPING) {
        fail(L, n, "a rule is a mapping");
        return;
    }
    if (!(r = wp__arena_alloc(a, sizeof(*r)))) {
        L->first = WP_ENOMEM;
        return;
    }
    memset(r, 0, sizeof(*r));
    r->pack = L->pack;
    r->file = L->file;
    r->line = n->start.line;
    r->column = n->start.column;
    r->enabled = 1;
    for (size_t i = 0; i < n->c.map.n; i++) {
        const struct wp__entry *e = &n->c.map.v[i];
        const char *k = e->key->kind == WP__NODE_STRING ? e->key->c.s.text : "";
        const struct wp__node *v = e->value;
        size_t j;

        for (j = 0; j < sizeof(rule_keys) / sizeof(*rule_keys) && strcmp(rule_keys[j], k); j++)
            ;
        if (j == sizeof(rule_keys) / sizeof(*rule_keys)) {
            if (is_check_key(k))
                single = 1;
            else
                fail(L, e->key, "unknown key '%s' in a rule", k);
            continue;
        }
        if (strcmp(k, "id") == 0) {
            if ((r->id = string(L, v, k)) && !kebab(r->id))
                fail(L, v, "rule id '%s' is not kebab-case (a-z, 0-9, single dashes)", r->id);
        } else if (strcmp(k, "severity") == 0) {
            if (!(r->severity = severity(L, v)))
                r->severity = WP_SEVERITY_INFO;  /* already reported */
        } else if (strcmp(k, "subject") == 0) {
            int kind = subject(L, v);
            r->subject = (uint8_t)(kind ? kind : 0xff);  /* 0xff: reported already */
        } else if (strcmp(k, "where") == 0) {
            r->has_where = cond(L, v, 0, &r->where) == 0;
        } else if (strcmp(k, "checks") == 0) {
            checks = v;
        } else if (strcmp(k, "tags") == 0) {
            if (v->kind != WP__NODE_SEQUENCE) {
                fail(L, v, "tags must be a list of strings");
                continue;
            }
            if (!(r->tags = wp__arena_alloc(a, (v->c.seq.n + 1) * sizeof(*r->tags)))) {
                L->first = WP_ENOMEM;
                return;
            }
            for (size_t t = 0; t < v->c.seq.n; t++)
                if ((r->tags[r->ntags] = string(L, v->c.seq.v[t], "a tag")))
                    r->ntags++;
        } else {
            const char **slot = strcmp(k, "title") == 0 ? &r->title
                              : strcmp(k, "tier") == 0 ? &r->tier
                              : strcmp(k, "help") == 0 ? &r->help
                              : strcmp(k, "description") == 0 ? &r->description
                              : strcmp(k, "rationale") == 0 ? &r->rationale
                              : strcmp(k, "remediation") == 0 ? &r->remediation
                              : &r->example;
            *slot = string(L, v, k);
        }
    }
    if (!r->id)
        fail(L, n, "a rule needs an id");
    if (!r->title)
        fail(L, n, "rule %s needs a title", r->id ? r->id : "");
    if (!r->severity)
        r->severity = WP_SEVERITY_INFO;  /* the documented default */
    if (!r->subject)
        fail(L, n, "rule %s needs a subject", r->id ? r->id : "");
    if (checks && single) {
        fail(L, checks, "rule %s has both checks and a check of its own (when, message, ...)",
             r->id ? r->id : "");
    } else if (checks) {
        if (checks->kind != WP__NODE_SEQUENCE || !checks->c.seq.n) {
            fail(L, checks, "checks must be a non-empty list");
            return;
        }
        if (!(r->checks = wp__arena_alloc(a, checks->c.seq.n * sizeof(*r->checks)))) {
            L->first = WP_ENOMEM;
            return;
        }
        for (size_t i = 0; i < checks->c.seq.n; i++)
            if (check(L, checks->c.seq.v[i], &r->checks[r->nchecks], 0) == 0)
                r->nchecks++;
    } else if (single) {
        if (!(r->checks = wp__arena_alloc(a, sizeof(*r->checks)))) {
            L->first = WP_ENOMEM;
            return;
        }
        if (check(L, n, r->checks, 1) == 0)
            r->nchecks = 1;
    } else {
        fail(L, n, "rule %s has no checks", r->id ? r->id : "");
    }
    if (wp__reserve(L->rs->ctx, (void **)&L->pending, &L->pending_cap, L->npending + 1,
                    sizeof(*L->pending))) {
        L->first = WP_ENOMEM;
        return;
    }
    L->pending[L->npending++] = r;
}

static struct wp_rule *
find(struct wp__ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (strcmp(rs->rules[i]->id, id) == 0)
            return rs->rules[i];
    return NULL;
}

static int
on_doc(const struct wp__doc *doc, void *payload)
{
    struct loader *L = payload;
    struct wp__ruleset *rs = L->rs;
    const struct wp__node *root = doc->root, *rules = NULL, *pack = NULL;

    L->bad = 0;
    L->npending = 0;
    L->pack = NULL;
    if (!root || root->kind == WP__NODE_NULL)
        return 0;
    if (root->kind != WP__NODE_MAPPING) {
        fail(L, root, "a rule pack is a mapping with pack and rules");
        return 0;
    }
    for (size_t i = 0; i < root->c.map.n; i++) {
        const struct wp__entry *e = &root->c.map.v[i];
        const char *k = e->key->kind == WP__NODE_STRING ? e->key->c.s.text : "";

        if (strcmp(k, "pack") == 0)
            pack = e->value;
        else if (strcmp(k, "rules") == 0)
            rules = e->value;
        else if (strcmp(k, "description") != 0)
            fail(L, e->key, "unknown key '%s' in a rule pack", k);
    }
    if (!pack || !(L->pack = string(L, pack, "pack")))
        fail(L, pack ? pack : root, "a rule pack needs a name (pack: NAME)");
    if (!rules || rules->kind != WP__NODE_SEQUENCE) {
        fail(L, rules ? rules : root, "a rule pack needs a list of rules");
        return L->first == WP_ENOMEM ? WP_ENOMEM : 0;
    }
    for (size_t i = 0; i < rules->c.seq.n && L->first != WP_ENOMEM; i++) {
        size_t before = L->npending;
        rule(L, rules->c.seq.v[i]);
        if (L->npending > before && L->pending[before]->id) {
            const char *id = L->pending[before]->id;
            int dup = find(rs, id) != NULL;
            for (size_t j = 0; j < before && !dup; j++)
                dup = L->pending[j]->id && strcmp(L->pending[j]->id, id) == 0;
            if (dup)
                fail(L, wp__node_get(rules->c.seq.v[i], "id"), "rule id '%s' is already defined", id);
        }
    }
    if (L->first == WP_ENOMEM)
        return WP_ENOMEM;
    if (L->bad)
        return 0;  /* the whole pack is refused */
    if (wp__reserve(rs->ctx, (void **)&rs->rules, &rs->rules_cap, rs->nrules + L->npending,
                    sizeof(*rs->rules)))
        return WP_ENOMEM;
    for (size_t i = 0; i < L->npending; i++)
        rs->rules[rs->nrules++] = L->pending[i];
    return 0;
}

static int
on_read_error(const struct wp_diag *d, size_t index, void *payload)
{
    struct loader *L = payload;

    (void)index;
    if (!L->first)
        L->first = d->code;
    if (L->on_error)
        L->on_error(d, L->payload);
    return 0;
}

int
wp__ruleset_init(struct wp__ruleset *rs, const wp_context *ctx)
{
    uint64_t lim;

    memset(rs, 0, sizeof(*rs));
    rs->ctx = ctx;
    wp__arena_init(&rs->arena, ctx);
    if (!(rs->mctx = pcre2_match_context_create(NULL)) ||
        !(rs->mdata = pcre2_match_data_create(1, NULL)))
        return WP_ENOMEM;
    lim = wp_context_get_limit(ctx, WP_LIMIT_REGEX_MATCH);
    pcre2_set_match_limit(rs->mctx, lim > UINT32_MAX ? UINT32_MAX : (uint32_t)lim);
    lim = wp_context_get_limit(ctx, WP_LIMIT_REGEX_DEPTH);
    pcre2_set_depth_limit(rs->mctx, lim > UINT32_MAX ? UINT32_MAX : (uint32_t)lim);
    return WP_OK;
}

void
wp__ruleset_release(struct wp__ruleset *rs)
{
    if (!rs->ctx)
        return;  /* never initialised */
    for (size_t i = 0; i < rs->ncodes; i++)
        pcre2_code_free(rs->codes[i]);
    wp__free(rs->ctx, rs->codes);
    wp__free(rs->ctx, rs->rules);
    pcre2_match_data_free(rs->mdata);
    pcre2_match_context_free(rs->mctx);
    wp__arena_release(&rs->arena);
    memset(rs, 0, sizeof(*rs));
}

int
wp__rules_load(struct wp__ruleset *rs, const char *name, const void *data, size_t size,
               wp__rules_error_fn on_error, void *payload)
{
    struct loader L;
    struct wp__read_opts opts = { on_doc, on_read_error, &L, WP__READ_KEEP_LISTS };
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__src src;
    const char *kept;
    int rc;

    memset(&L, 0, sizeof(L));
    L.rs = rs;
    L.on_error = on_error;
    L.payload = payload;
    /* Rules outlive the text: the name they point at must too. */
    if (!(kept = wp__arena_strndup(&rs->arena, name, strlen(name))))
        return WP_ENOMEM;
    if ((rc = wp__src_init(&src, rs->ctx, kept, data, size, &d))) {
        if (on_error)
            on_error(&d, payload);
        return rc;
    }
    L.src = &src;
    L.file = kept;
    rc = wp__yaml_read(&src, &opts, NULL);
    wp__src_release(&src);
    wp__free(rs->ctx, L.pending);
    if (rc == WP_ENOMEM || L.first == WP_ENOMEM)
        return WP_ENOMEM;
    return L.first;
}
