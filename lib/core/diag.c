/* struct wp_diag: filling, clearing and the one-line text form. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/diag.h"

static int
usable(const struct wp_diag *d)
{
    return d && d->version == WP_DIAG_VERSION;
}

static void
copy_str(char *dst, size_t size, const char *src)
{
    size_t n = src ? strlen(src) : 0;

    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

void
wp_diag_clear(struct wp_diag *d)
{
    unsigned v;

    if (!usable(d))
        return;
    v = d->version;
    memset(d, 0, sizeof(*d));
    d->version = v;
}

int
wp__diag_vset(struct wp_diag *d, int code, const char *source, const char *fmt,
              va_list ap)
{
    if (!usable(d))
        return code;
    wp_diag_clear(d);
    d->code = code;
    copy_str(d->source, sizeof(d->source), source);
    vsnprintf(d->message, sizeof(d->message), fmt, ap);
    return code;
}

int
wp__diag_set(struct wp_diag *d, int code, const char *source, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    wp__diag_vset(d, code, source, fmt, ap);
    va_end(ap);
    return code;
}

int
wp__diag_at_offset(struct wp_diag *d, int code, const char *source, uint64_t offset,
                   const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    wp__diag_vset(d, code, source, fmt, ap);
    va_end(ap);
    if (usable(d)) {
        d->offset = offset;
        d->has_offset = 1;
    }
    return code;
}

int
wp__diag_at_line(struct wp_diag *d, int code, const char *source, unsigned line,
                 unsigned column, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    wp__diag_vat_line(d, code, source, line, column, fmt, ap);
    va_end(ap);
    return code;
}

int
wp__diag_vat_line(struct wp_diag *d, int code, const char *source, unsigned line,
                  unsigned column, const char *fmt, va_list ap)
{
    wp__diag_vset(d, code, source, fmt, ap);
    if (usable(d)) {
        d->line = line;
        d->column = column;
    }
    return code;
}

void
wp__diag_copy(struct wp_diag *dst, const struct wp_diag *src)
{
    if (!usable(dst) || !usable(src) || dst == src)
        return;
    memcpy(dst, src, sizeof(*dst));
}

int
wp_diag_format(char *buf, size_t size, const struct wp_diag *d)
{
    const char *src;

    if (!usable(d))
        return snprintf(buf, size, "invalid diagnostic");
    src = d->source[0] ? d->source : "<input>";
    if (d->line)
        return snprintf(buf, size, "%s:%u:%u: %s", src, d->line, d->column, d->message);
    if (d->has_offset)
        return snprintf(buf, size, "%s: offset 0x%" PRIx64 ": %s", src, d->offset,
                        d->message);
    return snprintf(buf, size, "%s: %s", src, d->message);
}
