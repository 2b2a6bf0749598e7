/*
 * Runtime command lines: recognising the runtime, the parse entry point and
 * the bounded recording of results. The flag tables and the token rules of
 * each CLI live in argv_wasmtime.c, argv_wasmedge.c and argv_spin.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/overflow.h"
#include "model/argv_impl.h"

#include <wasmpolicy/common.h>

static int
ascii_eq_nocase(const char *s, const char *lit, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)lit[i])
            return 0;
    }
    return 1;
}

enum wp__argv_runtime
wp__argv_runtime_of(const char *s, size_t len)
{
    static const struct {
        const char *name;
        enum wp__argv_runtime rt;
    } names[] = {
        { "wasmtime", WP__ARGV_WASMTIME },
        { "wasmedge", WP__ARGV_WASMEDGE },
        { "spin", WP__ARGV_SPIN },
    };
    size_t base = 0, n;
    int exe = 0;

    if (!s)
        return WP__ARGV_NONE;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '/' || s[i] == '\\')
            base = i + 1;
    s += base;
    n = len - base;
    /* Windows file names ignore case, so a ".exe" name is matched that way. */
    if (n > 4 && ascii_eq_nocase(s + n - 4, ".exe", 4)) {
        exe = 1;
        n -= 4;
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i].name) == n &&
            (exe ? ascii_eq_nocase(s, names[i].name, n) : !memcmp(s, names[i].name, n)))
            return names[i].rt;
    return WP__ARGV_NONE;
}

struct wp__argv_ref
wp__argv_ref_at(uint32_t arg, size_t off, size_t len)
{
    struct wp__argv_ref ref = { arg, (uint32_t)off, (uint32_t)len };

    return ref;
}

struct wp__argv_ref
wp__argv_ref_arg(const struct wp__argv_run *r, uint32_t i)
{
    return wp__argv_ref_at(i, 0, wp__argv_len(r, i));
}

/* Make room for element @n of an arena array; the old block stays in the
 * arena, so growth by doubling wastes at most the final size again. */
static int
grow(struct wp__arena *a, void **v, size_t *cap, size_t n, size_t size)
{
    size_t ncap, bytes;
    void *nv;

    if (n < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 8;
    if (wp__mul_overflow(ncap, size, &bytes) || !(nv = wp__arena_alloc(a, bytes)))
        return WP_ENOMEM;
    if (n)
        memcpy(nv, *v, n * size);
    *v = nv;
    *cap = ncap;
    return 0;
}

static int
vnote(struct wp__argv_run *r, struct wp__argv_ref at, const char *fmt, va_list ap)
{
    struct wp__argv *out = r->out;
    char buf[200];
    void *v = out->notes;
    int n;

    if (out->nnotes >= WP__ARGV_MAX_NOTES) {
        r->dropped_notes++;
        return 0;
    }
    if (grow(r->arena, &v, &r->notes_cap, out->nnotes, sizeof(*out->notes)))
        return WP_ENOMEM;
    out->notes = v;
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof(buf))
        n = sizeof(buf) - 1;
    out->notes[out->nnotes].message = wp__arena_strndup(r->arena, buf, (size_t)n);
    if (!out->notes[out->nnotes].message)
        return WP_ENOMEM;
    out->notes[out->nnotes++].at = at;
    return 0;
}

int
wp__argv_note(struct wp__argv_run *r, struct wp__argv_ref at, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vnote(r, at, fmt, ap);
    va_end(ap);
    return rc;
}

int
wp__argv_refuse(struct wp__argv_run *r, struct wp__argv_ref at, const char *fmt, ...)
{
    va_list ap;
    int rc;

    r->out->refused = 1;
    va_start(ap, fmt);
    rc = vnote(r, at, fmt, ap);
    va_end(ap);
    return rc;
}

/* Room for one more entry of a bounded list; *keep is 0 past the bound. */
static int
slot(struct wp__argv_run *r, void **v, size_t *cap, size_t n, size_t size, int *keep)
{
    *keep = n < WP__ARGV_MAX_ITEMS;
    if (!*keep) {
        r->dropped_items++;
        return 0;
    }
    return grow(r->arena, v, cap, n, size);
}

int
wp__argv_add_env(struct wp__argv_run *r, const char *name, size_t name_len, const char *value,
                 size_t value_len, int has_value, struct wp__argv_ref at)
{
    struct wp__argv *out = r->out;
    void *v = out->env;
    int keep;

    if (slot(r, &v, &r->env_cap, out->nenv, sizeof(*out->env), &keep))
        return WP_ENOMEM;
    out->env = v;
    if (keep) {
        struct wp__argv_env e = { name, name_len, value, value_len, has_value, at };
        out->env[out->nenv++] = e;
    }
    return 0;
}

int
wp__argv_add_dir(struct wp__argv_run *r, const char *host, size_t host_len, const char *guest,
                 size_t guest_len, int writable, struct wp__argv_ref at)
{
    struct wp__argv *out = r->out;
    void *v = out->dirs;
    int keep;

    if (slot(r, &v, &r->dirs_cap, out->ndirs, sizeof(*out->dirs), &keep))
        return WP_ENOMEM;
    out->dirs = v;
    if (keep) {
        struct wp__argv_dir d = { host, host_len, guest, guest_len, writable, at };
        out->dirs[out->ndirs++] = d;
    }
    return 0;
}

int
wp__argv_add_opt(struct wp__argv_run *r, char group, const char *key, size_t key_len,
                 const char *value, size_t value_len, struct wp__argv_ref at)
{
    struct wp__argv *out = r->out;
    void *v = out->opts;
    int keep;

    if (slot(r, &v, &r->opts_cap, out->nopts, sizeof(*out->opts), &keep))
        return WP_ENOMEM;
    out->opts = v;
    if (keep) {
        struct wp__argv_opt o = { group, key, key_len, value_len ? value : "", value_len, at };
        out->opts[out->nopts++] = o;
    }
    return 0;
}

void
wp__argv_set(struct wp__argv_flag *f, int on, struct wp__argv_ref at)
{
    f->value = (int8_t)(on ? 1 : 0);
    f->at = at;
}

static void
init(struct wp__argv *out)
{
    static const struct wp__argv_flag unset = { -1, { 0, 0, 0 } };

    memset(out, 0, sizeof(*out));
    out->inherit_env = out->inherit_network = out->ip_name_lookup = unset;
    out->tcp = out->udp = out->http = unset;
    out->direct_mounts = out->transient_write = unset;
}

/* Clamp to what 32-bit references can name: stop at the first argument
 * longer than UINT32_MAX bytes, and before index UINT32_MAX. */
static uint32_t
parsable(const struct wp__argv_in *argv, size_t argc, size_t *stop)
{
    size_t n = argc < UINT32_MAX ? argc : UINT32_MAX;

    *stop = argc;
    for (size_t i = 0; i < n; i++)
        if (argv[i].s && argv[i].len > UINT32_MAX) {
            *stop = i;
            return (uint32_t)i;
        }
    if (n < argc)
        *stop = n;
    return (uint32_t)n;
}

static int
finish(struct wp__argv_run *r)
{
    struct wp__argv *out = r->out;
    char buf[80];
    void *v;
    int n;

    if (r->dropped_items &&
        wp__argv_note(r, wp__argv_ref_at(0, 0, 0),
                      "%zu more env, dir or option entries were not kept (at most %u of each)",
                      r->dropped_items, WP__ARGV_MAX_ITEMS))
        return WP_ENOMEM;
    if (!r->dropped_notes)
        return 0;
    /* One note past the bound says how many were dropped. */
    v = out->notes;
    if (grow(r->arena, &v, &r->notes_cap, out->nnotes, sizeof(*out->notes)))
        return WP_ENOMEM;
    out->notes = v;
    n = snprintf(buf, sizeof(buf), "%zu more notes were not kept", r->dropped_notes);
    out->notes[out->nnotes].message = wp__arena_strndup(r->arena, buf, n > 0 ? (size_t)n : 0);
    if (!out->notes[out->nnotes].message)
        return WP_ENOMEM;
    out->notes[out->nnotes++].at = wp__argv_ref_at(0, 0, 0);
    return 0;
}

int
wp__argv_parse(const struct wp__argv_in *argv, size_t argc, struct wp__arena *arena,
               struct wp__argv *out)
{
    struct wp__argv_run r;
    size_t stop;
    int rc;

    init(out);
    if (!argv || argc == 0 || (argv[0].s && argv[0].len > UINT32_MAX))
        return 0;
    out->runtime = wp__argv_runtime_of(argv[0].s, argv[0].len);
    if (out->runtime == WP__ARGV_NONE)
        return 0;
    memset(&r, 0, sizeof(r));
    r.argv = argv;
    r.arena = arena;
    r.out = out;
    r.argc = parsable(argv, argc, &stop);
    if (out->runtime == WP__ARGV_WASMTIME)
        rc = wp__argv_wasmtime(&r);
    else if (out->runtime == WP__ARGV_WASMEDGE)
        rc = wp__argv_wasmedge(&r);
    else
        rc = wp__argv_spin(&r);
    if (rc)
        return rc;
    if (stop < argc &&
        wp__argv_note(&r, wp__argv_ref_at(r.argc, 0, 0),
                      "arguments from here on were not parsed (longer than 4 GiB, "
                      "or too many)"))
        return WP_ENOMEM;
    return finish(&r);
}
