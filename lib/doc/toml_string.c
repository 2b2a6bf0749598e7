/*
 * TOML strings: basic ("..."), literal ('...') and their multi-line forms
 * (""" and '''), in one pass that validates and decodes. Text that needs no
 * change (no escape, no CRLF to fold into LF) stays a pointer into the
 * source; from the first change on, the decoded text goes to a reused
 * buffer and is copied into the arena once complete. Lengths are checked
 * against the limits as they grow, so a 100 MB string is refused when it
 * passes the limit, not after it has been decoded.
 */
#include <string.h>

#include "core/utf8.h"
#include "doc/toml_impl.h"

struct str {
    const unsigned char *open;   /* the opening quote */
    const unsigned char *raw;    /* the first byte of the content */
    size_t len;                  /* decoded bytes so far */
    size_t max;                  /* limit on len */
    unsigned char quote;
    int key, multi, changed;
};

static int
too_long(struct wp__tr *t, struct str *s)
{
    struct wp__pos at = wp__tr_pos(t, s->open);

    /* only the smaller limit was watched: name the one that was passed */
    return wp__tr_check_len(t, s->len, s->key && s->max < t->b.max_scalar, at);
}

/* Append @n decoded bytes; while nothing changed they are the source's. */
static int
put(struct wp__tr *t, struct str *s, const void *bytes, size_t n)
{
    if (n > s->max - s->len) {
        s->len = s->max + 1;
        return too_long(t, s);
    }
    if (s->changed) {
        if (wp__reserve(t->b.ctx, (void **)&t->buf, &t->buf_cap, s->len + n, 1))
            return wp__tr_oom(t);
        memcpy(t->buf + s->len, bytes, n);
    }
    s->len += n;
    return 0;
}

/* From here on the text differs from the source: copy what was kept. */
static int
change(struct wp__tr *t, struct str *s)
{
    if (s->changed)
        return 0;
    if (wp__reserve(t->b.ctx, (void **)&t->buf, &t->buf_cap, s->len + 1, 1))
        return wp__tr_oom(t);
    if (s->len)
        memcpy(t->buf, s->raw, s->len);
    s->changed = 1;
    return 0;
}

static int
unterminated(struct wp__tr *t, const struct str *s)
{
    return wp__tr_fail(t, s->open, WP_EMALFORMED, "unterminated %sstring",
                       s->multi ? "multi-line " : "");
}

static void
encode_utf8(unsigned char *u, size_t *n, uint32_t cp)
{
    *n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (*n == 1) {
        u[0] = (unsigned char)cp;
        return;
    }
    for (size_t i = *n - 1; i > 0; i--, cp >>= 6)
        u[i] = (unsigned char)(0x80 | (cp & 0x3f));
    u[0] = (unsigned char)((0xf00u >> *n) | cp);
}

/* \uXXXX or \UXXXXXXXX at @p (on the backslash): exactly that many hex
 * digits, naming a Unicode scalar value. */
static int
unicode(struct wp__tr *t, struct str *s, const unsigned char **pp)
{
    const unsigned char *p = *pp;
    int ndig = p[1] == 'u' ? 4 : 8;
    unsigned char u[4];
    uint32_t cp = 0;
    size_t n;

    for (int i = 0; i < ndig; i++) {
        unsigned char c = p + 2 + i < t->end ? p[2 + i] : 0;
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d > 15)
            return wp__tr_fail(t, p, WP_EMALFORMED, "invalid \\%c escape: expected %d hex digits",
                               p[1], ndig);
        cp = cp << 4 | d;
    }
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return wp__tr_fail(t, p, WP_EMALFORMED, "\\%c%0*X is not a Unicode scalar value", p[1],
                           ndig, (unsigned)cp);
    encode_utf8(u, &n, cp);
    *pp = p + 2 + ndig;
    return put(t, s, u, n);
}

/* A backslash ending a line of a multi-line basic string: it, the
 * whitespace after it and every blank line up to the next text vanish. */
static int
line_end(struct wp__tr *t, const unsigned char **pp)
{
    const unsigned char *p = *pp + 1;
    size_t n;

    while (p < t->end && (*p == ' ' || *p == '\t'))
        p++;
    if (!wp__tr_newline(t, p))
        return wp__tr_fail(t, *pp, WP_EMALFORMED,
                           "invalid escape: a '\\' followed by whitespace must end its line");
    for (;;) {
        while (p < t->end && (*p == ' ' || *p == '\t'))
            p++;
        if (!(n = wp__tr_newline(t, p)))
            break;
        p += n;
    }
    *pp = p;
    return 0;
}

static int
escape(struct wp__tr *t, struct str *s, const unsigned char **pp)
{
    static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
    const unsigned char *p = *pp;
    const char *c;
    int rc;

    if ((rc = change(t, s)))
        return rc;
    if (p + 1 >= t->end)
        return unterminated(t, s);
    if (p[1] == 'u' || p[1] == 'U')
        return unicode(t, s, pp);
    if (s->multi && (p[1] == ' ' || p[1] == '\t' || wp__tr_newline(t, p + 1)))
        return line_end(t, pp);
    if (p[1] && (c = strchr(from, p[1]))) {
        *pp = p + 2;
        return put(t, s, &to[c - from], 1);
    }
    if (p[1] >= 0x20 && p[1] < 0x7f)
        return wp__tr_fail(t, p, WP_EMALFORMED, "invalid escape '\\%c' in string", p[1]);
    return wp__tr_fail(t, p, WP_EMALFORMED, "invalid escape in string");
}

/* Quotes at @p: in a multi-line string, three or more close it, and up to
 * two more before them belong to the content (as in """a"""""). */
static int
quotes(struct wp__tr *t, struct str *s, const unsigned char **pp, int *closed)
{
    const unsigned char *p = *pp;
    size_t n = 1;

    if (!s->multi) {
        *closed = 1;
        *pp = p + 1;
        return 0;
    }
    while (p + n < t->end && p[n] == s->quote && n < 5)
        n++;
    *closed = n >= 3;
    *pp = p + n;
    return put(t, s, p, *closed ? n - 3 : n);
}

/* Anything else that is not plain text: line breaks, UTF-8, control
 * characters. */
static int
other(struct wp__tr *t, struct str *s, const unsigned char **pp)
{
    const unsigned char *p = *pp;
    size_t n = wp__tr_newline(t, p);
    uint32_t cp;
    int rc;

    if (n && !s->multi)
        return unterminated(t, s);
    if (n == 2) { /* CRLF: the value gets LF, as on every platform */
        if ((rc = change(t, s)))
            return rc;
        *pp = p + 2;
        return put(t, s, "\n", 1);
    }
    if (n || (*p >= 0x80 && (n = wp__utf8_decode(p, t->end, &cp)))) {
        *pp = p + n;
        return put(t, s, p, n);
    }
    if (*p >= 0x80)
        return wp__tr_fail(t, p, WP_EMALFORMED, "invalid UTF-8 in string");
    return wp__tr_control(t, p, "string");
}

static int
plain(const struct str *s, unsigned char c)
{
    return ((c >= 0x20 && c < 0x7f) || c == '\t') && c != s->quote &&
           !(c == '\\' && s->quote == '"');
}

static int
body(struct wp__tr *t, struct str *s)
{
    const unsigned char *p = t->p, *run;
    int closed = 0, rc;

    while (!closed) {
        for (run = p; p < t->end && plain(s, *p); p++)
            ;
        if ((rc = put(t, s, run, (size_t)(p - run))))
            return rc;
        if (p >= t->end)
            return unterminated(t, s);
        if (*p == s->quote)
            rc = quotes(t, s, &p, &closed);
        else if (*p == '\\' && s->quote == '"')
            rc = escape(t, s, &p);
        else
            rc = other(t, s, &p);
        if (rc)
            return rc;
    }
    t->p = p;
    return 0;
}

int
wp__tr_string(struct wp__tr *t, int key, const char **text, size_t *len, uint8_t *style)
{
    struct str s;
    int rc;

    memset(&s, 0, sizeof(s));
    s.open = t->p;
    s.quote = *t->p;
    s.key = key;
    s.multi = t->end - t->p >= 3 && t->p[1] == s.quote && t->p[2] == s.quote;
    s.max = key && t->b.max_key < t->b.max_scalar ? t->b.max_key : t->b.max_scalar;
    if (s.multi && key)
        return wp__tr_fail(t, t->p, WP_EMALFORMED, "a key cannot be a multi-line string");
    t->p += s.multi ? 3 : 1;
    if (s.multi) /* a line break right after the opening quotes is not content */
        t->p += wp__tr_newline(t, t->p);
    s.raw = t->p;
    if ((rc = body(t, &s)))
        return rc;
    *style = s.quote == '"' ? WP__STYLE_DOUBLE_QUOTED : WP__STYLE_SINGLE_QUOTED;
    *len = s.len;
    *text = (const char *)s.raw;
    if (s.changed && !(*text = wp__arena_strndup(&t->arena, t->buf, s.len)))
        return wp__tr_oom(t);
    return 0;
}
