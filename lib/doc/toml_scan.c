/*
 * The TOML scanner: positions and errors, whitespace, comments, line ends,
 * keys, and the values written as bare words (booleans, integers). What
 * TOML has and spin.toml does not use (floats, dates, times) is recognised
 * here so that it is refused by name at its position, never misread as an
 * integer followed by garbage.
 */
#include <stdarg.h>
#include <string.h>

#include "core/utf8.h"
#include "doc/toml_impl.h"

struct wp__pos
wp__tr_pos(struct wp__tr *t, const unsigned char *at)
{
    const struct wp__src *s = t->src;
    size_t off = (size_t)(at - t->base);
    struct wp__pos pos;

    if (off < s->lines[t->line])
        return wp__src_pos(s, off);
    while (t->line + 1 < s->nlines && s->lines[t->line + 1] <= off)
        t->line++;
    pos.line = (uint32_t)t->line + 1;
    pos.column = (uint32_t)(off - s->lines[t->line]) + 1;
    pos.offset = (uint32_t)off;
    return pos;
}

int
wp__tr_fail(struct wp__tr *t, const unsigned char *at, int code, const char *fmt, ...)
{
    va_list ap;
    int rc;

    if (t->b.err)
        return t->b.err;
    va_start(ap, fmt);
    rc = wp__build_vfail(&t->b, code, wp__tr_pos(t, at), fmt, ap);
    va_end(ap);
    return rc;
}

int
wp__tr_oom(struct wp__tr *t)
{
    return wp__tr_fail(t, t->p, WP_ENOMEM, "out of memory");
}

int
wp__tr_check_len(struct wp__tr *t, size_t len, int key, struct wp__pos at)
{
    if (len > t->b.max_scalar)
        return wp__build_fail(&t->b, WP_ELIMIT, at, "scalar exceeds WP_LIMIT_SCALAR_LENGTH (%llu)",
                              (unsigned long long)t->b.max_scalar);
    if (key && len > t->b.max_key)
        return wp__build_fail(&t->b, WP_ELIMIT, at, "key exceeds WP_LIMIT_KEY_LENGTH (%llu)",
                              (unsigned long long)t->b.max_key);
    return 0;
}

int
wp__tr_count(struct wp__tr *t, unsigned n, struct wp__pos at)
{
    t->nodes += n;
    if (t->nodes > t->b.max_nodes)
        return wp__build_fail(&t->b, WP_ELIMIT, at, "node count exceeds WP_LIMIT_NODES (%llu)",
                              (unsigned long long)t->b.max_nodes);
    return 0;
}

size_t
wp__tr_newline(const struct wp__tr *t, const unsigned char *p)
{
    if (p < t->end && *p == '\n')
        return 1;
    return t->end - p >= 2 && p[0] == '\r' && p[1] == '\n' ? 2 : 0;
}

int
wp__tr_control(struct wp__tr *t, const unsigned char *at, const char *what)
{
    if (*at == '\r')
        return wp__tr_fail(t, at, WP_EMALFORMED, "carriage return without line feed");
    return wp__tr_fail(t, at, WP_EMALFORMED, "control character 0x%02x in %s", *at, what);
}

int
wp__tr_unexpected(struct wp__tr *t, const char *expected)
{
    const unsigned char *q = t->p;
    uint32_t cp;

    if (q >= t->end)
        return wp__tr_fail(t, q, WP_EMALFORMED, "unexpected end of input: %s", expected);
    if (wp__tr_newline(t, q))
        return wp__tr_fail(t, q, WP_EMALFORMED, "unexpected line break: %s", expected);
    if (*q == '\r')
        return wp__tr_control(t, q, "");
    if (*q == '#')
        return wp__tr_fail(t, q, WP_EMALFORMED, "unexpected comment: %s", expected);
    if (*q < 0x20 || *q == 0x7f)
        return wp__tr_fail(t, q, WP_EMALFORMED, "unexpected control character 0x%02x: %s", *q,
                           expected);
    if (*q < 0x80)
        return wp__tr_fail(t, q, WP_EMALFORMED, "unexpected character '%c': %s", *q, expected);
    if (!wp__utf8_decode(q, t->end, &cp))
        return wp__tr_fail(t, q, WP_EMALFORMED, "invalid UTF-8");
    return wp__tr_fail(t, q, WP_EMALFORMED, "unexpected character U+%04X: %s", (unsigned)cp,
                       expected);
}

void
wp__tr_ws(struct wp__tr *t)
{
    while (t->p < t->end && (*t->p == ' ' || *t->p == '\t'))
        t->p++;
}

int
wp__tr_comment(struct wp__tr *t)
{
    const unsigned char *q = t->p + 1;
    uint32_t cp;
    size_t n;

    for (; q < t->end && !wp__tr_newline(t, q); q += n) {
        n = 1;
        if (*q >= 0x80 && !(n = wp__utf8_decode(q, t->end, &cp)))
            return wp__tr_fail(t, q, WP_EMALFORMED, "invalid UTF-8 in comment");
        if ((*q < 0x20 && *q != '\t') || *q == 0x7f)
            return wp__tr_control(t, q, "comment");
    }
    t->p = q;
    return 0;
}

int
wp__tr_eol(struct wp__tr *t, const char *expected)
{
    size_t n;
    int rc;

    wp__tr_ws(t);
    if (t->p < t->end && *t->p == '#' && (rc = wp__tr_comment(t)))
        return rc;
    if (t->p >= t->end)
        return 0;
    if ((n = wp__tr_newline(t, t->p))) {
        t->p += n;
        return 0;
    }
    return wp__tr_unexpected(t, expected);
}

static int
is_bare(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

int
wp__tr_key(struct wp__tr *t, struct wp__tkey *k)
{
    const unsigned char *s = t->p;
    int rc;

    k->start = wp__tr_pos(t, s);
    if (s < t->end && (*s == '"' || *s == '\'')) {
        if ((rc = wp__tr_string(t, 1, &k->text, &k->len, &k->style)))
            return rc;
    } else {
        while (t->p < t->end && is_bare(*t->p))
            t->p++;
        if (t->p == s)
            return wp__tr_unexpected(t, "expected a key");
        k->text = (const char *)s;
        k->len = (size_t)(t->p - s);
        k->style = WP__STYLE_PLAIN;
        if ((rc = wp__tr_check_len(t, k->len, 1, k->start)))
            return rc;
    }
    k->end = wp__tr_pos(t, t->p);
    return 0;
}

static int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int
digit_value(unsigned char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* Skip the prefix 0x, 0o or 0b of an unsigned non-decimal integer. */
static int
int_base(const unsigned char **p, const unsigned char *s, const unsigned char *e)
{
    const unsigned char *q = *p;

    if (e - q < 2 || q[0] != '0' || (q[1] != 'x' && q[1] != 'o' && q[1] != 'b'))
        return e - q >= 2 && q[0] == '0' ? 0 : 10; /* 0: a leading zero */
    if (q != s)
        return 0; /* no sign before 0x, 0o, 0b */
    *p = q + 2;
    return q[1] == 'x' ? 16 : q[1] == 'o' ? 8 : 2;
}

/* [+-]?(0|[1-9](_?[0-9])*) or 0x, 0o, 0b digits with single underscores
 * between them. Returns 0 with the value, 1 when [s, e) is not a TOML
 * integer, -1 when it is one but does not fit 64 bits. */
static int
parse_int(const unsigned char *s, const unsigned char *e, int64_t *out)
{
    const unsigned char *p = s + (s < e && (*s == '+' || *s == '-'));
    int neg = *s == '-', base = int_base(&p, s, e), digit = 0, ovf = 0;
    uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

    if (!base || p == e)
        return 1;
    for (; p < e; p++) {
        unsigned d = (unsigned)digit_value(*p);
        if (*p == '_' && digit && p + 1 < e) {
            digit = 0;
            continue;
        }
        if (d >= (unsigned)base)
            return 1;
        if (v > (lim - d) / (unsigned)base)
            ovf = 1;
        else
            v = v * (unsigned)base + d;
        digit = 1;
    }
    if (!digit)
        return 1;
    if (ovf)
        return -1;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

/* [0-9](_?[0-9])*: the end of the digits at @p, or NULL if none. */
static const unsigned char *
digits(const unsigned char *p, const unsigned char *e)
{
    if (p >= e || !is_digit(*p))
        return NULL;
    for (p++; p < e; p++)
        if (!is_digit(*p) && !(*p == '_' && p + 1 < e && is_digit(p[1])))
            break;
    return p;
}

static int
is_float(const unsigned char *s, const unsigned char *e)
{
    const unsigned char *p = s + (s < e && (*s == '+' || *s == '-'));
    int shape = 0;

    if (e - p == 3 && (!memcmp(p, "inf", 3) || !memcmp(p, "nan", 3)))
        return 1;
    if (e - p >= 2 && p[0] == '0' && (is_digit(p[1]) || p[1] == '_'))
        return 0;
    if (!(p = digits(p, e)))
        return 0;
    if (p < e && *p == '.') {
        if (!(p = digits(p + 1, e)))
            return 0;
        shape = 1;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        p += p < e && (*p == '+' || *p == '-');
        if (!(p = digits(p, e)))
            return 0;
        shape = 1;
    }
    return shape && p == e;
}

static int
n_digits(const unsigned char *p, const unsigned char *end, size_t n)
{
    if ((size_t)(end - p) < n)
        return 0;
    while (n--)
        if (!is_digit(*p++))
            return 0;
    return 1;
}

/* The name of the unsupported value the word [s, e) is, or NULL. */
static const char *
unsupported(const struct wp__tr *t, const unsigned char *s, const unsigned char *e)
{
    if (is_float(s, e))
        return "float";
    if (n_digits(s, e, 4) && e - s >= 10 && s[4] == '-' && n_digits(s + 5, e, 2) &&
        s[7] == '-' && n_digits(s + 8, e, 2)) {
        /* a date, and a time after 'T' or after a space */
        if (e - s > 10 || (e < t->end && *e == ' ' && n_digits(e + 1, t->end, 2)))
            return "date-time";
        return "date";
    }
    if (n_digits(s, e, 2) && e - s >= 5 && s[2] == ':' && n_digits(s + 3, e, 2))
        return "time";
    return NULL;
}

static int
is_word(unsigned char c)
{
    return is_bare(c) || c == '+' || c == '.' || c == ':';
}

int
wp__tr_word(struct wp__tr *t, struct wp__tval *v)
{
    const unsigned char *s = t->p, *e = s;
    const char *what;
    char shown[40];
    int rc;

    while (e < t->end && is_word(*e))
        e++;
    if (e == s)
        return wp__tr_unexpected(t, "expected a value");
    if ((rc = wp__tr_check_len(t, (size_t)(e - s), 0, v->start)))
        return rc;
    v->u.s.text = (const char *)s;
    v->u.s.len = (size_t)(e - s);
    if ((e - s == 4 && !memcmp(s, "true", 4)) || (e - s == 5 && !memcmp(s, "false", 5))) {
        v->kind = WP__NODE_BOOL;
        v->u.s.b = *s == 't';
    } else if (!(rc = parse_int(s, e, &v->u.s.i))) {
        v->kind = WP__NODE_INT;
    } else if (rc < 0) {
        return wp__tr_fail(t, s, WP_EMALFORMED, "integer out of range (TOML integers are 64-bit)");
    } else if ((what = unsupported(t, s, e))) {
        return wp__tr_fail(t, s, WP_EUNSUPPORTED, "unsupported TOML construct: %s", what);
    } else {
        wp__build_shown(shown, sizeof(shown), (const char *)s, (size_t)(e - s));
        return wp__tr_fail(t, s, WP_EMALFORMED, "invalid value '%s'", shown);
    }
    t->p = e;
    return 0;
}
