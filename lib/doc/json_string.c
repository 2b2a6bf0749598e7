/*
 * JSON strings: one pass validates (escapes, surrogate pairs, raw control
 * characters, UTF-8) and measures the decoded length, so the scalar limit is
 * checked before anything is allocated; strings without escapes are then
 * copied straight from the input, the others decoded in a reused buffer.
 */
#include <string.h>

#include "core/utf8.h"
#include "doc/json_impl.h"

static int
hex4(const unsigned char *p, const unsigned char *end, uint32_t *out)
{
    uint32_t v = 0;

    if (end - p < 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d > 15)
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

static size_t
utf8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* A \u escape at @q (on the 'u'): the code point, pairing surrogates.
 * Returns the bytes consumed after the 'u', or 0 after recording an error. */
static size_t
unicode_escape(struct wp__jr *j, const unsigned char *q, uint32_t *cp)
{
    uint32_t lo;

    if (hex4(q + 1, j->end, cp)) {
        wp__jr_fail(j, q - 1, WP_EMALFORMED, "invalid \\u escape in string");
        return 0;
    }
    if (*cp < 0xd800 || *cp > 0xdfff)
        return 4;
    if (*cp <= 0xdbff && j->end - q >= 11 && q[5] == '\\' && q[6] == 'u' &&
        !hex4(q + 7, j->end, &lo) && lo >= 0xdc00 && lo <= 0xdfff) {
        *cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
        return 10;
    }
    wp__jr_fail(j, q - 1, WP_EMALFORMED, "unpaired surrogate \\u%04x in string", (unsigned)*cp);
    return 0;
}

/* The escape at *@q (on the backslash): its decoded length, moving *@q past
 * it; 0 after recording an error. */
static size_t
escape_len(struct wp__jr *j, const unsigned char **q)
{
    const unsigned char *e = *q + 1;
    uint32_t cp;
    size_t n;

    if (*e && strchr("\"\\/bfnrt", *e)) {
        *q = e + 1;
        return 1;
    }
    if (*e != 'u') {
        if (*e >= 0x20 && *e < 0x7f)
            wp__jr_fail(j, *q, WP_EMALFORMED, "invalid escape '\\%c' in string", *e);
        else
            wp__jr_fail(j, *q, WP_EMALFORMED, "invalid escape in string");
        return 0;
    }
    if (!(n = unicode_escape(j, e, &cp)))
        return 0;
    *q = e + 1 + n;
    return utf8_len(cp);
}

/* Validate the body from @q and measure it. *@close gets the closing quote,
 * or NULL when the input ends first or the string grows past @max bytes. */
static int
scan(struct wp__jr *j, const unsigned char *q, const unsigned char **close, size_t *len,
     int *escapes, uint64_t max)
{
    uint32_t cp;
    size_t n;

    *close = NULL;
    for (*len = 0, *escapes = 0; q < j->end && *len <= max; *len += n) {
        if (*q == '"') {
            *close = q;
            return 0;
        }
        if (*q == '\\') {
            *escapes = 1;
            if (j->end - q < 2)
                return 0;
            if (!(n = escape_len(j, &q)))
                return j->b.err;
        } else if (*q < 0x20) {
            return wp__jr_fail(j, q, WP_EMALFORMED, "control character 0x%02x in string", *q);
        } else if (!(n = wp__utf8_decode(q, j->end, &cp))) {
            return wp__jr_fail(j, q, WP_EMALFORMED, "invalid UTF-8 in string");
        } else {
            q += n;
        }
    }
    return 0;
}

static void
put_utf8(char **o, uint32_t cp)
{
    unsigned char *u = (unsigned char *)*o;
    size_t n = utf8_len(cp);

    if (n == 1) {
        u[0] = (unsigned char)cp;
    } else {
        for (size_t i = n - 1; i > 0; i--, cp >>= 6)
            u[i] = (unsigned char)(0x80 | (cp & 0x3f));
        u[0] = (unsigned char)((0xf00u >> n) | cp);
    }
    *o += n;
}

/* Decode the validated body [q, close) into o. */
static void
decode(const unsigned char *q, const unsigned char *close, char *o)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    uint32_t cp = 0, lo = 0; /* set by hex4: scan() validated every escape */

    while (q < close) {
        const unsigned char *bs = memchr(q, '\\', (size_t)(close - q));
        size_t run = (size_t)((bs ? bs : close) - q);
        memcpy(o, q, run);
        o += run;
        if (!bs)
            break;
        if (bs[1] != 'u') {
            *o++ = to[strchr(from, bs[1]) - from];
            q = bs + 2;
            continue;
        }
        hex4(bs + 2, close, &cp);
        q = bs + 6;
        if (cp >= 0xd800 && cp <= 0xdbff) {
            hex4(bs + 8, close, &lo);
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            q = bs + 12;
        }
        put_utf8(&o, cp);
    }
}

int
wp__jr_string(struct wp__jr *j)
{
    const unsigned char *open = j->p, *close = NULL;
    struct wp__node n;
    int escapes, rc;
    size_t len;

    if ((rc = scan(j, open + 1, &close, &len, &escapes, j->b.max_scalar)))
        return rc;
    memset(&n, 0, sizeof(n));
    n.start = wp__jr_pos(j, open);
    if ((rc = wp__build_check_len(&j->b, len, n.start)))
        return rc;
    if (!close)
        return wp__jr_fail(j, open, WP_EMALFORMED, "unterminated string");
    n.kind = WP__NODE_STRING;
    n.style = WP__STYLE_DOUBLE_QUOTED;
    n.c.s.text = (const char *)open + 1;
    n.c.s.len = len;
    if (escapes) {
        if (wp__reserve(j->b.ctx, (void **)&j->buf, &j->buf_cap, len + 1, 1))
            return wp__build_fail(&j->b, WP_ENOMEM, n.start, "out of memory");
        decode(open + 1, close, j->buf);
        n.c.s.text = j->buf;
    }
    n.end = wp__jr_pos(j, close + 1);
    j->p = close + 1;
    return wp__build_scalar(&j->b, &n, NULL);
}
