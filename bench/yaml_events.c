/*
 * The floor for the model benchmark: libyaml's own event parse of a file
 * (yaml_parser_parse until STREAM-END: no tree, no model), best effort on
 * errors. Prints the median of ROUNDS wall times and the document count.
 *
 *   yaml_events FILE [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <yaml.h>

#include "bench_util.h"

static long
parse(const unsigned char *data, size_t size)
{
    yaml_parser_t p;
    yaml_event_t ev;
    long docs = 0;
    int done = 0;

    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, data, size);
    while (!done) {
        if (!yaml_parser_parse(&p, &ev))
            break;
        if (ev.type == YAML_DOCUMENT_START_EVENT)
            docs++;
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return docs;
}

int
main(int argc, char **argv)
{
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    double t[64];
    size_t size;
    unsigned char *data;
    long docs = 0;

    if (argc < 2 || rounds < 1 || rounds > 64) {
        fprintf(stderr, "usage: yaml_events FILE [ROUNDS<=64]\n");
        return 2;
    }
    if (!(data = bench_slurp(argv[1], &size)))
        return 2;
    for (int r = 0; r < rounds; r++) {
        double t0 = bench_now();
        docs = parse(data, size);
        t[r] = bench_now() - t0;
    }
    printf("{\"seconds\": %.6f, \"documents\": %ld}\n", bench_median(t, rounds), docs);
    free(data);
    return 0;
}
