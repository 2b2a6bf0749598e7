/* The import -> capability class table (data; documented in libwasmpolicy(3)). */
#ifndef WP_WASM_CAPTABLE_H
#define WP_WASM_CAPTABLE_H

#include <stddef.h>
#include <stdint.h>

enum wp__cap_match {
    WP__CAP_IFACE = 1,   /* "ns:pkg/iface", any version */
    WP__CAP_PACKAGE,     /* "ns:pkg", every interface */
    WP__CAP_P1_FUNC,     /* preview1 function, exact */
    WP__CAP_P1_PREFIX,   /* preview1 function name prefix */
    WP__CAP_CORE_MODULE  /* core import module name, exact */
};

struct wp__cap_rule {
    enum wp__cap_match match;
    const char *pattern;
    uint64_t caps;
};

extern const struct wp__cap_rule wp__cap_table[];
extern const size_t wp__cap_table_len;

/* Classes for an interface name "ns:pkg/iface[@ver]" (version ignored). */
uint64_t wp__caps_of_interface(const char *name, size_t len);

#endif
