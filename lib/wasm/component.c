/*
 * Component import (id 10) and export (id 11) sections of the outermost
 * component. Type indices are opaque here: the extern kind is all policy
 * needs, and not decoding type sections keeps the reader working on
 * binaries whose type encodings changed under the same version number.
 *
 * Legacy encodings 0x0b and 0x0c (2023) are read too: their entries carry a
 * URL string after the name and no name-kind prefix byte; 0x0c exports also
 * take an optional type ascription.
 */
#include "wasm/wasm_impl.h"

static int
bad_byte(struct wp__wdec *d, const uint8_t *at, uint8_t b, const char *what)
{
    return wp__wfail(&d->r, at, WP_EMALFORMED, "invalid leading byte (0x%02x) for %s", b,
                     what);
}

/* Component value type: a primitive code, or a non-negative s33 type index
 * (as wasmparser reads value imports). */
static int
rd_valtype(struct wp__wdec *d, struct wp__cur *c)
{
    const uint8_t *at = c->p;
    int64_t idx;
    int rc;

    if (c->p < c->end && ((*c->p >= 0x73 && *c->p <= 0x7f) || *c->p == 0x64)) {
        c->p++;
        return 0;
    }
    if ((rc = wp__rd_s33(&d->r, c, &idx)))
        return rc;
    if (idx < 0)
        return wp__wfail(&d->r, at, WP_EMALFORMED, "invalid component value type");
    return 0;
}

static int
rd_externtype(struct wp__wdec *d, struct wp__cur *c, enum wp_extern_kind *kind)
{
    const uint8_t *at = c->p;
    uint32_t idx;
    uint8_t b, x;
    int rc;

    if ((rc = wp__rd_u8(&d->r, c, &b)))
        return rc;
    switch (b) {
    case 0x00:
        at = c->p;
        if ((rc = wp__rd_u8(&d->r, c, &x)))
            return rc;
        if (x != 0x11)
            return bad_byte(d, at, x, "component external kind (core)");
        *kind = WP_EXTERN_MODULE;
        return wp__rd_u32(&d->r, c, &idx);
    case 0x01:
        *kind = WP_EXTERN_FUNC;
        return wp__rd_u32(&d->r, c, &idx);
    case 0x02:
        *kind = WP_EXTERN_VALUE;
        return rd_valtype(d, c);
    case 0x03:
        *kind = WP_EXTERN_TYPE;
        at = c->p;
        if ((rc = wp__rd_u8(&d->r, c, &x)))
            return rc;
        if (x == 0x00)
            return wp__rd_u32(&d->r, c, &idx);
        if (x == 0x01 && d->out->version >= 0x0d)
            return 0; /* (sub resource) */
        return bad_byte(d, at, x, "type bound");
    case 0x04:
        *kind = WP_EXTERN_COMPONENT;
        return wp__rd_u32(&d->r, c, &idx);
    case 0x05:
        *kind = WP_EXTERN_INSTANCE;
        return wp__rd_u32(&d->r, c, &idx);
    }
    return bad_byte(d, at, b, "component external kind");
}

/* nameattributes: 0x00/0x01 name (same meaning since CM #263), or
 * 0x02 name vec(attribute); legacy encodings: name url. */
static int
rd_nameattrs(struct wp__wdec *d, struct wp__cur *c, const char *what,
             const uint8_t **name, uint32_t *len, const uint8_t **impl, uint32_t *impl_len)
{
    const uint8_t *at = c->p, *s;
    uint32_t n, slen;
    uint8_t form;
    int rc;

    *impl = NULL;
    *impl_len = 0;
    if (d->out->version < 0x0d) {
        if ((rc = wp__rd_name(&d->r, c, what, name, len)))
            return rc;
        return wp__rd_name(&d->r, c, "url", &s, &slen);
    }
    if ((rc = wp__rd_u8(&d->r, c, &form)))
        return rc;
    if (form > 0x02)
        return bad_byte(d, at, form, "component name");
    if ((rc = wp__rd_name(&d->r, c, what, name, len)))
        return rc;
    if (form != 0x02)
        return 0;
    if ((rc = wp__rd_u32(&d->r, c, &n)))
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t a;
        at = c->p;
        if ((rc = wp__rd_u8(&d->r, c, &a)))
            return rc;
        if (a > 0x02)
            return bad_byte(d, at, a, "name option");
        if ((rc = wp__rd_name(&d->r, c, "name attribute", &s, &slen)))
            return rc;
        if (a == 0x00) { /* implements "<interfacename>" */
            *impl = s;
            *impl_len = slen;
        }
    }
    return 0;
}

static int
add_entry(struct wp__wdec *d, int is_import, const uint8_t *at, const uint8_t *name,
          uint32_t len, const uint8_t *impl, uint32_t impl_len, enum wp_extern_kind kind)
{
    struct wp_wasm_entry *e = wp__wasm_add(d, is_import, at, name, len);

    if (!e)
        return d->r.code;
    if (impl && !(e->implements = wp__wasm_str(d, impl, impl_len)))
        return d->r.code;
    e->kind = kind;
    wp__iface_parse(d, e);
    if (is_import)
        e->caps = wp__caps_of_import(e);
    return 0;
}

int
wp__component_imports(struct wp__wdec *d, struct wp__cur *c)
{
    const uint8_t *name, *impl;
    uint32_t count, len, impl_len;
    int rc;

    if ((rc = wp__rd_u32(&d->r, c, &count)))
        return rc;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *at = c->p;
        enum wp_extern_kind kind = 0; /* set by the reader on success */

        if ((rc = rd_nameattrs(d, c, "import name", &name, &len, &impl, &impl_len)) ||
            (rc = rd_externtype(d, c, &kind)) ||
            (rc = add_entry(d, 1, at, name, len, impl, impl_len, kind)))
            return rc;
    }
    return 0;
}

static int
rd_sort(struct wp__wdec *d, struct wp__cur *c, enum wp_extern_kind *kind)
{
    static const enum wp_extern_kind sorts[] = { 0, WP_EXTERN_FUNC, WP_EXTERN_VALUE,
                                                 WP_EXTERN_TYPE, WP_EXTERN_COMPONENT,
                                                 WP_EXTERN_INSTANCE };
    const uint8_t *at = c->p;
    uint8_t s, x;
    int rc;

    if ((rc = wp__rd_u8(&d->r, c, &s)))
        return rc;
    if (s > 0x05)
        return bad_byte(d, at, s, "component sort");
    if (s != 0x00) {
        *kind = sorts[s];
        return 0;
    }
    at = c->p;
    if ((rc = wp__rd_u8(&d->r, c, &x)))
        return rc;
    if (x != 0x11) /* a component may only export core modules */
        return bad_byte(d, at, x, "core sort in component export");
    *kind = WP_EXTERN_MODULE;
    return 0;
}

int
wp__component_exports(struct wp__wdec *d, struct wp__cur *c)
{
    const uint8_t *name, *impl;
    uint32_t count, len, impl_len, idx;
    int rc;

    if ((rc = wp__rd_u32(&d->r, c, &count)))
        return rc;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *at = c->p, *oat;
        enum wp_extern_kind kind = 0, ascribed = 0;
        uint8_t opt = 0;

        if ((rc = rd_nameattrs(d, c, "export name", &name, &len, &impl, &impl_len)) ||
            (rc = rd_sort(d, c, &kind)) || (rc = wp__rd_u32(&d->r, c, &idx)))
            return rc;
        if (d->out->version >= 0x0c) {
            oat = c->p;
            if ((rc = wp__rd_u8(&d->r, c, &opt)))
                return rc;
            if (opt > 1)
                return bad_byte(d, oat, opt, "optional component export type");
            if (opt && (rc = rd_externtype(d, c, &ascribed)))
                return rc;
        }
        if ((rc = add_entry(d, 0, at, name, len, impl, impl_len, kind)))
            return rc;
    }
    return 0;
}
