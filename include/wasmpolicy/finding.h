/*
 * wasmpolicy/finding.h - one result of a rule on a workload.
 *
 * Findings are results, not errors. Each names a stable rule id, a
 * severity, a message and the exact place: file with 1-based start and end
 * line:column for text inputs, or a byte offset for binaries. Findings are
 * owned by their run.
 */
#ifndef WASMPOLICY_FINDING_H
#define WASMPOLICY_FINDING_H

#include <wasmpolicy/common.h>
#include <wasmpolicy/rule.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wp_finding wp_finding;

/** A place in an input. Lines and columns are 1-based; 0 when unknown. */
struct wp_location {
    const char *file;   /**< as given to the run */
    unsigned line, column;
    unsigned end_line, end_column;  /**< end of the node, exclusive (the
                                     *   position just after it, as SARIF
                                     *   counts endColumn) */
    uint64_t offset;    /**< byte offset of the start */
};

/** What a finding means (rules.md §0). Only WP_OUTCOME_FAIL findings are
 *  violations; the others say the rule could not decide. */
enum wp_outcome {
    WP_OUTCOME_FAIL = 1,          /**< the rule's trigger holds */
    WP_OUTCOME_CANNOT_PROVE = 2,  /**< a joined object is not in the linted set */
    WP_OUTCOME_UNRESOLVED = 3     /**< the component's binary is not available */
};

WP_EXPORT const char *wp_finding_rule_id(const wp_finding *f);
WP_EXPORT const wp_rule *wp_finding_rule(const wp_finding *f);
WP_EXPORT enum wp_outcome wp_finding_outcome(const wp_finding *f);
/** Id of the model subject the finding is about ("Deployment shop/api"). */
WP_EXPORT const char *wp_finding_subject(const wp_finding *f);
WP_EXPORT enum wp_severity wp_finding_severity(const wp_finding *f);
WP_EXPORT const char *wp_finding_message(const wp_finding *f);

/** Where the finding points. The struct is borrowed from the finding. */
WP_EXPORT const struct wp_location *wp_finding_location(const wp_finding *f);

#ifdef __cplusplus
}
#endif
#endif /* WASMPOLICY_FINDING_H */
