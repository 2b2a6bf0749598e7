/*
 * Runtime argv (wasmtime, WasmEdge, spin): every spelling of rules.md §2.1,
 * the token rules of each CLI, exact references, hostile sizes and
 * allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../chaos.h"

#include "core/arena.h"
#include "core/context.h"
#include "model/argv.h"

static wp_context *ctx;
static struct wp__arena arena;
static struct wp__argv a;
static struct wp__argv_in in[64];
static size_t nin;

static void
parse_words(const char *const *w)
{
    for (nin = 0; w[nin]; nin++) {
        in[nin].s = w[nin];
        in[nin].len = strlen(w[nin]);
    }
    wp__arena_reset(&arena);
    assert_int_equal(wp__argv_parse(in, nin, &arena, &a), 0);
}

#define P(...) parse_words((const char *const[]){ __VA_ARGS__, NULL })

static void
ref_is(struct wp__argv_ref r, uint32_t arg, uint32_t off, uint32_t len)
{
    assert_int_equal(r.arg, arg);
    assert_int_equal(r.off, off);
    assert_int_equal(r.len, len);
}

static void
flag_is(struct wp__argv_flag f, int value, uint32_t arg, uint32_t off, uint32_t len)
{
    assert_int_equal(f.value, value);
    ref_is(f.at, arg, off, len);
}

static void
text_is(const char *s, size_t n, const char *want)
{
    assert_int_equal(n, strlen(want));
    assert_memory_equal(s, want, n);
}

static const struct wp__argv_opt *
opt(char group, const char *key)
{
    for (size_t i = 0; i < a.nopts; i++)
        if (a.opts[i].group == group && a.opts[i].key_len == strlen(key) &&
            !memcmp(a.opts[i].key, key, a.opts[i].key_len))
            return &a.opts[i];
    return NULL;
}

static void
accepted(void)
{
    if (a.refused)
        fail_msg("refused: %s", a.nnotes ? a.notes[0].message : "(no note)");
}

static void
refused(void)
{
    assert_true(a.refused);
    assert_true(a.nnotes > 0);
}

static void
test_runtime_of(void **state)
{
    static const char padded[] = "wasmtimeXYZ";

    (void)state;
    assert_int_equal(wp__argv_runtime_of("wasmtime", 8), WP__ARGV_WASMTIME);
    assert_int_equal(wp__argv_runtime_of("/usr/local/bin/wasmtime", 23), WP__ARGV_WASMTIME);
    assert_int_equal(wp__argv_runtime_of("./wasmedge", 10), WP__ARGV_WASMEDGE);
    assert_int_equal(wp__argv_runtime_of("/usr/bin/spin", 13), WP__ARGV_SPIN);
    assert_int_equal(wp__argv_runtime_of("wasmtime.exe", 12), WP__ARGV_WASMTIME);
    assert_int_equal(wp__argv_runtime_of("C:\\tools\\WasmEdge.EXE", 21), WP__ARGV_WASMEDGE);
    assert_int_equal(wp__argv_runtime_of(padded, 8), WP__ARGV_WASMTIME); /* no NUL needed */
    assert_int_equal(wp__argv_runtime_of("Wasmtime", 8), WP__ARGV_NONE);
    assert_int_equal(wp__argv_runtime_of("wasmtime-cli", 12), WP__ARGV_NONE);
    assert_int_equal(wp__argv_runtime_of("wasmtime/", 9), WP__ARGV_NONE);
    assert_int_equal(wp__argv_runtime_of(".exe", 4), WP__ARGV_NONE);
    assert_int_equal(wp__argv_runtime_of("", 0), WP__ARGV_NONE);
    assert_int_equal(wp__argv_runtime_of(NULL, 0), WP__ARGV_NONE);
}

static void
test_not_a_runtime(void **state)
{
    (void)state;
    P("/bin/sh", "-c", "wasmtime -S inherit-env app.wasm");
    assert_int_equal(a.runtime, WP__ARGV_NONE);
    assert_int_equal(a.inherit_env.value, -1);
    assert_int_equal(a.nnotes, 0);
    assert_int_equal(wp__argv_parse(NULL, 0, &arena, &a), 0);
    assert_int_equal(a.runtime, WP__ARGV_NONE);
}

/* rules.md §2.1: every spelling that turns inherit-env on. */
static void
test_inherit_env_spellings(void **state)
{
    (void)state;
    P("wasmtime", "-S", "inherit-env", "app.wasm");
    accepted();
    assert_int_equal(a.runtime, WP__ARGV_WASMTIME);
    assert_string_equal(a.subcommand, "run");
    flag_is(a.inherit_env, 1, 2, 0, 11);
    ref_is(a.program, 3, 0, 8);

    P("wasmtime", "-S", "inherit-env=y", "app.wasm");
    flag_is(a.inherit_env, 1, 2, 0, 13);
    P("wasmtime", "-S", "inherit-env=yes", "app.wasm");
    flag_is(a.inherit_env, 1, 2, 0, 15);
    P("wasmtime", "-S", "inherit-env=true", "app.wasm");
    flag_is(a.inherit_env, 1, 2, 0, 16);
    P("wasmtime", "-Sinherit-env", "app.wasm");
    flag_is(a.inherit_env, 1, 1, 2, 11);
    P("wasmtime", "-S=inherit-env", "app.wasm");
    flag_is(a.inherit_env, 1, 1, 3, 11);
    P("wasmtime", "--wasi", "inherit-env", "app.wasm");
    flag_is(a.inherit_env, 1, 2, 0, 11);
    P("wasmtime", "--wasi=inherit-env", "app.wasm");
    flag_is(a.inherit_env, 1, 1, 7, 11);

    P("wasmtime", "run", "-S", "cli,inherit-env", "app.wasm");
    accepted();
    flag_is(a.inherit_env, 1, 3, 4, 11);
    assert_non_null(opt('S', "cli"));
    ref_is(opt('S', "cli")->at, 3, 0, 3);
    text_is(opt('S', "inherit-env")->value, opt('S', "inherit-env")->value_len, "");

    P("wasmtime", "-S", "tcp=n,inherit-env=yes,udp", "app.wasm");
    flag_is(a.inherit_env, 1, 2, 6, 15);
    flag_is(a.tcp, 0, 2, 0, 5);
    flag_is(a.udp, 1, 2, 22, 3);
    text_is(opt('S', "inherit-env")->value, opt('S', "inherit-env")->value_len, "yes");
}

static void
test_inherit_env_last_wins(void **state)
{
    (void)state;
    P("wasmtime", "-S", "inherit-env", "-S", "inherit-env=n", "app.wasm");
    accepted();
    flag_is(a.inherit_env, 0, 4, 0, 13);

    P("wasmtime", "-S", "inherit-env=no", "--wasi=cli,inherit-env", "app.wasm");
    flag_is(a.inherit_env, 1, 3, 11, 11);

    P("wasmtime", "-S", "inherit-env,inherit-env=false", "app.wasm");
    flag_is(a.inherit_env, 0, 2, 12, 17);
    assert_int_equal(a.nopts, 2); /* both occurrences, in order */
}

/* Spellings wasmtime refuses: nothing they contain takes effect. */
static void
test_inherit_env_refused(void **state)
{
    (void)state;
    /* opt.rs compares keys with the field name spelt with '-' only. */
    P("wasmtime", "-S", "inherit_env", "app.wasm");
    refused();
    assert_int_equal(a.inherit_env.value, -1);
    ref_is(a.notes[0].at, 2, 0, 11);

    P("wasmtime", "-S", "inherit-env=maybe", "app.wasm");
    refused();
    assert_int_equal(a.inherit_env.value, -1);

    /* The whole value is rejected before any of its keys applies. */
    P("wasmtime", "-S", "inherit-env,bogus", "app.wasm");
    refused();
    assert_int_equal(a.inherit_env.value, -1);
    ref_is(a.notes[0].at, 2, 12, 5);
    assert_int_equal(a.nopts, 0);

    P("wasmtime", "-S", "cli,", "app.wasm");
    refused();
    ref_is(a.notes[0].at, 2, 4, 0);

    P("wasmtime", "-S", "max-resources", "app.wasm");
    refused();

    P("wasmtime", "-S", "help");
    refused();
    assert_int_equal(a.has_program, 0);
}

static void
test_wasi_switches(void **state)
{
    (void)state;
    P("wasmtime", "-S", "inherit-network", "-S", "allow-ip-name-lookup=y,tcp,http",
      "-Smax-resources=10", "app.wasm");
    accepted();
    flag_is(a.inherit_network, 1, 2, 0, 15);
    flag_is(a.ip_name_lookup, 1, 4, 0, 22);
    flag_is(a.tcp, 1, 4, 23, 3);
    flag_is(a.http, 1, 4, 27, 4);
    assert_int_equal(a.udp.value, -1);
    text_is(opt('S', "max-resources")->value, 2, "10");
    ref_is(opt('S', "max-resources")->at, 5, 2, 16);

    /* -W keys are kept apart from -S keys: `threads` exists in both. */
    P("wasmtime", "-W", "fuel=10,threads", "-O", "opt-level=2", "--wasm=max-memory-size=65536",
      "app.wasm");
    accepted();
    assert_non_null(opt('W', "threads"));
    assert_null(opt('S', "threads"));
    text_is(opt('W', "fuel")->value, 2, "10");
    text_is(opt('W', "max-memory-size")->value, 5, "65536");
    ref_is(opt('W', "max-memory-size")->at, 5, 7, 21);
    assert_non_null(opt('O', "opt-level"));
}

static void
test_wasmtime_env_dir(void **state)
{
    (void)state;
    P("wasmtime", "--env", "FOO", "--env=BAR", "--env", "K=v=w", "--env=E=", "app.wasm");
    accepted();
    assert_int_equal(a.nenv, 4);
    text_is(a.env[0].name, a.env[0].name_len, "FOO");
    assert_int_equal(a.env[0].has_value, 0);
    ref_is(a.env[0].at, 2, 0, 3);
    text_is(a.env[1].name, a.env[1].name_len, "BAR");
    ref_is(a.env[1].at, 3, 6, 3);
    text_is(a.env[2].name, a.env[2].name_len, "K");
    text_is(a.env[2].value, a.env[2].value_len, "v=w");
    assert_int_equal(a.env[2].has_value, 1);
    assert_int_equal(a.env[3].has_value, 1);
    assert_int_equal(a.env[3].value_len, 0);

    P("wasmtime", "--dir", "/srv::/data", "--dir=/tmp", "--dir", "a::b::c", "app.wasm");
    accepted();
    assert_int_equal(a.ndirs, 3);
    text_is(a.dirs[0].host, a.dirs[0].host_len, "/srv");
    text_is(a.dirs[0].guest, a.dirs[0].guest_len, "/data");
    assert_int_equal(a.dirs[0].writable, 1);
    ref_is(a.dirs[0].at, 2, 0, 11);
    text_is(a.dirs[1].host, a.dirs[1].host_len, "/tmp");
    text_is(a.dirs[1].guest, a.dirs[1].guest_len, "/tmp");
    ref_is(a.dirs[1].at, 3, 6, 4);
    text_is(a.dirs[2].host, a.dirs[2].host_len, "a");
    text_is(a.dirs[2].guest, a.dirs[2].guest_len, "b");

    P("wasmtime", "--config", "cfg.toml", "--invoke", "main", "--preload", "m=a.wasm",
      "--argv0=x", "app.wasm");
    accepted();
    assert_int_equal(a.has_config_file, 1);
    ref_is(a.config_file, 2, 0, 8);
    text_is(opt(0, "invoke")->value, 4, "main");
    ref_is(opt(0, "argv0")->at, 7, 8, 1);
}

/* Everything after the program belongs to the guest. */
static void
test_wasmtime_guest_args(void **state)
{
    (void)state;
    P("wasmtime", "app.wasm", "-S", "inherit-env", "--env", "FOO", "--dir", "/", "--", "-Sx");
    accepted();
    ref_is(a.program, 1, 0, 8);
    assert_int_equal(a.inherit_env.value, -1);
    assert_int_equal(a.nenv + a.ndirs + a.nopts, 0);

    P("wasmtime", "run", "--dir", ".", "app.wasm", "--invoke", "-S", "inherit-env");
    accepted();
    assert_string_equal(a.subcommand, "run");
    ref_is(a.program, 4, 0, 8);
    assert_int_equal(a.inherit_env.value, -1);
    assert_null(opt(0, "invoke"));

    /* `--` ends the options: the next operand is the program. */
    P("wasmtime", "run", "-S", "cli", "--", "-S", "inherit-env");
    accepted();
    ref_is(a.program, 5, 0, 2);
    assert_int_equal(a.inherit_env.value, -1);

    P("wasmtime", "--", "app.wasm", "--dir", "/");
    ref_is(a.program, 2, 0, 8);
    assert_int_equal(a.ndirs, 0);

    /* `-` is an operand (stdin), not a flag. */
    P("wasmtime", "-", "-S", "inherit-env");
    ref_is(a.program, 1, 0, 1);
    assert_int_equal(a.inherit_env.value, -1);
}

/* A value-taking flag and a value that looks like a flag. */
static void
test_wasmtime_flag_like_values(void **state)
{
    (void)state;
    /* clap 4 does not take `-S` as --env's value: wasmtime refuses. */
    P("wasmtime", "--env", "-S", "inherit-env", "app.wasm");
    refused();
    assert_int_equal(a.nenv, 0);
    assert_int_equal(a.inherit_env.value, -1);
    ref_is(a.notes[0].at, 1, 0, 5);

    P("wasmtime", "--dir", "--", "app.wasm");
    refused();
    assert_int_equal(a.ndirs, 0);

    /* Attached, such a value is taken; so is "-" on its own. */
    P("wasmtime", "--env=-S", "--invoke=--x", "-S=-", "app.wasm");
    refused(); /* "-" is no -S key */
    P("wasmtime", "--env=-S", "--invoke=--x", "--dir", "-", "app.wasm");
    accepted();
    text_is(a.env[0].name, a.env[0].name_len, "-S");
    text_is(opt(0, "invoke")->value, 3, "--x");
    text_is(a.dirs[0].host, a.dirs[0].host_len, "-");
    ref_is(a.program, 5, 0, 8);

    /* A flag left without its value at the end. */
    P("wasmtime", "app.wasm");
    accepted();
    P("wasmtime", "-S");
    refused();
    ref_is(a.notes[0].at, 1, 1, 1);
}

static void
test_wasmtime_subcommands(void **state)
{
    (void)state;
    P("wasmtime", "compile", "-S", "inherit-env", "app.wasm");
    accepted();
    assert_string_equal(a.subcommand, "compile");
    assert_int_equal(a.has_program, 0);
    assert_int_equal(a.inherit_env.value, -1);

    /* Only argv[1] can name a subcommand; after a flag, `serve` is the
     * program of an implied `run`. */
    P("wasmtime", "-S", "cli", "serve", "app.wasm");
    accepted();
    assert_string_equal(a.subcommand, "run");
    ref_is(a.program, 3, 0, 5);
    assert_int_equal(a.http.value, -1);

    P("wasmtime");
    refused();
    P("wasmtime", "run");
    refused();
    ref_is(a.notes[0].at, 1, 0, 3);
    P("wasmtime", "help", "run");
    refused();
    assert_string_equal(a.subcommand, "help");
}

static void
test_wasmtime_serve(void **state)
{
    (void)state;
    P("wasmtime", "serve", "--addr", "0.0.0.0:8081", "-S", "cli", "comp.wasm");
    accepted();
    assert_string_equal(a.subcommand, "serve");
    flag_is(a.http, 1, 1, 0, 5);
    assert_int_equal(a.has_listen, 1);
    ref_is(a.listen, 3, 0, 12);
    ref_is(a.program, 6, 0, 9);

    /* serve has no trailing guest args: flags may follow the component. */
    P("wasmtime", "serve", "comp.wasm", "--addr=127.0.0.1:80", "-S", "inherit-env");
    accepted();
    ref_is(a.listen, 3, 7, 12);
    flag_is(a.inherit_env, 1, 5, 0, 11);

    P("wasmtime", "serve", "-S", "http", "comp.wasm");
    flag_is(a.http, 1, 1, 0, 5);
    P("wasmtime", "serve", "-S", "http=n", "comp.wasm");
    refused();
    flag_is(a.http, 1, 1, 0, 5);
    ref_is(a.notes[0].at, 3, 0, 6);

    P("wasmtime", "serve", "a.wasm", "b.wasm");
    refused();
    P("wasmtime", "serve", "--invoke", "x", "a.wasm"); /* a run-only flag */
    refused();
    P("wasmtime", "serve", "--addr", "1:1", "--addr", "2:2", "a.wasm");
    refused();
}

static void
test_wasmtime_rejections(void **state)
{
    (void)state;
    P("wasmtime", "--frobnicate", "app.wasm");
    refused();
    ref_is(a.notes[0].at, 1, 0, 12);
    assert_int_equal(a.has_program, 0);

    P("wasmtime", "-S", "inherit-env", "-X", "app.wasm");
    refused();
    flag_is(a.inherit_env, 1, 2, 0, 11); /* read before the error */
    ref_is(a.notes[0].at, 3, 1, 1);

    P("wasmtime", "--config", "a", "--config", "b", "app.wasm");
    refused();
    P("wasmtime", "--allow-precompiled=yes", "app.wasm");
    refused();
    P("wasmtime", "--allow-precompiled", "app.wasm");
    accepted();
    P("wasmtime", "-h", "app.wasm");
    refused();
    P("wasmtime", "-V");
    refused();
    P("wasmtime", "run", "-V", "app.wasm"); /* --version is top-level only */
    refused();
    P("wasmtime", "--env", "\xff\xfe", "app.wasm");
    refused();
    P("wasmtime", "--config", "\xff", "app.wasm"); /* a path: any bytes */
    accepted();
}

static void
test_wasmedge(void **state)
{
    (void)state;
    /* GUEST:HOST, guest first. */
    P("wasmedge", "--dir", "/guest:/host", "--dir=/data", "--dir", ".:/srv:readonly", "--dir",
      ":/h", "app.wasm", "arg");
    accepted();
    assert_int_equal(a.runtime, WP__ARGV_WASMEDGE);
    assert_string_equal(a.subcommand, "run");
    assert_int_equal(a.ndirs, 4);
    text_is(a.dirs[0].guest, a.dirs[0].guest_len, "/guest");
    text_is(a.dirs[0].host, a.dirs[0].host_len, "/host");
    assert_int_equal(a.dirs[0].writable, 1);
    ref_is(a.dirs[0].at, 2, 0, 12);
    text_is(a.dirs[1].guest, a.dirs[1].guest_len, "/data");
    text_is(a.dirs[1].host, a.dirs[1].host_len, "/data");
    ref_is(a.dirs[1].at, 3, 6, 5);
    text_is(a.dirs[2].guest, a.dirs[2].guest_len, ".");
    text_is(a.dirs[2].host, a.dirs[2].host_len, "/srv");
    assert_int_equal(a.dirs[2].writable, 0);
    text_is(a.dirs[3].guest, a.dirs[3].guest_len, "/");
    text_is(a.dirs[3].host, a.dirs[3].host_len, "/h");
    ref_is(a.program, 8, 0, 8);

    P("wasmedge", "--env", "FOO=bar", "--env=A=", "--env", "BARE", "app.wasm");
    accepted();
    assert_int_equal(a.nenv, 3);
    text_is(a.env[0].name, a.env[0].name_len, "FOO");
    text_is(a.env[0].value, a.env[0].value_len, "bar");
    ref_is(a.env[1].at, 3, 6, 2);
    text_is(a.env[2].name, a.env[2].name_len, "BARE");
    assert_int_equal(a.env[2].has_value, 1);
    assert_int_equal(a.nnotes, 1); /* BARE is passed as it is */
    ref_is(a.notes[0].at, 5, 0, 4);

    /* Options before and after `run` land in the same set. */
    P("wasmedge", "--env", "A=1", "run", "--env", "B=2", "app.wasm", "--env", "C=3");
    accepted();
    assert_string_equal(a.subcommand, "run");
    assert_int_equal(a.nenv, 2);
    ref_is(a.program, 6, 0, 8);

    P("wasmedge", "compile", "in.wasm", "out.so");
    accepted();
    assert_string_equal(a.subcommand, "compile");
    assert_int_equal(a.has_program, 0);

    P("wasmedge", "--allow-command-all", "--reactor", "app.wasm", "fn");
    accepted();
    assert_non_null(opt(0, "allow-command-all"));
    assert_non_null(opt(0, "reactor"));
}

static void
test_wasmedge_token_rules(void **state)
{
    (void)state;
    /* A value cannot start with '-': `-x` is read as options and refused. */
    P("wasmedge", "--env", "-x", "app.wasm");
    refused();
    ref_is(a.notes[0].at, 2, 1, 1);
    /* A value left pending when the next option comes is dropped. */
    P("wasmedge", "--dir", "--env", "A=1", "app.wasm");
    accepted();
    assert_int_equal(a.ndirs, 0);
    assert_int_equal(a.nenv, 1);
    /* ... but an Option with a default is then refused. */
    P("wasmedge", "--time-limit", "--env", "A=1", "app.wasm");
    refused();
    ref_is(a.notes[0].at, 1, 0, 12);
    /* After `--`, a waiting List keeps every operand: no program. */
    P("wasmedge", "--dir", "--", "a", "b");
    refused();
    assert_int_equal(a.ndirs, 2);
    assert_int_equal(a.has_program, 0);
    P("wasmedge", "--", "app.wasm", "--dir", "x");
    accepted();
    ref_is(a.program, 2, 0, 8);
    assert_int_equal(a.ndirs, 0);
    P("wasmedge", "--dir", "-", "app.wasm");
    accepted();
    text_is(a.dirs[0].host, a.dirs[0].host_len, "-");
    P("wasmedge", "--reactor=1", "app.wasm");
    refused();
    P("wasmedge", "--bogus", "app.wasm");
    refused();
    P("wasmedge", "-v");
    refused();
    P("wasmedge", "run", "-v", "app.wasm"); /* -v is top-level only */
    refused();
    P("wasmedge", "-h", "app.wasm");
    refused();
    P("wasmedge");
    refused();
}

static void
test_spin_up(void **state)
{
    (void)state;
    P("spin", "up", "-f", "app.wasm", "--listen", "0.0.0.0:80", "-e", "A=B", "--direct-mounts",
      "--allow-transient-write", "--runtime-config-file", "rc.toml", "--component-id", "c1");
    accepted();
    assert_int_equal(a.runtime, WP__ARGV_SPIN);
    assert_string_equal(a.subcommand, "up");
    ref_is(a.program, 3, 0, 8);
    assert_int_equal(a.has_listen, 1);
    ref_is(a.listen, 5, 0, 10);
    assert_int_equal(a.nenv, 1);
    text_is(a.env[0].name, a.env[0].name_len, "A");
    text_is(a.env[0].value, a.env[0].value_len, "B");
    ref_is(a.env[0].at, 7, 0, 3);
    flag_is(a.direct_mounts, 1, 8, 0, 15);
    flag_is(a.transient_write, 1, 9, 0, 23);
    text_is(opt(0, "runtime-config-file")->value, 7, "rc.toml");
    text_is(opt(0, "component-id")->value, 2, "c1");

    P("spin", "up", "--listen=127.0.0.1:3001", "--from=ghcr.io/x/y:1", "--env=K=V");
    accepted();
    ref_is(a.listen, 2, 9, 14);
    ref_is(a.program, 3, 7, 13);
    ref_is(a.env[0].at, 4, 6, 3);

    /* `--` ends spin up's options: the rest goes to the trigger. */
    P("spin", "up", "--", "--listen", "1.2.3.4:5");
    accepted();
    ref_is(a.listen, 4, 0, 9);
    assert_int_equal(a.has_program, 0);
    assert_int_equal(a.nnotes, 1); /* spin.toml from the working directory */
}

static void
test_spin_token_rules(void **state)
{
    (void)state;
    /* allow_hyphen_values: `-x=1` is -e's value. */
    P("spin", "up", "-e", "-x=1", "-f", "a");
    accepted();
    text_is(a.env[0].name, a.env[0].name_len, "-x");
    /* ... and a cluster with letters up does not know is a plain value:
     * `-fspin.toml` goes to the trigger, which refuses it. */
    P("spin", "up", "-fspin.toml");
    refused();
    assert_int_equal(a.has_program, 0);
    ref_is(a.notes[0].at, 2, 1, 1);
    /* The trigger has no such leniency. */
    P("spin", "up", "--runtime-config-file", "--listen", "x:1");
    refused();
    P("spin", "up", "--no-such-flag");
    refused();
    P("spin", "up", "app.wasm");
    refused();
    /* A flag up knows right after a pending one leaves it without value. */
    P("spin", "up", "-e", "--direct-mounts");
    refused();
    P("spin", "up", "-e", "FOO");
    refused();
    assert_int_equal(a.nenv, 0);
    P("spin", "up", "--from", "a", "-f", "b");
    refused();
    P("spin", "up", "-f", "a", "--listen", "x:1", "--listen", "y:2");
    refused();
    P("spin", "up", "-k", "-h");
    refused();
    P("spin", "up", "--direct-mounts=true");
    refused();
    P("spin", "build", "--up");
    accepted();
    assert_string_equal(a.subcommand, "build");
    P("spin");
    refused();
    P("spin", "--version");
    refused();
    P("spin", "kube", "scaffold");
    accepted();
    assert_null(a.subcommand);
}

/* Lengths are honoured: no argument is NUL-terminated here. */
static void
test_not_nul_terminated(void **state)
{
    static const char buf[] = "wasmtime-Sinherit-envapp.wasm--env";
    struct wp__argv_in v[4] = {
        { buf, 8 }, { buf + 8, 13 }, { buf + 21, 8 }, { NULL, 0 },
    };

    (void)state;
    assert_int_equal(wp__argv_parse(v, 3, &arena, &a), 0);
    flag_is(a.inherit_env, 1, 1, 2, 11);
    ref_is(a.program, 2, 0, 8);
    /* A NULL text of length 0 is an empty argument. */
    v[1] = v[3];
    assert_int_equal(wp__argv_parse(v, 3, &arena, &a), 0);
    ref_is(a.program, 1, 0, 0);
}

static void
test_hostile_many_args(void **state)
{
    enum { N = 100000 };
    struct wp__argv_in *v = calloc(N, sizeof(*v));

    (void)state;
    assert_non_null(v);
    v[0].s = "wasmtime";
    v[0].len = 8;
    for (size_t i = 1; i + 1 < N; i += 2) {
        v[i].s = "-S";
        v[i].len = 2;
        v[i + 1].s = (i / 2) % 2 ? "cli,inherit-env=n" : "cli,inherit-env";
        v[i + 1].len = strlen(v[i + 1].s);
    }
    v[N - 1].s = "app.wasm";
    v[N - 1].len = 8;
    wp__arena_reset(&arena);
    assert_int_equal(wp__argv_parse(v, N, &arena, &a), 0);
    accepted();
    /* 49999 pairs: the last, at argv[99998], is pair 49998 (even: on). */
    flag_is(a.inherit_env, 1, N - 2, 4, 11);
    ref_is(a.program, N - 1, 0, 8);
    assert_int_equal(a.nopts, WP__ARGV_MAX_ITEMS); /* the rest were counted */
    assert_non_null(strstr(a.notes[a.nnotes - 1].message, "entries were not kept"));

    /* Non-fatal notes are bounded too: WasmEdge notes each bare --env. */
    v[0].s = "wasmedge";
    for (size_t i = 1; i + 1 < N; i++) {
        v[i].s = "--env=SECRET";
        v[i].len = 12;
    }
    wp__arena_reset(&arena);
    assert_int_equal(wp__argv_parse(v, N, &arena, &a), 0);
    accepted();
    assert_int_equal(a.nenv, WP__ARGV_MAX_ITEMS);
    assert_int_equal(a.nnotes, WP__ARGV_MAX_NOTES + 1);
    assert_non_null(strstr(a.notes[a.nnotes - 1].message, "more notes were not kept"));
    free(v);
}

static void
test_hostile_huge_arg(void **state)
{
    size_t n = 1u << 20;
    char *big = malloc(n);
    struct wp__argv_in v[4];

    (void)state;
    assert_non_null(big);
    for (size_t i = 0; i + 4 <= n; i += 4)
        memcpy(big + i, "tcp,", 4);
    memcpy(big + n - 12, "tcp,udp=nope", 12); /* not a boolean */
    v[0].s = "wasmtime";
    v[0].len = 8;
    v[1].s = "-S";
    v[1].len = 2;
    v[2].s = big;
    v[2].len = n;
    v[3].s = "app.wasm";
    v[3].len = 8;
    wp__arena_reset(&arena);
    assert_int_equal(wp__argv_parse(v, 4, &arena, &a), 0);
    refused();
    assert_int_equal(a.tcp.value, -1);
    ref_is(a.notes[0].at, 2, (uint32_t)(n - 8), 8);

    memcpy(big + n - 4, "true", 4);
    wp__arena_reset(&arena);
    assert_int_equal(wp__argv_parse(v, 4, &arena, &a), 0);
    accepted();
    flag_is(a.tcp, 1, 2, (uint32_t)(n - 12), 3);
    flag_is(a.udp, 1, 2, (uint32_t)(n - 8), 8);
    assert_int_equal(a.nopts, WP__ARGV_MAX_ITEMS);

    /* A huge guest argument is never looked at. */
    v[1] = v[3];
    wp__arena_reset(&arena);
    assert_int_equal(wp__argv_parse(v, 3, &arena, &a), 0);
    ref_is(a.program, 1, 0, 8);
    free(big);

#if SIZE_MAX > UINT32_MAX
    /* Longer than a reference can name: not parsed, and never read. */
    v[1].s = "x";
    v[1].len = (size_t)UINT32_MAX + 1;
    v[2].s = "app.wasm";
    v[2].len = 8;
    wp__arena_reset(&arena);
    assert_int_equal(wp__argv_parse(v, 3, &arena, &a), 0);
    assert_int_equal(a.has_program, 0);
    assert_true(a.nnotes >= 1);
    v[0] = v[1];
    assert_int_equal(wp__argv_parse(v, 3, &arena, &a), 0);
    assert_int_equal(a.runtime, WP__ARGV_NONE);
#endif
}

/* Fail the N-th allocation for N = 0, 1, ... until a parse succeeds. */
static void
test_allocation_failures(void **state)
{
    enum { N = 3000 };
    struct chaos c = { 0, -1, 0, 0 };
    struct wp_allocator al = { WP_ALLOCATOR_VERSION, c_malloc, c_realloc, c_free, &c };
    struct wp__argv_in *v = calloc(N, sizeof(*v));
    wp_context *cx;
    long n;

    (void)state;
    assert_non_null(v);
    assert_int_equal(wp_context_new(&cx, &al), 0);
    v[0].s = "wasmedge";
    v[0].len = 8;
    for (size_t i = 1; i + 1 < N; i += 2) {
        v[i].s = i % 4 == 1 ? "--env" : "--dir";
        v[i].len = 5;
        v[i + 1].s = "NAME";
        v[i + 1].len = 4;
    }
    v[N - 1].s = "app.wasm";
    v[N - 1].len = 8;
    for (n = 0;; n++) {
        struct wp__arena ar;
        int rc;

        c.calls = c.failed = 0;
        c.fail_at = n;
        wp__arena_init(&ar, cx);
        rc = wp__argv_parse(v, N, &ar, &a);
        wp__arena_release(&ar);
        assert_int_equal(c.live, 1); /* only the context itself */
        if (!c.failed) {
            assert_int_equal(rc, 0);
            assert_int_equal(a.ndirs + a.nenv, (N - 2) / 2);
            break;
        }
        assert_int_equal(rc, WP_ENOMEM);
    }
    print_message("# %ld allocations, each failed once\n", n);
    assert_true(n > 1);
    wp_context_free(cx);
    assert_int_equal(c.live, 0);
    free(v);
}

static int
setup(void **state)
{
    (void)state;
    if (wp_context_new(&ctx, NULL) != WP_OK)
        return -1;
    wp__arena_init(&arena, ctx);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    wp__arena_release(&arena);
    wp_context_free(ctx);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runtime_of),
        cmocka_unit_test(test_not_a_runtime),
        cmocka_unit_test(test_inherit_env_spellings),
        cmocka_unit_test(test_inherit_env_last_wins),
        cmocka_unit_test(test_inherit_env_refused),
        cmocka_unit_test(test_wasi_switches),
        cmocka_unit_test(test_wasmtime_env_dir),
        cmocka_unit_test(test_wasmtime_guest_args),
        cmocka_unit_test(test_wasmtime_flag_like_values),
        cmocka_unit_test(test_wasmtime_subcommands),
        cmocka_unit_test(test_wasmtime_serve),
        cmocka_unit_test(test_wasmtime_rejections),
        cmocka_unit_test(test_wasmedge),
        cmocka_unit_test(test_wasmedge_token_rules),
        cmocka_unit_test(test_spin_up),
        cmocka_unit_test(test_spin_token_rules),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_hostile_many_args),
        cmocka_unit_test(test_hostile_huge_arg),
        cmocka_unit_test(test_allocation_failures),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
