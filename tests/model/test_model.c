/*
 * The workload model through the public API only (wasmpolicy/model.h,
 * wasmpolicy/run.h): small inline manifests go in with wp_run_add_buffer,
 * and each test pins values *and* the line:column span each value points
 * at, in the format `wasmlint lint --dump-model` prints ("L:C-L:C", end
 * exclusive, columns in bytes, " derived" for inferred values).
 *
 * Five tests first exposed library bugs (now fixed); each keeps, in a
 * REGRESSION check, the wrong result the library used to give, so a
 * failure says whether the old bug is back. See REGRESSION below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../chaos.h"

#include <wasmpolicy/wasmpolicy.h>

/* --- helpers ------------------------------------------------------------ */

#define FAILF(file, line, ...) \
    do { \
        print_error(__VA_ARGS__); \
        print_error("\n"); \
        _fail(file, line); \
    } while (0)

static wp_context *g_ctx;
static wp_run *g_run;

static int
setup(void **state)
{
    (void)state;
    if (wp_context_new(&g_ctx, NULL) != WP_OK || wp_run_new(&g_run, g_ctx) != WP_OK)
        return -1;
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    wp_run_free(g_run);
    wp_context_free(g_ctx);
    g_run = NULL;
    g_ctx = NULL;
    return 0;
}

static void
add_at(wp_run *run, const char *name, const char *text, int want, const char *file, int line)
{
    struct wp_diag d = WP_DIAG_INIT;
    int rc = wp_run_add_buffer(run, name, text, strlen(text), &d);

    if (rc != want)
        FAILF(file, line, "adding %s returned %d (%s), want %d: %s:%u:%u: %s", name, rc,
              wp_strerror(rc), want, d.source, d.line, d.column, d.message);
}
#define ADD(run, name, text) add_at(run, name, text, WP_OK, __FILE__, __LINE__)
#define ADD_RC(run, name, text, rc) add_at(run, name, text, rc, __FILE__, __LINE__)

static void
eval_at(wp_run *run, const char *file, int line)
{
    struct wp_diag d = WP_DIAG_INIT;
    int rc = wp_run_evaluate(run, &d);

    if (rc != WP_OK)
        FAILF(file, line, "wp_run_evaluate returned %d: %s", rc, d.message);
}
#define EVAL(run) eval_at(run, __FILE__, __LINE__)

static const wp_subject *
find_subject(const wp_run *run, const char *id)
{
    const wp_model *m = wp_run_model(run);

    for (size_t i = 0; i < wp_model_subject_count(m); i++) {
        const wp_subject *s = wp_model_subject(m, i);
        if (strcmp(wp_subject_id(s), id) == 0)
            return s;
    }
    return NULL;
}

static const wp_subject *
subject_at(const wp_run *run, const char *id, const char *file, int line)
{
    const wp_subject *s = find_subject(run, id);

    if (!s) {
        const wp_model *m = wp_run_model(run);
        print_error("no subject \"%s\"; the model has:\n", id);
        for (size_t i = 0; i < wp_model_subject_count(m); i++)
            print_error("  %s\n", wp_subject_id(wp_model_subject(m, i)));
        FAILF(file, line, "missing subject");
    }
    return s;
}
#define SUBJ(run, id) subject_at(run, id, __FILE__, __LINE__)

/* "L:C-L:C", " derived" appended for inferred values, "nopos" without one. */
static void
loc_text(char *buf, size_t size, const wp_subject *s, const wp_value *v)
{
    struct wp_location l;

    if (wp_value_location(s, v, &l) == WP_ENOTFOUND) {
        snprintf(buf, size, "nopos");
        return;
    }
    snprintf(buf, size, "%u:%u-%u:%u%s", l.line, l.column, l.end_line, l.end_column,
             (wp_value_flags(v) & WP_VALUE_DERIVED) ? " derived" : "");
}

enum { ANY = -1 };

/* The value at @path (then under map key @key, which may hold dots, when
 * not NULL) must exist, be of @kind (ANY: any), hold @str / @num, and sit
 * at @pos (NULL: not checked). */
static const wp_value *
check_at(const wp_subject *s, const char *path, const char *key, int kind, const char *str,
         int64_t num, const char *pos, const char *file, int line)
{
    const wp_value *v = wp_value_path(wp_subject_fields(s), path);
    char at[96];

    if (v && key)
        v = wp_value_get(v, key);
    if (!v)
        FAILF(file, line, "%s: no value at %s%s%s", wp_subject_id(s), path, key ? " / " : "",
              key ? key : "");
    if (kind != ANY && (int)wp_value_kind(v) != kind)
        FAILF(file, line, "%s: %s is of kind %d, want %d", wp_subject_id(s), path,
              (int)wp_value_kind(v), kind);
    if (kind == WP_VALUE_STRING && strcmp(wp_value_string(v, NULL), str) != 0)
        FAILF(file, line, "%s: %s is \"%s\", want \"%s\"", wp_subject_id(s), path,
              wp_value_string(v, NULL), str);
    if (kind == WP_VALUE_BOOL && wp_value_bool(v) != (int)num)
        FAILF(file, line, "%s: %s is %d, want %d", wp_subject_id(s), path,
              wp_value_bool(v), (int)num);
    if (kind == WP_VALUE_INT && wp_value_int(v) != num)
        FAILF(file, line, "%s: %s is %lld, want %lld", wp_subject_id(s), path,
              (long long)wp_value_int(v), (long long)num);
    if (pos) {
        loc_text(at, sizeof(at), s, v);
        if (strcmp(at, pos) != 0)
            FAILF(file, line, "%s: %s is at %s, want %s", wp_subject_id(s), path, at, pos);
    }
    return v;
}
#define STR(s, path, want, pos) \
    check_at(s, path, NULL, WP_VALUE_STRING, want, 0, pos, __FILE__, __LINE__)
#define STRK(s, path, key, want, pos) \
    check_at(s, path, key, WP_VALUE_STRING, want, 0, pos, __FILE__, __LINE__)
#define BOOL(s, path, want, pos) \
    check_at(s, path, NULL, WP_VALUE_BOOL, NULL, want, pos, __FILE__, __LINE__)
#define INT(s, path, want, pos) \
    check_at(s, path, NULL, WP_VALUE_INT, NULL, want, pos, __FILE__, __LINE__)
#define POS(s, path, pos) check_at(s, path, NULL, ANY, NULL, 0, pos, __FILE__, __LINE__)

static void
check_absent(const wp_subject *s, const char *path, const char *file, int line)
{
    if (wp_value_path(wp_subject_fields(s), path))
        FAILF(file, line, "%s: unexpected value at %s", wp_subject_id(s), path);
}
#define ABSENT(s, path) check_absent(s, path, __FILE__, __LINE__)

/* The string items of the list at @path, joined by ",". */
static const char *
list_text(const wp_subject *s, const char *path)
{
    static char buf[1024];
    const wp_value *l = wp_value_path(wp_subject_fields(s), path), *c = NULL;

    buf[0] = '\0';
    if (!l)
        return "(absent)";
    while ((c = wp_value_next(l, c, NULL))) {
        const char *t = wp_value_string(c, NULL);
        if (buf[0])
            strncat(buf, ",", sizeof(buf) - strlen(buf) - 1);
        strncat(buf, t ? t : "?", sizeof(buf) - strlen(buf) - 1);
    }
    return buf;
}
#define LIST(s, path, want) \
    do { \
        const char *got_ = list_text(s, path); \
        if (strcmp(got_, want) != 0) \
            FAILF(__FILE__, __LINE__, "%s: %s is [%s], want [%s]", wp_subject_id(s), path, \
                  got_, want); \
    } while (0)

/* Run error @i: "file:line:column: message". */
static void
check_error_at(const wp_run *run, size_t i, const char *want, const char *file, int line)
{
    const struct wp_diag *d = wp_run_error(run, i);
    char got[600];

    if (!d)
        FAILF(file, line, "no run error %zu (want %s)", i, want);
    snprintf(got, sizeof(got), "%s:%u:%u: %s", d->source, d->line, d->column, d->message);
    if (strcmp(got, want) != 0)
        FAILF(file, line, "run error %zu is \"%s\", want \"%s\"", i, got, want);
}
#define ERR(run, i, want) check_error_at(run, i, want, __FILE__, __LINE__)

static void
check_warning_at(const wp_run *run, size_t i, const char *want, const char *file, int line)
{
    const struct wp_diag *d = wp_model_warning(wp_run_model(run), i);
    char got[600];

    if (!d)
        FAILF(file, line, "no model warning %zu (want %s)", i, want);
    snprintf(got, sizeof(got), "%s:%u:%u: %s", d->source, d->line, d->column, d->message);
    if (strcmp(got, want) != 0)
        FAILF(file, line, "model warning %zu is \"%s\", want \"%s\"", i, got, want);
}
#define WARN(run, i, want) check_warning_at(run, i, want, __FILE__, __LINE__)

#define NERRORS(run, n) assert_int_equal(wp_run_error_count(run), n)
#define NWARNINGS(run, n) assert_int_equal(wp_model_warning_count(wp_run_model(run)), n)

/*
 * A fixed library bug: @ok is the correct behaviour, @buggy what the library
 * used to do. The failure message says which of the two it is.
 */
#define REGRESSION(ok, buggy, what) \
    do { \
        if (!(ok)) \
            FAILF(__FILE__, __LINE__, "%s: %s", (buggy) ? "old bug is back" : \
                  "neither the correct nor the old buggy result", what); \
    } while (0)

static const char *
str_at(const wp_subject *s, const char *path)
{
    const char *t = wp_value_string(wp_value_path(wp_subject_fields(s), path), NULL);
    return t ? t : "(not a string)";
}

/* A growable text buffer for whole-model dumps. */
struct text {
    char *p;
    size_t len, cap;
};

static void
text_add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(t->p ? t->p + t->len : NULL, t->p ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if (t->p && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        t->cap = (t->cap + (size_t)n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        assert_non_null(t->p);
    }
}

static void
dump_value(struct text *t, const wp_subject *s, const wp_value *v, const char *path)
{
    char at[96], sub[512];
    const wp_value *c = NULL;
    const char *key;
    size_t i = 0;

    loc_text(at, sizeof(at), s, v);
    switch (wp_value_kind(v)) {
    case WP_VALUE_STRING:
        text_add(t, "%s = \"%s\" @%s\n", path, wp_value_string(v, NULL), at);
        return;
    case WP_VALUE_BOOL:
        text_add(t, "%s = %s @%s\n", path, wp_value_bool(v) ? "true" : "false", at);
        return;
    case WP_VALUE_INT:
        text_add(t, "%s = %lld @%s\n", path, (long long)wp_value_int(v), at);
        return;
    case WP_VALUE_NULL:
        text_add(t, "%s = null @%s\n", path, at);
        return;
    default:
        break;
    }
    text_add(t, "%s %s[%zu] @%s\n", path, wp_value_kind(v) == WP_VALUE_MAP ? "map" : "list",
             wp_value_count(v), at);
    while ((c = wp_value_next(v, c, &key))) {
        if (wp_value_kind(v) == WP_VALUE_MAP)
            snprintf(sub, sizeof(sub), "%s.%s", path, key);
        else
            snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
        i++;
        dump_value(t, s, c, sub);
    }
}

static void
dump_subject(struct text *t, const wp_subject *s)
{
    struct wp_location l;

    wp_subject_location(s, &l);
    text_add(t, "subject %s (%s) %s %u:%u-%u:%u\n", wp_subject_id(s),
             wp_subject_kind_name(wp_subject_kind(s)), l.file, l.line, l.column,
             l.end_line, l.end_column);
    dump_value(t, s, wp_subject_fields(s), "");
}

/* Everything the run shows through the public API, as text. With @sorted,
 * subjects are listed by id so that input order does not matter. */
static char *
dump_run(const wp_run *run, int sorted)
{
    const wp_model *m = wp_run_model(run);
    size_t n = wp_model_subject_count(m);
    const wp_subject **order = calloc(n + 1, sizeof(*order));
    struct text t = { NULL, 0, 0 };

    assert_non_null(order);
    for (size_t i = 0; i < n; i++)
        order[i] = wp_model_subject(m, i);
    if (sorted) {
        for (size_t i = 1; i < n; i++)
            for (size_t k = i; k > 0 && strcmp(wp_subject_id(order[k - 1]),
                                               wp_subject_id(order[k])) > 0; k--) {
                const wp_subject *x = order[k];
                order[k] = order[k - 1];
                order[k - 1] = x;
            }
    }
    text_add(&t, "subjects %zu\n", n);
    for (size_t i = 0; i < n; i++)
        dump_subject(&t, order[i]);
    for (size_t i = 0; i < wp_model_warning_count(m); i++) {
        const struct wp_diag *d = wp_model_warning(m, i);
        text_add(&t, "warning %s:%u:%u: %s\n", d->source, d->line, d->column, d->message);
    }
    for (size_t i = 0; i < wp_run_error_count(run); i++) {
        const struct wp_diag *d = wp_run_error(run, i);
        text_add(&t, "error %s:%u:%u: %s\n", d->source, d->line, d->column, d->message);
    }
    free(order);
    return t.p;
}

static void
assert_same_text(const char *a, const char *b, const char *what)
{
    size_t i = 0, bol = 0, line = 1;

    if (strcmp(a, b) == 0)
        return;
    while (a[i] && a[i] == b[i]) {
        if (a[i] == '\n') {
            line++;
            bol = i + 1;
        }
        i++;
    }
    print_error("%s differ at line %zu:\n--- first:\n%.400s\n--- second:\n%.400s\n", what,
                line, a + bol, b + bol);
    fail();
}

/* A fresh context and run (for tests that need more than the fixture). */
static wp_run *
new_run(wp_context **ctx)
{
    wp_run *run;

    assert_int_equal(wp_context_new(ctx, NULL), WP_OK);
    assert_int_equal(wp_run_new(&run, *ctx), WP_OK);
    return run;
}

static void
free_run(wp_run *run, wp_context *ctx)
{
    wp_run_free(run);
    wp_context_free(ctx);
}

/* --- ServiceAccount and token automount (rules.md §2.2) ---------------- */

/* The pod (pod.yaml) and its account (sa.yaml), one line varying in each. */
static const char pod_fmt[] =
    "apiVersion: v1\n"                       /* 1 */
    "kind: Pod\n"                            /* 2 */
    "metadata:\n"                            /* 3 */
    "  name: p\n"                            /* 4 */
    "spec:\n"                                /* 5 */
    "  serviceAccountName: runner\n"         /* 6: value 6:23-6:29 */
    "  %s\n"                                 /* 7: value from column 33 */
    "  containers:\n"                        /* 8 */
    "  - name: app\n"                        /* 9 */
    "    image: app.wasm\n";                 /* 10: ends 10:20 */

static const char sa_fmt[] =
    "apiVersion: v1\n"                       /* 1 */
    "kind: ServiceAccount\n"                 /* 2 */
    "metadata:\n"                            /* 3 */
    "  name: %s\n"                           /* 4 */
    "%s\n";                                  /* 5: value from column 31 */

enum pod_case { POD_TRUE, POD_FALSE, POD_ABSENT, POD_QUOTED, POD_NCASES };
enum sa_case { SA_TRUE, SA_FALSE, SA_NOFIELD, SA_MISSING, SA_MISTYPED, SA_NCASES };

static const char *const pod_line[] = {
    "automountServiceAccountToken: true", "automountServiceAccountToken: false",
    "# no automountServiceAccountToken", "automountServiceAccountToken: \"false\"",
};
static const char *const sa_line[] = {
    "automountServiceAccountToken: true", "automountServiceAccountToken: false",
    "# no automountServiceAccountToken", "automountServiceAccountToken: false",
    "automountServiceAccountToken: \"false\"",
};

struct automount_want {
    const char *value, *from, *pos;
};

static struct automount_want
automount_expected(enum pod_case p, enum sa_case a)
{
    static const char pod_span[] = "5:1-10:20 derived";  /* from the `spec:` key */

    switch (p) {
    case POD_TRUE:
        return (struct automount_want){ "true", "pod", "7:33-7:37 derived" };
    case POD_FALSE:
        return (struct automount_want){ "false", "pod", "7:33-7:38 derived" };
    case POD_QUOTED:
        return (struct automount_want){ "invalid", "pod", pod_span };
    default:
        break;
    }
    switch (a) {
    case SA_TRUE:
        return (struct automount_want){ "true", "service-account", pod_span };
    case SA_FALSE:
        return (struct automount_want){ "false", "service-account", pod_span };
    case SA_NOFIELD:
        return (struct automount_want){ "true", "kubernetes-default", pod_span };
    case SA_MISSING:
        return (struct automount_want){ "unknown", "service-account-not-linted", pod_span };
    default:
        return (struct automount_want){ "invalid", "service-account", pod_span };
    }
}

/* Model pod case @p with account case @a; the account file goes first
 * unless @pod_first. Returns the model dump for order comparisons. */
static char *
automount_case(enum pod_case p, enum sa_case a, int pod_first)
{
    char pod[512], sa[256], what[64];
    struct automount_want w = automount_expected(p, a);
    wp_context *ctx;
    wp_run *run = new_run(&ctx);
    const wp_subject *s, *acct;
    char *dump;
    size_t nerr = (p == POD_QUOTED) + (a == SA_MISTYPED), e = 0;

    snprintf(what, sizeof(what), "pod case %d, account case %d", (int)p, (int)a);
    print_message("# %s%s\n", what, pod_first ? ", pod first" : "");
    snprintf(pod, sizeof(pod), pod_fmt, pod_line[p]);
    snprintf(sa, sizeof(sa), sa_fmt, a == SA_MISSING ? "other" : "runner", sa_line[a]);
    if (pod_first)
        ADD_RC(run, "pod.yaml", pod, p == POD_QUOTED ? WP_EMALFORMED : WP_OK);
    ADD_RC(run, "sa.yaml", sa, a == SA_MISTYPED ? WP_EMALFORMED : WP_OK);
    if (!pod_first)
        ADD_RC(run, "pod.yaml", pod, p == POD_QUOTED ? WP_EMALFORMED : WP_OK);
    EVAL(run);

    s = SUBJ(run, "Pod default/p");
    STR(s, "joins.automountServiceAccountToken.value", w.value, w.pos);
    STR(s, "joins.automountServiceAccountToken.from", w.from, w.pos);
    STR(s, "joins.serviceAccount.name", "runner", "6:23-6:29 derived");
    STR(s, "joins.serviceAccount.namespace", "default", "4:3-4:10 derived");
    BOOL(s, "joins.serviceAccount.found", a != SA_MISSING, "6:23-6:29 derived");
    if (a != SA_MISSING)
        STR(s, "joins.serviceAccount.id", "ServiceAccount default/runner", "nopos");
    else
        ABSENT(s, "joins.serviceAccount.id");

    /* The fields themselves. */
    if (p == POD_TRUE || p == POD_FALSE)
        BOOL(s, "pod.automountServiceAccountToken", p == POD_TRUE,
             p == POD_TRUE ? "7:33-7:37" : "7:33-7:38");
    else
        ABSENT(s, "pod.automountServiceAccountToken");
    if (p == POD_QUOTED)
        LIST(s, "invalid", "pod.automountServiceAccountToken");
    else
        ABSENT(s, "invalid");
    acct = SUBJ(run, a == SA_MISSING ? "ServiceAccount default/other"
                                     : "ServiceAccount default/runner");
    if (a == SA_TRUE || a == SA_FALSE || a == SA_MISSING)
        BOOL(acct, "automountServiceAccountToken", a == SA_TRUE,
             a == SA_TRUE ? "5:31-5:35" : "5:31-5:36");
    else
        ABSENT(acct, "automountServiceAccountToken");
    if (a == SA_MISTYPED)
        LIST(acct, "invalid", "automountServiceAccountToken");
    else
        ABSENT(acct, "invalid");

    /* Input errors, in the order the files were added. */
    NERRORS(run, nerr);
    if (pod_first && p == POD_QUOTED)
        ERR(run, e++, "pod.yaml:7:33: automountServiceAccountToken must be a boolean, "
                      "got a quoted string \"false\"");
    if (a == SA_MISTYPED)
        ERR(run, e++, "sa.yaml:5:31: automountServiceAccountToken must be a boolean, "
                      "got a quoted string \"false\"");
    if (!pod_first && p == POD_QUOTED)
        ERR(run, e++, "pod.yaml:7:33: automountServiceAccountToken must be a boolean, "
                      "got a quoted string \"false\"");

    dump = dump_run(run, 1);
    free_run(run, ctx);
    return dump;
}

/* Every pod setting against every account setting, in both file orders;
 * the model must be the same whichever file came first (but for the order
 * of errors, which follows the inputs). */
static void
test_automount_decision_table(void **state)
{
    (void)state;
    for (int p = 0; p < POD_NCASES; p++) {
        for (int a = 0; a < SA_NCASES; a++) {
            char *x = automount_case((enum pod_case)p, (enum sa_case)a, 0);
            char *y = automount_case((enum pod_case)p, (enum sa_case)a, 1);

            if (p == POD_QUOTED && a == SA_MISTYPED) {
                /* Two errors whose order follows the inputs. */
                *strstr(x, "\nerror ") = '\0';
                *strstr(y, "\nerror ") = '\0';
            }
            assert_same_text(x, y, "account-first and pod-first models");
            free(x);
            free(y);
        }
    }
}

/* rules.md §2.2 step 4: only a non-boolean automountServiceAccountToken on
 * the account makes the decision "invalid"; an unrelated input error on
 * the account (here a label value that is a mapping) must not. */
static void
test_automount_account_other_invalid_field(void **state)
{
    const wp_subject *s;

    (void)state;
    ADD_RC(g_run, "sa.yaml",
           "apiVersion: v1\n"
           "kind: ServiceAccount\n"
           "metadata:\n"
           "  name: runner\n"
           "  labels: {team: {name: x}}\n", WP_EMALFORMED);
    ADD(g_run, "pod.yaml",
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: p}\n"
        "spec:\n"
        "  serviceAccountName: runner\n"
        "  containers: [{name: a, image: i}]\n");
    EVAL(g_run);
    NERRORS(g_run, 1);
    ERR(g_run, 0, "sa.yaml:5:18: team must be a string, got a mapping");
    LIST(SUBJ(g_run, "ServiceAccount default/runner"), "invalid", "labels.team");
    s = SUBJ(g_run, "Pod default/p");
    BOOL(s, "joins.serviceAccount.found", 1, "5:23-5:29 derived");
    /*
     * BUG (lib/model/join.c, service_account()): the account's whole
     * "invalid" list is tested (wp__mv_get(obj->v, "invalid")) instead of
     * an entry "automountServiceAccountToken", so any unrelated input error
     * on the ServiceAccount turns "true / kubernetes-default" into
     * "invalid / service-account".
     */
    REGRESSION(strcmp(str_at(s, "joins.automountServiceAccountToken.value"), "true") == 0 &&
                  strcmp(str_at(s, "joins.automountServiceAccountToken.from"),
                         "kubernetes-default") == 0,
              strcmp(str_at(s, "joins.automountServiceAccountToken.value"), "invalid") == 0,
              "an unrelated invalid field on the ServiceAccount makes automount \"invalid\"");
    STR(s, "joins.automountServiceAccountToken.value", "true", "4:1-6:36 derived");
}

/* A spec.automountServiceAccountToken on a ServiceAccount does nothing: a
 * warning, and the account still mounts by default. */
static void
test_automount_account_spec_field(void **state)
{
    const wp_subject *s;

    (void)state;
    ADD(g_run, "sa.yaml",
        "apiVersion: v1\n"
        "kind: ServiceAccount\n"
        "metadata: {name: default}\n"
        "spec:\n"
        "  automountServiceAccountToken: false\n");
    ADD(g_run, "pod.yaml",
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: p}\n"
        "spec:\n"
        "  containers: [{name: a, image: i}]\n");
    EVAL(g_run);
    NERRORS(g_run, 0);
    NWARNINGS(g_run, 1);
    WARN(g_run, 0, "sa.yaml:5:33: spec.automountServiceAccountToken has no effect on a "
                   "ServiceAccount; the field belongs at the top level");
    ABSENT(SUBJ(g_run, "ServiceAccount default/default"), "automountServiceAccountToken");
    s = SUBJ(g_run, "Pod default/p");
    STR(s, "joins.serviceAccount.name", "default", "4:1-5:36 derived");
    BOOL(s, "joins.serviceAccount.found", 1, "4:1-5:36 derived");
    STR(s, "joins.automountServiceAccountToken.value", "true", "4:1-5:36 derived");
    STR(s, "joins.automountServiceAccountToken.from", "kubernetes-default", "4:1-5:36 derived");
}

static const char alias_pods[] =
    "apiVersion: v1\n"                       /* 1 */
    "kind: Pod\n"                            /* 2 */
    "metadata: {name: alias-only}\n"         /* 3 */
    "spec:\n"                                /* 4 */
    "  serviceAccount: legacy\n"             /* 5 */
    "  containers: [{name: a, image: i}]\n"  /* 6 */
    "---\n"                                  /* 7 */
    "apiVersion: v1\n"                       /* 8 */
    "kind: Pod\n"                            /* 9 */
    "metadata: {name: both}\n"               /* 10 */
    "spec:\n"                                /* 11 */
    "  serviceAccount: legacy\n"             /* 12 */
    "  serviceAccountName: modern\n"         /* 13 */
    "  containers: [{name: a, image: i}]\n"  /* 14 */
    "---\n"                                  /* 15 */
    "apiVersion: v1\n"                       /* 16 */
    "kind: Pod\n"                            /* 17 */
    "metadata: {name: neither}\n"            /* 18 */
    "spec:\n"                                /* 19 */
    "  containers: [{name: a, image: i}]\n"  /* 20 */
    "---\n"                                  /* 21 */
    "apiVersion: v1\n"                       /* 22 */
    "kind: Pod\n"                            /* 23 */
    "metadata: {name: null-name}\n"          /* 24 */
    "spec:\n"                                /* 25 */
    "  serviceAccountName: null\n"           /* 26 */
    "  serviceAccount: legacy\n"             /* 27 */
    "  containers: [{name: a, image: i}]\n"; /* 28 */

static const char alias_accounts[] =
    "apiVersion: v1\n"
    "kind: ServiceAccount\n"
    "metadata: {name: legacy}\n"
    "automountServiceAccountToken: false\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: ServiceAccount\n"
    "metadata: {name: modern}\n"
    "automountServiceAccountToken: true\n";

/* formats.md §2.2: the deprecated `serviceAccount` counts only when
 * `serviceAccountName` is absent; with neither the account is `default`. */
static void
test_service_account_alias(void **state)
{
    const wp_subject *s;

    (void)state;
    ADD(g_run, "pods.yaml", alias_pods);
    ADD(g_run, "accounts.yaml", alias_accounts);
    EVAL(g_run);
    NERRORS(g_run, 0);

    s = SUBJ(g_run, "Pod default/alias-only");
    STR(s, "pod.serviceAccountName", "legacy", "5:19-5:25");
    STR(s, "joins.serviceAccount.name", "legacy", "5:19-5:25 derived");
    STR(s, "joins.serviceAccount.id", "ServiceAccount default/legacy", "nopos");
    STR(s, "joins.automountServiceAccountToken.value", "false", "4:1-6:36 derived");
    STR(s, "joins.automountServiceAccountToken.from", "service-account", "4:1-6:36 derived");

    s = SUBJ(g_run, "Pod default/both");
    STR(s, "pod.serviceAccountName", "modern", "13:23-13:29");
    STR(s, "joins.serviceAccount.name", "modern", "13:23-13:29 derived");
    STR(s, "joins.automountServiceAccountToken.value", "true", "11:1-14:36 derived");
    STR(s, "joins.automountServiceAccountToken.from", "service-account", "11:1-14:36 derived");

    s = SUBJ(g_run, "Pod default/neither");
    ABSENT(s, "pod.serviceAccountName");
    STR(s, "joins.serviceAccount.name", "default", "19:1-20:36 derived");
    BOOL(s, "joins.serviceAccount.found", 0, "19:1-20:36 derived");
    STR(s, "joins.automountServiceAccountToken.value", "unknown", "19:1-20:36 derived");
    STR(s, "joins.automountServiceAccountToken.from", "service-account-not-linted",
        "19:1-20:36 derived");

    /* null is absent, so the alias applies. */
    s = SUBJ(g_run, "Pod default/null-name");
    STR(s, "pod.serviceAccountName", "legacy", "27:19-27:25");
    STR(s, "joins.serviceAccount.name", "legacy", "27:19-27:25 derived");
}

/* Kubernetes' v1 → internal conversion uses the alias whenever
 * serviceAccountName is empty (pkg/apis/core/v1/conversion.go:
 * `if in.ServiceAccountName == "" { out.ServiceAccountName =
 * in.DeprecatedServiceAccount }`): `""` is as good as absent. */
static void
test_service_account_alias_empty_name(void **state)
{
    const wp_subject *s;

    (void)state;
    ADD(g_run, "pods.yaml",
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: empty-name}\n"
        "spec:\n"
        "  serviceAccountName: \"\"\n"
        "  serviceAccount: legacy\n"
        "  containers: [{name: a, image: i}]\n");
    ADD(g_run, "accounts.yaml", alias_accounts);
    EVAL(g_run);
    s = SUBJ(g_run, "Pod default/empty-name");
    /*
     * BUG (lib/model/podspec.c, wp__model_podspec): the alias is read only
     * when wp__field_str finds no serviceAccountName, so an empty one keeps
     * "" and the join falls back to `default` instead of `legacy`.
     */
    REGRESSION(strcmp(str_at(s, "joins.serviceAccount.name"), "legacy") == 0,
              strcmp(str_at(s, "joins.serviceAccount.name"), "default") == 0,
              "serviceAccountName: \"\" hides the serviceAccount alias");
    STR(s, "joins.serviceAccount.name", "legacy", "6:19-6:25 derived");
    STR(s, "joins.automountServiceAccountToken.value", "false", "4:1-7:36 derived");
}

/* A namespace that is not a string is handled like every other string
 * field (formats.md §1.2, lib/model/fields.h): a plain scalar keeps its text
 * with a warning, a collection is an input error. Neither may silently put
 * the object in the default namespace. */
static void
test_namespace_not_a_string(void **state)
{
    static const char text[] =
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: p, namespace: 2024}\n"
        "spec: {containers: [{name: a, image: i}]}\n"
        "---\n"
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: q, namespace: {a: b}}\n"
        "spec: {containers: [{name: a, image: i}]}\n";
    int rc;

    (void)state;
    rc = wp_run_add_buffer(g_run, "pods.yaml", text, strlen(text), NULL);
    EVAL(g_run);
    /*
     * BUG (lib/model/meta.c, wp__k8s_subject): metadata.namespace is read
     * only when it is a string node; anything else (2024, a mapping) falls
     * through to the default namespace with no warning and no error, so
     * "Pod default/p" and "Pod default/q" are joined as if in `default`.
     */
    REGRESSION(rc == WP_EMALFORMED && wp_model_warning_count(wp_run_model(g_run)) == 1,
              rc == WP_OK && wp_run_error_count(g_run) == 0 &&
                  wp_model_warning_count(wp_run_model(g_run)) == 0 &&
                  find_subject(g_run, "Pod default/p") && find_subject(g_run, "Pod default/q"),
              "a non-string metadata.namespace silently becomes the default namespace");
    WARN(g_run, 0, "pods.yaml:3:32: namespace: YAML 1.1 reads 2024 as an integer, not a "
                   "string; quote it");
    STR(SUBJ(g_run, "Pod 2024/p"), "namespace", "2024", "3:32-3:36");
    NERRORS(g_run, 1);
    ERR(g_run, 0, "pods.yaml:8:32: namespace must be a string, got a mapping");
}

static const char ns_inputs[] =
    "apiVersion: v1\n"                       /* 1 */
    "kind: ServiceAccount\n"                 /* 2 */
    "metadata: {name: default}\n"            /* 3 */
    "automountServiceAccountToken: false\n"  /* 4 */
    "---\n"                                  /* 5 */
    "apiVersion: v1\n"                       /* 6 */
    "kind: ServiceAccount\n"                 /* 7 */
    "metadata: {name: default, namespace: shop}\n" /* 8 */
    "automountServiceAccountToken: true\n"   /* 9 */
    "---\n"                                  /* 10 */
    "apiVersion: v1\n"                       /* 11 */
    "kind: Pod\n"                            /* 12 */
    "metadata:\n"                            /* 13 */
    "  name: p\n"                            /* 14 */
    "spec:\n"                                /* 15 */
    "  containers: [{name: a, image: i}]\n"  /* 16 */
    "---\n"                                  /* 17 */
    "apiVersion: v1\n"                       /* 18 */
    "kind: Pod\n"                            /* 19 */
    "metadata:\n"                            /* 20 */
    "  name: q\n"                            /* 21 */
    "  namespace: shop\n"                    /* 22 */
    "spec:\n"                                /* 23 */
    "  containers: [{name: a, image: i}]\n"  /* 24 */
    "---\n"                                  /* 25 */
    "apiVersion: v1\n"                       /* 26 */
    "kind: Pod\n"                            /* 27 */
    "metadata:\n"                            /* 28 */
    "  name: r\n"                            /* 29 */
    "  namespace: \"\"\n"                    /* 30 */
    "spec:\n"                                /* 31 */
    "  containers: [{name: a, image: i}]\n"; /* 32 */

/* formats.md §1.1: no namespace (or an empty one) means the default
 * namespace, and joins look only in the pod's own namespace. */
static void
test_namespace_default(void **state)
{
    const wp_subject *s;

    (void)state;
    ADD(g_run, "all.yaml", ns_inputs);
    EVAL(g_run);
    NERRORS(g_run, 0);
    s = SUBJ(g_run, "ServiceAccount default/default");
    STR(s, "namespace", "default", "3:11-3:26 derived");
    s = SUBJ(g_run, "ServiceAccount shop/default");
    STR(s, "namespace", "shop", "8:38-8:42");

    s = SUBJ(g_run, "Pod default/p");
    STR(s, "namespace", "default", "14:3-14:10 derived");
    STR(s, "joins.serviceAccount.id", "ServiceAccount default/default", "nopos");
    STR(s, "joins.serviceAccount.namespace", "default", "14:3-14:10 derived");
    STR(s, "joins.automountServiceAccountToken.value", "false", "15:1-16:36 derived");

    s = SUBJ(g_run, "Pod shop/q");
    STR(s, "namespace", "shop", "22:14-22:18");
    STR(s, "joins.serviceAccount.id", "ServiceAccount shop/default", "nopos");
    STR(s, "joins.serviceAccount.namespace", "shop", "22:14-22:18 derived");
    STR(s, "joins.automountServiceAccountToken.value", "true", "23:1-24:36 derived");
    STR(s, "joins.automountServiceAccountToken.from", "service-account", "23:1-24:36 derived");

    s = SUBJ(g_run, "Pod default/r");
    STR(s, "namespace", "default", "29:3-30:16 derived");
    STR(s, "joins.serviceAccount.id", "ServiceAccount default/default", "nopos");
}

/* --default-namespace: set before the inputs, it is where objects without
 * a namespace land; once a manifest was added it can no longer change. */
static void
test_namespace_option(void **state)
{
    const wp_subject *s;

    (void)state;
    assert_int_equal(wp_run_set_default_namespace(NULL, "shop"), WP_EINVAL);
    assert_int_equal(wp_run_set_default_namespace(g_run, NULL), WP_EINVAL);
    assert_int_equal(wp_run_set_default_namespace(g_run, ""), WP_EINVAL);
    assert_int_equal(wp_run_set_default_namespace(g_run, "tmp"), WP_OK);
    assert_int_equal(wp_run_set_default_namespace(g_run, "shop"), WP_OK);  /* last wins */
    ADD(g_run, "all.yaml", ns_inputs);
    assert_int_equal(wp_run_set_default_namespace(g_run, "late"), WP_EINVAL);
    EVAL(g_run);
    assert_int_equal(wp_run_set_default_namespace(g_run, "late"), WP_EINVAL);

    /* The unnamespaced account now lands in shop, next to the explicit
     * one: the first in input order wins the join. */
    s = SUBJ(g_run, "Pod shop/p");
    STR(s, "namespace", "shop", "14:3-14:10 derived");
    STR(s, "joins.serviceAccount.namespace", "shop", "14:3-14:10 derived");
    STR(s, "joins.automountServiceAccountToken.value", "false", "15:1-16:36 derived");
    s = SUBJ(g_run, "Pod shop/q");
    STR(s, "namespace", "shop", "22:14-22:18");
    SUBJ(g_run, "Pod shop/r");
    assert_null(find_subject(g_run, "Pod default/p"));
    assert_null(find_subject(g_run, "Pod late/p"));
}

/* The option is refused after an input that failed, too: the manifest was
 * still read (its other documents modelled). */
static void
test_namespace_option_after_bad_input(void **state)
{
    (void)state;
    ADD_RC(g_run, "bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n",
           WP_EMALFORMED);
    assert_int_equal(wp_run_set_default_namespace(g_run, "shop"), WP_EINVAL);
}

/* --- joins do not depend on input order --------------------------------- */

static const char *const order_inputs[][2] = {
    { "pod.yaml",
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "metadata: {name: api, namespace: shop}\n"
      "spec:\n"
      "  template:\n"
      "    metadata: {labels: {app: api}}\n"
      "    spec:\n"
      "      serviceAccountName: runner\n"
      "      runtimeClassName: wasm-rc\n"
      "      volumes:\n"
      "      - name: data\n"
      "        persistentVolumeClaim: {claimName: data}\n"
      "      containers: [{name: a, image: i, command: [app.wasm]}]\n" },
    { "sa.yaml",
      "apiVersion: v1\n"
      "kind: ServiceAccount\n"
      "metadata: {name: runner, namespace: shop}\n"
      "automountServiceAccountToken: false\n" },
    { "rc.yaml",
      "apiVersion: node.k8s.io/v1\n"
      "kind: RuntimeClass\n"
      "metadata: {name: wasm-rc}\n"
      "handler: runc\n" },
    { "np.yaml",
      "apiVersion: networking.k8s.io/v1\n"
      "kind: NetworkPolicy\n"
      "metadata: {name: deny, namespace: shop}\n"
      "spec:\n"
      "  podSelector: {matchLabels: {app: api}}\n"
      "  policyTypes: [Egress]\n" },
    { "pvc.yaml",
      "apiVersion: v1\n"
      "kind: PersistentVolumeClaim\n"
      "metadata: {name: data, namespace: shop}\n"
      "spec: {storageClassName: manual}\n" },
    { "pv.yaml",
      "apiVersion: v1\n"
      "kind: PersistentVolume\n"
      "metadata: {name: pv1}\n"
      "spec: {storageClassName: manual, hostPath: {path: /srv}}\n" },
};

static char *
order_run(int reverse)
{
    size_t n = sizeof(order_inputs) / sizeof(*order_inputs);
    wp_context *ctx;
    wp_run *run = new_run(&ctx);
    const wp_subject *s;
    char *dump;

    for (size_t i = 0; i < n; i++) {
        size_t k = reverse ? n - 1 - i : i;
        ADD(run, order_inputs[k][0], order_inputs[k][1]);
    }
    EVAL(run);
    s = SUBJ(run, "Deployment shop/api");
    STR(s, "joins.serviceAccount.id", "ServiceAccount shop/runner", "nopos");
    STR(s, "joins.automountServiceAccountToken.value", "false", "7:5-13:61 derived");
    STR(s, "joins.runtimeClass.id", "RuntimeClass wasm-rc", "nopos");
    STR(s, "joins.runtimeClass.handler", "runc", "9:25-9:32 derived");
    LIST(s, "joins.networkPolicies.selectedBy", "NetworkPolicy shop/deny");
    BOOL(s, "joins.networkPolicies.egressIsolated", 1, "7:5-13:61 derived");
    BOOL(s, "joins.networkPolicies.ingressIsolated", 0, "7:5-13:61 derived");
    BOOL(s, "joins.claims[0].found", 1, "12:44-12:48 derived");
    STR(s, "joins.claims[0].binding", "storageClassName", "12:44-12:48 derived");
    LIST(s, "joins.claims[0].volumes", "PersistentVolume pv1");
    /* RuntimeClass wasm-rc has a native handler: its wasm-looking name
     * does not count (formats §7 signal 1). */
    BOOL(s, "wasm.wasm", 0, "7:5-13:61 derived");
    dump = dump_run(run, 1);
    free_run(run, ctx);
    return dump;
}

static void
test_joins_independent_of_order(void **state)
{
    char *a, *b;

    (void)state;
    a = order_run(0);
    b = order_run(1);
    assert_same_text(a, b, "forward and reverse input order");
    free(a);
    free(b);
}

/* --- is it a wasm pod? (formats.md §7) ---------------------------------- */

static const char classify_classes[] =
    "apiVersion: node.k8s.io/v1\n"
    "kind: RuntimeClass\n"
    "metadata: {name: spin-class}\n"
    "handler: spin\n"
    "---\n"
    "apiVersion: node.k8s.io/v1\n"
    "kind: RuntimeClass\n"
    "metadata: {name: wasmtime-lookalike}\n"   /* looks wasm, runs runc */
    "handler: runc\n"
    "---\n"
    "apiVersion: node.k8s.io/v1\n"
    "kind: RuntimeClass\n"
    "metadata: {name: custom}\n"
    "handler: my-shim\n";

/* Every pod is 9 lines: pod k starts at line 9k + 1. */
static const char classify_pod_fmt[] =
    "apiVersion: v1\n"                       /* +0 */
    "kind: Pod\n"                            /* +1 */
    "metadata:\n"                            /* +2 */
    "  name: %s\n"                           /* +3 */
    "  %s\n"                                 /* +4: labels / annotations */
    "spec:\n"                                /* +5 */
    "  %s\n"                                 /* +6: runtimeClassName / nodeSelector */
    "  containers: [{name: a, image: i}]\n"  /* +7: ends column 36 */
    "---\n";                                 /* +8 */

struct classify_case {
    const char *name, *meta, *spec;
    int wasm;
    const char *signal, *reason;
    int line, col, len;   /* the signal's value: line +4 or +6; 0: the pod */
};

static const struct classify_case classify_cases[] = {
    { "by-handler", "# -", "runtimeClassName: spin-class", 1, "runtime-class-handler",
      "RuntimeClass spin-class has the wasm handler spin", 6, 21, 10 },
    { "by-custom-handler", "# -", "runtimeClassName: custom", 1, "runtime-class-handler",
      "RuntimeClass custom has the wasm handler my-shim", 6, 21, 6 },
    { "by-name", "# -", "runtimeClassName: wasmtime-spin-v2", 1, "runtime-class-name",
      "runtimeClassName wasmtime-spin-v2 names a wasm handler (RuntimeClass not in the "
      "linted set)", 6, 21, 16 },
    { "by-name-plain", "# -", "runtimeClassName: wasmedge", 1, "runtime-class-name",
      "runtimeClassName wasmedge names a wasm handler (RuntimeClass not in the linted set)",
      6, 21, 8 },
    { "by-name-custom", "# -", "runtimeClassName: my-shim-v1", 1, "runtime-class-name",
      "runtimeClassName my-shim-v1 names a wasm handler (RuntimeClass not in the linted set)",
      6, 21, 10 },
    { "gvisor", "# -", "runtimeClassName: gvisor", 0, NULL, NULL, 0, 0, 0 },
    { "lookalike", "# -", "runtimeClassName: wasmtime-lookalike", 0, NULL, NULL, 0, 0, 0 },
    { "lookalike-annotated", "annotations: {run.oci.handler: wasm}",
      "runtimeClassName: wasmtime-lookalike", 1, "annotation",
      "annotation run.oci.handler: wasm runs the container as wasm (crun)", 4, 34, 4 },
    { "compat", "annotations: {module.wasm.image/variant: compat}", "# -", 1, "annotation",
      "annotation module.wasm.image/variant: compat runs the container as wasm (crun)",
      4, 44, 6 },
    { "compat-smart", "annotations: {module.wasm.image/variant: compat-smart}", "# -", 1,
      "annotation",
      "annotation module.wasm.image/variant: compat-smart runs the container as wasm (crun)",
      4, 44, 12 },
    { "oci-wasm", "annotations: {run.oci.handler: wasm}", "# -", 1, "annotation",
      "annotation run.oci.handler: wasm runs the container as wasm (crun)", 4, 34, 4 },
    { "oci-wasm-smart", "annotations: {run.oci.handler: wasm-smart}", "# -", 1, "annotation",
      "annotation run.oci.handler: wasm-smart runs the container as wasm (crun)", 4, 34, 10 },
    { "compat-other", "annotations: {module.wasm.image/variant: other}", "# -", 0, NULL, NULL,
      0, 0, 0 },
    { "kwasm", "# -", "nodeSelector: {kwasm.sh/kwasm-provisioned: node-1}", 1,
      "node-selector", "nodeSelector targets kwasm.sh/kwasm-provisioned nodes", 6, 46, 6 },
    { "labelled", "labels: {runtime: wasm}", "# -", 1, "label",
      "pod label runtime: wasm is configured as a wasm marker", 4, 21, 4 },
    { "labelled-native", "labels: {runtime: native}", "# -", 0, NULL, NULL, 0, 0, 0 },
    { "hostgroup", "labels: {wasmcloud.com/name: hostgroup}", "# -", 1,
      "wasmcloud-host-group", "wasmCloud host-group pod: its wash process is the wasm sandbox",
      4, 32, 9 },
    { "plain", "# -", "# -", 0, NULL, NULL, 0, 0, 0 },
    /* The runtime class comes first: its signal wins over an annotation. */
    { "class-and-annotation", "annotations: {run.oci.handler: wasm}",
      "runtimeClassName: spin-class", 1, "runtime-class-handler",
      "RuntimeClass spin-class has the wasm handler spin", 6, 21, 10 },
};

#define NCLASSIFY (sizeof(classify_cases) / sizeof(*classify_cases))

static void
test_wasm_classification(void **state)
{
    static char pods[NCLASSIFY * 200];
    size_t len = 0;
    char id[64], pos[64];

    (void)state;
    for (size_t i = 0; i < NCLASSIFY; i++) {
        const struct classify_case *c = &classify_cases[i];
        len += (size_t)snprintf(pods + len, sizeof(pods) - len, classify_pod_fmt, c->name,
                                c->meta, c->spec);
        assert_true(len < sizeof(pods));
    }
    assert_int_equal(wp_run_add_wasm_handler(g_run, "my-shim"), WP_OK);
    assert_int_equal(wp_run_add_wasm_handler(g_run, "my-shim"), WP_OK);  /* twice is once */
    assert_int_equal(wp_run_add_wasm_handler(g_run, ""), WP_EINVAL);
    assert_int_equal(wp_run_add_wasm_handler(g_run, NULL), WP_EINVAL);
    assert_int_equal(wp_run_add_wasm_label(g_run, "runtime", "wasm"), WP_OK);
    assert_int_equal(wp_run_add_wasm_label(g_run, "", "wasm"), WP_EINVAL);
    assert_int_equal(wp_run_add_wasm_label(g_run, "runtime", NULL), WP_EINVAL);
    ADD(g_run, "classes.yaml", classify_classes);
    ADD(g_run, "pods.yaml", pods);
    EVAL(g_run);
    NERRORS(g_run, 0);
    NWARNINGS(g_run, 0);
    assert_int_equal(wp_run_add_wasm_handler(g_run, "late"), WP_EINVAL);
    assert_int_equal(wp_run_add_wasm_label(g_run, "a", "b"), WP_EINVAL);

    for (size_t i = 0; i < NCLASSIFY; i++) {
        const struct classify_case *c = &classify_cases[i];
        unsigned base = (unsigned)(9 * i + 1);
        const wp_subject *s;

        snprintf(id, sizeof(id), "Pod default/%s", c->name);
        print_message("# %s\n", id);
        s = SUBJ(g_run, id);
        if (c->line)
            snprintf(pos, sizeof(pos), "%u:%d-%u:%d derived", base + (unsigned)c->line, c->col,
                     base + (unsigned)c->line, c->col + c->len);
        else
            snprintf(pos, sizeof(pos), "%u:1-%u:36 derived", base + 5, base + 7);
        BOOL(s, "wasm.wasm", c->wasm, pos);
        POS(s, "wasm", pos);
        if (c->signal) {
            STR(s, "wasm.signal", c->signal, pos);
            STR(s, "wasm.reason", c->reason, pos);
        } else {
            ABSENT(s, "wasm.signal");
            ABSENT(s, "wasm.reason");
        }
    }

    /* What the RuntimeClass join says. */
    {
        const wp_subject *s = SUBJ(g_run, "Pod default/by-handler");
        BOOL(s, "joins.runtimeClass.found", 1, "7:21-7:31 derived");
        STR(s, "joins.runtimeClass.id", "RuntimeClass spin-class", "nopos");
        STR(s, "joins.runtimeClass.handler", "spin", "7:21-7:31 derived");
        s = SUBJ(g_run, "Pod default/by-name");
        BOOL(s, "joins.runtimeClass.found", 0, "25:21-25:37 derived");
        ABSENT(s, "joins.runtimeClass.handler");
        s = SUBJ(g_run, "Pod default/lookalike");
        BOOL(s, "joins.runtimeClass.found", 1, "61:21-61:39 derived");
        STR(s, "joins.runtimeClass.handler", "runc", "61:21-61:39 derived");
        s = SUBJ(g_run, "Pod default/plain");
        ABSENT(s, "joins.runtimeClass");
    }
}

/* wp_run_set_all_pods_wasm: every pod is wasm; a pod with a real signal
 * still names it. */
static void
test_wasm_all_pods(void **state)
{
    const wp_subject *s;

    (void)state;
    assert_int_equal(wp_run_set_all_pods_wasm(NULL, 1), WP_EINVAL);
    assert_int_equal(wp_run_set_all_pods_wasm(g_run, 1), WP_OK);
    ADD(g_run, "pods.yaml",
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: plain}\n"
        "spec:\n"
        "  containers: [{name: a, image: i}]\n"
        "---\n"
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: classed}\n"
        "spec:\n"
        "  runtimeClassName: wasmtime\n"
        "  containers: [{name: a, image: i}]\n");
    EVAL(g_run);
    assert_int_equal(wp_run_set_all_pods_wasm(g_run, 0), WP_EINVAL);
    s = SUBJ(g_run, "Pod default/plain");
    BOOL(s, "wasm.wasm", 1, "4:1-5:36 derived");
    STR(s, "wasm.signal", "all-pods", "4:1-5:36 derived");
    STR(s, "wasm.reason", "every pod is treated as wasm (configured)", "4:1-5:36 derived");
    s = SUBJ(g_run, "Pod default/classed");
    STR(s, "wasm.signal", "runtime-class-name", "11:21-11:29 derived");
}

/* Switching it on and off again leaves pods as they are. */
static void
test_wasm_all_pods_off(void **state)
{
    (void)state;
    assert_int_equal(wp_run_set_all_pods_wasm(g_run, 1), WP_OK);
    assert_int_equal(wp_run_set_all_pods_wasm(g_run, 0), WP_OK);
    ADD(g_run, "pod.yaml",
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: plain}\n"
        "spec:\n"
        "  containers: [{name: a, image: i}]\n");
    EVAL(g_run);
    BOOL(SUBJ(g_run, "Pod default/plain"), "wasm.wasm", 0, "4:1-5:36 derived");
    ABSENT(SUBJ(g_run, "Pod default/plain"), "wasm.signal");
}

/* --- NetworkPolicy selection and isolation (formats.md §4) ------------- */

static const char np_pods[] =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: a, namespace: shop, labels: {app: api, tier: web, team: x}}\n"
    "spec: {containers: [{name: c, image: i}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: b, namespace: shop, labels: {app: db, tier: db, legacy: \"1\"}}\n"
    "spec: {containers: [{name: c, image: i}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: c, namespace: shop}\n"
    "spec: {containers: [{name: c, image: i}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: d, namespace: other, labels: {app: api}}\n"
    "spec: {containers: [{name: c, image: i}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: e, labels: {app: api}}\n"
    "spec: {containers: [{name: c, image: i}]}\n";

/* Every policy is 7 lines: policy k starts at line 7k + 1. */
static const char np_fmt[] =
    "apiVersion: networking.k8s.io/v1\n"     /* +0 */
    "kind: NetworkPolicy\n"                  /* +1 */
    "metadata: {name: %s, namespace: %s}\n"  /* +2 */
    "spec:\n"                                /* +3 */
    "  %s\n"                                 /* +4 */
    "  %s\n"                                 /* +5 */
    "---\n";                                 /* +6 */

struct np_doc {
    const char *name, *ns, *l4, *l5;
};

static char *
np_text(const struct np_doc *docs, size_t n)
{
    size_t cap = n * 300, len = 0;
    char *t = malloc(cap);

    assert_non_null(t);
    for (size_t i = 0; i < n; i++) {
        len += (size_t)snprintf(t + len, cap - len, np_fmt, docs[i].name, docs[i].ns,
                                docs[i].l4, docs[i].l5);
        assert_true(len < cap);
    }
    return t;
}

static const struct np_doc np_selectors[] = {
    { "by-labels", "shop", "podSelector: {matchLabels: {app: api}}", "# -" },
    { "by-in", "shop",
      "podSelector: {matchExpressions: [{key: tier, operator: In, values: [web, api]}]}",
      "# -" },
    { "by-notin", "shop",
      "podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [db]}]}", "# -" },
    { "by-exists", "shop", "podSelector: {matchExpressions: [{key: team, operator: Exists}]}",
      "# -" },
    { "by-dne", "shop",
      "podSelector: {matchExpressions: [{key: legacy, operator: DoesNotExist}]}", "# -" },
    { "by-and", "shop",
      "podSelector: {matchLabels: {app: api}, matchExpressions: "
      "[{key: tier, operator: In, values: [db]}]}", "# -" },
    { "empty-sel", "shop", "podSelector: {}", "# -" },
    { "absent-sel", "shop", "# no podSelector", "policyTypes: [Ingress]" },
    { "other-ns", "other", "podSelector: {}", "# -" },
};

static void
test_np_selection(void **state)
{
    char *text;
    const wp_subject *s;

    (void)state;
    text = np_text(np_selectors, sizeof(np_selectors) / sizeof(*np_selectors));
    ADD(g_run, "policies.yaml", text);
    ADD(g_run, "pods.yaml", np_pods);
    EVAL(g_run);
    free(text);
    NERRORS(g_run, 0);

    LIST(SUBJ(g_run, "Pod shop/a"), "joins.networkPolicies.selectedBy",
         "NetworkPolicy shop/by-labels,NetworkPolicy shop/by-in,NetworkPolicy shop/by-notin,"
         "NetworkPolicy shop/by-exists,NetworkPolicy shop/by-dne,NetworkPolicy shop/empty-sel,"
         "NetworkPolicy shop/absent-sel");
    LIST(SUBJ(g_run, "Pod shop/b"), "joins.networkPolicies.selectedBy",
         "NetworkPolicy shop/empty-sel,NetworkPolicy shop/absent-sel");
    LIST(SUBJ(g_run, "Pod shop/c"), "joins.networkPolicies.selectedBy",
         "NetworkPolicy shop/by-notin,NetworkPolicy shop/by-dne,NetworkPolicy shop/empty-sel,"
         "NetworkPolicy shop/absent-sel");
    LIST(SUBJ(g_run, "Pod other/d"), "joins.networkPolicies.selectedBy",
         "NetworkPolicy other/other-ns");
    LIST(SUBJ(g_run, "Pod default/e"), "joins.networkPolicies.selectedBy", "");
    s = SUBJ(g_run, "Pod default/e");
    BOOL(s, "joins.networkPolicies.ingressIsolated", 0, "24:1-24:42 derived");
    BOOL(s, "joins.networkPolicies.egressIsolated", 0, "24:1-24:42 derived");
    s = SUBJ(g_run, "Pod shop/a");
    POS(s, "joins.networkPolicies", "4:1-4:42 derived");
    BOOL(s, "joins.networkPolicies.ingressIsolated", 1, "4:1-4:42 derived");
    BOOL(s, "joins.networkPolicies.egressIsolated", 0, "4:1-4:42 derived");

    /* The selectors as modelled. */
    s = SUBJ(g_run, "NetworkPolicy shop/by-labels");
    POS(s, "podSelector", "5:16-5:41");
    STR(s, "podSelector.matchLabels.app", "api", "5:36-5:39");
    s = SUBJ(g_run, "NetworkPolicy shop/by-in");
    STR(s, "podSelector.matchExpressions[0].key", "tier", "12:42-12:46");
    STR(s, "podSelector.matchExpressions[0].operator", "In", "12:58-12:60");
    STR(s, "podSelector.matchExpressions[0].values[1]", "api", "12:76-12:79");
    s = SUBJ(g_run, "NetworkPolicy shop/by-dne");
    STR(s, "podSelector.matchExpressions[0].operator", "DoesNotExist", "33:60-33:72");
    ABSENT(s, "podSelector.matchExpressions[0].values");
    s = SUBJ(g_run, "NetworkPolicy shop/empty-sel");
    POS(s, "podSelector", "47:16-47:18");
    assert_int_equal(wp_value_count(wp_value_path(wp_subject_fields(s), "podSelector")), 0);
    s = SUBJ(g_run, "NetworkPolicy shop/absent-sel");
    POS(s, "podSelector", "55:3-55:25 derived");
    assert_int_equal(wp_value_count(wp_value_path(wp_subject_fields(s), "podSelector")), 0);
}

/* Unknown operators are input errors, and the policy selects nothing
 * through them. */
static void
test_np_unknown_operator(void **state)
{
    static const struct np_doc doc[] = {
        { "bad-op", "shop", "podSelector: {matchExpressions: [{key: tier, operator: in}]}",
          "# -" },
    };
    char *text;
    const wp_subject *s;

    (void)state;
    text = np_text(doc, 1);
    ADD_RC(g_run, "policies.yaml", text, WP_EMALFORMED);
    ADD(g_run, "pods.yaml", np_pods);
    EVAL(g_run);
    free(text);
    NERRORS(g_run, 1);
    ERR(g_run, 0, "policies.yaml:5:58: unknown selector operator \"in\"");
    s = SUBJ(g_run, "NetworkPolicy shop/bad-op");
    LIST(s, "invalid", "podSelector.matchExpressions[0]");
    LIST(SUBJ(g_run, "Pod shop/a"), "joins.networkPolicies.selectedBy", "");
}

static const struct np_doc np_types[] = {
    { "none", "shop", "podSelector: {}", "# -" },
    { "egress-rules", "shop", "podSelector: {}",
      "egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]" },
    { "egress-empty", "shop", "podSelector: {}", "egress: []" },
    { "types-egress", "shop", "podSelector: {}", "policyTypes: [Egress]" },
    { "types-empty", "shop", "policyTypes: []", "egress: [{}]" },
    { "types-both", "shop", "podSelector: {}", "policyTypes: [Ingress, Egress]" },
    { "ingress-empty", "shop", "ingress: []", "egress: []" },
};

/* policyTypes defaulting (kubernetes pkg/apis/networking/v1/defaults.go):
 * absent or empty → Ingress, plus Egress only with egress rules. */
static void
test_np_policy_types(void **state)
{
    char *text;
    const wp_subject *s;

    (void)state;
    text = np_text(np_types, sizeof(np_types) / sizeof(*np_types));
    ADD(g_run, "policies.yaml", text);
    EVAL(g_run);
    free(text);
    NERRORS(g_run, 0);

    s = SUBJ(g_run, "NetworkPolicy shop/none");
    BOOL(s, "isolatesIngress", 1, "5:3-5:18 derived");
    BOOL(s, "isolatesEgress", 0, "5:3-5:18 derived");
    ABSENT(s, "policyTypes");
    s = SUBJ(g_run, "NetworkPolicy shop/egress-rules");
    BOOL(s, "isolatesIngress", 1, "12:3-13:50 derived");
    BOOL(s, "isolatesEgress", 1, "13:11-13:50 derived");
    STR(s, "egress[0].to[0].ipBlock.cidr", "10.0.0.0/8", "13:35-13:45");
    s = SUBJ(g_run, "NetworkPolicy shop/egress-empty");
    BOOL(s, "isolatesIngress", 1, "19:3-20:13 derived");
    BOOL(s, "isolatesEgress", 0, "19:3-20:13 derived");
    assert_int_equal(wp_value_count(wp_value_path(wp_subject_fields(s), "egress")), 0);
    s = SUBJ(g_run, "NetworkPolicy shop/types-egress");
    BOOL(s, "isolatesIngress", 0, "27:16-27:24 derived");
    BOOL(s, "isolatesEgress", 1, "27:16-27:24 derived");
    STR(s, "policyTypes[0]", "Egress", "27:17-27:23");
    s = SUBJ(g_run, "NetworkPolicy shop/types-empty");
    BOOL(s, "isolatesIngress", 1, "33:3-34:15 derived");
    BOOL(s, "isolatesEgress", 1, "34:11-34:15 derived");
    s = SUBJ(g_run, "NetworkPolicy shop/types-both");
    BOOL(s, "isolatesIngress", 1, "41:16-41:33 derived");
    BOOL(s, "isolatesEgress", 1, "41:16-41:33 derived");
    /* formats §4: `ingress: []` and `egress: []` without policyTypes
     * isolate ingress (deny all in) but not egress; no podSelector = all. */
    s = SUBJ(g_run, "NetworkPolicy shop/ingress-empty");
    BOOL(s, "isolatesIngress", 1, "47:3-48:13 derived");
    BOOL(s, "isolatesEgress", 0, "47:3-48:13 derived");
    POS(s, "podSelector", "47:3-48:13 derived");
}

/* A pod is isolated in a direction when any selecting policy isolates it. */
static void
test_np_isolation_any(void **state)
{
    static const struct np_doc docs[] = {
        { "in-only", "shop", "podSelector: {matchLabels: {app: api}}", "# -" },
        { "out-only", "shop", "podSelector: {matchLabels: {tier: web}}",
          "policyTypes: [Egress]" },
        { "elsewhere", "other", "podSelector: {}", "policyTypes: [Ingress, Egress]" },
    };
    char *text;
    const wp_subject *s;

    (void)state;
    text = np_text(docs, 3);
    ADD(g_run, "pods.yaml", np_pods);
    ADD(g_run, "policies.yaml", text);
    EVAL(g_run);
    free(text);
    s = SUBJ(g_run, "Pod shop/a");  /* app: api, tier: web */
    LIST(s, "joins.networkPolicies.selectedBy",
         "NetworkPolicy shop/in-only,NetworkPolicy shop/out-only");
    BOOL(s, "joins.networkPolicies.ingressIsolated", 1, "4:1-4:42 derived");
    BOOL(s, "joins.networkPolicies.egressIsolated", 1, "4:1-4:42 derived");
    s = SUBJ(g_run, "Pod shop/b");  /* app: db */
    LIST(s, "joins.networkPolicies.selectedBy", "");
    BOOL(s, "joins.networkPolicies.ingressIsolated", 0, "9:1-9:42 derived");
    BOOL(s, "joins.networkPolicies.egressIsolated", 0, "9:1-9:42 derived");
    s = SUBJ(g_run, "Pod other/d");
    LIST(s, "joins.networkPolicies.selectedBy", "NetworkPolicy other/elsewhere");
    BOOL(s, "joins.networkPolicies.ingressIsolated", 1, "19:1-19:42 derived");
    BOOL(s, "joins.networkPolicies.egressIsolated", 1, "19:1-19:42 derived");
    s = SUBJ(g_run, "Pod default/e");
    LIST(s, "joins.networkPolicies.selectedBy", "");
    BOOL(s, "joins.networkPolicies.egressIsolated", 0, "24:1-24:42 derived");
}

/* --- PersistentVolumeClaim → PersistentVolume (formats.md §5) ----------- */

static const char pv_inputs[] =
    "apiVersion: v1\n"                                                          /* 1 */
    "kind: PersistentVolume\n"                                                  /* 2 */
    "metadata: {name: pv-named}\n"                                              /* 3 */
    "spec: {storageClassName: fast, hostPath: {path: /named}}\n"                /* 4 */
    "---\n"                                                                     /* 5 */
    "apiVersion: v1\n"                                                          /* 6 */
    "kind: PersistentVolume\n"                                                  /* 7 */
    "metadata: {name: pv-ref}\n"                                                /* 8 */
    "spec: {claimRef: {namespace: shop, name: by-ref}, hostPath: {path: /ref}}\n" /* 9 */
    "---\n"                                                                     /* 10 */
    "apiVersion: v1\n"                                                          /* 11 */
    "kind: PersistentVolume\n"                                                  /* 12 */
    "metadata: {name: pv-single}\n"                                             /* 13 */
    "spec: {storageClassName: single, local: {path: /mnt/disk}}\n"              /* 14 */
    "---\n"                                                                     /* 15 */
    "apiVersion: v1\n"                                                          /* 16 */
    "kind: PersistentVolume\n"                                                  /* 17 */
    "metadata: {name: pv-multi-1}\n"                                            /* 18 */
    "spec: {storageClassName: multi}\n"                                         /* 19 */
    "---\n"                                                                     /* 20 */
    "apiVersion: v1\n"                                                          /* 21 */
    "kind: PersistentVolume\n"                                                  /* 22 */
    "metadata: {name: pv-multi-2}\n"                                            /* 23 */
    "spec: {storageClassName: multi}\n"                                         /* 24 */
    "---\n"                                                                     /* 25 */
    "apiVersion: v1\n"                                                          /* 26 */
    "kind: PersistentVolume\n"                                                  /* 27 */
    "metadata: {name: pv-taken}\n"                                              /* 28 */
    "spec: {storageClassName: multi, claimRef: {namespace: shop, name: someone-else}}\n";

static const char pvc_inputs[] =
    "apiVersion: v1\n"                                                          /* 1 */
    "kind: PersistentVolumeClaim\n"                                             /* 2 */
    "metadata: {name: by-name, namespace: shop}\n"                              /* 3 */
    "spec: {volumeName: pv-named, storageClassName: multi}\n"                   /* 4 */
    "---\n"                                                                     /* 5 */
    "apiVersion: v1\n"                                                          /* 6 */
    "kind: PersistentVolumeClaim\n"                                             /* 7 */
    "metadata: {name: by-ref, namespace: shop}\n"                               /* 8 */
    "spec: {storageClassName: other}\n"                                         /* 9 */
    "---\n"                                                                     /* 10 */
    "apiVersion: v1\n"                                                          /* 11 */
    "kind: PersistentVolumeClaim\n"                                             /* 12 */
    "metadata: {name: by-single, namespace: shop}\n"                            /* 13 */
    "spec: {storageClassName: single}\n"                                        /* 14 */
    "---\n"                                                                     /* 15 */
    "apiVersion: v1\n"                                                          /* 16 */
    "kind: PersistentVolumeClaim\n"                                             /* 17 */
    "metadata: {name: by-multi, namespace: shop}\n"                             /* 18 */
    "spec: {storageClassName: multi}\n"                                         /* 19 */
    "---\n"                                                                     /* 20 */
    "apiVersion: v1\n"                                                          /* 21 */
    "kind: PersistentVolumeClaim\n"                                             /* 22 */
    "metadata: {name: unbound, namespace: shop}\n"                              /* 23 */
    "spec: {volumeName: no-such-pv}\n"                                          /* 24 */
    "---\n"                                                                     /* 25 */
    "apiVersion: v1\n"                                                          /* 26 */
    "kind: PersistentVolumeClaim\n"                                             /* 27 */
    "metadata: {name: no-class-match, namespace: shop}\n"                       /* 28 */
    "spec: {storageClassName: none}\n";                                         /* 29 */

static const char pv_pod[] =
    "apiVersion: v1\n"                                                          /* 1 */
    "kind: Pod\n"                                                               /* 2 */
    "metadata: {name: p, namespace: shop}\n"                                    /* 3 */
    "spec:\n"                                                                   /* 4 */
    "  volumes:\n"                                                              /* 5 */
    "  - {name: v0, persistentVolumeClaim: {claimName: by-name}}\n"             /* 6 */
    "  - {name: v1, hostPath: {path: /tmp}}\n"                                  /* 7 */
    "  - {name: v2, persistentVolumeClaim: {claimName: by-ref, readOnly: true}}\n" /* 8 */
    "  - {name: v3, persistentVolumeClaim: {claimName: by-single}}\n"           /* 9 */
    "  - {name: v4, persistentVolumeClaim: {claimName: by-multi}}\n"            /* 10 */
    "  - {name: v5, persistentVolumeClaim: {claimName: missing}}\n"             /* 11 */
    "  - {name: v6, emptyDir: {}}\n"                                            /* 12 */
    "  containers: [{name: a, image: i}]\n";                                    /* 13 */

static void
test_pvc_binding(void **state)
{
    const wp_subject *s;

    (void)state;
    ADD(g_run, "pod.yaml", pv_pod);
    ADD(g_run, "claims.yaml", pvc_inputs);
    ADD(g_run, "volumes.yaml", pv_inputs);
    EVAL(g_run);
    NERRORS(g_run, 0);

    s = SUBJ(g_run, "Pod shop/p");
    STR(s, "pod.volumes[0].source", "persistentVolumeClaim", "6:16-6:37");
    STR(s, "pod.volumes[0].persistentVolumeClaim.claimName", "by-name", "6:51-6:58");
    STR(s, "pod.volumes[1].hostPath.path", "/tmp", "7:33-7:37");
    BOOL(s, "pod.volumes[2].persistentVolumeClaim.readOnly", 1, "8:69-8:73");
    POS(s, "joins.claims", "6:3-12:29 derived");
    assert_int_equal(wp_value_count(wp_value_path(wp_subject_fields(s), "joins.claims")), 5);

    STR(s, "joins.claims[0].claim", "by-name", "6:51-6:58 derived");
    BOOL(s, "joins.claims[0].found", 1, "6:51-6:58 derived");
    STR(s, "joins.claims[0].id", "PersistentVolumeClaim shop/by-name", "nopos");
    STR(s, "joins.claims[0].binding", "volumeName", "6:51-6:58 derived");
    LIST(s, "joins.claims[0].volumes", "PersistentVolume pv-named");

    STR(s, "joins.claims[1].claim", "by-ref", "8:51-8:57 derived");
    STR(s, "joins.claims[1].binding", "claimRef", "8:51-8:57 derived");
    LIST(s, "joins.claims[1].volumes", "PersistentVolume pv-ref");

    STR(s, "joins.claims[2].binding", "storageClassName", "9:51-9:60 derived");
    LIST(s, "joins.claims[2].volumes", "PersistentVolume pv-single");

    /* Several candidates: "one of these"; a PV claimed by another claim is
     * not one of them. */
    STR(s, "joins.claims[3].binding", "storageClassName", "10:51-10:59 derived");
    LIST(s, "joins.claims[3].volumes",
         "PersistentVolume pv-multi-1,PersistentVolume pv-multi-2");

    STR(s, "joins.claims[4].claim", "missing", "11:51-11:58 derived");
    BOOL(s, "joins.claims[4].found", 0, "11:51-11:58 derived");
    ABSENT(s, "joins.claims[4].binding");
    ABSENT(s, "joins.claims[4].volumes");
    ABSENT(s, "joins.claims[5]");

    /* The claims' own joins. */
    s = SUBJ(g_run, "PersistentVolumeClaim shop/by-name");
    STR(s, "volumeName", "pv-named", "4:20-4:28");
    STR(s, "joins.binding", "volumeName", "1:1-4:54 derived");
    LIST(s, "joins.volumes", "PersistentVolume pv-named");
    s = SUBJ(g_run, "PersistentVolumeClaim shop/unbound");
    STR(s, "joins.binding", "volumeName", "21:1-24:31 derived");
    LIST(s, "joins.volumes", "");
    s = SUBJ(g_run, "PersistentVolumeClaim shop/no-class-match");
    STR(s, "joins.binding", "none", "26:1-29:31 derived");
    LIST(s, "joins.volumes", "");

    /* The volumes' fields. */
    s = SUBJ(g_run, "PersistentVolume pv-ref");
    STR(s, "claimRef.namespace", "shop", "9:30-9:34");
    STR(s, "claimRef.name", "by-ref", "9:42-9:48");
    STR(s, "hostPath.path", "/ref", "9:68-9:72");
    s = SUBJ(g_run, "PersistentVolume pv-single");
    STR(s, "local.path", "/mnt/disk", "14:48-14:57");
    ABSENT(s, "namespace");
}

/* An explicit claimRef binds the claim to that volume alone, whatever the
 * order of the volumes in the input. */
static void
test_pvc_claimref_beats_class(void **state)
{
    const wp_subject *s;

    (void)state;
    ADD(g_run, "volumes.yaml",
        "apiVersion: v1\n"
        "kind: PersistentVolume\n"
        "metadata: {name: pv-a}\n"
        "spec: {storageClassName: manual, hostPath: {path: /a}}\n"
        "---\n"
        "apiVersion: v1\n"
        "kind: PersistentVolume\n"
        "metadata: {name: pv-b}\n"
        "spec: {storageClassName: manual, claimRef: {namespace: default, name: data}}\n");
    ADD(g_run, "claim.yaml",
        "apiVersion: v1\n"
        "kind: PersistentVolumeClaim\n"
        "metadata: {name: data}\n"
        "spec: {storageClassName: manual}\n");
    EVAL(g_run);
    s = SUBJ(g_run, "PersistentVolumeClaim default/data");
    STR(s, "joins.binding", "claimRef", "1:1-4:33 derived");
    /*
     * BUG (lib/model/join.c, bind_claim()): PVs of the same class seen
     * before the claimRef match stay in the list (`break` only stops the
     * scan), so the result is [pv-a, pv-b] here and [pv-b] with the two
     * volumes swapped: the join depends on input order.
     */
    REGRESSION(strcmp(list_text(s, "joins.volumes"), "PersistentVolume pv-b") == 0,
              strcmp(list_text(s, "joins.volumes"),
                     "PersistentVolume pv-a,PersistentVolume pv-b") == 0,
              "a class candidate listed before the claimRef volume stays in joins.volumes");
}

/* --- YAML 1.1 typing and input errors (formats.md §1.2) ---------------- */

static const char typed_pod[] =
    "apiVersion: v1\n"                                          /* 1 */
    "kind: Pod\n"                                               /* 2 */
    "metadata:\n"                                               /* 3 */
    "  name: typed\n"                                           /* 4 */
    "  labels:\n"                                               /* 5 */
    "    wasm: yes\n"                                           /* 6 */
    "    app: \"yes\"\n"                                        /* 7 */
    "spec:\n"                                                   /* 8 */
    "  automountServiceAccountToken: no\n"                      /* 9 */
    "  hostNetwork: on\n"                                       /* 10 */
    "  hostPID: \"false\"\n"                                    /* 11 */
    "  hostIPC: Off\n"                                          /* 12 */
    "  shareProcessNamespace: 1\n"                              /* 13 */
    "  containers:\n"                                           /* 14 */
    "  - name: c\n"                                             /* 15 */
    "    image: i\n"                                            /* 16 */
    "    securityContext: {privileged: N, runAsUser: 0755}\n";  /* 17 */

static void
test_yaml11_typing(void **state)
{
    const wp_subject *s;

    (void)state;
    assert_int_equal(wp_run_add_wasm_label(g_run, "wasm", "yes"), WP_OK);
    ADD_RC(g_run, "typed.yaml", typed_pod, WP_EMALFORMED);
    EVAL(g_run);
    s = SUBJ(g_run, "Pod default/typed");
    BOOL(s, "pod.automountServiceAccountToken", 0, "9:33-9:35");
    BOOL(s, "pod.hostNetwork", 1, "10:16-10:18");
    BOOL(s, "pod.hostIPC", 0, "12:12-12:15");
    ABSENT(s, "pod.hostPID");
    ABSENT(s, "pod.shareProcessNamespace");
    BOOL(s, "pod.containers[0].securityContext.privileged", 0, "17:35-17:36");
    INT(s, "pod.containers[0].securityContext.runAsUser", 493, "17:49-17:53");
    STR(s, "joins.automountServiceAccountToken.value", "false", "9:33-9:35 derived");
    STR(s, "joins.automountServiceAccountToken.from", "pod", "9:33-9:35 derived");

    /* Quoted "false" and the number 1 are not booleans: input errors, and
     * the fields are listed as invalid rather than read as absent. */
    NERRORS(g_run, 2);
    ERR(g_run, 0, "typed.yaml:11:12: hostPID must be a boolean, got a quoted string \"false\"");
    ERR(g_run, 1, "typed.yaml:13:26: shareProcessNamespace must be a boolean, got an integer \"1\"");
    LIST(s, "invalid", "pod.hostPID,pod.shareProcessNamespace");

    /* A label `yes` is a boolean to YAML 1.1: a warning, and the text kept
     * (so a configured wasm: yes label still matches it); "yes" is fine. */
    NWARNINGS(g_run, 1);
    WARN(g_run, 0, "typed.yaml:6:11: podLabels.wasm: YAML 1.1 reads yes as a boolean, not a "
                   "string; quote it");
    STR(s, "podLabels.wasm", "yes", "6:11-6:14");
    STR(s, "podLabels.app", "yes", "7:10-7:15");
    STR(s, "wasm.signal", "label", "6:11-6:14 derived");
}

/* A quoted "false" on the pod: the run error names the field and its
 * position, and the automount decision is "invalid". */
static void
test_quoted_false_is_an_error(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;
    static const char text[] =
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: q}\n"
        "spec:\n"
        "  automountServiceAccountToken: \"false\"\n"
        "  containers: [{name: a, image: i}]\n";
    const wp_subject *s;

    (void)state;
    assert_int_equal(wp_run_add_buffer(g_run, "q.yaml", text, strlen(text), &d), WP_EMALFORMED);
    assert_int_equal(d.code, WP_EMALFORMED);
    assert_string_equal(d.source, "q.yaml");
    assert_int_equal(d.line, 5);
    assert_int_equal(d.column, 33);
    assert_string_equal(d.message,
                        "automountServiceAccountToken must be a boolean, got a quoted string "
                        "\"false\"");
    EVAL(g_run);
    NERRORS(g_run, 1);
    assert_int_equal(wp_run_input_count(g_run), 1);
    s = SUBJ(g_run, "Pod default/q");
    LIST(s, "invalid", "pod.automountServiceAccountToken");
    ABSENT(s, "pod.automountServiceAccountToken");
    STR(s, "joins.automountServiceAccountToken.value", "invalid", "4:1-6:36 derived");
    STR(s, "joins.automountServiceAccountToken.from", "pod", "4:1-6:36 derived");
}

/* A duplicate key drops its document (which value wins depends on the
 * reader); the documents around it are still modelled. */
static void
test_duplicate_key(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;
    static const char text[] =
        "apiVersion: v1\n"                           /* 1 */
        "kind: ServiceAccount\n"                     /* 2 */
        "metadata: {name: first}\n"                  /* 3 */
        "---\n"                                      /* 4 */
        "apiVersion: v1\n"                           /* 5 */
        "kind: Pod\n"                                /* 6 */
        "metadata: {name: dup}\n"                    /* 7 */
        "spec:\n"                                    /* 8 */
        "  automountServiceAccountToken: false\n"    /* 9 */
        "  containers: [{name: a, image: i}]\n"      /* 10 */
        "  automountServiceAccountToken: true\n"     /* 11 */
        "---\n"                                      /* 12 */
        "apiVersion: v1\n"                           /* 13 */
        "kind: ServiceAccount\n"                     /* 14 */
        "metadata: {name: last}\n";                  /* 15 */

    (void)state;
    assert_int_equal(wp_run_add_buffer(g_run, "dup.yaml", text, strlen(text), &d),
                     WP_EMALFORMED);
    assert_int_equal(d.line, 11);
    assert_int_equal(d.column, 3);
    EVAL(g_run);
    NERRORS(g_run, 1);
    ERR(g_run, 0, "dup.yaml:11:3: duplicate key \"automountServiceAccountToken\" (first defined "
                  "at line 9, column 3)");
    assert_int_equal(wp_model_subject_count(wp_run_model(g_run)), 2);
    STR(SUBJ(g_run, "ServiceAccount default/first"), "name", "first", "3:18-3:23");
    STR(SUBJ(g_run, "ServiceAccount default/last"), "name", "last", "15:18-15:22");
    assert_null(find_subject(g_run, "Pod default/dup"));
}

/* --- where each kind keeps its pod spec (formats.md §2.1) -------------- */

struct kind_case {
    const char *api, *kind, *name;
    const char *const *path;     /* keys down to the template holder */
    const char *spec_path;       /* podSpecPath */
};

static const char *const path_none[] = { NULL };
static const char *const path_tmpl[] = { "spec", "template", NULL };
static const char *const path_cron[] = { "spec", "jobTemplate", "spec", "template", NULL };
static const char *const path_ptmpl[] = { "template", NULL };

static const struct kind_case kind_cases[] = {
    { "v1", "Pod", "k-pod", path_none, "spec" },
    { "apps/v1", "Deployment", "k-deploy", path_tmpl, "spec.template.spec" },
    { "extensions/v1beta1", "Deployment", "k-deploy-ext", path_tmpl, "spec.template.spec" },
    { "apps/v1beta2", "Deployment", "k-deploy-beta2", path_tmpl, "spec.template.spec" },
    { "apps/v1", "StatefulSet", "k-sts", path_tmpl, "spec.template.spec" },
    { "apps/v1", "DaemonSet", "k-ds", path_tmpl, "spec.template.spec" },
    { "apps/v1", "ReplicaSet", "k-rs", path_tmpl, "spec.template.spec" },
    { "v1", "ReplicationController", "k-rc", path_tmpl, "spec.template.spec" },
    { "batch/v1", "Job", "k-job", path_tmpl, "spec.template.spec" },
    { "batch/v1", "CronJob", "k-cron", path_cron, "spec.jobTemplate.spec.template.spec" },
    { "batch/v1beta1", "CronJob", "k-cron-beta", path_cron,
      "spec.jobTemplate.spec.template.spec" },
    { "v1", "PodTemplate", "k-podtemplate", path_ptmpl, "template.spec" },
};

#define NKINDS (sizeof(kind_cases) / sizeof(*kind_cases))

struct kind_pos {
    unsigned first, spec_line, rcn_line, last;   /* lines */
    unsigned indent;                             /* of the pod spec's keys */
    unsigned label_line, label_col;
};

/* Append @c to @buf as YAML starting at line *@line; note the positions. */
static size_t
kind_doc(char *buf, size_t size, const struct kind_case *c, unsigned *line, struct kind_pos *p)
{
    size_t len = 0, depth = 0;
    char pad[32];

#define OUT(...) \
    do { \
        len += (size_t)snprintf(buf + len, size - len, __VA_ARGS__); \
        assert_true(len < size); \
        (*line)++; \
    } while (0)
    p->first = *line;
    OUT("apiVersion: %s\n", c->api);
    OUT("kind: %s\n", c->kind);
    if (!c->path[0]) {
        p->label_line = *line;
        p->label_col = (unsigned)(strlen("metadata: {name: , labels: {k: ") +
                                  strlen(c->name) + 1);
        OUT("metadata: {name: %s, labels: {k: %s}}\n", c->name, c->name);
    } else {
        OUT("metadata: {name: %s}\n", c->name);
    }
    for (; c->path[depth]; depth++)
        OUT("%*s%s:\n", (int)(2 * depth), "", c->path[depth]);
    snprintf(pad, sizeof(pad), "%*s", (int)(2 * depth), "");
    if (depth) {
        p->label_line = *line;
        p->label_col = (unsigned)(2 * depth + strlen("metadata: {labels: {k: ") + 1);
        OUT("%smetadata: {labels: {k: %s}}\n", pad, c->name);
    }
    p->spec_line = *line;
    OUT("%sspec:\n", pad);
    p->indent = (unsigned)(2 * depth + 2);
    p->rcn_line = *line;
    OUT("%s  runtimeClassName: wasmtime\n", pad);
    p->last = *line;
    OUT("%s  containers: [{name: a, image: i}]\n", pad);
    OUT("---\n");
#undef OUT
    return len;
}

static void
test_pod_template_kinds(void **state)
{
    static char text[NKINDS * 400];
    struct kind_pos pos[NKINDS];
    unsigned line = 1;
    size_t len = 0;
    char id[96], want[96];

    (void)state;
    for (size_t i = 0; i < NKINDS; i++)
        len += kind_doc(text + len, sizeof(text) - len, &kind_cases[i], &line, &pos[i]);
    ADD(g_run, "kinds.yaml", text);
    EVAL(g_run);
    NERRORS(g_run, 0);
    NWARNINGS(g_run, 0);
    assert_int_equal(wp_model_subject_count(wp_run_model(g_run)), NKINDS);

    for (size_t i = 0; i < NKINDS; i++) {
        const struct kind_case *c = &kind_cases[i];
        const struct kind_pos *p = &pos[i];
        unsigned ind = p->indent;
        const wp_subject *s;
        struct wp_location l;

        snprintf(id, sizeof(id), "%s default/%s", c->kind, c->name);
        print_message("# %s (%s)\n", id, c->api);
        s = SUBJ(g_run, id);
        assert_int_equal(wp_subject_kind(s), WP_SUBJECT_WORKLOAD);
        assert_string_equal(wp_subject_kind_name(wp_subject_kind(s)), "workload");
        wp_subject_location(s, &l);
        assert_string_equal(l.file, "kinds.yaml");
        assert_int_equal(l.line, p->first);
        assert_int_equal(l.column, 1);
        assert_int_equal(l.end_line, p->last);
        assert_int_equal(l.end_column, ind + 34);

        snprintf(want, sizeof(want), "%u:13-%u:%zu", p->first, p->first, 13 + strlen(c->api));
        STR(s, "apiVersion", c->api, want);
        snprintf(want, sizeof(want), "%u:7-%u:%zu", p->first + 1, p->first + 1,
                 7 + strlen(c->kind));
        STR(s, "kind", c->kind, want);
        snprintf(want, sizeof(want), "%u:%u-%u:%u derived", p->spec_line + 1, ind + 1, p->last,
                 ind + 34);
        STR(s, "podSpecPath", c->spec_path, want);
        /* The pod starts at its `spec:` key, so absent fields have a place. */
        snprintf(want, sizeof(want), "%u:%u-%u:%u", p->spec_line, ind - 1, p->last, ind + 34);
        POS(s, "pod", want);
        snprintf(want, sizeof(want), "%u:%u-%u:%u", p->rcn_line, ind + 19, p->rcn_line,
                 ind + 27);
        STR(s, "pod.runtimeClassName", "wasmtime", want);
        snprintf(want, sizeof(want), "%u:%u-%u:%zu", p->label_line, p->label_col, p->label_line,
                 p->label_col + strlen(c->name));
        STR(s, "podLabels.k", c->name, want);
        STR(s, "pod.containers[0].name", "a", NULL);
        STR(s, "wasm.signal", "runtime-class-name", NULL);
    }
}

/* Objects the model does not read (and kinds in unknown groups) are
 * skipped without errors. */
static void
test_unknown_kinds_skipped(void **state)
{
    (void)state;
    ADD(g_run, "misc.yaml",
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata: {name: cm}\n"
        "data: {a: b}\n"
        "---\n"
        "apiVersion: example.com/v1\n"
        "kind: Deployment\n"
        "metadata: {name: not-apps}\n"
        "spec: {template: {spec: {containers: []}}}\n"
        "---\n"
        "# only a comment\n"
        "---\n"
        "- a list document\n"
        "---\n"
        "kind: Pod\n"
        "metadata: {name: no-api-version}\n");
    EVAL(g_run);
    NERRORS(g_run, 0);
    assert_int_equal(wp_model_subject_count(wp_run_model(g_run)), 0);
}

/* --- lists, JSON and CRLF input (formats.md §1.1) ---------------------- */

static const char kubectl_list[] =
    "apiVersion: v1\n"                                   /* 1 */
    "kind: List\n"                                       /* 2 */
    "items:\n"                                           /* 3 */
    "- apiVersion: apps/v1\n"                            /* 4 */
    "  kind: Deployment\n"                               /* 5 */
    "  metadata:\n"                                      /* 6 */
    "    name: web\n"                                    /* 7 */
    "    namespace: shop\n"                              /* 8 */
    "  spec:\n"                                          /* 9 */
    "    template:\n"                                    /* 10 */
    "      spec:\n"                                      /* 11 */
    "        runtimeClassName: wasm\n"                   /* 12 */
    "        containers:\n"                              /* 13 */
    "        - name: app\n"                              /* 14 */
    "          image: app:1\n"                           /* 15 */
    "- apiVersion: v1\n"                                 /* 16 */
    "  kind: ServiceAccount\n"                           /* 17 */
    "  metadata: {name: default, namespace: shop}\n"     /* 18 */
    "  automountServiceAccountToken: false\n"            /* 19 */
    "metadata: {resourceVersion: \"\"}\n";               /* 20 */

static const char typed_lists[] =
    "apiVersion: apps/v1\n"                              /* 1 */
    "kind: DeploymentList\n"                             /* 2 */
    "items:\n"                                           /* 3 */
    "- metadata:\n"                                      /* 4 */
    "    name: spin\n"                                   /* 5 */
    "    namespace: spin-apps\n"                         /* 6 */
    "  spec:\n"                                          /* 7 */
    "    template:\n"                                    /* 8 */
    "      spec:\n"                                      /* 9 */
    "        runtimeClassName: wasmtime-spin\n"          /* 10 */
    "        containers: [{name: a, image: i, command: [\"/\"]}]\n" /* 11 */
    "---\n"                                              /* 12 */
    "apiVersion: v1\n"                                   /* 13 */
    "kind: PodList\n"                                    /* 14 */
    "items:\n"                                           /* 15 */
    "- metadata: {name: p1}\n"                           /* 16 */
    "  spec: {containers: [{name: a, image: i}]}\n"      /* 17 */
    "- metadata: {name: p2}\n"                           /* 18 */
    "  spec: {containers: [{name: b, image: i}]}\n";     /* 19 */

static void
test_kind_list(void **state)
{
    const wp_subject *s;
    struct wp_location l;

    (void)state;
    ADD(g_run, "list.yaml", kubectl_list);
    EVAL(g_run);
    NERRORS(g_run, 0);
    assert_int_equal(wp_model_subject_count(wp_run_model(g_run)), 2);
    s = SUBJ(g_run, "Deployment shop/web");
    wp_subject_location(s, &l);
    assert_int_equal(l.line, 4);
    assert_int_equal(l.column, 3);
    assert_int_equal(l.end_line, 15);
    assert_int_equal(l.end_column, 23);
    STR(s, "apiVersion", "apps/v1", "4:15-4:22");
    STR(s, "kind", "Deployment", "5:9-5:19");
    STR(s, "name", "web", "7:11-7:14");
    STR(s, "namespace", "shop", "8:16-8:20");
    STR(s, "pod.runtimeClassName", "wasm", "12:27-12:31");
    STR(s, "pod.containers[0].image", "app:1", "15:18-15:23");
    STR(s, "joins.automountServiceAccountToken.value", "false", "11:7-15:23 derived");
    STR(s, "joins.serviceAccount.id", "ServiceAccount shop/default", "nopos");
    s = SUBJ(g_run, "ServiceAccount shop/default");
    wp_subject_location(s, &l);
    assert_int_equal(l.line, 16);
    assert_int_equal(l.column, 3);
    BOOL(s, "automountServiceAccountToken", 0, "19:33-19:38");
}

/* Typed lists as the API server returns them: items carry no apiVersion
 * or kind, which come from the list (derived, at the list's fields). */
static void
test_typed_list(void **state)
{
    const wp_subject *s;

    (void)state;
    ADD(g_run, "typed.yaml", typed_lists);
    EVAL(g_run);
    NERRORS(g_run, 0);
    assert_int_equal(wp_model_subject_count(wp_run_model(g_run)), 3);
    s = SUBJ(g_run, "Deployment spin-apps/spin");
    STR(s, "apiVersion", "apps/v1", "1:13-1:20 derived");
    STR(s, "kind", "Deployment", "2:7-2:21 derived");
    STR(s, "name", "spin", "5:11-5:15");
    STR(s, "podSpecPath", "spec.template.spec", "10:9-11:58 derived");
    STR(s, "wasm.signal", "runtime-class-name", "10:27-10:40 derived");
    STR(s, "pod.containers[0].wasm.entry", "wasm", "11:52-11:55 derived");
    s = SUBJ(g_run, "Pod default/p1");
    STR(s, "apiVersion", "v1", "13:13-13:15 derived");
    STR(s, "kind", "Pod", "14:7-14:14 derived");
    STR(s, "pod.containers[0].name", "a", "17:30-17:31");
    s = SUBJ(g_run, "Pod default/p2");
    STR(s, "pod.containers[0].name", "b", "19:30-19:31");
}

static const char json_pod[] =
    "{\n"                                                             /* 1 */
    "  \"apiVersion\": \"v1\",\n"                                     /* 2 */
    "  \"kind\": \"Pod\",\n"                                          /* 3 */
    "  \"metadata\": {\"name\": \"j\", \"namespace\": \"wasm-apps\",\n" /* 4 */
    "               \"annotations\": {\"run.oci.handler\": \"wasm\"}},\n" /* 5 */
    "  \"spec\": {\n"                                                 /* 6 */
    "    \"automountServiceAccountToken\": false,\n"                  /* 7 */
    "    \"runtimeClassName\": \"crun\",\n"                           /* 8 */
    "    \"containers\": [\n"                                         /* 9 */
    "      {\"name\": \"c\", \"image\": \"img\",\n"                   /* 10 */
    "       \"args\": [\"\\/app.wasm\", \"--dir\\u003d\\/tmp\"]}\n"   /* 11 */
    "    ]\n"                                                         /* 12 */
    "  }\n"                                                           /* 13 */
    "}\n";                                                            /* 14 */

/* JSON inputs: the same model, with positions of the JSON tokens
 * (strings include their quotes; escapes count as written). */
static void
test_json_positions(void **state)
{
    const wp_subject *s;
    struct wp_location l;
    static const char one_line[] =
        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\","
        "\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"default\",\"namespace\":"
        "\"wasm-apps\"},\"automountServiceAccountToken\":true}]}";

    (void)state;
    ADD(g_run, "pod.json", json_pod);
    ADD(g_run, "list.json", one_line);
    EVAL(g_run);
    NERRORS(g_run, 0);
    s = SUBJ(g_run, "Pod wasm-apps/j");
    wp_subject_location(s, &l);
    assert_string_equal(l.file, "pod.json");
    assert_int_equal(l.line, 1);
    assert_int_equal(l.column, 1);
    assert_int_equal(l.end_line, 14);
    assert_int_equal(l.end_column, 2);
    STR(s, "apiVersion", "v1", "2:17-2:21");
    STR(s, "kind", "Pod", "3:11-3:16");
    STR(s, "name", "j", "4:24-4:27");
    STR(s, "namespace", "wasm-apps", "4:42-4:53");
    STRK(s, "podAnnotations", "run.oci.handler", "wasm", "5:51-5:57");
    POS(s, "pod", "6:3-13:4");
    BOOL(s, "pod.automountServiceAccountToken", 0, "7:37-7:42");
    STR(s, "pod.runtimeClassName", "crun", "8:25-8:31");
    STR(s, "pod.containers[0].image", "img", "10:30-10:35");
    STR(s, "pod.containers[0].args[0]", "/app.wasm", "11:17-11:29");
    STR(s, "pod.containers[0].args[1]", "--dir=/tmp", "11:31-11:49");
    STR(s, "pod.containers[0].wasm.signal", "args[0]", "11:17-11:29 derived");
    STR(s, "wasm.signal", "annotation", "5:51-5:57 derived");
    STR(s, "joins.automountServiceAccountToken.value", "false", "7:37-7:42 derived");

    s = SUBJ(g_run, "ServiceAccount wasm-apps/default");
    wp_subject_location(s, &l);
    assert_string_equal(l.file, "list.json");
    assert_int_equal(l.line, 1);
    assert_int_equal(l.column, 43);
    assert_int_equal(l.end_line, 1);
    assert_int_equal(l.end_column, 176);
    STR(s, "apiVersion", "v1", "1:57-1:61");
    STR(s, "name", "default", "1:105-1:114");
    STR(s, "namespace", "wasm-apps", "1:127-1:138");
    BOOL(s, "automountServiceAccountToken", 1, "1:171-1:175");
}

/* CRLF line ends, a BOM and multi-byte UTF-8: columns count bytes, a
 * line's end excludes its CR, and the BOM takes no column. */
static void
test_crlf_positions(void **state)
{
    const wp_subject *s;
    static const char crlf_yaml[] =
        "\xef\xbb\xbf" "apiVersion: v1\r\n"                                /* 1 */
        "kind: Pod\r\n"                                                     /* 2 */
        "metadata:\r\n"                                                     /* 3 */
        "  name: crlf\r\n"                                                  /* 4 */
        "  annotations: {note: \"caf\xc3\xa9 \xe2\x80\x93 x\", run.oci.handler: wasm}\r\n"
        "spec:\r\n"                                                         /* 6 */
        "  containers:\r\n"                                                 /* 7 */
        "  - name: c\r\n"                                                   /* 8 */
        "    image: i\r\n"                                                  /* 9 */
        "    args: [app.wasm]\r\n"                                          /* 10 */
        "---\r\n"                                                           /* 11 */
        "apiVersion: node.k8s.io/v1\r\n"                                    /* 12 */
        "kind: RuntimeClass\r\n"                                            /* 13 */
        "metadata: {name: crun}\r\n"                                        /* 14 */
        "handler: crun\r\n";                                                /* 15 */

    (void)state;
    ADD(g_run, "crlf.yaml", crlf_yaml);
    EVAL(g_run);
    NERRORS(g_run, 0);
    s = SUBJ(g_run, "Pod default/crlf");
    STR(s, "apiVersion", "v1", "1:13-1:15");
    STR(s, "name", "crlf", "4:9-4:13");
    STR(s, "podAnnotations.note", "caf\xc3\xa9 \xe2\x80\x93 x", "5:23-5:36");
    STRK(s, "podAnnotations", "run.oci.handler", "wasm", "5:55-5:59");
    POS(s, "pod", "6:1-10:21");
    STR(s, "pod.containers[0].args[0]", "app.wasm", "10:12-10:20");
    STR(s, "wasm.signal", "annotation", "5:55-5:59 derived");
    s = SUBJ(g_run, "RuntimeClass crun");
    STR(s, "handler", "crun", "15:10-15:14");
}

/* --- containers (formats.md §2.2, §7) ---------------------------------- */

static const char roles_pod[] =
    "apiVersion: v1\n"                                  /* 1 */
    "kind: Pod\n"                                       /* 2 */
    "metadata: {name: roles}\n"                         /* 3 */
    "spec:\n"                                           /* 4 */
    "  initContainers:\n"                               /* 5 */
    "  - name: init\n"                                  /* 6 */
    "    image: busybox\n"                              /* 7 */
    "    command: [sh, -c, \"true\"]\n"                 /* 8 */
    "  - name: sidecar\n"                               /* 9 */
    "    image: fluent-bit\n"                           /* 10 */
    "    restartPolicy: Always\n"                       /* 11 */
    "  containers:\n"                                   /* 12 */
    "  - name: main\n"                                  /* 13 */
    "    image: app\n"                                  /* 14 */
    "    command: [app.wasm]\n"                         /* 15 */
    "  - name: start\n"                                 /* 16 */
    "    image: app\n"                                  /* 17 */
    "    command: [\"app.wasm#_start\"]\n"              /* 18 */
    "  - name: wat\n"                                   /* 19 */
    "    image: app\n"                                  /* 20 */
    "    command: [x.wat]\n"                            /* 21 */
    "  - name: slash\n"                                 /* 22 */
    "    image: spin\n"                                 /* 23 */
    "    command: [\"/\"]\n"                            /* 24 */
    "  - name: args-only\n"                             /* 25 */
    "    image: app\n"                                  /* 26 */
    "    args: [/app/main.wasm, --flag]\n"              /* 27 */
    "  - name: elf\n"                                   /* 28 */
    "    image: nginx\n"                                /* 29 */
    "    command: [/usr/sbin/nginx]\n"                  /* 30 */
    "  - name: cmd-wins\n"                              /* 31 */
    "    image: app\n"                                  /* 32 */
    "    command: [/bin/sh]\n"                          /* 33 */
    "    args: [app.wasm]\n"                            /* 34 */
    "  - name: wasm-dir\n"                              /* 35 */
    "    image: app\n"                                  /* 36 */
    "    command: [/app.wasm/run]\n"                    /* 37 */
    "  - name: no-process\n"                            /* 38 */
    "    image: app\n"                                  /* 39 */
    "  ephemeralContainers:\n"                          /* 40 */
    "  - name: debugger\n"                              /* 41 */
    "    image: busybox\n"                              /* 42 */
    "    targetContainerName: main\n";                  /* 43 */

static void
test_container_roles_and_entries(void **state)
{
    static const struct {
        const char *name, *role, *role_pos, *entry, *signal, *entry_pos;
    } want[] = {
        { "init", "init", "6:5-8:30 derived", "unknown", NULL, "nopos" },
        { "sidecar", "sidecar", "11:20-11:26 derived", "unknown", NULL, "nopos" },
        { "main", "container", "13:5-15:24 derived", "wasm", "command[0]", "15:15-15:23" },
        { "start", "container", "16:5-18:33 derived", "wasm", "command[0]", "18:15-18:32" },
        { "wat", "container", "19:5-21:21 derived", "wasm", "command[0]", "21:15-21:20" },
        { "slash", "container", "22:5-24:19 derived", "wasm", "command[0]", "24:15-24:18" },
        { "args-only", "container", "25:5-27:35 derived", "wasm", "args[0]", "27:12-27:26" },
        { "elf", "container", "28:5-30:31 derived", "unknown", NULL, "nopos" },
        { "cmd-wins", "container", "31:5-34:21 derived", "unknown", NULL, "nopos" },
        { "wasm-dir", "container", "35:5-37:29 derived", "unknown", NULL, "nopos" },
        { "no-process", "container", "38:5-39:15 derived", "unknown", NULL, "nopos" },
        { "debugger", "ephemeral", "41:5-43:30 derived", "unknown", NULL, "nopos" },
    };
    const wp_subject *s;
    char path[96];

    (void)state;
    ADD(g_run, "roles.yaml", roles_pod);
    EVAL(g_run);
    NERRORS(g_run, 0);
    s = SUBJ(g_run, "Pod default/roles");
    POS(s, "pod.containers", "5:3-43:30 derived");
    assert_int_equal(wp_value_count(wp_value_path(wp_subject_fields(s), "pod.containers")),
                     sizeof(want) / sizeof(*want));
    for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
        print_message("# container %s\n", want[i].name);
        snprintf(path, sizeof(path), "pod.containers[%zu].name", i);
        STR(s, path, want[i].name, NULL);
        snprintf(path, sizeof(path), "pod.containers[%zu].role", i);
        STR(s, path, want[i].role, want[i].role_pos);
        snprintf(path, sizeof(path), "pod.containers[%zu].wasm", i);
        POS(s, path, want[i].entry_pos);
        snprintf(path, sizeof(path), "pod.containers[%zu].wasm.entry", i);
        if (strcmp(want[i].entry, "wasm") == 0) {
            char derived[64];
            snprintf(derived, sizeof(derived), "%s derived", want[i].entry_pos);
            STR(s, path, "wasm", derived);
            snprintf(path, sizeof(path), "pod.containers[%zu].wasm.signal", i);
            STR(s, path, want[i].signal, derived);
        } else {
            STR(s, path, "unknown", "nopos");
            snprintf(path, sizeof(path), "pod.containers[%zu].wasm.signal", i);
            ABSENT(s, path);
        }
    }
    STR(s, "pod.containers[0].command[2]", "true", "8:23-8:29");
    STR(s, "pod.containers[6].args[1]", "--flag", "27:28-27:34");
    /* A pod is not wasm by its containers alone (formats §7 lists pod
     * signals only). */
    BOOL(s, "wasm.wasm", 0, "4:1-43:30 derived");
}

/* `command: []` is the same as no command to Kubernetes (the runtime
 * checks len(command)), so args[0] is the entry point. */
static void
test_container_empty_command(void **state)
{
    const wp_subject *s;

    (void)state;
    ADD(g_run, "pod.yaml",
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata: {name: p}\n"
        "spec:\n"
        "  containers:\n"
        "  - name: c\n"
        "    image: app\n"
        "    command: []\n"
        "    args: [app.wasm]\n");
    EVAL(g_run);
    s = SUBJ(g_run, "Pod default/p");
    /*
     * BUG (lib/model/container.c, classify()): `!cmd && args` skips args
     * whenever the command key is present, even as an empty list, so the
     * container is "unknown" instead of a wasm entry through args[0].
     */
    REGRESSION(strcmp(str_at(s, "pod.containers[0].wasm.entry"), "wasm") == 0,
              strcmp(str_at(s, "pod.containers[0].wasm.entry"), "unknown") == 0,
              "command: [] hides args[0] from the wasm entry detection");
    STR(s, "pod.containers[0].wasm.signal", "args[0]", "9:12-9:20 derived");
}

/* --- allocation failures ------------------------------------------------ */

static const char chaos_multi[] =
    "apiVersion: v1\n"
    "kind: ServiceAccount\n"
    "metadata: {name: runner}\n"
    "automountServiceAccountToken: false\n"
    "---\n"
    "apiVersion: node.k8s.io/v1\n"
    "kind: RuntimeClass\n"
    "metadata: {name: custom}\n"
    "handler: my-shim\n"
    "---\n"
    "apiVersion: networking.k8s.io/v1\n"
    "kind: NetworkPolicy\n"
    "metadata: {name: np}\n"
    "spec:\n"
    "  podSelector: {matchExpressions: [{key: app, operator: In, values: [api]}]}\n"
    "  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}],"
    " ports: [{port: 53}]}]\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: List\n"
    "items:\n"
    "- apiVersion: v1\n"
    "  kind: PersistentVolume\n"
    "  metadata: {name: pv}\n"
    "  spec: {storageClassName: manual, hostPath: {path: /srv}}\n"
    "- apiVersion: v1\n"
    "  kind: PersistentVolumeClaim\n"
    "  metadata: {name: data}\n"
    "  spec: {storageClassName: manual}\n";

static const char chaos_workloads[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: api}\n"
    "spec:\n"
    "  template:\n"
    "    metadata:\n"
    "      labels: {app: api, wasm: yes}\n"
    "      annotations: {run.oci.handler: wasm}\n"
    "    spec:\n"
    "      serviceAccountName: runner\n"
    "      runtimeClassName: custom\n"
    "      securityContext: {runAsNonRoot: true}\n"
    "      affinity: {nodeAffinity: {x: [1, 2, {y: z}]}}\n"
    "      volumes:\n"
    "      - {name: d, persistentVolumeClaim: {claimName: data}}\n"
    "      - {name: t, projected: {sources: [{serviceAccountToken: {path: t}}]}}\n"
    "      initContainers: [{name: s, image: i, restartPolicy: Always}]\n"
    "      containers:\n"
    "      - name: a\n"
    "        image: i\n"
    "        command: [app.wasm]\n"
    "        env: [{name: A, value: b},\n"
    "              {name: S, valueFrom: {secretKeyRef: {name: s, key: k}}}]\n"
    "        envFrom: [{configMapRef: {name: c}, prefix: P_}]\n"
    "        volumeMounts: [{name: d, mountPath: /d, readOnly: true}]\n"
    "        securityContext: {privileged: false, capabilities: {add: [NET_ADMIN]}}\n"
    "---\n"
    "apiVersion: batch/v1\n"
    "kind: CronJob\n"
    "metadata: {name: job, labels: &l {tier: batch}}\n"
    "spec:\n"
    "  jobTemplate:\n"
    "    spec:\n"
    "      template:\n"
    "        metadata: {labels: *l}\n"
    "        spec: {containers: [{name: j, image: i, args: [\"/\"]}]}\n";

struct chaos_result {
    int rc[8];
    size_t n;
};

static void
chaos_call(struct chaos_result *r, int rc)
{
    r->rc[r->n++] = rc;
}

/* One whole run through @ctx; the status of every call in @r. */
static char *
chaos_run(wp_context *ctx, struct chaos_result *r)
{
    wp_run *run;
    char *dump;
    int rc;

    r->n = 0;
    rc = wp_run_new(&run, ctx);
    chaos_call(r, rc);
    if (rc != WP_OK) {
        assert_null(run);
        return NULL;
    }
    chaos_call(r, wp_run_set_default_namespace(run, "shop"));
    chaos_call(r, wp_run_add_wasm_handler(run, "my-shim"));
    chaos_call(r, wp_run_add_wasm_label(run, "tier", "batch"));
    chaos_call(r, wp_run_add_buffer(run, "workloads.yaml", chaos_workloads,
                                    strlen(chaos_workloads), NULL));
    chaos_call(r, wp_run_add_buffer(run, "objects.yaml", chaos_multi, strlen(chaos_multi),
                                    NULL));
    chaos_call(r, wp_run_evaluate(run, NULL));
    dump = dump_run(run, 0);
    wp_run_free(run);
    return dump;
}

/* The allocator fails its N-th call for N = 0, 1, ... until a whole run
 * (options, two multi-document inputs, joins) succeeds. Every call must
 * return WP_OK or WP_ENOMEM, every block must be given back, and a run
 * whose calls all succeeded must model exactly what an undisturbed run
 * does (an allocation failure is never swallowed into a smaller model). */
static void
test_allocation_failures(void **state)
{
    struct chaos c = { 0, -1, 0, 0 };
    struct wp_allocator a = { WP_ALLOCATOR_VERSION, c_malloc, c_realloc, c_free, &c };
    struct chaos_result r;
    wp_context *ctx;
    char *want, *got;
    long n;

    (void)state;
    assert_int_equal(wp_context_new(&ctx, &a), WP_OK);
    want = chaos_run(ctx, &r);
    for (size_t i = 0; i < r.n; i++)
        assert_int_equal(r.rc[i], WP_OK);
    assert_non_null(strstr(want, "joins.claims[0].volumes[0] = \"PersistentVolume pv\""));
    assert_non_null(strstr(want, "warning workloads.yaml:7:"));
    assert_int_equal(c.live, 1);  /* only the context itself */

    for (n = 0;; n++) {
        int all_ok = 1;

        c.calls = 0;
        c.failed = 0;
        c.fail_at = n;
        got = chaos_run(ctx, &r);
        for (size_t i = 0; i < r.n; i++) {
            if (r.rc[i] != WP_OK && r.rc[i] != WP_ENOMEM)
                fail_msg("allocation %ld failed: call %zu returned %d (%s)", n, i, r.rc[i],
                         wp_strerror(r.rc[i]));
            all_ok &= r.rc[i] == WP_OK;
        }
        if (c.live != 1)
            fail_msg("allocation %ld failed: %ld blocks not freed", n, c.live - 1);
        if (!c.failed) {
            assert_true(all_ok);
            assert_same_text(want, got, "undisturbed and final runs");
            free(got);
            break;
        }
        if (all_ok && r.n == 7)
            assert_same_text(want, got, "undisturbed run and a run whose failure was absorbed");
        free(got);
    }
    print_message("# %ld allocations in a whole run\n", n);
    assert_true(n > 10);
    free(want);
    wp_context_free(ctx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_automount_decision_table),
        T(test_automount_account_other_invalid_field),
        T(test_automount_account_spec_field),
        T(test_service_account_alias),
        T(test_service_account_alias_empty_name),
        T(test_namespace_default),
        T(test_namespace_option),
        T(test_namespace_option_after_bad_input),
        T(test_namespace_not_a_string),
        T(test_joins_independent_of_order),
        T(test_wasm_classification),
        T(test_wasm_all_pods),
        T(test_wasm_all_pods_off),
        T(test_np_selection),
        T(test_np_unknown_operator),
        T(test_np_policy_types),
        T(test_np_isolation_any),
        T(test_pvc_binding),
        T(test_pvc_claimref_beats_class),
        T(test_yaml11_typing),
        T(test_quoted_false_is_an_error),
        T(test_duplicate_key),
        T(test_pod_template_kinds),
        T(test_unknown_kinds_skipped),
        T(test_kind_list),
        T(test_typed_list),
        T(test_json_positions),
        T(test_crlf_positions),
        T(test_container_roles_and_entries),
        T(test_container_empty_command),
        T(test_allocation_failures),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
