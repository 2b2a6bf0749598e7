/*
 * Reading files of a layout that may be hostile: every name is opened
 * relative to the layout directory without following a final symbolic
 * link, and with O_NONBLOCK so that a FIFO planted as a blob cannot hang
 * the open; only regular files are read; sizes are checked against the
 * descriptor and the context's input limit before any byte is read; blobs
 * are hashed while they are read and compared with their name.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "artifact/oci_impl.h"
#include "core/diag.h"

#define CHUNK 16384

/* Open @name under @dirfd. Returns the descriptor, or a negative WP_E*
 * with the diag set; a missing file is WP_ENOTFOUND (callers word it). */
static int
open_regular(int dirfd, const char *name, const char *path, uint64_t *size,
             struct wp_diag *diag)
{
    struct stat st;
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

    if (fd < 0 && errno == ELOOP)
        return wp__diag_set(diag, WP_EMALFORMED, path, "is a symbolic link, which is refused");
    if (fd < 0 && errno == ENOENT)
        return wp__diag_set(diag, WP_ENOTFOUND, path, "no such file");
    if (fd < 0)
        return wp__diag_set(diag, WP_EIO, path, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return wp__diag_set(diag, WP_EIO, path, "cannot stat: %s", strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return wp__diag_set(diag, WP_EMALFORMED, path, "is not a regular file");
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

static int
check_limit(const wp_context *ctx, uint64_t size, const char *what, const char *path,
            struct wp_diag *diag)
{
    uint64_t limit = wp_context_get_limit(ctx, WP_LIMIT_INPUT_BYTES);

    if (size <= limit && size < SIZE_MAX)
        return WP_OK;
    return wp__diag_set(diag, WP_ELIMIT, path,
                        "%s %" PRIu64 " bytes, larger than the limit of %" PRIu64, what, size,
                        limit);
}

/* Read exactly @size bytes into @keep (or a scratch chunk), hashing them
 * into @sha when given and keeping the first 8 in @pre. */
static int
read_exact(int fd, uint64_t size, unsigned char *keep, struct wp__sha256 *sha,
           unsigned char pre[8], const char *path, struct wp_diag *diag)
{
    unsigned char chunk[CHUNK];
    uint64_t done = 0;

    while (done < size) {
        size_t want = size - done < CHUNK ? (size_t)(size - done) : CHUNK;
        unsigned char *dst = keep ? keep + done : chunk;
        ssize_t n = read(fd, dst, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return wp__diag_set(diag, WP_EIO, path, "cannot read: %s", strerror(errno));
        if (n == 0)
            return wp__diag_set(diag, WP_EIO, path, "file shrank while it was read");
        if (sha)
            wp__sha256_update(sha, dst, (size_t)n);
        for (size_t i = 0; done + i < 8 && i < (size_t)n; i++)
            pre[done + i] = dst[i];
        done += (uint64_t)n;
    }
    return WP_OK;
}

static enum wp__oci_binary
preamble(const unsigned char p[8], uint64_t size)
{
    static const unsigned char module[8] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };
    static const unsigned char component[8] = { 0, 'a', 's', 'm', 0x0d, 0, 1, 0 };

    if (size >= 8 && !memcmp(p, module, 8))
        return WP__OCI_BIN_MODULE;
    if (size >= 8 && !memcmp(p, component, 8))
        return WP__OCI_BIN_COMPONENT;
    return WP__OCI_BIN_OTHER;
}

static int
blob_path(struct wp__oci *oci, char *path, size_t size, const char *digest,
          struct wp_diag *diag)
{
    char q[96];
    int rc = wp__oci_digest_check(digest);

    wp__oci_quote(q, sizeof(q), digest);
    if (rc == WP_EUNSUPPORTED)
        return wp__diag_set(diag, rc, oci->index_path, "unsupported digest algorithm: \"%s\"",
                            q);
    if (rc)
        return wp__diag_set(diag, rc, oci->index_path, "invalid digest \"%s\"", q);
    /* wp__oci_open checked that the directory name leaves room. */
    rc = snprintf(path, size, "%s/blobs/sha256/%s", oci->dir, digest + 7);
    return rc > 0 && (size_t)rc < size ? WP_OK
                                       : wp__diag_set(diag, WP_ELIMIT, oci->dir, "path too long");
}

/* Open, size-check and hash the blob; @buf receives its bytes if given. */
static int
blob_load(struct wp__oci *oci, const char *digest, uint64_t expect, const char *path,
          unsigned char **buf, uint64_t *size, unsigned char pre[8], struct wp_diag *diag)
{
    struct wp__sha256 sha;
    char hex[65];
    int fd, rc;

    if (expect != UINT64_MAX && (rc = check_limit(oci->ctx, expect, "descriptor size is",
                                                  path, diag)))
        return rc;
    if (oci->blobs_fd < 0)
        return wp__diag_set(diag, WP_ENOTFOUND, path, "blob is missing from the layout");
    if ((fd = open_regular(oci->blobs_fd, digest + 7, path, size, diag)) < 0)
        return fd == WP_ENOTFOUND ? wp__diag_set(diag, WP_ENOTFOUND, path,
                                                 "blob is missing from the layout")
                                  : fd;
    if (expect != UINT64_MAX && *size != expect)
        rc = wp__diag_set(diag, WP_EMALFORMED, path,
                          "blob is %" PRIu64 " bytes, its descriptor says %" PRIu64, *size,
                          expect);
    else if (!(rc = check_limit(oci->ctx, *size, "blob is", path, diag)) && buf &&
             !(*buf = wp__malloc(oci->ctx, *size ? (size_t)*size : 1)))
        rc = wp__diag_set(diag, WP_ENOMEM, path, "out of memory");
    wp__sha256_init(&sha);
    if (!rc && !(rc = read_exact(fd, *size, buf ? *buf : NULL, &sha, pre, path, diag))) {
        wp__sha256_final_hex(&sha, hex);
        if (strcmp(hex, digest + 7) != 0)
            rc = wp__diag_set(diag, WP_EMALFORMED, path,
                              "content does not match its digest (it hashes to sha256:%s)", hex);
    }
    close(fd);
    return rc;
}

int
wp__oci_blob_read(struct wp__oci *oci, const char *digest, uint64_t expect_size,
                  unsigned char **data, size_t *len, struct wp__oci_blob *info,
                  struct wp_diag *diag)
{
    unsigned char pre[8] = { 0 }, *buf = NULL;
    char path[sizeof(info->path)];
    uint64_t size = 0;
    int rc;

    if ((rc = blob_path(oci, path, sizeof(path), digest, diag)))
        return rc;
    rc = blob_load(oci, digest, expect_size, path, data ? &buf : NULL, &size, pre, diag);
    if (rc) {
        wp__free(oci->ctx, buf);
        return rc;
    }
    if (data) {
        *data = buf;
        *len = (size_t)size;
    }
    if (info) {
        memcpy(info->digest, digest, sizeof(info->digest));
        memcpy(info->path, path, sizeof(info->path));
        info->size = size;
        info->binary = preamble(pre, size);
    }
    return WP_OK;
}

int
wp__oci_file_read(struct wp__oci *oci, const char *name, const char *path, unsigned char **data,
                  size_t *len, struct wp_diag *diag)
{
    unsigned char pre[8], *buf = NULL;
    uint64_t size = 0;
    int fd = open_regular(oci->dir_fd, name, path, &size, diag), rc;

    if (fd == WP_ENOTFOUND)
        return wp__diag_set(diag, WP_EIO, path, "cannot open: %s", strerror(ENOENT));
    if (fd < 0)
        return fd;
    if (!(rc = check_limit(oci->ctx, size, "file is", path, diag)) &&
        !(buf = wp__malloc(oci->ctx, size ? (size_t)size : 1)))
        rc = wp__diag_set(diag, WP_ENOMEM, path, "out of memory");
    if (!rc)
        rc = read_exact(fd, size, buf, NULL, pre, path, diag);
    close(fd);
    if (rc) {
        wp__free(oci->ctx, buf);
        return rc;
    }
    *data = buf;
    *len = (size_t)size;
    return WP_OK;
}
