/* Text sources: the line index and offset-to-position lookups. */
#include <string.h>

#include "core/diag.h"
#include "core/overflow.h"
#include "doc/source.h"

struct line_vec {
    const wp_context *ctx;
    uint32_t *v;
    size_t n, cap;
};

static int
push_line(struct line_vec *lv, size_t offset)
{
    if (wp__reserve(lv->ctx, (void **)&lv->v, &lv->cap, lv->n + 1, sizeof(*lv->v)))
        return WP_ENOMEM;
    lv->v[lv->n++] = (uint32_t)offset;
    return 0;
}

size_t
wp__src_break_len(const unsigned char *p, const unsigned char *end)
{
    size_t left = (size_t)(end - p);

    if (!left)
        return 0;
    if (p[0] == '\n')
        return 1;
    if (p[0] == '\r')
        return left > 1 && p[1] == '\n' ? 2 : 1;
    if (p[0] == 0xc2 && left > 1 && p[1] == 0x85)
        return 2; /* NEL */
    if (p[0] == 0xe2 && left > 2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
        return 3; /* LS, PS */
    return 0;
}

static int
is_ascii(const unsigned char *p, size_t n)
{
    uint64_t acc = 0, w;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        memcpy(&w, p + i, 8);
        acc |= w;
    }
    for (; i < n; i++)
        acc |= p[i];
    return !(acc & UINT64_C(0x8080808080808080));
}

/* The common case, LF only: memchr runs far ahead of a byte loop. */
static int
index_lf(struct line_vec *lv, const unsigned char *p, const unsigned char *end)
{
    const unsigned char *base = p - lv->v[0];
    int rc;

    while ((p = memchr(p, '\n', (size_t)(end - p)))) {
        p++;
        if ((rc = push_line(lv, (size_t)(p - base))))
            return rc;
    }
    return 0;
}

static int
index_any(struct line_vec *lv, const unsigned char *p, const unsigned char *end)
{
    const unsigned char *base = p - lv->v[0];
    size_t n;
    int rc;

    while (p < end) {
        if (*p != '\n' && *p != '\r' && *p != 0xc2 && *p != 0xe2) {
            p++;
            continue;
        }
        n = wp__src_break_len(p, end);
        p += n ? n : 1;
        if (n && (rc = push_line(lv, (size_t)(p - base))))
            return rc;
    }
    return 0;
}

static int
build_index(struct wp__src *src)
{
    const unsigned char *p = src->data + src->bom, *end = src->data + src->size;
    struct line_vec lv = { src->ctx, NULL, 0, 16 };
    int rc;

    /* A guess that rarely needs more than a few doublings, and never
     * reserves megabytes for a huge single-line input. */
    lv.cap += src->size / 64 < 65536 ? src->size / 64 : 65536;
    lv.v = wp__malloc(src->ctx, lv.cap * sizeof(*lv.v));
    if (!lv.v)
        return WP_ENOMEM;
    lv.v[lv.n++] = src->bom;
    src->ascii = is_ascii(p, (size_t)(end - p));
    if (src->ascii && !memchr(p, '\r', (size_t)(end - p)))
        rc = index_lf(&lv, p, end);
    else
        rc = index_any(&lv, p, end);
    if (rc) {
        wp__free(src->ctx, lv.v);
        return rc;
    }
    src->lines = lv.v;
    src->nlines = lv.n;
    return 0;
}

int
wp__src_init(struct wp__src *src, const wp_context *ctx, const char *name,
             const void *data, size_t size, struct wp_diag *diag)
{
    uint64_t max = wp_context_get_limit(ctx, WP_LIMIT_INPUT_BYTES);
    int rc;

    memset(src, 0, sizeof(*src));
    name = name ? name : "<input>";
    if (size > max)
        return wp__diag_set(diag, WP_ELIMIT, name,
                            "input size %zu exceeds WP_LIMIT_INPUT_BYTES (%llu)", size,
                            (unsigned long long)max);
    if (size >= UINT32_MAX)
        return wp__diag_set(diag, WP_EUNSUPPORTED, name,
                            "inputs of 4 GiB or more are not supported");
    src->ctx = ctx;
    src->data = data;
    src->size = size;
    if (size >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        src->bom = 3;
    src->name = wp__strndup(ctx, name, strlen(name));
    if (!src->name || (rc = build_index(src))) {
        wp__free(ctx, src->name);
        memset(src, 0, sizeof(*src));
        return wp__diag_set(diag, WP_ENOMEM, name, "out of memory");
    }
    return 0;
}

void
wp__src_release(struct wp__src *src)
{
    if (!src || !src->ctx)
        return;
    wp__free(src->ctx, src->lines);
    wp__free(src->ctx, src->name);
    memset(src, 0, sizeof(*src));
}

struct wp__pos
wp__src_pos(const struct wp__src *src, size_t offset)
{
    size_t lo = 0, hi = src->nlines, mid;
    struct wp__pos pos;

    if (offset > src->size)
        offset = src->size;
    if (offset < src->bom)
        offset = src->bom;
    while (hi - lo > 1) { /* last line starting at or before offset */
        mid = lo + (hi - lo) / 2;
        if (src->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    pos.line = (uint32_t)lo + 1;
    pos.column = (uint32_t)(offset - src->lines[lo]) + 1;
    pos.offset = (uint32_t)offset;
    return pos;
}

/* Length of the line break that ends [p, end), if any. */
static size_t
tail_break_len(const unsigned char *p, const unsigned char *end)
{
    size_t n = (size_t)(end - p);

    if (n >= 1 && end[-1] == '\n')
        return n >= 2 && end[-2] == '\r' ? 2 : 1;
    if (n >= 1 && end[-1] == '\r')
        return 1;
    if (n >= 2 && end[-2] == 0xc2 && end[-1] == 0x85)
        return 2;
    if (n >= 3 && end[-3] == 0xe2 && end[-2] == 0x80 && (end[-1] == 0xa8 || end[-1] == 0xa9))
        return 3;
    return 0;
}

int
wp__src_line(const struct wp__src *src, uint32_t line, const char **text, size_t *len)
{
    const unsigned char *p, *end;

    if (line == 0 || line > src->nlines)
        return WP_ENOTFOUND;
    p = src->data + src->lines[line - 1];
    if (line < src->nlines) {
        end = src->data + src->lines[line];
        end -= tail_break_len(p, end);
    } else {
        end = src->data + src->size;
    }
    *text = (const char *)p;
    *len = (size_t)(end - p);
    return 0;
}
