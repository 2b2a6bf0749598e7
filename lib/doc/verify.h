/* Consistency checks of a document tree, for fuzz targets and tests. */
#ifndef WP_DOC_VERIFY_H
#define WP_DOC_VERIFY_H

#include "doc/source.h"
#include "doc/tree.h"

/*
 * Walk every node of @doc (through aliases and merged entries, whose
 * positions are only checked where they were written) and return NULL when
 * it keeps tree.h's promises, else what it breaks. *@visited (may be NULL)
 * gets the number of nodes visited.
 */
const char *wp__doc_verify(const struct wp__doc *doc, size_t *visited);

/* NULL when @p is a place in @src whose line, column and offset agree. */
const char *wp__verify_pos(const struct wp__src *src, struct wp__pos p);

#endif
