/*
 * Core module import (id 2) and export (id 7) sections. Core imports have no
 * length prefix, so each descriptor must be decoded to find the next entry:
 * this is the only place the reader needs value and reference type codes.
 */
#include "wasm/wasm_impl.h"

static int
rd_heaptype(struct wp__wdec *d, struct wp__cur *c)
{
    int64_t v;

    if (c->p < c->end && (*c->p == 0x65 || *c->p == 0x62))
        c->p++; /* shared / exact prefix, then the heap type proper */
    return wp__rd_s33(&d->r, c, &v);
}

/* Value types: one-byte codes, or 0x63/0x64 (ref null / ref) + heap type. */
static int
rd_valtype(struct wp__wdec *d, struct wp__cur *c)
{
    const uint8_t *at = c->p;
    uint8_t b;
    int rc;

    if ((rc = wp__rd_u8(&d->r, c, &b)))
        return rc;
    if (b == 0x63 || b == 0x64)
        return rd_heaptype(d, c);
    if (b >= 0x68 && b <= 0x7f) /* numeric, vector and abbreviated ref types */
        return 0;
    return wp__wfail(&d->r, at, WP_EMALFORMED,
                     "invalid leading byte (0x%02x) for value type", b);
}

static int
rd_limit_value(struct wp__wdec *d, struct wp__cur *c, int is64)
{
    uint64_t v64;
    uint32_t v32;

    return is64 ? wp__rd_u64(&d->r, c, &v64) : wp__rd_u32(&d->r, c, &v32);
}

static int
rd_limits(struct wp__wdec *d, struct wp__cur *c, int memory)
{
    const uint8_t *at = c->p;
    uint8_t flags;
    int rc;

    if ((rc = wp__rd_u8(&d->r, c, &flags)))
        return rc;
    if (flags > (memory ? 0x0f : 0x07))
        return wp__wfail(&d->r, at, WP_EMALFORMED,
                         "invalid %s limits flags (0x%02x)", memory ? "memory" : "table",
                         flags);
    /* bit 0: has a maximum; bit 2: 64-bit limits */
    if ((rc = rd_limit_value(d, c, flags & 4)))
        return rc;
    if ((flags & 1) && (rc = rd_limit_value(d, c, flags & 4)))
        return rc;
    if (memory && (flags & 8)) { /* custom page size: log2 */
        uint32_t log2;
        at = c->p;
        if ((rc = wp__rd_u32(&d->r, c, &log2)))
            return rc;
        if (log2 >= 64)
            return wp__wfail(&d->r, at, WP_EMALFORMED, "invalid custom page size");
    }
    return 0;
}

static int
rd_desc(struct wp__wdec *d, struct wp__cur *c, enum wp_extern_kind *kind)
{
    const uint8_t *at = c->p;
    uint32_t idx;
    uint8_t b, x;
    int rc;

    if ((rc = wp__rd_u8(&d->r, c, &b)))
        return rc;
    switch (b) {
    case 0x00:
    case 0x20: /* exact func (custom-descriptors proposal) */
        *kind = WP_EXTERN_FUNC;
        return wp__rd_u32(&d->r, c, &idx);
    case 0x01:
        *kind = WP_EXTERN_TABLE;
        if ((rc = rd_valtype(d, c)))
            return rc;
        return rd_limits(d, c, 0);
    case 0x02:
        *kind = WP_EXTERN_MEMORY;
        return rd_limits(d, c, 1);
    case 0x03:
        *kind = WP_EXTERN_GLOBAL;
        if ((rc = rd_valtype(d, c)))
            return rc;
        at = c->p;
        if ((rc = wp__rd_u8(&d->r, c, &x)))
            return rc;
        if (x > 3)
            return wp__wfail(&d->r, at, WP_EMALFORMED,
                             "invalid leading byte (0x%02x) for global mutability", x);
        return 0;
    case 0x04:
        *kind = WP_EXTERN_TAG;
        at = c->p;
        if ((rc = wp__rd_u8(&d->r, c, &x)))
            return rc;
        if (x != 0)
            return wp__wfail(&d->r, at, WP_EMALFORMED, "invalid tag attribute (0x%02x)", x);
        return wp__rd_u32(&d->r, c, &idx);
    }
    return wp__wfail(&d->r, at, WP_EMALFORMED,
                     "invalid leading byte (0x%02x) for external kind", b);
}

static int
add_import(struct wp__wdec *d, const uint8_t *at, const uint8_t *mod, uint32_t modlen,
           const uint8_t *name, uint32_t len, enum wp_extern_kind kind)
{
    struct wp_wasm_entry *e = wp__wasm_add(d, 1, at, name, len);

    if (!e || !(e->module = wp__wasm_str(d, mod, modlen)))
        return d->r.code;
    e->kind = kind;
    e->caps = wp__caps_of_import(e);
    return 0;
}

/* Compact imports (feature-gated proposal): one outer entry that expands to
 * several, announced by an empty field name followed by 0x7f or 0x7e. */
static int
rd_compact(struct wp__wdec *d, struct wp__cur *c, const uint8_t *at, const uint8_t *mod,
           uint32_t modlen, uint8_t form)
{
    enum wp_extern_kind kind = 0;
    const uint8_t *name;
    uint32_t n, len;
    int rc;

    c->p++; /* the form byte */
    if (form == 0x7e && (rc = rd_desc(d, c, &kind)))
        return rc;
    if ((rc = wp__rd_u32(&d->r, c, &n)))
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *eat = c->p;
        if ((rc = wp__rd_name(&d->r, c, "import name", &name, &len)))
            return rc;
        if (form == 0x7f && (rc = rd_desc(d, c, &kind)))
            return rc;
        if ((rc = add_import(d, i ? eat : at, mod, modlen, name, len, kind)))
            return rc;
    }
    return 0;
}

int
wp__module_imports(struct wp__wdec *d, struct wp__cur *c)
{
    const uint8_t *mod, *name;
    uint32_t count, modlen, len;
    int rc;

    if ((rc = wp__rd_u32(&d->r, c, &count)))
        return rc;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *at = c->p;
        enum wp_extern_kind kind = 0; /* set by rd_desc on success */

        if ((rc = wp__rd_name(&d->r, c, "import module name", &mod, &modlen)) ||
            (rc = wp__rd_name(&d->r, c, "import name", &name, &len)))
            return rc;
        if (len == 0 && c->p < c->end && (*c->p == 0x7f || *c->p == 0x7e)) {
            if ((rc = rd_compact(d, c, at, mod, modlen, *c->p)))
                return rc;
            continue;
        }
        if ((rc = rd_desc(d, c, &kind)) ||
            (rc = add_import(d, at, mod, modlen, name, len, kind)))
            return rc;
    }
    return 0;
}

int
wp__module_exports(struct wp__wdec *d, struct wp__cur *c)
{
    static const enum wp_extern_kind kinds[] = { WP_EXTERN_FUNC, WP_EXTERN_TABLE,
                                                 WP_EXTERN_MEMORY, WP_EXTERN_GLOBAL,
                                                 WP_EXTERN_TAG };
    const uint8_t *name;
    uint32_t count, len, idx;
    int rc;

    if ((rc = wp__rd_u32(&d->r, c, &count)))
        return rc;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *at = c->p, *kat;
        struct wp_wasm_entry *e;
        uint8_t k;

        if ((rc = wp__rd_name(&d->r, c, "export name", &name, &len)))
            return rc;
        kat = c->p;
        if ((rc = wp__rd_u8(&d->r, c, &k)) || (rc = wp__rd_u32(&d->r, c, &idx)))
            return rc;
        if (k > 4)
            return wp__wfail(&d->r, kat, WP_EMALFORMED,
                             "invalid leading byte (0x%02x) for external kind", k);
        if (!(e = wp__wasm_add(d, 0, at, name, len)))
            return d->r.code;
        e->kind = kinds[k];
    }
    return 0;
}
