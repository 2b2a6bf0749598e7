/* LEB128, names and skips over a bounded cursor, with wasmparser's wording. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/utf8.h"
#include "wasm/cursor.h"

int
wp__wfail(struct wp__wr *r, const uint8_t *at, int code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    if (r->code)
        return r->code;
    r->code = code;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    wp__diag_at_offset(r->diag, code, r->source, (uint64_t)(at - r->base), "%s", msg);
    return code;
}

static int
eof(struct wp__wr *r, const struct wp__cur *c)
{
    return wp__wfail(r, c->end, WP_EMALFORMED, "unexpected end-of-file");
}

int
wp__rd_u8(struct wp__wr *r, struct wp__cur *c, uint8_t *out)
{
    if (c->p >= c->end)
        return eof(r, c);
    *out = *c->p++;
    return 0;
}

/* Unsigned LEB128 of at most ceil(bits/7) bytes; the unused high bits of the
 * last byte must be zero. Non-minimal encodings within the cap are valid. */
static int
rd_uleb(struct wp__wr *r, struct wp__cur *c, unsigned bits, const char *name,
        uint64_t *out)
{
    const unsigned max = (bits + 6) / 7;
    uint64_t v = 0;

    for (unsigned i = 0; i < max; i++) {
        uint8_t b;
        if (wp__cur_left(c) <= i)
            return eof(r, c);
        b = c->p[i];
        if (i == max - 1) {
            unsigned used = bits - 7 * i;
            if (b & 0x80)
                return wp__wfail(r, c->p + i, WP_EMALFORMED,
                                 "invalid %s: integer representation too long", name);
            if (used < 7 && (b >> used))
                return wp__wfail(r, c->p + i, WP_EMALFORMED,
                                 "invalid %s: integer too large", name);
        }
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            c->p += i + 1;
            *out = v;
            return 0;
        }
    }
    return eof(r, c); /* not reached: the last byte always returns */
}

int
wp__rd_u32(struct wp__wr *r, struct wp__cur *c, uint32_t *out)
{
    uint64_t v;
    int rc = rd_uleb(r, c, 32, "var_u32", &v);

    if (rc == 0)
        *out = (uint32_t)v;
    return rc;
}

int
wp__rd_u64(struct wp__wr *r, struct wp__cur *c, uint64_t *out)
{
    return rd_uleb(r, c, 64, "var_u64", out);
}

/* Signed 33-bit LEB128 (heap and value type indices): at most 5 bytes, and
 * the unused bits of the 5th must all equal the sign bit. */
int
wp__rd_s33(struct wp__wr *r, struct wp__cur *c, int64_t *out)
{
    int64_t v = 0;

    for (unsigned i = 0; i < 5; i++) {
        uint8_t b;
        if (wp__cur_left(c) <= i)
            return eof(r, c);
        b = c->p[i];
        if (i == 4) {
            if (b & 0x80)
                return wp__wfail(r, c->p + i, WP_EMALFORMED,
                                 "invalid var_s33: integer representation too long");
            /* 33 - 28 = 5 bits used; bit 4 is the sign, bits 4..6 must agree */
            uint8_t rest = b & 0x70;
            if (rest != 0 && rest != 0x70)
                return wp__wfail(r, c->p + i, WP_EMALFORMED,
                                 "invalid var_s33: integer too large");
        }
        v |= (int64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            unsigned shift = 7 * (i + 1);
            if (shift < 64 && (b & 0x40))
                v |= -((int64_t)1 << shift);
            c->p += i + 1;
            *out = v;
            return 0;
        }
    }
    return eof(r, c);
}

int
wp__rd_name(struct wp__wr *r, struct wp__cur *c, const char *what,
            const uint8_t **s, uint32_t *len)
{
    const uint8_t *start = c->p;
    uint64_t limit = wp_context_get_limit(r->ctx, WP_LIMIT_NAME_LENGTH);
    uint32_t n;
    int rc;

    if ((rc = wp__rd_u32(r, c, &n)))
        return rc;
    if (n > limit) {
        c->p = start;
        return wp__wfail(r, start, WP_ELIMIT,
                         "%s: length %" PRIu32 " exceeds the name limit of %" PRIu64,
                         what, n, limit);
    }
    if (n > wp__cur_left(c)) {
        const uint8_t *at = c->p;
        c->p = start;
        return wp__wfail(r, at, WP_EMALFORMED,
                         "%s: length %" PRIu32 " goes past the end of its section",
                         what, n);
    }
    if (!wp__utf8_valid(c->p, n)) {
        const uint8_t *at = c->p;
        c->p = start;
        return wp__wfail(r, at, WP_EMALFORMED, "%s: malformed UTF-8 encoding", what);
    }
    *s = c->p;
    *len = n;
    c->p += n;
    return 0;
}

int
wp__skip(struct wp__wr *r, struct wp__cur *c, size_t n)
{
    if (n > wp__cur_left(c))
        return eof(r, c);
    c->p += n;
    return 0;
}

