/*
 * wasmpolicy/model.h - what the linter understood: subjects and their fields.
 *
 * Every manifest a run reads is normalised into subjects: workloads (any
 * object with a pod template, and the Deployment a SpinApp makes), service
 * accounts, network policies, runtime classes, persistent volumes and
 * claims, wasm applications (wasmCloud, wadm, SpinKube, Spin, wash) and
 * the components they deploy with their grant record. A subject's fields
 * form a small tree of values; every value knows the span of the source
 * node it came from, so a tool can point at the exact field. Values the
 * model inferred (a defaulted namespace, the `default` service account)
 * are flagged WP_VALUE_DERIVED and point at the place they were inferred.
 *
 * The field names of each subject kind are listed in libwasmpolicy(3) and
 * are part of the stable interface: fields are added, never renamed.
 *
 * Joins across inputs (a pod's ServiceAccount and effective token
 * automount, the NetworkPolicies that select it, its RuntimeClass and wasm
 * classification, a claim's PersistentVolume) are computed by
 * wp_run_evaluate() and appear under each subject's "joins" field.
 *
 * The model is owned by its run: every pointer below is valid until
 * wp_run_free().
 */
#ifndef WASMPOLICY_MODEL_H
#define WASMPOLICY_MODEL_H

#include <wasmpolicy/common.h>
#include <wasmpolicy/finding.h>
#include <wasmpolicy/run.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wp_model wp_model;
typedef struct wp_subject wp_subject;
typedef struct wp_value wp_value;

enum wp_subject_kind {
    WP_SUBJECT_WORKLOAD = 1,           /**< a pod template and its holder */
    WP_SUBJECT_SERVICE_ACCOUNT = 2,
    WP_SUBJECT_NETWORK_POLICY = 3,
    WP_SUBJECT_RUNTIME_CLASS = 4,
    WP_SUBJECT_PERSISTENT_VOLUME = 5,
    WP_SUBJECT_PERSISTENT_VOLUME_CLAIM = 6,
    WP_SUBJECT_APPLICATION = 7,        /**< a wasm platform object: wasmCloud
                                        *   Workload, wadm Application,
                                        *   SpinApp, spin.toml, wash project */
    WP_SUBJECT_COMPONENT = 8,          /**< one wasm component and its grants */
    WP_SUBJECT_DOCUMENT = 9            /**< any document as written, kept only
                                        *   when a rule reads documents */
};

enum wp_value_kind {
    WP_VALUE_NULL = 0,
    WP_VALUE_BOOL = 1,
    WP_VALUE_INT = 2,
    WP_VALUE_STRING = 3,
    WP_VALUE_LIST = 4,
    WP_VALUE_MAP = 5
};

#define WP_VALUE_DERIVED 0x1u  /**< inferred; the location is where */
#define WP_VALUE_NOPOS   0x2u  /**< no source location */

/** The model of @p run: inputs added so far; joins once evaluated. */
WP_EXPORT const wp_model *wp_run_model(const wp_run *run);

WP_EXPORT size_t wp_model_subject_count(const wp_model *model);
/** Subject @p i, in input order (file, then position); NULL past the end. */
WP_EXPORT const wp_subject *wp_model_subject(const wp_model *model, size_t i);

/**
 * Model warnings: fields that Kubernetes or the platform would read
 * differently from how they are written (a label value `yes` that YAML 1.1
 * makes a boolean, a spec field on a ServiceAccount). Errors in inputs are
 * reported through wp_run_error() instead.
 */
WP_EXPORT size_t wp_model_warning_count(const wp_model *model);
WP_EXPORT const struct wp_diag *wp_model_warning(const wp_model *model, size_t i);

WP_EXPORT enum wp_subject_kind wp_subject_kind(const wp_subject *subject);
/** "workload", "service-account", ... as used in dumps and rule packs. */
WP_EXPORT const char *wp_subject_kind_name(enum wp_subject_kind kind);
/** A readable unique-ish id: "Deployment shop/api", "component spin.toml/api". */
WP_EXPORT const char *wp_subject_id(const wp_subject *subject);
/** The span of the whole object in its file. */
WP_EXPORT void wp_subject_location(const wp_subject *subject, struct wp_location *loc);
/** The root of the subject's fields (a WP_VALUE_MAP). */
WP_EXPORT const wp_value *wp_subject_fields(const wp_subject *subject);

WP_EXPORT enum wp_value_kind wp_value_kind(const wp_value *value);
WP_EXPORT unsigned wp_value_flags(const wp_value *value);
/** Text of a string value (NUL-terminated), else NULL. @p len may be NULL. */
WP_EXPORT const char *wp_value_string(const wp_value *value, size_t *len);
/** 1 or 0 for a boolean, -1 for anything else. */
WP_EXPORT int wp_value_bool(const wp_value *value);
/** An integer value, 0 for anything else. */
WP_EXPORT int64_t wp_value_int(const wp_value *value);
/** Children of a list or map. */
WP_EXPORT size_t wp_value_count(const wp_value *value);
/**
 * Iterate the children of a list or map: pass NULL for the first child,
 * then the previous child. @p key (may be NULL) receives a map child's key.
 */
WP_EXPORT const wp_value *wp_value_next(const wp_value *parent, const wp_value *prev,
                                        const char **key);
WP_EXPORT const wp_value *wp_value_get(const wp_value *map, const char *key);
/** Follow "pod.containers[0].image": map keys and [N] list indexes. */
WP_EXPORT const wp_value *wp_value_path(const wp_value *root, const char *path);
/**
 * Where @p value came from, in @p subject's file. Returns WP_ENOTFOUND
 * (and zeroes @p loc but for the file) for WP_VALUE_NOPOS values.
 */
WP_EXPORT int wp_value_location(const wp_subject *subject, const wp_value *value,
                                struct wp_location *loc);

#ifdef __cplusplus
}
#endif
#endif /* WASMPOLICY_MODEL_H */
