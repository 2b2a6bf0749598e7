/*
 * Internal state of the model: subjects, the options that classify pods,
 * warnings, and the entry points the run calls.
 *
 * Documents come in one at a time (wp__model_doc) and are dropped by the
 * caller as soon as the call returns; everything a subject needs later is
 * copied into the model's arena as values. Joins and wasm classification
 * need every input, so they run once, in wp__model_join.
 */
#ifndef WP_MODEL_MODEL_H
#define WP_MODEL_MODEL_H

#include <wasmpolicy/model.h>

#include "core/arena.h"
#include "doc/read.h"
#include "model/value.h"

struct wp_subject {
    uint8_t kind;                /* enum wp_subject_kind */
    uint32_t source;             /* index into wp_model.sources */
    const char *file;            /* that source's name */
    const char *id;
    const char *name, *ns;       /* for joins; ns NULL when cluster-scoped */
    struct wp__mv *v;            /* the fields (a map) */
    struct wp__pos start, end;   /* the whole object */
    struct wp_subject *owner;    /* components: their application/workload */
};

struct wp__label { const char *key, *value; };

struct wp_model {
    const wp_context *ctx;
    struct wp__arena arena;
    struct wp__mvb mvb;
    struct wp_subject **subjects;
    size_t nsubjects, subjects_cap;
    const char **sources;        /* file names, arena copies */
    size_t nsources, sources_cap;
    struct wp_diag *warnings;
    size_t nwarnings, warnings_cap;
    /* options */
    const char *default_ns;
    const char **handlers;       /* wasm RuntimeClass handlers */
    size_t nhandlers, handlers_cap;
    struct wp__label *labels;    /* pod labels that mark wasm pods */
    size_t nlabels, labels_cap;
    int all_wasm;
    size_t nruntime_classes;     /* RuntimeClass subjects read */
    int keep_documents;          /* a rule reads `document` subjects */
    int joined;
};

/* Errors of a document the run must record (input errors at a field). */
typedef int (*wp__model_error_fn)(const struct wp_diag *d, void *payload);

/* What a document handler sees. */
struct wp__mctx {
    struct wp_model *m;
    const struct wp__doc *doc;
    const struct wp__src *src;
    uint32_t source;
    wp__model_error_fn on_error;
    void *payload;
};

int wp__model_init(struct wp_model *m, const wp_context *ctx);
void wp__model_release(struct wp_model *m);

/* Options (copied). */
int wp__model_add_handler(struct wp_model *m, const char *handler);
int wp__model_add_label(struct wp_model *m, const char *key, const char *value);

/* Register a source name; returns its index or -1 (out of memory). */
long wp__model_source(struct wp_model *m, const char *name);

/* The input kind a file name implies, for formats no content reveals. */
enum wp__model_format {
    WP__FORMAT_MANIFEST,         /* Kubernetes-style objects (YAML/JSON) */
    WP__FORMAT_WASH,             /* .wash/config.yaml */
    WP__FORMAT_SPIN_TOML         /* spin.toml */
};
enum wp__model_format wp__model_format_of(const char *name);

/* Model one document of source @source. */
int wp__model_doc(struct wp_model *m, uint32_t source, enum wp__model_format fmt,
                  const struct wp__doc *doc, wp__model_error_fn on_error,
                  void *payload);

/* Classify pods and compute joins over everything modelled. */
int wp__model_join(struct wp_model *m);

/* --- for the handlers -------------------------------------------------- */

/* A new subject of @kind spanning @root; NULL after an allocation failure. */
struct wp_subject *wp__subject_new(struct wp__mctx *c, enum wp_subject_kind kind,
                                   const struct wp__node *root);
/*
 * A component subject made once the documents are gone (the wasm
 * containers of runwasi pods, the components of a Spin locked app): in
 * @owner's file and namespace, spanning @at, with the id
 * "component <owner id>/<name>". @name must outlive the model.
 */
struct wp_subject *wp__component_of(struct wp_model *m, struct wp_subject *owner,
                                    const char *name, const struct wp__mv *at);
/* A subject id "Kind ns/name" (or "Kind name"), in the arena. */
const char *wp__model_id(struct wp_model *m, const char *kind, const char *ns,
                         const char *name);
int wp__model_warn(struct wp__mctx *c, const struct wp__node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A warning at a subject's start, once the documents are gone (joins). */
int wp__model_warn_subject(struct wp_model *m, const struct wp_subject *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int wp__model_error(struct wp__mctx *c, const struct wp__node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* snprintf for model paths, ids and messages, where truncation is
 * acceptable (a long name is cut in a message or id, never in a value). */
void wp__fmt(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "@a.@b" (either may be empty or NULL), then "[@index]" when index >= 0:
 * a model path, built without printf because it runs for every list item
 * of every document. Truncates to @size. */
const char *wp__path(char *buf, size_t size, const char *a, const char *b, long index);
/* The arena string for a scalar node's text (NULL for non-scalars). */
const char *wp__model_text(struct wp_model *m, const struct wp__node *n);

#endif
