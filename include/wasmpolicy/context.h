/*
 * wasmpolicy/context.h - the context: allocator, log callback and limits.
 *
 * A context holds everything that would otherwise be global. The library has
 * no global state: objects created from different contexts may be used from
 * different threads at the same time. One context and the objects made from
 * it must not be used from two threads at once.
 */
#ifndef WASMPOLICY_CONTEXT_H
#define WASMPOLICY_CONTEXT_H

#include <wasmpolicy/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wp_context wp_context;

/**
 * Allocator hooks, fixed when the context is created. All memory the library
 * allocates on behalf of a context (and the objects made from it) goes
 * through them. realloc must behave like C realloc; free(NULL) must be safe.
 */
struct wp_allocator {
    unsigned version;      /**< WP_ALLOCATOR_VERSION */
    void *(*malloc_fn)(size_t size, void *user);
    void *(*realloc_fn)(void *ptr, size_t size, void *user);
    void (*free_fn)(void *ptr, void *user);
    void *user;            /**< passed to every hook */
};

#define WP_ALLOCATOR_VERSION 1u

/**
 * Create a context. @p allocator may be NULL for the C library's allocator;
 * the struct is copied. Returns WP_EINVAL for a NULL @p out, an unknown
 * allocator version or a missing hook, WP_ENOMEM when allocation fails.
 */
WP_EXPORT WP_WARN_UNUSED int wp_context_new(wp_context **out,
                                            const struct wp_allocator *allocator);

/** Destroy a context. Objects made from it must be freed first. NULL is a no-op. */
WP_EXPORT void wp_context_free(wp_context *ctx);

/**
 * Resource limits. Each bounds work or memory spent on one input, so that
 * hostile input is refused with WP_ELIMIT instead of exhausting the process.
 * Values are counts or bytes; the defaults are listed with each id.
 */
enum wp_limit {
    WP_LIMIT_INPUT_BYTES = 1,      /**< bytes of one input (256 MiB) */
    WP_LIMIT_NESTING_DEPTH = 2,    /**< component / document nesting (256) */
    WP_LIMIT_NAME_LENGTH = 3,      /**< bytes of one wasm name (100000) */
    WP_LIMIT_WASM_ENTRIES = 4,     /**< imports + exports of one binary (1000000) */
    WP_LIMIT_DOCUMENTS = 5,        /**< documents in one manifest file (100000) */
    WP_LIMIT_NODES = 6,            /**< nodes in one document (1000000) */
    WP_LIMIT_ALIAS_EXPANSION = 7,  /**< nodes reachable through aliases (100000) */
    WP_LIMIT_KEY_LENGTH = 8,       /**< bytes of one mapping key (4096) */
    WP_LIMIT_SCALAR_LENGTH = 9,    /**< bytes of one scalar (16 MiB) */
    WP_LIMIT_REGEX_MATCH = 10,     /**< pcre2 match limit (1000000) */
    WP_LIMIT_REGEX_DEPTH = 11      /**< pcre2 depth limit (10000) */
};

/**
 * Set a limit. Returns WP_EINVAL for an unknown @p limit or a value of 0.
 */
WP_EXPORT int wp_context_set_limit(wp_context *ctx, enum wp_limit limit, uint64_t value);

/** Current value of a limit; 0 for an unknown id. */
WP_EXPORT uint64_t wp_context_get_limit(const wp_context *ctx, enum wp_limit limit);

/**
 * Log callback. Receives warnings and notes the library wants to surface
 * that are not failures of the call (for example an interface-shaped name
 * that does not follow the grammar). @p diag is only valid during the call.
 */
typedef void (*wp_log_fn)(enum wp_severity severity, const struct wp_diag *diag,
                          void *payload);

/**
 * Install (or, with NULL @p fn, remove) the log callback. Messages below
 * @p min_severity are not delivered.
 */
WP_EXPORT void wp_context_set_log(wp_context *ctx, wp_log_fn fn,
                                  enum wp_severity min_severity, void *payload);

#ifdef __cplusplus
}
#endif
#endif /* WASMPOLICY_CONTEXT_H */
