/*
 * wasmpolicy/run.h - a lint run: inputs in, findings out.
 *
 * A run owns what it was given. Adding an input reads it at once (the
 * buffer or file is not kept): binaries are inspected, manifests parsed and
 * modelled. wp_run_evaluate() then joins everything the run has seen and
 * applies the rules, after which findings can be iterated. An input that
 * cannot be read is recorded as an error of the run (with its position) and
 * the run goes on with the others.
 */
#ifndef WASMPOLICY_RUN_H
#define WASMPOLICY_RUN_H

#include <wasmpolicy/common.h>
#include <wasmpolicy/context.h>
#include <wasmpolicy/finding.h>
#include <wasmpolicy/rule.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wp_run wp_run;

/** Create a run bound to @p ctx (which must outlive it). */
WP_EXPORT WP_WARN_UNUSED int wp_run_new(wp_run **out, wp_context *ctx);

/** Release a run and everything it owns. NULL is a no-op. */
WP_EXPORT void wp_run_free(wp_run *run);

/**
 * Read a file into the run. The kind is decided from the content (the wasm
 * magic) and then the name. On failure the error is returned, copied to
 * @p diag if given, and also kept in the run (see wp_run_error()).
 */
WP_EXPORT int wp_run_add_file(wp_run *run, const char *path, struct wp_diag *diag);

/**
 * Read an in-memory input. @p name is used in positions and to pick a
 * reader ("deploy.yaml", "app.wasm", "<stdin>"); @p data is only read
 * during the call.
 */
WP_EXPORT int wp_run_add_buffer(wp_run *run, const char *name, const void *data,
                                size_t size, struct wp_diag *diag);

/**
 * Namespace of objects that name none (what `kubectl apply` without -n
 * would use); "default" unless set. Set it before adding inputs.
 */
WP_EXPORT int wp_run_set_default_namespace(wp_run *run, const char *ns);

/**
 * Treat RuntimeClasses with this handler (and runtimeClassNames derived
 * from it) as wasm, in addition to the built-in list: wasmtime, wasmedge,
 * wasmer, spin, spin-v2, wws, slight, lunatic, wasm, crun-wasm.
 */
WP_EXPORT int wp_run_add_wasm_handler(wp_run *run, const char *handler);

/** Treat pods labelled @p key: @p value as wasm pods. */
WP_EXPORT int wp_run_add_wasm_label(wp_run *run, const char *key, const char *value);

/** Treat every pod as a wasm pod (wasm-only clusters). */
WP_EXPORT int wp_run_set_all_pods_wasm(wp_run *run, int on);

/**
 * Add the rule packs in a YAML file or buffer (wasmlint-rules(5)). Every
 * problem in a pack is kept as an error of the run with its line:column
 * (wp_run_error()); a pack with any problem adds no rules. Returns WP_OK,
 * the first problem's code, or WP_ENOMEM.
 */
WP_EXPORT int wp_run_add_rules_file(wp_run *run, const char *path, struct wp_diag *diag);
WP_EXPORT int wp_run_add_rules_buffer(wp_run *run, const char *name, const void *data,
                                      size_t size, struct wp_diag *diag);

/** A pack file, or a directory whose *.yaml and *.yml packs are added in
 *  name order. Errors as for wp_run_add_rules_file(). */
WP_EXPORT int wp_run_add_rules_path(wp_run *run, const char *path, struct wp_diag *diag);

/** Apply the built-in packs (the default) or not. Before evaluation. */
WP_EXPORT int wp_run_use_builtin_rules(wp_run *run, int on);

/** The rules the run knows: built-in (unless turned off) and added. */
WP_EXPORT size_t wp_run_rule_count(wp_run *run);
WP_EXPORT const wp_rule *wp_run_rule(wp_run *run, size_t i);
/** A rule by id, or NULL. */
WP_EXPORT const wp_rule *wp_run_find_rule(wp_run *run, const char *id);
/** Turn a rule off or on, or change its severity. WP_ENOTFOUND for an
 *  unknown id. */
WP_EXPORT int wp_run_set_rule_enabled(wp_run *run, const char *id, int on);
WP_EXPORT int wp_run_set_rule_severity(wp_run *run, const char *id, enum wp_severity severity);

/**
 * Apply a project configuration (.wasmlint.yaml; format in wasmlint(1)):
 * rule packs to add (paths relative to the file), rules and packs to turn
 * off or re-grade, wasm handlers and labels, the default namespace. Call
 * before adding inputs. Every mistake is kept as an error of the run with
 * its line:column; returns WP_OK, WP_EMALFORMED, WP_EIO or WP_ENOMEM.
 */
WP_EXPORT int wp_run_apply_config_file(wp_run *run, const char *path, struct wp_diag *diag);
WP_EXPORT int wp_run_apply_config_buffer(wp_run *run, const char *name, const void *data,
                                         size_t size, struct wp_diag *diag);

/**
 * Where components' binaries are (formats: linking). Components whose
 * manifests name a local file (spin.toml source, file:// images, wash
 * component_path) need nothing; others are found through an exact image
 * reference (compared normalised: docker.io/library/x:latest), a
 * reference prefix with a path template ({name}: the reference's last
 * segment, e.g. "ghcr.io/org/" -> "build/{name}.wasm"), or an OCI image
 * layout directory. A component not found is "unresolved": rules that need
 * its imports say so, and with wp_run_set_require_artifacts() it is also
 * an error of the run.
 */
WP_EXPORT int wp_run_add_artifact(wp_run *run, const char *ref, const char *path);
WP_EXPORT int wp_run_add_artifact_prefix(wp_run *run, const char *prefix,
                                         const char *path_template);
WP_EXPORT int wp_run_add_oci_layout(wp_run *run, const char *dir);
WP_EXPORT int wp_run_set_require_artifacts(wp_run *run, int on);

/** Join what the run has seen and apply the rules. Call once, after adding. */
WP_EXPORT int wp_run_evaluate(wp_run *run, struct wp_diag *diag);

/**
 * Iterate findings in a stable order (file, line, column, rule). Start with
 * *iter = 0; returns NULL after the last one.
 */
WP_EXPORT const wp_finding *wp_run_next_finding(const wp_run *run, size_t *iter);

/** Inputs the run could not read or parse, in the order they were added. */
WP_EXPORT size_t wp_run_error_count(const wp_run *run);
WP_EXPORT const struct wp_diag *wp_run_error(const wp_run *run, size_t i);

/** Number of inputs read: binaries inspected, and manifests read even if
 *  some of their documents had errors. */
WP_EXPORT size_t wp_run_input_count(const wp_run *run);

#ifdef __cplusplus
}
#endif
#endif /* WASMPOLICY_RUN_H */
