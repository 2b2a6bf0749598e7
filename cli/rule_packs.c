/* Loading user rule packs named on the command line. */
#include <stdio.h>

#include "cli.h"
#include "rule_packs.h"

int
add_rule_packs(wp_run *run, const struct path_list *paths)
{
    int failed = 0;

    for (size_t i = 0; i < paths->n; i++) {
        size_t before = wp_run_error_count(run);

        failed += wp_run_add_rules_path(run, paths->v[i], NULL) != WP_OK;
        for (size_t k = before; k < wp_run_error_count(run); k++)
            print_diag(wp_run_error(run, k), "error");
    }
    return failed;
}
