/* wasmlint rules / explain: list and describe the loaded rules. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"

int
cmd_rules(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    enum out_format format = FORMAT_TEXT;
    int c, rc;

    optind = 1;
    while ((c = next_opt("rules", argc, argv, "f:h", longopts)) != -1) {
        switch (c) {
        case 'f':
            if ((rc = parse_format("rules", optarg, &format)))
                return rc;
            break;
        case 'h':
            printf("usage: wasmlint rules [--format text|json]\n\n"
                   "List the loaded rules: id, pack, severity and title.\n\n"
                   "Options:\n"
                   "  -f, --format FORMAT  text (default) or json\n"
                   "  -h, --help           show this help\n");
            return EXIT_CLEAN;
        default:
            return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return usage_error("rules", "unexpected argument '%s'", argv[optind]);
    /* This release ships no rule packs yet; the list is honestly empty. */
    if (format == FORMAT_JSON)
        printf("[]\n");
    fprintf(stderr, "wasmlint rules: no rule packs are loaded\n");
    return EXIT_CLEAN;
}

int
cmd_explain(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    optind = 1;
    while ((c = next_opt("explain", argc, argv, "h", longopts)) != -1) {
        switch (c) {
        case 'h':
            printf("usage: wasmlint explain RULE-ID\n\n"
                   "Print a rule's description, rationale, remediation and an example.\n\n"
                   "Options:\n"
                   "  -h, --help  show this help\n");
            return EXIT_CLEAN;
        default:
            return EXIT_USAGE;
        }
    }
    if (optind >= argc)
        return usage_error("explain", "no rule id given");
    if (optind + 1 < argc)
        return usage_error("explain", "unexpected argument '%s'", argv[optind + 1]);
    return value_error("explain", "unknown rule '%s' (see 'wasmlint rules')", argv[optind]);
}
