/*
 * wasmlint lint --dump-model: the normalised model as JSON, through the
 * public model API only. It is how users and tests see what the linter
 * understood; every value's source span is listed by path beside the
 * fields, so goldens pin positions as well as values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dump_model.h"

/* Values nest no deeper than the documents they came from, which the
 * library's depth limit bounds. */
static json_t *value_json(const wp_subject *s, const wp_value *v, const char *path,
                          json_t *positions);

static void
add_position(const wp_subject *s, const wp_value *v, const char *path, json_t *positions)
{
    struct wp_location l;
    char buf[96];

    if (wp_value_location(s, v, &l) != WP_OK)
        return;
    snprintf(buf, sizeof(buf), "%u:%u-%u:%u%s", l.line, l.column, l.end_line, l.end_column,
             (wp_value_flags(v) & WP_VALUE_DERIVED) ? " derived" : "");
    json_object_set_new(positions, path, json_string(buf));
}

static json_t *
children_json(const wp_subject *s, const wp_value *v, const char *path, json_t *positions)
{
    int map = wp_value_kind(v) == WP_VALUE_MAP;
    json_t *out = map ? json_object() : json_array();
    const wp_value *c = NULL;
    const char *key;
    size_t i = 0;

    while ((c = wp_value_next(v, c, &key))) {
        char sub[1024];

        if (map)
            snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
        else
            snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
        i++;
        if (map)
            json_object_set_new(out, key, value_json(s, c, sub, positions));
        else
            json_array_append_new(out, value_json(s, c, sub, positions));
    }
    return out;
}

static json_t *
value_json(const wp_subject *s, const wp_value *v, const char *path, json_t *positions)
{
    size_t len;
    const char *str;

    if (*path)
        add_position(s, v, path, positions);
    switch (wp_value_kind(v)) {
    case WP_VALUE_BOOL:
        return json_boolean(wp_value_bool(v) == 1);
    case WP_VALUE_INT:
        return json_integer((json_int_t)wp_value_int(v));
    case WP_VALUE_STRING:
        str = wp_value_string(v, &len);
        return json_stringn(str, len);
    case WP_VALUE_LIST:
    case WP_VALUE_MAP:
        return children_json(s, v, path, positions);
    default:
        return json_null();
    }
}

static json_t *
diag_json(const struct wp_diag *d)
{
    json_t *j = json_object();

    json_object_set_new(j, "file", json_string(d->source));
    json_object_set_new(j, "line", d->line ? json_integer(d->line) : json_null());
    json_object_set_new(j, "column", d->line ? json_integer(d->column) : json_null());
    json_object_set_new(j, "message", json_string(d->message));
    return j;
}

/* Print @j as the pretty printer would at nesting @indent, so subjects
 * can be written one at a time instead of building the whole document. */
static void
put_indented(json_t *j, const char *indent)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

    fputs(indent, stdout);
    for (const char *p = text; p && *p; p++) {
        putchar(*p);
        if (*p == '\n')
            fputs(indent, stdout);
    }
    free(text);
}

static void
put_list(const char *name, json_t *items, int last)
{
    size_t n = json_array_size(items);

    printf("  \"%s\": [", name);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n" : "\n", stdout);
        put_indented(json_array_get(items, i), "    ");
    }
    printf("%s]%s\n", n ? "\n  " : "", last ? "" : ",");
}

void
dump_model(const wp_run *run)
{
    const wp_model *m = wp_run_model(run);
    json_t *warnings = json_array(), *errors = json_array();
    size_t n = wp_model_subject_count(m);

    /* Subjects are printed as they are converted: a dump of 20,000
     * documents never holds more than one subject's JSON. */
    printf("{\n  \"version\": 1,\n  \"subjects\": [");
    for (size_t i = 0; i < n; i++) {
        const wp_subject *s = wp_model_subject(m, i);
        json_t *j = json_object(), *positions = json_object();
        struct wp_location l;
        char span[96];

        wp_subject_location(s, &l);
        snprintf(span, sizeof(span), "%u:%u-%u:%u", l.line, l.column, l.end_line, l.end_column);
        json_object_set_new(j, "subject", json_string(wp_subject_kind_name(wp_subject_kind(s))));
        json_object_set_new(j, "id", json_string(wp_subject_id(s)));
        json_object_set_new(j, "file", json_string(l.file));
        json_object_set_new(j, "span", json_string(span));
        json_object_set_new(j, "fields", value_json(s, wp_subject_fields(s), "", positions));
        json_object_set_new(j, "positions", positions);
        fputs(i ? ",\n" : "\n", stdout);
        put_indented(j, "    ");
        json_decref(j);
    }
    printf("%s],\n", n ? "\n  " : "");
    for (size_t i = 0; i < wp_model_warning_count(m); i++)
        json_array_append_new(warnings, diag_json(wp_model_warning(m, i)));
    for (size_t i = 0; i < wp_run_error_count(run); i++)
        json_array_append_new(errors, diag_json(wp_run_error(run, i)));
    put_list("warnings", warnings, 0);
    put_list("errors", errors, 1);
    puts("}");
    json_decref(warnings);
    json_decref(errors);
}
