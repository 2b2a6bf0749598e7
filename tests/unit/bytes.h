/* Building wasm binaries byte by byte for malformed-input tests. */
#ifndef WP_TEST_BYTES_H
#define WP_TEST_BYTES_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct bytes {
    uint8_t *p;
    size_t n, cap;
};

static inline void
b_put(struct bytes *b, const void *src, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    if (n)
        memcpy(b->p + b->n, src, n);
    b->n += n;
}

static inline void
b_u8(struct bytes *b, uint8_t v)
{
    b_put(b, &v, 1);
}

static inline void
b_leb(struct bytes *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        b_u8(b, byte | (v ? 0x80 : 0));
    } while (v);
}

static inline void
b_str(struct bytes *b, const char *s)
{
    b_leb(b, strlen(s));
    b_put(b, s, strlen(s));
}

static inline void
b_module_preamble(struct bytes *b)
{
    b_put(b, "\0asm\1\0\0\0", 8);
}

static inline void
b_component_preamble(struct bytes *b)
{
    b_put(b, "\0asm\x0d\0\1\0", 8);
}

/* Append section @id with body @body. */
static inline void
b_section(struct bytes *b, uint8_t id, const struct bytes *body)
{
    b_u8(b, id);
    b_leb(b, body->n);
    b_put(b, body->p, body->n);
}

static inline void
b_free(struct bytes *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

#endif
