/* The context: allocator hooks, limits and the log callback. */
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/diag.h"
#include "core/overflow.h"

static void *
libc_malloc(size_t size, void *user)
{
    (void)user;
    return malloc(size);
}

static void *
libc_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    return realloc(ptr, size);
}

static void
libc_free(void *ptr, void *user)
{
    (void)user;
    free(ptr);
}

/* Defaults follow wasmparser's limits where one exists, so that anything a
 * real toolchain produces is accepted and hostile input is refused early. */
static const uint64_t default_limits[WP__LIMIT_MAX + 1] = {
    [WP_LIMIT_INPUT_BYTES] = 256u << 20,
    [WP_LIMIT_NESTING_DEPTH] = 256,
    [WP_LIMIT_NAME_LENGTH] = 100000,
    [WP_LIMIT_WASM_ENTRIES] = 1000000,
    [WP_LIMIT_DOCUMENTS] = 100000,
    [WP_LIMIT_NODES] = 1000000,
    [WP_LIMIT_ALIAS_EXPANSION] = 100000,
    [WP_LIMIT_KEY_LENGTH] = 4096,
    [WP_LIMIT_SCALAR_LENGTH] = 16u << 20,
    [WP_LIMIT_REGEX_MATCH] = 1000000,
    [WP_LIMIT_REGEX_DEPTH] = 10000,
};

int
wp_context_new(wp_context **out, const struct wp_allocator *allocator)
{
    struct wp_allocator a = { WP_ALLOCATOR_VERSION, libc_malloc, libc_realloc,
                              libc_free, NULL };
    wp_context *ctx;

    if (!out)
        return WP_EINVAL;
    *out = NULL;
    if (allocator) {
        if (allocator->version != WP_ALLOCATOR_VERSION || !allocator->malloc_fn ||
            !allocator->realloc_fn || !allocator->free_fn)
            return WP_EINVAL;
        a = *allocator;
    }
    ctx = a.malloc_fn(sizeof(*ctx), a.user);
    if (!ctx)
        return WP_ENOMEM;
    memset(ctx, 0, sizeof(*ctx));
    ctx->alloc = a;
    ctx->log_min = WP_SEVERITY_WARNING;
    memcpy(ctx->limits, default_limits, sizeof(ctx->limits));
    *out = ctx;
    return WP_OK;
}

void
wp_context_free(wp_context *ctx)
{
    if (!ctx)
        return;
    ctx->alloc.free_fn(ctx, ctx->alloc.user);
}

int
wp_context_set_limit(wp_context *ctx, enum wp_limit limit, uint64_t value)
{
    if (!ctx || (int)limit < 1 || (int)limit > WP__LIMIT_MAX || value == 0)
        return WP_EINVAL;
    ctx->limits[limit] = value;
    return WP_OK;
}

uint64_t
wp_context_get_limit(const wp_context *ctx, enum wp_limit limit)
{
    if (!ctx || (int)limit < 1 || (int)limit > WP__LIMIT_MAX)
        return 0;
    return ctx->limits[limit];
}

void
wp_context_set_log(wp_context *ctx, wp_log_fn fn, enum wp_severity min_severity,
                   void *payload)
{
    if (!ctx)
        return;
    ctx->log_fn = fn;
    ctx->log_min = min_severity;
    ctx->log_payload = payload;
}

void
wp__log(const wp_context *ctx, enum wp_severity sev, const char *source,
        uint64_t offset, int has_offset, const char *fmt, ...)
{
    struct wp_diag d = WP_DIAG_INIT;
    va_list ap;

    if (!ctx->log_fn || sev < ctx->log_min)
        return;
    va_start(ap, fmt);
    wp__diag_vset(&d, WP_OK, source, fmt, ap);
    va_end(ap);
    d.offset = offset;
    d.has_offset = has_offset;
    ctx->log_fn(sev, &d, ctx->log_payload);
}

void *
wp__malloc(const wp_context *ctx, size_t size)
{
    return ctx->alloc.malloc_fn(size ? size : 1, ctx->alloc.user);
}

void *
wp__calloc(const wp_context *ctx, size_t n, size_t size)
{
    size_t total;
    void *p;

    if (wp__mul_overflow(n, size, &total))
        return NULL;
    p = wp__malloc(ctx, total);
    if (p)
        memset(p, 0, total);
    return p;
}

void *
wp__realloc(const wp_context *ctx, void *ptr, size_t size)
{
    return ctx->alloc.realloc_fn(ptr, size ? size : 1, ctx->alloc.user);
}

void
wp__free(const wp_context *ctx, void *ptr)
{
    if (ptr)
        ctx->alloc.free_fn(ptr, ctx->alloc.user);
}

int
wp__reserve(const wp_context *ctx, void **v, size_t *cap, size_t need, size_t size)
{
    size_t ncap = *cap ? *cap : 16, bytes;
    void *p;

    if (need <= *cap)
        return 0;
    while (ncap < need)
        if (wp__mul_overflow(ncap, 2, &ncap))
            return WP_ENOMEM;
    if (wp__mul_overflow(ncap, size, &bytes) || !(p = wp__realloc(ctx, *v, bytes)))
        return WP_ENOMEM;
    *v = p;
    *cap = ncap;
    return 0;
}

char *
wp__strndup(const wp_context *ctx, const char *s, size_t n)
{
    char *p;

    if (n == SIZE_MAX)
        return NULL;
    p = wp__malloc(ctx, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
