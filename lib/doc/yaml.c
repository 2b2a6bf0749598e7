/*
 * YAML streams: libyaml's event parser drives the tree builder, one
 * document at a time. One parser reads the whole stream; only after an
 * error is a new one started, at the next `---` or `...` line, because
 * libyaml cannot continue after a scanner error (yaml_input.c).
 */
#include <string.h>

#include "core/diag.h"
#include "doc/scalar.h"
#include "doc/yaml_impl.h"

#define TAG_STR "tag:yaml.org,2002:str"
#define TAG_BINARY "tag:yaml.org,2002:binary"
#define TAG_PREFIX "tag:yaml.org,2002:"

static enum wp__style
scalar_style(yaml_scalar_style_t s)
{
    switch (s) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return WP__STYLE_SINGLE_QUOTED;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return WP__STYLE_DOUBLE_QUOTED;
    case YAML_LITERAL_SCALAR_STYLE: return WP__STYLE_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return WP__STYLE_FOLDED;
    default: return WP__STYLE_PLAIN;
    }
}

/* Plain scalars resolve by YAML 1.1; `!!str`, `!!binary` and the
 * non-specific `!` force a string; `!!int "42"` and friends resolve their
 * text whatever the style, as go-yaml does for an explicit standard tag. */
static void
type_scalar(struct wp__node *n, const char *tag)
{
    int std = tag && !strncmp(tag, TAG_PREFIX, sizeof(TAG_PREFIX) - 1);

    n->kind = WP__NODE_STRING;
    if (tag && (!strcmp(tag, TAG_STR) || !strcmp(tag, TAG_BINARY) || !strcmp(tag, "!")))
        return;
    if (n->style == WP__STYLE_PLAIN || std)
        wp__resolve_plain(n, n->c.s.text, n->c.s.len);
    if (n->style != WP__STYLE_PLAIN || tag)
        n->flags &= (uint16_t)~WP__NODE_MERGE_KEY; /* only a plain `<<` merges */
}

/* Block scalars end where libyaml stops reading them, after the trailing
 * line breaks; a report wants the end of the last line of text. */
static struct wp__pos
text_end(struct wp__yr *r, struct wp__pos start, struct wp__pos end)
{
    const unsigned char *d = r->src->data;
    size_t off = end.offset;

    while (off > start.offset &&
           (d[off - 1] == ' ' || d[off - 1] == '\t' || d[off - 1] == '\r' || d[off - 1] == '\n'))
        off--;
    return off == end.offset ? end : wp__src_pos(r->src, off);
}

static int
scalar(struct wp__yr *r, const yaml_event_t *ev)
{
    const char *tag = (const char *)ev->data.scalar.tag;
    struct wp__props props = { tag, (const char *)ev->data.scalar.anchor };
    struct wp__node n;

    memset(&n, 0, sizeof(n));
    n.start = wp__yr_pos(r, &ev->start_mark);
    n.end = wp__yr_pos(r, &ev->end_mark);
    n.style = (uint8_t)scalar_style(ev->data.scalar.style);
    n.c.s.text = (const char *)ev->data.scalar.value;
    n.c.s.len = ev->data.scalar.length;
    type_scalar(&n, tag);
    if (n.style == WP__STYLE_LITERAL || n.style == WP__STYLE_FOLDED)
        n.end = text_end(r, n.start, n.end);
    if (n.style == WP__STYLE_PLAIN && !n.c.s.len && n.start.offset == n.end.offset)
        n.flags |= WP__NODE_IMPLICIT;
    return wp__build_scalar(&r->b, &n, &props);
}

static int
open_collection(struct wp__yr *r, const yaml_event_t *ev)
{
    struct wp__props props;
    struct wp__node n;
    int flow;

    memset(&n, 0, sizeof(n));
    n.start = wp__yr_pos(r, &ev->start_mark);
    if (ev->type == YAML_SEQUENCE_START_EVENT) {
        n.kind = WP__NODE_SEQUENCE;
        flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
        props.tag = (const char *)ev->data.sequence_start.tag;
        props.anchor = (const char *)ev->data.sequence_start.anchor;
    } else {
        n.kind = WP__NODE_MAPPING;
        flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
        props.tag = (const char *)ev->data.mapping_start.tag;
        props.anchor = (const char *)ev->data.mapping_start.anchor;
    }
    n.style = flow ? WP__STYLE_FLOW : WP__STYLE_BLOCK;
    return wp__build_open(&r->b, &n, &props);
}

static int
document_start(struct wp__yr *r, const yaml_event_t *ev)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__pos at;

    if (r->ndocs >= r->max_docs) {
        at = wp__yr_pos(r, &ev->start_mark);
        wp__diag_at_line(&d, WP_ELIMIT, r->src->name, at.line, at.column,
                         "document count exceeds WP_LIMIT_DOCUMENTS (%llu)",
                         (unsigned long long)r->max_docs);
        wp__reader_error(&r->rd, &d, r->ndocs);
        if (!r->rd.stop)
            r->rd.stop = WP_ELIMIT;
        return 0;
    }
    r->ndocs++;
    r->in_doc = 1;
    r->resume_line = r->chunk_line + (uint32_t)ev->end_mark.line;
    wp__build_begin(&r->b);
    return 0;
}

/* An empty document (`---` alone, or only comments after it) is skipped. */
static int
is_empty(const struct wp__node *root)
{
    return root->kind == WP__NODE_NULL && (root->flags & WP__NODE_IMPLICIT) && !root->tag &&
           !root->anchor;
}

static int
document_end(struct wp__yr *r, const yaml_event_t *ev)
{
    struct wp__doc doc;

    r->in_doc = 0;
    r->resume_line = r->chunk_line + (uint32_t)ev->end_mark.line;
    if (r->b.root && !is_empty(r->b.root)) {
        memset(&doc, 0, sizeof(doc));
        doc.src = r->src;
        doc.root = r->b.root;
        doc.index = r->ndocs - 1;
        doc.nodes = r->b.nodes;
        doc.bytes = r->b.arena.total;
        wp__reader_doc(&r->rd, &doc, 0);
    }
    wp__build_end(&r->b);
    return 0;
}

/* One event; a nonzero result is an error of the current document. */
static int
event(struct wp__yr *r, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        return document_start(r, ev);
    case YAML_DOCUMENT_END_EVENT:
        return document_end(r, ev);
    case YAML_SCALAR_EVENT:
        return scalar(r, ev);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        return open_collection(r, ev);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return wp__build_close(&r->b, wp__yr_pos(r, &ev->end_mark));
    case YAML_ALIAS_EVENT:
        return wp__build_alias(&r->b, wp__yr_pos(r, &ev->start_mark),
                               wp__yr_pos(r, &ev->end_mark),
                               (const char *)ev->data.alias.anchor);
    default:
        return 0;
    }
}

/* The builder refused the document (a limit, a duplicate key, ...): report
 * it and resume at the next document. libyaml is not drained to the end of
 * the bad document: on a 100,000-deep flow nesting that alone takes
 * minutes (libyaml's simple-key bookkeeping is quadratic in depth). */
static int
document_failed(struct wp__yr *r)
{
    if (wp__reader_error(&r->rd, &r->b.ediag, r->ndocs - 1))
        return 1;
    wp__build_end(&r->b);
    return wp__yr_resume(r, r->resume_line);
}

static void
run(struct wp__yr *r)
{
    yaml_event_t ev;
    int rc, type;

    for (;;) {
        if (!yaml_parser_parse(&r->parser, &ev)) {
            if (wp__yr_parse_failed(r))
                return;
            continue;
        }
        type = ev.type;
        r->last_mark = ev.end_mark;
        r->last_valid = 1;
        rc = event(r, &ev);
        yaml_event_delete(&ev);
        if (r->rd.stop || (rc && document_failed(r)))
            return;
        if (!rc && type == YAML_STREAM_END_EVENT)
            return;
    }
}

static int
is_utf16(const struct wp__src *src)
{
    const unsigned char *d = src->data;

    return src->size >= 2 && ((d[0] == 0xff && d[1] == 0xfe) || (d[0] == 0xfe && d[1] == 0xff));
}

int
wp__yaml_read(const struct wp__src *src, const struct wp__read_opts *opts,
              struct wp_diag *diag)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__yr r;

    memset(&r, 0, sizeof(r));
    wp__reader_init(&r.rd, src, opts, diag);
    wp__build_init(&r.b, src, 1);
    r.src = src;
    r.max_docs = wp_context_get_limit(src->ctx, WP_LIMIT_DOCUMENTS);
    if (is_utf16(src))
        wp__diag_at_line(&d, WP_EUNSUPPORTED, src->name, 1, 1,
                         "utf-16 input is not supported: convert it to utf-8");
    else if (wp__yr_start(&r, src->bom))
        wp__diag_at_line(&d, WP_ENOMEM, src->name, 1, 1, "out of memory");
    else
        run(&r);
    if (d.code)
        wp__reader_error(&r.rd, &d, 0);
    if (r.live)
        yaml_parser_delete(&r.parser);
    wp__build_release(&r.b);
    return wp__reader_result(&r.rd);
}
