/*
 * Files are mapped read-only so that a 10 MB component whose import section
 * sits in the first kilobytes costs a few page faults, not a full read.
 * Pipes, character devices and empty files cannot be mapped and are read
 * into memory instead, with the same size limit.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/file.h"

static int
read_all(struct wp__file *f, const wp_context *ctx, int fd, const char *path,
         struct wp_diag *diag)
{
    uint64_t limit = wp_context_get_limit(ctx, WP_LIMIT_INPUT_BYTES);
    size_t cap = 0, len = 0;
    unsigned char *buf = NULL;

    for (;;) {
        ssize_t n;
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            unsigned char *nb;
            if ((uint64_t)cap > limit) {
                wp__free(ctx, buf);
                return wp__diag_set(diag, WP_ELIMIT, path,
                                    "input is larger than the limit of %" PRIu64 " bytes",
                                    limit);
            }
            nb = wp__realloc(ctx, buf, ncap);
            if (!nb) {
                wp__free(ctx, buf);
                return wp__diag_set(diag, WP_ENOMEM, path, "out of memory");
            }
            buf = nb;
            cap = ncap;
        }
        n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            wp__free(ctx, buf);
            return wp__diag_set(diag, WP_EIO, path, "cannot read: %s", strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    if ((uint64_t)len > limit) {
        wp__free(ctx, buf);
        return wp__diag_set(diag, WP_ELIMIT, path,
                            "input is larger than the limit of %" PRIu64 " bytes", limit);
    }
    f->data = buf;
    f->owned = buf;
    f->size = len;
    return WP_OK;
}

int
wp__file_open(struct wp__file *f, const wp_context *ctx, const char *path,
              struct wp_diag *diag)
{
    struct stat st;
    int fd, rc;
    void *p;

    memset(f, 0, sizeof(*f));
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return wp__diag_set(diag, WP_EIO, path, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) != 0) {
        rc = wp__diag_set(diag, WP_EIO, path, "cannot stat: %s", strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = wp__diag_set(diag, WP_EIO, path, "is a directory");
        goto out;
    }
    if (!S_ISREG(st.st_mode) || st.st_size == 0) {
        rc = read_all(f, ctx, fd, path, diag);
        goto out;
    }
    if ((uint64_t)st.st_size > wp_context_get_limit(ctx, WP_LIMIT_INPUT_BYTES)) {
        rc = wp__diag_set(diag, WP_ELIMIT, path,
                          "input is %" PRIu64 " bytes, larger than the limit of %" PRIu64,
                          (uint64_t)st.st_size,
                          wp_context_get_limit(ctx, WP_LIMIT_INPUT_BYTES));
        goto out;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        rc = read_all(f, ctx, fd, path, diag);
        goto out;
    }
    f->data = p;
    f->size = (size_t)st.st_size;
    f->mapped = 1;
    rc = WP_OK;
out:
    close(fd);
    return rc;
}

void
wp__file_close(struct wp__file *f, const wp_context *ctx)
{
    if (f->mapped)
        munmap((void *)f->data, f->size);
    else
        wp__free(ctx, f->owned);
    memset(f, 0, sizeof(*f));
}
