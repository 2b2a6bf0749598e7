/*
 * A text source: the bytes of one input, its name and an index of line
 * starts. It outlives the documents read from it, so later layers can turn
 * offsets into positions and read the raw line of a node (comment
 * suppressions such as `# wasmlint-ignore` live in the text, not the tree).
 */
#ifndef WP_DOC_SOURCE_H
#define WP_DOC_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/context.h"
#include "doc/tree.h"

struct wp__src {
    const wp_context *ctx;
    char *name;                  /* copied */
    const unsigned char *data;   /* borrowed: must outlive the source */
    size_t size;
    uint32_t *lines;             /* lines[i]: offset of line i + 1 */
    size_t nlines;               /* at least 1 */
    uint32_t bom;                /* 3 when the input starts with a UTF-8 BOM */
    int ascii;                   /* no byte above 0x7f after the BOM */
};

/*
 * Index @data (borrowed, @size bytes) as source @name. Refuses inputs above
 * WP_LIMIT_INPUT_BYTES (WP_ELIMIT) and at 4 GiB or more (WP_EUNSUPPORTED:
 * positions are 32-bit). A source that failed needs no release.
 */
int wp__src_init(struct wp__src *src, const wp_context *ctx, const char *name,
                 const void *data, size_t size, struct wp_diag *diag);
void wp__src_release(struct wp__src *src);

/* Line and column of a byte offset (clamped to the input). */
struct wp__pos wp__src_pos(const struct wp__src *src, size_t offset);

/*
 * Text of 1-based line @line without its line break (@text is not
 * NUL-terminated). Returns WP_ENOTFOUND past the last line.
 */
int wp__src_line(const struct wp__src *src, uint32_t line, const char **text,
                 size_t *len);

/* Length of the line break starting at @p (0 if none); YAML 1.1 breaks. */
size_t wp__src_break_len(const unsigned char *p, const unsigned char *end);

#endif
