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

WP_EXPORT const char *wp_finding_rule_id(const wp_finding *f);
WP_EXPORT enum wp_severity wp_finding_severity(const wp_finding *f);
WP_EXPORT const char *wp_finding_message(const wp_finding *f);

/** Where the finding points. The struct is borrowed from the finding. */
WP_EXPORT const struct wp_location *wp_finding_location(const wp_finding *f);

#ifdef __cplusplus
}
#endif
#endif /* WASMPOLICY_FINDING_H */
