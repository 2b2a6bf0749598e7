/*
 * Interface names: "ns:pkg/iface@version" (component model Explainer,
 * "Import and Export Definitions"). The version is everything after the
 * first '@', the package path everything before the first '/', and the
 * namespaces everything before the last ':' of the package path, as
 * wasmparser splits them. A name that does not follow the grammar is kept
 * as a plain name; if it looked like an interface name, a warning is logged.
 */
#include <string.h>

#include "wasm/wasm_impl.h"

static int
is_lower_digit(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

static int
is_alnum(char ch)
{
    return is_lower_digit(ch) || (ch >= 'A' && ch <= 'Z');
}

/* words / label: fragments of [a-z0-9] (labels also all-upper) joined by
 * single '-', the first fragment starting with a letter. */
static int
kebab(const char *s, size_t n, int allow_upper)
{
    size_t frag = 0;

    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (allow_upper && s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-') {
            if (frag == 0)
                return 0;
            frag = 0;
        } else if (allow_upper ? is_alnum(s[i]) : is_lower_digit(s[i])) {
            frag++;
        } else {
            return 0;
        }
    }
    return frag > 0;
}

/* A sequence of kebab parts separated by @sep. */
static int
kebab_path(const char *s, size_t n, char sep, int allow_upper)
{
    size_t start = 0;

    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == sep) {
            if (!kebab(s + start, i - start, allow_upper))
                return 0;
            start = i + 1;
        }
    }
    return 1;
}

static int
semverish(const char *s, size_t n)
{
    if (n == 0 || !(s[0] >= '0' && s[0] <= '9'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum(s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '+')
            return 0;
    return 1;
}

int
wp__iface_split(const char *s, size_t n, struct wp__span parts[4])
{
    const char *at = memchr(s, '@', n);
    size_t path_n = at ? (size_t)(at - s) : n;
    const char *slash = memchr(s, '/', path_n);
    const char *colon = NULL;

    if (!slash)
        return 0;
    for (const char *p = s; p < slash; p++)
        if (*p == ':')
            colon = p;
    if (!colon)
        return 0;
    parts[0] = (struct wp__span){ s, (size_t)(colon - s) };
    parts[1] = (struct wp__span){ colon + 1, (size_t)(slash - colon - 1) };
    parts[2] = (struct wp__span){ slash + 1, path_n - (size_t)(slash - s) - 1 };
    parts[3] = at ? (struct wp__span){ at + 1, n - path_n - 1 } : (struct wp__span){ NULL, 0 };
    if (!kebab_path(parts[0].p, parts[0].n, ':', 0) || !kebab(parts[1].p, parts[1].n, 0) ||
        !kebab_path(parts[2].p, parts[2].n, '/', 1))
        return 0;
    if (at && !semverish(parts[3].p, parts[3].n))
        return 0;
    return 1;
}

void
wp__iface_parse(struct wp__wdec *d, struct wp_wasm_entry *e)
{
    struct wp__span parts[4];

    if (!wp__iface_split(e->name, e->name_len, parts)) {
        if (memchr(e->name, ':', e->name_len) && memchr(e->name, '/', e->name_len))
            wp__log(d->r.ctx, WP_SEVERITY_WARNING, d->r.source, e->offset, 1,
                    "name '%s' looks like an interface name but does not follow the "
                    "grammar; treated as a plain name", e->name);
        return;
    }
    for (int i = 0; i < 4; i++) {
        if (!parts[i].p)
            continue;
        e->iface[i] = wp__wasm_str(d, (const uint8_t *)parts[i].p, parts[i].n);
        if (!e->iface[i])
            return;
    }
}
