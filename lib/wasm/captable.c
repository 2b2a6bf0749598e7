/*
 * Which capability classes an import requests. The table is data: one row
 * per interface, package or preview1 function, matched without versions so
 * that every 0.2.x and 0.3.x release of an interface is covered. Exact rows
 * are tried before package rows, so a package row is a fallback.
 *
 * Sources: WASI 0.2/0.3 WIT (wasi:http, cli, clocks, filesystem, random,
 * sockets), the preview1 witx, Spin 2 (fermyon:spin) and Spin 3 (spin:) packages
 * WIT, wasi-keyvalue/config/messaging/blobstore/logging/nn proposals.
 */
#include <string.h>

#include "wasm/captable.h"
#include "wasm/wasm_impl.h"

#define B(c) ((uint64_t)1 << (c))

const struct wp__cap_rule wp__cap_table[] = {
    /* outbound HTTP: 0.2 outgoing-handler, 0.3 client, and an imported 0.3
     * handler (the middleware world calls the next hop through it) */
    { WP__CAP_IFACE, "wasi:http/outgoing-handler", B(WP_CAP_HTTP_OUTBOUND) },
    { WP__CAP_IFACE, "wasi:http/client", B(WP_CAP_HTTP_OUTBOUND) },
    { WP__CAP_IFACE, "wasi:http/handler", B(WP_CAP_HTTP_OUTBOUND) },
    { WP__CAP_IFACE, "fermyon:spin/http", B(WP_CAP_HTTP_OUTBOUND) },
    { WP__CAP_IFACE, "fermyon:spin/outbound-http", B(WP_CAP_HTTP_OUTBOUND) },
    { WP__CAP_IFACE, "wasi:sockets/ip-name-lookup", B(WP_CAP_DNS) },
    { WP__CAP_PACKAGE, "wasi:sockets", B(WP_CAP_SOCKETS) },
    { WP__CAP_IFACE, "wasi:cli/environment", B(WP_CAP_ENVIRONMENT) },
    { WP__CAP_IFACE, "wasi:cli/stdin", B(WP_CAP_STDIO) },
    { WP__CAP_IFACE, "wasi:cli/stdout", B(WP_CAP_STDIO) },
    { WP__CAP_IFACE, "wasi:cli/stderr", B(WP_CAP_STDIO) },
    { WP__CAP_IFACE, "wasi:cli/terminal-input", B(WP_CAP_STDIO) },
    { WP__CAP_IFACE, "wasi:cli/terminal-output", B(WP_CAP_STDIO) },
    { WP__CAP_IFACE, "wasi:cli/terminal-stdin", B(WP_CAP_STDIO) },
    { WP__CAP_IFACE, "wasi:cli/terminal-stdout", B(WP_CAP_STDIO) },
    { WP__CAP_IFACE, "wasi:cli/terminal-stderr", B(WP_CAP_STDIO) },
    { WP__CAP_IFACE, "wasi:cli/exit", B(WP_CAP_EXIT) },
    { WP__CAP_PACKAGE, "wasi:filesystem", B(WP_CAP_FILESYSTEM) },
    { WP__CAP_PACKAGE, "wasi:random", B(WP_CAP_RANDOM) },
    { WP__CAP_PACKAGE, "wasi:clocks", B(WP_CAP_CLOCKS) },
    { WP__CAP_PACKAGE, "wasi:keyvalue", B(WP_CAP_KEYVALUE) },
    { WP__CAP_PACKAGE, "wasi:config", B(WP_CAP_CONFIG) },
    { WP__CAP_PACKAGE, "wasi:messaging", B(WP_CAP_MESSAGING) },
    { WP__CAP_PACKAGE, "wasi:blobstore", B(WP_CAP_BLOBSTORE) },
    { WP__CAP_PACKAGE, "wasi:logging", B(WP_CAP_LOGGING) },
    { WP__CAP_PACKAGE, "wasi:nn", B(WP_CAP_LLM) },
    { WP__CAP_PACKAGE, "wasmcloud:messaging", B(WP_CAP_MESSAGING) },
    { WP__CAP_PACKAGE, "wasmcloud:postgres", B(WP_CAP_SQL) },
    /* Spin 2 */
    { WP__CAP_IFACE, "fermyon:spin/key-value", B(WP_CAP_KEYVALUE) },
    { WP__CAP_IFACE, "fermyon:spin/llm", B(WP_CAP_LLM) },
    { WP__CAP_IFACE, "fermyon:spin/redis", B(WP_CAP_REDIS) },
    { WP__CAP_IFACE, "fermyon:spin/postgres", B(WP_CAP_SQL) },
    { WP__CAP_IFACE, "fermyon:spin/mysql", B(WP_CAP_SQL) },
    { WP__CAP_IFACE, "fermyon:spin/sqlite", B(WP_CAP_SQL) },
    { WP__CAP_IFACE, "fermyon:spin/mqtt", B(WP_CAP_MQTT) },
    { WP__CAP_IFACE, "fermyon:spin/variables", B(WP_CAP_CONFIG) },
    { WP__CAP_IFACE, "fermyon:spin/config", B(WP_CAP_CONFIG) },
    /* Spin 3 */
    { WP__CAP_PACKAGE, "spin:key-value", B(WP_CAP_KEYVALUE) },
    { WP__CAP_PACKAGE, "spin:llm", B(WP_CAP_LLM) },
    { WP__CAP_PACKAGE, "spin:redis", B(WP_CAP_REDIS) },
    { WP__CAP_PACKAGE, "spin:postgres", B(WP_CAP_SQL) },
    { WP__CAP_PACKAGE, "spin:mysql", B(WP_CAP_SQL) },
    { WP__CAP_PACKAGE, "spin:sqlite", B(WP_CAP_SQL) },
    { WP__CAP_PACKAGE, "spin:mqtt", B(WP_CAP_MQTT) },
    { WP__CAP_PACKAGE, "spin:variables", B(WP_CAP_CONFIG) },
    /* WASI preview1 (wasi_snapshot_preview1, wasi_unstable) */
    { WP__CAP_P1_FUNC, "args_get", B(WP_CAP_ENVIRONMENT) },
    { WP__CAP_P1_FUNC, "args_sizes_get", B(WP_CAP_ENVIRONMENT) },
    { WP__CAP_P1_FUNC, "environ_get", B(WP_CAP_ENVIRONMENT) },
    { WP__CAP_P1_FUNC, "environ_sizes_get", B(WP_CAP_ENVIRONMENT) },
    { WP__CAP_P1_FUNC, "random_get", B(WP_CAP_RANDOM) },
    { WP__CAP_P1_FUNC, "poll_oneoff", B(WP_CAP_CLOCKS) },
    { WP__CAP_P1_FUNC, "proc_exit", B(WP_CAP_EXIT) },
    { WP__CAP_P1_FUNC, "proc_raise", B(WP_CAP_EXIT) },
    { WP__CAP_P1_FUNC, "fd_prestat_get", B(WP_CAP_FILESYSTEM) },
    { WP__CAP_P1_FUNC, "fd_prestat_dir_name", B(WP_CAP_FILESYSTEM) },
    /* WasmEdge's socket extension resolves names */
    { WP__CAP_P1_FUNC, "sock_getaddrinfo", B(WP_CAP_DNS) | B(WP_CAP_SOCKETS) },
    { WP__CAP_P1_PREFIX, "clock_", B(WP_CAP_CLOCKS) },
    { WP__CAP_P1_PREFIX, "path_", B(WP_CAP_FILESYSTEM) },
    { WP__CAP_P1_PREFIX, "fd_", B(WP_CAP_STDIO) },
    { WP__CAP_P1_PREFIX, "sock_", B(WP_CAP_SOCKETS) },
    /* core import modules of legacy Spin SDKs */
    { WP__CAP_CORE_MODULE, "outbound-http", B(WP_CAP_HTTP_OUTBOUND) },
    { WP__CAP_CORE_MODULE, "wasi-outbound-http", B(WP_CAP_HTTP_OUTBOUND) },
    { WP__CAP_CORE_MODULE, "outbound-redis", B(WP_CAP_REDIS) },
    { WP__CAP_CORE_MODULE, "outbound-pg", B(WP_CAP_SQL) },
    { WP__CAP_CORE_MODULE, "outbound-mysql", B(WP_CAP_SQL) },
    { WP__CAP_CORE_MODULE, "key-value", B(WP_CAP_KEYVALUE) },
    { WP__CAP_CORE_MODULE, "spin-config", B(WP_CAP_CONFIG) },
    { WP__CAP_CORE_MODULE, "llm", B(WP_CAP_LLM) },
};

const size_t wp__cap_table_len = sizeof(wp__cap_table) / sizeof(wp__cap_table[0]);

static int
span_eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

uint64_t
wp__caps_of_interface(const char *name, size_t len)
{
    struct wp__span parts[4];
    size_t pkg_n, iface_n;

    if (!wp__iface_split(name, len, parts))
        return 0;
    pkg_n = (size_t)(parts[1].p + parts[1].n - name);     /* "ns:pkg" */
    iface_n = (size_t)(parts[2].p + parts[2].n - name);   /* "ns:pkg/iface" */
    for (size_t i = 0; i < wp__cap_table_len; i++)
        if (wp__cap_table[i].match == WP__CAP_IFACE &&
            span_eq(name, iface_n, wp__cap_table[i].pattern))
            return wp__cap_table[i].caps;
    for (size_t i = 0; i < wp__cap_table_len; i++)
        if (wp__cap_table[i].match == WP__CAP_PACKAGE &&
            span_eq(name, pkg_n, wp__cap_table[i].pattern))
            return wp__cap_table[i].caps;
    return 0;
}

static uint64_t
caps_of_preview1(const char *func)
{
    for (size_t i = 0; i < wp__cap_table_len; i++)
        if (wp__cap_table[i].match == WP__CAP_P1_FUNC &&
            strcmp(func, wp__cap_table[i].pattern) == 0)
            return wp__cap_table[i].caps;
    for (size_t i = 0; i < wp__cap_table_len; i++)
        if (wp__cap_table[i].match == WP__CAP_P1_PREFIX &&
            strncmp(func, wp__cap_table[i].pattern, strlen(wp__cap_table[i].pattern)) == 0)
            return wp__cap_table[i].caps;
    return 0;
}

uint64_t
wp__caps_of_import(const struct wp_wasm_entry *e)
{
    const char *mod = e->module;

    if (!mod) {
        const char *n = e->implements ? e->implements : e->name;
        return wp__caps_of_interface(n, strlen(n));
    }
    if (strcmp(mod, "wasi_snapshot_preview1") == 0 || strcmp(mod, "wasi_unstable") == 0)
        return caps_of_preview1(e->name);
    /* wit-bindgen output names core import modules after WIT interfaces,
     * "wasi:http/types@0.2.0" (legacy) or "cm32p2|wasi:http/types@0.2" */
    if (strncmp(mod, "cm32p2|", 7) == 0)
        mod += 7;
    if (strchr(mod, ':'))
        return wp__caps_of_interface(mod, strlen(mod));
    for (size_t i = 0; i < wp__cap_table_len; i++)
        if (wp__cap_table[i].match == WP__CAP_CORE_MODULE &&
            strcmp(mod, wp__cap_table[i].pattern) == 0)
            return wp__cap_table[i].caps;
    return 0;
}
