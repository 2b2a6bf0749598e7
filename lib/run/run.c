/*
 * A run collects inputs, remembers which could not be read, and (once
 * rules exist) evaluates them together. Inputs are read when added and
 * their bytes are not kept: a run over thousands of files holds only what
 * each input produced.
 */
#include <string.h>

#include "core/diag.h"
#include "core/file.h"
#include "artifact/ref.h"
#include "doc/read.h"
#include "run/run_impl.h"

int
wp_run_new(wp_run **out, wp_context *ctx)
{
    wp_run *run;

    if (!out)
        return WP_EINVAL;
    *out = NULL;
    if (!ctx)
        return WP_EINVAL;
    if (!(run = wp__calloc(ctx, 1, sizeof(*run))))
        return WP_ENOMEM;
    run->ctx = ctx;
    wp__arena_init(&run->arena, ctx);
    if (wp__model_init(&run->model, ctx) || wp__ruleset_init(&run->rules, ctx)) {
        wp_run_free(run);
        return WP_ENOMEM;
    }
    *out = run;
    return WP_OK;
}

void
wp_run_free(wp_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < run->ninputs; i++)
        wp_wasm_free(run->inputs[i].wasm);
    wp__free(run->ctx, run->inputs);
    wp__free(run->ctx, run->errors);
    wp__free(run->ctx, run->findings);
    wp__free(run->ctx, run->maps);
    wp__free(run->ctx, run->layouts);
    wp__arena_release(&run->arena);
    wp__model_release(&run->model);
    wp__ruleset_release(&run->rules);
    wp__free(run->ctx, run);
}

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void
keep_error(wp_run *run, const struct wp_diag *d)
{
    if (wp__reserve(run->ctx, (void **)&run->errors, &run->errors_cap, run->nerrors + 1,
                    sizeof(*run->errors)) == 0)
        run->errors[run->nerrors++] = *d;
}

/* Keep a failed input's diagnostic in the run and hand it to the caller. */
static int
record_error(wp_run *run, int code, const struct wp_diag *d, struct wp_diag *caller)
{
    keep_error(run, d);
    wp__diag_copy(caller, d);
    return code;
}

/* Reading a manifest: every document is modelled as it arrives and every
 * error is kept, so one bad document costs only itself. */
struct manifest {
    wp_run *run;
    uint32_t source;
    enum wp__model_format fmt;
    int first;                  /* first error code */
    struct wp_diag first_diag;
};

static int
on_model_error(const struct wp_diag *d, void *payload)
{
    struct manifest *mf = payload;

    keep_error(mf->run, d);
    if (!mf->first) {
        mf->first = d->code;
        mf->first_diag = *d;
    }
    return 0;
}

static int
on_doc(const struct wp__doc *doc, void *payload)
{
    struct manifest *mf = payload;

    return wp__model_doc(&mf->run->model, mf->source, mf->fmt, doc, on_model_error, mf);
}

static int
on_read_error(const struct wp_diag *d, size_t index, void *payload)
{
    (void)index;
    return on_model_error(d, payload);
}

static int
add_manifest(wp_run *run, const char *name, const void *data, size_t size,
             struct wp_diag *diag)
{
    struct manifest mf;
    struct wp__read_opts opts = { on_doc, on_read_error, &mf, 0 };
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__src src;
    long source;
    int rc;

    memset(&mf, 0, sizeof(mf));
    mf.run = run;
    /* The built-in packs decide whether documents are kept, so they load
     * now; running out of memory there fails this input like any other. */
    if (wp__run_rules_ready(run) == WP_ENOMEM) {
        wp__diag_set(&d, WP_ENOMEM, name, "out of memory");
        return record_error(run, WP_ENOMEM, &d, diag);
    }
    run->model.keep_documents = wp__run_reads_documents(run);
    mf.fmt = wp__model_format_of(name);
    if ((rc = wp__src_init(&src, run->ctx, name, data, size, &d)))
        return record_error(run, rc, &d, diag);
    if ((source = wp__model_source(&run->model, name)) < 0) {
        wp__src_release(&src);
        wp__diag_set(&d, WP_ENOMEM, name, "out of memory");
        return record_error(run, WP_ENOMEM, &d, diag);
    }
    mf.source = (uint32_t)source;
    if (ends_with(name, ".json"))
        rc = wp__json_read(&src, &opts, NULL);
    else if (ends_with(name, ".toml"))
        rc = wp__toml_read(&src, &opts, NULL);
    else
        rc = wp__yaml_read(&src, &opts, NULL);
    wp__src_release(&src);
    run->nmanifests++;
    if (mf.first) {
        wp__diag_copy(diag, &mf.first_diag);
        return mf.first;
    }
    if (rc) {  /* stopped without an error of its own: out of memory */
        wp__diag_set(&d, rc, name, "%s", wp_strerror(rc));
        return record_error(run, rc, &d, diag);
    }
    return WP_OK;
}

static int
is_wasm(const void *data, size_t size)
{
    return size >= 4 && memcmp(data, "\0asm", 4) == 0;
}


static int
add_wasm(wp_run *run, const char *name, const void *data, size_t size, struct wp_diag *d)
{
    struct wp__run_input *in;
    wp_wasm *w;
    int rc;

    if ((rc = wp_wasm_inspect(&w, run->ctx, data, size, name, d)))
        return rc;
    if (wp__reserve(run->ctx, (void **)&run->inputs, &run->inputs_cap, run->ninputs + 1,
                    sizeof(*run->inputs)) ||
        !(name = wp__arena_strndup(&run->arena, name, strlen(name)))) {
        wp_wasm_free(w);
        return wp__diag_set(d, WP_ENOMEM, name, "out of memory");
    }
    in = &run->inputs[run->ninputs++];
    in->name = name;
    in->wasm = w;
    return WP_OK;
}

int
wp_run_add_buffer(wp_run *run, const char *name, const void *data, size_t size,
                  struct wp_diag *diag)
{
    struct wp_diag d = WP_DIAG_INIT;
    int rc;

    if (!run || (!data && size))
        return wp__diag_set(diag, WP_EINVAL, name, "invalid argument");
    if (!name)
        name = "<buffer>";
    if (run->evaluated)
        return wp__diag_set(diag, WP_EINVAL, name, "inputs cannot be added after evaluation");
    if (is_wasm(data, size) || ends_with(name, ".wasm"))
        rc = add_wasm(run, name, data, size, &d);
    else
        return add_manifest(run, name, data, size, diag);
    if (rc)
        return record_error(run, rc, &d, diag);
    return WP_OK;
}

int
wp_run_add_file(wp_run *run, const char *path, struct wp_diag *diag)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__file f;
    int rc;

    if (!run || !path)
        return wp__diag_set(diag, WP_EINVAL, path, "invalid argument");
    if ((rc = wp__file_open(&f, run->ctx, path, &d)))
        return record_error(run, rc, &d, diag);
    rc = wp_run_add_buffer(run, path, f.data, f.size, diag);
    wp__file_close(&f, run->ctx);
    return rc;
}

static int
link_error(const struct wp_diag *d, void *payload)
{
    keep_error(payload, d);
    return 0;
}

int
wp_run_evaluate(wp_run *run, struct wp_diag *diag)
{
    if (!run)
        return wp__diag_set(diag, WP_EINVAL, NULL, "invalid argument");
    if (run->evaluated)
        return wp__diag_set(diag, WP_EINVAL, NULL, "run already evaluated");
    run->evaluated = 1;
    {
        struct wp__link_opts lo = { run->ctx, run->maps, run->nmaps, run->layouts,
                                    run->nlayouts, run->require_artifacts, link_error, run };

        if (wp__model_join(&run->model) || wp__model_link(&run->model, &lo) == WP_ENOMEM ||
            wp__run_apply_rules(run) == WP_ENOMEM)
            return wp__diag_set(diag, WP_ENOMEM, NULL, "out of memory");
    }
    return WP_OK;
}

const wp_finding *
wp_run_next_finding(const wp_run *run, size_t *iter)
{
    if (!run || !iter || *iter >= run->nfindings)
        return NULL;
    return &run->findings[(*iter)++];
}

size_t
wp_run_error_count(const wp_run *run)
{
    return run ? run->nerrors : 0;
}

const struct wp_diag *
wp_run_error(const wp_run *run, size_t i)
{
    return run && i < run->nerrors ? &run->errors[i] : NULL;
}

size_t
wp_run_input_count(const wp_run *run)
{
    return run ? run->ninputs + run->nmanifests : 0;
}

const wp_model *
wp_run_model(const wp_run *run)
{
    return run ? &run->model : NULL;
}

int
wp_run_set_default_namespace(wp_run *run, const char *ns)
{
    const char *copy;

    if (!run || !ns || !*ns || run->model.nsources)
        return WP_EINVAL;
    if (!(copy = wp__arena_strndup(&run->arena, ns, strlen(ns))))
        return WP_ENOMEM;
    run->model.default_ns = copy;
    return WP_OK;
}

int
wp_run_add_wasm_handler(wp_run *run, const char *handler)
{
    if (!run || !handler || !*handler || run->evaluated)
        return WP_EINVAL;
    return wp__model_add_handler(&run->model, handler);
}

int
wp_run_add_wasm_label(wp_run *run, const char *key, const char *value)
{
    if (!run || !key || !*key || !value || run->evaluated)
        return WP_EINVAL;
    return wp__model_add_label(&run->model, key, value);
}

int
wp_run_set_all_pods_wasm(wp_run *run, int on)
{
    if (!run || run->evaluated)
        return WP_EINVAL;
    run->model.all_wasm = on != 0;
    return WP_OK;
}

static const char *
keep_string(wp_run *run, const char *s)
{
    return wp__arena_strndup(&run->arena, s, strlen(s));
}

static int
add_map(wp_run *run, const char *ref, const char *path, int prefix)
{
    struct wp__artifact_map *a;
    char norm[1024];

    if (!run || !ref || !*ref || !path || !*path || run->evaluated)
        return WP_EINVAL;
    if (wp__reserve(run->ctx, (void **)&run->maps, &run->maps_cap, run->nmaps + 1,
                    sizeof(*run->maps)))
        return WP_ENOMEM;
    a = &run->maps[run->nmaps];
    /* Exact references are compared normalised (docker.io/library/x:latest). */
    if (!prefix && wp__ref_normalize(ref, norm, sizeof(norm)) == 0)
        ref = norm;
    if (!(a->ref = keep_string(run, ref)) || !(a->path = keep_string(run, path)))
        return WP_ENOMEM;
    a->prefix = prefix;
    run->nmaps++;
    return WP_OK;
}

int
wp_run_add_artifact(wp_run *run, const char *ref, const char *path)
{
    return add_map(run, ref, path, 0);
}

int
wp_run_add_artifact_prefix(wp_run *run, const char *prefix, const char *path_template)
{
    return add_map(run, prefix, path_template, 1);
}

int
wp_run_add_oci_layout(wp_run *run, const char *dir)
{
    const char *copy;

    if (!run || !dir || !*dir || run->evaluated)
        return WP_EINVAL;
    if (wp__reserve(run->ctx, (void **)&run->layouts, &run->layouts_cap, run->nlayouts + 1,
                    sizeof(*run->layouts)) || !(copy = keep_string(run, dir)))
        return WP_ENOMEM;
    run->layouts[run->nlayouts++] = copy;
    return WP_OK;
}

int
wp_run_set_require_artifacts(wp_run *run, int on)
{
    if (!run || run->evaluated)
        return WP_EINVAL;
    run->require_artifacts = on != 0;
    return WP_OK;
}
