/* Config discovery: walk up from the first input to the repository root. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"

static int
exists(const char *dir, const char *name, int want_dir, char *out, size_t size)
{
    struct stat st;

    /* "./x" is printed as "x": paths in messages stay as the user wrote them. */
    if (strcmp(dir, ".") == 0)
        snprintf(out, size, "%s", name);
    else
        snprintf(out, size, "%s/%s", dir, name);
    return stat(out, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

char *
find_config(const char *first)
{
    char dir[4096], path[4200], real[PATH_MAX];
    struct stat st;

    /* Relative walking (dir/.., dir/../..) keeps the path relative. */
    snprintf(dir, sizeof(dir), "%s", first && strcmp(first, "-") != 0 ? first : ".");
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            snprintf(dir, sizeof(dir), ".");
        else
            *(slash == dir ? slash + 1 : slash) = '\0';
    }
    for (int depth = 0; depth < 64; depth++) {
        size_t n;

        if (exists(dir, ".wasmlint.yaml", 0, path, sizeof(path)) ||
            exists(dir, ".wasmlint.yml", 0, path, sizeof(path)))
            return strdup(path);
        if (exists(dir, ".git", 1, path, sizeof(path)) ||
            exists(dir, ".git", 0, path, sizeof(path)))
            return NULL;  /* the repository root: no config above it */
        if (!realpath(dir, real) || strcmp(real, "/") == 0)
            return NULL;
        n = strlen(dir);
        if (strcmp(dir, ".") == 0)
            snprintf(dir, sizeof(dir), "..");
        else if (n + 4 < sizeof(dir))
            memcpy(dir + n, "/..", 4);
        else
            return NULL;
    }
    return NULL;
}
