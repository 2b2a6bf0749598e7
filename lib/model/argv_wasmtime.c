/*
 * wasmtime command lines, read the way wasmtime's clap 4 parser reads them.
 *
 * Upstream sources read for the flag table and the rules:
 *   bytecodealliance/wasmtime:src/bin/wasmtime.rs - the subcommands; without
 *     one the top-level command is `run` (args_conflicts_with_subcommands, so
 *     only argv[1] can name a subcommand) and it alone has -V/--version
 *   bytecodealliance/wasmtime:src/commands/run.rs - --invoke, --preload,
 *     --argv0; module_and_args is trailing_var_arg (program, then the guest's)
 *   bytecodealliance/wasmtime:src/commands/serve.rs - --addr, --shutdown-addr,
 *     --no-logging-prefix, --max-instance-*, --idle-instance-timeout; one WASM
 *     operand; `wasi.http.replace(true)`, bailing out on -S http=n
 *   bytecodealliance/wasmtime:src/common.rs - RunCommon: --allow-precompiled,
 *     --profile, --dir HOST[::GUEST] (parse_dirs: split on "::", always
 *     read-write), --env NAME[=VAL] (parse_env_var: split at the first '=')
 *   bytecodealliance/wasmtime:crates/cli-flags/src/lib.rs - CommonOptions
 *     (-O/--optimize -C/--codegen -D/--debug -W/--wasm -S/--wasi -R/--record,
 *     --target, --config) and the WasiOptions keys
 *   bytecodealliance/wasmtime:crates/cli-flags/src/opt.rs - `k1,k2=v` comma
 *     lists split at the first '='; booleans y|yes|true|n|no|false, a bare
 *     key meaning true; keys compared with the field name spelt with '-'
 *   clap-rs/clap:clap_builder/src/parser/parser.rs - the token rules below
 *
 * Token rules (clap 4): `--` ends options; `--name=value` or `--name value`;
 * `-Xvalue`, `-X=value` or `-X value` for a value-taking short; a separate
 * value may not start with '-' (only "-" itself), so a pending value followed
 * by a flag or `--` is an error; a plain option or switch given twice is an
 * error (ArgAction::Set conflicts with itself), while option groups, --dir,
 * --env and --preload append. The first error, or -h/-V, ends parsing: what
 * was read before it is kept and `refused` is set.
 *
 * Choices: the table is the union of wasmtime 14 to current, so an option a
 * given release lacks is accepted rather than refused. -S keys are checked;
 * -O -C -D -W -R keys are kept unchecked; values are checked for UTF-8 but
 * not for their type (--addr is not parsed as a socket address). The <= 13
 * CLI is not modelled. opt.rs spells keys with '-' only, so
 * `-S inherit_env` is an unknown key that wasmtime refuses, not a grant
 * (formats.md §15.1 says '_' is accepted: upstream code says otherwise).
 */
#include <string.h>

#include "core/utf8.h"
#include "model/argv_impl.h"

#include <wasmpolicy/common.h>

#define STOP 1 /* parsing ends here; not an error of ours */

/* A refusal ends parsing: STOP, unless recording it failed. */
static int
halt(int rc)
{
    return rc ? rc : STOP;
}

enum wt_act {
    WT_SWITCH,  /* no value, at most once */
    WT_HELP,    /* -h/--help: prints help, exits */
    WT_VERSION, /* -V/--version (top level only) */
    WT_GROUP,   /* -O -C -D -W -S -R: comma lists, repeatable */
    WT_DIR,     /* repeatable */
    WT_ENV,     /* repeatable */
    WT_CONFIG,  /* once; a path, so not UTF-8 checked */
    WT_ADDR,    /* serve --addr, once */
    WT_ONCE,    /* any other value, once, kept as an opt */
    WT_MANY     /* any other value, repeatable, kept as an opt */
};

#define IN_RUN 1u
#define IN_SERVE 2u
#define IN_TOP 4u /* no subcommand: implied run */
#define IN_RUNS (IN_RUN | IN_TOP)
#define IN_ANY (IN_RUN | IN_SERVE | IN_TOP)

static const struct wt_flag {
    const char *name;
    char shrt;
    unsigned char act, where;
} flags[] = {
    { "optimize", 'O', WT_GROUP, IN_ANY },
    { "codegen", 'C', WT_GROUP, IN_ANY },
    { "debug", 'D', WT_GROUP, IN_ANY },
    { "wasm", 'W', WT_GROUP, IN_ANY },
    { "wasi", 'S', WT_GROUP, IN_ANY },
    { "record", 'R', WT_GROUP, IN_ANY },
    { "target", 0, WT_ONCE, IN_ANY },
    { "config", 0, WT_CONFIG, IN_ANY },
    { "allow-precompiled", 0, WT_SWITCH, IN_ANY },
    { "profile", 0, WT_ONCE, IN_ANY },
    { "dir", 0, WT_DIR, IN_ANY },
    { "env", 0, WT_ENV, IN_ANY },
    { "help", 'h', WT_HELP, IN_ANY },
    { "version", 'V', WT_VERSION, IN_TOP },
    { "invoke", 0, WT_ONCE, IN_RUNS },
    { "preload", 0, WT_MANY, IN_RUNS },
    { "argv0", 0, WT_ONCE, IN_RUNS },
    { "no-newline", 0, WT_SWITCH, IN_RUNS },
    { "addr", 0, WT_ADDR, IN_SERVE },
    { "shutdown-addr", 0, WT_ONCE, IN_SERVE },
    { "no-logging-prefix", 0, WT_SWITCH, IN_SERVE },
    { "max-instance-reuse-count", 0, WT_ONCE, IN_SERVE },
    { "max-instance-concurrent-reuse-count", 0, WT_ONCE, IN_SERVE },
    { "idle-instance-timeout", 0, WT_ONCE, IN_SERVE },
};
#define NFLAGS (sizeof(flags) / sizeof(flags[0]))

enum { WK_BOOL, WK_VALUE };
enum { WF_NONE, WF_INHERIT_ENV, WF_INHERIT_NETWORK, WF_IP_NAME_LOOKUP, WF_TCP, WF_UDP, WF_HTTP };

/* WasiOptions keys, union over releases. inherit-stdin/-stdout/-stderr and
 * cwd are listed in formats.md §15.1 but were not found upstream. */
static const struct {
    const char *name;
    unsigned char kind, flag;
} wasi_keys[] = {
    { "cli", WK_BOOL, WF_NONE },
    { "cli-exit-with-code", WK_BOOL, WF_NONE },
    { "common", WK_BOOL, WF_NONE },
    { "nn", WK_BOOL, WF_NONE },
    { "threads", WK_BOOL, WF_NONE },
    { "http", WK_BOOL, WF_HTTP },
    { "http-outgoing-body-buffer-chunks", WK_VALUE, WF_NONE },
    { "http-outgoing-body-chunk-size", WK_VALUE, WF_NONE },
    { "config", WK_BOOL, WF_NONE },
    { "keyvalue", WK_BOOL, WF_NONE },
    { "listenfd", WK_BOOL, WF_NONE },
    { "tcplisten", WK_VALUE, WF_NONE },
    { "tls", WK_BOOL, WF_NONE },
    { "preview2", WK_BOOL, WF_NONE },
    { "nn-graph", WK_VALUE, WF_NONE },
    { "inherit-network", WK_BOOL, WF_INHERIT_NETWORK },
    { "allow-ip-name-lookup", WK_BOOL, WF_IP_NAME_LOOKUP },
    { "tcp", WK_BOOL, WF_TCP },
    { "udp", WK_BOOL, WF_UDP },
    { "network-error-code", WK_BOOL, WF_NONE },
    { "preview0", WK_BOOL, WF_NONE },
    { "inherit-env", WK_BOOL, WF_INHERIT_ENV },
    { "config-var", WK_VALUE, WF_NONE },
    { "keyvalue-in-memory-data", WK_VALUE, WF_NONE },
    { "p3", WK_BOOL, WF_NONE },
    { "max-resources", WK_VALUE, WF_NONE },
    { "hostcall-fuel", WK_VALUE, WF_NONE },
    { "max-random-size", WK_VALUE, WF_NONE },
    { "max-http-fields-size", WK_VALUE, WF_NONE },
    { "inherit-stdin", WK_BOOL, WF_NONE },
    { "inherit-stdout", WK_BOOL, WF_NONE },
    { "inherit-stderr", WK_BOOL, WF_NONE },
    { "cwd", WK_VALUE, WF_NONE },
};

static const char *const other_subcommands[] = {
    "compile", "config", "explore", "objdump", "settings", "wast",
    "wizer", "hot-blocks", "replay", "completion",
};

struct wt {
    struct wp__argv_run *r;
    unsigned where;
    const char *cmd;            /* for messages: "wasmtime run", ... */
    unsigned char seen[NFLAGS];
    int pending;                /* flag waiting for its value, or -1 */
    struct wp__argv_ref pending_at;
    int trailing;               /* after `--` */
    int operands;
};

static int
lookup_long(const struct wt *w, const char *s, size_t n)
{
    for (size_t i = 0; i < NFLAGS; i++)
        if ((flags[i].where & w->where) && wp__argv_eq(s, n, flags[i].name))
            return (int)i;
    return -1;
}

static int
lookup_short(const struct wt *w, char c)
{
    for (size_t i = 0; i < NFLAGS; i++)
        if ((flags[i].where & w->where) && flags[i].shrt && flags[i].shrt == c)
            return (int)i;
    return -1;
}

static int
wasi_key(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof(wasi_keys) / sizeof(wasi_keys[0]); i++)
        if (wp__argv_eq(s, n, wasi_keys[i].name))
            return (int)i;
    return -1;
}

/* opt.rs `impl WasmtimeOptionValue for bool`: 1, 0, or -1 when invalid. */
static int
boolean(const char *v, size_t n, int present)
{
    if (!present || wp__argv_eq(v, n, "y") || wp__argv_eq(v, n, "yes") ||
        wp__argv_eq(v, n, "true"))
        return 1;
    if (wp__argv_eq(v, n, "n") || wp__argv_eq(v, n, "no") || wp__argv_eq(v, n, "false"))
        return 0;
    return -1;
}

static struct wp__argv_flag *
wasi_flag(struct wp__argv *out, unsigned flag)
{
    switch (flag) {
    case WF_INHERIT_ENV:
        return &out->inherit_env;
    case WF_INHERIT_NETWORK:
        return &out->inherit_network;
    case WF_IP_NAME_LOOKUP:
        return &out->ip_name_lookup;
    case WF_TCP:
        return &out->tcp;
    case WF_UDP:
        return &out->udp;
    case WF_HTTP:
        return &out->http;
    default:
        return NULL;
    }
}

/* One comma-list item: key [0, klen) of s, value after the '=' if any. */
struct item {
    size_t off, len, klen;
    int has_value;
};

static struct item
next_item(const char *s, size_t n, size_t at)
{
    struct item it;
    size_t end = at + wp__argv_find(s + at, n - at, ',');

    it.off = at;
    it.len = end - at;
    it.klen = wp__argv_find(s + at, it.len, '=');
    it.has_value = it.klen < it.len;
    return it;
}

/* opt.rs rejects the whole value at its first bad item, before any of its
 * items take effect, so -S values are checked in full before applying. */
static int
wasi_check(struct wt *w, uint32_t arg, size_t off, size_t n)
{
    const char *s = wp__argv_s(w->r, arg) + off;

    for (size_t at = 0;;) {
        struct item it = next_item(s, n, at);
        struct wp__argv_ref ref = wp__argv_ref_at(arg, off + it.off, it.len);
        const char *v = s + it.off + it.klen + 1;
        size_t vlen = it.has_value ? it.len - it.klen - 1 : 0;
        int k = wasi_key(s + it.off, it.klen);

        if (k < 0)
            return halt(wp__argv_refuse(w->r, ref, "unknown -S key; wasmtime refuses to start"));
        if (wasi_keys[k].kind == WK_BOOL && boolean(v, vlen, it.has_value) < 0)
            return halt(wp__argv_refuse(w->r, ref,
                                        "-S %s takes y, yes, true, n, no or false; wasmtime "
                                        "refuses to start",
                                        wasi_keys[k].name));
        if (wasi_keys[k].kind == WK_VALUE && !it.has_value)
            return halt(wp__argv_refuse(w->r, ref,
                                        "-S %s needs a value (key=value); wasmtime refuses "
                                        "to start",
                                        wasi_keys[k].name));
        if (it.off + it.len == n)
            return 0;
        at = it.off + it.len + 1;
    }
}

static int
group(struct wt *w, char g, uint32_t arg, size_t off, size_t n)
{
    struct wp__argv_run *r = w->r;
    const char *s = wp__argv_s(r, arg) + off;
    int rc;

    if (wp__argv_eq(s, n, "help") || wp__argv_eq(s, n, "help-long"))
        return halt(wp__argv_refuse(r, wp__argv_ref_at(arg, off, n),
                                    "-%c help lists the -%c keys; wasmtime exits without running",
                                    g, g));
    if (g == 'S' && (rc = wasi_check(w, arg, off, n)))
        return rc;
    for (size_t at = 0;;) {
        struct item it = next_item(s, n, at);
        struct wp__argv_ref ref = wp__argv_ref_at(arg, off + it.off, it.len);
        const char *v = s + it.off + it.klen + 1;
        size_t vlen = it.has_value ? it.len - it.klen - 1 : 0;

        if (wp__argv_add_opt(r, g, s + it.off, it.klen, v, vlen, ref))
            return WP_ENOMEM;
        if (g == 'S') {
            int k = wasi_key(s + it.off, it.klen);
            struct wp__argv_flag *f = wasi_flag(r->out, wasi_keys[k].flag);

            if (f)
                wp__argv_set(f, boolean(v, vlen, it.has_value), ref);
        }
        if (it.off + it.len == n)
            return 0;
        at = it.off + it.len + 1;
    }
}

/* common.rs parse_dirs: HOST[::GUEST[::ignored]]; no "::" means the same
 * path in the guest. */
static int
dir(struct wp__argv_run *r, uint32_t arg, size_t off, size_t n)
{
    const char *s = wp__argv_s(r, arg) + off;
    size_t sep = n, gend;

    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == ':' && s[i + 1] == ':') {
            sep = i;
            break;
        }
    if (sep == n)
        return wp__argv_add_dir(r, s, n, s, n, 1, wp__argv_ref_at(arg, off, n));
    for (gend = sep + 2; gend < n; gend++)
        if (gend + 1 < n && s[gend] == ':' && s[gend + 1] == ':')
            break;
    return wp__argv_add_dir(r, s, sep, s + sep + 2, gend - sep - 2, 1,
                            wp__argv_ref_at(arg, off, n));
}

/* common.rs parse_env_var: NAME[=VAL]; a bare NAME copies the launcher's. */
static int
env(struct wp__argv_run *r, uint32_t arg, size_t off, size_t n)
{
    const char *s = wp__argv_s(r, arg) + off;
    size_t eq = wp__argv_find(s, n, '=');

    return wp__argv_add_env(r, s, eq, eq < n ? s + eq + 1 : "", eq < n ? n - eq - 1 : 0,
                            eq < n, wp__argv_ref_at(arg, off, n));
}

static int
apply(struct wt *w, int f, uint32_t arg, size_t off, size_t n)
{
    struct wp__argv_run *r = w->r;
    const char *s = wp__argv_s(r, arg) + off;
    struct wp__argv_ref at = wp__argv_ref_at(arg, off, n);
    const char *name = flags[f].name;

    if (flags[f].act != WT_CONFIG && !wp__utf8_valid((const uint8_t *)s, n))
        return halt(wp__argv_refuse(r, at,
                                    "--%s: the value is not UTF-8; wasmtime refuses to start",
                                    name));
    switch (flags[f].act) {
    case WT_GROUP:
        return group(w, flags[f].shrt, arg, off, n);
    case WT_DIR:
        return dir(r, arg, off, n);
    case WT_ENV:
        return env(r, arg, off, n);
    case WT_CONFIG:
        r->out->has_config_file = 1;
        r->out->config_file = at;
        break;
    case WT_ADDR:
        r->out->has_listen = 1;
        r->out->listen = at;
        break;
    default:
        break;
    }
    return wp__argv_add_opt(r, 0, name, strlen(name), s, n, at);
}

/* Flag @f seen at @at; its value, if attached, is [voff, voff + vlen). */
static int
occurrence(struct wt *w, int f, uint32_t arg, struct wp__argv_ref at, int attached,
           size_t voff, size_t vlen)
{
    struct wp__argv_run *r = w->r;
    unsigned act = flags[f].act;

    if (act == WT_HELP)
        return halt(wp__argv_refuse(r, at, "--help: %s prints its help and exits", w->cmd));
    if (act == WT_VERSION)
        return halt(wp__argv_refuse(r, at, "--version: wasmtime prints its version and exits"));
    if ((act == WT_SWITCH || act == WT_ONCE || act == WT_CONFIG || act == WT_ADDR) &&
        w->seen[f])
        return halt(wp__argv_refuse(r, at, "--%s given twice; wasmtime refuses to start",
                                    flags[f].name));
    w->seen[f] = 1;
    if (act == WT_SWITCH)
        return attached ? halt(wp__argv_refuse(r, at,
                                               "--%s takes no value; wasmtime refuses to start",
                                               flags[f].name))
                                               : 0;
    if (attached)
        return apply(w, f, arg, voff, vlen);
    w->pending = f;
    w->pending_at = at;
    return 0;
}

static int
long_flag(struct wt *w, uint32_t i)
{
    const char *s = wp__argv_s(w->r, i);
    uint32_t n = wp__argv_len(w->r, i);
    size_t eq = 2 + wp__argv_find(s + 2, n - 2, '=');
    int f = lookup_long(w, s + 2, eq - 2);

    if (f < 0)
        return halt(wp__argv_refuse(w->r, wp__argv_ref_arg(w->r, i),
                                    "unknown option for %s; it refuses to start", w->cmd));
    return occurrence(w, f, i, wp__argv_ref_arg(w->r, i), eq < n, eq + 1,
                      eq < n ? n - eq - 1 : 0);
}

static int
short_flags(struct wt *w, uint32_t i)
{
    const char *s = wp__argv_s(w->r, i);
    uint32_t n = wp__argv_len(w->r, i);

    for (size_t k = 1; k < n; k++) {
        int f = lookup_short(w, s[k]);
        struct wp__argv_ref at = wp__argv_ref_at(i, k, 1);
        size_t v = k + 1;
        int rc;

        if (f < 0)
            return halt(wp__argv_refuse(w->r, at,
                                        "unknown short option for %s; it refuses to start",
                                        w->cmd));
        if (flags[f].act == WT_HELP || flags[f].act == WT_VERSION ||
            flags[f].act == WT_SWITCH) {
            if ((rc = occurrence(w, f, i, at, 0, 0, 0)))
                return rc;
            continue;
        }
        /* The rest of the cluster is the value; `-S=v` drops the '='. */
        if (v == n)
            return occurrence(w, f, i, at, 0, 0, 0);
        if (s[v] == '=')
            v++;
        return occurrence(w, f, i, at, 1, v, n - v);
    }
    return 0;
}

static int
operand(struct wt *w, uint32_t i)
{
    struct wp__argv *out = w->r->out;

    if (w->operands++ && (w->where & IN_SERVE))
        return halt(wp__argv_refuse(w->r, wp__argv_ref_arg(w->r, i),
                                    "wasmtime serve takes one component; it refuses "
                                    "another operand"));
    out->has_program = 1;
    out->program = wp__argv_ref_arg(w->r, i);
    /* run: the program and everything after it go to the guest. */
    return (w->where & IN_SERVE) ? 0 : STOP;
}

static int
token(struct wt *w, uint32_t i)
{
    const char *s = wp__argv_s(w->r, i);
    uint32_t n = wp__argv_len(w->r, i);
    int f = w->pending;

    if (w->trailing)
        return operand(w, i);
    if (f >= 0) {
        w->pending = -1;
        if (n >= 2 && s[0] == '-')
            return halt(wp__argv_refuse(w->r, w->pending_at,
                                        "--%s needs a value (one starting with '-' must be "
                                        "attached: --%s=VALUE); wasmtime refuses to start",
                                        flags[f].name, flags[f].name));
        return apply(w, f, i, 0, n);
    }
    if (n == 2 && s[0] == '-' && s[1] == '-') {
        w->trailing = 1;
        return 0;
    }
    if (n > 2 && s[0] == '-' && s[1] == '-')
        return long_flag(w, i);
    if (n >= 2 && s[0] == '-')
        return short_flags(w, i);
    return operand(w, i);
}

/* -S http is forced on by serve, which refuses an explicit -S http=n. */
static int
serve_http(struct wt *w, struct wp__argv_ref at)
{
    struct wp__argv *out = w->r->out;

    if (out->http.value == 0 &&
        wp__argv_refuse(w->r, out->http.at, "wasmtime serve refuses -S http=n: it needs wasi-http"))
        return WP_ENOMEM;
    wp__argv_set(&out->http, 1, at);
    return 0;
}

static int
parse(struct wt *w, uint32_t start, struct wp__argv_ref cmd_at)
{
    struct wp__argv_run *r = w->r;
    int rc = 0;

    w->pending = -1;
    for (uint32_t i = start; i < r->argc && !rc; i++)
        rc = token(w, i);
    if (rc < 0)
        return rc;
    if (!rc && w->pending >= 0 &&
        wp__argv_refuse(r, w->pending_at, "--%s needs a value; wasmtime refuses to start",
                        flags[w->pending].name))
        return WP_ENOMEM;
    if (!rc && !r->out->has_program && !r->out->refused &&
        wp__argv_refuse(r, cmd_at, "no WebAssembly program given; %s refuses to start", w->cmd))
        return WP_ENOMEM;
    return (w->where & IN_SERVE) ? serve_http(w, cmd_at) : 0;
}

int
wp__argv_wasmtime(struct wp__argv_run *r)
{
    struct wt w;
    const char *s = r->argc > 1 ? wp__argv_s(r, 1) : "";
    size_t n = r->argc > 1 ? wp__argv_len(r, 1) : 0;

    memset(&w, 0, sizeof(w));
    w.r = r;
    if (wp__argv_eq(s, n, "run") || wp__argv_eq(s, n, "serve")) {
        w.where = s[0] == 'r' ? IN_RUN : IN_SERVE;
        w.cmd = s[0] == 'r' ? "wasmtime run" : "wasmtime serve";
        r->out->subcommand = s[0] == 'r' ? "run" : "serve";
        return parse(&w, 2, wp__argv_ref_arg(r, 1));
    }
    if (wp__argv_eq(s, n, "help")) {
        r->out->subcommand = "help";
        return wp__argv_refuse(r, wp__argv_ref_arg(r, 1), "wasmtime help prints help and exits");
    }
    for (size_t i = 0; i < sizeof(other_subcommands) / sizeof(other_subcommands[0]); i++)
        if (wp__argv_eq(s, n, other_subcommands[i])) {
            r->out->subcommand = other_subcommands[i];
            return wp__argv_note(r, wp__argv_ref_arg(r, 1),
                                 "this wasmtime subcommand runs no guest; not read further");
        }
    w.where = IN_TOP;
    w.cmd = "wasmtime";
    r->out->subcommand = "run";
    return parse(&w, 1, wp__argv_ref_arg(r, 0));
}
