/*
 * Opening a layout and following a reference to an image manifest
 * (formats.md §18.3 steps 1-2): oci-layout and index.json are checked
 * once; each find walks index.json -> nested indexes -> manifest, every
 * blob verified on the way, then hands the manifest to oci_image.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "artifact/oci_impl.h"
#include "core/diag.h"

/* The longest name under the layout: "/blobs/sha256/" + 64 hex. */
#define TAIL_MAX (sizeof("/blobs/sha256/") + 64)

static size_t
max_descs(const wp_context *ctx)
{
    uint64_t n = wp_context_get_limit(ctx, WP_LIMIT_NODES);

    return n < SIZE_MAX ? (size_t)n : SIZE_MAX;
}

/* blobs/sha256 as a directory descriptor; absent is fine (no blobs). */
static int
open_blobs(struct wp__oci *oci, struct wp_diag *diag)
{
    const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    int b = openat(oci->dir_fd, "blobs", flags), e;

    if (b >= 0) {
        oci->blobs_fd = openat(b, "sha256", flags);
        e = errno;
        close(b);
        if (oci->blobs_fd >= 0)
            return WP_OK;
    } else {
        e = errno;
    }
    if (e == ENOENT)
        return WP_OK;
    if (e == ELOOP || e == ENOTDIR)
        return wp__diag_set(diag, WP_EMALFORMED, oci->dir,
                            "blobs/sha256 is not a directory (symbolic links are refused)");
    return wp__diag_set(diag, WP_EIO, oci->dir, "cannot open blobs/sha256: %s", strerror(e));
}

static int
read_layout(struct wp__oci *oci, struct wp_diag *diag)
{
    char path[sizeof(oci->dir) + TAIL_MAX];
    unsigned char *buf = NULL;
    size_t len;
    int rc;

    snprintf(path, sizeof(path), "%s/oci-layout", oci->dir);
    if ((rc = wp__oci_file_read(oci, "oci-layout", path, &buf, &len, diag)))
        return rc;
    rc = wp__oci_layout_check(buf, len, path, diag);
    wp__free(oci->ctx, buf);
    if (rc)
        return rc;
    if ((rc = wp__oci_file_read(oci, "index.json", oci->index_path, &buf, &len, diag)))
        return rc;
    rc = wp__oci_doc_parse(&oci->index, oci->ctx, buf, len, WP__OCI_DOC_INDEX,
                           max_descs(oci->ctx), oci->index_path, diag);
    wp__free(oci->ctx, buf);
    return rc ? rc : open_blobs(oci, diag);
}

int
wp__oci_open(struct wp__oci **out, const wp_context *ctx, const char *dir, struct wp_diag *diag)
{
    struct wp__oci *oci;
    size_t n;
    int rc;

    if (!out || !ctx || !dir)
        return wp__diag_set(diag, WP_EINVAL, "", "wp__oci_open: NULL argument");
    *out = NULL;
    n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (!n || n + TAIL_MAX >= sizeof(oci->dir))
        return wp__diag_set(diag, WP_ELIMIT, dir, "layout path is empty or too long");
    if (!(oci = wp__calloc(ctx, 1, sizeof(*oci))))
        return wp__diag_set(diag, WP_ENOMEM, dir, "out of memory");
    oci->ctx = ctx;
    oci->blobs_fd = -1;
    memcpy(oci->dir, dir, n);
    memcpy(oci->index_path, dir, n);
    memcpy(oci->index_path + n, "/index.json", sizeof("/index.json"));
    oci->dir_fd = open(oci->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (oci->dir_fd < 0)
        rc = wp__diag_set(diag, WP_EIO, oci->dir, "cannot open: %s", strerror(errno));
    else
        rc = read_layout(oci, diag);
    if (rc) {
        wp__oci_close(oci);
        return rc;
    }
    *out = oci;
    return WP_OK;
}

void
wp__oci_close(struct wp__oci *oci)
{
    if (!oci)
        return;
    if (oci->blobs_fd >= 0)
        close(oci->blobs_fd);
    if (oci->dir_fd >= 0)
        close(oci->dir_fd);
    wp__oci_doc_release(&oci->index, oci->ctx);
    wp__free(oci->ctx, oci);
}

/* The next document to read: what its descriptor said. */
struct target {
    char digest[72];
    uint64_t size;            /* UINT64_MAX: no descriptor */
    enum wp__oci_doc_kind kind;
};

static int
target_from(struct target *t, const struct wp__oci_desc *d, const char *source,
            struct wp_diag *diag)
{
    int kind = wp__oci_media_kind(d->media_type);
    char q[96];

    if (d->unsupported) {
        wp__oci_quote(q, sizeof(q), d->raw_digest);
        return wp__diag_set(diag, WP_EUNSUPPORTED, source, "unsupported digest algorithm: \"%s\"",
                            q);
    }
    if (kind < 0) {
        wp__oci_quote(q, sizeof(q), d->media_type);
        return wp__diag_set(diag, WP_EUNSUPPORTED, source, "unsupported media type \"%s\"", q);
    }
    memcpy(t->digest, d->digest, sizeof(t->digest));
    t->size = d->size;
    t->kind = (enum wp__oci_doc_kind)kind;
    return WP_OK;
}

/* A digest reference, as opposed to "name:tag" (where the name could be
 * "sha256" in theory; in practice it never is). */
static const char *
ref_digest(const char *ref)
{
    static const char *const algs[] = { "sha256:", "sha384:", "sha512:", "blake3:" };
    const char *at = strchr(ref, '@');

    if (at)
        return at + 1;
    for (size_t i = 0; i < sizeof(algs) / sizeof(*algs); i++)
        if (!strncmp(ref, algs[i], 7))
            return ref;
    return NULL;
}

static int
resolve_digest(struct wp__oci *oci, const char *digest, struct target *t,
               const struct wp__oci_desc **top, struct wp_diag *diag)
{
    int rc = wp__oci_digest_check(digest);
    struct stat st;
    char q[96];

    wp__oci_quote(q, sizeof(q), digest);
    if (rc == WP_EUNSUPPORTED)
        return wp__diag_set(diag, rc, oci->index_path, "unsupported digest algorithm: \"%s\"", q);
    if (rc)
        return wp__diag_set(diag, rc, oci->index_path, "invalid digest \"%s\"", q);
    for (size_t i = 0; i < oci->index.ndescs; i++) {
        if (!strcmp(oci->index.descs[i].digest, digest)) {
            *top = &oci->index.descs[i];
            return target_from(t, *top, oci->index_path, diag);
        }
    }
    /* Not listed: any manifest or index blob of the layout will do
     * (formats.md §18.2 step 3), its kind read from its content. */
    if (oci->blobs_fd < 0 || fstatat(oci->blobs_fd, digest + 7, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return wp__diag_set(diag, WP_ENOTFOUND, oci->index_path,
                            "no manifest or index with digest %s", digest);
    memcpy(t->digest, digest, sizeof(t->digest));
    t->size = UINT64_MAX;
    t->kind = WP__OCI_DOC_ANY;
    return WP_OK;
}

static int
resolve(struct wp__oci *oci, const char *ref, struct target *t, const struct wp__oci_desc **top,
        struct wp_diag *diag)
{
    const char *digest = ref_digest(ref);
    size_t which;
    int rc;

    *top = NULL;
    if (digest)
        return resolve_digest(oci, digest, t, top, diag);
    if ((rc = wp__oci_index_lookup(&which, &oci->index, ref, oci->index_path, diag)))
        return rc;
    *top = &oci->index.descs[which];
    return target_from(t, *top, oci->index_path, diag);
}

/* Read and parse the document @t names; its blob's path goes to @path. */
static int
load_doc(struct wp__oci *oci, const struct target *t, struct wp__oci_doc *doc,
         char *path, struct wp_diag *diag)
{
    struct wp__oci_blob info;
    unsigned char *buf;
    size_t len;
    int rc;

    if ((rc = wp__oci_blob_read(oci, t->digest, t->size, &buf, &len, &info, diag)))
        return rc;
    memcpy(path, info.path, sizeof(info.path));
    rc = wp__oci_doc_parse(doc, oci->ctx, buf, len, t->kind, max_descs(oci->ctx), path, diag);
    wp__free(oci->ctx, buf);
    return rc;
}

int
wp__oci_find(struct wp__oci *oci, const char *ref, struct wp__oci_image *out,
             struct wp_diag *diag)
{
    char chain[WP__OCI_MAX_DEPTH + 1][72], path[sizeof(out->wasm.path)];
    uint64_t depth_limit;
    const struct wp__oci_desc *top;
    struct wp__oci_doc doc;
    struct target t;
    size_t n = 0, which;
    int rc;

    if (!oci || !ref || !out)
        return wp__diag_set(diag, WP_EINVAL, "", "wp__oci_find: NULL argument");
    memset(out, 0, sizeof(*out));
    depth_limit = wp_context_get_limit(oci->ctx, WP_LIMIT_NESTING_DEPTH);
    if (depth_limit > WP__OCI_MAX_DEPTH)
        depth_limit = WP__OCI_MAX_DEPTH;
    if ((rc = resolve(oci, ref, &t, &top, diag)))
        return rc;
    for (;;) {
        if ((rc = load_doc(oci, &t, &doc, path, diag)))
            return rc;
        memcpy(chain[n++], t.digest, sizeof(chain[0]));
        if (!doc.is_index)
            break;
        if (n > depth_limit)
            rc = wp__diag_set(diag, WP_ELIMIT, path, "image indexes nested deeper than %u",
                              (unsigned)depth_limit);
        else if (!(rc = wp__oci_pick_platform(&which, &doc, path, diag)))
            rc = target_from(&t, &doc.descs[which], path, diag);
        wp__oci_doc_release(&doc, oci->ctx);
        if (rc)
            return rc;
    }
    memcpy(out->manifest_digest, t.digest, sizeof(out->manifest_digest));
    rc = wp__oci_image_fill(oci, &doc, path, out, diag);
    wp__oci_doc_release(&doc, oci->ctx);
    if (!rc)
        out->is_signed = wp__oci_is_signed(oci, (const char(*)[72])chain, n, top);
    return rc;
}
