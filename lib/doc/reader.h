/* What the YAML and JSON readers share: error reporting and delivery. */
#ifndef WP_DOC_READER_H
#define WP_DOC_READER_H

#include "doc/read.h"

struct wp__reader {
    const struct wp__src *src;
    const struct wp__read_opts *opts;
    struct wp_diag *diag;    /* the caller's: first error */
    int first;               /* code of the first error, 0 if none */
    int stop;                /* nonzero once reading must stop; the result */
};

void wp__reader_init(struct wp__reader *r, const struct wp__src *src,
                     const struct wp__read_opts *opts, struct wp_diag *diag);
/* Report @d for document @index. Returns nonzero when reading must stop. */
int wp__reader_error(struct wp__reader *r, const struct wp_diag *d, size_t index);
/* Hand @doc over, item by item for Lists (and, with @arrays, for a
 * top-level array of objects). Returns nonzero when reading must stop. */
int wp__reader_doc(struct wp__reader *r, const struct wp__doc *doc, int arrays);
/* The reader's result: the callback's stop value, the first error, or 0. */
int wp__reader_result(const struct wp__reader *r);

#endif
