/* Image reference normalisation (see ref.h). */
#include <stdio.h>
#include <string.h>

#include "artifact/ref.h"

static int
is_registry(const char *s, size_t n)
{
    if (n == 9 && memcmp(s, "localhost", 9) == 0)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' || s[i] == ':' || (s[i] >= 'A' && s[i] <= 'Z'))
            return 1;
    return 0;
}

int
wp__ref_normalize(const char *ref, char *out, size_t size)
{
    const char *digest = strchr(ref, '@'), *slash = strchr(ref, '/');
    const char *registry = "docker.io", *path = ref, *last, *colon;
    size_t rlen = 9, plen, tail;
    char repo[1024];
    int n;

    /* A path (/app/app.wasm, ./x) is not a reference, and neither is
     * anything with '@' before its first '/' (the digest comes last). */
    if (!*ref || strpbrk(ref, " \t\r\n") || ref[0] == '/' || ref[0] == '.' ||
        (digest && slash && digest < slash))
        return -1;
    if (slash && is_registry(ref, (size_t)(slash - ref))) {
        registry = ref;
        rlen = (size_t)(slash - ref);
        path = slash + 1;
        if (rlen == 15 && memcmp(registry, "index.docker.io", 15) == 0) {
            registry = "docker.io";
            rlen = 9;
        }
    }
    plen = digest ? (size_t)(digest - path) : strlen(path);
    /* The tag is a ':' in the last path segment (a ':' before it is a
     * registry port, handled above). */
    last = path + plen;
    while (last > path && last[-1] != '/')
        last--;
    colon = memchr(last, ':', plen - (size_t)(last - path));
    tail = colon ? (size_t)(colon - path) : plen;
    if (tail >= sizeof(repo))
        return -1;
    memcpy(repo, path, tail);
    repo[tail] = '\0';
    if (rlen == 9 && memcmp(registry, "docker.io", 9) == 0 && !strchr(repo, '/'))
        n = snprintf(out, size, "docker.io/library/%s", repo);
    else
        n = snprintf(out, size, "%.*s/%s", (int)rlen, registry, repo);
    if (n < 0 || (size_t)n >= size)
        return -1;
    if (digest)
        n += snprintf(out + n, size - (size_t)n, "%s", digest);
    else if (colon)
        n += snprintf(out + n, size - (size_t)n, "%.*s", (int)(plen - tail), path + tail);
    else
        n += snprintf(out + n, size - (size_t)n, ":latest");
    return n >= 0 && (size_t)n < size ? 0 : -1;
}

int
wp__ref_name(const char *ref, char *out, size_t size)
{
    const char *end = ref + strcspn(ref, "@");
    const char *last = end, *colon;
    size_t n;

    while (last > ref && last[-1] != '/')
        last--;
    colon = memchr(last, ':', (size_t)(end - last));
    n = (size_t)((colon ? colon : end) - last);
    if (!n || n >= size)
        return -1;
    memcpy(out, last, n);
    out[n] = '\0';
    return 0;
}
