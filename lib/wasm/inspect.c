/*
 * Inspecting a binary: check the preamble, walk the section headers, decode
 * only the import and export sections (and custom section names) and skip
 * everything else by its declared size. Nested modules and components are
 * skipped whole: their imports are satisfied by the parent, not the host.
 */
#include <inttypes.h>
#include <string.h>

#include "core/diag.h"
#include "core/file.h"
#include "wasm/wasm_impl.h"

/* Core module section order (wasmparser's Order); custom sections are free. */
static int
module_order(uint8_t id)
{
    static const int8_t order[] = { [1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5, [13] = 6,
                                    [6] = 7, [7] = 8, [8] = 9, [9] = 10, [12] = 11,
                                    [10] = 12, [11] = 13 };
    return id < sizeof(order) ? order[id] : 0;
}

static const char *
section_name(enum wp_wasm_kind kind, uint8_t id)
{
    if (kind == WP_WASM_MODULE)
        return id == 2 ? "import section" : "export section";
    return id == 10 ? "import section" : "export section";
}

const char *
wp__wasm_str(struct wp__wdec *d, const uint8_t *s, size_t len)
{
    char *p = wp__arena_strndup(&d->out->arena, (const char *)s, len);

    if (!p)
        wp__wfail(&d->r, s, WP_ENOMEM, "out of memory");
    return p;
}

static int
count_entry(struct wp__wdec *d, const uint8_t *at)
{
    uint64_t limit = wp_context_get_limit(d->r.ctx, WP_LIMIT_WASM_ENTRIES);

    if (++d->entries > limit)
        return wp__wfail(&d->r, at, WP_ELIMIT,
                         "more than %" PRIu64 " imports, exports and custom sections", limit);
    return 0;
}

struct wp_wasm_entry *
wp__wasm_add(struct wp__wdec *d, int is_import, const uint8_t *at, const uint8_t *name,
             uint32_t len)
{
    struct wp__entry_vec *v = is_import ? &d->out->imports : &d->out->exports;
    struct wp_wasm_entry *e;

    if (count_entry(d, at))
        return NULL;
    if (wp__reserve(d->r.ctx, (void **)&v->v, &v->cap, v->n + 1, sizeof(*v->v))) {
        wp__wfail(&d->r, at, WP_ENOMEM, "out of memory");
        return NULL;
    }
    e = &v->v[v->n];
    memset(e, 0, sizeof(*e));
    e->offset = (uint64_t)(at - d->r.base);
    e->name_len = len;
    if (!(e->name = wp__wasm_str(d, name, len)))
        return NULL;
    v->n++;
    return e;
}

static int
add_custom(struct wp__wdec *d, struct wp__cur body)
{
    wp_wasm *w = d->out;
    const uint8_t *name;
    uint32_t len;
    const char *copy;
    struct wp__wr quiet = d->r;

    /* A bad custom section name never fails the binary (core spec: custom
     * sections "must not invalidate the module"); its framing was already
     * checked by the caller. */
    quiet.diag = NULL;
    quiet.code = 0;
    if (wp__rd_name(&quiet, &body, "custom section name", &name, &len)) {
        wp__log(d->r.ctx, WP_SEVERITY_WARNING, d->r.source, (uint64_t)(body.p - d->r.base), 1,
                "custom section with a malformed name ignored");
        return 0;
    }
    if (count_entry(d, name))
        return d->r.code;
    if (wp__reserve(d->r.ctx, (void **)&w->customs, &w->customs_cap, w->ncustoms + 1,
                    sizeof(*w->customs)))
        return wp__wfail(&d->r, name, WP_ENOMEM, "out of memory");
    if (!(copy = wp__wasm_str(d, name, len)))
        return d->r.code;
    w->customs[w->ncustoms++] = copy;
    return 0;
}

static int
decode_section(struct wp__wdec *d, uint8_t id, struct wp__cur body)
{
    wp_wasm *w = d->out;
    int module = w->kind == WP_WASM_MODULE;
    int rc;

    if (id == 0)
        return add_custom(d, body);
    if (module ? id == 2 : id == 10)
        rc = module ? wp__module_imports(d, &body) : wp__component_imports(d, &body);
    else if (module ? id == 7 : id == 11)
        rc = module ? wp__module_exports(d, &body) : wp__component_exports(d, &body);
    else {
        if (!module && id == 1)
            w->nested_modules++;
        if (!module && id == 4)
            w->nested_components++;
        return 0;
    }
    if (rc)
        return rc;
    if (body.p != body.end)
        return wp__wfail(&d->r, body.p, WP_EMALFORMED,
                         "%s: section size mismatch: unexpected data at the end of the "
                         "section", section_name(w->kind, id));
    return 0;
}

static int
walk_sections(struct wp__wdec *d, struct wp__cur c)
{
    int last_order = 0;

    while (c.p < c.end) {
        const uint8_t *hdr = c.p;
        struct wp__cur body;
        uint32_t size;
        uint8_t id;
        int rc;

        if (wp__cur_left(&c) >= 4 && memcmp(c.p, "\0asm", 4) == 0)
            return wp__wfail(&d->r, hdr, WP_EMALFORMED,
                             "expected section, got wasm magic number");
        if ((rc = wp__rd_u8(&d->r, &c, &id)))
            return rc;
        if (id & 0x80)
            return wp__wfail(&d->r, hdr, WP_EMALFORMED, "malformed section id: 0x%02x", id);
        if ((rc = wp__rd_u32(&d->r, &c, &size)))
            return rc;
        if (size > wp__cur_left(&c))
            return wp__wfail(&d->r, hdr, WP_EMALFORMED,
                             "section too large: %" PRIu32 " bytes go past the end of "
                             "the file at 0x%" PRIx64, size,
                             (uint64_t)(c.end - d->r.base));
        body = (struct wp__cur){ c.p, c.p + size };
        c.p += size;
        if (d->out->kind == WP_WASM_MODULE && id != 0) {
            int ord = module_order(id);
            if (!ord)
                return wp__wfail(&d->r, hdr, WP_EMALFORMED, "malformed section id: %u", id);
            if (ord <= last_order)
                return wp__wfail(&d->r, hdr, WP_EMALFORMED,
                                 "section out of order or repeated (id %u)", id);
            last_order = ord;
        } else if (d->out->kind == WP_WASM_COMPONENT && id > 12) {
            return wp__wfail(&d->r, hdr, WP_EMALFORMED, "malformed section id: %u", id);
        }
        if ((rc = decode_section(d, id, body)))
            return rc;
    }
    return 0;
}

/* Preamble: magic, then a u16 version and u16 layer. The layer tells
 * modules from components; the version then picks the encoding. */
static int
read_preamble(struct wp__wdec *d, struct wp__cur *c)
{
    const uint8_t *p = c->p;
    unsigned version, layer;

    if (wp__cur_left(c) < 4 || memcmp(p, "\0asm", 4) != 0) {
        if (wp__cur_left(c) == 0)
            return wp__wfail(&d->r, p, WP_EMALFORMED, "empty file: not a WebAssembly binary");
        return wp__wfail(&d->r, p, WP_EMALFORMED,
                         "magic header not detected: not a WebAssembly binary");
    }
    if (wp__cur_left(c) < 8)
        return wp__wfail(&d->r, c->end, WP_EMALFORMED,
                         "unexpected end-of-file in the preamble");
    version = (unsigned)p[4] | (unsigned)p[5] << 8;
    layer = (unsigned)p[6] | (unsigned)p[7] << 8;
    d->out->version = version;
    if (layer == 0 && version == 1) {
        d->out->kind = WP_WASM_MODULE;
    } else if (layer == 1 && (version == 0x0d || version == 0x0c || version == 0x0b)) {
        d->out->kind = WP_WASM_COMPONENT;
    } else if (layer == 1 && version == 0x0a) {
        return wp__wfail(&d->r, p + 4, WP_EUNSUPPORTED,
                         "legacy component encoding 0x0a (2022) is not supported; "
                         "rebuild with a current toolchain");
    } else if (layer == 1) {
        return wp__wfail(&d->r, p + 4, WP_EUNSUPPORTED,
                         "unknown component encoding version 0x%x; this reader knows "
                         "0x0d (and legacy 0x0b, 0x0c)", version);
    } else {
        return wp__wfail(&d->r, p + 4, WP_EUNSUPPORTED,
                         "unknown binary version: 0x%x (layer %u)", version, layer);
    }
    c->p += 8;
    return 0;
}

int
wp_wasm_inspect(wp_wasm **out, wp_context *ctx, const void *data, size_t size,
                const char *source, struct wp_diag *diag)
{
    struct wp__wdec d;
    struct wp__cur c;
    wp_wasm *w;
    int rc;

    if (!out)
        return WP_EINVAL;
    *out = NULL;
    if (!ctx || (!data && size))
        return wp__diag_set(diag, WP_EINVAL, source, "invalid argument");
    if ((uint64_t)size > wp_context_get_limit(ctx, WP_LIMIT_INPUT_BYTES))
        return wp__diag_set(diag, WP_ELIMIT, source,
                            "input is larger than the limit of %" PRIu64 " bytes",
                            wp_context_get_limit(ctx, WP_LIMIT_INPUT_BYTES));
    if (!(w = wp__calloc(ctx, 1, sizeof(*w))))
        return wp__diag_set(diag, WP_ENOMEM, source, "out of memory");
    w->ctx = ctx;
    wp__arena_init(&w->arena, ctx);
    if (!data) /* NULL with size 0 is an empty buffer; never offset NULL */
        data = "";
    memset(&d, 0, sizeof(d));
    d.r = (struct wp__wr){ ctx, data, source, diag, 0 };
    d.out = w;
    c = (struct wp__cur){ data, (const uint8_t *)data + size };
    rc = read_preamble(&d, &c);
    if (!rc)
        rc = walk_sections(&d, c);
    if (rc) {
        wp_wasm_free(w);
        return rc;
    }
    for (size_t i = 0; i < w->imports.n; i++)
        w->caps |= w->imports.v[i].caps;
    *out = w;
    return WP_OK;
}

int
wp_wasm_inspect_file(wp_wasm **out, wp_context *ctx, const char *path, struct wp_diag *diag)
{
    struct wp__file f;
    int rc;

    if (!out)
        return WP_EINVAL;
    *out = NULL;
    if (!ctx || !path)
        return wp__diag_set(diag, WP_EINVAL, path, "invalid argument");
    if ((rc = wp__file_open(&f, ctx, path, diag)))
        return rc;
    rc = wp_wasm_inspect(out, ctx, f.data, f.size, path, diag);
    wp__file_close(&f, ctx);
    return rc;
}

void
wp_wasm_free(wp_wasm *w)
{
    const wp_context *ctx;

    if (!w)
        return;
    ctx = w->ctx;
    wp__free(ctx, w->imports.v);
    wp__free(ctx, w->exports.v);
    wp__free(ctx, w->customs);
    wp__arena_release(&w->arena);
    wp__free(ctx, w);
}
