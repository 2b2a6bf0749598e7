/* Public getters of wp_wasm and wp_wasm_entry, and the kind/capability names. */
#include <string.h>

#include "wasm/wasm_impl.h"

static const char *const extern_names[] = {
    [WP_EXTERN_FUNC] = "func",           [WP_EXTERN_INSTANCE] = "instance",
    [WP_EXTERN_TYPE] = "type",           [WP_EXTERN_COMPONENT] = "component",
    [WP_EXTERN_MODULE] = "module",       [WP_EXTERN_VALUE] = "value",
    [WP_EXTERN_TABLE] = "table",         [WP_EXTERN_MEMORY] = "memory",
    [WP_EXTERN_GLOBAL] = "global",       [WP_EXTERN_TAG] = "tag",
};

static const char *const cap_names[WP_CAP_COUNT] = {
    [WP_CAP_HTTP_OUTBOUND] = "http-outbound", [WP_CAP_SOCKETS] = "sockets",
    [WP_CAP_DNS] = "dns",                     [WP_CAP_ENVIRONMENT] = "environment",
    [WP_CAP_FILESYSTEM] = "filesystem",       [WP_CAP_KEYVALUE] = "key-value",
    [WP_CAP_CONFIG] = "config",               [WP_CAP_RANDOM] = "random",
    [WP_CAP_CLOCKS] = "clocks",               [WP_CAP_STDIO] = "stdio",
    [WP_CAP_EXIT] = "exit",                   [WP_CAP_MESSAGING] = "messaging",
    [WP_CAP_BLOBSTORE] = "blobstore",         [WP_CAP_SQL] = "sql",
    [WP_CAP_REDIS] = "redis",                 [WP_CAP_LLM] = "llm",
    [WP_CAP_LOGGING] = "logging",             [WP_CAP_MQTT] = "mqtt",
};

const char *
wp_extern_kind_name(enum wp_extern_kind kind)
{
    if ((unsigned)kind >= sizeof(extern_names) / sizeof(extern_names[0]))
        return NULL;
    return extern_names[kind];
}

const char *
wp_capability_name(enum wp_capability cap)
{
    if ((unsigned)cap >= WP_CAP_COUNT)
        return NULL;
    return cap_names[cap];
}

int
wp_capability_from_name(enum wp_capability *out, const char *name)
{
    if (!out || !name)
        return WP_EINVAL;
    for (unsigned i = 0; i < WP_CAP_COUNT; i++) {
        if (strcmp(cap_names[i], name) == 0) {
            *out = (enum wp_capability)i;
            return WP_OK;
        }
    }
    return WP_ENOTFOUND;
}

enum wp_wasm_kind
wp_wasm_get_kind(const wp_wasm *w)
{
    return w ? w->kind : 0;
}

unsigned
wp_wasm_get_version(const wp_wasm *w)
{
    return w ? w->version : 0;
}

size_t
wp_wasm_import_count(const wp_wasm *w)
{
    return w ? w->imports.n : 0;
}

size_t
wp_wasm_export_count(const wp_wasm *w)
{
    return w ? w->exports.n : 0;
}

const wp_wasm_entry *
wp_wasm_import(const wp_wasm *w, size_t i)
{
    return w && i < w->imports.n ? &w->imports.v[i] : NULL;
}

const wp_wasm_entry *
wp_wasm_export(const wp_wasm *w, size_t i)
{
    return w && i < w->exports.n ? &w->exports.v[i] : NULL;
}

uint64_t
wp_wasm_capabilities(const wp_wasm *w)
{
    return w ? w->caps : 0;
}

size_t
wp_wasm_nested_count(const wp_wasm *w, enum wp_nested what)
{
    if (!w)
        return 0;
    if (what == WP_NESTED_MODULES)
        return w->nested_modules;
    if (what == WP_NESTED_COMPONENTS)
        return w->nested_components;
    return 0;
}

size_t
wp_wasm_custom_count(const wp_wasm *w)
{
    return w ? w->ncustoms : 0;
}

const char *
wp_wasm_custom_name(const wp_wasm *w, size_t i)
{
    return w && i < w->ncustoms ? w->customs[i] : NULL;
}

const char *
wp_wasm_entry_name(const wp_wasm_entry *e, size_t *len)
{
    if (!e)
        return NULL;
    if (len)
        *len = e->name_len;
    return e->name;
}

const char *
wp_wasm_entry_module(const wp_wasm_entry *e)
{
    return e ? e->module : NULL;
}

enum wp_extern_kind
wp_wasm_entry_kind(const wp_wasm_entry *e)
{
    return e ? e->kind : 0;
}

uint64_t
wp_wasm_entry_offset(const wp_wasm_entry *e)
{
    return e ? e->offset : 0;
}

const char *
wp_wasm_entry_iface(const wp_wasm_entry *e, enum wp_iface_part part)
{
    if (!e || part < WP_IFACE_NAMESPACE || part > WP_IFACE_VERSION)
        return NULL;
    return e->iface[part - 1];
}

const char *
wp_wasm_entry_implements(const wp_wasm_entry *e)
{
    return e ? e->implements : NULL;
}

uint64_t
wp_wasm_entry_capabilities(const wp_wasm_entry *e)
{
    return e ? e->caps : 0;
}
