/*
 * lib/artifact: SHA-256 against the FIPS 180-4 / NIST vectors, digest
 * syntax, and the OCI layout reader over the committed layouts
 * in testdata/oci (WP_OCI_FIXTURES) plus hostile layouts built at run time
 * in a temporary directory (FIFOs, duplicate keys, ambiguous names...).
 * Every result field and every error message, with its file, is asserted.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../chaos.h"

#include "artifact/oci.h"
#include "artifact/oci_impl.h"

#define D_IFACE "sha256:be3295fe4ecc168d1ce762cd8330596c0abff539bd4d8a3f6b6e929509f187f6"
#define D_ART "sha256:44647e55b6768e830ede14acc810946d81b280c50549df6d5d5cf03bc5943c5e"
#define D_ART_CFG "sha256:ac1a274b3de874c48e8451a208e9fae205aad89119e23e396206376e18725043"
#define D_EXPORTS_M "sha256:286cbe5eefa2e91fb7eaac110a405f0e7cbf5df33d1574c370ead497c6dedfc1"
#define D_SPIN "sha256:23190178ff7efa43dfbb1e76a0e34f0c19e5d9f2c2386c435d7f7b959d67c565"
#define D_SPIN_CFG "sha256:73e8c1e5c1fbd46f8784a53f59ac5b114d82c36bd1ad3b916304acf156555169"
#define D_SPIN_APP "sha256:6f94be2d5abb0dfab444c2c4e9cfcf8ceb32f214958e0bded39885475b32a351"
#define D_HELLO "sha256:1a6d9144fe0c7a5dfb4ad6d5520be5e9e97399a9c8b03701cfaebedea548ace1"
#define D_MP_INDEX "sha256:d0b8e0e512331f439d08b2ce69741199b92cdb915df2facd07f572d9875e4585"
#define D_MP_LINUX "sha256:686e85aa22f393105a530b339e7319cb299af28c7099638e63aaf20a252410ab"
#define D_MP_AMD64 "sha256:16e6accb654a9d4bdf2159d6d6086201e57bec1dbced3c387675a6aacc0a42ba"
#define D_MP_WASIP1 "sha256:a3b862e2cb83a6b8f0b68d3633d759b8a6eef6164a3a6c98f011488b18f6d91b"
#define D_MP_WASIP2 "sha256:fca2228800528f3e53b49175ee8f9c94819d8f5938d62f6182ac74c624c51a70"
#define D_RUNWASI "sha256:ed213807c11789ad40e993d6b496fca7529d6a6c77f53fb4c2436a5d5c4d5532"
#define D_RUNWASI_CFG "sha256:6217979fb10ac276efd98463c1f35813791cf1b2cfc73bbdce74d5e1f352f1dd"
#define D_RUNWASI_L "sha256:71878fcac855b5179d9c4173930c1a2031453d184674b9684bd00d44ab3de4a4"
#define D_BAD_DIGEST_M "sha256:faa4bdb175fa7d6f01d4cf16172ab5d528ca6a367c9fe2d9755bce69adce41a7"
#define D_LOOP "sha256:3e2d8be361ecbeadafeb3f059a103eaa465108ceee0687d52f48eab5ef63f507"
#define D_DEEP_9 "sha256:2e56911984622784cbc4351120c53922d528c6b77e203c632e27e63ed04069ad"
#define D_DEEP_3 "sha256:7cb93439027b891db3f647e2dc2432159e706636b37eabfdd0c59b1f564d2b67"

static const char *fixtures;
static struct wp__oci_image *img; /* ~280 KB: not on the stack */

/* "<fixtures>/<layout>[/blobs/sha256/<hex of digest>]" */
static const char *
fx(const char *layout, const char *digest)
{
    static char buf[4][4096];
    static unsigned n;
    char *b = buf[n++ % 4];

    if (digest)
        snprintf(b, 4096, "%s/%s/blobs/sha256/%s", fixtures, layout, digest + 7);
    else
        snprintf(b, 4096, "%s/%s", fixtures, layout);
    return b;
}

static const char *
fx_file(const char *layout, const char *file)
{
    static char buf[4096];

    snprintf(buf, sizeof(buf), "%s/%s/%s", fixtures, layout, file);
    return buf;
}

static int
find_in(wp_context *ctx, const char *dir, const char *ref, struct wp_diag *d)
{
    struct wp__oci *oci = NULL;
    int rc;

    wp_diag_clear(d);
    memset(img, 0xa5, sizeof(*img)); /* find must zero it */
    rc = wp__oci_open(&oci, ctx, dir, d);
    if (rc)
        return rc;
    assert_non_null(oci);
    rc = wp__oci_find(oci, ref, img, d);
    wp__oci_close(oci);
    return rc;
}

static int
find(const char *layout, const char *ref, struct wp_diag *d)
{
    wp_context *ctx;
    int rc;

    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    rc = find_in(ctx, fx(layout, NULL), ref, d);
    wp_context_free(ctx);
    return rc;
}

static void
expect_error(const struct wp_diag *d, int code, const char *source, const char *message)
{
    assert_int_equal(d->code, code);
    assert_string_equal(d->source, source);
    assert_string_equal(d->message, message);
}

static void
expect_blob(const struct wp__oci_blob *b, const char *layout, const char *digest,
            const char *media_type, uint64_t size, enum wp__oci_binary binary)
{
    assert_string_equal(b->digest, digest);
    assert_string_equal(b->media_type, media_type);
    assert_string_equal(b->path, fx(layout, digest));
    assert_true(b->size == size);
    assert_int_equal(b->binary, binary);
}

/* ---- SHA-256 ---- */

static void
expect_sha(const void *data, size_t len, const char *hex)
{
    char out[65];

    wp__sha256_hex(data, len, out);
    assert_string_equal(out, hex);
}

static void
test_sha256_nist(void **state)
{
    struct wp__sha256 s;
    char chunk[1024], out[65];
    size_t done = 0, step = 1;

    (void)state;
    expect_sha("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_sha("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect_sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect_sha("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
               "klmnopqrlmnopqrsmnopqrstnopqrstu", 112,
               "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    /* One million 'a', fed in uneven pieces to cross block boundaries. */
    memset(chunk, 'a', sizeof(chunk));
    wp__sha256_init(&s);
    wp__sha256_update(&s, NULL, 0);
    while (done < 1000000) {
        size_t n = 1000000 - done < step ? 1000000 - done : step;
        wp__sha256_update(&s, chunk, n);
        done += n;
        step = step % 997 + 13;
    }
    wp__sha256_final_hex(&s, out);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* 55, 56 and 64 bytes: the padding edge cases. */
    expect_sha(chunk, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    expect_sha(chunk, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    expect_sha(chunk, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

/* ---- digests ---- */

static void
test_digest_syntax(void **state)
{
    static const struct {
        const char *digest;
        int rc;
    } cases[] = {
        { D_ART, WP_OK },
        { "sha256:44647E55b6768e830ede14acc810946d81b280c50549df6d5d5cf03bc5943c5e",
          WP_EMALFORMED },
        { "sha256:44647e55", WP_EMALFORMED },
        { "sha256:44647e55b6768e830ede14acc810946d81b280c50549df6d5d5cf03bc5943c5e0",
          WP_EMALFORMED },
        { "sha256:../../../../etc/passwd", WP_EMALFORMED },
        { "sha256:../44647e55b6768e830ede14acc810946d81b280c50549df6d5d5cf03bc5e", WP_EMALFORMED },
        { "sha512:0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"
          "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
          WP_EUNSUPPORTED },
        { "sha512:0f0f", WP_EMALFORMED },
        { "blake3:abcdef", WP_EUNSUPPORTED },
        { "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564", WP_EUNSUPPORTED },
        { "", WP_EMALFORMED },
        { ":abc", WP_EMALFORMED },
        { "sha256:", WP_EMALFORMED },
        { "sha256", WP_EMALFORMED },
        { "SHA256:44647e55b6768e830ede14acc810946d81b280c50549df6d5d5cf03bc5943c5e",
          WP_EMALFORMED },
        { "sha..256:abc", WP_EMALFORMED },
        { "sha256-:abc", WP_EMALFORMED },
        { "x:a/b", WP_EMALFORMED },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        if (wp__oci_digest_check(cases[i].digest) != cases[i].rc)
            fail_msg("digest %s", cases[i].digest);
    }
}

/* ---- opening ---- */

static void
test_open_errors(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__oci *oci = (struct wp__oci *)1;
    wp_context *ctx;
    char nowhere[4200];

    (void)state;
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    assert_int_equal(wp__oci_open(NULL, ctx, "x", &d), WP_EINVAL);
    assert_int_equal(wp__oci_open(&oci, NULL, "x", &d), WP_EINVAL);
    assert_int_equal(wp__oci_find(NULL, "x", img, &d), WP_EINVAL);
    wp__oci_close(NULL);

    snprintf(nowhere, sizeof(nowhere), "%s/no-such-layout", fixtures);
    assert_int_equal(wp__oci_open(&oci, ctx, nowhere, &d), WP_EIO);
    assert_null(oci);
    expect_error(&d, WP_EIO, nowhere, "cannot open: No such file or directory");

    memset(nowhere, 'a', 4100);
    nowhere[4100] = '\0';
    assert_int_equal(wp__oci_open(&oci, ctx, nowhere, &d), WP_ELIMIT);
    assert_string_equal(d.message, "layout path is empty or too long");

    assert_int_equal(wp__oci_open(&oci, ctx, fx("bad-index-json", NULL), &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, fx_file("bad-index-json", "index.json"),
                 "invalid JSON: unexpected token near ','");
    assert_int_equal(d.line, 3);
    assert_int_equal(d.column, 17);

    assert_int_equal(wp__oci_open(&oci, ctx, fx("bad-version", NULL), &d), WP_EUNSUPPORTED);
    expect_error(&d, WP_EUNSUPPORTED, fx_file("bad-version", "oci-layout"),
                 "unsupported imageLayoutVersion \"2.0.0\" (expected 1.x)");
    assert_int_equal(d.line, 0);

    /* A trailing slash is not doubled in names. */
    snprintf(nowhere, sizeof(nowhere), "%s/wasm-artifact//", fixtures);
    assert_int_equal(wp__oci_open(&oci, ctx, nowhere, &d), WP_OK);
    assert_int_equal(wp__oci_find(oci, "0.1.0", img, &d), WP_OK);
    assert_string_equal(img->wasm.path, fx("wasm-artifact", D_IFACE));
    wp__oci_close(oci);
    wp_context_free(ctx);
}

/* ---- the committed layouts ---- */

static void
check_iface_artifact(const char *layout)
{
    assert_string_equal(img->manifest_digest, D_ART);
    assert_int_equal(img->kind, WP__OCI_WASM_ARTIFACT);
    assert_true(img->has_wasm);
    expect_blob(&img->wasm, layout, D_IFACE, "application/wasm", 125, WP__OCI_BIN_COMPONENT);
    assert_true(img->has_config);
    expect_blob(&img->config, layout, D_ART_CFG, "application/vnd.wasm.config.v0+json", 293,
                WP__OCI_BIN_UNCHECKED);
    assert_string_equal(img->os, "wasip2");
    assert_false(img->has_locked_app);
    assert_int_equal(img->nlayers, 0);
}

static void
test_wasm_artifact(void **state)
{
    static const char *const refs[] = {
        "0.1.0", "ghcr.io/example/iface-small:0.1.0", D_ART, "ghcr.io/example/app@" D_ART,
        "ghcr.io/example/app:9.9@" D_ART,
    };
    struct wp_diag d = WP_DIAG_INIT;

    (void)state;
    for (size_t i = 0; i < sizeof(refs) / sizeof(*refs); i++) {
        if (find("wasm-artifact", refs[i], &d) != WP_OK)
            fail_msg("%s: %s", refs[i], d.message);
        check_iface_artifact("wasm-artifact");
        assert_false(img->is_signed);
    }
    assert_int_equal(find("wasm-artifact", "0.2.0", &d), WP_ENOTFOUND);
    expect_error(&d, WP_ENOTFOUND, fx_file("wasm-artifact", "index.json"),
                 "no image named \"0.2.0\"");
    assert_int_equal(find("wasm-artifact", "ghcr.io/example/iface-small", &d), WP_ENOTFOUND);
    expect_error(&d, WP_ENOTFOUND, fx_file("wasm-artifact", "index.json"),
                 "no image named \"ghcr.io/example/iface-small\"");
    assert_int_equal(find("wasm-artifact", D_SPIN, &d), WP_ENOTFOUND);
    expect_error(&d, WP_ENOTFOUND, fx_file("wasm-artifact", "index.json"),
                 "no manifest or index with digest " D_SPIN);
    assert_int_equal(find("wasm-artifact", "sha256:44647E55", &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, fx_file("wasm-artifact", "index.json"),
                 "invalid digest \"sha256:44647E55\"");
    assert_int_equal(find("wasm-artifact", "app@sha512:abc", &d), WP_EMALFORMED);
    assert_int_equal(find("wasm-artifact", "blake3:abc", &d), WP_EUNSUPPORTED);
    expect_error(&d, WP_EUNSUPPORTED, fx_file("wasm-artifact", "index.json"),
                 "unsupported digest algorithm: \"blake3:abc\"");
    /* A blob of the layout that is neither manifest nor index. */
    assert_int_equal(find("wasm-artifact", D_ART_CFG, &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, fx("wasm-artifact", D_ART_CFG),
                 "neither an image index nor an image manifest");
    assert_int_equal(find("wasm-artifact", D_IFACE, &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, fx("wasm-artifact", D_IFACE),
                 "invalid JSON: '[' or '{' expected near end of file");
}

static void
test_spin_app(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;

    (void)state;
    assert_int_equal(find("spin-app", "ghcr.io/example/shop:1.0.0", &d), WP_OK);
    assert_string_equal(img->manifest_digest, D_SPIN);
    assert_int_equal(img->kind, WP__OCI_SPIN_APP);
    assert_true(img->has_locked_app);
    expect_blob(&img->locked_app, "spin-app", D_SPIN_APP,
                "application/vnd.fermyon.spin.application.v1+config", 1000,
                WP__OCI_BIN_UNCHECKED);
    assert_int_equal(img->nlayers, 2);
    expect_blob(&img->layers[0], "spin-app", D_IFACE, "application/vnd.wasm.content.layer.v1+wasm",
                125, WP__OCI_BIN_COMPONENT);
    expect_blob(&img->layers[1], "spin-app", D_HELLO, "application/vnd.wasm.content.layer.v1+wasm",
                4029, WP__OCI_BIN_MODULE);
    assert_false(img->has_wasm);
    assert_true(img->has_config);
    expect_blob(&img->config, "spin-app", D_SPIN_CFG, "application/vnd.oci.image.config.v1+json",
                img->config.size, WP__OCI_BIN_UNCHECKED);
    assert_string_equal(img->os, "wasip1");
    assert_false(img->is_signed);

    assert_int_equal(find("spin-app", "docker.io/example/shop:1.0.0", &d), WP_ENOTFOUND);
    assert_int_equal(find("spin-app", "ghcr.io/example/shop:latest", &d), WP_ENOTFOUND);
    assert_int_equal(find("spin-app", "1.0.0", &d), WP_ENOTFOUND);
}

static void
test_multi_platform(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;
    wp_context *ctx;

    (void)state;
    assert_int_equal(find("multi-platform", "latest", &d), WP_OK);
    assert_string_equal(img->manifest_digest, D_MP_WASIP2);
    assert_int_equal(img->kind, WP__OCI_WASM_ARTIFACT);
    assert_int_equal(img->wasm.size, 28977);
    assert_int_equal(img->wasm.binary, WP__OCI_BIN_COMPONENT);
    assert_string_equal(img->os, "wasip2");
    /* the same through the index digest and through the manifest's own */
    assert_int_equal(find("multi-platform", D_MP_INDEX, &d), WP_OK);
    assert_string_equal(img->manifest_digest, D_MP_WASIP2);

    /* listed only inside the index: found as a blob of the layout */
    assert_int_equal(find("multi-platform", D_MP_WASIP1, &d), WP_OK);
    assert_string_equal(img->manifest_digest, D_MP_WASIP1);
    assert_int_equal(img->kind, WP__OCI_WASM_ARTIFACT);
    assert_int_equal(img->wasm.binary, WP__OCI_BIN_MODULE);
    assert_string_equal(img->os, "wasip1");

    assert_int_equal(find("multi-platform", "linux", &d), WP_EUNSUPPORTED);
    expect_error(&d, WP_EUNSUPPORTED, fx("multi-platform", D_MP_LINUX),
                 "image index has no wasm platform among 2 manifests");

    assert_int_equal(find("multi-platform", "amd64-only", &d), WP_OK);
    assert_string_equal(img->manifest_digest, D_MP_AMD64);
    assert_int_equal(img->kind, WP__OCI_UNSUPPORTED);
    assert_false(img->has_wasm);
    assert_false(img->has_config);
    assert_int_equal(img->nlayers, 0);
    assert_string_equal(img->os, "");

    assert_int_equal(find("multi-platform", "sha512", &d), WP_EUNSUPPORTED);
    expect_error(&d, WP_EUNSUPPORTED, fx_file("multi-platform", "index.json"),
                 "unsupported digest algorithm: \"sha512:0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"
                 "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0...\"");
    assert_int_equal(find("multi-platform", "unknown-type", &d), WP_EUNSUPPORTED);
    expect_error(&d, WP_EUNSUPPORTED, fx_file("multi-platform", "index.json"),
                 "unsupported media type \"application/vnd.example.unknown+json\"");

    /* The context's nesting limit applies when it is below 8. */
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_NESTING_DEPTH, 1), WP_OK);
    assert_int_equal(find_in(ctx, fx("multi-platform", NULL), "latest", &d), WP_OK);
    assert_int_equal(find_in(ctx, fx("index-deep", NULL), "deep", &d), WP_ELIMIT);
    expect_error(&d, WP_ELIMIT, fx("index-deep", "sha256:e49cb7d4f64feaa67b15b3bccbc91558b603e7fa"
                                                 "bffc66dc4024a77c9139354d"),
                 "image indexes nested deeper than 1");
    wp_context_free(ctx);
}

static void
test_signatures(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;

    (void)state;
    assert_int_equal(find("signed", "ghcr.io/example/app:1.0", &d), WP_OK);
    check_iface_artifact("signed");
    assert_true(img->is_signed);
    assert_int_equal(find("signed", "ghcr.io/example/app:unsigned", &d), WP_OK);
    assert_string_equal(img->manifest_digest, D_EXPORTS_M);
    assert_false(img->is_signed);
    assert_int_equal(find("signed", "ghcr.io/example/app", &d), WP_ENOTFOUND);

    assert_int_equal(find("cosign-save", D_ART, &d), WP_OK);
    check_iface_artifact("cosign-save");
    assert_true(img->is_signed);

    assert_int_equal(find("referrer", "signed", &d), WP_OK);
    check_iface_artifact("referrer");
    assert_true(img->is_signed);
    assert_int_equal(find("referrer", "sbom-only", &d), WP_OK);
    assert_string_equal(img->manifest_digest, D_EXPORTS_M);
    assert_false(img->is_signed);
}

static void
test_runwasi(void **state)
{
    static const char *const refs[] = {
        "ghcr.io/containerd/runwasi/wasi-demo-app:latest",
        "ghcr.io/containerd/runwasi/wasi-demo-app",
        "latest",
        "ghcr.io/other/app:latest", /* the tag alone matches ref.name "latest" */
    };
    struct wp_diag d = WP_DIAG_INIT;

    (void)state;
    for (size_t i = 0; i < sizeof(refs) / sizeof(*refs); i++) {
        if (find("runwasi", refs[i], &d) != WP_OK)
            fail_msg("%s: %s", refs[i], d.message);
        assert_string_equal(img->manifest_digest, D_RUNWASI);
        assert_int_equal(img->kind, WP__OCI_WASM_LAYER);
        assert_true(img->has_wasm);
        expect_blob(&img->wasm, "runwasi", D_RUNWASI_L,
                    "application/vnd.bytecodealliance.wasm.component.layer.v0+wasm", 514,
                    WP__OCI_BIN_MODULE);
        assert_int_equal(img->nlayers, 1);
        expect_blob(&img->layers[0], "runwasi", D_RUNWASI_L,
                    "application/vnd.bytecodealliance.wasm.component.layer.v0+wasm", 514,
                    WP__OCI_BIN_MODULE);
        assert_true(img->has_config);
        assert_string_equal(img->config.digest, D_RUNWASI_CFG);
        assert_string_equal(img->os, "wasip1");
        assert_false(img->is_signed);
    }
    assert_int_equal(find("runwasi", "docker.io/library/wasi-demo-app:latest", &d), WP_OK);
}

static void
test_broken_layouts(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;

    (void)state;
    assert_int_equal(find("bad-hash", "1.0", &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, fx("bad-hash", D_IFACE),
                 "content does not match its digest (it hashes to sha256:"
                 "dc719c5a0d15b52a0f7b12757dd03c52e15f7e2d39fa729da798529fd6d1541d)");

    assert_int_equal(find("missing-blob", "1.0", &d), WP_ENOTFOUND);
    expect_error(&d, WP_ENOTFOUND, fx("missing-blob", D_IFACE), "blob is missing from the layout");

    assert_int_equal(find("bad-digest", "1.0", &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, fx("bad-digest", D_BAD_DIGEST_M),
                 "layers[0]: invalid digest \"sha256:../../../../etc/passwd\"");

    assert_int_equal(find("symlink-blob", "1.0", &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, fx("symlink-blob", D_IFACE),
                 "is a symbolic link, which is refused");

    assert_int_equal(find("index-loop", "loop", &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, fx("index-loop", D_LOOP),
                 "content does not match its digest (it hashes to sha256:"
                 "c53bb8e06d7af2d86efa0828fbe28ce669656661b717b2dfbbadda2b23ffa2af)");

    assert_int_equal(find("index-deep", "deep", &d), WP_ELIMIT);
    expect_error(&d, WP_ELIMIT, fx("index-deep", D_DEEP_9), "image indexes nested deeper than 8");
}

static void
test_input_limit(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;
    wp_context *ctx;

    (void)state;
    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_INPUT_BYTES, 400), WP_OK);
    assert_int_equal(find_in(ctx, fx("wasm-artifact", NULL), "0.1.0", &d), WP_ELIMIT);
    expect_error(&d, WP_ELIMIT, fx("wasm-artifact", D_ART),
                 "descriptor size is 443 bytes, larger than the limit of 400");
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_INPUT_BYTES, 200), WP_OK);
    assert_int_equal(find_in(ctx, fx("wasm-artifact", NULL), "0.1.0", &d), WP_ELIMIT);
    expect_error(&d, WP_ELIMIT, fx_file("wasm-artifact", "index.json"),
                 "file is 300 bytes, larger than the limit of 200");
    /* A digest not in index.json has no descriptor: the file's size is checked. */
    assert_int_equal(wp_context_set_limit(ctx, WP_LIMIT_INPUT_BYTES, 400), WP_OK);
    assert_int_equal(find_in(ctx, fx("index-deep", NULL), D_ART, &d), WP_ELIMIT);
    expect_error(&d, WP_ELIMIT, fx("index-deep", D_ART),
                 "blob is 443 bytes, larger than the limit of 400");
    assert_int_equal(find_in(ctx, fx("index-deep", NULL), D_DEEP_3, &d), WP_ELIMIT);
    assert_string_equal(d.source, fx("index-deep", D_ART));
    wp_context_free(ctx);
}

/* ---- hostile layouts built here ---- */

static char tmp[256];

static void
put(const char *name, const char *data, size_t len)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tmp, name);
    assert_non_null(f = fopen(path, "wb"));
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Store a blob; *digest gets its name. */
static void
put_blob(const char *data, char digest[72])
{
    char name[128], hex[65];

    wp__sha256_hex(data, strlen(data), hex);
    snprintf(digest, 72, "sha256:%s", hex);
    snprintf(name, sizeof(name), "blobs/sha256/%s", hex);
    put(name, data, strlen(data));
}

static void
put_index(const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof(buf));
    put("index.json", buf, (size_t)n);
}

static int
tmp_find(const char *ref, struct wp_diag *d)
{
    wp_context *ctx;
    int rc;

    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    rc = find_in(ctx, tmp, ref, d);
    wp_context_free(ctx);
    return rc;
}

static const char *
tmp_path(const char *name)
{
    static char buf[4][512];
    static unsigned n;
    char *b = buf[n++ % 4];

    snprintf(b, 512, "%s/%s", tmp, name);
    return b;
}

static const char *
tmp_blob(const char *digest)
{
    static char buf[512];

    snprintf(buf, sizeof(buf), "%s/blobs/sha256/%s", tmp, digest + 7);
    return buf;
}

static int
tmp_open(struct wp_diag *d)
{
    wp_context *ctx;
    struct wp__oci *oci = NULL;
    int rc;

    assert_int_equal(wp_context_new(&ctx, NULL), WP_OK);
    rc = wp__oci_open(&oci, ctx, tmp, d);
    wp__oci_close(oci);
    wp_context_free(ctx);
    return rc;
}

static int
setup_tmp(void **state)
{
    char dir[300];

    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/wp-oci-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    snprintf(dir, sizeof(dir), "%s/blobs", tmp);
    mkdir(dir, 0755);
    snprintf(dir, sizeof(dir), "%s/blobs/sha256", tmp);
    mkdir(dir, 0755);
    put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
    return 0;
}

static int
teardown_tmp(void **state)
{
    char cmd[300];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

#define MANIFEST_FMT                                                                           \
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","     \
    "\"config\":{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu},\"layers\":[%s]}"
#define ENTRY_FMT                                                                              \
    "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\","        \
    "\"size\":%zu,\"annotations\":{\"org.opencontainers.image.ref.name\":\"%s\"}}"

/* A manifest blob over @layers (JSON text); returns its size. */
static size_t
put_manifest(const char *config_type, const char *config_json, const char *layers,
             char digest[72])
{
    char cfg[72], body[4096];

    put_blob(config_json, cfg);
    snprintf(body, sizeof(body), MANIFEST_FMT, config_type, cfg, strlen(config_json), layers);
    put_blob(body, digest);
    return strlen(body);
}

static void
layer_json(char *out, size_t size, const char *media_type, const char *data)
{
    char digest[72];

    put_blob(data, digest);
    snprintf(out, size, "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu}", media_type,
             digest, strlen(data));
}

/* Index documents that are well-formed JSON but not a usable image index. */
static const struct {
    const char *json, *message;
} bad_indexes[] = {
    {"{\"manifests\":[{\"digest\":\"" D_ART "\",\"size\":-1}]}",
     "manifests[0]: size is not a non-negative integer"},
    {"{\"manifests\":[{\"digest\":\"" D_ART "\",\"size\":1,\"annotations\":{\"a\":1}}]}",
     "manifests[0]: annotation values must be strings"},
    {"{\"manifests\":[{\"size\":1}]}", "manifests[0]: no digest"},
    {"{\"manifests\":{}}", "manifests is not an array"},
    {"{\"schemaVersion\":1,\"manifests\":[]}", "schemaVersion is not 2"},
    {"{\"config\":{},\"layers\":[]}", "expected an image index, found an image manifest"},
    {"[]", "not a JSON object"},
    {"{\"manifests\":[{\"digest\":\"" D_ART "\",\"size\":1,\"platform\":[]}]}",
     "manifests[0]: platform is not an object of strings"},
    {"{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"manifests\":[]}",
     "mediaType application/vnd.oci.image.manifest.v1+json does not match content"},
};

static void
test_hostile_index(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;
    char m[72], fifo[512], link[512];
    size_t msize, i;

    (void)state;
    put_index("{\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:../../x\",\"size\":1}]}");
    assert_int_equal(tmp_open(&d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, tmp_path("index.json"),
                 "manifests[0]: invalid digest \"sha256:../../x\"");

    put_index("{\"manifests\":[],\"manifests\":[]}");
    assert_int_equal(tmp_open(&d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, tmp_path("index.json"),
                 "invalid JSON: duplicate object key near '\"manifests\"'");
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 27);

    for (i = 0; i < sizeof(bad_indexes) / sizeof(bad_indexes[0]); i++) {
        put_index("%s", bad_indexes[i].json);
        assert_int_equal(tmp_open(&d), WP_EMALFORMED);
        assert_string_equal(d.message, bad_indexes[i].message);
    }

    /* Size mismatch, then a FIFO and a symlinked index.json. */
    msize = put_manifest("application/vnd.oci.image.config.v1+json", "{}", "", m);
    put_index("{\"manifests\":[" ENTRY_FMT "]}", m, msize + 1, "1");
    assert_int_equal(tmp_find("1", &d), WP_EMALFORMED);
    assert_string_equal(d.source, tmp_blob(m));
    assert_string_equal(d.message, "blob is 246 bytes, its descriptor says 247");
    put_index("{\"manifests\":[" ENTRY_FMT "]}", m, msize, "1");
    assert_int_equal(tmp_find("1", &d), WP_OK);
    assert_int_equal(img->kind, WP__OCI_UNSUPPORTED);

    snprintf(fifo, sizeof(fifo), "%s", tmp_blob(D_ART));
    assert_int_equal(mkfifo(fifo, 0600), 0);
    put_index("{\"manifests\":[" ENTRY_FMT "]}", D_ART, (size_t)443, "fifo");
    assert_int_equal(tmp_find("fifo", &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, fifo, "is not a regular file");
    unlink(fifo);

    snprintf(link, sizeof(link), "%s/index.json", tmp);
    rename(link, tmp_path("real-index.json"));
    assert_int_equal(symlink("real-index.json", link), 0);
    assert_int_equal(tmp_open(&d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, link, "is a symbolic link, which is refused");
    unlink(link);
    unlink(tmp_path("real-index.json"));
    assert_int_equal(tmp_open(&d), WP_EIO);
    expect_error(&d, WP_EIO, link, "cannot open: No such file or directory");
}

static void
test_hostile_images(void **state)
{
    struct wp_diag d = WP_DIAG_INIT;
    char m[72], m2[72], l1[512], l2[512], layers[1200], app[512], appd[72], cfg[256];
    size_t ms, ms2;

    (void)state;
    /* Two entries with the same tag and different digests. */
    ms = put_manifest("application/vnd.oci.image.config.v1+json", "{}", "", m);
    ms2 = put_manifest("application/vnd.oci.image.config.v1+json", "{\"os\":\"linux\"}", "", m2);
    put_index("{\"manifests\":[" ENTRY_FMT "," ENTRY_FMT "," ENTRY_FMT "," ENTRY_FMT "]}", m, ms,
              "1", m2, ms2, "1", m, ms, "ghcr.io/a/x:1", m2, ms2, "docker.io/b/y:2");
    assert_int_equal(tmp_find("ghcr.io/c/z:1", &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, tmp_path("index.json"),
                 "\"ghcr.io/c/z:1\" names images with different digests");
    assert_int_equal(tmp_find("1", &d), WP_EMALFORMED);
    assert_int_equal(tmp_find("ghcr.io/a/x:1", &d), WP_OK); /* a full match decides */
    assert_string_equal(img->manifest_digest, m);
    assert_int_equal(tmp_find("b/y:2", &d), WP_OK);
    assert_string_equal(img->manifest_digest, m2);
    assert_string_equal(img->os, "");

    /* A CNCF artifact with two wasm layers. */
    layer_json(l1, sizeof(l1), "application/wasm", "\0asm");
    layer_json(l2, sizeof(l2), "application/wasm", "second");
    snprintf(layers, sizeof(layers), "%s,%s", l1, l2);
    ms = put_manifest("application/vnd.wasm.config.v0+json", "{\"os\":\"wasip1\"}", layers, m);
    put_index("{\"manifests\":[" ENTRY_FMT "]}", m, ms, "two");
    assert_int_equal(tmp_find("two", &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, tmp_blob(m),
                 "a wasm artifact has one application/wasm layer, this one has 2");

    /* A config os that does not fit. */
    ms = put_manifest("application/vnd.wasm.config.v0+json",
                      "{\"os\":\"wasip2-but-much-longer\"}", l2, m);
    put_index("{\"manifests\":[" ENTRY_FMT "]}", m, ms, "long-os");
    assert_int_equal(tmp_find("long-os", &d), WP_EMALFORMED);
    assert_string_equal(d.message, "os \"wasip2-but-much-longer\" is too long");

    /* Spin: a component whose source is not a layer, then a wrong label. */
    put_blob("{\"components\":[{\"id\":\"api\",\"source\":{\"digest\":\"" D_ART "\"}}]}", appd);
    snprintf(app, sizeof(app),
             "{\"mediaType\":\"application/vnd.fermyon.spin.application.v1+config\","
             "\"digest\":\"%s\",\"size\":%zu}",
             appd, strlen("{\"components\":[{\"id\":\"api\",\"source\":{\"digest\":\"" D_ART
                          "\"}}]}"));
    layer_json(l1, sizeof(l1), "application/vnd.wasm.content.layer.v1+wasm", "\0asm");
    snprintf(layers, sizeof(layers), "%s,%s", l1, app);
    ms = put_manifest("application/vnd.oci.image.config.v1+json", "{\"os\":\"wasip1\"}", layers, m);
    put_index("{\"manifests\":[" ENTRY_FMT "]}", m, ms, "spin");
    assert_int_equal(tmp_find("spin", &d), WP_EMALFORMED);
    expect_error(&d, WP_EMALFORMED, tmp_blob(appd),
                 "component \"api\": source digest \"" D_ART "\" is not a wasm layer of the "
                 "manifest");
    snprintf(cfg, sizeof(cfg),
             "{\"os\":\"wasip1\",\"config\":{\"Labels\":{\"com.fermyon.spin.lockedAppDigest\":"
             "\"%s\"}}}", D_ART);
    ms = put_manifest("application/vnd.oci.image.config.v1+json", cfg, layers, m);
    put_index("{\"manifests\":[" ENTRY_FMT "]}", m, ms, "spin");
    assert_int_equal(tmp_find("spin", &d), WP_EMALFORMED);
    snprintf(cfg, sizeof(cfg),
             "label com.fermyon.spin.lockedAppDigest is \"" D_ART "\", not the locked-app layer %s",
             appd);
    assert_string_equal(d.message, cfg);
}

/* ---- allocation failures ---- */

static void
test_allocation_failures(void **state)
{
    static const char *const layouts[][2] = {
        { "spin-app", "ghcr.io/example/shop:1.0.0" },
        { "multi-platform", "latest" },
        { "referrer", "signed" },
    };
    struct chaos c = { 0, -1, 0, 0 };
    struct wp_allocator a = { WP_ALLOCATOR_VERSION, c_malloc, c_realloc, c_free, &c };
    struct wp_diag d = WP_DIAG_INIT;
    wp_context *ctx;

    (void)state;
    assert_int_equal(wp_context_new(&ctx, &a), WP_OK);
    for (size_t l = 0; l < 3; l++) {
        for (long n = 0;; n++) {
            int rc;
            c.calls = 0;
            c.fail_at = n;
            rc = find_in(ctx, fx(layouts[l][0], NULL), layouts[l][1], &d);
            c.fail_at = -1;
            if (rc == WP_OK)
                break;
            assert_int_equal(rc, WP_ENOMEM);
            assert_string_equal(d.message, "out of memory");
            assert_true(n < 1000);
        }
    }
    wp_context_free(ctx);
    assert_int_equal(c.live, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_nist),
        cmocka_unit_test(test_digest_syntax),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_wasm_artifact),
        cmocka_unit_test(test_spin_app),
        cmocka_unit_test(test_multi_platform),
        cmocka_unit_test(test_signatures),
        cmocka_unit_test(test_runwasi),
        cmocka_unit_test(test_broken_layouts),
        cmocka_unit_test(test_input_limit),
        cmocka_unit_test_setup_teardown(test_hostile_index, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_hostile_images, setup_tmp, teardown_tmp),
        cmocka_unit_test(test_allocation_failures),
    };
    int rc;

    fixtures = getenv("WP_OCI_FIXTURES");
    if (!fixtures) {
        fprintf(stderr, "WP_OCI_FIXTURES is not set\n");
        return 77;
    }
    img = malloc(sizeof(*img));
    if (!img)
        return 99;
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(img);
    return rc;
}
