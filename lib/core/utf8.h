/* Strict UTF-8, shared by the readers: no overlong forms, no surrogates,
 * nothing above U+10FFFF. */
#ifndef WP_CORE_UTF8_H
#define WP_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at @p (p < end). Returns its length in bytes, or 0
 * when the bytes there are not valid UTF-8. */
size_t wp__utf8_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp);

/* 1 when all @n bytes at @s are valid UTF-8. */
int wp__utf8_valid(const uint8_t *s, size_t n);

#endif
