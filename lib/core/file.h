/* Reading an input file once: mapped when possible, read otherwise. */
#ifndef WP_CORE_FILE_H
#define WP_CORE_FILE_H

#include <stddef.h>

#include "core/context.h"

struct wp__file {
    const unsigned char *data;
    size_t size;
    int mapped;     /* data came from mmap */
    void *owned;    /* data came from the allocator */
};

/* Map or read @path whole, refusing anything above WP_LIMIT_INPUT_BYTES.
 * Errors: WP_EIO (with errno text), WP_ELIMIT. */
int wp__file_open(struct wp__file *f, const wp_context *ctx, const char *path,
                  struct wp_diag *diag);
void wp__file_close(struct wp__file *f, const wp_context *ctx);

#endif
