/*
 * The input side of the YAML reader: feeding libyaml, converting its marks
 * to byte positions, turning its errors into diagnostics, and starting a
 * fresh parser at the next document after an error.
 *
 * Three libyaml habits shape this file:
 *  - Its reader decodes everything it has been given at once, so a bad byte
 *    in document 5 would fail document 1. The feed stops short of the first
 *    byte libyaml will refuse; the error then surfaces in its own document.
 *  - A scalar is read whole into libyaml's own (malloc) buffer before we see
 *    it, so WP_LIMIT_SCALAR_LENGTH could only be checked after allocating
 *    it. The feed refuses to go more than 4 x the limit (+64 KiB of read-
 *    ahead) past the last event: no legitimate scalar within the limit
 *    spans that much text, and memory stays bounded by the limit.
 *  - Its marks count characters, not bytes; positions here are bytes.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/diag.h"
#include "core/utf8.h"
#include "doc/yaml_impl.h"

#define READ_AHEAD (64u << 10)

/* 1 for a byte libyaml's reader takes as it is: printable ASCII, TAB, LF,
 * CR. Everything else (controls, DEL, all of UTF-8) needs a closer look. */
static const unsigned char plain_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x30 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x40 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x50 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x60 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* 0x70 */
};

/* Length of the run of plain bytes at @p, eight at a time. */
static size_t
plain_run(const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i + 8 <= n && (plain_byte[p[i]] & plain_byte[p[i + 1]] & plain_byte[p[i + 2]] &
                          plain_byte[p[i + 3]] & plain_byte[p[i + 4]] & plain_byte[p[i + 5]] &
                          plain_byte[p[i + 6]] & plain_byte[p[i + 7]]))
        i += 8;
    while (i < n && plain_byte[p[i]])
        i++;
    return i;
}

/* Characters libyaml's reader accepts (reader.c, "control characters"). */
static int
printable(uint32_t c)
{
    return c == 0x09 || c == 0x0a || c == 0x0d || (c >= 0x20 && c <= 0x7e) || c == 0x85 ||
           (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
           (c >= 0x10000 && c <= 0x10ffff);
}

/* How much of [p, p + n) to feed: up to the first byte libyaml refuses, or
 * all of it when that byte comes first (libyaml then reports it). */
static size_t
feedable(const unsigned char *p, size_t n, const unsigned char *end)
{
    size_t i = 0, len;
    uint32_t c;

    while (i < n) {
        i += plain_run(p + i, n - i);
        if (i >= n)
            break;
        len = wp__utf8_decode(p + i, end, &c);
        if (!len || !printable(c))
            return i ? i : n;
        i += len;
    }
    return n;
}

/* Where the last event ended; its mark is converted only when needed, here
 * once per read-ahead block, rather than for every event. */
static size_t
last_end(struct wp__yr *r)
{
    if (r->last_valid) {
        r->last_end = wp__yr_pos(r, &r->last_mark).offset;
        r->last_valid = 0;
    }
    return r->last_end;
}

static int
feed(void *data, unsigned char *buf, size_t size, size_t *got)
{
    struct wp__yr *r = data;
    const unsigned char *d = r->src->data;
    size_t n = r->src->size - r->fed;

    if (r->fed - last_end(r) > r->span_max) {
        r->span_hit = 1;
        return 0;
    }
    if (n > size)
        n = size;
    n = feedable(d + r->fed, n, d + r->src->size);
    memcpy(buf, d + r->fed, n);
    r->fed += n;
    *got = n;
    return 1;
}

int
wp__yr_start(struct wp__yr *r, size_t off)
{
    uint64_t span = r->b.max_scalar > (UINT64_MAX - READ_AHEAD) / 4
                        ? UINT64_MAX
                        : 4 * r->b.max_scalar + READ_AHEAD;

    r->span_max = span > SIZE_MAX ? SIZE_MAX : (size_t)span;
    if (r->live)
        yaml_parser_delete(&r->parser);
    r->live = 0;
    if (!yaml_parser_initialize(&r->parser))
        return WP_ENOMEM;
    r->live = 1;
    /* The BOM is skipped here, not by libyaml, so every parser starts on
     * UTF-8 text and marks never count it. */
    yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
    yaml_parser_set_input(&r->parser, feed, r);
    r->chunk = r->fed = r->last_end = off;
    r->last_valid = 0;
    r->chunk_line = wp__src_pos(r->src, off).line - 1;
    r->resume_line = r->chunk_line;
    r->in_doc = 0;
    r->span_hit = 0;
    r->cc.valid = 0;
    return 0;
}

size_t
wp__yr_char_offset(struct wp__yr *r, size_t line, size_t col)
{
    const unsigned char *d = r->src->data;
    size_t off = r->src->lines[line], c = 0, size = r->src->size;

    if (r->cc.valid && r->cc.line == line && r->cc.col <= col) {
        off = r->cc.off;
        c = r->cc.col;
    }
    for (; c < col && off < size; c++)
        while (++off < size && (d[off] & 0xc0) == 0x80)
            ;
    r->cc.line = line;
    r->cc.col = col;
    r->cc.off = off;
    r->cc.valid = 1;
    return off;
}

/* A document marker: "---" or "..." at column 1, then a blank or the end. */
static int
is_marker(const unsigned char *p, const unsigned char *end)
{
    if (end - p < 3 || (memcmp(p, "---", 3) && memcmp(p, "...", 3)))
        return 0;
    return end - p == 3 || p[3] == ' ' || p[3] == '\t' || wp__src_break_len(p + 3, end);
}

int
wp__yr_resume(struct wp__yr *r, uint32_t line)
{
    const struct wp__src *s = r->src;
    const unsigned char *end = s->data + s->size;
    struct wp_diag d = WP_DIAG_INIT;
    size_t l = (size_t)line + 1;

    while (l < s->nlines && !is_marker(s->data + s->lines[l], end))
        l++;
    if (l >= s->nlines)
        return 1;
    if (!wp__yr_start(r, s->lines[l]))
        return 0;
    wp__diag_at_line(&d, WP_ENOMEM, s->name, (unsigned)l + 1, 1, "out of memory");
    wp__reader_error(&r->rd, &d, r->ndocs);
    return 1;
}

static void
lower_copy(char *dst, size_t size, const char *src)
{
    size_t i = 0;

    for (; src && src[i] && i + 1 < size; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    dst[i] = '\0';
}

static int
is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Where the token libyaml was reading when the feed stopped begins: past
 * blanks and the indicators (": ", "- ", ",", "[") that make no event. */
static struct wp__pos
span_pos(struct wp__yr *r)
{
    const unsigned char *d = r->src->data, *end = d + r->src->size, *p = d + last_end(r);

    for (;;) {
        while (p < end && is_blank(*p))
            p++;
        if (p < end && (*p == ',' || *p == '[' || *p == '{'))
            p++;
        else if (end - p > 1 && (*p == ':' || *p == '-' || *p == '?') && is_blank(p[1]))
            p++;
        else
            break;
    }
    return wp__src_pos(r->src, (size_t)(p - d));
}

/* The diagnostic for libyaml's error; *@at is its position. */
static void
parse_diag(struct wp__yr *r, struct wp_diag *d, struct wp__pos *at)
{
    const yaml_parser_t *p = &r->parser;
    char problem[128], context[96];

    lower_copy(problem, sizeof(problem), p->problem);
    lower_copy(context, sizeof(context), p->context);
    if (r->span_hit) {
        *at = span_pos(r);
        wp__diag_set(d, WP_ELIMIT, r->src->name, "scalar exceeds WP_LIMIT_SCALAR_LENGTH (%llu)",
                     (unsigned long long)r->b.max_scalar);
    } else if (p->error == YAML_MEMORY_ERROR) {
        *at = wp__src_pos(r->src, last_end(r));
        wp__diag_set(d, WP_ENOMEM, r->src->name, "out of memory");
    } else if (p->error == YAML_READER_ERROR) {
        *at = wp__src_pos(r->src, r->chunk + p->problem_offset);
        if (p->problem_value >= 0)
            wp__diag_set(d, WP_EMALFORMED, r->src->name, "%s (0x%x)", problem,
                         (unsigned)p->problem_value);
        else
            wp__diag_set(d, WP_EMALFORMED, r->src->name, "%s", problem);
    } else if (context[0]) {
        struct wp__pos c = wp__yr_pos(r, &p->context_mark);
        *at = wp__yr_pos(r, &p->problem_mark);
        wp__diag_set(d, WP_EMALFORMED, r->src->name, "%s (%s at line %u, column %u)", problem,
                     context, c.line, c.column);
    } else {
        *at = wp__yr_pos(r, &p->problem_mark);
        wp__diag_set(d, WP_EMALFORMED, r->src->name, "%s", problem);
    }
    d->line = at->line;
    d->column = at->column;
}

int
wp__yr_parse_failed(struct wp__yr *r)
{
    struct wp_diag d = WP_DIAG_INIT;
    size_t index = r->in_doc ? r->ndocs - 1 : r->ndocs++;
    uint32_t resume = r->resume_line;
    struct wp__pos at;

    parse_diag(r, &d, &at);
    if (wp__reader_error(&r->rd, &d, index))
        return 1;
    wp__build_end(&r->b);
    /* Before its DOCUMENT-START, the failing document is wherever the error
     * is; after it, it began at resume_line and the error may already sit on
     * the next document's marker (an unclosed `[` runs into `---`). */
    if (!r->in_doc && at.line - 1 > resume)
        resume = at.line - 1;
    return wp__yr_resume(r, resume);
}
