/*
 * The model layer through the public API, as a tool linking the library
 * would use it: a run per round, the file added from memory (so the file
 * system is out of the measurement, as it is for yaml_events), documents
 * read and modelled one at a time, joins computed by wp_run_evaluate.
 * Prints the median of ROUNDS CPU times and what was modelled; with
 * --rules the built-in rule packs are applied too (the default run of
 * wasmlint lint), without it the run only models and joins.
 *
 *   model_run [--rules] FILE [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wasmpolicy/wasmpolicy.h>

#include "bench_util.h"

int
main(int argc, char **argv)
{
    int rules = argc > 1 && strcmp(argv[1], "--rules") == 0;
    int rounds;
    double t[64];
    size_t size, subjects = 0, errors = 0, findings = 0;
    unsigned char *data;

    argv += rules;
    argc -= rules;
    rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (argc < 2 || rounds < 1 || rounds > 64) {
        fprintf(stderr, "usage: model_run [--rules] FILE [ROUNDS<=64]\n");
        return 2;
    }
    if (!(data = bench_slurp(argv[1], &size)))
        return 2;
    for (int r = 0; r < rounds; r++) {
        wp_context *ctx;
        wp_run *run;
        double t0 = bench_now();

        if (wp_context_new(&ctx, NULL) || wp_run_new(&run, ctx) ||
            (!rules && wp_run_use_builtin_rules(run, 0)))
            return 3;
        wp_run_add_buffer(run, argv[1], data, size, NULL);
        wp_run_evaluate(run, NULL);
        t[r] = bench_now() - t0;
        subjects = wp_model_subject_count(wp_run_model(run));
        errors = wp_run_error_count(run);
        findings = 0;
        for (size_t it = 0; wp_run_next_finding(run, &it);)
            findings++;
        wp_run_free(run);
        wp_context_free(ctx);
    }
    printf("{\"seconds\": %.6f, \"subjects\": %zu, \"errors\": %zu, \"findings\": %zu}\n",
           bench_median(t, rounds), subjects, errors, findings);
    free(data);
    return 0;
}
