/* Image reference normalisation (lib/artifact/ref.c) against the rules of
 * distribution/reference's normalize.go. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "artifact/ref.h"

static void
norm(const char *in, const char *want)
{
    char out[512];

    assert_int_equal(wp__ref_normalize(in, out, sizeof(out)), 0);
    assert_string_equal(out, want);
}

static void
test_normalize(void **state)
{
    (void)state;
    norm("nginx", "docker.io/library/nginx:latest");
    norm("nginx:1.27", "docker.io/library/nginx:1.27");
    norm("library/nginx", "docker.io/library/nginx:latest");
    norm("someone/app", "docker.io/someone/app:latest");
    norm("index.docker.io/someone/app:2", "docker.io/someone/app:2");
    norm("docker.io/nginx", "docker.io/library/nginx:latest");
    norm("ghcr.io/org/comp:0.1.0", "ghcr.io/org/comp:0.1.0");
    norm("ghcr.io/org/sub/comp", "ghcr.io/org/sub/comp:latest");
    norm("localhost/app", "localhost/app:latest");
    norm("localhost:5000/app:dev", "localhost:5000/app:dev");
    norm("Registry/app", "Registry/app:latest");  /* upper case: a registry */
    /* the digest decides: the tag is dropped */
    norm("ghcr.io/org/api:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
         "ghcr.io/org/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    norm("api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
         "docker.io/library/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
}

static void
test_refused(void **state)
{
    char out[16];

    (void)state;
    assert_int_equal(wp__ref_normalize("", out, sizeof(out)), -1);
    assert_int_equal(wp__ref_normalize("a b", out, sizeof(out)), -1);
    assert_int_equal(wp__ref_normalize("ghcr.io/a/very/long/name", out, sizeof(out)), -1);
    assert_int_equal(wp__ref_normalize("a.b@c/d", out, sizeof(out)), -1);  /* fuzz-oci */
    assert_int_equal(wp__ref_normalize("/app/app.wasm", out, sizeof(out)), -1);
    assert_int_equal(wp__ref_normalize("./app.wasm", out, sizeof(out)), -1);
}

static void
test_name(void **state)
{
    char out[64];

    (void)state;
    assert_int_equal(wp__ref_name("ghcr.io/org/api:1.0", out, sizeof(out)), 0);
    assert_string_equal(out, "api");
    assert_int_equal(wp__ref_name("localhost:5000/x/y@sha256:00", out, sizeof(out)), 0);
    assert_string_equal(out, "y");
    assert_int_equal(wp__ref_name("nginx", out, sizeof(out)), 0);
    assert_string_equal(out, "nginx");
    assert_int_equal(wp__ref_name("ghcr.io/org/:1.0", out, sizeof(out)), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
