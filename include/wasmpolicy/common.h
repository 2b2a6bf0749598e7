/*
 * wasmpolicy/common.h - status codes, diagnostics and export macros shared
 * by every libwasmpolicy header.
 *
 * Conventions used throughout the API:
 *  - Fallible functions return int: 0 on success, or a negative WP_E* code.
 *    Codes are pinned: a value keeps its meaning forever.
 *  - Details of a failure go into an optional caller-supplied struct wp_diag
 *    (pass NULL when you do not need them). There is no global or
 *    thread-local "last error".
 *  - Out-parameters come first, then the object acted on, then inputs.
 *  - Objects are opaque, created by *_new() and released by *_free();
 *    every *_free() accepts NULL.
 *  - Getters return borrowed pointers that live as long as their parent.
 */
#ifndef WASMPOLICY_COMMON_H
#define WASMPOLICY_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && !defined(WP_STATIC)
#  ifdef WP_BUILDING_LIBRARY
#    define WP_EXPORT __declspec(dllexport)
#  else
#    define WP_EXPORT __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define WP_EXPORT __attribute__((visibility("default")))
#else
#  define WP_EXPORT
#endif

#if defined(__GNUC__)
#  define WP_WARN_UNUSED __attribute__((warn_unused_result))
#else
#  define WP_WARN_UNUSED
#endif

/** Status codes. 0 is success; every error is negative and never reused. */
enum wp_status {
    WP_OK = 0,
    WP_ERROR = -1,        /**< unexpected internal failure */
    WP_ENOMEM = -2,       /**< the allocator returned NULL */
    WP_EINVAL = -3,       /**< bad argument: NULL object, unknown flag or id */
    WP_EMALFORMED = -4,   /**< input is not well-formed (syntax, encoding) */
    WP_ELIMIT = -5,       /**< input exceeds a resource limit of the context */
    WP_EIO = -6,          /**< a file could not be opened or read */
    WP_ENOTFOUND = -7,    /**< a named thing (file, rule, entry) does not exist */
    WP_EUNSUPPORTED = -8  /**< understood but not supported (e.g. legacy encoding) */
};

/**
 * Static, human-readable text for a status code ("malformed input", ...).
 * Never returns NULL; unknown codes give "unknown error".
 */
WP_EXPORT const char *wp_strerror(int code);

/** Version of struct wp_diag this header describes. */
#define WP_DIAG_VERSION 1u

/**
 * Details of a failure, filled by fallible functions when the caller passes
 * one. Initialise with WP_DIAG_INIT (or set .version = WP_DIAG_VERSION).
 * Strings are truncated to fit and always NUL-terminated.
 */
struct wp_diag {
    unsigned version;      /**< WP_DIAG_VERSION, set by the caller */
    int code;              /**< WP_E* code, 0 when nothing was reported */
    char source[256];      /**< file name, buffer name or "<stdin>"; "" if none */
    unsigned line;         /**< 1-based line; 0 when not applicable */
    unsigned column;       /**< 1-based column in bytes; 0 when not applicable */
    uint64_t offset;       /**< byte offset into the source */
    int has_offset;        /**< nonzero when offset is meaningful (binaries) */
    char message[256];     /**< what went wrong, lower case, no final period */
    unsigned char reserved[60];
};

#define WP_DIAG_INIT { WP_DIAG_VERSION, 0, "", 0, 0, 0, 0, "", { 0 } }

/** Reset @p diag to an empty report, keeping its version. NULL is a no-op. */
WP_EXPORT void wp_diag_clear(struct wp_diag *diag);

/**
 * Format @p diag as one line into @p buf (size @p size), in the form tools
 * and editors expect: "source:line:column: message" for text inputs,
 * "source: offset 0x1f: message" for binaries, "source: message" otherwise.
 * Returns the length the full line would have (like snprintf).
 */
WP_EXPORT int wp_diag_format(char *buf, size_t size, const struct wp_diag *diag);

/** Severity of a finding or a log message. */
enum wp_severity {
    WP_SEVERITY_INFO = 1,
    WP_SEVERITY_WARNING = 2,
    WP_SEVERITY_ERROR = 3
};

/** "info", "warning" or "error"; NULL for an unknown value. */
WP_EXPORT const char *wp_severity_name(enum wp_severity severity);

#ifdef __cplusplus
}
#endif
#endif /* WASMPOLICY_COMMON_H */
