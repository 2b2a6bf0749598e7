/* wasmlint: argument dispatch to the subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    { "lint", cmd_lint, "check manifests and binaries against the rule packs" },
    { "inspect", cmd_inspect, "list the imports, exports and capabilities of wasm binaries" },
    { "rules", cmd_rules, "list the rules that are loaded" },
    { "explain", cmd_explain, "describe one rule in full" },
    { "version", cmd_version, "print the version of wasmlint and libwasmpolicy" },
};

static void
print_help(FILE *f)
{
    fprintf(f, "usage: wasmlint COMMAND [OPTIONS] [ARGS]\n\n"
               "What can a WebAssembly workload reach, and is that what was meant?\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nOptions:\n"
               "  -h, --help     show this help\n"
               "  -V, --version  show the version\n\n"
               "Run 'wasmlint COMMAND --help' for the options of a command.\n"
               "Exit status: 0 clean, 1 findings, 2 unreadable input, 3 usage error,\n"
               "4 bad option value. See wasmlint(1).\n");
}

int
usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "wasmlint%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'wasmlint %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return EXIT_USAGE;
}

int
value_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "wasmlint %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_BADVALUE;
}

int
parse_format(const char *cmd, const char *arg, enum out_format *out)
{
    if (strcmp(arg, "text") == 0)
        *out = FORMAT_TEXT;
    else if (strcmp(arg, "json") == 0)
        *out = FORMAT_JSON;
    else
        return value_error(cmd, "unknown format '%s' (expected text or json)", arg);
    return 0;
}

void
print_diag(const struct wp_diag *d, const char *severity)
{
    const char *src = d->source[0] ? d->source : "<input>";

    /* The compiler's shape, which editors and CI annotators parse. */
    if (d->line)
        fprintf(stderr, "%s:%u:%u: %s: %s\n", src, d->line, d->column, severity, d->message);
    else if (d->has_offset)
        fprintf(stderr, "%s: offset 0x%llx: %s: %s\n", src, (unsigned long long)d->offset,
                severity, d->message);
    else
        fprintf(stderr, "%s: %s: %s\n", src, severity, d->message);
}

int
cmd_version(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: wasmlint version\n\nPrint the version of wasmlint and of the "
               "libwasmpolicy it runs with.\n");
        return EXIT_CLEAN;
    }
    if (argc > 1)
        return usage_error("version", "unexpected argument '%s'", argv[1]);
    printf("wasmlint %s (libwasmpolicy %s)\n", WP_VERSION_STRING, wp_version());
    return EXIT_CLEAN;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        print_help(stdout);
        return EXIT_CLEAN;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    if (argv[1][0] == '-')
        return usage_error(NULL, "unknown option '%s'", argv[1]);
    return usage_error(NULL, "unknown command '%s'", argv[1]);
}
