/*
 * wasmpolicy/rule.h - the rules a run applies.
 *
 * Rules are data: the built-in packs compiled into the library and the
 * packs a caller adds (wp_run_add_rules_file()). Their language is
 * documented in wasmlint-rules(5). A rule is owned by its run.
 */
#ifndef WASMPOLICY_RULE_H
#define WASMPOLICY_RULE_H

#include <wasmpolicy/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wp_rule wp_rule;

/** Stable kebab-case id, never reused for another meaning. */
WP_EXPORT const char *wp_rule_id(const wp_rule *rule);
/** The pack the rule came from ("k8s-wasm-pod", or a user pack's name). */
WP_EXPORT const char *wp_rule_pack(const wp_rule *rule);
WP_EXPORT const char *wp_rule_title(const wp_rule *rule);
/** The severity findings get (after wp_run_set_rule_severity()). */
WP_EXPORT enum wp_severity wp_rule_severity(const wp_rule *rule);
/** Texts for `explain`; NULL when the pack gives none. */
WP_EXPORT const char *wp_rule_description(const wp_rule *rule);
WP_EXPORT const char *wp_rule_rationale(const wp_rule *rule);
WP_EXPORT const char *wp_rule_remediation(const wp_rule *rule);
WP_EXPORT const char *wp_rule_example(const wp_rule *rule);
WP_EXPORT const char *wp_rule_help(const wp_rule *rule);
WP_EXPORT const char *wp_rule_tier(const wp_rule *rule);
WP_EXPORT size_t wp_rule_tag_count(const wp_rule *rule);
WP_EXPORT const char *wp_rule_tag(const wp_rule *rule, size_t i);
/** The subject kind the rule reads (enum wp_subject_kind). */
WP_EXPORT int wp_rule_subject(const wp_rule *rule);
/** Where the rule is defined: a file name, or "builtin:PACK.yaml". */
WP_EXPORT const char *wp_rule_source(const wp_rule *rule, unsigned *line);
/** 1 when the run applies it. */
WP_EXPORT int wp_rule_enabled(const wp_rule *rule);

#ifdef __cplusplus
}
#endif
#endif /* WASMPOLICY_RULE_H */
