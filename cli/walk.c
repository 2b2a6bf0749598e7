/* Directory walk for lint inputs. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "walk.h"

static int
push(struct path_list *l, char *p)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 32;
        char **nv = realloc(l->v, ncap * sizeof(*nv));
        if (!nv) {
            free(p);
            return -1;
        }
        l->v = nv;
        l->cap = ncap;
    }
    l->v[l->n++] = p;
    return 0;
}

static int
wanted(const char *name)
{
    static const char *const exts[] = { ".yaml", ".yml", ".json", ".wasm" };
    size_t n = strlen(name);

    if (strcmp(name, "spin.toml") == 0)
        return 1;
    for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
        size_t m = strlen(exts[i]);
        if (n > m && strcmp(name + n - m, exts[i]) == 0)
            return 1;
    }
    return 0;
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
join(const char *dir, const char *name)
{
    size_t n = strlen(dir), m = strlen(name);
    char *p = malloc(n + m + 2);

    if (!p)
        return NULL;
    memcpy(p, dir, n);
    if (n && dir[n - 1] != '/')
        p[n++] = '/';
    memcpy(p + n, name, m + 1);
    return p;
}

/* Depth is bounded so a symlink loop or hostile tree cannot recurse forever. */
static int
walk_dir(struct path_list *l, const char *dir, int depth)
{
    struct path_list names = { 0 };
    struct dirent *de;
    DIR *d;
    int rc = 0;

    if (depth > 64) {
        fprintf(stderr, "%s: directory nesting too deep, not descending\n", dir);
        return -1;
    }
    if (!(d = opendir(dir))) {
        fprintf(stderr, "%s: cannot open directory: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((de = readdir(d)))
        if (de->d_name[0] != '.' || (strcmp(de->d_name, ".wash") == 0))
            if (push(&names, strdup(de->d_name)))
                rc = -1;
    closedir(d);
    qsort(names.v, names.n, sizeof(*names.v), cmp_names);
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        char *p = join(dir, names.v[i]);
        struct stat st;
        if (!p || stat(p, &st) != 0) {
            free(p);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            rc = walk_dir(l, p, depth + 1);
            free(p);
        } else if (S_ISREG(st.st_mode) && wanted(names.v[i])) {
            rc = push(l, p);
        } else {
            free(p);
        }
    }
    walk_free(&names);
    return rc;
}

int
walk_add(struct path_list *l, const char *path)
{
    struct stat st;

    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return walk_dir(l, path, 0);
    return push(l, strdup(path));
}

int
path_list_push(struct path_list *l, const char *s)
{
    return push(l, strdup(s));
}

void
walk_free(struct path_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}
