/*
 * Project configuration (.wasmlint.yaml, see wasmlint(1)): rule packs to
 * add, rules and packs to turn off or re-grade, and how wasm pods are
 * recognised. Read through the document layer, so every mistake is
 * reported at its line:column. Settings are applied as they are read; a
 * caller that gets WP_EMALFORMED should not lint with the run (wasmlint
 * exits with status 4), since part of the intended policy is missing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/file.h"
#include "doc/read.h"
#include "run/run_impl.h"

struct config {
    wp_run *run;
    const char *name;
    char dir[1024];             /* the config's directory, for relative paths */
    int bad;
    const struct wp__node *root;
    int done;
};

static void
cfail(struct config *c, const struct wp__node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cfail(struct config *c, const struct wp__node *at, const char *fmt, ...)
{
    struct wp_diag d = WP_DIAG_INIT;
    va_list ap;

    va_start(ap, fmt);
    wp__diag_vat_line(&d, WP_EMALFORMED, c->name, at ? at->start.line : 0,
                      at ? at->start.column : 0, fmt, ap);
    va_end(ap);
    if (wp__reserve(c->run->ctx, (void **)&c->run->errors, &c->run->errors_cap,
                    c->run->nerrors + 1, sizeof(*c->run->errors)) == 0)
        c->run->errors[c->run->nerrors++] = d;
    c->bad++;
}

static const char *
key_of(const struct wp__entry *e)
{
    return e->key->kind == WP__NODE_STRING ? e->key->c.s.text : "";
}

/* A setting for a rule or pack: off (false), on (true), or a severity. */
static int
setting(struct config *c, const struct wp__node *v, int *on, int *sev)
{
    static const char *const names[] = { NULL, "info", "warning", "error" };

    *on = 1;
    *sev = 0;
    if (v->kind == WP__NODE_BOOL) {  /* YAML 1.1: off, no, false */
        *on = v->v.b;
        return 0;
    }
    for (int i = 1; i <= 3 && v->kind == WP__NODE_STRING; i++)
        if (strcmp(v->c.s.text, names[i]) == 0) {
            *sev = i;
            return 0;
        }
    cfail(c, v, "a rule setting is off, on, error, warning or info");
    return -1;
}

/* A path of the config, relative to the config's directory. */
static void
relative(struct config *c, const char *p, char *out, size_t size)
{
    snprintf(out, size, "%s%s%s", p[0] == '/' ? "" : c->dir,
             p[0] == '/' || !c->dir[0] ? "" : "/", p);
}

static void
add_packs(struct config *c, const struct wp__node *list)
{
    for (size_t i = 0; list && i < list->c.seq.n; i++) {
        const struct wp__node *p = list->c.seq.v[i];
        char path[2048];

        if (p->kind != WP__NODE_STRING) {
            cfail(c, p, "rule-packs entries are paths");
            continue;
        }
        relative(c, p->c.s.text, path, sizeof(path));
        if (wp_run_add_rules_path(c->run, path, NULL))
            c->bad++;
    }
}

/* artifacts: [{ref: R, file: F} | {ref: R, oci-layout: D} | {ref-prefix: P, file: T}] */
static void
artifacts(struct config *c, const struct wp__node *list)
{
    for (size_t i = 0; i < list->c.seq.n; i++) {
        const struct wp__node *a = list->c.seq.v[i];
        const struct wp__node *ref = wp__node_get(a, "ref"), *pre = wp__node_get(a, "ref-prefix");
        const struct wp__node *file = wp__node_get(a, "file"), *lay = wp__node_get(a, "oci-layout");
        const struct wp__node *target = file ? file : lay;
        char path[2048];

        if (a->kind != WP__NODE_MAPPING || !(ref || pre) || (ref && pre) || !target ||
            (file && lay) || target->kind != WP__NODE_STRING ||
            (ref ? ref : pre)->kind != WP__NODE_STRING || a->c.map.n != 2) {
            cfail(c, a, "an artifacts entry is {ref: REF, file: PATH}, {ref: REF, oci-layout: DIR} "
                        "or {ref-prefix: PREFIX, file: TEMPLATE}");
            continue;
        }
        relative(c, target->c.s.text, path, sizeof(path));
        if (lay) {
            /* A layout named for one reference is searched like any other. */
            wp_run_add_oci_layout(c->run, path);
        } else if (ref) {
            wp_run_add_artifact(c->run, ref->c.s.text, path);
        } else {
            wp_run_add_artifact_prefix(c->run, pre->c.s.text, path);
        }
    }
}

static void
wasm_section(struct config *c, const struct wp__node *w)
{
    for (size_t i = 0; i < w->c.map.n; i++) {
        const struct wp__entry *e = &w->c.map.v[i];
        const char *k = key_of(e);
        const struct wp__node *v = e->value;

        if (strcmp(k, "handlers") == 0 && v->kind == WP__NODE_SEQUENCE) {
            for (size_t j = 0; j < v->c.seq.n; j++) {
                if (v->c.seq.v[j]->kind != WP__NODE_STRING)
                    cfail(c, v->c.seq.v[j], "handlers are names");
                else
                    wp_run_add_wasm_handler(c->run, v->c.seq.v[j]->c.s.text);
            }
        } else if (strcmp(k, "labels") == 0 && v->kind == WP__NODE_MAPPING) {
            for (size_t j = 0; j < v->c.map.n; j++) {
                const struct wp__entry *l = &v->c.map.v[j];
                /* Label values are strings to Kubernetes: take the text. */
                if (!wp__node_is_scalar(l->value) || l->value->kind == WP__NODE_NULL)
                    cfail(c, l->value, "a label value is a string");
                else
                    wp_run_add_wasm_label(c->run, key_of(l), l->value->c.s.text);
            }
        } else if (strcmp(k, "assume-wasm") == 0 && v->kind == WP__NODE_BOOL) {
            wp_run_set_all_pods_wasm(c->run, v->v.b);
        } else {
            cfail(c, e->key, "unknown or mistyped key '%s' in wasm (handlers: [..], "
                             "labels: {..}, assume-wasm: true|false)", k);
        }
    }
}

/*
 * approved-registries: [ghcr.io/acme/, registry.example.com] becomes the
 * rule image-registry-not-approved, written in the rule language like any
 * pack (no rule-specific C): images and component references must start
 * with one of the prefixes. Local files and artifact:// are exempt.
 */
struct text {
    char *p;
    size_t n, cap;
    int err;
};

static void
put(struct text *t, const wp_context *ctx, const char *s, size_t n)
{
    if (t->err || wp__reserve(ctx, (void **)&t->p, &t->cap, t->n + n + 1, 1)) {
        t->err = 1;
        return;
    }
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = '\0';
}

static void
puts_(struct text *t, const wp_context *ctx, const char *s)
{
    put(t, ctx, s, strlen(s));
}

/* @prefixes as one regex, written for a YAML double-quoted scalar: regex
 * metacharacters get a backslash, and every backslash and quote is then
 * escaped again for YAML. */
static void
prefixes_regex(struct text *t, const wp_context *ctx, const struct wp__node *list)
{
    puts_(t, ctx, "^(");
    for (size_t i = 0; i < list->c.seq.n; i++) {
        const char *q = list->c.seq.v[i]->c.s.text;

        if (i)
            puts_(t, ctx, "|");
        for (; *q; q++) {
            if (strchr(".^$|()[]{}*+?\\", *q))
                puts_(t, ctx, "\\\\");
            if (*q == '"' || *q == '\\')
                puts_(t, ctx, "\\");
            put(t, ctx, q, 1);
        }
    }
    puts_(t, ctx, ")");
}

/*
 * approved-registries: [ghcr.io/acme/, registry.example.com] becomes the
 * rule image-registry-not-approved, written in the rule language like any
 * pack (no rule-specific C): images of wasm pods and components must start
 * with one of the prefixes. Local files and artifact:// are exempt.
 */
static void
approved_registries(struct config *c, const struct wp__node *list)
{
    const wp_context *ctx = c->run->ctx;
    struct text t = { NULL, 0, 0, 0 };

    for (size_t i = 0; i < list->c.seq.n; i++)
        if (list->c.seq.v[i]->kind != WP__NODE_STRING || !list->c.seq.v[i]->c.s.len) {
            cfail(c, list->c.seq.v[i],
                  "approved-registries entries are registry or repository prefixes");
            return;
        }
    puts_(&t, ctx,
          "pack: config\n"
          "description: rules made from the project config\n"
          "rules:\n"
          "  - id: image-registry-not-approved\n"
          "    title: An image comes from a registry the project has not approved\n"
          "    severity: error\n"
          "    tier: P1\n"
          "    tags: [supply-chain]\n"
          "    description: The image of a wasm pod's container or of a component does not\n"
          "      start with a prefix listed in the project config's approved-registries.\n"
          "    rationale: Images only from approved registries.\n"
          "    remediation: Mirror the image into an approved registry.\n"
          "    subject: component\n"
          "    checks:\n"
          "      - when:\n"
          "          all-of:\n"
          "            - {path: image, exists: true}\n"
          "            - not: {path: image, matches: \"^(file://|artifact://)\"}\n"
          "            - not: {path: image, matches: \"");
    prefixes_regex(&t, ctx, list);
    puts_(&t, ctx,
          "\"}\n"
          "        at: image\n"
          "        message: \"image {image} of component {name} is not from an approved registry\"\n"
          "      - subject: workload\n"
          "        where: {path: wasm.wasm, is: true}\n"
          "        for-each: pod.containers\n"
          "        when:\n"
          "          all-of:\n"
          "            - {path: image, exists: true}\n"
          "            - not: {path: image, matches: \"");
    prefixes_regex(&t, ctx, list);
    puts_(&t, ctx,
          "\"}\n"
          "        at: image\n"
          "        message: \"image {image} of {/name} is not from an approved registry\"\n");
    if (t.err)
        c->run->model.mvb.err = WP_ENOMEM;
    else if (wp_run_add_rules_buffer(c->run, c->name, t.p, t.n, NULL))
        cfail(c, list, "approved-registries could not be turned into a rule");
    wp__free(ctx, t.p);
}

/* Rules and packs: applied after rule-packs, so user rules can be named. */
static void
rule_settings(struct config *c, const struct wp__node *map, int packs)
{
    for (size_t i = 0; i < map->c.map.n; i++) {
        const struct wp__entry *e = &map->c.map.v[i];
        const char *name = key_of(e);
        int on, sev, found = 0;

        if (setting(c, e->value, &on, &sev))
            continue;
        if (!packs) {
            if (wp_run_set_rule_enabled(c->run, name, on) == WP_OK) {
                found = 1;
                if (sev)
                    wp_run_set_rule_severity(c->run, name, (enum wp_severity)sev);
            }
        } else {
            for (size_t r = 0; r < wp_run_rule_count(c->run); r++) {
                const wp_rule *rule = wp_run_rule(c->run, r);
                if (strcmp(wp_rule_pack(rule), name) != 0)
                    continue;
                found = 1;
                wp_run_set_rule_enabled(c->run, wp_rule_id(rule), on);
                if (sev)
                    wp_run_set_rule_severity(c->run, wp_rule_id(rule), (enum wp_severity)sev);
            }
        }
        if (!found)
            cfail(c, e->key, "no %s named '%s'", packs ? "rule pack" : "rule", name);
    }
}

static int
on_doc(const struct wp__doc *doc, void *payload)
{
    struct config *c = payload;
    const struct wp__node *root = doc->root, *rules = NULL, *packs = NULL;

    if (c->done++) {
        cfail(c, root, "a config file holds one document");
        return 0;
    }
    if (!root || root->kind != WP__NODE_MAPPING) {
        cfail(c, root, "a config file is a mapping");
        return 0;
    }
    for (size_t i = 0; i < root->c.map.n; i++) {
        const struct wp__entry *e = &root->c.map.v[i];
        const char *k = key_of(e);
        const struct wp__node *v = e->value;

        if (strcmp(k, "version") == 0) {
            if (v->kind != WP__NODE_INT || v->v.i != 1)
                cfail(c, v, "this wasmlint reads config version 1");
        } else if (strcmp(k, "default-namespace") == 0 && v->kind == WP__NODE_STRING) {
            if (wp_run_set_default_namespace(c->run, v->c.s.text))
                cfail(c, v, "default-namespace must be set before any input is read");
        } else if (strcmp(k, "wasm") == 0 && v->kind == WP__NODE_MAPPING) {
            wasm_section(c, v);
        } else if (strcmp(k, "rule-packs") == 0 && v->kind == WP__NODE_SEQUENCE) {
            add_packs(c, v);
        } else if (strcmp(k, "artifacts") == 0 && v->kind == WP__NODE_SEQUENCE) {
            artifacts(c, v);
        } else if (strcmp(k, "oci-layouts") == 0 && v->kind == WP__NODE_SEQUENCE) {
            for (size_t j = 0; j < v->c.seq.n; j++) {
                char path[2048];
                if (v->c.seq.v[j]->kind != WP__NODE_STRING) {
                    cfail(c, v->c.seq.v[j], "oci-layouts entries are directories");
                    continue;
                }
                relative(c, v->c.seq.v[j]->c.s.text, path, sizeof(path));
                wp_run_add_oci_layout(c->run, path);
            }
        } else if (strcmp(k, "approved-registries") == 0 && v->kind == WP__NODE_SEQUENCE) {
            approved_registries(c, v);
        } else if (strcmp(k, "rules") == 0 && v->kind == WP__NODE_MAPPING) {
            rules = v;
        } else if (strcmp(k, "packs") == 0 && v->kind == WP__NODE_MAPPING) {
            packs = v;
        } else {
            cfail(c, e->key, "unknown or mistyped key '%s' in the config (version, "
                             "default-namespace, wasm, rule-packs, rules, packs, artifacts, "
                             "oci-layouts, approved-registries)", k);
        }
    }
    if (packs)
        rule_settings(c, packs, 1);
    if (rules)
        rule_settings(c, rules, 0);
    return 0;
}

static int
on_error(const struct wp_diag *d, size_t index, void *payload)
{
    struct config *c = payload;

    (void)index;
    if (wp__reserve(c->run->ctx, (void **)&c->run->errors, &c->run->errors_cap,
                    c->run->nerrors + 1, sizeof(*c->run->errors)) == 0)
        c->run->errors[c->run->nerrors++] = *d;
    c->bad++;
    return 0;
}

int
wp_run_apply_config_buffer(wp_run *run, const char *name, const void *data, size_t size,
                           struct wp_diag *diag)
{
    struct config c;
    struct wp__read_opts opts = { on_doc, on_error, &c, WP__READ_KEEP_LISTS };
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__src src;
    const char *slash;
    size_t before;
    int rc;

    if (!run || (!data && size))
        return wp__diag_set(diag, WP_EINVAL, name, "invalid argument");
    if (!name)
        name = "<config>";
    if (run->evaluated || run->ninputs || run->nmanifests)
        return wp__diag_set(diag, WP_EINVAL, name, "a config is applied before any input");
    memset(&c, 0, sizeof(c));
    c.run = run;
    c.name = name;
    if ((slash = strrchr(name, '/')))
        snprintf(c.dir, sizeof(c.dir), "%.*s", (int)(slash - name), name);
    before = run->nerrors;
    if ((rc = wp__src_init(&src, run->ctx, name, data, size, &d))) {
        on_error(&d, 0, &c);
        wp__diag_copy(diag, &d);
        return rc;
    }
    rc = wp__yaml_read(&src, &opts, NULL);
    wp__src_release(&src);
    if (run->nerrors > before)
        wp__diag_copy(diag, &run->errors[before]);
    if (rc == WP_ENOMEM)
        return rc;
    return c.bad || rc ? WP_EMALFORMED : WP_OK;
}

int
wp_run_apply_config_file(wp_run *run, const char *path, struct wp_diag *diag)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__file f;
    int rc;

    if (!run || !path)
        return wp__diag_set(diag, WP_EINVAL, path, "invalid argument");
    if ((rc = wp__file_open(&f, run->ctx, path, &d))) {
        on_error(&d, 0, &(struct config){ .run = run });
        wp__diag_copy(diag, &d);
        return rc;
    }
    rc = wp_run_apply_config_buffer(run, path, f.data, f.size, diag);
    wp__file_close(&f, run->ctx);
    return rc;
}
