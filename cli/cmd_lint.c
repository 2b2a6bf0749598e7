/* wasmlint lint: read inputs into a run, evaluate, report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "args.h"
#include "cli.h"
#include "config.h"
#include "dump_model.h"
#include "rule_packs.h"
#include "walk.h"

static void
help(void)
{
    printf("usage: wasmlint lint [OPTIONS] PATH...\n\n"
           "Check Kubernetes, wasmCloud and Spin manifests and the WebAssembly binaries\n"
           "they deploy against the loaded rule packs. PATH is a file, a directory\n"
           "(searched recursively for .yaml, .yml, .json, .wasm and spin.toml) or '-'\n"
           "for standard input.\n\n"
           "Options:\n"
           "  -f, --format FORMAT       text (default: file:line:col: severity: message\n"
           "                            [rule]) or json\n"
           "      --dump-model          print what was understood (subjects, fields and\n"
           "                            their positions, joins) as JSON instead of findings\n"
           "      --default-namespace NS\n"
           "                            namespace of objects that name none (default:\n"
           "                            default)\n"
           "      --wasm-handler NAME   treat RuntimeClass handler NAME as wasm (repeatable;\n"
           "                            adds to the built-in list)\n"
           "      --wasm-label KEY=VALUE\n"
           "                            treat pods with this label as wasm (repeatable)\n"
           "      --assume-wasm         treat every pod as a wasm pod\n"
           "  -r, --rules PATH          also apply the rule packs in PATH (a file, or a\n"
           "                            directory of .yaml files); repeatable\n"
           "      --fail-on LEVEL       exit 1 for findings at or above LEVEL: error\n"
           "                            (default), warning, info or none\n"
           "      --artifact REF=PATH   the binary of image REF is the file PATH (or an\n"
           "                            OCI layout directory); repeatable\n"
           "      --oci-layout DIR      look for binaries in this OCI image layout;\n"
           "                            repeatable\n"
           "      --require-artifacts   a component whose binary is not found is an error\n"
           "  -c, --config FILE         use this project config instead of looking for\n"
           "                            .wasmlint.yaml from the first input upwards\n"
           "      --no-config           use no project config\n"
           "  -h, --help                show this help\n\n"
           "Exit status: 0 clean, 1 findings at or above --fail-on, 2 some inputs could\n"
           "not be read (the rest were still checked), 3 usage error, 4 bad option value\n"
           "or rule pack. Findings that say a rule could not decide (cannot prove,\n"
           "unresolved) never fail the run.\n");
}

static int
add_input(wp_run *run, const char *path)
{
    unsigned char *buf;
    size_t size = 0;
    int rc;

    if (strcmp(path, "-") != 0)
        return wp_run_add_file(run, path, NULL);
    if (!(buf = read_stdin(&size))) {
        fprintf(stderr, "<stdin>: cannot read standard input\n");
        return WP_EIO;
    }
    rc = wp_run_add_buffer(run, "<stdin>", buf, size, NULL);
    free(buf);
    return rc;
}

static void
print_findings_text(const wp_run *run, size_t *count)
{
    const wp_finding *f;
    size_t it = 0;

    while ((f = wp_run_next_finding(run, &it))) {
        const struct wp_location *l = wp_finding_location(f);
        printf("%s:%u:%u: %s: %s [%s]\n", l->file, l->line, l->column,
               wp_severity_name(wp_finding_severity(f)), wp_finding_message(f),
               wp_finding_rule_id(f));
        (*count)++;
    }
}

static void
print_json(const wp_run *run, size_t *count)
{
    json_t *o = json_object(), *fs = json_array(), *es = json_array();
    const wp_finding *f;
    size_t it = 0;

    json_object_set_new(o, "version", json_integer(1));
    while ((f = wp_run_next_finding(run, &it))) {
        const struct wp_location *l = wp_finding_location(f);
        json_t *j = json_object();
        json_object_set_new(j, "rule_id", json_string(wp_finding_rule_id(f)));
        json_object_set_new(j, "severity",
                            json_string(wp_severity_name(wp_finding_severity(f))));
        json_object_set_new(j, "message", json_string(wp_finding_message(f)));
        json_object_set_new(j, "file", json_string(l->file));
        json_object_set_new(j, "line", json_integer(l->line));
        json_object_set_new(j, "column", json_integer(l->column));
        json_object_set_new(j, "end_line", json_integer(l->end_line));
        json_object_set_new(j, "end_column", json_integer(l->end_column));
        json_object_set_new(j, "outcome", json_string(
            wp_finding_outcome(f) == WP_OUTCOME_CANNOT_PROVE ? "cannot-prove" :
            wp_finding_outcome(f) == WP_OUTCOME_UNRESOLVED ? "unresolved" : "fail"));
        json_object_set_new(j, "subject", json_string(wp_finding_subject(f)));
        json_object_set_new(j, "pack", json_string(wp_rule_pack(wp_finding_rule(f))));
        json_array_append_new(fs, j);
        (*count)++;
    }
    for (size_t i = 0; i < wp_run_error_count(run); i++) {
        const struct wp_diag *d = wp_run_error(run, i);
        json_t *j = json_object();
        json_object_set_new(j, "file", json_string(d->source));
        json_object_set_new(j, "line", d->line ? json_integer(d->line) : json_null());
        json_object_set_new(j, "column", d->line ? json_integer(d->column) : json_null());
        json_object_set_new(j, "offset", d->has_offset ? json_integer((json_int_t)d->offset)
                                                       : json_null());
        json_object_set_new(j, "message", json_string(d->message));
        json_array_append_new(es, j);
    }
    json_object_set_new(o, "findings", fs);
    json_object_set_new(o, "errors", es);
    json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(o);
}

/* Print the config's problems; nonzero when it could not be applied. */
static int
apply_config(wp_run *run, const char *path)
{
    size_t before = wp_run_error_count(run);
    int rc = wp_run_apply_config_file(run, path, NULL);

    for (size_t i = before; i < wp_run_error_count(run); i++)
        print_diag(wp_run_error(run, i), "error");
    return rc != WP_OK;
}

int
cmd_lint(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "dump-model", no_argument, NULL, 'M' },
        { "default-namespace", required_argument, NULL, 'N' },
        { "wasm-handler", required_argument, NULL, 'H' },
        { "wasm-label", required_argument, NULL, 'L' },
        { "assume-wasm", no_argument, NULL, 'A' },
        { "rules", required_argument, NULL, 'r' },
        { "fail-on", required_argument, NULL, 'F' },
        { "config", required_argument, NULL, 'c' },
        { "artifact", required_argument, NULL, 'a' },
        { "oci-layout", required_argument, NULL, 'o' },
        { "require-artifacts", no_argument, NULL, 'R' },
        { "no-config", no_argument, NULL, 'C' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    enum out_format format = FORMAT_TEXT;
    struct path_list paths = { 0 };
    wp_context *ctx = NULL;
    wp_run *run = NULL;
    size_t nfindings = 0;
    int c, walk_failed = 0, status, dump = 0, all_wasm = 0;
    const char *ns = NULL;
    struct path_list handlers = { 0 }, labels = { 0 }, packs = { 0 };
    struct path_list artifacts = { 0 }, layouts = { 0 };
    int require = 0;
    int fail_on = WP_SEVERITY_ERROR, no_config = 0;
    const char *config = NULL;
    char *found = NULL;
    size_t nfailing = 0;

    optind = 1;
    while ((c = next_opt("lint", argc, argv, "f:r:c:h", longopts)) != -1) {
        switch (c) {
        case 'f':
            if ((status = parse_format("lint", optarg, &format)))
                goto out;
            break;
        case 'M':
            dump = 1;
            break;
        case 'N':
            if (!*optarg) {
                status = value_error("lint", "--default-namespace needs a name");
                goto out;
            }
            ns = optarg;
            break;
        case 'H':
            if (!*optarg) {
                status = value_error("lint", "--wasm-handler needs a name");
                goto out;
            }
            path_list_push(&handlers, optarg);
            break;
        case 'L':
            if (!strchr(optarg, '=') || *optarg == '=') {
                status = value_error("lint", "--wasm-label wants KEY=VALUE, got '%s'", optarg);
                goto out;
            }
            path_list_push(&labels, optarg);
            break;
        case 'A':
            all_wasm = 1;
            break;
        case 'r':
            path_list_push(&packs, optarg);
            break;
        case 'c':
            config = optarg;
            break;
        case 'C':
            no_config = 1;
            break;
        case 'a':
            if (!strchr(optarg, '=') || *optarg == '=' || !strchr(optarg, '=')[1]) {
                status = value_error("lint", "--artifact wants REF=PATH, got '%s'", optarg);
                goto out;
            }
            path_list_push(&artifacts, optarg);
            break;
        case 'o':
            path_list_push(&layouts, optarg);
            break;
        case 'R':
            require = 1;
            break;
        case 'F':
            if (strcmp(optarg, "error") == 0)
                fail_on = WP_SEVERITY_ERROR;
            else if (strcmp(optarg, "warning") == 0)
                fail_on = WP_SEVERITY_WARNING;
            else if (strcmp(optarg, "info") == 0)
                fail_on = WP_SEVERITY_INFO;
            else if (strcmp(optarg, "none") == 0)
                fail_on = WP_SEVERITY_ERROR + 1;
            else {
                status = value_error(
                    "lint", "--fail-on wants error, warning, info or none, got '%s'", optarg);
                goto out;
            }
            break;
        case 'h':
            help();
            status = EXIT_CLEAN;
            goto out;
        default:
            status = EXIT_USAGE;
            goto out;
        }
    }
    if (optind >= argc) {
        status = usage_error("lint", "no inputs (give files or directories, or '-')");
        goto out;
    }
    for (int i = optind; i < argc; i++)
        if (walk_add(&paths, argv[i]))
            walk_failed = 1;
    if (wp_context_new(&ctx, NULL) || wp_run_new(&run, ctx)) {
        fprintf(stderr, "wasmlint lint: out of memory\n");
        status = EXIT_INPUT;
        goto out;
    }
    if (!config && !no_config)
        config = found = find_config(paths.n ? paths.v[0] : NULL);
    if (add_rule_packs(run, &packs) ||
        (config && !no_config && apply_config(run, config))) {
        /* Linting without the user's own policy would look clean and be wrong. */
        status = EXIT_BADVALUE;
        goto out;
    }
    /* The command line wins over the config: applied after it. */
    if (ns)
        wp_run_set_default_namespace(run, ns);
    for (size_t i = 0; i < handlers.n; i++)
        wp_run_add_wasm_handler(run, handlers.v[i]);
    for (size_t i = 0; i < labels.n; i++) {
        char *eq = strchr(labels.v[i], '=');
        *eq = '\0';
        wp_run_add_wasm_label(run, labels.v[i], eq + 1);
    }
    if (all_wasm)
        wp_run_set_all_pods_wasm(run, 1);
    for (size_t i = 0; i < artifacts.n; i++) {
        char *eq = strchr(artifacts.v[i], '=');
        *eq = '\0';
        wp_run_add_artifact(run, artifacts.v[i], eq + 1);
    }
    for (size_t i = 0; i < layouts.n; i++)
        wp_run_add_oci_layout(run, layouts.v[i]);
    if (require)
        wp_run_set_require_artifacts(run, 1);
    for (size_t i = 0; i < paths.n; i++)
        if (add_input(run, paths.v[i]) == WP_EIO && strcmp(paths.v[i], "-") == 0)
            walk_failed = 1; /* not recorded by the run: it never saw the bytes */
    wp_run_evaluate(run, NULL);
    for (size_t i = 0; i < wp_run_error_count(run); i++)
        print_diag(wp_run_error(run, i), "error");
    for (size_t i = 0; i < wp_model_warning_count(wp_run_model(run)); i++)
        print_diag(wp_model_warning(wp_run_model(run), i), "warning");
    if (dump)
        dump_model(run);
    else if (format == FORMAT_JSON)
        print_json(run, &nfindings);
    else
        print_findings_text(run, &nfindings);
    fprintf(stderr, "wasmlint: %zu input%s checked, %zu finding%s, %zu input error%s\n",
            wp_run_input_count(run), wp_run_input_count(run) == 1 ? "" : "s", nfindings,
            nfindings == 1 ? "" : "s", wp_run_error_count(run),
            wp_run_error_count(run) == 1 ? "" : "s");
    {
        const wp_finding *f;
        size_t it = 0;

        while ((f = wp_run_next_finding(run, &it)))
            if (wp_finding_outcome(f) == WP_OUTCOME_FAIL &&
                (int)wp_finding_severity(f) >= fail_on)
                nfailing++;
    }
    if (wp_run_error_count(run) || walk_failed)
        status = EXIT_INPUT;
    else
        status = nfailing && !dump ? EXIT_FINDINGS : EXIT_CLEAN;
out:
    free(found);
    wp_run_free(run);
    wp_context_free(ctx);
    walk_free(&paths);
    walk_free(&handlers);
    walk_free(&labels);
    walk_free(&packs);
    walk_free(&artifacts);
    walk_free(&layouts);
    return status;
}
