/* wasmlint rules / explain: list and describe the rules a run would apply. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "args.h"
#include "cli.h"
#include "rule_packs.h"

/* A run that only knows rules: built-in packs plus --rules. */
static int
rules_run(const char *cmd, const struct path_list *packs, wp_context **ctx, wp_run **run)
{
    if (wp_context_new(ctx, NULL) || wp_run_new(run, *ctx)) {
        fprintf(stderr, "wasmlint %s: out of memory\n", cmd);
        wp_context_free(*ctx);
        return EXIT_INPUT;
    }
    if (add_rule_packs(*run, packs)) {
        wp_run_free(*run);
        wp_context_free(*ctx);
        return EXIT_BADVALUE;
    }
    return EXIT_CLEAN;
}

static void
list_json(wp_run *run)
{
    json_t *a = json_array();

    for (size_t i = 0; i < wp_run_rule_count(run); i++) {
        const wp_rule *r = wp_run_rule(run, i);
        json_t *o = json_object(), *tags = json_array();
        unsigned line;
        const char *src = wp_rule_source(r, &line);

        for (size_t t = 0; t < wp_rule_tag_count(r); t++)
            json_array_append_new(tags, json_string(wp_rule_tag(r, t)));
        json_object_set_new(o, "id", json_string(wp_rule_id(r)));
        json_object_set_new(o, "pack", json_string(wp_rule_pack(r)));
        json_object_set_new(o, "severity", json_string(wp_severity_name(wp_rule_severity(r))));
        json_object_set_new(o, "tier", wp_rule_tier(r) ? json_string(wp_rule_tier(r)) : json_null());
        json_object_set_new(o, "title", json_string(wp_rule_title(r)));
        json_object_set_new(o, "subject",
                            json_string(wp_subject_kind_name((enum wp_subject_kind)wp_rule_subject(r))));
        json_object_set_new(o, "tags", tags);
        json_object_set_new(o, "source", json_string(src));
        json_object_set_new(o, "line", json_integer(line));
        json_array_append_new(a, o);
    }
    json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(a);
}

int
cmd_rules(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "rules", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    enum out_format format = FORMAT_TEXT;
    struct path_list packs = { 0 };
    wp_context *ctx = NULL;
    wp_run *run = NULL;
    int c, rc;

    optind = 1;
    while ((c = next_opt("rules", argc, argv, "f:r:h", longopts)) != -1) {
        switch (c) {
        case 'f':
            if ((rc = parse_format("rules", optarg, &format)))
                return walk_free(&packs), rc;
            break;
        case 'r':
            path_list_push(&packs, optarg);
            break;
        case 'h':
            printf("usage: wasmlint rules [--format text|json] [--rules PATH]...\n\n"
                   "List the rules lint applies: id, pack, severity and title.\n\n"
                   "Options:\n"
                   "  -f, --format FORMAT  text (default) or json\n"
                   "  -r, --rules PATH     also load the rule packs in PATH (a file, or a\n"
                   "                       directory of .yaml files); repeatable\n"
                   "  -h, --help           show this help\n");
            walk_free(&packs);
            return EXIT_CLEAN;
        default:
            walk_free(&packs);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        walk_free(&packs);
        return usage_error("rules", "unexpected argument '%s'", argv[optind]);
    }
    rc = rules_run("rules", &packs, &ctx, &run);
    walk_free(&packs);
    if (rc)
        return rc;
    if (format == FORMAT_JSON) {
        list_json(run);
    } else {
        for (size_t i = 0; i < wp_run_rule_count(run); i++) {
            const wp_rule *r = wp_run_rule(run, i);
            printf("%-42s %-18s %-8s %s\n", wp_rule_id(r), wp_rule_pack(r),
                   wp_severity_name(wp_rule_severity(r)), wp_rule_title(r));
        }
    }
    wp_run_free(run);
    wp_context_free(ctx);
    return EXIT_CLEAN;
}

static void
section(const char *title, const char *text)
{
    size_t n;

    if (!text || !*text)
        return;
    n = strlen(text);
    printf("\n%s:\n", title);
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        printf("  %.*s\n", (int)len, p);
        p += len + (nl ? 1 : 0);
    }
    (void)n;
}

int
cmd_explain(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "rules", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct path_list packs = { 0 };
    wp_context *ctx = NULL;
    wp_run *run = NULL;
    const wp_rule *r;
    int c, rc;

    optind = 1;
    while ((c = next_opt("explain", argc, argv, "r:h", longopts)) != -1) {
        switch (c) {
        case 'r':
            path_list_push(&packs, optarg);
            break;
        case 'h':
            printf("usage: wasmlint explain [--rules PATH]... RULE-ID\n\n"
                   "Print a rule's description, rationale, remediation and an example.\n\n"
                   "Options:\n"
                   "  -r, --rules PATH  also load the rule packs in PATH; repeatable\n"
                   "  -h, --help        show this help\n");
            walk_free(&packs);
            return EXIT_CLEAN;
        default:
            walk_free(&packs);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc || optind + 1 < argc) {
        walk_free(&packs);
        return optind >= argc ? usage_error("explain", "no rule id given")
                              : usage_error("explain", "unexpected argument '%s'",
                                            argv[optind + 1]);
    }
    rc = rules_run("explain", &packs, &ctx, &run);
    walk_free(&packs);
    if (rc)
        return rc;
    if (!(r = wp_run_find_rule(run, argv[optind]))) {
        wp_run_free(run);
        wp_context_free(ctx);
        return value_error("explain", "unknown rule '%s' (see 'wasmlint rules')", argv[optind]);
    }
    printf("%s: %s\n", wp_rule_id(r), wp_rule_title(r));
    printf("pack %s, severity %s%s%s\n", wp_rule_pack(r), wp_severity_name(wp_rule_severity(r)),
           wp_rule_tier(r) ? ", tier " : "", wp_rule_tier(r) ? wp_rule_tier(r) : "");
    section("What it checks", wp_rule_description(r));
    section("Why", wp_rule_rationale(r));
    section("What to do", wp_rule_remediation(r));
    section("Example that fires", wp_rule_example(r));
    if (wp_rule_help(r))
        printf("\nMore: %s\n", wp_rule_help(r));
    wp_run_free(run);
    wp_context_free(ctx);
    return EXIT_CLEAN;
}
