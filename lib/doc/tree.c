/* Reading a document tree: counts, lookups and paths. */
#include <string.h>

#include "doc/tree.h"

size_t
wp__node_count(const struct wp__node *n)
{
    if (!n)
        return 0;
    if (n->kind == WP__NODE_MAPPING)
        return n->c.map.n;
    return n->kind == WP__NODE_SEQUENCE ? n->c.seq.n : 0;
}

const struct wp__node *
wp__node_item(const struct wp__node *seq, size_t i)
{
    if (!seq || seq->kind != WP__NODE_SEQUENCE || i >= seq->c.seq.n)
        return NULL;
    return seq->c.seq.v[i];
}

const struct wp__entry *
wp__node_entry(const struct wp__node *map, const char *key, size_t len)
{
    if (!map || map->kind != WP__NODE_MAPPING)
        return NULL;
    for (size_t i = 0; i < map->c.map.n; i++) {
        const struct wp__node *k = map->c.map.v[i].key;
        if (wp__node_is_scalar(k) && k->c.s.len == len && !memcmp(k->c.s.text, key, len))
            return &map->c.map.v[i];
    }
    return NULL;
}

const struct wp__node *
wp__node_getn(const struct wp__node *map, const char *key, size_t len)
{
    const struct wp__entry *e = wp__node_entry(map, key, len);

    return e ? e->value : NULL;
}

const struct wp__node *
wp__node_get(const struct wp__node *map, const char *key)
{
    return wp__node_getn(map, key, strlen(key));
}

const char *
wp__node_text(const struct wp__node *n, size_t *len)
{
    if (!wp__node_is_scalar(n))
        return NULL;
    if (len)
        *len = n->c.s.len;
    return n->c.s.text;
}

const char *
wp__node_kind_name(enum wp__node_kind kind)
{
    static const char *const names[] = { "null", "bool", "int", "float",
                                         "string", "mapping", "sequence" };

    return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

/* One "[N]" step; NULL when malformed. */
static const char *
index_step(const struct wp__node **n, const char *p)
{
    size_t i = 0;
    const char *d = p;

    while (*p >= '0' && *p <= '9') {
        if (i > (SIZE_MAX - 9) / 10)
            return NULL;
        i = i * 10 + (size_t)(*p++ - '0');
    }
    if (p == d || *p != ']')
        return NULL;
    *n = wp__node_item(*n, i);
    return p + 1;
}

/* One ["key"] or ['key'] step (no escapes inside); NULL when malformed. */
static const char *
quoted_step(const struct wp__node **n, const char *p)
{
    char q = *p++;
    const char *end = strchr(p, q);

    if (!end || end[1] != ']')
        return NULL;
    *n = wp__node_getn(*n, p, (size_t)(end - p));
    return end + 2;
}

const struct wp__node *
wp__node_path(const struct wp__node *root, const char *path)
{
    const struct wp__node *n = root;
    const char *p = path;

    while (n && p && *p) {
        if (*p == '[') {
            p++;
            p = (*p == '"' || *p == '\'') ? quoted_step(&n, p) : index_step(&n, p);
        } else {
            size_t len = strcspn(p, ".[");
            if (!len)
                return NULL;
            n = wp__node_getn(n, p, len);
            p += len;
        }
        if (p && *p == '.' && (*++p == '\0' || *p == '.' || *p == '['))
            return NULL; /* "a." , "a..b" and "a.[0]" are malformed */
    }
    return p ? n : NULL;
}
