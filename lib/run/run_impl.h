/* Internal state of a run. */
#ifndef WP_RUN_IMPL_H
#define WP_RUN_IMPL_H

#include <wasmpolicy/run.h>
#include <wasmpolicy/wasm.h>

#include "core/arena.h"
#include "core/context.h"
#include "model/link.h"
#include "model/model.h"
#include "rules/rules.h"

struct wp_finding {
    const wp_rule *rule;
    const char *rule_id;
    enum wp_severity severity;
    enum wp_outcome outcome;
    const char *message;
    const char *subject;
    struct wp_location loc;
};

struct wp__run_input {
    const char *name;
    wp_wasm *wasm;         /* binaries: the inspection result */
};

struct wp_run {
    wp_context *ctx;
    struct wp__arena arena;          /* names and messages */
    struct wp__run_input *inputs;
    size_t ninputs, inputs_cap;
    struct wp_diag *errors;
    size_t nerrors, errors_cap;
    struct wp_finding *findings;
    size_t nfindings, findings_cap;
    struct wp_model model;
    struct wp__ruleset rules;
    int builtins_off;                /* wp_run_use_builtin_rules(run, 0) */
    int builtins_loaded;
    int builtins_rc;                 /* sticky: a run whose built-in packs
                                      * did not all load says so each time */
    struct wp__artifact_map *maps;   /* --artifact, config artifacts */
    size_t nmaps, maps_cap;
    const char **layouts;            /* --oci-layout, config oci-layouts */
    size_t nlayouts, layouts_cap;
    int require_artifacts;
    size_t nmanifests;               /* manifests read, even in part */
    int evaluated;
};

/* rules.c */
int wp__run_rules_ready(wp_run *run);
int wp__run_apply_rules(wp_run *run);
/* Whether a loaded rule (or one of its checks) reads `document` subjects. */
int wp__run_reads_documents(wp_run *run);

#endif
