/*
 * The rules of a run: built-in packs loaded on first need, packs added by
 * the caller, and their evaluation into sorted findings.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/diag.h"
#include "core/file.h"
#include "run/run_impl.h"

static int
keep(const struct wp_diag *d, void *payload)
{
    wp_run *run = payload;

    if (wp__reserve(run->ctx, (void **)&run->errors, &run->errors_cap, run->nerrors + 1,
                    sizeof(*run->errors)) == 0)
        run->errors[run->nerrors++] = *d;
    return 0;
}

int
wp__run_rules_ready(wp_run *run)
{
    int rc = WP_OK;

    if (run->builtins_off)
        return WP_OK;
    if (run->builtins_loaded)
        return run->builtins_rc == WP_ENOMEM ? WP_ENOMEM : WP_OK;
    run->builtins_loaded = 1;
    for (size_t i = 0; i < wp__builtin_pack_count; i++) {
        const struct wp__builtin_pack *p = &wp__builtin_packs[i];
        int r = wp__rules_load(&run->rules, p->name, p->text, p->size, keep, run);
        if (r && !rc)
            rc = r;
    }
    run->builtins_rc = rc;
    return rc;
}

int
wp_run_add_rules_buffer(wp_run *run, const char *name, const void *data, size_t size,
                        struct wp_diag *diag)
{
    size_t before;
    int rc;

    if (!run || (!data && size))
        return wp__diag_set(diag, WP_EINVAL, name, "invalid argument");
    if (run->evaluated)
        return wp__diag_set(diag, WP_EINVAL, name, "rules cannot be added after evaluation");
    if ((rc = wp__run_rules_ready(run)) == WP_ENOMEM)
        return wp__diag_set(diag, rc, name, "out of memory");
    before = run->nerrors;
    rc = wp__rules_load(&run->rules, name ? name : "<rules>", data, size, keep, run);
    if (rc && run->nerrors > before)
        wp__diag_copy(diag, &run->errors[before]);
    else if (rc)
        wp__diag_set(diag, rc, name, "%s", wp_strerror(rc));
    return rc;
}

int
wp_run_add_rules_file(wp_run *run, const char *path, struct wp_diag *diag)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__file f;
    int rc;

    if (!run || !path)
        return wp__diag_set(diag, WP_EINVAL, path, "invalid argument");
    if ((rc = wp__file_open(&f, run->ctx, path, &d))) {
        keep(&d, run);
        wp__diag_copy(diag, &d);
        return rc;
    }
    rc = wp_run_add_rules_buffer(run, path, f.data, f.size, diag);
    wp__file_close(&f, run->ctx);
    return rc;
}

static int
is_pack(const char *name)
{
    size_t n = strlen(name);

    return name[0] != '.' && ((n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
                              (n > 4 && strcmp(name + n - 4, ".yml") == 0));
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
wp_run_add_rules_path(wp_run *run, const char *path, struct wp_diag *diag)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct dirent *de;
    struct stat st;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = WP_OK;
    DIR *dir;

    if (!run || !path)
        return wp__diag_set(diag, WP_EINVAL, path, "invalid argument");
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return wp_run_add_rules_file(run, path, diag);
    if (!(dir = opendir(path))) {
        wp__diag_set(&d, WP_EIO, path, "cannot open the rule directory");
        keep(&d, run);
        wp__diag_copy(diag, &d);
        return WP_EIO;
    }
    while ((de = readdir(dir)))
        if (is_pack(de->d_name)) {
            if (wp__reserve(run->ctx, (void **)&names, &cap, n + 1, sizeof(*names)) ||
                !(names[n] = wp__strndup(run->ctx, de->d_name, strlen(de->d_name)))) {
                rc = WP_ENOMEM;
                break;
            }
            n++;
        }
    closedir(dir);
    /* Name order, so which pack defines an id first never depends on the
     * file system. */
    qsort(names, n, sizeof(*names), cmp_names);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(path) + strlen(names[i]) + 2;
        char *file = wp__malloc(run->ctx, len);
        int r;

        if (!file) {
            rc = WP_ENOMEM;
        } else if (rc != WP_ENOMEM) {
            memcpy(file, path, strlen(path));
            file[strlen(path)] = '/';
            memcpy(file + strlen(path) + 1, names[i], strlen(names[i]) + 1);
            if ((r = wp_run_add_rules_file(run, file, i || rc ? NULL : diag)) && !rc)
                rc = r;
        }
        wp__free(run->ctx, file);
        wp__free(run->ctx, names[i]);
    }
    wp__free(run->ctx, names);
    if (rc == WP_ENOMEM)
        wp__diag_set(diag, rc, path, "out of memory");
    return rc;
}

int
wp_run_use_builtin_rules(wp_run *run, int on)
{
    if (!run || run->evaluated || run->builtins_loaded)
        return WP_EINVAL;  /* decide before anything loads them */
    run->builtins_off = !on;
    return WP_OK;
}

size_t
wp_run_rule_count(wp_run *run)
{
    if (!run)
        return 0;
    wp__run_rules_ready(run);
    return run->rules.nrules;
}

const wp_rule *
wp_run_rule(wp_run *run, size_t i)
{
    return i < wp_run_rule_count(run) ? run->rules.rules[i] : NULL;
}

const wp_rule *
wp_run_find_rule(wp_run *run, const char *id)
{
    size_t n = wp_run_rule_count(run);

    for (size_t i = 0; id && i < n; i++)
        if (strcmp(run->rules.rules[i]->id, id) == 0)
            return run->rules.rules[i];
    return NULL;
}

int
wp_run_set_rule_enabled(wp_run *run, const char *id, int on)
{
    struct wp_rule *r = (struct wp_rule *)wp_run_find_rule(run, id);

    if (!r)
        return run ? WP_ENOTFOUND : WP_EINVAL;
    r->enabled = on != 0;
    return WP_OK;
}

int
wp_run_set_rule_severity(wp_run *run, const char *id, enum wp_severity severity)
{
    struct wp_rule *r = (struct wp_rule *)wp_run_find_rule(run, id);

    if (severity < WP_SEVERITY_INFO || severity > WP_SEVERITY_ERROR)
        return WP_EINVAL;
    if (!r)
        return run ? WP_ENOTFOUND : WP_EINVAL;
    r->severity = severity;
    return WP_OK;
}

static int
on_hit(const struct wp__hit *h, void *payload)
{
    wp_run *run = payload;
    struct wp_finding *f;

    if (wp__reserve(run->ctx, (void **)&run->findings, &run->findings_cap, run->nfindings + 1,
                    sizeof(*run->findings)))
        return WP_ENOMEM;
    f = &run->findings[run->nfindings++];
    f->rule = h->rule;
    f->rule_id = h->rule->id;
    f->severity = (enum wp_severity)h->severity;
    f->outcome = h->outcome == WP__OUTCOME_CANNOT_PROVE ? WP_OUTCOME_CANNOT_PROVE
               : h->outcome == WP__OUTCOME_UNRESOLVED ? WP_OUTCOME_UNRESOLVED
               : WP_OUTCOME_FAIL;
    f->message = h->message;
    f->subject = h->subject->id;
    f->loc = h->loc;
    return WP_OK;
}

/* The order output never depends on: file, line, column, rule, message. */
static int
cmp_findings(const void *a, const void *b)
{
    const struct wp_finding *x = a, *y = b;
    int c;

    if ((c = strcmp(x->loc.file, y->loc.file)))
        return c;
    if (x->loc.line != y->loc.line)
        return x->loc.line < y->loc.line ? -1 : 1;
    if (x->loc.column != y->loc.column)
        return x->loc.column < y->loc.column ? -1 : 1;
    if ((c = strcmp(x->rule_id, y->rule_id)))
        return c;
    return strcmp(x->message, y->message);
}

int
wp__run_apply_rules(wp_run *run)
{
    int rc;

    if ((rc = wp__run_rules_ready(run)) == WP_ENOMEM)
        return rc;
    rc = wp__rules_eval(&run->rules, &run->model, &run->arena, on_hit, keep, run);
    if (run->nfindings > 1)
        qsort(run->findings, run->nfindings, sizeof(*run->findings), cmp_findings);
    return rc;
}

int
wp__run_reads_documents(wp_run *run)
{
    wp__run_rules_ready(run);
    for (size_t i = 0; i < run->rules.nrules; i++) {
        const struct wp_rule *r = run->rules.rules[i];

        if (r->subject == WP_SUBJECT_DOCUMENT)
            return 1;
        for (size_t k = 0; k < r->nchecks; k++)
            if (r->checks[k].subject == WP_SUBJECT_DOCUMENT)
                return 1;
    }
    return 0;
}
