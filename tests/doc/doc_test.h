/*
 * Helpers for the document-layer tests: read a buffer, and record what the
 * callbacks saw (documents die when on_doc returns, so everything a test
 * asserts on is copied out: the nodes at given paths, and every error as
 * the one line the CLI would print).
 */
#ifndef WP_TEST_DOC_TEST_H
#define WP_TEST_DOC_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/context.h"
#include "doc/read.h"

#define DT_MAX_DOCS 32
#define DT_MAX_PATHS 24
#define DT_MAX_ERRORS 16

struct dt_node {            /* one node as seen during on_doc */
    int found;
    int kind, style, flags;
    struct wp__pos start, end;
    char text[96];
    size_t len, count;
    int64_t i;
    uint64_t u;
    double f;
    int b;
    int aliased;            /* an alias occurrence */
    struct wp__pos anchor;  /* its anchored node's start */
    int merged;             /* reached through a merged entry */
};

struct dt_run {
    const char *const *paths;             /* probed in every document */
    struct dt_node node[DT_MAX_DOCS][DT_MAX_PATHS];
    size_t index[DT_MAX_DOCS], item[DT_MAX_DOCS];
    int is_item[DT_MAX_DOCS];
    size_t ndocs;
    char error[DT_MAX_ERRORS][320];       /* "name:line:col: message" */
    int code[DT_MAX_ERRORS];
    size_t error_index[DT_MAX_ERRORS];
    size_t nerrors;
    int rc;
    struct wp_diag diag;                  /* the reader's first error */
    const char *broken;                   /* what wp__doc_verify found, if anything */
};

/* Whether delivered trees go through wp__doc_verify (on by default; the
 * allocation-failure test turns it off, as it allocates deep trees). */
extern int dt_verify;

/* Read @text (@len bytes) as YAML (or JSON with @json) named @name; fails
 * the test when a delivered tree breaks the invariants of wp__doc_verify. */
int dt_read(struct dt_run *r, wp_context *ctx, const char *name, const void *text, size_t len,
            const char *const *paths, int json, unsigned flags);
/* Same for a NUL-terminated string. */
int dt_yaml(struct dt_run *r, wp_context *ctx, const char *text, const char *const *paths);
int dt_json(struct dt_run *r, wp_context *ctx, const char *text, const char *const *paths);
/* Read a file of testdata/doc (directory from WP_DOC_TESTDATA). */
int dt_file(struct dt_run *r, wp_context *ctx, const char *file, const char *const *paths,
            int json);

/* Assert a node's span, 1-based lines and columns. */
#define assert_span(n, sl, sc, el, ec)                                                          \
    do {                                                                                       \
        assert_true((n)->found);                                                               \
        assert_int_equal((n)->start.line, (sl));                                               \
        assert_int_equal((n)->start.column, (sc));                                             \
        assert_int_equal((n)->end.line, (el));                                                 \
        assert_int_equal((n)->end.column, (ec));                                               \
    } while (0)

#endif
