/*
 * Reading YAML, JSON and TOML sources into document trees, one document at a
 * time. Each document is handed to on_doc and dropped when on_doc returns:
 * its arena is reset for the next document (keeping its largest chunk), so
 * a 20,000-document stream holds one tree at a time, never all of them.
 *
 * Errors carry the source name and line:column ("deploy.yaml:12:5: mapping
 * values are not allowed in this context"; the severity word is the CLI's
 * to add) and the index of the document they belong to. A bad YAML document
 * does not stop the stream: reading resumes at the next document marker.
 *
 * List documents (`kind: List`, and any kind ending in "List" with an
 * `items` sequence) are delivered item by item: each item is a document of
 * its own, with the same index, `list` set to the List's root and `item` to
 * its position in items[]. Positions still point into the file. A top-level
 * JSON array of objects is expanded the same way.
 */
#ifndef WP_DOC_READ_H
#define WP_DOC_READ_H

#include <stddef.h>

#include <wasmpolicy/common.h>

#include "doc/source.h"
#include "doc/tree.h"

/* Called once per document; a nonzero return stops reading and becomes the
 * reader's result. @doc and every node in it die when the call returns. */
typedef int (*wp__doc_fn)(const struct wp__doc *doc, void *payload);
/* Called once per error, @index being the document it belongs to; a nonzero
 * return stops reading. @diag is only valid during the call. */
typedef int (*wp__doc_error_fn)(const struct wp_diag *diag, size_t index, void *payload);

#define WP__READ_KEEP_LISTS 0x1u  /* deliver List documents whole */

struct wp__read_opts {
    wp__doc_fn on_doc;           /* may be NULL (check syntax only) */
    wp__doc_error_fn on_error;   /* NULL: stop at the first error */
    void *payload;
    unsigned flags;              /* WP__READ_* */
};

/*
 * Read every document of @src. Returns 0 when all were read, the code of the
 * first error otherwise (details in @diag, which may be NULL), or the nonzero
 * value a callback returned. WP_ENOMEM and WP_LIMIT_DOCUMENTS stop the
 * stream; other errors only lose the document they occur in. The document
 * limit counts documents of the stream; List items are bounded by the node
 * limit of their List.
 */
int wp__yaml_read(const struct wp__src *src, const struct wp__read_opts *opts,
                  struct wp_diag *diag);

/*
 * Read @src as one strict JSON text (RFC 8259): comments, single quotes,
 * unquoted keys, trailing commas, trailing content and duplicate keys are
 * errors. Same callbacks and result as wp__yaml_read.
 */
int wp__json_read(const struct wp__src *src, const struct wp__read_opts *opts,
                  struct wp_diag *diag);

/*
 * Read @src as one TOML 1.0 document (spin.toml): always document 0, whose
 * root is the top-level table. Tables are BLOCK mappings ([headers], dotted
 * keys and the root) or FLOW ones (inline tables); arrays are FLOW
 * sequences, arrays of tables BLOCK ones; basic strings are DOUBLE_QUOTED,
 * literal strings SINGLE_QUOTED, keys PLAIN when bare. A table starts at
 * the header or key that created it and spans all its entries, wherever
 * they were written, so siblings may overlap. Floats, dates and times fail
 * with WP_EUNSUPPORTED ("unsupported TOML construct: float"), other errors
 * (duplicate keys, redefined tables, bad escapes, ...) with WP_EMALFORMED.
 * List documents are never expanded. Same callbacks and result as
 * wp__yaml_read.
 */
int wp__toml_read(const struct wp__src *src, const struct wp__read_opts *opts,
                  struct wp_diag *diag);

#endif
