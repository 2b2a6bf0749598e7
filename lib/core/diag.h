/* Filling struct wp_diag from inside the library. */
#ifndef WP_CORE_DIAG_H
#define WP_CORE_DIAG_H

#include <stdarg.h>
#include <stdint.h>

#include <wasmpolicy/common.h>

/* Each returns @code so callers can write `return wp__diag_set(...)`.
 * A NULL diag is accepted; a diag whose version the library does not know
 * is left alone rather than written past its end. */
int wp__diag_set(struct wp_diag *d, int code, const char *source, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int wp__diag_vset(struct wp_diag *d, int code, const char *source, const char *fmt,
                  va_list ap) __attribute__((format(printf, 4, 0)));
int wp__diag_at_offset(struct wp_diag *d, int code, const char *source,
                       uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int wp__diag_at_line(struct wp_diag *d, int code, const char *source, unsigned line,
                     unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
int wp__diag_vat_line(struct wp_diag *d, int code, const char *source, unsigned line,
                      unsigned column, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* Copy one diag into another, respecting the destination's version. */
void wp__diag_copy(struct wp_diag *dst, const struct wp_diag *src);

#endif
