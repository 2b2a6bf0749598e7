/*
 * Resolution order (formats.md §18.2; first match wins, and the component
 * records which step matched):
 *   1. self-describing local paths: spin.toml source (relative to the
 *      manifest), file:// images (relative to the manifest), wash files
 *      (relative to the project directory);
 *   2. an explicit mapping of the normalised reference (config artifacts,
 *      --artifact), exact first, then prefix templates;
 *   3. OCI image layouts: by digest, then by reference name;
 *   4. otherwise unresolved: rules that need the binary say so.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <wasmpolicy/wasm.h>

#include "artifact/oci.h"
#include "artifact/ref.h"
#include "model/link.h"

struct cache {
    char path[4096];
    wp_wasm *w;
    int rc;
    char message[256];
    uint64_t offset;
    int has_offset;
};

struct layout {
    struct wp__oci *oci;    /* NULL when it could not be opened (reported) */
    int tried;
};

struct linker {
    struct wp_model *m;
    const struct wp__link_opts *o;
    struct cache *c;
    size_t n, cap;
    struct layout *layouts;  /* one per o->layouts, opened on first use */
    struct wp__oci_image *img;  /* scratch: large, so not on the stack */
};

static void
dir_of(const char *file, char *out, size_t size)
{
    const char *slash = strrchr(file, '/');

    if (!slash)
        wp__fmt(out, size, ".");
    else
        wp__fmt(out, size, "%.*s", (int)(slash - file), slash == file ? "/" : file);
}

static void
join(char *out, size_t size, const char *dir, const char *rel)
{
    if (rel[0] == '/')
        wp__fmt(out, size, "%s", rel);
    else if (strcmp(dir, ".") == 0)
        wp__fmt(out, size, "%s", rel);
    else
        wp__fmt(out, size, "%s/%s", dir, rel);
}

/* Inspect @path once per run, whatever number of components name it. */
static struct cache *
inspect(struct linker *L, const char *path)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct cache *e;

    for (size_t i = 0; i < L->n; i++)
        if (strcmp(L->c[i].path, path) == 0)
            return &L->c[i];
    if (wp__reserve(L->m->ctx, (void **)&L->c, &L->cap, L->n + 1, sizeof(*L->c)))
        return NULL;
    e = &L->c[L->n++];
    memset(e, 0, sizeof(*e));
    wp__fmt(e->path, sizeof(e->path), "%s", path);
    e->rc = wp_wasm_inspect_file(&e->w, L->o->ctx, path, &d);
    if (e->rc) {
        wp__fmt(e->message, sizeof(e->message), "%s", d.message);
        e->offset = d.offset;
        e->has_offset = d.has_offset;
    }
    return e;
}

/* The binary's facts, placed at the reference they were found through. */
static void
facts(struct wp_model *m, struct wp_subject *s, const wp_wasm *w, const struct wp__mv *at)
{
    struct wp__mvb *b = &m->mvb;
    struct wp__mv *imports = wp__mv_list_at(b, s->v, "imports", at);
    struct wp__mv *exports = wp__mv_list_at(b, s->v, "exports", at);
    struct wp__mv *caps = wp__mv_list_at(b, s->v, "capabilities", at);
    uint64_t mask = wp_wasm_capabilities(w);
    char name[1024];

    for (int pass = 0; pass < 2; pass++) {
        size_t n = pass ? wp_wasm_export_count(w) : wp_wasm_import_count(w);
        for (size_t i = 0; i < n; i++) {
            const wp_wasm_entry *e = pass ? wp_wasm_export(w, i) : wp_wasm_import(w, i);
            const char *module = wp_wasm_entry_module(e);
            size_t len;
            const char *nm = wp_wasm_entry_name(e, &len);

            /* Core module imports are "module/name" (wasi_snapshot_preview1/fd_write). */
            if (module)
                wp__fmt(name, sizeof(name), "%s/%.*s", module, (int)len, nm);
            else
                wp__fmt(name, sizeof(name), "%.*s", (int)len, nm);
            wp__mv_str_at(&m->mvb, pass ? exports : imports, NULL, name, at);
        }
    }
    for (int cap = 0; cap < WP_CAP_COUNT; cap++)
        if (mask & (UINT64_C(1) << cap))
            wp__mv_lit_at(b, caps, NULL, wp_capability_name((enum wp_capability)cap), at);
}

static int file_exists(const char *path);
static void unresolved(struct linker *L, struct wp_subject *s, struct wp__mv *bin,
                       const char *ref, const struct wp__mv *at);

static int
resolved(struct linker *L, struct wp_subject *s, struct wp__mv *bin, const char *how,
         const char *path, const struct wp__mv *at)
{
    struct wp_model *m = L->m;
    struct cache *e;

    wp__mv_str_at(&m->mvb, bin, "how", how, at);
    wp__mv_str_at(&m->mvb, bin, "path", path, at);
    if (!file_exists(path)) {
        /* A build output not built yet is the common case in a
         * repository: the rules say they could not decide, it is not an
         * input error (unless artifacts are required). */
        wp__mv_str_at(&m->mvb, bin, "error", "no such file", at);
        unresolved(L, s, bin, path, at);
        return 0;
    }
    if (!(e = inspect(L, path)))
        return WP_ENOMEM;
    if (e->rc) {
        char msg[400];

        wp__mv_str_at(&m->mvb, bin, "status", "unreadable", at);
        wp__fmt(msg, sizeof(msg), "%s", e->message);
        wp__mv_str_at(&m->mvb, bin, "error", msg, at);
        if (L->o->on_error) {
            struct wp_diag d = WP_DIAG_INIT;
            d.code = e->rc;
            wp__fmt(d.source, sizeof(d.source), "%s", path);
            d.offset = e->offset;
            d.has_offset = e->has_offset;
            wp__fmt(d.message, sizeof(d.message), "%s (the binary of %s)", e->message, s->id);
            L->o->on_error(&d, L->o->payload);
        }
        return 0;
    }
    wp__mv_str_at(&m->mvb, bin, "status", "resolved", at);
    wp__mv_str_at(&m->mvb, bin, "kind", wp_wasm_get_kind(e->w) == WP_WASM_COMPONENT ? "component" : "module", at);
    facts(m, s, e->w, at);
    return 0;
}

static int
file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The Artifact object an artifact://NAME image names (same namespace). */
static const char *
artifact_image(struct wp_model *m, const struct wp_subject *s, const char *name)
{
    for (size_t i = 0; i < m->nsubjects; i++) {
        const struct wp_subject *a = m->subjects[i];
        const char *kind = wp__mv_text(wp__mv_get(a->v, "kind"));

        if (a->kind == WP_SUBJECT_APPLICATION && kind && strcmp(kind, "Artifact") == 0 &&
            a->name && strcmp(a->name, name) == 0 && a->ns && s->ns && strcmp(a->ns, s->ns) == 0)
            return wp__mv_text(wp__mv_get(a->v, "image"));
    }
    return NULL;
}

static void
report(struct linker *L, const struct wp_diag *d)
{
    if (L->o->on_error)
        L->o->on_error(d, L->o->payload);
}

static struct wp__oci *
layout(struct linker *L, size_t i)
{
    struct layout *l = &L->layouts[i];

    if (!l->tried) {
        struct wp_diag d = WP_DIAG_INIT;

        l->tried = 1;
        if (wp__oci_open(&l->oci, L->m->ctx, L->o->layouts[i], &d)) {
            l->oci = NULL;
            report(L, &d);   /* a broken layout is an input error, once */
        }
    }
    return l->oci;
}

/* Step 3: the layouts, in order; the first that has the reference wins.
 * Returns 0 found (in L->img), 1 not found, or an error code reported. */
static int
in_layouts(struct linker *L, const char *ref, size_t *which)
{
    for (size_t i = 0; i < L->o->nlayouts; i++) {
        struct wp__oci *oci = layout(L, i);
        struct wp_diag d = WP_DIAG_INIT;
        size_t n;
        int rc;

        if (!oci)
            continue;
        rc = wp__oci_find(oci, ref, L->img, &d);
        if (rc == 0) {
            *which = i;
            return 0;
        }
        n = strlen(d.source);
        if (rc != WP_ENOTFOUND || n < 10 || strcmp(d.source + n - 10, "index.json") != 0) {
            /* a hash mismatch, a missing blob: the layout is wrong */
            report(L, &d);
            return rc;
        }
    }
    return 1;
}

/* Steps 2 and 3 for an image reference. */
static int
by_reference(struct linker *L, struct wp_subject *s, struct wp__mv *bin, const char *ref,
             const struct wp__mv *at)
{
    char norm[1024], path[4096], name[256];

    if (wp__ref_normalize(ref, norm, sizeof(norm)))
        wp__fmt(norm, sizeof(norm), "%s", ref);
    wp__mv_str_at(&L->m->mvb, bin, "ref", norm, at);
    for (size_t i = 0; i < L->o->nmaps; i++) {
        const struct wp__artifact_map *a = &L->o->maps[i];
        if (!a->prefix && (strcmp(a->ref, norm) == 0 || strcmp(a->ref, ref) == 0))
            return resolved(L, s, bin, "artifact-mapping", a->path, at);
    }
    for (size_t i = 0; i < L->o->nmaps; i++) {
        const struct wp__artifact_map *a = &L->o->maps[i];
        const char *t;
        size_t k = 0;

        if (!a->prefix || (strncmp(norm, a->ref, strlen(a->ref)) != 0 &&
                           strncmp(ref, a->ref, strlen(a->ref)) != 0))
            continue;
        if (wp__ref_name(norm, name, sizeof(name)))
            continue;
        /* {name}: the last path segment, without tag or digest. */
        for (t = a->path; *t && k + 1 < sizeof(path); t++) {
            if (strncmp(t, "{name}", 6) == 0) {
                wp__fmt(path + k, sizeof(path) - k, "%s", name);
                k += strlen(path + k);
                t += 5;
            } else {
                path[k++] = *t;
            }
        }
        path[k < sizeof(path) ? k : sizeof(path) - 1] = '\0';
        return resolved(L, s, bin, "artifact-prefix", path, at);
    }
    {
        size_t which;
        int rc = in_layouts(L, norm, &which);

        if (rc == 0 && L->img->has_wasm) {
            wp__mv_str_at(&L->m->mvb, bin, "layout", L->o->layouts[which], at);
            wp__mv_str_at(&L->m->mvb, bin, "manifestDigest", L->img->manifest_digest, at);
            wp__mv_bool_at(&L->m->mvb, bin, "signed", L->img->is_signed, at);
            return resolved(L, s, bin, "oci-layout", L->img->wasm.path, at);
        }
        if (rc < 0) {
            wp__mv_str_at(&L->m->mvb, bin, "status", "error", at);
            return 0;
        }
    }
    return 1;  /* not found by reference */
}

static int
link_one(struct linker *L, struct wp_subject *s)
{
    struct wp_model *m = L->m;
    const char *platform = wp__mv_text(wp__mv_get(s->v, "platform"));
    const struct wp__mv *src = wp__mv_get(s->v, "source");
    const struct wp__mv *image = wp__mv_get(s->v, "image");
    const struct wp__mv *file = wp__mv_get(s->v, "file");
    const struct wp__mv *program = wp__mv_get(s->v, "program");
    const struct wp__mv *at = src ? src : image ? image : file ? file : program ? program : s->v;
    struct wp__mv *bin = wp__mv_map_at(&m->mvb, s->v, "binary", at);
    char dir[4096], path[4096];
    const char *ref = NULL;
    int rc;

    dir_of(s->file, dir, sizeof(dir));
    if (platform && strcmp(platform, "spin") == 0 && wp__mv_text(src)) {
        join(path, sizeof(path), dir, wp__mv_text(src));
        return resolved(L, s, bin, "spin-source", path, src);
    }
    if (src && src->kind == WP__MV_MAP)
        ref = wp__mv_text(wp__mv_get(src, "digest"));   /* Spin {url, digest} */
    if (wp__mv_text(file)) {
        /* wash: relative to the project directory, which holds .wash/. */
        char project[4096];
        dir_of(dir, project, sizeof(project));
        join(path, sizeof(path), strstr(s->file, ".wash/") ? project : dir, wp__mv_text(file));
        if (file_exists(path) || !wp__mv_text(image))
            return resolved(L, s, bin, "wash-file", path, file);
    }
    if (wp__mv_text(image)) {
        const char *img = wp__mv_text(image);

        if (strncmp(img, "file://", 7) == 0) {
            join(path, sizeof(path), dir, img + 7);
            return resolved(L, s, bin, "file-url", path, image);
        }
        if (strncmp(img, "artifact://", 11) == 0) {
            ref = artifact_image(m, s, img + 11);
            if (!ref) {
                wp__mv_str_at(&m->mvb, bin, "status", "unresolved", image);
                wp__mv_str_at(&m->mvb, bin, "error", "no Artifact of that name in the linted files", image);
                return 0;
            }
        } else {
            ref = img;
        }
    }
    if (!ref && wp__mv_text(program))
        ref = wp__mv_text(program);  /* only an explicit mapping can place it */
    if (ref && (rc = by_reference(L, s, bin, ref, at)) <= 0)
        return rc;
    unresolved(L, s, bin, ref, at);
    return 0;
}

static void
unresolved(struct linker *L, struct wp_subject *s, struct wp__mv *bin, const char *ref,
           const struct wp__mv *at)
{
    wp__mv_str_at(&L->m->mvb, bin, "status", "unresolved", at);
    if (L->o->require && L->o->on_error) {
        struct wp_diag d = WP_DIAG_INIT;
        d.code = WP_ENOTFOUND;
        wp__fmt(d.source, sizeof(d.source), "%s", s->file);
        d.line = at->start.line;
        d.column = at->start.column;
        wp__fmt(d.message, sizeof(d.message),
                "the binary of %s is not available (--require-artifacts)%s%s", s->id,
                ref ? ": " : "", ref ? ref : "");
        L->o->on_error(&d, L->o->payload);
    }
}

struct locked {
    struct linker *L;
    const struct wp__mv *at;
};

static int
on_locked(struct wp_subject *s, const char *layer, void *payload)
{
    struct locked *k = payload;
    struct wp__mv *bin = wp__mv_map_at(&k->L->m->mvb, s->v, "binary", k->at);

    if (!layer) {
        wp__mv_str_at(&k->L->m->mvb, bin, "error", "the locked app names a layer the image lacks", k->at);
        unresolved(k->L, s, bin, NULL, k->at);
        return 0;
    }
    return resolved(k->L, s, bin, "oci-layout-spin-app", layer, k->at);
}

/* A SpinApp's image, when a layout holds it, brings its components. */
static int
link_spinapp(struct linker *L, struct wp_subject *app)
{
    const struct wp__mv *image = wp__mv_get(app->v, "image");
    const char *kind = wp__mv_text(wp__mv_get(app->v, "kind"));
    struct wp_diag d = WP_DIAG_INIT;
    struct locked k = { L, image };
    char norm[1024];
    size_t which;
    int rc;

    if (!kind || strcmp(kind, "SpinApp") != 0 || !wp__mv_text(image) || !L->o->nlayouts)
        return 0;
    if (wp__ref_normalize(wp__mv_text(image), norm, sizeof(norm)))
        return 0;
    if (in_layouts(L, norm, &which) != 0 || L->img->kind != WP__OCI_SPIN_APP ||
        !L->img->has_locked_app)
        return 0;
    wp__mv_str_at(&L->m->mvb, app->v, "layout", L->o->layouts[which], image);
    rc = wp__model_locked_app(L->m, app, L->img, image, on_locked, &k, &d);
    if (rc == WP_EMALFORMED)
        report(L, &d);
    return rc == WP_ENOMEM ? rc : 0;
}

int
wp__model_link(struct wp_model *m, const struct wp__link_opts *opts)
{
    struct linker L = { m, opts, NULL, 0, 0, NULL, NULL };
    size_t n = m->nsubjects;
    int rc = 0;

    if (opts->nlayouts &&
        (!(L.layouts = wp__calloc(m->ctx, opts->nlayouts, sizeof(*L.layouts))) ||
         !(L.img = wp__malloc(m->ctx, sizeof(*L.img))))) {
        wp__free(m->ctx, L.layouts);
        return WP_ENOMEM;
    }
    /* Subjects made from locked apps come with their binary: only the
     * ones read from manifests (the first n) are linked here. */
    for (size_t i = 0; i < n && !rc && !m->mvb.err; i++) {
        if (m->subjects[i]->kind == WP_SUBJECT_COMPONENT)
            rc = link_one(&L, m->subjects[i]);
        else if (m->subjects[i]->kind == WP_SUBJECT_APPLICATION)
            rc = link_spinapp(&L, m->subjects[i]);
    }
    for (size_t i = 0; i < L.n; i++)
        wp_wasm_free(L.c[i].w);
    for (size_t i = 0; i < opts->nlayouts; i++)
        wp__oci_close(L.layouts[i].oci);
    wp__free(m->ctx, L.layouts);
    wp__free(m->ctx, L.img);
    wp__free(m->ctx, L.c);
    return rc ? rc : m->mvb.err;
}
