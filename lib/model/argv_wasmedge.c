/*
 * WasmEdge command lines, read the way WasmEdge's own PO argument parser
 * reads them (it is not getopt and not clap).
 *
 * Upstream sources read for the option table and the rules:
 *   WasmEdge/WasmEdge:lib/po/argument_parser.cpp - SubCommandDescriptor::parse,
 *     consume_short_options, consume_long_option_with_argument,
 *     consume_argument: the state machine ported below
 *   WasmEdge/WasmEdge:include/po/argument_parser.h - -h/--help in every
 *     (sub)command, -v/--version at the top level only
 *   WasmEdge/WasmEdge:include/po/option.h, include/po/list.h - Toggle (no
 *     value), Option (one value; with a default, min 0), List (any number)
 *   WasmEdge/WasmEdge:include/driver/tool.h - DriverToolOptions: positional
 *     WASM_OR_SO then ARG..., --reactor, --dir, --env, --module,
 *     --memory-page-limit, --time-limit, --gas-limit, --log-level,
 *     --stats-format, --run-mode, --forbidden-plugin, statistics/JIT/coredump
 *     toggles, --allow-af-unix
 *   WasmEdge/WasmEdge:include/driver/options.h - proposal toggles
 *     (--wasm-1/2/3, --disable-*, --enable-threads, --enable-all)
 *   WasmEdge/WasmEdge:lib/driver/uniTool.cpp - subcommands compile, run,
 *     parse, instantiate, validate, plugins; no subcommand means run, and
 *     options before `run` land in the same option set
 *   WasmEdge/WasmEdge:lib/host/wasi/environ.cpp - --dir GUEST:HOST[:readonly]
 *     split at the first ':' (guest first!), then at the next; no ':' means
 *     the same path; an empty guest is "/"; --env strings go to the guest as
 *     they are
 *   plugins wasmedge_process (--allow-command, --allow-command-all) and
 *     wasi_nn (--nn-preload, --nn-rpc-uri): options they add when installed
 *
 * Rules (PO): an argument of two or more bytes starting with '-' is always
 * an option until `--` or the first operand, so a value cannot start with
 * '-'; `-abc` is the one-letter options a, b, c; `--name=value` only for
 * options that take values. A List given in a separate argument takes one
 * value per occurrence; a pending value that meets the next option is simply
 * dropped (an Option with a default is then reset, and PO refuses at the end
 * because it lacks a value). After `--` every argument is an operand, and a
 * List still waiting (`--dir --`) swallows them all. The first operand may
 * name a subcommand; the program is the first free operand, and everything
 * after it belongs to the guest. Unknown options are refused at once.
 *
 * Choices: the table is the union of recent releases plus the plugin
 * options; --dir follows releases that know `:readonly` (older ones kept it
 * as part of the host path).
 */
#include <string.h>

#include "model/argv_impl.h"

#include <wasmpolicy/common.h>

#define STOP 1

static int
halt(int rc)
{
    return rc ? rc : STOP;
}

enum po_kind { PO_TOGGLE, PO_OPTION, PO_LIST };
enum po_act { PA_NONE, PA_HELP, PA_VERSION, PA_DIR, PA_ENV, PA_KEEP };

static const struct po_opt {
    const char *name;
    unsigned char kind, act;
    unsigned char top_only;
} opts[] = {
    { "h", PO_TOGGLE, PA_HELP, 0 },
    { "help", PO_TOGGLE, PA_HELP, 0 },
    { "v", PO_TOGGLE, PA_VERSION, 1 },
    { "version", PO_TOGGLE, PA_VERSION, 1 },
    { "dir", PO_LIST, PA_DIR, 0 },
    { "env", PO_LIST, PA_ENV, 0 },
    { "reactor", PO_TOGGLE, PA_KEEP, 0 },
    { "module", PO_LIST, PA_KEEP, 0 },
    { "memory-page-limit", PO_LIST, PA_KEEP, 0 },
    { "gas-limit", PO_LIST, PA_KEEP, 0 },
    { "time-limit", PO_OPTION, PA_KEEP, 0 },
    { "log-level", PO_OPTION, PA_KEEP, 0 },
    { "stats-format", PO_OPTION, PA_KEEP, 0 },
    { "run-mode", PO_OPTION, PA_KEEP, 0 },
    { "forbidden-plugin", PO_LIST, PA_KEEP, 0 },
    { "allow-af-unix", PO_TOGGLE, PA_KEEP, 0 },
    { "allow-command", PO_LIST, PA_KEEP, 0 },
    { "allow-command-all", PO_TOGGLE, PA_KEEP, 0 },
    { "nn-preload", PO_LIST, PA_KEEP, 0 },
    { "nn-rpc-uri", PO_OPTION, PA_KEEP, 0 },
    { "enable-component", PO_TOGGLE, PA_NONE, 0 },
    { "enable-instruction-count", PO_TOGGLE, PA_NONE, 0 },
    { "enable-gas-measuring", PO_TOGGLE, PA_NONE, 0 },
    { "enable-time-measuring", PO_TOGGLE, PA_NONE, 0 },
    { "enable-all-statistics", PO_TOGGLE, PA_NONE, 0 },
    { "enable-jit", PO_TOGGLE, PA_NONE, 0 },
    { "enable-coredump", PO_TOGGLE, PA_NONE, 0 },
    { "coredump-on-trap", PO_TOGGLE, PA_NONE, 0 },
    { "coredump-for-wasmgdb", PO_TOGGLE, PA_NONE, 0 },
    { "force-interpreter", PO_TOGGLE, PA_NONE, 0 },
    { "wasm-1", PO_TOGGLE, PA_NONE, 0 },
    { "wasm-2", PO_TOGGLE, PA_NONE, 0 },
    { "wasm-3", PO_TOGGLE, PA_NONE, 0 },
    { "disable-import-export-mut-globals", PO_TOGGLE, PA_NONE, 0 },
    { "disable-non-trap-float-to-int", PO_TOGGLE, PA_NONE, 0 },
    { "disable-sign-extension-operators", PO_TOGGLE, PA_NONE, 0 },
    { "disable-multi-value", PO_TOGGLE, PA_NONE, 0 },
    { "disable-bulk-memory", PO_TOGGLE, PA_NONE, 0 },
    { "disable-reference-types", PO_TOGGLE, PA_NONE, 0 },
    { "disable-simd", PO_TOGGLE, PA_NONE, 0 },
    { "disable-tail-call", PO_TOGGLE, PA_NONE, 0 },
    { "disable-extended-const", PO_TOGGLE, PA_NONE, 0 },
    { "disable-function-reference", PO_TOGGLE, PA_NONE, 0 },
    { "disable-gc", PO_TOGGLE, PA_NONE, 0 },
    { "disable-multi-memory", PO_TOGGLE, PA_NONE, 0 },
    { "disable-relaxed-simd", PO_TOGGLE, PA_NONE, 0 },
    { "disable-exception-handling", PO_TOGGLE, PA_NONE, 0 },
    { "disable-memory64", PO_TOGGLE, PA_NONE, 0 },
    { "enable-threads", PO_TOGGLE, PA_NONE, 0 },
    { "enable-all", PO_TOGGLE, PA_NONE, 0 },
    { "enable-tail-call", PO_TOGGLE, PA_NONE, 0 },
    { "enable-extended-const", PO_TOGGLE, PA_NONE, 0 },
    { "enable-function-reference", PO_TOGGLE, PA_NONE, 0 },
    { "enable-gc", PO_TOGGLE, PA_NONE, 0 },
    { "enable-multi-memory", PO_TOGGLE, PA_NONE, 0 },
    { "enable-relaxed-simd", PO_TOGGLE, PA_NONE, 0 },
    { "enable-exception-handling", PO_TOGGLE, PA_NONE, 0 },
    { "enable-simd", PO_TOGGLE, PA_NONE, 0 },
    { "enable-bulk-memory", PO_TOGGLE, PA_NONE, 0 },
    { "enable-reference-types", PO_TOGGLE, PA_NONE, 0 },
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static const char *const subcommands[] = {
    "compile", "run", "parse", "instantiate", "validate", "plugins",
};

#define CUR_NONE (-1)
#define CUR_ARGS (-2) /* the guest's ARG... list */

/* One SubCommandDescriptor being parsed: the top level, or `run`. */
struct po {
    struct wp__argv_run *r;
    int top;
    size_t nargs[NOPTS];        /* values taken, per option, this descriptor */
    unsigned char reset[NOPTS]; /* an Option's default was applied ... */
    uint32_t reset_at[NOPTS];   /* ... when it was left without a value here */
    int cur;                    /* option (index) or list taking values */
    uint32_t cur_at;            /* where p->cur was named */
    int escaped, first_operand, help, version;
    uint32_t help_at, version_at;
};

static int
lookup(const struct po *p, const char *s, size_t n)
{
    for (size_t i = 0; i < NOPTS; i++)
        if ((p->top || !opts[i].top_only) && wp__argv_eq(s, n, opts[i].name))
            return (int)i;
    return -1;
}

/* --dir GUEST:HOST[:MODE], guest first; an empty guest is "/". */
static int
dir(struct wp__argv_run *r, uint32_t arg, size_t off, const char *s, size_t n)
{
    size_t c1 = wp__argv_find(s, n, ':'), c2;
    const char *guest = s;
    size_t glen = c1;
    int writable;

    if (c1 == n)
        return wp__argv_add_dir(r, s, n, s, n, 1, wp__argv_ref_at(arg, off, n));
    c2 = c1 + 1 + wp__argv_find(s + c1 + 1, n - c1 - 1, ':');
    writable = !(c2 < n && wp__argv_eq(s + c2 + 1, n - c2 - 1, "readonly"));
    if (glen == 0) {
        guest = "/";
        glen = 1;
    }
    return wp__argv_add_dir(r, s + c1 + 1, c2 - c1 - 1, guest, glen, writable,
                            wp__argv_ref_at(arg, off, n));
}

static int
env(struct wp__argv_run *r, uint32_t arg, size_t off, const char *s, size_t n)
{
    size_t eq = wp__argv_find(s, n, '=');
    struct wp__argv_ref at = wp__argv_ref_at(arg, off, n);

    if (eq == n && wp__argv_note(r, at,
                                 "WasmEdge passes --env NAME to the guest as it is: it does not "
                                 "copy the launcher's value"))
        return WP_ENOMEM;
    return wp__argv_add_env(r, s, eq, eq < n ? s + eq + 1 : "", eq < n ? n - eq - 1 : 0, 1, at);
}

/* consume_argument: option @o takes [off, off + n) of argument @arg. */
static int
take(struct po *p, int o, uint32_t arg, size_t off, size_t n)
{
    struct wp__argv_run *r = p->r;
    const char *s = wp__argv_s(r, arg) + off;

    p->nargs[o]++;
    switch (opts[o].act) {
    case PA_DIR:
        return dir(r, arg, off, s, n);
    case PA_ENV:
        return env(r, arg, off, s, n);
    case PA_KEEP:
        return wp__argv_add_opt(r, 0, opts[o].name, strlen(opts[o].name), s, n,
                                wp__argv_ref_at(arg, off, n));
    default:
        return 0;
    }
}

/* default_value() of an option that is left without a value. */
static void
pending_default(struct po *p)
{
    if (p->cur >= 0 && p->nargs[p->cur] == 0 && opts[p->cur].kind == PO_OPTION) {
        p->reset[p->cur] = 1;
        p->reset_at[p->cur] = p->cur_at;
    }
}

/* An option name: toggles act now, value-taking ones become p->cur. */
static int
option(struct po *p, int o, uint32_t arg, size_t off, size_t n)
{
    struct wp__argv_run *r = p->r;

    if (opts[o].kind != PO_TOGGLE) {
        p->cur = o;
        p->cur_at = arg;
        return 0;
    }
    p->cur = CUR_NONE;
    if (opts[o].act == PA_HELP && !p->help) {
        p->help = 1;
        p->help_at = arg;
    } else if (opts[o].act == PA_VERSION && !p->version) {
        p->version = 1;
        p->version_at = arg;
    } else if (opts[o].act == PA_KEEP) {
        return wp__argv_add_opt(r, 0, opts[o].name, strlen(opts[o].name), "", 0,
                                wp__argv_ref_at(arg, off, n));
    }
    return 0;
}

static int
unknown(struct po *p, struct wp__argv_ref at)
{
    return halt(wp__argv_refuse(p->r, at, "unknown option: WasmEdge refuses to start"));
}

static int
long_option(struct po *p, uint32_t i)
{
    const char *s = wp__argv_s(p->r, i);
    uint32_t n = wp__argv_len(p->r, i);
    size_t eq = 2 + wp__argv_find(s + 2, n - 2, '=');
    int o = lookup(p, s + 2, eq - 2);

    pending_default(p);
    if (o < 0)
        return unknown(p, wp__argv_ref_arg(p->r, i));
    if (eq == n)
        return option(p, o, i, 0, n);
    if (opts[o].kind == PO_TOGGLE)
        return halt(wp__argv_refuse(p->r, wp__argv_ref_arg(p->r, i),
                                    "--%s takes no value: WasmEdge refuses to start",
                                    opts[o].name));
    p->cur = CUR_NONE;
    return take(p, o, i, eq + 1, n - eq - 1);
}

static int
short_options(struct po *p, uint32_t i)
{
    const char *s = wp__argv_s(p->r, i);
    uint32_t n = wp__argv_len(p->r, i);
    int rc;

    pending_default(p);
    p->cur = CUR_NONE;
    for (size_t k = 1; k < n; k++) {
        int o = lookup(p, s + k, 1);

        pending_default(p);
        if (o < 0)
            return unknown(p, wp__argv_ref_at(i, k, 1));
        if ((rc = option(p, o, i, k, 1)))
            return rc;
    }
    return 0;
}

/* A free operand: the first may be a subcommand, then program, then guest. */
static int
operand(struct po *p, uint32_t i, int *subcommand)
{
    struct wp__argv_run *r = p->r;
    const char *s = wp__argv_s(r, i);
    uint32_t n = wp__argv_len(r, i);

    *subcommand = 0;
    if (p->first_operand) {
        p->first_operand = 0;
        for (size_t k = 0; p->top && k < sizeof(subcommands) / sizeof(subcommands[0]); k++)
            if (wp__argv_eq(s, n, subcommands[k])) {
                r->out->subcommand = subcommands[k];
                *subcommand = 1;
                if (k == 1)
                    return 0;
                return halt(wp__argv_note(r, wp__argv_ref_arg(r, i),
                                          "this WasmEdge subcommand runs no guest; not read "
                                          "further"));
            }
    }
    p->escaped = 1;
    if (p->cur >= 0) {
        /* An option still waiting after `--` takes the operand; a List
         * keeps taking every operand that follows. */
        int rc = take(p, p->cur, i, 0, n);

        if (opts[p->cur].kind == PO_OPTION)
            p->cur = CUR_NONE;
        return rc;
    }
    r->out->has_program = 1;
    r->out->program = wp__argv_ref_arg(r, i);
    return STOP; /* the rest is the guest's */
}

/* The end-of-descriptor checks: help, version, values still missing. */
static int
finish(struct po *p)
{
    struct wp__argv_run *r = p->r;

    if (p->cur >= 0 && p->nargs[p->cur] == 0)
        pending_default(p);
    if (p->version)
        return wp__argv_refuse(r, wp__argv_ref_arg(r, p->version_at),
                               "--version: WasmEdge prints its version and exits");
    if (p->help)
        return wp__argv_refuse(r, wp__argv_ref_arg(r, p->help_at),
                               "--help: WasmEdge prints its help and exits");
    for (size_t o = 0; o < NOPTS; o++)
        if (p->reset[o] && p->nargs[o] == 0)
            return wp__argv_refuse(r, wp__argv_ref_arg(r, p->reset_at[o]),
                                   "--%s was given no value: WasmEdge prints its help and "
                                   "refuses to start",
                                   opts[o].name);
    if (!r->out->has_program)
        return wp__argv_refuse(r, wp__argv_ref_arg(r, 0),
                               "no WebAssembly program given: WasmEdge prints its help and "
                               "refuses to start");
    return 0;
}

static void
descriptor(struct po *p, struct wp__argv_run *r, int top)
{
    memset(p, 0, sizeof(*p));
    p->r = r;
    p->top = top;
    p->cur = CUR_NONE;
    p->first_operand = 1;
}

int
wp__argv_wasmedge(struct wp__argv_run *r)
{
    struct po p;
    int rc = 0;

    descriptor(&p, r, 1);
    r->out->subcommand = "run";
    for (uint32_t i = 1; i < r->argc && !rc; i++) {
        const char *s = wp__argv_s(r, i);
        uint32_t n = wp__argv_len(r, i);
        int sub;

        if (!p.escaped && n >= 2 && s[0] == '-') {
            if (s[1] != '-')
                rc = short_options(&p, i);
            else if (n == 2)
                p.escaped = 1;
            else
                rc = long_option(&p, i);
        } else if (!p.escaped && p.cur >= 0) {
            rc = take(&p, p.cur, i, 0, n);
            p.cur = CUR_NONE;
        } else if (!(rc = operand(&p, i, &sub)) && sub) {
            /* `run`: a fresh descriptor; -v set before it still counts. */
            int version = p.version;
            uint32_t version_at = p.version_at;

            descriptor(&p, r, 0);
            p.version = version;
            p.version_at = version_at;
        }
    }
    if (rc == STOP && r->out->has_program && !r->out->refused)
        rc = 0; /* the program was found: the rest is the guest's */
    else if (rc)
        return rc < 0 ? rc : 0;
    return finish(&p);
}
