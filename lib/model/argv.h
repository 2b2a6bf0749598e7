/*
 * Runtime command lines that grant capabilities: wasmtime, wasmedge and
 * spin argv as found in a container's command + args (formats.md §15).
 *
 * The parser reads flags exactly as the real CLI does (value-taking flags
 * consume their value, `--` ends options, the first operand is the program
 * and everything after it belongs to the guest), so a guest argument that
 * looks like `-S inherit-env` is never mistaken for a grant. It knows
 * nothing of Kubernetes: the model hands it strings and turns the argument
 * references it gets back into source positions.
 *
 * Every result points at the argument that decided it (for `-S a,b=c`, at
 * the byte range of `b=c` inside that argument), because findings must name
 * the occurrence that won: for wasmtime the last occurrence of a key wins.
 */
#ifndef WP_MODEL_ARGV_H
#define WP_MODEL_ARGV_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

enum wp__argv_runtime {
    WP__ARGV_NONE,       /* argv[0] is not a runtime we parse */
    WP__ARGV_WASMTIME,
    WP__ARGV_WASMEDGE,
    WP__ARGV_SPIN
};

/* One argument as the model sees it: its text (need not be NUL-terminated). */
struct wp__argv_in {
    const char *s;
    size_t len;
};

/* Where a result came from: argument @arg, bytes [off, off + len) of it. */
struct wp__argv_ref {
    uint32_t arg;
    uint32_t off, len;
};

/* A switch that may be unset (-1), off (0) or on (1). */
struct wp__argv_flag {
    int8_t value;
    struct wp__argv_ref at;     /* the deciding occurrence, if set */
};

struct wp__argv_env {
    const char *name;  size_t name_len;
    const char *value; size_t value_len;
    int has_value;              /* 0: wasmtime `--env NAME` copies the
                                 * launcher's value (WasmEdge passes a bare
                                 * NAME through as it is: has_value 1, value
                                 * "", with a note) */
    struct wp__argv_ref at;
};

struct wp__argv_dir {
    const char *host;  size_t host_len;
    const char *guest; size_t guest_len;
    int writable;               /* wasmtime --dir is always read-write;
                                 * WasmEdge unless GUEST:HOST:readonly */
    struct wp__argv_ref at;
};

/*
 * A key=value option kept as text: -W limits, -S values, --listen, ...
 * @group tells wasmtime's option groups apart ('O', 'C', 'D', 'W', 'S',
 * 'R': `threads` is both a -W and a -S key); it is 0 for a plain flag
 * whose value was kept, and @key is then the flag's long name without
 * dashes (a static string, e.g. "listen", "invoke", "allow-command").
 */
struct wp__argv_opt {
    char group;
    const char *key;   size_t key_len;
    const char *value; size_t value_len;  /* "" for a bare key */
    struct wp__argv_ref at;
};

/* Something a user should hear about: unknown flag, missing value, ... */
struct wp__argv_note {
    const char *message;        /* arena copy, NUL-terminated; never
                                 * quotes the input (the ref points at it) */
    struct wp__argv_ref at;
};

struct wp__argv {
    enum wp__argv_runtime runtime;
    const char *subcommand;     /* static: "run" (also when implied:
                                 * `wasmtime app.wasm`), "serve", "up",
                                 * "compile", ... or NULL */
    /*
     * The CLI would not run the guest: it rejects this command line
     * (unknown flag, missing value, bad -S boolean, ...) or only prints
     * its help or version. The notes say why. Everything the parser could
     * still read is filled in, as the CLI would have read it.
     */
    int refused;
    int has_program;
    struct wp__argv_ref program;        /* the .wasm / app reference:
                                         * a whole argument, or spin's
                                         * --from value */

    struct wp__argv_env *env;   size_t nenv;
    struct wp__argv_dir *dirs;  size_t ndirs;
    struct wp__argv_opt *opts;  size_t nopts;   /* every option-group key
                                                 * (-S, -W, ...) and kept
                                                 * flag value, in order;
                                                 * the last one wins */
    struct wp__argv_note *notes; size_t nnotes;

    /* Effective values after last-occurrence-wins. */
    struct wp__argv_flag inherit_env;        /* -S inherit-env */
    struct wp__argv_flag inherit_network;    /* -S inherit-network */
    struct wp__argv_flag ip_name_lookup;     /* -S allow-ip-name-lookup */
    struct wp__argv_flag tcp, udp, http;     /* -S tcp / udp / http; serve
                                              * forces http on, at its
                                              * subcommand argument */
    struct wp__argv_flag direct_mounts;      /* spin --direct-mounts */
    struct wp__argv_flag transient_write;    /* spin --allow-transient-write */
    int has_config_file;
    struct wp__argv_ref config_file;         /* wasmtime --config FILE */
    int has_listen;
    struct wp__argv_ref listen;              /* serve --addr / spin --listen */
};

/*
 * Hostile command lines are bounded: each of env, dirs and opts keeps at
 * most WP__ARGV_MAX_ITEMS entries and notes at most WP__ARGV_MAX_NOTES
 * (plus one saying how many were dropped); the effective flags above are
 * computed from every occurrence regardless. Arguments from the first one
 * longer than UINT32_MAX bytes, or past index UINT32_MAX - 1, are not
 * parsed (a note says so): references are 32-bit.
 */
#define WP__ARGV_MAX_ITEMS 65536u
#define WP__ARGV_MAX_NOTES 256u

/*
 * The runtime argv[0] names by its basename (after the last '/' or '\\'):
 * exactly "wasmtime", "wasmedge" or "spin", or one of those followed by
 * ".exe" compared without regard to ASCII case (Windows images).
 */
enum wp__argv_runtime wp__argv_runtime_of(const char *s, size_t len);

/*
 * Parse @argv (@argc items, argv[0] being the runtime). Arrays and notes
 * are allocated in @arena and live as long as it; strings point into the
 * inputs (or are static, like a WasmEdge guest path "/" for an empty
 * one). An argument's @s may be NULL only when its @len is 0. Returns 0,
 * or WP_ENOMEM (then @out is only fit to be discarded; releasing @arena
 * frees everything). A malformed command line is not an error: it is
 * parsed as far as the CLI would, with notes and @refused.
 */
int wp__argv_parse(const struct wp__argv_in *argv, size_t argc,
                   struct wp__arena *arena, struct wp__argv *out);

#endif
