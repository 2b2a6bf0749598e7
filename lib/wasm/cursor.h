/*
 * Bounded cursor over a wasm binary. Every read checks the bytes left before
 * touching them, compares lengths against what is left (never forms p + len
 * first) and advances only on success. The first failure is recorded with
 * its byte offset in the reader; later ones are ignored.
 */
#ifndef WP_WASM_CURSOR_H
#define WP_WASM_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/context.h"

struct wp__wr {                  /* one decoding job */
    const wp_context *ctx;
    const uint8_t *base;         /* start of the file: offsets are from here */
    const char *source;
    struct wp_diag *diag;
    int code;                    /* first error, 0 if none */
};

struct wp__cur {
    const uint8_t *p, *end;
};

/* Record an error at @at (first one wins) and return its code. */
int wp__wfail(struct wp__wr *r, const uint8_t *at, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static inline size_t
wp__cur_left(const struct wp__cur *c)
{
    return (size_t)(c->end - c->p);
}

int wp__rd_u8(struct wp__wr *r, struct wp__cur *c, uint8_t *out);
int wp__rd_u32(struct wp__wr *r, struct wp__cur *c, uint32_t *out);
int wp__rd_u64(struct wp__wr *r, struct wp__cur *c, uint64_t *out);
int wp__rd_s33(struct wp__wr *r, struct wp__cur *c, int64_t *out);
/* A length-prefixed UTF-8 string, borrowed from the input. @what names the
 * string in messages ("import name"). */
int wp__rd_name(struct wp__wr *r, struct wp__cur *c, const char *what,
                const uint8_t **s, uint32_t *len);
int wp__skip(struct wp__wr *r, struct wp__cur *c, size_t n);

#endif
