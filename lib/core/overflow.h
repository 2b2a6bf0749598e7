/* Overflow-checked size arithmetic: every size computed from input goes through these. */
#ifndef WP_CORE_OVERFLOW_H
#define WP_CORE_OVERFLOW_H

#include <stdbool.h>
#include <stddef.h>

static inline bool
wp__add_overflow(size_t a, size_t b, size_t *out)
{
    return __builtin_add_overflow(a, b, out);
}

static inline bool
wp__mul_overflow(size_t a, size_t b, size_t *out)
{
    return __builtin_mul_overflow(a, b, out);
}

#endif
