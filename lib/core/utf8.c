/* Strict UTF-8 decoding. */
#include "core/utf8.h"

size_t
wp__utf8_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
    static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    size_t n, i;
    uint32_t c = p[0];

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (!n)
        return 0;
    c &= 0x7fu >> n;
    if ((size_t)(end - p) < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3f);
    }
    if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return n;
}

int
wp__utf8_valid(const uint8_t *s, size_t n)
{
    const unsigned char *p = s, *end = s + n;
    uint32_t cp;

    while (p < end) {
        size_t len = *p < 0x80 ? 1 : wp__utf8_decode(p, end, &cp);
        if (!len)
            return 0;
        p += len;
    }
    return 1;
}
