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
    int prev = optind ? optind : 1;
    int c;

    opterr = 0;
    c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == '?') {
        const char *arg = argv[prev < argc ? prev : argc - 1];
        if (optopt && strchr(shortopts, optopt))
            usage_error(cmd, "option '-%c' needs a value", optopt);
        else if (optopt)
            usage_error(cmd, "unknown option '-%c'", optopt);
        else if (strchr(arg, '='))
            usage_error(cmd, "unknown option or unexpected value '%s'", arg);
        else
            usage_error(cmd, "unknown option '%s' or missing value", arg);
    } else if (c == ':') {
        usage_error(cmd, "option '%s' needs a value", argv[prev]);
        c = '?';
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
