/* One argv parse, shared by argv.c and the per-runtime parsers. */
#ifndef WP_MODEL_ARGV_IMPL_H
#define WP_MODEL_ARGV_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/argv.h"

struct wp__argv_run {
    const struct wp__argv_in *argv;
    uint32_t argc;              /* arguments that may be parsed (clamped) */
    struct wp__arena *arena;
    struct wp__argv *out;
    size_t env_cap, dirs_cap, opts_cap, notes_cap;
    size_t dropped_items;       /* past WP__ARGV_MAX_ITEMS */
    size_t dropped_notes;       /* past WP__ARGV_MAX_NOTES */
};

/* Text of argument @i (< r->argc); never NULL, so memcmp stays defined.
 * The stand-in for a NULL argument is a few bytes long so that code which
 * has checked a prefix and skips it (s + 2 after "--") never points past
 * an object, which gcc -O3 cannot see is unreachable for empty ones. */
static inline const char *
wp__argv_s(const struct wp__argv_run *r, uint32_t i)
{
    static const char none[8];
    return r->argv[i].s ? r->argv[i].s : none;
}

/* Length of argument @i; fits 32 bits once wp__argv_parse clamped argc. */
static inline uint32_t
wp__argv_len(const struct wp__argv_run *r, uint32_t i)
{
    return r->argv[i].s ? (uint32_t)r->argv[i].len : 0;
}

/* 1 when the @n bytes at @s equal the C string @lit. */
static inline int
wp__argv_eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && (n == 0 || !memcmp(s, lit, n));
}

/* Offset of the first @c in @s[0, n), or @n. */
static inline size_t
wp__argv_find(const char *s, size_t n, char c)
{
    const char *p = n ? memchr(s, c, n) : NULL;

    return p ? (size_t)(p - s) : n;
}

struct wp__argv_ref wp__argv_ref_at(uint32_t arg, size_t off, size_t len);
/* The whole argument @i. */
struct wp__argv_ref wp__argv_ref_arg(const struct wp__argv_run *r, uint32_t i);

/* Record a note (printf-style, never quoting input); 0 or WP_ENOMEM. */
int wp__argv_note(struct wp__argv_run *r, struct wp__argv_ref at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A note that also marks the command line as one the CLI refuses. */
int wp__argv_refuse(struct wp__argv_run *r, struct wp__argv_ref at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int wp__argv_add_env(struct wp__argv_run *r, const char *name, size_t name_len,
                     const char *value, size_t value_len, int has_value,
                     struct wp__argv_ref at);
int wp__argv_add_dir(struct wp__argv_run *r, const char *host, size_t host_len,
                     const char *guest, size_t guest_len, int writable,
                     struct wp__argv_ref at);
int wp__argv_add_opt(struct wp__argv_run *r, char group, const char *key, size_t key_len,
                     const char *value, size_t value_len, struct wp__argv_ref at);

void wp__argv_set(struct wp__argv_flag *f, int on, struct wp__argv_ref at);

/* The runtime parsers; each starts after argv[0]. 0 or WP_ENOMEM. */
int wp__argv_wasmtime(struct wp__argv_run *r);
int wp__argv_wasmedge(struct wp__argv_run *r);
int wp__argv_spin(struct wp__argv_run *r);

#endif
