/* Option parsing shared by the subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"

int
next_opt(const char *cmd, int argc, char **argv, const char *shortopts,
         const struct option *longopts)
{
    char spec[64];
    int c;

    /* A leading ':' makes getopt report a missing value as ':' rather than
     * '?', so the two mistakes get their own messages. GNU permutation is
     * kept: options may follow file names. */
    snprintf(spec, sizeof(spec), ":%s", shortopts);
    opterr = 0;
    c = getopt_long(argc, argv, spec, longopts, NULL);
    if (c == ':') {
        usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        return '?';
    }
    if (c == '?') {
        if (optopt)
            usage_error(cmd, "unknown option '-%c'", optopt);
        else
            usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
    }
    return c;
}

unsigned char *
read_stdin(size_t *size)
{
    size_t cap = 65536, len = 0;
    unsigned char *buf = malloc(cap), *nb;

    while (buf) {
        size_t n = fread(buf + len, 1, cap - len, stdin);
        len += n;
        if (n == 0)
            break;
        if (len == cap) {
            nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (buf && ferror(stdin)) {
        free(buf);
        return NULL;
    }
    *size = len;
    return buf;
}
