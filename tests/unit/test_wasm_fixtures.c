/*
 * Real fixtures under hostile treatment: every prefix of each fixture either
 * decodes (a prefix ending on a section boundary is a valid binary) or fails
 * with a documented code and an offset inside the prefix; and every
 * allocation failure surfaces as WP_ENOMEM with nothing leaked.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <wasmpolicy/wasmpolicy.h>

#define FULL_PREFIX_LIMIT (512u * 1024u)

struct blob {
    char name[512];
    unsigned char *data;
    size_t size;
};

static struct blob blobs[128];
static size_t nblobs;

static void
load_fixtures(const char *dir)
{
    struct dirent *de;
    DIR *d = opendir(dir);

    assert_non_null(d);
    while ((de = readdir(d)) && nblobs < 128) {
        size_t n = strlen(de->d_name);
        struct blob *b = &blobs[nblobs];
        FILE *f;
        long size;
        if (n < 6 || strcmp(de->d_name + n - 5, ".wasm") != 0)
            continue;
        snprintf(b->name, sizeof(b->name), "%s/%s", dir, de->d_name);
        assert_non_null(f = fopen(b->name, "rb"));
        fseek(f, 0, SEEK_END);
        size = ftell(f);
        fseek(f, 0, SEEK_SET);
        b->size = (size_t)size;
        assert_non_null(b->data = malloc(b->size ? b->size : 1));
        assert_int_equal(fread(b->data, 1, b->size, f), b->size);
        fclose(f);
        nblobs++;
    }
    closedir(d);
}

static void
check_prefix(wp_context *ctx, const struct blob *b, size_t len)
{
    struct wp_diag d = WP_DIAG_INIT;
    wp_wasm *w = NULL;
    int rc = wp_wasm_inspect(&w, ctx, b->data, len, b->name, &d);

    if (rc == WP_OK) {
        assert_non_null(w);
        wp_wasm_free(w);
        return;
    }
    assert_null(w);
    if (rc != WP_EMALFORMED && rc != WP_EUNSUPPORTED) {
        fprintf(stderr, "# %s prefix %zu: %d %s\n", b->name, len, rc, d.message);
        fail();
    }
    assert_true(d.has_offset);
    assert_true(d.offset <= len);
    assert_true(d.message[0] != '\0');
}

static void
test_every_prefix(void **state)
{
    wp_context *ctx;
    size_t checked = 0;

    (void)state;
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    for (size_t i = 0; i < nblobs; i++) {
        const struct blob *b = &blobs[i];
        if (b->size <= FULL_PREFIX_LIMIT) {
            for (size_t len = 0; len < b->size; len++, checked++)
                check_prefix(ctx, b, len);
        } else {
            /* large binaries: the first 64 KiB fully, then a stride */
            for (size_t len = 0; len < b->size; len += len < 65536 ? 1 : 4093, checked++)
                check_prefix(ctx, b, len);
        }
        check_prefix(ctx, b, b->size);
    }
    fprintf(stderr, "# %zu prefixes of %zu fixtures\n", checked, nblobs);
    assert_true(nblobs > 0);
    wp_context_free(ctx);
}

struct chaos {
    long countdown;  /* allocations left before failing; <0 never fails */
    long live;       /* outstanding allocations */
};

static void *
chaos_malloc(size_t size, void *user)
{
    struct chaos *c = user;
    void *p;
    if (c->countdown == 0)
        return NULL;
    if (c->countdown > 0)
        c->countdown--;
    p = malloc(size);
    if (p)
        c->live++;
    return p;
}

static void *
chaos_realloc(void *ptr, size_t size, void *user)
{
    struct chaos *c = user;
    void *p;
    if (c->countdown == 0)
        return NULL;
    if (c->countdown > 0)
        c->countdown--;
    p = realloc(ptr, size);
    if (p && !ptr)
        c->live++;
    return p;
}

static void
chaos_free(void *ptr, void *user)
{
    struct chaos *c = user;
    if (ptr)
        c->live--;
    free(ptr);
}

/* Fail the N-th allocation for N = 0, 1, 2, ... until inspection succeeds. */
static void
test_allocation_failures(void **state)
{
    (void)state;
    for (size_t i = 0; i < nblobs; i++) {
        const struct blob *b = &blobs[i];
        int rc = WP_ENOMEM;
        for (long n = 0; rc == WP_ENOMEM; n++) {
            struct chaos c = { -1, 0 };
            struct wp_allocator a = { WP_ALLOCATOR_VERSION, chaos_malloc, chaos_realloc,
                                      chaos_free, &c };
            wp_context *ctx;
            wp_wasm *w = NULL;
            assert_int_equal(wp_context_new(&ctx, &a), WP_OK);
            c.countdown = n;
            rc = wp_wasm_inspect(&w, ctx, b->data, b->size, b->name, NULL);
            assert_true(rc == WP_OK || rc == WP_ENOMEM || rc == WP_EUNSUPPORTED);
            if (rc != WP_ENOMEM)
                assert_int_equal(rc == WP_OK, w != NULL);
            wp_wasm_free(w);
            wp_context_free(ctx);
            assert_int_equal(c.live, 0);
            if (rc == WP_EUNSUPPORTED)
                break;
        }
    }
}

int
main(void)
{
    const char *dir = getenv("WP_WASM_FIXTURES");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_allocation_failures),
    };
    int rc;

    if (!dir) {
        fprintf(stderr, "WP_WASM_FIXTURES is not set\n");
        return 99;
    }
    load_fixtures(dir);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    for (size_t i = 0; i < nblobs; i++)
        free(blobs[i].data);
    return rc;
}
