/* Internal view of struct wp_context and the allocation helpers every layer uses. */
#ifndef WP_CORE_CONTEXT_H
#define WP_CORE_CONTEXT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <wasmpolicy/context.h>

#define WP__LIMIT_MAX 11

struct wp_context {
    struct wp_allocator alloc;
    wp_log_fn log_fn;
    void *log_payload;
    enum wp_severity log_min;
    uint64_t limits[WP__LIMIT_MAX + 1];
};

void *wp__malloc(const wp_context *ctx, size_t size);
void *wp__calloc(const wp_context *ctx, size_t n, size_t size);
void *wp__realloc(const wp_context *ctx, void *ptr, size_t size);
void wp__free(const wp_context *ctx, void *ptr);
char *wp__strndup(const wp_context *ctx, const char *s, size_t n);
/* Grow the array *v (capacity *cap elements of @size bytes) to hold at least
 * @need elements, doubling from 16, every size overflow-checked. Returns 0
 * or WP_ENOMEM, leaving *v and *cap untouched on failure. */
int wp__reserve(const wp_context *ctx, void **v, size_t *cap, size_t need, size_t size);

/* Deliver a message to the log callback, if one is installed and wants it. */
void wp__log(const wp_context *ctx, enum wp_severity sev, const char *source,
             uint64_t offset, int has_offset, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#endif
