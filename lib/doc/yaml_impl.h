/* State of one YAML read, shared by the event loop and the input side. */
#ifndef WP_DOC_YAML_IMPL_H
#define WP_DOC_YAML_IMPL_H

#include <yaml.h>

#include "doc/build.h"
#include "doc/reader.h"

struct wp__yr {
    struct wp__reader rd;
    struct wp__build b;
    const struct wp__src *src;
    yaml_parser_t parser;
    int live;                 /* parser is initialised */
    size_t chunk;             /* byte offset where the current parser starts */
    uint32_t chunk_line;      /* its 0-based line */
    size_t fed;               /* bytes of the source given to libyaml so far */
    size_t last_end;          /* byte offset where the last event ended */
    yaml_mark_t last_mark;    /* ... as a mark, when last_valid: converting it
                               * for every event would cost more than it saves */
    int last_valid;
    size_t span_max;          /* bytes a single token may span */
    int span_hit;             /* the feed refused to go further */
    size_t ndocs;             /* documents started (or lost to errors) */
    uint64_t max_docs;
    int in_doc;               /* between DOCUMENT-START and -END */
    uint32_t resume_line;     /* after an error, resume past this 0-based line */
    struct {                  /* last character-to-byte column conversion */
        size_t line, col, off;
        int valid;
    } cc;
};

/* (Re)start libyaml on the source from byte @off, a line start. */
int wp__yr_start(struct wp__yr *r, size_t off);
/* Byte offset of character column @col of 0-based line @line. Marks mostly
 * move forward, so a walk continues from the previous one on the same line. */
size_t wp__yr_char_offset(struct wp__yr *r, size_t line, size_t col);

/* Position of a libyaml mark of the current parser: two per event, so the
 * all-ASCII case (column in characters = column in bytes) is inline. */
static inline struct wp__pos
wp__yr_pos(struct wp__yr *r, const yaml_mark_t *m)
{
    const struct wp__src *s = r->src;
    size_t line = r->chunk_line + m->line, start, off;
    struct wp__pos pos;

    if (line >= s->nlines) /* at the end, libyaml moves to a line that is not there */
        return wp__src_pos(s, s->size);
    start = s->lines[line];
    off = s->ascii ? start + m->column : wp__yr_char_offset(r, line, m->column);
    if (off > s->size)
        off = s->size;
    pos.line = (uint32_t)line + 1;
    pos.column = (uint32_t)(off - start) + 1;
    pos.offset = (uint32_t)off;
    return pos;
}
/* Report the parser's error; then resume at the next document marker.
 * Returns nonzero when reading is over. */
int wp__yr_parse_failed(struct wp__yr *r);
/* Resume at the first document marker after 0-based line @line. Returns
 * nonzero when there is none (reading is over). */
int wp__yr_resume(struct wp__yr *r, uint32_t line);

#endif
