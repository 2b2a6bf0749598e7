/*
 * `spin up` command lines, read in the two stages spin uses: `spin up`
 * parses its own options and passes every other argument on to the trigger
 * process (`spin trigger http ...`), which parses those with its own table.
 * Both are clap 3 parsers.
 *
 * Upstream sources read for the flag tables and the rules:
 *   spinframework/spin:src/commands/up.rs - UpCommand: allow_hyphen_values,
 *     disable_help_flag; -h/--help, -f/--from, --from-file (alias --file),
 *     --from-registry (one group: one application source), --profile,
 *     -k/--insecure, -e/--env KEY=VALUE (parse_env_var needs the '='),
 *     --temp (alias --tmp), --cache-dir, --direct-mounts, --build,
 *     -c/--component-id; trigger_args: everything else, handed to the trigger
 *   spinframework/spin:crates/trigger/src/cli.rs - FactorsTriggerCommand:
 *     -L/--log-dir, --truncate-logs, --disable-cache, --cache,
 *     --disable-pooling, --follow, -q/--quiet (aliases --sh, --shush),
 *     --runtime-config-file, --experimental-wasm-feature, --state-dir, and the
 *     hidden --help-args-only, --launch-metadata-only, --resolve-extras-only,
 *     --resolve-extras-component-id; older releases: --follow-all and
 *     --allow-transient-write here
 *   spinframework/spin:crates/runtime-factors/src/lib.rs - TriggerAppArgs:
 *     --allow-transient-write, --key-value, --sqlite, --max-instance-memory
 *   spinframework/spin:crates/trigger-http/src/lib.rs - CliArgs: --listen
 *     (default 127.0.0.1:3000), --tls-cert, --tls-key
 *   clap-rs/clap v3.2 src/parser/parser.rs - the token rules below
 *
 * Rules (clap 3.2). `spin up` sets allow_hyphen_values on the command: an
 * unknown `--name` is not an error but an operand (so it goes to the
 * trigger), a short cluster with any letter `up` does not know (`-L`, but
 * also `-fspin.toml`) is likewise a plain value, and either becomes the value
 * of a pending option (`-e -x=1` sets "-x"). A pending option followed by a
 * flag `up` knows, or by `--`, is left without a value: an error. `--` ends
 * `up`'s options; everything after it goes to the trigger. The trigger's own
 * parse has no such leniency: unknown flags and operands are errors, and a
 * value may not start with '-'. In both, an option that takes one value may
 * not be repeated; list options may. The first error, or --help, ends
 * parsing and sets `refused`.
 *
 * Choices: the tables are the union of recent releases; values are not
 * checked beyond what capabilities need (--key-value's '=' is not checked).
 * A multi-trigger app filters trigger options per trigger; that is not
 * modelled. Without --from, spin up uses spin.toml found from the working
 * directory: has_program stays 0 and a note says so.
 */
#include <string.h>

#include "model/argv_impl.h"

#include <wasmpolicy/common.h>

#define STOP 1
#define FORWARD 2 /* an operand of `spin up`: the trigger's to parse */

static int
halt(int rc)
{
    return rc ? rc : STOP;
}

enum sp_act {
    SP_HELP,
    SP_SWITCH,
    SP_SOURCE,    /* up: the application: -f, --from-file, --from-registry */
    SP_ENV,       /* up: -e KEY=VALUE */
    SP_DIRECT,    /* up: --direct-mounts */
    SP_LISTEN,    /* trigger: --listen */
    SP_TRANSIENT, /* trigger: --allow-transient-write */
    SP_ONCE,      /* one value, kept as an opt */
    SP_MANY       /* repeatable value, kept as an opt */
};

struct sp_flag {
    const char *name;
    char shrt;
    unsigned char act;
    unsigned char id; /* clap argument: aliases share it */
};

static const struct sp_flag up_flags[] = {
    { "help", 'h', SP_HELP, 0 },
    { "from", 'f', SP_SOURCE, 1 },
    { "from-file", 0, SP_SOURCE, 2 },
    { "file", 0, SP_SOURCE, 2 },
    { "from-registry", 0, SP_SOURCE, 3 },
    { "profile", 0, SP_ONCE, 4 },
    { "insecure", 'k', SP_SWITCH, 5 },
    { "env", 'e', SP_ENV, 6 },
    { "temp", 0, SP_ONCE, 7 },
    { "tmp", 0, SP_ONCE, 7 },
    { "cache-dir", 0, SP_ONCE, 8 },
    { "direct-mounts", 0, SP_DIRECT, 9 },
    { "build", 0, SP_SWITCH, 10 },
    { "component-id", 'c', SP_MANY, 11 },
};

static const struct sp_flag trigger_flags[] = {
    { "log-dir", 'L', SP_ONCE, 0 },
    { "truncate-logs", 0, SP_SWITCH, 1 },
    { "disable-cache", 0, SP_SWITCH, 2 },
    { "cache", 0, SP_ONCE, 3 },
    { "disable-pooling", 0, SP_SWITCH, 4 },
    { "follow", 0, SP_MANY, 5 },
    { "follow-all", 0, SP_SWITCH, 6 },
    { "quiet", 'q', SP_SWITCH, 7 },
    { "sh", 0, SP_SWITCH, 7 },
    { "shush", 0, SP_SWITCH, 7 },
    { "runtime-config-file", 0, SP_ONCE, 8 },
    { "experimental-wasm-feature", 0, SP_MANY, 9 },
    { "state-dir", 0, SP_ONCE, 10 },
    { "listen", 0, SP_LISTEN, 11 },
    { "tls-cert", 0, SP_ONCE, 12 },
    { "tls-key", 0, SP_ONCE, 13 },
    { "allow-transient-write", 0, SP_TRANSIENT, 14 },
    { "key-value", 0, SP_MANY, 15 },
    { "sqlite", 0, SP_MANY, 16 },
    { "max-instance-memory", 0, SP_ONCE, 17 },
    { "help-args-only", 0, SP_SWITCH, 18 },
    { "launch-metadata-only", 0, SP_SWITCH, 19 },
    { "resolve-extras-only", 0, SP_SWITCH, 20 },
    { "resolve-extras-component-id", 0, SP_ONCE, 21 },
    { "help", 'h', SP_HELP, 22 },
};

#define MAX_IDS 32

static const char *const subcommands[] = {
    "add",      "build", "cloud", "deploy",  "deps",      "doctor",  "help",
    "login",    "maintenance", "new", "plugins", "registry", "templates",
    "trigger",  "watch",
};

/* One clap command being parsed: `spin up`, or the trigger it starts. */
struct cl {
    const struct sp_flag *flags;
    size_t nflags;
    int hyphen;                 /* allow_hyphen_values (spin up) */
    const char *what;           /* for messages */
    unsigned char seen[MAX_IDS];
    int pending;                /* flag waiting for its value, or -1 */
    struct wp__argv_ref pending_at;
    int trailing;
};

struct spin {
    struct wp__argv_run *r;
    struct cl up, trigger;
};

static int
lookup_long(const struct cl *c, const char *s, size_t n)
{
    for (size_t i = 0; i < c->nflags; i++)
        if (wp__argv_eq(s, n, c->flags[i].name))
            return (int)i;
    return -1;
}

static int
lookup_short(const struct cl *c, char ch)
{
    for (size_t i = 0; i < c->nflags; i++)
        if (c->flags[i].shrt && c->flags[i].shrt == ch)
            return (int)i;
    return -1;
}

/* The value of flag @f: bytes [off, off + n) of argument @arg. */
static int
apply(struct spin *sp, const struct cl *c, int f, uint32_t arg, size_t off, size_t n)
{
    struct wp__argv_run *r = sp->r;
    struct wp__argv *out = r->out;
    const char *s = wp__argv_s(r, arg) + off;
    const char *name = c->flags[f].name;
    struct wp__argv_ref at = wp__argv_ref_at(arg, off, n);
    size_t eq;

    switch (c->flags[f].act) {
    case SP_SOURCE:
        if (out->has_program)
            return halt(wp__argv_refuse(r, at,
                                        "more than one application source (--from, "
                                        "--from-file, --from-registry); spin up refuses to "
                                        "start"));
        out->has_program = 1;
        out->program = at;
        break;
    case SP_ENV:
        eq = wp__argv_find(s, n, '=');
        if (eq == n)
            return halt(wp__argv_refuse(r, at, "--env needs KEY=VALUE; spin up refuses to start"));
        return wp__argv_add_env(r, s, eq, s + eq + 1, n - eq - 1, 1, at);
    case SP_LISTEN:
        out->has_listen = 1;
        out->listen = at;
        break;
    default:
        break;
    }
    return wp__argv_add_opt(r, 0, name, strlen(name), s, n, at);
}

static int
occurrence(struct spin *sp, struct cl *c, int f, uint32_t arg, struct wp__argv_ref at,
           int attached, size_t voff, size_t vlen)
{
    struct wp__argv_run *r = sp->r;
    const struct sp_flag *fl = &c->flags[f];

    if (fl->act == SP_HELP)
        return halt(wp__argv_refuse(r, at, "--help: %s prints its help and exits", c->what));
    if (fl->act == SP_SWITCH || fl->act == SP_DIRECT || fl->act == SP_TRANSIENT) {
        if (attached)
            return halt(wp__argv_refuse(r, at, "--%s takes no value; %s refuses to start",
                                        fl->name, c->what));
        if (fl->act == SP_DIRECT)
            wp__argv_set(&r->out->direct_mounts, 1, at);
        if (fl->act == SP_TRANSIENT)
            wp__argv_set(&r->out->transient_write, 1, at);
        return 0;
    }
    if (fl->act != SP_ENV && fl->act != SP_MANY && c->seen[fl->id])
        return halt(wp__argv_refuse(r, at, "--%s given twice; %s refuses to start", fl->name,
                                    c->what));
    c->seen[fl->id] = 1;
    if (attached)
        return apply(sp, c, f, arg, voff, vlen);
    c->pending = f;
    c->pending_at = at;
    return 0;
}

static int missing(struct spin *sp, struct cl *c);
static int operand(struct spin *sp, struct cl *c, uint32_t i);

/* 1 when some letter of the cluster -abc is not a short option of @c. */
static int
foreign_letters(const struct cl *c, const char *s, size_t n)
{
    for (size_t k = 1; k < n; k++)
        if (lookup_short(c, s[k]) < 0)
            return 1;
    return 0;
}

static int
short_flags(struct spin *sp, struct cl *c, uint32_t i)
{
    const char *s = wp__argv_s(sp->r, i);
    uint32_t n = wp__argv_len(sp->r, i);
    int rc;

    if (c->pending >= 0)
        return missing(sp, c);
    for (size_t k = 1; k < n; k++) {
        int f = lookup_short(c, s[k]);
        struct wp__argv_ref at = wp__argv_ref_at(i, k, 1);
        size_t v = k + 1;

        if (f < 0)
            return halt(wp__argv_refuse(sp->r, at, "unknown short option; %s refuses to start",
                                        c->what));
        switch (c->flags[f].act) {
        case SP_HELP:
        case SP_SWITCH:
        case SP_DIRECT:
        case SP_TRANSIENT:
            if ((rc = occurrence(sp, c, f, i, at, 0, 0, 0)))
                return rc;
            continue;
        default:
            break;
        }
        if (v == n)
            return occurrence(sp, c, f, i, at, 0, 0, 0);
        if (s[v] == '=')
            v++;
        return occurrence(sp, c, f, i, at, 1, v, n - v);
    }
    return 0;
}

static int
token(struct spin *sp, struct cl *c, uint32_t i)
{
    const char *s = wp__argv_s(sp->r, i);
    uint32_t n = wp__argv_len(sp->r, i);
    int f;

    if (c->trailing)
        return operand(sp, c, i);
    if (n == 2 && s[0] == '-' && s[1] == '-') {
        if (c->pending >= 0)
            return missing(sp, c);
        c->trailing = 1;
        return 0;
    }
    if (n > 2 && s[0] == '-' && s[1] == '-') {
        size_t eq = 2 + wp__argv_find(s + 2, n - 2, '=');

        f = lookup_long(c, s + 2, eq - 2);
        if (f >= 0) {
            if (c->pending >= 0)
                return missing(sp, c);
            return occurrence(sp, c, f, i, wp__argv_ref_arg(sp->r, i), eq < n, eq + 1,
                              eq < n ? n - eq - 1 : 0);
        }
        if (!c->hyphen)
            return halt(wp__argv_refuse(sp->r, wp__argv_ref_arg(sp->r, i),
                                        "unknown option; %s refuses to start", c->what));
    } else if (n >= 2 && s[0] == '-' && !(c->hyphen && foreign_letters(c, s, n))) {
        return short_flags(sp, c, i);
    }
    /* A plain value, or a hyphen value `spin up` lets through. */
    if ((f = c->pending) >= 0) {
        c->pending = -1;
        return apply(sp, c, f, i, 0, n);
    }
    return operand(sp, c, i);
}

static int
missing(struct spin *sp, struct cl *c)
{
    int f = c->pending;

    c->pending = -1;
    return halt(wp__argv_refuse(sp->r, c->pending_at, "--%s needs a value; %s refuses to start",
                                c->flags[f].name, c->what));
}

/* `spin up` hands its operands to the trigger, which takes none itself. */
static int
operand(struct spin *sp, struct cl *c, uint32_t i)
{
    if (c == &sp->up)
        return FORWARD;
    return halt(wp__argv_refuse(sp->r, wp__argv_ref_arg(sp->r, i),
                                "the trigger takes no operands (use -f APP for the "
                                "application); spin up refuses to start"));
}

static void
command(struct cl *c, const struct sp_flag *flags, size_t n, int hyphen, const char *what)
{
    memset(c, 0, sizeof(*c));
    c->flags = flags;
    c->nflags = n;
    c->hyphen = hyphen;
    c->what = what;
    c->pending = -1;
}

static int
up(struct wp__argv_run *r)
{
    struct spin sp;
    int rc = 0;

    sp.r = r;
    command(&sp.up, up_flags, sizeof(up_flags) / sizeof(up_flags[0]), 1, "spin up");
    command(&sp.trigger, trigger_flags, sizeof(trigger_flags) / sizeof(trigger_flags[0]), 0,
            "the spin trigger");
    for (uint32_t i = 2; i < r->argc && !rc; i++)
        if ((rc = token(&sp, &sp.up, i)) == FORWARD)
            rc = token(&sp, &sp.trigger, i);
    if (!rc && sp.up.pending >= 0)
        rc = missing(&sp, &sp.up);
    if (!rc && sp.trigger.pending >= 0)
        rc = missing(&sp, &sp.trigger);
    if (rc < 0)
        return rc;
    if (!r->out->refused && !r->out->has_program)
        return wp__argv_note(r, wp__argv_ref_arg(r, 1),
                             "no --from: spin up runs the spin.toml it finds from its working "
                             "directory");
    return 0;
}

int
wp__argv_spin(struct wp__argv_run *r)
{
    const char *s = r->argc > 1 ? wp__argv_s(r, 1) : "";
    size_t n = r->argc > 1 ? wp__argv_len(r, 1) : 0;

    if (wp__argv_eq(s, n, "up")) {
        r->out->subcommand = "up";
        return up(r);
    }
    for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
        if (wp__argv_eq(s, n, subcommands[i])) {
            r->out->subcommand = subcommands[i];
            return wp__argv_note(r, wp__argv_ref_arg(r, 1),
                                 "only spin up command lines are read; this one is not");
        }
    if (r->argc < 2 || (n >= 1 && s[0] == '-'))
        return wp__argv_refuse(r, wp__argv_ref_arg(r, r->argc < 2 ? 0 : 1),
                               "spin without a subcommand prints help or its version and exits");
    return wp__argv_note(r, wp__argv_ref_arg(r, 1),
                         "a spin plugin or unknown subcommand; not read");
}
