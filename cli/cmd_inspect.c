/* wasmlint inspect: imports, exports and capabilities of wasm binaries. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "args.h"
#include "cli.h"

static void
help(void)
{
    printf("usage: wasmlint inspect [--format text|json] FILE...\n\n"
           "List the top-level imports and exports of WebAssembly components and core\n"
           "modules, and the capability classes the imports request. FILE may be '-'\n"
           "for standard input.\n\n"
           "Options:\n"
           "  -f, --format FORMAT  text (default) or json: one array, one object per file\n"
           "  -h, --help           show this help\n\n"
           "Exit status: 0 all files read, 2 some could not be decoded (the others are\n"
           "still listed), 3 usage error, 4 bad option value.\n");
}

static json_t *
caps_json(uint64_t caps)
{
    json_t *a = json_array();

    for (unsigned i = 0; i < WP_CAP_COUNT; i++)
        if (caps & ((uint64_t)1 << i))
            json_array_append_new(a, json_string(wp_capability_name(i)));
    return a;
}

static json_t *
entry_json(const wp_wasm_entry *e, int is_import)
{
    static const enum wp_iface_part parts[] = { WP_IFACE_NAMESPACE, WP_IFACE_PACKAGE,
                                                WP_IFACE_INTERFACE, WP_IFACE_VERSION };
    static const char *const keys[] = { "namespace", "package", "interface", "version" };
    json_t *o = json_object();
    size_t len;
    const char *name = wp_wasm_entry_name(e, &len);

    if (wp_wasm_entry_module(e))
        json_object_set_new(o, "module", json_string(wp_wasm_entry_module(e)));
    json_object_set_new(o, "name", json_stringn(name, len));
    json_object_set_new(o, "kind", json_string(wp_extern_kind_name(wp_wasm_entry_kind(e))));
    if (wp_wasm_entry_iface(e, WP_IFACE_PACKAGE)) {
        json_t *i = json_object();
        for (int k = 0; k < 4; k++) {
            const char *v = wp_wasm_entry_iface(e, parts[k]);
            json_object_set_new(i, keys[k], v ? json_string(v) : json_null());
        }
        json_object_set_new(o, "interface", i);
    }
    if (wp_wasm_entry_implements(e))
        json_object_set_new(o, "implements", json_string(wp_wasm_entry_implements(e)));
    if (is_import)
        json_object_set_new(o, "capabilities", caps_json(wp_wasm_entry_capabilities(e)));
    json_object_set_new(o, "offset", json_integer((json_int_t)wp_wasm_entry_offset(e)));
    return o;
}

static json_t *
wasm_json(const char *file, const wp_wasm *w)
{
    json_t *o = json_object(), *imports = json_array(), *exports = json_array();
    json_t *customs = json_array();
    int component = wp_wasm_get_kind(w) == WP_WASM_COMPONENT;

    json_object_set_new(o, "file", json_string(file));
    json_object_set_new(o, "kind", json_string(component ? "component" : "module"));
    json_object_set_new(o, "version", json_integer(wp_wasm_get_version(w)));
    for (size_t i = 0; i < wp_wasm_import_count(w); i++)
        json_array_append_new(imports, entry_json(wp_wasm_import(w, i), 1));
    for (size_t i = 0; i < wp_wasm_export_count(w); i++)
        json_array_append_new(exports, entry_json(wp_wasm_export(w, i), 0));
    json_object_set_new(o, "imports", imports);
    json_object_set_new(o, "exports", exports);
    json_object_set_new(o, "capabilities", caps_json(wp_wasm_capabilities(w)));
    if (component) {
        json_t *n = json_object();
        json_object_set_new(n, "modules",
                            json_integer((json_int_t)wp_wasm_nested_count(w, WP_NESTED_MODULES)));
        json_object_set_new(n, "components",
                            json_integer((json_int_t)wp_wasm_nested_count(w, WP_NESTED_COMPONENTS)));
        json_object_set_new(o, "nested", n);
    }
    for (size_t i = 0; i < wp_wasm_custom_count(w); i++)
        json_array_append_new(customs, json_string(wp_wasm_custom_name(w, i)));
    json_object_set_new(o, "custom_sections", customs);
    return o;
}

static json_t *
error_json(const char *file, const struct wp_diag *d)
{
    json_t *o = json_object(), *e = json_object();

    json_object_set_new(o, "file", json_string(file));
    json_object_set_new(e, "message", json_string(d->message));
    json_object_set_new(e, "offset", d->has_offset ? json_integer((json_int_t)d->offset)
                                                   : json_null());
    json_object_set_new(o, "error", e);
    return o;
}

/* Names come from untrusted binaries: valid UTF-8 may still hold ESC and
 * other controls that would drive the terminal, so those are escaped. */
static void
print_safe(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f || ch == '\\')
            printf("\\x%02x", ch);
        else
            putchar(ch);
    }
}

static void
print_entry(const wp_wasm_entry *e, const char *dir, const char *cls)
{
    const char *mod = wp_wasm_entry_module(e);
    const char *impl = wp_wasm_entry_implements(e);
    size_t len;
    const char *name = wp_wasm_entry_name(e, &len);

    printf("  %s %-13s %-9s ", dir, cls, wp_extern_kind_name(wp_wasm_entry_kind(e)));
    if (mod) {
        print_safe(mod, strlen(mod));
        putchar('.');
    }
    print_safe(name, len);
    if (impl) {
        fputs(" (implements ", stdout);
        print_safe(impl, strlen(impl));
        putchar(')');
    }
    putchar('\n');
}

/* One line per import and class, grouped by class in table order; imports
 * without a class come last under "-". */
static void
print_text(const char *file, const wp_wasm *w)
{
    int component = wp_wasm_get_kind(w) == WP_WASM_COMPONENT;

    printf("%s: %s (version 0x%x)\n", file, component ? "component" : "module",
           wp_wasm_get_version(w));
    for (unsigned c = 0; c < WP_CAP_COUNT; c++)
        for (size_t i = 0; i < wp_wasm_import_count(w); i++)
            if (wp_wasm_entry_capabilities(wp_wasm_import(w, i)) & ((uint64_t)1 << c))
                print_entry(wp_wasm_import(w, i), "import", wp_capability_name(c));
    for (size_t i = 0; i < wp_wasm_import_count(w); i++)
        if (!wp_wasm_entry_capabilities(wp_wasm_import(w, i)))
            print_entry(wp_wasm_import(w, i), "import", "-");
    for (size_t i = 0; i < wp_wasm_export_count(w); i++)
        print_entry(wp_wasm_export(w, i), "export", "");
    if (component && (wp_wasm_nested_count(w, WP_NESTED_MODULES) ||
                      wp_wasm_nested_count(w, WP_NESTED_COMPONENTS)))
        printf("  nested %zu core modules, %zu components (their imports are supplied "
               "by this component)\n",
               wp_wasm_nested_count(w, WP_NESTED_MODULES),
               wp_wasm_nested_count(w, WP_NESTED_COMPONENTS));
    for (size_t i = 0; i < wp_wasm_custom_count(w); i++)
        if (strncmp(wp_wasm_custom_name(w, i), "component-type", 14) == 0) {
            fputs("  custom ", stdout);
            print_safe(wp_wasm_custom_name(w, i), strlen(wp_wasm_custom_name(w, i)));
            fputs(" (embedded WIT world)\n", stdout);
        }
}

static int
inspect_one(wp_context *ctx, const char *file, wp_wasm **out, struct wp_diag *d)
{
    unsigned char *buf;
    size_t size = 0;
    int rc;

    if (strcmp(file, "-") != 0)
        return wp_wasm_inspect_file(out, ctx, file, d);
    if (!(buf = read_stdin(&size))) {
        snprintf(d->source, sizeof(d->source), "<stdin>");
        snprintf(d->message, sizeof(d->message), "cannot read standard input");
        return WP_EIO;
    }
    rc = wp_wasm_inspect(out, ctx, buf, size, "<stdin>", d);
    free(buf);
    return rc;
}

int
cmd_inspect(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    enum out_format format = FORMAT_TEXT;
    wp_context *ctx = NULL;
    json_t *all = NULL;
    int c, status = EXIT_CLEAN, rc;

    optind = 1;
    while ((c = next_opt("inspect", argc, argv, "f:h", longopts)) != -1) {
        switch (c) {
        case 'f':
            if ((rc = parse_format("inspect", optarg, &format)))
                return rc;
            break;
        case 'h':
            help();
            return EXIT_CLEAN;
        default:
            return EXIT_USAGE;
        }
    }
    if (optind >= argc)
        return usage_error("inspect", "no input files");
    if (wp_context_new(&ctx, NULL) != WP_OK) {
        fprintf(stderr, "wasmlint inspect: out of memory\n");
        return EXIT_INPUT;
    }
    if (format == FORMAT_JSON)
        all = json_array();
    for (int i = optind; i < argc; i++) {
        struct wp_diag d = WP_DIAG_INIT;
        const char *name = strcmp(argv[i], "-") == 0 ? "<stdin>" : argv[i];
        wp_wasm *w = NULL;

        if (inspect_one(ctx, argv[i], &w, &d) != WP_OK) {
            print_diag(&d, "error");
            if (all)
                json_array_append_new(all, error_json(name, &d));
            status = EXIT_INPUT;
            continue;
        }
        if (all)
            json_array_append_new(all, wasm_json(name, w));
        else
            print_text(name, w);
        wp_wasm_free(w);
    }
    if (all) {
        json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(all);
    }
    wp_context_free(ctx);
    return status;
}
