/* Public getters of wp_rule (wasmpolicy/rule.h). */
#include "rules/rules.h"

const char *wp_rule_id(const wp_rule *r) { return r ? r->id : NULL; }
const char *wp_rule_pack(const wp_rule *r) { return r ? r->pack : NULL; }
const char *wp_rule_title(const wp_rule *r) { return r ? r->title : NULL; }
enum wp_severity wp_rule_severity(const wp_rule *r)
{
    return r ? (enum wp_severity)r->severity : (enum wp_severity)0;
}
const char *wp_rule_description(const wp_rule *r) { return r ? r->description : NULL; }
const char *wp_rule_rationale(const wp_rule *r) { return r ? r->rationale : NULL; }
const char *wp_rule_remediation(const wp_rule *r) { return r ? r->remediation : NULL; }
const char *wp_rule_example(const wp_rule *r) { return r ? r->example : NULL; }
const char *wp_rule_help(const wp_rule *r) { return r ? r->help : NULL; }
const char *wp_rule_tier(const wp_rule *r) { return r ? r->tier : NULL; }
size_t wp_rule_tag_count(const wp_rule *r) { return r ? r->ntags : 0; }
const char *wp_rule_tag(const wp_rule *r, size_t i) { return r && i < r->ntags ? r->tags[i] : NULL; }
int wp_rule_subject(const wp_rule *r) { return r ? r->subject : 0; }
int wp_rule_enabled(const wp_rule *r) { return r ? r->enabled : 0; }

const char *
wp_rule_source(const wp_rule *r, unsigned *line)
{
    if (line)
        *line = r ? r->line : 0;
    return r ? r->file : NULL;
}
