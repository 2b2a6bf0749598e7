/*
 * wasmpolicy/wasm.h - list the imports and exports of a WebAssembly binary.
 *
 * The reader handles core modules (version 1) and components (encoding
 * 0x0d, layer 1). It decodes only the top-level import and export sections
 * and skips every other section by its declared size, so its cost follows
 * the size of those sections, not the size of the file. It lists what a
 * binary requests; it is not a validator: errors inside skipped sections go
 * unnoticed, and a runtime may still refuse the binary.
 *
 * Imports of nested components and nested core modules are not part of the
 * host-facing surface (the parent must supply them) and are not listed;
 * wp_wasm_nested_count() reports how many there are.
 */
#ifndef WASMPOLICY_WASM_H
#define WASMPOLICY_WASM_H

#include <wasmpolicy/common.h>
#include <wasmpolicy/context.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wp_wasm wp_wasm;             /**< an inspected binary */
typedef struct wp_wasm_entry wp_wasm_entry; /**< one import or export */

enum wp_wasm_kind {
    WP_WASM_MODULE = 1,    /**< core module */
    WP_WASM_COMPONENT = 2  /**< component */
};

/** What an import or export is. Component and core kinds share one space. */
enum wp_extern_kind {
    WP_EXTERN_FUNC = 1,       /**< "func": component or core function */
    WP_EXTERN_INSTANCE = 2,   /**< "instance" (component) */
    WP_EXTERN_TYPE = 3,       /**< "type" (component; resources are types) */
    WP_EXTERN_COMPONENT = 4,  /**< "component" */
    WP_EXTERN_MODULE = 5,     /**< "module": a core module (component) */
    WP_EXTERN_VALUE = 6,      /**< "value" (component, rare) */
    WP_EXTERN_TABLE = 7,      /**< "table" (core) */
    WP_EXTERN_MEMORY = 8,     /**< "memory" (core) */
    WP_EXTERN_GLOBAL = 9,     /**< "global" (core) */
    WP_EXTERN_TAG = 10        /**< "tag" (core) */
};

/** Lower-case name of an extern kind ("instance", "func", ...); NULL if unknown. */
WP_EXPORT const char *wp_extern_kind_name(enum wp_extern_kind kind);

/**
 * Capability classes. An import maps to zero or more classes; the mapping
 * table (WASI 0.2 and 0.3 interfaces, Spin interfaces and WASI preview1
 * functions) is listed in libwasmpolicy(3). Values are bit numbers and are
 * never reused.
 */
enum wp_capability {
    WP_CAP_HTTP_OUTBOUND = 0,  /**< "http-outbound" */
    WP_CAP_SOCKETS = 1,        /**< "sockets" */
    WP_CAP_DNS = 2,            /**< "dns" */
    WP_CAP_ENVIRONMENT = 3,    /**< "environment": env vars and arguments */
    WP_CAP_FILESYSTEM = 4,     /**< "filesystem" */
    WP_CAP_KEYVALUE = 5,       /**< "key-value" */
    WP_CAP_CONFIG = 6,         /**< "config": runtime config / variables */
    WP_CAP_RANDOM = 7,         /**< "random" */
    WP_CAP_CLOCKS = 8,         /**< "clocks" */
    WP_CAP_STDIO = 9,          /**< "stdio": stdin/stdout/stderr, terminals */
    WP_CAP_EXIT = 10,          /**< "exit" */
    WP_CAP_MESSAGING = 11,     /**< "messaging" */
    WP_CAP_BLOBSTORE = 12,     /**< "blobstore" */
    WP_CAP_SQL = 13,           /**< "sql": sqlite, postgres, mysql */
    WP_CAP_REDIS = 14,         /**< "redis" */
    WP_CAP_LLM = 15,           /**< "llm": model inference */
    WP_CAP_LOGGING = 16,       /**< "logging" */
    WP_CAP_MQTT = 17,          /**< "mqtt" */
    WP_CAP_COUNT = 18          /**< number of classes; not a class */
};

/** Name of a capability class ("http-outbound", ...); NULL if unknown. */
WP_EXPORT const char *wp_capability_name(enum wp_capability cap);

/**
 * Capability class by name; returns WP_ENOTFOUND when @p name is not one.
 */
WP_EXPORT int wp_capability_from_name(enum wp_capability *out, const char *name);

/**
 * Inspect a binary held in memory. @p data is only read during the call;
 * the result owns copies of everything it reports. @p source names the
 * input in diagnostics (may be NULL).
 *
 * Errors: WP_EMALFORMED (diag->offset says where), WP_EUNSUPPORTED (legacy
 * component encodings 0x0a-0x0c, unknown versions), WP_ELIMIT, WP_ENOMEM.
 */
WP_EXPORT WP_WARN_UNUSED int wp_wasm_inspect(wp_wasm **out, wp_context *ctx,
                                             const void *data, size_t size,
                                             const char *source,
                                             struct wp_diag *diag);

/**
 * Inspect a file. The file is mapped read-only (or read once where mapping
 * is unavailable) and released before returning. WP_EIO when it cannot be
 * opened or read, WP_ELIMIT above WP_LIMIT_INPUT_BYTES.
 */
WP_EXPORT WP_WARN_UNUSED int wp_wasm_inspect_file(wp_wasm **out, wp_context *ctx,
                                                  const char *path,
                                                  struct wp_diag *diag);

/** Release an inspection result. NULL is a no-op. */
WP_EXPORT void wp_wasm_free(wp_wasm *wasm);

WP_EXPORT enum wp_wasm_kind wp_wasm_get_kind(const wp_wasm *wasm);

/** Encoding version from the preamble: 1 for modules, 0x0d for components. */
WP_EXPORT unsigned wp_wasm_get_version(const wp_wasm *wasm);

WP_EXPORT size_t wp_wasm_import_count(const wp_wasm *wasm);
WP_EXPORT size_t wp_wasm_export_count(const wp_wasm *wasm);

/** The i-th import or export, in binary order; NULL when out of range. */
WP_EXPORT const wp_wasm_entry *wp_wasm_import(const wp_wasm *wasm, size_t i);
WP_EXPORT const wp_wasm_entry *wp_wasm_export(const wp_wasm *wasm, size_t i);

/** Union of the capability classes of all imports, as a bit set (1 << cap). */
WP_EXPORT uint64_t wp_wasm_capabilities(const wp_wasm *wasm);

enum wp_nested {
    WP_NESTED_MODULES = 1,    /**< core module sections at top level */
    WP_NESTED_COMPONENTS = 2  /**< component sections at top level */
};

/** How many nested definitions the top level holds (0 for core modules). */
WP_EXPORT size_t wp_wasm_nested_count(const wp_wasm *wasm, enum wp_nested what);

/** Custom sections, in binary order. */
WP_EXPORT size_t wp_wasm_custom_count(const wp_wasm *wasm);
WP_EXPORT const char *wp_wasm_custom_name(const wp_wasm *wasm, size_t i);

/**
 * Name of an import or export (for core imports the field name). Names are
 * valid UTF-8 and NUL-terminated; @p len (may be NULL) receives the length,
 * which matters only if the name itself contains U+0000.
 */
WP_EXPORT const char *wp_wasm_entry_name(const wp_wasm_entry *e, size_t *len);

/** Module name of a core import; NULL for exports and component entries. */
WP_EXPORT const char *wp_wasm_entry_module(const wp_wasm_entry *e);

WP_EXPORT enum wp_extern_kind wp_wasm_entry_kind(const wp_wasm_entry *e);

/** Byte offset of the entry in the binary (for positions in reports). */
WP_EXPORT uint64_t wp_wasm_entry_offset(const wp_wasm_entry *e);

/** Parts of an interface name such as "wasi:http/outgoing-handler@0.2.0". */
enum wp_iface_part {
    WP_IFACE_NAMESPACE = 1, /**< "wasi" (nested namespaces: "a:b") */
    WP_IFACE_PACKAGE = 2,   /**< "http" */
    WP_IFACE_INTERFACE = 3, /**< "outgoing-handler" (nested: "a/b") */
    WP_IFACE_VERSION = 4    /**< "0.2.0", or NULL when unversioned */
};

/**
 * Part of the entry's name when it is an interface name; NULL when the name
 * is a plain name (or not well-formed), or when the part is absent.
 */
WP_EXPORT const char *wp_wasm_entry_iface(const wp_wasm_entry *e, enum wp_iface_part part);

/**
 * The interface named by an `implements` attribute (0x02 name form), e.g.
 * "wasi:keyvalue/store" for `(import "primary" (implements ...))`; NULL when
 * absent. Capability classification uses it.
 */
WP_EXPORT const char *wp_wasm_entry_implements(const wp_wasm_entry *e);

/** Capability classes of an import, as a bit set (1 << cap); 0 for exports. */
WP_EXPORT uint64_t wp_wasm_entry_capabilities(const wp_wasm_entry *e);

#ifdef __cplusplus
}
#endif
#endif /* WASMPOLICY_WASM_H */
