/* --rules PATH: user rule packs for lint, rules and explain. */
#ifndef WASMLINT_RULE_PACKS_H
#define WASMLINT_RULE_PACKS_H

#include <wasmpolicy/wasmpolicy.h>

#include "walk.h"

/*
 * Add the packs named by @paths (files, or directories whose *.yaml and
 * *.yml files are read in name order) to @run. Problems are printed as
 * "file:line:col: error: ..."; returns the number of packs that failed.
 */
int add_rule_packs(wp_run *run, const struct path_list *paths);

#endif
