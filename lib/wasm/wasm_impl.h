/* The inspection result, shared by the module and component readers. */
#ifndef WP_WASM_IMPL_H
#define WP_WASM_IMPL_H

#include <stdint.h>

#include <wasmpolicy/wasm.h>

#include "core/arena.h"
#include "wasm/cursor.h"

struct wp_wasm_entry {
    const char *name;
    size_t name_len;
    const char *module;       /* core imports only */
    const char *implements;   /* 0x02 name form attribute */
    const char *iface[4];     /* namespace, package, interface, version */
    uint64_t offset;
    uint64_t caps;
    enum wp_extern_kind kind;
};

struct wp__entry_vec {
    struct wp_wasm_entry *v;
    size_t n, cap;
};

struct wp_wasm {
    const wp_context *ctx;
    struct wp__arena arena;   /* every string the result reports */
    enum wp_wasm_kind kind;
    unsigned version;
    struct wp__entry_vec imports, exports;
    const char **customs;
    size_t ncustoms, customs_cap;
    size_t nested_modules, nested_components;
    uint64_t caps;
};

/* Decoding state for one binary. */
struct wp__wdec {
    struct wp__wr r;
    wp_wasm *out;
    uint64_t entries;         /* imports + exports + custom names so far */
};

/* Append an entry (growing geometrically, never from a claimed count).
 * Returns it zeroed with name copied, or NULL after recording the error. */
struct wp_wasm_entry *wp__wasm_add(struct wp__wdec *d, int is_import, const uint8_t *at,
                                   const uint8_t *name, uint32_t len);
/* Copy a borrowed string into the result; NULL after recording ENOMEM. */
const char *wp__wasm_str(struct wp__wdec *d, const uint8_t *s, size_t len);

/* Section walkers: each decodes one section body exactly. */
int wp__module_imports(struct wp__wdec *d, struct wp__cur *c);
int wp__module_exports(struct wp__wdec *d, struct wp__cur *c);
int wp__component_imports(struct wp__wdec *d, struct wp__cur *c);
int wp__component_exports(struct wp__wdec *d, struct wp__cur *c);

/* Fill e->iface[] when e->name is a well-formed interface name. */
void wp__iface_parse(struct wp__wdec *d, struct wp_wasm_entry *e);
/* Split "ns:pkg/iface@ver" into parts (borrowed spans); 1 if well-formed. */
struct wp__span { const char *p; size_t n; };
int wp__iface_split(const char *s, size_t n, struct wp__span parts[4]);

/* Capability classes of an import (uses module, name, implements). */
uint64_t wp__caps_of_import(const struct wp_wasm_entry *e);

#endif
