/* Public getters of wp_finding. */
#include "run/run_impl.h"

const char *
wp_finding_rule_id(const wp_finding *f)
{
    return f ? f->rule_id : NULL;
}

enum wp_severity
wp_finding_severity(const wp_finding *f)
{
    return f ? f->severity : 0;
}

const char *
wp_finding_message(const wp_finding *f)
{
    return f ? f->message : NULL;
}

const struct wp_location *
wp_finding_location(const wp_finding *f)
{
    return f ? &f->loc : NULL;
}

const wp_rule *
wp_finding_rule(const wp_finding *f)
{
    return f ? f->rule : NULL;
}

enum wp_outcome
wp_finding_outcome(const wp_finding *f)
{
    return f ? f->outcome : (enum wp_outcome)0;
}

const char *
wp_finding_subject(const wp_finding *f)
{
    return f ? f->subject : NULL;
}
