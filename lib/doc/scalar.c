/*
 * YAML 1.1 resolution of plain scalars, following go-yaml v2's resolve():
 * first an exact-match table, then by the first character: digits and signs
 * try Go's ParseInt(s, 0, 64), ParseUint and a float pattern on the text
 * with every '_' removed; a leading '.' tries ParseFloat on the raw text.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/scalar.h"

struct word {
    const char *s;
    unsigned char len;
    unsigned char kind;   /* enum wp__node_kind */
    signed char val;      /* bool value; float: 1 +inf, -1 -inf, 0 nan */
};

#define W(s, kind, val) { s, sizeof(s) - 1, kind, val }

/* In groups by first character, as word_group() expects. */
static const struct word words[] = {
    /* y: 0 */
    W("y", WP__NODE_BOOL, 1), W("Y", WP__NODE_BOOL, 1), W("yes", WP__NODE_BOOL, 1),
    W("Yes", WP__NODE_BOOL, 1), W("YES", WP__NODE_BOOL, 1),
    /* t: 5 */
    W("true", WP__NODE_BOOL, 1), W("True", WP__NODE_BOOL, 1), W("TRUE", WP__NODE_BOOL, 1),
    /* o: 8 */
    W("on", WP__NODE_BOOL, 1), W("On", WP__NODE_BOOL, 1), W("ON", WP__NODE_BOOL, 1),
    W("off", WP__NODE_BOOL, 0), W("Off", WP__NODE_BOOL, 0), W("OFF", WP__NODE_BOOL, 0),
    /* n: 14 */
    W("n", WP__NODE_BOOL, 0), W("N", WP__NODE_BOOL, 0), W("no", WP__NODE_BOOL, 0),
    W("No", WP__NODE_BOOL, 0), W("NO", WP__NODE_BOOL, 0),
    W("null", WP__NODE_NULL, 0), W("Null", WP__NODE_NULL, 0), W("NULL", WP__NODE_NULL, 0),
    /* f: 22 */
    W("false", WP__NODE_BOOL, 0), W("False", WP__NODE_BOOL, 0), W("FALSE", WP__NODE_BOOL, 0),
    /* ~: 25 */
    W("~", WP__NODE_NULL, 0),
    /* .: 26 */
    W(".nan", WP__NODE_FLOAT, 0), W(".NaN", WP__NODE_FLOAT, 0), W(".NAN", WP__NODE_FLOAT, 0),
    W(".inf", WP__NODE_FLOAT, 1), W(".Inf", WP__NODE_FLOAT, 1), W(".INF", WP__NODE_FLOAT, 1),
    /* +: 32 */
    W("+.inf", WP__NODE_FLOAT, 1), W("+.Inf", WP__NODE_FLOAT, 1), W("+.INF", WP__NODE_FLOAT, 1),
    /* -: 35 */
    W("-.inf", WP__NODE_FLOAT, -1), W("-.Inf", WP__NODE_FLOAT, -1),
    W("-.INF", WP__NODE_FLOAT, -1),
};

/* The slice of words[] starting with @c (a letter in either case). */
static void
word_group(unsigned char c, size_t *begin, size_t *end)
{
    static const unsigned char at[][3] = {
        { 'y', 0, 5 }, { 't', 5, 8 }, { 'o', 8, 14 }, { 'n', 14, 22 }, { 'f', 22, 25 },
        { '~', 25, 26 }, { '.', 26, 32 }, { '+', 32, 35 }, { '-', 35, 38 },
    };

    c = c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
    *begin = *end = 0;
    for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        if (at[i][0] == c) {
            *begin = at[i][1];
            *end = at[i][2];
        }
    }
}

#define WORD_MAX 5

/* A cursor that skips '_', as go-yaml's strings.Replace(in, "_", "", -1). */
struct cur {
    const char *p, *end;
    int skip_us;
};

static int
peek(struct cur *c)
{
    while (c->skip_us && c->p < c->end && *c->p == '_')
        c->p++;
    return c->p < c->end ? (unsigned char)*c->p : -1;
}

static unsigned
digit_of(int ch)
{
    if (ch >= '0' && ch <= '9')
        return (unsigned)(ch - '0');
    if (ch >= 'a' && ch <= 'f')
        return (unsigned)(ch - 'a' + 10);
    if (ch >= 'A' && ch <= 'F')
        return (unsigned)(ch - 'A' + 10);
    return 99;
}

static int
match_word(struct wp__node *n, const char *s, size_t len)
{
    size_t i, end;

    if (len > WORD_MAX)
        return 0;
    for (word_group((unsigned char)s[0], &i, &end); i < end; i++) {
        if (words[i].len != len || memcmp(words[i].s, s, len))
            continue;
        n->kind = words[i].kind;
        if (n->kind == WP__NODE_BOOL)
            n->v.b = words[i].val;
        else if (n->kind == WP__NODE_FLOAT)
            n->v.f = words[i].val ? words[i].val * (double)INFINITY : (double)NAN;
        return 1;
    }
    return 0;
}

/* At least one digit of @base up to the end; 0, or -1 (bad digit, overflow). */
static int
digits(struct cur *c, unsigned base, uint64_t *out)
{
    uint64_t v = 0;
    int any = 0, ch;

    while ((ch = peek(c)) >= 0) {
        unsigned d = digit_of(ch);
        if (d >= base || v > (UINT64_MAX - d) / base)
            return -1;
        v = v * base + d;
        any = 1;
        c->p++;
    }
    if (!any)
        return -1;
    *out = v;
    return 0;
}

/* Base prefix as Go's ParseInt with base 0: 0x, 0o, 0b, or 0 for octal. */
static unsigned
int_base(struct cur *c)
{
    int ch;

    if (peek(c) != '0')
        return 10;
    c->p++;
    ch = peek(c);
    if (ch < 0) {
        c->p--; /* a lone "0" is decimal zero */
        return 10;
    }
    if (ch == 'x' || ch == 'X' || ch == 'o' || ch == 'O' || ch == 'b' || ch == 'B') {
        c->p++;
        return ch == 'x' || ch == 'X' ? 16 : ch == 'b' || ch == 'B' ? 2 : 8;
    }
    return 8;
}

/* strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64) for unsigned text. */
static int
parse_int(struct wp__node *n, const char *s, size_t len)
{
    struct cur c = { s, s + len, 1 };
    int neg = 0, sign = 0, ch = peek(&c);
    uint64_t v;
    unsigned base;

    if (ch == '+' || ch == '-') {
        neg = ch == '-';
        sign = 1;
        c.p++;
    }
    base = int_base(&c);
    if (digits(&c, base, &v))
        return 0;
    n->kind = WP__NODE_INT;
    if (neg && v <= (uint64_t)INT64_MAX + 1) {
        n->v.i = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
        return 1;
    }
    if (!neg && v <= INT64_MAX) {
        n->v.i = (int64_t)v;
        return 1;
    }
    if (!sign) { /* ParseUint takes no sign at all */
        n->v.u = v;
        n->flags |= WP__NODE_UNSIGNED;
        return 1;
    }
    n->kind = WP__NODE_STRING;
    return 0;
}

static int
run_of_digits(struct cur *c)
{
    int any = 0, ch;

    while ((ch = peek(c)) >= '0' && ch <= '9') {
        c->p++;
        any = 1;
    }
    return any;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ (go-yaml's
 * yamlStyleFloat); with @dot_first, Go's ParseFloat syntax for ".5e3". */
static int
float_syntax(struct cur *c)
{
    int ch = peek(c);

    if (ch == '+' || ch == '-')
        c->p++;
    if (peek(c) == '.') {
        c->p++;
        if (!run_of_digits(c))
            return 0;
    } else {
        if (!run_of_digits(c))
            return 0;
        if (peek(c) == '.') {
            c->p++;
            run_of_digits(c);
        }
    }
    ch = peek(c);
    if (ch == 'e' || ch == 'E') {
        c->p++;
        ch = peek(c);
        if (ch == '+' || ch == '-')
            c->p++;
        if (!run_of_digits(c))
            return 0;
    }
    return peek(c) < 0;
}

static int
parse_float(struct wp__node *n, const char *s, size_t len, int skip_us)
{
    struct cur c = { s, s + len, skip_us };
    double d;

    if (!float_syntax(&c) || wp__decimal_to_double(s, len, &d))
        return 0;
    n->kind = WP__NODE_FLOAT;
    n->v.f = d;
    return 1;
}

static int
two_digits(const char **p, const char *end, unsigned *out)
{
    unsigned v = 0, k = 0;

    while (*p < end && k < 2 && **p >= '0' && **p <= '9') {
        v = v * 10 + (unsigned)(*(*p)++ - '0');
        k++;
    }
    *out = v;
    return k > 0;
}

static int
valid_date(unsigned y, unsigned m, unsigned d)
{
    static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    return !(m == 2 && d == 29 && !leap);
}

/* Zone of "Z07:00": Z, or +hh:mm / -hh:mm. */
static int
zone(const char *p, const char *end)
{
    if (end - p == 1 && *p == 'Z')
        return 1;
    return end - p == 6 && (*p == '+' || *p == '-') && p[3] == ':' &&
           digit_of(p[1]) < 10 && digit_of(p[2]) < 10 && digit_of(p[4]) < 10 &&
           digit_of(p[5]) < 10;
}

/* "15:4:5.999999999" followed by the zone when @tz: go-yaml's layouts. */
static int
clock(const char *p, const char *end, int tz)
{
    unsigned h, mi, se;

    if (!two_digits(&p, end, &h) || p >= end || *p++ != ':' ||
        !two_digits(&p, end, &mi) || p >= end || *p++ != ':' ||
        !two_digits(&p, end, &se) || h > 23 || mi > 59 || se > 59)
        return 0;
    if (p < end && *p == '.') {
        const char *f = ++p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        if (p == f)
            return 0;
    }
    return tz ? zone(p, end) : p == end;
}

/* go-yaml's parseTimestamp: YYYY- then one of its four time.Parse layouts. */
static int
is_timestamp(const char *s, size_t len)
{
    const char *p = s + 4, *end = s + len;
    unsigned y = 0, m, d;

    for (int i = 0; i < 4; i++) {
        if (len < 5 || s[i] < '0' || s[i] > '9')
            return 0;
        y = y * 10 + (unsigned)(s[i] - '0');
    }
    if (*p++ != '-' || !two_digits(&p, end, &m) || p >= end || *p++ != '-' ||
        !two_digits(&p, end, &d) || !valid_date(y, m, d))
        return 0;
    if (p == end)
        return 1;
    if (*p == 'T' || *p == 't')
        return clock(p + 1, end, 1);
    return *p == ' ' && clock(p + 1, end, 0);
}

/* go-yaml's resolveTable: which first characters may start a non-string. */
static int
may_resolve(unsigned char c)
{
    switch (c) {
    case 'y': case 'Y': case 'n': case 'N': case 't': case 'T': case 'f': case 'F':
    case 'o': case 'O': case '~': case '.': case '+': case '-': case '<':
        return 1;
    default:
        return c >= '0' && c <= '9';
    }
}

void
wp__resolve_plain(struct wp__node *n, const char *s, size_t len)
{
    unsigned char c0 = len ? (unsigned char)s[0] : 0;

    n->kind = len ? WP__NODE_STRING : WP__NODE_NULL;
    if (!len || !may_resolve(c0) || match_word(n, s, len))
        return;
    if (len == 2 && s[0] == '<' && s[1] == '<') {
        n->flags |= WP__NODE_MERGE_KEY;
        return;
    }
    if (c0 == '.') {
        parse_float(n, s, len, 0);
        return;
    }
    if (!(c0 >= '0' && c0 <= '9') && c0 != '+' && c0 != '-')
        return;
    if (c0 >= '0' && c0 <= '9' && is_timestamp(s, len)) {
        n->flags |= WP__NODE_TIMESTAMP;
        return;
    }
    if (!parse_int(n, s, len))
        parse_float(n, s, len, 1);
}

/* Up to 19 significant digits go into the mantissa; later ones only move
 * the exponent (the error is far below a double's precision). */
static void
add_digit(uint64_t *m, int *ndig, long *e10, unsigned d, int frac)
{
    if (*m == 0 && d == 0) {
        *e10 -= frac;
        return;
    }
    if (*ndig < 19) {
        *m = *m * 10 + d;
        (*ndig)++;
        *e10 -= frac;
    } else {
        *e10 += !frac;
    }
}

static long
exponent(struct cur *c)
{
    long e = 0;
    int neg = 0, ch = peek(c);

    if (ch == '+' || ch == '-') {
        neg = ch == '-';
        c->p++;
    }
    while ((ch = peek(c)) >= '0' && ch <= '9') {
        if (e < 100000)
            e = e * 10 + (ch - '0');
        c->p++;
    }
    return neg ? -e : e;
}

/* m * 10^e. Clinger's fast path is exact when both fit a double; beyond it
 * strtod rounds correctly, given "<digits>e<exp>": with no decimal point
 * the text means the same in every C locale. */
static int
scale(uint64_t m, long e, double *out)
{
    static const double p10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    long k = e < 0 ? -e : e;
    char buf[48];

    if (m <= (UINT64_C(1) << 53) && k <= 22) {
        *out = e < 0 ? (double)m / p10[k] : (double)m * p10[k];
        return 0;
    }
    if (e > 400)
        return -1;
    snprintf(buf, sizeof(buf), "%" PRIu64 "e%ld", m, e < -400 ? -400L : e);
    *out = strtod(buf, NULL);
    return isinf(*out) ? -1 : 0;
}

int
wp__decimal_to_double(const char *s, size_t len, double *out)
{
    struct cur c = { s, s + len, 1 };
    uint64_t m = 0;
    int ndig = 0, neg = 0, ch = peek(&c);
    long e10 = 0;

    if (ch == '+' || ch == '-') {
        neg = ch == '-';
        c.p++;
    }
    for (; (ch = peek(&c)) >= '0' && ch <= '9'; c.p++)
        add_digit(&m, &ndig, &e10, (unsigned)(ch - '0'), 0);
    if (ch == '.')
        for (c.p++; (ch = peek(&c)) >= '0' && ch <= '9'; c.p++)
            add_digit(&m, &ndig, &e10, (unsigned)(ch - '0'), 1);
    if (ch == 'e' || ch == 'E') {
        c.p++;
        e10 += exponent(&c);
    }
    if (m == 0) {
        *out = neg ? -0.0 : 0.0;
        return 0;
    }
    if (scale(m, e10, out))
        return -1;
    if (neg)
        *out = -*out;
    return 0;
}
