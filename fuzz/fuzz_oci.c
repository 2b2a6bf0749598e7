/*
 * libFuzzer target: the OCI layout reader's JSON side over arbitrary
 * bytes. The input is parsed as an image index, a manifest and either
 * (every descriptor must come out validated: a sha256 digest of 64
 * lower-case hex or marked unsupported), index lookup and platform choice
 * run over it, and the input as a string goes through digest syntax and
 * name normalisation (normalising twice must change nothing). Then it
 * becomes index.json of a scratch layout (made once, under $TMPDIR) whose
 * blobs are a small wasm artifact and an index over it, and references
 * are followed through the real blob reader.
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "artifact/oci_impl.h"
#include "artifact/ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch layout: fixed blobs, index.json rewritten per input. While
 * the blobs below are unchanged, the manifest is
 * sha256:6263a46af04c240d8f8f5ef8decbd36d866ea3a0e507b1d6c1c2a214e970e1d4
 * (309 bytes) and the index over it
 * sha256:e524b67cb11422ae9367adab56beb3da7569438c3abb68246e9eb972c466260d
 * (235 bytes); the seeds in fuzz/seeds/oci name both. */
static const char config_json[] = "{\"architecture\":\"wasm\",\"os\":\"wasip2\"}";
static const char layer[] = "\0asm\x0d\0\x01\0";
static char dir[64], index_path[128], files[8][160], manifest[72];
static size_t nfiles;

static void
cleanup(void)
{
    for (size_t i = 0; i < nfiles; i++)
        unlink(files[i]);
    unlink(index_path);
    for (int i = 3; i >= 0; i--) {
        char p[160];
        static const char *const sub[] = { "", "/blobs", "/blobs/sha256", "/oci-layout" };
        snprintf(p, sizeof(p), "%s%s", dir, sub[i]);
        if (i == 3)
            unlink(p);
        else
            rmdir(p);
    }
}

static void
put(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");

    if (!f || fwrite(buf, 1, len, f) != len)
        abort();
    fclose(f);
}

/* Store @buf as a blob; @digest gets its name. */
static void
put_blob(const void *buf, size_t len, char digest[72])
{
    char hex[65];

    wp__sha256_hex(buf, len, hex);
    snprintf(digest, 72, "sha256:%s", hex);
    snprintf(files[nfiles], sizeof(files[0]), "%s/blobs/sha256/%s", dir, hex);
    put(files[nfiles++], buf, len);
}

static int
make_layout(void)
{
    const char *t = getenv("TMPDIR");
    char path[160], cfg[72], lay[72], idx[72], body[1024];
    int n;

    snprintf(dir, sizeof(dir), "%s/wp-fuzz-oci-XXXXXX", t && strlen(t) < 30 ? t : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    atexit(cleanup);
    snprintf(path, sizeof(path), "%s/blobs", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/blobs/sha256", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/oci-layout", dir);
    put(path, "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
    snprintf(index_path, sizeof(index_path), "%s/index.json", dir);
    put_blob(config_json, sizeof(config_json) - 1, cfg);
    put_blob(layer, sizeof(layer) - 1, lay);
    n = snprintf(body, sizeof(body),
                 "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.wasm.config."
                 "v0+json\",\"digest\":\"%s\",\"size\":%zu},\"layers\":[{\"mediaType\":"
                 "\"application/wasm\",\"digest\":\"%s\",\"size\":%zu}]}",
                 cfg, sizeof(config_json) - 1, lay, sizeof(layer) - 1);
    put_blob(body, (size_t)n, manifest);
    n = snprintf(body, sizeof(body),
                 "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image."
                 "manifest.v1+json\",\"digest\":\"%s\",\"size\":%d,\"platform\":{\"architecture\":"
                 "\"wasm\",\"os\":\"wasip2\"}}]}",
                 manifest, n);
    put_blob(body, (size_t)n, idx);
    return 0;
}

static void
check_error(int rc, const struct wp_diag *d)
{
    if (rc >= 0 || d->code != rc || !d->message[0] || strlen(d->message) >= sizeof(d->message))
        __builtin_trap();
}

static void
check_desc(const struct wp__oci_desc *d)
{
    if (!d->media_type || !d->artifact_type || !d->raw_digest)
        __builtin_trap();
    if (d->unsupported ? d->digest[0] != '\0'
                       : strlen(d->digest) != 71 || wp__oci_digest_check(d->digest) != WP_OK)
        __builtin_trap();
}

static void
parse_as(const wp_context *ctx, const uint8_t *data, size_t size, enum wp__oci_doc_kind kind,
         const char *ref)
{
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__oci_doc doc;
    size_t which;
    int rc = wp__oci_doc_parse(&doc, ctx, data, size, kind, 256, "fuzz.json", &d);

    if (rc) {
        check_error(rc, &d);
        if (strcmp(d.source, "fuzz.json") != 0)
            __builtin_trap();
        return;
    }
    for (size_t i = 0; i < doc.ndescs; i++)
        check_desc(&doc.descs[i]);
    if (doc.is_index) {
        if (!wp__oci_pick_platform(&which, &doc, "fuzz.json", &d) && which >= doc.ndescs)
            __builtin_trap();
        if (!wp__oci_index_lookup(&which, &doc, ref, "fuzz.json", &d) && which >= doc.ndescs)
            __builtin_trap();
        if (!wp__oci_index_lookup(&which, &doc, "latest", "fuzz.json", &d) && which >= doc.ndescs)
            __builtin_trap();
    } else {
        check_desc(&doc.config);
        if (doc.has_subject && wp__oci_digest_check(doc.subject) != WP_OK)
            __builtin_trap();
        (void)wp__oci_signature_type(doc.artifact_type);
    }
    wp__oci_doc_release(&doc, ctx);
}

/* Syntax of the input as one string: digests and references. */
static void
strings(const uint8_t *data, size_t size, char *ref, size_t ref_size)
{
    char once[600], twice[600];
    size_t n = size < ref_size - 1 ? size : ref_size - 1;

    memcpy(ref, data, n);
    ref[n] = '\0';
    (void)wp__oci_digest_check(ref);
    /* The reader normalises names only: a reference with a digest is
     * looked up by digest. */
    if (!strchr(ref, '@') && wp__ref_normalize(ref, once, sizeof(once)) == 0 &&
        (wp__ref_normalize(once, twice, sizeof(twice)) != 0 || strcmp(once, twice) != 0))
        __builtin_trap();
}

/* index.json of the scratch layout, then real lookups. */
static void
layout(const wp_context *ctx, const uint8_t *data, size_t size, const char *ref)
{
    static struct wp__oci_image img;
    struct wp_diag d = WP_DIAG_INIT;
    struct wp__oci *oci;
    const char *const refs[] = { "latest", "ghcr.io/example/app:1.0", manifest, ref };
    int rc;

    put(index_path, data, size);
    if ((rc = wp__oci_open(&oci, ctx, dir, &d))) {
        check_error(rc, &d);
        return;
    }
    for (size_t i = 0; i < sizeof(refs) / sizeof(*refs); i++) {
        rc = wp__oci_find(oci, refs[i], &img, &d);
        if (rc)
            check_error(rc, &d);
        else if (img.has_wasm && img.wasm.binary != WP__OCI_BIN_COMPONENT)
            __builtin_trap();
    }
    wp__oci_close(oci);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char ref[300];
    wp_context *ctx;

    if (!ready)
        ready = make_layout() == 0 ? 1 : -1;
    if (wp_context_new(&ctx, NULL) != WP_OK)
        return 0;
    wp_context_set_limit(ctx, WP_LIMIT_INPUT_BYTES, 1u << 20);
    wp_context_set_limit(ctx, WP_LIMIT_NODES, 4096);
    strings(data, size, ref, sizeof(ref));
    parse_as(ctx, data, size, WP__OCI_DOC_ANY, ref);
    parse_as(ctx, data, size, WP__OCI_DOC_INDEX, ref);
    parse_as(ctx, data, size, WP__OCI_DOC_MANIFEST, ref);
    (void)wp__oci_layout_check(data, size, "fuzz.json", NULL);
    if (ready > 0)
        layout(ctx, data, size, ref);
    wp_context_free(ctx);
    return 0;
}
