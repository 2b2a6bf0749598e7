/* getopt_long wrapper that turns unknown options into usage errors. */
#ifndef WASMLINT_ARGS_H
#define WASMLINT_ARGS_H

#include <getopt.h>

/* Returns the option, -1 at the end, or '?' after printing a usage error
 * (the caller then returns EXIT_USAGE). */
int next_opt(const char *cmd, int argc, char **argv, const char *shortopts,
             const struct option *longopts);

/* Read all of stdin (for the "-" argument); NULL on failure. */
unsigned char *read_stdin(size_t *size);

#endif
