/*
 * libFuzzer target: the runtime argv parser (lib/model/argv*.c). The input
 * is split on NUL bytes into arguments, e.g. "wasmtime\0-S\0inherit-env\0
 * app.wasm"; when the first one names no runtime, one chosen by the first
 * byte is put in front, so all three parsers see every input. Nothing is
 * NUL-terminated. Every reference must lie inside its argument, every
 * string must point into the inputs (or be one of the static ones), and
 * the bounds on kept entries and notes must hold.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/context.h"
#include "model/argv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "argv: %s\n", what);
        __builtin_trap();
    }
}

static void
check_ref(const struct wp__argv_in *in, size_t argc, struct wp__argv_ref r)
{
    check(r.arg < argc, "reference past argc");
    check((uint64_t)r.off + r.len <= in[r.arg].len, "reference past its argument");
}

/* @s[0, n) lies inside argument @arg, or is empty, or reads @fallback
 * (a static string of the library's, like WasmEdge's guest "/"). */
static void
check_text(const struct wp__argv_in *in, struct wp__argv_ref r, const char *s, size_t n,
           const char *fallback)
{
    const char *b = in[r.arg].s;

    if (n == 0 || (fallback && n == strlen(fallback) && !memcmp(s, fallback, n)))
        return;
    check(b && s >= b && n <= in[r.arg].len && (size_t)(s - b) <= in[r.arg].len - n,
          "text outside its argument");
}

static void
check_flag(const struct wp__argv_in *in, size_t argc, struct wp__argv_flag f)
{
    check(f.value >= -1 && f.value <= 1, "flag value");
    if (f.value >= 0)
        check_ref(in, argc, f.at);
}

static void
verify(const struct wp__argv_in *in, size_t argc, const struct wp__argv *v)
{
    check(v->nenv <= WP__ARGV_MAX_ITEMS && v->ndirs <= WP__ARGV_MAX_ITEMS &&
              v->nopts <= WP__ARGV_MAX_ITEMS,
          "entry bound");
    check(v->nnotes <= WP__ARGV_MAX_NOTES + 1, "note bound");
    if (v->has_program)
        check_ref(in, argc, v->program);
    if (v->has_config_file)
        check_ref(in, argc, v->config_file);
    if (v->has_listen)
        check_ref(in, argc, v->listen);
    for (size_t i = 0; i < v->nenv; i++) {
        check_ref(in, argc, v->env[i].at);
        check_text(in, v->env[i].at, v->env[i].name, v->env[i].name_len, NULL);
        check_text(in, v->env[i].at, v->env[i].value, v->env[i].value_len, NULL);
    }
    for (size_t i = 0; i < v->ndirs; i++) {
        check_ref(in, argc, v->dirs[i].at);
        check_text(in, v->dirs[i].at, v->dirs[i].host, v->dirs[i].host_len, NULL);
        check_text(in, v->dirs[i].at, v->dirs[i].guest, v->dirs[i].guest_len, "/");
    }
    for (size_t i = 0; i < v->nopts; i++) {
        const struct wp__argv_opt *o = &v->opts[i];

        check_ref(in, argc, o->at);
        if (o->group)
            check_text(in, o->at, o->key, o->key_len, NULL);
        else
            check(o->key && strlen(o->key) == o->key_len, "flag name");
        check_text(in, o->at, o->value, o->value_len, NULL);
    }
    for (size_t i = 0; i < v->nnotes; i++) {
        check(v->notes[i].message && v->notes[i].message[0], "note text");
        check_ref(in, argc, v->notes[i].at);
    }
    check_flag(in, argc, v->inherit_env);
    check_flag(in, argc, v->inherit_network);
    check_flag(in, argc, v->ip_name_lookup);
    check_flag(in, argc, v->tcp);
    check_flag(in, argc, v->udp);
    check_flag(in, argc, v->http);
    check_flag(in, argc, v->direct_mounts);
    check_flag(in, argc, v->transient_write);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const runtimes[] = { "wasmtime", "wasmedge", "spin" };
    const char *p = (const char *)data;
    struct wp__argv_in *all, *in;
    struct wp__arena arena;
    struct wp__argv v;
    wp_context *ctx;
    size_t argc = 1, n = 1;

    for (size_t i = 0; i < size; i++)
        argc += data[i] == '\0';
    /* all[1..argc] holds the input; all[0] a runtime for when it names none. */
    if (!(all = calloc(argc + 1, sizeof(*all))))
        return 0;
    for (size_t i = 0, start = 0; i <= size; i++)
        if (i == size || data[i] == '\0') {
            all[n].s = p + start;
            all[n].len = i - start;
            n++;
            start = i + 1;
        }
    in = all + 1;
    if (wp__argv_runtime_of(all[1].s, all[1].len) == WP__ARGV_NONE) {
        all[0].s = runtimes[size ? data[0] % 3 : 0];
        all[0].len = strlen(all[0].s);
        in = all;
        argc++;
    }
    if (wp_context_new(&ctx, NULL) == WP_OK) {
        wp__arena_init(&arena, ctx);
        if (wp__argv_parse(in, argc, &arena, &v) == WP_OK)
            verify(in, argc, &v);
        wp__arena_release(&arena);
        wp_context_free(ctx);
    }
    free(all);
    return 0;
}
