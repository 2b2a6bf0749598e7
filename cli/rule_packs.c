/* Loading user rule packs named on the command line. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "rule_packs.h"

static int
is_pack(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int
cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
add_one(wp_run *run, const char *path)
{
    size_t before = wp_run_error_count(run);
    int rc = wp_run_add_rules_file(run, path, NULL);

    for (size_t i = before; i < wp_run_error_count(run); i++)
        print_diag(wp_run_error(run, i), "error");
    return rc != WP_OK;
}

static int
add_dir(wp_run *run, const char *dir)
{
    struct path_list names = { 0 };
    struct dirent *de;
    DIR *d = opendir(dir);
    int failed = 0;

    if (!d) {
        fprintf(stderr, "%s: error: cannot open rule directory\n", dir);
        return 1;
    }
    while ((de = readdir(d)))
        if (de->d_name[0] != '.' && is_pack(de->d_name))
            path_list_push(&names, de->d_name);
    closedir(d);
    qsort(names.v, names.n, sizeof(*names.v), cmp);
    for (size_t i = 0; i < names.n; i++) {
        size_t n = strlen(dir) + strlen(names.v[i]) + 2;
        char *p = malloc(n);
        if (!p)
            continue;
        snprintf(p, n, "%s/%s", dir, names.v[i]);
        failed += add_one(run, p);
        free(p);
    }
    walk_free(&names);
    return failed;
}

int
add_rule_packs(wp_run *run, const struct path_list *paths)
{
    int failed = 0;

    for (size_t i = 0; i < paths->n; i++) {
        struct stat st;

        if (stat(paths->v[i], &st) == 0 && S_ISDIR(st.st_mode))
            failed += add_dir(run, paths->v[i]);
        else
            failed += add_one(run, paths->v[i]);
    }
    return failed;
}
